//! The subcommands: [`run`] hands each [`RunConfig`] to its module, which
//! reads the inputs, has them scored and rendered, and gives the bytes to
//! [`crate::output`]. This is the only place that prints to the terminal.

mod compare;
mod demo;
mod explain;
mod import;
mod incident_checks;
mod init;
pub mod inputs;
mod job;
mod kpi;
mod merge;
mod parallel;
mod pdf;
mod plan;
mod prepare;
mod questionnaire;
mod report;
mod score;
mod validate;
pub mod verify;

pub use inputs::{incident_report, provenance_of, select};
pub use report::assessment_dirs;

use crate::cli::RunConfig;
use crate::error::Result;
use crate::output;
use std::path::Path;

/// Run one command.
///
/// # Errors
/// Whatever the command reports.
pub fn run(config: RunConfig) -> Result<()> {
    dispatch(config)?;
    // Under --strict a warning fails the run, also when nothing was written.
    crate::error::warning::check()
}

fn dispatch(config: RunConfig) -> Result<()> {
    match config {
        RunConfig::Demo(options) => demo::run(&options),
        RunConfig::QuestionnaireList => questionnaire::list(),
        RunConfig::QuestionnaireShow {
            name,
            questionnaire,
            json,
            lang,
        } => questionnaire::show(&name, questionnaire.as_deref(), json, lang),
        RunConfig::Init {
            questionnaire,
            prefill,
            out,
            force,
            xlsx,
            evidence_request,
        } => init::run(
            &questionnaire,
            &prefill,
            init::Output {
                path: out.as_deref(),
                force,
                xlsx,
                evidence_request,
            },
        ),
        RunConfig::Merge {
            questionnaire,
            answers,
            lang,
            out,
            force,
        } => merge::run(&questionnaire, &answers, lang, &out, force),
        RunConfig::Validate {
            questionnaire,
            answers,
        } => validate::run(&questionnaire, &answers),
        RunConfig::Score {
            questionnaire,
            answers,
            filter,
            incidents,
            format,
            lang,
            target,
            out,
        } => score::run(
            &questionnaire,
            &answers,
            &filter,
            incidents.as_ref(),
            (format, lang, target.as_deref()),
            out.as_deref(),
        ),
        RunConfig::Report {
            questionnaire,
            answers,
            filter,
            incidents,
            options,
        } => report::run(
            &questionnaire,
            &answers,
            &filter,
            incidents.as_ref(),
            &options,
        ),
        RunConfig::Kpi {
            questionnaire,
            input,
            by,
            format,
            quality,
            out,
        } => kpi::run(&questionnaire, &input, by, format, quality, out.as_deref()),
        RunConfig::EmitSql {
            dialect,
            input,
            aggregates_out,
            by,
            out,
        } => kpi::emit_sql(dialect, &input, &aggregates_out, by, out.as_deref()),
        RunConfig::Prepare {
            questionnaire,
            input,
            out,
            force,
        } => prepare::run(&questionnaire, &input, &out, force),
        RunConfig::Compare {
            questionnaire,
            answers,
            incidents,
            org,
            baseline,
            options,
        } => compare::run(
            &questionnaire,
            &answers,
            incidents.as_ref(),
            org,
            baseline,
            &options,
        ),
        RunConfig::ImportVeris {
            path,
            out,
            org,
            force,
            list_rejected,
        } => import::veris(&path, &out, &org, force, list_rejected),
        RunConfig::ImportEvents {
            from,
            path,
            out,
            org,
            force,
            list_rejected,
        } => import::events(from, &path, &out, org.as_deref(), force, list_rejected),
        RunConfig::Verify(request) => verify::run(&request),
        RunConfig::Explain {
            questionnaire,
            answers,
            filter,
            category,
            incidents,
            lang,
        } => explain::run(
            &questionnaire,
            &answers,
            &filter,
            category.as_deref(),
            incidents.as_ref(),
            lang,
        ),
        RunConfig::Plan {
            questionnaire,
            answers,
            filter,
            incidents,
            target,
            effort,
            what_if,
            format,
            lang,
            out,
        } => plan::run(
            &questionnaire,
            &answers,
            &filter,
            incidents.as_ref(),
            &plan::PlanFiles {
                target: target.as_deref(),
                effort: effort.as_deref(),
                what_if: &what_if,
            },
            (format, lang),
            out.as_deref(),
        ),
    }
}

/// Print a line to the terminal with control characters shown, never obeyed:
/// messages quote names, paths and values from the user's files.
fn say(text: &str) {
    eprintln!("{}", crate::sanitize::terminal_safe(text));
}

/// Write `bytes` to the file `out` (atomically), or to standard output
/// when `None`.
fn write_to(out: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match out {
        None => output::write_stdout(bytes),
        Some(path) => output::write_atomic(path, bytes),
    }
}
