//! The typed command: [`RunConfig`] and the option types it is made of,
//! as every command after `cli` receives them (no clap types here).

use crate::input::answers::AnswerFiles;
use crate::model::{Lang, Period};
use std::path::PathBuf;

/// Case and event sources `imcm incidents import` reads besides VERIS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSource {
    /// MISP events.
    Misp,
    /// TheHive 5 cases.
    TheHive,
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
    /// Report formats to write, each once, in the order asked (`report
    /// --format`; `[Html]` for the other commands).
    pub formats: Vec<ReportFormat>,
    /// The browser that prints `report.pdf` (`--browser`); looked for on
    /// `PATH` when not given.
    pub browser: Option<PathBuf>,
}

/// A format of `imcm report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// `report.html` with its SVG charts.
    Html,
    /// `report.docx`: the editable Word report.
    Docx,
    /// `report.pdf`: the HTML report printed by a browser.
    Pdf,
}

impl ReportFormat {
    /// The report's file name in this format.
    pub fn file_name(self) -> &'static str {
        match self {
            ReportFormat::Html => "report.html",
            ReportFormat::Docx => "report.docx",
            ReportFormat::Pdf => "report.pdf",
        }
    }
}

/// Output format of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoresFormat {
    /// An aligned table per assessment (terminal).
    Table,
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

/// Output format of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormat {
    /// A readable plan (or what-if) per assessment.
    Text,
    /// `org,unit,period,category,target_level,metric,priority,from_status,to_status,level_after,score_after`.
    Csv,
    /// Excel workbook with the plan and columns for owner, due date and effort.
    Xlsx,
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
    pub period_from: crate::model::PeriodFrom,
    /// The aggregate tables of an emitted SQL script (`--kpis`,
    /// `--from-aggregates`), read instead of logs (`paths` is then empty).
    pub aggregates: Option<PathBuf>,
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
        /// Id or path, or a metric, subcategory or category id.
        name: String,
        /// The questionnaire whose item `name` is, when given.
        questionnaire: Option<String>,
        /// JSON instead of text.
        json: bool,
        /// Language of the text.
        lang: Lang,
    },
    /// `imcm init`.
    Init {
        /// Questionnaire id or path.
        questionnaire: String,
        /// What to pre-fill, which categories and the language.
        prefill: crate::export::template::Prefill,
        /// Destination; `None` for standard output.
        out: Option<PathBuf>,
        /// Replace an existing destination.
        force: bool,
        /// Write an Excel workbook instead of CSV.
        xlsx: bool,
        /// Write the evidence-request list instead of the answer template.
        evidence_request: bool,
    },
    /// `imcm merge`.
    Merge {
        /// Questionnaire id or path.
        questionnaire: String,
        /// Answer files of the respondents, and how they combine.
        answers: AnswerFiles,
        /// Language of the headers and questions.
        lang: Lang,
        /// Destination: `.xlsx` for a workbook, else CSV.
        out: PathBuf,
        /// Replace an existing destination.
        force: bool,
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
        /// Format; `None` when not given: a table on a terminal, else JSON
        /// (decided where the output is known, in `cmd`).
        format: Option<ScoresFormat>,
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
    /// `imcm kpi --emit-sql`.
    EmitSql {
        /// The engine.
        dialect: crate::input::incidents::tables::sql::Dialect,
        /// The canonical table the script reads.
        input: String,
        /// Where the script writes the aggregate tables.
        aggregates_out: String,
        /// Grouping.
        by: crate::input::incidents::engine::By,
        /// Destination; `None` for standard output.
        out: Option<PathBuf>,
    },
    /// `imcm incidents prepare`.
    Prepare {
        /// Questionnaire id or path (for categories, severities, SLAs).
        questionnaire: String,
        /// Logs, mapping and period rule.
        input: IncidentInput,
        /// The Parquet file to write.
        out: PathBuf,
        /// Replace an existing file.
        force: bool,
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
    /// `imcm plan`.
    Plan {
        /// Questionnaire id or path.
        questionnaire: String,
        /// Answer files.
        answers: AnswerFiles,
        /// Selection.
        filter: Filter,
        /// Incident logs for evidence.
        incidents: Option<IncidentInput>,
        /// Target profile; `None` plans each category to its next level.
        target: Option<PathBuf>,
        /// Effort file overriding the questionnaire's efforts.
        effort: Option<PathBuf>,
        /// `--what-if` values as given (empty: print the plan).
        what_if: Vec<String>,
        /// Format.
        format: PlanFormat,
        /// Language of the text and the workbook.
        lang: Lang,
        /// Destination; `None` for standard output.
        out: Option<PathBuf>,
    },
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
