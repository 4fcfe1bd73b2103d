//! The `imcm` binary: parses the command line, runs it, maps errors to exit codes.

use std::process::ExitCode;

/// A panic inside a library (polars, calamine) on a damaged input is caught
/// by `imcm::error::guard` and reported as an error; say so in one line
/// instead of printing a backtrace. Panics in imcm's own code keep the
/// default report: they are bugs.
fn quiet_library_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let library = info
            .location()
            .is_some_and(|l| l.file().contains(".cargo/registry/") || l.file().contains("/rustc/"));
        if library {
            let file = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            let file = file.unwrap_or_default();
            eprintln!(
                "note: a library stopped at {}",
                imcm::sanitize::terminal_safe(
                    file.rsplit(".cargo/registry/").next().unwrap_or_default()
                )
            );
        } else {
            default(info);
        }
    }));
}

fn main() -> ExitCode {
    quiet_library_panics();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    imcm::i18n::set_ui_lang(imcm::i18n::detect(&args, |v| std::env::var(v).ok()));
    // An argument holding control or bidi characters is echoed raw by clap's
    // coloured output; such a run gets clap's plain rendering (which drops
    // control characters) with bidi characters escaped.
    let hostile_args = args.iter().any(|a| {
        let a = a.to_string_lossy();
        imcm::sanitize::terminal_safe(&a) != a
    });
    let config = match imcm::cli::parse_args(args) {
        Ok(c) => c,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let code = e.exit_code();
            let help_shown =
                e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand;
            if code != 0 && !help_shown && imcm::i18n::ui_lang() == imcm::model::Lang::Ja {
                // clap words its own messages in English; say what happened first.
                eprintln!("{}", imcm::i18n::tr("usage_error", &[]));
            }
            if code != 0 && hostile_args {
                eprint!("{}", imcm::sanitize::terminal_safe(&e.render().to_string()));
            } else {
                let _ = e.print();
            }
            return ExitCode::from(code as u8);
        }
    };
    match imcm::run(config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Errors quote input values (a unit name, a status cell): never
            // pass their control characters raw to the terminal.
            eprintln!(
                "{}: {}",
                imcm::i18n::tr("error", &[]),
                imcm::sanitize::terminal_safe(&e.to_string())
            );
            ExitCode::from(1)
        }
    }
}
