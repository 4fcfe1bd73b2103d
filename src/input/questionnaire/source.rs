//! Where each part of a questionnaire came from.
//!
//! A questionnaire may be one file or a chain of files joined by `extends`.
//! Every value read keeps the byte span it had in its file, shifted by the
//! file's start in one virtual concatenation of the chain, so that an error
//! found after merging (a missing field, an unknown priority) names the file
//! and line that set the value, not a line of some merged text.
//!
//! A file the user gave (or one compiled into imcm) may be quoted in a
//! message; a file that another file named (the base of an `extends`, the
//! questionnaire a `scores.json` records for `imcm verify`) may not: its
//! errors give its name and line only, so that a hostile file cannot make imcm
//! print `/etc/shadow` or `/proc/self/environ`.

use crate::error::Error;
use crate::i18n::tr;
use std::borrow::Cow;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Whether the content of a questionnaire file may appear in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// A file the user gave, or one compiled into imcm: messages may quote it.
    Quoted,
    /// A file another file named: messages give its name and line only.
    Hidden {
        /// The file that named it (`child.toml`, `out/scores.json`).
        by: String,
        /// How it was named, in words (`` `extends` ``).
        role: String,
    },
}

/// One file of a chain.
struct SourceFile {
    /// Its path as shown, or `built-in:ID`.
    label: String,
    text: Cow<'static, str>,
    /// Offset of its first byte in the virtual concatenation.
    start: usize,
    shown: Shown,
    /// The file that extends it (none for the file loaded).
    extended_by: Option<String>,
}

/// The files of one questionnaire, the one loaded first.
#[derive(Default)]
pub(crate) struct Files {
    list: Vec<SourceFile>,
}

/// A place in the virtual concatenation: file index and local byte range.
struct Place {
    file: usize,
    local: Range<usize>,
}

impl Files {
    /// Add a file and return its index.
    pub fn push(
        &mut self,
        label: String,
        text: Cow<'static, str>,
        shown: Shown,
        extended_by: Option<String>,
    ) -> usize {
        let start = self.list.last().map_or(0, |f| f.start + f.text.len() + 1);
        self.list.push(SourceFile {
            label,
            text,
            start,
            shown,
            extended_by,
        });
        self.list.len() - 1
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The text of file `i`.
    pub fn text(&self, i: usize) -> &str {
        &self.list[i].text
    }

    /// How file `i` is shown.
    pub fn label(&self, i: usize) -> &str {
        &self.list[i].label
    }

    /// File `i` parsed, its spans shifted into the virtual concatenation.
    ///
    /// # Errors
    /// The parser's error, placed in file `i`.
    pub fn parse(&self, i: usize) -> crate::Result<Spanned<DeTable<'_>>> {
        let file = &self.list[i];
        let parsed = DeTable::parse(&file.text).map_err(|e| {
            let span = e.span().map(|s| s.start + file.start..s.end + file.start);
            self.syntax(span, e.message())
        })?;
        Ok(shift_root(parsed, file.start))
    }

    fn place(&self, span: &Range<usize>) -> Option<Place> {
        let i = self
            .list
            .partition_point(|f| f.start <= span.start)
            .checked_sub(1)?;
        let f = &self.list[i];
        let start = (span.start - f.start).min(f.text.len());
        let end = span.end.saturating_sub(f.start).clamp(start, f.text.len());
        Some(Place {
            file: i,
            local: start..end,
        })
    }

    fn origin(&self, file: usize, line: Option<usize>) -> String {
        let f = &self.list[file];
        let mut s = f.label.clone();
        if let Some(line) = line {
            s.push_str(&format!(":{line}"));
        }
        if let Some(by) = &f.extended_by {
            s.push_str(&tr("q_extended_by", &[("file", by)]));
        }
        s
    }

    fn not_shown(&self, file: usize, at: Option<(usize, usize)>) -> Option<Error> {
        let f = &self.list[file];
        match &f.shown {
            Shown::Quoted => None,
            Shown::Hidden { by, role } => Some(Error::QuestionnaireNotShown {
                path: f.label.clone(),
                by: by.clone(),
                role: role.clone(),
                line: at.map(|(l, _)| l as u64),
                column: at.map(|(_, c)| c as u64),
            }),
        }
    }

    /// An error of the TOML parser or of the typed reader at `span`
    /// (virtual), with the line quoted when its file may be.
    pub fn syntax(&self, span: Option<Range<usize>>, message: &str) -> Error {
        let message = message.trim_end();
        let Some(place) = span.as_ref().and_then(|s| self.place(s)) else {
            return self
                .not_shown(0, None)
                .unwrap_or_else(|| Error::QuestionnaireSyntax {
                    origin: self.origin(0, None),
                    message: message.to_string(),
                });
        };
        let text = &self.list[place.file].text;
        let (line, col) = line_col(text, place.local.start);
        if let Some(e) = self.not_shown(place.file, Some((line, col))) {
            return e;
        }
        Error::QuestionnaireSyntax {
            origin: self.origin(place.file, None),
            message: format!(
                "{}\n{}",
                tr("q_parse_error_at", &[("line", &line), ("column", &col)]),
                snippet(text, place.local, line, message)
            ),
        }
    }

    /// A consistency error about `id` at `span` (virtual; `None` when it
    /// concerns the whole questionnaire).
    pub fn invalid(&self, span: Option<Range<usize>>, id: String, message: String) -> Error {
        let Some(place) = span.as_ref().and_then(|s| self.place(s)) else {
            return self
                .not_shown(0, None)
                .unwrap_or_else(|| Error::QuestionnaireInvalid {
                    origin: self.origin(0, None),
                    id,
                    message,
                });
        };
        let (line, col) = line_col(&self.list[place.file].text, place.local.start);
        self.not_shown(place.file, Some((line, col)))
            .unwrap_or_else(|| Error::QuestionnaireInvalid {
                origin: self.origin(place.file, Some(line)),
                id,
                message,
            })
    }
}

impl Files {
    /// Like [`Files::invalid`], but shown even when the file is hidden: for
    /// messages made only of file names imcm followed (a cycle of
    /// `extends`), never of a file's content.
    pub fn invalid_names_only(&self, span: Range<usize>, id: String, message: String) -> Error {
        match self.place(&span) {
            Some(place) => {
                let (line, _) = line_col(&self.list[place.file].text, place.local.start);
                Error::QuestionnaireInvalid {
                    origin: self.origin(place.file, Some(line)),
                    id,
                    message,
                }
            }
            None => Error::QuestionnaireInvalid {
                origin: self.origin(0, None),
                id,
                message,
            },
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The line of `span` with a caret under it, as the TOML parser shows it.
fn snippet(text: &str, span: Range<usize>, line: usize, message: &str) -> String {
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let shown = text[line_start..line_end].trim_end_matches('\r');
    let col = text[line_start..start].chars().count();
    let end = span.end.clamp(start, line_end);
    let width = text[start..end].chars().count().max(1);
    let gutter = " ".repeat(line.to_string().len());
    format!(
        "{gutter} |\n{line} | {shown}\n{gutter} | {}{}\n{message}",
        " ".repeat(col),
        "^".repeat(width)
    )
}

fn shift_root(root: Spanned<DeTable<'_>>, by: usize) -> Spanned<DeTable<'_>> {
    if by == 0 {
        return root;
    }
    let span = root.span();
    Spanned::new(
        span.start + by..span.end + by,
        shift_table(root.into_inner(), by),
    )
}

fn shift_table(table: DeTable<'_>, by: usize) -> DeTable<'_> {
    table
        .into_iter()
        .map(|(k, v)| {
            let span = k.span();
            (
                Spanned::new(span.start + by..span.end + by, k.into_inner()),
                shift(v, by),
            )
        })
        .collect()
}

fn shift(value: Spanned<DeValue<'_>>, by: usize) -> Spanned<DeValue<'_>> {
    let span = value.span();
    let inner = match value.into_inner() {
        DeValue::Array(items) => DeValue::Array(items.into_iter().map(|v| shift(v, by)).collect()),
        DeValue::Table(t) => DeValue::Table(shift_table(t, by)),
        other => other,
    };
    Spanned::new(span.start + by..span.end + by, inner)
}

/// One step of a path into a questionnaire's table.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg<'s> {
    /// A key of a table.
    Key(&'s str),
    /// An element of an array.
    At(usize),
}

/// The span of the deepest part of `path` that exists in `root`: the key of
/// the last table entry found, or the last array element found.
pub(crate) fn locate(root: &Spanned<DeTable<'_>>, path: &[Seg<'_>]) -> Option<Range<usize>> {
    let mut best = Some(root.span());
    let mut here: Option<&DeValue<'_>> = None;
    let mut table = Some(root.get_ref());
    for seg in path {
        let next = match (seg, table, here) {
            (Seg::Key(k), Some(t), _) => t.get_key_value(*k).map(|(key, v)| (key.span(), v)),
            (Seg::At(i), _, Some(DeValue::Array(a))) => a.get(*i).map(|v| (v.span(), v)),
            _ => None,
        };
        let Some((span, v)) = next else { break };
        best = Some(span);
        here = Some(v.get_ref());
        table = v.get_ref().as_table();
    }
    best
}

/// A short rendering of a scalar, for messages about a value of the right
/// shape but the wrong content (`kind = 3`).
pub(crate) fn show_value(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => s.to_string(),
        DeValue::Integer(i) => i.to_string(),
        DeValue::Float(f) => f.as_str().to_string(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        other => other.type_str().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_from_one_in_characters() {
        assert_eq!(line_col("a = 1\nb = 2\n", 0), (1, 1));
        assert_eq!(line_col("a = 1\nb = 2\n", 10), (2, 5));
        assert_eq!(line_col("é = 1\nx", 4), (1, 4));
    }

    #[test]
    fn a_span_in_the_second_file_is_placed_in_that_file() {
        let mut files = Files::default();
        files.push(
            "child.toml".into(),
            "extends = \"base.toml\"\nid = \"x\"\n".into(),
            Shown::Quoted,
            None,
        );
        let base = files.push(
            "base.toml".into(),
            "\n\nversion = 3\n".into(),
            Shown::Hidden {
                by: "child.toml".into(),
                role: "`extends`".into(),
            },
            Some("child.toml".into()),
        );
        let tree = files.parse(base).unwrap();
        let span = locate(&tree, &[Seg::Key("version")]).unwrap();
        let e = files.invalid(Some(span), "version".into(), "bad".into());
        match e {
            Error::QuestionnaireNotShown { path, line, by, .. } => {
                assert_eq!(
                    (path.as_str(), line, by.as_str()),
                    ("base.toml", Some(3), "child.toml")
                );
            }
            other => panic!("{other}"),
        }
    }
}
