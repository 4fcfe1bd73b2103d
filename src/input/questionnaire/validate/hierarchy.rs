//! The hierarchy of a questionnaire: categories, subcategories and metrics
//! each with unique ids, every subcategory under a category and every
//! metric under a subcategory (derived from its id when not given), with a
//! known priority and at least one indicator.

use super::Ctx;
use crate::error::Result;
use crate::i18n::tr;
use crate::input::questionnaire::source::Seg;
use crate::model::Questionnaire;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The id a dotted id sits under: `1.2` for `1.2.3`, empty for `1`.
fn parent_id(id: &str) -> &str {
    id.rsplit_once('.').map_or("", |(p, _)| p)
}

/// Every id of list `list` (its field `field`) is non-empty and unique.
pub(super) fn unique<'a>(
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

/// Check the ids and fill in and check every parent reference.
pub(super) fn resolve(q: &mut Questionnaire, ctx: &Ctx<'_, '_>) -> Result<()> {
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
        if let Some(effort) = m.effort
            && !crate::model::EFFORT_RANGE.contains(&effort)
        {
            return Err(ctx.invalid(
                &at("effort"),
                tr("q_metric", &[("id", &m.id)]),
                tr("q_bad_effort", &[("effort", &effort)]),
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
    Ok(())
}
