//! Reading answer files (CSV, long format: one row per metric per assessment)
//! and checking them against a questionnaire. Every problem is collected with
//! its file, line and column, so `validate` can list them all at once.

use crate::error::{Error, Problem, Result};
use crate::model::{Answer, AnswerSet, AssessmentKey, Period, Questionnaire, SourceLine};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Columns every answer file must have.
pub const REQUIRED_COLUMNS: &[&str] = &["org", "unit", "period", "metric", "status"];
/// Columns read when present.
pub const OPTIONAL_COLUMNS: &[&str] = &[
    "evidence",
    "comment",
    "assessor",
    "assessed_on",
    "indicators_met",
];

/// What reading produced: the answers, the problems and notes.
#[derive(Debug, Default)]
pub struct Reading {
    /// Answers that passed every check.
    pub answers: AnswerSet,
    /// Problems found (the read fails if any).
    pub problems: Vec<Problem>,
    /// Rows whose status cell is empty (treated as not answered).
    pub unanswered: Vec<SourceLine>,
}

/// Normalise a header cell: trim, lower-case, spaces and hyphens to `_`.
pub fn normalise_header(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// Read and check every file, collecting all problems.
pub fn read_all(paths: &[PathBuf], q: &Questionnaire) -> Reading {
    let mut reading = Reading::default();
    for path in paths {
        match crate::fs::read_bytes(path) {
            Ok(bytes) => read_one(path, &bytes, q, &mut reading),
            Err(e) => reading.problems.push(Problem {
                path: path.clone(),
                line: 0,
                column: None,
                message: e.to_string(),
                help: "check the path and that the file is readable".into(),
            }),
        }
    }
    reading
}

/// Read answers already in memory (e.g. the embedded example); `label` names
/// them in messages.
///
/// # Errors
/// [`Error::Answers`] with every problem found.
pub fn load_bytes(label: &Path, bytes: &[u8], q: &Questionnaire) -> Result<AnswerSet> {
    let mut reading = Reading::default();
    read_one(label, bytes, q, &mut reading);
    if reading.problems.is_empty() {
        Ok(reading.answers)
    } else {
        Err(Error::Answers(reading.problems))
    }
}

/// Read every file and fail on the first batch of problems.
///
/// # Errors
/// [`Error::Answers`] with every problem found.
pub fn load(paths: &[PathBuf], q: &Questionnaire) -> Result<AnswerSet> {
    let reading = read_all(paths, q);
    if reading.problems.is_empty() {
        Ok(reading.answers)
    } else {
        Err(Error::Answers(reading.problems))
    }
}

fn decode<'a>(path: &Path, bytes: &'a [u8]) -> std::result::Result<&'a str, Problem> {
    let whole_file = |message: String, help: &str| Problem {
        path: path.to_path_buf(),
        line: 0,
        column: None,
        message,
        help: help.into(),
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(whole_file(
            "the file is UTF-16 encoded".into(),
            "save it as \"CSV UTF-8\" (in Excel: Save As → CSV UTF-8 (Comma delimited))",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        Problem {
            path: path.to_path_buf(),
            line,
            column: None,
            message: format!(
                "the file is not UTF-8 (invalid byte at offset {}); it may be Shift_JIS",
                e.valid_up_to()
            ),
            help: "save it as \"CSV UTF-8\" (in Excel: Save As → CSV UTF-8 (Comma delimited))"
                .into(),
        }
    })
}

struct Columns {
    index: BTreeMap<&'static str, usize>,
}

impl Columns {
    fn get<'r>(&self, rec: &'r csv::StringRecord, name: &str) -> &'r str {
        self.index
            .get(name)
            .and_then(|&i| rec.get(i))
            .map_or("", str::trim)
    }

    fn col(&self, name: &str) -> (usize, String) {
        (self.index.get(name).map_or(0, |i| i + 1), name.to_string())
    }
}

fn read_one(path: &Path, bytes: &[u8], q: &Questionnaire, out: &mut Reading) {
    let problem =
        |line: u64, column: Option<(usize, String)>, message: String, help: String| Problem {
            path: path.to_path_buf(),
            line,
            column,
            message,
            help,
        };
    let text = match decode(path, bytes) {
        Ok(t) => t,
        Err(p) => return out.problems.push(p),
    };
    if text.trim().is_empty() {
        return out.problems.push(problem(
            0,
            None,
            "the file is empty".into(),
            format!(
                "an answer file starts with the header row `{}`; `imcm init` writes a template",
                REQUIRED_COLUMNS.join(",")
            ),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return out.problems.push(problem(
                1,
                None,
                format!("cannot read the header row: {e}"),
                String::new(),
            ));
        }
    };
    let names: Vec<String> = headers.iter().map(normalise_header).collect();
    let mut index = BTreeMap::new();
    for wanted in REQUIRED_COLUMNS.iter().chain(OPTIONAL_COLUMNS) {
        if let Some(i) = names.iter().position(|n| n == wanted) {
            index.insert(*wanted, i);
        }
    }
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .filter(|c| !index.contains_key(*c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return out.problems.push(problem(
            1,
            None,
            format!(
                "missing required column{} {}; the header has: {}",
                if missing.len() == 1 { "" } else { "s" },
                missing
                    .iter()
                    .map(|m| format!("'{m}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                names.join(", ")
            ),
            format!(
                "the first row must name the columns {} (any order, case and spacing)",
                REQUIRED_COLUMNS.join(", ")
            ),
        ));
    }
    let cols = Columns { index };
    let mut rows = 0usize;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                out.problems.push(problem(
                    line,
                    None,
                    format!("cannot read this row: {e}"),
                    "check the quoting of this row".into(),
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // trailing empty rows (Excel) are not answers
        }
        rows += 1;
        if let Some(p) = check_row(&record, &cols, line, q, path, out) {
            out.problems.push(p);
        }
    }
    if rows == 0 {
        out.problems.push(problem(
            1,
            None,
            "the file has a header but no answer rows".into(),
            "add one row per metric and assessment, or run `imcm init` for a template".into(),
        ));
    }
}

fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::levenshtein(wanted, c), c))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, c)| c)
}

fn check_row(
    rec: &csv::StringRecord,
    cols: &Columns,
    line: u64,
    q: &Questionnaire,
    path: &Path,
    out: &mut Reading,
) -> Option<Problem> {
    let at = |name: &str, message: String, help: String| Problem {
        path: path.to_path_buf(),
        line,
        column: Some(cols.col(name)),
        message,
        help,
    };
    let org = cols.get(rec, "org");
    if org.is_empty() {
        return Some(at(
            "org",
            "the organisation is empty".into(),
            "write the organisation's name in every row".into(),
        ));
    }
    let raw_period = cols.get(rec, "period");
    let Ok(period) = raw_period.parse::<Period>() else {
        return Some(at(
            "period",
            format!("period '{raw_period}' is not of the form YYYY-Qn"),
            "write the quarter as year, hyphen, Q and 1–4, e.g. 2026-Q3".into(),
        ));
    };
    let metric = cols.get(rec, "metric");
    if q.metric(metric).is_none() {
        let help = match closest(metric, q.metrics.iter().map(|m| m.id.as_str())) {
            Some(c) => format!(
                "did you mean '{c}'? `imcm questionnaire show {}` lists every metric",
                q.id
            ),
            None => format!("`imcm questionnaire show {}` lists every metric id", q.id),
        };
        return Some(at(
            "metric",
            format!("unknown metric id '{metric}' in questionnaire {}", q.id),
            help,
        ));
    }
    let raw_status = cols.get(rec, "status");
    let status = if raw_status.is_empty() {
        None
    } else if let Some(key) = q.resolve_status(raw_status) {
        Some(key.to_string())
    } else {
        let allowed: Vec<String> = q
            .statuses
            .iter()
            .map(|s| {
                if s.aliases.is_empty() {
                    s.key.clone()
                } else {
                    format!("{} ({})", s.key, s.aliases.join(", "))
                }
            })
            .collect();
        return Some(at(
            "status",
            format!("unknown status '{raw_status}'"),
            format!("use one of: {}", allowed.join("; ")),
        ));
    };
    let key = AssessmentKey {
        org: org.to_string(),
        unit: cols.get(rec, "unit").to_string(),
        period,
    };
    let source = SourceLine {
        path: path.to_path_buf(),
        line,
    };
    if status.is_none() {
        out.unanswered.push(source.clone());
    }
    let answer = Answer {
        metric: metric.to_string(),
        status,
        evidence: cols.get(rec, "evidence").to_string(),
        comment: cols.get(rec, "comment").to_string(),
        assessor: cols.get(rec, "assessor").to_string(),
        assessed_on: cols.get(rec, "assessed_on").to_string(),
        indicators_met: cols.get(rec, "indicators_met").to_string(),
        source,
    };
    let entry = out.answers.assessments.entry(key).or_default();
    if let Some(first) = entry.get(metric) {
        return Some(at(
            "metric",
            format!(
                "duplicate answer for metric {metric} in {}; first given at {}",
                AssessmentKey {
                    org: org.to_string(),
                    unit: cols.get(rec, "unit").to_string(),
                    period
                },
                first.source
            ),
            "keep one row per (org, unit, period, metric) and delete the other".into(),
        ));
    }
    entry.insert(metric.to_string(), answer);
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q() -> Questionnaire {
        crate::questionnaire::default_questionnaire()
            .unwrap()
            .questionnaire
    }

    fn read(text: &str) -> Reading {
        let mut r = Reading::default();
        read_one(Path::new("a.csv"), text.as_bytes(), &q(), &mut r);
        r
    }

    fn messages(r: &Reading) -> Vec<String> {
        r.problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn headers_are_matched_case_and_space_insensitively() {
        assert_eq!(normalise_header("  Assessed On "), "assessed_on");
        assert_eq!(normalise_header("\u{feff}ORG"), "org");
        let r = read(
            "\u{feff}ORG , Unit,Period,Metric , Status,Extra\r\nAcme,,2026-Q1,1.1.1,Yes,x\r\n\r\n,,,,,\r\n",
        );
        assert!(r.problems.is_empty(), "{:?}", messages(&r));
        let (key, answers) = r.answers.assessments.iter().next().unwrap();
        assert_eq!(key.to_string(), "Acme / 2026-Q1");
        assert_eq!(answers["1.1.1"].status.as_deref(), Some("yes"));
    }

    #[test]
    fn unknown_metric_suggests_the_closest_id() {
        let r = read("org,unit,period,metric,status\nAcme,HQ,2026-Q1,1.1.9,yes\n");
        assert_eq!(
            messages(&r),
            [
                "a.csv:2:4: column 'metric': unknown metric id '1.1.9' in questionnaire imcm-v0.1\n  help: did you mean '1.1.1'? `imcm questionnaire show imcm-v0.1` lists every metric"
            ]
        );
    }

    #[test]
    fn every_problem_is_reported_not_only_the_first() {
        let r = read(
            "org,unit,period,metric,status\nAcme,HQ,2026Q1,1.1.1,yes\nAcme,HQ,2026-Q1,1.1.1,maybe\nAcme,HQ,2026-Q1,1.1.2,no\nAcme,HQ,2026-Q1,1.1.2,yes\n",
        );
        let m = messages(&r);
        assert_eq!(m.len(), 3, "{m:?}");
        assert!(
            m[0].starts_with(
                "a.csv:2:3: column 'period': period '2026Q1' is not of the form YYYY-Qn"
            )
        );
        assert!(m[1].starts_with("a.csv:3:5: column 'status': unknown status 'maybe'"));
        assert!(m[1].contains("use one of: yes (y,"), "{}", m[1]);
        assert!(m[2].starts_with("a.csv:5:4: column 'metric': duplicate answer for metric 1.1.2 in Acme / HQ / 2026-Q1; first given at a.csv:4"));
    }

    #[test]
    fn missing_columns_and_empty_files_are_explained() {
        let m = messages(&read("org,period,metric\nAcme,2026-Q1,1.1.1\n"));
        assert_eq!(m.len(), 1);
        assert!(m[0].starts_with("a.csv:1: missing required columns 'unit', 'status'; the header has: org, period, metric"), "{}", m[0]);
        let m = messages(&read(""));
        assert!(m[0].starts_with("a.csv: the file is empty"), "{}", m[0]);
        let m = messages(&read("org,unit,period,metric,status\n"));
        assert!(
            m[0].starts_with("a.csv:1: the file has a header but no answer rows"),
            "{}",
            m[0]
        );
    }

    #[test]
    fn non_utf8_bytes_are_reported_with_their_line() {
        let mut bytes = b"org,unit,period,metric,status\nAcme,".to_vec();
        bytes.extend_from_slice(&[0x93, 0x8c]); // Shift_JIS
        bytes.extend_from_slice(b",2026-Q1,1.1.1,yes\n");
        let mut r = Reading::default();
        read_one(Path::new("a.csv"), &bytes, &q(), &mut r);
        let m = messages(&r);
        assert!(
            m[0].starts_with("a.csv:2: the file is not UTF-8 (invalid byte at offset 35)"),
            "{}",
            m[0]
        );
    }

    #[test]
    fn an_empty_status_means_unanswered() {
        let r = read("org,unit,period,metric,status\nAcme,HQ,2026-Q1,1.1.1,\n");
        assert!(r.problems.is_empty());
        assert_eq!(r.unanswered.len(), 1);
    }
}
