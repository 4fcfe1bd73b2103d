//! The mapping file (`--map FILE`): how another tool's export maps onto the
//! canonical incident columns, which timestamp formats it uses, which time
//! zone timestamps without an offset are in, and the bounds of the
//! data-quality gate (`[quality]`).

use crate::error::{Error, Result};
use crate::i18n::tr;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Canonical column names, in output order.
pub const COLUMNS: &[&str] = &[
    "id",
    "org",
    "unit",
    "category",
    "severity",
    "occurred_at",
    "detected_at",
    "reported_at",
    "contained_at",
    "resolved_at",
    "detected_by",
    "lessons_learned",
];

/// The timestamp columns.
pub const TIMESTAMPS: &[&str] = &[
    "occurred_at",
    "detected_at",
    "reported_at",
    "contained_at",
    "resolved_at",
];

/// The years of plausible timestamps when the mapping does not say
/// (inclusive): a timestamp outside them is counted under
/// `implausible_<column>` and left out like an unreadable one.
pub const DEFAULT_YEARS: [i32; 2] = [1990, 2100];

/// The widest window `[quality] years` may give (four-digit years).
pub const YEAR_RANGE: [i32; 2] = [0, 9999];

/// The `[quality]` table of a mapping file: bounds of the data-quality gate.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quality {
    /// First and last plausible year of a timestamp, inclusive, in the
    /// mapping's time zone (default [`DEFAULT_YEARS`]).
    #[serde(default)]
    pub years: Option<[i32; 2]>,
}

/// A parsed mapping file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// IANA time zone (or `UTC`) for timestamps without an offset.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Extra strptime formats, tried before the built-in ones.
    #[serde(default)]
    pub formats: Vec<String>,
    /// Canonical column → column in the source file.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Canonical column → (source value → canonical value).
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Encoding of CSV logs (`utf-8`, `utf-16le`, `utf-16be`, `cp932`);
    /// detected when not given.
    #[serde(default)]
    pub encoding: Option<String>,
    /// Bounds of the data-quality gate.
    #[serde(default)]
    pub quality: Quality,
}

impl Mapping {
    /// Parse and check a mapping file's text.
    ///
    /// # Errors
    /// [`Error::Mapping`] naming the file and the offending key (the TOML
    /// parser's own errors carry the line and column).
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let err = |message: String| Error::Mapping {
            path: path.to_path_buf(),
            message,
        };
        let m: Mapping =
            toml::from_str(text).map_err(|e| err(e.to_string().trim_end().to_string()))?;
        for key in m.columns.keys().chain(m.values.keys()) {
            if !COLUMNS.contains(&key.as_str()) {
                return Err(err(tr(
                    "map_unknown_column",
                    &[("key", key), ("columns", &COLUMNS.join(", "))],
                )));
            }
        }
        for f in &m.formats {
            if !f.contains("%Y") && !f.contains("%y") {
                return Err(err(tr("map_format_no_year", &[("format", f)])));
            }
        }
        if let Some(e) = &m.encoding
            && crate::input::encoding::Encoding::from_name(e).is_none()
        {
            return Err(err(tr("unknown_encoding", &[("name", e)])));
        }
        if let Some(tz) = &m.timezone {
            if tz.trim().is_empty() {
                return Err(err(tr("map_empty_timezone", &[])));
            }
            if let Err(close) = check_time_zone(tz.trim()) {
                let hint = close
                    .map(|name| tr("map_timezone_hint", &[("name", &name)]))
                    .unwrap_or_default();
                return Err(err(at_key(
                    text,
                    "",
                    "timezone",
                    tr("map_bad_timezone", &[("zone", &tz.trim()), ("hint", &hint)]),
                )));
            }
        }
        if let Some([from, to]) = m.quality.years {
            let [min, max] = YEAR_RANGE;
            if from > to || from < min || to > max {
                return Err(err(at_key(
                    text,
                    "quality",
                    "years",
                    tr(
                        "map_bad_years",
                        &[("from", &from), ("to", &to), ("min", &min), ("max", &max)],
                    ),
                )));
            }
        }
        Ok(m)
    }

    /// Load a mapping file, or the empty mapping.
    ///
    /// # Errors
    /// See [`Mapping::parse`]; [`Error::Io`] when unreadable, not UTF-8 or
    /// not a regular file; [`Error::Limit`] when larger than
    /// [`Limit::ConfigFileBytes`](crate::limits::Limit::ConfigFileBytes).
    pub fn load(path: Option<&Path>) -> Result<Self> {
        match path {
            Some(p) => Self::parse(&crate::input::config_file::read(p)?, p),
            None => Ok(Self::default()),
        }
    }

    /// The forced encoding of CSV logs, if any (checked by [`Mapping::parse`]).
    pub fn encoding(&self) -> Option<crate::input::encoding::Encoding> {
        self.encoding
            .as_deref()
            .and_then(crate::input::encoding::Encoding::from_name)
    }

    /// The time zone for naive timestamps (`UTC` by default).
    pub fn time_zone(&self) -> &str {
        self.timezone.as_deref().map_or("UTC", str::trim)
    }

    /// The source columns that `[columns]` gives to more than one field,
    /// each with those fields in canonical order (e.g. `Created` for both
    /// `detected_at` and `reported_at`), in the order of the columns.
    pub fn shared_columns(&self) -> Vec<(String, Vec<&'static str>)> {
        let mut shared: Vec<(String, Vec<&'static str>)> = Vec::new();
        for canon in COLUMNS {
            let Some(source) = self.columns.get(*canon) else {
                continue;
            };
            match shared.iter_mut().find(|(s, _)| s == source) {
                Some((_, fields)) => fields.push(*canon),
                None => shared.push((source.clone(), vec![*canon])),
            }
        }
        shared.retain(|(_, fields)| fields.len() > 1);
        shared
    }

    /// Whether `[columns]` reads the fields `a` and `b` from the same source
    /// column: an interval between them would be 0 h on every row.
    pub fn same_source(&self, a: &str, b: &str) -> bool {
        matches!((self.columns.get(a), self.columns.get(b)), (Some(x), Some(y)) if x == y)
    }

    /// The first and last plausible year of a timestamp, inclusive.
    pub fn plausible_years(&self) -> [i32; 2] {
        self.quality.years.unwrap_or(DEFAULT_YEARS)
    }
}

/// Whether polars knows the time zone `tz` (an IANA name or `UTC`).
///
/// # Errors
/// When it does not: polars' suggestion of a close name, if it has one.
pub fn check_time_zone(tz: &str) -> std::result::Result<(), Option<String>> {
    polars::prelude::TimeZone::opt_try_new(Some(tz))
        .map(|_| ())
        .map_err(|e| {
            // polars' text ends with advice about an environment variable
            // that would switch validation off; only its suggestion is kept.
            let text = e.to_string();
            text.split_once("did you mean '")
                .and_then(|(_, rest)| rest.split_once('\''))
                .map(|(name, _)| name.to_string())
        })
}

/// `message` preceded by the line of the mapping file where `key` is set
/// (`key = …` at the start of a line) in `table` (`""` for the top level,
/// before any `[table]` header), when it can be found.
fn at_key(text: &str, table: &str, key: &str, message: String) -> String {
    let mut current = String::new();
    let line = text.lines().position(|l| {
        let l = l.trim_start();
        if let Some(header) = l.strip_prefix('[') {
            current = header
                .split(']')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            return false;
        }
        current == table
            && l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
    });
    match line {
        Some(i) => format!("{}: {message}", tr("line", &[("n", &(i + 1))])),
        None => message,
    }
}
