//! Charts drawn with plotters into SVG strings, one file per chart. Each chart
//! has a pure `*_series` function that shapes the data and a `draw_*`
//! function that draws it; nothing here touches the file system.

pub mod bars;
pub mod heatmap;
pub mod lines;
pub mod palette;
pub mod radar;
pub mod stacked;
pub mod table;
pub mod trend;

pub use palette::{CURRENT, GRID, INK, SCORE, TARGET};
pub use table::{ChartTable, label_svg};

use crate::error::Error;
use plotters::style::RGBColor;

/// Font stack for chart text; the viewer's fonts draw the glyphs, so it lists
/// Japanese-capable families first.
pub const FONT: &str = "Noto Sans CJK JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif";

/// Map any drawing error to [`Error::Chart`].
pub(crate) fn chart_err<E: std::fmt::Display>(name: &str) -> impl Fn(E) -> Error + '_ {
    move |e| Error::Chart {
        name: name.to_string(),
        message: e.to_string(),
    }
}

/// The finished SVG document of a chart: control and bidi characters that
/// came with a label (a unit name, an incident category) become U+FFFD, so
/// the file is valid XML 1.0 and displays its text in stored order.
pub(crate) fn finish(svg: String) -> String {
    match crate::sanitize::clean(&svg) {
        std::borrow::Cow::Borrowed(_) => svg,
        std::borrow::Cow::Owned(clean) => clean,
    }
}

use crate::error::Result;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A chart with one column per x slot (`0..columns`) and values `0..top` on y.
pub(crate) type ColumnChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Set up a column chart: margins, horizontal grid lines and the y axis title.
pub(crate) fn column_chart<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    columns: usize,
    top: f64,
    y_title: &str,
    name: &str,
) -> Result<ColumnChart<'a, 'b>> {
    let err = chart_err(name);
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(52)
        .build_cartesian_2d(0f64..columns.max(1) as f64, 0f64..top)
        .map_err(&err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID.stroke_width(1))
        .y_desc(y_title)
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_labels(0)
        .axis_desc_style((FONT, 15))
        .label_style((FONT, 14))
        .draw()
        .map_err(&err)?;
    Ok(chart)
}

/// Write one label under each column, centred, at height `y` (below 0).
pub(crate) fn column_labels(
    chart: &mut ColumnChart<'_, '_>,
    labels: &[String],
    y: f64,
    name: &str,
) -> Result<()> {
    let style = TextStyle::from((FONT, 15).into_font())
        .color(&INK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    chart
        .draw_series(
            labels
                .iter()
                .enumerate()
                .map(|(i, l)| Text::new(l.clone(), (i as f64 + 0.5, y), style.clone())),
        )
        .map_err(chart_err(name))?;
    Ok(())
}

/// The key drawn before a legend label.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LegendKey {
    /// A filled square (bars).
    Square,
    /// A short thick line (lines).
    Line,
}

/// Draw legend entry `index` (one per 20 px row) into `area`.
pub(crate) fn legend_entry(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    index: usize,
    label: &str,
    colour: RGBColor,
    key: LegendKey,
    name: &str,
) -> Result<()> {
    legend_entry_styled(
        area,
        index,
        label,
        palette::SeriesStyle {
            colour,
            hatched: false,
        },
        key,
        name,
    )
}

/// Draw legend entry `index` with a series style (a hatched square or a
/// dashed line for the ninth series onwards).
pub(crate) fn legend_entry_styled(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    index: usize,
    label: &str,
    style: palette::SeriesStyle,
    key: LegendKey,
    name: &str,
) -> Result<()> {
    let err = chart_err(name);
    let y = 20 + 20 * index as i32;
    match key {
        LegendKey::Square => fill_rect(area, [(6, y - 6), (18, y + 6)], style, name)?,
        LegendKey::Line if style.hatched => area
            .draw(&DashedPathElement::new(
                vec![(4, y), (22, y)],
                5,
                3,
                style.colour.stroke_width(3),
            ))
            .map_err(&err)?,
        LegendKey::Line => area
            .draw(&PathElement::new(
                vec![(4, y), (22, y)],
                style.colour.stroke_width(3),
            ))
            .map_err(&err)?,
    }
    let style = TextStyle::from((FONT, 14).into_font())
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    area.draw(&Text::new(label.to_string(), (28, y), style))
        .map_err(&err)?;
    Ok(())
}

/// Fill a pixel rectangle in a series style: solid, or for a hatched
/// series white with diagonal lines and an outline in the colour.
pub(crate) fn fill_rect<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    corners: [(i32, i32); 2],
    style: palette::SeriesStyle,
    name: &str,
) -> Result<()> {
    let err = chart_err(name);
    if !style.hatched {
        return area
            .draw(&Rectangle::new(corners, style.colour.filled()))
            .map_err(&err);
    }
    let [(x0, y0), (x1, y1)] = corners;
    let (left, right) = (x0.min(x1), x0.max(x1));
    let (top, bottom) = (y0.min(y1), y0.max(y1));
    area.draw(&Rectangle::new(corners, WHITE.filled()))
        .map_err(&err)?;
    // Lines x - y = c every 6 px, clipped to the rectangle.
    let mut c = left - bottom;
    while c <= right - top {
        let start = (left.max(c + top), 0);
        let start = (start.0, start.0 - c);
        let end_x = right.min(c + bottom);
        let end = (end_x, end_x - c);
        if start.0 <= end.0 {
            area.draw(&PathElement::new(
                vec![start, end],
                style.colour.stroke_width(2),
            ))
            .map_err(&err)?;
        }
        c += 6;
    }
    area.draw(&Rectangle::new(corners, style.colour.stroke_width(1)))
        .map_err(&err)
}
