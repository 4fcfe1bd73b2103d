//! Heatmap: units (rows) × categories (columns) for one quarter. Each cell
//! is coloured by maturity level and shows the level and the score; a cell
//! below its target gets a dark outline.

use super::palette::{LEVELS, NO_LEVEL, ON_DARK};
use super::{FONT, INK, chart_err};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of the unit-name column in pixels.
const LABEL_WIDTH: i32 = 200;
/// Widest the whole chart gets: about the printable width of an A4 page
/// (180 mm at 96 px per inch), so that it prints at full size.
const PAGE_WIDTH: i32 = 700;
/// Widest and narrowest cell.
const CELL_MAX: i32 = 112;
const CELL_MIN: i32 = 64;
/// Height of one row.
const ROW_HEIGHT: i32 = 28;
/// Height of the header row (two lines of column name).
const HEADER: i32 = 50;
/// Longest unit name drawn in full (half-width units; a CJK character is 2).
const MAX_LABEL: usize = 26;
/// Font sizes: column names, unit names and cell text.
const HEAD_FONT: u32 = 16;
const TEXT_FONT: u32 = 16;

/// Cell colours from level 0 to level 5 (the viridis ramp of
/// [`super::palette::LEVELS`]); levels above 5 use the last.
pub const LEVEL_COLOURS: [RGBColor; 6] = LEVELS;

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

/// The text colour on a level's fill: white on the dark end of the ramp.
pub fn text_colour(level: Option<u8>) -> RGBColor {
    match level {
        Some(l) if l <= 2 => ON_DARK,
        _ => INK,
    }
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

/// Width of a text in half-width units.
fn units(text: &str) -> usize {
    text.chars().map(cell_width).sum()
}

/// Cut a label to [`MAX_LABEL`] half-width units, ending in `…` when cut.
fn shorten(label: &str) -> String {
    shorten_to(label, MAX_LABEL)
}

/// Cut a label to `max` half-width units, ending in `…` when cut.
fn shorten_to(label: &str, max: usize) -> String {
    if units(label) <= max {
        return label.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in label.chars() {
        if used + cell_width(c) > max.saturating_sub(1) {
            break;
        }
        used += cell_width(c);
        out.push(c);
    }
    out.push('…');
    out
}

/// A column name on at most two lines of `max` half-width units: broken
/// at spaces where it can be, else after `max` units (CJK text has no
/// spaces); what does not fit ends in `…`.
pub fn wrap(label: &str, max: usize) -> Vec<String> {
    if units(label) <= max {
        return vec![label.to_string()];
    }
    let mut first = String::new();
    let mut rest = label;
    for (i, word) in label.split_inclusive(' ').enumerate() {
        if units(&first) + units(word.trim_end()) > max {
            break;
        }
        first.push_str(word);
        rest = &label[label
            .split_inclusive(' ')
            .take(i + 1)
            .map(str::len)
            .sum::<usize>()..];
    }
    if first.trim().is_empty() {
        // No space to break at: cut the characters.
        let mut used = 0;
        let cut = label
            .char_indices()
            .find(|(_, c)| {
                used += cell_width(*c);
                used > max
            })
            .map_or(label.len(), |(i, _)| i);
        first = label[..cut].to_string();
        rest = &label[cut..];
    }
    vec![first.trim_end().to_string(), shorten_to(rest.trim(), max)]
}

/// Width of one cell for `columns` columns: the chart fits the printable
/// width of an A4 page, cells between 64 and 112 px.
fn cell_width_px(columns: usize) -> i32 {
    let fit = (PAGE_WIDTH - LABEL_WIDTH - 8) / columns.max(1) as i32;
    fit.clamp(CELL_MIN, CELL_MAX)
}

/// Half-width units of text that fit in a cell (about 0.55 em each).
fn fits(cell: i32, font: u32) -> usize {
    ((cell - 6) as f64 / (f64::from(font) * 0.55)).floor() as usize
}

/// Size of the chart in pixels for a data set.
pub fn size(data: &HeatData) -> (u32, u32) {
    let w = LABEL_WIDTH + cell_width_px(data.columns.len()) * data.columns.len() as i32 + 8;
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
        let cell_w = cell_width_px(data.columns.len());
        let head = TextStyle::from((FONT, HEAD_FONT).into_font().style(FontStyle::Bold))
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        for (c, title) in data.columns.iter().enumerate() {
            let x = LABEL_WIDTH + cell_w * c as i32 + cell_w / 2;
            let lines = wrap(title, fits(cell_w, HEAD_FONT));
            let n = lines.len() as i32;
            for (i, line) in lines.into_iter().enumerate() {
                let y = HEADER - 4 - (n - 1 - i as i32) * (HEAD_FONT as i32 + 3);
                root.draw(&Text::new(line, (x, y), head.clone()))
                    .map_err(&err)?;
            }
        }
        let left = TextStyle::from((FONT, TEXT_FONT).into_font())
            .color(&INK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        let (on_dark, on_light) = (ON_DARK, INK);
        let dark_text = TextStyle::from((FONT, TEXT_FONT).into_font())
            .color(&on_dark)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let light_text = TextStyle::from((FONT, TEXT_FONT).into_font())
            .color(&on_light)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let centre = |level| {
            if text_colour(level) == ON_DARK {
                dark_text.clone()
            } else {
                light_text.clone()
            }
        };
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
                let x0 = LABEL_WIDTH + cell_w * c as i32;
                let corners = [(x0 + 1, y0 + 1), (x0 + cell_w - 1, y0 + ROW_HEIGHT - 1)];
                root.draw(&Rectangle::new(corners, level_colour(cell.level).filled()))
                    .map_err(&err)?;
                if cell.below_target {
                    let (l, t, r, b) = (x0 + 3, y0 + 3, x0 + cell_w - 3, y0 + ROW_HEIGHT - 3);
                    root.draw(&PathElement::new(
                        vec![(l, t), (r, t), (r, b), (l, b), (l, t)],
                        super::TARGET.stroke_width(3),
                    ))
                    .map_err(&err)?;
                }
                root.draw(&Text::new(
                    cell.text.clone(),
                    (x0 + cell_w / 2, mid),
                    centre(cell.level),
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
        assert_eq!(svg.matches("fill=\"#414487\"").count(), 2, "level 1 twice");
        assert_eq!(svg.matches("fill=\"#FDE725\"").count(), 1, "level 5 once");
        assert_eq!(svg.matches("fill=\"#E6E8EC\"").count(), 1, "no level once");
        assert_eq!(
            svg.matches("stroke=\"#D55E00\" stroke-width=\"3\"").count(),
            2,
            "two outlines"
        );
        // White text on the dark level-1 cells, ink on level 5.
        assert_eq!(
            svg.matches("fill=\"#FFFFFF\">\nSome(1)").count(),
            2,
            "{svg}"
        );
        assert!(svg.contains("fill=\"#22262E\">\nSome(5)"), "{svg}");
        assert!(svg.contains("A unit with a really very…"), "{svg}");
        assert_eq!(size(&data), (200 + 224 + 8, 50 + 56 + 6));
        // 20 CJK characters are 40 units: cut to 12 characters and the ellipsis.
        let long = "東日本物流センター第二倉庫管理部門情報システム課";
        assert_eq!(shorten(long), "東日本物流センター第二倉…");
        assert_eq!(shorten("本社"), "本社");
    }

    #[test]
    fn many_columns_fit_an_a4_page_and_long_names_wrap() {
        let data = HeatData {
            columns: (0..12).map(|i| format!("C{i}")).collect(),
            rows: vec![],
        };
        assert_eq!(
            size(&data).0,
            200 + 64 * 12 + 8,
            "narrowest cells beyond 7 columns"
        );
        let five = HeatData {
            columns: (0..5).map(|i| format!("C{i}")).collect(),
            rows: vec![],
        };
        assert!(size(&five).0 <= 700);
        assert_eq!(wrap("Detect", 13), vec!["Detect"]);
        assert_eq!(
            wrap("Incident Response Planning", 13),
            vec!["Incident", "Response Pla…"]
        );
        assert_eq!(wrap("インシデント対応計画", 8), vec!["インシデ", "ント対…"]);
    }
}
