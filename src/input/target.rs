//! The target maturity profile: the level management wants per category.
//!
//! File format (TOML): `default = 3` (optional) and one `key = level` per
//! category key, e.g. `respond = 4`. There is a target only when a profile
//! is given (`--target`): without one, reports, charts and workbooks show
//! no target, no target band and no "below target".

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::model::Questionnaire;
use std::collections::BTreeMap;
use std::path::Path;

/// Target level of every category a profile file names neither by itself
/// nor through `default`.
pub const DEFAULT_TARGET: u8 = 3;

/// Target level per category key, in questionnaire order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// (category key, target level).
    pub levels: Vec<(String, u8)>,
}

impl Target {
    /// The same level for every category.
    pub fn uniform(q: &Questionnaire, level: u8) -> Self {
        Target {
            levels: q
                .categories
                .iter()
                .map(|c| (c.key.clone(), level))
                .collect(),
        }
    }

    /// The target of a category.
    pub fn level(&self, key: &str) -> u8 {
        self.levels
            .iter()
            .find(|(k, _)| k == key)
            .map_or(DEFAULT_TARGET, |(_, l)| *l)
    }

    /// Parse a target profile. Errors name the file and the line of the
    /// value at fault.
    ///
    /// # Errors
    /// [`Error::Target`] for bad TOML, unknown category keys or levels outside
    /// the questionnaire's range.
    pub fn parse(text: &str, path: &Path, q: &Questionnaire) -> Result<Self> {
        let err = |line: u64, message: String| Error::Target {
            path: path.to_path_buf(),
            line,
            message,
        };
        // The parser's own message gives the line and quotes it.
        let table: BTreeMap<String, toml::Spanned<toml::Value>> =
            toml::from_str(text).map_err(|e| err(0, e.to_string().trim_end().to_string()))?;
        let line_of = |v: &toml::Spanned<toml::Value>| {
            crate::input::questionnaire::source::line_col(text, v.span().start).0 as u64
        };
        let max = q.max_level();
        let level_of = |name: &str, v: &toml::Spanned<toml::Value>| -> Result<u8> {
            match v.get_ref().as_integer() {
                Some(l) if (0..=i64::from(max)).contains(&l) => Ok(l as u8),
                _ => Err(err(
                    line_of(v),
                    tr(
                        "target_bad_level",
                        &[("name", &name), ("max", &max), ("value", v.get_ref())],
                    ),
                )),
            }
        };
        let default = match table.get("default") {
            Some(v) => level_of("default", v)?,
            None => DEFAULT_TARGET.min(max),
        };
        let mut target = Target::uniform(q, default);
        for (name, v) in &table {
            if name == "default" {
                continue;
            }
            let level = level_of(name, v)?;
            match target.levels.iter_mut().find(|(k, _)| k == name) {
                Some(slot) => slot.1 = level,
                None => {
                    let keys: Vec<&str> = q.categories.iter().map(|c| c.key.as_str()).collect();
                    return Err(err(
                        line_of(v),
                        tr(
                            "target_unknown_category",
                            &[("name", name), ("keys", &keys.join(", "))],
                        ),
                    ));
                }
            }
        }
        Ok(target)
    }

    /// Load the profile from a file (read by [`crate::input::config_file::read`]: a
    /// regular file within the `config-*` limits); `None` without a file, as
    /// no target was agreed.
    ///
    /// # Errors
    /// See [`Target::parse`]; [`Error::Io`] when unreadable or not a regular
    /// file, [`Error::Limit`] when too large.
    pub fn load(path: Option<&Path>, q: &Questionnaire) -> Result<Option<Self>> {
        path.map(|p| Self::parse(&crate::input::config_file::read(p)?, p, q))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_profile_overrides_named_categories_only() {
        let q = crate::input::questionnaire::default_questionnaire()
            .unwrap()
            .questionnaire;
        let t = Target::parse("default = 2\nrespond = 4\n", Path::new("t.toml"), &q).unwrap();
        assert_eq!(t.level("protect"), 2);
        assert_eq!(t.level("respond"), 4);
        let e = Target::parse("recover = 3", Path::new("t.toml"), &q)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "t.toml:1: unknown category 'recover'; use default or one of: protect, detect, respond, sustain"
        );
        let e = Target::parse(
            "# targets\ndefault = 2\n\ndetect = 7",
            Path::new("t.toml"),
            &q,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "t.toml:4: 'detect' must be a whole number from 0 to 5, not 7"
        );
    }
}
