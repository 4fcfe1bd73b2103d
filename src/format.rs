//! Number and text formatting shared by every output (reports, exports,
//! importers' tables): one place decides how a figure or a cell looks.

/// # The rounding rule for figures a reader sees
///
/// Every output that shows a figure to a reader — the HTML report and
/// comparison, the XLSX workbooks, the Word document — rounds it the same
/// way: half away from zero on its decimal value (as a spreadsheet does),
/// to a fixed number of decimals that are always written.
///
/// | figure | decimals | text ([`score`], …) | XLSX number format |
/// |---|---|---|---|
/// | score (0–100) | 1 | `75.9`, `80.0` | [`SCORE_FORMAT`] |
/// | share, coverage | whole percent | `98%` | [`PERCENT_FORMAT`] |
/// | score change in points | 2, signed | `+1.72`, `-5.17`, `0.00` | [`POINTS_FORMAT`] |
/// | weight lost | 2 | `1.50` | [`WEIGHT_FORMAT`] |
///
/// An XLSX cell keeps the unrounded number and its format shows these
/// digits, so a cell and the HTML read the same. Data files (CSV, JSON,
/// Parquet) keep their documented precision (up to 4 decimals).
pub const SCORE_FORMAT: &str = "0.0";
/// XLSX number format of a share (see [`score`] for the rule).
pub const PERCENT_FORMAT: &str = "0%";
/// XLSX number format of a score change in points (see [`score`]).
pub const POINTS_FORMAT: &str = "+0.00;-0.00;0.00";
/// XLSX number format of a weight (see [`score`]).
pub const WEIGHT_FORMAT: &str = "0.00";

/// `v` rounded half away from zero to `decimals` decimals, all written.
/// The decimal value is read at 12 decimals first, so `2.675` (stored as
/// 2.67499…) rounds to `2.68` as a spreadsheet shows it; `-0.00` is `0.00`.
pub fn fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let text = format!("{:.12}", v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes().take(decimals)).collect();
    if frac.as_bytes().get(decimals).is_some_and(|d| *d >= b'5') {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - decimals;
    let mut out = String::from_utf8_lossy(&digits[..split]).into_owned();
    if decimals > 0 {
        out.push('.');
        out.push_str(&String::from_utf8_lossy(&digits[split..]));
    }
    if v < 0.0 && digits.iter().any(|d| *d != b'0') {
        out.insert(0, '-');
    }
    out
}

/// A score (0–100) with one decimal: `80.0`.
pub fn score(v: f64) -> String {
    fixed(v, 1)
}

/// A share (0–1) as a whole percentage: `98%`.
pub fn percent(share: f64) -> String {
    format!("{}%", fixed(share * 100.0, 0))
}

/// A score change in points, signed, two decimals: `+1.72`, `0.00`.
pub fn points(v: f64) -> String {
    let s = fixed(v, 2);
    if v > 0.0 && s != "0.00" {
        format!("+{s}")
    } else {
        s
    }
}

/// A weight with two decimals: `1.50`.
pub fn weight(v: f64) -> String {
    fixed(v, 2)
}

/// Format a number with at most `decimals` decimals and no trailing zeros.
pub fn trim_number(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// A text cell as a spreadsheet should see it: a value that Excel or
/// LibreOffice would run as a formula (it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) gets a leading apostrophe, so that
/// `=HYPERLINK(…)` typed into an answer file stays text when a CSV export is
/// opened. Control and bidi characters become U+FFFD first (see
/// [`crate::sanitize::clean`]), so no NUL reaches a CSV file. Numbers are
/// never passed through here.
pub fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    let text = crate::sanitize::clean(text);
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text,
    }
}

#[cfg(test)]
mod rounding_tests {
    use super::*;

    #[test]
    fn figures_round_half_away_from_zero_with_fixed_decimals() {
        assert_eq!(score(80.0), "80.0");
        assert_eq!(score(75.25), "75.3");
        assert_eq!(score(75.9375), "75.9");
        assert_eq!(score(99.96), "100.0");
        assert_eq!(fixed(2.675, 2), "2.68", "as a spreadsheet shows 2.675");
        assert_eq!(fixed(-0.004, 2), "0.00");
        assert_eq!(percent(0.975), "98%");
        assert_eq!(percent(0.9375), "94%");
        assert_eq!(points(1.7241), "+1.72");
        assert_eq!(points(-5.1724), "-5.17");
        assert_eq!(points(0.004), "0.00");
        assert_eq!(points(-0.004), "0.00");
        assert_eq!(weight(1.5), "1.50");
    }
}
