//! The methodology section: the answer scale, the priority weights and the
//! level rules in words.

use super::words::Words;
use crate::format::trim_number;
use crate::model::Treatment;
use crate::report::rules;
use serde::Serialize;

/// Scoring rules in words.
#[derive(Debug, Serialize)]
pub struct Methodology {
    /// Answer scale rows.
    pub scale: Vec<ScaleRow>,
    /// Priority weights.
    pub weights: Vec<WeightRow>,
    /// Level rules.
    pub levels: Vec<LevelRow>,
}

/// One status of the scale.
#[derive(Debug, Serialize)]
pub struct ScaleRow {
    /// Label.
    pub label: String,
    /// Key.
    pub key: String,
    /// Points or "—".
    pub points: String,
    /// Effect in words.
    pub effect: String,
}

/// One priority weight.
#[derive(Debug, Serialize)]
pub struct WeightRow {
    /// Label.
    pub label: String,
    /// Weight.
    pub weight: String,
}

/// One level rule.
#[derive(Debug, Serialize)]
pub struct LevelRow {
    /// Number.
    pub level: String,
    /// Name.
    pub name: String,
    /// Condition in words.
    pub rule: String,
}

/// The scoring rules of the questionnaire in words.
pub(super) fn methodology(w: Words<'_>) -> Methodology {
    let (q, lang) = (w.q, w.lang);
    Methodology {
        scale: q
            .statuses
            .iter()
            .map(|s| ScaleRow {
                label: s.label.get(lang).to_string(),
                key: s.key.clone(),
                points: match s.treatment {
                    Treatment::Scored => trim_number(s.points, 2),
                    _ => w.label("no_score").to_string(),
                },
                effect: w
                    .label(match s.treatment {
                        Treatment::Scored => "treatment_scored",
                        Treatment::Excluded => "treatment_excluded",
                        Treatment::Unobserved => "treatment_unobserved",
                    })
                    .to_string(),
            })
            .collect(),
        weights: q
            .priorities
            .iter()
            .map(|p| WeightRow {
                label: p.label.get(lang).to_string(),
                weight: trim_number(p.weight, 2),
            })
            .collect(),
        levels: q
            .levels
            .iter()
            .map(|l| LevelRow {
                level: l.level.to_string(),
                name: l.name.get(lang).to_string(),
                rule: rules::describe(l, q, lang),
            })
            .collect(),
    }
}
