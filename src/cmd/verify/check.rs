//! Verifying one `scores.json`: read its provenance record, check the
//! questionnaire (step 1) and the input files (step 2, in [`super::found`]),
//! then recompute the figures from those files and compare them with the
//! recorded ones (step 3).

use super::found::{Found, find_inputs};
use crate::cli::VerifyRequest;
use crate::error::{Error, NotScores, Result};
use crate::i18n::tr;
use crate::input::answers;
use crate::limits::Limit;
use crate::model::{AnswerSet, Assessment, IncidentReport, PeriodFrom, Questionnaire};
use crate::provenance::verify::{compare_figures, first_differing_line, recorded_keys};
use crate::provenance::{InputFile, Provenance, Role};
use std::path::{Path, PathBuf};

/// A successful verification, for the summary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The `scores.json` checked.
    pub scores: PathBuf,
    /// Input files whose SHA-256 matched.
    pub files: usize,
    /// Assessments recomputed.
    pub assessments: usize,
    /// Numbers compared (scores, coverages, levels, counts).
    pub figures: usize,
    /// Whether `scores.csv` was compared too.
    pub csv: bool,
}

/// A `scores.json` as read back.
struct Record {
    /// Where it is.
    path: PathBuf,
    /// The whole document.
    doc: serde_json::Value,
    /// Its provenance record.
    provenance: Provenance,
}

/// Run the checks.
///
/// # Errors
/// [`Error::Verify`] listing every difference; [`Error::Io`] or
/// [`Error::Output`] when the report or an input cannot be read.
pub fn verify(req: &VerifyRequest) -> Result<Verified> {
    let record = read_record(req)?;
    let provenance = &record.provenance;
    let mut problems = Vec::new();
    // 1. The questionnaire.
    let loaded = check_questionnaire(req, &record, &mut problems)?;
    // 2. The input files.
    let found = find_inputs(req, provenance, &mut problems)?;
    if !problems.is_empty() {
        return Err(Error::Verify {
            path: record.path,
            problems,
        });
    }
    // 3. Recompute.
    let q = &loaded.questionnaire;
    let set = read_answers(req, provenance, &found, q, &mut problems)?;
    let report = read_incidents(provenance, &record.path, &found, q)?;
    check_rows(&found, &set, report.as_ref(), &mut problems);
    let keys = recorded_keys(&record.doc, &record.path)?;
    let mut scored = Vec::new();
    for key in &keys {
        match set.assessments.get(key) {
            Some(rows) => scored.push(crate::scoring::score_with_evidence(
                q,
                key,
                rows,
                report.as_ref(),
            )),
            None => problems.push(tr("verify_assessment_missing", &[("key", key)])),
        }
    }
    let (figures, csv) = if problems.is_empty() {
        compare_outputs(&record, &scored, q, &mut problems)?
    } else {
        (0, false)
    };
    if problems.is_empty() {
        Ok(Verified {
            scores: record.path,
            files: found.len(),
            assessments: scored.len(),
            figures,
            csv,
        })
    } else {
        Err(Error::Verify {
            path: record.path,
            problems,
        })
    }
}

/// Read the `scores.json` of the report and its provenance record.
fn read_record(req: &VerifyRequest) -> Result<Record> {
    let scores_path = if req.report.is_dir() {
        req.report.join("scores.json")
    } else {
        req.report.clone()
    };
    if !scores_path.is_file() {
        return Err(Error::NotScores {
            path: scores_path,
            reason: NotScores::Missing,
        });
    }
    let text = crate::fs::read_regular_text(&scores_path, Limit::JsonFileBytes)?;
    let recorded: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Error::NotScores {
            path: scores_path.clone(),
            reason: NotScores::NotJson(e.to_string()),
        })?;
    let provenance: Provenance = recorded
        .get("provenance")
        .cloned()
        .ok_or_else(|| Error::NotScores {
            path: scores_path.clone(),
            reason: NotScores::NoProvenance,
        })
        .and_then(|v| {
            serde_json::from_value(v).map_err(|e| Error::NotScores {
                path: scores_path.clone(),
                reason: NotScores::BadProvenance(e.to_string()),
            })
        })?;
    Ok(Record {
        path: scores_path,
        doc: recorded,
        provenance,
    })
}

/// Step 1: load the questionnaire (the one given, else the recorded one)
/// and compare its SHA-256 with the record.
fn check_questionnaire(
    req: &VerifyRequest,
    record: &Record,
    problems: &mut Vec<String>,
) -> Result<crate::input::questionnaire::Loaded> {
    let provenance = &record.provenance;
    let q_name = req.questionnaire.clone().unwrap_or_else(|| {
        provenance
            .questionnaire
            .source
            .strip_prefix("built-in:")
            .unwrap_or(&provenance.questionnaire.source)
            .to_string()
    });
    // A questionnaire the user names may be quoted in errors; the one the
    // record names is any path a hostile scores.json chose (`/etc/shadow`),
    // so it is read only as a bounded regular file and never quoted.
    let loaded = match &req.questionnaire {
        Some(name) => crate::input::questionnaire::load(name)?,
        None => crate::input::questionnaire::load_named(
            &q_name,
            &record.path,
            &tr("q_role_verify", &[]),
        )?,
    };
    let q_sha = crate::provenance::sha256_hex(loaded.source.as_bytes());
    if q_sha != provenance.questionnaire.sha256 {
        problems.push(tr(
            "verify_questionnaire_changed",
            &[
                ("name", &q_name),
                ("sha", &q_sha),
                ("recorded", &provenance.questionnaire.sha256),
            ],
        ));
    }
    Ok(loaded)
}

/// Read the answer files found, under their recorded names (which the
/// figures cite, `answers.csv:145`) wherever the files are now.
fn read_answers(
    req: &VerifyRequest,
    provenance: &Provenance,
    found: &[(InputFile, Found)],
    q: &Questionnaire,
    problems: &mut Vec<String>,
) -> Result<AnswerSet> {
    let encoding = req.encoding.or_else(|| {
        provenance
            .answers_encoding
            .as_deref()
            .and_then(crate::input::encoding::Encoding::from_name)
    });
    let rule = match provenance.answers_consensus.as_deref() {
        None => crate::model::ConsensusRule::default(),
        Some(name) => {
            crate::model::ConsensusRule::from_key(name).ok_or_else(|| Error::NotScores {
                path: req.report.clone(),
                reason: NotScores::BadProvenance(format!(
                    "answers_consensus: '{name}' is none of lowest, median, majority"
                )),
            })?
        }
    };
    let mut parts: Vec<(PathBuf, std::borrow::Cow<'_, [u8]>)> = Vec::new();
    for (rec, f) in found.iter().filter(|(r, _)| r.role == Role::Answers) {
        match f {
            Found::Embedded(data) => parts.push((PathBuf::from(&rec.path), (*data).into())),
            Found::File(p) => {
                // Read once, bounded, and recompute from exactly the bytes
                // whose hash matched: a file replaced since it was hashed
                // is a difference, not a silent mix.
                let bytes = crate::fs::read_regular(p, Limit::AnswerFileBytes)?;
                let sha = crate::provenance::sha256_hex(&bytes);
                if sha != rec.sha256 {
                    problems.push(tr(
                        "verify_input_changed",
                        &[
                            ("path", &p.display()),
                            ("sha", &sha),
                            ("recorded", &rec.sha256),
                        ],
                    ));
                    continue;
                }
                parts.push((PathBuf::from(&rec.path), bytes.into()));
            }
        }
    }
    if parts.is_empty() {
        return Ok(AnswerSet::default());
    }
    let parts: Vec<(&Path, &[u8])> = parts.iter().map(|(p, b)| (p.as_path(), &**b)).collect();
    answers::load_parts(&parts, encoding, rule, q)
}

/// Recompute the incident report of the logs found (none when no log was
/// recorded), with the recorded period rule.
fn read_incidents(
    provenance: &Provenance,
    record_path: &Path,
    found: &[(InputFile, Found)],
    q: &Questionnaire,
) -> Result<Option<IncidentReport>> {
    let logs: Vec<crate::input::incidents::Source> = found
        .iter()
        .filter(|(r, _)| r.role == Role::Incidents)
        .map(|(rec, f)| match f {
            Found::Embedded(data) => {
                crate::input::incidents::Source::Embedded(rec.path.clone(), data)
            }
            Found::File(p) => crate::input::incidents::Source::File(p.clone()),
        })
        .collect();
    let map = found.iter().find_map(|(r, f)| match f {
        Found::File(p) if r.role == Role::Mapping => Some(p.clone()),
        _ => None,
    });
    if let Some(a) = &provenance.incident_aggregates {
        // Every table file's SHA-256 was checked with the other inputs.
        let (report, _) = crate::input::incidents::from_aggregates(
            Path::new(&a.folder),
            &q.incidents,
            PeriodFrom::default(),
        )?;
        return Ok(Some(report));
    }
    if logs.is_empty() {
        return Ok(None);
    }
    let period_from = match provenance.incident_period_from.as_deref() {
        None => PeriodFrom::default(),
        Some(name) => PeriodFrom::from_column(name).ok_or_else(|| Error::NotScores {
            path: record_path.to_path_buf(),
            reason: NotScores::BadProvenance(format!(
                "incident_period_from: '{name}' is none of {}",
                PeriodFrom::ALL.map(PeriodFrom::column).join(", ")
            )),
        })?,
    };
    let options = crate::cmd::inputs::kpi_options(
        logs,
        map.as_deref(),
        period_from,
        crate::input::incidents::engine::By::default(),
    )?;
    Ok(Some(crate::input::incidents::compute(
        &options,
        &q.incidents,
    )?))
}

/// Row counts are figures too: each file's must equal the recorded one.
fn check_rows(
    found: &[(InputFile, Found)],
    set: &AnswerSet,
    report: Option<&IncidentReport>,
    problems: &mut Vec<String>,
) {
    for (rec, f) in found {
        let rows = match rec.role {
            Role::Answers => set.rows_read.get(Path::new(&rec.path)).copied(),
            Role::Incidents => report.and_then(|r| {
                let label = match f {
                    Found::Embedded(_) => rec.path.clone(),
                    Found::File(p) => p.display().to_string(),
                };
                r.sources.iter().find(|s| s.path == label).map(|s| s.rows)
            }),
            Role::Mapping | Role::Aggregates => None,
        };
        if rows != rec.rows {
            problems.push(tr(
                "verify_rows_differ",
                &[
                    ("path", &rec.path),
                    ("rows", &opt(rows)),
                    ("recorded", &opt(rec.rows)),
                ],
            ));
        }
    }
}

/// Write `scores.json` (and `scores.csv`, when one is beside it) afresh and
/// compare them with the recorded ones: the numbers compared, and whether
/// the CSV was.
fn compare_outputs(
    record: &Record,
    scored: &[Assessment],
    q: &Questionnaire,
    problems: &mut Vec<String>,
) -> Result<(usize, bool)> {
    let bytes = crate::export::scores_json(scored, q, &record.provenance)?;
    let fresh: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| Error::Serialise {
            what: "scores.json",
            message: e.to_string(),
        })?;
    let (diffs, figures) = compare_figures(&record.doc, &fresh);
    problems.extend(diffs);
    let csv_path = record.path.with_file_name("scores.csv");
    if !csv_path.is_file() {
        return Ok((figures, false));
    }
    let on_disk = crate::fs::read_regular(&csv_path, Limit::JsonFileBytes)?;
    let fresh_csv = crate::export::scores_csv(scored)?;
    if on_disk != fresh_csv {
        let line = first_differing_line(&on_disk, &fresh_csv);
        problems.push(tr(
            "verify_csv_differs",
            &[("path", &csv_path.display()), ("line", &line)],
        ));
    }
    Ok((figures, true))
}

/// A row count for a message; `—` for none.
fn opt(v: Option<u64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| v.to_string())
}
