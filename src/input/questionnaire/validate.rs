//! Consistency checks run on every questionnaire as it is loaded. Each
//! error names the file and line of the value at fault (through
//! [`super::source`]), even when that value came from a base questionnaire.

use super::source::{Files, Seg, locate, show_value};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::limits::Limit;
use crate::model::{Questionnaire, Treatment};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

const KINDS: &[&str] = &[
    "prerequisite",
    "control",
    "activity",
    "supporting_mechanism",
    "artifact",
    "quality",
];

/// What the checks need to place an error: the files, and the (merged) tree
/// the questionnaire was read from (built again when an error needs it), in
/// the same order as its lists.
pub(super) struct Ctx<'c, 'f> {
    pub files: &'c Files,
    pub tree: &'c super::Tree<'f>,
}

impl Ctx<'_, '_> {
    /// An error about `id` at `path` (the deepest part of it that exists).
    fn invalid(
        &self,
        path: &[Seg<'_>],
        id: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        let span = if path.is_empty() {
            None
        } else {
            (self.tree)().ok().and_then(|t| locate(&t, path))
        };
        self.files.invalid(span, id.into(), message.into())
    }
}

/// Checks that need the raw table so that the error can name the metric:
/// indicator kinds (the typed reader would only give a line number).
pub(super) fn precheck(tree: &Spanned<DeTable<'_>>, files: &Files) -> Result<()> {
    let Some(metrics) = tree
        .get_ref()
        .get("metric")
        .and_then(|m| m.get_ref().as_array())
    else {
        return Ok(());
    };
    for m in metrics {
        let id = m
            .get_ref()
            .get("id")
            .and_then(|v| v.get_ref().as_str())
            .unwrap_or("(metric without id)");
        let indicators = m
            .get_ref()
            .get("indicators")
            .and_then(|v| v.get_ref().as_array());
        for (n, ind) in indicators.into_iter().flatten().enumerate() {
            let kind = ind.get_ref().get("kind");
            let shown = kind.map_or_else(String::new, |k| show_value(k.get_ref()));
            if !matches!(kind.map(|k| k.get_ref()), Some(DeValue::String(k)) if KINDS.contains(&k.as_ref()))
            {
                let span = kind.map_or_else(|| ind.span(), Spanned::span);
                return Err(files.invalid(
                    Some(span),
                    tr("q_metric", &[("id", &id)]),
                    tr(
                        "q_indicator_kind",
                        &[
                            ("n", &(n + 1)),
                            ("kind", &shown),
                            ("kinds", &KINDS.join(", ")),
                        ],
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn parent_id(id: &str) -> &str {
    id.rsplit_once('.').map_or("", |(p, _)| p)
}

/// Every id of list `list` (its field `field`) is non-empty and unique.
fn unique<'a>(
    ctx: &Ctx<'_, '_>,
    what: &str,
    list: &str,
    field: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        let at = [Seg::Key(list), Seg::At(i), Seg::Key(field)];
        if id.trim().is_empty() {
            return Err(ctx.invalid(&at, what, tr("q_empty_id", &[("what", &what)])));
        }
        if !seen.insert(id) {
            return Err(ctx.invalid(
                &at,
                format!("{what} {id}"),
                tr(
                    "q_duplicate",
                    &[
                        ("what", &what),
                        ("kind", &what.trim_end_matches(" id")),
                        ("id", &id),
                    ],
                ),
            ));
        }
    }
    Ok(())
}

/// Fill in derived fields (subcategory → category, metric → subcategory) and
/// check that every reference resolves.
pub(super) fn resolve_and_check(q: &mut Questionnaire, ctx: &Ctx<'_, '_>) -> Result<()> {
    check_size(q, ctx)?;
    check_scale(q, ctx)?;
    check_levels(q, ctx)?;
    unique(
        ctx,
        "category",
        "category",
        "key",
        q.categories.iter().map(|c| c.key.as_str()),
    )?;
    unique(
        ctx,
        "category id",
        "category",
        "id",
        q.categories.iter().map(|c| c.id.as_str()),
    )?;
    unique(
        ctx,
        "subcategory",
        "subcategory",
        "id",
        q.subcategories.iter().map(|s| s.id.as_str()),
    )?;
    unique(
        ctx,
        "metric",
        "metric",
        "id",
        q.metrics.iter().map(|m| m.id.as_str()),
    )?;

    let cat_ids: BTreeMap<String, String> = q
        .categories
        .iter()
        .flat_map(|c| [(c.key.clone(), c.id.clone()), (c.id.clone(), c.id.clone())])
        .collect();
    for (i, s) in q.subcategories.iter_mut().enumerate() {
        let (wanted, field) = if s.category.is_empty() {
            (parent_id(&s.id).to_string(), "id")
        } else {
            (s.category.clone(), "category")
        };
        match cat_ids.get(&wanted) {
            Some(id) => s.category = id.clone(),
            None => {
                return Err(ctx.invalid(
                    &[Seg::Key("subcategory"), Seg::At(i), Seg::Key(field)],
                    tr("q_subcategory", &[("id", &s.id)]),
                    tr("q_no_category", &[("wanted", &wanted)]),
                ));
            }
        }
    }
    let sub_ids: BTreeSet<String> = q.subcategories.iter().map(|s| s.id.clone()).collect();
    let priorities: Vec<String> = q.priorities.iter().map(|p| p.key.clone()).collect();
    let known_priorities: HashSet<&str> = priorities.iter().map(String::as_str).collect();
    for (i, m) in q.metrics.iter_mut().enumerate() {
        let at = |field| [Seg::Key("metric"), Seg::At(i), Seg::Key(field)];
        let sub_field = if m.subcategory.is_empty() {
            m.subcategory = parent_id(&m.id).to_string();
            "id"
        } else {
            "subcategory"
        };
        if !sub_ids.contains(&m.subcategory) {
            return Err(ctx.invalid(
                &at(sub_field),
                tr("q_metric", &[("id", &m.id)]),
                tr("q_no_subcategory", &[("wanted", &m.subcategory)]),
            ));
        }
        if !known_priorities.contains(m.priority.as_str()) {
            return Err(ctx.invalid(
                &at("priority"),
                tr("q_metric", &[("id", &m.id)]),
                tr(
                    "q_unknown_priority",
                    &[
                        ("priority", &m.priority),
                        ("priorities", &priorities.join(", ")),
                    ],
                ),
            ));
        }
        if m.indicators.is_empty() {
            return Err(ctx.invalid(
                &at("indicators"),
                tr("q_metric", &[("id", &m.id)]),
                tr("q_no_indicators", &[]),
            ));
        }
    }
    if q.metrics.is_empty() {
        return Err(ctx.invalid(&[], &q.id, tr("q_no_metrics", &[])));
    }
    check_incident_settings(q, ctx)
}

fn check_incident_settings(q: &mut Questionnaire, ctx: &Ctx<'_, '_>) -> Result<()> {
    let settings = &mut q.incidents;
    for list in [&mut settings.categories, &mut settings.severities] {
        for v in list.iter_mut() {
            *v = v.trim().to_lowercase();
        }
    }
    for (severity, hours) in &settings.sla_hours {
        let at = [
            Seg::Key("incidents"),
            Seg::Key("sla_hours"),
            Seg::Key(severity),
        ];
        if !settings.severities.contains(&severity.to_lowercase()) {
            return Err(ctx.invalid(
                &at,
                "incidents.sla_hours",
                tr(
                    "q_sla_severity",
                    &[
                        ("severity", severity),
                        ("severities", &settings.severities.join(", ")),
                    ],
                ),
            ));
        }
        if !(hours.is_finite() && *hours > 0.0) {
            return Err(ctx.invalid(
                &at,
                "incidents.sla_hours",
                tr("q_sla_hours", &[("severity", severity)]),
            ));
        }
    }
    let settings = q.incidents.clone();
    for (i, m) in q.metrics.iter_mut().enumerate() {
        for (n, rule) in m.evidence.iter_mut().enumerate() {
            let at = |field| {
                [
                    Seg::Key("metric"),
                    Seg::At(i),
                    Seg::Key("evidence"),
                    Seg::At(n),
                    Seg::Key(field),
                ]
            };
            let id = tr("q_metric", &[("id", &m.id)]);
            if !crate::model::incident::KPI_NAMES.contains(&rule.kpi.as_str()) {
                return Err(ctx.invalid(
                    &at("kpi"),
                    id,
                    tr(
                        "q_rule_kpi",
                        &[
                            ("kpi", &rule.kpi),
                            ("kpis", &crate::model::incident::KPI_NAMES.join(", ")),
                        ],
                    ),
                ));
            }
            if !["<=", "<", ">=", ">"].contains(&rule.op.as_str()) {
                return Err(ctx.invalid(&at("op"), id, tr("q_rule_op", &[("op", &rule.op)])));
            }
            if let Some(c) = &mut rule.category {
                *c = c.trim().to_lowercase();
                if !settings.categories.contains(c) {
                    return Err(ctx.invalid(
                        &at("category"),
                        id,
                        tr("q_rule_category", &[("category", c)]),
                    ));
                }
            } else if rule.kpi == "category_share" {
                return Err(ctx.invalid(&at("kpi"), id, tr("q_rule_share", &[])));
            }
            if let Some(s) = &mut rule.severity {
                *s = s.trim().to_lowercase();
                if !settings.severities.contains(s) {
                    return Err(ctx.invalid(
                        &at("severity"),
                        id,
                        tr("q_rule_severity", &[("severity", s)]),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Every score counts its metrics by priority and status for every group
/// (each subcategory, each category and the whole), so that table grows with
/// groups × priorities × statuses: a small file with a thousand statuses and
/// a thousand priorities would need gigabytes per assessment. It is bounded
/// by 100 × the `questionnaire-metrics` limit (the built-in questionnaire
/// needs 330).
fn check_size(q: &Questionnaire, ctx: &Ctx<'_, '_>) -> Result<()> {
    let groups = (q.subcategories.len() + q.categories.len() + 1) as u64;
    let cells = groups
        .saturating_mul(q.priorities.len() as u64)
        .saturating_mul(q.statuses.len() as u64);
    let max = Limit::QuestionnaireMetrics.get().saturating_mul(100);
    if cells > max {
        return Err(ctx.invalid(
            &[],
            "status",
            tr(
                "q_count_cells",
                &[
                    ("subcategories", &q.subcategories.len()),
                    ("categories", &q.categories.len()),
                    ("priorities", &q.priorities.len()),
                    ("statuses", &q.statuses.len()),
                    ("cells", &cells),
                    ("max", &max),
                    ("name", &Limit::QuestionnaireMetrics.name()),
                ],
            ),
        ));
    }
    Ok(())
}

fn check_scale(q: &Questionnaire, ctx: &Ctx<'_, '_>) -> Result<()> {
    unique(
        ctx,
        "status",
        "status",
        "key",
        q.statuses.iter().map(|s| s.key.as_str()),
    )?;
    unique(
        ctx,
        "priority",
        "priority",
        "key",
        q.priorities.iter().map(|p| p.key.as_str()),
    )?;
    let mut spellings: BTreeMap<String, &str> = BTreeMap::new();
    for (i, s) in q.statuses.iter().enumerate() {
        let at = |field| [Seg::Key("status"), Seg::At(i), Seg::Key(field)];
        if s.treatment == Treatment::Scored && !(0.0..=1.0).contains(&s.points) {
            return Err(ctx.invalid(
                &at("points"),
                tr("q_status", &[("id", &s.key)]),
                tr("q_points", &[("points", &s.points)]),
            ));
        }
        for (n, spelling) in std::iter::once(&s.key).chain(&s.aliases).enumerate() {
            let folded = spelling.trim().to_lowercase();
            if let Some(other) = spellings.insert(folded, &s.key)
                && other != s.key
            {
                let place = if n == 0 {
                    at("key").to_vec()
                } else {
                    vec![
                        Seg::Key("status"),
                        Seg::At(i),
                        Seg::Key("aliases"),
                        Seg::At(n - 1),
                    ]
                };
                return Err(ctx.invalid(
                    &place,
                    tr("q_status", &[("id", &s.key)]),
                    tr(
                        "q_alias_twice",
                        &[("spelling", spelling), ("other", &other)],
                    ),
                ));
            }
        }
    }
    if !q.statuses.iter().any(|s| s.treatment == Treatment::Scored) {
        return Err(ctx.invalid(&[Seg::Key("status")], "status", tr("q_no_scored", &[])));
    }
    let unobserved = q
        .statuses
        .iter()
        .filter(|s| s.treatment == Treatment::Unobserved)
        .count();
    if unobserved != 1 {
        return Err(ctx.invalid(
            &[Seg::Key("status")],
            "status",
            tr("q_unobserved", &[("found", &unobserved)]),
        ));
    }
    for (i, p) in q.priorities.iter().enumerate() {
        if !(p.weight.is_finite() && p.weight > 0.0) {
            return Err(ctx.invalid(
                &[Seg::Key("priority"), Seg::At(i), Seg::Key("weight")],
                tr("q_priority", &[("id", &p.key)]),
                tr("q_weight", &[("weight", &p.weight)]),
            ));
        }
    }
    Ok(())
}

fn check_levels(q: &Questionnaire, ctx: &Ctx<'_, '_>) -> Result<()> {
    let known: HashSet<&str> = q.statuses.iter().map(|s| s.key.as_str()).collect();
    for (i, l) in q.levels.iter().enumerate() {
        let id = tr("q_level", &[("id", &l.level)]);
        let at = |field| [Seg::Key("level"), Seg::At(i), Seg::Key(field)];
        if usize::from(l.level) != i + 1 {
            return Err(ctx.invalid(
                &at("level"),
                id,
                tr("q_level_order", &[("expected", &(i + 1))]),
            ));
        }
        let statuses = l
            .any_of
            .iter()
            .map(|s| (s, "any_of"))
            .chain(l.forbid.iter().map(|s| (s, "forbid")))
            .chain(
                l.require
                    .iter()
                    .flat_map(|r| &r.status)
                    .map(|s| (s, "require")),
            );
        for (s, field) in statuses {
            if !known.contains(s.as_str()) {
                return Err(ctx.invalid(&at(field), id, tr("q_level_status", &[("status", s)])));
            }
        }
        for (n, r) in l.require.iter().enumerate() {
            if r.priority != "*" && q.priority(&r.priority).is_none() {
                return Err(ctx.invalid(
                    &[
                        Seg::Key("level"),
                        Seg::At(i),
                        Seg::Key("require"),
                        Seg::At(n),
                        Seg::Key("priority"),
                    ],
                    id,
                    tr("q_level_priority", &[("priority", &r.priority)]),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Origin, parse};

    const BASE: &str = r#"
id = "t"
version = "1"
title = { en = "T", ja = "T" }
[[status]]
key = "yes"
treatment = "scored"
points = 1.0
label = { en = "Yes", ja = "はい" }
[[status]]
key = "not_observed"
treatment = "unobserved"
label = { en = "NO", ja = "未確認" }
[[priority]]
key = "I"
weight = 3.0
label = { en = "I", ja = "I" }
[[level]]
level = 1
name = { en = "Initial", ja = "初期" }
any_of = ["yes"]
[[category]]
key = "protect"
id = "1"
name = { en = "Protect", ja = "防護" }
[[subcategory]]
id = "1.1"
name = { en = "Risk", ja = "リスク" }
"#;

    fn metric(id: &str, priority: &str, kind: &str) -> String {
        format!(
            r#"
[[metric]]
id = "{id}"
priority = "{priority}"
question = {{ en = "Q?", ja = "Q？" }}
guidance = {{ en = "G", ja = "G" }}
indicators = [{{ kind = "{kind}", required = true, text = {{ en = "x", ja = "x" }} }}]
"#
        )
    }

    fn err(src: &str) -> String {
        parse(src, Origin::File("q.toml".into()))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_minimal_questionnaire_loads_and_derives_parents() {
        let src = format!("{BASE}{}", metric("1.1.1", "I", "control"));
        let q = parse(&src, Origin::File("q.toml".into()))
            .unwrap()
            .questionnaire;
        assert_eq!(q.metrics[0].subcategory, "1.1");
        assert_eq!(q.subcategories[0].category, "1");
    }

    #[test]
    fn duplicate_metric_ids_are_rejected_with_the_id() {
        let src = format!(
            "{BASE}{}{}",
            metric("1.1.1", "I", "control"),
            metric("1.1.1", "I", "control")
        );
        assert_eq!(
            err(&src),
            "q.toml:38: metric 1.1.1: duplicate metric id '1.1.1'; every metric needs its own"
        );
    }

    #[test]
    fn metric_in_missing_subcategory_is_rejected() {
        let src = format!("{BASE}{}", metric("1.9.1", "I", "control"));
        let e = err(&src);
        assert!(
            e.starts_with("q.toml:31: metric 1.9.1: points to subcategory '1.9'"),
            "{e}"
        );
    }

    #[test]
    fn unknown_priority_is_rejected_with_the_allowed_ones() {
        let src = format!("{BASE}{}", metric("1.1.1", "IV", "control"));
        assert_eq!(
            err(&src),
            "q.toml:32: metric 1.1.1: unknown priority 'IV'; use one of: I"
        );
    }

    #[test]
    fn unknown_indicator_kind_is_rejected_with_the_metric_id() {
        let src = format!("{BASE}{}", metric("1.1.1", "I", "evidence"));
        let e = err(&src);
        assert!(
            e.starts_with("q.toml:35: metric 1.1.1: indicator 1 has unknown kind 'evidence'"),
            "{e}"
        );
    }

    #[test]
    fn toml_syntax_errors_keep_the_line() {
        let e = err("id = \"t\"\nversion = ");
        assert!(e.starts_with("q.toml: "), "{e}");
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn a_scale_too_large_for_the_count_table_is_refused_before_it_is_scored() {
        let mut src = BASE.to_string();
        for i in 0..600 {
            src.push_str(&format!(
                "[[status]]\nkey = \"s{i}\"\ntreatment = \"excluded\"\nlabel = {{ en = \"S{i}\", ja = \"S{i}\" }}\n[[priority]]\nkey = \"p{i}\"\nweight = 1.0\nlabel = {{ en = \"P{i}\", ja = \"P{i}\" }}\n"
            ));
        }
        src.push_str(&metric("1.1.1", "I", "control"));
        let e = err(&src);
        assert!(
            e.starts_with("q.toml: status: 1 subcategories, 1 categories, 601 priorities and 602 statuses make every score count 1085406 combinations")
                && e.contains("--limit questionnaire-metrics=VALUE"),
            "{e}"
        );
    }

    #[test]
    fn an_alias_naming_two_statuses_is_rejected() {
        let src = BASE.replace(
            "label = { en = \"NO\", ja = \"未確認\" }",
            "label = { en = \"NO\", ja = \"未確認\" }\naliases = [\"YES\"]",
        );
        let e = err(&format!("{src}{}", metric("1.1.1", "I", "control")));
        assert!(e.contains("'YES' is also a spelling of 'yes'"), "{e}");
    }
}
