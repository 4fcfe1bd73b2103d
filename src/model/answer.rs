//! Answers as read from the assessors' files, grouped by assessment.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// A calendar quarter such as `2026-Q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// Calendar year.
    pub year: i32,
    /// Quarter, 1–4.
    pub quarter: u8,
}

impl Period {
    /// The last day of the quarter as `YYYY-MM-DD`.
    pub fn end_date(&self) -> String {
        let (month, day) = match self.quarter {
            1 => (3, 31),
            2 => (6, 30),
            3 => (9, 30),
            _ => (12, 31),
        };
        format!("{:04}-{:02}-{:02}", self.year, month, day)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.quarter)
    }
}

impl FromStr for Period {
    type Err = ();

    /// Parses `YYYY-Qn` (case-insensitive `q`, surrounding spaces allowed).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (year, quarter) = s.split_once('-').ok_or(())?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(());
        }
        let quarter = quarter.strip_prefix(['Q', 'q']).ok_or(())?;
        let quarter: u8 = match quarter {
            "1" => 1,
            "2" => 2,
            "3" => 3,
            "4" => 4,
            _ => return Err(()),
        };
        Ok(Period {
            year: year.parse().map_err(|_| ())?,
            quarter,
        })
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom(format!("period {s:?} is not YYYY-Qn")))
    }
}

/// What identifies one assessment: organisation, unit and quarter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AssessmentKey {
    /// Organisation name.
    pub org: String,
    /// Business unit; empty means the whole organisation.
    pub unit: String,
    /// Quarter assessed.
    pub period: Period,
}

impl fmt::Display for AssessmentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.unit.is_empty() {
            write!(f, "{} / {}", self.org, self.period)
        } else {
            write!(f, "{} / {} / {}", self.org, self.unit, self.period)
        }
    }
}

/// An organisation or unit name as matched loosely, to tell names spelled
/// apart (`本社CSIRT`, `本社 ＣＳＩＲＴ`): NFKC, lower case, no white space.
/// Only for warnings and hints: assessments match by exact name.
pub fn folded_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Where a value came from: a file and a 1-based line.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourceLine {
    /// Input file.
    pub path: PathBuf,
    /// 1-based line number of the row.
    pub line: u64,
}

impl fmt::Display for SourceLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)
    }
}

/// One metric's answer in one assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// Metric id.
    pub metric: String,
    /// Canonical status key, or `None` when the status cell was left empty.
    pub status: Option<String>,
    /// What the assessor saw.
    pub evidence: String,
    /// The assessor's note.
    pub comment: String,
    /// Who assessed it.
    pub assessor: String,
    /// When (as written, normally `YYYY-MM-DD`).
    pub assessed_on: String,
    /// Indicators the assessor ticked, as written.
    pub indicators_met: String,
    /// Who answered (the `respondent` column), empty when not given.
    #[serde(default)]
    pub respondent: String,
    /// Where the row was read.
    pub source: SourceLine,
    /// Every respondent's own answer when more than one respondent answered
    /// this metric (this answer is then their consensus); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<Answer>,
    /// The rule that made this answer from [`Answer::responses`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<ConsensusRule>,
}

impl Answer {
    /// Whether the respondents behind this answer gave different statuses.
    pub fn disagree(&self) -> bool {
        self.responses
            .iter()
            .any(|r| r.status != self.responses[0].status)
    }
}

/// The indicator numbers an `indicators_met` cell lists, ascending and
/// without repeats: numbers and ranges (`1, 3`, `2-4`, `2〜4`) separated by
/// commas, semicolons, `、`, `/`, `・` or spaces, full-width digits
/// accepted. `None` for an empty cell or one that is not such a list (free
/// text is kept as written).
pub fn indicator_numbers(text: &str) -> Option<Vec<u32>> {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = text.trim().nfkc().collect();
    let mut seen = std::collections::BTreeSet::new();
    let tokens = folded
        .split(|c: char| matches!(c, ',' | ';' | '、' | '/' | '・') || c.is_whitespace())
        .filter(|t| !t.is_empty());
    for token in tokens {
        let (from, to) = match token.split_once(['-', '〜', '~', '–']) {
            Some((a, b)) => (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?),
            None => {
                let n = token.parse::<u32>().ok()?;
                (n, n)
            }
        };
        if from > to || to - from > 1_000 {
            return None;
        }
        seen.extend(from..=to);
    }
    (!seen.is_empty()).then(|| seen.into_iter().collect())
}

/// How the answers of several respondents to one metric become one status
/// (`--consensus`). Among scored statuses "lower" means fewer points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsensusRule {
    /// The answer with the fewest points: the defensible default.
    #[default]
    Lowest,
    /// The middle answer by points; the lower of the two middle ones when
    /// their number is even.
    Median,
    /// The answer given most often; the lower one on a tie.
    Majority,
}

impl ConsensusRule {
    /// The rule's name as written on the command line and in outputs.
    pub fn key(self) -> &'static str {
        match self {
            ConsensusRule::Lowest => "lowest",
            ConsensusRule::Median => "median",
            ConsensusRule::Majority => "majority",
        }
    }

    /// The rule named `key` (as [`ConsensusRule::key`] writes it).
    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Lowest, Self::Median, Self::Majority]
            .into_iter()
            .find(|r| r.key() == key)
    }
}

/// Every answer read, grouped by assessment and keyed by metric id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerSet {
    /// Answers per assessment, sorted by (org, unit, period).
    pub assessments: BTreeMap<AssessmentKey, BTreeMap<String, Answer>>,
    /// Data rows read from each file (blank rows left out), for provenance.
    pub rows_read: BTreeMap<std::path::PathBuf, u64>,
}

impl AnswerSet {
    /// Number of answer rows held.
    pub fn len(&self) -> usize {
        self.assessments.values().map(BTreeMap::len).sum()
    }

    /// Whether no answer is held.
    pub fn is_empty(&self) -> bool {
        self.assessments.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_parses_and_prints_round_trip() {
        let p: Period = " 2026-q3 ".parse().unwrap();
        assert_eq!(
            p,
            Period {
                year: 2026,
                quarter: 3
            }
        );
        assert_eq!(p.to_string(), "2026-Q3");
        assert_eq!(p.end_date(), "2026-09-30");
    }

    #[test]
    fn period_rejects_other_forms() {
        for bad in [
            "2026Q3", "2026-Q5", "26-Q1", "2026-3", "2026-Q", "Q3-2026", "",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn periods_order_chronologically() {
        let a: Period = "2025-Q4".parse().unwrap();
        let b: Period = "2026-Q1".parse().unwrap();
        assert!(a < b);
    }
}
