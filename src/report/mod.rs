//! Reports: a typed context built from a scored assessment, charts drawn as
//! SVG strings, HTML rendered from handlebars templates, and text renderings
//! for the terminal. Nothing here writes files.

pub mod charts;
pub mod compare;
pub mod context;
pub mod html;
pub mod incidents;
pub mod rules;
pub mod text;

use crate::error::{Error, Result};
use crate::model::{Assessment, Lang, Questionnaire};
use crate::target::Target;
pub use context::Chart;

/// A rendered report: the HTML page, its charts and its context as JSON.
#[derive(Debug)]
pub struct Rendered {
    /// `report.html`.
    pub html: String,
    /// Charts to write beside it.
    pub charts: Vec<Chart>,
    /// `context.json` (pretty-printed).
    pub context_json: String,
}

/// Render one assessment's report; `provenance` adds the inputs section
/// with its `imcm verify` command.
///
/// # Errors
/// [`Error::Chart`] or [`Error::Template`].
pub fn render(
    renderer: &html::Renderer,
    a: &Assessment,
    q: &Questionnaire,
    target: &Target,
    lang: Lang,
    incidents: Option<&crate::model::IncidentReport>,
    provenance: Option<&crate::provenance::Provenance>,
) -> Result<Rendered> {
    let labels = renderer.labels(lang);
    let view = provenance.map(|p| p.view(&labels));
    let (mut ctx, charts) = context::build(a, q, target, lang, labels, incidents)?;
    ctx.provenance = view;
    let html = renderer.render_report(&ctx)?;
    let mut context_json = serde_json::to_string_pretty(&ctx).map_err(|e| Error::Serialise {
        what: "context.json",
        message: e.to_string(),
    })?;
    context_json.push('\n');
    Ok(Rendered {
        html,
        charts,
        context_json,
    })
}

/// Simplify a name for a folder or an anchor: lower-case letters and digits,
/// runs of anything else become one `-`; `_` when nothing is left.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() { "_".into() } else { out }
}

/// The folder of each (org, unit) of `keys`: `org/unit` (unit `whole-org`
/// when empty), simplified with [`slug`]. When two pairs simplify to the same
/// folder, the later one in sorted order gets `-2`, `-3`, ….
pub fn unit_folders(
    keys: &[crate::model::AssessmentKey],
) -> std::collections::BTreeMap<(String, String), String> {
    let mut folders = std::collections::BTreeMap::new();
    let mut taken = std::collections::BTreeSet::new();
    for k in keys {
        let pair = (k.org.clone(), k.unit.clone());
        if folders.contains_key(&pair) {
            continue;
        }
        let unit = if k.unit.is_empty() {
            "whole-org".to_string()
        } else {
            slug(&k.unit)
        };
        let base = format!("{}/{unit}", slug(&k.org));
        let mut name = base.clone();
        let mut n = 1;
        while !taken.insert(name.clone()) {
            n += 1;
            name = format!("{base}-{n}");
        }
        folders.insert(pair, name);
    }
    folders
}
