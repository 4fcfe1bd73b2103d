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

use crate::error::{Error, Result};
use crate::i18n::tr;
use std::fs::File;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

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
        tmp.write_all(bytes)
            .map_err(|e| Error::io("write", path, e))?;
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
///
/// # Errors
/// [`Error::Io`] for any other write failure.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("write", "standard output", e)),
    }
}

/// The advisory lock on an output folder, held for the whole run. The lock
/// file is removed when the run ends.
#[derive(Debug)]
struct FolderLock {
    path: PathBuf,
    file: Option<File>,
}

impl FolderLock {
    /// Lock `dir`, or say that another run holds it.
    fn acquire(dir: &Path) -> Result<FolderLock> {
        let path = dir.join(LOCK_FILE);
        // Another run may remove the lock file between our open and our lock;
        // then the file we locked is no longer the one at the path: retry.
        for _ in 0..100 {
            if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
                return Err(Error::Output {
                    path: path.clone(),
                    message: tr("lock_not_file", &[]),
                });
            }
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| Error::io("create", &path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Output {
                        path: dir.to_path_buf(),
                        message: tr("folder_locked", &[]),
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Error::io("create", &path, e));
                }
            }
            use std::os::unix::fs::MetadataExt;
            let locked = file.metadata().map(|m| (m.dev(), m.ino())).ok();
            let at_path = std::fs::symlink_metadata(&path)
                .map(|m| (m.dev(), m.ino()))
                .ok();
            if locked.is_some() && locked == at_path {
                return Ok(FolderLock {
                    path,
                    file: Some(file),
                });
            }
        }
        Err(Error::Output {
            path: dir.to_path_buf(),
            message: tr("folder_locked", &[]),
        })
    }

    /// Remove the lock file, then release the lock.
    fn release(&mut self) {
        if let Some(file) = self.file.take() {
            let _ = std::fs::remove_file(&self.path);
            drop(file);
        }
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        self.release();
    }
}

/// One file of a commit, as the journal records it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Entry {
    /// Path relative to the output folder.
    rel: String,
    /// Number of the staged file in `.imcm-staging/new/` (and of the
    /// previous file moved to `.imcm-staging/old/`).
    n: u64,
    /// Whether a file was at the destination before the commit.
    existed: bool,
}

/// The journal of a commit: written before the first rename, removed after
/// the last. Its removal is the moment the new set takes effect.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Journal {
    /// Folders the commit creates (relative), outermost first.
    folders: Vec<String>,
    /// Files in the order they are put in place.
    entries: Vec<Entry>,
}

/// A set of files written to one output folder, all old or all new.
///
/// Files are staged as they are produced (several threads may add at once)
/// and put in place by [`Staging::commit`]. Dropped without a commit (an
/// error part-way), it removes what it staged and the folders it created.
#[derive(Debug)]
pub struct Staging {
    /// The output folder as the user gave it (paths added are below it).
    given: PathBuf,
    /// The output folder resolved.
    root: PathBuf,
    inputs: Vec<PathBuf>,
    lock: FolderLock,
    /// Folders created for the output folder itself.
    created_root: Vec<PathBuf>,
    /// Files of an interrupted earlier run that were put back.
    recovered: usize,
    /// Whether this run created the staging folder (and so may remove it).
    own_staging: bool,
    state: Mutex<StagingState>,
}

#[derive(Debug, Default)]
struct StagingState {
    /// (relative destination, staged file number, SHA-256), in the order added.
    staged: Vec<(PathBuf, u64, String)>,
    /// Destinations taken so far.
    seen: std::collections::BTreeSet<PathBuf>,
    next: u64,
    done: bool,
}

impl Staging {
    /// Open `root` for writing: create it if needed, lock it (a second run
    /// is refused), roll back an interrupted earlier commit and clear what
    /// an earlier run left behind. Nothing may be written over `inputs`.
    ///
    /// # Errors
    /// [`Error::Output`] when another run holds the folder or the path is
    /// unusable; [`Error::Io`] when it cannot be created.
    pub fn new(root: &Path, inputs: &[PathBuf]) -> Result<Staging> {
        let resolved = resolve(root)?;
        if std::fs::symlink_metadata(&resolved).is_ok() && !resolved.is_dir() {
            return Err(Error::Output {
                path: root.to_path_buf(),
                message: tr("output_not_folder", &[]),
            });
        }
        let created_root = create_folders(&resolved)?;
        let lock = match FolderLock::acquire(&resolved) {
            Ok(l) => l,
            Err(e) => {
                remove_folders(&created_root);
                return Err(e);
            }
        };
        let staging = Staging {
            given: root.to_path_buf(),
            root: resolved.clone(),
            inputs: inputs.to_vec(),
            lock,
            created_root,
            recovered: 0,
            own_staging: false,
            state: Mutex::new(StagingState::default()),
        };
        let mut staging = staging;
        staging.recovered = recover_locked(&resolved)?;
        let dir = resolved.join(STAGING_DIR);
        std::fs::create_dir(&dir).map_err(|e| Error::io("create folder", &dir, e))?;
        staging.own_staging = true;
        for d in [dir.join("new"), dir.join("old")] {
            std::fs::create_dir(&d).map_err(|e| Error::io("create folder", &d, e))?;
        }
        Ok(staging)
    }

    /// How many files of an interrupted earlier run were put back when the
    /// folder was opened.
    pub fn recovered(&self) -> usize {
        self.recovered
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, StagingState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn staging_dir(&self) -> PathBuf {
        self.root.join(STAGING_DIR)
    }

    /// Stage `bytes` for `path`, which must lie inside the output folder.
    ///
    /// # Errors
    /// [`Error::Output`] when `path` is an input, outside the folder, a
    /// folder, or was already added; [`Error::Io`] when staging fails.
    pub fn add(&self, path: impl Into<PathBuf>, bytes: impl AsRef<[u8]>) -> Result<()> {
        let path = path.into();
        let rel = self.relative(&path)?;
        let dest = self.root.join(&rel);
        refuse_input(&path, &dest, &self.inputs)?;
        if dest.is_dir() {
            return Err(Error::Output {
                path,
                message: tr("folder_in_way", &[]),
            });
        }
        let n = {
            let mut state = self.lock_state();
            if !state.seen.insert(rel.clone()) {
                return Err(Error::Output {
                    path,
                    message: tr("output_twice", &[]),
                });
            }
            state.next += 1;
            state.next
        };
        let bytes = bytes.as_ref();
        let staged = self.staging_dir().join("new").join(n.to_string());
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&staged)?;
            f.write_all(bytes)
        };
        write().map_err(|e| Error::io("write", &path, e))?;
        let sha = crate::provenance::sha256_hex(bytes);
        self.lock_state().staged.push((rel, n, sha));
        Ok(())
    }

    /// `path` relative to the output folder, with plain names only.
    fn relative(&self, path: &Path) -> Result<PathBuf> {
        let rel = path
            .strip_prefix(&self.given)
            .or_else(|_| path.strip_prefix(&self.root))
            .map_err(|_| Error::Output {
                path: path.to_path_buf(),
                message: tr(
                    "output_outside_folder",
                    &[("folder", &self.given.display())],
                ),
            })?;
        let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !plain || rel.as_os_str().is_empty() {
            return Err(Error::Output {
                path: path.to_path_buf(),
                message: tr(
                    "output_outside_folder",
                    &[("folder", &self.given.display())],
                ),
            });
        }
        Ok(rel.to_path_buf())
    }

    /// Put every staged file in place, with `imcm-manifest.json` listing
    /// their SHA-256. The journal is written first; if a rename fails, or
    /// the process is killed, what was put in place is rolled back (at once,
    /// or by the next run), so the folder holds the previous set or the new
    /// one, never a mix.
    ///
    /// # Errors
    /// [`Error::Output`] when a folder inside the output folder is a link
    /// or a file is in the way; [`Error::Io`] naming the path that could not
    /// be written.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        self.commit_steps(usize::MAX)
    }

    /// [`Staging::commit`], stopped after `steps` file-system changes as a
    /// kill would stop it (the journal stays for the next run to roll back).
    fn commit_steps(mut self, steps: usize) -> Result<Vec<PathBuf>> {
        let mut staged = std::mem::take(&mut self.lock_state().staged);
        let manifest = crate::provenance::manifest::build(
            staged
                .iter()
                .map(|(rel, _, sha)| (rel.to_string_lossy().into_owned(), sha.clone())),
        )?;
        self.add(
            self.given.join(crate::provenance::manifest::FILE),
            &manifest,
        )?;
        staged.append(&mut self.lock_state().staged);

        let mut journal = Journal::default();
        let mut folders = std::collections::BTreeSet::new();
        for (rel, n, _) in &staged {
            for (depth, _) in rel.components().enumerate().skip(1) {
                let sub: PathBuf = rel.components().take(depth).collect();
                if folders.contains(&sub) {
                    continue;
                }
                let at = self.root.join(&sub);
                match std::fs::symlink_metadata(&at) {
                    Ok(m) if m.file_type().is_symlink() => {
                        return Err(Error::Output {
                            path: self.given.join(&sub),
                            message: tr("output_folder_link", &[]),
                        });
                    }
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => {
                        return Err(Error::Output {
                            path: self.given.join(&sub),
                            message: tr("file_in_way", &[]),
                        });
                    }
                    Err(_) => journal.folders.push(sub.to_string_lossy().into_owned()),
                }
                folders.insert(sub);
            }
            let dest = self.root.join(rel);
            let existed = match std::fs::symlink_metadata(&dest) {
                Ok(m) if m.is_dir() => {
                    return Err(Error::Output {
                        path: self.given.join(rel),
                        message: tr("folder_in_way", &[]),
                    });
                }
                Ok(_) => true,
                Err(_) => false,
            };
            journal.entries.push(Entry {
                rel: rel.to_string_lossy().into_owned(),
                n: *n,
                existed,
            });
        }
        let dir = self.staging_dir();
        let json = serde_json::to_vec(&journal).map_err(|e| Error::Serialise {
            what: "journal",
            message: e.to_string(),
        })?;
        let tmp = dir.join("journal.tmp");
        std::fs::write(&tmp, json).map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, dir.join(JOURNAL)).map_err(|e| Error::io("write", &tmp, e))?;

        match apply_steps(&self.root, &journal, steps) {
            Ok(true) => {}
            Ok(false) => {
                // Stopped as by a kill: leave everything for the next run.
                self.own_staging = false;
                self.lock_state().done = true;
                return Ok(Vec::new());
            }
            Err(e) => {
                rollback(&self.root, &journal);
                return Err(e);
            }
        }
        // The commit point: without a journal, the new set stands.
        let _ = std::fs::remove_file(dir.join(JOURNAL));
        let _ = std::fs::remove_dir_all(&dir);
        self.lock_state().done = true;
        self.lock.release();
        Ok(staged
            .into_iter()
            .map(|(rel, _, _)| self.given.join(rel))
            .collect())
    }
}

/// [`apply`], stopping after `steps` file-system changes (folders made and
/// renames), as a kill at that point would. Returns whether it finished.
fn apply_steps(root: &Path, journal: &Journal, mut steps: usize) -> Result<bool> {
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
fn rollback(root: &Path, journal: &Journal) -> usize {
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
    if !resolved.join(STAGING_DIR).exists() {
        return Ok(0);
    }
    let mut lock = FolderLock::acquire(&resolved)?;
    let n = recover_locked(&resolved);
    lock.release();
    n
}

fn recover_locked(root: &Path) -> Result<usize> {
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

impl Drop for Staging {
    fn drop(&mut self) {
        if self.own_staging && !self.lock_state().done {
            let _ = std::fs::remove_dir_all(self.staging_dir());
        }
        self.lock.release();
        remove_folders(&self.created_root);
    }
}

#[cfg(test)]
mod tests;
