//! The canonical incident table: each record of the logs after mapping,
//! time-zone conversion and parsing, with the log and row it came from,
//! its quarter, its intervals and per-row KPI inputs, and its data-quality
//! flags. `imcm incidents prepare` writes it as Parquet; the aggregate
//! tables ([`crate::input::incidents::tables`]) are computed from it by
//! polars here, or by DuckDB or Spark from that file.

use super::{INTERVALS, reasons};
use crate::input::incidents::mapping::TIMESTAMPS;
use crate::input::incidents::tables::{SHARES, interval_column};
use polars::prelude::*;

/// The type of a canonical column, as written in `schemas/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 32-bit signed integer.
    Int32,
    /// 64-bit signed integer.
    Int64,
    /// UTF-8 text, never null (`""` when the log has no value).
    Text,
    /// An instant: microseconds since 1970-01-01T00:00:00Z, adjusted to UTC.
    Instant,
    /// 64-bit float.
    Float,
    /// Boolean, never null.
    Flag,
}

impl Kind {
    /// The name used in the schema file.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Int32 => "int32",
            Kind::Int64 => "int64",
            Kind::Text => "string",
            Kind::Instant => "timestamp[us, UTC]",
            Kind::Float => "double",
            Kind::Flag => "boolean",
        }
    }

    fn dtype(self) -> DataType {
        match self {
            Kind::Int32 => DataType::Int32,
            Kind::Int64 => DataType::Int64,
            Kind::Text => DataType::String,
            Kind::Instant => DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC)),
            Kind::Float => DataType::Float64,
            Kind::Flag => DataType::Boolean,
        }
    }
}

/// Every column of the canonical table in file order, with its type and
/// the column of the row-level frame it is taken from.
pub fn columns() -> Vec<(String, Kind, String)> {
    let same = |name: &str, kind: Kind| (name.to_string(), kind, name.to_string());
    let mut c = vec![
        ("log_index".to_string(), Kind::Int32, "src".to_string()),
        ("log_file".to_string(), Kind::Text, String::new()),
        same("log_row", Kind::Int64),
    ];
    for t in [
        "id",
        "org",
        "unit",
        "category",
        "severity",
        "detected_by",
        "lessons_learned",
    ] {
        c.push(same(t, Kind::Text));
    }
    for t in TIMESTAMPS {
        c.push((t.to_string(), Kind::Instant, format!("ts_{t}")));
    }
    c.push(same("period", Kind::Int32));
    c.push(same("resolved_period", Kind::Int32));
    for (name, _, _) in INTERVALS {
        c.push((
            interval_column(name).to_string(),
            Kind::Float,
            format!("h_{name}"),
        ));
    }
    for ((_, column), from) in SHARES.iter().zip(["sla_met", "internal", "lessons"]) {
        c.push((column.to_string(), Kind::Float, from.to_string()));
    }
    for r in reasons() {
        c.push(same(&format!("q_{r}"), Kind::Flag));
    }
    c.push(same("counted", Kind::Flag));
    c
}

/// The canonical table of the row-level frame `prepared`, whose logs are
/// labelled `labels` (in the order given; `log_file` holds the label).
pub fn canonical(prepared: LazyFrame, labels: &[String]) -> LazyFrame {
    let exprs: Vec<Expr> = columns()
        .into_iter()
        .map(|(name, kind, from)| {
            let e = if name == "log_file" {
                log_file(labels)
            } else if kind == Kind::Instant {
                col(from.as_str()).dt().replace_time_zone(
                    Some(TimeZone::UTC),
                    lit("raise"),
                    NonExistent::Raise,
                )
            } else {
                col(from.as_str())
            };
            e.cast(kind.dtype()).alias(name.as_str())
        })
        .collect();
    prepared.select(exprs)
}

/// The label of each row's log, from its index.
fn log_file(labels: &[String]) -> Expr {
    let mut e = lit(NULL).cast(DataType::String);
    for (i, label) in labels.iter().enumerate().rev() {
        e = when(col("src").eq(lit(i as u32)))
            .then(lit(label.clone()))
            .otherwise(e);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_schema_lists_every_column_with_its_type() {
        let text = include_str!("../../../../schemas/canonical-incidents.json");
        let doc: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        let published: Vec<(String, String)> = doc["columns"]
            .as_array()
            .map(|c| {
                c.iter()
                    .map(|c| {
                        (
                            c["name"].as_str().unwrap_or_default().to_string(),
                            c["type"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let ours: Vec<(String, String)> = columns()
            .into_iter()
            .map(|(n, k, _)| (n, k.name().to_string()))
            .collect();
        assert_eq!(published, ours);
    }
}
