//! A JSON Lines incident log, checked before polars reads it: every
//! non-blank line is one JSON object, the fields read as canonical columns
//! hold text, a number, true/false or null, and the log has no more records
//! than [`Limit::IncidentRows`].
//!
//! polars reports a bad line without saying where it is (`cannot cast List
//! type`, `ExpectedObjectKey at character 10`), and a list in a later line
//! can become an empty value without a word. This pass reads the file once,
//! a line at a time (a line may hold at most [`Limit::JsonFileBytes`]), and
//! names the line, the column and the field.

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::limits::Limit;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// What a JSON value is, without keeping it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Null,
    Bool,
    Number,
    Text,
    List,
    Object,
}

impl Kind {
    fn scalar(self) -> bool {
        !matches!(self, Kind::List | Kind::Object)
    }

    fn describe(self) -> String {
        let key = match self {
            Kind::Null => "json_null",
            Kind::Bool => "json_bool",
            Kind::Number => "json_number",
            Kind::Text => "json_text",
            Kind::List => "json_list",
            Kind::Object => "json_object",
        };
        tr(key, &[])
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> std::result::Result<Kind, E> {
        Ok(Kind::Bool)
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<Kind, E> {
        Ok(Kind::Number)
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<Kind, E> {
        Ok(Kind::Number)
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<Kind, E> {
        Ok(Kind::Number)
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<Kind, E> {
        Ok(Kind::Text)
    }
    fn visit_unit<E>(self) -> std::result::Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_none<E>(self) -> std::result::Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Kind, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Kind::List)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Kind, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Kind::Object)
    }
}

impl<'de> de::Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Kind, D::Error> {
        d.deserialize_any(KindVisitor)
    }
}

/// What one line is: an object (with its first canonical field that is not
/// a single value), or something else.
enum LineKind {
    Object(Option<(String, &'static str, Kind)>),
    Other(Kind),
}

/// The distinct field names of a log, in the order first seen.
#[derive(Debug, Default)]
struct Keys {
    seen: std::collections::HashSet<String>,
    order: Vec<String>,
    /// Set when a line would take the log past [`super::shape::MAX_COLUMNS`].
    overflow: bool,
}

/// Reads one line, asking `canonical` which fields become canonical
/// columns and noting every field name in `keys`.
struct LineSeed<'a> {
    canonical: &'a dyn Fn(&str) -> Option<&'static str>,
    keys: &'a mut Keys,
}

impl<'de> DeserializeSeed<'de> for LineSeed<'_> {
    type Value = LineKind;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<LineKind, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LineSeed<'_> {
    type Value = LineKind;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<LineKind, A::Error> {
        let mut bad = None;
        while let Some(key) = map.next_key::<String>()? {
            let kind: Kind = map.next_value()?;
            if !self.keys.seen.contains(&key) {
                if self.keys.order.len() >= super::shape::MAX_COLUMNS {
                    self.keys.overflow = true;
                    return Err(de::Error::custom("too many fields"));
                }
                self.keys.seen.insert(key.clone());
                self.keys.order.push(key.clone());
            }
            if bad.is_none()
                && !kind.scalar()
                && let Some(canon) = (self.canonical)(&key)
            {
                bad = Some((key, canon, kind));
            }
        }
        Ok(LineKind::Object(bad))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<LineKind, A::Error> {
        KindVisitor.visit_seq(seq).map(LineKind::Other)
    }
    fn visit_bool<E>(self, _: bool) -> std::result::Result<LineKind, E> {
        Ok(LineKind::Other(Kind::Bool))
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<LineKind, E> {
        Ok(LineKind::Other(Kind::Number))
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<LineKind, E> {
        Ok(LineKind::Other(Kind::Number))
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<LineKind, E> {
        Ok(LineKind::Other(Kind::Number))
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<LineKind, E> {
        Ok(LineKind::Other(Kind::Text))
    }
    fn visit_unit<E>(self) -> std::result::Result<LineKind, E> {
        Ok(LineKind::Other(Kind::Null))
    }
}

/// serde_json's message without its own " at line 1 column N" (each line
/// is parsed alone, so its place is given separately).
fn bare(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

/// What [`check`] found in a sound log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Records (non-blank lines).
    pub records: u64,
    /// Every field name, in the order first seen (at most
    /// [`super::shape::MAX_COLUMNS`]).
    pub fields: Vec<String>,
}

/// Check a JSON Lines log; `canonical` says which canonical column a field
/// is read as (`None` for a field that is not read).
///
/// # Errors
/// [`Error::Incidents`] naming the file, the line (and column or field) of
/// the first line that is not a JSON object or has a list or object in a
/// canonical field; [`Error::Limit`] for a line longer than
/// [`Limit::JsonFileBytes`] or more records than [`Limit::IncidentRows`];
/// [`Error::Io`] when the file cannot be read.
pub fn check(path: &Path, canonical: &dyn Fn(&str) -> Option<&'static str>) -> Result<Checked> {
    let file = std::fs::File::open(path).map_err(|e| Error::io("read", path, e))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let max_line = Limit::JsonFileBytes.get();
    let incident_err = |message: String| Error::Incidents {
        path: path.to_path_buf(),
        message,
    };
    let mut line = Vec::new();
    let mut keys = Keys::default();
    let (mut number, mut records) = (0u64, 0u64);
    loop {
        line.clear();
        let n = (&mut reader)
            .take(max_line.saturating_add(1))
            .read_until(b'\n', &mut line)
            .map_err(|e| Error::io("read", path, e))?;
        if n == 0 {
            return Ok(Checked {
                records,
                fields: keys.order,
            });
        }
        number += 1;
        if line.len() as u64 > max_line {
            let label = tr("file_line", &[("path", &path.display()), ("line", &number)]);
            return Err(Error::Limit {
                path: PathBuf::from(label),
                limit: Limit::JsonFileBytes,
                found: line.len() as u64,
                max: max_line,
            });
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        records += 1;
        crate::limits::check(Limit::IncidentRows, path, records)?;
        let mut de = serde_json::Deserializer::from_slice(&line);
        let parsed = LineSeed {
            canonical,
            keys: &mut keys,
        }
        .deserialize(&mut de)
        .and_then(|kind| de.end().map(|()| kind));
        match parsed {
            Err(_) if keys.overflow => {
                return Err(incident_err(tr(
                    "log_too_many_columns",
                    &[("max", &super::shape::MAX_COLUMNS)],
                )));
            }
            Err(e) => {
                return Err(incident_err(tr(
                    "jsonl_bad_json",
                    &[
                        ("line", &number),
                        ("column", &e.column()),
                        ("error", &bare(&e)),
                    ],
                )));
            }
            Ok(LineKind::Other(kind)) => {
                return Err(incident_err(tr(
                    "jsonl_not_object",
                    &[("line", &number), ("kind", &kind.describe())],
                )));
            }
            Ok(LineKind::Object(Some((field, canon, kind)))) => {
                return Err(incident_err(tr(
                    "jsonl_bad_field",
                    &[
                        ("line", &number),
                        ("field", &field.escape_debug()),
                        ("canonical", &canon),
                        ("kind", &kind.describe()),
                    ],
                )));
            }
            Ok(LineKind::Object(None)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(k: &str) -> Option<&'static str> {
        super::super::mapping::COLUMNS
            .iter()
            .find(|c| **c == k)
            .copied()
    }

    fn check_text(text: &str) -> Result<Checked> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("log.jsonl");
        std::fs::write(&p, text).unwrap();
        check(&p, &canon)
    }

    #[test]
    fn records_are_counted_and_blank_lines_skipped() {
        let c =
            check_text("{\"id\":\"a\",\"extra\":[1,{\"x\":2}]}\n\n  \n{\"id\":2,\"org\":null}\n")
                .unwrap();
        assert_eq!(c.records, 2);
        assert_eq!(c.fields, ["id", "extra", "org"]);
    }

    #[test]
    fn each_problem_names_its_line_and_field() {
        let e = check_text("{\"id\":\"a\"}\n{\"id\":\"b\",\"category\":[\"malware\",\"x\"]}\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("log.jsonl")
                && e.contains("line 2, field \"category\"")
                && e.contains("a list where text, a number or nothing is expected"),
            "{e}"
        );
        let e = check_text("{\"id\":\"a\"}\n{\"id\":\"b\",org:\"x\"}\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("line 2, column 11: not valid JSON: key must be a string"),
            "{e}"
        );
        let e = check_text("[1,2]\n").unwrap_err().to_string();
        assert!(e.contains("line 1: a list where a JSON object"), "{e}");
        let e = check_text("{\"id\":\"a\"} {\"id\":\"b\"}\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1, column 12: not valid JSON"), "{e}");
    }
}
