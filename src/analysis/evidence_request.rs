//! The evidence-request list: per metric, the documents and records its
//! indicators of kind `artifact` ask for, so that the organisation can have
//! them ready before the interviews. Pure: the rows are built from the
//! questionnaire alone, and both the exporters (CSV, XLSX) and the report's
//! appendix render them.

use crate::model::{IndicatorKind, Lang, Questionnaire};

/// One document to ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRequest {
    /// Metric id (`1.1.1`).
    pub metric: String,
    /// The metric's question.
    pub question: String,
    /// The indicator's number in the metric's numbered list (from 1), the
    /// number an interviewee writes in `indicators_met`.
    pub number: usize,
    /// What to have ready: the indicator's text.
    pub artifact: String,
    /// Whether the metric cannot be `yes` without it.
    pub required: bool,
    /// Key of the metric's category.
    pub category: String,
    /// Name of the metric's category.
    pub category_name: String,
}

/// Every artifact the metrics of the chosen categories ask for (`categories`
/// holds category keys; empty for all), in questionnaire order, with the
/// texts in `lang`. A metric without an artifact indicator has no row.
pub fn evidence_requests(
    q: &Questionnaire,
    categories: &[String],
    lang: Lang,
) -> Vec<EvidenceRequest> {
    q.categories
        .iter()
        .filter(|c| categories.is_empty() || categories.contains(&c.key))
        .flat_map(|cat| {
            q.metrics_in_category(cat).flat_map(move |m| {
                m.indicators
                    .iter()
                    .enumerate()
                    .filter(|(_, ind)| ind.kind == IndicatorKind::Artifact)
                    .map(move |(i, ind)| EvidenceRequest {
                        metric: m.id.clone(),
                        question: m.question.get(lang).to_string(),
                        number: i + 1,
                        artifact: ind.text.get(lang).to_string(),
                        required: ind.required,
                        category: cat.key.clone(),
                        category_name: cat.name.get(lang).to_string(),
                    })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_artifact_indicator_is_one_request_numbered_as_in_the_workbook() {
        let q = crate::input::questionnaire::load("imcm-v0.1")
            .unwrap()
            .questionnaire;
        let all = evidence_requests(&q, &[], Lang::Ja);
        let artifacts: usize = q
            .metrics
            .iter()
            .map(|m| {
                m.indicators
                    .iter()
                    .filter(|i| i.kind == IndicatorKind::Artifact)
                    .count()
            })
            .sum();
        assert_eq!(all.len(), artifacts);
        // 1.1.1: the third indicator is the dated risk assessment reports.
        let first = &all[0];
        assert_eq!((first.metric.as_str(), first.number), ("1.1.1", 3));
        assert_eq!(first.artifact, q.metrics[0].indicators[2].text.ja);
        assert_eq!(first.category_name, "防護");
        let respond = evidence_requests(&q, &["respond".into()], Lang::En);
        assert!(!respond.is_empty());
        assert!(respond.iter().all(|r| r.metric.starts_with("3.")));
    }
}
