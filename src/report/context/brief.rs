//! The summary a reader takes in at a glance: one headline sentence, up to
//! three key findings and, when the answers hold an earlier quarter of the
//! same unit, the change since then. Every sentence is a label of
//! `strings.toml` filled with figures of the scored assessment: nothing is
//! said that the scores do not show.

use super::words::{Words, fill, percent, score_text};
use crate::input::target::Target;
use crate::model::{Assessment, CategoryResult, Corroboration, Treatment};
use crate::scoring::gaps;
use serde::Serialize;

/// Most key findings on the executive page.
pub const KEY_FINDINGS: usize = 3;

/// Most metric ids a finding names before it says how many more there are.
const IDS_NAMED: usize = 5;

/// The executive page's sentences.
#[derive(Debug, Serialize)]
pub struct Brief {
    /// Where the unit stands, in one sentence.
    pub headline: String,
    /// The key findings, most important first (at most [`KEY_FINDINGS`]).
    pub findings: Vec<String>,
    /// The change since the unit's previous assessed quarter, when the
    /// answers hold one.
    pub since: Option<String>,
    /// Heading of the summary table's change column (`Since 2026-Q2`), when
    /// there is a previous quarter.
    pub since_heading: Option<String>,
}

/// The brief of `a`; `previous` is the same unit's latest earlier quarter
/// scored with the same questionnaire, when the answers hold one.
pub(super) fn brief(
    a: &Assessment,
    w: Words<'_>,
    target: Option<&Target>,
    previous: Option<&Assessment>,
) -> Brief {
    Brief {
        headline: headline(a, w),
        findings: findings(a, w, target),
        since: previous.map(|p| since_line(a, p, w)),
        since_heading: previous.map(|p| {
            fill(
                w.label("since_heading"),
                &[("period", p.key.period.to_string())],
            )
        }),
    }
}

fn unit_name(a: &Assessment, w: Words<'_>) -> String {
    if a.key.unit.is_empty() {
        w.label("whole_org").to_string()
    } else {
        a.key.unit.clone()
    }
}

/// "Acme / SOC, 2026-Q3: maturity level 2 of 5 (Basic), set by Detect; …".
fn headline(a: &Assessment, w: Words<'_>) -> String {
    let mut pairs = vec![
        ("org", a.key.org.clone()),
        ("unit", unit_name(a, w)),
        ("period", a.key.period.to_string()),
        ("max", w.q.max_level().to_string()),
        ("score", score_text(a.overall.score, w.t)),
        ("coverage", percent(a.overall.coverage, w.t)),
    ];
    let Some(level) = a.overall_level else {
        return fill(w.label("brief_headline_none"), &pairs);
    };
    let weakest: Vec<String> = a
        .categories
        .iter()
        .filter(|c| c.level == Some(level))
        .map(|c| w.cat_name(&c.key))
        .collect();
    pairs.extend([
        ("level", level.to_string()),
        ("level_name", w.level_name(Some(level))),
        ("weakest", w.join(&weakest)),
    ]);
    let key = if weakest.len() == a.categories.len() {
        "brief_headline_even"
    } else {
        "brief_headline"
    };
    fill(w.label(key), &pairs)
}

/// The label `key`, or its `_one` form when `n` is 1.
fn counted<'a>(w: &Words<'a>, key: &str, n: usize) -> &'a str {
    let one = format!("{key}_one");
    if n == 1 && w.t.contains_key(&one) {
        super::words::label(w.t, &one)
    } else {
        super::words::label(w.t, key)
    }
}

/// Up to `IDS_NAMED` ids joined, then "+N more".
fn ids(list: &[String], w: Words<'_>) -> String {
    let mut named: Vec<String> = list.iter().take(IDS_NAMED).cloned().collect();
    if list.len() > IDS_NAMED {
        named.push(fill(
            w.label("brief_more"),
            &[("n", (list.len() - IDS_NAMED).to_string())],
        ));
    }
    w.join(&named)
}

/// The candidate findings in order of importance; the first
/// [`KEY_FINDINGS`] that apply are shown.
fn findings(a: &Assessment, w: Words<'_>, target: Option<&Target>) -> Vec<String> {
    let candidates = [
        target.and_then(|t| below_target(a, w, t)),
        held_back(a, w),
        largest_gap(a, w),
        contradicted(a, w),
        not_observed(a, w),
        disagreements(a, w),
        strongest(a, w),
    ];
    candidates
        .into_iter()
        .flatten()
        .take(KEY_FINDINGS)
        .collect()
}

/// The categories below their target level, or that all meet it.
fn below_target(a: &Assessment, w: Words<'_>, t: &Target) -> Option<String> {
    let rated: Vec<&CategoryResult> = a.categories.iter().filter(|c| c.level.is_some()).collect();
    if rated.is_empty() {
        return None;
    }
    let below: Vec<String> = rated
        .iter()
        .filter(|c| c.level.is_some_and(|l| l < t.level(&c.key)))
        .map(|c| {
            fill(
                w.label("brief_target_item"),
                &[
                    ("name", w.cat_name(&c.key)),
                    ("level", w.level_text(c.level)),
                    ("target", t.level(&c.key).to_string()),
                ],
            )
        })
        .collect();
    Some(if below.is_empty() {
        w.label("brief_all_meet_target").to_string()
    } else {
        fill(
            counted(&w, "brief_below_target", below.len()),
            &[
                ("n", below.len().to_string()),
                ("total", rated.len().to_string()),
                ("list", w.join(&below)),
            ],
        )
    })
}

/// The weakest category and the metrics that keep it from the next level
/// (the first in questionnaire order when several are weakest).
fn held_back(a: &Assessment, w: Words<'_>) -> Option<String> {
    let level = a.overall_level?;
    if level >= w.q.max_level() {
        return None;
    }
    let c = a.categories.iter().find(|c| c.level == Some(level))?;
    let next = c.checks.iter().find(|k| k.level == level + 1 && !k.holds)?;
    if next.blockers.is_empty() {
        return None;
    }
    Some(fill(
        counted(&w, "brief_held_back", next.blockers.len()),
        &[
            ("name", w.cat_name(&c.key)),
            ("level", level.to_string()),
            ("next", next.level.to_string()),
            ("n", next.blockers.len().to_string()),
            ("ids", ids(&next.blockers, w)),
        ],
    ))
}

/// The most important gap (as the gap table below the findings orders
/// them, which shows its question).
fn largest_gap(a: &Assessment, w: Words<'_>) -> Option<String> {
    let m = *gaps(a, w.q).first()?;
    Some(fill(
        w.label("brief_largest_gap"),
        &[
            ("id", m.id.clone()),
            ("priority", m.priority.clone()),
            ("status", w.status_label(&m.status)),
        ],
    ))
}

/// The answers that incident data contradicts.
fn contradicted(a: &Assessment, w: Words<'_>) -> Option<String> {
    let list: Vec<String> = a
        .metrics
        .iter()
        .filter(|m| m.corroboration == Some(Corroboration::Contradicted))
        .map(|m| m.id.clone())
        .collect();
    count_finding("brief_contradicted", &list, w)
}

/// The metrics not observed.
fn not_observed(a: &Assessment, w: Words<'_>) -> Option<String> {
    let list: Vec<String> = a
        .metrics
        .iter()
        .filter(|m| m.treatment == Treatment::Unobserved)
        .map(|m| m.id.clone())
        .collect();
    count_finding("brief_not_observed", &list, w)
}

/// The metrics on which interviewees gave different answers.
fn disagreements(a: &Assessment, w: Words<'_>) -> Option<String> {
    let list: Vec<String> = a
        .metrics
        .iter()
        .filter(|m| m.consensus.as_ref().is_some_and(|c| c.disagree))
        .map(|m| m.id.clone())
        .collect();
    count_finding("brief_disagreements", &list, w)
}

fn count_finding(key: &str, list: &[String], w: Words<'_>) -> Option<String> {
    if list.is_empty() {
        return None;
    }
    Some(fill(
        counted(&w, key, list.len()),
        &[("n", list.len().to_string()), ("ids", ids(list, w))],
    ))
}

/// The strongest category, when one stands above the others.
fn strongest(a: &Assessment, w: Words<'_>) -> Option<String> {
    let best = a
        .categories
        .iter()
        .filter(|c| c.level.is_some())
        .max_by(|x, y| {
            x.level.cmp(&y.level).then(
                x.group
                    .score
                    .unwrap_or(0.0)
                    .total_cmp(&y.group.score.unwrap_or(0.0)),
            )
        })?;
    if a.overall_level == best.level {
        return None;
    }
    Some(fill(
        w.label("brief_strongest"),
        &[
            ("name", w.cat_name(&best.key)),
            ("level", w.level_text(best.level)),
            ("score", score_text(best.group.score, w.t)),
        ],
    ))
}

/// A signed change with `decimals` decimals written (the rounding rule of
/// [`crate::format`]): `+1`, `−0.5`, `±0.0`.
pub(super) fn signed(delta: f64, decimals: usize) -> String {
    let text = crate::format::fixed(delta.abs(), decimals);
    if text.bytes().all(|b| b == b'0' || b == b'.') {
        format!("±{text}")
    } else if delta > 0.0 {
        format!("+{text}")
    } else {
        format!("−{text}")
    }
}

/// The change of a score as shown (both rounded to one decimal first, so
/// that the difference is the one a reader works out from the figures).
pub(super) fn score_change(now: Option<f64>, before: Option<f64>) -> Option<String> {
    let round = |s: f64| (s * 10.0).round() / 10.0;
    Some(signed(round(now?) - round(before?), 1))
}

/// The change of a level, `+1`, `−1` or `±0`.
pub(super) fn level_change(now: Option<u8>, before: Option<u8>) -> Option<String> {
    Some(signed(f64::from(now?) - f64::from(before?), 0))
}

/// "Since 2026-Q2: level 2 → 3 (+1), score 58.1 → 63.6 (+5.5)."
fn since_line(a: &Assessment, p: &Assessment, w: Words<'_>) -> String {
    let none = w.label("no_score").to_string();
    fill(
        w.label("brief_since"),
        &[
            ("period", p.key.period.to_string()),
            ("from", w.level_text(p.overall_level)),
            ("to", w.level_text(a.overall_level)),
            (
                "level_change",
                level_change(a.overall_level, p.overall_level).unwrap_or_else(|| none.clone()),
            ),
            ("score_from", score_text(p.overall.score, w.t)),
            ("score_to", score_text(a.overall.score, w.t)),
            (
                "score_change",
                score_change(a.overall.score, p.overall.score).unwrap_or(none),
            ),
        ],
    )
}

/// A category's change since the previous quarter for the summary table:
/// `+1 / +5.5` (level / score).
pub(super) fn category_change(
    w: Words<'_>,
    now: &CategoryResult,
    before: Option<&CategoryResult>,
) -> String {
    let none = w.label("no_score").to_string();
    let Some(before) = before else {
        return none;
    };
    format!(
        "{} / {}",
        level_change(now.level, before.level).unwrap_or_else(|| none.clone()),
        score_change(now.group.score, before.group.score).unwrap_or(none)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_signed_and_computed_from_the_figures_shown() {
        assert_eq!(signed(1.0, 0), "+1");
        assert_eq!(signed(-2.0, 0), "−2");
        assert_eq!(signed(0.0, 0), "±0");
        assert_eq!(signed(-0.04, 1), "±0.0");
        assert_eq!(signed(10.0, 1), "+10.0");
        // 63.64 shows as 63.6 and 58.06 as 58.1: the change shown is 5.5,
        // not the 5.58 (5.6) of the unrounded scores.
        assert_eq!(score_change(Some(63.64), Some(58.06)).unwrap(), "+5.5");
        assert_eq!(score_change(None, Some(58.06)), None);
        assert_eq!(level_change(Some(2), Some(3)).unwrap(), "−1");
    }
}
