//! Line chart: KPI values per quarter (e.g. median and p90 hours to contain);
//! a quarter with insufficient data leaves a gap.

use super::palette;
use super::{LegendKey, chart_err, column_chart, column_labels};
use crate::error::Result;
use plotters::element::DashedPathElement;
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

impl LineData {
    /// The values as a table: one row per column (quarter), one cell per
    /// series, each with one decimal or `missing` where the line has a gap.
    pub fn table(&self, id: &str, caption: &str, first: &str, missing: &str) -> super::ChartTable {
        let mut header = vec![first.to_string()];
        header.extend(self.series.iter().map(|(l, _)| l.clone()));
        super::ChartTable {
            id: id.to_string(),
            caption: caption.to_string(),
            header,
            rows: self
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut row = vec![c.clone()];
                    row.extend(self.series.iter().map(|(_, v)| {
                        v.get(i).copied().flatten().map_or_else(
                            || missing.to_string(),
                            |v| crate::format::trim_number(v, 1),
                        )
                    }));
                    row
                })
                .collect(),
        }
    }
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
            let style = palette::series(s);
            let colour = style.colour;
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
                if style.hatched {
                    chart
                        .draw_series(std::iter::once(DashedPathElement::new(
                            seg.clone(),
                            6,
                            4,
                            colour.stroke_width(2),
                        )))
                        .map_err(&err)?;
                } else {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            seg.clone(),
                            colour.stroke_width(2),
                        )))
                        .map_err(&err)?;
                }
                chart
                    .draw_series(seg.into_iter().map(|p| Circle::new(p, 3, colour.filled())))
                    .map_err(&err)?;
            }
            super::legend_entry_styled(&legend, s, label, style, LegendKey::Line, name)?;
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
            svg.matches("stroke=\"#0072B2\" stroke-width=\"2\"").count(),
            2,
            "{svg}"
        );
        assert_eq!(
            svg.matches("stroke=\"#0072B2\" stroke-width=\"3\"").count(),
            1,
            "{svg}"
        );
    }
}
