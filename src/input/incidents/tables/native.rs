//! The aggregate tables as polars queries over the canonical table, from
//! the same definitions ([`super::tables`]) the SQL script is written from.

use super::{Agg, EXAMPLES, Rows, Table, tables};
use crate::input::incidents::engine::{By, VALUE_SAMPLE, reasons, value_columns};
use polars::prelude::*;

/// One aggregate as a polars expression.
fn aggregate(agg: &Agg) -> Expr {
    match agg {
        Agg::Rows => len().cast(DataType::Float64),
        Agg::Count(c) => col(*c).count().cast(DataType::Float64),
        Agg::Mean(c) => col(*c).mean(),
        Agg::Quantile(c, 50) => col(*c).median(),
        Agg::Quantile(c, p) => col(*c).quantile(lit(f64::from(*p) / 100.0), QuantileMethod::Linear),
        Agg::CountTrue(c) => col(c.as_str()).sum().cast(DataType::Float64),
    }
}

/// The query of one table over `canonical`; `extra` adds columns to a
/// single-row table (the native engine's example ids).
fn query(t: &Table, canonical: &LazyFrame, extra: Vec<Expr>) -> LazyFrame {
    let lf = match t.rows {
        Rows::All => canonical.clone(),
        Rows::Counted => canonical.clone().filter(col("counted")),
        Rows::CountedWithout(flag) => canonical
            .clone()
            .filter(col("counted").and(col(flag).not())),
    };
    let mut aggs: Vec<Expr> = t
        .measures
        .iter()
        .map(|m| aggregate(&m.agg).alias(m.name.as_str()))
        .collect();
    aggs.extend(extra);
    if t.single {
        return lf.select(aggs);
    }
    let constants: Vec<Expr> = t
        .keys
        .iter()
        .filter(|k| !k.kept)
        .map(|k| {
            let value = if k.integer {
                lit(NULL).cast(DataType::Int32)
            } else {
                lit("")
            };
            value.alias(k.name)
        })
        .collect();
    let lf = if constants.is_empty() {
        lf
    } else {
        lf.with_columns(constants)
    };
    lf.group_by(t.keys.iter().map(|k| col(k.name)).collect::<Vec<_>>())
        .agg(aggs)
}

/// The example ids of each reason as list columns `ex_<reason>` of the
/// quality table: the first [`EXAMPLES`] in (log, row) order, which is the
/// frame's order.
fn example_lists() -> Vec<Expr> {
    reasons()
        .iter()
        .map(|r| {
            col("id")
                .filter(col(format!("q_{r}")))
                .head(Some(EXAMPLES))
                .implode(false)
                .alias(format!("ex_{r}"))
        })
        .collect()
}

/// The queries of every table of grouping `by` over `canonical`, in the
/// order of [`tables`], collected together so that the logs are read once.
pub fn queries(canonical: LazyFrame, by: By) -> Vec<LazyFrame> {
    tables(by)
        .iter()
        .map(|t| {
            let extra = if t.name == "quality" {
                example_lists()
            } else {
                Vec::new()
            };
            query(t, &canonical, extra)
        })
        .collect()
}

/// The first rows with a data-quality problem (`kpi --quality`), from the
/// row-level frame: their id, raw cells and flags. Carrying the raw cells
/// costs about 280 MB on a 1M-row log, so it runs only when the values are
/// shown.
pub fn samples(prepared: LazyFrame) -> LazyFrame {
    let mut any = lit(false);
    let mut cols = vec![col("id")];
    cols.extend(value_columns().iter().map(|c| col(c.as_str())));
    for r in reasons() {
        let flag = col(format!("q_{r}"));
        any = any.or(flag.clone());
        cols.push(flag);
    }
    prepared
        .filter(any)
        .select(cols)
        .slice(0, VALUE_SAMPLE as u32)
}
