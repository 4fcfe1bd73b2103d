//! `imcm verify`: check that the figures in a report folder (or a
//! `scores.json`) follow from the inputs its provenance record names.
//!
//! Three checks, in order; every difference found is listed:
//! 1. the questionnaire's SHA-256 matches the record;
//! 2. every recorded input file is given (or found at its recorded path) with
//!    the same SHA-256, and no other file is given;
//! 3. the figures, recomputed from those files, equal the recorded ones:
//!    every value in `scores.json` (and `scores.csv` beside it) is compared.

use crate::cli::VerifyRequest;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::answers;
use crate::limits::Limit;
use crate::model::{AnswerSet, AssessmentKey, Period};
use crate::provenance::{InputFile, Provenance, Role, hash_file};
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

/// An input file as found for verification.
enum Found {
    /// A file on disk.
    File(PathBuf),
    /// The demo's embedded data.
    Embedded(&'static [u8]),
}

/// The demo's embedded inputs by their recorded label.
fn embedded(label: &str) -> Option<&'static [u8]> {
    match label {
        crate::input::demo::DEMO_ANSWERS_LABEL => Some(crate::input::demo::DEMO_ANSWERS.as_bytes()),
        crate::input::demo::DEMO_INCIDENTS_LABEL => {
            Some(crate::input::demo::DEMO_INCIDENTS.as_bytes())
        }
        _ => None,
    }
}

/// Run the checks.
///
/// # Errors
/// [`Error::Verify`] listing every difference; [`Error::Io`] or
/// [`Error::Output`] when the report or an input cannot be read.
pub fn verify(req: &VerifyRequest) -> Result<Verified> {
    let scores_path = if req.report.is_dir() {
        req.report.join("scores.json")
    } else {
        req.report.clone()
    };
    if !scores_path.is_file() {
        return Err(Error::Output {
            path: scores_path,
            message: tr("verify_no_scores", &[]),
        });
    }
    let text = crate::fs::read_regular_text(&scores_path, Limit::JsonFileBytes)?;
    let recorded: serde_json::Value = serde_json::from_str(&text).map_err(|e| Error::Output {
        path: scores_path.clone(),
        message: tr("verify_not_json", &[("error", &e)]),
    })?;
    let provenance: Provenance = recorded
        .get("provenance")
        .cloned()
        .ok_or_else(|| Error::Output {
            path: scores_path.clone(),
            message: tr("verify_no_provenance", &[]),
        })
        .and_then(|v| {
            serde_json::from_value(v).map_err(|e| Error::Output {
                path: scores_path.clone(),
                message: tr("verify_bad_provenance", &[("error", &e)]),
            })
        })?;
    let mut problems = Vec::new();

    // 1. The questionnaire.
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
            &scores_path,
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

    // 2. The input files.
    let given = |role: Role| -> Vec<PathBuf> {
        match role {
            Role::Answers => req.answers.clone(),
            Role::Incidents => req.incidents.clone(),
            Role::Mapping => req.map.iter().cloned().collect(),
        }
    };
    let mut found: Vec<(InputFile, Found)> = Vec::new();
    for role in [Role::Answers, Role::Incidents, Role::Mapping] {
        let recorded_files: Vec<&InputFile> = provenance
            .inputs
            .iter()
            .filter(|i| i.role == role)
            .collect();
        let given_files = given(role);
        let mut hashed = Vec::new();
        for path in &given_files {
            let (sha, _) = hash_file(path)?;
            hashed.push((path.clone(), sha));
        }
        for rec in &recorded_files {
            if let Some(data) = embedded(&rec.path).filter(|_| given_files.is_empty()) {
                let sha = crate::provenance::sha256_hex(data);
                if sha == rec.sha256 {
                    found.push(((*rec).clone(), Found::Embedded(data)));
                } else {
                    problems.push(tr(
                        "verify_embedded_changed",
                        &[("path", &rec.path), ("version", &provenance.imcm_version)],
                    ));
                }
                continue;
            }
            if given_files.is_empty() {
                // Nothing given for this role: look at the recorded path.
                let path = PathBuf::from(&rec.path);
                if !path.is_file() {
                    problems.push(tr(
                        "verify_input_missing",
                        &[
                            ("path", &rec.path),
                            ("option", &role.option()),
                            ("sha", &rec.sha256),
                        ],
                    ));
                    continue;
                }
                let (sha, _) = hash_file(&path)?;
                if sha == rec.sha256 {
                    found.push(((*rec).clone(), Found::File(path)));
                } else {
                    problems.push(tr(
                        "verify_input_changed",
                        &[
                            ("path", &rec.path),
                            ("sha", &sha),
                            ("recorded", &rec.sha256),
                        ],
                    ));
                }
                continue;
            }
            match hashed.iter().find(|(_, sha)| *sha == rec.sha256) {
                Some((path, _)) => found.push(((*rec).clone(), Found::File(path.clone()))),
                None => problems.push(tr(
                    "verify_input_not_given",
                    &[
                        ("path", &rec.path),
                        ("option", &role.option()),
                        ("sha", &rec.sha256),
                    ],
                )),
            }
        }
        for (path, sha) in &hashed {
            if !recorded_files.iter().any(|r| r.sha256 == *sha) {
                problems.push(tr(
                    "verify_input_extra",
                    &[("path", &path.display()), ("sha", sha)],
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Verify {
            path: scores_path,
            problems,
        });
    }

    // 3. Recompute.
    let q = &loaded.questionnaire;
    let encoding = req.encoding.or_else(|| {
        provenance
            .answers_encoding
            .as_deref()
            .and_then(crate::input::encoding::Encoding::from_name)
    });
    // Answers are read under their recorded names, which the figures cite
    // (`answers.csv:145`), wherever the files are now.
    let mut set = AnswerSet::default();
    for (rec, f) in found.iter().filter(|(r, _)| r.role == Role::Answers) {
        let part = match f {
            Found::Embedded(data) => answers::load_labelled(Path::new(&rec.path), data, None, q)?,
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
                answers::load_labelled(Path::new(&rec.path), &bytes, encoding, q)?
            }
        };
        merge(&mut set, part);
    }
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
    let report = if logs.is_empty() {
        None
    } else {
        let options = crate::input::incidents::KpiOptions {
            sources: logs,
            mapping: crate::input::incidents::Mapping::load(map.as_deref())?,
            period_from: provenance
                .incident_period_from
                .clone()
                .unwrap_or_else(|| "detected_at".into()),
            by: crate::input::incidents::engine::By::default(),
        };
        Some(crate::input::incidents::compute(&options, &q.incidents)?)
    };

    // Row counts are figures too.
    for (rec, f) in &found {
        let rows = match rec.role {
            Role::Answers => set.rows_read.get(Path::new(&rec.path)).copied(),
            Role::Incidents => report.as_ref().and_then(|r| {
                let label = match f {
                    Found::Embedded(_) => rec.path.clone(),
                    Found::File(p) => p.display().to_string(),
                };
                r.sources.iter().find(|s| s.path == label).map(|s| s.rows)
            }),
            Role::Mapping => None,
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

    let keys = recorded_keys(&recorded, &scores_path)?;
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
    let mut figures = 0;
    let mut csv = false;
    if problems.is_empty() {
        let bytes = crate::export::scores_json(&scored, q, &provenance)?;
        let fresh: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| Error::Serialise {
                what: "scores.json",
                message: e.to_string(),
            })?;
        let mut diffs = Vec::new();
        compare_values("", &recorded, &fresh, &mut diffs, &mut figures);
        const SHOWN: usize = 20;
        let more = diffs.len().saturating_sub(SHOWN);
        problems.extend(diffs.into_iter().take(SHOWN));
        if more > 0 {
            problems.push(tr("verify_more", &[("n", &more)]));
        }
        let csv_path = scores_path.with_file_name("scores.csv");
        if csv_path.is_file() {
            csv = true;
            let on_disk = crate::fs::read_regular(&csv_path, Limit::JsonFileBytes)?;
            let fresh_csv = crate::export::scores_csv(&scored)?;
            if on_disk != fresh_csv {
                let line = first_differing_line(&on_disk, &fresh_csv);
                problems.push(tr(
                    "verify_csv_differs",
                    &[("path", &csv_path.display()), ("line", &line)],
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(Verified {
            scores: scores_path,
            files: found.len(),
            assessments: scored.len(),
            figures,
            csv,
        })
    } else {
        Err(Error::Verify {
            path: scores_path,
            problems,
        })
    }
}

fn opt(v: Option<u64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| v.to_string())
}

fn merge(set: &mut AnswerSet, part: AnswerSet) {
    set.assessments.extend(part.assessments);
    set.rows_read.extend(part.rows_read);
}

/// The (org, unit, period) of every assessment in a `scores.json`.
fn recorded_keys(doc: &serde_json::Value, path: &Path) -> Result<Vec<AssessmentKey>> {
    let bad = || Error::Output {
        path: path.to_path_buf(),
        message: tr("verify_bad_assessments", &[]),
    };
    let list = doc
        .get("assessments")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(bad)?;
    list.iter()
        .map(|a| {
            let text = |k: &str| a.get(k).and_then(serde_json::Value::as_str);
            let period: Period = text("period")
                .and_then(|p| p.parse().ok())
                .ok_or_else(bad)?;
            Ok(AssessmentKey {
                org: text("org").ok_or_else(bad)?.to_string(),
                unit: text("unit").ok_or_else(bad)?.to_string(),
                period,
            })
        })
        .collect()
}

/// Walk two JSON documents side by side, noting every leaf that differs
/// (`provenance` paths are left out: the same files may be given under other
/// names) and counting the numbers compared.
fn compare_values(
    at: &str,
    recorded: &serde_json::Value,
    fresh: &serde_json::Value,
    diffs: &mut Vec<String>,
    figures: &mut usize,
) {
    use serde_json::Value;
    if at == "provenance" {
        return;
    }
    match (recorded, fresh) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let here = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => compare_values(&here, x, y, diffs, figures),
                    (x, y) => diffs.push(tr(
                        "verify_figure_differs",
                        &[("at", &here), ("recorded", &show(x)), ("fresh", &show(y))],
                    )),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare_values(&format!("{at}[{i}]"), x, y, diffs, figures);
            }
        }
        (x, y) => {
            if x.is_number() || y.is_number() {
                *figures += 1;
            }
            if x != y {
                diffs.push(tr(
                    "verify_figure_differs",
                    &[
                        ("at", &at),
                        ("recorded", &show(Some(x))),
                        ("fresh", &show(Some(y))),
                    ],
                ));
            }
        }
    }
}

fn show(v: Option<&serde_json::Value>) -> String {
    match v {
        None => "—".into(),
        Some(v) => {
            let s = v.to_string();
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(60).collect::<String>())
            } else {
                s
            }
        }
    }
}

fn first_differing_line(a: &[u8], b: &[u8]) -> usize {
    let mut line = 1;
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return line;
        }
        if *x == b'\n' {
            line += 1;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn differing_leaves_are_listed_by_path_and_provenance_is_skipped() {
        let a = json!({"assessments": [{"score": 62.5, "level": 2}], "provenance": {"inputs": [{"path": "a.csv"}]}});
        let b = json!({"assessments": [{"score": 58.0, "level": 2}], "provenance": {"inputs": [{"path": "b.csv"}]}});
        let (mut diffs, mut n) = (Vec::new(), 0);
        compare_values("", &a, &b, &mut diffs, &mut n);
        assert_eq!(n, 2);
        assert_eq!(diffs.len(), 1);
        assert!(diffs[0].contains("assessments[0].score"), "{diffs:?}");
        assert!(
            diffs[0].contains("62.5") && diffs[0].contains("58.0"),
            "{diffs:?}"
        );
    }

    #[test]
    fn the_first_differing_line_is_counted_from_one() {
        assert_eq!(first_differing_line(b"a\nb\nc\n", b"a\nb\nx\n"), 3);
        assert_eq!(first_differing_line(b"a\n", b"b\n"), 1);
    }
}
