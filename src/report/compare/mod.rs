//! The comparison page (`compare.html`): trends per unit, each category's
//! score change explained metric by metric, and units side by side for each
//! organisation's latest quarter. [`build`] computes the
//! [`crate::analysis::compare::Comparison`] and formats it into the typed
//! view structs of [`view`], every number already formatted; charts are
//! drawn here and returned beside the context. The batch index page
//! (`index.html`) is built in [`index`].

mod fmt;
pub mod index;
mod org;
mod unit;
pub mod view;

pub use crate::analysis::compare::{LARGEST_DROPS, TREND_KPIS};
pub use fmt::signed;
pub use index::{IndexContext, IndexReport, IndexUnit, build_index};
pub use view::*;

use super::context::{Chart, Labels};
use crate::analysis::compare::{self as analysis, DeltaRow, Sources};
use crate::error::Result;
use crate::input::target::Target;
use crate::model::{Assessment, AssessmentKey, IncidentReport, Lang, Questionnaire};
use fmt::{Fmt, fill, label};
use std::collections::BTreeMap;

/// Inputs of the comparison page.
pub struct CompareInput<'a> {
    /// Scored assessments, sorted by (org, unit, period).
    pub assessments: &'a [Assessment],
    /// The delta breakdown of [`crate::analysis::compare::deltas`] over them.
    pub deltas: &'a [DeltaRow],
    /// The questionnaire.
    pub questionnaire: &'a Questionnaire,
    /// Target profile, when one is given.
    pub target: Option<&'a Target>,
    /// Incident KPIs, when logs were given.
    pub incidents: Option<&'a IncidentReport>,
    /// Quarter every later one is compared with, if any.
    pub baseline: Option<crate::model::Period>,
    /// Folder (relative to the output folder) of each (org, unit): anchors and chart names.
    pub folders: &'a BTreeMap<(String, String), String>,
    /// Relative links to each assessment's report (batch only).
    pub links: Option<&'a BTreeMap<AssessmentKey, String>>,
}

impl CompareInput<'_> {
    /// The folder of an assessment's (org, unit), `_` when unknown.
    fn folder_of(&self, a: &Assessment) -> &str {
        self.folders
            .get(&(a.key.org.clone(), a.key.unit.clone()))
            .map_or("_", String::as_str)
    }
}

/// Build the comparison page and its charts (`charts/…svg`).
///
/// # Errors
/// [`crate::Error::Chart`] if a chart cannot be drawn.
pub fn build(
    input: &CompareInput<'_>,
    lang: Lang,
    t: Labels,
) -> Result<(CompareContext, Vec<Chart>)> {
    let q = input.questionnaire;
    let f = Fmt { q, lang, t: &t };
    let comparison = analysis::compare(&Sources {
        assessments: input.assessments,
        deltas: input.deltas,
        questionnaire: q,
        target: input.target,
        incidents: input.incidents,
    });
    let mut charts = Vec::new();
    let mut orgs = Vec::new();
    for o in &comparison.orgs {
        let units = o
            .units
            .iter()
            .map(|u| unit::unit_section(u, input, &f, &mut charts))
            .collect::<Result<Vec<_>>>()?;
        orgs.push(org::org_section(o, units, input, &f, &mut charts)?);
    }
    let largest_drops = comparison
        .largest_drops
        .iter()
        .map(|d| org::drop_row(d, input, &f))
        .collect();
    let basis = match input.baseline {
        Some(b) => fill(label(&t, "basis_baseline"), &[("period", b.to_string())]),
        None => label(&t, "basis_consecutive").to_string(),
    };
    let tally = comparison.tally;
    let ctx = CompareContext {
        lang: lang.tag(),
        title: label(&t, "compare_title").to_string(),
        questionnaire: format!("{} ({} {})", q.title.get(lang), q.id, q.version),
        generator: format!("imcm {}", env!("CARGO_PKG_VERSION")),
        basis,
        counts: Counts {
            assessments: tally.assessments.to_string(),
            units: tally.units.to_string(),
            pairs: tally.pairs.to_string(),
            regressions: tally.regressions.to_string(),
            improvements: tally.improvements.to_string(),
            newly_contradicted: tally.newly_contradicted.to_string(),
            alarming: tally.regressions > 0,
            any_newly_contradicted: tally.newly_contradicted > 0,
        },
        largest_drops,
        has_incidents: comparison.has_incidents,
        target_label: input.target.map(|_| label(&t, "target").to_string()),
        orgs,
        t,
    };
    Ok((ctx, charts))
}
