//! The changes one category needs to reach a target level, derived from the
//! questionnaire's level rules (see the module documentation of
//! [`super`] for the order of choices).

use super::{Efforts, Obstacle, effort_of};
use crate::model::{LevelRule, MetricResult, Questionnaire, StatusDef, Treatment};
use std::collections::BTreeMap;

/// The changes (metric id → status key, in metric id order) and what keeps
/// the target out of reach by answers alone.
#[derive(Debug, Default)]
pub(super) struct Solved {
    /// Metric id and the status it moves to.
    pub changes: BTreeMap<String, String>,
    /// Obstacles found while planning.
    pub obstacles: Vec<Obstacle>,
}

/// Rounds of the `any_of` pass: a later level's choice could in principle
/// move the metric an earlier level relied on, so the pass repeats until
/// nothing changes (questionnaires have a handful of levels).
const ANY_OF_ROUNDS: usize = 8;

/// Plan the metrics of one category (`metrics`, as scored) for `target`.
pub(super) fn solve(
    q: &Questionnaire,
    metrics: &[&MetricResult],
    target: u8,
    efforts: &Efforts,
) -> Solved {
    let mut out = Solved::default();
    let applicable: Vec<&MetricResult> = metrics
        .iter()
        .copied()
        .filter(|m| m.treatment != Treatment::Excluded)
        .collect();
    if applicable.is_empty() {
        out.obstacles.push(Obstacle::NoApplicableMetric);
        return out;
    }
    let levels: Vec<&LevelRule> = q.levels.iter().filter(|l| l.level <= target).collect();
    let allowed: BTreeMap<&str, Vec<&StatusDef>> = applicable
        .iter()
        .map(|m| (m.id.as_str(), allowed_statuses(q, &levels, &m.priority)))
        .collect();
    // 1. require and forbid: every metric on its own.
    for m in &applicable {
        let ok = &allowed[m.id.as_str()];
        if ok.iter().any(|s| s.key == m.status) {
            continue;
        }
        match least(ok, m.points) {
            Some(s) => {
                out.changes.insert(m.id.clone(), s.key.clone());
            }
            None => out.obstacles.push(Obstacle::NoStatusMeets {
                metric: m.id.clone(),
            }),
        }
    }
    // 2. any_of: one metric per level that still fails.
    for _ in 0..ANY_OF_ROUNDS {
        let mut moved = false;
        for level in levels.iter().filter(|l| !l.any_of.is_empty()) {
            let status_of = |m: &MetricResult| -> String {
                out.changes
                    .get(&m.id)
                    .cloned()
                    .unwrap_or_else(|| m.status.clone())
            };
            if applicable
                .iter()
                .any(|m| level.any_of.contains(&status_of(m)))
            {
                continue;
            }
            let mut candidates: Vec<(&MetricResult, &StatusDef)> = applicable
                .iter()
                .filter_map(|m| {
                    let options: Vec<&StatusDef> = allowed[m.id.as_str()]
                        .iter()
                        .copied()
                        .filter(|s| level.any_of.contains(&s.key))
                        .collect();
                    let now = q
                        .status(&status_of(m))
                        .filter(|s| s.treatment == Treatment::Scored)
                        .map(|s| s.points);
                    least(&options, now).map(|s| (*m, s))
                })
                .collect();
            candidates.sort_by(|(a, _), (b, _)| {
                let changed = |m: &MetricResult| !out.changes.contains_key(&m.id);
                changed(a)
                    .cmp(&changed(b))
                    .then(b.weight.total_cmp(&a.weight))
                    .then(
                        effort_of(q, efforts, &a.id)
                            .unwrap_or(u8::MAX)
                            .cmp(&effort_of(q, efforts, &b.id).unwrap_or(u8::MAX)),
                    )
                    .then(crate::model::compare_ids(&a.id, &b.id))
            });
            match candidates.first() {
                Some((m, s)) => {
                    out.changes.insert(m.id.clone(), s.key.clone());
                    moved = true;
                }
                None => {
                    let o = Obstacle::AnyOfUnmet { level: level.level };
                    if !out.obstacles.contains(&o) {
                        out.obstacles.push(o);
                    }
                }
            }
        }
        if !moved {
            break;
        }
    }
    // A metric moved back to the status it has is no change.
    out.changes
        .retain(|id, to| applicable.iter().any(|m| &m.id == id && &m.status != to));
    out
}

/// The statuses a metric of `priority` may have for every level of
/// `levels` to hold on its account: listed by each `require` that concerns
/// it and by no `forbid`. Excluded statuses are never offered (a plan does
/// not declare work not applicable).
fn allowed_statuses<'q>(
    q: &'q Questionnaire,
    levels: &[&LevelRule],
    priority: &str,
) -> Vec<&'q StatusDef> {
    q.statuses
        .iter()
        .filter(|s| s.treatment != Treatment::Excluded)
        .filter(|s| {
            levels.iter().all(|l| {
                !l.forbid.contains(&s.key)
                    && l.require
                        .iter()
                        .filter(|r| r.priority == "*" || r.priority == priority)
                        .all(|r| r.status.contains(&s.key))
            })
        })
        .collect()
}

/// The least of `options`: the scored status with the fewest points, not
/// fewer than `now` when one qualifies; an unobserved status only when no
/// scored one is offered. Ties go to the questionnaire's order.
fn least<'q>(options: &[&'q StatusDef], now: Option<f64>) -> Option<&'q StatusDef> {
    let scored = options.iter().filter(|s| s.treatment == Treatment::Scored);
    let fewest = |it: &mut dyn Iterator<Item = &&'q StatusDef>| {
        it.fold(None::<&'q StatusDef>, |best, s| match best {
            Some(b) if b.points <= s.points => Some(b),
            _ => Some(*s),
        })
    };
    let not_lower = fewest(&mut scored.clone().filter(|s| now.is_none_or(|p| s.points >= p)));
    not_lower
        .or_else(|| fewest(&mut scored.clone()))
        .or_else(|| {
            options
                .iter()
                .find(|s| s.treatment == Treatment::Unobserved)
                .copied()
        })
}
