//! Which indicators of a metric were seen: the `indicators_met` cell of an
//! answer read against the metric's indicators, and the lines the metric
//! table shows for it.
//!
//! Indicators are numbered 1..n per metric in questionnaire order; the
//! interviewee writes the numbers seen (`1, 3`, `１、３`, `2-4`). A cell that
//! is not such a list is shown as written, and an empty cell shows nothing:
//! the report never guesses which indicators were seen.

use super::words::{Words, fill};
use crate::model::{Indicator, IndicatorKind};
use serde::Serialize;

/// What an `indicators_met` cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Nothing was written.
    Nothing,
    /// The numbers of the indicators seen, ascending, each in `1..=n`.
    Numbers(Vec<usize>),
    /// Something else, kept as written (trimmed).
    Text(String),
}

/// Read `written` as a list of indicator numbers of a metric with `count`
/// indicators: numbers and ranges (`2-4`, `2〜4`) separated by commas,
/// semicolons, `、`, `/` or spaces, full-width digits accepted. Anything
/// else, or a number outside `1..=count`, leaves the text as written.
pub fn read(written: &str, count: usize) -> Recorded {
    let trimmed = written.trim();
    if trimmed.is_empty() {
        return Recorded::Nothing;
    }
    match crate::model::indicator_numbers(trimmed) {
        Some(numbers) if numbers.iter().all(|&n| n >= 1 && n as usize <= count) => {
            Recorded::Numbers(numbers.into_iter().map(|n| n as usize).collect())
        }
        _ => Recorded::Text(trimmed.to_string()),
    }
}

/// One indicator of a metric, marked seen or not.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct IndicatorMark {
    /// Its number within the metric (from 1).
    pub number: String,
    /// What to look for, in the report's language.
    pub text: String,
    /// Its kind and whether it is required, in the report's language:
    /// `(control, required)`, `（統制・必須）`.
    pub kind: String,
    /// Whether the metric cannot be `yes` without it.
    pub required: bool,
    /// Whether the answer records it as seen.
    pub met: bool,
}

/// What the metric table shows of an `indicators_met` cell.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct IndicatorsView {
    /// "2 of 4 indicators seen" when numbers were recorded, else "".
    pub summary: String,
    /// Every indicator, marked, when numbers were recorded; else empty.
    pub marks: Vec<IndicatorMark>,
    /// The cell as written when it is not a list of numbers; else "".
    pub as_written: String,
}

/// The label of an indicator kind.
pub(super) fn kind_label(w: Words<'_>, kind: IndicatorKind) -> String {
    let key = match kind {
        IndicatorKind::Prerequisite => "kind_prerequisite",
        IndicatorKind::Control => "kind_control",
        IndicatorKind::Activity => "kind_activity",
        IndicatorKind::SupportingMechanism => "kind_supporting_mechanism",
        IndicatorKind::Artifact => "kind_artifact",
        IndicatorKind::Quality => "kind_quality",
    };
    w.label(key).to_string()
}

/// The view of `written` for a metric whose indicators are `indicators`.
pub(super) fn view(written: &str, indicators: &[Indicator], w: Words<'_>) -> IndicatorsView {
    match read(written, indicators.len()) {
        Recorded::Nothing => IndicatorsView::default(),
        Recorded::Text(text) => IndicatorsView {
            as_written: text,
            ..IndicatorsView::default()
        },
        Recorded::Numbers(seen) => IndicatorsView {
            summary: fill(
                w.label("indicators_seen"),
                &[
                    ("seen", seen.len().to_string()),
                    ("n", indicators.len().to_string()),
                ],
            ),
            marks: indicators
                .iter()
                .enumerate()
                .map(|(i, ind)| IndicatorMark {
                    number: (i + 1).to_string(),
                    text: ind.text.get(w.lang).to_string(),
                    kind: fill(
                        w.label(if ind.required {
                            "indicator_kind_required"
                        } else {
                            "indicator_kind"
                        }),
                        &[("kind", kind_label(w, ind.kind))],
                    ),
                    required: ind.required,
                    met: seen.contains(&(i + 1)),
                })
                .collect(),
            as_written: String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lists_and_ranges_are_read_in_both_scripts() {
        assert_eq!(read("1, 3", 4), Recorded::Numbers(vec![1, 3]));
        assert_eq!(read("３、１", 4), Recorded::Numbers(vec![1, 3]));
        assert_eq!(read(" 2-4 ", 4), Recorded::Numbers(vec![2, 3, 4]));
        assert_eq!(read("1;2 2", 4), Recorded::Numbers(vec![1, 2]));
        assert_eq!(read("1〜2", 4), Recorded::Numbers(vec![1, 2]));
        assert_eq!(read("", 4), Recorded::Nothing);
        assert_eq!(read("  ", 4), Recorded::Nothing);
    }

    #[test]
    fn anything_else_is_kept_as_written() {
        for written in ["policy and logs", "1, 5", "0", "3-1", "1, a", "-", "all"] {
            assert_eq!(
                read(written, 4),
                Recorded::Text(written.to_string()),
                "{written}"
            );
        }
    }
}
