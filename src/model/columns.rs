//! The columns of an answer sheet and their headers in each language.
//!
//! One table serves both directions: `imcm init` writes the header of the
//! chosen language, and every reader of answers accepts the machine key or
//! the header of either language (so a CSV saved from a Japanese workbook,
//! or the result workbook's own columns, read back as they were written).

use super::Lang;
use unicode_normalization::UnicodeNormalization;

/// One column of an answer sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerColumn {
    /// Machine key, as in `scores.json` and the README (`org`, `status`, …).
    pub key: &'static str,
    /// English header.
    pub en: &'static str,
    /// Japanese header.
    pub ja: &'static str,
    /// Other headers accepted on input (the result workbook's names and
    /// common variants), any language.
    pub also: &'static [&'static str],
}

impl AnswerColumn {
    /// The header of this column in `lang`.
    pub fn header(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
        }
    }
}

/// Every column imcm knows on an answer sheet: the ones it reads, then the
/// reference columns the template adds for the interviewee (read back and
/// ignored).
pub const ANSWER_COLUMNS: &[AnswerColumn] = &[
    AnswerColumn {
        key: "org",
        en: "Organisation",
        ja: "組織",
        also: &["organization", "組織名"],
    },
    AnswerColumn {
        key: "unit",
        en: "Unit",
        ja: "部門",
        also: &["部署", "部署名", "部門名"],
    },
    AnswerColumn {
        key: "period",
        en: "Quarter",
        ja: "四半期",
        also: &["評価期間", "期間"],
    },
    AnswerColumn {
        key: "metric",
        en: "Metric",
        ja: "メトリクス",
        also: &["metric_id", "メトリクスID", "メトリクス_id"],
    },
    AnswerColumn {
        key: "question",
        en: "Question",
        ja: "質問",
        also: &[],
    },
    AnswerColumn {
        key: "status",
        en: "Status",
        ja: "状態",
        also: &["回答"],
    },
    AnswerColumn {
        key: "indicators_met",
        en: "Indicators met",
        ja: "確認できた指標",
        also: &["確認した指標"],
    },
    AnswerColumn {
        key: "evidence",
        en: "Evidence",
        ja: "根拠",
        also: &["エビデンス"],
    },
    AnswerColumn {
        key: "comment",
        en: "Comment",
        ja: "コメント",
        also: &["備考"],
    },
    AnswerColumn {
        key: "respondent",
        en: "Respondent",
        ja: "回答者",
        also: &["interviewee"],
    },
    AnswerColumn {
        key: "assessor",
        en: "Assessor",
        ja: "評価者",
        also: &[],
    },
    AnswerColumn {
        key: "assessed_on",
        en: "Assessed on",
        ja: "評価日",
        also: &["ヒアリング日", "interview_date"],
    },
    AnswerColumn {
        key: "conflict",
        en: "To settle",
        ja: "要確認",
        also: &[],
    },
    AnswerColumn {
        key: "responses",
        en: "Answers given",
        ja: "各回答者の回答",
        also: &[],
    },
    AnswerColumn {
        key: "guidance",
        en: "How to check",
        ja: "確認の手引き",
        also: &["guidance"],
    },
    AnswerColumn {
        key: "indicators",
        en: "Indicators",
        ja: "指標",
        also: &[],
    },
    AnswerColumn {
        key: "priority",
        en: "Priority",
        ja: "優先度",
        also: &[],
    },
    AnswerColumn {
        key: "category",
        en: "Category",
        ja: "カテゴリ",
        also: &[],
    },
    AnswerColumn {
        key: "subcategory",
        en: "Subcategory",
        ja: "サブカテゴリ",
        also: &[],
    },
];

/// Normalise a header cell for matching: NFKC (full-width letters and
/// digits become ASCII), BOM and surrounding space removed, lower case, runs
/// of spaces and hyphens joined by `_`.
pub fn normalise_header(h: &str) -> String {
    let h: String = h.trim_start_matches('\u{feff}').nfkc().collect();
    h.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// Every accepted name of every column, normalised once: (name, column).
fn known_names() -> &'static std::collections::HashMap<String, &'static AnswerColumn> {
    static NAMES: std::sync::OnceLock<std::collections::HashMap<String, &'static AnswerColumn>> =
        std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names = std::collections::HashMap::new();
        // In table order, the first column to claim a name keeps it.
        for c in ANSWER_COLUMNS {
            let spellings = [c.key, c.en, c.ja]
                .into_iter()
                .chain(c.also.iter().copied());
            for name in spellings {
                names.entry(normalise_header(name)).or_insert(c);
            }
        }
        names
    })
}

/// The column a header cell names, in any language: its machine key, its
/// English or Japanese header or one of the other accepted names.
pub fn column_of(header: &str) -> Option<&'static AnswerColumn> {
    known_names().get(&normalise_header(header)).copied()
}

/// The canonical key of a header cell: a known column's key, or the
/// normalised header itself for a column imcm does not know.
pub fn canonical_header(header: &str) -> String {
    column_of(header).map_or_else(|| normalise_header(header), |c| c.key.to_string())
}

/// The column with machine key `key`.
///
/// # Panics
/// On a key not in [`ANSWER_COLUMNS`]: a programming error.
pub fn answer_column(key: &str) -> &'static AnswerColumn {
    ANSWER_COLUMNS
        .iter()
        .find(|c| c.key == key)
        .unwrap_or_else(|| panic!("no answer column {key}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_of_both_languages_and_the_result_workbook_name_the_same_column() {
        for (header, key) in [
            ("org", "org"),
            ("  Organisation ", "org"),
            ("組織", "org"),
            ("ＯＲＧ", "org"),
            ("部門", "unit"),
            ("四半期", "period"),
            ("Quarter", "period"),
            ("メトリクス", "metric"),
            ("メトリクスＩＤ", "metric"),
            ("状態", "status"),
            ("根拠", "evidence"),
            ("コメント", "comment"),
            ("評価者", "assessor"),
            ("評価日", "assessed_on"),
            ("Assessed On", "assessed_on"),
            ("回答者", "respondent"),
            ("Indicators met", "indicators_met"),
            ("確認できた指標", "indicators_met"),
            ("\u{feff}質問", "question"),
        ] {
            assert_eq!(canonical_header(header), key, "{header}");
        }
        assert_eq!(canonical_header("Extra Notes"), "extra_notes");
    }

    #[test]
    fn no_two_columns_share_a_header() {
        let mut seen = std::collections::BTreeMap::new();
        for c in ANSWER_COLUMNS {
            let names = [c.key, c.en, c.ja]
                .into_iter()
                .chain(c.also.iter().copied());
            for n in names {
                if let Some(other) = seen.insert(normalise_header(n), c.key) {
                    assert_eq!(other, c.key, "{n} names two columns");
                }
            }
        }
    }
}
