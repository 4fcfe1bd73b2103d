//! Japanese help: the texts of `templates/help-ja.toml`, keyed by command
//! and option, put in place of clap's English ones when the user's language
//! is Japanese.

use super::args::Cli;
use crate::model::Lang;
use clap::CommandFactory;

/// Built-in help texts in Japanese, keyed like [`help_texts`].
pub const HELP_JA: &str = include_str!("../../templates/help-ja.toml");

/// Every help text of the command line with its key: `imcm` and
/// `imcm SUB [SUB]` for a command's description (`…@long` for the long one,
/// `…@after` for the text after the options), `imcm SUB --flag` for an
/// option or argument.
pub fn help_texts() -> Vec<(String, String)> {
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        if let Some(a) = cmd.get_about() {
            out.push((path.to_string(), a.to_string()));
        }
        if let Some(a) = cmd.get_long_about() {
            out.push((format!("{path}@long"), a.to_string()));
        }
        if let Some(a) = cmd.get_after_help() {
            out.push((format!("{path}@after"), a.to_string()));
        }
        for arg in cmd.get_arguments() {
            if let Some(h) = arg.get_help() {
                out.push((format!("{path} {}", arg_key(arg)), h.to_string()));
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), "imcm", &mut out);
    out
}

fn arg_key(arg: &clap::Arg) -> String {
    match arg.get_long() {
        Some(l) => format!("--{l}"),
        None => arg.get_id().to_string(),
    }
}

/// Japanese texts by key, as in [`help_texts`].
type Texts = std::collections::BTreeMap<String, String>;

/// The command line with its help texts in `lang` (English is built in; the
/// Japanese texts come from `templates/help-ja.toml`, and any text missing
/// there stays English).
pub(super) fn localise(cmd: clap::Command, lang: Lang) -> clap::Command {
    if lang != Lang::Ja {
        return cmd;
    }
    let texts: Texts = toml::from_str(HELP_JA).unwrap_or_default();
    apply(cmd, "imcm", &texts)
}

/// Localise the command at `path` (`imcm`, `imcm report`, …), its options
/// and, recursively, its subcommands.
fn apply(mut cmd: clap::Command, path: &str, texts: &Texts) -> clap::Command {
    cmd = localise_command(cmd, path, texts);
    let ids: Vec<(String, String, bool)> = cmd
        .get_arguments()
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .map(|a| (a.get_id().to_string(), arg_key(a), a.is_positional()))
        .collect();
    for (id, key, positional) in ids {
        let help = texts.get(&format!("{path} {key}")).cloned();
        cmd = cmd.mut_arg(id, |a| localise_arg(a, help, positional));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(name, |s| apply(s, &sub_path, texts));
    }
    cmd
}

/// The command's own texts, its help layout in Japanese, and Japanese
/// `--help` (and, at the top, `--version`) flags.
fn localise_command(mut cmd: clap::Command, path: &str, texts: &Texts) -> clap::Command {
    if let Some(t) = texts.get(path) {
        cmd = cmd.about(t.clone());
    }
    if let Some(t) = texts.get(&format!("{path}@long")) {
        cmd = cmd.long_about(t.clone());
    }
    if let Some(t) = texts.get(&format!("{path}@after")) {
        cmd = cmd.after_help(t.clone());
    }
    cmd = cmd
        .help_template("{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("コマンド")
        // clap's `help` subcommand has English text; `--help` does the same job.
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help("ヘルプを表示")
                .help_heading("オプション"),
        );
    if path == "imcm" {
        cmd = cmd.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("バージョンを表示")
                .help_heading("オプション"),
        );
    }
    cmd
}

/// One option or argument: the Japanese `help` (else the English one) with
/// its defaults and choices written after it in Japanese, under a Japanese
/// heading.
fn localise_arg(a: clap::Arg, help: Option<String>, positional: bool) -> clap::Arg {
    // Defaults and choices in Japanese, after the help text.
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .filter(|_| a.get_action().takes_values())
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let takes_values = a.get_action().takes_values();
    let choices: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|_| takes_values)
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let mut extra = Vec::new();
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        extra.push(format!("既定値：{}", defaults.join(", ")));
    }
    if !choices.is_empty() && !a.is_hide_possible_values_set() {
        extra.push(format!("選択肢：{}", choices.join(", ")));
    }
    let base = help.or_else(|| a.get_help().map(ToString::to_string));
    let text = match (base, extra.is_empty()) {
        (Some(t), true) => Some(t),
        (Some(t), false) => Some(format!("{t}［{}］", extra.join("、"))),
        (None, false) => Some(format!("［{}］", extra.join("、"))),
        (None, true) => None,
    };
    let mut a = a.help_heading(if positional {
        "引数"
    } else {
        "オプション"
    });
    if !defaults.is_empty() {
        a = a.hide_default_value(true);
    }
    if !choices.is_empty() {
        a = a.hide_possible_values(true);
    }
    match text {
        Some(t) => a.help(t),
        None => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_japanese_help_text_names_a_real_option_and_every_option_has_one() {
        let ja: std::collections::BTreeMap<String, String> = toml::from_str(HELP_JA).unwrap();
        let en: Vec<(String, String)> = help_texts();
        // `IMCM_DUMP_HELP=FILE cargo test` writes the English texts, the
        // starting point for translating them.
        if let Some(file) = std::env::var_os("IMCM_DUMP_HELP") {
            let all: std::collections::BTreeMap<&String, &String> =
                en.iter().map(|(k, v)| (k, v)).collect();
            std::fs::write(file, toml::to_string(&all).unwrap()).unwrap();
        }
        let keys: std::collections::BTreeSet<&String> = en.iter().map(|(k, _)| k).collect();
        for k in ja.keys() {
            assert!(
                keys.contains(k),
                "help-ja.toml names '{k}', which the command line does not have"
            );
        }
        for k in &keys {
            assert!(ja.contains_key(*k), "no Japanese help for '{k}'");
        }
    }
}
