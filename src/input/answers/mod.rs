//! Reading answer files (CSV, long format: one row per metric per assessment)
//! and checking them against a questionnaire. Every problem is collected with
//! its file, line and column, so `validate` can list them all at once.

use crate::error::{Error, Problem, Result};
use crate::i18n::tr;
use crate::limits::Limit;
use crate::model::{Answer, AnswerSet, AssessmentKey, Period, Questionnaire, SourceLine};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod scan;
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
/// Longest row of a CSV answer file, in bytes of its cells: room for every
/// known column at the cell limit and more.
pub const MAX_ROW_BYTES: usize = 16 << 20;
/// The columns that name an assessment or a metric: refused when they hold a
/// control or bidi character (see [`crate::sanitize`]).
pub const NAME_COLUMNS: &[&str] = &["org", "unit", "period", "metric"];

/// What reading produced: the answers, the problems and notes.
#[derive(Debug, Default)]
pub struct Reading {
    /// Answers that passed every check.
    pub answers: AnswerSet,
    /// Problems found (the read fails if any), counted in full and kept
    /// up to [`crate::error::Problems::KEPT`].
    pub problems: crate::error::Problems,
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
    /// (see [`crate::input::encoding::decode`]).
    pub encoding: Option<crate::input::encoding::Encoding>,
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
        match crate::fs::read_regular(path, Limit::AnswerFileBytes) {
            Ok(bytes) if is_xlsx => xlsx::read_workbook(path, &bytes, q, &mut reading),
            Ok(bytes) => read_owned(path, bytes, files.encoding, q, &mut reading),
            Err(Error::Limit {
                limit, found, max, ..
            }) => reading.problems.push(Problem {
                path: path.clone(),
                sheet: None,
                line: 0,
                column: None,
                message: tr(
                    "limit_exceeded",
                    &[
                        ("found", &limit.show(found)),
                        ("name", &limit.name()),
                        ("max", &limit.show(max)),
                    ],
                ),
                help: tr("limit_exceeded_help", &[("name", &limit.name())]),
            }),
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
    encoding: Option<crate::input::encoding::Encoding>,
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
    encoding: Option<crate::input::encoding::Encoding>,
) -> std::result::Result<std::borrow::Cow<'a, str>, Box<Problem>> {
    crate::input::encoding::decode(bytes, encoding)
        .map(|d| d.text)
        .map_err(|bad| {
            Box::new(Problem {
                path: path.to_path_buf(),
                sheet: None,
                line: bad.line,
                column: None,
                message: bad.describe(),
                help: crate::input::encoding::help(),
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

/// Why a row is not checked: the problem to report for it.
pub(crate) struct RowError {
    /// 0-based column of the cell concerned, if one.
    column: Option<usize>,
    message: String,
    help: String,
    /// Whether the row counts as read (it was, but is too long to keep).
    counted: bool,
}

/// Read a CSV file whose bytes the caller gives up: text decoded into a new
/// buffer (UTF-16, CP932) lets the bytes go before the rows are read, so a
/// file costs about its size once, not twice.
fn read_owned(
    path: &Path,
    bytes: Vec<u8>,
    encoding: Option<crate::input::encoding::Encoding>,
    q: &Questionnaire,
    out: &mut Reading,
) {
    let decoded = match decode(path, &bytes, encoding) {
        Ok(std::borrow::Cow::Owned(text)) => Some(text),
        Ok(std::borrow::Cow::Borrowed(_)) => None,
        Err(p) => return out.problems.push(*p),
    };
    match decoded {
        Some(text) => {
            drop(bytes);
            read_text(path, &text, q, out);
        }
        None => read_one(path, &bytes, encoding, q, out),
    }
}

fn read_one(
    path: &Path,
    bytes: &[u8],
    encoding: Option<crate::input::encoding::Encoding>,
    q: &Questionnaire,
    out: &mut Reading,
) {
    match decode(path, bytes, encoding) {
        Ok(text) => read_text(path, &text, q, out),
        Err(p) => out.problems.push(*p),
    }
}

/// The problem for a record the reader cut short, if it is one to report.
fn cut_problem(cut: scan::Cut, header: bool) -> Option<RowError> {
    let mib = |bytes: u64| format!("{:.1}", bytes as f64 / 1_048_576.0);
    match cut {
        scan::Cut::Cell { column, bytes } => Some(RowError {
            column: Some(column),
            message: tr(
                "cell_too_long",
                &[("mib", &mib(bytes)), ("max", &(MAX_CELL_BYTES >> 20))],
            ),
            help: tr("cell_too_long_help", &[]),
            counted: true,
        }),
        scan::Cut::Row { bytes } => Some(RowError {
            column: None,
            message: tr(
                "row_too_long",
                &[("mib", &mib(bytes)), ("max", &(MAX_ROW_BYTES >> 20))],
            ),
            help: tr("cell_too_long_help", &[]),
            counted: true,
        }),
        // Fields past the header's are never read; only a header that long is wrong.
        scan::Cut::Fields { count } => header.then(|| RowError {
            column: None,
            message: tr("too_many_columns", &[("n", &count), ("max", &MAX_COLUMNS)]),
            help: tr("too_many_columns_help", &[]),
            counted: true,
        }),
    }
}

/// Read decoded CSV text row by row: the cell, row and column limits apply
/// while reading (see [`scan`]), and rows are checked as they come, so
/// memory stays near the size of the text.
fn read_text(path: &Path, text: &str, q: &Questionnaire, out: &mut Reading) {
    let place = Place { path, sheet: None };
    let problem = |line: u64, column: Option<(usize, String)>, message: String, help: String| {
        place.problem(line, column, message, help)
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
    let found = std::rc::Rc::new(std::cell::RefCell::new(scan::Found::default()));
    let ceilings = scan::Ceilings {
        cell: MAX_CELL_BYTES as u64,
        fields: MAX_COLUMNS,
        row: MAX_ROW_BYTES as u64,
    };
    let guard = scan::Guarded::new(text.as_bytes(), ceilings, std::rc::Rc::clone(&found));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(guard);
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
    let (header_line, header_cut) = found.borrow_mut().next_record();
    if let Some(e) = header_cut.and_then(|c| cut_problem(c, true)) {
        // A header cell that long names no column worth echoing.
        return out
            .problems
            .push(problem(header_line.max(1), None, e.message, e.help));
    }
    let rows = reader.into_records().map(|record| {
        let (line, cut) = found.borrow_mut().next_record();
        match cut.and_then(|c| cut_problem(c, false)) {
            Some(e) => (line, Err(e)),
            None => (
                line,
                record.map_err(|e| RowError {
                    column: None,
                    message: tr("row_unreadable", &[("error", &e)]),
                    help: tr("row_unreadable_help", &[]),
                    counted: false,
                }),
            ),
        }
    });
    check_rows(place, &headers, rows, q, out);
}

/// Check a table's header and every row, adding answers and problems to `out`.
pub(crate) fn check_table(place: Place<'_>, table: &Table, q: &Questionnaire, out: &mut Reading) {
    let rows = table.rows.iter().map(|(line, row)| {
        let row = row.clone().map_err(|e| RowError {
            column: None,
            message: tr("row_unreadable", &[("error", &e)]),
            help: tr("row_unreadable_help", &[]),
            counted: false,
        });
        (*line, row)
    });
    check_rows(place, &table.headers, rows, q, out);
}

/// Check a header and rows as they come, adding answers and problems to `out`.
fn check_rows(
    place: Place<'_>,
    headers: &csv::StringRecord,
    rows: impl Iterator<Item = (u64, std::result::Result<csv::StringRecord, RowError>)>,
    q: &Questionnaire,
    out: &mut Reading,
) {
    let problem = |line: u64, column: Option<(usize, String)>, message: String, help: String| {
        place.problem(line, column, message, help)
    };
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
    let mut count = 0usize;
    for (line, record) in rows {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                count += usize::from(e.counted);
                let column = e
                    .column
                    .map(|i| (i + 1, names.get(i).cloned().unwrap_or_default()));
                out.problems.push(problem(line, column, e.message, e.help));
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // trailing empty rows (Excel) are not answers
        }
        count += 1;
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
        check_row(&record, &cols, line, q, place, out);
    }
    *out.answers
        .rows_read
        .entry(place.path.to_path_buf())
        .or_default() += count as u64;
    if count == 0 {
        out.problems.push(problem(
            1,
            None,
            tr("no_rows", &[]),
            tr("no_rows_help", &[]),
        ));
    }
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
    // A control or bidi character in a name is the one problem reported for
    // that cell: it would otherwise reach folders, charts and terminals.
    let mut unclean = std::collections::BTreeSet::new();
    for name in NAME_COLUMNS {
        let value = cols.get(rec, name);
        if let Some((position, c)) = crate::sanitize::forbidden_in_name(value) {
            unclean.insert(*name);
            problems.push(at(
                name,
                tr(
                    "name_control",
                    &[
                        ("value", &crate::sanitize::terminal_safe(&clip(value))),
                        ("char", &crate::sanitize::describe(c)),
                        ("position", &position),
                    ],
                ),
                tr("name_control_help", &[]),
            ));
        }
    }
    let org = cols.get(rec, "org");
    if org.is_empty() {
        problems.push(at("org", tr("org_empty", &[]), tr("org_empty_help", &[])));
    }
    let raw_period = cols.get(rec, "period");
    let period = raw_period.parse::<Period>();
    if period.is_err() && !unclean.contains("period") {
        problems.push(at(
            "period",
            tr("bad_period", &[("period", &clip(raw_period))]),
            tr("bad_period_help", &[]),
        ));
    }
    let metric = cols.get(rec, "metric");
    if q.metric(metric).is_none() && !unclean.contains("metric") {
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
        crate::input::questionnaire::default_questionnaire()
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
    fn control_and_bidi_characters_in_names_are_refused_with_their_code_point() {
        let m = messages(&read(
            "org,unit,period,metric,status,comment\nAcme,HQ\u{7},2026-Q1,1.1.1,yes,\n\u{202e}Acme,HQ,2026-Q1\u{1b},1.1.1\u{0},yes,fine\u{7}\n",
        ));
        assert_eq!(m.len(), 4, "{m:?}");
        assert!(
            m[0].starts_with("a.csv:2:2: column 'unit': 'HQ\\u{7}' holds U+0007 (BELL) at character 3; ids and names may not contain control characters"),
            "{}",
            m[0]
        );
        assert!(m[0].contains("help: delete that character"), "{}", m[0]);
        assert!(m[1].starts_with("a.csv:3:1: column 'org': '\\u{202e}Acme' holds U+202E (RIGHT-TO-LEFT OVERRIDE) at character 1"), "{}", m[1]);
        assert!(m[2].starts_with("a.csv:3:3: column 'period'"), "{}", m[2]);
        assert!(m[2].contains("U+001B (ESCAPE) at character 8"), "{}", m[2]);
        assert!(m[3].starts_with("a.csv:3:4: column 'metric'"), "{}", m[3]);
        assert!(m[3].contains("U+0000 (NULL)"), "{}", m[3]);
        // Controls outside the names are not refused here; outputs clean them.
        let r = read(
            "org,unit,period,metric,status,comment\nAcme,HQ,2026-Q1,1.1.1,yes,a\u{0}b\u{202e}\n",
        );
        assert!(r.problems.is_empty(), "{:?}", messages(&r));
    }

    #[test]
    fn a_cell_past_the_limit_is_refused_while_reading_and_later_rows_still_checked() {
        let long = "x".repeat(MAX_CELL_BYTES + 10);
        let m = messages(&read(&format!(
            "org,unit,period,metric,status,comment\nAcme,HQ,2026-Q1,1.1.1,yes,\"{long}\"\"\"\nAcme,HQ,2026-Q1,1.1.9,yes,\n"
        )));
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m[0].starts_with("a.csv:2:6: column 'comment': this cell holds 1.0 MiB of text; cells hold at most 1 MiB"), "{}", m[0]);
        assert!(
            m[1].starts_with("a.csv:3:4: column 'metric': unknown metric id '1.1.9'"),
            "{}",
            m[1]
        );
        let m = messages(&read(&format!("{long}\n")));
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].starts_with("a.csv:1: this cell holds 1.0 MiB"),
            "{}",
            m[0]
        );
        let wide = vec!["c"; MAX_COLUMNS + 5].join(",");
        let m = messages(&read(&format!("{wide}\n")));
        assert!(
            m[0].starts_with(
                "a.csv:1: the header has 1005 columns; an answer sheet has at most 1000"
            ),
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
