//! KPI rows from the aggregated frames: the rows of each group, the open
//! backlog per quarter, the category shares and the report order.

use super::engine::By;
use super::engine::INTERVALS;
use super::frame::{floats, ints, period_text, strings};
use crate::error::Result;
use crate::model::{IncidentSettings, KpiRow};
use polars::prelude::*;
use std::collections::BTreeMap;

/// The aggregated frames the KPI rows come from.
#[derive(Clone, Copy)]
pub(super) struct Aggregated<'a> {
    /// One row per (org, unit, period).
    pub base: &'a DataFrame,
    /// One row per group and known category.
    pub category: &'a DataFrame,
    /// One row per group and known severity.
    pub severity: &'a DataFrame,
    /// Counts per detection and resolution quarter.
    pub backlog: &'a DataFrame,
}

/// Key of a KPI group: (org, unit, period code, category, severity).
type Key = (String, String, Option<i32>, String, String);

/// A KPI column of an aggregated frame: (name, values, n per row).
type Stat = (String, Vec<Option<f64>>, Vec<Option<f64>>);

/// Turn one aggregated frame into KPI rows.
pub(super) fn rows_of(
    df: &DataFrame,
    dim: Option<&str>,
    min_n: u64,
    out: &mut BTreeMap<Key, Vec<KpiRow>>,
) -> Result<()> {
    let (org, unit, period) = (
        strings(df, "org")?,
        strings(df, "unit")?,
        ints(df, "period")?,
    );
    let dim_values = match dim {
        Some(d) => strings(df, d)?,
        None => vec![String::new(); df.height()],
    };
    let incidents = floats(df, "incidents")?;
    let mut stats: Vec<Stat> = Vec::new();
    for (name, _, _) in INTERVALS {
        let n = floats(df, &format!("{name}_n"))?;
        stats.push((
            format!("{name}_median_h"),
            floats(df, &format!("{name}_median_h"))?,
            n.clone(),
        ));
        stats.push((
            format!("{name}_p90_h"),
            floats(df, &format!("{name}_p90_h"))?,
            n,
        ));
    }
    for kpi in [
        "sla_met_share",
        "internal_detection_share",
        "lessons_learned_share",
    ] {
        stats.push((
            kpi.to_string(),
            floats(df, kpi)?,
            floats(df, &format!("{kpi}_n"))?,
        ));
    }
    for i in 0..df.height() {
        let (category, severity) = match dim {
            Some("category") => (dim_values[i].clone(), String::new()),
            Some(_) => (String::new(), dim_values[i].clone()),
            None => (String::new(), String::new()),
        };
        let key: Key = (
            org[i].clone(),
            unit[i].clone(),
            period[i],
            category.clone(),
            severity.clone(),
        );
        let row = |kpi: &str, value: Option<f64>, n: u64| KpiRow {
            org: org[i].clone(),
            unit: unit[i].clone(),
            period: period_text(period[i]),
            category: category.clone(),
            severity: severity.clone(),
            kpi: kpi.to_string(),
            value,
            n,
        };
        let count = incidents[i].unwrap_or(0.0) as u64;
        let mut rows = vec![row("incidents", Some(count as f64), count)];
        for (kpi, values, ns) in &stats {
            let n = ns[i].unwrap_or(0.0) as u64;
            let value = if n >= min_n { values[i] } else { None };
            rows.push(row(kpi, value, n));
        }
        out.insert(key, rows);
    }
    Ok(())
}

fn severity_rank(settings: &IncidentSettings, s: &str) -> usize {
    settings
        .severities
        .iter()
        .position(|x| x == s)
        .unwrap_or(usize::MAX)
}

/// The KPI rows of one run in report order: the base groups with their open
/// backlog (by period), the category groups with their shares, and the
/// severity groups, as `by` asks.
pub(super) fn kpi_rows(
    frames: &Aggregated<'_>,
    by: By,
    settings: &IncidentSettings,
) -> Result<Vec<KpiRow>> {
    let Aggregated {
        base,
        category,
        severity,
        backlog,
    } = *frames;
    let min_n = settings.min_n;
    let mut groups: BTreeMap<Key, Vec<KpiRow>> = BTreeMap::new();
    rows_of(base, None, min_n, &mut groups)?;
    let base_incidents: BTreeMap<(String, String, Option<i32>), u64> = groups
        .iter()
        .map(|((o, u, p, _, _), rows)| ((o.clone(), u.clone(), *p), rows[0].n))
        .collect();
    if by.period {
        add_backlog(&mut groups, backlog)?;
    }
    if by.category {
        let mut cat_groups = BTreeMap::new();
        rows_of(category, Some("category"), min_n, &mut cat_groups)?;
        add_category_shares(&mut cat_groups, &base_incidents, min_n);
        groups.extend(cat_groups);
    }
    if by.severity {
        rows_of(severity, Some("severity"), min_n, &mut groups)?;
    }
    Ok(in_report_order(&groups, settings))
}

/// Add to each base group with a quarter its open backlog at the end of
/// that quarter: incidents detected by then and not resolved by then, out
/// of those detected by then.
fn add_backlog(groups: &mut BTreeMap<Key, Vec<KpiRow>>, backlog: &DataFrame) -> Result<()> {
    let (o, u) = (strings(backlog, "org")?, strings(backlog, "unit")?);
    let (det, res, n) = (
        ints(backlog, "period")?,
        ints(backlog, "resolved_period")?,
        floats(backlog, "n")?,
    );
    for ((org, unit, period, _, _), rows) in groups.iter_mut() {
        let Some(p) = period else { continue };
        let (mut detected, mut open) = (0u64, 0u64);
        for i in 0..backlog.height() {
            if &o[i] != org || &u[i] != unit || det[i].is_none_or(|d| d > *p) {
                continue;
            }
            let count = n[i].unwrap_or(0.0) as u64;
            detected += count;
            if res[i].is_none_or(|r| r > *p) {
                open += count;
            }
        }
        let mut row = rows[0].clone();
        row.kpi = "open_at_period_end".into();
        row.value = Some(open as f64);
        row.n = detected;
        rows.push(row);
    }
    Ok(())
}

/// Add to each category group its share of the incidents of its base group
/// (when that group has at least `min_n`).
fn add_category_shares(
    cat_groups: &mut BTreeMap<Key, Vec<KpiRow>>,
    base_incidents: &BTreeMap<(String, String, Option<i32>), u64>,
    min_n: u64,
) {
    for ((o, u, p, _, _), rows) in cat_groups.iter_mut() {
        let total = base_incidents
            .get(&(o.clone(), u.clone(), *p))
            .copied()
            .unwrap_or(0);
        let mut row = rows[0].clone();
        row.kpi = "category_share".into();
        row.value = (total >= min_n).then(|| row.n as f64 / total as f64);
        row.n = total;
        rows.push(row);
    }
}

/// Every group's rows in report order: org, unit, period, then base rows,
/// category rows and severity rows (most severe first); within a group,
/// the KPIs in their listed order.
fn in_report_order(
    groups: &BTreeMap<Key, Vec<KpiRow>>,
    settings: &IncidentSettings,
) -> Vec<KpiRow> {
    let order = |k: &str| {
        crate::model::incident::KPI_NAMES
            .iter()
            .position(|x| *x == k)
            .unwrap_or(usize::MAX)
    };
    let mut kpis: Vec<KpiRow> = Vec::new();
    // Sort: org, unit, period, then base rows, category rows, severity rows.
    let mut keys: Vec<&Key> = groups.keys().collect();
    keys.sort_by(|a, b| {
        (
            &a.0,
            &a.1,
            a.2,
            !a.4.is_empty(),
            &a.3,
            severity_rank(settings, &a.4),
        )
            .cmp(&(
                &b.0,
                &b.1,
                b.2,
                !b.4.is_empty(),
                &b.3,
                severity_rank(settings, &b.4),
            ))
    });
    for k in keys {
        let mut rows = groups[k].clone();
        rows.sort_by_key(|r| order(&r.kpi));
        kpis.extend(rows);
    }
    kpis
}
