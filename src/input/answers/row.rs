//! The checks of one answer row: names free of control characters, an
//! organisation, a period, a known metric and status; a row that passes
//! becomes an answer of its assessment.

use super::NAME_COLUMNS;
use super::Reading;
use super::table::{Columns, Place};
use crate::error::Problem;
use crate::i18n::tr;
use crate::model::{Answer, AssessmentKey, Period, Questionnaire, SourceLine};
use std::collections::BTreeSet;

/// Shorten a value echoed in a message to at most 60 characters.
pub(super) fn clip(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

/// The candidate nearest to `wanted` by edit distance, if one is close.
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
pub(super) fn check_row(
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
    let (mut problems, unclean) = name_problems(rec, cols, &at);
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
    add_answer(rec, cols, line, place, key, status, out);
}

/// Problems of the name cells of a row that hold a control or bidi
/// character, and which cells those are: such a cell gets no other problem,
/// as it would otherwise reach folders, charts and terminals.
fn name_problems(
    rec: &csv::StringRecord,
    cols: &Columns,
    at: &impl Fn(&str, String, String) -> Problem,
) -> (Vec<Problem>, BTreeSet<&'static str>) {
    let mut problems = Vec::new();
    let mut unclean = BTreeSet::new();
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
    (problems, unclean)
}

/// Add a checked row as the answer of its assessment, unless that
/// assessment already has an answer for the metric (a problem naming where
/// the first was given). A row with an empty status is noted as unanswered.
fn add_answer(
    rec: &csv::StringRecord,
    cols: &Columns,
    line: u64,
    place: Place<'_>,
    key: AssessmentKey,
    status: Option<String>,
    out: &mut Reading,
) {
    let at = |name: &str, message: String, help: String| {
        place.problem(line, Some(cols.col(name)), message, help)
    };
    let metric = cols.get(rec, "metric");
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
        respondent: cols.get(rec, "respondent").to_string(),
        source,
        responses: Vec::new(),
        rule: None,
    };
    entry.insert(metric.to_string(), answer);
}
