//! Reading plain values out of the collected frames: one column as text,
//! numbers or quarter codes, and a quarter code as `YYYY-Qn`. These are the
//! only places the results of a query are unpacked.

use super::engine::engine_err;
use crate::error::Result;
use polars::prelude::*;

pub(super) fn period_text(code: Option<i32>) -> String {
    code.map_or_else(String::new, |c| format!("{:04}-Q{}", c / 10, c % 10))
}

pub(super) fn column<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Column> {
    df.column(name).map_err(engine_err)
}

pub(crate) fn strings(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    let c = column(df, name)?
        .cast(&DataType::String)
        .map_err(engine_err)?;
    let ca = c.str().map_err(engine_err)?;
    Ok(ca.iter().map(|v| v.unwrap_or("").to_string()).collect())
}

pub(super) fn floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let c = column(df, name)?
        .cast(&DataType::Float64)
        .map_err(engine_err)?;
    Ok(c.f64().map_err(engine_err)?.iter().collect())
}

pub(super) fn ints(df: &DataFrame, name: &str) -> Result<Vec<Option<i32>>> {
    let c = column(df, name)?
        .cast(&DataType::Int32)
        .map_err(engine_err)?;
    Ok(c.i32().map_err(engine_err)?.iter().collect())
}
