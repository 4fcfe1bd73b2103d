//! `imcm kpi` on a terminal: the KPIs as a table aligned by display width
//! (a Japanese org or unit name takes two columns a character, so neither
//! bytes nor characters line it up), and the data-quality report with the
//! first values that failed each check.

use crate::format::trim_number;
use crate::i18n::tr;
use crate::model::{IncidentReport, QualityCount};
use crate::report::columns::{Align, aligned};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// A cell as shown: control characters, tabs and line breaks written as
/// escapes, so that neither a terminal nor the alignment obeys them.
fn cell(text: &str) -> String {
    crate::sanitize::terminal_safe(text)
        .replace('\t', "\\t")
        .replace('\n', "\\n")
}

/// The KPIs as a table, columns aligned by display width.
pub fn kpi_table(report: &IncidentReport) -> String {
    let mut out = tr(
        "kpi_rows",
        &[("rows", &report.rows), ("counted", &report.counted)],
    );
    out.push_str("\n\n");
    let header = [
        "org", "unit", "period", "category", "severity", "kpi", "value", "n",
    ];
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for r in &report.kpis {
        let value = r
            .value
            .map_or_else(|| "insufficient".to_string(), |v| trim_number(v, 2));
        rows.push(vec![
            cell(&r.org),
            cell(&r.unit),
            cell(&r.period),
            cell(&r.category),
            cell(&r.severity),
            cell(&r.kpi),
            value,
            r.n.to_string(),
        ]);
    }
    let mut aligns = vec![Align::Left; 6];
    aligns.extend([Align::Right, Align::Right]);
    out.push_str(&aligned(&rows, &aligns, "", " "));
    out
}

/// The longest failing value shown, in terminal columns; a longer one is cut
/// and ends in `…`.
const VALUE_WIDTH: usize = 60;

/// A failing value as shown: quoted, `(empty)` for an empty cell, cut to
/// [`VALUE_WIDTH`].
fn shown_value(value: &str) -> String {
    if value.is_empty() {
        return tr("quality_empty_value", &[]);
    }
    let value = cell(value);
    if value.width() <= VALUE_WIDTH {
        return format!("\"{value}\"");
    }
    let mut cut = String::new();
    for c in value.chars() {
        if cut.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) >= VALUE_WIDTH {
            break;
        }
        cut.push(c);
    }
    format!("\"{cut}…\"")
}

/// The line under a reason with its first failing values and their rows,
/// when it has any.
fn values_line(q: &QualityCount) -> Option<String> {
    if q.values.is_empty() {
        // A reason first met after the sampled rows (missing_org has no values).
        return (q.rows > 0 && q.reason != "missing_org").then(|| {
            tr(
                "quality_values_none",
                &[("n", &crate::input::incidents::engine::VALUE_SAMPLE)],
            )
        });
    }
    let list: Vec<String> = q
        .values
        .iter()
        .map(|v| {
            tr(
                "quality_value",
                &[("value", &shown_value(&v.value)), ("n", &v.rows)],
            )
        })
        .collect();
    let mut line = tr(
        "quality_values",
        &[("values", &list.join(crate::i18n::list_sep()))],
    );
    if q.sampled < q.rows {
        line.push(' ');
        line.push_str(&tr("quality_values_sampled", &[("n", &q.sampled)]));
    }
    Some(line)
}

/// The data-quality report as text: the rows of each source, then each
/// reason with its rows and first ids, and under it the first values that
/// failed.
pub fn quality(report: &IncidentReport) -> String {
    let mut out = String::new();
    for s in &report.sources {
        let _ = writeln!(
            out,
            "{}",
            tr("quality_source", &[("path", &s.path), ("rows", &s.rows)])
        );
    }
    let _ = writeln!(
        out,
        "{}\n\n{:<28} {:>8}  {}",
        tr(
            "quality_rows",
            &[("rows", &report.rows), ("counted", &report.counted)]
        ),
        tr("quality_reason", &[]),
        tr("quality_count", &[]),
        tr("quality_examples", &[])
    );
    for q in &report.quality {
        let line = format!("{:<28} {:>8}  {}", q.reason, q.rows, q.examples.join(", "));
        let _ = writeln!(out, "{}", line.trim_end());
        if let Some(values) = values_line(q) {
            let _ = writeln!(out, "{:>39}{values}", "");
        }
    }
    terminal(out)
}

/// `out` with control and bidi characters shown as escapes (line feeds kept).
fn terminal(out: String) -> String {
    match crate::sanitize::terminal_safe(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(safe) => safe,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FailedValue, KpiRow};

    fn row(org: &str, unit: &str, kpi: &str, value: Option<f64>, n: u64) -> KpiRow {
        KpiRow {
            org: org.into(),
            unit: unit.into(),
            period: "2026-Q1".into(),
            category: String::new(),
            severity: String::new(),
            kpi: kpi.into(),
            value,
            n,
        }
    }

    /// The terminal column at which each `needle` starts on its line.
    fn column_of(line: &str, needle: &str) -> usize {
        let at = line
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {line}"));
        line[..at].width()
    }

    #[test]
    fn japanese_names_line_up_with_ascii_ones_by_display_width() {
        let report = IncidentReport {
            rows: 3,
            counted: 3,
            kpis: vec![
                row("きつね物流", "本社CSIRT", "incidents", Some(2.0), 2),
                row("Acme", "HQ", "incidents", Some(1.0), 1),
            ],
            ..IncidentReport::default()
        };
        let text = kpi_table(&report);
        let lines: Vec<&str> = text.lines().skip(2).collect();
        assert_eq!(lines.len(), 3, "{text}");
        // "きつね物流" is 5 characters, 15 bytes and 10 columns wide; "本社CSIRT"
        // 7 characters, 11 bytes and 9 columns: the next column starts at
        // the same terminal column on every line.
        let unit = column_of(lines[0], "unit");
        assert_eq!(unit, 11);
        assert_eq!(column_of(lines[1], "本社CSIRT"), unit);
        assert_eq!(column_of(lines[2], "HQ"), unit);
        let period = column_of(lines[0], "period");
        assert_eq!(period, 11 + 10);
        assert_eq!(column_of(lines[1], "2026-Q1"), period);
        assert_eq!(column_of(lines[2], "2026-Q1"), period);
        // value and n are right-aligned: each ends at the same column on
        // every line (the end of the value is the end of the line before n).
        let value_end = |l: &str| {
            let before_n = l.trim_end().rsplit_once(' ').map_or("", |(a, _)| a);
            before_n.trim_end().width()
        };
        assert_eq!(value_end(lines[0]), value_end(lines[1]));
        assert_eq!(value_end(lines[1]), value_end(lines[2]));
        assert_eq!(lines[0].width(), lines[1].width());
        assert_eq!(lines[1].width(), lines[2].width());
        assert!(lines[1].ends_with(" 2 2"), "{}", lines[1]);
    }

    #[test]
    fn a_tab_or_escape_in_a_name_cannot_break_the_table() {
        assert_eq!(cell("a\tb\x1b[31m"), "a\\tb\\u{1b}[31m");
    }

    #[test]
    fn failing_values_are_quoted_counted_and_cut() {
        let q = QualityCount {
            reason: "unparsable_reported_at".into(),
            rows: 1200,
            examples: vec!["i1".into()],
            values: vec![
                FailedValue {
                    value: "yesterday".into(),
                    rows: 998,
                },
                FailedValue {
                    value: String::new(),
                    rows: 1,
                },
                FailedValue {
                    value: "x".repeat(80),
                    rows: 1,
                },
            ],
            sampled: 1000,
        };
        let line = values_line(&q).unwrap_or_default();
        assert!(
            line.starts_with("values: \"yesterday\" ×998, (empty) ×1, \"xxx"),
            "{line}"
        );
        assert!(
            line.contains(&format!("\"{}…\" ×1", "x".repeat(59))),
            "{line}"
        );
        assert!(
            line.ends_with("(counted in the first 1000 rows of this reason)"),
            "{line}"
        );
    }
}
