//! What `report`, `compare` and `demo` share once their inputs are read:
//! the template renderer and target profile ([`Job`]), the locked output
//! folder, and the staging of a comparison (compare.html, .csv, .xlsx,
//! .parquet and charts).

use super::say;
use crate::cli::ReportOptions;
use crate::error::{Error, Result};
use crate::export;
use crate::i18n::tr;
use crate::input::target::Target;
use crate::model::{Assessment, AssessmentKey, IncidentReport, Period, Questionnaire};
use crate::output::Staging;
use crate::report::{self, html::Renderer};
use std::path::{Path, PathBuf};

/// Open the output folder of a report or comparison run (locked, an
/// interrupted earlier run rolled back), saying so when something was put back.
pub(super) fn open_output(out: &Path, protected: &[PathBuf]) -> Result<Staging> {
    let staging = Staging::new(out, protected)?;
    if staging.recovered() > 0 {
        say(&tr(
            "recovered_interrupted",
            &[("dir", &out.display()), ("n", &staging.recovered())],
        ));
    }
    Ok(staging)
}

/// The reference document of `--templates DIR` (`DIR/reference.docx`),
/// read only when the run writes a Word report.
fn reference_docx(options: &ReportOptions) -> Result<Option<report::docx::Reference>> {
    let Some(dir) = options.templates.as_deref() else {
        return Ok(None);
    };
    let path = dir.join("reference.docx");
    if !options.formats.contains(&crate::cli::ReportFormat::Docx) || !path.exists() {
        return Ok(None);
    }
    let bytes = crate::fs::read_regular(&path, crate::limits::Limit::ConfigFileBytes)?;
    report::docx::Reference::from_docx(&bytes)
        .map(Some)
        .map_err(|problem| Error::Output {
            message: tr("docx_reference_invalid", &[("problem", &problem)]),
            path,
        })
}

/// Everything a report or comparison run needs besides the assessments.
pub(super) struct Job<'a> {
    q: &'a Questionnaire,
    options: &'a ReportOptions,
    incidents: Option<&'a IncidentReport>,
    pub(super) renderer: Renderer,
    /// The target profile, when `--target` gave one.
    pub(super) target: Option<Target>,
    /// `reference.docx` of the `--templates` folder, when it has one.
    pub(super) reference_docx: Option<report::docx::Reference>,
    /// The browser that prints `report.pdf`, when a PDF is asked for:
    /// found before anything is written, so that a missing one leaves the
    /// output folder as it was.
    pub(super) browser: Option<PathBuf>,
}

impl<'a> Job<'a> {
    pub(super) fn new(
        q: &'a Questionnaire,
        options: &'a ReportOptions,
        incidents: Option<&'a IncidentReport>,
    ) -> Result<Self> {
        Ok(Job {
            q,
            options,
            incidents,
            renderer: Renderer::new(options.templates.as_deref())?,
            target: Target::load(options.target.as_deref(), q)?,
            reference_docx: reference_docx(options)?,
            browser: if options.formats.contains(&crate::cli::ReportFormat::Pdf) {
                Some(super::pdf::find_browser(options.browser.as_deref())?)
            } else {
                None
            },
        })
    }

    /// The files the run must never write over.
    pub(super) fn protected(&self, inputs: &[PathBuf]) -> Vec<PathBuf> {
        let mut protected = inputs.to_vec();
        protected.extend(self.options.target.iter().cloned());
        protected
    }

    /// Stage `compare.csv`, `compare.html` and its charts in `out`.
    pub(super) fn stage_comparison(
        &self,
        scored: &[Assessment],
        baseline: Option<Period>,
        links: Option<&std::collections::BTreeMap<AssessmentKey, String>>,
        staging: &Staging,
    ) -> Result<usize> {
        let out = &self.options.out;
        let rows = crate::analysis::compare::deltas(scored, baseline);
        let csv = export::compare_csv(&rows)?;
        staging.add(
            out.join("compare.parquet"),
            crate::export::parquet::csv_table_to_parquet(&csv, &["contribution"], &[])?,
        )?;
        staging.add(out.join("compare.csv"), csv)?;
        staging.add(
            out.join("compare.xlsx"),
            crate::export::xlsx::comparison(
                scored,
                &rows,
                self.q,
                self.target.as_ref(),
                self.options.lang,
            )?,
        )?;
        let keys: Vec<AssessmentKey> = scored.iter().map(|a| a.key.clone()).collect();
        let folders = report::unit_folders(&keys);
        let input = report::compare::CompareInput {
            assessments: scored,
            deltas: &rows,
            questionnaire: self.q,
            target: self.target.as_ref(),
            incidents: self.incidents,
            baseline,
            folders: &folders,
            links,
        };
        let lang = self.options.lang;
        let (ctx, charts) = report::compare::build(&input, lang, self.renderer.labels(lang))?;
        staging.add(
            out.join("compare.html"),
            self.renderer.render_compare(&ctx)?.as_bytes(),
        )?;
        for chart in charts {
            staging.add(out.join(chart.file), chart.svg)?;
        }
        if self.options.emit_context {
            let mut json = serde_json::to_string_pretty(&ctx).map_err(|e| Error::Serialise {
                what: "compare-context.json",
                message: e.to_string(),
            })?;
            json.push('\n');
            staging.add(out.join("compare-context.json"), json)?;
        }
        Ok(rows
            .iter()
            .filter(|r| r.metric == crate::analysis::compare::TOTAL)
            .count())
    }
}
