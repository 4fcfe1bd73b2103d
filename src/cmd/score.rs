//! `imcm score`: the scores of the selected assessments as JSON (with the
//! provenance record), CSV, Parquet, NIST OSCAL or an Excel workbook.

use super::inputs::{Inputs, Request};
use crate::cli::{Filter, IncidentInput, ScoresFormat};
use crate::error::Result;
use crate::input::answers::AnswerFiles;
use crate::input::target::Target;
use crate::model::Lang;
use crate::{export, output};
use std::path::Path;

/// Score the selected assessments and write them in `format` to `out`
/// (standard output when `None`).
pub(super) fn run(
    name: &str,
    paths: &AnswerFiles,
    filter: &Filter,
    incidents: Option<&IncidentInput>,
    (format, lang, target): (ScoresFormat, Lang, Option<&Path>),
    out: Option<&Path>,
) -> Result<()> {
    let request = Request::new(name, paths, filter, incidents);
    if let Some(o) = out {
        let mut protected = request.protected();
        protected.extend(target.map(Path::to_path_buf));
        output::check_not_input(o, &protected)?;
    }
    let inputs = Inputs::load(&request)?;
    let q = inputs.questionnaire();
    let scored = inputs.scored();
    let bytes = match format {
        ScoresFormat::Json => export::scores_json(&scored, q, &inputs.provenance()?)?,
        ScoresFormat::Csv => export::scores_csv(&scored)?,
        ScoresFormat::Parquet => export::parquet::csv_table_to_parquet(
            &export::scores_csv(&scored)?,
            &["score", "coverage"],
            &["maturity_level"],
        )?,
        ScoresFormat::Oscal => export::oscal::assessment_results(&scored, q)?,
        ScoresFormat::Xlsx => {
            let target = Target::load(target, q)?;
            export::xlsx::results(&scored, q, &target, lang)?
        }
    };
    super::write_to(out, &bytes)
}
