//! Consistency checks run on every questionnaire as it is loaded.

use super::Origin;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::model::{Questionnaire, Treatment};
use std::collections::{BTreeMap, BTreeSet};

const KINDS: &[&str] = &[
    "prerequisite",
    "control",
    "activity",
    "supporting_mechanism",
    "artifact",
    "quality",
];

fn invalid(origin: &Origin, id: impl Into<String>, message: impl Into<String>) -> Error {
    Error::QuestionnaireInvalid {
        origin: origin.to_string(),
        id: id.into(),
        message: message.into(),
    }
}

/// Checks that need the raw table so that the error can name the metric:
/// indicator kinds (the typed parser would only give a line number).
pub(super) fn precheck(table: &toml::Table, origin: &Origin) -> Result<()> {
    let Some(metrics) = table.get("metric").and_then(|m| m.as_array()) else {
        return Ok(());
    };
    for m in metrics {
        let id = m
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or("(metric without id)");
        let indicators = m.get("indicators").and_then(|v| v.as_array());
        for (n, ind) in indicators.into_iter().flatten().enumerate() {
            let kind = match ind.get("kind") {
                Some(toml::Value::String(k)) => k.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            if !KINDS.contains(&kind.as_str()) {
                return Err(invalid(
                    origin,
                    tr("q_metric", &[("id", &id)]),
                    tr(
                        "q_indicator_kind",
                        &[
                            ("n", &(n + 1)),
                            ("kind", &kind),
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

fn unique<'a>(origin: &Origin, what: &str, ids: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if id.trim().is_empty() {
            return Err(invalid(origin, what, tr("q_empty_id", &[("what", &what)])));
        }
        if !seen.insert(id) {
            return Err(invalid(
                origin,
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
pub(super) fn resolve_and_check(q: &mut Questionnaire, origin: &Origin) -> Result<()> {
    check_scale(q, origin)?;
    check_levels(q, origin)?;
    unique(
        origin,
        "category",
        q.categories.iter().map(|c| c.key.as_str()),
    )?;
    unique(
        origin,
        "category id",
        q.categories.iter().map(|c| c.id.as_str()),
    )?;
    unique(
        origin,
        "subcategory",
        q.subcategories.iter().map(|s| s.id.as_str()),
    )?;
    unique(origin, "metric", q.metrics.iter().map(|m| m.id.as_str()))?;

    let cat_ids: BTreeMap<String, String> = q
        .categories
        .iter()
        .flat_map(|c| [(c.key.clone(), c.id.clone()), (c.id.clone(), c.id.clone())])
        .collect();
    for s in &mut q.subcategories {
        let wanted = if s.category.is_empty() {
            parent_id(&s.id).to_string()
        } else {
            s.category.clone()
        };
        match cat_ids.get(&wanted) {
            Some(id) => s.category = id.clone(),
            None => {
                return Err(invalid(
                    origin,
                    tr("q_subcategory", &[("id", &s.id)]),
                    tr("q_no_category", &[("wanted", &wanted)]),
                ));
            }
        }
    }
    let sub_ids: BTreeSet<String> = q.subcategories.iter().map(|s| s.id.clone()).collect();
    let priorities: Vec<String> = q.priorities.iter().map(|p| p.key.clone()).collect();
    for m in &mut q.metrics {
        if m.subcategory.is_empty() {
            m.subcategory = parent_id(&m.id).to_string();
        }
        if !sub_ids.contains(&m.subcategory) {
            return Err(invalid(
                origin,
                tr("q_metric", &[("id", &m.id)]),
                tr("q_no_subcategory", &[("wanted", &m.subcategory)]),
            ));
        }
        if !priorities.contains(&m.priority) {
            return Err(invalid(
                origin,
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
            return Err(invalid(
                origin,
                tr("q_metric", &[("id", &m.id)]),
                tr("q_no_indicators", &[]),
            ));
        }
    }
    if q.metrics.is_empty() {
        return Err(invalid(origin, &q.id, tr("q_no_metrics", &[])));
    }
    check_incident_settings(q, origin)
}

fn check_incident_settings(q: &mut Questionnaire, origin: &Origin) -> Result<()> {
    let settings = &mut q.incidents;
    for list in [&mut settings.categories, &mut settings.severities] {
        for v in list.iter_mut() {
            *v = v.trim().to_lowercase();
        }
    }
    for (severity, hours) in &settings.sla_hours {
        if !settings.severities.contains(&severity.to_lowercase()) {
            return Err(invalid(
                origin,
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
            return Err(invalid(
                origin,
                "incidents.sla_hours",
                tr("q_sla_hours", &[("severity", severity)]),
            ));
        }
    }
    let settings = q.incidents.clone();
    for m in &mut q.metrics {
        for rule in &mut m.evidence {
            let id = tr("q_metric", &[("id", &m.id)]);
            if !crate::model::incident::KPI_NAMES.contains(&rule.kpi.as_str()) {
                return Err(invalid(
                    origin,
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
                return Err(invalid(origin, id, tr("q_rule_op", &[("op", &rule.op)])));
            }
            if let Some(c) = &mut rule.category {
                *c = c.trim().to_lowercase();
                if !settings.categories.contains(c) {
                    return Err(invalid(
                        origin,
                        id,
                        tr("q_rule_category", &[("category", c)]),
                    ));
                }
            } else if rule.kpi == "category_share" {
                return Err(invalid(origin, id, tr("q_rule_share", &[])));
            }
            if let Some(s) = &mut rule.severity {
                *s = s.trim().to_lowercase();
                if !settings.severities.contains(s) {
                    return Err(invalid(
                        origin,
                        id,
                        tr("q_rule_severity", &[("severity", s)]),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn check_scale(q: &Questionnaire, origin: &Origin) -> Result<()> {
    unique(origin, "status", q.statuses.iter().map(|s| s.key.as_str()))?;
    unique(
        origin,
        "priority",
        q.priorities.iter().map(|p| p.key.as_str()),
    )?;
    let mut spellings: BTreeMap<String, &str> = BTreeMap::new();
    for s in &q.statuses {
        if s.treatment == Treatment::Scored && !(0.0..=1.0).contains(&s.points) {
            return Err(invalid(
                origin,
                tr("q_status", &[("id", &s.key)]),
                tr("q_points", &[("points", &s.points)]),
            ));
        }
        for spelling in std::iter::once(&s.key).chain(&s.aliases) {
            let folded = spelling.trim().to_lowercase();
            if let Some(other) = spellings.insert(folded, &s.key)
                && other != s.key
            {
                return Err(invalid(
                    origin,
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
        return Err(invalid(origin, "status", tr("q_no_scored", &[])));
    }
    let unobserved = q
        .statuses
        .iter()
        .filter(|s| s.treatment == Treatment::Unobserved)
        .count();
    if unobserved != 1 {
        return Err(invalid(
            origin,
            "status",
            tr("q_unobserved", &[("found", &unobserved)]),
        ));
    }
    for p in &q.priorities {
        if !(p.weight.is_finite() && p.weight > 0.0) {
            return Err(invalid(
                origin,
                tr("q_priority", &[("id", &p.key)]),
                tr("q_weight", &[("weight", &p.weight)]),
            ));
        }
    }
    Ok(())
}

fn check_levels(q: &Questionnaire, origin: &Origin) -> Result<()> {
    let status_known = |k: &String| q.statuses.iter().any(|s| &s.key == k);
    for (i, l) in q.levels.iter().enumerate() {
        let id = tr("q_level", &[("id", &l.level)]);
        if usize::from(l.level) != i + 1 {
            return Err(invalid(
                origin,
                id,
                tr("q_level_order", &[("expected", &(i + 1))]),
            ));
        }
        let statuses = l
            .any_of
            .iter()
            .chain(&l.forbid)
            .chain(l.require.iter().flat_map(|r| &r.status));
        for s in statuses {
            if !status_known(s) {
                return Err(invalid(origin, id, tr("q_level_status", &[("status", s)])));
            }
        }
        for r in &l.require {
            if r.priority != "*" && q.priority(&r.priority).is_none() {
                return Err(invalid(
                    origin,
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
            "q.toml: metric 1.1.1: duplicate metric id '1.1.1'; every metric needs its own"
        );
    }

    #[test]
    fn metric_in_missing_subcategory_is_rejected() {
        let src = format!("{BASE}{}", metric("1.9.1", "I", "control"));
        let e = err(&src);
        assert!(
            e.starts_with("q.toml: metric 1.9.1: points to subcategory '1.9'"),
            "{e}"
        );
    }

    #[test]
    fn unknown_priority_is_rejected_with_the_allowed_ones() {
        let src = format!("{BASE}{}", metric("1.1.1", "IV", "control"));
        assert_eq!(
            err(&src),
            "q.toml: metric 1.1.1: unknown priority 'IV'; use one of: I"
        );
    }

    #[test]
    fn unknown_indicator_kind_is_rejected_with_the_metric_id() {
        let src = format!("{BASE}{}", metric("1.1.1", "I", "evidence"));
        let e = err(&src);
        assert!(
            e.starts_with("q.toml: metric 1.1.1: indicator 1 has unknown kind 'evidence'"),
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
    fn an_alias_naming_two_statuses_is_rejected() {
        let src = BASE.replace(
            "label = { en = \"NO\", ja = \"未確認\" }",
            "label = { en = \"NO\", ja = \"未確認\" }\naliases = [\"YES\"]",
        );
        let e = err(&format!("{src}{}", metric("1.1.1", "I", "control")));
        assert!(e.contains("'YES' is also a spelling of 'yes'"), "{e}");
    }
}
