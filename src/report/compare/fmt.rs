//! Shared formatting of the comparison pages for one language: labels,
//! levels, scores, signed changes, names and anchors.

use crate::model::{Lang, Questionnaire};
use crate::report::context::Labels;
pub(super) use crate::report::context::css_class;

/// The label `key`, empty when there is none.
pub(super) fn label<'a>(t: &'a Labels, key: &str) -> &'a str {
    t.get(key).map_or("", String::as_str)
}

/// `template` with every `{key}` replaced by its value.
pub(super) fn fill(template: &str, pairs: &[(&str, String)]) -> String {
    pairs.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// A signed number with `decimals` places: `+5.77`, `-3.85`, `0.00`,
/// rounded as [`crate::format::fixed`] rounds every figure.
pub fn signed(v: f64, decimals: usize) -> String {
    let s = crate::format::fixed(v, decimals);
    if v > 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        format!("+{s}")
    } else {
        s
    }
}

/// Shared formatting for one language.
pub(super) struct Fmt<'a> {
    /// The questionnaire.
    pub q: &'a Questionnaire,
    /// Page language.
    pub lang: Lang,
    /// UI labels.
    pub t: &'a Labels,
}

impl Fmt<'_> {
    /// The "no score" mark.
    pub(super) fn none(&self) -> &str {
        label(self.t, "no_score")
    }
    /// A level, or the "no score" mark.
    pub(super) fn level(&self, l: Option<u8>) -> String {
        l.map_or_else(|| self.none().to_string(), |l| l.to_string())
    }
    /// A score at 1 decimal, or the "no score" mark.
    pub(super) fn score(&self, s: Option<f64>) -> String {
        s.map_or_else(|| self.none().to_string(), crate::format::score)
    }
    /// `level · score`.
    pub(super) fn cell(&self, level: Option<u8>, score: Option<f64>) -> String {
        format!("{} · {}", self.level(level), self.score(score))
    }
    /// Category name (the key when unknown).
    pub(super) fn category(&self, key: &str) -> String {
        self.q
            .category(key)
            .map(|c| c.name.get(self.lang).to_string())
            .unwrap_or_else(|| key.to_string())
    }
    /// Status label (the key when unknown).
    pub(super) fn status(&self, key: &str) -> String {
        self.q
            .status(key)
            .map_or(key, |s| s.label.get(self.lang))
            .to_string()
    }
    /// Question of a metric (empty when unknown).
    pub(super) fn question(&self, id: &str) -> String {
        self.q
            .metric(id)
            .map(|m| m.question.get(self.lang).to_string())
            .unwrap_or_default()
    }
    /// Unit name, or the "whole organisation" label.
    pub(super) fn unit(&self, unit: &str) -> String {
        if unit.is_empty() {
            label(self.t, "whole_org").to_string()
        } else {
            unit.to_string()
        }
    }
    /// Separator of a list in the language.
    pub(super) fn join(&self) -> &'static str {
        if self.lang == Lang::Ja { "、" } else { ", " }
    }
    /// The names of these categories, joined.
    pub(super) fn weakest(&self, keys: &[&str]) -> String {
        keys.iter()
            .map(|k| self.category(k))
            .collect::<Vec<_>>()
            .join(self.join())
    }
}

/// Anchor of a unit's section from its folder.
pub(super) fn anchor(folder: &str) -> String {
    format!("u-{}", folder.replace('/', "--"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_numbers_never_show_minus_zero() {
        assert_eq!(signed(5.769_23, 2), "+5.77");
        assert_eq!(signed(-3.846, 2), "-3.85");
        assert_eq!(signed(-0.001, 2), "0.00");
        assert_eq!(signed(0.0, 2), "0.00");
    }
}
