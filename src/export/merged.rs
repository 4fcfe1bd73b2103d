//! The consolidated answer sheet of `imcm merge`: one row per assessment
//! and metric from every respondent's file, the status the consensus rule
//! picked, what each respondent answered, and a mark on every row where
//! they disagree, for the consultant to settle by hand. It reads back as an
//! answer file (the extra columns are ignored).

use crate::error::{Error, Result};
use crate::format::inert;
use crate::model::columns::answer_column;
use crate::model::{AnswerSet, Lang, Questionnaire};

/// Columns of the merged sheet, in order (keys of [`crate::model::columns`]).
pub const MERGED_COLUMNS: &[&str] = &[
    "org",
    "unit",
    "period",
    "metric",
    "question",
    "status",
    "conflict",
    "responses",
    "respondent",
    "indicators_met",
    "evidence",
    "comment",
    "assessor",
    "assessed_on",
];

/// One row of the merged sheet: cells in [`MERGED_COLUMNS`] order, and
/// whether its respondents disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedRow {
    /// The cells.
    pub cells: Vec<String>,
    /// Whether the respondents gave different statuses.
    pub conflict: bool,
}

/// The header of the merged sheet in `lang`.
pub fn merged_header(lang: Lang) -> Vec<&'static str> {
    MERGED_COLUMNS
        .iter()
        .map(|k| answer_column(k).header(lang))
        .collect()
}

/// Every answer of `set` as a merged row, by assessment then questionnaire
/// order (metrics of another questionnaire version last, by id).
pub fn merged_rows(set: &AnswerSet, q: &Questionnaire, lang: Lang) -> Vec<MergedRow> {
    let position = |id: &str| q.metrics.iter().position(|m| m.id == id);
    let mut rows = Vec::new();
    for (key, answers) in &set.assessments {
        let mut list: Vec<_> = answers.values().collect();
        list.sort_by_key(|a| (position(&a.metric).unwrap_or(usize::MAX), a.metric.clone()));
        for a in list {
            let conflict = a.disagree();
            let said: Vec<String> = a
                .responses
                .iter()
                .map(|r| {
                    let who = if r.respondent.is_empty() {
                        r.source.to_string()
                    } else {
                        r.respondent.clone()
                    };
                    format!("{who}: {}", r.status.as_deref().unwrap_or_default())
                })
                .collect();
            let question = q.metric(&a.metric).map_or("", |m| m.question.get(lang));
            let mark = if conflict {
                crate::i18n::tr_in(lang, "merge_conflict_mark", &[])
            } else {
                String::new()
            };
            let cells = [
                key.org.as_str(),
                key.unit.as_str(),
                &key.period.to_string(),
                a.metric.as_str(),
                question,
                a.status.as_deref().unwrap_or_default(),
                &mark,
                &said.join("; "),
                a.respondent.as_str(),
                a.indicators_met.as_str(),
                a.evidence.as_str(),
                a.comment.as_str(),
                a.assessor.as_str(),
                a.assessed_on.as_str(),
            ]
            .iter()
            .map(|c| inert(c).into_owned())
            .collect();
            rows.push(MergedRow { cells, conflict });
        }
    }
    rows
}

/// The merged sheet as CSV: UTF-8 with a byte-order mark (so that Excel on
/// a Japanese system reads it as UTF-8), headers in `lang`.
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn merged_csv(set: &AnswerSet, q: &Questionnaire, lang: Lang) -> Result<Vec<u8>> {
    let ser = |e: String| Error::Serialise {
        what: "merged answers",
        message: e,
    };
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(merged_header(lang))
        .map_err(|e| ser(e.to_string()))?;
    for row in merged_rows(set, q, lang) {
        w.write_record(&row.cells).map_err(|e| ser(e.to_string()))?;
    }
    w.into_inner().map_err(|e| ser(e.to_string()))
}
