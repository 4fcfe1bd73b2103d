//! `imcm questionnaire show METRIC_ID` (or a subcategory or category id):
//! one metric in full for the terminal — where it sits, its priority,
//! question, guidance, numbered indicators, recommendation and evidence
//! rules — in the language asked for. Questionnaire text may hold control
//! characters: the rendering passes through
//! [`crate::sanitize::terminal_safe`].

use crate::format::trim_number;
use crate::i18n::tr_in;
use crate::model::columns::answer_column;
use crate::model::{Category, IndicatorKind, Lang, Metric, Questionnaire, Subcategory};
use std::fmt::Write;

/// What an id names in a questionnaire.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    /// A metric (`3.1.2`).
    Metric(&'a Metric),
    /// A subcategory (`3.1`).
    Subcategory(&'a Subcategory),
    /// A category, by id (`3`) or key (`respond`).
    Category(&'a Category),
}

/// The message key of an indicator kind's name.
fn kind_key(kind: IndicatorKind) -> &'static str {
    match kind {
        IndicatorKind::Prerequisite => "qm_kind_prerequisite",
        IndicatorKind::Control => "qm_kind_control",
        IndicatorKind::Activity => "qm_kind_activity",
        IndicatorKind::SupportingMechanism => "qm_kind_supporting_mechanism",
        IndicatorKind::Artifact => "qm_kind_artifact",
        IndicatorKind::Quality => "qm_kind_quality",
    }
}

/// One metric in full.
fn metric(out: &mut String, q: &Questionnaire, m: &Metric, lang: Lang) {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| tr_in(lang, key, args);
    let _ = writeln!(
        out,
        "{}",
        t("qm_heading", &[("id", &m.id), ("questionnaire", &q.id)])
    );
    let sub = q.subcategory(&m.subcategory);
    let cat = sub.and_then(|s| q.category_of_subcategory(s));
    if let (Some(s), Some(c)) = (sub, cat) {
        let _ = writeln!(
            out,
            "{}",
            t(
                "qm_place",
                &[
                    ("category", &format!("{} {}", c.id, c.name.get(lang))),
                    ("subcategory", &format!("{} {}", s.id, s.name.get(lang))),
                ]
            )
        );
    }
    let p = q.priority(&m.priority);
    let _ = writeln!(
        out,
        "{}",
        t(
            "qm_priority",
            &[
                (
                    "label",
                    &p.map_or(m.priority.as_str(), |p| p.label.get(lang))
                ),
                (
                    "weight",
                    &p.map_or(String::new(), |p| trim_number(p.weight, 2))
                ),
            ]
        )
    );
    let _ = writeln!(
        out,
        "{}",
        t("qm_question", &[("text", &m.question.get(lang))])
    );
    let guidance = m.guidance.get(lang);
    if !guidance.is_empty() {
        let _ = writeln!(out, "{}", t("qm_guidance", &[("text", &guidance)]));
    }
    if !m.indicators.is_empty() {
        let column = answer_column("indicators_met").header(lang);
        let _ = writeln!(out, "{}", t("qm_indicators", &[("column", &column)]));
        for (i, ind) in m.indicators.iter().enumerate() {
            let mut kind = t(kind_key(ind.kind), &[]);
            if ind.required {
                kind = t("qm_kind_required", &[("kind", &kind)]);
            }
            let _ = writeln!(out, "  {}. [{kind}] {}", i + 1, ind.text.get(lang));
        }
    }
    let recommendation = m.recommendation.get(lang);
    if !recommendation.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            t("qm_recommendation", &[("text", &recommendation)])
        );
    }
    if !m.evidence.is_empty() {
        let _ = writeln!(out, "{}", t("qm_evidence", &[]));
        for rule in &m.evidence {
            let _ = writeln!(
                out,
                "  {}",
                t("qm_rule", &[("rule", &rule.describe()), ("n", &rule.min_n)])
            );
        }
    }
}

/// `item` of `q` as text: a metric in full; a subcategory or category as a
/// heading and each of its metrics in full, separated by blank lines.
pub fn item(q: &Questionnaire, item: Item<'_>, lang: Lang) -> String {
    let mut out = String::new();
    let (heading, metrics): (Option<String>, Vec<&Metric>) = match item {
        Item::Metric(m) => (None, vec![m]),
        Item::Subcategory(s) => {
            let ms: Vec<&Metric> = q.metrics_in_subcategory(&s.id).collect();
            let head = format!("{} {}", s.id, s.name.get(lang));
            (Some(head), ms)
        }
        Item::Category(c) => {
            let ms: Vec<&Metric> = q.metrics_in_category(c).collect();
            let head = format!("{} {}", c.id, c.name.get(lang));
            (Some(head), ms)
        }
    };
    if let Some(head) = heading {
        let _ = writeln!(
            out,
            "{}\n",
            tr_in(lang, "qm_group", &[("group", &head), ("n", &metrics.len())])
        );
    }
    for (i, m) in metrics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        metric(&mut out, q, m, lang);
    }
    crate::sanitize::terminal_safe(&out).into_owned()
}

/// What `id` names in `q`: a metric, subcategory or category id, or a
/// category key; full-width digits and surrounding spaces are accepted.
pub fn find<'a>(q: &'a Questionnaire, id: &str) -> Option<Item<'a>> {
    use unicode_normalization::UnicodeNormalization;
    let id: String = id.trim().nfkc().collect();
    let id = id.trim();
    if let Some(m) = q.metric(id) {
        return Some(Item::Metric(m));
    }
    if let Some(s) = q.subcategory(id) {
        return Some(Item::Subcategory(s));
    }
    q.categories
        .iter()
        .find(|c| c.id == id || c.key.eq_ignore_ascii_case(id))
        .map(Item::Category)
}

/// The metric or subcategory id nearest to `id` by edit distance, if one
/// is close (at most 2 edits).
pub fn closest<'a>(q: &'a Questionnaire, id: &str) -> Option<&'a str> {
    let ids = q
        .metrics
        .iter()
        .map(|m| m.id.as_str())
        .chain(q.subcategories.iter().map(|s| s.id.as_str()));
    ids.map(|c| (strsim::levenshtein(id.trim(), c), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}
