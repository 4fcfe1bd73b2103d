//! `imcm compare`: trends across quarters and units side by side, written as
//! compare.html (with charts), compare.csv, compare.xlsx and compare.parquet.

use super::inputs::{Inputs, Request};
use super::job::{Job, open_output};
use super::say;
use crate::cli::{Filter, IncidentInput, ReportOptions};
use crate::error::Result;
use crate::i18n::tr;
use crate::input::answers::AnswerFiles;
use crate::model::Period;

/// Compare the assessments of `org` (every organisation when `None`), each
/// quarter with the previous one or with `baseline`.
pub(super) fn run(
    name: &str,
    paths: &AnswerFiles,
    incidents: Option<&IncidentInput>,
    org: Option<String>,
    baseline: Option<Period>,
    options: &ReportOptions,
) -> Result<()> {
    let filter = Filter {
        org,
        unit: None,
        period: None,
    };
    let request = Request {
        baseline,
        ..Request::new(name, paths, &filter, incidents)
    };
    let inputs = Inputs::load(&request)?;
    let job = Job::new(inputs.questionnaire(), options, inputs.incidents.as_ref())?;
    let staging = open_output(&options.out, &job.protected(&request.protected()))?;
    let scored = inputs.scored();
    let changes = job.stage_comparison(&scored, baseline, None, &staging)?;
    staging.commit()?;
    say(&tr(
        "wrote_compare",
        &[
            ("html", &options.out.join("compare.html").display()),
            ("csv", &options.out.join("compare.csv").display()),
            ("xlsx", &options.out.join("compare.xlsx").display()),
            ("n", &scored.len()),
            ("changes", &changes),
        ],
    ));
    Ok(())
}
