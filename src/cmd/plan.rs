//! `imcm plan`: the roadmap of each selected assessment towards its target
//! levels (text, CSV or an Excel workbook), or with `--what-if` the scores
//! and levels before and after some answer changes (text or CSV).

use super::inputs::{Inputs, Request};
use crate::analysis::plan;
use crate::cli::{Filter, IncidentInput, PlanFormat};
use crate::error::Result;
use crate::input::answers::AnswerFiles;
use crate::input::target::Target;
use crate::model::Lang;
use crate::{export, output, report};
use std::path::Path;

/// What a plan asks for besides answers and incident logs.
pub(super) struct PlanFiles<'a> {
    /// Target profile.
    pub target: Option<&'a Path>,
    /// Effort file.
    pub effort: Option<&'a Path>,
    /// `--what-if` values (empty: the plan itself).
    pub what_if: &'a [String],
}

/// Plan (or try `files.what_if` on) the selected assessments and write the result
/// in `format` to `out` (standard output when `None`).
pub(super) fn run(
    name: &str,
    paths: &AnswerFiles,
    filter: &Filter,
    incidents: Option<&IncidentInput>,
    files: &PlanFiles<'_>,
    (format, lang): (PlanFormat, Lang),
    out: Option<&Path>,
) -> Result<()> {
    let request = Request::new(name, paths, filter, incidents);
    if let Some(o) = out {
        let mut protected = request.protected();
        protected.extend(
            [files.target, files.effort]
                .into_iter()
                .flatten()
                .map(Path::to_path_buf),
        );
        output::check_not_input(o, &protected)?;
    }
    let inputs = Inputs::load(&request)?;
    let q = inputs.questionnaire();
    let answers_of = |key| inputs.set.assessments.get(key).cloned().unwrap_or_default();
    let what_if = files.what_if;
    let bytes = if what_if.is_empty() {
        let target = Target::load(files.target, q)?;
        let efforts = crate::input::effort::load(files.effort, q)?;
        let plans: Vec<plan::Plan> = inputs
            .keys
            .iter()
            .map(|k| {
                plan::plan(
                    q,
                    k,
                    &answers_of(k),
                    inputs.incidents.as_ref(),
                    target.as_ref(),
                    &efforts,
                )
            })
            .collect();
        match format {
            PlanFormat::Text => report::plan_text::plan_text(&plans, q, lang).into_bytes(),
            PlanFormat::Csv => export::plan_csv(&plans)?,
            PlanFormat::Xlsx => export::xlsx::plan_workbook(&plans, q, lang)?,
        }
    } else {
        let changes = plan::parse_changes(q, what_if)?;
        let runs: Vec<plan::WhatIf> = inputs
            .keys
            .iter()
            .map(|k| plan::what_if(q, k, &answers_of(k), inputs.incidents.as_ref(), &changes))
            .collect();
        match format {
            PlanFormat::Csv => export::what_if_csv(&runs)?,
            _ => report::plan_text::what_if_text(&runs, q, lang).into_bytes(),
        }
    };
    super::write_to(out, &bytes)
}
