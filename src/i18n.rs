//! Messages on the command line in English or Japanese. The language is
//! chosen once at start-up: `--lang ja` anywhere on the command line, else
//! the locale (`LC_ALL`, `LC_MESSAGES`, `LANG` starting with `ja`), else
//! English. Library users who never set it get English.
//!
//! Messages live in `templates/messages.toml` (one table per language, the
//! same keys in both, checked by a test) with `{name}` placeholders.

use crate::model::Lang;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::sync::OnceLock;

/// The built-in message catalogue.
pub const MESSAGES: &str = include_str!("../templates/messages.toml");

static UI_LANG: OnceLock<Lang> = OnceLock::new();
static CATALOGUE: OnceLock<BTreeMap<String, BTreeMap<String, String>>> = OnceLock::new();

/// Set the language of messages (first call wins).
pub fn set_ui_lang(lang: Lang) {
    let _ = UI_LANG.set(lang);
}

/// The language of messages.
pub fn ui_lang() -> Lang {
    UI_LANG.get().copied().unwrap_or(Lang::En)
}

/// The language a command line and environment ask for.
pub fn detect(args: &[OsString], env: impl Fn(&str) -> Option<String>) -> Lang {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    for (i, a) in args.iter().enumerate() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v.to_string()),
            None if a == "--lang" => args.get(i + 1).cloned(),
            None => None,
        };
        match value.as_deref() {
            Some("ja") => return Lang::Ja,
            Some("en") => return Lang::En,
            _ => {}
        }
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Some(v) = env(var).filter(|v| !v.is_empty()) {
            return if v.starts_with("ja") {
                Lang::Ja
            } else {
                Lang::En
            };
        }
    }
    Lang::En
}

fn catalogue() -> &'static BTreeMap<String, BTreeMap<String, String>> {
    CATALOGUE.get_or_init(|| toml::from_str(MESSAGES).unwrap_or_default())
}

/// The message `key` in the UI language with `{name}` placeholders filled.
/// Falls back to English, then to the key itself.
pub fn tr(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    tr_in(ui_lang(), key, args)
}

/// [`tr`] in a given language.
pub fn tr_in(lang: Lang, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let cat = catalogue();
    let template = cat
        .get(lang.tag())
        .and_then(|t| t.get(key))
        .or_else(|| cat.get("en").and_then(|t| t.get(key)))
        .map_or(key, String::as_str);
    args.iter().fold(template.to_string(), |s, (name, value)| {
        s.replace(&format!("{{{name}}}"), &value.to_string())
    })
}

/// The list separator of the UI language.
pub fn list_sep() -> &'static str {
    match ui_lang() {
        Lang::En => ", ",
        Lang::Ja => "、",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_messages() {
        let cat: BTreeMap<String, BTreeMap<String, String>> = toml::from_str(MESSAGES).unwrap();
        let en: Vec<&String> = cat["en"].keys().collect();
        let ja: Vec<&String> = cat["ja"].keys().collect();
        assert_eq!(en, ja);
        // Every placeholder of a message is in both languages.
        for (key, text) in &cat["en"] {
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|x| x.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(holes(text), holes(&cat["ja"][key]), "{key}");
        }
    }

    #[test]
    fn the_language_comes_from_the_flag_then_the_locale() {
        let args = |s: &str| s.split(' ').map(OsString::from).collect::<Vec<_>>();
        let no_env = |_: &str| None;
        let ja_env = |v: &str| (v == "LANG").then(|| "ja_JP.UTF-8".to_string());
        assert_eq!(detect(&args("imcm validate --lang ja"), no_env), Lang::Ja);
        assert_eq!(detect(&args("imcm report --lang=ja"), no_env), Lang::Ja);
        assert_eq!(detect(&args("imcm validate"), ja_env), Lang::Ja);
        assert_eq!(detect(&args("imcm report --lang en"), ja_env), Lang::En);
        assert_eq!(detect(&args("imcm validate"), no_env), Lang::En);
        assert_eq!(
            tr_in(Lang::Ja, "problems_in_answers", &[("n", &3)]),
            "回答に 3 件の問題があります："
        );
    }
}
