//! The indicator kinds, checked on the raw table before the typed reader
//! sees it, so that an error can name the metric and not only a line.

use crate::error::Result;
use crate::i18n::tr;
use crate::input::questionnaire::source::{Files, show_value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

const KINDS: &[&str] = &[
    "prerequisite",
    "control",
    "activity",
    "supporting_mechanism",
    "artifact",
    "quality",
];

/// Checks that need the raw table so that the error can name the metric:
/// indicator kinds (the typed reader would only give a line number).
pub(in crate::input::questionnaire) fn precheck(
    tree: &Spanned<DeTable<'_>>,
    files: &Files,
) -> Result<()> {
    let Some(metrics) = tree
        .get_ref()
        .get("metric")
        .and_then(|m| m.get_ref().as_array())
    else {
        return Ok(());
    };
    for m in metrics {
        let id = m
            .get_ref()
            .get("id")
            .and_then(|v| v.get_ref().as_str())
            .unwrap_or("(metric without id)");
        let indicators = m
            .get_ref()
            .get("indicators")
            .and_then(|v| v.get_ref().as_array());
        for (n, ind) in indicators.into_iter().flatten().enumerate() {
            let kind = ind.get_ref().get("kind");
            let shown = kind.map_or_else(String::new, |k| show_value(k.get_ref()));
            if !matches!(kind.map(|k| k.get_ref()), Some(DeValue::String(k)) if KINDS.contains(&k.as_ref()))
            {
                let span = kind.map_or_else(|| ind.span(), Spanned::span);
                return Err(files.invalid(
                    Some(span),
                    tr("q_metric", &[("id", &id)]),
                    tr(
                        "q_indicator_kind",
                        &[
                            ("n", &(n + 1)),
                            ("kind", &shown),
                            ("kinds", &KINDS.join(", ")),
                        ],
                    ),
                ));
            }
        }
    }
    Ok(())
}
