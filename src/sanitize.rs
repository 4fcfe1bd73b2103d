//! Characters that must not travel from an input into a name, a document or
//! a terminal unchanged: control characters (C0, DEL, C1) and the Unicode
//! bidirectional formatting characters that reorder how text is displayed
//! (an override turns the unit "evil" into what reads as "live").
//!
//! Three rules, one per destination:
//! - ids and names (org, unit, period, metric) in answer files are refused
//!   when they hold any of them ([`forbidden_in_name`]);
//! - text written into a document (HTML, SVG, XLSX, CSV) has them replaced
//!   by U+FFFD, so every SVG and XML part stays valid XML 1.0, no override
//!   reaches a reader and no NUL reaches a CSV file ([`clean`]);
//! - text printed to a terminal shows them as `\u{1b}`-style escapes, so a
//!   value echoed in a message cannot change the window title or clear the
//!   screen ([`terminal_safe`]).

use std::borrow::Cow;

/// The character shown in a document where a control or bidi character was.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` is a control character: C0 (U+0000–U+001F), DEL (U+007F) or
/// C1 (U+0080–U+009F).
pub fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Whether `c` is a bidirectional formatting character: the embeddings and
/// overrides U+202A–U+202E, the isolates U+2066–U+2069, the marks
/// U+200E/U+200F and the Arabic letter mark U+061C.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

/// The first control or bidi character of `s` as (1-based character
/// position, character), or `None` when there is none. Tabs and line breaks
/// count: a name has none.
pub fn forbidden_in_name(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| is_control(*c) || is_bidi_control(*c))
        .map(|(i, c)| (i + 1, c))
}

/// `U+001B (ESCAPE)`: the code point and, for the characters refused in
/// names, its name.
pub fn describe(c: char) -> String {
    let name = match c {
        '\0' => Some("NULL"),
        '\u{7}' => Some("BELL"),
        '\u{8}' => Some("BACKSPACE"),
        '\t' => Some("TAB"),
        '\n' => Some("LINE FEED"),
        '\r' => Some("CARRIAGE RETURN"),
        '\u{1b}' => Some("ESCAPE"),
        '\u{7f}' => Some("DELETE"),
        '\u{9b}' => Some("CONTROL SEQUENCE INTRODUCER"),
        '\u{202a}' => Some("LEFT-TO-RIGHT EMBEDDING"),
        '\u{202b}' => Some("RIGHT-TO-LEFT EMBEDDING"),
        '\u{202c}' => Some("POP DIRECTIONAL FORMATTING"),
        '\u{202d}' => Some("LEFT-TO-RIGHT OVERRIDE"),
        '\u{202e}' => Some("RIGHT-TO-LEFT OVERRIDE"),
        '\u{2066}' => Some("LEFT-TO-RIGHT ISOLATE"),
        '\u{2067}' => Some("RIGHT-TO-LEFT ISOLATE"),
        '\u{2068}' => Some("FIRST STRONG ISOLATE"),
        '\u{2069}' => Some("POP DIRECTIONAL ISOLATE"),
        '\u{200e}' => Some("LEFT-TO-RIGHT MARK"),
        '\u{200f}' => Some("RIGHT-TO-LEFT MARK"),
        '\u{061c}' => Some("ARABIC LETTER MARK"),
        _ if is_control(c) => Some("control character"),
        _ => None,
    };
    match name {
        Some(n) => format!("U+{:04X} ({n})", u32::from(c)),
        None => format!("U+{:04X}", u32::from(c)),
    }
}

/// Whether `c` may not appear in a document as it is: a control character
/// other than tab, line feed and carriage return, a bidi formatting
/// character, or one of the noncharacters U+FFFE and U+FFFF (not allowed in
/// XML 1.0).
fn unsafe_in_document(c: char) -> bool {
    (is_control(c) && !matches!(c, '\t' | '\n' | '\r'))
        || is_bidi_control(c)
        || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Text for a document (HTML, SVG, XML, CSV, XLSX): every control character
/// except tab, line feed and carriage return, every bidi formatting
/// character and U+FFFE/U+FFFF become U+FFFD. What remains is valid in XML
/// 1.0 and displays in the order it is stored. Borrowed when nothing changes.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_in_document) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if unsafe_in_document(c) {
                    REPLACEMENT
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// Text for a terminal: every control character except line feed and tab,
/// and every bidi formatting character, written as a Rust-style escape
/// (`\u{1b}`), so an escape sequence in a value is shown, not obeyed.
/// Borrowed when nothing changes.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    let escape = |c: char| (is_control(c) && !matches!(c, '\n' | '\t')) || is_bidi_control(c);
    if !s.chars().any(escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escape(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_controls_or_bidi_characters_are_found() {
        assert_eq!(forbidden_in_name("Head Office"), None);
        assert_eq!(forbidden_in_name("株式会社さくら物流"), None);
        assert_eq!(forbidden_in_name("HQ\u{7}"), Some((3, '\u{7}')));
        assert_eq!(forbidden_in_name("\u{202e}live"), Some((1, '\u{202e}')));
        assert_eq!(forbidden_in_name("a\tb"), Some((2, '\t')));
        assert_eq!(forbidden_in_name("x\u{85}"), Some((2, '\u{85}')));
        assert_eq!(forbidden_in_name("del\u{7f}"), Some((4, '\u{7f}')));
        assert_eq!(describe('\u{7}'), "U+0007 (BELL)");
        assert_eq!(describe('\u{202e}'), "U+202E (RIGHT-TO-LEFT OVERRIDE)");
        assert_eq!(describe('\u{1}'), "U+0001 (control character)");
    }

    #[test]
    fn documents_get_a_replacement_character_and_keep_line_breaks() {
        assert!(matches!(clean("plain 日本語\n\tok"), Cow::Borrowed(_)));
        assert_eq!(
            clean("a\0b\u{7}c\u{202e}evil\u{fffe}\r\n"),
            "a\u{fffd}b\u{fffd}c\u{fffd}evil\u{fffd}\r\n"
        );
    }

    #[test]
    fn terminals_see_escapes_instead_of_sequences() {
        assert!(matches!(
            terminal_safe("error: a.csv:2:1\n  help: fix\tit"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            terminal_safe("'\u{1b}]0;pwned\u{7}\u{1b}[2J' \r\u{9b}\u{202e}"),
            "'\\u{1b}]0;pwned\\u{7}\\u{1b}[2J' \\u{d}\\u{9b}\\u{202e}"
        );
    }
}
