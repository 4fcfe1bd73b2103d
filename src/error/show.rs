//! The words of each [`super::Error`], through the en/ja catalogue
//! (`templates/messages.toml`) in the language of [`crate::i18n::ui_lang`].
//! One function per kind of error; the enum's `#[error]` attributes call
//! them.

use crate::i18n::tr;
use crate::limits::Limit;
use std::fmt::Display;
use std::path::Path;

/// "help" in the user's language, as it starts a second line.
fn help() -> String {
    tr("help", &[])
}

/// `text`, then an indented help line.
fn with_help(text: &str, fix: &str) -> String {
    format!("{text}\n  {}: {fix}", help())
}

/// A file or folder that could not be read, created or written. An action
/// without its own message uses the general one.
pub(super) fn io(action: &str, path: &Path, source: &std::io::Error) -> String {
    let key = format!("io_{}", action.replace(' ', "_"));
    let args: [(&str, &dyn Display); 3] = [
        ("action", &action),
        ("path", &path.display()),
        ("error", source),
    ];
    let text = tr(&key, &args);
    if text == key { tr("io", &args) } else { text }
}

/// A base questionnaire or a recorded one that is not valid, named without
/// its content.
pub(super) fn questionnaire_not_shown(
    path: &str,
    by: &str,
    role: &str,
    line: Option<u64>,
    column: Option<u64>,
) -> String {
    let text = match (line, column) {
        (Some(line), Some(column)) => tr(
            "q_not_shown_at",
            &[
                ("path", &path),
                ("by", &by),
                ("role", &role),
                ("line", &line),
                ("column", &column),
            ],
        ),
        _ => tr(
            "q_not_shown",
            &[("path", &path), ("by", &by), ("role", &role)],
        ),
    };
    with_help(&text, &tr("q_not_shown_help", &[("path", &path)]))
}

/// A problem in a target profile, at a line when it has one.
pub(super) fn target(path: &Path, line: u64, message: &str) -> String {
    if line > 0 {
        format!("{}:{line}: {message}", path.display())
    } else {
        format!("{}: {message}", path.display())
    }
}

/// A `--what-if` change that cannot be made.
pub(super) fn what_if(given: &str, message: &str, fix: &str) -> String {
    with_help(
        &tr("whatif_bad", &[("given", &given), ("message", &message)]),
        fix,
    )
}

/// `--questionnaire` named nothing known.
pub(super) fn unknown_questionnaire(name: &str, available: &str) -> String {
    with_help(
        &tr(
            "unknown_questionnaire",
            &[("name", &name), ("available", &available)],
        ),
        &tr("unknown_questionnaire_help", &[]),
    )
}

/// `questionnaire show NAME` found nothing of that name.
pub(super) fn unknown_show_item(
    name: &str,
    questionnaire: &str,
    available: Option<&str>,
    closest: Option<&str>,
) -> String {
    let mut text = match available {
        Some(available) => tr(
            "qm_unknown",
            &[
                ("name", &name),
                ("questionnaire", &questionnaire),
                ("available", &available),
            ],
        ),
        None => tr(
            "qm_unknown_in",
            &[("name", &name), ("questionnaire", &questionnaire)],
        ),
    };
    if let Some(id) = closest {
        text.push_str(&tr("qm_closest", &[("id", &id)]));
    }
    let help = if available.is_some() {
        "qm_unknown_help"
    } else {
        "qm_unknown_in_help"
    };
    with_help(&text, &tr(help, &[("questionnaire", &questionnaire)]))
}

/// A file-level problem: the path, then what is wrong.
pub(super) fn at_path(path: &Path, message: &str) -> String {
    format!("{}: {message}", path.display())
}

/// No browser to print the PDF with.
pub(super) fn no_browser(given: Option<&Path>, looked: &[String]) -> String {
    match given {
        Some(path) => with_help(
            &tr("browser_not_a_file", &[("path", &path.display())]),
            &tr("browser_help", &[]),
        ),
        None => with_help(
            &tr("browser_not_found", &[("names", &looked.join(", "))]),
            &tr("browser_help", &[]),
        ),
    }
}

/// The filter selects no assessment; `filter` is how the user wrote it.
pub(super) fn no_assessment(filter: &str, available: &str) -> String {
    with_help(
        &tr("no_assessment", &[("filter", &filter)]),
        &tr("no_assessment_help", &[("available", &available)]),
    )
}

/// `--category` names no category of the questionnaire.
pub(super) fn unknown_category(given: &str, available: &[String]) -> String {
    with_help(
        &tr("unknown_category", &[("given", &given)]),
        &tr("unknown_category_help", &[("keys", &available.join(", "))]),
    )
}

/// `--baseline` names no period of the organisation's assessments.
pub(super) fn unknown_baseline(given: &dyn Display, available: &[String]) -> String {
    no_assessment(&format!("--baseline {given}"), &available.join("; "))
}

/// Why `imcm verify` cannot check a file.
pub(super) fn not_scores(path: &Path, reason: &super::NotScores) -> String {
    use super::NotScores;
    let message = match reason {
        NotScores::Missing => tr("verify_no_scores", &[]),
        NotScores::NotJson(e) => tr("verify_not_json", &[("error", e)]),
        NotScores::NoProvenance => tr("verify_no_provenance", &[]),
        NotScores::BadProvenance(e) => tr("verify_bad_provenance", &[("error", e)]),
        NotScores::BadAssessments => tr("verify_bad_assessments", &[]),
    };
    at_path(path, &message)
}

/// A manifest that does not parse as one.
pub(super) fn bad_manifest(path: &Path, error: &str) -> String {
    at_path(path, &tr("manifest_invalid", &[("error", &error)]))
}

/// A message of the catalogue with one `name` and one `message` argument.
pub(super) fn failed(key: &str, name_key: &str, name: &str, message: &str) -> String {
    tr(key, &[(name_key, &name), ("message", &message)])
}

/// The incident engine failed on valid input.
pub(super) fn engine(message: &str) -> String {
    tr("engine_failed", &[("message", &message)])
}

/// A parser we use panicked on a damaged input.
pub(super) fn internal(what: &str, detail: &str) -> String {
    tr("internal_failure", &[("what", &what), ("detail", &detail)])
}

/// An input over a limit, with the option that raises it.
pub(super) fn limit(path: &Path, limit: &Limit, found: u64, max: u64) -> String {
    let text = tr(
        "limit_exceeded",
        &[
            ("found", &limit.show(found)),
            ("name", &limit.name()),
            ("max", &limit.show(max)),
        ],
    );
    let text = format!("{}: {text}", path.display());
    with_help(
        &text,
        &tr("limit_exceeded_help", &[("name", &limit.name())]),
    )
}

/// Differences `imcm verify` found, one per line.
pub(super) fn verify(path: &Path, problems: &[String]) -> String {
    let mut out = format!(
        "{}: {}",
        path.display(),
        tr("verify_failed", &[("n", &problems.len())])
    );
    for p in problems {
        out.push_str("\n  - ");
        out.push_str(p);
    }
    out
}

/// `--strict` turned `warnings` warnings into an error.
pub(super) fn strict(warnings: usize) -> String {
    if warnings == 1 {
        tr("strict_failed_one", &[])
    } else {
        tr("strict_failed", &[("n", &warnings)])
    }
}
