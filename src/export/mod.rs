//! Machine-readable exports, one file per format: CSV tables ([`csv`]),
//! JSON documents ([`json`]) and their published schemas ([`schema`]), the
//! answer template ([`template`]), the evidence-request list
//! ([`evidence_request`]), Excel workbooks ([`xlsx`]), OSCAL
//! ([`oscal`]), Parquet ([`parquet`]) and imported incident rows
//! ([`imported`]). Exporters return bytes; they never choose a file name or
//! write one ([`crate::output`] does). [`Format`] names every kind of file
//! imcm writes.

pub mod csv;
pub mod evidence_request;
pub mod imported;
pub mod json;
pub mod merged;
pub mod oscal;
pub mod parquet;
pub mod schema;
pub mod template;
pub mod xlsx;

pub use csv::{PLAN_COLUMNS, compare_csv, kpi_csv, plan_csv, quality_csv, scores_csv, what_if_csv};
pub use json::{
    AssessmentDoc, GapDoc, GroupDoc, INCIDENTS_SCHEMA_VERSION, MetricDoc, SCORES_SCHEMA_VERSION,
    ScoresDoc, incidents_json, scores_json,
};
pub use schema::{incidents_schema, manifest_schema, scores_schema};
pub use template::{TEMPLATE_COLUMNS, answer_template};

/// A kind of file imcm writes, with its file extension and media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma-separated values: `scores.csv`, KPI and quality tables,
    /// `compare.csv`, the CSV answer template, imported incident rows.
    Csv,
    /// JSON: `scores.json`, the incident report, `context.json`, schemas,
    /// `imcm-manifest.json`.
    Json,
    /// OSCAL assessment results (JSON).
    Oscal,
    /// Excel workbook: results, comparison and the answer template.
    Xlsx,
    /// Apache Parquet tables.
    Parquet,
    /// The HTML report.
    Html,
    /// A chart written beside the report.
    Svg,
    /// Plain text for the terminal (`explain`, KPI tables).
    Text,
}

impl Format {
    /// Every format, in the order above.
    pub const ALL: [Format; 8] = [
        Format::Csv,
        Format::Json,
        Format::Oscal,
        Format::Xlsx,
        Format::Parquet,
        Format::Html,
        Format::Svg,
        Format::Text,
    ];

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json | Format::Oscal => "json",
            Format::Xlsx => "xlsx",
            Format::Parquet => "parquet",
            Format::Html => "html",
            Format::Svg => "svg",
            Format::Text => "txt",
        }
    }

    /// IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Json => "application/json",
            Format::Oscal => "application/oscal+json",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Parquet => "application/vnd.apache.parquet",
            Format::Html => "text/html",
            Format::Svg => "image/svg+xml",
            Format::Text => "text/plain",
        }
    }

    /// Whether the bytes are text (UTF-8) rather than a binary container.
    pub fn is_text(self) -> bool {
        !matches!(self, Format::Xlsx | Format::Parquet)
    }

    /// `name` with this format's extension: `file_name("scores")` is
    /// `scores.csv` for [`Format::Csv`].
    pub fn file_name(self, stem: &str) -> String {
        format!("{stem}.{}", self.extension())
    }
}

#[cfg(test)]
mod tests {
    use super::Format;
    use crate::format::{inert, trim_number};

    #[test]
    fn every_format_has_an_extension_and_a_media_type() {
        let exts: Vec<&str> = Format::ALL.iter().map(|f| f.extension()).collect();
        assert_eq!(
            exts,
            [
                "csv", "json", "json", "xlsx", "parquet", "html", "svg", "txt"
            ]
        );
        for f in Format::ALL {
            assert!(f.media_type().contains('/'), "{f:?}");
            assert!(!f.extension().starts_with('.'), "{f:?}");
        }
        assert_eq!(Format::Csv.file_name("scores"), "scores.csv");
        assert_eq!(
            Format::Oscal.file_name("oscal-results"),
            "oscal-results.json"
        );
        assert!(Format::Svg.is_text());
        assert!(!Format::Xlsx.is_text() && !Format::Parquet.is_text());
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_stays_text() {
        assert_eq!(
            inert("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(inert("+81 3"), "'+81 3");
        assert_eq!(inert("-SOC"), "'-SOC");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("Head Office"), "Head Office");
        assert_eq!(inert(""), "");
        assert_eq!(inert("a\0b\u{202e}"), "a\u{fffd}b\u{fffd}");
        assert_eq!(inert("\0=1"), "\u{fffd}=1");
    }

    #[test]
    fn numbers_are_trimmed_to_their_decimals() {
        assert_eq!(trim_number(66.666_666, 2), "66.67");
        assert_eq!(trim_number(80.0, 2), "80");
        assert_eq!(trim_number(72.5, 2), "72.5");
        assert_eq!(trim_number(0.75, 4), "0.75");
        assert_eq!(trim_number(-0.0001, 2), "0");
    }
}
