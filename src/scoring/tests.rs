//! Scoring tests: hand-computed examples on a small questionnaire that uses
//! the shipped scale, weights and level rules, and properties on the real one.

use super::*;
use crate::input::questionnaire::{Origin, parse};
use crate::model::{Answer, Period, SourceLine};
use proptest::prelude::*;

/// The shipped imcm-v0.1 header (scale, weights, levels, categories) with
/// a handful of metrics of our own.
fn small() -> Questionnaire {
    let shipped = crate::input::questionnaire::BUILTIN[0].1;
    let header = &shipped[..shipped.find("[[metric]]").unwrap()];
    let metric = |id: &str, p: &str| {
        format!(
            "[[metric]]\nid = \"{id}\"\npriority = \"{p}\"\nquestion = {{ en = \"q\", ja = \"q\" }}\nguidance = {{ en = \"g\", ja = \"g\" }}\nindicators = [{{ kind = \"activity\", required = true, text = {{ en = \"i\", ja = \"i\" }} }}]\n"
        )
    };
    let mut src = header.to_string();
    for (id, p) in [
        ("1.1.1", "I"),
        ("1.1.2", "II"),
        ("1.2.1", "III"),
        ("1.2.2", "II"),
        ("1.3.1", "I"),
        ("2.1.1", "I"),
        ("2.1.2", "II"),
        ("3.1.1", "I"),
        ("4.1.1", "I"),
    ] {
        src.push_str(&metric(id, p));
    }
    parse(&src, Origin::BuiltIn("small".into()))
        .unwrap()
        .questionnaire
}

fn key() -> AssessmentKey {
    AssessmentKey {
        org: "Acme".into(),
        unit: "HQ".into(),
        period: Period {
            year: 2026,
            quarter: 1,
        },
    }
}

fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, Answer> {
    pairs
        .iter()
        .enumerate()
        .map(|(i, (m, s))| {
            (
                (*m).to_string(),
                Answer {
                    metric: (*m).to_string(),
                    status: (!s.is_empty()).then(|| (*s).to_string()),
                    evidence: String::new(),
                    comment: String::new(),
                    assessor: String::new(),
                    assessed_on: format!("2026-03-{:02}", 10 + i),
                    indicators_met: String::new(),
                    source: SourceLine {
                        path: "a.csv".into(),
                        line: i as u64 + 2,
                    },
                    ..Default::default()
                },
            )
        })
        .collect()
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a score");
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn protect_worked_example_matches_hand_computation() {
    // 1.1.1 I yes (3×1), 1.1.2 II partial (2×0.5), 1.2.1 III no (1×0),
    // 1.2.2 II not_applicable (excluded), 1.3.1 I not_observed (unscored).
    // score = 100 × (3 + 1 + 0) / (3 + 2 + 1) = 66.67; coverage = 3 / 4.
    let q = small();
    let a = score(
        &q,
        &key(),
        &answers(&[
            ("1.1.1", "yes"),
            ("1.1.2", "partial"),
            ("1.2.1", "no"),
            ("1.2.2", "not_applicable"),
            ("1.3.1", "not_observed"),
        ]),
    );
    let protect = a.category("protect").unwrap();
    close(protect.group.score, 400.0 / 6.0);
    close(protect.group.coverage, 0.75);
    assert_eq!(
        (
            protect.group.scored,
            protect.group.excluded,
            protect.group.unobserved
        ),
        (3, 1, 1)
    );
    // Level 1 holds (a yes exists); level 2 fails on 1.3.1 (Priority I not observed).
    assert_eq!(protect.level, Some(1));
    assert_eq!(protect.checks[1].blockers, ["1.3.1"]);
    // Subcategory 1.1: (3 + 1) / 5; 1.2: 0 / 1; 1.3: nothing scored → no score.
    close(a.subcategory("1.1").unwrap().score, 80.0);
    close(a.subcategory("1.2").unwrap().score, 0.0);
    assert_eq!(a.subcategory("1.3").unwrap().score, None);
    assert_eq!(a.subcategory("1.3").unwrap().coverage, Some(0.0));
    // Subcategories without metrics have neither score nor coverage.
    assert_eq!(a.subcategory("1.4").unwrap().coverage, None);
}

#[test]
fn unanswered_metrics_count_as_not_observed() {
    let q = small();
    let a = score(&q, &key(), &answers(&[("1.1.1", "yes"), ("1.1.2", "")]));
    let m = |id: &str| a.metrics.iter().find(|m| m.id == id).unwrap();
    assert_eq!(
        (m("1.1.2").status.as_str(), m("1.1.2").answered),
        ("not_observed", false)
    );
    assert_eq!(
        (m("1.2.1").status.as_str(), m("1.2.1").answered),
        ("not_observed", false)
    );
    assert_eq!(m("1.1.1").source, "a.csv:2");
    close(a.category("protect").unwrap().group.coverage, 0.2);
    // Nothing answered in Detect: no score, level 0, and so overall level 0.
    assert_eq!(a.category("detect").unwrap().group.score, None);
    assert_eq!(a.category("detect").unwrap().level, Some(0));
    assert_eq!(a.overall_level, Some(0));
    assert_eq!(a.assessed_on.as_deref(), Some("2026-03-11"));
}

#[test]
fn levels_climb_one_condition_at_a_time() {
    let q = small();
    let level = |pairs: &[(&str, &str)]| {
        score(&q, &key(), &answers(pairs))
            .category("protect")
            .unwrap()
            .level
            .unwrap()
    };
    let base = [
        ("1.1.1", "partial"),
        ("1.3.1", "partial"),
        ("1.1.2", "no"),
        ("1.2.2", "no"),
        ("1.2.1", "no"),
    ];
    assert_eq!(level(&base), 2, "every Priority I yes/partial → Basic");
    let l3 = [
        ("1.1.1", "yes"),
        ("1.3.1", "yes"),
        ("1.1.2", "partial"),
        ("1.2.2", "yes"),
        ("1.2.1", "no"),
    ];
    assert_eq!(level(&l3), 3, "P-I yes, P-II yes/partial → Defined");
    let l4 = [
        ("1.1.1", "yes"),
        ("1.3.1", "yes"),
        ("1.1.2", "yes"),
        ("1.2.2", "yes"),
        ("1.2.1", "partial"),
    ];
    assert_eq!(
        level(&l4),
        4,
        "P-I and P-II yes, P-III yes/partial → Managed"
    );
    let mut l4_gap = l4;
    l4_gap[4] = ("1.2.1", "not_observed");
    assert_eq!(
        level(&l4_gap),
        3,
        "a not-observed Priority III metric stops Managed"
    );
    let all_yes = [
        ("1.1.1", "yes"),
        ("1.3.1", "yes"),
        ("1.1.2", "yes"),
        ("1.2.2", "yes"),
        ("1.2.1", "yes"),
    ];
    assert_eq!(level(&all_yes), 4, "Optimizing needs incident evidence");
    let na = [
        ("1.1.1", "yes"),
        ("1.3.1", "yes"),
        ("1.1.2", "yes"),
        ("1.2.2", "not_applicable"),
        ("1.2.1", "not_applicable"),
    ];
    assert_eq!(
        level(&na),
        4,
        "not-applicable metrics are ignored by level rules"
    );
}

#[test]
fn levels_are_cumulative_even_when_a_higher_rule_holds_vacuously() {
    // Every Priority I metric not applicable and the rest `no`: level 2's
    // own rule holds vacuously, but level 1 fails, so the level is 0.
    let q = small();
    let a = score(
        &q,
        &key(),
        &answers(&[
            ("1.1.1", "not_applicable"),
            ("1.3.1", "not_applicable"),
            ("1.1.2", "no"),
            ("1.2.2", "no"),
            ("1.2.1", "no"),
        ]),
    );
    let p = a.category("protect").unwrap();
    assert!(!p.checks[0].holds);
    assert!(p.checks[1].holds);
    assert_eq!(p.level, Some(0));
}

#[test]
fn overall_is_weighted_over_all_metrics_and_level_is_the_weakest_category() {
    let q = small();
    let a = score(
        &q,
        &key(),
        &answers(&[
            ("1.1.1", "yes"),
            ("1.3.1", "yes"),
            ("1.1.2", "yes"),
            ("1.2.2", "yes"),
            ("1.2.1", "yes"),
            ("2.1.1", "partial"),
            ("2.1.2", "no"),
            ("3.1.1", "yes"),
            ("4.1.1", "no"),
        ]),
    );
    // earned = 3+3+2+2+1 + 1.5+0 + 3 + 0 = 15.5; weight = 11 + 5 + 3 + 3 = 22.
    close(a.overall.score, 100.0 * 15.5 / 22.0);
    close(a.overall.coverage, 1.0);
    let levels: Vec<Option<u8>> = a.categories.iter().map(|c| c.level).collect();
    assert_eq!(levels, [Some(4), Some(2), Some(4), Some(0)]);
    assert_eq!(a.overall_level, Some(0));
}

#[test]
fn a_category_with_no_applicable_metric_has_no_level_and_does_not_set_the_overall_one() {
    let q = small();
    let a = score(
        &q,
        &key(),
        &answers(&[
            ("1.1.1", "yes"),
            ("1.3.1", "yes"),
            ("1.1.2", "yes"),
            ("1.2.2", "yes"),
            ("1.2.1", "partial"),
            ("2.1.1", "yes"),
            ("2.1.2", "partial"),
            ("3.1.1", "yes"),
            ("4.1.1", "not_applicable"),
        ]),
    );
    let sustain = a.category("sustain").unwrap();
    assert_eq!(
        (sustain.level, sustain.group.score, sustain.group.coverage),
        (None, None, None)
    );
    assert_eq!(
        a.overall_level,
        Some(3),
        "min of 4, 3, 4 — Sustain does not count"
    );
}

fn statuses() -> impl Strategy<Value = Vec<usize>> {
    let n = crate::input::questionnaire::default_questionnaire()
        .unwrap()
        .questionnaire
        .metrics
        .len();
    prop::collection::vec(0usize..6, n)
}

fn assess(q: &Questionnaire, choice: &[usize]) -> Assessment {
    const KEYS: [&str; 6] = ["yes", "partial", "no", "not_applicable", "not_observed", ""];
    let pairs: Vec<(&str, &str)> = q
        .metrics
        .iter()
        .zip(choice)
        .map(|(m, &c)| (m.id.as_str(), KEYS[c]))
        .collect();
    score(q, &key(), &answers(&pairs))
}

fn all_groups(a: &Assessment) -> Vec<(&str, Option<f64>)> {
    a.subcategories
        .iter()
        .chain(a.categories.iter().map(|c| &c.group))
        .chain(std::iter::once(&a.overall))
        .map(|g| (g.id.as_str(), g.score))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_stay_between_0_and_100_and_coverage_between_0_and_1(choice in statuses()) {
        let q = crate::input::questionnaire::default_questionnaire().unwrap().questionnaire;
        let a = assess(&q, &choice);
        for (_, s) in all_groups(&a) {
            if let Some(s) = s { prop_assert!((0.0..=100.0).contains(&s)); }
        }
        for g in a.subcategories.iter().chain(std::iter::once(&a.overall)) {
            if let Some(c) = g.coverage { prop_assert!((0.0..=1.0).contains(&c)); }
        }
        prop_assert!(a.categories.iter().all(|c| c.level.unwrap_or(0) <= 4));
    }

    #[test]
    fn turning_a_no_into_yes_never_lowers_any_score_or_level(choice in statuses(), pick in any::<prop::sample::Index>()) {
        let q = crate::input::questionnaire::default_questionnaire().unwrap().questionnaire;
        let nos: Vec<usize> = choice.iter().enumerate().filter(|(_, c)| **c == 2).map(|(i, _)| i).collect();
        prop_assume!(!nos.is_empty());
        let mut better = choice.clone();
        better[nos[pick.index(nos.len())]] = 0;
        let (before, after) = (assess(&q, &choice), assess(&q, &better));
        for ((id, b), (_, a)) in all_groups(&before).into_iter().zip(all_groups(&after)) {
            match (b, a) {
                (Some(b), Some(a)) => prop_assert!(a >= b - 1e-9, "{id}: {b} → {a}"),
                (b, a) => prop_assert_eq!(b.is_some(), a.is_some()),
            }
        }
        for (b, a) in before.categories.iter().zip(&after.categories) {
            prop_assert!(a.level >= b.level);
        }
    }

    #[test]
    fn not_applicable_metrics_do_not_change_other_metrics_contributions(choice in statuses(), pick in any::<prop::sample::Index>()) {
        // Marking one more metric not applicable removes exactly its own weight
        // and points from every group containing it, and nothing else.
        let q = crate::input::questionnaire::default_questionnaire().unwrap().questionnaire;
        let i = pick.index(choice.len());
        let mut na = choice.clone();
        na[i] = 3;
        let (before, after) = (assess(&q, &choice), assess(&q, &na));
        let m = &before.metrics[i];
        let (w, p) = match m.points { Some(p) => (m.weight, p), None => (0.0, 0.0) };
        let groups = |a: &Assessment| -> Vec<GroupScore> {
            a.subcategories.iter().cloned()
                .chain(a.categories.iter().map(|c| c.group.clone()))
                .chain(std::iter::once(a.overall.clone())).collect()
        };
        for (b, a) in groups(&before).iter().zip(groups(&after)) {
            let contains = b.id == m.subcategory || b.id == m.category || b.id == "overall";
            let (dw, dp) = if contains { (w, w * p) } else { (0.0, 0.0) };
            prop_assert!((b.scored_weight - dw - a.scored_weight).abs() < 1e-9, "{}", b.id);
            prop_assert!((b.earned_weight - dp - a.earned_weight).abs() < 1e-9, "{}", b.id);
        }
    }
}

fn report_with(value: f64, n: u64) -> crate::model::IncidentReport {
    crate::model::IncidentReport {
        kpis: vec![crate::model::KpiRow {
            org: "Acme".into(),
            unit: "HQ".into(),
            period: "2026-Q1".into(),
            category: String::new(),
            severity: String::new(),
            kpi: "time_to_report_p90_h".into(),
            value: Some(value),
            n,
        }],
        ..Default::default()
    }
}

#[test]
fn level_5_needs_every_metric_yes_and_every_evidence_rule_passing() {
    let mut q = small();
    q.metrics[0].evidence.push(crate::model::EvidenceRule {
        kpi: "time_to_report_p90_h".into(),
        op: "<=".into(),
        value: 24.0,
        category: None,
        severity: None,
        min_n: 10,
    });
    let all_yes = answers(&[
        ("1.1.1", "yes"),
        ("1.3.1", "yes"),
        ("1.1.2", "yes"),
        ("1.2.2", "yes"),
        ("1.2.1", "yes"),
    ]);
    let level = |report: Option<&crate::model::IncidentReport>| {
        let a = score_with_evidence(&q, &key(), &all_yes, report);
        let m = a.metrics.iter().find(|m| m.id == "1.1.1").unwrap().clone();
        (
            a.category("protect").unwrap().level,
            m.checks.first().map(|c| c.verdict),
            m.corroboration,
        )
    };
    use crate::model::{Corroboration, Verdict};
    // Without incident data the ceiling is Managed.
    assert_eq!(level(None), (Some(4), None, None));
    // p90 of 10 h on 20 incidents passes: Optimizing, and the answer is corroborated.
    assert_eq!(
        level(Some(&report_with(10.0, 20))),
        (
            Some(5),
            Some(Verdict::Pass),
            Some(Corroboration::Corroborated)
        )
    );
    // 30 h fails: the yes is contradicted (but kept), and the level stays at 4.
    assert_eq!(
        level(Some(&report_with(30.0, 20))),
        (
            Some(4),
            Some(Verdict::Fail),
            Some(Corroboration::Contradicted)
        )
    );
    // Too few incidents: insufficient data, neither corroborated nor contradicted.
    assert_eq!(
        level(Some(&report_with(10.0, 9))),
        (Some(4), Some(Verdict::InsufficientData), None)
    );
    let a = score_with_evidence(&q, &key(), &all_yes, Some(&report_with(30.0, 20)));
    assert_eq!(a.metrics[0].status, "yes");
}
