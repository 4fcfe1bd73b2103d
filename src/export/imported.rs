//! Imported incident records (VERIS, MISP, TheHive) as imcm's incident
//! log, in CSV; [`crate::export::parquet`] writes the Parquet form.

use crate::error::{Error, Result};
use crate::input::import::veris::{self, Row};

/// The imported rows as CSV bytes.
///
/// # Errors
/// [`Error::Serialise`] if the CSV writer fails.
pub fn veris_csv(rows: &[Row]) -> Result<Vec<u8>> {
    rows_to_csv(rows, &veris::import_columns())
}

/// Columns that hold numbers imcm computed (never text from the source), and
/// so are written as they are.
const NUMERIC_COLUMNS: &[&str] = &[
    "discovery_bucket",
    "discovery_hours",
    "containment_bucket",
    "containment_hours",
];

/// Imported rows as CSV with the given columns (missing values empty).
///
/// Every text cell goes through [`crate::format::inert`], the guard of
/// imcm's other CSV exports: a value starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return (an event title `=HYPERLINK(…)`, a DDE payload) gets
/// a leading apostrophe, so a spreadsheet shows it as text instead of
/// running it. Numeric columns are written as they are; Parquet output
/// ([`crate::export::parquet::rows_to_parquet`]) keeps every value unchanged.
///
/// # Errors
/// [`Error::Serialise`] if the CSV writer fails.
pub fn rows_to_csv(rows: &[Row], columns: &[&str]) -> Result<Vec<u8>> {
    let ser = |e: csv::Error| Error::Serialise {
        what: "imported log",
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(columns).map_err(ser)?;
    for r in rows {
        let cells: Vec<std::borrow::Cow<'_, str>> = columns
            .iter()
            .map(|c| {
                let value = r.get(c).map_or("", String::as_str);
                if NUMERIC_COLUMNS.contains(c) {
                    value.into()
                } else {
                    crate::format::inert(value)
                }
            })
            .collect();
        w.write_record(cells.iter().map(|c| c.as_bytes()))
            .map_err(ser)?;
    }
    w.into_inner().map_err(|e| Error::Serialise {
        what: "imported log",
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imported_text_that_a_spreadsheet_would_run_stays_text() {
        let mut r = Row::new();
        r.insert("id", "=HYPERLINK(\"http://x\",\"y\")".into());
        r.insert("org", "@SUM(A1)".into());
        r.insert("unit", "=cmd|' /C calc'!A0".into());
        r.insert("discovery_hours", "-72".into());
        let csv = String::from_utf8(
            rows_to_csv(&[r], &["id", "org", "unit", "discovery_hours"]).unwrap(),
        )
        .unwrap();
        assert_eq!(
            csv.lines().nth(1).unwrap(),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@SUM(A1),'=cmd|' /C calc'!A0,-72"
        );
    }
}
