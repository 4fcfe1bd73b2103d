//! Line chart: KPI values per quarter (e.g. median and p90 hours to contain);
//! a quarter with insufficient data leaves a gap.

use super::stacked::PALETTE;
use super::{LegendKey, chart_err, column_chart, column_labels, legend_entry};
use crate::error::Result;
use plotters::prelude::*;

/// Width in pixels.
pub const WIDTH: u32 = 640;
/// Height in pixels.
pub const HEIGHT: u32 = 300;

/// Data for a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct LineData {
    /// X labels (quarters).
    pub columns: Vec<String>,
    /// (series label, one optional value per column).
    pub series: Vec<(String, Vec<Option<f64>>)>,
    /// Y axis title.
    pub y_title: String,
}

/// Draw the lines with a legend on the right.
///
/// # Errors
/// [`crate::Error::Chart`] if plotters fails.
pub fn draw_lines(data: &LineData, name: &str) -> Result<String> {
    let err = chart_err(name);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let (plot, legend) = root.split_horizontally(WIDTH - 170);
        let n = data.columns.len().max(1);
        let top = data
            .series
            .iter()
            .flat_map(|(_, v)| v.iter().flatten())
            .fold(0.0f64, |a, b| a.max(*b))
            .max(1.0)
            * 1.15;
        let mut chart = column_chart(&plot, n, top, &data.y_title, name)?;
        column_labels(&mut chart, &data.columns, -top * 0.05, name)?;
        for (s, (label, values)) in data.series.iter().enumerate() {
            let colour = PALETTE[s % PALETTE.len()];
            // Consecutive known values form one segment; a gap starts a new one.
            let mut segment: Vec<(f64, f64)> = Vec::new();
            let mut segments = Vec::new();
            for (i, v) in values.iter().enumerate() {
                match v {
                    Some(v) => segment.push((i as f64 + 0.5, *v)),
                    None => segments.push(std::mem::take(&mut segment)),
                }
            }
            segments.push(segment);
            for seg in segments.into_iter().filter(|s| !s.is_empty()) {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        seg.clone(),
                        colour.stroke_width(2),
                    )))
                    .map_err(&err)?;
                chart
                    .draw_series(seg.into_iter().map(|p| Circle::new(p, 3, colour.filled())))
                    .map_err(&err)?;
            }
            legend_entry(&legend, s, label, colour, LegendKey::Line, name)?;
        }
        root.present().map_err(&err)?;
    }
    Ok(super::finish(svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_quarter_breaks_the_line() {
        let d = LineData {
            columns: vec!["Q1".into(), "Q2".into(), "Q3".into()],
            series: vec![("p90".into(), vec![Some(10.0), None, Some(30.0)])],
            y_title: "hours".into(),
        };
        let svg = draw_lines(&d, "times").unwrap();
        // two one-point segments (the gap splits the line), two markers, one legend key
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
        assert_eq!(
            svg.matches("stroke=\"#1F5EA8\" stroke-width=\"2\"").count(),
            2,
            "{svg}"
        );
        assert_eq!(
            svg.matches("stroke=\"#1F5EA8\" stroke-width=\"3\"").count(),
            1,
            "{svg}"
        );
    }
}
