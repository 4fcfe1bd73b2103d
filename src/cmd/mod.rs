//! One function per subcommand: load inputs, score, render, hand bytes to
//! [`crate::output`]. This is the only place that prints to the terminal.

pub mod verify;

use crate::cli::{Filter, IncidentInput, ReportOptions, RunConfig, ScoresFormat};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::demo::{DEMO_ANSWERS, DEMO_ANSWERS_LABEL, DEMO_INCIDENTS, DEMO_INCIDENTS_LABEL};
use crate::input::incidents::engine::By;
use crate::input::target::Target;
use crate::input::{answers, questionnaire};
use crate::model::{
    AnswerSet, Assessment, AssessmentKey, IncidentReport, Lang, Period, Questionnaire,
};
use crate::output::{self, Staging};
use crate::provenance::{Provenance, Role};
use crate::report::{self, html::Renderer};
use crate::{export, scoring};
use std::path::{Path, PathBuf};

/// Run one command.
///
/// # Errors
/// Whatever the command reports.
pub fn run(config: RunConfig) -> Result<()> {
    match config {
        RunConfig::Demo(options) => demo(&options),
        RunConfig::QuestionnaireList => questionnaire_list(),
        RunConfig::QuestionnaireShow { name, json, lang } => questionnaire_show(&name, json, lang),
        RunConfig::Init {
            questionnaire,
            org,
            unit,
            period,
            lang,
            out,
            force,
            xlsx,
        } => init(
            &questionnaire,
            (&org, &unit, period),
            lang,
            out.as_deref(),
            force,
            xlsx,
        ),
        RunConfig::Validate {
            questionnaire,
            answers,
        } => validate(&questionnaire, &answers),
        RunConfig::Score {
            questionnaire,
            answers,
            filter,
            incidents,
            format,
            lang,
            target,
            out,
        } => score(
            &questionnaire,
            &answers,
            &filter,
            incidents.as_ref(),
            (format, lang, target.as_deref()),
            out.as_deref(),
        ),
        RunConfig::Report {
            questionnaire,
            answers,
            filter,
            incidents,
            options,
        } => {
            let loaded = questionnaire::load(&questionnaire)?;
            let q = &loaded.questionnaire;
            let set = answers::load(&answers, q)?;
            let selected = select(&set, &filter)?;
            let report = incidents
                .as_ref()
                .map(|i| incident_report(q, i, By::default()))
                .transpose()?;
            let mut inputs = answers.paths.clone();
            inputs.extend(
                incidents
                    .iter()
                    .flat_map(|i| i.paths.iter().chain(&i.map).cloned()),
            );
            let provenance = provenance_of(
                &loaded,
                &answers,
                &set,
                incidents.as_ref().zip(report.as_ref()),
            )?;
            write_reports(
                q,
                &set,
                &selected,
                &options,
                &inputs,
                report.as_ref(),
                &provenance,
            )
        }
        RunConfig::Kpi {
            questionnaire,
            input,
            by,
            format,
            quality,
            out,
        } => kpi(&questionnaire, &input, by, format, quality, out.as_deref()),
        RunConfig::Compare {
            questionnaire,
            answers,
            incidents,
            org,
            baseline,
            options,
        } => compare(
            &questionnaire,
            &answers,
            incidents.as_ref(),
            org,
            baseline,
            &options,
        ),
        RunConfig::ImportVeris {
            path,
            out,
            org,
            force,
            list_rejected,
        } => import_veris(&path, &out, &org, force, list_rejected),
        RunConfig::ImportEvents {
            from,
            path,
            out,
            org,
            force,
            list_rejected,
        } => import_events(from, &path, &out, org.as_deref(), force, list_rejected),
        RunConfig::Verify(request) => verify(&request),
        RunConfig::Explain {
            questionnaire,
            answers,
            filter,
            category,
            incidents,
            lang,
        } => explain(
            &questionnaire,
            &answers,
            &filter,
            category.as_deref(),
            incidents.as_ref(),
            lang,
        ),
    }
}

/// The provenance record of a run: the questionnaire and every input file,
/// hashed, with the rows read from each.
///
/// # Errors
/// [`Error::Io`] when an input cannot be read again for hashing.
pub fn provenance_of(
    loaded: &questionnaire::Loaded,
    answer_files: &answers::AnswerFiles,
    set: &AnswerSet,
    incidents: Option<(&IncidentInput, &IncidentReport)>,
) -> Result<Provenance> {
    let mut p = Provenance::new(loaded);
    p.answers_encoding = answer_files.encoding.map(|e| e.name().to_string());
    for path in &answer_files.paths {
        let rows = set.rows_read.get(path).copied().unwrap_or(0);
        p.add_file(Role::Answers, path, Some(rows))?;
    }
    if let Some((input, report)) = incidents {
        p.incident_period_from = Some(input.period_from.clone());
        for path in &input.paths {
            let label = path.display().to_string();
            let rows = report
                .sources
                .iter()
                .find(|s| s.path == label)
                .map(|s| s.rows);
            p.add_file(Role::Incidents, path, rows)?;
        }
        if let Some(map) = &input.map {
            p.add_file(Role::Mapping, map, None)?;
        }
    }
    Ok(p)
}

fn describe_filter(f: &Filter) -> String {
    let mut parts = Vec::new();
    if let Some(o) = &f.org {
        parts.push(format!("--org '{o}'"));
    }
    if let Some(u) = &f.unit {
        parts.push(format!("--unit '{u}'"));
    }
    if let Some(p) = &f.period {
        parts.push(format!("--period {p}"));
    }
    parts.join(" ")
}

/// The assessments of `set` that pass `filter`, sorted by (org, unit, period).
///
/// # Errors
/// [`Error::NoAssessment`] when none does.
pub fn select(set: &AnswerSet, filter: &Filter) -> Result<Vec<AssessmentKey>> {
    let keys: Vec<AssessmentKey> = set
        .assessments
        .keys()
        .filter(|k| filter.org.as_ref().is_none_or(|o| &k.org == o))
        .filter(|k| filter.unit.as_ref().is_none_or(|u| &k.unit == u))
        .filter(|k| filter.period.is_none_or(|p| k.period == p))
        .cloned()
        .collect();
    // Scoring holds every metric of every assessment (about 84 KB each).
    let files: Vec<String> = set
        .rows_read
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    crate::limits::check(
        crate::limits::Limit::Assessments,
        files.join(", "),
        keys.len() as u64,
    )?;
    if keys.is_empty() {
        return Err(Error::NoAssessment {
            filter: describe_filter(filter),
            available: set
                .assessments
                .keys()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        });
    }
    Ok(keys)
}

fn score_all(
    q: &Questionnaire,
    set: &AnswerSet,
    keys: &[AssessmentKey],
    incidents: Option<&IncidentReport>,
) -> Vec<Assessment> {
    keys.iter()
        .map(|k| scoring::score_with_evidence(q, k, &set.assessments[k], incidents))
        .collect()
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
    target: &Target,
    options: &ReportOptions,
    incidents: Option<&IncidentReport>,
    provenance: &Provenance,
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
    )?;
    staging.add(dir.join("report.html"), rendered.html)?;
    for chart in rendered.charts {
        staging.add(dir.join(chart.file), chart.svg)?;
    }
    let one = std::slice::from_ref(a);
    staging.add(
        dir.join("scores.json"),
        export::scores_json(one, q, provenance)?,
    )?;
    staging.add(dir.join("scores.csv"), export::scores_csv(one)?)?;
    if options.emit_context {
        staging.add(dir.join("context.json"), rendered.context_json)?;
    }
    Ok(())
}

/// `imcm verify`: roll back an interrupted run in the folder, check the
/// manifest of the run that wrote it, then recompute the figures of its
/// `scores.json` (of every `scores.json` the manifest lists, for a batch
/// folder).
fn verify(request: &crate::cli::VerifyRequest) -> Result<()> {
    let dir = if request.report.is_dir() {
        request.report.clone()
    } else {
        request
            .report
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    for root in dir.ancestors().take(4) {
        // A staging folder is what an interrupted run left; no run holds
        // the folder's lock now, or `recover` says so.
        if root.join(output::STAGING_DIR).exists() {
            let n = output::recover(root)?;
            if n == 0 {
                continue;
            }
            say(&tr(
                "recovered_interrupted",
                &[("dir", &root.display()), ("n", &n)],
            ));
        }
    }
    let mut listed = Vec::new();
    let mut manifest_line = None;
    let mut problems = Vec::new();
    let manifest = crate::provenance::manifest::find(&dir);
    if let Some(manifest) = &manifest {
        let checked = crate::provenance::manifest::check(manifest)?;
        manifest_line = Some(tr(
            "manifest_checked",
            &[
                ("dir", &manifest.parent().unwrap_or(&dir).display()),
                ("n", &checked.matching),
            ],
        ));
        problems = checked.problems;
        listed = checked.scores;
    }
    let requests: Vec<crate::cli::VerifyRequest> = if request.report.is_dir()
        && !request.report.join("scores.json").is_file()
        && !listed.is_empty()
    {
        listed
            .into_iter()
            .map(|p| crate::cli::VerifyRequest {
                report: p,
                ..request.clone()
            })
            .collect()
    } else {
        vec![request.clone()]
    };
    let mut lines = Vec::new();
    let mut failed_at = None;
    for r in &requests {
        match crate::cmd::verify::verify(r) {
            Ok(v) => {
                let csv = if v.csv {
                    tr("verified_csv", &[])
                } else {
                    String::new()
                };
                lines.push(tr(
                    "verified",
                    &[
                        ("path", &v.scores.display()),
                        ("files", &v.files),
                        ("assessments", &v.assessments),
                        ("figures", &v.figures),
                        ("csv", &csv),
                    ],
                ));
            }
            // Files changed since the run and the figures they break: one list.
            Err(Error::Verify { path, problems: p }) => {
                problems.extend(p);
                failed_at.get_or_insert(path);
            }
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Verify {
            path: failed_at.or(manifest).unwrap_or(dir),
            problems,
        });
    }
    lines.extend(manifest_line);
    lines.push(String::new());
    output::write_stdout(lines.join("\n").as_bytes())
}

/// Print a line to the terminal with control characters shown, never obeyed:
/// messages quote names, paths and values from the user's files.
fn say(text: &str) {
    eprintln!("{}", crate::sanitize::terminal_safe(text));
}

/// Open the output folder of a report or comparison run (locked, an
/// interrupted earlier run rolled back), saying so when something was put back.
fn open_output(out: &Path, protected: &[PathBuf]) -> Result<Staging> {
    let staging = Staging::new(out, protected)?;
    if staging.recovered() > 0 {
        say(&tr(
            "recovered_interrupted",
            &[("dir", &out.display()), ("n", &staging.recovered())],
        ));
    }
    Ok(staging)
}

/// Run `job` on every index `0..count`, spread over the machine's cores.
/// Stops handing out work after the first error and returns it.
fn parallel_each(count: usize, job: impl Fn(usize) -> Result<()> + Sync) -> Result<()> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(count)
        .max(1);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || -> Result<()> {
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                break;
            }
            if let Err(e) = job(i) {
                failed.store(true, Ordering::Relaxed);
                return Err(e);
            }
        }
        Ok(())
    };
    if workers == 1 {
        return work();
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect::<Result<Vec<()>>>()
    })?;
    Ok(())
}

/// A progress bar over `len` items on a terminal (never in pipes or CI), hidden otherwise.
fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if len < 50 || !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
        "{what} {{bar:40}} {{pos}}/{{len}} ({{eta}} left)"
    )) {
        bar.set_style(style);
    }
    bar
}

/// Everything a report or comparison run needs besides the assessments.
struct Job<'a> {
    q: &'a Questionnaire,
    options: &'a ReportOptions,
    incidents: Option<&'a IncidentReport>,
    renderer: Renderer,
    target: Target,
}

impl<'a> Job<'a> {
    fn new(
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
        })
    }

    /// The files the run must never write over.
    fn protected(&self, inputs: &[PathBuf]) -> Vec<PathBuf> {
        let mut protected = inputs.to_vec();
        protected.extend(self.options.target.iter().cloned());
        protected
    }

    /// Stage `compare.csv`, `compare.html` and its charts in `out`.
    fn stage_comparison(
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
                &self.target,
                self.options.lang,
            )?,
        )?;
        let keys: Vec<AssessmentKey> = scored.iter().map(|a| a.key.clone()).collect();
        let folders = report::unit_folders(&keys);
        let input = report::compare::CompareInput {
            assessments: scored,
            deltas: &rows,
            questionnaire: self.q,
            target: &self.target,
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

fn write_reports(
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
            &job.target,
            options,
            incidents,
            provenance,
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
            .map(|(k, d)| (k.clone(), format!("{}/report.html", d.display())))
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
        say(&tr(
            "wrote",
            &[("path", &options.out.join("report.html").display())],
        ));
    }
    say(&tr(
        "files_in",
        &[("n", &written.len()), ("dir", &options.out.display())],
    ));
    Ok(())
}

fn demo(options: &ReportOptions) -> Result<()> {
    let loaded = questionnaire::default_questionnaire()?;
    let q = &loaded.questionnaire;
    let set = answers::load_bytes(Path::new(DEMO_ANSWERS_LABEL), DEMO_ANSWERS.as_bytes(), q)?;
    // The headline assessment: the first unit's latest quarter.
    let first_unit = set
        .assessments
        .keys()
        .next()
        .map(|k| (k.org.clone(), k.unit.clone()));
    let key = set
        .assessments
        .keys()
        .filter(|k| {
            first_unit
                .as_ref()
                .is_some_and(|(o, u)| &k.org == o && &k.unit == u)
        })
        .max_by_key(|k| k.period)
        .cloned()
        .ok_or_else(|| Error::NoAssessment {
            filter: "the example".into(),
            available: String::new(),
        })?;
    let incidents = crate::input::incidents::compute(
        &crate::input::incidents::KpiOptions {
            sources: vec![crate::input::incidents::Source::Embedded(
                DEMO_INCIDENTS_LABEL.into(),
                DEMO_INCIDENTS.as_bytes(),
            )],
            mapping: crate::input::incidents::Mapping::default(),
            period_from: "detected_at".into(),
            by: By::default(),
        },
        &q.incidents,
    )?;
    let mut provenance = Provenance::new(&loaded);
    provenance.add_bytes(
        Role::Answers,
        DEMO_ANSWERS_LABEL,
        DEMO_ANSWERS.as_bytes(),
        set.rows_read.get(Path::new(DEMO_ANSWERS_LABEL)).copied(),
    );
    provenance.add_bytes(
        Role::Incidents,
        DEMO_INCIDENTS_LABEL,
        DEMO_INCIDENTS.as_bytes(),
        incidents.sources.first().map(|s| s.rows),
    );
    provenance.incident_period_from = Some("detected_at".into());
    write_reports(
        q,
        &set,
        std::slice::from_ref(&key),
        options,
        &[],
        Some(&incidents),
        &provenance,
    )?;
    say(&tr(
        "demo_done",
        &[("key", &key), ("n", &set.assessments.len())],
    ));
    Ok(())
}

fn questionnaire_list() -> Result<()> {
    let mut out = String::new();
    for (id, _) in questionnaire::BUILTIN {
        let q = questionnaire::load(id)?.questionnaire;
        out.push_str(&tr(
            "qlist_line",
            &[
                ("id", id),
                ("version", &q.version),
                ("categories", &q.categories.len()),
                ("subcategories", &q.subcategories.len()),
                ("metrics", &q.metrics.len()),
                ("title", &q.title.get(crate::i18n::ui_lang())),
            ],
        ));
        out.push('\n');
    }
    output::write_stdout(out.as_bytes())
}

fn questionnaire_show(name: &str, json: bool, lang: Lang) -> Result<()> {
    let q = questionnaire::load(name)?.questionnaire;
    let text = if json {
        let mut s = serde_json::to_string_pretty(&q).map_err(|e| Error::Serialise {
            what: "questionnaire",
            message: e.to_string(),
        })?;
        s.push('\n');
        s
    } else {
        report::text::questionnaire(&q, lang)
    };
    output::write_stdout(text.as_bytes())
}

fn init(
    name: &str,
    (org, unit, period): (&str, &str, Option<Period>),
    lang: Lang,
    out: Option<&Path>,
    force: bool,
    xlsx: bool,
) -> Result<()> {
    if let Some(path) = out
        && !force
        && output::target_exists(path)?
    {
        return Err(Error::Output {
            path: path.to_path_buf(),
            message: crate::i18n::tr("output_exists", &[]),
        });
    }
    let q = questionnaire::load(name)?.questionnaire;
    let bytes = if xlsx {
        crate::export::xlsx::answer_template(&q, org, unit, period, lang)?
    } else {
        export::answer_template(&q, org, unit, period, lang)?
    };
    match out {
        None => output::write_stdout(&bytes),
        Some(path) => {
            output::write_atomic(path, &bytes)?;
            say(&tr(
                "wrote_template",
                &[
                    ("path", &path.display()),
                    ("n", &q.metrics.len()),
                    (
                        "statuses",
                        &q.statuses
                            .iter()
                            .map(|s| s.label.get(lang))
                            .collect::<Vec<_>>()
                            .join(crate::i18n::list_sep()),
                    ),
                ],
            ));
            Ok(())
        }
    }
}

fn validate(name: &str, paths: &answers::AnswerFiles) -> Result<()> {
    let q = questionnaire::load(name)?.questionnaire;
    let reading = answers::read_all(paths, &q);
    if !reading.problems.is_empty() {
        return Err(Error::Answers(reading.problems));
    }
    let count = reading.answers.assessments.len();
    let mut out = tr(
        "validate_ok",
        &[
            ("rows", &reading.answers.len()),
            ("files", &paths.len()),
            (
                "files_word",
                &tr(
                    if paths.len() == 1 {
                        "file_one"
                    } else {
                        "file_many"
                    },
                    &[],
                ),
            ),
            ("assessments", &count),
            (
                "assessments_word",
                &tr(
                    if count == 1 {
                        "assessment_one"
                    } else {
                        "assessment_many"
                    },
                    &[],
                ),
            ),
            ("questionnaire", &format!("{} {}", q.id, q.version)),
        ],
    );
    out.push('\n');
    for (key, answers) in &reading.answers.assessments {
        let missing = q
            .metrics
            .len()
            .saturating_sub(answers.values().filter(|a| a.status.is_some()).count());
        out.push_str("  ");
        out.push_str(&tr(
            "answered",
            &[
                ("key", key),
                ("answered", &(q.metrics.len() - missing)),
                ("total", &q.metrics.len()),
            ],
        ));
        if missing > 0 {
            out.push_str(&tr("will_count", &[("n", &missing)]));
        }
        out.push('\n');
    }
    output::write_stdout(out.as_bytes())
}

fn score(
    name: &str,
    paths: &answers::AnswerFiles,
    filter: &Filter,
    incidents: Option<&IncidentInput>,
    (format, lang, target): (ScoresFormat, Lang, Option<&Path>),
    out: Option<&Path>,
) -> Result<()> {
    if let Some(o) = out {
        output::check_not_input(o, paths)?;
        if let Some(i) = incidents {
            output::check_not_input(o, &i.paths)?;
        }
    }
    let loaded = questionnaire::load(name)?;
    let q = loaded.questionnaire.clone();
    let set = answers::load(paths, &q)?;
    let keys = select(&set, filter)?;
    let report = incidents
        .map(|i| incident_report(&q, i, By::default()))
        .transpose()?;
    let scored = score_all(&q, &set, &keys, report.as_ref());
    let bytes = match format {
        ScoresFormat::Json => {
            let provenance = provenance_of(&loaded, paths, &set, incidents.zip(report.as_ref()))?;
            export::scores_json(&scored, &q, &provenance)?
        }
        ScoresFormat::Csv => export::scores_csv(&scored)?,
        ScoresFormat::Parquet => crate::export::parquet::csv_table_to_parquet(
            &export::scores_csv(&scored)?,
            &["score", "coverage"],
            &["maturity_level"],
        )?,
        ScoresFormat::Oscal => crate::export::oscal::assessment_results(&scored, &q)?,
        ScoresFormat::Xlsx => {
            let target = Target::load(target, &q)?;
            crate::export::xlsx::results(&scored, &q, &target, lang)?
        }
    };
    match out {
        None => output::write_stdout(&bytes),
        Some(path) => output::write_atomic(path, &bytes),
    }
}

fn explain(
    name: &str,
    paths: &answers::AnswerFiles,
    filter: &Filter,
    category: Option<&str>,
    incidents: Option<&IncidentInput>,
    lang: Lang,
) -> Result<()> {
    let q = questionnaire::load(name)?.questionnaire;
    if let Some(k) = category
        && q.category(k).is_none()
    {
        return Err(Error::NoAssessment {
            filter: format!("--category '{k}'"),
            available: format!(
                "categories {}",
                q.categories
                    .iter()
                    .map(|c| c.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let set = answers::load(paths, &q)?;
    let keys = select(&set, filter)?;
    let report = incidents
        .map(|i| incident_report(&q, i, By::default()))
        .transpose()?;
    let text: String = score_all(&q, &set, &keys, report.as_ref())
        .iter()
        .map(|a| report::text::explain(a, &q, category, lang))
        .collect::<Vec<_>>()
        .join("\n");
    output::write_stdout(text.as_bytes())
}

/// Compute the incident report for `input` under the questionnaire's settings.
///
/// # Errors
/// Mapping, file or engine errors.
pub fn incident_report(q: &Questionnaire, input: &IncidentInput, by: By) -> Result<IncidentReport> {
    let mapping = crate::input::incidents::Mapping::load(input.map.as_deref())?;
    let options = crate::input::incidents::KpiOptions {
        sources: input
            .paths
            .iter()
            .cloned()
            .map(crate::input::incidents::Source::File)
            .collect(),
        mapping,
        period_from: input.period_from.clone(),
        by,
    };
    crate::input::incidents::compute_with_progress(&options, &q.incidents)
}

fn kpi(
    name: &str,
    input: &crate::cli::IncidentInput,
    by: crate::input::incidents::engine::By,
    format: crate::cli::KpiFormat,
    quality: bool,
    out: Option<&Path>,
) -> Result<()> {
    use crate::cli::KpiFormat;
    if let Some(o) = out {
        output::check_not_input(o, &input.paths)?;
    }
    let q = questionnaire::load(name)?.questionnaire;
    let report = incident_report(&q, input, by)?;
    let bytes = match (format, quality) {
        (KpiFormat::Json, _) => export::incidents_json(&report)?,
        (KpiFormat::Csv, false) => export::kpi_csv(&report)?,
        (KpiFormat::Csv, true) => export::quality_csv(&report)?,
        (KpiFormat::Table, false) => report::text::kpi_table(&report).into_bytes(),
        (KpiFormat::Table, true) => report::text::quality(&report).into_bytes(),
        (KpiFormat::Parquet, false) => crate::export::parquet::csv_table_to_parquet(
            &export::kpi_csv(&report)?,
            &["value"],
            &["n"],
        )?,
        (KpiFormat::Parquet, true) => crate::export::parquet::csv_table_to_parquet(
            &export::quality_csv(&report)?,
            &[],
            &["rows"],
        )?,
    };
    match out {
        None => output::write_stdout(&bytes),
        Some(path) => output::write_atomic(path, &bytes),
    }
}

fn refuse_existing(path: &Path, force: bool) -> Result<()> {
    if !force && output::target_exists(path)? {
        return Err(Error::Output {
            path: path.to_path_buf(),
            message: tr("exists_use_force", &[]),
        });
    }
    Ok(())
}

fn import_veris(
    path: &Path,
    out: &Path,
    org: &str,
    force: bool,
    list_rejected: bool,
) -> Result<()> {
    use crate::input::import::veris;
    use crate::input::incidents;
    output::check_not_input(out, &[path.to_path_buf()])?;
    refuse_existing(out, force)?;
    let mut importer = veris::Importer::new(org);
    let skipped = veris::visit_records(path, &mut |name, bytes| importer.add(&name, &bytes))?;
    incidents::warn_skipped(&skipped);
    let imported = importer.finish();
    if imported.records == 0 {
        return Err(Error::Incidents {
            path: path.to_path_buf(),
            message: tr("veris_none", &[]),
        });
    }
    if imported.rows.is_empty() {
        return Err(incidents::nothing_kept(
            path,
            imported.records,
            &imported.rejected,
            list_rejected,
        ));
    }
    let parquet = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    let bytes = if parquet {
        crate::export::parquet::veris_parquet(&imported.rows)?
    } else {
        crate::export::imported::veris_csv(&imported.rows)?
    };
    output::write_atomic(out, &bytes)?;
    let total = imported.rows.len().max(1) as f64;
    let pct = |n: usize| format!("{:.1}%", 100.0 * n as f64 / total);
    let line = |what: &str, c: veris::DurationCounts| {
        let mut l = tr(
            "veris_duration",
            &[
                ("what", &tr(what, &[])),
                ("unit", &c.with_unit),
                ("share", &pct(c.with_unit)),
                ("hours", &c.with_hours),
                ("special", &c.special),
                ("missing", &c.missing),
            ],
        );
        l.push('\n');
        l
    };
    let (by_day, by_month) = imported.placed();
    let summary = format!(
        "{}\n{}{}{}\n{}\n{}\n{}\n",
        tr(
            "veris_read",
            &[
                ("records", &imported.records),
                ("path", &path.display()),
                ("merged", &imported.merged),
                ("incidents", &imported.rows.len()),
            ],
        ),
        line("veris_discovery", imported.duration_counts("discovery")),
        line("veris_containment", imported.duration_counts("containment")),
        tr(
            "veris_both",
            &[
                ("n", &imported.with_both_units()),
                ("share", &pct(imported.with_both_units())),
            ],
        ),
        tr(
            "veris_placed",
            &[
                ("day", &by_day),
                ("month", &by_month),
                ("unplaced", &imported.unplaced()),
                ("share", &pct(imported.unplaced())),
            ],
        ),
        tr("veris_rejected", &[("n", &imported.rejected.len())]),
        tr("wrote", &[("path", &out.display())]),
    );
    for line in incidents::rejection_lines(&imported.rejected, list_rejected) {
        say(&line);
    }
    output::write_stdout(crate::sanitize::terminal_safe(&summary).as_bytes())
}

fn compare(
    name: &str,
    paths: &answers::AnswerFiles,
    incidents: Option<&IncidentInput>,
    org: Option<String>,
    baseline: Option<Period>,
    options: &ReportOptions,
) -> Result<()> {
    let q = questionnaire::load(name)?.questionnaire;
    let set = answers::load(paths, &q)?;
    let keys = select(
        &set,
        &Filter {
            org,
            unit: None,
            period: None,
        },
    )?;
    if let Some(b) = baseline
        && !keys.iter().any(|k| k.period == b)
    {
        return Err(Error::NoAssessment {
            filter: format!("--baseline {b}"),
            available: keys
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        });
    }
    let report = incidents
        .map(|i| incident_report(&q, i, By::default()))
        .transpose()?;
    let job = Job::new(&q, options, report.as_ref())?;
    let mut inputs = paths.to_vec();
    inputs.extend(
        incidents
            .iter()
            .flat_map(|i| i.paths.iter().chain(&i.map).cloned()),
    );
    let staging = open_output(&options.out, &job.protected(&inputs))?;
    let scored = score_all(&q, &set, &keys, report.as_ref());
    let changes = job.stage_comparison(&scored, baseline, None, &staging)?;
    staging.commit()?;
    say(&tr(
        "wrote_compare",
        &[
            ("html", &options.out.join("compare.html").display()),
            ("csv", &options.out.join("compare.csv").display()),
            ("xlsx", &options.out.join("compare.xlsx").display()),
            ("n", &scored.len()),
            ("changes", &changes),
        ],
    ));
    Ok(())
}

fn import_events(
    from: crate::cli::EventSource,
    path: &Path,
    out: &Path,
    org: Option<&str>,
    force: bool,
    list_rejected: bool,
) -> Result<()> {
    use crate::cli::EventSource;
    use crate::input::import::{misp, thehive, veris};
    use crate::input::incidents;
    output::check_not_input(out, &[path.to_path_buf()])?;
    refuse_existing(out, force)?;
    let mut documents = 0usize;
    let (rows, rejected, columns, headline) = match from {
        EventSource::Misp => {
            let mut i = misp::Imported::default();
            let skipped = veris::visit_records(path, &mut |name, bytes| {
                documents += 1;
                i.add_document(&name, &bytes, org);
            })?;
            incidents::warn_skipped(&skipped);
            let headline = tr(
                "misp_read",
                &[
                    ("events", &i.rows.len()),
                    ("path", &path.display()),
                    ("multi", &i.multi_class),
                    ("unclassified", &i.unclassified),
                ],
            );
            (i.rows, i.rejected, misp::import_columns(), headline)
        }
        EventSource::TheHive => {
            let q = questionnaire::default_questionnaire()?.questionnaire;
            let mut i = thehive::Imported::default();
            let skipped = veris::visit_records(path, &mut |name, bytes| {
                documents += 1;
                i.add_document(
                    &name,
                    &bytes,
                    org.unwrap_or("TheHive"),
                    &q.incidents.categories,
                );
            })?;
            incidents::warn_skipped(&skipped);
            let headline = tr(
                "thehive_read",
                &[("cases", &i.rows.len()), ("path", &path.display())],
            );
            (i.rows, i.rejected, thehive::import_columns(), headline)
        }
    };
    let imported = misp::Imported {
        rows,
        rejected,
        ..Default::default()
    };
    if documents == 0 || (imported.rows.is_empty() && imported.rejected.is_empty()) {
        return Err(Error::Incidents {
            path: path.to_path_buf(),
            message: tr("misp_none", &[]),
        });
    }
    if imported.rows.is_empty() {
        return Err(incidents::nothing_kept(
            path,
            documents,
            &imported.rejected,
            list_rejected,
        ));
    }
    let parquet = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    let bytes = if parquet {
        crate::export::parquet::rows_to_parquet(&imported.rows, &columns)?
    } else {
        crate::export::imported::rows_to_csv(&imported.rows, &columns)?
    };
    output::write_atomic(out, &bytes)?;
    let mut per_category: std::collections::BTreeMap<&str, usize> = Default::default();
    for r in &imported.rows {
        *per_category
            .entry(r.get("category").map_or("", String::as_str))
            .or_default() += 1;
    }
    let counts = per_category
        .iter()
        .map(|(c, n)| {
            let c = if c.is_empty() {
                tr("misp_unclassified", &[])
            } else {
                (*c).to_string()
            };
            format!("{c} {n}")
        })
        .collect::<Vec<_>>()
        .join(crate::i18n::list_sep());
    let summary = format!(
        "{}\n{}\n{}\n",
        headline,
        tr("misp_categories", &[("counts", &counts)]),
        tr("wrote", &[("path", &out.display())]),
    );
    for line in incidents::rejection_lines(&imported.rejected, list_rejected) {
        say(&line);
    }
    output::write_stdout(crate::sanitize::terminal_safe(&summary).as_bytes())
}
