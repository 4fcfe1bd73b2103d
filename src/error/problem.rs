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

/// What makes two problems the same but for their line.
type GroupKey<'a> = (
    &'a std::path::Path,
    Option<&'a str>,
    Option<&'a (usize, String)>,
    &'a str,
    &'a str,
);

/// Problems that differ only in their line, gathered: the first of each
/// kind, with every line it was found on, in the order first found.
pub fn grouped<'a>(
    problems: impl IntoIterator<Item = &'a Problem>,
) -> Vec<(&'a Problem, Vec<u64>)> {
    let mut groups: Vec<(&Problem, Vec<u64>)> = Vec::new();
    let mut index: std::collections::HashMap<GroupKey<'_>, usize> =
        std::collections::HashMap::new();
    for p in problems {
        let key = (
            p.path.as_path(),
            p.sheet.as_deref(),
            p.column.as_ref(),
            p.message.as_str(),
            p.help.as_str(),
        );
        match index.get(&key) {
            Some(&i) => groups[i].1.push(p.line),
            None => {
                index.insert(key, groups.len());
                groups.push((p, vec![p.line]));
            }
        }
    }
    groups
}

/// Lines as runs: `2-49`, `3, 7, 10-12`; more than six runs end in `…`.
fn line_runs(lines: &[u64]) -> String {
    let mut sorted = lines.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for l in sorted {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == l => *end = l,
            _ => runs.push((l, l)),
        }
    }
    let shown: Vec<String> = runs
        .iter()
        .take(6)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    let mut out = shown.join(", ");
    if runs.len() > 6 {
        out.push_str(", …");
    }
    out
}

/// One problem found on several lines, shown once with where it occurs.
pub(crate) fn show_group(p: &Problem, lines: &[u64]) -> String {
    use crate::i18n::tr;
    if lines.len() < 2 {
        return p.to_string();
    }
    let runs = line_runs(lines);
    let mut out = p.path.display().to_string();
    if let Some(sheet) = &p.sheet {
        let place = match &p.column {
            Some((col, name)) => tr(
                "sheet_rows_column",
                &[
                    ("sheet", sheet),
                    ("rows", &runs),
                    ("column", &column_letters(*col)),
                    ("name", name),
                ],
            ),
            None => tr("sheet_rows", &[("sheet", sheet), ("rows", &runs)]),
        };
        out.push_str(&format!(": {place}"));
    } else {
        out.push_str(&format!(":{runs}"));
        if let Some((col, name)) = &p.column {
            out.push_str(&format!(
                ":{col}: {}",
                tr("column_named", &[("name", name)])
            ));
        }
    }
    out.push_str(&format!(
        ": {}{}",
        p.message,
        tr("on_rows", &[("n", &lines.len())])
    ));
    if !p.help.is_empty() {
        out.push_str(&format!("\n  {}: {}", tr("help", &[]), p.help));
    }
    out
}

pub(crate) fn list_problems(problems: &Problems) -> String {
    const SHOWN: usize = 50;
    let mut out = if problems.len() == 1 {
        crate::i18n::tr("problem_in_answers", &[])
    } else {
        crate::i18n::tr("problems_in_answers", &[("n", &problems.len())])
    };
    let groups = grouped(problems.iter());
    for (p, lines) in groups.iter().take(SHOWN) {
        out.push('\n');
        out.push_str(&show_group(p, lines));
    }
    let shown: usize = groups.iter().take(SHOWN).map(|(_, l)| l.len()).sum();
    if problems.len() > shown {
        out.push('\n');
        out.push_str(&crate::i18n::tr(
            "more_problems",
            &[("n", &(problems.len() - shown))],
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u64, message: &str) -> Problem {
        Problem {
            path: "a.csv".into(),
            sheet: None,
            line,
            column: Some((3, "period".into())),
            message: message.into(),
            help: "write YYYY-Qn".into(),
        }
    }

    #[test]
    fn the_same_problem_on_many_rows_is_one_message_with_its_lines() {
        let mut ps: Vec<Problem> = (2..=49).map(|l| at(l, "bad '2026 Q3'")).collect();
        ps.push(at(50, "bad 'Q9'"));
        ps.push(at(60, "bad '2026 Q3'"));
        let text = list_problems(&Problems::from(ps));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "50 problems in the answers:");
        assert_eq!(
            lines[1],
            "a.csv:2-49, 60:3: column 'period': bad '2026 Q3' (49 rows)"
        );
        assert_eq!(lines[2], "  help: write YYYY-Qn");
        assert_eq!(lines[3], "a.csv:50:3: column 'period': bad 'Q9'");
        assert_eq!(lines.len(), 5);
        assert_eq!(
            line_runs(&[9, 1, 3, 5, 7, 11, 13, 2]),
            "1-3, 5, 7, 9, 11, 13"
        );
        assert_eq!(
            line_runs(&[9, 1, 3, 5, 7, 11, 13, 2, 15, 15]),
            "1-3, 5, 7, 9, 11, 13, …"
        );
    }
}
