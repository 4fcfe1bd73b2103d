//! The rest of an incident report from the collected frames: the
//! data-quality counts with example ids, the rows read per source and the
//! detection mix.

use super::engine::{Source, engine_err, reasons};
use super::frame::{column, floats, ints, period_text, strings};
use crate::error::Result;
use crate::model::{IncidentSource, MixRow, QualityCount};
use polars::prelude::*;

/// The rows read, the rows counted and the count and first example ids of
/// each data-quality reason, from the one-row quality frame.
pub(super) fn quality(quality: &DataFrame) -> Result<(u64, u64, Vec<QualityCount>)> {
    let rows = floats(quality, "rows")?
        .first()
        .copied()
        .flatten()
        .unwrap_or(0.0) as u64;
    let counted = floats(quality, "counted")?
        .first()
        .copied()
        .flatten()
        .unwrap_or(0.0) as u64;
    let mut quality_counts = Vec::new();
    for r in reasons() {
        let n = floats(quality, &format!("n_{r}"))?
            .first()
            .copied()
            .flatten()
            .unwrap_or(0.0) as u64;
        let examples = column(quality, &format!("ex_{r}"))?
            .explode(ExplodeOptions {
                empty_as_null: false,
                keep_nulls: false,
            })
            .map_err(engine_err)?
            .cast(&DataType::String)
            .map_err(engine_err)?;
        let examples: Vec<String> = examples
            .str()
            .map_err(engine_err)?
            .iter()
            .flatten()
            .map(|s| {
                if s.is_empty() {
                    "(no id)".to_string()
                } else {
                    s.to_string()
                }
            })
            .collect();
        quality_counts.push(QualityCount {
            reason: r,
            rows: n,
            examples,
        });
    }
    Ok((rows, counted, quality_counts))
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
