//! Reports: a typed context built from a scored assessment, charts drawn as
//! SVG strings, HTML rendered from handlebars templates, and text renderings
//! for the terminal. Nothing here writes files.

pub mod charts;
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

/// Render one assessment's report.
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
) -> Result<Rendered> {
    let (ctx, charts) = context::build(a, q, target, lang, renderer.labels(lang), incidents)?;
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
