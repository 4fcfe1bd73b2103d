//! The handlebars registry: embedded templates, overridable one file at a time
//! from a folder, parsed at load time, strict mode on.

use super::context::{Labels, ReportContext};
use crate::error::{Error, Result};
use crate::model::Lang;
use handlebars::Handlebars;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Built-in template files: (name relative to the templates folder, content).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "report.html.hbs",
        include_str!("../../templates/report.html.hbs"),
    ),
    (
        "compare.html.hbs",
        include_str!("../../templates/compare.html.hbs"),
    ),
    (
        "index.html.hbs",
        include_str!("../../templates/index.html.hbs"),
    ),
    (
        "partials/executive.hbs",
        include_str!("../../templates/partials/executive.hbs"),
    ),
    (
        "partials/category.hbs",
        include_str!("../../templates/partials/category.hbs"),
    ),
    (
        "partials/incidents.hbs",
        include_str!("../../templates/partials/incidents.hbs"),
    ),
    (
        "partials/evidence_list.hbs",
        include_str!("../../templates/partials/evidence_list.hbs"),
    ),
    (
        "partials/recommendations.hbs",
        include_str!("../../templates/partials/recommendations.hbs"),
    ),
    (
        "partials/roadmap.hbs",
        include_str!("../../templates/partials/roadmap.hbs"),
    ),
    (
        "partials/methodology.hbs",
        include_str!("../../templates/partials/methodology.hbs"),
    ),
    (
        "partials/provenance.hbs",
        include_str!("../../templates/partials/provenance.hbs"),
    ),
    (
        "partials/disagreements.hbs",
        include_str!("../../templates/partials/disagreements.hbs"),
    ),
    (
        "partials/evidence_request.hbs",
        include_str!("../../templates/partials/evidence_request.hbs"),
    ),
    (
        "partials/chart_table.hbs",
        include_str!("../../templates/partials/chart_table.hbs"),
    ),
    (
        "partials/why.hbs",
        include_str!("../../templates/partials/why.hbs"),
    ),
];
/// Built-in stylesheet.
pub const STYLE: &str = include_str!("../../templates/style.css");
/// Built-in UI strings.
pub const STRINGS: &str = include_str!("../../templates/strings.toml");

/// A ready-to-render template set.
pub struct Renderer {
    registry: Handlebars<'static>,
    strings: BTreeMap<String, Labels>,
}

/// The file `name` of the templates folder, or `builtin` when the folder
/// has nothing of that name. Anything there is read only if it is a regular
/// file within the `config-file-bytes` limit: a pipe, a device or a link to
/// one is refused rather than read forever.
fn read_override(dir: Option<&Path>, name: &str, builtin: &str) -> Result<String> {
    if let Some(dir) = dir {
        let p: PathBuf = dir.join(name);
        if p.exists() {
            return crate::fs::read_regular_text(&p, crate::limits::Limit::ConfigFileBytes);
        }
    }
    Ok(builtin.to_string())
}

impl Renderer {
    /// Load the built-in templates, replacing each by the file of the same
    /// name in `overrides` when it exists.
    ///
    /// # Errors
    /// [`Error::Template`] when a template does not parse or `strings.toml`
    /// is invalid; [`Error::Io`] when an override is unreadable.
    pub fn new(overrides: Option<&Path>) -> Result<Self> {
        if let Some(dir) = overrides
            && !dir.is_dir()
        {
            return Err(Error::io(
                "read templates from",
                dir,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
            ));
        }
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        // Every value is HTML-escaped as usual, and control and bidi
        // characters become U+FFFD first: an override in a comment cannot
        // reorder what the reader sees.
        registry.register_escape_fn(|s| handlebars::html_escape(&crate::sanitize::clean(s)));
        for (name, builtin) in TEMPLATES {
            let text = read_override(overrides, name, builtin)?;
            let key = name
                .trim_start_matches("partials/")
                .trim_end_matches(".hbs");
            registry
                .register_template_string(key, text)
                .map_err(|e| Error::Template {
                    name: (*name).to_string(),
                    message: e.to_string(),
                })?;
        }
        let css = read_override(overrides, "style.css", STYLE)?;
        // The stylesheet is a partial, so it stays out of the data context.
        registry
            .register_partial("style", css)
            .map_err(|e| Error::Template {
                name: "style.css".into(),
                message: e.to_string(),
            })?;
        let parse = |src: &str| -> Result<BTreeMap<String, Labels>> {
            toml::from_str(src).map_err(|e| Error::Template {
                name: "strings.toml".into(),
                message: e.to_string(),
            })
        };
        // An override only needs the labels it changes: labels it lacks (for
        // example ones added by a later imcm) come from the built-in file.
        let mut strings = parse(STRINGS)?;
        if let Some(dir) = overrides
            && dir.join("strings.toml").exists()
        {
            let custom = parse(&crate::input::config_file::read(&dir.join("strings.toml"))?)?;
            for (lang, labels) in custom {
                strings.entry(lang).or_default().extend(labels);
            }
        }
        Ok(Renderer { registry, strings })
    }

    /// UI labels for a language.
    pub fn labels(&self, lang: Lang) -> Labels {
        self.strings.get(lang.tag()).cloned().unwrap_or_default()
    }

    fn render<T: serde::Serialize>(&self, name: &str, ctx: &T) -> Result<String> {
        self.registry
            .render(name, ctx)
            .map_err(|e| Error::Template {
                name: format!("{name}.hbs"),
                message: e.to_string(),
            })
    }

    /// Render the report page.
    ///
    /// # Errors
    /// [`Error::Template`] when the template refers to a missing field.
    pub fn render_report(&self, ctx: &ReportContext) -> Result<String> {
        self.render("report.html", ctx)
    }

    /// Render the comparison page.
    ///
    /// # Errors
    /// [`Error::Template`] when the template refers to a missing field.
    pub fn render_compare(&self, ctx: &super::compare::CompareContext) -> Result<String> {
        self.render("compare.html", ctx)
    }

    /// Render the batch index page.
    ///
    /// # Errors
    /// [`Error::Template`] when the template refers to a missing field.
    pub fn render_index(&self, ctx: &super::compare::IndexContext) -> Result<String> {
        self.render("index.html", ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_define_the_same_labels() {
        let r = Renderer::new(None).unwrap();
        let en: Vec<_> = r.labels(Lang::En).into_keys().collect();
        let ja: Vec<_> = r.labels(Lang::Ja).into_keys().collect();
        assert_eq!(en, ja);
        assert!(en.len() > 40);
    }

    #[test]
    fn dates_follow_the_language() {
        use crate::report::context::local_date;
        assert_eq!(local_date("2026-09-05", Lang::Ja), "2026年9月5日");
        assert_eq!(local_date("2026-09-05", Lang::En), "2026-09-05");
        assert_eq!(local_date("9/5/2026", Lang::Ja), "9/5/2026");
        assert_eq!(
            local_date("2026-03-31T14:05:00", Lang::Ja),
            "2026年3月31日 14:05"
        );
        assert_eq!(
            local_date("2026-03-31T14:05:00", Lang::En),
            "2026-03-31T14:05:00"
        );
    }

    #[test]
    fn an_override_of_some_labels_keeps_the_others() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("strings.toml"),
            "[en]\nreport_title = \"CSIRT review\"\n",
        )
        .unwrap();
        let r = Renderer::new(Some(dir.path())).unwrap();
        let en = r.labels(Lang::En);
        assert_eq!(en["report_title"], "CSIRT review");
        assert_eq!(
            en["compare_title"],
            "Incident management capability over the quarters"
        );
        assert_eq!(
            r.labels(Lang::Ja)["report_title"],
            "インシデントマネジメント能力評価"
        );
    }

    #[test]
    fn a_template_that_is_a_device_or_too_large_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("style.css")).unwrap();
        let e = Renderer::new(Some(dir.path())).err().unwrap().to_string();
        assert!(
            e.contains("style.css") && e.contains("not a regular file"),
            "{e}"
        );
        std::fs::remove_file(dir.path().join("style.css")).unwrap();
        std::fs::write(
            dir.path().join("report.html.hbs"),
            vec![b' '; (16 << 20) + 1],
        )
        .unwrap();
        let e = Renderer::new(Some(dir.path())).err().unwrap().to_string();
        assert!(
            e.contains("report.html.hbs") && e.contains("config-file-bytes"),
            "{e}"
        );
    }

    #[test]
    fn a_broken_override_fails_at_load_time_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("partials")).unwrap();
        std::fs::write(
            dir.path().join("partials/executive.hbs"),
            "{{#if x}}unclosed",
        )
        .unwrap();
        let e = Renderer::new(Some(dir.path())).err().unwrap().to_string();
        assert!(e.starts_with("template 'partials/executive.hbs':"), "{e}");
    }
}
