//! The checks of one answer row: names free of control characters, an
//! organisation, a period, a known metric and status; a row that passes
//! becomes an answer of its assessment.

use super::NAME_COLUMNS;
use super::Reading;
use super::suggest::{fold, period_help, status_hint};
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
pub(super) fn closest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
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
    let period = fold(raw_period).parse::<Period>();
    if period.is_err() && !unclean.contains("period") {
        problems.push(at(
            "period",
            tr("bad_period", &[("period", &clip(raw_period))]),
            period_help(raw_period),
        ));
    }
    let metric = fold(cols.get(rec, "metric"));
    if q.metric(&metric).is_none() && !unclean.contains("metric") {
        problems.push(unknown_metric(q, &metric, &at));
    }
    if let Some(m) = q.metric(&metric) {
        let ticked = cols.get(rec, "indicators_met");
        let count = m.indicators.len() as u32;
        if let Some(bad) = crate::model::indicator_numbers(fold(ticked).as_str())
            .and_then(|n| n.into_iter().find(|&i| i == 0 || i > count))
        {
            problems.push(at(
                "indicators_met",
                tr(
                    "indicator_out_of_range",
                    &[("n", &bad), ("metric", &m.id), ("count", &count)],
                ),
                tr("indicator_out_of_range_help", &[("count", &count)]),
            ));
        }
    }
    let raw_status = cols.get(rec, "status");
    let status = q
        .resolve_status(raw_status)
        .or_else(|| q.resolve_status(&fold(raw_status)))
        .map(str::to_string);
    if !raw_status.is_empty() && status.is_none() {
        problems.push(unknown_status(q, raw_status, &at));
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
    add_answer(rec, cols, line, place, (key, &metric), status, out);
}

/// The problem of a metric cell naming no metric: a subcategory or a
/// category gets its own message, anything else the nearest id.
fn unknown_metric(
    q: &Questionnaire,
    metric: &str,
    at: &impl Fn(&str, String, String) -> Problem,
) -> Problem {
    let lang = crate::i18n::ui_lang();
    if let Some(sub) = q.subcategory(metric) {
        let metrics: Vec<&str> = q
            .metrics_in_subcategory(&sub.id)
            .map(|m| m.id.as_str())
            .collect();
        return at(
            "metric",
            tr(
                "subcategory_as_metric",
                &[("id", &metric), ("name", &sub.name.get(lang))],
            ),
            tr(
                "subcategory_as_metric_help",
                &[("metrics", &metrics.join(", "))],
            ),
        );
    }
    if let Some(cat) = q
        .categories
        .iter()
        .find(|c| c.id == metric || c.key == metric)
    {
        return at(
            "metric",
            tr(
                "category_as_metric",
                &[("id", &metric), ("name", &cat.name.get(lang))],
            ),
            tr("list_metrics", &[("questionnaire", &q.id)]),
        );
    }
    let help = match closest(metric, q.metrics.iter().map(|m| m.id.as_str())) {
        Some(c) => tr(
            "did_you_mean",
            &[("candidate", &c), ("questionnaire", &q.id)],
        ),
        None => tr("list_metrics", &[("questionnaire", &q.id)]),
    };
    at(
        "metric",
        tr(
            "unknown_metric",
            &[("metric", &clip(metric)), ("questionnaire", &q.id)],
        ),
        help,
    )
}

/// The problem of a status cell naming no status, with the nearest one
/// when the cell looks like a typo.
fn unknown_status(
    q: &Questionnaire,
    raw: &str,
    at: &impl Fn(&str, String, String) -> Problem,
) -> Problem {
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
    let allowed = allowed.join("; ");
    let help = match status_hint(q, raw) {
        Some(key) => tr(
            "status_did_you_mean",
            &[("status", &key), ("allowed", &allowed)],
        ),
        None => tr("unknown_status_help", &[("allowed", &allowed)]),
    };
    at(
        "status",
        tr("unknown_status", &[("status", &clip(raw))]),
        help,
    )
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

/// Add a checked row as the answer of its assessment. A row with an empty
/// status never conflicts: it gives way to a row that answers. A second
/// respondent's answer joins the first (their consensus is settled once
/// every file is read); a second answer of the same respondent is a
/// problem naming where the first was given, and both statuses when they
/// differ.
fn add_answer(
    rec: &csv::StringRecord,
    cols: &Columns,
    line: u64,
    place: Place<'_>,
    (key, metric): (AssessmentKey, &str),
    status: Option<String>,
    out: &mut Reading,
) {
    let answer = Answer {
        metric: metric.to_string(),
        status,
        evidence: cols.get(rec, "evidence").to_string(),
        comment: cols.get(rec, "comment").to_string(),
        assessor: cols.get(rec, "assessor").to_string(),
        assessed_on: cols.get(rec, "assessed_on").to_string(),
        indicators_met: cols.get(rec, "indicators_met").to_string(),
        respondent: cols.get(rec, "respondent").to_string(),
        source: SourceLine {
            path: place.source_path(),
            line,
        },
        responses: Vec::new(),
        rule: None,
    };
    let entry = out.answers.assessments.entry(key.clone()).or_default();
    let Some(first) = entry.get_mut(metric) else {
        entry.insert(metric.to_string(), answer);
        return;
    };
    if answer.status.is_none() {
        return;
    }
    if first.status.is_none() {
        *first = answer;
        return;
    }
    let earlier = if first.responses.is_empty() {
        (first.respondent == answer.respondent).then_some(&*first)
    } else {
        first
            .responses
            .iter()
            .find(|r| r.respondent == answer.respondent)
    };
    if let Some(earlier) = earlier {
        let respondent = if answer.respondent.is_empty() {
            String::new()
        } else {
            tr(
                "duplicate_respondent",
                &[("respondent", &answer.respondent)],
            )
        };
        let message = if earlier.status == answer.status {
            tr(
                "duplicate_answer",
                &[
                    ("file", &earlier.source.path.display()),
                    ("assessment", &key),
                    ("respondent", &respondent),
                ],
            )
        } else {
            tr(
                "conflicting_answer",
                &[
                    ("metric", &metric),
                    ("assessment", &key),
                    ("respondent", &respondent),
                    ("status", &answer.status.as_deref().unwrap_or_default()),
                    ("other", &earlier.status.as_deref().unwrap_or_default()),
                    ("first", &earlier.source),
                ],
            )
        };
        let problem = place.problem(
            line,
            Some(cols.col("metric")),
            message,
            tr("duplicate_answer_help2", &[]),
        );
        return out.problems.push(problem);
    }
    if first.responses.is_empty() {
        let alone = first.clone();
        first.responses.push(alone);
    }
    first.responses.push(answer);
}
