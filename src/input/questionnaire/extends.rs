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
//! refused with the chain. A base is read only when it is a regular file
//! within the `config-file-bytes` limit, and its content is never quoted in
//! a message (see `super::source`). Merging finds entries through an index
//! of each list, so its cost grows with the number of entries, not its
//! square.

use super::source::{Files, Shown};
use crate::error::Result;
use crate::i18n::tr;
use crate::limits::Limit;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

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

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Follow the `extends` chain of `files[0]` (read from `file`), adding every
/// base to `files`. Each file is parsed once here to find its `extends`;
/// errors name the file and line of the `extends` at fault.
///
/// # Errors
/// [`crate::Error::QuestionnaireInvalid`] (or `QuestionnaireNotShown`) for a
/// cycle, a chain too long or a bad `extends` value; a syntax error of a
/// base; [`crate::Error::Io`] or [`crate::Error::Limit`] for a base that
/// cannot be read or is too large.
pub(super) fn discover(files: &mut Files, file: &Path) -> Result<()> {
    let mut chain = vec![Link::File(canonical(file))];
    let mut here_dir = canonical(file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    loop {
        let i = files.len() - 1;
        super::check_text(files.text(i), files.label(i))?;
        let (name, span) = {
            let tree = files.parse(i)?;
            super::check_metrics(&tree, files.label(i))?;
            let Some(value) = tree.get_ref().get("extends") else {
                return Ok(());
            };
            match value.get_ref() {
                DeValue::String(s) => (s.to_string(), value.span()),
                _ => {
                    return Err(files.invalid(
                        Some(value.span()),
                        "extends".into(),
                        tr("q_extends_not_string", &[]),
                    ));
                }
            }
        };
        let fail = |message: String| files.invalid(Some(span.clone()), "extends".into(), message);
        let looks_like_path = name.contains(['/', '\\']) || name.ends_with(".toml");
        let builtin = super::BUILTIN
            .iter()
            .find(|(id, _)| *id == name)
            .filter(|_| !looks_like_path);
        let (link, path) = match builtin {
            Some((id, _)) => (Link::BuiltIn((*id).to_string()), None),
            None => {
                let path = here_dir.join(&name);
                if !path.exists() {
                    let builtins: Vec<&str> = super::BUILTIN.iter().map(|(id, _)| *id).collect();
                    return Err(fail(tr(
                        "q_extends_missing",
                        &[
                            ("name", &name),
                            ("builtin", &builtins.join(", ")),
                            ("path", &path.display()),
                        ],
                    )));
                }
                (Link::File(canonical(&path)), Some(path))
            }
        };
        // A cycle or a chain too long is told with the names of the files
        // followed (never their content), even when the file is hidden.
        if chain.contains(&link) {
            let mut names: Vec<String> = chain.iter().map(ToString::to_string).collect();
            names.push(link.to_string());
            return Err(files.invalid_names_only(
                span,
                "extends".into(),
                tr("q_extends_cycle", &[("chain", &names.join(" → "))]),
            ));
        }
        if chain.len() >= MAX_DEPTH {
            return Err(files.invalid_names_only(
                span,
                "extends".into(),
                tr("q_extends_deep", &[("max", &MAX_DEPTH)]),
            ));
        }
        let by = files.label(i).to_string();
        let (label, text, shown) = match (builtin, path) {
            (Some((id, src)), _) => {
                here_dir = PathBuf::new();
                (format!("built-in:{id}"), Cow::Borrowed(*src), Shown::Quoted)
            }
            (None, path) => {
                let path = path.unwrap_or_default();
                let text = crate::fs::read_regular_text(&path, Limit::ConfigFileBytes)?;
                here_dir = canonical(&path)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let shown = Shown::Hidden {
                    by: by.clone(),
                    role: tr("q_role_extends", &[]),
                };
                (path.display().to_string(), Cow::Owned(text), shown)
            }
        };
        chain.push(link);
        files.push(label, text, shown, Some(by));
    }
}

/// The merged tree of every file in `files` (each laid over the one it
/// extends), with the first file's `extends` removed.
///
/// # Errors
/// Only a syntax error, which [`discover`] has already ruled out.
pub(super) fn merged(files: &Files) -> Result<Spanned<DeTable<'_>>> {
    let mut trees = (0..files.len())
        .map(|i| files.parse(i))
        .collect::<Result<Vec<_>>>()?;
    let top = trees.remove(0);
    let root_span = top.span();
    let mut acc: Option<DeTable<'_>> = None;
    for tree in trees.into_iter().rev().chain(std::iter::once(top)) {
        let mut table = tree.into_inner();
        table.remove("extends");
        acc = Some(match acc {
            None => table,
            Some(base) => merge(base, table),
        });
    }
    Ok(Spanned::new(root_span, acc.unwrap_or_default()))
}

/// `child` laid over `base` (see the module documentation). A value of the
/// child carries its own span, so that errors point into the child.
fn merge<'a>(mut base: DeTable<'a>, child: DeTable<'a>) -> DeTable<'a> {
    for (k, v) in child {
        let key_field = KEYED
            .iter()
            .find(|(list, _)| *list == k.get_ref().as_ref())
            .map(|(_, f)| *f);
        let value = match base.remove(k.get_ref().as_ref()) {
            None => v,
            Some(old) => {
                let (span, child_span) = (old.span(), v.span());
                match (old.into_inner(), v.into_inner(), key_field) {
                    (DeValue::Array(items), DeValue::Array(new), Some(field)) => {
                        Spanned::new(span, DeValue::Array(merge_list(items, new, field)))
                    }
                    (DeValue::Table(a), DeValue::Table(b), None) => {
                        Spanned::new(span, DeValue::Table(merge(a, b)))
                    }
                    (_, other, _) => Spanned::new(child_span, other),
                }
            }
        };
        base.insert(k, value);
    }
    base
}

/// The entries of `new` merged into `items` by `field`: an entry whose key a
/// base entry has changes that entry, any other is added at the end. An
/// index of the keys makes this linear.
fn merge_list<'a>(items: DeArray<'a>, new: DeArray<'a>, field: &str) -> DeArray<'a> {
    let mut items: Vec<Spanned<DeValue<'a>>> = items.into_iter().collect();
    let mut index: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for (i, e) in items.iter().enumerate() {
        if let Some(id) = key_of(e, field) {
            index.entry(id).or_insert(i);
        }
    }
    for entry in new {
        let id = key_of(&entry, field);
        let at = id.as_ref().and_then(|id| index.get(id)).copied();
        match (at, entry.get_ref().is_table()) {
            (Some(i), true) => {
                if let (DeValue::Table(t), DeValue::Table(old)) =
                    (entry.into_inner(), items[i].get_mut())
                {
                    let merged = merge(std::mem::take(old), t);
                    *old = merged;
                }
            }
            _ => {
                if let Some(id) = id {
                    index.entry(id).or_insert(items.len());
                }
                items.push(entry);
            }
        }
    }
    items.into_iter().collect()
}

/// The key of an entry, as a string that tells types apart (`"1"` and `1`
/// are different keys, as they were different values before).
fn key_of(entry: &Spanned<DeValue<'_>>, field: &str) -> Option<String> {
    let v = entry.get_ref().as_table()?.get(field)?;
    Some(match v.get_ref() {
        DeValue::String(s) => format!("s{s}"),
        DeValue::Integer(i) => format!("i{}", i128::from_str_radix(i.as_str(), i.radix()).ok()?),
        DeValue::Float(f) => format!("f{}", f.as_str()),
        DeValue::Boolean(b) => format!("b{b}"),
        DeValue::Datetime(d) => format!("d{d}"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> DeTable<'_> {
        DeTable::parse(text).unwrap().into_inner()
    }

    fn value(t: DeTable<'_>) -> toml::Value {
        use serde::Deserialize;
        toml::Value::deserialize(toml::de::ValueDeserializer::from(Spanned::new(
            0..0,
            DeValue::Table(t),
        )))
        .unwrap()
    }

    #[test]
    fn entries_with_a_known_key_change_field_by_field_and_new_ones_are_added() {
        let base = tree(
            "id = \"b\"\n[[metric]]\nid = \"1.1.1\"\npriority = \"I\"\nquestion = { en = \"Q\", ja = \"Q\" }\n",
        );
        let child = tree(
            "id = \"c\"\n[[metric]]\nid = \"1.1.1\"\npriority = \"II\"\n[[metric]]\nid = \"1.1.9\"\npriority = \"III\"\n",
        );
        let m = value(merge(base, child));
        assert_eq!(m["id"].as_str(), Some("c"));
        let metrics = m["metric"].as_array().unwrap();
        assert_eq!(metrics.len(), 2);
        assert_eq!(metrics[0]["priority"].as_str(), Some("II"));
        assert_eq!(metrics[0]["question"]["en"].as_str(), Some("Q"));
        assert_eq!(metrics[1]["id"].as_str(), Some("1.1.9"));
    }

    #[test]
    fn a_key_of_another_type_is_another_entry() {
        let base = tree("[[level]]\nlevel = 1\nname = \"a\"\n");
        let child =
            tree("[[level]]\nlevel = \"1\"\nname = \"b\"\n[[level]]\nlevel = 0x1\nname = \"c\"\n");
        let m = value(merge(base, child));
        let levels = m["level"].as_array().unwrap();
        assert_eq!(levels.len(), 2);
        assert_eq!(levels[0]["name"].as_str(), Some("c"));
        assert_eq!(levels[1]["name"].as_str(), Some("b"));
    }

    #[test]
    fn merging_many_new_entries_is_linear() {
        let n = 20_000;
        let mut child = String::new();
        for i in 0..n {
            child.push_str(&format!("[[metric]]\nid = \"9.9.{i}\"\n"));
        }
        let base = "[[metric]]\nid = \"1.1.1\"\n";
        let started = std::time::Instant::now();
        let m = value(merge(tree(base), tree(&child)));
        assert_eq!(m["metric"].as_array().unwrap().len(), n + 1);
        // Quadratic merging took about 30 s here for 20,000 entries.
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }
}
