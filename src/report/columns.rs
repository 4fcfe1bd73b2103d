//! Terminal tables: rows of cells lined up by display width, so that a
//! Japanese name (two columns a character) lines up with ASCII, which
//! neither byte nor character counts do. Used by `imcm score`'s table and
//! `imcm kpi`'s.

use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// How a column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: padded on the right.
    Left,
    /// Figures: padded on the left.
    Right,
}

/// `text` padded with spaces to `width` terminal columns.
pub fn pad(text: &str, width: usize, align: Align) -> String {
    let fill = " ".repeat(width.saturating_sub(text.width()));
    match align {
        Align::Left => format!("{text}{fill}"),
        Align::Right => format!("{fill}{text}"),
    }
}

/// Rows of cells as lines, each column as wide as its widest cell, columns
/// joined by `gap`, each line after `indent`, with no trailing space.
pub fn aligned(rows: &[Vec<String>], aligns: &[Align], indent: &str, gap: &str) -> String {
    let mut widths = vec![0usize; aligns.len()];
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .zip(aligns)
            .map(|((c, w), a)| pad(c, *w, *a))
            .collect();
        let _ = writeln!(out, "{indent}{}", line.join(gap).trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_cells_line_up_by_display_width() {
        let rows = vec![
            vec!["本社CSIRT".to_string(), "1.5".to_string()],
            vec!["Osaka".to_string(), "12.25".to_string()],
        ];
        let text = aligned(&rows, &[Align::Left, Align::Right], "  ", " ");
        assert_eq!(text, "  本社CSIRT   1.5\n  Osaka     12.25\n");
    }
}
