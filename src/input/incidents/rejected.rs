//! What an import says about the records it refused or skipped: the
//! rejection lines, the error of an import that kept nothing, the warnings
//! for skipped files, and how a JSON value is named in those messages.

use crate::error::Error;

/// How many rejected records an import lists before giving a count of the
/// rest (`--list-rejected` lists them all).
pub const REJECTED_SHOWN: usize = 5;

/// How a JSON value is named in messages: "a list", "an object", "text" …
pub(crate) fn json_kind(v: &serde_json::Value) -> String {
    use serde_json::Value;
    let key = match v {
        Value::Null => "json_null",
        Value::Bool(_) => "json_bool",
        Value::Number(_) => "json_number",
        Value::String(_) => "json_text",
        Value::Array(_) => "json_list",
        Value::Object(_) => "json_object",
    };
    crate::i18n::tr(key, &[])
}

/// The lines an import prints about its rejected records (name: reason):
/// all of them with `all`, else the first [`REJECTED_SHOWN`] and a count of
/// the rest.
pub fn rejection_lines(rejected: &[(String, String)], all: bool) -> Vec<String> {
    let shown = if all {
        rejected.len()
    } else {
        REJECTED_SHOWN.min(rejected.len())
    };
    let mut lines: Vec<String> = rejected[..shown]
        .iter()
        .map(|(name, reason)| {
            crate::i18n::tr("veris_rejected_file", &[("name", name), ("reason", reason)])
        })
        .collect();
    if shown < rejected.len() {
        lines.push(crate::i18n::tr(
            "import_rejected_more",
            &[("n", &(rejected.len() - shown))],
        ));
    }
    lines
}

/// The error of an import that read `read` files or entries and kept no
/// record: it names every reason (or the first few) and says that nothing
/// was written.
pub fn nothing_kept(
    path: &std::path::Path,
    read: usize,
    rejected: &[(String, String)],
    all: bool,
) -> Error {
    let mut message = crate::i18n::tr("import_nothing_kept", &[("n", &read)]);
    for line in rejection_lines(rejected, all) {
        message.push_str("\n  ");
        message.push_str(&line);
    }
    Error::Incidents {
        path: path.to_path_buf(),
        message,
    }
}

/// Print a warning on standard error for each file or archive entry an
/// import skipped (a pipe, device, socket, broken link or folder link),
/// counted like every warning (`--strict` makes it an error).
pub fn warn_skipped(skipped: &[(String, String)]) {
    for (name, why) in skipped {
        let line = crate::i18n::tr("import_skipped", &[("name", name), ("why", why)]);
        crate::error::warning::emit_text(&line, "");
    }
}
