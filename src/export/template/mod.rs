//! The answer template of `imcm init`: its columns in interview order, what
//! is pre-filled, and the content of the interview workbook (cover, sheets,
//! rows, which cells are open) that [`super::xlsx::answer_template`] writes
//! and [`answer_template`] writes as CSV.

mod csv_file;
pub mod text;

pub use csv_file::{BOM, answer_template, csv_bom};
pub use text::{AssessorLine, TemplateText, template_text};

use crate::model::columns::answer_column;
use crate::model::{Category, Lang, Metric, Period, Questionnaire};

/// Columns of the answer template (machine keys), in the order of an
/// interview: the metric and its question, the interviewee's columns, what
/// to look for, then the reference columns. The headers are written in the
/// template's language ([`answer_column`]); the reader takes either.
pub const TEMPLATE_COLUMNS: &[&str] = &[
    "metric",
    "question",
    "status",
    "indicators_met",
    "evidence",
    "comment",
    "respondent",
    "assessor",
    "assessed_on",
    "guidance",
    "indicators",
    "org",
    "unit",
    "period",
    "priority",
    "category",
    "subcategory",
];

/// Columns the interviewee always fills in.
const EDITABLE: [&str; 6] = [
    "status",
    "indicators_met",
    "evidence",
    "comment",
    "assessor",
    "assessed_on",
];

/// Columns that are open when the template does not pre-fill them.
const OPEN_WHEN_EMPTY: [&str; 4] = ["org", "unit", "period", "respondent"];

/// Widths of the workbook's columns in characters (12 for any other).
const WIDTHS: &[(&str, f64)] = &[
    ("metric", 8.0),
    ("question", 50.0),
    ("status", 14.0),
    ("indicators_met", 12.0),
    ("evidence", 40.0),
    ("comment", 40.0),
    ("respondent", 14.0),
    ("assessor", 14.0),
    ("assessed_on", 12.0),
    ("guidance", 60.0),
    ("indicators", 60.0),
    ("org", 18.0),
    ("unit", 16.0),
    ("period", 9.0),
    ("priority", 8.0),
    ("category", 12.0),
    ("subcategory", 24.0),
];

/// What `imcm init` writes into the template besides the questionnaire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    /// Organisation (empty: left open for the interviewee).
    pub org: String,
    /// Unit (empty: left open; an empty unit is the whole organisation).
    pub unit: String,
    /// Quarter (none: left open).
    pub period: Option<Period>,
    /// Interviewee (empty: left open).
    pub respondent: String,
    /// Keys of the categories to include; empty for every category. Keys
    /// the questionnaire does not have are skipped (the caller checks them).
    pub categories: Vec<String>,
    /// Language of the headers, questions, guidance and cover.
    pub lang: Lang,
}

/// A column of the template.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Machine key (one of [`TEMPLATE_COLUMNS`]).
    pub key: &'static str,
    /// Header in the template's language.
    pub header: &'static str,
    /// Width in characters in the workbook.
    pub width: f64,
}

/// The template's columns with their headers in `lang`.
pub fn columns(lang: Lang) -> Vec<Column> {
    TEMPLATE_COLUMNS
        .iter()
        .map(|&key| Column {
            key,
            header: answer_column(key).header(lang),
            width: WIDTHS
                .iter()
                .find(|(n, _)| *n == key)
                .map_or(12.0, |(_, w)| *w),
        })
        .collect()
}

/// A cell of a template sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Pre-filled text ("" for the interviewee's columns).
    pub value: String,
    /// Whether the interviewee may write in it (else it is locked).
    pub open: bool,
}

/// One category's sheet of the template.
#[derive(Debug)]
pub struct Sheet {
    /// The category's name in the template's language.
    pub name: String,
    /// One row per metric of the category, cells in [`Book::columns`] order.
    pub rows: Vec<Vec<Cell>>,
}

/// Everything the answer template shows, ready to be written.
#[derive(Debug)]
pub struct Book {
    /// Cover sheet, assessor sheet and drop-down text.
    pub text: TemplateText,
    /// Cover lines naming what the workbook is for (organisation, unit,
    /// quarter, respondent, areas), those that are known.
    pub about: Vec<String>,
    /// Cover lines describing the scale: `label: meaning`.
    pub scale: Vec<String>,
    /// Lines of the assessor's sheet.
    pub assessor: Vec<AssessorLine>,
    /// Status labels offered by the drop-down.
    pub statuses: Vec<String>,
    /// Columns of every category sheet.
    pub columns: Vec<Column>,
    /// Position of the status column (the first the interviewee fills, where
    /// the panes are frozen).
    pub status_column: usize,
    /// Position of the indicators-met column.
    pub indicators_met_column: usize,
    /// One sheet per category, in questionnaire order.
    pub sheets: Vec<Sheet>,
}

/// The indicators of a metric as a numbered list in `lang`, one per line
/// (`1. …`), those a `yes` needs marked; the numbers are the ones the
/// interviewee writes in `indicators_met`.
pub fn numbered_indicators(m: &Metric, lang: Lang) -> String {
    let required = template_text(lang).required;
    m.indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let mark = if ind.required { required } else { "" };
            format!("{}. {}{mark}", i + 1, ind.text.get(lang))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The categories a template holds: those of `keys` in questionnaire
/// order, or every category when `keys` is empty.
pub fn selected_categories<'q>(q: &'q Questionnaire, keys: &[String]) -> Vec<&'q Category> {
    q.categories
        .iter()
        .filter(|c| keys.is_empty() || keys.contains(&c.key))
        .collect()
}

/// One metric's row: every cell in `columns` order.
fn row(
    q: &Questionnaire,
    cat: &Category,
    m: &Metric,
    columns: &[Column],
    fill: &Prefill,
) -> Vec<Cell> {
    let lang = fill.lang;
    let period = fill.period.map(|p| p.to_string()).unwrap_or_default();
    let subcategory = q.subcategory(&m.subcategory).map_or_else(
        || m.subcategory.clone(),
        |s| format!("{} {}", s.id, s.name.get(lang)),
    );
    columns
        .iter()
        .map(|col| {
            let value = match col.key {
                "metric" => m.id.clone(),
                "question" => m.question.get(lang).to_string(),
                "respondent" => fill.respondent.clone(),
                "guidance" => m.guidance.get(lang).to_string(),
                "indicators" => numbered_indicators(m, lang),
                "org" => fill.org.clone(),
                "unit" => fill.unit.clone(),
                "period" => period.clone(),
                "priority" => m.priority.clone(),
                "category" => cat.name.get(lang).to_string(),
                "subcategory" => subcategory.clone(),
                _ => String::new(),
            };
            let open = EDITABLE.contains(&col.key)
                || (OPEN_WHEN_EMPTY.contains(&col.key) && value.is_empty());
            Cell { value, open }
        })
        .collect()
}

/// The cover's lines on what a workbook is for: each pre-filled value
/// with its column's header, then the areas.
pub fn about(fill: &Prefill, areas: &[&Category]) -> Vec<String> {
    let lang = fill.lang;
    let text = template_text(lang);
    let period = fill.period.map(|p| p.to_string()).unwrap_or_default();
    let mut lines: Vec<String> = [
        ("org", fill.org.as_str()),
        ("unit", fill.unit.as_str()),
        ("period", period.as_str()),
        ("respondent", fill.respondent.as_str()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{}{}{v}", answer_column(k).header(lang), text.colon))
    .collect();
    let sep = if lang == Lang::Ja { "、" } else { ", " };
    let names: Vec<&str> = areas.iter().map(|c| c.name.get(lang)).collect();
    lines.push(format!("{}{}{}", text.areas, text.colon, names.join(sep)));
    lines
}

/// The content of the answer template: a cover, one sheet per selected
/// category with its metrics, and the assessor's sheet. The metric, the
/// question, the guidance, the indicators and the reference columns are
/// locked; a pre-fill left empty (no `--org`, `--unit`, `--period` or
/// `--respondent`) stays open, so the interviewee can write it.
pub fn book(q: &Questionnaire, fill: &Prefill) -> Book {
    let lang = fill.lang;
    let columns = columns(lang);
    let areas = selected_categories(q, &fill.categories);
    let sheets = areas
        .iter()
        .map(|cat| Sheet {
            name: cat.name.get(lang).to_string(),
            rows: q
                .metrics_in_category(cat)
                .map(|m| row(q, cat, m, &columns, fill))
                .collect(),
        })
        .collect();
    let text = template_text(lang);
    let position = |key: &str| columns.iter().position(|c| c.key == key).unwrap_or(0);
    Book {
        about: about(fill, &areas),
        scale: q
            .statuses
            .iter()
            .map(|s| match text::status_meaning(&s.key, lang) {
                Some(meaning) => format!("{}{}{meaning}", s.label.get(lang), text.colon),
                None => s.label.get(lang).to_string(),
            })
            .collect(),
        assessor: text::assessor_lines(
            &match lang {
                Lang::En => format!("{} ({} {})", q.title.en, q.id, q.version),
                Lang::Ja => format!("{}（{} {}）", q.title.get(lang), q.id, q.version),
            },
            lang,
        ),
        statuses: q
            .statuses
            .iter()
            .map(|s| s.label.get(lang).to_string())
            .collect(),
        status_column: position("status"),
        indicators_met_column: position("indicators_met"),
        text,
        columns,
        sheets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q() -> Questionnaire {
        crate::input::questionnaire::load("imcm-v0.1")
            .unwrap()
            .questionnaire
    }

    #[test]
    fn the_metric_and_question_lead_and_the_reference_columns_trail() {
        let cols = columns(Lang::Ja);
        let heads: Vec<&str> = cols.iter().map(|c| c.header).collect();
        assert_eq!(heads[..4], ["メトリクス", "質問", "状態", "確認できた指標"]);
        assert_eq!(heads[9..11], ["確認の手引き", "指標"]);
        assert_eq!(heads[11..14], ["組織", "部門", "四半期"]);
        // No machine key is a header in either language.
        for lang in [Lang::En, Lang::Ja] {
            for c in columns(lang) {
                assert_ne!(c.header, c.key);
            }
        }
    }

    #[test]
    fn a_category_and_a_respondent_give_one_sheet_with_the_respondent_locked() {
        let q = q();
        let fill = Prefill {
            org: "Acme".into(),
            respondent: "田中".into(),
            categories: vec!["respond".into()],
            lang: Lang::Ja,
            ..Prefill::default()
        };
        let book = book(&q, &fill);
        assert_eq!(book.sheets.len(), 1);
        assert_eq!(book.sheets[0].name, "対処");
        let respond = q.category("respond").unwrap();
        assert_eq!(
            book.sheets[0].rows.len(),
            q.metrics_in_category(respond).count()
        );
        let at = |key: &str| TEMPLATE_COLUMNS.iter().position(|k| *k == key).unwrap();
        let first = &book.sheets[0].rows[0];
        assert_eq!(first[at("metric")].value, "3.1.1");
        assert_eq!(
            first[at("respondent")],
            Cell {
                value: "田中".into(),
                open: false
            }
        );
        assert!(first[at("unit")].open, "no --unit: open");
        assert!(!first[at("org")].open);
        assert!(first[at("subcategory")].value.starts_with("3.1 "));
        assert_eq!(
            book.about,
            ["組織：Acme", "回答者：田中", "このブックの領域：対処"]
        );
        assert_eq!(book.status_column, 2);
    }

    #[test]
    fn indicators_are_numbered_with_the_ones_a_yes_needs_marked() {
        let q = q();
        let m = q.metric("1.1.1").unwrap();
        let list = numbered_indicators(m, Lang::En);
        let lines: Vec<&str> = list.lines().collect();
        assert_eq!(lines.len(), m.indicators.len());
        assert_eq!(
            lines[0],
            format!("1. {} (needed for Yes)", m.indicators[0].text.en)
        );
        assert_eq!(lines[2], format!("3. {}", m.indicators[2].text.en));
    }
}
