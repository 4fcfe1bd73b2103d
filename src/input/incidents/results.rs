//! The rest of an incident report from the collected frames: the
//! data-quality counts with example ids and failing values, the rows read
//! per source and the detection mix.

use super::engine::{Source, engine_err, reason_columns, reasons};
use super::frame::{column, floats, ints, period_text, strings};
use crate::error::Result;
use crate::model::{FailedValue, IncidentSource, MixRow, QualityCount};
use polars::prelude::*;
use std::collections::HashMap;

/// The rows read, the rows counted and the count, first example ids and
/// first failing values of each data-quality reason, from the one-row
/// quality frame and, when they were looked for, the first rows with a
/// problem (`samples`: the id, the raw cells and a flag per reason).
/// `period` is the column that places an incident in a quarter.
pub(super) fn quality(
    quality: &DataFrame,
    samples: Option<&DataFrame>,
    period: &str,
) -> Result<(u64, u64, Vec<QualityCount>)> {
    let first = |name: &str| -> Result<u64> {
        Ok(floats(quality, name)?
            .first()
            .copied()
            .flatten()
            .unwrap_or(0.0) as u64)
    };
    let rows = first("rows")?;
    let counted = first("counted")?;
    let mut cells: HashMap<String, Vec<Option<String>>> = HashMap::new();
    let mut quality_counts = Vec::new();
    for r in reasons() {
        let n = first(&format!("n_{r}"))?;
        let examples: Vec<String> = listed(quality, &format!("ex_{r}"))?
            .into_iter()
            .flatten()
            .map(|s| {
                if s.is_empty() {
                    "(no id)".to_string()
                } else {
                    s
                }
            })
            .collect();
        let Some(samples) = samples else {
            quality_counts.push(QualityCount {
                reason: r,
                rows: n,
                examples,
                values: Vec::new(),
                sampled: 0,
            });
            continue;
        };
        let flags = column(samples, &format!("q_{r}"))?
            .bool()
            .map_err(engine_err)?
            .iter()
            .map(|f| f.unwrap_or(false))
            .collect::<Vec<_>>();
        let mine: Vec<usize> = (0..flags.len()).filter(|k| flags[*k]).collect();
        let mut columns = Vec::new();
        for c in reason_columns(&r, period) {
            if !cells.contains_key(&c) {
                cells.insert(c.clone(), texts(samples, &c)?);
            }
            let all = &cells[&c];
            columns.push(mine.iter().map(|k| all[*k].clone()).collect::<Vec<_>>());
        }
        quality_counts.push(QualityCount {
            values: failed_values(&r, &columns),
            sampled: if columns.is_empty() {
                0
            } else {
                mine.len() as u64
            },
            reason: r,
            rows: n,
            examples,
        });
    }
    Ok((rows, counted, quality_counts))
}

/// The text values of a list column of the one-row quality frame.
fn listed(quality: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let values = column(quality, name)?
        .explode(ExplodeOptions {
            empty_as_null: false,
            keep_nulls: false,
        })
        .map_err(engine_err)?;
    texts(
        &DataFrame::new(values.len(), vec![values]).map_err(engine_err)?,
        name,
    )
}

/// A text column with its nulls.
fn texts(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let c = column(df, name)?
        .cast(&DataType::String)
        .map_err(engine_err)?;
    Ok(c.str()
        .map_err(engine_err)?
        .iter()
        .map(|v| v.map(str::to_string))
        .collect())
}

/// How many distinct failing values a reason lists.
const VALUES_SHOWN: usize = 5;

/// The first [`VALUES_SHOWN`] distinct values of the sampled rows (in file
/// order) with their rows among them. For an ordering problem the two
/// timestamps are joined by `>` (`occurred_after_detected`) or `<`.
fn failed_values(reason: &str, columns: &[Vec<Option<String>>]) -> Vec<FailedValue> {
    let joiner = if reason == "occurred_after_detected" {
        " > "
    } else {
        " < "
    };
    let rows = columns.first().map_or(0, Vec::len);
    let mut out: Vec<FailedValue> = Vec::new();
    for i in 0..rows {
        let value = columns
            .iter()
            .map(|c| c.get(i).cloned().flatten().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(joiner);
        if let Some(v) = out.iter_mut().find(|v| v.value == value) {
            v.rows += 1;
        } else if out.len() < VALUES_SHOWN {
            out.push(FailedValue { value, rows: 1 });
        }
    }
    out
}

/// The rows read from each source, in the order the sources were given.
pub(super) fn sources(frame: &DataFrame, given: &[Source]) -> Result<Vec<IncidentSource>> {
    let sources = frame;
    let src_idx = ints(sources, "src")?;
    let src_rows = floats(sources, "rows")?;
    Ok(given
        .iter()
        .enumerate()
        .map(|(i, p)| IncidentSource {
            path: p.label().display().to_string(),
            rows: src_idx
                .iter()
                .zip(&src_rows)
                .find(|(s, _)| **s == Some(i as i32))
                .and_then(|(_, r)| *r)
                .unwrap_or(0.0) as u64,
        })
        .collect())
}

/// The detection mix: incidents per organisation, unit, quarter and who
/// detected them, sorted.
pub(super) fn detection_mix(mix: &DataFrame) -> Result<Vec<MixRow>> {
    let (mo, mu, mp, ms, mn) = (
        strings(mix, "org")?,
        strings(mix, "unit")?,
        ints(mix, "period")?,
        strings(mix, "detected_by")?,
        floats(mix, "n")?,
    );
    let mut detection_mix: Vec<MixRow> = (0..mix.height())
        .map(|i| MixRow {
            org: mo[i].clone(),
            unit: mu[i].clone(),
            period: period_text(mp[i]),
            source: ms[i].clone(),
            count: mn[i].unwrap_or(0.0) as u64,
        })
        .collect();
    detection_mix.sort_by(|a, b| {
        (&a.org, &a.unit, &a.period, &a.source).cmp(&(&b.org, &b.unit, &b.period, &b.source))
    });
    Ok(detection_mix)
}
