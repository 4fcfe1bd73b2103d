//! Evidence rules: each metric's KPI thresholds checked against the incident
//! KPIs of the assessment's org, unit and quarter. The answer is never changed;
//! a positive answer is marked corroborated or contradicted.

use crate::model::{
    AssessmentKey, Corroboration, EvidenceResult, IncidentReport, MetricResult, Questionnaire,
    Verdict,
};

/// Evaluate every rule of every metric and set `evidence` and `corroboration`.
pub fn evaluate(
    q: &Questionnaire,
    key: &AssessmentKey,
    report: &IncidentReport,
    metrics: &mut [MetricResult],
) {
    let period = key.period.to_string();
    for m in metrics.iter_mut() {
        let Some(def) = q.metric(&m.id) else { continue };
        m.checks = def
            .evidence
            .iter()
            .map(|rule| {
                let row = report.find(
                    &key.org,
                    &key.unit,
                    &period,
                    rule.category.as_deref().unwrap_or(""),
                    rule.severity.as_deref().unwrap_or(""),
                    &rule.kpi,
                );
                let (value, n) = row.map_or((None, 0), |r| (r.value, r.n));
                let verdict = match value {
                    Some(v) if n >= rule.min_n => {
                        if rule.holds(v) {
                            Verdict::Pass
                        } else {
                            Verdict::Fail
                        }
                    }
                    _ => Verdict::InsufficientData,
                };
                EvidenceResult {
                    rule: rule.describe(),
                    kpi: rule.kpi.clone(),
                    value,
                    n,
                    verdict,
                }
            })
            .collect();
        let positive = m.points.is_some_and(|p| p > 0.0);
        m.corroboration = if !positive || m.checks.is_empty() {
            None
        } else if m.checks.iter().any(|e| e.verdict == Verdict::Fail) {
            Some(Corroboration::Contradicted)
        } else if m.checks.iter().all(|e| e.verdict == Verdict::Pass) {
            Some(Corroboration::Corroborated)
        } else {
            None
        };
    }
}
