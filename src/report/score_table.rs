//! `imcm score` on a terminal: a compact table per assessment (category,
//! score, coverage, level, then overall), its columns aligned by display
//! width so that Japanese names line up, in the language asked for.

use crate::i18n::tr_in;
use crate::model::{Assessment, Lang, Questionnaire};
use crate::report::columns::{Align, aligned};
use std::fmt::Write;

/// Text from the inputs with control and bidi characters escaped, so that
/// it can neither move the cursor nor throw the columns out of line.
fn safe(s: &str) -> String {
    crate::sanitize::terminal_safe(s).into_owned()
}

fn score(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |s| format!("{s:.1}"))
}

fn coverage(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |c| format!("{:.0}%", c * 100.0))
}

fn level(q: &Questionnaire, l: Option<u8>, lang: Lang) -> String {
    match l {
        None => "—".to_string(),
        Some(l) => match q.levels.iter().find(|r| r.level == l) {
            Some(rule) => format!("{l} {}", rule.name.get(lang)),
            None => l.to_string(),
        },
    }
}

/// The table of one assessment, headed by its org / unit / quarter.
fn one(a: &Assessment, q: &Questionnaire, lang: Lang) -> String {
    let t = |key: &str| tr_in(lang, key, &[]);
    let unit = if a.key.unit.is_empty() {
        t("score_table_whole_org")
    } else {
        a.key.unit.clone()
    };
    let mut out = format!("{} / {} / {}", safe(&a.key.org), safe(&unit), a.key.period);
    if let Some(d) = super::context::assessed_dates(a, lang) {
        let _ = write!(
            out,
            "  ({})",
            tr_in(lang, "score_table_assessed_on", &[("date", &safe(&d))])
        );
    }
    out.push('\n');
    let mut rows = vec![vec![
        t("score_table_category"),
        t("score_table_score"),
        t("score_table_coverage"),
        t("score_table_level"),
    ]];
    for c in &a.categories {
        let name = q.category(&c.key).map_or_else(
            || c.key.clone(),
            |d| format!("{} {}", d.id, d.name.get(lang)),
        );
        rows.push(vec![
            safe(&name),
            score(c.group.score),
            coverage(c.group.coverage),
            level(q, c.level, lang),
        ]);
    }
    rows.push(vec![
        t("score_table_overall"),
        score(a.overall.score),
        coverage(a.overall.coverage),
        level(q, a.overall_level, lang),
    ]);
    out.push_str(&aligned(
        &rows,
        &[Align::Left, Align::Right, Align::Right, Align::Left],
        "  ",
        "  ",
    ));
    out
}

/// The score table of every assessment, separated by blank lines, with a
/// last line saying how to get every figure.
pub fn score_table(assessments: &[Assessment], q: &Questionnaire, lang: Lang) -> String {
    let mut out: Vec<String> = assessments.iter().map(|a| one(a, q, lang)).collect();
    out.push(tr_in(
        lang,
        "score_table_more",
        &[("n", &assessments.len())],
    ));
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::columns::pad;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn cells_are_padded_by_display_width_not_bytes() {
        assert_eq!(pad("防護", 6, Align::Left), "防護  ");
        assert_eq!(pad("75.9", 6, Align::Right), "  75.9");
        let rows = vec![
            vec!["カテゴリ".to_string(), "スコア".to_string()],
            vec!["1 防護".to_string(), "75.9".to_string()],
            vec!["総合".to_string(), "100.0".to_string()],
        ];
        let text = aligned(&rows, &[Align::Left, Align::Right], "  ", "  ");
        let widths: Vec<usize> = text.lines().map(UnicodeWidthStr::width).collect();
        assert_eq!(widths, [18, 18, 18], "{text}");
        assert_eq!(text.lines().nth(1), Some("  1 防護      75.9"));
    }
}
