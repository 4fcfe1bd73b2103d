//! One worksheet read sparsely, cell by cell, with its cells counted against
//! the cell limit; cells as text the way a user sees them, and a row of
//! cells as a record.

use crate::limits::Limit;
use calamine::{Data, DataType, Xlsx};

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

/// The filled cells of one sheet, by row: (0-based row, its filled cells as
/// (0-based column, text) in column order), in row order. Gaps are not
/// stored: a row becomes a record (where a gap costs one field end) only
/// when the sheet is checked.
pub(super) type SparseSheet = Vec<(u32, Vec<(u32, String)>)>;

/// A row's cells as a record from column A to at least `width` fields.
pub(super) fn record(cells: &[(u32, String)], width: usize) -> csv::StringRecord {
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
pub(super) enum SheetError {
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
pub(super) fn read_sheet<RS: std::io::Read + std::io::Seek>(
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
