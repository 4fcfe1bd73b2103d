//! Plain domain types shared by every stage: no I/O, no rendering.

pub mod answer;
pub mod assessment;
pub mod columns;
pub mod incident;
pub mod questionnaire;

pub use answer::{
    Answer, AnswerSet, AssessmentKey, ConsensusRule, Period, SourceLine, folded_name,
    indicator_numbers,
};
pub use assessment::{
    Assessment, CategoryResult, Consensus, Corroboration, EvidenceGap, EvidenceResult, GroupScore,
    LevelCheck, MetricResult, Response, StatusCount, Verdict,
};
pub use incident::{
    FailedValue, IncidentReport, IncidentSource, KpiRow, MixRow, PeriodFrom, QualityCount,
};
pub use questionnaire::{
    Category, EFFORT_RANGE, EvidenceRule, IncidentSettings, Indicator, IndicatorKind, LevelRule,
    Metric, PriorityDef, Questionnaire, Requirement, StatusDef, Subcategory, Treatment,
};

use serde::{Deserialize, Serialize};

/// A language the user-facing text is available in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// The BCP 47 tag used in `lang=` attributes (`en`, `ja`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// A piece of text given in every supported language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// English text.
    pub en: String,
    /// Japanese text.
    pub ja: String,
}

impl Text {
    /// The text in `lang`, falling back to English when the translation is empty.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja if !self.ja.trim().is_empty() => &self.ja,
            _ => &self.en,
        }
    }
}

/// Order dotted ids numerically part by part (`1.2.10` after `1.2.9`), falling
/// back to text comparison for non-numeric parts.
pub fn compare_ids(a: &str, b: &str) -> std::cmp::Ordering {
    let mut pa = a.split('.');
    let mut pb = b.split('.');
    loop {
        match (pa.next(), pb.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    _ => x.cmp(y),
                };
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_numerically() {
        let mut ids = vec!["1.10.1", "1.2.1", "1.2", "4.7.2", "1.2.10", "1.2.9"];
        ids.sort_by(|a, b| compare_ids(a, b));
        assert_eq!(ids, ["1.2", "1.2.1", "1.2.9", "1.2.10", "1.10.1", "4.7.2"]);
    }

    #[test]
    fn japanese_text_falls_back_to_english_when_missing() {
        let t = Text {
            en: "Yes".into(),
            ja: " ".into(),
        };
        assert_eq!(t.get(Lang::Ja), "Yes");
    }
}
