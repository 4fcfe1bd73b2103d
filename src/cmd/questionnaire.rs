//! `imcm questionnaire list` and `imcm questionnaire show`: the built-in
//! questionnaires, one line each, one questionnaire in full, or one of its
//! metrics, subcategories or categories.

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::questionnaire;
use crate::model::Lang;
use crate::output;
use crate::report::{self, metric_text};

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

/// `imcm questionnaire show NAME`: NAME is a questionnaire (built-in id or
/// file) shown whole, or else a metric, subcategory or category of the
/// questionnaire (`--questionnaire`, or the built-in default) shown alone.
pub(super) fn show(name: &str, questionnaire: Option<&str>, json: bool, lang: Lang) -> Result<()> {
    let (q, item_id) = match questionnaire {
        Some(qname) => (questionnaire::load(qname)?.questionnaire, Some(name)),
        None => match questionnaire::load(name) {
            Ok(loaded) => (loaded.questionnaire, None),
            Err(Error::UnknownQuestionnaire { .. })
                if !name.contains(['/', '\\']) && !name.ends_with(".toml") =>
            {
                let q = questionnaire::load(questionnaire::DEFAULT_ID)?.questionnaire;
                (q, Some(name))
            }
            Err(e) => return Err(e),
        },
    };
    let text = match item_id {
        None if json => to_json(&q, "questionnaire")?,
        None => report::text::questionnaire(&q, lang),
        Some(id) => {
            let Some(item) = metric_text::find(&q, id) else {
                return Err(Error::UnknownShowItem {
                    name: id.to_string(),
                    questionnaire: q.id.clone(),
                    available: questionnaire.is_none().then(|| {
                        let ids: Vec<&str> =
                            questionnaire::BUILTIN.iter().map(|(id, _)| *id).collect();
                        ids.join(", ")
                    }),
                    closest: metric_text::closest(&q, id).map(str::to_string),
                });
            };
            if json {
                match item {
                    metric_text::Item::Metric(m) => to_json(m, "metric")?,
                    metric_text::Item::Subcategory(s) => to_json(
                        &q.metrics_in_subcategory(&s.id).collect::<Vec<_>>(),
                        "metrics",
                    )?,
                    metric_text::Item::Category(c) => {
                        to_json(&q.metrics_in_category(c).collect::<Vec<_>>(), "metrics")?
                    }
                }
            } else {
                metric_text::item(&q, item, lang)
            }
        }
    };
    output::write_stdout(text.as_bytes())
}

/// `value` as pretty JSON with a final newline.
fn to_json<T: serde::Serialize + ?Sized>(value: &T, what: &'static str) -> Result<String> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| Error::Serialise {
        what,
        message: e.to_string(),
    })?;
    s.push('\n');
    Ok(s)
}
