//! `imcm plan --what-if 3.1.2=yes,1.1.1=partial`: the categories' and the
//! overall scores and levels before and after some answer changes, both
//! computed by [`crate::scoring`].

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::model::{Answer, AssessmentKey, IncidentReport, Questionnaire};
use std::collections::BTreeMap;

/// One answer change asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Metric id.
    pub metric: String,
    /// Canonical status key.
    pub status: String,
}

/// Read `--what-if` values (each `METRIC=STATUS[,METRIC=STATUS…]`) against
/// the questionnaire: statuses may be written as any alias or label. A
/// metric named twice keeps its last status.
///
/// # Errors
/// [`Error::WhatIf`] for a part without `=`, an unknown metric id or an
/// unknown status, with the nearest id or status when one is close.
pub fn parse_changes(q: &Questionnaire, values: &[String]) -> Result<Vec<Change>> {
    let mut changes: Vec<Change> = Vec::new();
    for part in values
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let fail = |message: String, help: String| Error::WhatIf {
            given: part.to_string(),
            message,
            help,
        };
        let Some((metric, status)) = part.split_once('=') else {
            return Err(fail(
                tr("whatif_no_equals", &[]),
                tr("whatif_no_equals_help", &[]),
            ));
        };
        let (metric, status) = (metric.trim(), status.trim());
        if q.metric(metric).is_none() {
            let help = match crate::input::answers::closest_metric(q, metric) {
                Some(c) => tr(
                    "did_you_mean",
                    &[("candidate", &c), ("questionnaire", &q.id)],
                ),
                None => tr("list_metrics", &[("questionnaire", &q.id)]),
            };
            return Err(fail(
                tr(
                    "unknown_metric",
                    &[("metric", &metric), ("questionnaire", &q.id)],
                ),
                help,
            ));
        }
        let Some(key) = q.resolve_status(status) else {
            let keys: Vec<&str> = q.statuses.iter().map(|s| s.key.as_str()).collect();
            let keys = keys.join(", ");
            let help = match crate::input::answers::closest_status(q, status) {
                Some(s) => tr("status_did_you_mean", &[("status", &s), ("allowed", &keys)]),
                None => tr("unknown_status_help", &[("allowed", &keys)]),
            };
            return Err(fail(tr("unknown_status", &[("status", &status)]), help));
        };
        changes.retain(|c| c.metric != metric);
        changes.push(Change {
            metric: metric.to_string(),
            status: key.to_string(),
        });
    }
    Ok(changes)
}

/// A category's (or the overall) figures before and after the changes.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIfRow {
    /// Category key, or `overall`.
    pub id: String,
    /// Level before (`None` when no metric applies).
    pub level_before: Option<u8>,
    /// Score before.
    pub score_before: Option<f64>,
    /// Level after.
    pub level_after: Option<u8>,
    /// Score after.
    pub score_after: Option<f64>,
}

/// The what-if of one assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIf {
    /// The assessment.
    pub key: AssessmentKey,
    /// The changes: metric, status before, status after.
    pub changes: Vec<(String, String, String)>,
    /// One row per category (questionnaire order), then `overall`.
    pub rows: Vec<WhatIfRow>,
}

/// Score one assessment as it is and with `changes` made.
pub fn what_if(
    q: &Questionnaire,
    key: &AssessmentKey,
    answers: &BTreeMap<String, Answer>,
    incidents: Option<&IncidentReport>,
    changes: &[Change],
) -> WhatIf {
    let before = crate::scoring::score_with_evidence(q, key, answers, incidents);
    let changed = super::apply(
        answers,
        changes
            .iter()
            .map(|c| (c.metric.as_str(), c.status.as_str())),
    );
    let after = crate::scoring::score_with_evidence(q, key, &changed, incidents);
    let mut rows: Vec<WhatIfRow> = before
        .categories
        .iter()
        .zip(&after.categories)
        .map(|(b, a)| WhatIfRow {
            id: b.key.clone(),
            level_before: b.level,
            score_before: b.group.score,
            level_after: a.level,
            score_after: a.group.score,
        })
        .collect();
    rows.push(WhatIfRow {
        id: "overall".into(),
        level_before: before.overall_level,
        score_before: before.overall.score,
        level_after: after.overall_level,
        score_after: after.overall.score,
    });
    let changes = changes
        .iter()
        .map(|c| {
            let from = before
                .metrics
                .iter()
                .find(|m| m.id == c.metric)
                .map(|m| m.status.clone())
                .unwrap_or_default();
            (c.metric.clone(), from, c.status.clone())
        })
        .collect();
    WhatIf {
        key: key.clone(),
        changes,
        rows,
    }
}
