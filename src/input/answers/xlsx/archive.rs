//! The workbook as an archive, before calamine parses it: the parts'
//! declared sizes checked against their limits, and the reader that counts
//! how much of the file calamine reads.

use super::{limit_text, whole_problem};
use crate::error::Problem;
use crate::i18n::tr;
use crate::limits::Limit;
use std::path::Path;

/// What the archive directory of a workbook says that is over a limit.
enum Oversized {
    /// One part expands past [`Limit::XlsxPartBytes`]: (part name, size).
    Part(String, u64),
    /// All parts together expand past [`Limit::ArchiveTotalBytes`].
    Total(u64),
}

/// Check the decompressed sizes the archive directory declares, before
/// calamine reads anything: each part against [`Limit::XlsxPartBytes`], all
/// of them together against [`Limit::ArchiveTotalBytes`] (many parts, each
/// under the limit, still add up). An archive whose directory cannot be read
/// is left to calamine, which says why it cannot open it.
fn oversized(bytes: &[u8]) -> Option<Oversized> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let max = Limit::XlsxPartBytes.get();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_data(i) else {
            continue;
        };
        let size = entry.size();
        if size > max {
            let name = entry.name().map_or_else(
                |_| String::from_utf8_lossy(entry.name_raw()).into_owned(),
                |n| n.into_owned(),
            );
            return Some(Oversized::Part(name, size));
        }
        total = total.saturating_add(size);
    }
    (total > Limit::ArchiveTotalBytes.get()).then_some(Oversized::Total(total))
}

/// How many times over calamine may read the workbook's bytes. Opening a
/// workbook reads its directory and each part it needs once: workbooks
/// written by Excel, rust_xlsxwriter and Python's zipfile are read 1.0 to
/// 1.2 times over. Several sheets that name one part make calamine read
/// that part again for each of them, which this bounds.
pub(super) const READ_TIMES: u64 = 4;

/// The workbook's bytes as calamine reads them, counted: once more than
/// [`READ_TIMES`] the file's size (and 16 KiB) has been read, every read
/// fails, so the sheet being read fails and the count tells why.
pub(super) struct Counted<'a> {
    pub(super) inner: std::io::Cursor<&'a [u8]>,
    pub(super) read: std::rc::Rc<std::cell::Cell<u64>>,
    pub(super) max: u64,
}

impl std::io::Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read.get() > self.max {
            return Err(std::io::Error::other("read budget spent"));
        }
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

impl std::io::Seek for Counted<'_> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// The problem of a workbook whose archive directory declares a part, or
/// all parts together, larger than their limit.
pub(super) fn oversized_problem(path: &Path, bytes: &[u8]) -> Option<Problem> {
    let whole = |sheet: Option<&str>, message: String, help: String| {
        whole_problem(path, sheet, message, help)
    };
    match oversized(bytes) {
        Some(Oversized::Part(part, size)) => {
            let limit = Limit::XlsxPartBytes;
            Some(whole(
                None,
                tr(
                    "xlsx_part_over_limit",
                    &[("part", &part), ("limit", &limit_text(limit, size))],
                ),
                tr("xlsx_over_limit_help", &[("name", &limit.name())]),
            ))
        }
        Some(Oversized::Total(size)) => {
            let limit = Limit::ArchiveTotalBytes;
            Some(whole(
                None,
                tr(
                    "xlsx_parts_over_limit",
                    &[("limit", &limit_text(limit, size))],
                ),
                tr("xlsx_over_limit_help", &[("name", &limit.name())]),
            ))
        }
        None => None,
    }
}
