//! Finding VERIS records on disk: one JSON file, every `.json` file below a
//! folder, or the entries of a `.tar.gz`, each read with its size bounded
//! while it is read and handed on one at a time.

use crate::error::{Error, Result};
use crate::limits::Limit;
use std::io::Read;
use std::path::{Path, PathBuf};

fn err(path: &Path, message: String) -> Error {
    Error::Incidents {
        path: path.to_path_buf(),
        message,
    }
}

/// A file or archive entry that an import did not read: (name, why).
pub type Skipped = (String, String);

/// Read every `.json` record below a folder, inside a `.tar.gz`, or one
/// `.json` file, handing each to `visit` (name, bytes) as it is read, so
/// that only one record is held at a time. Folder files come in name order,
/// archive entries in archive order.
///
/// Bounds: a record file or entry may hold at most
/// [`Limit::ArchiveEntryBytes`] (counted while it is decompressed, not taken
/// from its header), one `.json` file given as the path at most
/// [`Limit::JsonFileBytes`], and all records of an archive or folder
/// together at most [`Limit::ArchiveTotalBytes`]. In a folder only regular
/// files are read: a pipe, device, socket or broken link named `*.json`, and
/// a link to a folder, are skipped and returned, so that the caller can warn
/// about each (a pipe would block, a device never ends, a folder link may
/// loop). Entries of an archive that are not regular files are skipped the
/// same way.
///
/// # Errors
/// [`Error::Io`] when the path cannot be read or is not a regular file or
/// folder; [`Error::Limit`] naming the file (and the entry) over a limit;
/// [`Error::Incidents`] for a broken archive.
pub fn visit_records(path: &Path, visit: &mut dyn FnMut(String, Vec<u8>)) -> Result<Vec<Skipped>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    if meta.is_dir() {
        return visit_folder(path, visit);
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let bytes = crate::fs::read_regular(path, Limit::JsonFileBytes)?;
        visit(path.display().to_string(), bytes);
        return Ok(Vec::new());
    }
    let bytes = crate::fs::read_regular(path, Limit::ArchiveTotalBytes)?;
    visit_archive(path, &bytes, visit)
}

/// [`visit_records`], collecting the records (name, bytes) sorted by name.
/// Skipped files are dropped: use [`visit_records`] to report them.
///
/// # Errors
/// As [`visit_records`].
pub fn read_records(path: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    visit_records(path, &mut |name, bytes| out.push((name, bytes)))?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn visit_folder(dir: &Path, visit: &mut dyn FnMut(String, Vec<u8>)) -> Result<Vec<Skipped>> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    collect_json(dir, &mut files, &mut skipped)
        .map_err(|e| err(dir, format!("cannot list the folder: {e}")))?;
    files.sort();
    let mut total = 0u64;
    for f in files {
        let bytes = crate::fs::read_regular(&f, Limit::ArchiveEntryBytes)?;
        total += bytes.len() as u64;
        crate::limits::check(Limit::ArchiveTotalBytes, dir, total)?;
        visit(f.display().to_string(), bytes);
    }
    skipped.sort();
    Ok(skipped)
}

/// The `.json` files below `dir`. Links to regular files are followed;
/// anything else named `*.json`, and links to folders, go to `skipped`.
fn collect_json(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let p = e.path();
        let kind = e.file_type()?;
        if kind.is_dir() {
            collect_json(&p, out, skipped)?;
            continue;
        }
        if kind.is_symlink() && p.is_dir() {
            skipped.push((
                p.display().to_string(),
                crate::i18n::tr("import_skipped_folder_link", &[]),
            ));
            continue;
        }
        if p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        if crate::fs::is_regular_file(&p) {
            out.push(p);
        } else {
            skipped.push((
                p.display().to_string(),
                crate::i18n::tr("import_skipped_not_regular", &[]),
            ));
        }
    }
    Ok(())
}

/// A reader that counts the bytes through it and fails once they pass
/// `max`, so a decompression bomb stops even while the archive reader skips
/// entries it does not keep.
struct Counted<R> {
    inner: R,
    read: std::rc::Rc<std::cell::Cell<u64>>,
    max: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        if self.read.get() > self.max {
            return Err(std::io::Error::other("the archive expands past its limit"));
        }
        Ok(n)
    }
}

/// How an archive entry is named in messages: the archive, then the entry.
fn entry_label(archive: &Path, entry: &str) -> PathBuf {
    PathBuf::from(crate::i18n::tr(
        "archive_entry",
        &[("archive", &archive.display()), ("entry", &entry)],
    ))
}

/// Read one entry, keeping at most [`Limit::ArchiveEntryBytes`]: the
/// reader is cut one byte past the limit whatever size the entry's header
/// claims, so an entry that expands further is refused after reading no
/// more than the limit.
pub(super) fn read_entry(entry: impl Read, label: &Path, claimed: u64) -> Result<Vec<u8>> {
    let max = Limit::ArchiveEntryBytes.get();
    let mut data = Vec::with_capacity(usize::try_from(claimed.min(max)).unwrap_or(0));
    entry
        .take(max.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| err(label, format!("cannot read: {e}")))?;
    crate::limits::check(Limit::ArchiveEntryBytes, label, data.len() as u64)?;
    Ok(data)
}

fn visit_archive(
    path: &Path,
    bytes: &[u8],
    visit: &mut dyn FnMut(String, Vec<u8>),
) -> Result<Vec<Skipped>> {
    let read = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let total = Limit::ArchiveTotalBytes.get();
    let over_total = |read: u64| Error::Limit {
        path: path.to_path_buf(),
        limit: Limit::ArchiveTotalBytes,
        found: read,
        max: total,
    };
    let mut archive = tar::Archive::new(Counted {
        inner: flate2::read::GzDecoder::new(bytes),
        read: read.clone(),
        max: total,
    });
    let entries = archive
        .entries()
        .map_err(|e| err(path, format!("not a .tar.gz archive: {e}")))?;
    let mut skipped = Vec::new();
    for entry in entries {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(_) if read.get() > total => return Err(over_total(read.get())),
            Err(e) => return Err(err(path, format!("broken archive entry: {e}"))),
        };
        let name = entry
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        if !name.ends_with(".json") {
            continue;
        }
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            skipped.push((
                entry_label(path, &name).display().to_string(),
                crate::i18n::tr("import_skipped_entry_not_regular", &[]),
            ));
            continue;
        }
        let label = entry_label(path, &name);
        // The header's size is checked first, so a declared giant is refused
        // without decompressing it; `read_entry` does not rely on it.
        let claimed = entry.size();
        crate::limits::check(Limit::ArchiveEntryBytes, &label, claimed)?;
        let data = match read_entry(&mut entry, &label, claimed) {
            Err(Error::Incidents { .. }) if read.get() > total => {
                return Err(over_total(read.get()));
            }
            other => other?,
        };
        visit(name, data);
    }
    if read.get() > total {
        return Err(over_total(read.get()));
    }
    Ok(skipped)
}
