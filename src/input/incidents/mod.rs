//! Incident logs: streaming ingestion (polars), the data-quality gate and the
//! KPIs. polars stays inside this module; callers get [`IncidentReport`]s.

pub mod engine;
mod frame;
pub mod jsonl;
mod kpis;
pub mod mapping;
mod rejected;
mod results;
pub mod shape;

pub(crate) use rejected::json_kind;
pub use rejected::{REJECTED_SHOWN, nothing_kept, rejection_lines, warn_skipped};

use crate::error::{Error, Result};
use crate::model::{IncidentReport, IncidentSettings, PeriodFrom};
pub use engine::Source;
use engine::{By, Plan, engine_err};
use polars::prelude::*;

pub use mapping::Mapping;

/// Options of one KPI computation.
#[derive(Debug, Clone)]
pub struct KpiOptions {
    /// Inputs.
    pub sources: Vec<Source>,
    /// Mapping file contents.
    pub mapping: Mapping,
    /// Which timestamp places an incident in its quarter.
    pub period_from: PeriodFrom,
    /// Grouping.
    pub by: By,
    /// Also find the first values that failed each data-quality check
    /// (`kpi --quality`, JSON): it costs memory on large logs.
    pub values: bool,
}

/// Read the logs, run the data-quality gate and compute every KPI.
///
/// # Errors
/// [`Error::Incidents`] for unreadable files or missing columns, [`Error::Engine`]
/// when polars fails.
pub fn compute(options: &KpiOptions, settings: &IncidentSettings) -> Result<IncidentReport> {
    let plan = Plan {
        sources: options.sources.clone(),
        mapping: options.mapping.clone(),
        period_from: options.period_from,
        settings: settings.clone(),
    };
    let prepared = engine::prepared(&plan)?;
    let plans: Vec<DslPlan> = engine::queries(prepared, options.by, settings, options.values)
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
    let mut frames = frames;
    let samples = if options.values { frames.pop() } else { None };
    let [base, category, severity, backlog, quality, sources, mix] =
        <[DataFrame; 7]>::try_from(frames).map_err(|_| Error::Engine {
            message: "unexpected number of results".into(),
        })?;
    let aggregated = kpis::Aggregated {
        base: &base,
        category: &category,
        severity: &severity,
        backlog: &backlog,
    };
    let kpis = kpis::kpi_rows(&aggregated, options.by, settings)?;
    let (rows, counted, quality_counts) =
        results::quality(&quality, samples.as_ref(), options.period_from.column())?;
    let sources = results::sources(&sources, &options.sources)?;
    let detection_mix = results::detection_mix(&mix)?;
    Ok(IncidentReport {
        sources,
        rows,
        counted,
        quality: quality_counts,
        kpis,
        detection_mix,
    })
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
