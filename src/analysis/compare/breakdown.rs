//! The delta breakdown (compare.csv): each category's score change between
//! two quarters broken down into the metrics whose status changed. Pure
//! functions over scored assessments; no I/O.
//!
//! A metric scored in both quarters contributes `100 × w × (p_to − p_from) / W_to`,
//! where `W_to` is the category's scored weight in the later quarter. What is
//! left of the change comes from metrics entering or leaving the scored set
//! (through `not_applicable`/`not_observed`) and is reported as one
//! "scored-set change" line, so the lines add up exactly to the change.
//! Every value is rounded to 4 decimals, and the scored-set line is computed
//! from the rounded values, so the sum holds exactly as printed; it may
//! therefore carry a rounding remainder of a few 0.0001.

use crate::model::{Assessment, Period};
use serde::Serialize;

/// The metric column value of the remainder line.
pub const SCORED_SET_CHANGE: &str = "scored-set change";
/// The metric column value of the total line.
pub const TOTAL: &str = "total";

/// One line of a delta breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeltaRow {
    /// Organisation.
    pub org: String,
    /// Unit.
    pub unit: String,
    /// Earlier quarter.
    pub from_period: Period,
    /// Later quarter.
    pub to_period: Period,
    /// Category key.
    pub category: String,
    /// Metric id, [`SCORED_SET_CHANGE`] or [`TOTAL`].
    pub metric: String,
    /// Status in the earlier quarter (metric lines only).
    pub from_status: String,
    /// Status in the later quarter (metric lines only).
    pub to_status: String,
    /// Points of score change.
    pub contribution: f64,
}

/// Round to the 4 decimals of compare.csv (and turn −0 into 0).
pub fn round4(v: f64) -> f64 {
    let r = (v * 10_000.0).round() / 10_000.0;
    if r == 0.0 { 0.0 } else { r }
}

/// The (from, to) pairs of one org and unit: consecutive quarters, or the
/// baseline against every later quarter.
fn pairs<'a>(
    series: &[&'a Assessment],
    baseline: Option<Period>,
) -> Vec<(&'a Assessment, &'a Assessment)> {
    match baseline {
        Some(b) => match series.iter().find(|a| a.key.period == b) {
            Some(base) => series
                .iter()
                .filter(|a| a.key.period > b)
                .map(|a| (*base, *a))
                .collect(),
            None => Vec::new(),
        },
        None => series.windows(2).map(|w| (w[0], w[1])).collect(),
    }
}

/// Break down every category's score change between the pairs of quarters.
/// `assessments` must be sorted by (org, unit, period), as scoring returns them.
/// Categories without a score in one of the two quarters are left out.
pub fn deltas(assessments: &[Assessment], baseline: Option<Period>) -> Vec<DeltaRow> {
    let mut rows = Vec::new();
    let mut start = 0;
    while start < assessments.len() {
        let (org, unit) = (&assessments[start].key.org, &assessments[start].key.unit);
        let end = assessments[start..]
            .iter()
            .position(|a| &a.key.org != org || &a.key.unit != unit)
            .map_or(assessments.len(), |p| start + p);
        let series: Vec<&Assessment> = assessments[start..end].iter().collect();
        for (from, to) in pairs(&series, baseline) {
            // Looked up per metric: a map keeps a pair linear in metrics.
            let from_metrics: std::collections::HashMap<&str, &crate::model::MetricResult> =
                from.metrics.iter().map(|m| (m.id.as_str(), m)).collect();
            let mut to_by_category: std::collections::HashMap<
                &str,
                Vec<&crate::model::MetricResult>,
            > = std::collections::HashMap::new();
            for m in &to.metrics {
                to_by_category
                    .entry(m.category.as_str())
                    .or_default()
                    .push(m);
            }
            for cat in &to.categories {
                let Some(before) = from.category(&cat.key) else {
                    continue;
                };
                let (Some(s_from), Some(s_to)) = (before.group.score, cat.group.score) else {
                    continue;
                };
                let line = |metric: &str, from_status: &str, to_status: &str, contribution: f64| {
                    DeltaRow {
                        org: org.clone(),
                        unit: unit.clone(),
                        from_period: from.key.period,
                        to_period: to.key.period,
                        category: cat.key.clone(),
                        metric: metric.to_string(),
                        from_status: from_status.to_string(),
                        to_status: to_status.to_string(),
                        contribution,
                    }
                };
                let w_to = cat.group.scored_weight;
                // Lines are kept at the 4 decimals compare.csv prints, and the
                // scored-set line is what they leave of the rounded total, so
                // the printed lines add up to the printed total exactly.
                let mut explained = 0.0;
                let in_category = to_by_category.get(cat.key.as_str());
                for m_to in in_category.into_iter().flatten() {
                    let Some(m_from) = from_metrics.get(m_to.id.as_str()) else {
                        continue;
                    };
                    if let (Some(p_from), Some(p_to)) = (m_from.points, m_to.points)
                        && m_from.status != m_to.status
                    {
                        let c = round4(100.0 * m_to.weight * (p_to - p_from) / w_to);
                        explained += c;
                        rows.push(line(&m_to.id, &m_from.status, &m_to.status, c));
                    }
                }
                let delta = round4(s_to - s_from);
                rows.push(line(SCORED_SET_CHANGE, "", "", round4(delta - explained)));
                rows.push(line(TOTAL, "", "", delta));
            }
        }
        start = end;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, AssessmentKey, SourceLine};
    use std::collections::BTreeMap;

    fn assess(period: &str, pairs: &[(&str, &str)]) -> Assessment {
        let q = crate::input::questionnaire::default_questionnaire()
            .unwrap()
            .questionnaire;
        let key = AssessmentKey {
            org: "Acme".into(),
            unit: "HQ".into(),
            period: period.parse().unwrap(),
        };
        let answers: BTreeMap<String, Answer> = pairs
            .iter()
            .map(|(m, s)| {
                (
                    (*m).to_string(),
                    Answer {
                        metric: (*m).to_string(),
                        status: Some((*s).to_string()),
                        evidence: String::new(),
                        comment: String::new(),
                        assessor: String::new(),
                        assessed_on: String::new(),
                        indicators_met: String::new(),
                        source: SourceLine {
                            path: "a.csv".into(),
                            line: 2,
                        },
                        ..Default::default()
                    },
                )
            })
            .collect();
        crate::scoring::score(&q, &key, &answers)
    }

    #[test]
    fn respond_delta_is_explained_by_the_metrics_that_changed() {
        // Respond (imcm-v0.1): 3.1.1 I, 3.1.2 I, 3.1.3 II, others unanswered (not observed).
        // Q1: 3.1.1 no, 3.1.2 partial, 3.1.3 yes → 100 × (0 + 1.5 + 2) / 8 = 43.75.
        // Q2: 3.1.1 yes, 3.1.2 partial, 3.1.3 n/a, 3.2.1 (I) yes → 100 × (3 + 1.5 + 3) / 9 = 83.333….
        // 3.1.1 scored in both: 100 × 3 × (1 − 0) / 9 = 33.333…; the rest (3.1.3 leaving,
        // 3.2.1 entering) is the scored-set change: 39.5833… − 33.333… = 6.25.
        let q1 = assess(
            "2026-Q1",
            &[("3.1.1", "no"), ("3.1.2", "partial"), ("3.1.3", "yes")],
        );
        let q2 = assess(
            "2026-Q2",
            &[
                ("3.1.1", "yes"),
                ("3.1.2", "partial"),
                ("3.1.3", "not_applicable"),
                ("3.2.1", "yes"),
            ],
        );
        let rows: Vec<DeltaRow> = deltas(&[q1, q2], None)
            .into_iter()
            .filter(|r| r.category == "respond")
            .collect();
        let got: Vec<(&str, &str, &str, String)> = rows
            .iter()
            .map(|r| {
                (
                    r.metric.as_str(),
                    r.from_status.as_str(),
                    r.to_status.as_str(),
                    format!("{:.4}", r.contribution),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("3.1.1", "no", "yes", "33.3333".to_string()),
                (SCORED_SET_CHANGE, "", "", "6.2500".to_string()),
                (TOTAL, "", "", "39.5833".to_string()),
            ]
        );
    }

    #[test]
    fn baseline_compares_every_later_quarter_with_it() {
        let a = assess("2026-Q1", &[("1.1.1", "no")]);
        let b = assess("2026-Q2", &[("1.1.1", "partial")]);
        let c = assess("2026-Q3", &[("1.1.1", "yes")]);
        let rows = deltas(&[a, b, c], Some("2026-Q1".parse().unwrap()));
        let totals: Vec<(String, String, f64)> = rows
            .iter()
            .filter(|r| r.metric == TOTAL)
            .map(|r| {
                (
                    r.from_period.to_string(),
                    r.to_period.to_string(),
                    r.contribution,
                )
            })
            .collect();
        assert_eq!(
            totals,
            [
                ("2026-Q1".into(), "2026-Q2".into(), 50.0),
                ("2026-Q1".into(), "2026-Q3".into(), 100.0)
            ]
        );
    }
}
