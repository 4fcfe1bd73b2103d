//! The advisory lock that keeps a second run out of an output folder.

use crate::error::{Error, Result};
use crate::i18n::tr;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::LOCK_FILE;

/// The advisory lock on an output folder, held for the whole run. The lock
/// file is removed when the run ends.
#[derive(Debug)]
pub(super) struct FolderLock {
    path: PathBuf,
    file: Option<File>,
}

impl FolderLock {
    /// Lock `dir`, or say that another run holds it.
    pub(super) fn acquire(dir: &Path) -> Result<FolderLock> {
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
    pub(super) fn release(&mut self) {
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
