//! Reading one incident log: each source (CSV, JSON Lines, Parquet or bytes
//! compiled in) is checked for size, encoding and shape, then scanned lazily
//! with every column as text and its columns renamed to the canonical ones.

use super::super::mapping::{COLUMNS, Mapping};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::answers::normalise_header;
use crate::input::encoding::Encoding;
use polars::prelude::*;
use std::path::{Path, PathBuf};

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
    Clean(Option<crate::input::incidents::shape::ShapeProblem>, u64),
}

/// Read a CSV log once in blocks (a fraction of a second per gigabyte from
/// the page cache): is it clean UTF-8, and is its shape sound
/// ([`crate::input::incidents::shape`])?
fn inspect(path: &Path, forced: Option<Encoding>) -> std::io::Result<Inspected> {
    use std::io::Read;
    if forced.is_some_and(|e| e != Encoding::Utf8) {
        return Ok(Inspected::Decode);
    }
    let mut file = std::fs::File::open(path)?;
    let mut block = vec![0u8; 8 << 20];
    let mut shape = crate::input::incidents::shape::CsvShape::new();
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
            match crate::input::incidents::shape::check_rows(bytes) {
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
            let checked = crate::input::incidents::jsonl::check(path, &canonical)?;
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
                match crate::input::incidents::shape::check_rows(text.as_bytes()) {
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

/// The message naming every column a log lacks: the columns the mapping
/// names (`unmapped`, as (column, field)) and the required fields found
/// under no name (`required`), with the header it has and what to do.
fn missing_columns(unmapped: &[(&str, &str)], required: &[&str], names: &[String]) -> String {
    let sep = crate::i18n::list_sep();
    let columns = names.join(", ");
    let mut parts = Vec::new();
    if !unmapped.is_empty() {
        let pairs: Vec<String> = unmapped
            .iter()
            .map(|(column, canonical)| {
                tr(
                    "log_mapped_pair",
                    &[("column", column), ("canonical", canonical)],
                )
            })
            .collect();
        parts.push(format!(
            "{}\n  {}: {}",
            tr(
                "log_mapped_columns_missing",
                &[("pairs", &pairs.join(sep)), ("columns", &columns)]
            ),
            tr("help", &[]),
            tr("log_mapped_columns_missing_help", &[])
        ));
    }
    if !required.is_empty() {
        let missing: Vec<String> = required
            .iter()
            .map(|c| tr("log_column_name", &[("name", c)]))
            .collect();
        let example: Vec<String> = required.iter().map(|c| format!("{c} = \"…\"")).collect();
        parts.push(format!(
            "{}\n  {}: {}",
            tr(
                "log_columns_missing",
                &[("missing", &missing.join(sep)), ("columns", &columns)]
            ),
            tr("help", &[]),
            tr(
                "log_columns_missing_help",
                &[("example", &example.join(sep))]
            )
        ));
    }
    parts.join("\n")
}

/// The name of the row-number column added to a scanned log.
const ROW: &str = "imcm_log_row";

/// Scan one source into the canonical text columns plus `src` (its index)
/// and `log_row` (the record's row in it).
pub(super) fn scan_one(
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
    // Every column the file lacks is named at once: the mapping's names
    // that are not in its header, and the required columns not found.
    let (mut unmapped, mut required) = (Vec::new(), Vec::new());
    for canon in COLUMNS {
        let source = match mapping.columns.get(*canon) {
            Some(s) if names.contains(s) => Some(s.clone()),
            Some(s) => {
                unmapped.push((s.as_str(), *canon));
                None
            }
            // A column the mapping assigns to a field is that field's only:
            // it is not read again under its own name.
            None => names
                .iter()
                .find(|n| {
                    normalise_header(n) == *canon && !mapping.columns.values().any(|v| v == *n)
                })
                .cloned(),
        };
        match source {
            Some(s) => exprs.push(col(s.as_str()).cast(DataType::String).alias(*canon)),
            None if !mapping.columns.contains_key(*canon)
                && (*canon == "org" || *canon == period_from) =>
            {
                required.push(*canon)
            }
            None => exprs.push(lit(NULL).cast(DataType::String).alias(*canon)),
        }
    }
    if !unmapped.is_empty() || !required.is_empty() {
        return Err(incident_err(missing_columns(&unmapped, &required, &names)));
    }
    exprs.push(lit(index as u32).alias("src"));
    // The record's row in its log (1 = the first after the header).
    exprs.push(col(ROW).cast(DataType::Int64).alias("log_row"));
    Ok(lf.with_row_index(ROW, Some(1)).select(exprs))
}
