//! `imcm incidents prepare`: the canonical incident table of the logs as
//! typed Parquet, for DuckDB, Spark or any Parquet reader (and for the SQL
//! script of `imcm kpi --emit-sql`).

use super::inputs::kpi_options;
use crate::cli::IncidentInput;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::incidents::Source;
use crate::input::incidents::engine::By;
use crate::input::questionnaire;
use crate::output;
use std::path::Path;

/// Write the canonical table of `input`'s logs to `out` (kept unless
/// `force`), streaming: the rows are parsed, checked and written in
/// batches, never held all at once.
pub(super) fn run(name: &str, input: &IncidentInput, out: &Path, force: bool) -> Result<()> {
    let mut protected = input.paths.clone();
    protected.extend(input.map.iter().cloned());
    output::check_not_input(out, &protected)?;
    if !force && output::target_exists(out)? {
        return Err(Error::Output {
            path: out.to_path_buf(),
            message: tr("exists_use_force", &[]),
        });
    }
    let q = questionnaire::load(name)?.questionnaire;
    let sources = input.paths.iter().cloned().map(Source::File).collect();
    let options = kpi_options(
        sources,
        input.map.as_deref(),
        input.period_from,
        By::default(),
    )?;
    super::incident_checks::warn_shared_columns(&options.mapping, input.map.as_deref());
    output::write_atomic_with(out, |tmp| {
        crate::input::incidents::prepare(&options, &q.incidents, tmp.path())
    })?;
    eprintln!(
        "{}",
        tr(
            "prepared",
            &[("path", &out.display()), ("logs", &input.paths.len())]
        )
    );
    Ok(())
}
