//! Excel workbooks written with rust_xlsxwriter: the interview workbook
//! that `imcm init --format xlsx` hands to interviewees ([`answer_template`]),
//! the evidence-request list of `init --evidence-request`, the consolidated
//! sheet of `imcm merge`, the roadmap of `imcm plan --format xlsx`, and the results workbook
//! of `imcm score --format xlsx` and `imcm compare`. Numbers are written as
//! numbers. The document date comes from the inputs (the quarter's last day),
//! never the clock, so the same inputs give the same bytes.

mod evidence_request;
mod merged;
mod plan;
mod sheets;
mod template;

pub use evidence_request::evidence_request;
pub use merged::merged_workbook;
pub use plan::plan_workbook;
pub use template::answer_template;

use crate::analysis::compare::DeltaRow;
use crate::error::{Error, Result};
use crate::input::target::Target;
use crate::model::{Assessment, Lang, Period, Questionnaire};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
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
