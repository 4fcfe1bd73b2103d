//! Reading an aggregates folder: the Parquet tables an emitted SQL script
//! wrote (one `NAME.parquet` file from DuckDB, or a `NAME/` folder of part
//! files from Spark), checked against the definitions before any figure is
//! taken from them.

use super::{EXAMPLES, EXAMPLES_TABLE, MANIFEST_TABLE, by_from_text, sql::Dialect, tables};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::incidents::engine::{By, engine_err};
use polars::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the manifest of an aggregates folder says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The imcm that wrote the script.
    pub generator: String,
    /// The SQL dialect.
    pub dialect: Dialect,
    /// SHA-256 of the script's statements.
    pub sql_sha256: String,
    /// The grouping.
    pub by: By,
    /// The canonical table the script read.
    pub input: String,
}

/// An aggregates folder read: the frames in the order of [`tables`], the
/// example ids per reason, the manifest and every file read (for
/// provenance).
#[derive(Debug)]
pub struct Read {
    /// One frame per table of [`tables`].
    pub frames: Vec<DataFrame>,
    /// The first example ids of each reason.
    pub examples: HashMap<String, Vec<String>>,
    /// The manifest.
    pub manifest: Manifest,
    /// Every Parquet file read, sorted.
    pub files: Vec<PathBuf>,
}

fn err(path: &Path, message: String) -> Error {
    Error::Incidents {
        path: path.to_path_buf(),
        message,
    }
}

/// The Parquet files of table `name` under `dir`: `NAME.parquet`, or the
/// part files of the folder `NAME/` (names starting with `_` or `.`, such as
/// Spark's `_SUCCESS`, are not data).
fn files_of(dir: &Path, name: &str) -> Result<Vec<PathBuf>> {
    let file = dir.join(format!("{name}.parquet"));
    if file.is_file() {
        return Ok(vec![file]);
    }
    let folder = dir.join(name);
    if folder.is_dir() {
        let mut parts: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map_err(|e| Error::io("read", &folder, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| !n.starts_with(['_', '.']))
            })
            .collect();
        parts.sort();
        return Ok(parts);
    }
    Err(err(
        dir,
        format!(
            "{}\n  {}: {}",
            tr(
                "aggregates_missing_table",
                &[
                    ("table", &name),
                    ("file", &file.display()),
                    ("folder", &folder.display())
                ]
            ),
            tr("help", &[]),
            tr("aggregates_help", &[])
        ),
    ))
}

/// Refuse an aggregate file larger than this: the tables hold one row per
/// group, so a larger one is not an aggregates table.
const MAX_FILE_BYTES: u64 = 1 << 30;

/// One table's rows (every part file stacked), with the columns `columns`
/// checked; a Spark folder with no part file is an empty table.
fn read_table(dir: &Path, name: &str, columns: &[String]) -> Result<(DataFrame, Vec<PathBuf>)> {
    let files = files_of(dir, name)?;
    let mut frame: Option<DataFrame> = None;
    for f in &files {
        let size = std::fs::metadata(f)
            .map_err(|e| Error::io("read", f, e))?
            .len();
        if size > MAX_FILE_BYTES {
            return Err(err(f, tr("aggregates_too_large", &[("mb", &(size >> 20))])));
        }
        let file = std::fs::File::open(f).map_err(|e| Error::io("open", f, e))?;
        let df = crate::error::guard("polars", || {
            ParquetReader::new(file).finish().map_err(engine_err)
        })
        .map_err(|e| err(f, tr("aggregates_unreadable", &[("error", &e)])))?;
        let have: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        let missing: Vec<&str> = columns
            .iter()
            .filter(|c| !have.contains(c))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(err(
                f,
                format!(
                    "{}\n  {}: {}",
                    tr(
                        "aggregates_missing_columns",
                        &[
                            ("missing", &missing.join(", ")),
                            ("columns", &have.join(", "))
                        ]
                    ),
                    tr("help", &[]),
                    tr("aggregates_help", &[])
                ),
            ));
        }
        let df = df
            .select(columns.iter().map(String::as_str))
            .map_err(engine_err)?;
        frame = Some(match frame {
            None => df,
            Some(mut acc) => {
                acc.vstack_mut(&df.cast_like(&acc)?).map_err(engine_err)?;
                acc
            }
        });
    }
    let frame = match frame {
        Some(f) => f,
        None => DataFrame::new(
            0,
            columns
                .iter()
                .map(|c| Column::new_empty(c.as_str().into(), &DataType::String))
                .collect(),
        )
        .map_err(engine_err)?,
    };
    Ok((frame, files))
}

trait CastLike {
    fn cast_like(&self, other: &DataFrame) -> Result<DataFrame>;
}

impl CastLike for DataFrame {
    /// The frame with each column cast to the type of `other`'s column of
    /// that name (part files may differ in integer width).
    fn cast_like(&self, other: &DataFrame) -> Result<DataFrame> {
        let cols = self
            .columns()
            .iter()
            .zip(other.columns())
            .map(|(c, o)| c.cast(o.dtype()))
            .collect::<PolarsResult<Vec<_>>>()
            .map_err(engine_err)?;
        DataFrame::new(self.height(), cols).map_err(engine_err)
    }
}

/// The one text value of a manifest column.
fn manifest_text(df: &DataFrame, name: &str) -> Result<String> {
    let c = df
        .column(name)
        .and_then(|c| c.cast(&DataType::String))
        .map_err(engine_err)?;
    Ok(c.str()
        .map_err(engine_err)?
        .get(0)
        .unwrap_or_default()
        .to_string())
}

fn manifest(dir: &Path) -> Result<(Manifest, Vec<PathBuf>)> {
    let columns: Vec<String> = ["generator", "dialect", "sql_sha256", "group_by", "input"]
        .map(String::from)
        .to_vec();
    let (df, files) = read_table(dir, MANIFEST_TABLE, &columns)?;
    let at = files.first().cloned().unwrap_or_else(|| dir.to_path_buf());
    if df.height() != 1 {
        return Err(err(
            &at,
            tr("aggregates_manifest_rows", &[("rows", &df.height())]),
        ));
    }
    let dialect_name = manifest_text(&df, "dialect")?;
    let dialect = Dialect::from_name(&dialect_name).ok_or_else(|| {
        err(
            &at,
            tr(
                "aggregates_manifest_value",
                &[("column", &"dialect"), ("value", &dialect_name)],
            ),
        )
    })?;
    let group_by = manifest_text(&df, "group_by")?;
    let by = by_from_text(&group_by).ok_or_else(|| {
        err(
            &at,
            tr(
                "aggregates_manifest_value",
                &[("column", &"group_by"), ("value", &group_by)],
            ),
        )
    })?;
    let sql_sha256 = manifest_text(&df, "sql_sha256")?;
    if sql_sha256.len() != 64 || !sql_sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(err(
            &at,
            tr(
                "aggregates_manifest_value",
                &[("column", &"sql_sha256"), ("value", &sql_sha256)],
            ),
        ));
    }
    Ok((
        Manifest {
            generator: manifest_text(&df, "generator")?,
            dialect,
            sql_sha256,
            by,
            input: manifest_text(&df, "input")?,
        },
        files,
    ))
}

/// The example ids per reason from the examples table: the first
/// [`EXAMPLES`] by (log, row) of each.
fn examples(df: &DataFrame) -> Result<HashMap<String, Vec<String>>> {
    let text = |name: &str| crate::input::incidents::frame::strings(df, name);
    let int = |name: &str| -> Result<Vec<i64>> {
        let c = df
            .column(name)
            .and_then(|c| c.cast(&DataType::Int64))
            .map_err(engine_err)?;
        Ok(c.i64()
            .map_err(engine_err)?
            .iter()
            .map(|v| v.unwrap_or(i64::MAX))
            .collect())
    };
    let (reason, log, row, id) = (
        text("reason")?,
        int("log_index")?,
        int("log_row")?,
        text("id")?,
    );
    let mut order: Vec<usize> = (0..df.height()).collect();
    order.sort_by_key(|&i| (log[i], row[i]));
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for i in order {
        let ids = out.entry(reason[i].clone()).or_default();
        if ids.len() < EXAMPLES {
            ids.push(id[i].clone());
        }
    }
    Ok(out)
}

/// Read the aggregates folder `dir`.
///
/// # Errors
/// [`Error::Incidents`] naming the file for a missing table, a missing
/// column, an unreadable file or a manifest that is not one imcm wrote.
pub fn read(dir: &Path) -> Result<Read> {
    if !dir.is_dir() {
        return Err(err(
            dir,
            format!(
                "{}\n  {}: {}",
                tr("aggregates_not_folder", &[]),
                tr("help", &[]),
                tr("aggregates_help", &[])
            ),
        ));
    }
    let (manifest, mut files) = manifest(dir)?;
    let mut frames = Vec::new();
    for t in tables(manifest.by) {
        let (df, f) = read_table(dir, t.name, &t.columns())?;
        frames.push(df);
        files.extend(f);
    }
    let columns: Vec<String> = ["reason", "log_index", "log_row", "id"]
        .map(String::from)
        .to_vec();
    let (df, f) = read_table(dir, EXAMPLES_TABLE, &columns)?;
    files.extend(f);
    files.sort();
    Ok(Read {
        frames,
        examples: examples(&df)?,
        manifest,
        files,
    })
}
