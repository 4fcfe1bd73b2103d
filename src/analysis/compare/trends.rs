//! A unit's series over its quarters: each category's level and score
//! against its target (when there is one), and the incident KPIs of every quarter.

use super::{CategoryTrend, KpiTrend, TREND_KPIS, TargetStanding};
use crate::input::target::Target;
use crate::model::{Assessment, IncidentReport, Questionnaire};

/// One trend per questionnaire category over `series`.
pub fn category_trends<'a>(
    series: &[Assessment],
    q: &'a Questionnaire,
    target: Option<&Target>,
) -> Vec<CategoryTrend<'a>> {
    q.categories
        .iter()
        .map(|cat| {
            let goal = target.map(|t| t.level(&cat.key));
            let results: Vec<_> = series.iter().map(|a| a.category(&cat.key)).collect();
            let levels: Vec<Option<u8>> = results.iter().map(|c| c.and_then(|c| c.level)).collect();
            let scores = results
                .iter()
                .map(|c| c.and_then(|c| c.group.score))
                .collect();
            let standing = levels
                .iter()
                .map(|l| match (l, goal) {
                    (None, _) => TargetStanding::NoLevel,
                    (Some(_), None) => TargetStanding::NoTarget,
                    (Some(l), Some(g)) if *l >= g => TargetStanding::Meets,
                    (Some(_), Some(_)) => TargetStanding::Below,
                })
                .collect();
            CategoryTrend {
                category: cat,
                target: goal,
                levels,
                scores,
                standing,
            }
        })
        .collect()
}

/// The [`TREND_KPIS`] of every quarter of `series`; empty without incident KPIs.
pub fn kpi_trends<'a>(
    series: &[Assessment],
    incidents: Option<&'a IncidentReport>,
) -> Vec<KpiTrend<'a>> {
    let Some(report) = incidents else {
        return Vec::new();
    };
    TREND_KPIS
        .iter()
        .map(|k| KpiTrend {
            kpi: k,
            rows: series
                .iter()
                .map(|a| {
                    // KPI rows name their quarter as `YYYY-Qn`.
                    let period = a.key.period.to_string();
                    report.find(&a.key.org, &a.key.unit, &period, "", "", k)
                })
                .collect(),
        })
        .collect()
}
