//! "Where interviewees disagree": every metric whose respondents gave
//! different statuses, with each respondent's answer, the spread and the
//! rule that chose the status that was scored. Nothing is hidden: the
//! section lists every disagreement the consolidation kept.

use super::words::{Words, css_class, fill};
use crate::format::trim_number;
use crate::model::{Assessment, Consensus, MetricResult};
use serde::Serialize;

/// One metric the respondents disagree on.
#[derive(Debug, Serialize)]
pub struct DisagreementRow {
    /// Metric id.
    pub id: String,
    /// Question.
    pub question: String,
    /// Priority key.
    pub priority: String,
    /// The status that was scored, as a label.
    pub status: String,
    /// CSS-safe key of that status.
    pub status_class: String,
    /// The rule that chose it, in words ("Rule: lowest (…)").
    pub rule: String,
    /// Highest minus lowest points among the scored answers.
    pub spread: String,
    /// Each respondent's answer, in the order read.
    pub responses: Vec<ResponseLine>,
}

/// One respondent's answer.
#[derive(Debug, Serialize)]
pub struct ResponseLine {
    /// Who answered.
    pub respondent: String,
    /// Status label.
    pub status: String,
    /// CSS-safe status key.
    pub status_class: String,
    /// `file:line` of the row.
    pub source: String,
    /// Evidence the respondent gave (user text).
    pub evidence: String,
    /// The respondent's comment (user text).
    pub comment: String,
}

/// The rule's label (`consensus_lowest` …), or the key as written when
/// `strings.toml` has no label for it.
fn rule_label(w: Words<'_>, rule: &str) -> String {
    let label = w.label(&format!("consensus_{rule}"));
    if label.is_empty() {
        rule.to_string()
    } else {
        label.to_string()
    }
}

fn row(m: &MetricResult, c: &Consensus, w: Words<'_>) -> DisagreementRow {
    DisagreementRow {
        id: m.id.clone(),
        question: w.question(&m.id),
        priority: m.priority.clone(),
        status: w.status_label(&m.status),
        status_class: css_class(&m.status),
        rule: fill(
            w.label("consensus_rule_is"),
            &[("rule", rule_label(w, &c.rule))],
        ),
        spread: trim_number(c.spread, 2),
        responses: c
            .responses
            .iter()
            .map(|r| ResponseLine {
                respondent: r.respondent.clone(),
                status: w.status_label(&r.status),
                status_class: css_class(&r.status),
                source: r.source.clone(),
                evidence: r.evidence.clone(),
                comment: r.comment.clone(),
            })
            .collect(),
    }
}

/// Every metric of `a` whose respondents disagree, in questionnaire order;
/// empty when they all agree (or one respondent answered each metric).
pub(super) fn disagreements(a: &Assessment, w: Words<'_>) -> Vec<DisagreementRow> {
    a.metrics
        .iter()
        .filter_map(|m| {
            m.consensus
                .as_ref()
                .filter(|c| c.disagree)
                .map(|c| row(m, c, w))
        })
        .collect()
}
