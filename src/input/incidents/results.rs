//! The rest of an incident report from the collected frames: the
//! data-quality counts with example ids and failing values, the rows read
//! per source and the detection mix.

use super::engine::{engine_err, reason_columns, reasons};
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
    examples: &HashMap<String, Vec<String>>,
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
        let examples: Vec<String> = examples
            .get(&r)
            .cloned()
            .unwrap_or_default()
            .into_iter()
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

/// The example ids of each reason from the list columns `ex_<reason>` of
/// the native engine's one-row quality frame.
pub(super) fn example_lists(quality: &DataFrame) -> Result<HashMap<String, Vec<String>>> {
    let mut out = HashMap::new();
    for r in reasons() {
        let ids = listed(quality, &format!("ex_{r}"))?
            .into_iter()
            .flatten()
            .collect();
        out.insert(r, ids);
    }
    Ok(out)
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

/// The rows read from each log: in the order the logs were given when
/// `given` names them (a log with no rows has 0), else in the order of the
/// sources table's `log_index`.
pub(super) fn sources(frame: &DataFrame, given: Option<&[String]>) -> Result<Vec<IncidentSource>> {
    let index = ints(frame, "log_index")?;
    let files = strings(frame, "log_file")?;
    let rows = floats(frame, "rows")?;
    let count = |r: Option<f64>| r.unwrap_or(0.0) as u64;
    if let Some(given) = given {
        return Ok(given
            .iter()
            .enumerate()
            .map(|(i, label)| IncidentSource {
                path: label.clone(),
                rows: index
                    .iter()
                    .zip(&rows)
                    .find(|(s, _)| **s == Some(i as i32))
                    .map_or(0, |(_, r)| count(*r)),
            })
            .collect());
    }
    let mut order: Vec<usize> = (0..frame.height()).collect();
    order.sort_by_key(|&i| (index[i], files[i].clone()));
    Ok(order
        .into_iter()
        .map(|i| IncidentSource {
            path: files[i].clone(),
            rows: count(rows[i]),
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
