//! Errors the library reports. Each variant is one kind of mistake or
//! failure, says where it is and, where it can, what to do about it; its
//! words come from the en/ja catalogue (`show.rs`). Nothing here prints.

mod problem;
mod show;
pub mod warning;

use problem::list_problems;
pub use problem::{Problem, Problems, column_letters, grouped};
use std::path::PathBuf;

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read, created or written.
    #[error("{}", show::io(.action, .path, .source))]
    Io {
        /// What was being done (`read`, `write`, `create folder`, …).
        action: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// A questionnaire file is not valid TOML or does not follow the format.
    #[error("{origin}: {message}")]
    QuestionnaireSyntax {
        /// File path, or `built-in:ID` for an embedded questionnaire.
        origin: String,
        /// The parser's message, including line and column.
        message: String,
    },

    /// A questionnaire parses but is inconsistent (duplicate or dangling ids,
    /// unknown priorities, broken scale or level rules).
    #[error("{origin}: {id}: {message}")]
    QuestionnaireInvalid {
        /// File path or `built-in:ID`, with `:LINE` when the problem has a
        /// place, and the file that extends it when it is a base.
        origin: String,
        /// The offending id (metric, subcategory, status, level …).
        id: String,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// A questionnaire file that another file named (a base named by
    /// `extends`, the questionnaire of a `scores.json` being verified) is
    /// not valid. Its content is not shown: only the user's own files are
    /// quoted in messages.
    #[error("{}", show::questionnaire_not_shown(.path, .by, .role, *.line, *.column))]
    QuestionnaireNotShown {
        /// The file at fault.
        path: String,
        /// The file that named it.
        by: String,
        /// How it was named, in words.
        role: String,
        /// 1-based line of the problem, when it has one.
        line: Option<u64>,
        /// 1-based column (in characters), with the line.
        column: Option<u64>,
    },

    /// `--questionnaire` named neither a built-in questionnaire nor a file.
    #[error("{}", show::unknown_questionnaire(.name, .available))]
    UnknownQuestionnaire {
        /// What the user asked for.
        name: String,
        /// Comma-separated built-in ids.
        available: String,
    },

    /// `imcm questionnaire show NAME`: NAME is neither a questionnaire nor
    /// a metric, subcategory or category of the questionnaire looked in.
    #[error("{}", show::unknown_show_item(.name, .questionnaire, .available.as_deref(), .closest.as_deref()))]
    UnknownShowItem {
        /// What the user asked for.
        name: String,
        /// Id of the questionnaire whose ids were looked in.
        questionnaire: String,
        /// Comma-separated built-in ids, when NAME could also have been a
        /// questionnaire (no `--questionnaire` was given).
        available: Option<String>,
        /// The nearest metric or subcategory id, if one is close.
        closest: Option<String>,
    },

    /// `--strict` was given and the run printed warnings.
    #[error("{}", show::strict(*.warnings))]
    Strict {
        /// Warnings printed.
        warnings: usize,
    },

    /// One or more problems in answer files (all found are counted).
    #[error("{}", list_problems(.0))]
    Answers(Problems),

    /// The target profile file is invalid.
    #[error("{}", show::target(.path, *.line, .message))]
    Target {
        /// Target file.
        path: PathBuf,
        /// 1-based line of the problem; 0 when it concerns the whole file
        /// (or the message gives the line itself).
        line: u64,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// The effort file of `imcm plan --effort` is invalid.
    #[error("{}", show::target(.path, *.line, .message))]
    Effort {
        /// Effort file.
        path: PathBuf,
        /// 1-based line of the problem; 0 when it concerns the whole file.
        line: u64,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// A `--what-if` change names an unknown metric or status.
    #[error("{}", show::what_if(.given, .message, .help))]
    WhatIf {
        /// The change as given (`3.1.2=yes`).
        given: String,
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: String,
    },

    /// A mapping file for incident logs is invalid.
    #[error("{}", show::at_path(.path, .message))]
    Mapping {
        /// Mapping file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// An incident log cannot be read or lacks a needed column.
    #[error("{}", show::at_path(.path, .message))]
    Incidents {
        /// The log file (or folder, for importers).
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// The incident engine (polars) failed on otherwise valid input.
    #[error("{}", show::engine(.message))]
    Engine {
        /// polars' message.
        message: String,
    },

    /// The filter options select no assessment.
    #[error("{}", show::no_assessment(.filter, .available))]
    NoAssessment {
        /// The filter as given (`--org X --period Y`).
        filter: String,
        /// The assessments that exist.
        available: String,
    },

    /// `--category` names no category of the questionnaire.
    #[error("{}", show::unknown_category(.given, .available))]
    UnknownCategory {
        /// The key as given.
        given: String,
        /// The questionnaire's category keys, in its order.
        available: Vec<String>,
    },

    /// `--baseline` names no period among the organisation's assessments.
    #[error("{}", show::unknown_baseline(.given, .available))]
    UnknownBaseline {
        /// The period as given.
        given: crate::model::Period,
        /// The assessments that exist, as `org/unit/period`.
        available: Vec<String>,
    },

    /// `imcm verify` was given something that is not a `scores.json` imcm
    /// wrote with its provenance.
    #[error("{}", show::not_scores(.path, .reason))]
    NotScores {
        /// The file (or the `scores.json` a folder should hold).
        path: PathBuf,
        /// What is wrong with it.
        reason: NotScores,
    },

    /// An `imcm-manifest.json` that is not a manifest imcm wrote.
    #[error("{}", show::bad_manifest(.path, .error))]
    BadManifest {
        /// The manifest file.
        path: PathBuf,
        /// The parser's message, with line and column.
        error: String,
    },

    /// A report template failed to parse or render.
    #[error("{}", show::failed("template_failed", "name", .name, .message))]
    Template {
        /// Template name (`report.html.hbs`, `partials/metric_table.hbs`, …).
        name: String,
        /// Handlebars' message.
        message: String,
    },

    /// A chart could not be drawn.
    #[error("{}", show::failed("chart_failed", "name", .name, .message))]
    Chart {
        /// Chart name.
        name: String,
        /// The drawing backend's message.
        message: String,
    },

    /// An output location is unusable (e.g. it would overwrite an input).
    #[error("{}", show::at_path(.path, .message))]
    Output {
        /// The output path.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// `--format pdf` found no browser to print with, or `--browser` names
    /// no file.
    #[error("{}", show::no_browser(.given.as_deref(), .looked))]
    NoBrowser {
        /// The `--browser` path, when one was given.
        given: Option<PathBuf>,
        /// The names and places looked for, when none was given.
        looked: Vec<String>,
    },

    /// A parser we use stopped on a damaged input (caught by [`guard`]).
    #[error("{}", show::internal(.what, .detail))]
    Internal {
        /// The parser (`polars`, `calamine`).
        what: String,
        /// Its panic message.
        detail: String,
    },

    /// An input is larger than a limit of [`crate::limits`] allows.
    #[error("{}", show::limit(.path, .limit, *.found, *.max))]
    Limit {
        /// The file concerned.
        path: PathBuf,
        /// The limit exceeded.
        limit: crate::limits::Limit,
        /// What the file has (bytes, cells, rows …).
        found: u64,
        /// The limit in force.
        max: u64,
    },

    /// `imcm verify` found differences between recorded and recomputed
    /// figures or inputs.
    #[error("{}", show::verify(.path, .problems))]
    Verify {
        /// The scores.json checked.
        path: PathBuf,
        /// Every difference, one sentence each.
        problems: Vec<String>,
    },

    /// Serialising an output failed (should not happen with valid data).
    #[error("{}", show::failed("serialise_failed", "what", .what, .message))]
    Serialise {
        /// What was being serialised.
        what: &'static str,
        /// The serialiser's message.
        message: String,
    },
}

/// Why a file is not a `scores.json` that `imcm verify` can check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotScores {
    /// There is no such file.
    Missing,
    /// It is not JSON; the parser's message, with line and column.
    NotJson(String),
    /// It has no `provenance` record.
    NoProvenance,
    /// Its `provenance` record does not have imcm's shape; the parser's message.
    BadProvenance(String),
    /// Its list of assessments is missing, or an entry lacks org, unit or period.
    BadAssessments,
}

/// Run `f`, turning a panic inside it (a third-party parser's bug on a
/// damaged file) into an error naming `what`, so that bad input never takes
/// the process down.
///
/// # Errors
/// Whatever `f` returns, or [`Error::Engine`] when it panicked.
pub fn guard<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::Internal {
            what: what.to_string(),
            detail,
        })
    })
}

impl Error {
    /// Build an [`Error::Io`].
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
