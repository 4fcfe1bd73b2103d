//! The text of `imcm plan` for the terminal: the roadmap per assessment and
//! category, and the what-if figures, in English or Japanese. Names from
//! inputs pass through [`crate::sanitize::terminal_safe`].

use crate::analysis::plan::{CategoryPlan, EvidenceState, Obstacle, Plan, TargetSource, WhatIf};
use crate::format::trim_number;
use crate::i18n::tr_in;
use crate::model::{EvidenceGap, Lang, Questionnaire};
use std::fmt::Write;

/// A score with up to 4 decimals, or "—".
fn score(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |s| trim_number(s, 4))
}

/// A level number, or "—" for a category without one.
fn level(v: Option<u8>) -> String {
    v.map_or_else(|| "—".to_string(), |l| l.to_string())
}

/// A status as the reader knows it: the key in English (what answer files
/// use), the scale's label in Japanese.
fn status(q: &Questionnaire, key: &str, lang: Lang) -> String {
    match lang {
        Lang::En => key.to_string(),
        Lang::Ja => q
            .status(key)
            .map_or_else(|| key.to_string(), |s| s.label.get(lang).to_string()),
    }
}

/// The roadmap of every plan, one block per assessment.
pub fn plan_text(plans: &[Plan], q: &Questionnaire, lang: Lang) -> String {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| tr_in(lang, key, args);
    let mut out = String::new();
    for (i, p) in plans.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{}",
            t(
                "p_title",
                &[
                    ("key", &p.key),
                    ("questionnaire", &q.id),
                    ("version", &q.version)
                ]
            )
        );
        let _ = writeln!(
            out,
            "{}",
            t(
                match p.target_source {
                    TargetSource::Profile => "p_target_profile",
                    TargetSource::NextLevel => "p_target_next",
                },
                &[]
            )
        );
        if p.categories.is_empty() {
            let _ = writeln!(out, "{}", t("p_nothing", &[]));
            continue;
        }
        for c in &p.categories {
            category_text(&mut out, c, q, lang);
        }
        let _ = writeln!(
            out,
            "\n{}",
            t(
                "p_overall",
                &[
                    ("before", &level(p.overall_level_before)),
                    ("after", &level(p.overall_level_after)),
                    ("score_before", &score(p.overall_score_before)),
                    ("score_after", &score(p.overall_score_after)),
                ]
            )
        );
    }
    crate::sanitize::terminal_safe(&out).into_owned()
}

/// One category: heading, numbered steps, the level and score after them,
/// the evidence rules a level needs and what keeps the target out of reach.
fn category_text(out: &mut String, c: &CategoryPlan, q: &Questionnaire, lang: Lang) {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| tr_in(lang, key, args);
    let def = q.category(&c.category);
    let _ = writeln!(
        out,
        "\n{}",
        t(
            "p_category",
            &[
                ("id", &def.map_or("", |d| d.id.as_str())),
                (
                    "name",
                    &def.map_or(c.category.as_str(), |d| d.name.get(lang))
                ),
                ("key", &c.category),
                ("before", &level(c.level_before)),
                ("target", &c.target_level),
                ("score", &score(c.score_before)),
            ]
        )
    );
    if c.steps.is_empty() && !c.obstacles.contains(&Obstacle::NoApplicableMetric) {
        let _ = writeln!(out, "{}", t("p_no_steps", &[]));
    }
    for (n, s) in c.steps.iter().enumerate() {
        let effort = s
            .effort
            .map(|e| t("p_effort", &[("effort", &e)]))
            .unwrap_or_default();
        let priority = q
            .priority(&s.priority)
            .map_or(s.priority.as_str(), |p| p.label.get(lang));
        let _ = writeln!(
            out,
            "{}",
            t(
                "p_step",
                &[
                    ("n", &(n + 1)),
                    ("metric", &s.metric),
                    ("priority", &priority),
                    ("effort", &effort),
                    ("from", &status(q, &s.from_status, lang)),
                    ("to", &status(q, &s.to_status, lang)),
                ]
            )
        );
    }
    if !c.evidence.is_empty() {
        let needs = q
            .levels
            .iter()
            .filter(|l| l.level <= c.target_level && l.evidence_all_pass)
            .map(|l| l.level)
            .min()
            .unwrap_or(c.target_level);
        let _ = writeln!(out, "{}", t("p_evidence_title", &[("level", &needs)]));
        for e in &c.evidence {
            let mut state = t(
                match e.state {
                    EvidenceState::Passing => "p_state_passing",
                    EvidenceState::Failing => "p_state_failing",
                    EvidenceState::NotEvaluated => "p_state_not_evaluated",
                },
                &[],
            );
            if let Some(v) = e.value {
                state.push_str(&t("p_value", &[("value", &trim_number(v, 4)), ("n", &e.n)]));
            }
            let _ = writeln!(
                out,
                "{}",
                t(
                    "p_evidence",
                    &[("metric", &e.metric), ("rule", &e.rule), ("state", &state)]
                )
            );
        }
    }
    for o in &c.obstacles {
        let line = match o {
            Obstacle::NoApplicableMetric => t("p_no_applicable", &[]),
            Obstacle::NoStatusMeets { metric } => t("p_no_status", &[("metric", metric)]),
            Obstacle::AnyOfUnmet { level } => t("p_any_of_unmet", &[("level", level)]),
            Obstacle::Evidence { level, gap } => match gap {
                EvidenceGap::NoIncidentData => t("p_no_incidents", &[("level", level)]),
                EvidenceGap::NoRules => t("p_no_rules", &[("level", level)]),
                EvidenceGap::NotPassed { metrics } => t(
                    "p_not_passed",
                    &[("level", level), ("metrics", &metrics.join(", "))],
                ),
            },
        };
        let _ = writeln!(out, "{line}");
    }
    if !c.obstacles.contains(&Obstacle::NoApplicableMetric) {
        let reached = t(
            if c.reached() {
                "p_reached"
            } else {
                "p_not_reached"
            },
            &[],
        );
        let _ = writeln!(
            out,
            "{}",
            t(
                "p_after",
                &[
                    ("level", &level(c.level_after)),
                    ("score", &score(c.score_after)),
                    ("reached", &reached),
                ]
            )
        );
    }
}

/// The what-if figures of every assessment.
pub fn what_if_text(runs: &[WhatIf], q: &Questionnaire, lang: Lang) -> String {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| tr_in(lang, key, args);
    let mut out = String::new();
    for (i, w) in runs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", t("w_title", &[("key", &w.key)]));
        for (metric, from, to) in &w.changes {
            let _ = writeln!(
                out,
                "{}",
                t(
                    "w_change",
                    &[
                        ("metric", metric),
                        ("from", &status(q, from, lang)),
                        ("to", &status(q, to, lang)),
                    ]
                )
            );
        }
        for r in &w.rows {
            let name = q.category(&r.id).map_or_else(
                || tr_in(lang, "p_overall_name", &[]),
                |c| c.name.get(lang).to_string(),
            );
            let _ = writeln!(
                out,
                "{}",
                t(
                    "w_row",
                    &[
                        ("id", &name),
                        ("level_before", &level(r.level_before)),
                        ("level_after", &level(r.level_after)),
                        ("score_before", &score(r.score_before)),
                        ("score_after", &score(r.score_after)),
                    ]
                )
            );
        }
    }
    crate::sanitize::terminal_safe(&out).into_owned()
}
