//! The sheets of the results workbooks: the summary (score, coverage and
//! level per assessment and category, and the target when one is given), the action plan (every
//! metric with something to do, its gap and recommendation, and columns for
//! owner, due date and effort) and the changes of a comparison.

use super::{err, header_format, header_row, text};
use crate::analysis::compare::DeltaRow;
use crate::error::Result;
use crate::input::target::Target;
use crate::model::{Assessment, Lang, Questionnaire};
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook};

/// One summary row: name, score, coverage, level, target (none on the overall row).
type SummaryLine = (String, Option<f64>, Option<f64>, Option<u8>, Option<u8>);

/// Add the summary sheet (for `summary`) and the action-plan sheet (for `plan`).
pub(super) fn add_results(
    wb: &mut Workbook,
    summary: &[&Assessment],
    plan: &[&Assessment],
    q: &Questionnaire,
    target: Option<&Target>,
    lang: Lang,
) -> Result<()> {
    let formats = Formats::new();
    add_summary(wb, summary, q, target, lang, &formats)?;
    add_plan(wb, plan, q, lang, &formats)?;
    add_answers(wb, summary, q, lang, &formats)
}

/// The answers sheet: every metric of every assessment in the columns of an
/// answer file, so that the workbook reads back as the answers it was scored
/// from (the action plan leaves out the metrics with nothing to do, and its
/// status column is named so that it is not read as answers).
fn add_answers(
    wb: &mut Workbook,
    assessments: &[&Assessment],
    q: &Questionnaire,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let ja = lang == Lang::Ja;
    let ws = wb.add_worksheet();
    ws.set_name(if ja { "回答" } else { "Answers" })
        .map_err(err)?;
    let heads = if ja {
        [
            "組織",
            "部門",
            "四半期",
            "メトリクス",
            "状態",
            "根拠",
            "コメント",
        ]
    } else {
        [
            "Organisation",
            "Unit",
            "Quarter",
            "Metric",
            "Status",
            "Evidence",
            "Comment",
        ]
    };
    let widths = [18, 14, 9, 8, 14, 40, 40];
    header_row(ws, &heads, &f.head, |c| f64::from(widths[c]))?;
    let mut row = 1u32;
    for a in assessments {
        for m in a.metrics.iter().filter(|m| m.answered) {
            let status = q
                .status(&m.status)
                .map_or(m.status.as_str(), |s| s.label.get(lang));
            text(ws, row, 0, &a.key.org, &f.plain)?;
            text(ws, row, 1, &a.key.unit, &f.plain)?;
            text(ws, row, 2, &a.key.period.to_string(), &f.plain)?;
            text(ws, row, 3, &m.id, &f.plain)?;
            text(ws, row, 4, status, &f.plain)?;
            text(ws, row, 5, &m.evidence, &f.wrap)?;
            text(ws, row, 6, &m.comment, &f.wrap)?;
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

/// Cell formats of the summary and action-plan sheets.
struct Formats {
    head: Format,
    plain: Format,
    wrap: Format,
    num1: Format,
    num2: Format,
    pct: Format,
    int: Format,
    below: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            head: header_format(),
            plain: Format::new().set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            num1: Format::new()
                .set_num_format(crate::format::SCORE_FORMAT)
                .set_align(FormatAlign::Top),
            num2: Format::new()
                .set_num_format(crate::format::WEIGHT_FORMAT)
                .set_align(FormatAlign::Top),
            pct: Format::new()
                .set_num_format(crate::format::PERCENT_FORMAT)
                .set_align(FormatAlign::Top),
            int: Format::new()
                .set_num_format("0")
                .set_align(FormatAlign::Top),
            below: Format::new()
                .set_num_format("0")
                .set_font_color(Color::RGB(0x00B3_541E))
                .set_bold(),
        }
    }
}

/// The summary sheet: one row per assessment and category, then overall.
/// The target and levels-to-target columns are there only with a target.
fn add_summary(
    wb: &mut Workbook,
    summary: &[&Assessment],
    q: &Questionnaire,
    target: Option<&Target>,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let ja = lang == Lang::Ja;
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
    let heads = if target.is_some() {
        &heads[..]
    } else {
        &heads[..7]
    };
    header_row(ws, heads, &f.head, |c| if c < 4 { 18.0 } else { 11.0 })?;
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
                    target.map(|t| t.level(&c.key)),
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
            text(ws, row, 0, &a.key.org, &f.plain)?;
            text(ws, row, 1, &a.key.unit, &f.plain)?;
            text(ws, row, 2, &a.key.period.to_string(), &f.plain)?;
            text(ws, row, 3, &name, &f.plain)?;
            if let Some(s) = score {
                ws.write_number_with_format(row, 4, s, &f.num1)
                    .map_err(err)?;
            }
            if let Some(c) = coverage {
                ws.write_number_with_format(row, 5, c, &f.pct)
                    .map_err(err)?;
            }
            if let Some(l) = level {
                let f = if goal.is_some_and(|g| l < g) {
                    &f.below
                } else {
                    &f.int
                };
                ws.write_number_with_format(row, 6, f64::from(l), f)
                    .map_err(err)?;
            }
            if let Some(g) = goal {
                ws.write_number_with_format(row, 7, f64::from(g), &f.int)
                    .map_err(err)?;
                if let Some(l) = level {
                    let short = f64::from(g.saturating_sub(l));
                    ws.write_number_with_format(row, 8, short, &f.int)
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

    Ok(())
}

/// The action-plan sheet: every metric of `plan` with something to do (not
/// yes, not applicable: a metric short of full points or not observed) by
/// priority, then largest gap, then id; with owner and due-date columns left
/// empty for the client, and the questionnaire's effort where it has one.
fn add_plan(
    wb: &mut Workbook,
    plan: &[&Assessment],
    q: &Questionnaire,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let ja = lang == Lang::Ja;
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
            "現在の状態",
            "失った重み",
            "質問",
            "推奨事項",
            "根拠",
            "コメント",
            "回答の出典",
            "工数",
            "担当者",
            "期日",
        ]
    } else {
        [
            "Organisation",
            "Unit",
            "Quarter",
            "Metric",
            "Category",
            "Priority",
            "Status now",
            "Weight lost",
            "Question",
            "Recommendation",
            "Evidence",
            "Comment",
            "Source",
            "Effort",
            "Owner",
            "Due date",
        ]
    };
    let widths = [18, 14, 9, 8, 12, 8, 14, 10, 50, 50, 30, 30, 22, 7, 18, 12];
    header_row(ws, &heads, &f.head, |c| f64::from(widths[c]))?;
    let mut row = 1u32;
    for a in plan {
        let mut metrics: Vec<&crate::model::MetricResult> = a
            .metrics
            .iter()
            .filter(|m| match m.treatment {
                crate::model::Treatment::Excluded => false,
                crate::model::Treatment::Unobserved => true,
                crate::model::Treatment::Scored => m.gap().is_some_and(|g| g > 0.0),
            })
            .collect();
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
            text(ws, row, 0, &a.key.org, &f.plain)?;
            text(ws, row, 1, &a.key.unit, &f.plain)?;
            text(ws, row, 2, &a.key.period.to_string(), &f.plain)?;
            text(ws, row, 3, &m.id, &f.plain)?;
            text(ws, row, 4, category, &f.plain)?;
            text(ws, row, 5, &m.priority, &f.plain)?;
            text(ws, row, 6, status, &f.plain)?;
            if let Some(gap) = m.gap() {
                ws.write_number_with_format(row, 7, gap, &f.num2)
                    .map_err(err)?;
            }
            text(
                ws,
                row,
                8,
                def.map_or("", |d| d.question.get(lang)),
                &f.wrap,
            )?;
            text(
                ws,
                row,
                9,
                def.map_or("", |d| d.recommendation.get(lang)),
                &f.wrap,
            )?;
            text(ws, row, 10, &m.evidence, &f.wrap)?;
            text(ws, row, 11, &m.comment, &f.wrap)?;
            text(ws, row, 12, &m.source, &f.plain)?;
            if let Some(e) = def.and_then(|d| d.effort) {
                ws.write_number_with_format(row, 13, f64::from(e), &f.int)
                    .map_err(err)?;
            }
            // Owner (14) and due date (15) stay empty for the client.
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
pub(super) fn add_changes(
    wb: &mut Workbook,
    rows: &[DeltaRow],
    q: &Questionnaire,
    lang: Lang,
) -> Result<()> {
    let ja = lang == Lang::Ja;
    let head = header_format();
    let plain = Format::new();
    // The HTML's two signed decimals (crate::format::points); the cell keeps
    // compare.csv's four.
    let num = Format::new().set_num_format(crate::format::POINTS_FORMAT);
    let bold_num = Format::new()
        .set_num_format(crate::format::POINTS_FORMAT)
        .set_bold();
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
