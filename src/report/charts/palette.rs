//! Every colour a chart draws with, in one place.
//!
//! Series colours are the eight colours of Okabe & Ito's palette for
//! colour-vision deficiency ("Color Universal Design", Masataka Okabe and
//! Kei Ito, 2002/2008), which stay distinct for protanopes, deuteranopes and
//! tritanopes. A chart gives its series [`series`]`(0)`, `series(1)`, … in
//! order; beyond eight series the colours are not reused as solid fills:
//! the ninth series onwards is drawn hatched (see [`SeriesStyle`]), so no two
//! series of one chart look the same.
//!
//! The heatmap's level ramp is the six-step sampling of the perceptually
//! uniform *viridis* colour map (van der Walt & Smith, matplotlib), which
//! reads in order for every kind of colour vision and in grey print.

use plotters::style::RGBColor;

/// Okabe–Ito colours in the order charts take them (black comes last: it is
/// also the ink colour).
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue #0072B2
    RGBColor(230, 159, 0),   // orange #E69F00
    RGBColor(0, 158, 115),   // bluish green #009E73
    RGBColor(213, 94, 0),    // vermillion #D55E00
    RGBColor(204, 121, 167), // reddish purple #CC79A7
    RGBColor(86, 180, 233),  // sky blue #56B4E9
    RGBColor(240, 228, 66),  // yellow #F0E442
    RGBColor(0, 0, 0),       // black #000000
];

/// The current state (level, score, counts of the first series).
pub const CURRENT: RGBColor = OKABE_ITO[0];
/// The target profile.
pub const TARGET: RGBColor = OKABE_ITO[3];
/// The score, where a chart shows it beside the level.
pub const SCORE: RGBColor = OKABE_ITO[2];
/// Grid lines (not a series).
pub const GRID: RGBColor = RGBColor(200, 204, 210);
/// Text (not a series).
pub const INK: RGBColor = RGBColor(34, 38, 46);

/// Heatmap fill per maturity level, 0 (dark) to 5 (light); viridis.
pub const LEVELS: [RGBColor; 6] = [
    RGBColor(68, 1, 84),    // #440154
    RGBColor(65, 68, 135),  // #414487
    RGBColor(42, 120, 142), // #2A788E
    RGBColor(34, 168, 132), // #22A884
    RGBColor(122, 209, 81), // #7AD151
    RGBColor(253, 231, 37), // #FDE725
];
/// Heatmap fill of a cell without a level (light grey, not on the ramp).
pub const NO_LEVEL: RGBColor = RGBColor(230, 232, 236);
/// Text on the dark end of [`LEVELS`].
pub const ON_DARK: RGBColor = RGBColor(255, 255, 255);

/// How one series is drawn: its colour, and whether it is hatched (the
/// ninth series onwards, once the eight colours are used).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesStyle {
    /// Fill or stroke colour.
    pub colour: RGBColor,
    /// Drawn hatched (bars) or dashed (lines) instead of solid.
    pub hatched: bool,
}

/// The style of series `index` of a chart: distinct for every index below 16.
pub fn series(index: usize) -> SeriesStyle {
    SeriesStyle {
        colour: OKABE_ITO[index % OKABE_ITO.len()],
        hatched: index >= OKABE_ITO.len(),
    }
}

/// `#RRGGBB` of a colour, as the SVG backend writes it.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_series_have_sixteen_styles_and_the_named_colours_differ() {
        let styles: std::collections::HashSet<_> = (0..16)
            .map(|i| (hex(series(i).colour), series(i).hatched))
            .collect();
        assert_eq!(styles.len(), 16);
        let named: std::collections::HashSet<_> =
            [CURRENT, TARGET, SCORE].iter().map(|c| hex(*c)).collect();
        assert_eq!(named.len(), 3);
        assert_eq!(hex(OKABE_ITO[1]), "#E69F00");
    }
}
