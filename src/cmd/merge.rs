//! `imcm merge`: read every respondent's answer file, settle each metric
//! with the consensus rule and write one consolidated sheet with the
//! disagreements marked, for the consultant to settle by hand.

use super::say;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::{answers, questionnaire};
use crate::model::Lang;
use crate::{export, output};
use std::path::Path;

/// Merge `paths` into `out` (a workbook when it ends in `.xlsx`).
pub(super) fn run(
    name: &str,
    paths: &answers::AnswerFiles,
    lang: Lang,
    out: &Path,
    force: bool,
) -> Result<()> {
    output::check_not_input(out, &paths.paths)?;
    if !force && output::target_exists(out)? {
        return Err(Error::Output {
            path: out.to_path_buf(),
            message: tr("output_exists", &[]),
        });
    }
    let q = questionnaire::load(name)?.questionnaire;
    let set = answers::load(paths, &q)?;
    let xlsx = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx {
        export::xlsx::merged_workbook(&set, &q, lang)?
    } else {
        export::merged::merged_csv(&set, &q, lang)?
    };
    output::write_atomic(out, &bytes)?;
    let conflicts = set
        .assessments
        .values()
        .flat_map(|a| a.values())
        .filter(|a| a.disagree())
        .count();
    say(&tr(
        "wrote_merged",
        &[
            ("path", &out.display()),
            ("rows", &set.len()),
            ("files", &paths.len()),
            ("conflicts", &conflicts),
            (
                "mark",
                &crate::i18n::tr_in(lang, "merge_conflict_mark", &[]),
            ),
            ("rule", &paths.consensus.key()),
        ],
    ));
    Ok(())
}
