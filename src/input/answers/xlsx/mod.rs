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

mod archive;
mod sheet;

use super::{Place, REQUIRED_COLUMNS, Reading, Table, canonical_header, check_table};
use crate::error::Problem;
use crate::i18n::tr;
use crate::limits::Limit;
use crate::model::Questionnaire;
use archive::{Counted, READ_TIMES, oversized_problem};
use calamine::{Reader, Xlsx, open_workbook_from_rs};
use sheet::{SheetError, SparseSheet, read_sheet, record};
use std::path::Path;

/// Rows searched for the header row at the top of a sheet.
const HEADER_SEARCH: usize = 10;

/// Whether a row is an answer header: it names the metric and status columns.
fn is_header(cells: &[String]) -> bool {
    let names: Vec<String> = cells.iter().map(|c| canonical_header(c)).collect();
    names.iter().any(|n| n == "metric") && names.iter().any(|n| n == "status")
}

/// Read every answer sheet of a workbook into `out`.
pub(crate) fn read_workbook(path: &Path, bytes: &[u8], q: &Questionnaire, out: &mut Reading) {
    let whole = |sheet: Option<&str>, message: String, help: String| {
        whole_problem(path, sheet, message, help)
    };
    if let Some(problem) = oversized_problem(path, bytes) {
        return out.problems.push(problem);
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
        let Some(table) = answer_table(&rows) else {
            continue;
        };
        answer_sheets += 1;
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

/// A problem of the whole workbook (or of one sheet), with no line.
fn whole_problem(path: &Path, sheet: Option<&str>, message: String, help: String) -> Problem {
    Problem {
        path: path.to_path_buf(),
        sheet: sheet.map(str::to_string),
        line: 0,
        column: None,
        message,
        help,
    }
}

/// How a limit exceeded is described: what was found and the limit's name
/// and value.
fn limit_text(limit: Limit, found: u64) -> String {
    tr(
        "limit_exceeded",
        &[
            ("found", &limit.show(found)),
            ("name", &limit.name()),
            ("max", &limit.show(limit.get())),
        ],
    )
}

/// The answer table of a sheet read sparsely: the first row among the top
/// rows of its used area that names the answer columns is the header, and
/// the rows below it are the rows; `None` when no row is a header.
fn answer_table(rows: &SparseSheet) -> Option<Table> {
    let &(top, _) = rows.first()?;
    // The header is looked for in the first rows of the used area, as
    // in a dense range of the sheet.
    let search_end = u64::from(top) + HEADER_SEARCH as u64;
    let h = rows
        .iter()
        .take_while(|(r, _)| u64::from(*r) < search_end)
        .position(|(_, cells)| {
            let fields: Vec<String> = record(cells, 0).iter().map(String::from).collect();
            is_header(&fields)
        })?;
    let header = record(&rows[h].1, 0);
    // Every row reaches at least the header's last column, so a row whose
    // last cells are empty reads as it does in a CSV file.
    Some(Table {
        rows: rows[h + 1..]
            .iter()
            .map(|(r, cells)| (u64::from(*r) + 1, Ok(record(cells, header.len()))))
            .collect(),
        headers: header,
    })
}
