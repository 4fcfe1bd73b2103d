//! The option groups several subcommands flatten in (questionnaire,
//! answers, incident logs, selection, report rendering), the closed sets of
//! choices, and the parsers of option values.

use crate::input::encoding::Encoding;
use crate::model::Period;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum LangArg {
    En,
    Ja,
}

#[derive(Debug, Args)]
pub(super) struct QuestionnaireArg {
    /// Questionnaire: a built-in id (see `imcm questionnaire list`) or a TOML file.
    #[arg(long, short = 'q', value_name = "ID|FILE", default_value = crate::input::questionnaire::DEFAULT_ID)]
    pub(super) questionnaire: String,
}

#[derive(Debug, Args)]
pub(super) struct AnswersArg {
    /// Answer files (CSV or .xlsx, one row per metric per assessment). Several may be given.
    #[arg(long, short = 'a', value_name = "FILE", num_args = 1.., required = true)]
    pub(super) answers: Vec<PathBuf>,
    /// Encoding of the answer files: utf-8, utf-16le, utf-16be or cp932
    /// (Shift_JIS). Detected when not given: byte-order mark, then UTF-8, then CP932.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub(super) encoding: Option<Encoding>,
    /// How the answers of several respondents (the `respondent` column) to
    /// one metric combine: lowest (fewest points), median or majority; the
    /// lower status on a tie. Every disagreement is reported either way.
    #[arg(long, value_enum, default_value = "lowest")]
    pub(super) consensus: ConsensusArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum ConsensusArg {
    Lowest,
    Median,
    Majority,
}

impl From<ConsensusArg> for crate::model::ConsensusRule {
    fn from(c: ConsensusArg) -> Self {
        match c {
            ConsensusArg::Lowest => Self::Lowest,
            ConsensusArg::Median => Self::Median,
            ConsensusArg::Majority => Self::Majority,
        }
    }
}

pub(super) fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::from_name(s).ok_or_else(|| crate::i18n::tr("unknown_encoding", &[("name", &s)]))
}

#[derive(Debug, Args)]
pub(super) struct IncidentArgs {
    /// Incident logs (CSV, JSON Lines or Parquet) whose KPIs back or contradict
    /// the answers through the questionnaire's evidence rules.
    #[arg(long, short = 'i', value_name = "FILE", num_args = 1..)]
    pub(super) incidents: Vec<PathBuf>,
    /// Mapping file (TOML) for the incident logs.
    #[arg(long, value_name = "FILE", requires = "incidents")]
    pub(super) map: Option<PathBuf>,
    /// The aggregate tables an emitted SQL script wrote (`imcm kpi
    /// --emit-sql`), instead of incident logs.
    #[arg(long, value_name = "DIR", conflicts_with = "incidents")]
    pub(super) kpis: Option<PathBuf>,
    /// Which timestamp's quarter places an incident.
    #[arg(long, value_enum, default_value = "detected")]
    pub(super) period_from: PeriodFromArg,
}

#[derive(Debug, Args)]
pub(super) struct FilterArgs {
    /// Only the assessments of this organisation.
    #[arg(long)]
    pub(super) org: Option<String>,
    /// Only this unit ("" selects organisation-wide assessments).
    #[arg(long)]
    pub(super) unit: Option<String>,
    /// Only this quarter, e.g. 2026-Q3.
    #[arg(long, value_parser = parse_period)]
    pub(super) period: Option<Period>,
}

#[derive(Debug, Args)]
pub(super) struct ReportArgs {
    /// Report language.
    #[arg(long, value_enum, default_value = "en")]
    pub(super) lang: LangArg,
    /// Target maturity profile: a TOML file with a level per category key
    /// (e.g. `protect = 3`); without it no target is shown.
    #[arg(long, value_name = "FILE")]
    pub(super) target: Option<PathBuf>,
    /// Folder whose files replace the built-in templates one by one
    /// (report.html.hbs, partials/*.hbs, style.css, strings.toml); a
    /// reference.docx there restyles the Word report.
    #[arg(long, value_name = "DIR")]
    pub(super) templates: Option<PathBuf>,
    /// Also write context.json: the data the template was rendered from.
    #[arg(long)]
    pub(super) emit_context: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum ReportFormatArg {
    /// report.html with its SVG charts.
    Html,
    /// report.docx: the editable Word report (styles, tables, charts as pictures).
    Docx,
    /// report.pdf: the HTML report printed by a Chromium-family browser.
    Pdf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum ScoreFormat {
    /// An aligned table per assessment, for reading on a terminal.
    Table,
    Json,
    Csv,
    /// Excel workbook: a summary per category and an action plan (needs --out).
    Xlsx,
    /// Parquet: the scores.csv table with typed columns (needs --out).
    Parquet,
    /// NIST OSCAL assessment results (JSON).
    Oscal,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum PlanFormatArg {
    /// A readable plan per assessment and category.
    Text,
    /// One row per answer change (org,unit,period,category,target_level,metric,...).
    Csv,
    /// Excel workbook with owner, due date and effort columns (needs --out).
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum TemplateFormat {
    Csv,
    /// Excel workbook: a cover sheet and one sheet per category, with a status drop-down.
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum KpiFormatArg {
    Table,
    Csv,
    Json,
    /// The CSV table as Parquet (needs --out).
    Parquet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum SqlDialectArg {
    /// DuckDB.
    Duckdb,
    /// Spark SQL.
    Spark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum ByDim {
    Org,
    Unit,
    Period,
    Category,
    Severity,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum PeriodFromArg {
    Occurred,
    Detected,
    Reported,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum ImportFrom {
    /// VERIS JSON records (e.g. the VERIS Community Database).
    Veris,
    /// MISP events (JSON export or REST API output); categories from ENISA RSIT tags.
    Misp,
    /// TheHive 5 cases (API JSON: epoch-millisecond dates, severity 1–4, tags, custom fields).
    Thehive,
}

pub(super) fn parse_period(s: &str) -> Result<Period, String> {
    s.parse()
        .map_err(|_| format!("'{s}' is not a quarter of the form YYYY-Qn, e.g. 2026-Q3"))
}
