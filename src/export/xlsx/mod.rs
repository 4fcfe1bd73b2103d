//! Excel workbooks written with rust_xlsxwriter: the answer template that
//! `imcm init --format xlsx` hands to interviewees, and the results workbook
//! of `imcm score --format xlsx` and `imcm compare`. Numbers are written as
//! numbers. The document date comes from the inputs (the quarter's last day),
//! never the clock, so the same inputs give the same bytes.

mod sheets;

use crate::analysis::compare::DeltaRow;
use crate::error::{Error, Result};
use crate::export::template;
use crate::input::target::Target;
use crate::model::{Assessment, Lang, Period, Questionnaire};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

fn err(e: XlsxError) -> Error {
    Error::Serialise {
        what: "Excel workbook",
        message: e.to_string(),
    }
}

/// Excel limits sheet names to 31 characters and forbids `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    crate::sanitize::clean(name)
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

/// A cell that could start a formula when typed by a user is written as
/// text anyway; rust_xlsxwriter's `write_string` never makes formulas, so
/// the text stays inert in Excel. Control and bidi characters become U+FFFD
/// (see [`crate::sanitize::clean`]).
fn text(ws: &mut Worksheet, row: u32, col: u16, value: &str, format: &Format) -> Result<()> {
    ws.write_string_with_format(row, col, crate::sanitize::clean(value), format)
        .map(|_| ())
        .map_err(err)
}

/// Write the header row (`heads` in row 0) and set each column's width.
fn header_row(
    ws: &mut Worksheet,
    heads: &[&str],
    format: &Format,
    width: impl Fn(usize) -> f64,
) -> Result<()> {
    for (c, h) in heads.iter().enumerate() {
        text(ws, 0, c as u16, h, format)?;
        ws.set_column_width(c as u16, width(c)).map_err(err)?;
    }
    Ok(())
}

fn workbook_dated(day: Option<Period>) -> Result<Workbook> {
    let mut wb = Workbook::new();
    // A fixed document date: the quarter's last day, or the Excel epoch.
    let date = match day {
        Some(p) => {
            let end = p.end_date();
            let parts: Vec<u16> = end.split('-').filter_map(|x| x.parse().ok()).collect();
            match parts.as_slice() {
                [y, m, d] => ExcelDateTime::from_ymd(*y, *m as u8, *d as u8).map_err(err)?,
                _ => ExcelDateTime::from_ymd(2000, 1, 1).map_err(err)?,
            }
        }
        None => ExcelDateTime::from_ymd(2000, 1, 1).map_err(err)?,
    };
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&date)
            .set_author("imcm")
            .set_comment(format!("imcm {}", env!("CARGO_PKG_VERSION"))),
    );
    Ok(wb)
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x00E8_ECF2))
        .set_border_bottom(FormatBorder::Thin)
        .set_locked()
}

/// The answer template as a workbook: a cover sheet, then one sheet per
/// category with every metric, the id and question columns locked, a
/// drop-down of the scale's statuses (in `lang`) on the status column,
/// columns for evidence, comment, assessor and date, and a frozen header.
/// The content comes from [`template::book`].
///
/// # Errors
/// [`Error::Serialise`] if the workbook cannot be built.
pub fn answer_template(
    q: &Questionnaire,
    org: &str,
    unit: &str,
    period: Option<Period>,
    lang: Lang,
) -> Result<Vec<u8>> {
    let book = template::book(q, org, unit, period, lang);
    let mut wb = workbook_dated(period)?;
    add_cover(&mut wb, &book)?;
    let formats = TemplateFormats {
        head: header_format(),
        locked: Format::new()
            .set_background_color(Color::RGB(0x00F2_F2F2))
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_locked(),
        open: Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_unlocked(),
    };
    for sheet in &book.sheets {
        add_template_sheet(&mut wb, &book, sheet, &formats)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// Cell formats of the template's category sheets.
struct TemplateFormats {
    head: Format,
    locked: Format,
    open: Format,
}

/// The cover sheet: title, instructions and the scale.
fn add_cover(wb: &mut Workbook, book: &template::Book) -> Result<()> {
    let words = &book.text;
    let cover = wb.add_worksheet();
    cover.set_name(sheet_name(words.sheet_cover)).map_err(err)?;
    cover.set_column_width(0, 110).map_err(err)?;
    text(
        cover,
        0,
        0,
        words.cover_title,
        &Format::new().set_bold().set_font_size(14),
    )?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (i, line) in words.cover.iter().enumerate() {
        text(cover, 2 + i as u32, 0, line, &wrap)?;
    }
    let scale_row = 3 + words.cover.len() as u32;
    for (i, line) in book.scale.iter().enumerate() {
        text(cover, scale_row + i as u32, 0, line, &wrap)?;
    }
    Ok(())
}

/// One category's sheet: header, a row per metric, the status drop-down,
/// frozen header and protection.
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
        text(ws, 0, c, column.name, &formats.head)?;
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
    if !sheet.rows.is_empty() {
        let status_col = book.status_column as u16;
        let validation = DataValidation::new()
            .allow_list_strings(&book.statuses)
            .map_err(err)?
            .set_input_message(book.text.status_prompt)
            .map_err(err)?
            .set_error_message(book.text.status_error)
            .map_err(err)?;
        ws.add_data_validation(
            1,
            status_col,
            sheet.rows.len() as u32,
            status_col,
            &validation,
        )
        .map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    ws.protect();
    Ok(())
}

/// The results workbook of `imcm score --format xlsx`: a summary sheet (one
/// row per assessment and category, with score, coverage and level, and the
/// target with the levels to it when a profile is given)
/// and an action-plan sheet (every metric with its status, gap and
/// recommendation: by priority, then largest gap, then id; a metric that is
/// not scored has no gap).
///
/// # Errors
/// [`Error::Serialise`] if the workbook cannot be built.
pub fn results(
    assessments: &[Assessment],
    q: &Questionnaire,
    target: Option<&Target>,
    lang: Lang,
) -> Result<Vec<u8>> {
    let mut wb = workbook_dated(assessments.iter().map(|a| a.key.period).max())?;
    let all: Vec<&Assessment> = assessments.iter().collect();
    sheets::add_results(&mut wb, &all, &all, q, target, lang)?;
    wb.save_to_buffer().map_err(err)
}

/// The workbook of `imcm compare` (`compare.xlsx`): the summary of every
/// assessment (its rows over the quarters are the trends), the action plan
/// of each unit's latest quarter, and the changes of compare.csv.
///
/// # Errors
/// [`Error::Serialise`] if the workbook cannot be built.
pub fn comparison(
    assessments: &[Assessment],
    rows: &[DeltaRow],
    q: &Questionnaire,
    target: Option<&Target>,
    lang: Lang,
) -> Result<Vec<u8>> {
    let mut wb = workbook_dated(assessments.iter().map(|a| a.key.period).max())?;
    let all: Vec<&Assessment> = assessments.iter().collect();
    // Assessments are sorted by org, unit, period: the last of each run is the latest.
    let latest: Vec<&Assessment> = assessments
        .chunk_by(|a, b| a.key.org == b.key.org && a.key.unit == b.key.unit)
        .filter_map(|run| run.last())
        .collect();
    sheets::add_results(&mut wb, &all, &latest, q, target, lang)?;
    sheets::add_changes(&mut wb, rows, q, lang)?;
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel_rules() {
        assert_eq!(sheet_name("a/b[c]"), "a_b_c_");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }
}
