//! Reading input files. Every error names the file.

use crate::error::{Error, Result};
use crate::limits::Limit;
use std::io::Read;
use std::path::Path;

/// Read a whole file into memory.
///
/// # Errors
/// [`Error::Io`] naming the path when it is missing, a folder, or unreadable.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::io(
            "read",
            path,
            std::io::Error::other("it is a folder, not a file"),
        ));
    }
    std::fs::read(path).map_err(|e| Error::io("read", path, e))
}

/// Read a UTF-8 text file (a leading BOM is removed).
///
/// # Errors
/// [`Error::Io`] when unreadable or not UTF-8.
pub fn read_text(path: &Path) -> Result<String> {
    utf8(path, read_bytes(path)?)
}

fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        Error::io(
            "read",
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "not UTF-8 text (first bad byte at offset {}); save it as UTF-8",
                    e.utf8_error().valid_up_to()
                ),
            ),
        )
    })
}

/// Whether `path` is a regular file, following a symbolic link to what it
/// names (a link to `/dev/zero`, a FIFO or a socket is not).
pub fn is_regular_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Refuse `path` unless `meta` (its metadata) is a regular file's.
///
/// # Errors
/// [`Error::Io`] naming the path when it is a folder, a pipe, a device or a
/// socket.
pub fn require_regular(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    if meta.is_dir() {
        return Err(Error::io(
            "read",
            path,
            std::io::Error::other("it is a folder, not a file"),
        ));
    }
    if !meta.is_file() {
        return Err(Error::io(
            "read",
            path,
            std::io::Error::other(crate::i18n::tr("not_regular_file", &[])),
        ));
    }
    Ok(())
}

/// Read a regular file of at most `limit` bytes. Pipes, devices and sockets
/// are refused before they are opened for reading (a FIFO would block, a
/// device never ends), and the size is checked both from the file's metadata
/// and while reading, so a file that grows is cut off at the limit.
///
/// # Errors
/// [`Error::Io`] when missing, a folder, not a regular file or unreadable;
/// [`Error::Limit`] when larger than `limit`.
pub fn read_regular(path: &Path, limit: Limit) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    require_regular(path, &meta)?;
    crate::limits::check(limit, path, meta.len())?;
    let file = std::fs::File::open(path).map_err(|e| Error::io("read", path, e))?;
    let max = limit.get();
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("read", path, e))?;
    crate::limits::check(limit, path, bytes.len() as u64)?;
    Ok(bytes)
}

/// [`read_regular`] as UTF-8 text (a leading BOM is removed).
///
/// # Errors
/// As [`read_regular`], and [`Error::Io`] when not UTF-8.
pub fn read_regular_text(path: &Path, limit: Limit) -> Result<String> {
    utf8(path, read_regular(path, limit)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_pipes_are_refused_and_sizes_bounded() {
        let e = read_regular(Path::new("/dev/zero"), Limit::JsonFileBytes)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("/dev/zero") && e.contains("not a regular file"),
            "{e}"
        );
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; (16 << 20) + 1]).unwrap();
        let e = read_regular(&big, Limit::ConfigFileBytes)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("big.toml") && e.contains("config-file-bytes") && e.contains("16 MiB"),
            "{e}"
        );
        let small = dir.path().join("small.toml");
        std::fs::write(&small, "\u{feff}a = 1\n").unwrap();
        assert_eq!(
            read_regular_text(&small, Limit::ConfigFileBytes).unwrap(),
            "a = 1\n"
        );
    }
}
