//! Excel workbooks written with rust_xlsxwriter: the answer template that
//! `imcm init --format xlsx` hands to interviewees, and the results workbook
//! of `imcm score --format xlsx` and `imcm compare`. Numbers are written as
//! numbers. The document date comes from the inputs (the quarter's last day),
//! never the clock, so the same inputs give the same bytes.

use crate::analysis::compare::DeltaRow;
use crate::error::{Error, Result};
use crate::export::TEMPLATE_COLUMNS;
use crate::input::target::Target;
use crate::model::{Assessment, Lang, Period, Questionnaire};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

fn err(e: XlsxError) -> Error {
    Error::Serialise {
        what: "Excel workbook",
        message: e.to_string(),
    }
}

/// Excel limits sheet names to 31 characters and forbids `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    crate::sanitize::clean(name)
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

/// A cell that could start a formula when typed by a user is written as
/// text anyway; rust_xlsxwriter's `write_string` never makes formulas, so
/// the text stays inert in Excel. Control and bidi characters become U+FFFD
/// (see [`crate::sanitize::clean`]).
fn text(ws: &mut Worksheet, row: u32, col: u16, value: &str, format: &Format) -> Result<()> {
    ws.write_string_with_format(row, col, crate::sanitize::clean(value), format)
        .map(|_| ())
        .map_err(err)
}

/// Write the header row (`heads` in row 0) and set each column's width.
fn header_row(
    ws: &mut Worksheet,
    heads: &[&str],
    format: &Format,
    width: impl Fn(usize) -> f64,
) -> Result<()> {
    for (c, h) in heads.iter().enumerate() {
        text(ws, 0, c as u16, h, format)?;
        ws.set_column_width(c as u16, width(c)).map_err(err)?;
    }
    Ok(())
}

fn workbook_dated(day: Option<Period>) -> Result<Workbook> {
    let mut wb = Workbook::new();
    // A fixed document date: the quarter's last day, or the Excel epoch.
    let date = match day {
        Some(p) => {
            let end = p.end_date();
            let parts: Vec<u16> = end.split('-').filter_map(|x| x.parse().ok()).collect();
            match parts.as_slice() {
                [y, m, d] => ExcelDateTime::from_ymd(*y, *m as u8, *d as u8).map_err(err)?,
                _ => ExcelDateTime::from_ymd(2000, 1, 1).map_err(err)?,
            }
        }
        None => ExcelDateTime::from_ymd(2000, 1, 1).map_err(err)?,
    };
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&date)
            .set_author("imcm")
            .set_comment(format!("imcm {}", env!("CARGO_PKG_VERSION"))),
    );
    Ok(wb)
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x00E8_ECF2))
        .set_border_bottom(FormatBorder::Thin)
        .set_locked()
}

/// Labels of the template, per language.
struct TemplateText {
    cover_title: &'static str,
    cover: &'static [&'static str],
    sheet_cover: &'static str,
    status_prompt: &'static str,
    status_error: &'static str,
}

fn template_text(lang: Lang) -> TemplateText {
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

/// The answer template as a workbook: a cover sheet, then one sheet per
/// category with every metric, the id and question columns locked, a
/// drop-down of the scale's statuses (in `lang`) on the status column,
/// columns for evidence, comment, assessor and date, and a frozen header.
///
/// # Errors
/// [`Error::Serialise`] if the workbook cannot be built.
pub fn answer_template(
    q: &Questionnaire,
    org: &str,
    unit: &str,
    period: Option<Period>,
    lang: Lang,
) -> Result<Vec<u8>> {
    let mut wb = workbook_dated(period)?;
    let words = template_text(lang);
    let head = header_format();
    let locked = Format::new()
        .set_background_color(Color::RGB(0x00F2_F2F2))
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_locked();
    let open = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_unlocked();

    let cover = wb.add_worksheet();
    cover.set_name(sheet_name(words.sheet_cover)).map_err(err)?;
    cover.set_column_width(0, 110).map_err(err)?;
    text(
        cover,
        0,
        0,
        words.cover_title,
        &Format::new().set_bold().set_font_size(14),
    )?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (i, line) in words.cover.iter().enumerate() {
        text(cover, 2 + i as u32, 0, line, &wrap)?;
    }
    let scale_row = 3 + words.cover.len() as u32;
    for (i, s) in q.statuses.iter().enumerate() {
        text(
            cover,
            scale_row + i as u32,
            0,
            &format!("{} — {}", s.label.get(lang), s.key),
            &wrap,
        )?;
    }

    // Columns: the CSV template's, with assessor and date after the comment.
    let mut columns: Vec<&str> = TEMPLATE_COLUMNS.to_vec();
    columns.insert(7, "assessor");
    columns.insert(8, "assessed_on");
    let widths: &[(&str, f64)] = &[
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
    let editable = ["status", "evidence", "comment", "assessor", "assessed_on"];
    let statuses: Vec<String> = q
        .statuses
        .iter()
        .map(|s| s.label.get(lang).to_string())
        .collect();
    let period_text = period.map(|p| p.to_string()).unwrap_or_default();
    for cat in &q.categories {
        let metrics: Vec<_> = q
            .metrics
            .iter()
            .filter(|m| {
                q.subcategory(&m.subcategory)
                    .and_then(|s| q.category_of_subcategory(s))
                    .is_some_and(|c| c.key == cat.key)
            })
            .collect();
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(cat.name.get(lang))).map_err(err)?;
        for (c, name) in columns.iter().enumerate() {
            let c = c as u16;
            text(ws, 0, c, name, &head)?;
            let w = widths
                .iter()
                .find(|(n, _)| n == name)
                .map_or(12.0, |(_, w)| *w);
            ws.set_column_width(c, w).map_err(err)?;
        }
        for (r, m) in metrics.iter().enumerate() {
            let row = r as u32 + 1;
            for (c, name) in columns.iter().enumerate() {
                let value = match *name {
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
                // A pre-fill left empty (no --org, --unit or --period) stays
                // open, so the interviewee can write it.
                let blank_key = matches!(*name, "org" | "unit" | "period") && value.is_empty();
                let format = if editable.contains(name) || blank_key {
                    &open
                } else {
                    &locked
                };
                text(ws, row, c as u16, value, format)?;
            }
        }
        if !metrics.is_empty() {
            let status_col = columns.iter().position(|c| *c == "status").unwrap_or(4) as u16;
            let validation = DataValidation::new()
                .allow_list_strings(&statuses)
                .map_err(err)?
                .set_input_message(words.status_prompt)
                .map_err(err)?
                .set_error_message(words.status_error)
                .map_err(err)?;
            ws.add_data_validation(1, status_col, metrics.len() as u32, status_col, &validation)
                .map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
        ws.protect();
    }
    wb.save_to_buffer().map_err(err)
}

/// One summary row: name, score, coverage, level, target (none on the overall row).
type SummaryLine = (String, Option<f64>, Option<f64>, Option<u8>, Option<u8>);

/// The results workbook of `imcm score --format xlsx`: a summary sheet (one
/// row per assessment and category, with score, coverage, level and target)
/// and an action-plan sheet (every metric with its status, gap and
/// recommendation: by priority, then largest gap, then id; a metric that is
/// not scored has no gap).
///
/// # Errors
/// [`Error::Serialise`] if the workbook cannot be built.
pub fn results(
    assessments: &[Assessment],
    q: &Questionnaire,
    target: &Target,
    lang: Lang,
) -> Result<Vec<u8>> {
    let mut wb = workbook_dated(assessments.iter().map(|a| a.key.period).max())?;
    let all: Vec<&Assessment> = assessments.iter().collect();
    add_results(&mut wb, &all, &all, q, target, lang)?;
    wb.save_to_buffer().map_err(err)
}

/// The workbook of `imcm compare` (`compare.xlsx`): the summary of every
/// assessment (its rows over the quarters are the trends), the action plan
/// of each unit's latest quarter, and the changes of compare.csv.
///
/// # Errors
/// [`Error::Serialise`] if the workbook cannot be built.
pub fn comparison(
    assessments: &[Assessment],
    rows: &[DeltaRow],
    q: &Questionnaire,
    target: &Target,
    lang: Lang,
) -> Result<Vec<u8>> {
    let mut wb = workbook_dated(assessments.iter().map(|a| a.key.period).max())?;
    let all: Vec<&Assessment> = assessments.iter().collect();
    // Assessments are sorted by org, unit, period: the last of each run is the latest.
    let latest: Vec<&Assessment> = assessments
        .chunk_by(|a, b| a.key.org == b.key.org && a.key.unit == b.key.unit)
        .filter_map(|run| run.last())
        .collect();
    add_results(&mut wb, &all, &latest, q, target, lang)?;
    add_changes(&mut wb, rows, q, lang)?;
    wb.save_to_buffer().map_err(err)
}

/// Add the summary sheet (for `summary`) and the action-plan sheet (for `plan`).
fn add_results(
    wb: &mut Workbook,
    summary: &[&Assessment],
    plan: &[&Assessment],
    q: &Questionnaire,
    target: &Target,
    lang: Lang,
) -> Result<()> {
    let ja = lang == Lang::Ja;
    let head = header_format();
    let plain = Format::new().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let num1 = Format::new()
        .set_num_format("0.0")
        .set_align(FormatAlign::Top);
    let num2 = Format::new()
        .set_num_format("0.00")
        .set_align(FormatAlign::Top);
    let pct = Format::new()
        .set_num_format("0%")
        .set_align(FormatAlign::Top);
    let int = Format::new()
        .set_num_format("0")
        .set_align(FormatAlign::Top);
    let below = Format::new()
        .set_num_format("0")
        .set_font_color(Color::RGB(0x00B3_541E))
        .set_bold();

    let ws = wb.add_worksheet();
    ws.set_name(if ja { "サマリー" } else { "Summary" })
        .map_err(err)?;
    let heads = if ja {
        [
            "組織",
            "部門",
            "四半期",
            "カテゴリ",
            "スコア",
            "カバレッジ",
            "レベル",
            "目標",
            "目標との差",
        ]
    } else {
        [
            "Organisation",
            "Unit",
            "Quarter",
            "Category",
            "Score",
            "Coverage",
            "Level",
            "Target",
            "Levels to target",
        ]
    };
    header_row(ws, &heads, &head, |c| if c < 4 { 18.0 } else { 11.0 })?;
    let mut row = 1u32;
    for a in summary {
        let mut lines: Vec<SummaryLine> = a
            .categories
            .iter()
            .map(|c| {
                let name = q
                    .category(&c.key)
                    .map_or(c.key.clone(), |d| d.name.get(lang).to_string());
                (
                    name,
                    c.group.score,
                    c.group.coverage,
                    c.level,
                    Some(target.level(&c.key)),
                )
            })
            .collect();
        lines.push((
            if ja { "総合" } else { "Overall" }.to_string(),
            a.overall.score,
            a.overall.coverage,
            a.overall_level,
            None,
        ));
        for (name, score, coverage, level, goal) in lines {
            text(ws, row, 0, &a.key.org, &plain)?;
            text(ws, row, 1, &a.key.unit, &plain)?;
            text(ws, row, 2, &a.key.period.to_string(), &plain)?;
            text(ws, row, 3, &name, &plain)?;
            if let Some(s) = score {
                ws.write_number_with_format(row, 4, s, &num1).map_err(err)?;
            }
            if let Some(c) = coverage {
                ws.write_number_with_format(row, 5, c, &pct).map_err(err)?;
            }
            if let Some(l) = level {
                let f = if goal.is_some_and(|g| l < g) {
                    &below
                } else {
                    &int
                };
                ws.write_number_with_format(row, 6, f64::from(l), f)
                    .map_err(err)?;
            }
            if let Some(g) = goal {
                ws.write_number_with_format(row, 7, f64::from(g), &int)
                    .map_err(err)?;
                if let Some(l) = level {
                    let short = f64::from(g.saturating_sub(l));
                    ws.write_number_with_format(row, 8, short, &int)
                        .map_err(err)?;
                }
            }
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    if row > 1 {
        ws.autofilter(0, 0, row - 1, heads.len() as u16 - 1)
            .map_err(err)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name(if ja { "改善計画" } else { "Action plan" })
        .map_err(err)?;
    let heads = if ja {
        [
            "組織",
            "部門",
            "四半期",
            "メトリクス",
            "カテゴリ",
            "優先度",
            "状態",
            "失った重み",
            "質問",
            "推奨事項",
            "根拠",
            "コメント",
            "回答の出典",
        ]
    } else {
        [
            "Organisation",
            "Unit",
            "Quarter",
            "Metric",
            "Category",
            "Priority",
            "Status",
            "Weight lost",
            "Question",
            "Recommendation",
            "Evidence",
            "Comment",
            "Source",
        ]
    };
    let widths = [18, 14, 9, 8, 12, 8, 14, 10, 50, 50, 30, 30, 22];
    header_row(ws, &heads, &head, |c| f64::from(widths[c]))?;
    let mut row = 1u32;
    for a in plan {
        let mut metrics: Vec<&crate::model::MetricResult> = a.metrics.iter().collect();
        metrics.sort_by(|x, y| {
            q.priority_rank(&x.priority)
                .cmp(&q.priority_rank(&y.priority))
                .then(y.gap().unwrap_or(-1.0).total_cmp(&x.gap().unwrap_or(-1.0)))
                .then(crate::model::compare_ids(&x.id, &y.id))
        });
        for m in metrics {
            let def = q.metric(&m.id);
            let status = q
                .status(&m.status)
                .map_or(m.status.as_str(), |s| s.label.get(lang));
            let category = q
                .category(&m.category)
                .map_or(m.category.as_str(), |c| c.name.get(lang));
            text(ws, row, 0, &a.key.org, &plain)?;
            text(ws, row, 1, &a.key.unit, &plain)?;
            text(ws, row, 2, &a.key.period.to_string(), &plain)?;
            text(ws, row, 3, &m.id, &plain)?;
            text(ws, row, 4, category, &plain)?;
            text(ws, row, 5, &m.priority, &plain)?;
            text(ws, row, 6, status, &plain)?;
            if let Some(gap) = m.gap() {
                ws.write_number_with_format(row, 7, gap, &num2)
                    .map_err(err)?;
            }
            text(ws, row, 8, def.map_or("", |d| d.question.get(lang)), &wrap)?;
            text(
                ws,
                row,
                9,
                def.map_or("", |d| d.recommendation.get(lang)),
                &wrap,
            )?;
            text(ws, row, 10, &m.evidence, &wrap)?;
            text(ws, row, 11, &m.comment, &wrap)?;
            text(ws, row, 12, &m.source, &plain)?;
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    if row > 1 {
        ws.autofilter(0, 0, row - 1, heads.len() as u16 - 1)
            .map_err(err)?;
    }
    Ok(())
}

/// Add the changes sheet: the rows of compare.csv with numbers as numbers
/// and statuses in `lang`.
fn add_changes(wb: &mut Workbook, rows: &[DeltaRow], q: &Questionnaire, lang: Lang) -> Result<()> {
    let ja = lang == Lang::Ja;
    let head = header_format();
    let plain = Format::new();
    let num = Format::new().set_num_format("0.0000");
    let bold_num = Format::new().set_num_format("0.0000").set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(if ja { "変化の内訳" } else { "Changes" })
        .map_err(err)?;
    let heads = if ja {
        [
            "組織",
            "部門",
            "前期",
            "今期",
            "カテゴリ",
            "メトリクス",
            "前期の状態",
            "今期の状態",
            "寄与（点）",
        ]
    } else {
        [
            "Organisation",
            "Unit",
            "From",
            "To",
            "Category",
            "Metric",
            "Status before",
            "Status after",
            "Points",
        ]
    };
    header_row(ws, &heads, &head, |c| if c < 2 { 18.0 } else { 13.0 })?;
    let status = |k: &str| {
        q.status(k)
            .map_or(k.to_string(), |s| s.label.get(lang).to_string())
    };
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let category = q
            .category(&r.category)
            .map_or(r.category.clone(), |c| c.name.get(lang).to_string());
        text(ws, row, 0, &r.org, &plain)?;
        text(ws, row, 1, &r.unit, &plain)?;
        text(ws, row, 2, &r.from_period.to_string(), &plain)?;
        text(ws, row, 3, &r.to_period.to_string(), &plain)?;
        text(ws, row, 4, &category, &plain)?;
        text(ws, row, 5, &r.metric, &plain)?;
        text(ws, row, 6, &status(&r.from_status), &plain)?;
        text(ws, row, 7, &status(&r.to_status), &plain)?;
        let f = if r.metric == crate::analysis::compare::TOTAL {
            &bold_num
        } else {
            &num
        };
        ws.write_number_with_format(row, 8, r.contribution, f)
            .map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    if !rows.is_empty() {
        ws.autofilter(0, 0, rows.len() as u32, heads.len() as u16 - 1)
            .map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel_rules() {
        assert_eq!(sheet_name("a/b[c]"), "a_b_c_");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }
}
