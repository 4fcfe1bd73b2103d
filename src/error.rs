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
        use crate::i18n::tr;
        write!(f, "{}", self.path.display())?;
        if let Some(sheet) = &self.sheet {
            // Spreadsheet users think in sheets, rows and column letters.
            let place = match (&self.column, self.line) {
                (Some((col, name)), row) if row > 0 => tr(
                    "sheet_row_column",
                    &[
                        ("sheet", sheet),
                        ("row", &row),
                        ("column", &column_letters(*col)),
                        ("name", name),
                    ],
                ),
                (_, row) if row > 0 => tr("sheet_row", &[("sheet", sheet), ("row", &row)]),
                _ => tr("sheet", &[("sheet", sheet)]),
            };
            write!(f, ": {place}")?;
        } else {
            if self.line > 0 {
                write!(f, ":{}", self.line)?;
            }
            if let Some((col, name)) = &self.column {
                write!(f, ":{col}: {}", tr("column_named", &[("name", name)]))?;
            }
        }
        write!(f, ": {}", self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n  {}: {}", tr("help", &[]), self.help)?;
        }
        Ok(())
    }
}

/// The problems found in answer files: every one is counted, the first
/// [`Problems::KEPT`] are kept. A file of a million bad rows would otherwise
/// hold a million messages (about 600 bytes each) to show fifty of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    kept: Vec<Problem>,
    total: usize,
}

impl Problems {
    /// How many problems are kept with their messages.
    pub const KEPT: usize = 10_000;

    /// Count `p`, keeping it while fewer than [`Problems::KEPT`] are kept.
    pub fn push(&mut self, p: Problem) {
        self.total += 1;
        if self.kept.len() < Self::KEPT {
            self.kept.push(p);
        }
    }

    /// Every problem found, kept or not.
    pub fn len(&self) -> usize {
        self.total
    }

    /// Whether none was found.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The kept problems, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.kept.iter()
    }

    /// Forget the problems found after the first `n`.
    pub fn truncate(&mut self, n: usize) {
        self.total = self.total.min(n);
        self.kept.truncate(n);
    }
}

impl Extend<Problem> for Problems {
    fn extend<I: IntoIterator<Item = Problem>>(&mut self, iter: I) {
        for p in iter {
            self.push(p);
        }
    }
}

impl From<Vec<Problem>> for Problems {
    fn from(v: Vec<Problem>) -> Self {
        let mut out = Problems::default();
        out.extend(v);
        out
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.kept.iter()
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

fn list_problems(problems: &Problems) -> String {
    const SHOWN: usize = 50;
    let mut out = if problems.len() == 1 {
        crate::i18n::tr("problem_in_answers", &[])
    } else {
        crate::i18n::tr("problems_in_answers", &[("n", &problems.len())])
    };
    for p in problems.iter().take(SHOWN) {
        out.push('\n');
        out.push_str(&p.to_string());
    }
    if problems.len() > SHOWN {
        out.push('\n');
        out.push_str(&crate::i18n::tr(
            "more_problems",
            &[("n", &(problems.len() - SHOWN))],
        ));
    }
    out
}

/// Everything that can go wrong in the library.
#[derive(Debug)]
pub enum Error {
    /// A file or folder could not be read, created or written.
    Io {
        /// What was being done (`read`, `write`, `create folder`, …).
        action: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// A questionnaire file is not valid TOML or does not follow the format.
    QuestionnaireSyntax {
        /// File path, or `built-in:ID` for an embedded questionnaire.
        origin: String,
        /// The parser's message, including line and column.
        message: String,
    },

    /// A questionnaire parses but is inconsistent (duplicate or dangling ids,
    /// unknown priorities, broken scale or level rules).
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
    UnknownQuestionnaire {
        /// What the user asked for.
        name: String,
        /// Comma-separated built-in ids.
        available: String,
    },

    /// One or more problems in answer files (all found are counted).
    Answers(Problems),

    /// The target profile file is invalid.
    Target {
        /// Target file.
        path: PathBuf,
        /// 1-based line of the problem; 0 when it concerns the whole file
        /// (or the message gives the line itself).
        line: u64,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// A mapping file for incident logs is invalid.
    Mapping {
        /// Mapping file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// An incident log cannot be read or lacks a needed column.
    Incidents {
        /// The log file (or folder, for importers).
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// The incident engine (polars) failed on otherwise valid input.
    Engine {
        /// polars' message.
        message: String,
    },

    /// The filter options select no assessment.
    NoAssessment {
        /// The filter as given (`--org X --period Y`).
        filter: String,
        /// The assessments that exist.
        available: String,
    },

    /// A report template failed to parse or render.
    Template {
        /// Template name (`report.html.hbs`, `partials/metric_table.hbs`, …).
        name: String,
        /// Handlebars' message.
        message: String,
    },

    /// A chart could not be drawn.
    Chart {
        /// Chart name.
        name: String,
        /// The drawing backend's message.
        message: String,
    },

    /// An output location is unusable (e.g. it would overwrite an input).
    Output {
        /// The output path.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// A parser we use stopped on a damaged input (caught by [`guard`]).
    Internal {
        /// The parser (`polars`, `calamine`).
        what: String,
        /// Its panic message.
        detail: String,
    },

    /// An input is larger than a limit of [`crate::limits`] allows.
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
    Verify {
        /// The scores.json checked.
        path: PathBuf,
        /// Every difference, one sentence each.
        problems: Vec<String>,
    },

    /// Serialising an output failed (should not happen with valid data).
    Serialise {
        /// What was being serialised.
        what: &'static str,
        /// The serialiser's message.
        message: String,
    },
}

impl fmt::Display for Error {
    /// The message in the language of [`crate::i18n::ui_lang`] (English unless
    /// the command line or locale asks for Japanese).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::i18n::tr;
        let help = tr("help", &[]);
        match self {
            Error::Io {
                action,
                path,
                source,
            } => {
                let key = format!("io_{}", action.replace(' ', "_"));
                let args: [(&str, &dyn fmt::Display); 3] = [
                    ("action", action),
                    ("path", &path.display()),
                    ("error", source),
                ];
                let text = tr(&key, &args);
                // An action without its own message uses the general one.
                let text = if text == key { tr("io", &args) } else { text };
                write!(f, "{text}")
            }
            Error::QuestionnaireSyntax { origin, message } => write!(f, "{origin}: {message}"),
            Error::QuestionnaireInvalid {
                origin,
                id,
                message,
            } => write!(f, "{origin}: {id}: {message}"),
            Error::QuestionnaireNotShown {
                path,
                by,
                role,
                line,
                column,
            } => {
                let text = match (line, column) {
                    (Some(line), Some(column)) => tr(
                        "q_not_shown_at",
                        &[
                            ("path", path),
                            ("by", by),
                            ("role", role),
                            ("line", line),
                            ("column", column),
                        ],
                    ),
                    _ => tr("q_not_shown", &[("path", path), ("by", by), ("role", role)]),
                };
                write!(
                    f,
                    "{text}\n  {help}: {}",
                    tr("q_not_shown_help", &[("path", path)])
                )
            }
            Error::Target {
                path,
                line,
                message,
            } if *line > 0 => write!(f, "{}:{line}: {message}", path.display()),
            Error::Target { path, message, .. } => write!(f, "{}: {message}", path.display()),
            Error::UnknownQuestionnaire { name, available } => write!(
                f,
                "{}\n  {help}: {}",
                tr(
                    "unknown_questionnaire",
                    &[("name", name), ("available", available)]
                ),
                tr("unknown_questionnaire_help", &[])
            ),
            Error::Answers(problems) => write!(f, "{}", list_problems(problems)),
            Error::Mapping { path, message }
            | Error::Incidents { path, message }
            | Error::Output { path, message } => write!(f, "{}: {message}", path.display()),
            Error::Engine { message } => {
                write!(f, "{}", tr("engine_failed", &[("message", message)]))
            }
            Error::NoAssessment { filter, available } => write!(
                f,
                "{}\n  {help}: {}",
                tr("no_assessment", &[("filter", filter)]),
                tr("no_assessment_help", &[("available", available)])
            ),
            Error::Template { name, message } => write!(
                f,
                "{}",
                tr("template_failed", &[("name", name), ("message", message)])
            ),
            Error::Chart { name, message } => write!(
                f,
                "{}",
                tr("chart_failed", &[("name", name), ("message", message)])
            ),
            Error::Serialise { what, message } => write!(
                f,
                "{}",
                tr("serialise_failed", &[("what", what), ("message", message)])
            ),
            Error::Internal { what, detail } => write!(
                f,
                "{}",
                tr("internal_failure", &[("what", what), ("detail", detail)])
            ),
            Error::Limit {
                path,
                limit,
                found,
                max,
            } => write!(
                f,
                "{}: {}\n  {help}: {}",
                path.display(),
                tr(
                    "limit_exceeded",
                    &[
                        ("found", &limit.show(*found)),
                        ("name", &limit.name()),
                        ("max", &limit.show(*max)),
                    ]
                ),
                tr("limit_exceeded_help", &[("name", &limit.name())])
            ),
            Error::Verify { path, problems } => {
                write!(
                    f,
                    "{}: {}",
                    path.display(),
                    tr("verify_failed", &[("n", &problems.len())])
                )?;
                for p in problems {
                    write!(f, "\n  - {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
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
