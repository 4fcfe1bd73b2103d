//! Consistency checks run on every questionnaire as it is loaded. Each
//! error names the file and line of the value at fault (through
//! [`super::source`]), even when that value came from a base questionnaire.

mod hierarchy;
mod incidents;
mod kinds;
mod scale;

pub(super) use kinds::precheck;

use super::source::{Files, Seg, locate};
use crate::error::{Error, Result};
use crate::model::Questionnaire;

/// What the checks need to place an error: the files, and the (merged) tree
/// the questionnaire was read from (built again when an error needs it), in
/// the same order as its lists.
pub(super) struct Ctx<'c, 'f> {
    pub files: &'c Files,
    pub tree: &'c super::Tree<'f>,
}

impl Ctx<'_, '_> {
    /// An error about `id` at `path` (the deepest part of it that exists).
    fn invalid(
        &self,
        path: &[Seg<'_>],
        id: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        let span = if path.is_empty() {
            None
        } else {
            (self.tree)().ok().and_then(|t| locate(&t, path))
        };
        self.files.invalid(span, id.into(), message.into())
    }
}

/// Fill in derived fields (subcategory → category, metric → subcategory) and
/// check that every reference resolves.
pub(super) fn resolve_and_check(q: &mut Questionnaire, ctx: &Ctx<'_, '_>) -> Result<()> {
    scale::check_size(q, ctx)?;
    scale::check_scale(q, ctx)?;
    scale::check_levels(q, ctx)?;
    hierarchy::resolve(q, ctx)?;
    incidents::check_incident_settings(q, ctx)
}

#[cfg(test)]
mod tests {
    use super::super::{Origin, parse};

    const BASE: &str = r#"
id = "t"
version = "1"
title = { en = "T", ja = "T" }
[[status]]
key = "yes"
treatment = "scored"
points = 1.0
label = { en = "Yes", ja = "はい" }
[[status]]
key = "not_observed"
treatment = "unobserved"
label = { en = "NO", ja = "未確認" }
[[priority]]
key = "I"
weight = 3.0
label = { en = "I", ja = "I" }
[[level]]
level = 1
name = { en = "Initial", ja = "初期" }
any_of = ["yes"]
[[category]]
key = "protect"
id = "1"
name = { en = "Protect", ja = "防護" }
[[subcategory]]
id = "1.1"
name = { en = "Risk", ja = "リスク" }
"#;

    fn metric(id: &str, priority: &str, kind: &str) -> String {
        format!(
            r#"
[[metric]]
id = "{id}"
priority = "{priority}"
question = {{ en = "Q?", ja = "Q？" }}
guidance = {{ en = "G", ja = "G" }}
indicators = [{{ kind = "{kind}", required = true, text = {{ en = "x", ja = "x" }} }}]
"#
        )
    }

    fn err(src: &str) -> String {
        parse(src, Origin::File("q.toml".into()))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_minimal_questionnaire_loads_and_derives_parents() {
        let src = format!("{BASE}{}", metric("1.1.1", "I", "control"));
        let q = parse(&src, Origin::File("q.toml".into()))
            .unwrap()
            .questionnaire;
        assert_eq!(q.metrics[0].subcategory, "1.1");
        assert_eq!(q.subcategories[0].category, "1");
    }

    #[test]
    fn duplicate_metric_ids_are_rejected_with_the_id() {
        let src = format!(
            "{BASE}{}{}",
            metric("1.1.1", "I", "control"),
            metric("1.1.1", "I", "control")
        );
        assert_eq!(
            err(&src),
            "q.toml:38: metric 1.1.1: duplicate metric id '1.1.1'; every metric needs its own"
        );
    }

    #[test]
    fn metric_in_missing_subcategory_is_rejected() {
        let src = format!("{BASE}{}", metric("1.9.1", "I", "control"));
        let e = err(&src);
        assert!(
            e.starts_with("q.toml:31: metric 1.9.1: points to subcategory '1.9'"),
            "{e}"
        );
    }

    #[test]
    fn unknown_priority_is_rejected_with_the_allowed_ones() {
        let src = format!("{BASE}{}", metric("1.1.1", "IV", "control"));
        assert_eq!(
            err(&src),
            "q.toml:32: metric 1.1.1: unknown priority 'IV'; use one of: I"
        );
    }

    #[test]
    fn unknown_indicator_kind_is_rejected_with_the_metric_id() {
        let src = format!("{BASE}{}", metric("1.1.1", "I", "evidence"));
        let e = err(&src);
        assert!(
            e.starts_with("q.toml:35: metric 1.1.1: indicator 1 has unknown kind 'evidence'"),
            "{e}"
        );
    }

    #[test]
    fn toml_syntax_errors_keep_the_line() {
        let e = err("id = \"t\"\nversion = ");
        assert!(e.starts_with("q.toml: "), "{e}");
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn a_scale_too_large_for_the_count_table_is_refused_before_it_is_scored() {
        let mut src = BASE.to_string();
        for i in 0..600 {
            src.push_str(&format!(
                "[[status]]\nkey = \"s{i}\"\ntreatment = \"excluded\"\nlabel = {{ en = \"S{i}\", ja = \"S{i}\" }}\n[[priority]]\nkey = \"p{i}\"\nweight = 1.0\nlabel = {{ en = \"P{i}\", ja = \"P{i}\" }}\n"
            ));
        }
        src.push_str(&metric("1.1.1", "I", "control"));
        let e = err(&src);
        assert!(
            e.starts_with("q.toml: status: 1 subcategories, 1 categories, 601 priorities and 602 statuses make every score count 1085406 combinations")
                && e.contains("--limit questionnaire-metrics=VALUE"),
            "{e}"
        );
    }

    #[test]
    fn an_alias_naming_two_statuses_is_rejected() {
        let src = BASE.replace(
            "label = { en = \"NO\", ja = \"未確認\" }",
            "label = { en = \"NO\", ja = \"未確認\" }\naliases = [\"YES\"]",
        );
        let e = err(&format!("{src}{}", metric("1.1.1", "I", "control")));
        assert!(e.contains("'YES' is also a spelling of 'yes'"), "{e}");
    }
}
