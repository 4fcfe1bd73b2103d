//! Parquet files: imcm's long CSV tables (scores, KPIs, comparisons) and
//! imported incident records. With the incident engine, the only place
//! polars is used.

use crate::error::{Error, Result};
use crate::input::import::veris::{self, Row};
use polars::prelude::*;

fn engine_err(e: PolarsError) -> Error {
    Error::Engine {
        message: e.to_string(),
    }
}

/// One of imcm's long CSV tables (scores, KPIs, comparison) as Parquet: the
/// same columns in the same order, `floats` as 64-bit floats, `integers` as
/// 64-bit integers, every other column as text; an empty cell is null.
///
/// # Errors
/// [`Error::Engine`] if polars cannot read the CSV or write Parquet.
pub fn csv_table_to_parquet(csv: &[u8], floats: &[&str], integers: &[&str]) -> Result<Vec<u8>> {
    let header = csv.split(|&b| b == b'\n').next().unwrap_or_default();
    let header = String::from_utf8_lossy(header);
    let mut schema = Schema::default();
    for name in header.trim_end_matches('\r').split(',') {
        let dtype = if floats.contains(&name) {
            DataType::Float64
        } else if integers.contains(&name) {
            DataType::Int64
        } else {
            DataType::String
        };
        schema.with_column(name.into(), dtype);
    }
    let mut df = CsvReadOptions::default()
        .with_has_header(true)
        .with_schema(Some(std::sync::Arc::new(schema)))
        .into_reader_with_file_handle(std::io::Cursor::new(csv.to_vec()))
        .finish()
        .map_err(engine_err)?;
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf)
        .finish(&mut df)
        .map_err(engine_err)?;
    Ok(buf)
}

/// The imported rows as Parquet bytes (every column text, like the CSV).
///
/// # Errors
/// [`Error::Engine`] if polars fails.
pub fn veris_parquet(rows: &[Row]) -> Result<Vec<u8>> {
    rows_to_parquet(rows, &veris::import_columns())
}

/// Imported rows as Parquet with the given columns (every column text).
///
/// # Errors
/// [`Error::Engine`] if polars fails.
pub fn rows_to_parquet(rows: &[Row], columns: &[&str]) -> Result<Vec<u8>> {
    let columns: Vec<Column> = columns
        .iter()
        .map(|c| {
            let values: Vec<&str> = rows
                .iter()
                .map(|r| r.get(c).map_or("", String::as_str))
                .collect();
            Column::new((*c).into(), values)
        })
        .collect();
    let mut df = DataFrame::new_infer_height(columns).map_err(engine_err)?;
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf)
        .finish(&mut df)
        .map_err(engine_err)?;
    Ok(buf)
}
