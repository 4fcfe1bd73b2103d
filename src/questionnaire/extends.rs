//! `extends`: a questionnaire file that starts from another one.
//!
//! A consultant who needs one more metric, a stricter level rule or the
//! client's own wording should not have to copy the whole built-in
//! questionnaire. A file with `extends = "imcm-v0.1"` (a built-in id) or
//! `extends = "base.toml"` (a path relative to the file) takes everything
//! from that questionnaire and changes only what it names:
//!
//! - a top-level value (`id`, `version`, `title` …) replaces the base's;
//! - a table (`incidents`, `title = { … }`) is merged key by key;
//! - an entry of `status`, `priority`, `level`, `category`, `subcategory` or
//!   `metric` with the key of a base entry (`key`, `level` or `id`) changes
//!   that entry field by field; an entry with a new key is added at the end.
//!
//! Chains are followed (a base may extend another), up to
//! [`MAX_DEPTH`] files; a questionnaire that leads back to itself is
//! refused with the chain.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Longest chain of `extends`.
pub const MAX_DEPTH: usize = 8;

/// The key that identifies an entry of each list of tables.
const KEYED: &[(&str, &str)] = &[
    ("status", "key"),
    ("priority", "key"),
    ("level", "level"),
    ("category", "key"),
    ("subcategory", "id"),
    ("metric", "id"),
];

/// Where a questionnaire in a chain came from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Link {
    BuiltIn(String),
    File(PathBuf),
}

impl std::fmt::Display for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Link::BuiltIn(id) => write!(f, "{id}"),
            Link::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Resolve the `extends` chain of `table` (read from `origin`, a file) and
/// return the merged table, or `None` when it extends nothing.
///
/// # Errors
/// [`Error::QuestionnaireInvalid`] for a cycle, a chain too long or a bad
/// `extends` value; [`Error::QuestionnaireSyntax`] or [`Error::Io`] for a
/// base that cannot be read.
pub fn resolve(table: &toml::Table, file: &Path) -> Result<Option<toml::Table>> {
    if !table.contains_key("extends") {
        return Ok(None);
    }
    let start = Link::File(canonical(file));
    let mut chain = vec![start.clone()];
    Ok(Some(resolve_from(table.clone(), &start, file, &mut chain)?))
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn invalid(origin: &Path, message: String) -> Error {
    Error::QuestionnaireInvalid {
        origin: origin.display().to_string(),
        id: "extends".into(),
        message,
    }
}

fn resolve_from(
    mut table: toml::Table,
    here: &Link,
    shown: &Path,
    chain: &mut Vec<Link>,
) -> Result<toml::Table> {
    let Some(value) = table.remove("extends") else {
        return Ok(table);
    };
    let Some(name) = value.as_str() else {
        return Err(invalid(
            shown,
            "`extends` must be a string: a built-in id such as \"imcm-v0.1\" or a path to a TOML file".into(),
        ));
    };
    let looks_like_path = name.contains(['/', '\\']) || name.ends_with(".toml");
    let (link, text, base_shown) = match super::BUILTIN.iter().find(|(id, _)| *id == name) {
        Some((id, src)) if !looks_like_path => (
            Link::BuiltIn((*id).to_string()),
            (*src).to_string(),
            PathBuf::from(format!("built-in:{id}")),
        ),
        _ => {
            let dir = match here {
                Link::File(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
                Link::BuiltIn(_) => PathBuf::new(),
            };
            let path = dir.join(name);
            if !path.exists() {
                return Err(invalid(
                    shown,
                    format!(
                        "extends '{name}', which is neither a built-in questionnaire ({}) nor a file ({})",
                        super::BUILTIN
                            .iter()
                            .map(|(id, _)| *id)
                            .collect::<Vec<_>>()
                            .join(", "),
                        path.display()
                    ),
                ));
            }
            let text = crate::fs::read_text(&path)?;
            (Link::File(canonical(&path)), text, path)
        }
    };
    if chain.contains(&link) {
        let mut names: Vec<String> = chain.iter().map(ToString::to_string).collect();
        names.push(link.to_string());
        return Err(invalid(
            shown,
            format!(
                "the questionnaire extends itself: {}; a questionnaire can extend a built-in one or another file, but not one that leads back to it",
                names.join(" → ")
            ),
        ));
    }
    if chain.len() >= MAX_DEPTH {
        return Err(invalid(
            shown,
            format!("more than {MAX_DEPTH} questionnaires extend one another; flatten the chain"),
        ));
    }
    chain.push(link.clone());
    let base: toml::Table = toml::from_str(&text).map_err(|e| Error::QuestionnaireSyntax {
        origin: base_shown.display().to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    let base = resolve_from(base, &link, &base_shown, chain)?;
    Ok(merge(base, table))
}

/// `child` laid over `base` (see the module documentation).
fn merge(mut base: toml::Table, child: toml::Table) -> toml::Table {
    for (k, v) in child {
        let key_field = KEYED.iter().find(|(list, _)| *list == k).map(|(_, f)| *f);
        match (base.remove(&k), v, key_field) {
            (Some(toml::Value::Array(mut items)), toml::Value::Array(new), Some(field)) => {
                for entry in new {
                    let id = entry.get(field).cloned();
                    let at = id
                        .as_ref()
                        .and_then(|id| items.iter().position(|e| e.get(field) == Some(id)));
                    match (at, entry) {
                        (Some(i), toml::Value::Table(t)) => {
                            if let toml::Value::Table(old) = &mut items[i] {
                                let merged = merge(std::mem::take(old), t);
                                *old = merged;
                            }
                        }
                        (_, entry) => items.push(entry),
                    }
                }
                base.insert(k, toml::Value::Array(items));
            }
            (Some(toml::Value::Table(old)), toml::Value::Table(new), None) => {
                base.insert(k, toml::Value::Table(merge(old, new)));
            }
            (_, v, _) => {
                base.insert(k, v);
            }
        }
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_with_a_known_key_change_field_by_field_and_new_ones_are_added() {
        let base: toml::Table = toml::from_str(
            "id = \"b\"\n[[metric]]\nid = \"1.1.1\"\npriority = \"I\"\nquestion = { en = \"Q\", ja = \"Q\" }\n",
        )
        .unwrap();
        let child: toml::Table = toml::from_str(
            "id = \"c\"\n[[metric]]\nid = \"1.1.1\"\npriority = \"II\"\n[[metric]]\nid = \"1.1.9\"\npriority = \"III\"\n",
        )
        .unwrap();
        let m = merge(base, child);
        assert_eq!(m["id"].as_str(), Some("c"));
        let metrics = m["metric"].as_array().unwrap();
        assert_eq!(metrics.len(), 2);
        assert_eq!(metrics[0]["priority"].as_str(), Some("II"));
        assert_eq!(metrics[0]["question"]["en"].as_str(), Some("Q"));
        assert_eq!(metrics[1]["id"].as_str(), Some("1.1.9"));
    }
}
