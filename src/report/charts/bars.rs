//! Bar chart: the score of each subcategory of one category.

use super::{CURRENT, FONT, GRID, INK, chart_err};
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
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(44)
            .build_cartesian_2d(0f64..n as f64, 0f64..110f64)
            .map_err(&err)?;
        let labels: Vec<String> = data.bars.iter().map(|b| b.label.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID.stroke_width(1))
            .y_desc(data.y_title.as_str())
            .y_labels(6)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_labels(0)
            .axis_desc_style((FONT, 15))
            .label_style((FONT, 14))
            .draw()
            .map_err(&err)?;
        let centre = Pos::new(HPos::Center, VPos::Bottom);
        for (i, bar) in data.bars.iter().enumerate() {
            let x0 = i as f64 + 0.2;
            let x1 = i as f64 + 0.8;
            if let Some(v) = bar.value {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, 0.0), (x1, v)],
                        CURRENT.filled(),
                    )))
                    .map_err(&err)?;
            }
            let top = bar.value.unwrap_or(0.0) + 2.0;
            chart
                .draw_series(std::iter::once(Text::new(
                    bar.caption.clone(),
                    (i as f64 + 0.5, top),
                    TextStyle::from((FONT, 15).into_font())
                        .color(&INK)
                        .pos(centre),
                )))
                .map_err(&err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    labels[i].clone(),
                    (i as f64 + 0.5, -6.0),
                    TextStyle::from((FONT, 16).into_font())
                        .color(&INK)
                        .pos(Pos::new(HPos::Center, VPos::Top)),
                )))
                .map_err(&err)?;
        }
        root.present().map_err(&err)?;
    }
    Ok(svg)
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
