//! Answers in an Excel workbook (`.xlsx`): every worksheet whose header row
//! names the answer columns is read like a CSV file, with problems located by
//! sheet, row and column letter. Other sheets (a cover sheet, notes) are
//! skipped. Read with calamine; cells become text the way a user sees them.

use super::{Place, REQUIRED_COLUMNS, Reading, Table, check_table, normalise_header};
use crate::error::Problem;
use crate::i18n::tr;
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

/// Read every answer sheet of a workbook into `out`.
pub(crate) fn read_workbook(path: &Path, bytes: &[u8], q: &Questionnaire, out: &mut Reading) {
    let whole = |message: String, help: String| Problem {
        path: path.to_path_buf(),
        sheet: None,
        line: 0,
        column: None,
        message,
        help,
    };
    let mut workbook: Xlsx<_> = match open_workbook_from_rs(std::io::Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            return out.problems.push(whole(
                tr("workbook_unopenable", &[("error", &e)]),
                tr("workbook_unopenable_help", &[]),
            ));
        }
    };
    let names = workbook.sheet_names();
    let mut answer_sheets = 0;
    for name in &names {
        // calamine can panic on a damaged sheet (a cell reference past the
        // last row overflows its arithmetic; found by fuzzing): that panic
        // becomes this sheet's problem.
        let read = crate::error::guard("calamine", || {
            Ok(workbook.worksheet_range(name).map_err(|e| e.to_string()))
        });
        let range = match read {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => {
                out.problems.push(whole(
                    tr("sheet_unreadable", &[("sheet", name), ("error", &e)]),
                    tr("sheet_unreadable_help", &[]),
                ));
                continue;
            }
            Err(e) => {
                out.problems.push(whole(
                    tr("sheet_unreadable", &[("sheet", name), ("error", &e)]),
                    tr("sheet_unreadable_help", &[]),
                ));
                continue;
            }
        };
        let (top, left) = range.start().unwrap_or((0, 0));
        // Leading empty cells keep column letters true to the sheet.
        let row_text = |row: &[Data]| -> Vec<String> {
            std::iter::repeat_n(String::new(), left as usize)
                .chain(row.iter().map(cell_text))
                .collect()
        };
        let rows: Vec<Vec<String>> = range.rows().map(row_text).collect();
        let Some(h) = rows.iter().take(HEADER_SEARCH).position(|r| is_header(r)) else {
            continue;
        };
        answer_sheets += 1;
        let row_number = |i: usize| u64::from(top) + i as u64 + 1;
        let table = Table {
            headers: csv::StringRecord::from(rows[h].clone()),
            rows: rows
                .iter()
                .enumerate()
                .skip(h + 1)
                .map(|(i, r)| (row_number(i), Ok(csv::StringRecord::from(r.clone()))))
                .collect(),
        };
        let place = Place {
            path,
            sheet: Some(name),
        };
        check_table(place, &table, q, out);
    }
    if answer_sheets == 0 {
        out.problems.push(whole(
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
