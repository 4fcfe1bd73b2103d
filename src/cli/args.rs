//! The command tree as clap sees it: the top-level parser and one variant
//! per subcommand with its options. Only `cli` reads these; the rest of the
//! program gets a [`super::RunConfig`].

use super::options::{
    AnswersArg, ByDim, FilterArgs, ImportFrom, IncidentArgs, KpiFormatArg, LangArg, PeriodFromArg,
    PlanFormatArg, QuestionnaireArg, ReportArgs, ReportFormatArg, ScoreFormat, ShowFormat,
    SqlDialectArg, TemplateFormat, parse_encoding, parse_period,
};
use crate::input::encoding::Encoding;
use crate::model::Period;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Score incident-management capability on the CERT/CC IMCM (Protect, Detect,
/// Respond, Sustain) and write bilingual reports.
#[derive(Debug, Parser)]
#[command(
    name = "imcm",
    version,
    about,
    long_about = "imcm scores an organisation's incident-management capability on the CERT/CC \
Incident Management Capability Metrics (Protect, Detect, Respond, Sustain) from assessors' \
answers, and writes self-contained HTML reports (English or Japanese) with JSON/CSV scores.\n\n\
Start with `imcm demo` to see a full report for an example organisation, then `imcm init` \
to get an answer template for your own assessment.",
    after_help = "Exit codes: 0 success, 1 invalid input (the message says file, line and fix), 2 usage error."
)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub(super) command: Command,
    /// Raise (or lower) one of the limits that protect against hostile input
    /// for this run, e.g. `--limit xlsx-cells=50000000` or
    /// `--limit archive-entry-bytes=1G`; repeatable. docs/limits.md lists them.
    #[arg(long = "limit", value_name = "NAME=VALUE", global = true, value_parser = crate::limits::parse)]
    pub(super) limits: Vec<(crate::limits::Limit, u64)>,
    /// Language of help and messages (en or ja), e.g. `imcm --lang ja --help`;
    /// without it LC_ALL, LC_MESSAGES or LANG decide. A command's own
    /// `--lang` chooses the language of what it writes.
    #[arg(long = "lang", value_name = "LANG")]
    pub(super) ui_lang: Option<LangArg>,
    /// Treat warnings (a unit spelled two ways, an incident log that matches
    /// no assessment, …) as errors: exit 1 and write nothing.
    #[arg(long, global = true)]
    pub(super) strict: bool,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Run the whole pipeline on the built-in example organisation and write its report.
    Demo {
        /// Output folder.
        #[arg(long, default_value = "imcm-demo")]
        out: PathBuf,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// List or show questionnaires.
    #[command(subcommand)]
    Questionnaire(QuestionnaireCmd),
    /// Write an interview workbook (FILE.xlsx) or a CSV answer template with one row per metric, status left empty; with --evidence-request, the list of documents to ask for before the interviews.
    Init {
        #[command(flatten)]
        q: QuestionnaireArg,
        /// Organisation to pre-fill.
        #[arg(long, default_value = "")]
        org: String,
        /// Unit to pre-fill (empty = whole organisation).
        #[arg(long, default_value = "")]
        unit: String,
        /// Quarter to pre-fill, e.g. 2026-Q3.
        #[arg(long, value_parser = parse_period)]
        period: Option<Period>,
        /// Interviewee to pre-fill in the respondent column (locked when
        /// given; open when not).
        #[arg(long, default_value = "", value_name = "NAME")]
        respondent: String,
        /// Only this category's metrics, by key (`respond`; see `imcm
        /// questionnaire show`); repeatable or comma-separated. Default: all.
        #[arg(long = "category", value_name = "KEY", value_delimiter = ',')]
        categories: Vec<String>,
        /// Write the evidence-request list instead: per metric, the documents
        /// and records its indicators ask for (CSV, or a workbook for FILE.xlsx).
        #[arg(long)]
        evidence_request: bool,
        /// Language of the headers, questions, guidance and cover.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
        /// File to write (`-` for standard output). An existing file is kept
        /// unless --force is given.
        #[arg(long, short = 'o', value_name = "FILE")]
        out: PathBuf,
        /// Template format; by default xlsx when FILE ends in .xlsx, else csv.
        #[arg(long, value_enum)]
        format: Option<TemplateFormat>,
        /// Replace FILE if it already exists.
        #[arg(long)]
        force: bool,
    },
    /// Combine the answer files of several respondents into one sheet
    /// (CSV, or a workbook for FILE.xlsx): the status --consensus picks,
    /// what each respondent answered, and every disagreement marked.
    Merge {
        #[command(flatten)]
        q: QuestionnaireArg,
        #[command(flatten)]
        answers: AnswersArg,
        /// Language of the headers and the question column.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
        /// File to write (.xlsx for a workbook, else CSV). An existing file
        /// is kept unless --force is given; an input is never overwritten.
        #[arg(long, short = 'o', value_name = "FILE")]
        out: PathBuf,
        /// Replace FILE if it already exists.
        #[arg(long)]
        force: bool,
    },
    /// Check answer files and list every problem found.
    Validate {
        #[command(flatten)]
        q: QuestionnaireArg,
        #[command(flatten)]
        answers: AnswersArg,
        /// Language of the messages (default: from the locale, LANG=ja_JP.UTF-8 gives Japanese).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Score every assessment in the answer files.
    Score {
        #[command(flatten)]
        q: QuestionnaireArg,
        #[command(flatten)]
        answers: AnswersArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        incidents: IncidentArgs,
        /// Output format (default: table on a terminal, json when the
        /// output is a pipe or a file).
        #[arg(long, value_enum)]
        format: Option<ScoreFormat>,
        /// Language of the workbook's labels, statuses and recommendations
        /// (xlsx), and of the table (which follows the locale when --lang
        /// is not given).
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
        /// Target maturity profile (TOML) for the workbook's target column (xlsx).
        #[arg(long, value_name = "FILE")]
        target: Option<PathBuf>,
        /// File to write (default: standard output).
        #[arg(long, short = 'o', value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write an HTML report (plus SVG charts, scores.json, scores.csv) per assessment.
    Report {
        #[command(flatten)]
        q: QuestionnaireArg,
        #[command(flatten)]
        answers: AnswersArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        incidents: IncidentArgs,
        #[command(flatten)]
        report: ReportArgs,
        /// Report formats, comma-separated or repeated: html, docx, pdf (e.g. --format html,docx,pdf).
        #[arg(
            long,
            value_enum,
            value_delimiter = ',',
            default_value = "html",
            value_name = "FORMAT"
        )]
        format: Vec<ReportFormatArg>,
        /// The Chromium-family browser (Chromium, Google Chrome, Microsoft
        /// Edge) that prints report.pdf; looked for on PATH when not given.
        #[arg(long, value_name = "PATH")]
        browser: Option<PathBuf>,
        /// Output folder (one sub-folder per assessment when several are selected).
        #[arg(long, short = 'o', value_name = "DIR")]
        out: PathBuf,
    },
    /// Compare quarters and units: trends, each category's score change
    /// broken down into the metrics that changed, and units side by side
    /// (writes compare.html, compare.csv and compare.xlsx).
    Compare {
        #[command(flatten)]
        q: QuestionnaireArg,
        #[command(flatten)]
        answers: AnswersArg,
        #[command(flatten)]
        incidents: IncidentArgs,
        /// Only this organisation.
        #[arg(long)]
        org: Option<String>,
        /// Compare every later quarter with this one instead of consecutive quarters.
        #[arg(long, value_parser = parse_period)]
        baseline: Option<Period>,
        #[command(flatten)]
        report: ReportArgs,
        /// Output folder (compare.html, compare.csv, charts/).
        #[arg(long, short = 'o', value_name = "DIR")]
        out: PathBuf,
    },
    /// Compute incident KPIs (and the data-quality report) from incident logs.
    Kpi {
        #[command(flatten)]
        q: QuestionnaireArg,
        /// Incident logs: CSV, JSON Lines (.jsonl) or Parquet. Several may be given.
        #[arg(
            long,
            short = 'i',
            value_name = "FILE",
            num_args = 1..,
            required_unless_present_any = ["emit_sql", "from_aggregates"],
            conflicts_with_all = ["emit_sql", "from_aggregates"]
        )]
        incidents: Vec<PathBuf>,
        /// Mapping file (TOML) for logs whose columns, values or timestamp formats differ.
        #[arg(long, value_name = "FILE", requires = "incidents")]
        map: Option<PathBuf>,
        /// Dimensions: org, unit and period are kept apart when listed (aggregated
        /// when not); category and severity add breakdown rows.
        #[arg(
            long,
            value_enum,
            value_delimiter = ',',
            default_value = "org,unit,period,category,severity",
            conflicts_with = "from_aggregates"
        )]
        by: Vec<ByDim>,
        /// Which timestamp's quarter is the period.
        #[arg(
            long,
            value_enum,
            default_value = "detected",
            conflicts_with_all = ["emit_sql", "from_aggregates"]
        )]
        period_from: PeriodFromArg,
        /// Print a SQL script for this engine (duckdb or spark) that reads a
        /// canonical incident table (from `imcm incidents prepare`) and
        /// writes the aggregate tables the KPIs are made from, instead of
        /// computing them here.
        #[arg(long, value_enum, value_name = "ENGINE", requires_all = ["input", "aggregates_out"])]
        emit_sql: Option<SqlDialectArg>,
        /// With --emit-sql: the canonical table the script reads, as the
        /// engine will open it (a path, or a URL such as s3a://bucket/incidents.parquet).
        #[arg(long, value_name = "PATH", requires = "emit_sql")]
        input: Option<String>,
        /// With --emit-sql: the folder (or object-store prefix) the script
        /// writes the aggregate tables to.
        #[arg(long, value_name = "DIR", requires = "emit_sql")]
        aggregates_out: Option<String>,
        /// Take the aggregate tables an emitted script wrote (DIR) instead of
        /// reading logs.
        #[arg(long, value_name = "DIR", conflicts_with_all = ["emit_sql", "quality"])]
        from_aggregates: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: KpiFormatArg,
        /// Show the data-quality report (rows per problem, example ids) instead of the KPIs.
        #[arg(long)]
        quality: bool,
        /// File to write (default: standard output).
        #[arg(long, short = 'o', value_name = "FILE")]
        out: Option<PathBuf>,
        /// Language of the messages (default: from the locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Bring incident records from other tools into the canonical log.
    #[command(subcommand)]
    Incidents(IncidentsCmd),
    /// Explain how each category's score and maturity level were derived.
    Explain {
        #[command(flatten)]
        q: QuestionnaireArg,
        #[command(flatten)]
        answers: AnswersArg,
        /// Organisation.
        #[arg(long)]
        org: String,
        /// Unit (omit for the organisation-wide assessment).
        #[arg(long, default_value = "")]
        unit: String,
        /// Quarter, e.g. 2026-Q3.
        #[arg(long, value_parser = parse_period)]
        period: Period,
        /// Only this category (key such as `respond`).
        #[arg(long)]
        category: Option<String>,
        #[command(flatten)]
        incidents: IncidentArgs,
        /// Language of names and rule descriptions.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
    },
    /// A roadmap: per assessment and category below its target level, the
    /// fewest answer changes that reach it, with the level and score after
    /// them; or, with --what-if, the scores and levels after given changes.
    Plan {
        #[command(flatten)]
        q: QuestionnaireArg,
        #[command(flatten)]
        answers: AnswersArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        incidents: IncidentArgs,
        /// Target maturity profile (TOML, a level per category key); without
        /// it each category is planned to the level above its current one.
        #[arg(long, value_name = "FILE")]
        target: Option<PathBuf>,
        /// Effort per metric, a CSV `metric,effort` (1 = least work … 5 =
        /// most); overrides the questionnaire's effort and orders the steps.
        #[arg(long, value_name = "FILE")]
        effort: Option<PathBuf>,
        /// Answer changes to try, e.g. 3.1.2=yes,1.1.1=partial (may be
        /// repeated): prints the scores and levels before and after them
        /// instead of the plan.
        #[arg(long, value_name = "METRIC=STATUS,...")]
        what_if: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: PlanFormatArg,
        /// Language of the text and the workbook.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
        /// File to write (default: standard output; xlsx needs a file).
        #[arg(long, short = 'o', value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Check that a report's figures follow from its inputs: the questionnaire
    /// and every input file must match the SHA-256 recorded in scores.json,
    /// and the scores recomputed from them must equal the recorded ones.
    Verify {
        /// A report folder (holding scores.json) or a scores.json file.
        #[arg(value_name = "REPORT")]
        report: PathBuf,
        /// Questionnaire (default: the one recorded in scores.json).
        #[arg(long, short = 'q', value_name = "ID|FILE")]
        questionnaire: Option<String>,
        /// Answer files (default: the paths recorded in scores.json).
        #[arg(long, short = 'a', value_name = "FILE", num_args = 1..)]
        answers: Vec<PathBuf>,
        /// Encoding of the answer files (default: the recorded one, else detected).
        #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
        encoding: Option<Encoding>,
        /// Incident logs (default: the paths recorded in scores.json).
        #[arg(long, short = 'i', value_name = "FILE", num_args = 1..)]
        incidents: Vec<PathBuf>,
        /// Mapping file of the incident logs (default: the recorded path).
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
        /// Language of the messages (default: from the locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum IncidentsCmd {
    /// Write the canonical incident table: the logs after mapping, time-zone
    /// conversion and parsing, with each record's log and row, quarter,
    /// intervals and data-quality flags, as typed Parquet (docs/canonical-incidents.md).
    Prepare {
        #[command(flatten)]
        q: QuestionnaireArg,
        /// Incident logs: CSV, JSON Lines (.jsonl) or Parquet. Several may be
        /// given; duplicate ids are decided across all of them, in the order given.
        #[arg(long, short = 'i', value_name = "FILE", num_args = 1.., required = true)]
        incidents: Vec<PathBuf>,
        /// Mapping file (TOML) for logs whose columns, values, timestamp formats or zone differ.
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
        /// Which timestamp's quarter is the period.
        #[arg(long, value_enum, default_value = "detected")]
        period_from: PeriodFromArg,
        /// The Parquet file to write. An existing file is kept unless --force is given.
        #[arg(long, short = 'o', value_name = "FILE")]
        out: PathBuf,
        /// Replace FILE if it already exists.
        #[arg(long)]
        force: bool,
        /// Language of the messages (default: from the locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Convert records into a canonical incident log (CSV, or Parquet when FILE ends in .parquet).
    Import {
        /// Source format.
        #[arg(long, value_enum)]
        from: ImportFrom,
        /// A JSON file, a folder of JSON files, or (VERIS) a .tar.gz of them.
        path: PathBuf,
        /// File to write (.csv or .parquet). An existing file is kept unless --force is given.
        #[arg(long, short = 'o', value_name = "FILE")]
        out: PathBuf,
        /// Value of the org column for every imported incident (VERIS default:
        /// VCDB; MISP default: the event's creator organisation).
        #[arg(long)]
        org: Option<String>,
        /// Replace FILE if it already exists.
        #[arg(long)]
        force: bool,
        /// List every rejected record with its reason (default: the first
        /// five, then a count).
        #[arg(long)]
        list_rejected: bool,
        /// Language of the messages (default: from the locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum QuestionnaireCmd {
    /// List the built-in questionnaires.
    List {
        /// Language of the messages (default: from the locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Show a questionnaire's categories, metrics and scoring rules, or
    /// one metric (with its guidance and indicators), subcategory or category.
    Show {
        /// Built-in id or TOML file; or a metric id (3.1.2), subcategory id
        /// (3.1) or category (3, respond) of the questionnaire.
        #[arg(default_value = crate::input::questionnaire::DEFAULT_ID)]
        name: String,
        /// Look NAME up as a metric, subcategory or category of this
        /// questionnaire (default: the built-in one).
        #[arg(long, short = 'q', value_name = "ID|FILE")]
        questionnaire: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ShowFormat,
        /// Language of the text format (default: from --lang or the locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
