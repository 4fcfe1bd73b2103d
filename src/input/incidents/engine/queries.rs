//! The aggregating queries over the prepared rows: the KPI groups (base, per
//! category, per severity), the backlog counts, the quality counts, the rows
//! per source and the detection mix.

use super::prepare::one_of;
use super::{INTERVALS, VALUE_SAMPLE, reasons, value_columns};
use crate::model::IncidentSettings;
use polars::prelude::*;

/// Which dimensions group the KPIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct By {
    /// Keep organisations apart.
    pub org: bool,
    /// Keep units apart.
    pub unit: bool,
    /// Keep quarters apart.
    pub period: bool,
    /// Add rows per category.
    pub category: bool,
    /// Add rows per severity.
    pub severity: bool,
}

impl Default for By {
    fn default() -> Self {
        By {
            org: true,
            unit: true,
            period: true,
            category: true,
            severity: true,
        }
    }
}

fn key_exprs(by: By) -> Vec<Expr> {
    let keep = |on: bool, name: &str, empty: Expr| if on { col(name) } else { empty.alias(name) };
    vec![
        keep(by.org, "org", lit("")),
        keep(by.unit, "unit", lit("")),
        keep(by.period, "period", lit(NULL).cast(DataType::Int32)),
    ]
}

fn kpi_aggs() -> Vec<Expr> {
    let mut aggs = vec![len().cast(DataType::Float64).alias("incidents")];
    for (name, _, _) in INTERVALS {
        let h = col(format!("h_{name}"));
        aggs.push(h.clone().median().alias(format!("{name}_median_h")));
        aggs.push(
            h.clone()
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias(format!("{name}_p90_h")),
        );
        aggs.push(h.count().cast(DataType::Float64).alias(format!("{name}_n")));
    }
    for (kpi, column) in [
        ("sla_met_share", "sla_met"),
        ("internal_detection_share", "internal"),
        ("lessons_learned_share", "lessons"),
    ] {
        aggs.push(col(column).mean().alias(kpi));
        aggs.push(
            col(column)
                .count()
                .cast(DataType::Float64)
                .alias(format!("{kpi}_n")),
        );
    }
    aggs
}

/// The lazy queries of one run, collected together so the input is scanned
/// once: the KPI groups, the backlog, the quality counts, the rows per
/// source and the detection mix, and with `values` the first rows with a
/// quality problem (their id, raw cells and flags).
pub fn queries(
    prepared: LazyFrame,
    by: By,
    settings: &IncidentSettings,
    values: bool,
) -> Vec<LazyFrame> {
    // Every query starts from the same frame, so common-subplan elimination
    // computes the scan and the row-level preparation once for all of them.
    let shared = prepared.with_columns(key_exprs(by));
    let keys = || vec![col("org"), col("unit"), col("period")];
    let counted = || shared.clone().filter(col("counted"));
    let with = |extra: &str| {
        let mut k = keys();
        k.push(col(extra));
        k
    };
    let base = counted().group_by(keys()).agg(kpi_aggs());
    let category = counted()
        .filter(one_of(col("category"), &settings.categories))
        .group_by(with("category"))
        .agg(kpi_aggs());
    let severity = counted()
        .filter(one_of(col("severity"), &settings.severities))
        .group_by(with("severity"))
        .agg(kpi_aggs());
    // Backlog: counts per detection quarter and resolution quarter.
    let backlog = counted()
        .group_by(with("resolved_period"))
        .agg([len().cast(DataType::Float64).alias("n")]);
    // Quality: per-reason counts and first example ids, then (below) the
    // first rows with a problem, with their flags and the cells that show
    // it: one filtered slice for every reason, as each further query over
    // the shared frame cost about 15 MB on a 1M-row log.
    let mut quality_aggs = vec![
        len().cast(DataType::Float64).alias("rows"),
        col("counted")
            .sum()
            .cast(DataType::Float64)
            .alias("counted"),
    ];
    let mut any = lit(false);
    let mut sample_cols = vec![col("id")];
    sample_cols.extend(value_columns().iter().map(|c| col(c.as_str())));
    for r in reasons() {
        let flag = col(format!("q_{r}"));
        quality_aggs.push(
            flag.clone()
                .sum()
                .cast(DataType::Float64)
                .alias(format!("n_{r}")),
        );
        quality_aggs.push(
            col("id")
                .filter(flag.clone())
                .head(Some(5))
                .implode(false)
                .alias(format!("ex_{r}")),
        );
        any = any.or(flag.clone());
        sample_cols.push(flag);
    }
    let quality = shared.clone().select(quality_aggs);
    let mix = counted()
        .group_by(with("detected_by"))
        .agg([len().cast(DataType::Float64).alias("n")]);
    let sources = shared
        .clone()
        .group_by([col("src")])
        .agg([len().cast(DataType::Float64).alias("rows")]);
    let mut all = vec![base, category, severity, backlog, quality, sources, mix];
    if values {
        // Carrying the raw cells to this query costs about 280 MB on a
        // 1M-row log, so it runs only when the values are shown.
        all.push(
            shared
                .filter(any)
                .select(sample_cols)
                .slice(0, VALUE_SAMPLE as u32),
        );
    }
    all
}
