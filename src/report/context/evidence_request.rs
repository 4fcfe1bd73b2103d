//! The appendix "Evidence to request": per metric, the records its
//! indicators of kind `artifact` ask an assessor to inspect, grouped by
//! category in questionnaire order, so that they can be asked for before
//! the interviews.

use super::words::Words;
use crate::model::{Indicator, IndicatorKind, Metric};
use serde::Serialize;

/// The indicators of kind `artifact` of `m`, in questionnaire order: the
/// records to ask for.
pub fn artifacts(m: &Metric) -> Vec<&Indicator> {
    m.indicators
        .iter()
        .filter(|i| i.kind == IndicatorKind::Artifact)
        .collect()
}

/// One category's part of the list.
#[derive(Debug, Serialize)]
pub struct EvidenceRequestGroup {
    /// `1 Protect`.
    pub category: String,
    /// Its metrics that ask for records.
    pub metrics: Vec<EvidenceRequestRow>,
}

/// The records one metric asks for.
#[derive(Debug, Serialize)]
pub struct EvidenceRequestRow {
    /// Metric id.
    pub id: String,
    /// Question.
    pub question: String,
    /// The records to request.
    pub items: Vec<EvidenceItem>,
}

/// One record to request.
#[derive(Debug, Serialize)]
pub struct EvidenceItem {
    /// What to ask for.
    pub text: String,
    /// Whether the metric cannot be `yes` without it.
    pub required: bool,
}

/// The list, one group per category that has a metric asking for records.
pub(super) fn evidence_request(w: Words<'_>) -> Vec<EvidenceRequestGroup> {
    w.q.categories
        .iter()
        .filter_map(|cat| {
            let metrics: Vec<EvidenceRequestRow> =
                w.q.metrics_in_category(cat)
                    .filter_map(|m| {
                        let items = artifacts(m);
                        (!items.is_empty()).then(|| EvidenceRequestRow {
                            id: m.id.clone(),
                            question: m.question.get(w.lang).to_string(),
                            items: items
                                .iter()
                                .map(|i| EvidenceItem {
                                    text: i.text.get(w.lang).to_string(),
                                    required: i.required,
                                })
                                .collect(),
                        })
                    })
                    .collect();
            (!metrics.is_empty()).then(|| EvidenceRequestGroup {
                category: format!("{} {}", cat.id, cat.name.get(w.lang)),
                metrics,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_artifact_of_the_default_questionnaire_is_listed_once() {
        let q = crate::input::questionnaire::default_questionnaire()
            .unwrap()
            .questionnaire;
        // imcm-v0.1 has 45 artifact indicators (grep 'kind = "artifact"').
        let all: Vec<&Indicator> = q.metrics.iter().flat_map(artifacts).collect();
        assert_eq!(all.len(), 45);
        assert!(all.iter().all(|i| i.kind == IndicatorKind::Artifact));
        // 1.1.1 asks for one record, the third of its four indicators.
        let m = q.metric("1.1.1").unwrap();
        let one = artifacts(m);
        assert_eq!(one.len(), 1);
        assert!(std::ptr::eq(one[0], &m.indicators[2]), "{one:?}");
    }
}
