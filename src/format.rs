//! Number and text formatting shared by every output (reports, exports,
//! importers' tables): one place decides how a figure or a cell looks.

/// Format a number with at most `decimals` decimals and no trailing zeros.
pub fn trim_number(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// A text cell as a spreadsheet should see it: a value that Excel or
/// LibreOffice would run as a formula (it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) gets a leading apostrophe, so that
/// `=HYPERLINK(…)` typed into an answer file stays text when a CSV export is
/// opened. Control and bidi characters become U+FFFD first (see
/// [`crate::sanitize::clean`]), so no NUL reaches a CSV file. Numbers are
/// never passed through here.
pub fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    let text = crate::sanitize::clean(text);
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text,
    }
}
