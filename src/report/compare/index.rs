//! The batch index page (`index.html`): every report of a batch, grouped by
//! unit, with a link to the comparison.

use super::fmt::{Fmt, label};
use crate::analysis::compare::series;
use crate::model::{Assessment, AssessmentKey, Lang, Questionnaire};
use crate::report::context::Labels;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything `index.html.hbs` is rendered from.
#[derive(Debug, Serialize)]
pub struct IndexContext {
    /// `en` or `ja`.
    pub lang: &'static str,
    /// UI labels.
    pub t: Labels,
    /// Page title.
    pub title: String,
    /// Questionnaire title, id and version.
    pub questionnaire: String,
    /// `imcm x.y.z`.
    pub generator: String,
    /// Link to the comparison, empty when none was written.
    pub compare_href: String,
    /// Number of reports.
    pub count: String,
    /// One row per unit.
    pub units: Vec<IndexUnit>,
}

/// A unit in the index: its reports, oldest first.
#[derive(Debug, Serialize)]
pub struct IndexUnit {
    /// Organisation.
    pub org: String,
    /// Unit, or the "whole organisation" label.
    pub unit: String,
    /// One link per quarter.
    pub reports: Vec<IndexReport>,
}

/// One report link.
#[derive(Debug, Serialize)]
pub struct IndexReport {
    /// Quarter.
    pub period: String,
    /// Overall level.
    pub level: String,
    /// Overall score.
    pub score: String,
    /// Relative link.
    pub href: String,
}

/// Build the batch index: every report, grouped by unit, and the comparison.
pub fn build_index(
    assessments: &[Assessment],
    links: &BTreeMap<AssessmentKey, String>,
    compare_href: &str,
    q: &Questionnaire,
    lang: Lang,
    t: Labels,
) -> IndexContext {
    let f = Fmt { q, lang, t: &t };
    let units = series(assessments)
        .into_iter()
        .map(|s| IndexUnit {
            org: s[0].key.org.clone(),
            unit: f.unit(&s[0].key.unit),
            reports: s
                .iter()
                .map(|a| IndexReport {
                    period: a.key.period.to_string(),
                    level: f.level(a.overall_level),
                    score: f.score(a.overall.score),
                    href: links.get(&a.key).cloned().unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    IndexContext {
        lang: lang.tag(),
        title: label(&t, "index_title").to_string(),
        questionnaire: format!("{} ({} {})", q.title.get(lang), q.id, q.version),
        generator: format!("imcm {}", env!("CARGO_PKG_VERSION")),
        compare_href: compare_href.to_string(),
        count: assessments.len().to_string(),
        units,
        t,
    }
}
