//! Names spelled several ways: organisations or units that are the same
//! once full-width forms, case and spaces are folded (`本社CSIRT`,
//! `本社 CSIRT`, `本社ＣＳＩＲＴ`), but are written differently across files
//! or quarters, and so would be scored and compared as different ones.

use crate::i18n::tr;
use crate::model::{AnswerSet, SourceLine, folded_name as folded};
use std::collections::BTreeMap;

/// One warning (message, help) per organisation or unit written more than
/// one way, naming each spelling and where it first occurs.
pub(crate) fn spelling_warnings(set: &AnswerSet) -> Vec<(String, String)> {
    type Seen<'a> = BTreeMap<&'a str, &'a SourceLine>;
    // folded name -> spelling -> first place read
    let mut orgs: BTreeMap<String, Seen<'_>> = BTreeMap::new();
    let mut units: BTreeMap<(String, String), Seen<'_>> = BTreeMap::new();
    for (key, answers) in &set.assessments {
        let Some(first) = answers.values().map(|a| &a.source).min() else {
            continue;
        };
        fn keep<'a>(m: &mut Seen<'a>, name: &'a str, first: &'a SourceLine) {
            let at = m.entry(name).or_insert(first);
            if first < *at {
                *at = first;
            }
        }
        keep(
            orgs.entry(folded(&key.org)).or_default(),
            key.org.as_str(),
            first,
        );
        if !key.unit.is_empty() {
            keep(
                units
                    .entry((folded(&key.org), folded(&key.unit)))
                    .or_default(),
                key.unit.as_str(),
                first,
            );
        }
    }
    let warn = |singular: &str, plural: &str, spellings: &Seen<'_>| {
        let mut list: Vec<(&&str, &&SourceLine)> = spellings.iter().collect();
        list.sort_by_key(|(_, at)| **at);
        let shown: Vec<String> = list
            .iter()
            .map(|(name, at)| format!("'{name}' ({at})"))
            .collect();
        (
            tr(
                "name_variants",
                &[
                    ("what", &tr(singular, &[])),
                    ("plural", &tr(plural, &[])),
                    ("first", list[0].0),
                    ("n", &list.len()),
                    ("spellings", &shown.join(crate::i18n::list_sep())),
                ],
            ),
            tr("name_variants_help", &[]),
        )
    };
    let mut out: Vec<(String, String)> = orgs
        .values()
        .filter(|s| s.len() > 1)
        .map(|s| warn("name_org", "name_orgs", s))
        .collect();
    out.extend(
        units
            .values()
            .filter(|s| s.len() > 1)
            .map(|s| warn("name_unit", "name_units", s)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, AssessmentKey};

    fn set(rows: &[(&str, &str, &str, &str)]) -> AnswerSet {
        let mut s = AnswerSet::default();
        for (i, (org, unit, period, file)) in rows.iter().enumerate() {
            let key = AssessmentKey {
                org: (*org).into(),
                unit: (*unit).into(),
                period: period.parse().unwrap(),
            };
            let answer = Answer {
                metric: "1.1.1".into(),
                source: SourceLine {
                    path: (*file).into(),
                    line: i as u64 + 2,
                },
                ..Answer::default()
            };
            s.assessments
                .entry(key)
                .or_default()
                .insert("1.1.1".into(), answer);
        }
        s
    }

    #[test]
    fn a_unit_spelled_three_ways_in_three_quarters_is_named_with_each_place() {
        let s = set(&[
            ("Acme", "本社CSIRT", "2026-Q1", "q1.csv"),
            ("Acme", "本社 CSIRT", "2026-Q2", "q2.csv"),
            ("Acme", "本社ＣＳＩＲＴ", "2026-Q3", "q3.csv"),
            ("Acme", "Osaka", "2026-Q3", "q3.csv"),
        ]);
        let w = spelling_warnings(&s);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            w[0].0,
            "unit '本社CSIRT' is spelled 3 ways, read as 3 different units: '本社CSIRT' (q1.csv:2), '本社 CSIRT' (q2.csv:3), '本社ＣＳＩＲＴ' (q3.csv:4)"
        );
    }

    #[test]
    fn organisations_differing_in_case_are_named_and_one_spelling_is_quiet() {
        let s = set(&[
            ("Acme", "", "2026-Q1", "a.csv"),
            ("ACME", "", "2026-Q2", "b.csv"),
        ]);
        let w = spelling_warnings(&s);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].0.starts_with("organisation 'Acme' is spelled 2 ways"),
            "{}",
            w[0].0
        );
        let s = set(&[
            ("Acme", "HQ", "2026-Q1", "a.csv"),
            ("Acme", "HQ", "2026-Q2", "b.csv"),
        ]);
        assert!(spelling_warnings(&s).is_empty());
    }
}
