//! `imcm demo`: the whole pipeline on the built-in example organisation
//! (embedded answers and incident log), writing its headline report.

use super::inputs::kpi_options;
use super::report::write_reports;
use super::say;
use crate::cli::ReportOptions;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::answers;
use crate::input::demo::{DEMO_ANSWERS, DEMO_ANSWERS_LABEL, DEMO_INCIDENTS, DEMO_INCIDENTS_LABEL};
use crate::input::incidents::Source;
use crate::input::incidents::engine::By;
use crate::input::questionnaire;
use crate::model::PeriodFrom;
use crate::provenance::{Provenance, Role};
use std::path::Path;

/// Write the report of the example's first unit's latest quarter.
pub(super) fn run(options: &ReportOptions) -> Result<()> {
    let loaded = questionnaire::default_questionnaire()?;
    let q = &loaded.questionnaire;
    let set = answers::load_bytes(Path::new(DEMO_ANSWERS_LABEL), DEMO_ANSWERS.as_bytes(), q)?;
    // The headline assessment: the first unit's latest quarter.
    let first_unit = set
        .assessments
        .keys()
        .next()
        .map(|k| (k.org.clone(), k.unit.clone()));
    let key = set
        .assessments
        .keys()
        .filter(|k| {
            first_unit
                .as_ref()
                .is_some_and(|(o, u)| &k.org == o && &k.unit == u)
        })
        .max_by_key(|k| k.period)
        .cloned()
        .ok_or_else(|| Error::NoAssessment {
            filter: "the example".into(),
            available: String::new(),
        })?;
    let sources = vec![Source::Embedded(
        DEMO_INCIDENTS_LABEL.into(),
        DEMO_INCIDENTS.as_bytes(),
    )];
    let kpi = kpi_options(sources, None, PeriodFrom::DetectedAt, By::default())?;
    let incidents = crate::input::incidents::compute(&kpi, &q.incidents)?;
    let mut provenance = Provenance::new(&loaded);
    provenance.add_bytes(
        Role::Answers,
        DEMO_ANSWERS_LABEL,
        DEMO_ANSWERS.as_bytes(),
        set.rows_read.get(Path::new(DEMO_ANSWERS_LABEL)).copied(),
    );
    provenance.add_bytes(
        Role::Incidents,
        DEMO_INCIDENTS_LABEL,
        DEMO_INCIDENTS.as_bytes(),
        incidents.sources.first().map(|s| s.rows),
    );
    provenance.incident_period_from = Some(PeriodFrom::DetectedAt.column().into());
    write_reports(
        q,
        &set,
        std::slice::from_ref(&key),
        options,
        &[],
        Some(&incidents),
        &provenance,
    )?;
    say(&tr(
        "demo_done",
        &[("key", &key), ("n", &set.assessments.len())],
    ));
    Ok(())
}
