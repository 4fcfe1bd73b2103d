//! Where respondents disagree, as text for `imcm explain`: per metric that
//! several respondents answered differently, what each said, where, the
//! spread and the status the consensus rule kept.

use crate::format::trim_number;
use crate::i18n::tr_in;
use crate::model::{Assessment, Lang, Questionnaire};
use std::fmt::Write;

/// The label of status `key` in `lang`, or the key itself.
fn label<'a>(q: &'a Questionnaire, key: &'a str, lang: Lang) -> &'a str {
    q.status(key).map_or(key, |s| s.label.get(lang))
}

/// The disagreements of one assessment (only `category`'s, when given);
/// empty when its respondents agree on every metric or there is one.
pub fn text(a: &Assessment, q: &Questionnaire, category: Option<&str>, lang: Lang) -> String {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| tr_in(lang, key, args);
    let mut out = String::new();
    for m in &a.metrics {
        if category.is_some_and(|c| c != m.category) {
            continue;
        }
        let Some(c) = m.consensus.as_ref().filter(|c| c.disagree) else {
            continue;
        };
        if out.is_empty() {
            let _ = writeln!(out, "\n{}", t("x_disagree_title", &[("rule", &c.rule)]));
        }
        let said: Vec<String> = c
            .responses
            .iter()
            .map(|r| {
                t(
                    "x_disagree_said",
                    &[
                        ("respondent", &r.respondent),
                        ("status", &label(q, &r.status, lang)),
                        ("source", &r.source),
                    ],
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "  {}",
            t(
                "x_disagree_line",
                &[
                    ("metric", &m.id),
                    ("status", &label(q, &m.status, lang)),
                    ("said", &said.join(crate::i18n::list_sep())),
                    ("spread", &trim_number(c.spread, 2)),
                ],
            )
        );
    }
    out
}
