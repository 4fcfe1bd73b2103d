//! Problems found in input files, each with its file, line, column and fix,
//! and the capped list of them that an answers error carries.

use std::fmt;
use std::path::PathBuf;

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

pub(crate) fn list_problems(problems: &Problems) -> String {
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
