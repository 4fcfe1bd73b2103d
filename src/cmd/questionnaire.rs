//! `imcm questionnaire list` and `imcm questionnaire show`: the built-in
//! questionnaires, one line each, or one questionnaire in full.

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::questionnaire;
use crate::model::Lang;
use crate::output;
use crate::report;

pub(super) fn list() -> Result<()> {
    let mut out = String::new();
    for (id, _) in questionnaire::BUILTIN {
        let q = questionnaire::load(id)?.questionnaire;
        out.push_str(&tr(
            "qlist_line",
            &[
                ("id", id),
                ("version", &q.version),
                ("categories", &q.categories.len()),
                ("subcategories", &q.subcategories.len()),
                ("metrics", &q.metrics.len()),
                ("title", &q.title.get(crate::i18n::ui_lang())),
            ],
        ));
        out.push('\n');
    }
    output::write_stdout(out.as_bytes())
}

pub(super) fn show(name: &str, json: bool, lang: Lang) -> Result<()> {
    let q = questionnaire::load(name)?.questionnaire;
    let text = if json {
        let mut s = serde_json::to_string_pretty(&q).map_err(|e| Error::Serialise {
            what: "questionnaire",
            message: e.to_string(),
        })?;
        s.push('\n');
        s
    } else {
        report::text::questionnaire(&q, lang)
    };
    output::write_stdout(text.as_bytes())
}
