//! The polars part: scan incident logs lazily with every column read as text,
//! parse and check each row, and aggregate the KPIs. Only plain values leave
//! this module: `scan` reads the sources, `timestamps` parses times
//! (`unpadded` those written without zero padding),
//! `prepare` builds the row-level frame and `canonical` the canonical
//! table from it, which the aggregate tables
//! ([`crate::input::incidents::tables`]) are computed from.

mod by;
mod canonical;
mod prepare;
mod scan;
mod timestamps;
mod unpadded;

pub use by::By;
pub use canonical::{Kind, canonical, columns as canonical_columns};
pub use prepare::prepared;
pub use scan::Source;

use super::mapping::{Mapping, TIMESTAMPS};
use crate::error::Error;
use crate::model::IncidentSettings;
use polars::prelude::*;

/// Built-in timestamp forms: (format, byte length or 0 for "longer than 19",
/// byte at index 4, byte at index 10, offset-aware). Each format is applied
/// only to the values of its shape, so a value is parsed once, and the common
/// naive forms take polars' fast parser.
pub const FORMATS: &[(&str, usize, u8, u8, bool)] = &[
    ("%Y-%m-%dT%H:%M:%S", 19, b'-', b'T', false),
    ("%Y-%m-%d %H:%M:%S", 19, b'-', b' ', false),
    ("%Y-%m-%dT%H:%M", 16, b'-', b'T', false),
    ("%Y-%m-%d %H:%M", 16, b'-', b' ', false),
    ("%Y/%m/%d %H:%M:%S", 19, b'/', b' ', false),
    ("%Y/%m/%d %H:%M", 16, b'/', b' ', false),
    ("%Y-%m-%dT%H:%M:%S%.f%#z", 0, b'-', b'T', true),
    ("%Y-%m-%d %H:%M:%S%.f%#z", 0, b'-', b' ', true),
    ("%Y-%m-%dT%H:%M:%S%.f", 0, b'-', b'T', false),
    ("%Y-%m-%d %H:%M:%S%.f", 0, b'-', b' ', false),
];

/// The intervals measured, as (name, from column, to column).
pub const INTERVALS: &[(&str, &str, &str)] = &[
    ("time_to_detect", "occurred_at", "detected_at"),
    ("time_to_report", "detected_at", "reported_at"),
    ("time_to_contain", "detected_at", "contained_at"),
    ("time_to_resolve", "detected_at", "resolved_at"),
];

/// Data-quality reasons in report order, with the column holding the flag.
pub fn reasons() -> Vec<String> {
    let mut r: Vec<String> = vec![
        "missing_org".into(),
        "missing_period".into(),
        "duplicate_id".into(),
    ];
    r.extend(TIMESTAMPS.iter().map(|t| format!("unparsable_{t}")));
    r.extend(TIMESTAMPS.iter().map(|t| format!("implausible_{t}")));
    r.extend(
        [
            "occurred_after_detected",
            "reported_before_detected",
            "contained_before_detected",
            "resolved_before_detected",
            "unknown_category",
            "unknown_severity",
            "unknown_detected_by",
            "invalid_lessons_learned",
        ]
        .map(String::from),
    );
    r
}

/// How many rows with a data-quality problem are kept, in file order, for
/// the values that failed (`--quality`): each reason's values are the first
/// distinct ones among its rows there, counted there. A log with fewer
/// problem rows has every one of them counted.
pub const VALUE_SAMPLE: usize = 50_000;

/// Every column [`reason_columns`] may name, for the sample of problem rows.
pub fn value_columns() -> Vec<String> {
    let mut c: Vec<String> = TIMESTAMPS.iter().map(|t| format!("r_{t}")).collect();
    c.extend(
        ["category", "severity", "detected_by", "lessons_learned"]
            .iter()
            .map(|v| format!("v_{v}")),
    );
    c
}

/// The raw columns whose values show why a row failed `reason` (two for an
/// ordering problem: the later and the earlier timestamp as written), none
/// for `missing_org`. `period` is the column that places an incident in a
/// quarter.
pub fn reason_columns(reason: &str, period: &str) -> Vec<String> {
    let raw = |t: &str| format!("r_{t}");
    if let Some(t) = reason
        .strip_prefix("unparsable_")
        .or_else(|| reason.strip_prefix("implausible_"))
    {
        return vec![raw(t)];
    }
    match reason {
        "missing_period" => vec![raw(period)],
        "duplicate_id" => vec!["id".into()],
        "occurred_after_detected" => vec![raw("occurred_at"), raw("detected_at")],
        "reported_before_detected" => vec![raw("reported_at"), raw("detected_at")],
        "contained_before_detected" => vec![raw("contained_at"), raw("detected_at")],
        "resolved_before_detected" => vec![raw("resolved_at"), raw("detected_at")],
        "unknown_category" => vec!["v_category".into()],
        "unknown_severity" => vec!["v_severity".into()],
        "unknown_detected_by" => vec!["v_detected_by".into()],
        "invalid_lessons_learned" => vec!["v_lessons_learned".into()],
        _ => Vec::new(),
    }
}

pub(crate) fn engine_err(e: PolarsError) -> Error {
    Error::Engine {
        message: e.to_string(),
    }
}

/// The settings of one KPI run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Inputs.
    pub sources: Vec<Source>,
    /// Column mapping, formats and zone.
    pub mapping: Mapping,
    /// Column whose quarter is the period (`detected_at` …).
    pub period_from: crate::model::PeriodFrom,
    /// Categories, severities, SLAs, min n.
    pub settings: IncidentSettings,
}
