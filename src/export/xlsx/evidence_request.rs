//! The evidence-request list as a workbook: one sheet with a title, what the
//! list is for, the organisation it is for, and the table of
//! [`crate::export::evidence_request`] with a wide open column for the
//! organisation to say what it provides.

use super::{err, header_format, sheet_name, text, workbook_dated};
use crate::analysis::evidence_request::EvidenceRequest;
use crate::error::Result;
use crate::export::evidence_request::{REQUEST_COLUMNS, cells, headers, request_text};
use rust_xlsxwriter::{Format, FormatAlign};

/// Widths of the list's columns, in [`REQUEST_COLUMNS`] order.
const WIDTHS: [f64; REQUEST_COLUMNS.len()] = [8.0, 50.0, 9.0, 60.0, 12.0, 40.0, 12.0];

/// The list as a workbook. `about` holds the lines naming whom it is for
/// (organisation, unit, quarter, respondent, areas), shown under the intro.
///
/// # Errors
/// [`crate::error::Error::Serialise`] if the workbook cannot be built.
pub fn evidence_request(
    requests: &[EvidenceRequest],
    about: &[String],
    lang: crate::model::Lang,
    period: Option<crate::model::Period>,
) -> Result<Vec<u8>> {
    let words = request_text(lang);
    let mut wb = workbook_dated(period)?;
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(words.sheet)).map_err(err)?;
    text(
        ws,
        0,
        0,
        words.title,
        &Format::new().set_bold().set_font_size(14),
    )?;
    let plain = Format::new().set_align(FormatAlign::Top);
    text(ws, 1, 0, words.intro, &plain)?;
    let bold = plain.clone().set_bold();
    let mut row = 2;
    for line in about {
        text(ws, row, 0, line, &bold)?;
        row += 1;
    }
    let head_row = row + 1;
    let head = header_format().set_text_wrap().set_align(FormatAlign::Top);
    for (c, h) in headers(lang).iter().enumerate() {
        text(ws, head_row, c as u16, h, &head)?;
        ws.set_column_width(c as u16, WIDTHS[c]).map_err(err)?;
    }
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (i, r) in requests.iter().enumerate() {
        let row = head_row + 1 + i as u32;
        for (c, cell) in cells(r, lang).iter().enumerate() {
            text(ws, row, c as u16, cell, &wrap)?;
        }
    }
    ws.set_freeze_panes(head_row + 1, 2).map_err(err)?;
    if !requests.is_empty() {
        let last = (REQUEST_COLUMNS.len() - 1) as u16;
        ws.autofilter(head_row, 0, head_row + requests.len() as u32, last)
            .map_err(err)?;
    }
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(head_row, head_row).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}
