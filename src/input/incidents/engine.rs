//! The polars part: scan incident logs lazily with every column read as text,
//! parse and check each row, and aggregate the KPIs. Only plain values leave
//! this file.

use super::mapping::{COLUMNS, Mapping, TIMESTAMPS};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::answers::normalise_header;
use crate::input::encoding::Encoding;
use crate::model::IncidentSettings;
use polars::prelude::*;
use std::path::{Path, PathBuf};

/// Built-in timestamp forms: (format, byte length or 0 for "longer than 19",
/// byte at index 4, byte at index 10, offset-aware). Each format is applied
/// only to the values of its shape, so a value is parsed once, and the common
/// naive forms take polars' fast parser.
pub const FORMATS: &[(&str, usize, u8, u8, bool)] = &[
    ("%Y-%m-%dT%H:%M:%S", 19, b'-', b'T', false),
    ("%Y-%m-%d %H:%M:%S", 19, b'-', b' ', false),
    ("%Y-%m-%dT%H:%M", 16, b'-', b'T', false),
    ("%Y-%m-%d %H:%M", 16, b'-', b' ', false),
    ("%Y/%m/%d %H:%M:%S", 19, b'/', b' ', false),
    ("%Y/%m/%d %H:%M", 16, b'/', b' ', false),
    ("%Y-%m-%dT%H:%M:%S%.f%#z", 0, b'-', b'T', true),
    ("%Y-%m-%d %H:%M:%S%.f%#z", 0, b'-', b' ', true),
    ("%Y-%m-%dT%H:%M:%S%.f", 0, b'-', b'T', false),
    ("%Y-%m-%d %H:%M:%S%.f", 0, b'-', b' ', false),
];

/// The intervals measured, as (name, from column, to column).
pub const INTERVALS: &[(&str, &str, &str)] = &[
    ("time_to_detect", "occurred_at", "detected_at"),
    ("time_to_report", "detected_at", "reported_at"),
    ("time_to_contain", "detected_at", "contained_at"),
    ("time_to_resolve", "detected_at", "resolved_at"),
];

/// Data-quality reasons in report order, with the column holding the flag.
pub fn reasons() -> Vec<String> {
    let mut r: Vec<String> = vec![
        "missing_org".into(),
        "missing_period".into(),
        "duplicate_id".into(),
    ];
    r.extend(TIMESTAMPS.iter().map(|t| format!("unparsable_{t}")));
    r.extend(TIMESTAMPS.iter().map(|t| format!("implausible_{t}")));
    r.extend(
        [
            "occurred_after_detected",
            "reported_before_detected",
            "contained_before_detected",
            "resolved_before_detected",
            "unknown_category",
            "unknown_severity",
            "unknown_detected_by",
            "invalid_lessons_learned",
        ]
        .map(String::from),
    );
    r
}

pub(crate) fn engine_err(e: PolarsError) -> Error {
    Error::Engine {
        message: e.to_string(),
    }
}

fn path_str(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| Error::Incidents {
        path: path.to_path_buf(),
        message: "the path is not valid UTF-8; rename the file".into(),
    })
}

/// Where incident rows come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk (CSV, JSON Lines or Parquet by extension).
    File(PathBuf),
    /// CSV bytes compiled into the binary (the demo's example log), with a label.
    Embedded(String, &'static [u8]),
}

impl Source {
    /// The path or label shown in messages.
    pub fn label(&self) -> PathBuf {
        match self {
            Source::File(p) => p.clone(),
            Source::Embedded(name, _) => PathBuf::from(name),
        }
    }
}

/// Read CSV bytes already in memory (UTF-8) into a frame of text columns.
fn csv_from_bytes<B: AsRef<[u8]> + Send + Sync>(bytes: B) -> PolarsResult<LazyFrame> {
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .into_reader_with_file_handle(std::io::Cursor::new(bytes))
        .finish()?;
    Ok(df.lazy())
}

/// What one pass over a CSV log on disk found.
enum Inspected {
    /// It must be decoded into memory before polars reads it: a byte-order
    /// mark, a forced encoding other than UTF-8, or a byte anywhere that is
    /// not UTF-8. Its shape is checked on the decoded text.
    Decode,
    /// Clean UTF-8, scanned from disk (streaming); with its shape problem
    /// and its rows after the header.
    Clean(Option<super::shape::ShapeProblem>, u64),
}

/// Read a CSV log once in blocks (a fraction of a second per gigabyte from
/// the page cache): is it clean UTF-8, and is its shape sound
/// ([`super::shape`])?
fn inspect(path: &Path, forced: Option<Encoding>) -> std::io::Result<Inspected> {
    use std::io::Read;
    if forced.is_some_and(|e| e != Encoding::Utf8) {
        return Ok(Inspected::Decode);
    }
    let mut file = std::fs::File::open(path)?;
    let mut block = vec![0u8; 8 << 20];
    let mut shape = super::shape::CsvShape::new();
    let mut problem = None;
    let mut carried = 0usize;
    let mut first = true;
    loop {
        let n = file.read(&mut block[carried..])?;
        let len = carried + n;
        if first {
            first = false;
            let head = &block[..len];
            if head.starts_with(b"\xEF\xBB\xBF")
                || head.starts_with(b"\xFF\xFE")
                || head.starts_with(b"\xFE\xFF")
            {
                return Ok(Inspected::Decode);
            }
        }
        if n == 0 {
            // A sequence cut by the end of the file is malformed.
            if len > 0 {
                return Ok(Inspected::Decode);
            }
            if problem.is_none() {
                problem = shape.finish().err();
            }
            return Ok(Inspected::Clean(problem, shape.rows()));
        }
        if problem.is_none() {
            problem = shape.feed(&block[carried..len]).err();
        }
        match std::str::from_utf8(&block[..len]) {
            Ok(_) => carried = 0,
            // A character cut at the end of the block: keep its bytes for the next.
            Err(e) if e.error_len().is_none() => {
                let keep = len - e.valid_up_to();
                block.copy_within(e.valid_up_to()..len, 0);
                carried = keep;
            }
            Err(_) => return Ok(Inspected::Decode),
        }
    }
}

/// Which canonical column a field of a log is read as, for `mapping`: the
/// column the mapping names it for, else the canonical column its
/// normalised name is (when the mapping names no column for that one).
fn canonical_field(mapping: &Mapping) -> impl Fn(&str) -> Option<&'static str> + '_ {
    let seen =
        std::cell::RefCell::new(std::collections::HashMap::<String, Option<&'static str>>::new());
    move |key: &str| {
        if let Some(known) = seen.borrow().get(key) {
            return *known;
        }
        let canon = match mapping.columns.iter().find(|(_, s)| s.as_str() == key) {
            Some((c, _)) => COLUMNS.iter().find(|x| **x == c.as_str()).copied(),
            None => {
                let name = normalise_header(key);
                COLUMNS
                    .iter()
                    .find(|x| **x == name.as_str() && !mapping.columns.contains_key(**x))
                    .copied()
            }
        };
        seen.borrow_mut().insert(key.to_string(), canon);
        canon
    }
}

/// Refuse a log of more rows than [`Limit::IncidentRows`].
fn check_rows(path: &Path, rows: u64) -> Result<()> {
    crate::limits::check(crate::limits::Limit::IncidentRows, path, rows)
}

/// Rows of a Parquet file from its footer (the larger of the file's count
/// and the sum of its row groups', so a footer cannot understate them),
/// read before any data.
fn parquet_rows(path: &Path) -> PolarsResult<u64> {
    let file = std::fs::File::open(path)?;
    let mut reader = ParquetReader::new(file);
    let meta = reader.get_metadata()?;
    let groups: u64 = meta.row_groups.iter().map(|g| g.num_rows() as u64).sum();
    Ok((meta.num_rows as u64).max(groups))
}

/// Scan one source. For JSON Lines, the field names found by the check come
/// back too: polars is given only the canonical fields, all as text (so a
/// number in one line and text in the next, or a field first seen after
/// polars' schema inference, are read as they are), and messages about
/// missing columns still list every field.
fn scan_source(source: &Source, mapping: &Mapping) -> Result<(LazyFrame, Option<Vec<String>>)> {
    let forced = mapping.encoding();
    let path = source.label();
    let incident_err = |message: String| Error::Incidents {
        path: path.clone(),
        message,
    };
    let path = match source {
        Source::Embedded(_, bytes) => {
            match super::shape::check_rows(bytes) {
                Err(problem) => return Err(incident_err(problem.describe())),
                Ok(rows) => check_rows(&path, rows)?,
            }
            return csv_from_bytes(*bytes)
                .map(|lf| (lf, None))
                .map_err(|e| incident_err(tr("log_unreadable", &[("error", &e)])));
        }
        Source::File(p) => p,
    };
    if !path.is_file() {
        // A pipe or device would block or never end: say what it is.
        let special = std::fs::metadata(path).is_ok_and(|m| !m.is_dir());
        let key = if special {
            "not_regular_file"
        } else {
            "log_missing"
        };
        return Err(incident_err(tr(key, &[])));
    }
    if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        return Err(incident_err(tr("log_empty", &[])));
    }
    let p = PlRefPath::new(path_str(path)?);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "parquet" => {
            let rows = parquet_rows(path)
                .map_err(|e| incident_err(tr("log_unreadable", &[("error", &e)])))?;
            check_rows(path, rows)?;
            LazyFrame::scan_parquet(p, ScanArgsParquet::default())
        }
        "jsonl" | "ndjson" => {
            let canonical = canonical_field(mapping);
            let checked = super::jsonl::check(path, &canonical)?;
            let schema: Schema = checked
                .fields
                .iter()
                .filter(|f| canonical(f).is_some())
                .map(|f| Field::new(f.as_str().into(), DataType::String))
                .collect();
            return LazyJsonLineReader::new(p)
                .with_schema(Some(Arc::new(schema)))
                .finish()
                .map(|lf| (lf, Some(checked.fields)))
                .map_err(|e| incident_err(tr("log_unreadable", &[("error", &e)])));
        }
        _ => match inspect(path, forced)
            .map_err(|e| incident_err(tr("log_unreadable", &[("error", &e)])))?
        {
            Inspected::Clean(Some(problem), _) => return Err(incident_err(problem.describe())),
            Inspected::Clean(None, rows) => {
                check_rows(path, rows)?;
                LazyCsvReader::new(p)
                    .with_has_header(true)
                    .with_infer_schema_length(Some(0))
                    .with_missing_is_null(true)
                    .finish()
            }
            Inspected::Decode => {
                let bytes = crate::fs::read_bytes(path)?;
                let text = match crate::input::encoding::decode(&bytes, forced) {
                    Ok(d) => d.text.into_owned(),
                    Err(bad) => {
                        return Err(incident_err(format!(
                            "{}: {}\n  {}: {}",
                            tr("line", &[("n", &bad.line)]),
                            bad.describe(),
                            tr("help", &[]),
                            tr("log_encoding_help", &[])
                        )));
                    }
                };
                drop(bytes);
                match super::shape::check_rows(text.as_bytes()) {
                    Err(problem) => return Err(incident_err(problem.describe())),
                    Ok(rows) => check_rows(path, rows)?,
                }
                csv_from_bytes(text.into_bytes())
            }
        },
    }
    .map(|lf| (lf, None))
    .map_err(|e| incident_err(tr("log_unreadable", &[("error", &e)])))
}

/// Scan one source into the canonical text columns plus `src` (its index).
fn scan_one(
    source: &Source,
    index: usize,
    mapping: &Mapping,
    period_from: &str,
) -> Result<LazyFrame> {
    let path = source.label();
    let incident_err = |message: String| Error::Incidents {
        path: path.clone(),
        message,
    };
    let (mut lf, fields) = scan_source(source, mapping)?;
    let names: Vec<String> = match fields {
        Some(fields) => fields,
        None => lf
            .collect_schema()
            .map_err(|e| incident_err(tr("log_header_unreadable", &[("error", &e)])))?
            .iter_names()
            .map(|n| n.to_string())
            .collect(),
    };
    let mut exprs = Vec::with_capacity(COLUMNS.len() + 1);
    for canon in COLUMNS {
        let source = match mapping.columns.get(*canon) {
            Some(s) if names.contains(s) => Some(s.clone()),
            Some(s) => {
                return Err(incident_err(tr(
                    "log_mapped_column_missing",
                    &[
                        ("column", s),
                        ("canonical", canon),
                        ("columns", &names.join(", ")),
                    ],
                )));
            }
            None => names
                .iter()
                .find(|n| normalise_header(n) == *canon)
                .cloned(),
        };
        match source {
            Some(s) => exprs.push(col(s.as_str()).cast(DataType::String).alias(*canon)),
            None if *canon == "org" || *canon == period_from => {
                return Err(incident_err(format!(
                    "{}\n  {}: {}",
                    tr(
                        "log_column_missing",
                        &[("canonical", canon), ("columns", &names.join(", "))]
                    ),
                    tr("help", &[]),
                    tr("log_column_missing_help", &[("canonical", canon)])
                )));
            }
            None => exprs.push(lit(NULL).cast(DataType::String).alias(*canon)),
        }
    }
    exprs.push(lit(index as u32).alias("src"));
    Ok(lf.select(exprs))
}

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
    let base = trimmed(name).str().to_lowercase();
    let Some(map) = mapping.values.get(name) else {
        return base;
    };
    let mut lookup: std::collections::HashMap<String, String> =
        std::collections::HashMap::with_capacity(map.len());
    for (from, to) in map {
        lookup
            .entry(from.trim().to_lowercase())
            .or_insert_with(|| to.trim().to_lowercase());
    }
    let lookup = std::sync::Arc::new(lookup);
    base.map(
        move |c: Column| {
            let ca = c.str()?;
            let mapped: StringChunked = ca
                .iter()
                .map(|v| v.map(|s| lookup.get(s).map_or(s, String::as_str)))
                .collect();
            Ok(mapped.with_name(ca.name().clone()).into_column())
        },
        |_, field| Ok(field.clone()),
    )
}

fn one_of(e: Expr, values: &[String]) -> Expr {
    values
        .iter()
        .fold(lit(false), |acc, v| acc.or(e.clone().eq(lit(v.clone()))))
}

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
fn shape_columns(t: &str) -> Vec<Expr> {
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
/// naive forms take polars' fast parser). Naive candidates go to `n_{t}_{k}`,
/// offset-aware ones (already UTC) to `a_{t}_{k}`.
fn candidate_columns(t: &str, user_formats: &[String]) -> (Vec<Expr>, usize, usize) {
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
fn first_of(prefix: &str, t: &str, count: usize) -> Expr {
    let mut e = lit(NULL).cast(DataType::Datetime(TimeUnit::Microseconds, None));
    for k in (0..count).rev() {
        let c = col(format!("{prefix}_{t}_{k}"));
        e = when(c.clone().is_not_null()).then(c).otherwise(e);
    }
    e
}

/// Naive wall time in `tz` → naive UTC (identity for UTC).
fn wall_to_utc(e: Expr, tz: &TimeZone) -> Expr {
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
fn utc_to_wall(e: Expr, tz: &TimeZone) -> Expr {
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

fn quarter_code(ts: Expr) -> Expr {
    (ts.clone().dt().year().cast(DataType::Int32) * lit(10i32))
        + ts.dt().quarter().cast(DataType::Int32)
}

/// The settings of one KPI run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Inputs.
    pub sources: Vec<Source>,
    /// Column mapping, formats and zone.
    pub mapping: Mapping,
    /// Column whose quarter is the period (`detected_at` …).
    pub period_from: String,
    /// Categories, severities, SLAs, min n.
    pub settings: IncidentSettings,
}

/// Build the row-level frame: canonical text, parsed timestamps, the quality
/// flags `q_*`, the intervals in hours and the period codes.
pub fn prepared(plan: &Plan) -> Result<LazyFrame> {
    let frames = plan
        .sources
        .iter()
        .enumerate()
        .map(|(i, p)| scan_one(p, i, &plan.mapping, &plan.period_from))
        .collect::<Result<Vec<_>>>()?;
    let lf = concat(frames, UnionArgs::default()).map_err(engine_err)?;
    // A mapping file's zone is checked when it is read (naming the file);
    // this is for mappings built in code.
    let tz = TimeZone::opt_try_new(Some(plan.mapping.time_zone()))
        .map_err(|e| Error::Engine {
            message: format!("mapping key timezone = '{}': {e}", plan.mapping.time_zone()),
        })?
        .unwrap_or(TimeZone::UTC);
    let formats: Vec<String> = plan.mapping.formats.clone();
    let s = &plan.settings;

    let mut cols = vec![
        col("src"),
        trimmed("id").fill_null(lit("")).alias("id"),
        trimmed("org").fill_null(lit("")).alias("org"),
        trimmed("unit").fill_null(lit("")).alias("unit"),
        lowered("category", &plan.mapping)
            .fill_null(lit(""))
            .alias("category"),
        lowered("severity", &plan.mapping)
            .fill_null(lit(""))
            .alias("severity"),
        lowered("detected_by", &plan.mapping)
            .fill_null(lit(""))
            .alias("detected_by"),
        lowered("lessons_learned", &plan.mapping)
            .fill_null(lit(""))
            .alias("lessons_learned"),
    ];
    for t in TIMESTAMPS {
        cols.push(trimmed(t).alias(format!("r_{t}")));
    }
    let lf = lf
        .with_row_index("row", None)
        .select(std::iter::once(col("row")).chain(cols).collect::<Vec<_>>());
    let lf = lf.with_columns(
        TIMESTAMPS
            .iter()
            .flat_map(|t| shape_columns(t))
            .collect::<Vec<_>>(),
    );
    let mut candidates = Vec::new();
    let (mut n_naive, mut n_aware) = (0, 0);
    for t in TIMESTAMPS {
        let (cols, n, a) = candidate_columns(t, &formats);
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
                .then(wall_to_utc(naive, &tz))
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
    let lf = lf.with_columns(parsed);

    // Plausible years: a parsed timestamp whose year (in the mapping's zone)
    // is outside the window is flagged and then treated as absent, so year
    // 0, 1900 or 9999 never reaches an interval or a quarter.
    let [first_year, last_year] = plan.mapping.plausible_years();
    let mut plausible = Vec::new();
    for t in TIMESTAMPS {
        let p = col(format!("p_{t}"));
        let year = utc_to_wall(p.clone(), &tz)
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
    let lf = lf.with_columns(plausible);
    let lf = lf.with_columns(
        TIMESTAMPS
            .iter()
            .map(|t| {
                when(col(format!("q_implausible_{t}")))
                    .then(lit(NULL).cast(DataType::Datetime(TimeUnit::Microseconds, None)))
                    .otherwise(col(format!("p_{t}")))
                    .alias(format!("ts_{t}"))
            })
            .collect::<Vec<_>>(),
    );

    let ts = |t: &str| col(format!("ts_{t}"));
    let mut derived = vec![
        col("org").eq(lit("")).alias("q_missing_org"),
        col("org")
            .neq(lit(""))
            .and(ts(&plan.period_from).is_null())
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
        quarter_code(utc_to_wall(ts(&plan.period_from), &tz)).alias("period"),
        quarter_code(utc_to_wall(ts("resolved_at"), &tz)).alias("resolved_period"),
    ]);
    for (name, from, to) in INTERVALS {
        derived.push(
            when(ts(to).gt_eq(ts(from)))
                .then((ts(to) - ts(from)).dt().total_hours(true))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(format!("h_{name}")),
        );
    }
    let lf = lf.with_columns(derived);
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
    let lf = lf.with_columns([
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
    ]);
    let lf = lf.with_column(
        col("q_missing_org")
            .or(col("q_missing_period"))
            .or(col("q_duplicate_id"))
            .not()
            .alias("counted"),
    );
    Ok(lf)
}

/// Which dimensions group the KPIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct By {
    /// Keep organisations apart.
    pub org: bool,
    /// Keep units apart.
    pub unit: bool,
    /// Keep quarters apart.
    pub period: bool,
    /// Add rows per category.
    pub category: bool,
    /// Add rows per severity.
    pub severity: bool,
}

impl Default for By {
    fn default() -> Self {
        By {
            org: true,
            unit: true,
            period: true,
            category: true,
            severity: true,
        }
    }
}

fn key_exprs(by: By) -> Vec<Expr> {
    let keep = |on: bool, name: &str, empty: Expr| if on { col(name) } else { empty.alias(name) };
    vec![
        keep(by.org, "org", lit("")),
        keep(by.unit, "unit", lit("")),
        keep(by.period, "period", lit(NULL).cast(DataType::Int32)),
    ]
}

fn kpi_aggs() -> Vec<Expr> {
    let mut aggs = vec![len().cast(DataType::Float64).alias("incidents")];
    for (name, _, _) in INTERVALS {
        let h = col(format!("h_{name}"));
        aggs.push(h.clone().median().alias(format!("{name}_median_h")));
        aggs.push(
            h.clone()
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias(format!("{name}_p90_h")),
        );
        aggs.push(h.count().cast(DataType::Float64).alias(format!("{name}_n")));
    }
    for (kpi, column) in [
        ("sla_met_share", "sla_met"),
        ("internal_detection_share", "internal"),
        ("lessons_learned_share", "lessons"),
    ] {
        aggs.push(col(column).mean().alias(kpi));
        aggs.push(
            col(column)
                .count()
                .cast(DataType::Float64)
                .alias(format!("{kpi}_n")),
        );
    }
    aggs
}

/// The lazy queries of one run, collected together so the input is scanned once.
pub fn queries(prepared: LazyFrame, by: By, settings: &IncidentSettings) -> Vec<LazyFrame> {
    // Every query starts from the same frame, so common-subplan elimination
    // computes the scan and the row-level preparation once for all of them.
    let shared = prepared.with_columns(key_exprs(by));
    let keys = || vec![col("org"), col("unit"), col("period")];
    let counted = || shared.clone().filter(col("counted"));
    let with = |extra: &str| {
        let mut k = keys();
        k.push(col(extra));
        k
    };
    let base = counted().group_by(keys()).agg(kpi_aggs());
    let category = counted()
        .filter(one_of(col("category"), &settings.categories))
        .group_by(with("category"))
        .agg(kpi_aggs());
    let severity = counted()
        .filter(one_of(col("severity"), &settings.severities))
        .group_by(with("severity"))
        .agg(kpi_aggs());
    // Backlog: counts per detection quarter and resolution quarter.
    let backlog = counted()
        .group_by(with("resolved_period"))
        .agg([len().cast(DataType::Float64).alias("n")]);
    // Quality: per-reason counts, example ids and rows per source.
    let mut quality_aggs = vec![
        len().cast(DataType::Float64).alias("rows"),
        col("counted")
            .sum()
            .cast(DataType::Float64)
            .alias("counted"),
    ];
    for r in reasons() {
        let flag = col(format!("q_{r}"));
        quality_aggs.push(
            flag.clone()
                .sum()
                .cast(DataType::Float64)
                .alias(format!("n_{r}")),
        );
        quality_aggs.push(
            col("id")
                .filter(flag.clone())
                .head(Some(5))
                .implode(false)
                .alias(format!("ex_{r}")),
        );
    }
    let quality = shared.clone().select(quality_aggs);
    let mix = counted()
        .group_by(with("detected_by"))
        .agg([len().cast(DataType::Float64).alias("n")]);
    let sources = shared
        .clone()
        .group_by([col("src")])
        .agg([len().cast(DataType::Float64).alias("rows")]);
    vec![base, category, severity, backlog, quality, sources, mix]
}
