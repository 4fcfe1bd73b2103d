//! The inputs of a command that scores assessments: the questionnaire, the
//! answer files, the assessments selected from them and the incident report
//! of the logs, loaded in that order by [`Inputs::load`]; with the
//! provenance record of those files and the list of files no output may
//! replace.

use crate::cli::{Filter, IncidentInput};
use crate::error::{Error, Result};
use crate::input::incidents::engine::By;
use crate::input::incidents::{KpiOptions, Mapping, Source};
use crate::input::{answers, questionnaire};
use crate::model::{
    AnswerSet, Assessment, AssessmentKey, IncidentReport, Period, PeriodFrom, Questionnaire,
};
use crate::provenance::{Provenance, Role};
use crate::scoring;
use std::path::{Path, PathBuf};

/// What a command asks to read.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// Questionnaire id or path.
    pub questionnaire: &'a str,
    /// Answer files.
    pub answers: &'a answers::AnswerFiles,
    /// Which assessments.
    pub filter: &'a Filter,
    /// Incident logs for evidence, if any.
    pub incidents: Option<&'a IncidentInput>,
    /// A category the questionnaire must have (`explain --category`),
    /// checked before the answers are read.
    pub category: Option<&'a str>,
    /// A quarter one of the selected assessments must have (`compare
    /// --baseline`), checked before the incident logs are read.
    pub baseline: Option<Period>,
}

impl<'a> Request<'a> {
    /// A request for `filter`'s assessments, with no category or baseline.
    pub fn new(
        questionnaire: &'a str,
        answers: &'a answers::AnswerFiles,
        filter: &'a Filter,
        incidents: Option<&'a IncidentInput>,
    ) -> Self {
        Request {
            questionnaire,
            answers,
            filter,
            incidents,
            category: None,
            baseline: None,
        }
    }

    /// Every file read (answers, incident logs and their mapping): an output
    /// must never replace one.
    pub fn protected(&self) -> Vec<PathBuf> {
        let mut files = self.answers.paths.clone();
        files.extend(
            self.incidents
                .iter()
                .flat_map(|i| i.paths.iter().chain(&i.map).cloned()),
        );
        files
    }
}

/// Everything read for a command, ready to score.
#[derive(Debug)]
pub struct Inputs {
    /// The questionnaire with its source text.
    pub loaded: questionnaire::Loaded,
    /// Every assessment of the answer files.
    pub set: AnswerSet,
    /// The selected assessments, sorted by (org, unit, period).
    pub keys: Vec<AssessmentKey>,
    /// The incident report of the logs, when logs were given.
    pub incidents: Option<IncidentReport>,
    /// The answer files as given.
    answer_files: answers::AnswerFiles,
    /// The incident input as given.
    incident_input: Option<IncidentInput>,
    /// The aggregate tables the incident report was read from (`--kpis`).
    aggregated: Option<Aggregated>,
}

/// The aggregate tables an incident report was read from (`--kpis`,
/// `kpi --from-aggregates`): how they were made and the files read.
#[derive(Debug, Clone)]
pub struct Aggregated {
    /// From the manifest.
    pub source: crate::provenance::AggregatesSource,
    /// Every Parquet file read.
    pub files: Vec<PathBuf>,
}

impl Inputs {
    /// Read what `request` names: the questionnaire, the answers, the
    /// selection, then the incident logs.
    ///
    /// # Errors
    /// The first input problem found; [`Error::NoAssessment`] when the
    /// selection, category or baseline matches nothing.
    pub fn load(request: &Request) -> Result<Self> {
        let loaded = questionnaire::load(request.questionnaire)?;
        if let Some(category) = request.category {
            check_category(&loaded.questionnaire, category)?;
        }
        let set = answers::load(request.answers, &loaded.questionnaire)?;
        let keys = select(&set, request.filter)?;
        if let Some(baseline) = request.baseline {
            check_baseline(&keys, baseline)?;
        }
        let evidence = request
            .incidents
            .map(|i| incident_evidence(&loaded.questionnaire, i, By::default(), false, false))
            .transpose()?;
        let (incidents, aggregated) = match evidence {
            Some((report, aggregated)) => (Some(report), aggregated),
            None => (None, None),
        };
        if let Some(report) = &incidents {
            super::incident_checks::warn_left_out(report);
            super::incident_checks::warn_unmatched(report, &keys);
        }
        Ok(Inputs {
            loaded,
            set,
            keys,
            incidents,
            answer_files: request.answers.clone(),
            incident_input: request.incidents.cloned(),
            aggregated,
        })
    }

    /// The questionnaire.
    pub fn questionnaire(&self) -> &Questionnaire {
        &self.loaded.questionnaire
    }

    /// The selected assessments, scored (with the incident evidence).
    pub fn scored(&self) -> Vec<Assessment> {
        score_all(
            self.questionnaire(),
            &self.set,
            &self.keys,
            self.incidents.as_ref(),
        )
    }

    /// The provenance record of the files read: each hashed again.
    ///
    /// # Errors
    /// [`Error::Io`] when an input cannot be read again for hashing.
    pub fn provenance(&self) -> Result<Provenance> {
        provenance_of(
            &self.loaded,
            &self.answer_files,
            &self.set,
            self.incident_input.as_ref().zip(self.incidents.as_ref()),
            self.aggregated.as_ref(),
        )
    }
}

/// `explain --category`: the questionnaire must have it.
fn check_category(q: &Questionnaire, k: &str) -> Result<()> {
    if q.category(k).is_none() {
        return Err(Error::UnknownCategory {
            given: k.to_string(),
            available: q.categories.iter().map(|c| c.key.clone()).collect(),
        });
    }
    Ok(())
}

/// `compare --baseline`: one of the selected assessments must be of that quarter.
fn check_baseline(keys: &[AssessmentKey], b: Period) -> Result<()> {
    if !keys.iter().any(|k| k.period == b) {
        return Err(Error::UnknownBaseline {
            given: b,
            available: keys.iter().map(ToString::to_string).collect(),
        });
    }
    Ok(())
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
    aggregated: Option<&Aggregated>,
) -> Result<Provenance> {
    let mut p = Provenance::new(loaded);
    p.answers_encoding = answer_files.encoding.map(|e| e.name().to_string());
    let shared = set
        .assessments
        .values()
        .flat_map(|a| a.values())
        .any(|a| a.rule.is_some());
    if shared || answer_files.consensus != crate::model::ConsensusRule::default() {
        p.answers_consensus = Some(answer_files.consensus.key().to_string());
    }
    for path in &answer_files.paths {
        let rows = set.rows_read.get(path).copied().unwrap_or(0);
        p.add_file(Role::Answers, path, Some(rows))?;
    }
    if let Some((input, report)) = incidents {
        p.incident_period_from = Some(input.period_from.column().into());
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
    if let Some(a) = aggregated {
        for f in &a.files {
            p.add_file(Role::Aggregates, f, None)?;
        }
        p.incident_aggregates = Some(a.source.clone());
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

/// Score each of `keys` with the incident evidence.
pub(super) fn score_all(
    q: &Questionnaire,
    set: &AnswerSet,
    keys: &[AssessmentKey],
    incidents: Option<&IncidentReport>,
) -> Vec<Assessment> {
    keys.iter()
        .map(|k| scoring::score_with_evidence(q, k, &set.assessments[k], incidents))
        .collect()
}

/// Compute the incident report for `input` under the questionnaire's settings,
/// with the first values that failed each quality check when `values` is
/// set, after a warning for a mapping that reads one column as two fields
/// (the caller warns about rows left out: `kpi --quality` lists them
/// instead).
///
/// # Errors
/// Mapping, file or engine errors.
pub fn incident_report(
    q: &Questionnaire,
    input: &IncidentInput,
    by: By,
    values: bool,
) -> Result<IncidentReport> {
    incident_evidence(q, input, by, values, true).map(|(report, _)| report)
}

/// [`incident_report`], or, when `input` names aggregate tables, the report
/// read from them with how they were made. Tables of another grouping than
/// `by` are refused unless `any_grouping` (`kpi --from-aggregates` shows
/// them as grouped).
///
/// # Errors
/// As [`incident_report`]; [`Error::Incidents`] for aggregate tables that
/// are missing, malformed or grouped otherwise.
pub fn incident_evidence(
    q: &Questionnaire,
    input: &IncidentInput,
    by: By,
    values: bool,
    any_grouping: bool,
) -> Result<(IncidentReport, Option<Aggregated>)> {
    if let Some(dir) = &input.aggregates {
        let (report, read) =
            crate::input::incidents::from_aggregates(dir, &q.incidents, input.period_from)?;
        let m = &read.manifest;
        let group_by = crate::input::incidents::tables::by_text(m.by);
        if !any_grouping && m.by != by {
            return Err(Error::Incidents {
                path: dir.clone(),
                message: format!(
                    "{}\n  {}: {}",
                    crate::i18n::tr(
                        "aggregates_grouping",
                        &[
                            ("by", &group_by),
                            ("needed", &crate::input::incidents::tables::by_text(by))
                        ]
                    ),
                    crate::i18n::tr("help", &[]),
                    crate::i18n::tr("aggregates_grouping_help", &[])
                ),
            });
        }
        let aggregated = Aggregated {
            source: crate::provenance::AggregatesSource {
                folder: dir.display().to_string(),
                dialect: m.dialect.name().to_string(),
                sql_sha256: m.sql_sha256.clone(),
                generator: m.generator.clone(),
                group_by,
                input: m.input.clone(),
            },
            files: read.files,
        };
        return Ok((report, Some(aggregated)));
    }
    let sources = input.paths.iter().cloned().map(Source::File).collect();
    let mut options = kpi_options(sources, input.map.as_deref(), input.period_from, by)?;
    options.values = values;
    super::incident_checks::warn_shared_columns(&options.mapping, input.map.as_deref());
    let report = crate::input::incidents::compute_with_progress(&options, &q.incidents)?;
    Ok((report, None))
}

/// The incident engine's options: `sources` read under the mapping file
/// `map` (the default mapping when `None`), placed in quarters by the
/// `period_from` timestamp and grouped by `by`, without the failing values
/// of the quality report.
///
/// # Errors
/// The mapping file's errors.
pub fn kpi_options(
    sources: Vec<Source>,
    map: Option<&Path>,
    period_from: PeriodFrom,
    by: By,
) -> Result<KpiOptions> {
    Ok(KpiOptions {
        sources,
        mapping: Mapping::load(map)?,
        period_from,
        by,
        values: false,
    })
}
