//! Reading answer files (CSV, long format: one row per metric per assessment)
//! and checking them against a questionnaire. Every problem is collected with
//! its file, line and column, so `validate` can list them all at once.

use crate::error::{Error, Problem, Result};
use crate::i18n::tr;
use crate::model::{Answer, AnswerSet, AssessmentKey, Period, Questionnaire, SourceLine};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod xlsx;

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

/// Most columns an answer sheet may have (it needs 5 and knows 12).
pub const MAX_COLUMNS: usize = 1_000;
/// Longest cell, in bytes: evidence and comments are paragraphs, not files.
pub const MAX_CELL_BYTES: usize = 1 << 20;

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

/// Answer files and how to decode them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnswerFiles {
    /// The files, in the order given.
    pub paths: Vec<PathBuf>,
    /// The encoding to read them as; `None` detects it per file
    /// (see [`crate::encoding::decode`]).
    pub encoding: Option<crate::encoding::Encoding>,
}

impl AnswerFiles {
    /// Files whose encoding is detected.
    pub fn detect(paths: Vec<PathBuf>) -> Self {
        AnswerFiles {
            paths,
            encoding: None,
        }
    }
}

impl std::ops::Deref for AnswerFiles {
    type Target = [PathBuf];
    fn deref(&self) -> &[PathBuf] {
        &self.paths
    }
}

/// Read and check every file, collecting all problems.
pub fn read_all(files: &AnswerFiles, q: &Questionnaire) -> Reading {
    let mut reading = Reading::default();
    for path in &files.paths {
        let is_xlsx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        match crate::fs::read_bytes(path) {
            Ok(bytes) if is_xlsx => xlsx::read_workbook(path, &bytes, q, &mut reading),
            Ok(bytes) => read_one(path, &bytes, files.encoding, q, &mut reading),
            Err(e) => reading.problems.push(Problem {
                path: path.clone(),
                sheet: None,
                line: 0,
                column: None,
                message: e.to_string(),
                help: tr("read_failed_help", &[]),
            }),
        }
    }
    reading
}

/// Read answers already in memory (e.g. the embedded example); `label` names
/// them in messages, and a label ending in `.xlsx` reads them as a workbook.
///
/// # Errors
/// [`Error::Answers`] with every problem found.
pub fn load_bytes(label: &Path, bytes: &[u8], q: &Questionnaire) -> Result<AnswerSet> {
    load_labelled(label, bytes, None, q)
}

/// [`load_bytes`] with an encoding to force on CSV text.
///
/// # Errors
/// [`Error::Answers`] with every problem found.
pub fn load_labelled(
    label: &Path,
    bytes: &[u8],
    encoding: Option<crate::encoding::Encoding>,
    q: &Questionnaire,
) -> Result<AnswerSet> {
    let mut reading = Reading::default();
    if label
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        xlsx::read_workbook(label, bytes, q, &mut reading);
    } else {
        read_one(label, bytes, encoding, q, &mut reading);
    }
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
pub fn load(files: &AnswerFiles, q: &Questionnaire) -> Result<AnswerSet> {
    let reading = read_all(files, q);
    if reading.problems.is_empty() {
        Ok(reading.answers)
    } else {
        Err(Error::Answers(reading.problems))
    }
}

fn decode<'a>(
    path: &Path,
    bytes: &'a [u8],
    encoding: Option<crate::encoding::Encoding>,
) -> std::result::Result<std::borrow::Cow<'a, str>, Box<Problem>> {
    crate::encoding::decode(bytes, encoding)
        .map(|d| d.text)
        .map_err(|bad| {
            Box::new(Problem {
                path: path.to_path_buf(),
                sheet: None,
                line: bad.line,
                column: None,
                message: bad.describe(),
                help: crate::encoding::help(),
            })
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

/// Where rows come from: a file, and the worksheet for an XLSX workbook.
#[derive(Clone, Copy)]
pub(crate) struct Place<'a> {
    pub(crate) path: &'a Path,
    pub(crate) sheet: Option<&'a str>,
}

impl Place<'_> {
    fn problem(
        &self,
        line: u64,
        column: Option<(usize, String)>,
        message: String,
        help: String,
    ) -> Problem {
        Problem {
            path: self.path.to_path_buf(),
            sheet: self.sheet.map(str::to_string),
            line,
            column,
            message,
            help,
        }
    }

    /// How an answer's source is shown: `file` or `file[sheet]`.
    fn source_path(&self) -> PathBuf {
        match self.sheet {
            Some(sheet) => PathBuf::from(format!("{}[{sheet}]", self.path.display())),
            None => self.path.to_path_buf(),
        }
    }
}

/// The header and rows of one CSV file or worksheet, before checking.
pub(crate) struct Table {
    /// Header cells.
    pub(crate) headers: csv::StringRecord,
    /// (line or row number, the row or why it could not be read).
    pub(crate) rows: Vec<(u64, std::result::Result<csv::StringRecord, String>)>,
}

fn read_one(
    path: &Path,
    bytes: &[u8],
    encoding: Option<crate::encoding::Encoding>,
    q: &Questionnaire,
    out: &mut Reading,
) {
    let place = Place { path, sheet: None };
    let problem = |line: u64, column: Option<(usize, String)>, message: String, help: String| {
        place.problem(line, column, message, help)
    };
    let text = match decode(path, bytes, encoding) {
        Ok(t) => t,
        Err(p) => return out.problems.push(*p),
    };
    if text.trim().is_empty() {
        return out.problems.push(problem(
            1,
            None,
            tr("file_empty", &[]),
            tr(
                "file_empty_help",
                &[("columns", &REQUIRED_COLUMNS.join(","))],
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
                tr("header_unreadable", &[("error", &e)]),
                String::new(),
            ));
        }
    };
    let lines = record_lines(text.as_bytes());
    let rows = reader
        .records()
        .enumerate()
        .map(|(index, record)| {
            let line = lines.get(index + 1).copied().unwrap_or(0);
            (line, record.map_err(|e| e.to_string()))
        })
        .collect();
    check_table(place, &Table { headers, rows }, q, out);
}

/// Check a table's header and every row, adding answers and problems to `out`.
pub(crate) fn check_table(place: Place<'_>, table: &Table, q: &Questionnaire, out: &mut Reading) {
    let problem = |line: u64, column: Option<(usize, String)>, message: String, help: String| {
        place.problem(line, column, message, help)
    };
    let headers = &table.headers;
    if headers.len() > MAX_COLUMNS {
        return out.problems.push(problem(
            1,
            None,
            tr(
                "too_many_columns",
                &[("n", &headers.len()), ("max", &MAX_COLUMNS)],
            ),
            tr("too_many_columns_help", &[]),
        ));
    }
    let names: Vec<String> = headers.iter().map(normalise_header).collect();
    let mut index = BTreeMap::new();
    for wanted in REQUIRED_COLUMNS.iter().chain(OPTIONAL_COLUMNS) {
        let at: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| n == wanted)
            .map(|(i, _)| i)
            .collect();
        if at.len() > 1 {
            out.problems.push(problem(
                1,
                Some((at[1] + 1, (*wanted).to_string())),
                tr(
                    "column_repeated",
                    &[
                        ("column", wanted),
                        ("count", &at.len()),
                        (
                            "columns",
                            &at.iter()
                                .map(|i| (i + 1).to_string())
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    ],
                ),
                tr("column_repeated_help", &[]),
            ));
        }
        if let Some(&i) = at.first() {
            index.insert(*wanted, i);
        }
    }
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .filter(|c| !index.contains_key(*c))
        .copied()
        .collect();
    if !missing.is_empty() {
        let first = headers.get(0).unwrap_or("");
        let delimiter_hint = [';', '\t', '|']
            .into_iter()
            .find(|d| headers.len() == 1 && first.contains(*d))
            .map(|d| tr("delimiter_hint", &[("delimiter", &format!("{d:?}"))]))
            .unwrap_or_default();
        return out.problems.push(problem(
            1,
            None,
            tr(
                if missing.len() == 1 {
                    "missing_column"
                } else {
                    "missing_columns"
                },
                &[
                    (
                        "columns",
                        &missing
                            .iter()
                            .map(|m| format!("'{m}'"))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    ("header", &clip(&names.join(", "))),
                ],
            ),
            tr(
                "missing_columns_help",
                &[
                    ("columns", &REQUIRED_COLUMNS.join(", ")),
                    ("hint", &delimiter_hint),
                ],
            ),
        ));
    }
    let cols = Columns { index };
    let needed = REQUIRED_COLUMNS
        .iter()
        .filter_map(|c| cols.index.get(c))
        .max()
        .map_or(0, |m| m + 1);
    let mut rows = 0usize;
    for (line, record) in &table.rows {
        let line = *line;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.problems.push(problem(
                    line,
                    None,
                    tr("row_unreadable", &[("error", e)]),
                    tr("row_unreadable_help", &[]),
                ));
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // trailing empty rows (Excel) are not answers
        }
        rows += 1;
        if let Some(i) = record.iter().position(|f| f.len() > MAX_CELL_BYTES) {
            out.problems.push(problem(
                line,
                Some((i + 1, names.get(i).cloned().unwrap_or_default())),
                tr(
                    "cell_too_long",
                    &[
                        (
                            "mib",
                            &format!("{:.1}", record[i].len() as f64 / 1_048_576.0),
                        ),
                        ("max", &(MAX_CELL_BYTES >> 20)),
                    ],
                ),
                tr("cell_too_long_help", &[]),
            ));
            continue;
        }
        if record.len() < needed {
            out.problems.push(problem(
                line,
                None,
                if record.len() == 1 {
                    tr("row_short_one", &[("columns", &headers.len())])
                } else {
                    tr(
                        "row_short",
                        &[("fields", &record.len()), ("columns", &headers.len())],
                    )
                },
                tr("row_short_help", &[]),
            ));
            continue;
        }
        check_row(record, &cols, line, q, place, out);
    }
    *out.answers
        .rows_read
        .entry(place.path.to_path_buf())
        .or_default() += rows as u64;
    if rows == 0 {
        out.problems.push(problem(
            1,
            None,
            tr("no_rows", &[]),
            tr("no_rows_help", &[]),
        ));
    }
}

/// The 1-based line on which each CSV record starts (the header is record 0).
///
/// The csv crate's own positions drift on CRLF files and skipped blank lines,
/// so lines are counted here with the same rules the reader applies: `\n`,
/// `\r\n` and a lone `\r` end a line; blank lines are not records; a `"` at the
/// start of a field opens a quoted field in which `""` is a literal quote and
/// line ends belong to the field.
fn record_lines(text: &[u8]) -> Vec<u64> {
    let mut starts = Vec::new();
    let mut line = 1u64;
    let (mut record_start, mut field_start, mut quoted) = (true, true, false);
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        let crlf = b == b'\r' && text.get(i + 1) == Some(&b'\n');
        if quoted {
            match b {
                b'"' if text.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => quoted = false,
                b'\n' => line += 1,
                b'\r' if !crlf => line += 1,
                _ => {}
            }
        } else if b == b'\n' || b == b'\r' {
            if crlf {
                i += 1;
            }
            line += 1;
            record_start = true;
            field_start = true;
        } else {
            if record_start {
                starts.push(line);
                record_start = false;
            }
            if b == b',' {
                field_start = true;
            } else {
                quoted = b == b'"' && field_start;
                field_start = false;
            }
        }
        i += 1;
    }
    starts
}

/// Shorten a value echoed in a message to at most 60 characters.
fn clip(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .filter(|c| c.len().abs_diff(wanted.len()) <= 3)
        .map(|c| (strsim::levenshtein(wanted, c), c))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, c)| c)
}

/// Check one row, pushing every problem found in it; a row without problems
/// becomes an answer.
fn check_row(
    rec: &csv::StringRecord,
    cols: &Columns,
    line: u64,
    q: &Questionnaire,
    place: Place<'_>,
    out: &mut Reading,
) {
    let at = |name: &str, message: String, help: String| {
        place.problem(line, Some(cols.col(name)), message, help)
    };
    let mut problems = Vec::new();
    let org = cols.get(rec, "org");
    if org.is_empty() {
        problems.push(at("org", tr("org_empty", &[]), tr("org_empty_help", &[])));
    }
    let raw_period = cols.get(rec, "period");
    let period = raw_period.parse::<Period>();
    if period.is_err() {
        problems.push(at(
            "period",
            tr("bad_period", &[("period", &clip(raw_period))]),
            tr("bad_period_help", &[]),
        ));
    }
    let metric = cols.get(rec, "metric");
    if q.metric(metric).is_none() {
        let help = match closest(metric, q.metrics.iter().map(|m| m.id.as_str())) {
            Some(c) => tr(
                "did_you_mean",
                &[("candidate", &c), ("questionnaire", &q.id)],
            ),
            None => tr("list_metrics", &[("questionnaire", &q.id)]),
        };
        problems.push(at(
            "metric",
            tr(
                "unknown_metric",
                &[("metric", &clip(metric)), ("questionnaire", &q.id)],
            ),
            help,
        ));
    }
    let raw_status = cols.get(rec, "status");
    let status = q.resolve_status(raw_status).map(str::to_string);
    if !raw_status.is_empty() && status.is_none() {
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
        problems.push(at(
            "status",
            tr("unknown_status", &[("status", &clip(raw_status))]),
            tr("unknown_status_help", &[("allowed", &allowed.join("; "))]),
        ));
    }
    let Ok(period) = period else {
        return out.problems.extend(problems);
    };
    if !problems.is_empty() {
        return out.problems.extend(problems);
    }
    let key = AssessmentKey {
        org: org.to_string(),
        unit: cols.get(rec, "unit").to_string(),
        period,
    };
    let source = SourceLine {
        path: place.source_path(),
        line,
    };
    let entry = out.answers.assessments.entry(key.clone()).or_default();
    if let Some(first) = entry.get(metric) {
        return out.problems.push(at(
            "metric",
            tr(
                "duplicate_answer",
                &[
                    ("metric", &metric),
                    ("assessment", &key),
                    ("first", &first.source),
                ],
            ),
            tr("duplicate_answer_help", &[]),
        ));
    }
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
    entry.insert(metric.to_string(), answer);
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
        read_one(Path::new("a.csv"), text.as_bytes(), None, &q(), &mut r);
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
        assert!(m[0].starts_with("a.csv:1: the file is empty"), "{}", m[0]);
        let m = messages(&read("org,unit,period,metric,status\n"));
        assert!(
            m[0].starts_with("a.csv:1: the file has a header but no answer rows"),
            "{}",
            m[0]
        );
    }

    #[test]
    fn non_utf8_bytes_are_reported_with_their_line() {
        // UTF-8 with Japanese text, then a Shift_JIS byte pair on line 3.
        let mut bytes = "org,unit,period,metric,status\n本社,HQ,2026-Q1,1.1.2,yes\nAcme,"
            .as_bytes()
            .to_vec();
        let at = bytes.len();
        bytes.extend_from_slice(&[0x93, 0x8c]);
        bytes.extend_from_slice(b",2026-Q1,1.1.1,yes\n");
        let mut r = Reading::default();
        read_one(Path::new("a.csv"), &bytes, None, &q(), &mut r);
        let m = messages(&r);
        assert!(
            m[0].starts_with(&format!(
                "a.csv:3: the file is not valid UTF-8: bad byte sequence 0x93 0x8C 0x2C 0x32 at byte offset {at}"
            )),
            "{}",
            m[0]
        );
    }

    #[test]
    fn crlf_files_are_numbered_like_an_editor_numbers_them() {
        let r = read(
            "org,unit,period,metric,status\r\nA,HQ,2026-Q1,1.1.1,yes\r\nA,HQ,2026Q1,1.1.2,yes\r\n\r\nA,HQ,2026-Q1,1.1.1,no\r\n",
        );
        let m = messages(&r);
        assert!(m[0].starts_with("a.csv:3:3: column 'period'"), "{m:?}");
        assert!(m[1].starts_with("a.csv:5:4: column 'metric': duplicate answer for metric 1.1.1 in A / HQ / 2026-Q1; first given at a.csv:2"), "{m:?}");
    }

    #[test]
    fn a_multi_line_quoted_field_keeps_later_line_numbers_right() {
        let r = read(
            "org,unit,period,metric,status,comment\nA,HQ,2026-Q1,1.1.1,yes,\"line one\nline two\"\nA,HQ,2026-Q1,1.1.2,maybe,\n",
        );
        let m = messages(&r);
        assert!(m[0].starts_with("a.csv:4:5: column 'status'"), "{m:?}");
    }

    #[test]
    fn record_lines_follow_quotes_blank_lines_and_line_ends() {
        assert_eq!(record_lines(b"h\r\na\r\n\r\nb\rc\n"), [1, 2, 4, 5]);
        assert_eq!(record_lines(b"h\n\"x\ny\",\"\"\"\"\nz\n"), [1, 2, 4]);
        assert_eq!(
            record_lines(b"h\nab\"c\nd\n"),
            [1, 2, 3],
            "a quote inside a field is literal"
        );
    }

    #[test]
    fn every_problem_in_one_row_is_reported() {
        let m = messages(&read(
            "org,unit,period,metric,status\n,HQ,Q1,9.9.9,perhaps\n",
        ));
        let cols: Vec<&str> = m.iter().map(|p| p.split(": ").next().unwrap()).collect();
        assert_eq!(
            cols,
            ["a.csv:2:1", "a.csv:2:3", "a.csv:2:4", "a.csv:2:5"],
            "{m:?}"
        );
    }

    #[test]
    fn short_rows_and_repeated_columns_are_explained() {
        let m = messages(&read(
            "org,unit,period,metric,status\n\"Acme,HQ,2026-Q1,1.1.1,yes\n",
        ));
        assert!(
            m[0].starts_with("a.csv:2: this row has 1 field but the header has 5"),
            "{m:?}"
        );
        assert!(m[0].contains("unclosed \""), "{m:?}");
        let m = messages(&read(
            "org,unit,period,metric,status,Status\nA,,2026-Q1,1.1.1,yes,no\n",
        ));
        assert!(
            m[0].starts_with(
                "a.csv:1:6: column 'status': column 'status' appears 2 times (columns 5, 6)"
            ),
            "{m:?}"
        );
        let m = messages(&read(
            "org;unit;period;metric;status\nA;;2026-Q1;1.1.1;yes\n",
        ));
        assert!(
            m[0].contains("separated by ';', save it with commas"),
            "{m:?}"
        );
    }

    #[test]
    fn huge_values_are_clipped_in_messages() {
        let huge = "9".repeat(100_000);
        let m = messages(&read(&format!(
            "org,unit,period,metric,status\nA,,2026-Q1,{huge},yes\n"
        )));
        assert_eq!(m.len(), 1);
        assert!(m[0].len() < 400, "{}", m[0].len());
        assert!(m[0].contains("…' in questionnaire"));
    }

    #[test]
    fn an_empty_status_means_unanswered() {
        let r = read("org,unit,period,metric,status\nAcme,HQ,2026-Q1,1.1.1,\n");
        assert!(r.problems.is_empty());
        assert_eq!(r.unanswered.len(), 1);
    }
}
