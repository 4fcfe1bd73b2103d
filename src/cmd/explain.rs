//! `imcm explain`: how each category's score and maturity level of one
//! assessment were derived, as text.

use super::inputs::{Inputs, Request};
use crate::cli::{Filter, IncidentInput};
use crate::error::Result;
use crate::input::answers::AnswerFiles;
use crate::model::Lang;
use crate::{output, report};

/// Explain the assessment `filter` names (only `category`, when given).
pub(super) fn run(
    name: &str,
    paths: &AnswerFiles,
    filter: &Filter,
    category: Option<&str>,
    incidents: Option<&IncidentInput>,
    lang: Lang,
) -> Result<()> {
    let inputs = Inputs::load(&Request {
        category,
        ..Request::new(name, paths, filter, incidents)
    })?;
    let q = inputs.questionnaire();
    let text: String = inputs
        .scored()
        .iter()
        .map(|a| {
            let mut text = report::text::explain(a, q, category, lang);
            text.push_str(&crate::sanitize::terminal_safe(
                &report::disagreements::text(a, q, category, lang),
            ));
            text
        })
        .collect::<Vec<_>>()
        .join("\n");
    output::write_stdout(text.as_bytes())
}
