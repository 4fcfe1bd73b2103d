//! Warnings: what is legal but suspicious (a unit spelled two ways, an
//! incident log that matches no assessment). Each is printed to standard
//! error as it is found, and counted; with `--strict` any warning makes the
//! run fail before it writes anything (see [`check`]).
//!
//! The count and the strict switch are process-wide, like the language of
//! messages and the limits: every command reads them the same way.

use super::{Error, Problem, Result};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

static STRICT: AtomicBool = AtomicBool::new(false);
static EMITTED: AtomicUsize = AtomicUsize::new(0);

/// Make warnings errors for the rest of the run (`--strict`).
pub fn set_strict(on: bool) {
    STRICT.store(on, Ordering::Relaxed);
}

/// Whether `--strict` was given.
pub fn strict() -> bool {
    STRICT.load(Ordering::Relaxed)
}

/// Warnings printed so far in this run.
pub fn emitted() -> usize {
    EMITTED.load(Ordering::Relaxed)
}

/// A warning as printed: `warning: ` then the problem's place, message and help.
pub fn show(w: &Problem) -> String {
    format!("{}: {w}", crate::i18n::tr("warning", &[]))
}

/// A warning without a place in a file: `warning: message` and its help.
pub fn show_text(message: &str, help: &str) -> String {
    let mut out = format!("{}: {message}", crate::i18n::tr("warning", &[]));
    if !help.is_empty() {
        out.push_str(&format!("\n  {}: {help}", crate::i18n::tr("help", &[])));
    }
    out
}

/// Print a warning located in a file (grouped with others of its kind by
/// the caller) and count it.
pub fn emit(w: &Problem) {
    print(&show(w));
}

/// Print a warning that concerns a whole input (no line) and count it.
pub fn emit_text(message: &str, help: &str) {
    print(&show_text(message, help));
}

fn print(text: &str) {
    EMITTED.fetch_add(1, Ordering::Relaxed);
    eprintln!("{}", crate::sanitize::terminal_safe(text));
}

/// Print every warning of a list, the same problem on many lines once.
pub fn emit_all(warnings: &[Problem]) {
    for (w, lines) in super::problem::grouped(warnings) {
        let text = super::problem::show_group(w, &lines);
        print(&format!("{}: {text}", crate::i18n::tr("warning", &[])));
    }
}

/// Fail when `--strict` was given and a warning was printed: called before
/// a command writes its outputs, and once more when it ends.
///
/// # Errors
/// [`Error::Strict`] with the number of warnings.
pub fn check() -> Result<()> {
    let n = emitted();
    if strict() && n > 0 {
        Err(Error::Strict { warnings: n })
    } else {
        Ok(())
    }
}
