//! A chart's figures as a table, and the accessible name and description
//! every chart SVG carries.
//!
//! Each chart of a page comes with a [`ChartTable`]: the figures it draws,
//! already formatted, which the HTML shows in a `<details>` block beside the
//! chart and which any other writer (a Word document) can reuse. The same
//! table gives the SVG its `<title>` (the caption) and `<desc>` (every row
//! in words), and [`label_svg`] puts both in the SVG with `role="img"` and
//! `aria-labelledby`, so a screen reader announces the chart's content.

use serde::Serialize;

/// The figures one chart draws, formatted as the report shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartTable {
    /// Id of the chart, unique on its page (`chart-radar`); the SVG's title
    /// and description ids start with it.
    pub id: String,
    /// What the chart shows (also the SVG `<title>`).
    pub caption: String,
    /// Column headings; the first names what the rows are.
    pub header: Vec<String>,
    /// One row per item drawn, as many cells as `header`.
    pub rows: Vec<Vec<String>>,
}

impl ChartTable {
    /// The chart's description in words, from its rows: `caption: row —
    /// heading value, heading value; row — …` (with Japanese punctuation,
    /// `caption：row — heading value、…；…`, when the caption is Japanese).
    pub fn desc(&self) -> String {
        let ja = self.caption.chars().any(is_japanese);
        let (colon, comma, semi) = if ja {
            ("：", "、", "；")
        } else {
            (": ", ", ", "; ")
        };
        let caption = self.caption.trim_end_matches(['.', '。']);
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|row| {
                let mut cells = row.iter();
                let first = cells.next().cloned().unwrap_or_default();
                let rest: Vec<String> = cells
                    .zip(self.header.iter().skip(1))
                    .map(|(v, h)| format!("{h} {v}"))
                    .collect();
                if rest.is_empty() {
                    first
                } else {
                    format!("{first} — {}", rest.join(comma))
                }
            })
            .collect();
        format!("{caption}{colon}{}", rows.join(semi))
    }
}

/// Hiragana, katakana or a CJK ideograph.
fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}')
}

/// Escape text for an XML element.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// `svg` with `role="img"`, `aria-labelledby` and a `<title>` and `<desc>`
/// made from `table` as the first children of its root element. The text is
/// escaped and cleaned of control characters, so user text in a label (a
/// unit name) stays text. An SVG without a root `<svg` tag is returned as it is.
pub fn label_svg(svg: String, table: &ChartTable) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg;
    };
    let Some(end) = svg[start..].find('>').map(|e| start + e) else {
        return svg;
    };
    let id = escape(&table.id);
    let title = escape(&crate::sanitize::clean(&table.caption));
    let desc = escape(&crate::sanitize::clean(&table.desc()));
    let mut out = String::with_capacity(svg.len() + title.len() + desc.len() + 160);
    out.push_str(&svg[..start + 4]);
    out.push_str(&format!(
        " role=\"img\" aria-labelledby=\"{id}-title {id}-desc\""
    ));
    out.push_str(&svg[start + 4..=end]);
    out.push_str(&format!(
        "\n<title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{desc}</desc>"
    ));
    out.push_str(&svg[end + 1..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> ChartTable {
        ChartTable {
            id: "chart-radar".into(),
            caption: "Level per category".into(),
            header: vec!["Category".into(), "Level".into(), "Target".into()],
            rows: vec![
                vec!["Protect".into(), "2".into(), "3".into()],
                vec!["<Detect & co>".into(), "—".into(), "3".into()],
            ],
        }
    }

    #[test]
    fn the_description_reads_every_row_with_its_headings() {
        assert_eq!(
            table().desc(),
            "Level per category: Protect — Level 2, Target 3; <Detect & co> — Level —, Target 3"
        );
    }

    #[test]
    fn a_japanese_caption_gets_japanese_punctuation_and_no_doubled_stop() {
        let mut t = table();
        t.caption = "カテゴリ別の成熟度レベル。".into();
        t.header = vec!["カテゴリ".into(), "レベル".into(), "目標".into()];
        t.rows.truncate(1);
        assert_eq!(
            t.desc(),
            "カテゴリ別の成熟度レベル：Protect — レベル 2、目標 3"
        );
        t.caption = "Level per category (n = 3).".into();
        t.header = vec!["Category".into(), "Level".into()];
        t.rows = vec![vec!["A".into(), "1".into()], vec!["B".into(), "2".into()]];
        assert_eq!(
            t.desc(),
            "Level per category (n = 3): A — Level 1; B — Level 2"
        );
    }

    #[test]
    fn title_and_desc_go_first_in_the_root_and_are_escaped() {
        let svg = "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
        let out = label_svg(svg.to_string(), &table());
        assert!(out.starts_with(
            "<svg role=\"img\" aria-labelledby=\"chart-radar-title chart-radar-desc\" width=\"10\""
        ), "{out}");
        assert!(out.contains("xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"chart-radar-title\">Level per category</title>\n<desc id=\"chart-radar-desc\">"), "{out}");
        assert!(out.contains("&lt;Detect &amp; co&gt;"), "{out}");
        assert!(out.ends_with("<rect/>\n</svg>\n"));
        assert_eq!(label_svg("no svg".into(), &table()), "no svg");
    }
}
