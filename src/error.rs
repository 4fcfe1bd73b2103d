//! Errors the library reports. Each variant says where the problem is and,
//! where it can, what to do about it. Nothing here prints.

use std::fmt;
use std::path::PathBuf;

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One problem found in an input file, located by line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File the problem is in.
    pub path: PathBuf,
    /// Worksheet, for a problem in an XLSX workbook (`line` is then its row).
    pub sheet: Option<String>,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u64,
    /// 1-based column and its header name, when the problem is in one cell.
    pub column: Option<(usize, String)>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(sheet) = &self.sheet {
            // Spreadsheet users think in sheets, rows and column letters.
            write!(f, ": sheet '{sheet}'")?;
            if self.line > 0 {
                write!(f, ", row {}", self.line)?;
            }
            if let Some((col, name)) = &self.column {
                write!(f, ", column {} ('{name}')", column_letters(*col))?;
            }
        } else {
            if self.line > 0 {
                write!(f, ":{}", self.line)?;
            }
            if let Some((col, name)) = &self.column {
                write!(f, ":{col}: column '{name}'")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}

/// Spreadsheet column letters of a 1-based column number (1 → A, 27 → AA).
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        out.push(b'A' + rem as u8);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn list_problems(problems: &[Problem]) -> String {
    const SHOWN: usize = 50;
    let mut out = format!(
        "{} problem{} in the answers:",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems.iter().take(SHOWN) {
        out.push('\n');
        out.push_str(&p.to_string());
    }
    if problems.len() > SHOWN {
        out.push_str(&format!(
            "\n… and {} more (run `imcm validate` to list them all)",
            problems.len() - SHOWN
        ));
    }
    out
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read, created or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done (`read`, `write`, `create folder`, …).
        action: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The operating system's error.
        #[source]
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
        /// File path, or `built-in:ID`.
        origin: String,
        /// The offending id (metric, subcategory, status, level …).
        id: String,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// `--questionnaire` named neither a built-in questionnaire nor a file.
    #[error(
        "unknown questionnaire '{name}': it is not a built-in id ({available}) and no such file exists\n  help: run `imcm questionnaire list`, or give the path of a questionnaire TOML file"
    )]
    UnknownQuestionnaire {
        /// What the user asked for.
        name: String,
        /// Comma-separated built-in ids.
        available: String,
    },

    /// One or more problems in answer files (all found are listed).
    #[error("{}", list_problems(.0))]
    Answers(Vec<Problem>),

    /// The target profile file is invalid.
    #[error("{}: {message}", path.display())]
    Target {
        /// Target file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// A mapping file for incident logs is invalid.
    #[error("{}: {message}", path.display())]
    Mapping {
        /// Mapping file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// An incident log cannot be read or lacks a needed column.
    #[error("{}: {message}", path.display())]
    Incidents {
        /// The log file (or folder, for importers).
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// The incident engine (polars) failed on otherwise valid input.
    #[error("incident processing failed: {message}")]
    Engine {
        /// polars' message.
        message: String,
    },

    /// The filter options select no assessment.
    #[error("no assessment matches {filter}\n  help: the inputs hold: {available}")]
    NoAssessment {
        /// The filter as given (`--org X --period Y`).
        filter: String,
        /// The assessments that exist.
        available: String,
    },

    /// A report template failed to parse or render.
    #[error("template '{name}': {message}")]
    Template {
        /// Template name (`report.html.hbs`, `partials/metric_table.hbs`, …).
        name: String,
        /// Handlebars' message.
        message: String,
    },

    /// A chart could not be drawn.
    #[error("cannot draw chart '{name}': {message}")]
    Chart {
        /// Chart name.
        name: String,
        /// The drawing backend's message.
        message: String,
    },

    /// An output location is unusable (e.g. it would overwrite an input).
    #[error("{}: {message}", path.display())]
    Output {
        /// The output path.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// Serialising an output failed (should not happen with valid data).
    #[error("cannot serialise {what}: {message}")]
    Serialise {
        /// What was being serialised.
        what: &'static str,
        /// The serialiser's message.
        message: String,
    },
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
