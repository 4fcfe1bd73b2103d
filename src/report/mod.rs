//! Reports: a typed context built from a scored assessment, charts drawn as
//! SVG strings, HTML rendered from handlebars templates, and text renderings
//! for the terminal. Nothing here writes files.

pub mod charts;
pub mod columns;
pub mod compare;
pub mod context;
pub mod disagreements;
pub mod docx;
pub mod html;
pub mod incidents;
pub mod metric_text;
pub mod plan_text;
pub mod provenance;
pub mod rules;
pub mod score_table;
pub mod text;

use crate::error::{Error, Result};
use crate::input::target::Target;
use crate::model::{Assessment, Lang, Questionnaire};
pub use context::Chart;

/// A rendered report: the HTML page, its charts and its context as JSON.
#[derive(Debug)]
pub struct Rendered {
    /// `report.html`.
    pub html: String,
    /// Charts to write beside it.
    pub charts: Vec<Chart>,
    /// `context.json` (pretty-printed).
    pub context_json: String,
    /// The context the page was rendered from (for the Word report).
    pub context: context::ReportContext,
}

/// Render one assessment's report; `target` adds the target profile (none
/// is shown without one), `provenance` the inputs section with its `imcm
/// verify` command, `previous` the change since the unit's earlier quarter.
///
/// # Errors
/// [`Error::Chart`] or [`Error::Template`].
#[allow(clippy::too_many_arguments)]
pub fn render(
    renderer: &html::Renderer,
    a: &Assessment,
    q: &Questionnaire,
    target: Option<&Target>,
    lang: Lang,
    incidents: Option<&crate::model::IncidentReport>,
    provenance: Option<&crate::provenance::Provenance>,
    previous: Option<&Assessment>,
) -> Result<Rendered> {
    let labels = renderer.labels(lang);
    let view = provenance.map(|p| crate::report::provenance::provenance_view(p, &labels));
    let (mut ctx, charts) = context::build(a, q, target, lang, labels, incidents, previous)?;
    ctx.provenance = view;
    let html = renderer.render_report(&ctx)?;
    let mut context_json = serde_json::to_string_pretty(&ctx).map_err(|e| Error::Serialise {
        what: "context.json",
        message: e.to_string(),
    })?;
    context_json.push('\n');
    Ok(Rendered {
        html,
        charts,
        context_json,
        context: ctx,
    })
}

/// Simplify a name for a folder or an anchor: lower-case letters and digits,
/// runs of anything else become one `-`; `_` when nothing is left.
pub fn slug(s: &str) -> String {
    let out = slug_core(s);
    if out.is_empty() { "_".into() } else { out }
}

fn slug_core(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Longest folder name made from an org or unit name, in bytes. File systems
/// allow 255 bytes per name; chart files add their own words around it.
pub const MAX_FOLDER_BYTES: usize = 100;

/// The folder of a unit whose name is empty (the whole organisation).
pub const WHOLE_ORG: &str = "whole-org";

/// Names a folder never takes as they are: what imcm writes beside the org
/// folders (`charts/`), the empty unit's folder, and the device names Windows
/// reserves in any case.
const RESERVED: &[&str] = &[
    "charts", WHOLE_ORG, "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5",
    "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8",
    "lpt9",
];

/// Characters a name may have and still be its own folder: lower-case ASCII
/// letters, digits and `-`, and Japanese kana and kanji. None of them has a
/// case, and none is another spelling of a sequence of the others (no
/// combining marks, no compatibility ideographs), so two different names of
/// them stay different on file systems that fold case or normalise Unicode.
fn plain_char(c: char) -> bool {
    c.is_ascii_lowercase()
        || c.is_ascii_digit()
        || c == '-'
        || matches!(c,
            '\u{3005}'..='\u{3007}'   // 々 〆 〇
            | '\u{3041}'..='\u{3096}' // hiragana
            | '\u{309d}'..='\u{309f}' // ゝ ゞ ゟ
            | '\u{30a1}'..='\u{30fa}' // katakana
            | '\u{30fc}'..='\u{30ff}' // ー ヽ ヾ ヿ
            | '\u{3400}'..='\u{4dbf}' // CJK extension A
            | '\u{4e00}'..='\u{9fff}') // CJK unified ideographs
}

/// The folder for one org or unit name: a pure function of the exact name.
///
/// A name that is already a plain folder name (see `plain_char`: e.g.
/// `acme`, `soc-2`, `本社`), at most [`MAX_FOLDER_BYTES`] long and not
/// reserved, is its own folder. Any other name gets its [`slug`], cut to fit
/// on a character boundary, then `_` and the first 8 hex digits of the
/// SHA-256 of the name: `ACME` → `acme_…`, `Acme` → `acme_…` (another
/// suffix). A plain name never holds `_`, so it never equals a suffixed one;
/// the same name always lands in the same folder, run after run, and names
/// that differ only in case never share one.
pub fn folder_name(name: &str) -> String {
    use sha2::{Digest, Sha256};
    let plain = !name.is_empty()
        && name.len() <= MAX_FOLDER_BYTES
        && name.chars().all(plain_char)
        && slug_core(name) == name
        && !RESERVED.contains(&name);
    if plain {
        return name.to_string();
    }
    let digest = Sha256::digest(name.as_bytes());
    let suffix: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let base = slug_core(name);
    let room = MAX_FOLDER_BYTES - 1 - suffix.len();
    let mut end = base.len().min(room);
    while !base.is_char_boundary(end) {
        end -= 1;
    }
    let base = base[..end].trim_end_matches('-');
    format!("{base}_{suffix}")
}

/// The folder of each (org, unit) of `keys`: `org/unit`, each part from
/// [`folder_name`] (unit [`WHOLE_ORG`] when empty). The mapping depends on
/// each name alone, not on the other names of the run, so two runs into one
/// output folder agree, and different names never share a folder.
pub fn unit_folders(
    keys: &[crate::model::AssessmentKey],
) -> std::collections::BTreeMap<(String, String), String> {
    keys.iter()
        .map(|k| {
            let unit = if k.unit.is_empty() {
                WHOLE_ORG.to_string()
            } else {
                folder_name(&k.unit)
            };
            (
                (k.org.clone(), k.unit.clone()),
                format!("{}/{unit}", folder_name(&k.org)),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_their_own_folders_and_others_get_a_stable_suffix() {
        assert_eq!(folder_name("acme"), "acme");
        assert_eq!(folder_name("soc-2"), "soc-2");
        assert_eq!(folder_name("本社"), "本社");
        let upper = folder_name("ACME");
        let title = folder_name("Acme");
        assert!(upper.starts_with("acme_") && upper.len() == 13, "{upper}");
        assert!(title.starts_with("acme_"), "{title}");
        assert_ne!(upper, title);
        assert_eq!(folder_name("ACME"), upper, "the same name, the same folder");
        assert!(folder_name("Kitsune Logistics").starts_with("kitsune-logistics_"));
        for reserved in ["charts", "whole-org", "con", "lpt1"] {
            assert!(folder_name(reserved).starts_with(&format!("{reserved}_")));
        }
        assert!(folder_name("!!!").starts_with('_'));
        // Letters with a case, or another Unicode spelling, are never plain.
        for name in ["ſoc", "ς", "straße", "e\u{301}", "ｓｏｃ", "が\u{3099}"] {
            assert!(folder_name(name).contains('_'), "{name}");
        }
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary_under_the_limit() {
        let org = "株式会社さくら国際物流ホールディングス".repeat(3);
        let folder = folder_name(&org);
        assert!(folder.len() <= MAX_FOLDER_BYTES, "{}", folder.len());
        assert!(folder.starts_with("株式会社さくら国際物流"));
        let other = format!("{org}別");
        assert_ne!(folder_name(&other), folder, "same start, another name");
        let ascii = "a".repeat(300);
        assert_eq!(folder_name(&ascii).len(), MAX_FOLDER_BYTES);
        assert_eq!(folder_name(&"a".repeat(100)), "a".repeat(100));
    }

    #[test]
    fn folders_of_a_run_do_not_depend_on_the_other_names_in_it() {
        use crate::model::AssessmentKey;
        let key = |org: &str, unit: &str| AssessmentKey {
            org: org.into(),
            unit: unit.into(),
            period: "2026-Q1".parse().unwrap(),
        };
        let alone = unit_folders(&[key("ACME", "soc")]);
        let both = unit_folders(&[key("acme", "soc"), key("ACME", "soc"), key("Acme", "")]);
        let pair = ("ACME".to_string(), "soc".to_string());
        assert_eq!(alone[&pair], both[&pair]);
        assert_eq!(both[&("acme".to_string(), "soc".to_string())], "acme/soc");
        assert!(both[&("Acme".to_string(), String::new())].ends_with("/whole-org"));
        let folders: std::collections::BTreeSet<_> = both.values().collect();
        assert_eq!(folders.len(), 3);
    }
}
