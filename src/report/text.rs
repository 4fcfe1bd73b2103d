//! Plain-text renderings for the terminal: `imcm explain` and
//! `imcm questionnaire show`. Values from inputs (incident categories,
//! questionnaire text) may hold control characters: every rendering passes
//! through [`crate::sanitize::terminal_safe`] before it is returned.

use super::rules;
use crate::format::trim_number;
use crate::i18n::tr_in;
use crate::model::{
    Assessment, CategoryResult, GroupScore, Lang, MetricResult, Questionnaire, Treatment,
};
use std::fmt::Write;

/// "2 (Basic)", or "— (no applicable metric)" for a category without a level.
fn level_text(q: &Questionnaire, level: Option<u8>, lang: Lang) -> String {
    let Some(level) = level else {
        return tr_in(lang, "x_no_level", &[]);
    };
    let name = q.levels.iter().find(|l| l.level == level).map_or_else(
        || {
            if lang == Lang::Ja {
                "なし".into()
            } else {
                "None".to_string()
            }
        },
        |l| l.name.get(lang).to_string(),
    );
    format!("{level} ({name})")
}

/// `out` with control and bidi characters shown as escapes.
fn terminal(out: String) -> String {
    match crate::sanitize::terminal_safe(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(safe) => safe,
    }
}

fn score(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |s| trim_number(s, 2))
}

fn percent(v: Option<f64>) -> String {
    v.map_or_else(
        || "—".to_string(),
        |v| format!("{}%", trim_number(v * 100.0, 1)),
    )
}

/// Explain how each category's score and level were derived.
pub fn explain(a: &Assessment, q: &Questionnaire, category: Option<&str>, lang: Lang) -> String {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| tr_in(lang, key, args);
    let mut out = String::new();
    let _ = writeln!(out, "{} — {} {}", a.key, q.id, q.version);
    for c in &a.categories {
        if category.is_some_and(|k| k != c.key) {
            continue;
        }
        explain_category(&mut out, a, q, c, lang);
    }
    if category.is_none() {
        let _ = writeln!(
            out,
            "\n{}",
            t(
                "x_overall",
                &[
                    ("score", &score(a.overall.score)),
                    ("coverage", &percent(a.overall.coverage)),
                    ("level", &level_text(q, a.overall_level, lang))
                ]
            )
        );
    }
    terminal(out)
}

/// One category: heading, a line per metric, the score, coverage and levels.
fn explain_category(
    out: &mut String,
    a: &Assessment,
    q: &Questionnaire,
    c: &CategoryResult,
    lang: Lang,
) {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| tr_in(lang, key, args);
    let cat = q.category(&c.key).expect("category defined");
    let g = &c.group;
    let _ = writeln!(
        out,
        "\n{}",
        t(
            "x_category",
            &[
                ("id", &cat.id),
                ("name", &cat.name.get(lang)),
                ("key", &c.key),
                ("score", &score(g.score)),
                ("coverage", &percent(g.coverage)),
                ("level", &level_text(q, c.level, lang)),
            ]
        )
    );
    let _ = writeln!(out, "  {}", t("x_columns", &[]));
    for m in a.metrics.iter().filter(|m| m.category == c.key) {
        explain_metric(out, m, q, lang);
    }
    explain_totals(out, g, lang);
    explain_levels(out, c, q, lang);
}

/// A metric's line, its evidence checks and what they say of the answer.
fn explain_metric(out: &mut String, m: &MetricResult, q: &Questionnaire, lang: Lang) {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| tr_in(lang, key, args);
    // Status keys in English (they are what answer files and JSON use),
    // the scale's labels in Japanese.
    let status = match lang {
        Lang::En => m.status.clone(),
        Lang::Ja => q
            .status(&m.status)
            .map_or(m.status.clone(), |s| s.label.get(lang).to_string()),
    };
    let (points, contribution) = match m.treatment {
        Treatment::Scored => {
            let p = m.points.unwrap_or(0.0);
            (trim_number(p, 2), trim_number(m.weight * p, 2))
        }
        Treatment::Excluded => ("—".into(), t("x_excluded", &[])),
        Treatment::Unobserved => ("—".into(), t("x_not_scored", &[])),
    };
    let source = if m.answered {
        m.source.clone()
    } else {
        t("x_no_answer", &[])
    };
    let _ = writeln!(
        out,
        "  {:<8} {:<8} {:>6}  {:<16} {:>6}  {:>12}  {}",
        m.id,
        m.priority,
        trim_number(m.weight, 2),
        status,
        points,
        contribution,
        source
    );
    for c in &m.checks {
        let value = c
            .value
            .map_or_else(|| t("x_no_value", &[]), |v| trim_number(v, 2));
        let verdict = t(
            match c.verdict {
                crate::model::Verdict::Pass => "x_pass",
                crate::model::Verdict::Fail => "x_fail",
                crate::model::Verdict::InsufficientData => "x_insufficient",
            },
            &[],
        );
        let _ = writeln!(
            out,
            "           {}",
            t(
                "x_evidence",
                &[
                    ("rule", &c.rule),
                    ("value", &value),
                    ("n", &c.n),
                    ("verdict", &verdict)
                ]
            )
        );
    }
    match m.corroboration {
        Some(crate::model::Corroboration::Contradicted) => {
            let _ = writeln!(
                out,
                "           → {}",
                t("x_contradicted", &[("status", &status)])
            );
        }
        Some(crate::model::Corroboration::Corroborated) => {
            let _ = writeln!(
                out,
                "           → {}",
                t("x_corroborated", &[("status", &status)])
            );
        }
        None => {}
    }
}

/// How the group's score and coverage were reached.
fn explain_totals(out: &mut String, g: &GroupScore, lang: Lang) {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| tr_in(lang, key, args);
    let _ = match g.score {
        Some(s) => writeln!(
            out,
            "  {}",
            t(
                "x_score",
                &[
                    ("earned", &trim_number(g.earned_weight, 4)),
                    ("scored", &trim_number(g.scored_weight, 4)),
                    ("score", &trim_number(s, 2))
                ]
            )
        ),
        None => writeln!(out, "  {}", t("x_no_score", &[])),
    };
    let applicable = g.applicable();
    let _ = writeln!(
        out,
        "  {}",
        t(
            "x_coverage",
            &[
                ("scored", &g.scored),
                ("applicable", &applicable),
                ("metrics", &g.metrics),
                ("excluded", &g.excluded),
                ("unobserved", &g.unobserved)
            ]
        )
    );
}

/// Each level's rule, whether it holds (and what blocks it), then the level.
fn explain_levels(out: &mut String, c: &CategoryResult, q: &Questionnaire, lang: Lang) {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| tr_in(lang, key, args);
    let _ = writeln!(out, "  {}", t("x_levels", &[]));
    let mut reached = true;
    for (check, rule) in c.checks.iter().zip(&q.levels) {
        let mark = if check.holds { "✓" } else { "✗" };
        let _ = write!(
            out,
            "    {mark} {} {}: {}",
            rule.level,
            rule.name.get(lang),
            rules::describe(rule, q, lang)
        );
        if !check.holds {
            let _ = write!(
                out,
                "{}",
                t("x_blocked", &[("by", &rules::blockers(check, lang))])
            );
        } else if !reached {
            let _ = write!(out, "{}", t("x_holds_above_gap", &[]));
        }
        out.push('\n');
        reached &= check.holds;
    }
    let _ = writeln!(
        out,
        "  → {}",
        t("x_level", &[("level", &level_text(q, c.level, lang))])
    );
}

/// Describe a questionnaire: scale, weights, levels and every metric.
pub fn questionnaire(q: &Questionnaire, lang: Lang) -> String {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| tr_in(lang, key, args);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        t(
            "qs_title",
            &[
                ("id", &q.id),
                ("title", &q.title.get(lang)),
                ("version", &q.version)
            ]
        )
    );
    if !q.source.is_empty() {
        let _ = writeln!(out, "{}", q.source);
    }
    let _ = writeln!(out, "\n{}", t("qs_scale", &[]));
    for s in &q.statuses {
        let effect = match s.treatment {
            Treatment::Scored => t("qs_points", &[("points", &trim_number(s.points, 2))]),
            Treatment::Excluded => t("qs_excluded", &[]),
            Treatment::Unobserved => t("qs_unobserved", &[]),
        };
        let _ = writeln!(
            out,
            "  {:<15} {:<16} {}  {}",
            s.key,
            s.label.get(lang),
            effect,
            t("qs_aliases", &[("aliases", &s.aliases.join(", "))])
        );
    }
    let _ = writeln!(out, "\n{}", t("qs_weights", &[]));
    for p in &q.priorities {
        let _ = writeln!(
            out,
            "  {:<4} {}  {}",
            p.key,
            trim_number(p.weight, 2),
            p.label.get(lang)
        );
    }
    let _ = writeln!(out, "\n{}", t("qs_levels", &[]));
    for l in &q.levels {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            l.level,
            l.name.get(lang),
            rules::describe(l, q, lang)
        );
    }
    for c in &q.categories {
        let _ = writeln!(out, "\n{} {} ({})", c.id, c.name.get(lang), c.key);
        for s in q.subcategories_in(c) {
            let _ = writeln!(out, "  {} {}", s.id, s.name.get(lang));
            for m in q.metrics_in_subcategory(&s.id) {
                let _ = writeln!(
                    out,
                    "    {:<7} [{}] {}",
                    m.id,
                    m.priority,
                    m.question.get(lang)
                );
            }
        }
    }
    let _ = writeln!(out, "\n{}", t("qs_count", &[("n", &q.metrics.len())]));
    terminal(out)
}
