//! The only place that writes files. Three guarantees:
//!
//! 1. **No output replaces an input or leaves the output folder.** Every
//!    target is resolved before anything is created: the part of the path
//!    that exists is canonicalised, a `..` after a folder that does not exist
//!    yet is refused (it would create a folder only to walk out of it), and
//!    a target is compared with the inputs by device and inode. Folders
//!    inside an output folder that are symbolic links are refused, not
//!    followed.
//! 2. **Temporary files cannot be planted.** They are created exclusively
//!    (`O_CREAT | O_EXCL`, which never follows a link) with unpredictable
//!    names, or inside a staging folder this run created itself.
//! 3. **A set of files is all old or all new**, even across `kill -9`
//!    ([`Staging`]): an advisory lock keeps a second run out of the folder,
//!    files are staged in `.imcm-staging/`, and a journal written before
//!    the first rename lets the next run (or `imcm verify`) roll an
//!    interrupted commit back. The set carries `imcm-manifest.json`, the
//!    SHA-256 of every file it wrote, which `imcm verify` checks.
//!
//! Files are not fsynced: the renames keep a killed run from leaving a
//! half-written output, and only a power cut before the kernel's flush could
//! leave an empty file, which a rerun regenerates from the unchanged inputs.
//! An fsync per file nearly doubled the time of a 4,000-report batch (7.1 s
//! → 13.0 s for 32,513 files on this machine's ext4).

mod journal;
mod lock;
mod staging;

pub use journal::{interrupted, recover};
pub use staging::Staging;

use crate::error::{Error, Result};
use crate::i18n::tr;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The staging folder inside an output folder.
pub const STAGING_DIR: &str = ".imcm-staging";
/// The lock file inside an output folder.
pub const LOCK_FILE: &str = ".imcm-lock";
/// The journal of a commit in progress, inside [`STAGING_DIR`].
const JOURNAL: &str = "journal.json";

/// Resolve `path` to an absolute path with no `.`, `..` or symbolic link in
/// the part that exists, before anything is created. The part that does not
/// exist yet is kept as given; a `..` in it is refused.
///
/// # Errors
/// [`Error::Output`] when a `..` follows a folder that does not exist;
/// [`Error::Io`] when the current folder or an existing part is unreadable.
pub fn resolve(path: &Path) -> Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io("read", ".", e))?
            .join(path)
    };
    let mut cur = PathBuf::new();
    let mut missing: Option<PathBuf> = None;
    for comp in abs.components() {
        match comp {
            Component::Prefix(_) | Component::RootDir => cur.push(comp),
            Component::CurDir => {}
            Component::ParentDir => {
                if let Some(m) = &missing {
                    return Err(Error::Output {
                        path: path.to_path_buf(),
                        message: tr("output_walks_out", &[("folder", &m.display())]),
                    });
                }
                // `cur` is canonical here, so its parent is what `..` names.
                cur.pop();
            }
            Component::Normal(name) => {
                cur.push(name);
                if missing.is_some() {
                    continue;
                }
                match std::fs::symlink_metadata(&cur) {
                    Ok(_) => {
                        // A dangling link stays as it is: a rename replaces it.
                        if let Ok(c) = cur.canonicalize() {
                            cur = c;
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        missing = Some(cur.clone());
                    }
                    Err(e) => return Err(Error::io("read", &cur, e)),
                }
            }
        }
    }
    Ok(cur)
}

/// Device and inode of what `path` names (following links), where it exists.
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

fn refuse_input(shown: &Path, target: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Some(id) = identity(target) else {
        return Ok(());
    };
    if inputs.iter().any(|i| identity(i) == Some(id)) {
        return Err(Error::Output {
            path: shown.to_path_buf(),
            message: tr("output_is_input", &[]),
        });
    }
    Ok(())
}

/// Check, before any work, that `path` can be written without replacing
/// one of `inputs`, and return where it resolves to.
///
/// # Errors
/// [`Error::Output`] when it is an input or walks out of a missing folder.
pub fn check_not_input(path: &Path, inputs: &[PathBuf]) -> Result<PathBuf> {
    let target = resolve(path)?;
    refuse_input(path, &target, inputs)?;
    Ok(target)
}

/// Whether `path` resolves to something that exists (a file, folder or link).
///
/// # Errors
/// As [`resolve`].
pub fn target_exists(path: &Path) -> Result<bool> {
    Ok(std::fs::symlink_metadata(resolve(path)?).is_ok())
}

/// Create the missing folders of the absolute `dir`, one by one, and return
/// those this call created, outermost first. A folder that another process
/// creates at the same moment is taken as it is.
fn create_folders(dir: &Path) -> Result<Vec<PathBuf>> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|d| std::fs::symlink_metadata(d).is_err())
        .map(Path::to_path_buf)
        .collect();
    let mut created = Vec::new();
    for d in missing.into_iter().rev() {
        match std::fs::create_dir(&d) {
            Ok(()) => created.push(d),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) => {
                remove_folders(&created);
                return Err(Error::io("create folder", &d, e));
            }
        }
    }
    Ok(created)
}

/// Remove the folders in `created` (outermost first) that are empty.
fn remove_folders(created: &[PathBuf]) {
    for d in created.iter().rev() {
        let _ = std::fs::remove_dir(d);
    }
}

/// Write `bytes` to `path` through an exclusively created temporary file
/// with an unpredictable name beside it, then a rename. A file or link at
/// `path` is replaced, never written through.
///
/// # Errors
/// [`Error::Output`] for a path that walks out of a missing folder or is a
/// folder; [`Error::Io`] naming the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |tmp| {
        tmp.write_all(bytes)
            .map_err(|e| Error::io("write", path, e))
    })
}

/// [`write_atomic`] for output that `write` puts into the temporary file
/// itself (by its handle or its path, as polars' streaming Parquet sink
/// does); the file is renamed to `path` only when `write` succeeds, and
/// removed otherwise.
///
/// # Errors
/// As [`write_atomic`], and whatever `write` returns.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut tempfile::NamedTempFile) -> Result<()>,
) -> Result<()> {
    crate::error::warning::check()?;
    let target = resolve(path)?;
    if target.is_dir() {
        return Err(Error::Output {
            path: path.to_path_buf(),
            message: tr("folder_in_way", &[]),
        });
    }
    let dir = target.parent().unwrap_or(Path::new("/")).to_path_buf();
    let created = create_folders(&dir)?;
    let result = (|| {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        // Hidden, named after the destination, random in the middle, with
        // the usual permissions (0666 less the umask) so that the renamed
        // output is not private by accident.
        let prefix = format!(".{name}.");
        let mut tmp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".imcm-tmp")
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
            .tempfile_in(&dir)
            .map_err(|e| Error::io("create", path, e))?;
        write(&mut tmp)?;
        // Under --strict, a warning printed while writing keeps the old file.
        crate::error::warning::check()?;
        tmp.persist(&target)
            .map_err(|e| Error::io("write", path, e.error))?;
        Ok(())
    })();
    if result.is_err() {
        remove_folders(&created);
    }
    result
}

/// Write `bytes` to standard output. A closed pipe is not an error.
/// Under `--strict`, nothing is written once a warning was printed.
///
/// # Errors
/// [`Error::Io`] for any other write failure.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    crate::error::warning::check()?;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("write", "standard output", e)),
    }
}

#[cfg(test)]
mod tests;
