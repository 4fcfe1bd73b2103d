//! The pure half of `imcm verify`: the assessments a `scores.json` lists,
//! and the comparison of its recorded figures with freshly computed ones
//! (every JSON leaf, and `scores.csv` line by line). No file is read here.

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::model::{AssessmentKey, Period};
use std::path::Path;

/// Differences listed one by one before the rest are counted.
const SHOWN: usize = 20;

/// Compare a recorded `scores.json` with the one computed afresh: the
/// differences (the first few, then a count) and the numbers compared.
pub fn compare_figures(
    recorded: &serde_json::Value,
    fresh: &serde_json::Value,
) -> (Vec<String>, usize) {
    let mut diffs = Vec::new();
    let mut figures = 0;
    compare_values("", recorded, fresh, &mut diffs, &mut figures);
    let more = diffs.len().saturating_sub(SHOWN);
    let mut problems: Vec<String> = diffs.into_iter().take(SHOWN).collect();
    if more > 0 {
        problems.push(tr("verify_more", &[("n", &more)]));
    }
    (problems, figures)
}

/// The (org, unit, period) of every assessment in a `scores.json`.
///
/// # Errors
/// [`Error::Output`] when the list is missing or an entry lacks a part.
pub fn recorded_keys(doc: &serde_json::Value, path: &Path) -> Result<Vec<AssessmentKey>> {
    let bad = || Error::NotScores {
        path: path.to_path_buf(),
        reason: crate::error::NotScores::BadAssessments,
    };
    let list = doc
        .get("assessments")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(bad)?;
    list.iter()
        .map(|a| {
            let text = |k: &str| a.get(k).and_then(serde_json::Value::as_str);
            let period: Period = text("period")
                .and_then(|p| p.parse().ok())
                .ok_or_else(bad)?;
            Ok(AssessmentKey {
                org: text("org").ok_or_else(bad)?.to_string(),
                unit: text("unit").ok_or_else(bad)?.to_string(),
                period,
            })
        })
        .collect()
}

/// Walk two JSON documents side by side, noting every leaf that differs
/// (`provenance` paths are left out: the same files may be given under other
/// names) and counting the numbers compared.
fn compare_values(
    at: &str,
    recorded: &serde_json::Value,
    fresh: &serde_json::Value,
    diffs: &mut Vec<String>,
    figures: &mut usize,
) {
    use serde_json::Value;
    if at == "provenance" {
        return;
    }
    match (recorded, fresh) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let here = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => compare_values(&here, x, y, diffs, figures),
                    (x, y) => diffs.push(tr(
                        "verify_figure_differs",
                        &[("at", &here), ("recorded", &show(x)), ("fresh", &show(y))],
                    )),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare_values(&format!("{at}[{i}]"), x, y, diffs, figures);
            }
        }
        (x, y) => {
            if x.is_number() || y.is_number() {
                *figures += 1;
            }
            if x != y {
                diffs.push(tr(
                    "verify_figure_differs",
                    &[
                        ("at", &at),
                        ("recorded", &show(Some(x))),
                        ("fresh", &show(Some(y))),
                    ],
                ));
            }
        }
    }
}

/// A JSON value for a message, cut after 60 characters; `—` for none.
fn show(v: Option<&serde_json::Value>) -> String {
    match v {
        None => "—".into(),
        Some(v) => {
            let s = v.to_string();
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(60).collect::<String>())
            } else {
                s
            }
        }
    }
}

/// The number (from 1) of the first line where `a` and `b` differ.
pub fn first_differing_line(a: &[u8], b: &[u8]) -> usize {
    let mut line = 1;
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return line;
        }
        if *x == b'\n' {
            line += 1;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn differing_leaves_are_listed_by_path_and_provenance_is_skipped() {
        let a = json!({"assessments": [{"score": 62.5, "level": 2}], "provenance": {"inputs": [{"path": "a.csv"}]}});
        let b = json!({"assessments": [{"score": 58.0, "level": 2}], "provenance": {"inputs": [{"path": "b.csv"}]}});
        let (mut diffs, mut n) = (Vec::new(), 0);
        compare_values("", &a, &b, &mut diffs, &mut n);
        assert_eq!(n, 2);
        assert_eq!(diffs.len(), 1);
        assert!(diffs[0].contains("assessments[0].score"), "{diffs:?}");
        assert!(
            diffs[0].contains("62.5") && diffs[0].contains("58.0"),
            "{diffs:?}"
        );
    }

    #[test]
    fn the_first_differing_line_is_counted_from_one() {
        assert_eq!(first_differing_line(b"a\nb\nc\n", b"a\nb\nx\n"), 3);
        assert_eq!(first_differing_line(b"a\n", b"b\n"), 1);
    }
}
