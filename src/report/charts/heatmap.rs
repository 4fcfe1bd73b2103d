//! Heatmap: units (rows) × categories (columns) for one quarter. Each cell
//! is coloured by maturity level and shows the level and the score; a cell
//! below its target gets a dark outline.

use super::{FONT, INK, chart_err};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of the unit-name column in pixels.
const LABEL_WIDTH: i32 = 230;
/// Width of one cell.
const CELL_WIDTH: i32 = 112;
/// Height of one row.
const ROW_HEIGHT: i32 = 24;
/// Height of the header row.
const HEADER: i32 = 30;
/// Longest unit name drawn in full (half-width units; a CJK character is 2).
const MAX_LABEL: usize = 30;

/// Cell colours from level 0 (red) to level 5 (green); levels above 5 use the last.
pub const LEVEL_COLOURS: [RGBColor; 6] = [
    RGBColor(215, 48, 39),
    RGBColor(244, 109, 67),
    RGBColor(253, 174, 97),
    RGBColor(217, 239, 139),
    RGBColor(145, 207, 96),
    RGBColor(26, 152, 80),
];
/// Colour of a cell without a level.
const NO_LEVEL: RGBColor = RGBColor(230, 232, 236);

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatCell {
    /// Level, `None` when the category has no applicable metric.
    pub level: Option<u8>,
    /// Text in the cell (e.g. `2 · 56.3`).
    pub text: String,
    /// Whether the level is below the target.
    pub below_target: bool,
}

/// One row (unit).
#[derive(Debug, Clone, PartialEq)]
pub struct HeatRow {
    /// Unit name.
    pub label: String,
    /// One cell per column.
    pub cells: Vec<HeatCell>,
}

/// Data for a heatmap.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatData {
    /// Column headings (category names, then "overall").
    pub columns: Vec<String>,
    /// Rows, top to bottom.
    pub rows: Vec<HeatRow>,
}

/// The fill colour of a level.
pub fn level_colour(level: Option<u8>) -> RGBColor {
    match level {
        Some(l) => LEVEL_COLOURS[usize::from(l).min(LEVEL_COLOURS.len() - 1)],
        None => NO_LEVEL,
    }
}

/// Width of a character in half-width units: wide (CJK) characters count 2.
fn cell_width(c: char) -> usize {
    if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
        1
    } else {
        2
    }
}

/// Cut a label to [`MAX_LABEL`] half-width units, ending in `…` when cut.
fn shorten(label: &str) -> String {
    if label.chars().map(cell_width).sum::<usize>() <= MAX_LABEL {
        return label.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in label.chars() {
        if used + cell_width(c) > MAX_LABEL - 1 {
            break;
        }
        used += cell_width(c);
        out.push(c);
    }
    out.push('…');
    out
}

/// Size of the chart in pixels for a data set.
pub fn size(data: &HeatData) -> (u32, u32) {
    let w = LABEL_WIDTH + CELL_WIDTH * data.columns.len() as i32 + 8;
    let h = HEADER + ROW_HEIGHT * data.rows.len().max(1) as i32 + 6;
    (w as u32, h as u32)
}

/// Draw the heatmap.
///
/// # Errors
/// [`crate::Error::Chart`] if plotters fails.
pub fn draw_heatmap(data: &HeatData, name: &str) -> Result<String> {
    let err = chart_err(name);
    let (w, h) = size(data);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let head = TextStyle::from((FONT, 14).into_font().style(FontStyle::Bold))
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Center));
        for (c, title) in data.columns.iter().enumerate() {
            let x = LABEL_WIDTH + CELL_WIDTH * c as i32 + CELL_WIDTH / 2;
            root.draw(&Text::new(title.clone(), (x, HEADER / 2), head.clone()))
                .map_err(&err)?;
        }
        let left = TextStyle::from((FONT, 13).into_font())
            .color(&INK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        let centre = TextStyle::from((FONT, 13).into_font())
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Center));
        for (r, row) in data.rows.iter().enumerate() {
            let y0 = HEADER + ROW_HEIGHT * r as i32;
            let mid = y0 + ROW_HEIGHT / 2;
            root.draw(&Text::new(
                shorten(&row.label),
                (LABEL_WIDTH - 8, mid),
                left.clone(),
            ))
            .map_err(&err)?;
            for (c, cell) in row.cells.iter().enumerate() {
                let x0 = LABEL_WIDTH + CELL_WIDTH * c as i32;
                let corners = [(x0 + 1, y0 + 1), (x0 + CELL_WIDTH - 1, y0 + ROW_HEIGHT - 1)];
                root.draw(&Rectangle::new(corners, level_colour(cell.level).filled()))
                    .map_err(&err)?;
                if cell.below_target {
                    root.draw(&Rectangle::new(
                        [(x0 + 2, y0 + 2), (x0 + CELL_WIDTH - 2, y0 + ROW_HEIGHT - 2)],
                        INK.stroke_width(2),
                    ))
                    .map_err(&err)?;
                }
                root.draw(&Text::new(
                    cell.text.clone(),
                    (x0 + CELL_WIDTH / 2, mid),
                    centre.clone(),
                ))
                .map_err(&err)?;
            }
        }
        root.present().map_err(&err)?;
    }
    Ok(super::finish(svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_coloured_by_level_and_outlined_below_target() {
        let cell = |level, below| HeatCell {
            level,
            text: format!("{level:?}"),
            below_target: below,
        };
        let data = HeatData {
            columns: vec!["Protect".into(), "Overall".into()],
            rows: vec![
                HeatRow {
                    label: "Osaka DC".into(),
                    cells: vec![cell(Some(1), true), cell(Some(1), true)],
                },
                HeatRow {
                    label: "A unit with a really very long name indeed".into(),
                    cells: vec![cell(Some(5), false), cell(None, false)],
                },
            ],
        };
        let svg = draw_heatmap(&data, "heatmap").unwrap();
        assert_eq!(svg.matches("fill=\"#F46D43\"").count(), 2, "level 1 twice");
        assert_eq!(svg.matches("fill=\"#1A9850\"").count(), 1, "level 5 once");
        assert_eq!(svg.matches("fill=\"#E6E8EC\"").count(), 1, "no level once");
        assert_eq!(
            svg.matches("fill=\"none\" stroke=\"#22262E\"").count(),
            2,
            "two outlines"
        );
        assert!(svg.contains("A unit with a really very lon…"), "{svg}");
        assert_eq!(size(&data), (230 + 224 + 8, 30 + 48 + 6));
        // 20 CJK characters are 40 units: cut to 14 characters and the ellipsis.
        let long = "東日本物流センター第二倉庫管理部門情報システム課";
        assert_eq!(shorten(long), "東日本物流センター第二倉庫管…");
        assert_eq!(shorten("本社"), "本社");
    }
}
