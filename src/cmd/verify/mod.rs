//! `imcm verify`: check that the figures in a report folder (or a
//! `scores.json`) follow from the inputs its provenance record names.
//!
//! Three checks, in order; every difference found is listed:
//! 1. the questionnaire's SHA-256 matches the record;
//! 2. every recorded input file is given (or found at its recorded path) with
//!    the same SHA-256, and no other file is given;
//! 3. the figures, recomputed from those files, equal the recorded ones:
//!    every value in `scores.json` (and `scores.csv` beside it) is compared.
//!
//! A batch folder's manifest is checked first, and each `scores.json` it
//! lists is verified in turn.

mod check;
mod found;

pub use check::{Verified, verify};

use super::say;
use crate::cli::VerifyRequest;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::output;
use std::path::{Path, PathBuf};

/// `imcm verify`: roll back an interrupted run in the folder, check the
/// manifest of the run that wrote it, then recompute the figures of its
/// `scores.json` (of every `scores.json` the manifest lists, for a batch
/// folder).
pub(super) fn run(request: &VerifyRequest) -> Result<()> {
    let dir = if request.report.is_dir() {
        request.report.clone()
    } else {
        request
            .report
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    recover_interrupted(&dir)?;
    let manifest = crate::provenance::manifest::find(&dir);
    let (manifest_line, mut problems, listed) = match &manifest {
        Some(manifest) => {
            let checked = crate::provenance::manifest::check(manifest)?;
            let line = tr(
                "manifest_checked",
                &[
                    ("dir", &manifest.parent().unwrap_or(&dir).display()),
                    ("n", &checked.matching),
                ],
            );
            (Some(line), checked.problems, checked.scores)
        }
        None => (None, Vec::new(), Vec::new()),
    };
    let mut lines = Vec::new();
    let mut failed_at = None;
    for r in &requests(request, listed) {
        match verify(r) {
            Ok(v) => lines.push(verified_line(&v)),
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

/// Roll back what an interrupted run left in `dir` or the folders above it.
fn recover_interrupted(dir: &Path) -> Result<()> {
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
    Ok(())
}

/// What to verify: each `scores.json` the manifest `listed`, for a batch
/// folder given without one of its own; else the request as it is.
fn requests(request: &VerifyRequest, listed: Vec<PathBuf>) -> Vec<VerifyRequest> {
    if request.report.is_dir()
        && !request.report.join("scores.json").is_file()
        && !listed.is_empty()
    {
        listed
            .into_iter()
            .map(|p| VerifyRequest {
                report: p,
                ..request.clone()
            })
            .collect()
    } else {
        vec![request.clone()]
    }
}

/// The summary line of one verified `scores.json`.
fn verified_line(v: &Verified) -> String {
    let csv = if v.csv {
        tr("verified_csv", &[])
    } else {
        String::new()
    };
    tr(
        "verified",
        &[
            ("path", &v.scores.display()),
            ("files", &v.files),
            ("assessments", &v.assessments),
            ("figures", &v.figures),
            ("csv", &csv),
        ],
    )
}
