//! The workbook of `imcm plan --format xlsx`: a roadmap sheet with one row
//! per answer change (the rows of the plan CSV with the question and the
//! recommendation, and owner and due-date columns left empty for the client
//! to fill; effort filled only where it is known), and a notes sheet saying
//! where the targets come from and which evidence rules a level needs.

use super::{err, header_format, header_row, text, workbook_dated};
use crate::analysis::plan::{EvidenceState, Plan, TargetSource};
use crate::error::Result;
use crate::model::{Lang, Questionnaire};
use rust_xlsxwriter::{Format, FormatAlign};

/// Build the plan workbook.
///
/// # Errors
/// [`crate::Error::Serialise`] if the workbook cannot be built.
pub fn plan_workbook(plans: &[Plan], q: &Questionnaire, lang: Lang) -> Result<Vec<u8>> {
    let ja = lang == Lang::Ja;
    let mut wb = workbook_dated(plans.iter().map(|p| p.key.period).max())?;
    let head = header_format();
    let plain = Format::new().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let int = Format::new()
        .set_num_format("0")
        .set_align(FormatAlign::Top);
    let num = Format::new()
        .set_num_format("0.0###")
        .set_align(FormatAlign::Top);
    let ws = wb.add_worksheet();
    ws.set_name(if ja { "ロードマップ" } else { "Roadmap" })
        .map_err(err)?;
    let heads: [&str; 17] = if ja {
        [
            "組織",
            "部門",
            "四半期",
            "カテゴリ",
            "目標レベル",
            "手順",
            "メトリクス",
            "優先度",
            "現在の状態",
            "必要な状態",
            "変更後のレベル",
            "変更後のスコア",
            "工数",
            "担当者",
            "期日",
            "質問",
            "推奨事項",
        ]
    } else {
        [
            "Organisation",
            "Unit",
            "Quarter",
            "Category",
            "Target level",
            "Step",
            "Metric",
            "Priority",
            "Status now",
            "Status needed",
            "Level after",
            "Score after",
            "Effort",
            "Owner",
            "Due date",
            "Question",
            "Recommendation",
        ]
    };
    let widths = [18, 14, 9, 14, 8, 6, 8, 8, 14, 14, 8, 9, 7, 18, 12, 50, 50];
    header_row(ws, &heads, &head, |c| f64::from(widths[c]))?;
    let status = |k: &str| {
        q.status(k)
            .map_or(k.to_string(), |s| s.label.get(lang).to_string())
    };
    let mut row = 1u32;
    for p in plans {
        for c in &p.categories {
            let category = q
                .category(&c.category)
                .map_or(c.category.clone(), |d| d.name.get(lang).to_string());
            for (n, s) in c.steps.iter().enumerate() {
                let def = q.metric(&s.metric);
                text(ws, row, 0, &p.key.org, &plain)?;
                text(ws, row, 1, &p.key.unit, &plain)?;
                text(ws, row, 2, &p.key.period.to_string(), &plain)?;
                text(ws, row, 3, &category, &plain)?;
                ws.write_number_with_format(row, 4, f64::from(c.target_level), &int)
                    .map_err(err)?;
                ws.write_number_with_format(row, 5, (n + 1) as f64, &int)
                    .map_err(err)?;
                text(ws, row, 6, &s.metric, &plain)?;
                text(ws, row, 7, &s.priority, &plain)?;
                text(ws, row, 8, &status(&s.from_status), &plain)?;
                text(ws, row, 9, &status(&s.to_status), &plain)?;
                if let Some(l) = c.level_after {
                    ws.write_number_with_format(row, 10, f64::from(l), &int)
                        .map_err(err)?;
                }
                if let Some(v) = c.score_after {
                    let v: f64 = crate::format::trim_number(v, 4).parse().unwrap_or(v);
                    ws.write_number_with_format(row, 11, v, &num).map_err(err)?;
                }
                if let Some(e) = s.effort {
                    ws.write_number_with_format(row, 12, f64::from(e), &int)
                        .map_err(err)?;
                }
                // Owner (13) and due date (14) stay empty for the client.
                text(ws, row, 15, def.map_or("", |d| d.question.get(lang)), &wrap)?;
                text(
                    ws,
                    row,
                    16,
                    def.map_or("", |d| d.recommendation.get(lang)),
                    &wrap,
                )?;
                row += 1;
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    if row > 1 {
        ws.autofilter(0, 0, row - 1, heads.len() as u16 - 1)
            .map_err(err)?;
    }
    add_notes(&mut wb, plans, q, lang)?;
    wb.save_to_buffer().map_err(err)
}

/// The notes sheet: the source of the targets, then per category the
/// evidence rules its target level needs and their state.
fn add_notes(
    wb: &mut rust_xlsxwriter::Workbook,
    plans: &[Plan],
    q: &Questionnaire,
    lang: Lang,
) -> Result<()> {
    let ja = lang == Lang::Ja;
    let t = |key: &str| crate::i18n::tr_in(lang, key, &[]);
    let head = header_format();
    let plain = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let ws = wb.add_worksheet();
    ws.set_name(if ja { "注記" } else { "Notes" })
        .map_err(err)?;
    let heads: [&str; 5] = if ja {
        ["組織", "部門", "四半期", "カテゴリ", "注記"]
    } else {
        ["Organisation", "Unit", "Quarter", "Category", "Note"]
    };
    header_row(ws, &heads, &head, |c| if c == 4 { 90.0 } else { 16.0 })?;
    let mut row = 1u32;
    for p in plans {
        let mut line = |category: &str, note: &str| -> Result<()> {
            text(ws, row, 0, &p.key.org, &plain)?;
            text(ws, row, 1, &p.key.unit, &plain)?;
            text(ws, row, 2, &p.key.period.to_string(), &plain)?;
            text(ws, row, 3, category, &plain)?;
            text(ws, row, 4, note, &plain)?;
            row += 1;
            Ok(())
        };
        line(
            "",
            &t(match p.target_source {
                TargetSource::Profile => "p_target_profile",
                TargetSource::NextLevel => "p_target_next",
            }),
        )?;
        for c in &p.categories {
            let category = q
                .category(&c.category)
                .map_or(c.category.clone(), |d| d.name.get(lang).to_string());
            for e in &c.evidence {
                let state = t(match e.state {
                    EvidenceState::Passing => "p_state_passing",
                    EvidenceState::Failing => "p_state_failing",
                    EvidenceState::NotEvaluated => "p_state_not_evaluated",
                });
                line(&category, &format!("{} — {}: {state}", e.metric, e.rule))?;
            }
        }
    }
    Ok(())
}
