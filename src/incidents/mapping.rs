//! The mapping file (`--map FILE`): how another tool's export maps onto the
//! canonical incident columns, which timestamp formats it uses and which time
//! zone timestamps without an offset are in.

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
}

impl Mapping {
    /// Parse and check a mapping file's text.
    ///
    /// # Errors
    /// [`Error::Mapping`] naming the file and the offending key.
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
            && crate::encoding::Encoding::from_name(e).is_none()
        {
            return Err(err(tr("unknown_encoding", &[("name", e)])));
        }
        if let Some(tz) = &m.timezone
            && tz.trim().is_empty()
        {
            return Err(err(tr("map_empty_timezone", &[])));
        }
        Ok(m)
    }

    /// Load a mapping file, or the empty mapping.
    ///
    /// # Errors
    /// See [`Mapping::parse`]; [`Error::Io`] when unreadable.
    pub fn load(path: Option<&Path>) -> Result<Self> {
        match path {
            Some(p) => Self::parse(&crate::fs::read_text(p)?, p),
            None => Ok(Self::default()),
        }
    }

    /// The forced encoding of CSV logs, if any (checked by [`Mapping::parse`]).
    pub fn encoding(&self) -> Option<crate::encoding::Encoding> {
        self.encoding
            .as_deref()
            .and_then(crate::encoding::Encoding::from_name)
    }

    /// The time zone for naive timestamps (`UTC` by default).
    pub fn time_zone(&self) -> &str {
        self.timezone.as_deref().map_or("UTC", str::trim)
    }
}
