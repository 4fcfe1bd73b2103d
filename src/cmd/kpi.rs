//! `imcm kpi`: the incident KPIs (or the data-quality report) of incident
//! logs, as a table, CSV, JSON or Parquet.

use super::inputs::incident_report;
use crate::cli::{IncidentInput, KpiFormat};
use crate::error::Result;
use crate::input::incidents::engine::By;
use crate::input::questionnaire;
use crate::{export, output, report};
use std::path::Path;

/// Compute the KPIs of `input` grouped by `by` and write them in `format`.
pub(super) fn run(
    name: &str,
    input: &IncidentInput,
    by: By,
    format: KpiFormat,
    quality: bool,
    out: Option<&Path>,
) -> Result<()> {
    if let Some(o) = out {
        output::check_not_input(o, &input.paths)?;
    }
    let q = questionnaire::load(name)?.questionnaire;
    // The values that failed are shown by the quality report and the JSON.
    let values = quality || format == KpiFormat::Json;
    let report = incident_report(&q, input, by, values)?;
    if !quality {
        // The quality report is the long form of this warning.
        super::incident_checks::warn_left_out(&report);
    }
    let bytes = match (format, quality) {
        (KpiFormat::Json, _) => export::incidents_json(&report)?,
        (KpiFormat::Csv, false) => export::kpi_csv(&report)?,
        (KpiFormat::Csv, true) => export::quality_csv(&report)?,
        (KpiFormat::Table, false) => report::incidents::text::kpi_table(&report).into_bytes(),
        (KpiFormat::Table, true) => report::incidents::text::quality(&report).into_bytes(),
        (KpiFormat::Parquet, false) => crate::export::parquet::csv_table_to_parquet(
            &export::kpi_csv(&report)?,
            &["value"],
            &["n"],
        )?,
        (KpiFormat::Parquet, true) => crate::export::parquet::csv_table_to_parquet(
            &export::quality_csv(&report)?,
            &[],
            &["rows"],
        )?,
    };
    super::write_to(out, &bytes)
}

/// Print (or write to `out`) the SQL script for `dialect` that reads the
/// canonical table at `input` and writes the aggregate tables of grouping
/// `by` under `aggregates_out`.
pub(super) fn emit_sql(
    dialect: crate::input::incidents::tables::sql::Dialect,
    input: &str,
    aggregates_out: &str,
    by: By,
    out: Option<&Path>,
) -> Result<()> {
    let generator = format!("imcm {}", env!("CARGO_PKG_VERSION"));
    let script = crate::input::incidents::tables::sql::script(
        dialect,
        input,
        aggregates_out,
        by,
        &generator,
    );
    super::write_to(out, script.as_bytes())
}
