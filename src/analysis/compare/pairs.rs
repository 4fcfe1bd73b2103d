//! The changes between the quarter pairs of one unit: the delta rows of each
//! pair grouped by category, each category's metric lines ordered and
//! classified, the remainder of the rounded lines, and the answers newly
//! contradicted by incident evidence. Counts go into the comparison's tally.

use super::rounding::{is_zero_at_2dp, round2};
use super::{
    CategoryDelta, CategoryDrop, DeltaRow, Direction, MetricLine, PairChange, Remainder,
    RemainderCause, SCORED_SET_CHANGE, SetChange, TOTAL, Tally,
};
use crate::model::{Assessment, Corroboration, MetricResult, Period};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The pairs of one unit's series, from its delta rows (in their order).
/// A pair whose quarters are not both in `series` is skipped.
pub fn unit_pairs<'a>(
    series: &'a [Assessment],
    unit_deltas: &[&'a DeltaRow],
    tally: &mut Tally,
    drops: &mut Vec<CategoryDrop<'a>>,
) -> Vec<PairChange<'a>> {
    let by_period: BTreeMap<Period, &Assessment> =
        series.iter().map(|a| (a.key.period, a)).collect();
    let mut changes = Vec::new();
    for pair in
        unit_deltas.chunk_by(|a, b| a.from_period == b.from_period && a.to_period == b.to_period)
    {
        let (from_p, to_p) = (pair[0].from_period, pair[0].to_period);
        let (Some(from), Some(to)) = (by_period.get(&from_p), by_period.get(&to_p)) else {
            continue;
        };
        tally.pairs += 1;
        changes.push(pair_change(from, to, pair, tally, drops));
    }
    changes
}

/// Metrics contradicted in `to` and not in `from` (or absent from it).
fn newly_contradicted<'a>(
    from_metrics: &HashMap<&str, &MetricResult>,
    to: &'a Assessment,
) -> Vec<&'a MetricResult> {
    to.metrics
        .iter()
        .filter(|m| m.corroboration == Some(Corroboration::Contradicted))
        .filter(|m| {
            from_metrics
                .get(m.id.as_str())
                .is_none_or(|x| x.corroboration != Some(Corroboration::Contradicted))
        })
        .collect()
}

/// The changes of one pair from its delta rows.
fn pair_change<'a>(
    from: &'a Assessment,
    to: &'a Assessment,
    rows: &[&'a DeltaRow],
    tally: &mut Tally,
    drops: &mut Vec<CategoryDrop<'a>>,
) -> PairChange<'a> {
    let from_metrics: HashMap<&str, &MetricResult> =
        from.metrics.iter().map(|m| (m.id.as_str(), m)).collect();
    let to_metrics: HashMap<&str, &MetricResult> =
        to.metrics.iter().map(|m| (m.id.as_str(), m)).collect();
    let newly = newly_contradicted(&from_metrics, to);
    tally.newly_contradicted += newly.len();
    let newly_set: HashSet<&str> = newly.iter().map(|m| m.id.as_str()).collect();
    let mut categories = Vec::new();
    for cat_rows in rows.chunk_by(|a, b| a.category == b.category) {
        let key = cat_rows[0].category.as_str();
        let (Some(c_from), Some(c_to)) = (from.category(key), to.category(key)) else {
            continue;
        };
        let total = cat_rows
            .iter()
            .find(|r| r.metric == TOTAL)
            .map_or(0.0, |r| r.contribution);
        let mut metric_rows: Vec<&'a DeltaRow> = cat_rows
            .iter()
            .copied()
            .filter(|r| r.metric != TOTAL && r.metric != SCORED_SET_CHANGE)
            .collect();
        for r in &metric_rows {
            if r.contribution < 0.0 {
                tally.regressions += 1;
            } else if r.contribution > 0.0 {
                tally.improvements += 1;
            }
        }
        let level_changed = c_from.level != c_to.level;
        let set_changes = set_changes(&from_metrics, to, key);
        if metric_rows.is_empty()
            && is_zero_at_2dp(total)
            && !level_changed
            && set_changes.is_empty()
        {
            continue;
        }
        metric_rows.sort_by(|a, b| a.contribution.total_cmp(&b.contribution));
        let remainder = remainder(&metric_rows, total, || !set_changes.is_empty());
        let lines = metric_rows
            .iter()
            .filter_map(|r| {
                // A delta row names a metric scored in both quarters.
                let (m_from, m_to) = (
                    from_metrics.get(r.metric.as_str())?,
                    to_metrics.get(r.metric.as_str())?,
                );
                Some(MetricLine {
                    row: r,
                    from: m_from,
                    to: m_to,
                    regression: r.contribution < 0.0,
                    newly_contradicted: newly_set.contains(r.metric.as_str()),
                })
            })
            .collect();
        let direction = Direction::of(total);
        if direction == Direction::Down {
            drops.push(CategoryDrop {
                from,
                to,
                category: key,
                total,
                from_level: c_from.level,
                to_level: c_to.level,
            });
        }
        categories.push(CategoryDelta {
            key,
            from: c_from,
            to: c_to,
            total,
            direction,
            level_fell: matches!((c_from.level, c_to.level), (Some(a), Some(b)) if b < a),
            lines,
            remainder,
            set_changes,
        });
    }
    PairChange {
        from,
        to,
        categories,
        newly_contradicted: newly,
    }
}

/// What the metric lines, each rounded to 2 decimals, leave of the total
/// rounded to 2 decimals, so that the column adds up as shown; `None` when
/// that rounds to zero at 2 decimals. `set_changed` tells whether the
/// remainder is a scored-set change rather than rounding alone.
fn remainder(
    metric_rows: &[&DeltaRow],
    total: f64,
    set_changed: impl FnOnce() -> bool,
) -> Option<Remainder> {
    let shown: f64 = metric_rows.iter().map(|r| round2(r.contribution)).sum();
    let value = round2(total) - shown;
    if is_zero_at_2dp(value) {
        return None;
    }
    let cause = if set_changed() {
        RemainderCause::ScoredSetChange
    } else {
        RemainderCause::Rounding
    };
    Some(Remainder { value, cause })
}

/// The metrics of the category in `to` scored in one quarter and not in
/// the other (a metric new in `to` counts as unscored before), in `to`'s order.
fn set_changes<'a>(
    from_metrics: &HashMap<&str, &'a MetricResult>,
    to: &'a Assessment,
    key: &str,
) -> Vec<SetChange<'a>> {
    to.metrics
        .iter()
        .filter(|m| m.category == key)
        .filter_map(|m| {
            let before = from_metrics.get(m.id.as_str()).copied();
            let was_scored = before.is_some_and(|x| x.points.is_some());
            let is_scored = m.points.is_some();
            (was_scored != is_scored).then_some(SetChange {
                from: before,
                to: m,
                entered: is_scored,
            })
        })
        .collect()
}
