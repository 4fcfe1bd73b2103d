//! The row-level preparation: canonical text columns, parsed timestamps, the
//! plausible-year check, the quality flags `q_*`, the intervals in hours,
//! the period codes and the per-row KPI inputs, built as stages of one lazy
//! query.

use super::scan::scan_one;
use super::timestamps::{
    candidate_columns, first_of, quarter_code, shape_columns, utc_to_wall, wall_to_utc,
};
use super::{INTERVALS, Plan, engine_err};
use crate::error::{Error, Result};
use crate::input::incidents::mapping::{Mapping, TIMESTAMPS};
use crate::model::IncidentSettings;
use polars::prelude::*;

fn trimmed(name: &str) -> Expr {
    col(name).str().strip_chars(lit(NULL))
}

/// A text column trimmed and lower-cased, then passed through the mapping's
/// value map for it (`[values.<column>]`), if any. Keys match trimmed and
/// case-insensitively; when two keys differ only in case or surrounding
/// spaces, the first in the file's sorted order wins. The map is one hash
/// lookup per value, so its cost is linear in the rows and the entries (a
/// chain of `when/then`, one per entry, grew the plan quadratically).
fn lowered(name: &str, mapping: &Mapping) -> Expr {
    mapped(name, mapping, true)
}

/// A text column trimmed and passed through its value map, if any, with
/// `lower` lower-casing both the column and the map's values; without it
/// (org and unit) a value keeps its case and a map's value is written as
/// given, so `[values.org]` can turn a log's spelling into the answers'.
fn mapped(name: &str, mapping: &Mapping, lower: bool) -> Expr {
    let base = if lower {
        trimmed(name).str().to_lowercase()
    } else {
        trimmed(name)
    };
    let Some(map) = mapping.values.get(name) else {
        return base;
    };
    let mut lookup: std::collections::HashMap<String, String> =
        std::collections::HashMap::with_capacity(map.len());
    for (from, to) in map {
        let to = if lower {
            to.trim().to_lowercase()
        } else {
            to.trim().to_string()
        };
        lookup.entry(from.trim().to_lowercase()).or_insert(to);
    }
    let lookup = std::sync::Arc::new(lookup);
    base.map(
        move |c: Column| {
            let ca = c.str()?;
            let mapped: StringChunked = ca
                .iter()
                .map(|v| {
                    v.map(|s| {
                        let found = if lower {
                            lookup.get(s)
                        } else {
                            lookup.get(&s.to_lowercase())
                        };
                        found.map_or(s, String::as_str)
                    })
                })
                .collect();
            Ok(mapped.with_name(ca.name().clone()).into_column())
        },
        |_, field| Ok(field.clone()),
    )
}

pub(super) fn one_of(e: Expr, values: &[String]) -> Expr {
    values
        .iter()
        .fold(lit(false), |acc, v| acc.or(e.clone().eq(lit(v.clone()))))
}

/// Build the row-level frame: canonical text, parsed timestamps, the quality
/// flags `q_*`, the intervals in hours and the period codes.
pub fn prepared(plan: &Plan) -> Result<LazyFrame> {
    let frames = plan
        .sources
        .iter()
        .enumerate()
        .map(|(i, p)| scan_one(p, i, &plan.mapping, plan.period_from.column()))
        .collect::<Result<Vec<_>>>()?;
    let lf = concat(frames, UnionArgs::default()).map_err(engine_err)?;
    // A mapping file's zone is checked when it is read (naming the file);
    // this is for mappings built in code.
    let tz = TimeZone::opt_try_new(Some(plan.mapping.time_zone()))
        .map_err(|e| Error::Engine {
            message: format!("mapping key timezone = '{}': {e}", plan.mapping.time_zone()),
        })?
        .unwrap_or(TimeZone::UTC);
    let lf = text_columns(lf, &plan.mapping);
    let lf = parsed_timestamps(lf, &plan.mapping.formats, &tz);
    let lf = plausible_timestamps(lf, plan.mapping.plausible_years(), &tz);
    let lf = lf.with_columns(row_flags(plan, &tz));
    let lf = kpi_inputs(lf, &plan.settings);
    let lf = lf.with_column(
        col("q_missing_org")
            .or(col("q_missing_period"))
            .or(col("q_duplicate_id"))
            .not()
            .alias("counted"),
    );
    Ok(lf)
}

/// Stage 1: the row number in its log, the log's index, the text columns trimmed (and
/// the coded ones lower-cased and mapped, with their trimmed text kept as
/// `v_*`) and the raw timestamps `r_*`.
fn text_columns(lf: LazyFrame, mapping: &Mapping) -> LazyFrame {
    let mut cols = vec![
        col("src"),
        trimmed("id").fill_null(lit("")).alias("id"),
        mapped("org", mapping, false)
            .fill_null(lit(""))
            .alias("org"),
        mapped("unit", mapping, false)
            .fill_null(lit(""))
            .alias("unit"),
        lowered("category", mapping)
            .fill_null(lit(""))
            .alias("category"),
        lowered("severity", mapping)
            .fill_null(lit(""))
            .alias("severity"),
        lowered("detected_by", mapping)
            .fill_null(lit(""))
            .alias("detected_by"),
        lowered("lessons_learned", mapping)
            .fill_null(lit(""))
            .alias("lessons_learned"),
    ];
    for t in TIMESTAMPS {
        cols.push(trimmed(t).alias(format!("r_{t}")));
    }
    // The coded columns as written (trimmed), for the values `--quality` shows.
    for c in ["category", "severity", "detected_by", "lessons_learned"] {
        cols.push(trimmed(c).alias(format!("v_{c}")));
    }
    lf.select(
        std::iter::once(col("log_row"))
            .chain(cols)
            .collect::<Vec<_>>(),
    )
}

/// Stage 2: each timestamp parsed (`p_*`, naive UTC) and whether it was
/// given at all (`has_*`), from the shape of each raw value and one
/// candidate parse per format.
fn parsed_timestamps(lf: LazyFrame, formats: &[String], tz: &TimeZone) -> LazyFrame {
    let lf = lf.with_columns(
        TIMESTAMPS
            .iter()
            .flat_map(|t| shape_columns(t))
            .collect::<Vec<_>>(),
    );
    let mut candidates = Vec::new();
    let (mut n_naive, mut n_aware) = (0, 0);
    for t in TIMESTAMPS {
        let (cols, n, a) = candidate_columns(t, formats);
        candidates.extend(cols);
        (n_naive, n_aware) = (n, a);
    }
    let lf = lf.with_columns(candidates);
    let mut parsed = Vec::new();
    for t in TIMESTAMPS {
        let raw = col(format!("r_{t}"));
        let naive = first_of("n", t, n_naive);
        parsed.push(
            when(naive.clone().is_not_null())
                .then(wall_to_utc(naive, tz))
                .otherwise(first_of("a", t, n_aware))
                .alias(format!("p_{t}")),
        );
        parsed.push(
            raw.clone()
                .is_not_null()
                .and(raw.neq(lit("")))
                .alias(format!("has_{t}")),
        );
    }
    lf.with_columns(parsed)
}

/// Stage 3: plausible years. A parsed timestamp whose year (in the mapping's
/// zone) is outside the window is flagged and then treated as absent, so
/// year 0, 1900 or 9999 never reaches an interval or a quarter (`ts_*`).
fn plausible_timestamps(lf: LazyFrame, years: [i32; 2], tz: &TimeZone) -> LazyFrame {
    let [first_year, last_year] = years;
    let mut plausible = Vec::new();
    for t in TIMESTAMPS {
        let p = col(format!("p_{t}"));
        let year = utc_to_wall(p.clone(), tz)
            .dt()
            .year()
            .fill_null(p.clone().dt().year());
        let out = year
            .clone()
            .lt(lit(first_year))
            .or(year.gt(lit(last_year)))
            .fill_null(lit(false));
        plausible.push(out.alias(format!("q_implausible_{t}")));
    }
    lf.with_columns(plausible).with_columns(
        TIMESTAMPS
            .iter()
            .map(|t| {
                when(col(format!("q_implausible_{t}")))
                    .then(lit(NULL).cast(DataType::Datetime(TimeUnit::Microseconds, None)))
                    .otherwise(col(format!("p_{t}")))
                    .alias(format!("ts_{t}"))
            })
            .collect::<Vec<_>>(),
    )
}

/// Stage 4: the quality flags of a row, the period codes and the intervals
/// in hours.
fn row_flags(plan: &Plan, tz: &TimeZone) -> Vec<Expr> {
    let s = &plan.settings;
    let ts = |t: &str| col(format!("ts_{t}"));
    let mut derived = vec![
        col("org").eq(lit("")).alias("q_missing_org"),
        col("org")
            .neq(lit(""))
            .and(ts(plan.period_from.column()).is_null())
            .alias("q_missing_period"),
    ];
    for t in TIMESTAMPS {
        derived.push(
            col(format!("has_{t}"))
                .and(col(format!("p_{t}")).is_null())
                .alias(format!("q_unparsable_{t}")),
        );
    }
    derived.extend([
        ts("occurred_at")
            .gt(ts("detected_at"))
            .fill_null(lit(false))
            .alias("q_occurred_after_detected"),
        ts("reported_at")
            .lt(ts("detected_at"))
            .fill_null(lit(false))
            .alias("q_reported_before_detected"),
        ts("contained_at")
            .lt(ts("detected_at"))
            .fill_null(lit(false))
            .alias("q_contained_before_detected"),
        ts("resolved_at")
            .lt(ts("detected_at"))
            .fill_null(lit(false))
            .alias("q_resolved_before_detected"),
        one_of(col("category"), &s.categories)
            .not()
            .alias("q_unknown_category"),
        one_of(col("severity"), &s.severities)
            .not()
            .alias("q_unknown_severity"),
        col("detected_by")
            .neq(lit(""))
            .and(
                one_of(
                    col("detected_by"),
                    &["internal", "external", "partner", "unknown"].map(String::from),
                )
                .not(),
            )
            .alias("q_unknown_detected_by"),
        col("lessons_learned")
            .neq(lit(""))
            .and(
                one_of(
                    col("lessons_learned"),
                    &["true", "false", "yes", "no", "1", "0", "y", "n"].map(String::from),
                )
                .not(),
            )
            .alias("q_invalid_lessons_learned"),
        quarter_code(utc_to_wall(ts(plan.period_from.column()), tz)).alias("period"),
        quarter_code(utc_to_wall(ts("resolved_at"), tz)).alias("resolved_period"),
    ]);
    for (name, from, to) in INTERVALS {
        // Two fields read from one column are the same time: the interval
        // would be 0 h on every row and could pass any "at most" rule, so
        // it is left out (no value) instead.
        if plan.mapping.same_source(from, to) {
            derived.push(lit(NULL).cast(DataType::Float64).alias(format!("h_{name}")));
            continue;
        }
        derived.push(
            when(ts(to).gt_eq(ts(from)))
                .then((ts(to) - ts(from)).dt().total_hours(true))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(format!("h_{name}")),
        );
    }
    derived
}

/// Stage 5: the per-row KPI inputs (SLA met, internal detection, lessons
/// learned) and the duplicate-id flag.
fn kpi_inputs(lf: LazyFrame, s: &IncidentSettings) -> LazyFrame {
    // SLA met: contained within the hours of its severity (known severities only).
    let mut sla_hours = lit(NULL).cast(DataType::Float64);
    for (sev, hours) in s.sla_hours.iter().rev() {
        sla_hours = when(col("severity").eq(lit(sev.to_lowercase())))
            .then(lit(*hours))
            .otherwise(sla_hours);
    }
    let yes = one_of(
        col("lessons_learned"),
        &["true", "yes", "1", "y"].map(String::from),
    );
    let no = one_of(
        col("lessons_learned"),
        &["false", "no", "0", "n"].map(String::from),
    );
    let ts = |t: &str| col(format!("ts_{t}"));
    lf.with_columns([
        when(
            col("h_time_to_contain")
                .is_not_null()
                .and(sla_hours.clone().is_not_null()),
        )
        .then(
            col("h_time_to_contain")
                .lt_eq(sla_hours)
                .cast(DataType::Float64),
        )
        .otherwise(lit(NULL).cast(DataType::Float64))
        .alias("sla_met"),
        when(one_of(
            col("detected_by"),
            &["internal", "external", "partner"].map(String::from),
        ))
        .then(
            col("detected_by")
                .eq(lit("internal"))
                .cast(DataType::Float64),
        )
        .otherwise(lit(NULL).cast(DataType::Float64))
        .alias("internal"),
        when(ts("resolved_at").is_not_null().and(yes.clone().or(no)))
            .then(yes.cast(DataType::Float64))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias("lessons"),
        when(col("id").eq(lit("")))
            .then(lit(false))
            .otherwise(col("id").is_first_distinct().not())
            .alias("q_duplicate_id"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::incidents::engine::Source;

    const LOG: &str = "\
id,org,unit,category,severity,detected_by,lessons_learned,occurred_at,detected_at,reported_at,contained_at,resolved_at
A1,Acme,SOC, Malware ,HIGH,internal,yes,2024-01-01 08:00,2024-01-01 10:00,2024-01-01 11:30,2024-01-01 14:00,2024-01-02 10:00
A2,Acme,SOC,phishing,low,external,no,2024-04-01T00:00:00,2024-03-31 23:00,,2024-04-02 23:00,
A1,Acme,,weird,low,partner,maybe,1900-01-01 00:00,2024-05-01 00:00,garbage,2024-04-30 00:00,
,,,,,,,,,,,
";

    fn plan() -> Plan {
        let settings = IncidentSettings {
            categories: vec!["malware".into(), "phishing".into()],
            severities: vec!["high".into(), "low".into()],
            sla_hours: [("high".to_string(), 4.0), ("low".to_string(), 24.0)].into(),
            min_n: 1,
        };
        Plan {
            sources: vec![Source::Embedded("log.csv".into(), LOG.as_bytes())],
            mapping: Mapping::default(),
            period_from: crate::model::PeriodFrom::DetectedAt,
            settings,
        }
    }

    fn frame() -> DataFrame {
        prepared(&plan())
            .and_then(|lf| lf.collect().map_err(engine_err))
            .unwrap_or_else(|e| panic!("prepared: {e}"))
    }

    fn floats(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
        let c = df.column(name).and_then(|c| c.cast(&DataType::Float64));
        let c = c.unwrap_or_else(|e| panic!("{name}: {e}"));
        c.f64()
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .iter()
            .collect()
    }

    fn flags(df: &DataFrame, name: &str) -> Vec<bool> {
        let c = df.column(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        c.bool()
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .iter()
            .map(|v| v.unwrap_or(false))
            .collect()
    }

    fn texts(df: &DataFrame, name: &str) -> Vec<String> {
        let c = df.column(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        c.str()
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn text_columns_are_trimmed_and_lowered() {
        let df = frame();
        assert_eq!(df.height(), 4);
        assert_eq!(texts(&df, "category"), ["malware", "phishing", "weird", ""]);
        assert_eq!(texts(&df, "severity"), ["high", "low", "low", ""]);
        assert_eq!(texts(&df, "unit"), ["SOC", "SOC", "", ""]);
    }

    #[test]
    fn intervals_in_hours() {
        let df = frame();
        // Row 1: 08:00 → 10:00 → 11:30, contained 14:00, resolved next day 10:00.
        // Row 2 occurred after it was detected; row 3 occurred in 1900
        // (implausible) and was contained before it was detected.
        assert_eq!(
            floats(&df, "h_time_to_detect"),
            [Some(2.0), None, None, None]
        );
        assert_eq!(
            floats(&df, "h_time_to_report"),
            [Some(1.5), None, None, None]
        );
        assert_eq!(
            floats(&df, "h_time_to_contain"),
            [Some(4.0), Some(48.0), None, None]
        );
        assert_eq!(
            floats(&df, "h_time_to_resolve"),
            [Some(24.0), None, None, None]
        );
    }

    #[test]
    fn periods_and_kpi_inputs() {
        let df = frame();
        assert_eq!(
            floats(&df, "period"),
            [Some(20241.0), Some(20241.0), Some(20242.0), None]
        );
        assert_eq!(
            floats(&df, "resolved_period"),
            [Some(20241.0), None, None, None]
        );
        // 4 h against a 4 h SLA is met; 48 h against 24 h is not.
        assert_eq!(floats(&df, "sla_met"), [Some(1.0), Some(0.0), None, None]);
        assert_eq!(
            floats(&df, "internal"),
            [Some(1.0), Some(0.0), Some(0.0), None]
        );
        assert_eq!(floats(&df, "lessons"), [Some(1.0), None, None, None]);
    }

    #[test]
    fn quality_flags() {
        let df = frame();
        let f = |name: &str| flags(&df, &format!("q_{name}"));
        assert_eq!(f("missing_org"), [false, false, false, true]);
        assert_eq!(f("missing_period"), [false, false, false, false]);
        assert_eq!(f("duplicate_id"), [false, false, true, false]);
        assert_eq!(f("occurred_after_detected"), [false, true, false, false]);
        assert_eq!(f("contained_before_detected"), [false, false, true, false]);
        assert_eq!(f("implausible_occurred_at"), [false, false, true, false]);
        assert_eq!(f("unparsable_reported_at"), [false, false, true, false]);
        assert_eq!(f("unknown_category"), [false, false, true, true]);
        assert_eq!(f("unknown_severity"), [false, false, false, true]);
        assert_eq!(f("invalid_lessons_learned"), [false, false, true, false]);
        assert_eq!(flags(&df, "counted"), [true, true, false, false]);
    }
}
