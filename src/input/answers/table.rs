//! A table of answers before it is checked (a CSV file or a worksheet),
//! where its rows come from, and the checks of its header and the shape of
//! each row; each sound row goes on to [`super::row`].

use super::row::check_row;
use super::{MAX_CELL_BYTES, MAX_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Reading};
use super::{canonical_header, row::clip};
use crate::error::Problem;
use crate::i18n::tr;
use crate::model::Questionnaire;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The canonical columns of a table and where each is.
pub(super) struct Columns {
    pub(super) index: BTreeMap<&'static str, usize>,
}

impl Columns {
    pub(super) fn get<'r>(&self, rec: &'r csv::StringRecord, name: &str) -> &'r str {
        self.index
            .get(name)
            .and_then(|&i| rec.get(i))
            .map_or("", str::trim)
    }

    pub(super) fn col(&self, name: &str) -> (usize, String) {
        (self.index.get(name).map_or(0, |i| i + 1), name.to_string())
    }
}

/// Where rows come from: a file, and the worksheet for an XLSX workbook.
#[derive(Clone, Copy)]
pub(crate) struct Place<'a> {
    pub(crate) path: &'a Path,
    pub(crate) sheet: Option<&'a str>,
}

impl Place<'_> {
    pub(super) fn problem(
        &self,
        line: u64,
        column: Option<(usize, String)>,
        message: String,
        help: String,
    ) -> Problem {
        Problem {
            path: self.path.to_path_buf(),
            sheet: self.sheet.map(str::to_string),
            line,
            column,
            message,
            help,
        }
    }

    /// How an answer's source is shown: `file` or `file[sheet]`.
    pub(super) fn source_path(&self) -> PathBuf {
        match self.sheet {
            Some(sheet) => PathBuf::from(format!("{}[{sheet}]", self.path.display())),
            None => self.path.to_path_buf(),
        }
    }
}

/// The header and rows of one CSV file or worksheet, before checking.
pub(crate) struct Table {
    /// Header cells.
    pub(crate) headers: csv::StringRecord,
    /// (line or row number, the row or why it could not be read).
    pub(crate) rows: Vec<(u64, std::result::Result<csv::StringRecord, String>)>,
}

/// Why a row is not checked: the problem to report for it.
pub(crate) struct RowError {
    /// 0-based column of the cell concerned, if one.
    pub(super) column: Option<usize>,
    /// What is wrong.
    pub(super) message: String,
    /// What to do about it.
    pub(super) help: String,
    /// Whether the row counts as read (it was, but is too long to keep).
    pub(super) counted: bool,
}

/// Check a table's header and every row, adding answers and problems to `out`.
pub(crate) fn check_table(place: Place<'_>, table: &Table, q: &Questionnaire, out: &mut Reading) {
    let rows = table.rows.iter().map(|(line, row)| {
        let row = row.clone().map_err(|e| RowError {
            column: None,
            message: tr("row_unreadable", &[("error", &e)]),
            help: tr("row_unreadable_help", &[]),
            counted: false,
        });
        (*line, row)
    });
    check_rows(place, &table.headers, rows, q, out);
}

/// Check a header and rows as they come, adding answers and problems to `out`.
pub(super) fn check_rows(
    place: Place<'_>,
    headers: &csv::StringRecord,
    rows: impl Iterator<Item = (u64, std::result::Result<csv::StringRecord, RowError>)>,
    q: &Questionnaire,
    out: &mut Reading,
) {
    let problem = |line: u64, column: Option<(usize, String)>, message: String, help: String| {
        place.problem(line, column, message, help)
    };
    if headers.len() > MAX_COLUMNS {
        return out.problems.push(problem(
            1,
            None,
            tr(
                "too_many_columns",
                &[("n", &headers.len()), ("max", &MAX_COLUMNS)],
            ),
            tr("too_many_columns_help", &[]),
        ));
    }
    let names: Vec<String> = headers.iter().map(canonical_header).collect();
    let Some(cols) = column_index(place, headers, &names, out) else {
        return;
    };
    let needed = REQUIRED_COLUMNS
        .iter()
        .filter_map(|c| cols.index.get(c))
        .max()
        .map_or(0, |m| m + 1);
    let mut count = 0usize;
    for (line, record) in rows {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                count += usize::from(e.counted);
                let column = e
                    .column
                    .map(|i| (i + 1, names.get(i).cloned().unwrap_or_default()));
                out.problems.push(problem(line, column, e.message, e.help));
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // trailing empty rows (Excel) are not answers
        }
        count += 1;
        if let Some(i) = record.iter().position(|f| f.len() > MAX_CELL_BYTES) {
            out.problems.push(problem(
                line,
                Some((i + 1, names.get(i).cloned().unwrap_or_default())),
                tr(
                    "cell_too_long",
                    &[
                        (
                            "mib",
                            &format!("{:.1}", record[i].len() as f64 / 1_048_576.0),
                        ),
                        ("max", &(MAX_CELL_BYTES >> 20)),
                    ],
                ),
                tr("cell_too_long_help", &[]),
            ));
            continue;
        }
        if record.len() < needed {
            out.problems.push(problem(
                line,
                None,
                if record.len() == 1 {
                    tr("row_short_one", &[("columns", &headers.len())])
                } else {
                    tr(
                        "row_short",
                        &[("fields", &record.len()), ("columns", &headers.len())],
                    )
                },
                tr("row_short_help", &[]),
            ));
            continue;
        }
        check_row(&record, &cols, line, q, place, out);
    }
    *out.answers
        .rows_read
        .entry(place.path.to_path_buf())
        .or_default() += count as u64;
    if count == 0 {
        out.problems.push(problem(
            1,
            None,
            tr("no_rows", &[]),
            tr("no_rows_help", &[]),
        ));
    }
}

/// Where each canonical column is in a header. A column given twice is a
/// problem (the first is read); a missing required column is the one
/// problem of the table, and `None` comes back.
fn column_index(
    place: Place<'_>,
    headers: &csv::StringRecord,
    names: &[String],
    out: &mut Reading,
) -> Option<Columns> {
    let problem = |line: u64, column: Option<(usize, String)>, message: String, help: String| {
        place.problem(line, column, message, help)
    };
    let mut index = BTreeMap::new();
    for wanted in REQUIRED_COLUMNS.iter().chain(OPTIONAL_COLUMNS) {
        let at: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| n == wanted)
            .map(|(i, _)| i)
            .collect();
        if at.len() > 1 {
            out.problems.push(problem(
                1,
                Some((at[1] + 1, (*wanted).to_string())),
                tr(
                    "column_repeated",
                    &[
                        ("column", wanted),
                        ("count", &at.len()),
                        (
                            "columns",
                            &at.iter()
                                .map(|i| (i + 1).to_string())
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    ],
                ),
                tr("column_repeated_help", &[]),
            ));
        }
        if let Some(&i) = at.first() {
            index.insert(*wanted, i);
        }
    }
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .filter(|c| !index.contains_key(*c))
        .copied()
        .collect();
    if !missing.is_empty() {
        out.problems
            .push(missing_columns(place, headers, names, &missing));
        return None;
    }
    Some(Columns { index })
}

/// The problem of a header without every required column, with a hint when
/// the file looks split by another delimiter.
fn missing_columns(
    place: Place<'_>,
    headers: &csv::StringRecord,
    names: &[String],
    missing: &[&str],
) -> Problem {
    let first = headers.get(0).unwrap_or("");
    let delimiter_hint = [';', '\t', '|']
        .into_iter()
        .find(|d| headers.len() == 1 && first.contains(*d))
        .map(|d| tr("delimiter_hint", &[("delimiter", &format!("{d:?}"))]))
        .unwrap_or_default();
    place.problem(
        1,
        None,
        tr(
            if missing.len() == 1 {
                "missing_column"
            } else {
                "missing_columns"
            },
            &[
                (
                    "columns",
                    &missing
                        .iter()
                        .map(|m| format!("'{m}'"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ("header", &clip(&names.join(", "))),
            ],
        ),
        tr(
            "missing_columns_help",
            &[
                ("columns", &REQUIRED_COLUMNS.join(", ")),
                ("hint", &delimiter_hint),
            ],
        ),
    )
}
