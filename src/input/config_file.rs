//! Reading TOML configuration files (questionnaires, target profiles,
//! template strings) within limits.
//!
//! A TOML parser holds every table in a map node of about a kilobyte and
//! every value in about a hundred bytes, whatever the text's size: five
//! megabytes of dotted keys (`k.a.b.c.d.e.f.g = 1`) took 3 GB to parse. So
//! before a file is parsed, one pass over its text counts what the parser
//! would build (tables and arrays: `[`, `{` and the dots of dotted keys;
//! values: `=` and `,`; strings and comments skipped), and a file over
//! [`Limit::ConfigTables`] or [`Limit::ConfigValues`] is refused with a
//! message naming it. The counts are upper bounds (a float's dot counts as a
//! table), far above what real files need: the built-in questionnaire has
//! about 17 tables and 57 values per metric.

use crate::error::Result;
use crate::limits::{self, Limit};
use std::path::Path;

/// What parsing a TOML text would build, counted without parsing it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Upper bound of the tables and arrays.
    pub tables: u64,
    /// Keys and array elements (about).
    pub values: u64,
    /// `[[metric]]` headers (a lower bound of a questionnaire's metrics).
    pub metric_headers: u64,
}

/// An opening brace: an inline table. Named so that the brace counts of
/// tools that match braces in the source are not thrown by a literal.
const OPEN_BRACE: u8 = b'{';

/// Count the structure of `text` in one pass (see the module documentation).
pub fn shape(text: &str) -> Shape {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Shape::default();
    let mut i = 0;
    let mut line_start = true;
    while i < n {
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < n && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'"' | b'\'') => {
                i = skip_string(b, i, q);
                line_start = false;
                continue;
            }
            b'[' => {
                if line_start && is_metric_header(&b[i..]) {
                    out.metric_headers += 1;
                }
                out.tables += 1;
            }
            OPEN_BRACE | b'.' => out.tables += 1,
            b'=' | b',' => out.values += 1,
            _ => {}
        }
        line_start = false;
        i += 1;
    }
    out
}

/// The index just past the string starting at `b[start]` (quote `q`).
fn skip_string(b: &[u8], start: usize, q: u8) -> usize {
    let n = b.len();
    let escapes = q == b'"';
    let triple = b[start..].starts_with(&[q, q, q]);
    let mut i = start + if triple { 3 } else { 1 };
    while i < n {
        let c = b[i];
        if escapes && c == b'\\' {
            i += 2;
            continue;
        }
        if c == q {
            if !triple {
                return i + 1;
            }
            if b[i..].starts_with(&[q, q, q]) {
                // Up to two more quotes belong to the content.
                let mut end = i + 3;
                while end < n && end < i + 5 && b[end] == q {
                    end += 1;
                }
                return end;
            }
        }
        if c == b'\n' && !triple {
            // An unterminated one-line string: the parser will refuse it.
            return i;
        }
        i += 1;
    }
    n
}

/// Whether `b` starts with a `[[metric]]` header (spaces and quotes allowed).
fn is_metric_header(b: &[u8]) -> bool {
    let Some(rest) = b.strip_prefix(b"[[") else {
        return false;
    };
    let end = rest
        .iter()
        .position(|c| *c == b']' || *c == b'\n')
        .unwrap_or(rest.len());
    let key = rest[..end].trim_ascii();
    matches!(key, b"metric" | b"\"metric\"" | b"'metric'") && rest[end..].starts_with(b"]]")
}

/// Refuse a text whose shape is over [`Limit::ConfigTables`] or
/// [`Limit::ConfigValues`], naming `path`.
///
/// # Errors
/// [`crate::Error::Limit`].
pub fn check_shape(shape: &Shape, path: &Path) -> Result<()> {
    limits::check(Limit::ConfigTables, path, shape.tables)?;
    limits::check(Limit::ConfigValues, path, shape.values)
}

/// Read a TOML configuration file: a regular file within
/// [`Limit::ConfigFileBytes`], in UTF-8, whose shape passes [`check_shape`].
///
/// # Errors
/// [`crate::Error::Io`] when unreadable, not a regular file or not UTF-8;
/// [`crate::Error::Limit`] when too large.
pub fn read(path: &Path) -> Result<String> {
    let text = crate::fs::read_regular_text(path, Limit::ConfigFileBytes)?;
    check_shape(&shape(&text), path)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_comments_do_not_count() {
        let s = shape(
            "# a [comment] with {braces}. and = signs\nk = \"a.b [c] {d} = e\" # x.y\nl = 'x.y'\nm = \"\"\"\n[[metric]] . { =\n\"\"\"\nn = '''\n[[metric]] ''' \n",
        );
        assert_eq!(
            s,
            Shape {
                tables: 0,
                values: 4,
                metric_headers: 0
            }
        );
    }

    #[test]
    fn tables_dots_values_and_metric_headers_are_counted() {
        let s = shape(
            "[[metric]]\nid = \"1.1.1\"\nq = { en = \"Q\", ja = \"Q\" }\n  [[ \"metric\" ]]\na.b.c = [1, 2]\n[[metric.evidence]]\nx = 1\n",
        );
        assert_eq!(s.metric_headers, 2);
        // [[ ]] ×3 = 6, { 1, dots 2 + 1 (metric.evidence), [ 1.
        assert_eq!(s.tables, 11);
        assert_eq!(s.values, 8);
    }

    #[test]
    fn escaped_quotes_stay_inside_their_string() {
        let s = shape("a = \"x\\\"[y]\"\nb = \"\"\"q\\\"\"\"\"\nc = {d = '[e]'}\n");
        assert_eq!(s.tables, 1, "{s:?}");
        assert_eq!(s.values, 4, "{s:?}");
    }

    #[test]
    fn the_built_in_questionnaire_is_far_below_the_limits() {
        let s = shape(crate::input::questionnaire::BUILTIN[0].1);
        assert_eq!(s.metric_headers, 48);
        assert!(s.tables < 30 * 48 && s.values < 80 * 48, "{s:?}");
    }

    #[test]
    fn a_file_of_tiny_tables_is_refused_before_it_is_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("dots.toml");
        let text: String = (0..100_000)
            .map(|i| format!("k{i}.a.b.c.d = 1\n"))
            .collect();
        std::fs::write(&p, text).unwrap();
        let e = read(&p).unwrap_err().to_string();
        assert!(
            e.contains("dots.toml") && e.contains("config-tables") && e.contains("300000"),
            "{e}"
        );
    }
}
