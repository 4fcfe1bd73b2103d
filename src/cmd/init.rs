//! `imcm init`: write an empty answer template (CSV or an Excel workbook)
//! for a questionnaire, pre-filled with the assessment's org, unit and quarter.

use super::say;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::questionnaire;
use crate::model::{Lang, Period};
use crate::{export, output};
use std::path::Path;

/// Write the template to `out` (standard output when `None`), keeping an
/// existing file unless `force`.
pub(super) fn run(
    name: &str,
    (org, unit, period): (&str, &str, Option<Period>),
    lang: Lang,
    out: Option<&Path>,
    force: bool,
    xlsx: bool,
) -> Result<()> {
    if let Some(path) = out
        && !force
        && output::target_exists(path)?
    {
        return Err(Error::Output {
            path: path.to_path_buf(),
            message: crate::i18n::tr("output_exists", &[]),
        });
    }
    let q = questionnaire::load(name)?.questionnaire;
    let bytes = if xlsx {
        crate::export::xlsx::answer_template(&q, org, unit, period, lang)?
    } else {
        export::answer_template(&q, org, unit, period, lang)?
    };
    match out {
        None => output::write_stdout(&bytes),
        Some(path) => {
            output::write_atomic(path, &bytes)?;
            say(&tr(
                "wrote_template",
                &[
                    ("path", &path.display()),
                    ("n", &q.metrics.len()),
                    (
                        "statuses",
                        &q.statuses
                            .iter()
                            .map(|s| s.label.get(lang))
                            .collect::<Vec<_>>()
                            .join(crate::i18n::list_sep()),
                    ),
                ],
            ));
            Ok(())
        }
    }
}
