//! Answers in an Excel workbook (`.xlsx`): every worksheet whose header row
//! names the answer columns is read like a CSV file, with problems located by
//! sheet, row and column letter. Other sheets (a cover sheet, notes) are
//! skipped. Read with calamine; cells become text the way a user sees them.
//!
//! A workbook is a zip archive, and a small one can claim a great deal: a
//! part that expands to gigabytes, or one filled cell at `XFD1048576` that a
//! dense range of the used area turns into seventeen billion cells. So before
//! calamine reads anything, every part's decompressed size in the archive
//! directory is checked against [`Limit::XlsxPartBytes`] (the `zip` crate
//! stops any part at its declared size, so a lying directory cannot get
//! past it); and sheets are read cell by cell, sparsely: empty cells are
//! ignored wherever they are, a row costs only as far as its last filled
//! cell, and the cells a sheet would hold in memory are counted against
//! [`Limit::XlsxCells`] while it is read. All parts together must fit
//! [`Limit::ArchiveTotalBytes`], and calamine may read the file only a few
//! times over, so that many sheets naming one part cannot make it parse
//! that part again and again.

use super::{Place, REQUIRED_COLUMNS, Reading, Table, check_table, normalise_header};
use crate::error::Problem;
use crate::i18n::tr;
use crate::limits::Limit;
use crate::model::Questionnaire;
use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use std::path::Path;

/// Rows searched for the header row at the top of a sheet.
const HEADER_SEARCH: usize = 10;

/// A cell as text: whole numbers without `.0`, dates as `YYYY-MM-DD`
/// (with `THH:MM:SS` when they carry a time).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(_) => match cell.as_datetime() {
            Some(dt) if dt.format("%H:%M:%S").to_string() == "00:00:00" => {
                dt.format("%Y-%m-%d").to_string()
            }
            Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => String::new(),
        },
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Whether a row is an answer header: it names the metric and status columns.
fn is_header(cells: &[String]) -> bool {
    let names: Vec<String> = cells.iter().map(|c| normalise_header(c)).collect();
    names.iter().any(|n| n == "metric") && names.iter().any(|n| n == "status")
}

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
const READ_TIMES: u64 = 4;

/// The workbook's bytes as calamine reads them, counted: once more than
/// [`READ_TIMES`] the file's size (and 16 KiB) has been read, every read
/// fails, so the sheet being read fails and the count tells why.
struct Counted<'a> {
    inner: std::io::Cursor<&'a [u8]>,
    read: std::rc::Rc<std::cell::Cell<u64>>,
    max: u64,
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

/// The filled cells of one sheet, by row: (0-based row, its filled cells as
/// (0-based column, text) in column order), in row order. Gaps are not
/// stored: a row becomes a record (where a gap costs one field end) only
/// when the sheet is checked.
type SparseSheet = Vec<(u32, Vec<(u32, String)>)>;

/// A row's cells as a record from column A to at least `width` fields.
fn record(cells: &[(u32, String)], width: usize) -> csv::StringRecord {
    let mut r = csv::StringRecord::new();
    for (col, text) in cells {
        while r.len() < *col as usize {
            r.push_field("");
        }
        r.push_field(text);
    }
    while r.len() < width {
        r.push_field("");
    }
    r
}

/// Why a sheet could not be read.
enum SheetError {
    /// calamine refused it (damaged XML, a missing part, a part longer than
    /// its declared size).
    Unreadable(String),
    /// It would hold more cells than [`Limit::XlsxCells`] allows.
    TooManyCells(u64),
}

/// Read one sheet cell by cell. `None` for a sheet that is not a worksheet
/// (a chart sheet). Cells that are empty or hold empty text are skipped, so
/// they cost nothing wherever they are; the cells kept are counted as each
/// row's width from column A to its last filled cell, summed over the rows,
/// and the sheet is refused as soon as that (or the number of cells read)
/// passes [`Limit::XlsxCells`]. A cell given twice keeps its last value, as
/// calamine's own ranges do.
fn read_sheet<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Xlsx<RS>,
    name: &str,
) -> Result<Option<SparseSheet>, SheetError> {
    let mut reader = match workbook.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(None),
        Err(e) => return Err(SheetError::Unreadable(e.to_string())),
    };
    let max = Limit::XlsxCells.get();
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    let mut widths: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    let mut materialised = 0u64;
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| SheetError::Unreadable(e.to_string()))?
    {
        let (row, col) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let width = widths.entry(row).or_insert(0);
        let wanted = col.saturating_add(1);
        if wanted > *width {
            materialised += u64::from(wanted - *width);
            *width = wanted;
        }
        if materialised > max || cells.len() as u64 >= max {
            return Err(SheetError::TooManyCells(
                materialised.max(cells.len() as u64 + 1),
            ));
        }
        cells.push((row, col, text));
    }
    // A stable sort keeps a repeated cell's values in the order read; the
    // last one wins.
    cells.sort_by_key(|&(row, col, _)| (row, col));
    let mut rows: SparseSheet = Vec::new();
    let mut iter = cells.into_iter().peekable();
    while let Some((row, col, text)) = iter.next() {
        if iter.peek().is_some_and(|&(r, c, _)| (r, c) == (row, col)) {
            continue;
        }
        if rows.last().is_none_or(|(r, _)| *r != row) {
            rows.push((row, Vec::new()));
        }
        if let Some((_, fields)) = rows.last_mut() {
            fields.push((col, text));
        }
    }
    Ok(Some(rows))
}

/// Read every answer sheet of a workbook into `out`.
pub(crate) fn read_workbook(path: &Path, bytes: &[u8], q: &Questionnaire, out: &mut Reading) {
    let whole = |sheet: Option<&str>, message: String, help: String| Problem {
        path: path.to_path_buf(),
        sheet: sheet.map(str::to_string),
        line: 0,
        column: None,
        message,
        help,
    };
    let limit_text = |limit: Limit, found: u64| {
        tr(
            "limit_exceeded",
            &[
                ("found", &limit.show(found)),
                ("name", &limit.name()),
                ("max", &limit.show(limit.get())),
            ],
        )
    };
    match oversized(bytes) {
        Some(Oversized::Part(part, size)) => {
            let limit = Limit::XlsxPartBytes;
            return out.problems.push(whole(
                None,
                tr(
                    "xlsx_part_over_limit",
                    &[("part", &part), ("limit", &limit_text(limit, size))],
                ),
                tr("xlsx_over_limit_help", &[("name", &limit.name())]),
            ));
        }
        Some(Oversized::Total(size)) => {
            let limit = Limit::ArchiveTotalBytes;
            return out.problems.push(whole(
                None,
                tr(
                    "xlsx_parts_over_limit",
                    &[("limit", &limit_text(limit, size))],
                ),
                tr("xlsx_over_limit_help", &[("name", &limit.name())]),
            ));
        }
        None => {}
    }
    let read = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let budget = (bytes.len() as u64)
        .saturating_mul(READ_TIMES)
        .saturating_add(16 << 10);
    let counted = Counted {
        inner: std::io::Cursor::new(bytes),
        read: read.clone(),
        max: budget,
    };
    let reread = |sheet: Option<&str>| {
        whole(
            sheet,
            tr(
                "xlsx_read_too_often",
                &[
                    ("times", &READ_TIMES),
                    ("size", &Limit::AnswerFileBytes.show(bytes.len() as u64)),
                ],
            ),
            tr("xlsx_read_too_often_help", &[]),
        )
    };
    let mut workbook: Xlsx<_> = match open_workbook_from_rs(counted) {
        Ok(w) => w,
        Err(_) if read.get() > budget => return out.problems.push(reread(None)),
        Err(e) => {
            return out.problems.push(whole(
                None,
                tr("workbook_unopenable", &[("error", &e)]),
                tr("workbook_unopenable_help", &[]),
            ));
        }
    };
    let names = workbook.sheet_names();
    let problems_before = out.problems.len();
    let mut answer_sheets = 0;
    let mut refused = false;
    for name in &names {
        // calamine can panic on a damaged sheet (a cell reference past the
        // last row overflows its arithmetic; found by fuzzing): that panic
        // becomes this sheet's problem.
        let result = crate::error::guard("calamine", || Ok(read_sheet(&mut workbook, name)));
        let unreadable = |e: &dyn std::fmt::Display| {
            whole(
                None,
                tr("sheet_unreadable", &[("sheet", name), ("error", e)]),
                tr("sheet_unreadable_help", &[]),
            )
        };
        let rows = match result {
            Ok(Ok(Some(rows))) => rows,
            Ok(Ok(None)) => continue,
            Ok(Err(SheetError::Unreadable(_))) if read.get() > budget => {
                // What the sheets read so far said is beside the point.
                refused = true;
                out.problems.truncate(problems_before);
                out.problems.push(reread(Some(name)));
                break;
            }
            Ok(Err(SheetError::Unreadable(e))) => {
                out.problems.push(unreadable(&e));
                continue;
            }
            Ok(Err(SheetError::TooManyCells(found))) => {
                let limit = Limit::XlsxCells;
                refused = true;
                out.problems.push(whole(
                    Some(name),
                    tr(
                        "xlsx_cells_over_limit",
                        &[("limit", &limit_text(limit, found))],
                    ),
                    tr("xlsx_over_limit_help", &[("name", &limit.name())]),
                ));
                continue;
            }
            Err(e) => {
                out.problems.push(unreadable(&e));
                continue;
            }
        };
        let Some(&(top, _)) = rows.first() else {
            continue;
        };
        // The header is looked for in the first rows of the used area, as
        // in a dense range of the sheet.
        let search_end = u64::from(top) + HEADER_SEARCH as u64;
        let Some(h) = rows
            .iter()
            .take_while(|(r, _)| u64::from(*r) < search_end)
            .position(|(_, cells)| {
                let fields: Vec<String> = record(cells, 0).iter().map(String::from).collect();
                is_header(&fields)
            })
        else {
            continue;
        };
        answer_sheets += 1;
        let header = record(&rows[h].1, 0);
        // Every row reaches at least the header's last column, so a row whose
        // last cells are empty reads as it does in a CSV file.
        let table = Table {
            rows: rows[h + 1..]
                .iter()
                .map(|(r, cells)| (u64::from(*r) + 1, Ok(record(cells, header.len()))))
                .collect(),
            headers: header,
        };
        let place = Place {
            path,
            sheet: Some(name),
        };
        check_table(place, &table, q, out);
    }
    if answer_sheets == 0 && !refused {
        out.problems.push(whole(
            None,
            tr(
                "no_answer_sheet",
                &[
                    ("columns", &REQUIRED_COLUMNS.join(", ")),
                    ("sheets", &names.join(", ")),
                ],
            ),
            tr("no_answer_sheet_help", &[]),
        ));
    }
}
