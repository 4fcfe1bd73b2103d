//! `imcm score`: the scores of the selected assessments as an aligned table
//! (the default on a terminal), JSON (with the provenance record; the
//! default when the output is a pipe or a file, so that scripts keep
//! working), CSV, Parquet, NIST OSCAL or an Excel workbook.

use super::inputs::{Inputs, Request};
use crate::cli::{Filter, IncidentInput, ScoresFormat};
use crate::error::Result;
use crate::input::answers::AnswerFiles;
use crate::input::target::Target;
use crate::model::Lang;
use crate::{export, output};
use std::io::IsTerminal;
use std::path::Path;

/// The format when `--format` is not given: a table for a person at a
/// terminal, JSON for a pipe or a file (what scripts have always read).
fn default_format(out: Option<&Path>, stdout_is_terminal: bool) -> ScoresFormat {
    if out.is_none() && stdout_is_terminal {
        ScoresFormat::Table
    } else {
        ScoresFormat::Json
    }
}

/// Score the selected assessments and write them in `format` to `out`
/// (standard output when `None`).
pub(super) fn run(
    name: &str,
    paths: &AnswerFiles,
    filter: &Filter,
    incidents: Option<&IncidentInput>,
    (format, lang, target): (Option<ScoresFormat>, Lang, Option<&Path>),
    out: Option<&Path>,
) -> Result<()> {
    let format = format.unwrap_or_else(|| default_format(out, std::io::stdout().is_terminal()));
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
        ScoresFormat::Table => {
            crate::report::score_table::score_table(&scored, q, crate::i18n::ui_lang()).into_bytes()
        }
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
            export::xlsx::results(&scored, q, target.as_ref(), lang)?
        }
    };
    super::write_to(out, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_gets_the_table_and_a_pipe_or_file_gets_json() {
        assert_eq!(default_format(None, true), ScoresFormat::Table);
        assert_eq!(default_format(None, false), ScoresFormat::Json);
        let file = Path::new("scores.json");
        assert_eq!(default_format(Some(file), true), ScoresFormat::Json);
        assert_eq!(default_format(Some(file), false), ScoresFormat::Json);
    }
}
