//! Loading questionnaires: the built-in ones compiled into the binary, or a
//! TOML file given by path. Every questionnaire is validated on load.

pub mod extends;
mod validate;

use crate::error::{Error, Result};
use crate::model::Questionnaire;
use std::path::Path;

/// Id of the questionnaire used when none is named.
pub const DEFAULT_ID: &str = "imcm-v0.1";

/// Questionnaires compiled into the binary: (id, TOML source).
pub const BUILTIN: &[(&str, &str)] = &[(
    "imcm-v0.1",
    include_str!("../../questionnaires/imcm-v0.1.toml"),
)];

/// Where a questionnaire came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary under this id.
    BuiltIn(String),
    /// Read from this file.
    File(std::path::PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn(id) => write!(f, "built-in:{id}"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A validated questionnaire with its origin and source text.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The questionnaire.
    pub questionnaire: Questionnaire,
    /// Where it came from.
    pub origin: Origin,
    /// The TOML it was parsed from.
    pub source: String,
}

/// Load a questionnaire by built-in id or by path. An existing file wins over a
/// built-in id only when the name contains a path separator or ends in `.toml`.
///
/// # Errors
/// [`Error::UnknownQuestionnaire`], [`Error::Io`], [`Error::QuestionnaireSyntax`]
/// or [`Error::QuestionnaireInvalid`].
pub fn load(name: &str) -> Result<Loaded> {
    let looks_like_path = name.contains(['/', '\\']) || name.ends_with(".toml");
    if !looks_like_path && let Some((id, src)) = BUILTIN.iter().find(|(id, _)| *id == name) {
        return parse(src, Origin::BuiltIn((*id).to_string()));
    }
    let path = Path::new(name);
    if path.exists() {
        let text = crate::fs::read_text(path)?;
        let origin = Origin::File(path.to_path_buf());
        // A file that extends another is parsed as the merged whole, and its
        // source (hashed for provenance) is that whole.
        if let Ok(table) = toml::from_str::<toml::Table>(&text)
            && let Some(merged) = extends::resolve(&table, path)?
        {
            let merged = toml::to_string(&merged).map_err(|e| Error::QuestionnaireSyntax {
                origin: origin.to_string(),
                message: e.to_string(),
            })?;
            return parse(&merged, origin);
        }
        return parse(&text, origin);
    }
    Err(Error::UnknownQuestionnaire {
        name: name.to_string(),
        available: BUILTIN
            .iter()
            .map(|(id, _)| *id)
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Parse and validate questionnaire TOML.
///
/// # Errors
/// [`Error::QuestionnaireSyntax`] or [`Error::QuestionnaireInvalid`].
pub fn parse(source: &str, origin: Origin) -> Result<Loaded> {
    let table: toml::Table = toml::from_str(source).map_err(|e| Error::QuestionnaireSyntax {
        origin: origin.to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    validate::precheck(&table, &origin)?;
    let mut questionnaire: Questionnaire =
        toml::from_str(source).map_err(|e| Error::QuestionnaireSyntax {
            origin: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
    validate::resolve_and_check(&mut questionnaire, &origin)?;
    Ok(Loaded {
        questionnaire,
        origin,
        source: source.to_string(),
    })
}

/// The default questionnaire.
///
/// # Errors
/// Only if the embedded file is broken, which the tests rule out.
pub fn default_questionnaire() -> Result<Loaded> {
    load(DEFAULT_ID)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IndicatorKind, Treatment};

    fn imcm() -> Questionnaire {
        default_questionnaire().unwrap().questionnaire
    }

    #[test]
    fn builtin_imcm_has_the_four_categories_with_japanese_names() {
        let q = imcm();
        let cats: Vec<_> = q
            .categories
            .iter()
            .map(|c| (c.key.as_str(), c.id.as_str(), c.name.ja.as_str()))
            .collect();
        assert_eq!(
            cats,
            [
                ("protect", "1", "防護"),
                ("detect", "2", "検出"),
                ("respond", "3", "対処"),
                ("sustain", "4", "維持")
            ]
        );
    }

    #[test]
    fn builtin_imcm_has_all_seventeen_subcategories_with_two_or_more_metrics() {
        let q = imcm();
        let ids: Vec<_> = q.subcategories.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "3.1", "3.2", "3.3", "4.1", "4.2",
                "4.3", "4.4", "4.5", "4.6", "4.7"
            ]
        );
        for s in &q.subcategories {
            assert!(q.metrics_in_subcategory(&s.id).count() >= 2, "{}", s.id);
        }
        assert!(q.metrics.len() >= 45);
    }

    #[test]
    fn builtin_imcm_metrics_are_complete_and_bilingual() {
        let q = imcm();
        let p1 = q.metrics.iter().filter(|m| m.priority == "I").count();
        let share = p1 as f64 / q.metrics.len() as f64;
        assert!((0.25..=0.42).contains(&share), "Priority I share {share}");
        for m in &q.metrics {
            for t in [&m.question, &m.guidance, &m.recommendation] {
                assert!(
                    !t.en.trim().is_empty() && !t.ja.trim().is_empty(),
                    "{}",
                    m.id
                );
            }
            assert!(m.indicators.len() >= 3, "{} has too few indicators", m.id);
            assert!(m.indicators.iter().any(|i| i.required), "{}", m.id);
            for i in &m.indicators {
                assert!(!i.text.en.is_empty() && !i.text.ja.is_empty(), "{}", m.id);
            }
        }
        let kinds: std::collections::BTreeSet<_> = q
            .metrics
            .iter()
            .flat_map(|m| m.indicators.iter().map(|i| format!("{:?}", i.kind)))
            .collect();
        assert_eq!(kinds.len(), 6, "every indicator kind is used: {kinds:?}");
        let _ = IndicatorKind::Quality;
    }

    #[test]
    fn builtin_scale_accepts_japanese_and_short_aliases() {
        let q = imcm();
        for (raw, key) in [
            ("はい", "yes"),
            (" Y ", "yes"),
            ("一部", "partial"),
            ("いいえ", "no"),
            ("N/A", "not_applicable"),
            ("該当なし", "not_applicable"),
            ("未確認", "not_observed"),
            ("NOT_OBSERVED", "not_observed"),
        ] {
            assert_eq!(q.resolve_status(raw), Some(key), "{raw}");
        }
        assert_eq!(q.resolve_status("maybe"), None);
        assert_eq!(
            q.status("not_applicable").unwrap().treatment,
            Treatment::Excluded
        );
    }

    #[test]
    fn unknown_name_lists_builtin_ids() {
        let err = load("imcm-v9").unwrap_err().to_string();
        assert!(err.contains("unknown questionnaire 'imcm-v9'"), "{err}");
        assert!(err.contains("imcm-v0.1"), "{err}");
    }
}
