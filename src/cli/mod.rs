//! Command-line definitions (clap) and their translation into a typed
//! [`RunConfig`]. Nothing past this module sees clap types.

use crate::input::answers::AnswerFiles;
use crate::input::encoding::Encoding;
use crate::model::{Lang, Period};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
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
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Raise (or lower) one of the limits that protect against hostile input
    /// for this run, e.g. `--limit xlsx-cells=50000000` or
    /// `--limit archive-entry-bytes=1G`; repeatable. docs/limits.md lists them.
    #[arg(long = "limit", value_name = "NAME=VALUE", global = true, value_parser = crate::limits::parse)]
    limits: Vec<(crate::limits::Limit, u64)>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Ja,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::En => Lang::En,
            LangArg::Ja => Lang::Ja,
        }
    }
}

#[derive(Debug, Args)]
struct QuestionnaireArg {
    /// Questionnaire: a built-in id (see `imcm questionnaire list`) or a TOML file.
    #[arg(long, short = 'q', value_name = "ID|FILE", default_value = crate::input::questionnaire::DEFAULT_ID)]
    questionnaire: String,
}

#[derive(Debug, Args)]
struct AnswersArg {
    /// Answer files (CSV or .xlsx, one row per metric per assessment). Several may be given.
    #[arg(long, short = 'a', value_name = "FILE", num_args = 1.., required = true)]
    answers: Vec<PathBuf>,
    /// Encoding of the answer files: utf-8, utf-16le, utf-16be or cp932
    /// (Shift_JIS). Detected when not given: byte-order mark, then UTF-8, then CP932.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    encoding: Option<Encoding>,
}

impl From<AnswersArg> for AnswerFiles {
    fn from(a: AnswersArg) -> Self {
        AnswerFiles {
            paths: a.answers,
            encoding: a.encoding,
        }
    }
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::from_name(s).ok_or_else(|| crate::i18n::tr("unknown_encoding", &[("name", &s)]))
}

#[derive(Debug, Args)]
struct IncidentArgs {
    /// Incident logs (CSV, JSON Lines or Parquet) whose KPIs back or contradict
    /// the answers through the questionnaire's evidence rules.
    #[arg(long, short = 'i', value_name = "FILE", num_args = 1..)]
    incidents: Vec<PathBuf>,
    /// Mapping file (TOML) for the incident logs.
    #[arg(long, value_name = "FILE", requires = "incidents")]
    map: Option<PathBuf>,
    /// Which timestamp's quarter places an incident.
    #[arg(long, value_enum, default_value = "detected")]
    period_from: PeriodFromArg,
}

impl IncidentArgs {
    fn into_input(self) -> Option<IncidentInput> {
        (!self.incidents.is_empty()).then(|| IncidentInput {
            paths: self.incidents,
            map: self.map,
            period_from: period_from_name(self.period_from),
        })
    }
}

#[derive(Debug, Args)]
struct FilterArgs {
    /// Only the assessments of this organisation.
    #[arg(long)]
    org: Option<String>,
    /// Only this unit ("" selects organisation-wide assessments).
    #[arg(long)]
    unit: Option<String>,
    /// Only this quarter, e.g. 2026-Q3.
    #[arg(long, value_parser = parse_period)]
    period: Option<Period>,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// Report language.
    #[arg(long, value_enum, default_value = "en")]
    lang: LangArg,
    /// Target maturity profile: a TOML file with a level per category key
    /// (e.g. `protect = 3`); default level 3 everywhere.
    #[arg(long, value_name = "FILE")]
    target: Option<PathBuf>,
    /// Folder whose files replace the built-in templates one by one
    /// (report.html.hbs, partials/*.hbs, style.css, strings.toml).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Also write context.json: the data the template was rendered from.
    #[arg(long)]
    emit_context: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ScoreFormat {
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
enum TemplateFormat {
    Csv,
    /// Excel workbook: a cover sheet and one sheet per category, with a status drop-down.
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KpiFormatArg {
    Table,
    Csv,
    Json,
    /// The CSV table as Parquet (needs --out).
    Parquet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ByDim {
    Org,
    Unit,
    Period,
    Category,
    Severity,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PeriodFromArg {
    Occurred,
    Detected,
    Reported,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
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
    /// Write an answer template (CSV, or an Excel workbook for FILE.xlsx) with one row per metric, status left empty.
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
        /// Language of the question column.
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
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: ScoreFormat,
        /// Language of the workbook's labels, statuses and recommendations (xlsx).
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
        #[arg(long, short = 'i', value_name = "FILE", num_args = 1.., required = true)]
        incidents: Vec<PathBuf>,
        /// Mapping file (TOML) for logs whose columns, values or timestamp formats differ.
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
        /// Dimensions: org, unit and period are kept apart when listed (aggregated
        /// when not); category and severity add breakdown rows.
        #[arg(
            long,
            value_enum,
            value_delimiter = ',',
            default_value = "org,unit,period,category,severity"
        )]
        by: Vec<ByDim>,
        /// Which timestamp's quarter is the period.
        #[arg(long, value_enum, default_value = "detected")]
        period_from: PeriodFromArg,
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

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ImportFrom {
    /// VERIS JSON records (e.g. the VERIS Community Database).
    Veris,
    /// MISP events (JSON export or REST API output); categories from ENISA RSIT tags.
    Misp,
    /// TheHive 5 cases (API JSON: epoch-millisecond dates, severity 1–4, tags, custom fields).
    Thehive,
}

/// Case and event sources `imcm incidents import` reads besides VERIS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSource {
    /// MISP events.
    Misp,
    /// TheHive 5 cases.
    TheHive,
}

#[derive(Debug, Subcommand)]
enum IncidentsCmd {
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
enum QuestionnaireCmd {
    /// List the built-in questionnaires.
    List {
        /// Language of the messages (default: from the locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Show a questionnaire's categories, metrics and scoring rules.
    Show {
        /// Built-in id or TOML file.
        #[arg(default_value = crate::input::questionnaire::DEFAULT_ID)]
        name: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ShowFormat,
        /// Language of the text format.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
    },
}

fn period_from_name(p: PeriodFromArg) -> String {
    match p {
        PeriodFromArg::Occurred => "occurred_at",
        PeriodFromArg::Detected => "detected_at",
        PeriodFromArg::Reported => "reported_at",
    }
    .to_string()
}

fn parse_period(s: &str) -> Result<Period, String> {
    s.parse()
        .map_err(|_| format!("'{s}' is not a quarter of the form YYYY-Qn, e.g. 2026-Q3"))
}

/// Which assessments a command works on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Organisation.
    pub org: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Quarter.
    pub period: Option<Period>,
}

/// Options shared by `report` and `demo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// Language.
    pub lang: Lang,
    /// Target profile file.
    pub target: Option<PathBuf>,
    /// Template override folder.
    pub templates: Option<PathBuf>,
    /// Write context.json too.
    pub emit_context: bool,
    /// Output folder.
    pub out: PathBuf,
}

/// Output format of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoresFormat {
    /// `scores.json` layout.
    Json,
    /// `scores.csv` layout.
    Csv,
    /// Excel workbook (summary and action plan).
    Xlsx,
    /// The scores.csv table as Parquet.
    Parquet,
    /// NIST OSCAL assessment results.
    Oscal,
}

/// Output format of `kpi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiFormat {
    /// Aligned text.
    Table,
    /// `org,unit,period,category,severity,kpi,value,n`.
    Csv,
    /// The whole incident report as JSON.
    Json,
    /// The CSV table as Parquet.
    Parquet,
}

/// Where incident logs come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentInput {
    /// Log files.
    pub paths: Vec<PathBuf>,
    /// Mapping file.
    pub map: Option<PathBuf>,
    /// `occurred_at`, `detected_at` or `reported_at`.
    pub period_from: String,
}

/// A fully validated command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunConfig {
    /// `imcm demo`.
    Demo(ReportOptions),
    /// `imcm questionnaire list`.
    QuestionnaireList,
    /// `imcm questionnaire show`.
    QuestionnaireShow {
        /// Id or path.
        name: String,
        /// JSON instead of text.
        json: bool,
        /// Language of the text.
        lang: Lang,
    },
    /// `imcm init`.
    Init {
        /// Questionnaire id or path.
        questionnaire: String,
        /// Pre-filled organisation.
        org: String,
        /// Pre-filled unit.
        unit: String,
        /// Pre-filled quarter.
        period: Option<Period>,
        /// Language of the question column.
        lang: Lang,
        /// Destination; `None` for standard output.
        out: Option<PathBuf>,
        /// Replace an existing destination.
        force: bool,
        /// Write an Excel workbook instead of CSV.
        xlsx: bool,
    },
    /// `imcm validate`.
    Validate {
        /// Questionnaire id or path.
        questionnaire: String,
        /// Answer files.
        answers: AnswerFiles,
    },
    /// `imcm score`.
    Score {
        /// Questionnaire id or path.
        questionnaire: String,
        /// Answer files.
        answers: AnswerFiles,
        /// Selection.
        filter: Filter,
        /// Incident logs for evidence.
        incidents: Option<IncidentInput>,
        /// Format.
        format: ScoresFormat,
        /// Language of the workbook (xlsx).
        lang: Lang,
        /// Target profile for the workbook (xlsx).
        target: Option<PathBuf>,
        /// Destination; `None` for standard output.
        out: Option<PathBuf>,
    },
    /// `imcm report`.
    Report {
        /// Questionnaire id or path.
        questionnaire: String,
        /// Answer files.
        answers: AnswerFiles,
        /// Selection.
        filter: Filter,
        /// Incident logs for evidence.
        incidents: Option<IncidentInput>,
        /// Rendering options.
        options: ReportOptions,
    },
    /// `imcm compare`.
    Compare {
        /// Questionnaire id or path.
        questionnaire: String,
        /// Answer files.
        answers: AnswerFiles,
        /// Incident logs for evidence.
        incidents: Option<IncidentInput>,
        /// Only this organisation.
        org: Option<String>,
        /// Compare with this quarter instead of the previous one.
        baseline: Option<Period>,
        /// Language, target, templates and output folder.
        options: ReportOptions,
    },
    /// `imcm kpi`.
    Kpi {
        /// Questionnaire id or path (for categories, severities, SLAs).
        questionnaire: String,
        /// Logs, mapping and period rule.
        input: IncidentInput,
        /// Grouping.
        by: crate::input::incidents::engine::By,
        /// Format.
        format: KpiFormat,
        /// Data-quality report instead of KPIs.
        quality: bool,
        /// Destination; `None` for standard output.
        out: Option<PathBuf>,
    },
    /// `imcm incidents import --from misp|thehive`.
    ImportEvents {
        /// Which tool the JSON comes from.
        from: EventSource,
        /// A .json file or a folder of them.
        path: PathBuf,
        /// Destination (.csv or .parquet).
        out: PathBuf,
        /// Value of the org column; `None` keeps each MISP event's creator
        /// organisation (TheHive: `TheHive`).
        org: Option<String>,
        /// Replace an existing destination.
        force: bool,
        /// List every rejected record, not only the first few.
        list_rejected: bool,
    },
    /// `imcm incidents import --from veris`.
    ImportVeris {
        /// Folder or .tar.gz.
        path: PathBuf,
        /// Destination (.csv or .parquet).
        out: PathBuf,
        /// Value of the org column.
        org: String,
        /// Replace an existing destination.
        force: bool,
        /// List every rejected record, not only the first few.
        list_rejected: bool,
    },
    /// `imcm verify`.
    Verify(VerifyRequest),
    /// `imcm explain`.
    Explain {
        /// Questionnaire id or path.
        questionnaire: String,
        /// Answer files.
        answers: AnswerFiles,
        /// The one assessment (all three parts set).
        filter: Filter,
        /// Only this category.
        category: Option<String>,
        /// Incident logs for evidence.
        incidents: Option<IncidentInput>,
        /// Language.
        lang: Lang,
    },
}

fn dash_is_stdout(p: PathBuf) -> Option<PathBuf> {
    (p.as_os_str() != "-").then_some(p)
}

impl From<FilterArgs> for Filter {
    fn from(f: FilterArgs) -> Self {
        Filter {
            org: f.org,
            unit: f.unit,
            period: f.period,
        }
    }
}

fn report_options(r: ReportArgs, out: PathBuf) -> ReportOptions {
    ReportOptions {
        lang: r.lang.into(),
        target: r.target,
        templates: r.templates,
        emit_context: r.emit_context,
        out,
    }
}

/// Built-in help texts in Japanese, keyed like [`help_texts`].
pub const HELP_JA: &str = include_str!("../../templates/help-ja.toml");

/// Every help text of the command line with its key: `imcm` and
/// `imcm SUB [SUB]` for a command's description (`…@long` for the long one,
/// `…@after` for the text after the options), `imcm SUB --flag` for an
/// option or argument.
pub fn help_texts() -> Vec<(String, String)> {
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        if let Some(a) = cmd.get_about() {
            out.push((path.to_string(), a.to_string()));
        }
        if let Some(a) = cmd.get_long_about() {
            out.push((format!("{path}@long"), a.to_string()));
        }
        if let Some(a) = cmd.get_after_help() {
            out.push((format!("{path}@after"), a.to_string()));
        }
        for arg in cmd.get_arguments() {
            if let Some(h) = arg.get_help() {
                out.push((format!("{path} {}", arg_key(arg)), h.to_string()));
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), "imcm", &mut out);
    out
}

fn arg_key(arg: &clap::Arg) -> String {
    match arg.get_long() {
        Some(l) => format!("--{l}"),
        None => arg.get_id().to_string(),
    }
}

/// The command line with its help texts in `lang` (English is built in; the
/// Japanese texts come from `templates/help-ja.toml`, and any text missing
/// there stays English).
fn localise(cmd: clap::Command, lang: Lang) -> clap::Command {
    if lang != Lang::Ja {
        return cmd;
    }
    let texts: std::collections::BTreeMap<String, String> =
        toml::from_str(HELP_JA).unwrap_or_default();
    fn apply(
        mut cmd: clap::Command,
        path: &str,
        texts: &std::collections::BTreeMap<String, String>,
    ) -> clap::Command {
        if let Some(t) = texts.get(path) {
            cmd = cmd.about(t.clone());
        }
        if let Some(t) = texts.get(&format!("{path}@long")) {
            cmd = cmd.long_about(t.clone());
        }
        if let Some(t) = texts.get(&format!("{path}@after")) {
            cmd = cmd.after_help(t.clone());
        }
        cmd = cmd
            .help_template("{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}")
            .subcommand_help_heading("コマンド")
            // clap's `help` subcommand has English text; `--help` does the same job.
            .disable_help_subcommand(true)
            .disable_help_flag(true)
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help("ヘルプを表示")
                    .help_heading("オプション"),
            );
        if path == "imcm" {
            cmd = cmd.disable_version_flag(true).arg(
                clap::Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(clap::ArgAction::Version)
                    .help("バージョンを表示")
                    .help_heading("オプション"),
            );
        }
        let ids: Vec<(String, String, bool)> = cmd
            .get_arguments()
            .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
            .map(|a| (a.get_id().to_string(), arg_key(a), a.is_positional()))
            .collect();
        for (id, key, positional) in ids {
            let help = texts.get(&format!("{path} {key}")).cloned();
            cmd = cmd.mut_arg(id, |a| {
                // Defaults and choices in Japanese, after the help text.
                let defaults: Vec<String> = a
                    .get_default_values()
                    .iter()
                    .filter(|_| a.get_action().takes_values())
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                let takes_values = a.get_action().takes_values();
                let choices: Vec<String> = a
                    .get_possible_values()
                    .iter()
                    .filter(|_| takes_values)
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_string())
                    .collect();
                let mut extra = Vec::new();
                if !defaults.is_empty() && !a.is_hide_default_value_set() {
                    extra.push(format!("既定値：{}", defaults.join(", ")));
                }
                if !choices.is_empty() && !a.is_hide_possible_values_set() {
                    extra.push(format!("選択肢：{}", choices.join(", ")));
                }
                let base = help.or_else(|| a.get_help().map(ToString::to_string));
                let text = match (base, extra.is_empty()) {
                    (Some(t), true) => Some(t),
                    (Some(t), false) => Some(format!("{t}［{}］", extra.join("、"))),
                    (None, false) => Some(format!("［{}］", extra.join("、"))),
                    (None, true) => None,
                };
                let mut a = a.help_heading(if positional {
                    "引数"
                } else {
                    "オプション"
                });
                if !defaults.is_empty() {
                    a = a.hide_default_value(true);
                }
                if !choices.is_empty() {
                    a = a.hide_possible_values(true);
                }
                match text {
                    Some(t) => a.help(t),
                    None => a,
                }
            });
        }
        let subs: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        for name in subs {
            let sub_path = format!("{path} {name}");
            cmd = cmd.mut_subcommand(name, |s| apply(s, &sub_path, texts));
        }
        cmd
    }
    apply(cmd, "imcm", &texts)
}

/// Parse command-line arguments into a [`RunConfig`].
///
/// # Errors
/// clap's error for usage mistakes and `--help`/`--version` (print it and exit
/// with its code).
pub fn parse_args<I, T>(args: I) -> Result<RunConfig, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let lang = crate::i18n::ui_lang();
    let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // The Japanese command line has no `help` subcommand (clap words it in
    // English): `imcm help report` becomes `imcm report --help`.
    if lang == Lang::Ja && args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    let command = localise(Cli::command(), lang);
    let matches = command.try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    // Limits apply process-wide, like the language of messages.
    crate::limits::set(cli.limits);
    Ok(match cli.command {
        Command::Demo { out, report } => RunConfig::Demo(report_options(report, out)),
        Command::Questionnaire(QuestionnaireCmd::List { .. }) => RunConfig::QuestionnaireList,
        Command::Questionnaire(QuestionnaireCmd::Show { name, format, lang }) => {
            RunConfig::QuestionnaireShow {
                name,
                json: matches!(format, ShowFormat::Json),
                lang: lang.into(),
            }
        }
        Command::Init {
            q,
            org,
            unit,
            period,
            lang,
            out,
            force,
            format,
        } => {
            let xlsx = match format {
                Some(f) => matches!(f, TemplateFormat::Xlsx),
                None => out
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")),
            };
            let out = dash_is_stdout(out);
            if xlsx && out.is_none() {
                return Err(clap::Error::raw(
                    clap::error::ErrorKind::ArgumentConflict,
                    crate::i18n::tr("xlsx_not_stdout", &[]) + "\n",
                ));
            }
            RunConfig::Init {
                force,
                questionnaire: q.questionnaire,
                org,
                unit,
                period,
                lang: lang.into(),
                out,
                xlsx,
            }
        }
        Command::Validate { q, answers, .. } => RunConfig::Validate {
            questionnaire: q.questionnaire,
            answers: answers.into(),
        },
        Command::Score {
            q,
            answers,
            filter,
            incidents,
            format,
            lang,
            target,
            out,
        } => {
            let out = out.and_then(dash_is_stdout);
            if matches!(format, ScoreFormat::Xlsx | ScoreFormat::Parquet) && out.is_none() {
                return Err(clap::Error::raw(
                    clap::error::ErrorKind::ArgumentConflict,
                    crate::i18n::tr(
                        if matches!(format, ScoreFormat::Xlsx) {
                            "xlsx_needs_out"
                        } else {
                            "parquet_needs_out"
                        },
                        &[],
                    ) + "\n",
                ));
            }
            RunConfig::Score {
                questionnaire: q.questionnaire,
                answers: answers.into(),
                filter: filter.into(),
                incidents: incidents.into_input(),
                format: match format {
                    ScoreFormat::Json => ScoresFormat::Json,
                    ScoreFormat::Csv => ScoresFormat::Csv,
                    ScoreFormat::Xlsx => ScoresFormat::Xlsx,
                    ScoreFormat::Parquet => ScoresFormat::Parquet,
                    ScoreFormat::Oscal => ScoresFormat::Oscal,
                },
                lang: lang.into(),
                target,
                out,
            }
        }
        Command::Report {
            q,
            answers,
            filter,
            incidents,
            report,
            out,
        } => RunConfig::Report {
            questionnaire: q.questionnaire,
            answers: answers.into(),
            filter: filter.into(),
            incidents: incidents.into_input(),
            options: report_options(report, out),
        },
        Command::Compare {
            q,
            answers,
            incidents,
            org,
            baseline,
            report,
            out,
        } => RunConfig::Compare {
            questionnaire: q.questionnaire,
            answers: answers.into(),
            incidents: incidents.into_input(),
            org,
            baseline,
            options: report_options(report, out),
        },
        Command::Kpi {
            q,
            incidents,
            map,
            by,
            period_from,
            format,
            quality,
            out,
            ..
        } => {
            if matches!(format, KpiFormatArg::Parquet)
                && out
                    .as_deref()
                    .and_then(|o| dash_is_stdout(o.to_path_buf()))
                    .is_none()
            {
                return Err(clap::Error::raw(
                    clap::error::ErrorKind::ArgumentConflict,
                    crate::i18n::tr("parquet_needs_out", &[]) + "\n",
                ));
            }
            RunConfig::Kpi {
                questionnaire: q.questionnaire,
                input: IncidentInput {
                    paths: incidents,
                    map,
                    period_from: period_from_name(period_from),
                },
                by: crate::input::incidents::engine::By {
                    org: by.contains(&ByDim::Org),
                    unit: by.contains(&ByDim::Unit),
                    period: by.contains(&ByDim::Period),
                    category: by.contains(&ByDim::Category),
                    severity: by.contains(&ByDim::Severity),
                },
                format: match format {
                    KpiFormatArg::Table => KpiFormat::Table,
                    KpiFormatArg::Csv => KpiFormat::Csv,
                    KpiFormatArg::Json => KpiFormat::Json,
                    KpiFormatArg::Parquet => KpiFormat::Parquet,
                },
                quality,
                out: out.and_then(dash_is_stdout),
            }
        }
        Command::Incidents(IncidentsCmd::Import {
            from: ImportFrom::Veris,
            path,
            out,
            org,
            force,
            list_rejected,
            ..
        }) => RunConfig::ImportVeris {
            path,
            out,
            org: org.unwrap_or_else(|| "VCDB".into()),
            force,
            list_rejected,
        },
        Command::Incidents(IncidentsCmd::Import {
            from: from @ (ImportFrom::Misp | ImportFrom::Thehive),
            path,
            out,
            org,
            force,
            list_rejected,
            ..
        }) => RunConfig::ImportEvents {
            from: if matches!(from, ImportFrom::Misp) {
                EventSource::Misp
            } else {
                EventSource::TheHive
            },
            path,
            out,
            org,
            force,
            list_rejected,
        },
        Command::Explain {
            q,
            answers,
            org,
            unit,
            period,
            category,
            incidents,
            lang,
        } => RunConfig::Explain {
            questionnaire: q.questionnaire,
            answers: answers.into(),
            incidents: incidents.into_input(),
            filter: Filter {
                org: Some(org),
                unit: Some(unit),
                period: Some(period),
            },
            category,
            lang: lang.into(),
        },
        Command::Verify {
            report,
            questionnaire,
            answers,
            encoding,
            incidents,
            map,
            ..
        } => RunConfig::Verify(VerifyRequest {
            report,
            questionnaire,
            answers,
            encoding,
            incidents,
            map,
        }),
    })
}

/// What `imcm verify` was asked to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyRequest {
    /// A report folder or a `scores.json` file.
    pub report: PathBuf,
    /// Questionnaire id or path; the recorded one when `None`.
    pub questionnaire: Option<String>,
    /// Answer files; the recorded paths when empty.
    pub answers: Vec<PathBuf>,
    /// Forced encoding of the answer files; the recorded one when `None`.
    pub encoding: Option<crate::input::encoding::Encoding>,
    /// Incident logs; the recorded paths when empty.
    pub incidents: Vec<PathBuf>,
    /// Mapping file; the recorded path when `None`.
    pub map: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_japanese_help_text_names_a_real_option_and_every_option_has_one() {
        let ja: std::collections::BTreeMap<String, String> = toml::from_str(HELP_JA).unwrap();
        let en: Vec<(String, String)> = help_texts();
        // `IMCM_DUMP_HELP=FILE cargo test` writes the English texts, the
        // starting point for translating them.
        if let Some(file) = std::env::var_os("IMCM_DUMP_HELP") {
            let all: std::collections::BTreeMap<&String, &String> =
                en.iter().map(|(k, v)| (k, v)).collect();
            std::fs::write(file, toml::to_string(&all).unwrap()).unwrap();
        }
        let keys: std::collections::BTreeSet<&String> = en.iter().map(|(k, _)| k).collect();
        for k in ja.keys() {
            assert!(
                keys.contains(k),
                "help-ja.toml names '{k}', which the command line does not have"
            );
        }
        for k in &keys {
            assert!(ja.contains_key(*k), "no Japanese help for '{k}'");
        }
    }
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn score_parses_into_typed_options() {
        let c = parse_args([
            "imcm",
            "score",
            "--answers",
            "a.csv",
            "b.csv",
            "--format",
            "csv",
            "--period",
            "2026-q2",
        ])
        .unwrap();
        assert_eq!(
            c,
            RunConfig::Score {
                questionnaire: "imcm-v0.1".into(),
                answers: AnswerFiles::detect(vec!["a.csv".into(), "b.csv".into()]),
                filter: Filter {
                    org: None,
                    unit: None,
                    period: Some(Period {
                        year: 2026,
                        quarter: 2
                    })
                },
                incidents: None,
                format: ScoresFormat::Csv,
                lang: Lang::En,
                target: None,
                out: None,
            }
        );
    }

    #[test]
    fn incident_options_parse_into_an_input() {
        let c = parse_args([
            "imcm",
            "report",
            "--answers",
            "a.csv",
            "--incidents",
            "i.csv",
            "j.parquet",
            "--map",
            "m.toml",
            "--period-from",
            "occurred",
            "--out",
            "out",
        ])
        .unwrap();
        let RunConfig::Report { incidents, .. } = c else {
            panic!("report")
        };
        assert_eq!(
            incidents,
            Some(IncidentInput {
                paths: vec!["i.csv".into(), "j.parquet".into()],
                map: Some("m.toml".into()),
                period_from: "occurred_at".into(),
            })
        );
        let c = parse_args([
            "imcm",
            "kpi",
            "--incidents",
            "i.csv",
            "--by",
            "org,period,severity",
        ])
        .unwrap();
        let RunConfig::Kpi { by, .. } = c else {
            panic!("kpi")
        };
        assert_eq!(
            (by.org, by.unit, by.period, by.category, by.severity),
            (true, false, true, false, true)
        );
    }

    #[test]
    fn a_bad_period_is_a_usage_error() {
        let e = parse_args(["imcm", "score", "--answers", "a.csv", "--period", "Q2"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("not a quarter of the form YYYY-Qn"));
    }
}
