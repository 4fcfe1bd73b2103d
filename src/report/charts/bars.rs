//! Bar chart: the score of each subcategory of one category.

use super::{CURRENT, FONT, INK, chart_err, column_chart, column_labels};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of a bar chart in pixels.
pub const WIDTH: u32 = 560;
/// Height of a bar chart in pixels.
pub const HEIGHT: u32 = 260;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Axis label (subcategory id).
    pub label: String,
    /// Score 0–100, `None` when nothing was scored.
    pub value: Option<f64>,
    /// Text printed above the bar (formatted score or "—").
    pub caption: String,
}

/// Data for a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarData {
    /// Bars from left to right.
    pub bars: Vec<Bar>,
    /// Y axis title.
    pub y_title: String,
}

impl BarData {
    /// The bars as a table: one row per bar with its label and caption.
    pub fn table(&self, id: &str, caption: &str, header: [&str; 2]) -> super::ChartTable {
        super::ChartTable {
            id: id.to_string(),
            caption: caption.to_string(),
            header: header.iter().map(ToString::to_string).collect(),
            rows: self
                .bars
                .iter()
                .map(|b| vec![b.label.clone(), b.caption.clone()])
                .collect(),
        }
    }
}

/// Shape bar data from (label, score, caption) triples; scores are clamped to 0–100.
pub fn bar_series(items: &[(String, Option<f64>, String)], y_title: &str) -> BarData {
    BarData {
        bars: items
            .iter()
            .map(|(label, value, caption)| Bar {
                label: label.clone(),
                value: value.map(|v| v.clamp(0.0, 100.0)),
                caption: caption.clone(),
            })
            .collect(),
        y_title: y_title.to_string(),
    }
}

/// Draw the bar chart as an SVG document.
///
/// # Errors
/// [`crate::Error::Chart`] if plotters fails.
pub fn draw_bars(data: &BarData, name: &str) -> Result<String> {
    let err = chart_err(name);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let n = data.bars.len().max(1);
        let mut chart = column_chart(&root, n, 110.0, &data.y_title, name)?;
        let centre = Pos::new(HPos::Center, VPos::Bottom);
        for (i, bar) in data.bars.iter().enumerate() {
            if let Some(v) = bar.value {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(i as f64 + 0.2, 0.0), (i as f64 + 0.8, v)],
                        CURRENT.filled(),
                    )))
                    .map_err(&err)?;
            }
            chart
                .draw_series(std::iter::once(Text::new(
                    bar.caption.clone(),
                    (i as f64 + 0.5, bar.value.unwrap_or(0.0) + 2.0),
                    TextStyle::from((FONT, 15).into_font())
                        .color(&INK)
                        .pos(centre),
                )))
                .map_err(&err)?;
        }
        let labels: Vec<String> = data.bars.iter().map(|b| b.label.clone()).collect();
        column_labels(&mut chart, &labels, -6.0, name)?;
        root.present().map_err(&err)?;
    }
    Ok(super::finish(svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_draw_one_rectangle_per_scored_subcategory() {
        let d = bar_series(
            &[
                ("1.1".into(), Some(80.0), "80".into()),
                ("1.2".into(), None, "—".into()),
                ("1.3".into(), Some(150.0), "150".into()),
            ],
            "Score",
        );
        assert_eq!(d.bars[2].value, Some(100.0));
        let svg = draw_bars(&d, "protect").unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("\n1.2\n") && svg.contains("\n—\n"), "{svg}");
        // background + 2 bars
        assert_eq!(svg.matches("<rect").count(), 3, "{svg}");
    }
}
