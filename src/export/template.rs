//! The answer template of `imcm init`: its columns, the CSV file, and the
//! content of the XLSX template (cover text, sheets, rows and which cells
//! are open) that [`super::xlsx::answer_template`] writes as a workbook.

use crate::error::{Error, Result};
use crate::format::inert;
use crate::model::{Lang, Period, Questionnaire};

/// Columns of the answer template written by `imcm init`.
pub const TEMPLATE_COLUMNS: &[&str] = &[
    "org",
    "unit",
    "period",
    "metric",
    "status",
    "evidence",
    "comment",
    "priority",
    "category",
    "subcategory",
    "question",
];

/// The answer template: one row per metric in questionnaire order, status empty.
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn answer_template(
    q: &Questionnaire,
    org: &str,
    unit: &str,
    period: Option<Period>,
    lang: Lang,
) -> Result<Vec<u8>> {
    let ser = |e: csv::Error| Error::Serialise {
        what: "answer template",
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(TEMPLATE_COLUMNS).map_err(ser)?;
    let period = period.map(|p| p.to_string()).unwrap_or_default();
    for m in &q.metrics {
        let category = q
            .subcategory(&m.subcategory)
            .and_then(|s| q.category_of_subcategory(s))
            .map_or("", |c| c.key.as_str());
        w.write_record([
            &*inert(org),
            &*inert(unit),
            &period,
            &m.id,
            "",
            "",
            "",
            &m.priority,
            category,
            &m.subcategory,
            m.question.get(lang),
        ])
        .map_err(ser)?;
    }
    w.into_inner().map_err(|e| Error::Serialise {
        what: "answer template",
        message: e.to_string(),
    })
}

/// Labels of the XLSX template, per language.
#[derive(Debug)]
pub struct TemplateText {
    /// Heading of the cover sheet.
    pub cover_title: &'static str,
    /// Instructions on the cover sheet, one paragraph per row.
    pub cover: &'static [&'static str],
    /// Name of the cover sheet.
    pub sheet_cover: &'static str,
    /// Prompt of the status drop-down.
    pub status_prompt: &'static str,
    /// Message when a typed status is not in the list.
    pub status_error: &'static str,
}

/// The cover text, sheet name and drop-down messages in `lang`.
pub fn template_text(lang: Lang) -> TemplateText {
    match lang {
        Lang::En => TemplateText {
            cover_title: "Incident management capability assessment: answer sheet",
            cover: &[
                "One sheet per category (Protect, Detect, Respond, Sustain); one row per metric.",
                "Fill in the white columns: status (pick from the list), evidence (what you saw: documents, records, tools), comment, assessor and the date of the interview.",
                "Status: Yes = fully in place and evidenced; Partial = in place in part, or not evidenced; No = not in place; Not applicable = does not apply to this unit (left out of the score); Not observed = not assessed yet (lowers coverage).",
                "The grey columns (organisation, unit, quarter, metric id, question) are locked so the answers stay attached to the right metric. Do not rename, delete or reorder the sheets' header rows.",
                "When done, check the workbook with: imcm validate --answers FILE.xlsx",
            ],
            sheet_cover: "How to fill in",
            status_prompt: "Pick the status that the evidence supports.",
            status_error: "Pick one of the listed statuses.",
        },
        Lang::Ja => TemplateText {
            cover_title: "インシデントマネジメント能力評価 回答シート",
            cover: &[
                "カテゴリ（防護・検出・対処・維持）ごとに 1 シート、メトリクスごとに 1 行です。",
                "白い列に記入してください：状態（一覧から選択）、根拠（確認した文書・記録・ツール）、コメント、評価者、ヒアリング日。",
                "状態：はい＝実施されており根拠がある／一部＝一部のみ実施、または根拠が不十分／いいえ＝未実施／該当なし＝この部門には当てはまらない（採点から除外）／未確認＝まだ評価していない（カバレッジが下がる）。",
                "灰色の列（組織、部門、四半期、メトリクス ID、質問）は、回答が正しいメトリクスに対応し続けるよう保護されています。見出し行の名前の変更・削除・並べ替えはしないでください。",
                "記入後は次のコマンドで確認できます：imcm validate --answers ファイル.xlsx",
            ],
            sheet_cover: "記入方法",
            status_prompt: "根拠に基づいて状態を選んでください。",
            status_error: "一覧にある状態を選んでください。",
        },
    }
}

/// A column of the XLSX template.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Header (one of [`TEMPLATE_COLUMNS`], `assessor` or `assessed_on`).
    pub name: &'static str,
    /// Width in characters.
    pub width: f64,
}

/// Columns the interviewee fills in.
const EDITABLE: [&str; 5] = ["status", "evidence", "comment", "assessor", "assessed_on"];

/// Widths of the XLSX template's columns (12 for any other).
const WIDTHS: &[(&str, f64)] = &[
    ("org", 18.0),
    ("unit", 16.0),
    ("period", 9.0),
    ("metric", 8.0),
    ("status", 16.0),
    ("evidence", 36.0),
    ("comment", 36.0),
    ("assessor", 14.0),
    ("assessed_on", 12.0),
    ("priority", 8.0),
    ("category", 10.0),
    ("subcategory", 11.0),
    ("question", 70.0),
];

/// A cell of a template sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Pre-filled text ("" for the interviewee's columns).
    pub value: String,
    /// Whether the interviewee may write in it (else it is locked).
    pub open: bool,
}

/// One category's sheet of the XLSX template.
#[derive(Debug)]
pub struct Sheet {
    /// The category's name in the template's language.
    pub name: String,
    /// One row per metric of the category, cells in [`Book::columns`] order.
    pub rows: Vec<Vec<Cell>>,
}

/// Everything the XLSX answer template shows, ready to be written.
#[derive(Debug)]
pub struct Book {
    /// Cover sheet and drop-down text.
    pub text: TemplateText,
    /// Cover lines describing the scale: `label — key`.
    pub scale: Vec<String>,
    /// Status labels offered by the drop-down.
    pub statuses: Vec<String>,
    /// Columns of every category sheet.
    pub columns: Vec<Column>,
    /// Position of the status column in [`Book::columns`].
    pub status_column: usize,
    /// One sheet per category, in questionnaire order.
    pub sheets: Vec<Sheet>,
}

/// The columns of the XLSX template: the CSV template's, with assessor and
/// date after the comment.
pub fn workbook_columns() -> Vec<Column> {
    let mut names: Vec<&'static str> = TEMPLATE_COLUMNS.to_vec();
    names.insert(7, "assessor");
    names.insert(8, "assessed_on");
    names
        .into_iter()
        .map(|name| Column {
            name,
            width: WIDTHS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(12.0, |(_, w)| *w),
        })
        .collect()
}

/// The content of the XLSX answer template: a cover, then one sheet per
/// category with every metric. Identifying columns are pre-filled and
/// locked; a pre-fill left empty (no `--org`, `--unit` or `--period`) stays
/// open, so the interviewee can write it.
pub fn book(q: &Questionnaire, org: &str, unit: &str, period: Option<Period>, lang: Lang) -> Book {
    let columns = workbook_columns();
    let period_text = period.map(|p| p.to_string()).unwrap_or_default();
    let sheets = q
        .categories
        .iter()
        .map(|cat| {
            let rows = q
                .metrics
                .iter()
                .filter(|m| {
                    q.subcategory(&m.subcategory)
                        .and_then(|s| q.category_of_subcategory(s))
                        .is_some_and(|c| c.key == cat.key)
                })
                .map(|m| {
                    columns
                        .iter()
                        .map(|col| {
                            let value = match col.name {
                                "org" => org,
                                "unit" => unit,
                                "period" => period_text.as_str(),
                                "metric" => m.id.as_str(),
                                "priority" => m.priority.as_str(),
                                "category" => cat.key.as_str(),
                                "subcategory" => m.subcategory.as_str(),
                                "question" => m.question.get(lang),
                                _ => "",
                            };
                            let blank_key =
                                matches!(col.name, "org" | "unit" | "period") && value.is_empty();
                            Cell {
                                value: value.to_string(),
                                open: EDITABLE.contains(&col.name) || blank_key,
                            }
                        })
                        .collect()
                })
                .collect();
            Sheet {
                name: cat.name.get(lang).to_string(),
                rows,
            }
        })
        .collect();
    Book {
        text: template_text(lang),
        scale: q
            .statuses
            .iter()
            .map(|s| format!("{} — {}", s.label.get(lang), s.key))
            .collect(),
        statuses: q
            .statuses
            .iter()
            .map(|s| s.label.get(lang).to_string())
            .collect(),
        status_column: columns.iter().position(|c| c.name == "status").unwrap_or(4),
        columns,
        sheets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workbook_adds_assessor_and_date_after_the_comment() {
        let names: Vec<&str> = workbook_columns().iter().map(|c| c.name).collect();
        assert_eq!(names.len(), TEMPLATE_COLUMNS.len() + 2);
        assert_eq!(names[6..9], ["comment", "assessor", "assessed_on"]);
        assert_eq!(workbook_columns()[12].width, 70.0);
    }
}
