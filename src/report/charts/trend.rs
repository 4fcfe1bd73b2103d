//! Trend chart: one small panel per category showing its maturity level and
//! score over the quarters, with the target (when there is one) drawn as a
//! band from the target level up to the highest level. The score has its
//! own axis on the right, labelled 0–100 (its line spans the panel's
//! height: score ÷ 100 × highest level); a quarter without a level or
//! score leaves a gap in that line.

use super::{CURRENT, FONT, GRID, INK, LegendKey, SCORE, TARGET, chart_err, legend_entry};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of the whole chart in pixels.
pub const WIDTH: u32 = 860;
/// Height of one row of panels in pixels.
const ROW_HEIGHT: u32 = 210;
/// Height of the legend strip.
const LEGEND_HEIGHT: u32 = 34;
/// Panels per row.
const PER_ROW: usize = 2;

/// One category's series.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPanel {
    /// Panel title (category name).
    pub title: String,
    /// Target level; `None` without a target profile (no band).
    pub target: Option<u8>,
    /// Level per quarter (`None`: no applicable metric).
    pub levels: Vec<Option<u8>>,
    /// Score 0–100 per quarter (`None`: nothing scored).
    pub scores: Vec<Option<f64>>,
}

/// Data for a trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendData {
    /// Quarter labels, oldest first.
    pub columns: Vec<String>,
    /// One panel per category.
    pub panels: Vec<TrendPanel>,
    /// Highest maturity level.
    pub max_level: u8,
    /// Legend labels: level, score, target (the target's is left out when
    /// no panel has a target).
    pub legend: [String; 3],
}

/// Quarter labels short enough for the panels: `2025-Q4` stays as it is for
/// up to six quarters and becomes `25-Q4` beyond.
pub fn column_label(period: &str, columns: usize) -> String {
    if columns > 6 && period.len() == 7 {
        period[2..].to_string()
    } else {
        period.to_string()
    }
}

/// Height of the chart for `panels` panels.
pub fn height(panels: usize) -> u32 {
    let rows = panels.div_ceil(PER_ROW).max(1) as u32;
    rows * ROW_HEIGHT + LEGEND_HEIGHT
}

/// Split `values` into runs of consecutive known points `(x, y)`.
fn segments(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push((i as f64 + 0.5, *v)),
            None => out.push(std::mem::take(&mut run)),
        }
    }
    out.push(run);
    out.retain(|s| !s.is_empty());
    out
}

fn draw_panel(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    data: &TrendData,
    panel: &TrendPanel,
    name: &str,
) -> Result<()> {
    let err = chart_err(name);
    let n = data.columns.len().max(1);
    let max = f64::from(data.max_level.max(1));
    let top = max + 0.35;
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .margin_right(40)
        .caption(&panel.title, (FONT, 18).into_font().color(&INK))
        .x_label_area_size(24)
        .y_label_area_size(28)
        .build_cartesian_2d(0f64..n as f64, 0f64..top)
        .map_err(&err)?;
    // Target band: from the target level to the top of the scale.
    if let Some(target) = panel.target {
        let target = f64::from(target).min(max);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, target), (n as f64, top)],
                TARGET.mix(0.14).filled(),
            )))
            .map_err(&err)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, target), (n as f64, target)],
                TARGET.stroke_width(1),
            )))
            .map_err(&err)?;
    }
    // One grid line and two axis labels (level left, score right) per level.
    let left = TextStyle::from((FONT, 15).into_font())
        .color(&INK)
        .pos(Pos::new(HPos::Right, VPos::Center));
    let right = TextStyle::from((FONT, 14).into_font())
        .color(&SCORE)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for l in 0..=data.max_level {
        let y = f64::from(l);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, y), (n as f64, y)],
                GRID.stroke_width(1),
            )))
            .map_err(&err)?;
        let score = (100.0 * y / max).round();
        chart
            .draw_series([
                Text::new(format!("{l}"), (-0.08 * n as f64 / 4.0, y), left.clone()),
                Text::new(
                    format!("{score:.0}"),
                    (n as f64 + 0.08 * n as f64 / 4.0, y),
                    right.clone(),
                ),
            ])
            .map_err(&err)?;
    }
    // Quarter labels, thinned out when there are many.
    let step = n.div_ceil(12);
    let below = TextStyle::from((FONT, 14).into_font())
        .color(&INK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    chart
        .draw_series(
            data.columns
                .iter()
                .enumerate()
                .filter(|(i, _)| i % step == 0 || *i == n - 1)
                .map(|(i, c)| Text::new(c.clone(), (i as f64 + 0.5, -0.12), below.clone())),
        )
        .map_err(&err)?;
    let scores: Vec<Option<f64>> = panel
        .scores
        .iter()
        .map(|s| s.map(|s| (s / 100.0 * max).clamp(0.0, max)))
        .collect();
    for seg in segments(&scores) {
        chart
            .draw_series(std::iter::once(PathElement::new(
                seg.clone(),
                SCORE.stroke_width(2),
            )))
            .map_err(&err)?;
        chart
            .draw_series(seg.into_iter().map(|p| {
                Rectangle::new(
                    [(p.0 - 0.04, p.1 - 0.06), (p.0 + 0.04, p.1 + 0.06)],
                    SCORE.filled(),
                )
            }))
            .map_err(&err)?;
    }
    let levels: Vec<Option<f64>> = panel
        .levels
        .iter()
        .map(|l| l.map(|l| f64::from(l).min(max)))
        .collect();
    for seg in segments(&levels) {
        chart
            .draw_series(std::iter::once(PathElement::new(
                seg.clone(),
                CURRENT.stroke_width(3),
            )))
            .map_err(&err)?;
        chart
            .draw_series(seg.into_iter().map(|p| Circle::new(p, 4, CURRENT.filled())))
            .map_err(&err)?;
    }
    Ok(())
}

/// Draw the panels, two per row, with a legend strip underneath.
///
/// # Errors
/// [`crate::Error::Chart`] if plotters fails.
pub fn draw_trend(data: &TrendData, name: &str) -> Result<String> {
    let err = chart_err(name);
    let h = height(data.panels.len());
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, h)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let (grid, legend) = root.split_vertically(h - LEGEND_HEIGHT);
        let rows = data.panels.len().div_ceil(PER_ROW).max(1);
        let cells = grid.split_evenly((rows, PER_ROW));
        for (panel, area) in data.panels.iter().zip(&cells) {
            draw_panel(area, data, panel, name)?;
        }
        let keys = legend.split_evenly((1, 3));
        let [level, score, target] = &data.legend;
        legend_entry(&keys[0], 0, level, CURRENT, LegendKey::Line, name)?;
        legend_entry(&keys[1], 0, score, SCORE, LegendKey::Line, name)?;
        if data.panels.iter().any(|p| p.target.is_some()) {
            legend_entry(&keys[2], 0, target, TARGET, LegendKey::Square, name)?;
        }
        root.present().map_err(&err)?;
    }
    Ok(super::finish(svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> TrendData {
        TrendData {
            columns: ["2025-Q4", "2026-Q1", "2026-Q2"].map(String::from).to_vec(),
            panels: vec![
                TrendPanel {
                    title: "Respond".into(),
                    target: Some(3),
                    levels: vec![Some(1), Some(2), Some(3)],
                    scores: vec![Some(40.0), Some(55.0), Some(70.0)],
                },
                TrendPanel {
                    title: "Detect".into(),
                    target: Some(4),
                    levels: vec![Some(2), None, Some(2)],
                    scores: vec![Some(50.0), None, Some(52.0)],
                },
            ],
            max_level: 5,
            legend: ["Level".into(), "Score".into(), "Target".into()],
        }
    }

    #[test]
    fn each_panel_draws_its_band_levels_and_scores() {
        let svg = draw_trend(&data(), "trend").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        // 3 + 2 level markers; the gap in Detect splits both of its lines.
        assert_eq!(svg.matches("<circle").count(), 5, "{svg}");
        // level lines: one in Respond, two one-point runs in Detect (+1 legend key)
        assert_eq!(
            svg.matches("stroke=\"#0072B2\" stroke-width=\"3\"").count(),
            4,
            "{svg}"
        );
        assert!(svg.contains("Respond") && svg.contains("Detect"));
        // the right-hand score axis runs 0..100 in steps of 20 in both panels
        let texts: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .map(|t| {
                t.split_once('>')
                    .unwrap()
                    .1
                    .split('<')
                    .next()
                    .unwrap()
                    .trim()
            })
            .collect();
        assert_eq!(
            texts.iter().filter(|t| **t == "100").count(),
            2,
            "{texts:?}"
        );
        assert_eq!(texts.iter().filter(|t| **t == "60").count(), 2, "{texts:?}");
    }

    #[test]
    fn without_a_target_there_is_no_band_and_no_target_key() {
        let with = draw_trend(&data(), "trend").unwrap();
        let mut d = data();
        for p in &mut d.panels {
            p.target = None;
        }
        let without = draw_trend(&d, "trend").unwrap();
        // The target colour (#D55E00) draws a band, its edge and a key.
        assert!(with.contains("#D55E00"));
        assert!(!without.contains("#D55E00"), "{without}");
        assert!(!without.contains("Target"), "no legend key");
        assert_eq!(without.matches("<circle").count(), 5, "levels still drawn");
    }

    #[test]
    fn many_quarters_get_short_labels() {
        assert_eq!(column_label("2025-Q4", 4), "2025-Q4");
        assert_eq!(column_label("2025-Q4", 8), "25-Q4");
        assert_eq!(height(4), 2 * ROW_HEIGHT + LEGEND_HEIGHT);
        assert_eq!(height(3), 2 * ROW_HEIGHT + LEGEND_HEIGHT);
    }
}
