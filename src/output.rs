//! The only place that writes files. Every file is written to a temporary
//! file beside its destination and renamed into place, so a failed run never
//! leaves a half-written output, and no output may replace an input.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A set of files to write together.
#[derive(Debug, Default)]
pub struct OutputSet {
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl OutputSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queue `bytes` for `path`.
    pub fn add(&mut self, path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) {
        self.files.push((path.into(), bytes.into()));
    }

    /// Paths queued so far.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|(p, _)| p.as_path())
    }

    /// Write every queued file. Nothing is written if any destination is one
    /// of `inputs`; each file appears atomically.
    ///
    /// # Errors
    /// [`Error::Output`] when an output would overwrite an input or two
    /// outputs share a path, [`Error::Io`]
    /// when a folder or file cannot be created.
    pub fn commit(self, inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
        let mut seen = std::collections::BTreeSet::new();
        for (path, _) in &self.files {
            refuse_input(path, inputs)?;
            if !seen.insert(path) {
                return Err(Error::Output {
                    path: path.clone(),
                    message: "two outputs would be written to this same path; nothing was written"
                        .into(),
                });
            }
        }
        let mut written = Vec::with_capacity(self.files.len());
        for (path, bytes) in self.files {
            write_atomic(&path, &bytes)?;
            written.push(path);
        }
        Ok(written)
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn refuse_input(path: &Path, inputs: &[PathBuf]) -> Result<()> {
    if inputs.iter().any(|i| same_file(path, i)) {
        return Err(Error::Output {
            path: path.to_path_buf(),
            message:
                "this output would overwrite one of the input files; choose another output path"
                    .into(),
        });
    }
    Ok(())
}

/// Write `bytes` to `path` through a temporary file and a rename.
///
/// # Errors
/// [`Error::Io`] naming the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create folder", &dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.imcm-tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io("create", &tmp, e))?;
        f.write_all(bytes)
            .map_err(|e| Error::io("write", path, e))?;
        f.sync_all().map_err(|e| Error::io("write", path, e))?;
        std::fs::rename(&tmp, path).map_err(|e| Error::io("write", path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
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

/// Check, before any work, that `path` is not one of `inputs`.
///
/// # Errors
/// [`Error::Output`] when it is.
pub fn check_not_input(path: &Path, inputs: &[PathBuf]) -> Result<()> {
    refuse_input(path, inputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_written_when_one_output_would_replace_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("answers.csv");
        std::fs::write(&input, "keep me").unwrap();
        let mut set = OutputSet::new();
        set.add(dir.path().join("out/report.html"), "x");
        set.add(&input, "overwritten");
        let err = set.commit(std::slice::from_ref(&input)).unwrap_err();
        assert!(
            err.to_string()
                .contains("would overwrite one of the input files")
        );
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "keep me");
        assert!(!dir.path().join("out").exists());
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("scores.csv");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["scores.csv"]);
    }

    #[test]
    fn a_folder_in_the_way_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("report.html");
        std::fs::create_dir(&p).unwrap();
        let e = write_atomic(&p, b"x").unwrap_err().to_string();
        assert!(e.contains("report.html"), "{e}");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["report.html"], "temporary file removed");
    }
}
