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
            eprintln!(
                "note: a library stopped at {}",
                file.unwrap_or_default()
                    .rsplit(".cargo/registry/")
                    .next()
                    .unwrap_or_default()
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
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    match imcm::run(config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {e}", imcm::i18n::tr("error", &[]));
            ExitCode::from(1)
        }
    }
}
