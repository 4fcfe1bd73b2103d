//! The scoring scale of a questionnaire: its statuses and their treatment,
//! its priorities and weights, its maturity levels, and a bound on the
//! size of the table every score fills.

use super::Ctx;
use super::hierarchy::unique;
use crate::error::Result;
use crate::i18n::tr;
use crate::input::questionnaire::source::Seg;
use crate::limits::Limit;
use crate::model::{Questionnaire, Treatment};
use std::collections::{BTreeMap, HashSet};

/// Every score counts its metrics by priority and status for every group
/// (each subcategory, each category and the whole), so that table grows with
/// groups × priorities × statuses: a small file with a thousand statuses and
/// a thousand priorities would need gigabytes per assessment. It is bounded
/// by 100 × the `questionnaire-metrics` limit (the built-in questionnaire
/// needs 330).
pub(super) fn check_size(q: &Questionnaire, ctx: &Ctx<'_, '_>) -> Result<()> {
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

pub(super) fn check_scale(q: &Questionnaire, ctx: &Ctx<'_, '_>) -> Result<()> {
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

pub(super) fn check_levels(q: &Questionnaire, ctx: &Ctx<'_, '_>) -> Result<()> {
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
