//! Maturity-level rules in words, generated from the questionnaire's rule data
//! so that custom questionnaires are described correctly too.

use crate::model::{EvidenceGap, Lang, LevelCheck, LevelRule, Questionnaire};

fn status_list(keys: &[String], q: &Questionnaire, lang: Lang) -> String {
    let labels: Vec<String> = keys
        .iter()
        .map(|k| {
            let l = q.status(k).map_or(k.as_str(), |s| s.label.get(lang));
            match lang {
                Lang::En => l.to_string(),
                Lang::Ja => format!("「{l}」"),
            }
        })
        .collect();
    match lang {
        Lang::En => labels.join(" or "),
        Lang::Ja => labels.join("または"),
    }
}

/// Describe a level's condition, e.g. "every Priority I metric is Yes or Partial".
pub fn describe(rule: &LevelRule, q: &Questionnaire, lang: Lang) -> String {
    let mut parts = Vec::new();
    if !rule.any_of.is_empty() {
        let s = status_list(&rule.any_of, q, lang);
        parts.push(match lang {
            Lang::En => format!("at least one metric is {s}"),
            Lang::Ja => format!("{s}のメトリクスが一つ以上ある"),
        });
    }
    for r in &rule.require {
        let s = status_list(&r.status, q, lang);
        parts.push(match (lang, r.priority.as_str()) {
            (Lang::En, "*") => format!("every metric is {s}"),
            (Lang::Ja, "*") => format!("すべてのメトリクスが{s}"),
            (Lang::En, p) => format!("every Priority {p} metric is {s}"),
            (Lang::Ja, p) => format!("優先度 {p} のメトリクスがすべて{s}"),
        });
    }
    if !rule.forbid.is_empty() {
        let s = status_list(&rule.forbid, q, lang);
        parts.push(match lang {
            Lang::En => format!("no metric is {s}"),
            Lang::Ja => format!("{s}のメトリクスがない"),
        });
    }
    if rule.evidence_all_pass {
        parts.push(match lang {
            Lang::En => "every evidence rule of the category passes on incident data".to_string(),
            Lang::Ja => {
                "インシデントデータに基づく当該カテゴリのエビデンスルールをすべて満たす".to_string()
            }
        });
    }
    match lang {
        Lang::En => parts.join("; "),
        Lang::Ja => parts.join("、かつ"),
    }
}

/// Why an evidence condition is not met, in words.
pub fn evidence_gap(gap: &EvidenceGap, lang: Lang) -> String {
    match (gap, lang) {
        (EvidenceGap::NoIncidentData, Lang::En) => {
            "no incident data was given (--incidents)".into()
        }
        (EvidenceGap::NoIncidentData, Lang::Ja) => {
            "インシデントデータが与えられていない（--incidents）".into()
        }
        (EvidenceGap::NoRules, Lang::En) => "the category has no evidence rule".into(),
        (EvidenceGap::NoRules, Lang::Ja) => "カテゴリにエビデンスルールがない".into(),
        (EvidenceGap::NotPassed { metrics }, Lang::En) => {
            format!(
                "evidence not passed (failed or too little data) for {}",
                metrics.join(", ")
            )
        }
        (EvidenceGap::NotPassed { metrics }, Lang::Ja) => {
            format!(
                "エビデンス未達（不合格またはデータ不足）：{}",
                metrics.join("、")
            )
        }
    }
}

/// What blocks a level, in words ("" when it holds).
pub fn blockers(check: &LevelCheck, lang: Lang) -> String {
    if check.holds {
        return String::new();
    }
    let mut out = Vec::new();
    if !check.blockers.is_empty() {
        out.push(check.blockers.join(match lang {
            Lang::En => ", ",
            Lang::Ja => "、",
        }));
    }
    if let Some(gap) = &check.evidence_gap {
        out.push(evidence_gap(gap, lang));
    }
    if out.is_empty() {
        out.push(match lang {
            Lang::En => "no metric qualifies".to_string(),
            Lang::Ja => "条件を満たすメトリクスがない".to_string(),
        });
    }
    out.join(match lang {
        Lang::En => "; ",
        Lang::Ja => "。",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_level_rules_read_as_sentences_in_both_languages() {
        let q = crate::input::questionnaire::default_questionnaire()
            .unwrap()
            .questionnaire;
        let en: Vec<String> = q.levels.iter().map(|l| describe(l, &q, Lang::En)).collect();
        assert_eq!(
            en,
            [
                "at least one metric is Yes or Partial",
                "every Priority I metric is Yes or Partial",
                "every Priority I metric is Yes; every Priority II metric is Yes or Partial",
                "every Priority I metric is Yes; every Priority II metric is Yes; every Priority III metric is Yes or Partial; no metric is Not observed",
                "every metric is Yes; every evidence rule of the category passes on incident data",
            ]
        );
        assert_eq!(
            describe(&q.levels[1], &q, Lang::Ja),
            "優先度 I のメトリクスがすべて「はい」または「一部」"
        );
    }
}
