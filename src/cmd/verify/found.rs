//! Step 2 of verifying a `scores.json`: find each input file its provenance
//! record names (among the files given, at its recorded path, or in the
//! demo's embedded data) and check its SHA-256.

use crate::cli::VerifyRequest;
use crate::error::Result;
use crate::i18n::tr;
use crate::provenance::{InputFile, Provenance, Role, hash_file};
use std::path::PathBuf;

/// An input file as found for verification.
pub(super) enum Found {
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

/// The files given on the command line for `role`.
fn given(req: &VerifyRequest, role: Role) -> Vec<PathBuf> {
    match role {
        Role::Answers => req.answers.clone(),
        Role::Incidents => req.incidents.clone(),
        Role::Mapping => req.map.iter().cloned().collect(),
        // Found where they were recorded: verify has no option for them.
        Role::Aggregates => Vec::new(),
    }
}

/// Every recorded input whose SHA-256 matches, with where it was found;
/// each one missing, changed or given but not recorded is added to `problems`.
///
/// # Errors
/// [`crate::Error::Io`] when a file cannot be read for hashing.
pub(super) fn find_inputs(
    req: &VerifyRequest,
    provenance: &Provenance,
    problems: &mut Vec<String>,
) -> Result<Vec<(InputFile, Found)>> {
    let mut found: Vec<(InputFile, Found)> = Vec::new();
    for role in [
        Role::Answers,
        Role::Incidents,
        Role::Mapping,
        Role::Aggregates,
    ] {
        find_role(req, provenance, role, &mut found, problems)?;
    }
    Ok(found)
}

/// [`find_inputs`] for the files of one role.
fn find_role(
    req: &VerifyRequest,
    provenance: &Provenance,
    role: Role,
    found: &mut Vec<(InputFile, Found)>,
    problems: &mut Vec<String>,
) -> Result<()> {
    let recorded_files: Vec<&InputFile> = provenance
        .inputs
        .iter()
        .filter(|i| i.role == role)
        .collect();
    let given_files = given(req, role);
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
            find_at_recorded_path(rec, role, found, problems)?;
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
    Ok(())
}

/// A recorded input looked for at its recorded path.
fn find_at_recorded_path(
    rec: &InputFile,
    role: Role,
    found: &mut Vec<(InputFile, Found)>,
    problems: &mut Vec<String>,
) -> Result<()> {
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
        return Ok(());
    }
    let (sha, _) = hash_file(&path)?;
    if sha == rec.sha256 {
        found.push((rec.clone(), Found::File(path)));
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
    Ok(())
}
