//! `imcm report`: one HTML report (with charts, scores.json and scores.csv)
//! per selected assessment; for several, a folder each plus an index and a
//! comparison.

use super::inputs::{Inputs, Request, score_all};
use super::job::{Job, open_output};
use super::parallel::{parallel_each, progress};
use super::pdf;
use super::say;
use crate::cli::{Filter, IncidentInput, ReportFormat, ReportOptions};
use crate::error::Result;
use crate::export::{self, Format};
use crate::i18n::tr;
use crate::input::answers::AnswerFiles;
use crate::input::target::Target;
use crate::model::{AnswerSet, Assessment, AssessmentKey, IncidentReport, Questionnaire};
use crate::output::Staging;
use crate::provenance::Provenance;
use crate::report::{self, html::Renderer};
use std::path::{Path, PathBuf};

/// Read the inputs, then write the reports of the selected assessments.
pub(super) fn run(
    questionnaire: &str,
    answers: &AnswerFiles,
    filter: &Filter,
    incidents: Option<&IncidentInput>,
    options: &ReportOptions,
) -> Result<()> {
    let request = Request::new(questionnaire, answers, filter, incidents);
    let inputs = Inputs::load(&request)?;
    let provenance = inputs.provenance()?;
    write_reports(
        inputs.questionnaire(),
        &inputs.set,
        &inputs.keys,
        options,
        &request.protected(),
        inputs.incidents.as_ref(),
        &provenance,
    )
}

/// Folders of the reports inside the output folder when several assessments
/// are rendered: `org/unit/period`; see [`report::unit_folders`].
pub fn assessment_dirs(keys: &[AssessmentKey]) -> Vec<PathBuf> {
    let folders = report::unit_folders(keys);
    keys.iter()
        .map(|k| {
            PathBuf::from(&folders[&(k.org.clone(), k.unit.clone())]).join(k.period.to_string())
        })
        .collect()
}

/// Render one assessment's report into `dir` (report.html, charts, scores).
#[allow(clippy::too_many_arguments)]
fn stage_report(
    renderer: &Renderer,
    a: &Assessment,
    q: &Questionnaire,
    target: Option<&Target>,
    options: &ReportOptions,
    incidents: Option<&IncidentReport>,
    provenance: &Provenance,
    previous: Option<&Assessment>,
    reference: Option<&report::docx::Reference>,
    browser: Option<&Path>,
    dir: &Path,
    staging: &Staging,
) -> Result<()> {
    let rendered = report::render(
        renderer,
        a,
        q,
        target,
        options.lang,
        incidents,
        Some(provenance),
        previous,
    )?;
    for format in &options.formats {
        match format {
            ReportFormat::Html => {
                staging.add(dir.join(format.file_name()), rendered.html.as_bytes())?;
            }
            ReportFormat::Docx => staging.add(
                dir.join(format.file_name()),
                report::docx::render_docx(&rendered.context, &rendered.charts, reference)?,
            )?,
            ReportFormat::Pdf => {
                let browser = browser.expect("the job found a browser for the PDF");
                let ctx = &rendered.context;
                let footer = pdf::Footer {
                    left: format!("{} / {} — {}", ctx.org, ctx.unit, ctx.period),
                    page: ctx.t.get("pdf_page").cloned().unwrap_or_default(),
                };
                staging.add(
                    dir.join(format.file_name()),
                    pdf::print(browser, &rendered.html, &footer)?,
                )?;
            }
        }
    }
    for chart in rendered.charts {
        staging.add(dir.join(chart.file), chart.svg)?;
    }
    let one = std::slice::from_ref(a);
    staging.add(
        dir.join(Format::Json.file_name("scores")),
        export::scores_json(one, q, provenance)?,
    )?;
    staging.add(
        dir.join(Format::Csv.file_name("scores")),
        export::scores_csv(one)?,
    )?;
    if options.emit_context {
        staging.add(
            dir.join(Format::Json.file_name("context")),
            rendered.context_json,
        )?;
    }
    Ok(())
}

/// The latest earlier quarter of each scored assessment's unit that the
/// answers hold, scored like it (with the same incident evidence).
fn previous_quarters(
    q: &Questionnaire,
    set: &AnswerSet,
    scored: &[Assessment],
    incidents: Option<&IncidentReport>,
) -> std::collections::BTreeMap<AssessmentKey, Assessment> {
    let mut wanted = Vec::new();
    for a in scored {
        let earlier = set
            .assessments
            .keys()
            .filter(|k| k.org == a.key.org && k.unit == a.key.unit && k.period < a.key.period)
            .max();
        if let Some(k) = earlier {
            wanted.push((a.key.clone(), k.clone()));
        }
    }
    let known: std::collections::BTreeMap<&AssessmentKey, &Assessment> =
        scored.iter().map(|a| (&a.key, a)).collect();
    let missing: Vec<AssessmentKey> = wanted
        .iter()
        .filter(|(_, k)| !known.contains_key(k))
        .map(|(_, k)| k.clone())
        .collect();
    let extra: std::collections::BTreeMap<AssessmentKey, Assessment> =
        score_all(q, set, &missing, incidents)
            .into_iter()
            .map(|a| (a.key.clone(), a))
            .collect();
    wanted
        .into_iter()
        .map(|(now, before)| {
            let a = known
                .get(&before)
                .map(|a| (*a).clone())
                .unwrap_or_else(|| extra[&before].clone());
            (now, a)
        })
        .collect()
}

/// Score `keys`, stage their reports (and, for several, the index and
/// comparison) in `options.out`, commit, and say what was written.
pub(super) fn write_reports(
    q: &Questionnaire,
    set: &AnswerSet,
    keys: &[AssessmentKey],
    options: &ReportOptions,
    inputs: &[PathBuf],
    incidents: Option<&IncidentReport>,
    provenance: &Provenance,
) -> Result<()> {
    let job = Job::new(q, options, incidents)?;
    let staging = open_output(&options.out, &job.protected(inputs))?;
    let scored = score_all(q, set, keys, incidents);
    let earlier = previous_quarters(q, set, &scored, incidents);
    let batch = keys.len() > 1;
    // Report folders relative to the output folder, and as paths.
    let rel: Vec<PathBuf> = if batch {
        assessment_dirs(keys)
    } else {
        vec![PathBuf::new()]
    };
    let dirs: Vec<PathBuf> = rel
        .iter()
        .map(|d| {
            if d.as_os_str().is_empty() {
                options.out.clone()
            } else {
                options.out.join(d)
            }
        })
        .collect();
    let bar = progress(scored.len(), &tr("rendering_reports", &[]));
    parallel_each(scored.len(), |i| {
        stage_report(
            &job.renderer,
            &scored[i],
            q,
            job.target.as_ref(),
            options,
            incidents,
            provenance,
            earlier.get(&scored[i].key),
            job.reference_docx.as_ref(),
            job.browser.as_deref(),
            &dirs[i],
            &staging,
        )?;
        bar.inc(1);
        Ok(())
    })?;
    bar.finish_and_clear();
    if batch {
        let links: std::collections::BTreeMap<AssessmentKey, String> = keys
            .iter()
            .zip(&rel)
            .map(|(k, d)| (k.clone(), format!("{}/{}", d.display(), main_file(options))))
            .collect();
        job.stage_comparison(&scored, None, Some(&links), &staging)?;
        let index = report::compare::build_index(
            &scored,
            &links,
            "compare.html",
            q,
            options.lang,
            job.renderer.labels(options.lang),
        );
        staging.add(
            options.out.join("index.html"),
            job.renderer.render_index(&index)?.as_bytes(),
        )?;
    }
    let written = staging.commit()?;
    if batch {
        say(&tr(
            "wrote_reports",
            &[
                ("n", &scored.len()),
                ("index", &options.out.join("index.html").display()),
                ("compare", &options.out.join("compare.html").display()),
            ],
        ));
    } else {
        say(&tr("wrote", &[("path", &report_files(options))]));
    }
    say(&tr(
        "files_in",
        &[("n", &written.len()), ("dir", &options.out.display())],
    ));
    Ok(())
}

/// The file a report's links name: `report.html` when it is written, else
/// the first format's.
fn main_file(options: &ReportOptions) -> &'static str {
    if options.formats.contains(&ReportFormat::Html) {
        ReportFormat::Html.file_name()
    } else {
        options
            .formats
            .first()
            .map_or(ReportFormat::Html.file_name(), |f| f.file_name())
    }
}

/// The report files of a single assessment, as the closing message names
/// them.
fn report_files(options: &ReportOptions) -> String {
    let files: Vec<String> = options
        .formats
        .iter()
        .map(|f| options.out.join(f.file_name()).display().to_string())
        .collect();
    files.join(", ")
}
