//! Reading input files. Every error names the file.

use crate::error::{Error, Result};
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
    let bytes = read_bytes(path)?;
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
