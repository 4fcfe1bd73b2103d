//! The consolidated answer sheet of `imcm merge` as a workbook: one sheet,
//! the header frozen and filterable, and every row where the respondents
//! disagree filled amber so that the consultant finds what to settle.

use super::{err, header_format, text, workbook_dated};
use crate::error::Result;
use crate::export::merged::{MERGED_COLUMNS, merged_header, merged_rows};
use crate::model::{AnswerSet, Lang, Questionnaire};
use rust_xlsxwriter::{Color, Format, FormatAlign};

/// Width in characters of a merged column.
fn width(key: &str) -> f64 {
    match key {
        "org" | "unit" => 18.0,
        "question" => 60.0,
        "responses" | "evidence" | "comment" => 36.0,
        "respondent" | "assessor" => 16.0,
        "conflict" | "status" | "indicators_met" | "assessed_on" => 12.0,
        _ => 9.0,
    }
}

/// The merged answers as a workbook (sheet "Answers" / 回答).
///
/// # Errors
/// [`crate::error::Error::Serialise`] if the workbook cannot be built.
pub fn merged_workbook(set: &AnswerSet, q: &Questionnaire, lang: Lang) -> Result<Vec<u8>> {
    let mut wb = workbook_dated(set.assessments.keys().map(|k| k.period).max())?;
    let ws = wb.add_worksheet();
    ws.set_name(match lang {
        Lang::En => "Answers",
        Lang::Ja => "回答",
    })
    .map_err(err)?;
    let head = header_format();
    for (c, h) in merged_header(lang).iter().enumerate() {
        text(ws, 0, c as u16, h, &head)?;
        ws.set_column_width(c as u16, width(MERGED_COLUMNS[c]))
            .map_err(err)?;
    }
    let plain = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let amber = plain.clone().set_background_color(Color::RGB(0x00FF_E8A8));
    let rows = merged_rows(set, q, lang);
    for (r, row) in rows.iter().enumerate() {
        let format = if row.conflict { &amber } else { &plain };
        for (c, cell) in row.cells.iter().enumerate() {
            text(ws, r as u32 + 1, c as u16, cell, format)?;
        }
    }
    ws.set_freeze_panes(1, 4).map_err(err)?;
    ws.autofilter(0, 0, rows.len() as u32, MERGED_COLUMNS.len() as u16 - 1)
        .map_err(err)?;
    wb.save_to_buffer().map_err(err)
}
