//! Incident logs: streaming ingestion (polars), the data-quality gate and the
//! KPIs. polars stays inside this module; callers get [`IncidentReport`]s.

pub mod engine;
pub(crate) mod frame;
pub mod jsonl;
mod kpis;
pub mod mapping;
mod rejected;
mod results;
pub mod shape;
pub mod tables;

pub(crate) use rejected::json_kind;
pub use rejected::{REJECTED_SHOWN, nothing_kept, rejection_lines, warn_skipped};

use crate::error::{Error, Result};
use crate::model::{IncidentReport, IncidentSettings, PeriodFrom};
pub use engine::Source;
use engine::{By, Plan, engine_err};
use polars::prelude::*;
use std::collections::HashMap;
use std::path::Path;

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

/// The row-level plan of `options` under `settings`.
fn plan_of(options: &KpiOptions, settings: &IncidentSettings) -> Plan {
    Plan {
        sources: options.sources.clone(),
        mapping: options.mapping.clone(),
        period_from: options.period_from,
        settings: settings.clone(),
    }
}

/// The labels of the sources, in the order given.
fn labels(sources: &[Source]) -> Vec<String> {
    sources
        .iter()
        .map(|s| s.label().display().to_string())
        .collect()
}

/// The canonical incident table of the logs (lazy).
///
/// # Errors
/// As [`compute`].
pub fn canonical(options: &KpiOptions, settings: &IncidentSettings) -> Result<LazyFrame> {
    let prepared = engine::prepared(&plan_of(options, settings))?;
    Ok(engine::canonical(prepared, &labels(&options.sources)))
}

/// Write the canonical incident table of the logs as Parquet at `path`,
/// streaming (the rows are never all in memory).
///
/// # Errors
/// As [`compute`], and [`Error::Engine`] when the file cannot be written.
pub fn prepare(options: &KpiOptions, settings: &IncidentSettings, path: &Path) -> Result<()> {
    let lf = canonical(options, settings)?;
    let target = SinkTarget::Path(PlRefPath::new(path.to_str().ok_or_else(|| {
        Error::Engine {
            message: format!("{}: the path is not valid UTF-8", path.display()),
        }
    })?));
    let format = FileWriteFormat::Parquet(Arc::new(ParquetWriteOptions::default()));
    crate::error::guard("polars", || {
        lf.sink(
            SinkDestination::File { target },
            format,
            UnifiedSinkArgs::default(),
        )
        .and_then(|lf| lf.collect_with_engine(Engine::Streaming))
        .map(|_| ())
        .map_err(engine_err)
    })
}

/// Read the logs, run the data-quality gate and compute every KPI.
///
/// # Errors
/// [`Error::Incidents`] for unreadable files or missing columns, [`Error::Engine`]
/// when polars fails.
pub fn compute(options: &KpiOptions, settings: &IncidentSettings) -> Result<IncidentReport> {
    let prepared = engine::prepared(&plan_of(options, settings))?;
    let canonical = engine::canonical(prepared.clone(), &labels(&options.sources));
    let mut plans: Vec<DslPlan> = tables::native::queries(canonical, options.by)
        .into_iter()
        .map(|lf| lf.logical_plan)
        .collect();
    if options.values {
        plans.push(tables::native::samples(prepared).logical_plan);
    }
    // One streaming run for all queries: common-subplan elimination shares the
    // scan and the row-level preparation between them.
    // polars' streaming engine has been seen to panic on another thread
    // instead of returning its error; the panic becomes an error here.
    let mut frames = crate::error::guard("polars", || {
        LazyFrame::collect_all_with_engine(plans, Engine::Streaming, OptFlags::default())
            .map_err(engine_err)
    })?;
    let samples = if options.values { frames.pop() } else { None };
    let examples = results::example_lists(frames.get(4).ok_or_else(|| Error::Engine {
        message: "unexpected number of results".into(),
    })?)?;
    let given = labels(&options.sources);
    report_of(
        frames,
        &examples,
        samples.as_ref(),
        options.by,
        settings,
        options.period_from,
        Some(&given),
    )
}

/// The incident report of the aggregate tables in `dir` (written by the
/// script of `kpi --emit-sql`), with the manifest and the files read. The
/// logs behind them were read by `incidents prepare`, so the values that
/// failed each check are not known here (only the counts and example ids).
///
/// # Errors
/// [`Error::Incidents`] naming the file for a missing or malformed table.
pub fn from_aggregates(
    dir: &Path,
    settings: &IncidentSettings,
    period_from: PeriodFrom,
) -> Result<(IncidentReport, tables::read::Read)> {
    let mut read = tables::read::read(dir)?;
    let frames = std::mem::take(&mut read.frames);
    let report = report_of(
        frames,
        &read.examples,
        None,
        read.manifest.by,
        settings,
        period_from,
        None,
    )?;
    Ok((report, read))
}

/// The incident report of the aggregate frames (in the order of
/// [`tables::tables`]), the example ids per reason and, when they were
/// looked for, the sampled problem rows; `given` names the logs in the
/// order given (for logs with no rows), else the sources table does.
fn report_of(
    frames: Vec<DataFrame>,
    examples: &HashMap<String, Vec<String>>,
    samples: Option<&DataFrame>,
    by: By,
    settings: &IncidentSettings,
    period_from: PeriodFrom,
    given: Option<&[String]>,
) -> Result<IncidentReport> {
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
    let kpis = kpis::kpi_rows(&aggregated, by, settings)?;
    let (rows, counted, quality_counts) =
        results::quality(&quality, examples, samples, period_from.column())?;
    let sources = results::sources(&sources, given)?;
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
