//! Timestamp expressions: the shape of each raw value, one candidate parse
//! per format, the first that succeeds, and the moves between a wall-clock
//! zone and UTC that place an incident in a quarter.

use super::FORMATS;
use polars::prelude::*;

/// Whether a strptime format carries a UTC offset.
fn is_aware(format: &str) -> bool {
    format.contains("%z") || format.contains("%:z") || format.contains("%#z")
}

/// Parse with one format into a naive datetime: wall time for naive formats,
/// UTC for formats with an offset.
fn to_datetime(input: Expr, format: &str) -> Expr {
    let aware = is_aware(format);
    let parsed = input.str().to_datetime(
        Some(TimeUnit::Microseconds),
        aware.then_some(TimeZone::UTC),
        StrptimeOptions {
            format: Some(format.into()),
            strict: false,
            exact: true,
            cache: false,
        },
        lit("earliest"),
    );
    if aware {
        parsed
            .dt()
            .replace_time_zone(None, lit("earliest"), NonExistent::Null)
    } else {
        parsed
    }
}

/// Shape columns of a raw timestamp column `r_{t}`: byte length, the bytes at
/// index 4 and 10, and whether it ends in an offset (`Z` or `±hh:mm`).
pub(super) fn shape_columns(t: &str) -> Vec<Expr> {
    let raw = col(format!("r_{t}"));
    let len = raw.clone().str().len_bytes();
    let tail = raw.clone().str().slice(lit(19i64), lit(64u64));
    let sign = tail.clone().str().slice(lit(-6i64), lit(1u64));
    vec![
        len.clone().alias(format!("len_{t}")),
        raw.clone()
            .str()
            .slice(lit(4i64), lit(1u64))
            .alias(format!("c4_{t}")),
        raw.str()
            .slice(lit(10i64), lit(1u64))
            .alias(format!("c10_{t}")),
        tail.str()
            .ends_with(lit("Z"))
            .or(sign.clone().eq(lit("+")))
            .or(sign.eq(lit("-")))
            .fill_null(lit(false))
            .alias(format!("off_{t}")),
    ]
}

/// Candidate parses of `r_{t}`: the mapping's formats on every value, then
/// each built-in form only on values of its shape (values set to null are
/// skipped by the parser, so each value is parsed about once and the common
/// naive forms take polars' fast parser), then the local forms without zero
/// padding ([`super::unpadded`]). Naive candidates go to `n_{t}_{k}`,
/// offset-aware ones (already UTC) to `a_{t}_{k}`.
pub(super) fn candidate_columns(t: &str, user_formats: &[String]) -> (Vec<Expr>, usize, usize) {
    let raw = col(format!("r_{t}"));
    let null_str = || lit(NULL).cast(DataType::String);
    let (mut naive, mut aware) = (Vec::new(), Vec::new());
    for f in user_formats {
        let e = to_datetime(raw.clone(), f);
        if is_aware(f) {
            aware.push(e)
        } else {
            naive.push(e)
        }
    }
    for (format, length, c4, c10, is_offset) in FORMATS {
        let size = if *length == 0 {
            col(format!("len_{t}")).gt(lit(19u32))
        } else {
            col(format!("len_{t}")).eq(lit(*length as u32))
        };
        let mut shape = size
            .and(col(format!("c4_{t}")).eq(lit(String::from(*c4 as char))))
            .and(col(format!("c10_{t}")).eq(lit(String::from(*c10 as char))));
        if *length == 0 {
            let off = col(format!("off_{t}"));
            shape = shape.and(if *is_offset { off } else { off.not() });
        }
        let e = to_datetime(when(shape).then(raw.clone()).otherwise(null_str()), format);
        if *is_offset {
            aware.push(e)
        } else {
            naive.push(e)
        }
    }
    // Last, the local forms without zero padding (`2026/1/6 22:17`), read
    // by hand: any other value is refused by its length or first bytes.
    naive.push(super::unpadded::expr(raw.clone()));
    let (n, a) = (naive.len(), aware.len());
    let cols = naive
        .into_iter()
        .enumerate()
        .map(|(k, e)| e.alias(format!("n_{t}_{k}")))
        .chain(
            aware
                .into_iter()
                .enumerate()
                .map(|(k, e)| e.alias(format!("a_{t}_{k}"))),
        )
        .collect();
    (cols, n, a)
}

/// The first non-null of the columns `{prefix}_{t}_0..count`; each candidate
/// is a column, so the expression grows linearly with the number of formats.
pub(super) fn first_of(prefix: &str, t: &str, count: usize) -> Expr {
    let mut e = lit(NULL).cast(DataType::Datetime(TimeUnit::Microseconds, None));
    for k in (0..count).rev() {
        let c = col(format!("{prefix}_{t}_{k}"));
        e = when(c.clone().is_not_null()).then(c).otherwise(e);
    }
    e
}

/// Naive wall time in `tz` → naive UTC (identity for UTC).
pub(super) fn wall_to_utc(e: Expr, tz: &TimeZone) -> Expr {
    if tz == &TimeZone::UTC {
        return e;
    }
    e.dt()
        .replace_time_zone(Some(tz.clone()), lit("earliest"), NonExistent::Null)
        .dt()
        .convert_time_zone(TimeZone::UTC)
        .dt()
        .replace_time_zone(None, lit("earliest"), NonExistent::Null)
}

/// Naive UTC → naive wall time in `tz` (for placing in a quarter).
pub(super) fn utc_to_wall(e: Expr, tz: &TimeZone) -> Expr {
    if tz == &TimeZone::UTC {
        return e;
    }
    e.dt()
        .replace_time_zone(Some(TimeZone::UTC), lit("earliest"), NonExistent::Null)
        .dt()
        .convert_time_zone(tz.clone())
        .dt()
        .replace_time_zone(None, lit("earliest"), NonExistent::Null)
}

pub(super) fn quarter_code(ts: Expr) -> Expr {
    (ts.clone().dt().year().cast(DataType::Int32) * lit(10i32))
        + ts.dt().quarter().cast(DataType::Int32)
}
