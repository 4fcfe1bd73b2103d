//! [`Staging`]: a set of files written to one output folder, all old or
//! all new.

use crate::error::{Error, Result};
use crate::i18n::tr;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use super::journal::{Entry, Journal, apply_steps, recover_locked, rollback};
use super::lock::FolderLock;
use super::{JOURNAL, STAGING_DIR, create_folders, refuse_input, remove_folders, resolve};

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
        crate::error::warning::check()?;
        self.commit_steps(usize::MAX)
    }

    /// [`Staging::commit`], stopped after `steps` file-system changes as a
    /// kill would stop it (the journal stays for the next run to roll back).
    pub(super) fn commit_steps(mut self, steps: usize) -> Result<Vec<PathBuf>> {
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

impl Drop for Staging {
    fn drop(&mut self) {
        if self.own_staging && !self.lock_state().done {
            let _ = std::fs::remove_dir_all(self.staging_dir());
        }
        self.lock.release();
        remove_folders(&self.created_root);
    }
}
