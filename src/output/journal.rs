//! The journal of a commit and what reads it: putting a commit in place
//! step by step, rolling an interrupted one back, and recovery at the next
//! run.

use crate::error::{Error, Result};
use std::path::Path;

use super::lock::FolderLock;
use super::{JOURNAL, LOCK_FILE, STAGING_DIR, resolve};

/// One file of a commit, as the journal records it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Entry {
    /// Path relative to the output folder.
    pub(super) rel: String,
    /// Number of the staged file in `.imcm-staging/new/` (and of the
    /// previous file moved to `.imcm-staging/old/`).
    pub(super) n: u64,
    /// Whether a file was at the destination before the commit.
    pub(super) existed: bool,
}

/// The journal of a commit: written before the first rename, removed after
/// the last. Its removal is the moment the new set takes effect.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Journal {
    /// Folders the commit creates (relative), outermost first.
    pub(super) folders: Vec<String>,
    /// Files in the order they are put in place.
    pub(super) entries: Vec<Entry>,
}

/// [`apply`], stopping after `steps` file-system changes (folders made and
/// renames), as a kill at that point would. Returns whether it finished.
pub(super) fn apply_steps(root: &Path, journal: &Journal, mut steps: usize) -> Result<bool> {
    let mut step = || {
        if steps == 0 {
            return false;
        }
        steps -= 1;
        true
    };
    for f in &journal.folders {
        if !step() {
            return Ok(false);
        }
        let d = root.join(f);
        std::fs::create_dir(&d).map_err(|e| Error::io("create folder", &d, e))?;
    }
    let dir = root.join(STAGING_DIR);
    for e in &journal.entries {
        let dest = root.join(&e.rel);
        let new = dir.join("new").join(e.n.to_string());
        if e.existed {
            if !step() {
                return Ok(false);
            }
            let old = dir.join("old").join(e.n.to_string());
            std::fs::rename(&dest, &old).map_err(|err| Error::io("write", &dest, err))?;
        }
        if !step() {
            return Ok(false);
        }
        std::fs::rename(&new, &dest).map_err(|err| Error::io("write", &dest, err))?;
    }
    Ok(true)
}

/// Undo what [`apply`] did, whatever point it reached: each file goes back
/// to what it was before, new files and folders are removed.
pub(super) fn rollback(root: &Path, journal: &Journal) -> usize {
    let dir = root.join(STAGING_DIR);
    let mut restored = 0;
    for e in journal.entries.iter().rev() {
        let dest = root.join(&e.rel);
        let new = dir.join("new").join(e.n.to_string());
        let old = dir.join("old").join(e.n.to_string());
        let placed = !new.exists();
        if old.exists() {
            // Moved aside, whether or not the new file followed it.
            if std::fs::rename(&old, &dest).is_ok() {
                restored += 1;
            }
        } else if placed && !e.existed && std::fs::remove_file(&dest).is_ok() {
            restored += 1;
        }
    }
    for f in journal.folders.iter().rev() {
        let _ = std::fs::remove_dir(root.join(f));
    }
    restored
}

/// Roll back a commit that was interrupted in `root` and remove what an
/// earlier run left behind, holding the folder's lock. Returns how many
/// files were put back.
///
/// # Errors
/// [`Error::Output`] when another run holds the folder.
pub fn recover(root: &Path) -> Result<usize> {
    let resolved = resolve(root)?;
    // A run killed between taking the lock and staging leaves only the lock
    // file: taking and releasing the lock removes it.
    if !resolved.join(STAGING_DIR).exists() && !resolved.join(LOCK_FILE).exists() {
        return Ok(0);
    }
    let mut lock = FolderLock::acquire(&resolved)?;
    let n = recover_locked(&resolved);
    lock.release();
    n
}

pub(super) fn recover_locked(root: &Path) -> Result<usize> {
    remove_legacy_leftovers(root, 0);
    let dir = root.join(STAGING_DIR);
    match std::fs::symlink_metadata(&dir) {
        Err(_) => return Ok(0),
        Ok(m) if !m.is_dir() => {
            // Not ours to follow: a link or file where the staging folder goes.
            std::fs::remove_file(&dir).map_err(|e| Error::io("write", &dir, e))?;
            return Ok(0);
        }
        Ok(_) => {}
    }
    let mut restored = 0;
    let journal_path = dir.join(JOURNAL);
    if let Ok(bytes) = std::fs::read(&journal_path)
        && let Ok(journal) = serde_json::from_slice::<Journal>(&bytes)
    {
        restored = rollback(root, &journal);
    }
    std::fs::remove_dir_all(&dir).map_err(|e| Error::io("write", &dir, e))?;
    Ok(restored)
}

/// Whether `name` is a temporary file of imcm 0.1 before staging folders:
/// `.NAME.imcm-tmp-PID` or `.NAME.imcm-tmp-PID.imcm-old`.
fn is_legacy_leftover(name: &str) -> bool {
    let name = name.strip_suffix(".imcm-old").unwrap_or(name);
    name.rsplit_once(".imcm-tmp-").is_some_and(|(head, pid)| {
        head.len() > 1
            && head.starts_with('.')
            && !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Remove what a killed run of imcm 0.1 left in `dir` and the folders below
/// it (links are not followed; at most four levels, as a batch has).
fn remove_legacy_leftovers(dir: &Path, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let Ok(kind) = e.file_type() else { continue };
        let name = e.file_name();
        if kind.is_dir() && depth < 4 && name != STAGING_DIR {
            remove_legacy_leftovers(&e.path(), depth + 1);
        } else if kind.is_file() && is_legacy_leftover(&name.to_string_lossy()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether `root` holds an interrupted commit (a journal not yet removed).
pub fn interrupted(root: &Path) -> bool {
    root.join(STAGING_DIR).join(JOURNAL).is_file()
}
