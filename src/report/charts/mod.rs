//! Charts drawn with plotters into SVG strings, one file per chart. Each chart
//! has a pure `*_series` function that shapes the data and a `draw_*`
//! function that draws it; nothing here touches the file system.

pub mod bars;
pub mod lines;
pub mod radar;
pub mod stacked;

use crate::error::Error;
use plotters::style::RGBColor;

/// Font stack for chart text; the viewer's fonts draw the glyphs, so it lists
/// Japanese-capable families first.
pub const FONT: &str = "Noto Sans CJK JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif";
/// Main series colour (current state).
pub const CURRENT: RGBColor = RGBColor(31, 94, 168);
/// Target colour.
pub const TARGET: RGBColor = RGBColor(208, 122, 28);
/// Secondary series colour (score).
pub const SCORE: RGBColor = RGBColor(46, 139, 87);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(200, 204, 210);
/// Text.
pub const INK: RGBColor = RGBColor(34, 38, 46);

/// Map any drawing error to [`Error::Chart`].
pub(crate) fn chart_err<E: std::fmt::Display>(name: &str) -> impl Fn(E) -> Error + '_ {
    move |e| Error::Chart {
        name: name.to_string(),
        message: e.to_string(),
    }
}
