//! `imcm-manifest.json`: the SHA-256 of every file one run wrote into an
//! output folder, written last by [`crate::output::Staging::commit`].
//! `imcm verify` checks it, so a folder holding files of two runs, or a file
//! edited or damaged since, fails verification.

use crate::error::{Error, Result};
use crate::i18n::tr;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The manifest's file name, at the top of the output folder.
pub const FILE: &str = "imcm-manifest.json";

/// The manifest of one output set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Manifest {
    /// The imcm version that wrote the set.
    pub imcm_version: String,
    /// Every file of the set (path relative to the folder, `/`-separated)
    /// and its SHA-256 in lower-case hex.
    pub files: BTreeMap<String, String>,
}

/// The manifest's bytes for `files` (relative path, SHA-256): sorted, so the
/// same set always gives the same bytes.
///
/// # Errors
/// [`Error::Serialise`] (not expected).
pub fn build(files: impl IntoIterator<Item = (String, String)>) -> Result<Vec<u8>> {
    let manifest = Manifest {
        imcm_version: env!("CARGO_PKG_VERSION").to_string(),
        files: files
            .into_iter()
            .map(|(p, sha)| (p.replace('\\', "/"), sha))
            .collect(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Serialise {
        what: FILE,
        message: e.to_string(),
    })?;
    json.push(b'\n');
    Ok(json)
}

/// The nearest manifest at `dir` or up to three folders above it (a report
/// of a batch sits in `org/unit/period/` below the manifest).
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .take(4)
        .map(|d| d.join(FILE))
        .find(|p| crate::fs::is_regular_file(p))
}

/// What checking a manifest found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// Files whose SHA-256 matched.
    pub matching: usize,
    /// One sentence per missing or differing file.
    pub problems: Vec<String>,
    /// The `scores.json` files the manifest lists, sorted.
    pub scores: Vec<PathBuf>,
}

/// Check every file `manifest` lists against its recorded SHA-256.
///
/// # Errors
/// [`Error::Output`] when the manifest is not a valid manifest;
/// [`Error::Io`] or [`Error::Limit`] when it cannot be read.
pub fn check(manifest: &Path) -> Result<Checked> {
    let bytes = crate::fs::read_regular(manifest, crate::limits::Limit::JsonFileBytes)?;
    let m: Manifest = serde_json::from_slice(&bytes).map_err(|e| Error::BadManifest {
        path: manifest.to_path_buf(),
        error: e.to_string(),
    })?;
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let mut out = Checked::default();
    for (rel, sha) in &m.files {
        let plain = Path::new(rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        let path = dir.join(rel);
        if !plain {
            out.problems
                .push(tr("manifest_bad_path", &[("path", &rel.as_str())]));
            continue;
        }
        if rel == FILE {
            continue;
        }
        if !crate::fs::is_regular_file(&path) {
            out.problems
                .push(tr("manifest_missing", &[("path", &path.display())]));
            continue;
        }
        let (found, _) = crate::provenance::hash_file(&path)?;
        if &found == sha {
            out.matching += 1;
            if path.file_name().is_some_and(|n| n == "scores.json") {
                out.scores.push(path);
            }
        } else {
            out.problems.push(tr(
                "manifest_differs",
                &[
                    ("path", &path.display()),
                    ("sha", &found),
                    ("recorded", sha),
                ],
            ));
        }
    }
    Ok(out)
}
