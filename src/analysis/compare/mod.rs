//! Comparison across assessments, in two steps. [`deltas`] breaks every
//! category's score change between two quarters down into the metrics whose
//! status changed (the rows of compare.csv). [`compare`] then gathers what
//! the comparison page shows: each unit's series and quarter pairs, the
//! regressions, the answers newly contradicted by incident evidence, the
//! largest drops and the units side by side, as a typed [`Comparison`] of
//! numbers and references. Nothing is formatted here; every decision is
//! made on numbers, with the 2-decimal rule of [`rounding`].

mod breakdown;
mod pairs;
mod ranking;
pub mod rounding;
mod trends;
mod types;

pub use breakdown::{DeltaRow, SCORED_SET_CHANGE, TOTAL, deltas, round4};
pub use types::*;

use crate::model::Assessment;
use std::collections::BTreeMap;

/// The (org, unit) runs of assessments sorted by (org, unit, period).
pub fn series(assessments: &[Assessment]) -> Vec<&[Assessment]> {
    assessments
        .chunk_by(|a, b| a.key.org == b.key.org && a.key.unit == b.key.unit)
        .collect()
}

/// Compare the assessments of `sources`: per organisation and unit, in the
/// order of the assessments, with the headline tally and the largest drops.
pub fn compare<'a>(sources: &Sources<'a>) -> Comparison<'a> {
    // Delta rows per (org, unit), in order.
    let mut deltas_of: BTreeMap<(&str, &str), Vec<&DeltaRow>> = BTreeMap::new();
    for d in sources.deltas {
        deltas_of
            .entry((d.org.as_str(), d.unit.as_str()))
            .or_default()
            .push(d);
    }
    let mut tally = Tally::default();
    let mut drops = Vec::new();
    let all_series = series(sources.assessments);
    let mut orgs = Vec::new();
    for org_series in all_series.chunk_by(|a, b| a[0].key.org == b[0].key.org) {
        let mut units = Vec::new();
        for s in org_series {
            let key = &s[0].key;
            let unit_deltas = deltas_of
                .get(&(key.org.as_str(), key.unit.as_str()))
                .map_or(&[][..], Vec::as_slice);
            units.push(UnitComparison {
                series: s,
                trends: trends::category_trends(s, sources.questionnaire, sources.target),
                kpis: trends::kpi_trends(s, sources.incidents),
                pairs: pairs::unit_pairs(s, unit_deltas, &mut tally, &mut drops),
            });
        }
        let latest = ranking::latest(org_series).expect("a series is never empty");
        orgs.push(OrgComparison {
            org: &org_series[0][0].key.org,
            units,
            latest,
            ranking: ranking::ranking(org_series, latest, sources.questionnaire, sources.target),
            not_in_latest: ranking::not_in_latest(org_series, latest),
        });
    }
    tally.assessments = sources.assessments.len();
    tally.units = all_series.len();
    drops.sort_by(|a, b| a.total.total_cmp(&b.total));
    drops.truncate(LARGEST_DROPS);
    Comparison {
        orgs,
        tally,
        largest_drops: drops,
        has_incidents: sources.incidents.is_some(),
    }
}

#[cfg(test)]
mod tests;
