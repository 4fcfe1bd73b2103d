//! Reading a CSV answer file: decoding its bytes, then its records one by
//! one with the cell, row and column limits applied while reading (see
//! [`super::scan`]), each handed on to the table checks as it comes.

use super::table::{Place, RowError, check_rows};
use super::{MAX_CELL_BYTES, MAX_COLUMNS, MAX_ROW_BYTES, REQUIRED_COLUMNS, Reading, decode, scan};
use crate::i18n::tr;
use crate::model::Questionnaire;
use std::path::Path;

/// Read a CSV file whose bytes the caller gives up: text decoded into a new
/// buffer (UTF-16, CP932) lets the bytes go before the rows are read, so a
/// file costs about its size once, not twice.
pub(super) fn read_owned(
    path: &Path,
    bytes: Vec<u8>,
    encoding: Option<crate::input::encoding::Encoding>,
    q: &Questionnaire,
    out: &mut Reading,
) {
    let decoded = match decode(path, &bytes, encoding) {
        Ok(std::borrow::Cow::Owned(text)) => Some(text),
        Ok(std::borrow::Cow::Borrowed(_)) => None,
        Err(p) => return out.problems.push(*p),
    };
    match decoded {
        Some(text) => {
            drop(bytes);
            read_text(path, &text, q, out);
        }
        None => read_one(path, &bytes, encoding, q, out),
    }
}

pub(super) fn read_one(
    path: &Path,
    bytes: &[u8],
    encoding: Option<crate::input::encoding::Encoding>,
    q: &Questionnaire,
    out: &mut Reading,
) {
    match decode(path, bytes, encoding) {
        Ok(text) => read_text(path, &text, q, out),
        Err(p) => out.problems.push(*p),
    }
}

/// The problem for a record the reader cut short, if it is one to report.
fn cut_problem(cut: scan::Cut, header: bool) -> Option<RowError> {
    let mib = |bytes: u64| format!("{:.1}", bytes as f64 / 1_048_576.0);
    match cut {
        scan::Cut::Cell { column, bytes } => Some(RowError {
            column: Some(column),
            message: tr(
                "cell_too_long",
                &[("mib", &mib(bytes)), ("max", &(MAX_CELL_BYTES >> 20))],
            ),
            help: tr("cell_too_long_help", &[]),
            counted: true,
        }),
        scan::Cut::Row { bytes } => Some(RowError {
            column: None,
            message: tr(
                "row_too_long",
                &[("mib", &mib(bytes)), ("max", &(MAX_ROW_BYTES >> 20))],
            ),
            help: tr("cell_too_long_help", &[]),
            counted: true,
        }),
        // Fields past the header's are never read; only a header that long is wrong.
        scan::Cut::Fields { count } => header.then(|| RowError {
            column: None,
            message: tr("too_many_columns", &[("n", &count), ("max", &MAX_COLUMNS)]),
            help: tr("too_many_columns_help", &[]),
            counted: true,
        }),
    }
}

/// Read decoded CSV text row by row: the cell, row and column limits apply
/// while reading (see [`scan`]), and rows are checked as they come, so
/// memory stays near the size of the text.
fn read_text(path: &Path, text: &str, q: &Questionnaire, out: &mut Reading) {
    let place = Place { path, sheet: None };
    let problem = |line: u64, column: Option<(usize, String)>, message: String, help: String| {
        place.problem(line, column, message, help)
    };
    if text.trim().is_empty() {
        return out.problems.push(problem(
            1,
            None,
            tr("file_empty", &[]),
            tr(
                "file_empty_help",
                &[("columns", &REQUIRED_COLUMNS.join(","))],
            ),
        ));
    }
    let found = std::rc::Rc::new(std::cell::RefCell::new(scan::Found::default()));
    let ceilings = scan::Ceilings {
        cell: MAX_CELL_BYTES as u64,
        fields: MAX_COLUMNS,
        row: MAX_ROW_BYTES as u64,
    };
    let guard = scan::Guarded::new(text.as_bytes(), ceilings, std::rc::Rc::clone(&found));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(guard);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return out.problems.push(problem(
                1,
                None,
                tr("header_unreadable", &[("error", &e)]),
                String::new(),
            ));
        }
    };
    let (header_line, header_cut) = found.borrow_mut().next_record();
    if let Some(e) = header_cut.and_then(|c| cut_problem(c, true)) {
        // A header cell that long names no column worth echoing.
        return out
            .problems
            .push(problem(header_line.max(1), None, e.message, e.help));
    }
    let rows = reader.into_records().map(|record| {
        let (line, cut) = found.borrow_mut().next_record();
        match cut.and_then(|c| cut_problem(c, false)) {
            Some(e) => (line, Err(e)),
            None => (
                line,
                record.map_err(|e| RowError {
                    column: None,
                    message: tr("row_unreadable", &[("error", &e)]),
                    help: tr("row_unreadable_help", &[]),
                    counted: false,
                }),
            ),
        }
    });
    check_rows(place, &headers, rows, q, out);
}
