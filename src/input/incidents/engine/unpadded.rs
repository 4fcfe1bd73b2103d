//! Local times without zero padding, as Excel and ticket systems write them:
//! `2026/1/6 22:17`, `2026-1-6 9:05`, `2026/12/31 9:05:30`. A year of four
//! digits, `/` or `-` (the same twice), a month and a day of one or two
//! digits, a space, an hour of one or two digits, then minutes and optional
//! seconds of two. Read by hand, once per value, because polars' fast parser
//! wants fixed widths and its fallback (chrono, tried format by format)
//! cost more than the rest of the timestamp parsing on a 1M-row log.

use polars::prelude::*;

/// The lengths a value of this form can have, from `2026/1/6 9:05` (13
/// bytes) to `2026/12/31 9:05:00` (18); with every field padded it is one
/// of the forms polars parses (16 or 19 bytes).
const LENGTHS: std::ops::RangeInclusive<usize> = 13..=18;

/// Days from 1970-01-01 to the date (proleptic Gregorian, H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The number of `min..=max` ASCII digits at `s[*at..]`, moving `at` past them.
fn number(s: &[u8], at: &mut usize, min: usize, max: usize) -> Option<i64> {
    let start = *at;
    let mut v = 0i64;
    while *at < s.len() && *at - start < max && s[*at].is_ascii_digit() {
        v = v * 10 + i64::from(s[*at] - b'0');
        *at += 1;
    }
    (*at - start >= min).then_some(v)
}

fn byte(s: &[u8], at: &mut usize, b: u8) -> Option<()> {
    (s.get(*at) == Some(&b)).then(|| *at += 1)
}

/// Microseconds since 1970-01-01 00:00 (naive wall time) of a value of this
/// form, or `None` for anything else, an impossible date (`2026/2/30`) or
/// time (`24:00`, `9:60`) included.
pub(super) fn parse(text: &str) -> Option<i64> {
    let s = text.as_bytes();
    // 16 bytes is unpadded only as `2026-1-6 9:05:00` (a `:` at index 10);
    // otherwise it is the padded `2026-01-06 22:17`, read by polars.
    if !LENGTHS.contains(&s.len()) || (s.len() == 16 && s[10] != b':') {
        return None;
    }
    let at = &mut 0;
    let year = number(s, at, 4, 4)?;
    let sep = *s.get(4)?;
    if sep != b'-' && sep != b'/' {
        return None;
    }
    byte(s, at, sep)?;
    let month = number(s, at, 1, 2)?;
    byte(s, at, sep)?;
    let day = number(s, at, 1, 2)?;
    byte(s, at, b' ')?;
    let hour = number(s, at, 1, 2)?;
    byte(s, at, b':')?;
    let minute = number(s, at, 2, 2)?;
    let second = if *at < s.len() {
        byte(s, at, b':')?;
        number(s, at, 2, 2)?
    } else {
        0
    };
    let valid = *at == s.len()
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    valid.then(|| {
        let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
        secs * 1_000_000
    })
}

/// `raw` (text) read in this form, as a naive datetime in microseconds;
/// null where it is not.
pub(super) fn expr(raw: Expr) -> Expr {
    raw.map(
        |c: Column| {
            let ca = c.str()?;
            let parsed: Int64Chunked = ca.iter().map(|v| v.and_then(parse)).collect();
            let dt = parsed
                .with_name(ca.name().clone())
                .into_datetime(TimeUnit::Microseconds, None);
            Ok(dt.into_column())
        },
        |_, field| {
            Ok(Field::new(
                field.name().clone(),
                DataType::Datetime(TimeUnit::Microseconds, None),
            ))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Microseconds of a date and time, computed another way: whole days
    /// counted from 2026-01-01 (20,454 days after 1970-01-01).
    fn at(day_of_2026: i64, h: i64, m: i64, s: i64) -> Option<i64> {
        Some(((20_454 + day_of_2026) * 86_400 + h * 3600 + m * 60 + s) * 1_000_000)
    }

    #[test]
    fn the_issues_forms_are_read() {
        assert_eq!(parse("2026/1/6 22:17"), at(5, 22, 17, 0));
        assert_eq!(parse("2026-1-6 9:05"), at(5, 9, 5, 0));
        assert_eq!(parse("2026/1/6 9:05:30"), at(5, 9, 5, 30));
        assert_eq!(parse("2026/01/06 9:05"), at(5, 9, 5, 0));
        // 31 + 28 + 31 days before April, so 1 April is day 90.
        assert_eq!(parse("2026/4/1 0:29"), at(90, 0, 29, 0));
        assert_eq!(parse("2026-12-31 23:59:59"), None, "padded: read by polars");
        assert_eq!(parse("2026-01-06 22:17"), None, "padded: read by polars");
        assert_eq!(parse("2026-1-6 9:05:00"), at(5, 9, 5, 0));
        assert_eq!(parse("2026/12/31 9:05:00"), at(364, 9, 5, 0));
        assert_eq!(
            parse("2024/2/29 12:00"),
            Some((19_782 * 86_400 + 12 * 3600) * 1_000_000)
        );
    }

    #[test]
    fn other_forms_and_impossible_times_are_not() {
        for v in [
            "2026/2/30 9:05",
            "2025/2/29 9:05",
            "2026/13/6 22:17",
            "2026/0/6 22:17",
            "2026/1/0 22:17",
            "2026/1/6 24:00",
            "2026/1/6 9:60",
            "2026/1/6 22:7",
            "2026/1/6 22:17:5",
            "2026/1-6 22:17",
            "2026/1/6T22:17",
            "2026/1/6  22:17",
            "1/6/2026 22:17",
            "06/01/2026 9:05",
            "2026/1/6",
            "2026/1/6 22:17Z",
            "２０２６/1/6 22:17",
            "",
        ] {
            assert_eq!(parse(v), None, "{v}");
        }
    }
}
