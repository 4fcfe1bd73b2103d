//! How the report says things: labels looked up in `strings.toml`, scores,
//! percentages, levels, dates and names of questionnaire items in the
//! report's language, and the CSS-safe keys of the templates.

use super::Labels;
use crate::model::{Assessment, Lang, Questionnaire};

/// The label `key`, or "" when `strings.toml` has none.
pub(super) fn label<'a>(t: &'a Labels, key: &str) -> &'a str {
    t.get(key).map_or("", String::as_str)
}

/// `template` with each `{key}` replaced by its value.
pub(super) fn fill(template: &str, pairs: &[(&str, String)]) -> String {
    pairs.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// A score with one decimal ([`crate::format::score`]), or the "no score" label.
pub(super) fn score_text(score: Option<f64>, t: &Labels) -> String {
    score.map_or_else(|| label(t, "no_score").to_string(), crate::format::score)
}

/// A share as a whole percentage ([`crate::format::percent`]), or the "no
/// score" label.
pub(super) fn percent(v: Option<f64>, t: &Labels) -> String {
    v.map_or_else(|| label(t, "no_score").to_string(), crate::format::percent)
}

/// A `YYYY-MM-DD` date as the language writes it: unchanged in English (ISO
/// 8601, unambiguous for an international audience), `2026年9月15日` in
/// Japanese. Anything else is shown as given.
pub fn local_date(date: &str, lang: Lang) -> String {
    // A date-time (as a workbook cell may give) keeps its time after the date.
    if let Some((day, time)) = date.split_once('T') {
        let local = local_date(day, lang);
        if local != day {
            let hm: String = time.chars().take(5).collect();
            return format!("{local} {hm}");
        }
        return date.to_string();
    }
    let parts: Vec<&str> = date.split('-').collect();
    match (lang, parts.as_slice()) {
        (Lang::Ja, [y, m, d])
            if y.len() == 4 && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            let n = |s: &str| s.trim_start_matches('0').to_string();
            format!("{y}年{}月{}日", n(m), n(d))
        }
        _ => date.to_string(),
    }
}

/// The answers' dates as the header shows them: `2026-10-06` for one,
/// `2026-10-06 – 2026-10-07` for several (in written order, as scoring
/// takes the latest), `None` for none.
pub fn assessed_dates(a: &Assessment, lang: Lang) -> Option<String> {
    let last = a.assessed_on.as_deref()?;
    let first = a
        .metrics
        .iter()
        .map(|m| m.assessed_on.as_str())
        .filter(|d| !d.is_empty())
        .min()
        .unwrap_or(last);
    let last = local_date(last, lang);
    if first == a.assessed_on.as_deref().unwrap_or_default() {
        return Some(last);
    }
    let sep = if lang == Lang::Ja { "〜" } else { " – " };
    Some(format!("{}{sep}{last}", local_date(first, lang)))
}

/// Keep only `[a-z0-9_]` so a key (a status, a category) can be a CSS class.
pub fn css_class(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The questionnaire's words in the report's language, with its labels.
#[derive(Clone, Copy)]
pub(super) struct Words<'a> {
    /// The questionnaire whose names are shown.
    pub q: &'a Questionnaire,
    /// The report's language.
    pub lang: Lang,
    /// UI labels.
    pub t: &'a Labels,
}

impl Words<'_> {
    /// The label `key` (see [`label`]).
    pub fn label(&self, key: &str) -> &str {
        label(self.t, key)
    }

    /// Names joined as the language lists them (`A, B` or `A、B`).
    pub fn join(&self, names: &[String]) -> String {
        names.join(if self.lang == Lang::Ja { "、" } else { ", " })
    }

    /// A level number, or the "no score" label.
    pub fn level_text(&self, l: Option<u8>) -> String {
        l.map_or_else(|| self.label("no_score").to_string(), |l| l.to_string())
    }

    /// A level's name, "no score" without a level, "none" for an unknown one.
    pub fn level_name(&self, l: Option<u8>) -> String {
        let Some(l) = l else {
            return self.label("no_score").to_string();
        };
        self.q.levels.iter().find(|r| r.level == l).map_or_else(
            || self.label("level_none").to_string(),
            |r| r.name.get(self.lang).to_string(),
        )
    }

    /// A status key's label (the key itself when the scale lacks it).
    pub fn status_label(&self, key: &str) -> String {
        self.q
            .status(key)
            .map_or(key, |s| s.label.get(self.lang))
            .to_string()
    }

    /// A metric's question ("" for an unknown id).
    pub fn question(&self, id: &str) -> String {
        self.q
            .metric(id)
            .map(|m| m.question.get(self.lang).to_string())
            .unwrap_or_default()
    }

    /// A category's name ("" for an unknown key).
    pub fn cat_name(&self, key: &str) -> String {
        self.q
            .category(key)
            .map(|c| c.name.get(self.lang).to_string())
            .unwrap_or_default()
    }
}
