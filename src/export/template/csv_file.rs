//! The answer template as a CSV file: the workbook's columns and rows on one
//! table, UTF-8 with a BOM so that Excel on a Japanese Windows reads it as
//! UTF-8 (without one it guesses Shift_JIS).

use super::{Prefill, book};
use crate::error::{Error, Result};
use crate::format::inert;
use crate::model::Questionnaire;

/// The byte-order mark that starts every CSV template.
pub const BOM: &str = "\u{feff}";

/// A buffer that starts with [`BOM`], for a CSV file Excel should read as UTF-8.
pub fn csv_bom() -> Vec<u8> {
    BOM.as_bytes().to_vec()
}

/// The answer template as CSV: the header in the template's language, then
/// one row per metric of the selected categories in questionnaire order,
/// status empty. Text a spreadsheet would run as a formula is made inert.
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn answer_template(q: &Questionnaire, fill: &Prefill) -> Result<Vec<u8>> {
    let ser = |e: &dyn std::fmt::Display| Error::Serialise {
        what: "answer template",
        message: e.to_string(),
    };
    let book = book(q, fill);
    let mut w = csv::Writer::from_writer(csv_bom());
    w.write_record(book.columns.iter().map(|c| c.header))
        .map_err(|e| ser(&e))?;
    for cells in book.sheets.iter().flat_map(|s| &s.rows) {
        w.write_record(cells.iter().map(|c| inert(&c.value).into_owned()))
            .map_err(|e| ser(&e))?;
    }
    w.into_inner().map_err(|e| ser(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn the_csv_starts_with_a_bom_and_keeps_formulas_inert() {
        let q = crate::input::questionnaire::load("imcm-v0.1")
            .unwrap()
            .questionnaire;
        let fill = Prefill {
            org: "=HYPERLINK(\"x\")".into(),
            respondent: "@bob".into(),
            categories: vec!["detect".into()],
            lang: Lang::Ja,
            ..Prefill::default()
        };
        let bytes = answer_template(&q, &fill).unwrap();
        assert!(bytes.starts_with(b"\xef\xbb\xbf"));
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header[..3], ["メトリクス", "質問", "状態"]);
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        let detect = q.category("detect").unwrap();
        assert_eq!(rows.len(), q.metrics_in_category(detect).count());
        let at = |h: &str| header.iter().position(|x| x == h).unwrap();
        assert_eq!(&rows[0][at("組織")], "'=HYPERLINK(\"x\")");
        assert_eq!(&rows[0][at("回答者")], "'@bob");
        assert!(rows[0][at("指標")].starts_with("1. "));
    }
}
