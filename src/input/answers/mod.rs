//! Reading answer files (CSV, long format: one row per metric per assessment)
//! and checking them against a questionnaire. Every problem is collected with
//! its file, line and column, so `validate` can list them all at once.

use crate::error::{Error, Problem, Result};
use crate::i18n::tr;
use crate::limits::Limit;
use crate::model::{AnswerSet, Questionnaire, SourceLine};
use std::path::{Path, PathBuf};

mod consensus;
mod csv_rows;
mod names;
mod row;
mod scan;
mod suggest;
mod table;
mod xlsx;

use csv_rows::{read_one, read_owned};
pub(crate) use table::{Place, Table, check_table};

/// Columns every answer file must have.
pub const REQUIRED_COLUMNS: &[&str] = &["org", "unit", "period", "metric", "status"];
/// Columns read when present.
pub const OPTIONAL_COLUMNS: &[&str] = &[
    "evidence",
    "comment",
    "assessor",
    "assessed_on",
    "indicators_met",
    "respondent",
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
    /// Rows whose status cell is empty (treated as not answered), once
    /// every file is read: a row that another row answers is not here.
    pub unanswered: Vec<SourceLine>,
    /// Warnings (message, help): what is legal but looks like a mistake.
    pub warnings: Vec<(String, String)>,
}

impl Reading {
    /// Settle the respondents' answers with `rule`, list what stayed
    /// unanswered and look for names spelled several ways: the last step
    /// of reading, after every file.
    fn finish(&mut self, rule: crate::model::ConsensusRule, q: &Questionnaire) {
        consensus::settle(&mut self.answers, rule, q);
        self.unanswered = self
            .answers
            .assessments
            .values()
            .flat_map(|a| a.values())
            .filter(|a| a.status.is_none())
            .map(|a| a.source.clone())
            .collect();
        self.unanswered.sort();
        self.warnings = names::spelling_warnings(&self.answers);
    }
}

pub use crate::model::columns::{canonical_header, normalise_header};

/// The metric id of `q` nearest a mistyped one (edit distance at most 3),
/// for "did you mean" help wherever a metric id is typed.
pub fn closest_metric<'q>(q: &'q crate::model::Questionnaire, id: &str) -> Option<&'q str> {
    row::closest(id, q.metrics.iter().map(|m| m.id.as_str()))
}

/// The status key of `q` nearest a mistyped status (key, alias or label),
/// for "did you mean" help wherever a status is typed.
pub fn closest_status<'q>(q: &'q crate::model::Questionnaire, raw: &str) -> Option<&'q str> {
    suggest::status_hint(q, raw)
}

/// Answer files and how to decode them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnswerFiles {
    /// The files, in the order given.
    pub paths: Vec<PathBuf>,
    /// The encoding to read them as; `None` detects it per file
    /// (see [`crate::input::encoding::decode`]).
    pub encoding: Option<crate::input::encoding::Encoding>,
    /// How the answers of several respondents to one metric combine.
    pub consensus: crate::model::ConsensusRule,
}

impl AnswerFiles {
    /// Files whose encoding is detected.
    pub fn detect(paths: Vec<PathBuf>) -> Self {
        AnswerFiles {
            paths,
            encoding: None,
            consensus: crate::model::ConsensusRule::default(),
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
    reading.finish(files.consensus, q);
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
    load_parts(
        &[(label, bytes)],
        encoding,
        crate::model::ConsensusRule::default(),
        q,
    )
}

/// Read several answer files already in memory as one set (each labelled
/// as [`load_bytes`] labels it), settling several respondents with `rule`.
///
/// # Errors
/// [`Error::Answers`] with every problem found.
pub fn load_parts(
    parts: &[(&Path, &[u8])],
    encoding: Option<crate::input::encoding::Encoding>,
    rule: crate::model::ConsensusRule,
    q: &Questionnaire,
) -> Result<AnswerSet> {
    let mut reading = Reading::default();
    for (label, bytes) in parts {
        if label
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        {
            xlsx::read_workbook(label, bytes, q, &mut reading);
        } else {
            read_one(label, bytes, encoding, q, &mut reading);
        }
    }
    reading.finish(rule, q);
    emit_warnings(&reading);
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
    emit_warnings(&reading);
    if reading.problems.is_empty() {
        Ok(reading.answers)
    } else {
        Err(Error::Answers(reading.problems))
    }
}

/// Print the warnings of a reading (see [`crate::error::warning`]).
pub fn emit_warnings(reading: &Reading) {
    for (message, help) in &reading.warnings {
        crate::error::warning::emit_text(message, help);
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
        r.finish(crate::model::ConsensusRule::Lowest, &q());
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
        assert!(m[2].starts_with("a.csv:5:4: column 'metric': conflicting answers for metric 1.1.2 in Acme / HQ / 2026-Q1: 'yes' here, 'no' at a.csv:4"), "{}", m[2]);
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
        assert!(m[1].starts_with("a.csv:5:4: column 'metric': conflicting answers for metric 1.1.1 in A / HQ / 2026-Q1: 'no' here, 'yes' at a.csv:2"), "{m:?}");
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

    #[test]
    fn respondents_combine_and_empty_rows_never_conflict() {
        let r = read(
            "org,unit,period,metric,status,respondent\n\
             A,HQ,2026-Q3,1.1.1,yes,Sato\n\
             A,HQ,2026-Q3,1.1.2,,Sato\n\
             A,HQ,2026-Q3,1.1.1,partial,Kato\n\
             A,HQ,2026-Q3,1.1.2,no,Kato\n\
             A,HQ,2026-Q3,1.1.2,,Ito\n\
             A,HQ,2026-Q3,1.1.3,,Ito\n",
        );
        assert!(r.problems.is_empty(), "{:?}", messages(&r));
        let a = r.answers.assessments.values().next().unwrap();
        assert_eq!(a["1.1.1"].status.as_deref(), Some("partial"));
        assert_eq!(a["1.1.1"].respondent, "Sato, Kato");
        assert_eq!(a["1.1.1"].responses.len(), 2);
        assert_eq!(a["1.1.2"].status.as_deref(), Some("no"));
        assert!(a["1.1.2"].responses.is_empty(), "one respondent answered");
        assert_eq!(a["1.1.2"].source.line, 5);
        assert_eq!(r.unanswered.len(), 1, "only 1.1.3 stays unanswered");
        assert_eq!(r.unanswered[0].line, 7);
    }

    #[test]
    fn the_same_respondent_twice_is_an_error_showing_both_statuses() {
        let m = messages(&read(
            "org,unit,period,metric,status,respondent\n\
             A,HQ,2026-Q3,1.1.1,yes,Sato\n\
             A,HQ,2026-Q3,1.1.1,partial,Kato\n\
             A,HQ,2026-Q3,1.1.1,no,Sato\n\
             A,HQ,2026-Q3,1.1.2,yes,\n\
             A,HQ,2026-Q3,1.1.2,yes,\n",
        ));
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m[0].starts_with("a.csv:4:4: column 'metric': conflicting answers for metric 1.1.1 in A / HQ / 2026-Q3 from respondent 'Sato': 'no' here, 'yes' at a.csv:2"), "{}", m[0]);
        assert!(
            m[0].contains("name each in a `respondent` column"),
            "{}",
            m[0]
        );
        assert!(m[1].starts_with("a.csv:6:4: column 'metric': duplicate answer: a.csv already gives this metric the same status for A / HQ / 2026-Q3"), "{}", m[1]);
    }

    #[test]
    fn full_width_ids_and_statuses_and_japanese_headers_are_read() {
        let r = read(
            "組織,部門,四半期,メトリクス,状態,根拠,回答者\n\
             本社,CSIRT,２０２６－Ｑ３,１．１．１,ＹＥＳ,台帳,佐藤\n\
             本社,CSIRT,2026-Q3,1.1.2,一部,,佐藤\n\
             本社,CSIRT,2026-Q3,1.1.3,－,,佐藤\n",
        );
        assert!(r.problems.is_empty(), "{:?}", messages(&r));
        let (key, a) = r.answers.assessments.iter().next().unwrap();
        assert_eq!(key.to_string(), "本社 / CSIRT / 2026-Q3");
        assert_eq!(a["1.1.1"].status.as_deref(), Some("yes"));
        assert_eq!(a["1.1.1"].evidence, "台帳");
        assert_eq!(a["1.1.1"].respondent, "佐藤");
        assert_eq!(a["1.1.2"].status.as_deref(), Some("partial"));
        assert_eq!(a["1.1.3"].status.as_deref(), Some("not_applicable"));
    }

    #[test]
    fn typos_get_suggestions_and_a_subcategory_its_own_message() {
        let m = messages(&read(
            "org,unit,period,metric,status\n\
             A,HQ,2026 Q3,1.1.1,yse\n\
             A,HQ,FY2026 Q2,1.3,yes\n\
             A,HQ,2026/07,1.1.2,yes\n",
        ));
        assert_eq!(m.len(), 5, "{m:?}");
        assert!(m[0].contains("period '2026 Q3' is not of the form YYYY-Qn\n  help: write 2026-Q3, the calendar quarter this means"), "{}", m[0]);
        assert!(
            m[1].contains("unknown status 'yse'\n  help: did you mean 'yes'?"),
            "{}",
            m[1]
        );
        assert!(m[2].contains("'FY2026 Q2' is a fiscal quarter"), "{}", m[2]);
        assert!(m[2].contains("it is 2026-Q3 if the fiscal year starts in April (as in Japan) and 2026-Q2 if it starts in January"), "{}", m[2]);
        assert!(
            m[3].starts_with("a.csv:3:4: column 'metric': '1.3' is a subcategory ("),
            "{}",
            m[3]
        );
        assert!(
            m[3].contains("help: give one row to each of its metrics: 1.3.1, 1.3.2"),
            "{}",
            m[3]
        );
        assert!(
            m[4].contains(
                "'2026/07' is a month or a day, not a quarter; the quarter holding it is 2026-Q3"
            ),
            "{}",
            m[4]
        );
    }

    #[test]
    fn an_indicator_number_past_the_metrics_indicators_is_refused() {
        let n = q().metric("1.1.1").unwrap().indicators.len();
        let m = messages(&read(&format!(
            "org,unit,period,metric,status,indicators_met\n\
             A,HQ,2026-Q3,1.1.1,yes,\"1, {}\"\n\
             A,HQ,2026-Q3,1.1.2,yes,１、２\n\
             A,HQ,2026-Q3,1.1.3,yes,the register and the minutes\n",
            n + 1
        )));
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].starts_with(&format!("a.csv:2:6: column 'indicators_met': indicator {} does not exist: metric 1.1.1 has {n} indicators", n + 1)), "{}", m[0]);
    }
}
