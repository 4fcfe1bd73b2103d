//! The 2-decimal rule of the comparison page: score changes are shown with
//! 2 decimals, so whether a change counts as zero, and which way it goes, is
//! judged on the value as it rounds at 2 decimals, in numbers.

use super::Direction;

/// `v` rounded to 2 decimals, halves away from zero.
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Whether `v` rounds to zero at 2 decimals (shown as `0.00`, never `-0.00`).
///
/// The rule is `|v| < 0.005`. The double nearest to 0.005 lies just above
/// 1/200, so every double below it is below 1/200 and rounds to 0.00 in
/// Rust's exactly rounded `{:.2}`, and it and every double above it round to
/// 0.01: the test agrees with the formatted text for every finite value.
pub fn is_zero_at_2dp(v: f64) -> bool {
    v.abs() < 0.005
}

impl Direction {
    /// The direction of `v` at 2 decimals: [`Direction::Flat`] when it rounds
    /// to zero (or is not a number), else by its sign.
    pub fn of(v: f64) -> Self {
        if is_zero_at_2dp(v) {
            Direction::Flat
        } else if v > 0.0 {
            Direction::Up
        } else if v < 0.0 {
            Direction::Down
        } else {
            Direction::Flat
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_at_2dp_agrees_with_the_formatted_text() {
        let edge = 0.005_f64;
        for v in [
            0.0,
            -0.0,
            0.001,
            -0.004_999,
            edge.next_down(),
            -edge.next_down(),
            edge,
            -edge,
            edge.next_up(),
            0.015,
            1.0,
            -3.846,
        ] {
            let s = format!("{v:.2}");
            assert_eq!(is_zero_at_2dp(v), s == "0.00" || s == "-0.00", "{v}");
        }
    }

    #[test]
    fn direction_follows_the_sign_of_what_is_shown() {
        assert_eq!(Direction::of(5.769), Direction::Up);
        assert_eq!(Direction::of(-3.846), Direction::Down);
        assert_eq!(Direction::of(-0.004), Direction::Flat);
        assert_eq!(Direction::of(0.004), Direction::Flat);
        assert_eq!(Direction::of(0.005), Direction::Up);
        assert_eq!(Direction::of(f64::NAN), Direction::Flat);
    }

    #[test]
    fn round2_rounds_halves_away_from_zero() {
        assert_eq!(round2(1.234), 1.23);
        assert_eq!(round2(-1.235_000_1), -1.24);
        assert_eq!(round2(0.125), 0.13);
    }
}
