//! Stacked bar chart: per quarter, counts split into series (incident
//! categories, detection sources).

use super::palette;
use super::{FONT, INK, LegendKey, chart_err, column_chart, column_labels, fill_rect};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width in pixels.
pub const WIDTH: u32 = 640;
/// Height in pixels.
pub const HEIGHT: u32 = 300;

/// Data for a stacked bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedData {
    /// X labels (quarters).
    pub columns: Vec<String>,
    /// (series label, one count per column).
    pub series: Vec<(String, Vec<u64>)>,
    /// Y axis title.
    pub y_title: String,
}

impl StackedData {
    /// The counts as a table: one row per column (quarter), one cell per
    /// series, then the total.
    pub fn table(&self, id: &str, caption: &str, first: &str, total: &str) -> super::ChartTable {
        let mut header = vec![first.to_string()];
        header.extend(self.series.iter().map(|(l, _)| l.clone()));
        header.push(total.to_string());
        super::ChartTable {
            id: id.to_string(),
            caption: caption.to_string(),
            header,
            rows: self
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let counts: Vec<u64> = self
                        .series
                        .iter()
                        .map(|(_, v)| v.get(i).copied().unwrap_or(0))
                        .collect();
                    let mut row = vec![c.clone()];
                    row.extend(counts.iter().map(ToString::to_string));
                    row.push(counts.iter().sum::<u64>().to_string());
                    row
                })
                .collect(),
        }
    }
}

/// Shape stacked data; series with no count anywhere are dropped.
pub fn stacked_series(
    columns: Vec<String>,
    series: Vec<(String, Vec<u64>)>,
    y_title: &str,
) -> StackedData {
    StackedData {
        series: series
            .into_iter()
            .filter(|(_, v)| v.iter().any(|c| *c > 0))
            .collect(),
        columns,
        y_title: y_title.to_string(),
    }
}

/// Draw the stacked bars with a legend on the right.
///
/// # Errors
/// [`crate::Error::Chart`] if plotters fails.
pub fn draw_stacked(data: &StackedData, name: &str) -> Result<String> {
    let err = chart_err(name);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let (plot, legend) = root.split_horizontally(WIDTH - 150);
        let n = data.columns.len().max(1);
        let totals: Vec<u64> = (0..data.columns.len())
            .map(|i| {
                data.series
                    .iter()
                    .map(|(_, v)| v.get(i).copied().unwrap_or(0))
                    .sum()
            })
            .collect();
        let top = (totals.iter().copied().max().unwrap_or(0) as f64 * 1.15).max(1.0);
        let mut chart = column_chart(&plot, n, top, &data.y_title, name)?;
        for (i, total) in totals.iter().enumerate() {
            let mut base = 0.0;
            for (s, (_, values)) in data.series.iter().enumerate() {
                let v = values.get(i).copied().unwrap_or(0) as f64;
                if v > 0.0 {
                    let corners = [
                        chart.backend_coord(&(i as f64 + 0.15, base)),
                        chart.backend_coord(&(i as f64 + 0.85, base + v)),
                    ];
                    fill_rect(&root, corners, palette::series(s), name)?;
                }
                base += v;
            }
            chart
                .draw_series(std::iter::once(Text::new(
                    total.to_string(),
                    (i as f64 + 0.5, base + top * 0.01),
                    TextStyle::from((FONT, 14).into_font())
                        .color(&INK)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                )))
                .map_err(&err)?;
        }
        column_labels(&mut chart, &data.columns, -top * 0.05, name)?;
        for (s, (label, _)) in data.series.iter().enumerate() {
            super::legend_entry_styled(
                &legend,
                s,
                label,
                palette::series(s),
                LegendKey::Square,
                name,
            )?;
        }
        root.present().map_err(&err)?;
    }
    Ok(super::finish(svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stacks_each_quarter_and_drops_empty_series() {
        let d = stacked_series(
            vec!["2026-Q1".into(), "2026-Q2".into()],
            vec![
                ("malware".into(), vec![3, 0]),
                ("physical".into(), vec![0, 0]),
                ("フィッシング".into(), vec![2, 5]),
            ],
            "incidents",
        );
        assert_eq!(d.series.len(), 2);
        let svg = draw_stacked(&d, "volume").unwrap();
        // background + 3 non-empty segments + 2 legend keys
        assert_eq!(svg.matches("<rect").count(), 1 + 3 + 2, "{svg}");
        assert!(svg.contains("\n5\n") && svg.contains("\nフィッシング\n"));
    }

    #[test]
    fn the_ninth_series_is_hatched_not_a_repeated_solid_colour() {
        let series = (0..9).map(|i| (format!("s{i}"), vec![1])).collect();
        let svg = draw_stacked(&stacked_series(vec!["Q1".into()], series, "n"), "many").unwrap();
        // The first colour fills series 0 and its key only; series 8 is
        // white with blue hatching and a blue outline.
        assert_eq!(svg.matches("fill=\"#0072B2\"").count(), 2, "{svg}");
        assert!(
            svg.matches("stroke=\"#0072B2\" stroke-width=\"2\"").count() >= 4,
            "{svg}"
        );
    }
}
