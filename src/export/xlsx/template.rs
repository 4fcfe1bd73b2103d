//! The interview workbook of `imcm init`: a cover for the interviewee, one
//! sheet per category (metric and question frozen at the left, a status
//! drop-down, the guidance and numbered indicators beside the answers, the
//! reference columns locked at the right) and the assessor's sheet last.
//! The content comes from [`template::book`].

use super::{err, header_format, sheet_name, text, workbook_dated};
use crate::error::Result;
use crate::export::template::{self, AssessorLine, Prefill};
use crate::model::Questionnaire;
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, ProtectionOptions, Workbook, Worksheet,
};

/// Cell formats of the template's category sheets.
struct TemplateFormats {
    head: Format,
    locked: Format,
    open: Format,
}

impl TemplateFormats {
    fn new() -> Self {
        TemplateFormats {
            head: header_format().set_text_wrap().set_align(FormatAlign::Top),
            locked: Format::new()
                .set_background_color(Color::RGB(0x00F2_F2F2))
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_locked(),
            open: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_unlocked(),
        }
    }
}

/// The answer template as a workbook: the cover, the category sheets and
/// the assessor's sheet, from [`template::book`].
///
/// # Errors
/// [`crate::error::Error::Serialise`] if the workbook cannot be built.
pub fn answer_template(q: &Questionnaire, fill: &Prefill) -> Result<Vec<u8>> {
    let book = template::book(q, fill);
    let mut wb = workbook_dated(fill.period)?;
    add_cover(&mut wb, &book)?;
    let formats = TemplateFormats::new();
    for sheet in &book.sheets {
        add_template_sheet(&mut wb, &book, sheet, &formats)?;
    }
    add_assessor_sheet(&mut wb, &book)?;
    wb.save_to_buffer().map_err(err)
}

/// Write `lines` down column A from `row`, wrapped; returns the next row.
fn paragraphs<'a>(
    ws: &mut Worksheet,
    row: u32,
    lines: impl IntoIterator<Item = &'a str>,
    format: &Format,
) -> Result<u32> {
    let mut row = row;
    for line in lines {
        text(ws, row, 0, line, format)?;
        row += 1;
    }
    Ok(row)
}

/// The cover sheet, for the interviewee: title, what the workbook is for,
/// how to answer, with the scale after the paragraph on the status.
fn add_cover(wb: &mut Workbook, book: &template::Book) -> Result<()> {
    let words = &book.text;
    let cover = wb.add_worksheet();
    cover.set_name(sheet_name(words.sheet_cover)).map_err(err)?;
    cover.set_column_width(0, 110).map_err(err)?;
    let title = Format::new().set_bold().set_font_size(14);
    text(cover, 0, 0, words.cover_title, &title)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold = wrap.clone().set_bold();
    let mut row = paragraphs(cover, 2, book.about.iter().map(String::as_str), &bold)? + 1;
    let (before, after) = words
        .cover
        .split_at((words.scale_after + 1).min(words.cover.len()));
    row = paragraphs(cover, row, before.iter().copied(), &wrap)?;
    let scale = wrap.clone().set_indent(2);
    row = paragraphs(cover, row, book.scale.iter().map(String::as_str), &scale)?;
    paragraphs(cover, row, after.iter().copied(), &wrap)?;
    cover.protect();
    Ok(())
}

/// The assessor's sheet, last: the questionnaire, then how to prepare,
/// check, combine and report with imcm, commands in a fixed-width font.
fn add_assessor_sheet(wb: &mut Workbook, book: &template::Book) -> Result<()> {
    let words = &book.text;
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(words.sheet_assessor)).map_err(err)?;
    ws.set_column_width(0, 110).map_err(err)?;
    let title = Format::new().set_bold().set_font_size(14);
    text(ws, 0, 0, words.assessor_title, &title)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let command = Format::new()
        .set_font_name("Consolas")
        .set_background_color(Color::RGB(0x00F2_F2F2))
        .set_indent(1);
    for (i, line) in book.assessor.iter().enumerate() {
        let row = 2 + i as u32;
        match line {
            AssessorLine::Text(t) => text(ws, row, 0, t, &wrap)?,
            AssessorLine::Command(c) => text(ws, row, 0, c, &command)?,
        }
    }
    Ok(())
}

/// One category's sheet: header, a row per metric, the status drop-down,
/// the prompt on the indicators-met cells, the panes frozen at the first
/// column the interviewee fills, an autofilter, print settings and
/// protection (columns and rows may still be resized).
fn add_template_sheet(
    wb: &mut Workbook,
    book: &template::Book,
    sheet: &template::Sheet,
    formats: &TemplateFormats,
) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&sheet.name)).map_err(err)?;
    for (c, column) in book.columns.iter().enumerate() {
        let c = c as u16;
        text(ws, 0, c, column.header, &formats.head)?;
        ws.set_column_width(c, column.width).map_err(err)?;
    }
    for (r, cells) in sheet.rows.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, cell) in cells.iter().enumerate() {
            let format = if cell.open {
                &formats.open
            } else {
                &formats.locked
            };
            text(ws, row, c as u16, &cell.value, format)?;
        }
    }
    let last_row = sheet.rows.len() as u32;
    if last_row > 0 {
        let status = book.status_column as u16;
        let words = &book.text;
        let validation = DataValidation::new()
            .allow_list_strings(&book.statuses)
            .map_err(err)?
            .set_input_message(words.status_prompt)
            .map_err(err)?
            .set_error_message(words.status_error)
            .map_err(err)?;
        ws.add_data_validation(1, status, last_row, status, &validation)
            .map_err(err)?;
        let met = book.indicators_met_column as u16;
        let prompt = DataValidation::new()
            .allow_any_value()
            .set_input_message(words.indicators_prompt)
            .map_err(err)?;
        ws.add_data_validation(1, met, last_row, met, &prompt)
            .map_err(err)?;
        let last_col = book.columns.len().saturating_sub(1) as u16;
        ws.autofilter(0, 0, last_row, last_col).map_err(err)?;
    }
    ws.set_freeze_panes(1, book.status_column as u16)
        .map_err(err)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0).map_err(err)?;
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        ..ProtectionOptions::new()
    });
    Ok(())
}
