//! Incident logs: streaming ingestion (polars), the data-quality gate and the
//! KPIs. polars stays inside this module; callers get [`IncidentReport`]s.

pub mod engine;
pub mod jsonl;
pub mod mapping;
pub mod shape;

use crate::error::{Error, Result};
use crate::model::{
    IncidentReport, IncidentSettings, IncidentSource, KpiRow, MixRow, QualityCount,
};
pub use engine::Source;
use engine::{By, INTERVALS, Plan, engine_err, reasons};
use polars::prelude::*;
use std::collections::BTreeMap;

pub use mapping::Mapping;

/// How many rejected records an import lists before giving a count of the
/// rest (`--list-rejected` lists them all).
pub const REJECTED_SHOWN: usize = 5;

/// How a JSON value is named in messages: "a list", "an object", "text" …
pub(crate) fn json_kind(v: &serde_json::Value) -> String {
    use serde_json::Value;
    let key = match v {
        Value::Null => "json_null",
        Value::Bool(_) => "json_bool",
        Value::Number(_) => "json_number",
        Value::String(_) => "json_text",
        Value::Array(_) => "json_list",
        Value::Object(_) => "json_object",
    };
    crate::i18n::tr(key, &[])
}

/// The lines an import prints about its rejected records (name: reason):
/// all of them with `all`, else the first [`REJECTED_SHOWN`] and a count of
/// the rest.
pub fn rejection_lines(rejected: &[(String, String)], all: bool) -> Vec<String> {
    let shown = if all {
        rejected.len()
    } else {
        REJECTED_SHOWN.min(rejected.len())
    };
    let mut lines: Vec<String> = rejected[..shown]
        .iter()
        .map(|(name, reason)| {
            crate::i18n::tr("veris_rejected_file", &[("name", name), ("reason", reason)])
        })
        .collect();
    if shown < rejected.len() {
        lines.push(crate::i18n::tr(
            "import_rejected_more",
            &[("n", &(rejected.len() - shown))],
        ));
    }
    lines
}

/// The error of an import that read `read` files or entries and kept no
/// record: it names every reason (or the first few) and says that nothing
/// was written.
pub fn nothing_kept(
    path: &std::path::Path,
    read: usize,
    rejected: &[(String, String)],
    all: bool,
) -> Error {
    let mut message = crate::i18n::tr("import_nothing_kept", &[("n", &read)]);
    for line in rejection_lines(rejected, all) {
        message.push_str("\n  ");
        message.push_str(&line);
    }
    Error::Incidents {
        path: path.to_path_buf(),
        message,
    }
}

/// Print a warning on standard error for each file or archive entry an
/// import skipped (a pipe, device, socket, broken link or folder link).
pub fn warn_skipped(skipped: &[(String, String)]) {
    for (name, why) in skipped {
        let line = crate::i18n::tr("import_skipped", &[("name", name), ("why", why)]);
        eprintln!("{}", crate::sanitize::terminal_safe(&line));
    }
}

/// Which timestamp places an incident in a quarter.
pub const PERIOD_FROM: &[&str] = &["occurred_at", "detected_at", "reported_at"];

/// Options of one KPI computation.
#[derive(Debug, Clone)]
pub struct KpiOptions {
    /// Inputs.
    pub sources: Vec<Source>,
    /// Mapping file contents.
    pub mapping: Mapping,
    /// `occurred_at`, `detected_at` (default) or `reported_at`.
    pub period_from: String,
    /// Grouping.
    pub by: By,
}

fn period_text(code: Option<i32>) -> String {
    code.map_or_else(String::new, |c| format!("{:04}-Q{}", c / 10, c % 10))
}

fn column<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Column> {
    df.column(name).map_err(engine_err)
}

fn strings(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    let c = column(df, name)?
        .cast(&DataType::String)
        .map_err(engine_err)?;
    let ca = c.str().map_err(engine_err)?;
    Ok(ca.iter().map(|v| v.unwrap_or("").to_string()).collect())
}

fn floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let c = column(df, name)?
        .cast(&DataType::Float64)
        .map_err(engine_err)?;
    Ok(c.f64().map_err(engine_err)?.iter().collect())
}

fn ints(df: &DataFrame, name: &str) -> Result<Vec<Option<i32>>> {
    let c = column(df, name)?
        .cast(&DataType::Int32)
        .map_err(engine_err)?;
    Ok(c.i32().map_err(engine_err)?.iter().collect())
}

/// Key of a KPI group: (org, unit, period code, category, severity).
type Key = (String, String, Option<i32>, String, String);

/// A KPI column of an aggregated frame: (name, values, n per row).
type Stat = (String, Vec<Option<f64>>, Vec<Option<f64>>);

/// Turn one aggregated frame into KPI rows.
fn rows_of(
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

/// Read the logs, run the data-quality gate and compute every KPI.
///
/// # Errors
/// [`Error::Incidents`] for unreadable files or missing columns, [`Error::Engine`]
/// when polars fails.
pub fn compute(options: &KpiOptions, settings: &IncidentSettings) -> Result<IncidentReport> {
    if !PERIOD_FROM.contains(&options.period_from.as_str()) {
        return Err(Error::Engine {
            message: format!("--period-from must be one of {}", PERIOD_FROM.join(", ")),
        });
    }
    let plan = Plan {
        sources: options.sources.clone(),
        mapping: options.mapping.clone(),
        period_from: options.period_from.clone(),
        settings: settings.clone(),
    };
    let prepared = engine::prepared(&plan)?;
    let plans: Vec<DslPlan> = engine::queries(prepared, options.by, settings)
        .into_iter()
        .map(|lf| lf.logical_plan)
        .collect();
    // One streaming run for all queries: common-subplan elimination shares the
    // scan and the row-level preparation between them.
    // polars' streaming engine has been seen to panic on another thread
    // instead of returning its error; the panic becomes an error here.
    let frames = crate::error::guard("polars", || {
        LazyFrame::collect_all_with_engine(plans, Engine::Streaming, OptFlags::default())
            .map_err(engine_err)
    })?;
    let [base, category, severity, backlog, quality, sources, mix] =
        <[DataFrame; 7]>::try_from(frames).map_err(|_| Error::Engine {
            message: "unexpected number of results".into(),
        })?;

    let min_n = settings.min_n;
    let mut groups: BTreeMap<Key, Vec<KpiRow>> = BTreeMap::new();
    rows_of(&base, None, min_n, &mut groups)?;
    let base_incidents: BTreeMap<(String, String, Option<i32>), u64> = groups
        .iter()
        .map(|((o, u, p, _, _), rows)| ((o.clone(), u.clone(), *p), rows[0].n))
        .collect();
    // Open backlog per (org, unit, period) of the base rows.
    if options.by.period {
        let (o, u) = (strings(&backlog, "org")?, strings(&backlog, "unit")?);
        let (det, res, n) = (
            ints(&backlog, "period")?,
            ints(&backlog, "resolved_period")?,
            floats(&backlog, "n")?,
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
    }
    if options.by.category {
        let mut cat_groups = BTreeMap::new();
        rows_of(&category, Some("category"), min_n, &mut cat_groups)?;
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
        groups.extend(cat_groups);
    }
    if options.by.severity {
        rows_of(&severity, Some("severity"), min_n, &mut groups)?;
    }
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

    let rows = floats(&quality, "rows")?
        .first()
        .copied()
        .flatten()
        .unwrap_or(0.0) as u64;
    let counted = floats(&quality, "counted")?
        .first()
        .copied()
        .flatten()
        .unwrap_or(0.0) as u64;
    let mut quality_counts = Vec::new();
    for r in reasons() {
        let n = floats(&quality, &format!("n_{r}"))?
            .first()
            .copied()
            .flatten()
            .unwrap_or(0.0) as u64;
        let examples = column(&quality, &format!("ex_{r}"))?
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
    let src_idx = ints(&sources, "src")?;
    let src_rows = floats(&sources, "rows")?;
    let sources = options
        .sources
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
        .collect();
    let (mo, mu, mp, ms, mn) = (
        strings(&mix, "org")?,
        strings(&mix, "unit")?,
        ints(&mix, "period")?,
        strings(&mix, "detected_by")?,
        floats(&mix, "n")?,
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
    Ok(IncidentReport {
        sources,
        rows,
        counted,
        quality: quality_counts,
        kpis,
        detection_mix,
    })
}

fn severity_rank(settings: &IncidentSettings, s: &str) -> usize {
    settings
        .severities
        .iter()
        .position(|x| x == s)
        .unwrap_or(usize::MAX)
}

/// [`compute`], with a spinner on standard error while it runs when that is a
/// terminal (never in pipes or CI).
///
/// # Errors
/// As [`compute`].
pub fn compute_with_progress(
    options: &KpiOptions,
    settings: &IncidentSettings,
) -> Result<IncidentReport> {
    use std::io::IsTerminal;
    let bytes: u64 = options
        .sources
        .iter()
        .filter_map(|s| match s {
            Source::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Source::Embedded(_, b) => Some(b.len() as u64),
        })
        .sum();
    let show =
        std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() && bytes > 50_000_000;
    let bar = if show {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(crate::i18n::tr(
            "reading_logs",
            &[("mb", &(bytes / 1_000_000))],
        ));
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let result = compute(options, settings);
    bar.finish_and_clear();
    result
}
