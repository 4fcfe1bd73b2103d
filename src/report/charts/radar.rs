//! Radar chart: maturity level per category, against the target profile
//! when one is given. Only levels are drawn on its 0–highest-level rings;
//! the score (0–100) has its own bar chart (see [`super::bars`]), so no
//! score can be read as a level.

use super::{CURRENT, FONT, GRID, INK, TARGET, chart_err};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of the radar chart in pixels.
pub const WIDTH: u32 = 560;
/// Height of the radar chart in pixels.
pub const HEIGHT: u32 = 440;
const RADIUS: f64 = 150.0;

/// One axis of the radar.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarAxis {
    /// Axis label (category name).
    pub label: String,
    /// Current maturity level (0 when the category has none).
    pub level: f64,
    /// Whether the category has a level at all.
    pub has_level: bool,
    /// Target level; `None` without a target profile.
    pub target: Option<f64>,
}

/// Data for the radar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarData {
    /// Axes clockwise from the top.
    pub axes: Vec<RadarAxis>,
    /// Outermost ring (the highest level).
    pub max: f64,
    /// Legend labels: current level, target (the target's is left out
    /// when no axis has a target).
    pub legend: [String; 2],
}

/// One category on the radar: name, level and target level.
pub type RadarInput = (String, Option<u8>, Option<u8>);

/// Shape radar data: one axis per category, levels clamped to `0..=max`; a
/// category without a level sits at 0 and is labelled "—".
pub fn radar_series(categories: &[RadarInput], max_level: u8, legend: [String; 2]) -> RadarData {
    let max = f64::from(max_level.max(1));
    RadarData {
        axes: categories
            .iter()
            .map(|(label, level, target)| RadarAxis {
                label: label.clone(),
                level: f64::from(level.unwrap_or(0)).min(max),
                has_level: level.is_some(),
                target: target.map(|t| f64::from(t).min(max)),
            })
            .collect(),
        max,
        legend,
    }
}

fn point(center: (f64, f64), index: usize, count: usize, r: f64) -> (i32, i32) {
    let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * index as f64 / count as f64;
    (
        (center.0 + r * angle.cos()).round() as i32,
        (center.1 + r * angle.sin()).round() as i32,
    )
}

/// Draw the radar chart as an SVG document.
///
/// # Errors
/// [`crate::Error::Chart`] if plotters fails.
pub fn draw_radar(data: &RadarData) -> Result<String> {
    let err = chart_err("radar");
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let n = data.axes.len().max(3);
        let center = (f64::from(WIDTH) / 2.0, 205.0);
        let ring = |r: f64| -> Vec<(i32, i32)> {
            let mut pts: Vec<_> = (0..n).map(|i| point(center, i, n, r)).collect();
            pts.push(pts[0]);
            pts
        };
        let small = TextStyle::from((FONT, 13).into_font()).color(&INK);
        for level in 1..=(data.max as u32) {
            let r = RADIUS * f64::from(level) / data.max;
            root.draw(&PathElement::new(ring(r), GRID.stroke_width(1)))
                .map_err(&err)?;
            let (x, y) = point(center, 0, n, r);
            root.draw(&Text::new(level.to_string(), (x + 4, y), small.clone()))
                .map_err(&err)?;
        }
        for i in 0..n {
            root.draw(&PathElement::new(
                vec![point(center, i, n, 0.0), point(center, i, n, RADIUS)],
                GRID.stroke_width(1),
            ))
            .map_err(&err)?;
        }
        let polygon = |value: &dyn Fn(&RadarAxis) -> f64| -> Vec<(i32, i32)> {
            data.axes
                .iter()
                .enumerate()
                .map(|(i, a)| point(center, i, n, RADIUS * value(a) / data.max))
                .collect()
        };
        let current = polygon(&|a| a.level);
        root.draw(&Polygon::new(current.clone(), CURRENT.mix(0.25).filled()))
            .map_err(&err)?;
        let mut closed = current.clone();
        closed.extend(current.first().copied());
        root.draw(&PathElement::new(closed, CURRENT.stroke_width(3)))
            .map_err(&err)?;
        let has_target = data.axes.iter().all(|a| a.target.is_some());
        if has_target {
            let mut target = polygon(&|a| a.target.unwrap_or(0.0));
            target.extend(target.first().copied());
            root.draw(&PathElement::new(target, TARGET.stroke_width(2)))
                .map_err(&err)?;
        }
        for (i, p) in current.iter().enumerate() {
            root.draw(&Circle::new(*p, 4, CURRENT.filled()))
                .map_err(&err)?;
            let a = &data.axes[i];
            let (x, y) = point(center, i, n, RADIUS + 22.0);
            let h = if x < center.0 as i32 - 10 {
                HPos::Right
            } else if x > center.0 as i32 + 10 {
                HPos::Left
            } else {
                HPos::Center
            };
            let label = TextStyle::from((FONT, 19).into_font())
                .color(&INK)
                .pos(Pos::new(h, VPos::Center));
            let level = if a.has_level {
                (a.level as u8).to_string()
            } else {
                "—".into()
            };
            root.draw(&Text::new(format!("{} ({level})", a.label), (x, y), label))
                .map_err(&err)?;
        }
        let colours = [CURRENT, TARGET];
        let keys = data
            .legend
            .iter()
            .zip(colours)
            .enumerate()
            .filter(|(i, _)| has_target || *i != 1)
            .map(|(_, key)| key);
        for (i, (text, colour)) in keys.enumerate() {
            let x = 40 + 170 * i as i32;
            let y = HEIGHT as i32 - 22;
            root.draw(&PathElement::new(
                vec![(x, y), (x + 24, y)],
                colour.stroke_width(3),
            ))
            .map_err(&err)?;
            let style = TextStyle::from((FONT, 15).into_font())
                .color(&INK)
                .pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(text.clone(), (x + 30, y), style))
                .map_err(&err)?;
        }
        root.present().map_err(&err)?;
    }
    Ok(super::finish(svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RadarData {
        radar_series(
            &[
                ("防護".into(), Some(2), Some(3)),
                ("検出".into(), Some(3), Some(3)),
                ("対処".into(), Some(4), Some(3)),
                ("<script>&".into(), Some(9), Some(3)),
            ],
            5,
            ["Level".into(), "Target".into()],
        )
    }

    #[test]
    fn series_clamps_levels_to_the_highest_ring() {
        let d = sample();
        assert_eq!(d.axes[0].level, 2.0);
        assert_eq!(d.axes[3].level, 5.0);
    }

    #[test]
    fn radar_is_svg_with_escaped_japanese_labels() {
        let svg = draw_radar(&sample()).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.contains("\n防護 (2)\n"), "{svg}");
        assert!(svg.contains("\n&lt;script&gt;&amp; (5)\n"));
        assert!(!svg.contains("<script"));
        // 5 rings + 4 spokes + level outline + target outline + 2 legend keys;
        // no score line: the score is not on the level rings.
        assert_eq!(svg.matches("<polyline").count(), 5 + 4 + 2 + 2, "{svg}");
        assert!(!svg.contains(&super::super::palette::hex(super::super::SCORE)));
        assert_eq!(draw_radar(&sample()).unwrap(), svg, "deterministic");
    }

    #[test]
    fn without_a_target_there_is_no_target_ring_and_no_target_legend() {
        let mut d = sample();
        for a in &mut d.axes {
            a.target = None;
        }
        let svg = draw_radar(&d).unwrap();
        // 5 rings + 4 spokes + level outline + 1 legend key: one fewer ring, one fewer key.
        assert_eq!(svg.matches("<polyline").count(), 5 + 4 + 1 + 1, "{svg}");
        assert!(!svg.contains("Target"), "{svg}");
        assert!(svg.contains("Level"));
    }
}
