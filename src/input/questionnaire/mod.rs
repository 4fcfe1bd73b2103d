//! Loading questionnaires: the built-in ones compiled into the binary, or a
//! TOML file given by path. Every questionnaire is validated on load.

pub mod extends;
pub(crate) mod source;
mod validate;

use crate::error::{Error, Result};
use crate::limits::Limit;
use crate::model::Questionnaire;
use serde::Deserialize;
use source::{Files, Shown};
use std::borrow::Cow;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Id of the questionnaire used when none is named.
pub const DEFAULT_ID: &str = "imcm-v0.1";

/// Questionnaires compiled into the binary: (id, TOML source).
pub const BUILTIN: &[(&str, &str)] = &[(
    "imcm-v0.1",
    include_str!("../../../questionnaires/imcm-v0.1.toml"),
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
/// The file is one the user gave: its errors may quote it.
///
/// # Errors
/// [`Error::UnknownQuestionnaire`], [`Error::Io`], [`Error::Limit`],
/// [`Error::QuestionnaireSyntax`] or [`Error::QuestionnaireInvalid`].
pub fn load(name: &str) -> Result<Loaded> {
    load_as(name, Shown::Quoted)
}

/// Load a questionnaire that another file named (`by`, e.g. the
/// `scores.json` whose provenance `imcm verify` follows), not the user:
/// like [`load`], but no error quotes the file's content.
///
/// # Errors
/// As [`load`]; errors in the file are [`Error::QuestionnaireNotShown`].
pub fn load_named(name: &str, by: &Path, role: &str) -> Result<Loaded> {
    load_as(
        name,
        Shown::Hidden {
            by: by.display().to_string(),
            role: role.to_string(),
        },
    )
}

fn load_as(name: &str, shown: Shown) -> Result<Loaded> {
    let looks_like_path = name.contains(['/', '\\']) || name.ends_with(".toml");
    if !looks_like_path && let Some((id, src)) = BUILTIN.iter().find(|(id, _)| *id == name) {
        return parse(src, Origin::BuiltIn((*id).to_string()));
    }
    let path = Path::new(name);
    if !path.exists() {
        return Err(Error::UnknownQuestionnaire {
            name: name.to_string(),
            available: BUILTIN
                .iter()
                .map(|(id, _)| *id)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let text = crate::fs::read_regular_text(path, Limit::ConfigFileBytes)?;
    let origin = Origin::File(path.to_path_buf());
    let mut files = Files::default();
    files.push(origin.to_string(), Cow::Owned(text), shown, None);
    extends::discover(&mut files, path)?;
    if files.len() == 1 {
        let source = files.text(0).to_string();
        return build(&files, &|| files.parse(0), origin, source);
    }
    // A file that extends another is read as the merged whole, and its
    // source (hashed for provenance) is that whole, written as TOML.
    let merged = || extends::merged(&files);
    let tree = merged()?;
    check_metrics(&tree, &origin.to_string())?;
    let table = toml::Table::deserialize(toml::de::ValueDeserializer::from(Spanned::new(
        tree.span(),
        DeValue::Table(tree.into_inner()),
    )))
    .map_err(|e| files.syntax(e.span(), e.message()))?;
    let source = to_toml(&table).map_err(|e| Error::QuestionnaireSyntax {
        origin: origin.to_string(),
        message: e.to_string(),
    })?;
    drop(table);
    build(&files, &merged, origin, source)
}

/// `table` as TOML, the same text as `toml::to_string` gives (which the
/// hashes of earlier reports rest on), written in one pass: `to_string`
/// inserts every nested section into the text it has written so far, which
/// takes time proportional to the square of the number of metrics.
fn to_toml(table: &toml::Table) -> std::result::Result<String, toml::ser::Error> {
    use serde::Serialize;
    let mut buffer = toml::ser::Buffer::new();
    table.serialize(toml::ser::Serializer::new(&mut buffer))?;
    Ok(buffer.to_string())
}

/// Refuse a questionnaire text before it is parsed when its `[[metric]]`
/// headers alone pass [`Limit::QuestionnaireMetrics`], or its shape the
/// limits of [`crate::input::config_file`].
fn check_text(text: &str, label: &str) -> Result<()> {
    let shape = crate::input::config_file::shape(text);
    crate::limits::check(Limit::QuestionnaireMetrics, label, shape.metric_headers)?;
    crate::input::config_file::check_shape(&shape, Path::new(label))
}

/// Refuse a questionnaire with more metrics than
/// [`Limit::QuestionnaireMetrics`] allows, naming `label`'s file.
fn check_metrics(tree: &Spanned<DeTable<'_>>, label: &str) -> Result<()> {
    let n = tree
        .get_ref()
        .get("metric")
        .and_then(|m| m.get_ref().as_array())
        .map_or(0, |a| a.len());
    crate::limits::check(Limit::QuestionnaireMetrics, label, n as u64)
}

/// Parse and validate questionnaire TOML (`extends` is not followed).
///
/// # Errors
/// [`Error::QuestionnaireSyntax`], [`Error::QuestionnaireInvalid`] or
/// [`Error::Limit`].
pub fn parse(source: &str, origin: Origin) -> Result<Loaded> {
    let mut files = Files::default();
    files.push(
        origin.to_string(),
        Cow::Owned(source.to_string()),
        Shown::Quoted,
        None,
    );
    check_text(source, &origin.to_string())?;
    build(&files, &|| files.parse(0), origin, source.to_string())
}

/// The (merged) tree of a questionnaire, built again on demand: once to be
/// read, and again only when an error needs the place of a value, so that
/// only one copy is held at a time.
type Tree<'f> = dyn Fn() -> Result<Spanned<DeTable<'f>>> + 'f;

/// Read the typed questionnaire from `tree` and check it; every error is
/// placed through `files`.
fn build<'f>(files: &'f Files, tree: &Tree<'f>, origin: Origin, source: String) -> Result<Loaded> {
    let root = tree()?;
    check_metrics(&root, &origin.to_string())?;
    validate::precheck(&root, files)?;
    let mut questionnaire = Questionnaire::deserialize(toml::de::ValueDeserializer::from(
        Spanned::new(root.span(), DeValue::Table(root.into_inner())),
    ))
    .map_err(|e| files.syntax(e.span(), e.message()))?;
    validate::resolve_and_check(&mut questionnaire, &validate::Ctx { files, tree })?;
    questionnaire.reindex();
    Ok(Loaded {
        questionnaire,
        origin,
        source,
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
    fn merged_questionnaires_are_written_as_toml_to_string_writes_them() {
        let builtin: toml::Table = toml::from_str(BUILTIN[0].1).unwrap();
        assert_eq!(
            to_toml(&builtin).unwrap(),
            toml::to_string(&builtin).unwrap()
        );
        let dir = tempfile::tempdir().unwrap();
        let child = dir.path().join("child.toml");
        std::fs::write(
            &child,
            "extends = \"imcm-v0.1\"\nid = \"c\"\n[incidents]\nmin_n = 7\n[[metric]]\nid = \"1.1.1\"\npriority = \"III\"\n[[metric]]\nid = \"1.1.9\"\npriority = \"I\"\nquestion = { en = \"Q\", ja = \"Q\" }\nguidance = { en = \"G\", ja = \"G\" }\nindicators = [{ kind = \"control\", required = true, text = { en = \"x\", ja = \"x\" } }]\n[[metric.evidence]]\nkpi = \"time_to_report_p90_h\"\nop = \"<=\"\nvalue = 24\n",
        )
        .unwrap();
        let loaded = load(child.to_str().unwrap()).unwrap();
        let table: toml::Table = toml::from_str(&loaded.source).unwrap();
        assert_eq!(loaded.source, toml::to_string(&table).unwrap());
        assert_eq!(loaded.questionnaire.metrics.len(), BUILTIN_METRICS + 1);
        assert_eq!(loaded.questionnaire.incidents.min_n, 7);
    }

    /// Metrics of the built-in questionnaire.
    const BUILTIN_METRICS: usize = 48;

    #[test]
    fn unknown_name_lists_builtin_ids() {
        let err = load("imcm-v9").unwrap_err().to_string();
        assert!(err.contains("unknown questionnaire 'imcm-v9'"), "{err}");
        assert!(err.contains("imcm-v0.1"), "{err}");
    }
}
