//! Hand-computed plans: the Detect category of imcm-v0.1 (weights I = 3,
//! II = 2, III = 1) towards each target level 1–5, and a custom
//! questionnaire with other level rules.

use super::*;
use crate::model::Period;

fn v01() -> Questionnaire {
    crate::input::questionnaire::default_questionnaire()
        .unwrap()
        .questionnaire
}

fn custom() -> Questionnaire {
    crate::input::questionnaire::parse(
        include_str!("../../../tests/fixtures/plan/custom.toml"),
        crate::input::questionnaire::Origin::File("custom.toml".into()),
    )
    .unwrap()
    .questionnaire
}

fn key() -> AssessmentKey {
    AssessmentKey {
        org: "Org".into(),
        unit: String::new(),
        period: Period {
            year: 2026,
            quarter: 2,
        },
    }
}

/// Answers from (metric, status) pairs; a metric left out is unanswered.
fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, Answer> {
    pairs
        .iter()
        .map(|(m, s)| {
            (
                (*m).to_string(),
                Answer {
                    metric: (*m).to_string(),
                    status: Some((*s).to_string()),
                    ..Answer::default()
                },
            )
        })
        .collect()
}

/// Every metric outside Detect answered yes, so only Detect is below target.
fn detect(pairs: &[(&str, &str)]) -> BTreeMap<String, Answer> {
    let q = v01();
    let mut all: Vec<(&str, &str)> = q
        .metrics
        .iter()
        .filter(|m| !m.id.starts_with("2."))
        .map(|m| (m.id.as_str(), "yes"))
        .collect();
    all.extend_from_slice(pairs);
    let owned: Vec<(String, String)> = all
        .iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect();
    let refs: Vec<(&str, &str)> = owned
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    answers(&refs)
}

/// 2.1.1 I no, 2.1.2 I unanswered (not observed), 2.1.3 II no, 2.1.4 III
/// not applicable, 2.2.1 I no, 2.2.2 II partial, 2.2.3 III not observed:
/// level 1 (2.2.2 is partial), score 100 × 1 / 10 = 10.
fn detect_a() -> BTreeMap<String, Answer> {
    detect(&[
        ("2.1.1", "no"),
        ("2.1.3", "no"),
        ("2.1.4", "not_applicable"),
        ("2.2.1", "no"),
        ("2.2.2", "partial"),
        ("2.2.3", "not_observed"),
    ])
}

fn steps(p: &CategoryPlan) -> Vec<(&str, &str, &str)> {
    p.steps
        .iter()
        .map(|s| {
            (
                s.metric.as_str(),
                s.from_status.as_str(),
                s.to_status.as_str(),
            )
        })
        .collect()
}

fn plan_detect(answers: &BTreeMap<String, Answer>, target: u8, efforts: &Efforts) -> Plan {
    let q = v01();
    let t = Target::uniform(&q, target);
    plan(&q, &key(), answers, None, Some(&t), efforts)
}

fn only(p: &Plan) -> &CategoryPlan {
    assert_eq!(p.categories.len(), 1, "{:?}", p.categories);
    assert_eq!(p.categories[0].category, "detect");
    &p.categories[0]
}

fn round4(v: Option<f64>) -> String {
    crate::format::trim_number(v.unwrap(), 4)
}

#[test]
fn target_1_moves_one_metric_highest_priority_then_effort_then_id() {
    // Nothing yes or partial: level 0. Level 1 needs one metric yes or
    // partial: a priority I metric (weight 3), lowest id without efforts.
    let a = detect(&[
        ("2.1.1", "no"),
        ("2.1.3", "no"),
        ("2.1.4", "not_applicable"),
        ("2.2.1", "no"),
        ("2.2.2", "no"),
    ]);
    let p = plan_detect(&a, 1, &Efforts::new());
    let c = only(&p);
    assert_eq!(c.level_before, Some(0));
    assert_eq!(steps(c), [("2.1.1", "no", "partial")]);
    // 2.1.1 (3 × 0.5) over 2.1.1, 2.1.3, 2.2.1, 2.2.2: 100 × 1.5 / 10.
    assert_eq!(
        (c.level_after, round4(c.score_after)),
        (Some(1), "15".into())
    );
    assert!(c.reached() && c.obstacles.is_empty() && c.evidence.is_empty());
    // With the lowest effort on 2.2.1, that one moves instead.
    let efforts: Efforts = [("2.2.1".to_string(), 1)].into();
    let c = plan_detect(&a, 1, &efforts).categories.remove(0);
    assert_eq!(steps(&c), [("2.2.1", "no", "partial")]);
    assert_eq!(c.steps[0].effort, Some(1));
}

#[test]
fn target_2_raises_every_priority_i_metric_to_partial_including_not_observed() {
    let p = plan_detect(&detect_a(), 2, &Efforts::new());
    let c = only(&p);
    assert_eq!(
        (c.level_before, round4(c.score_before)),
        (Some(1), "10".into())
    );
    assert_eq!(
        steps(c),
        [
            ("2.1.1", "no", "partial"),
            ("2.1.2", "not_observed", "partial"),
            ("2.2.1", "no", "partial")
        ]
    );
    // 3 × 0.5 × 3 + 2 × 0.5 = 5.5 over 3 × 3 + 2 × 2 = 13.
    assert_eq!(
        (c.level_after, round4(c.score_after)),
        (Some(2), "42.3077".into())
    );
}

#[test]
fn target_3_needs_priority_i_yes_and_ii_partial() {
    let c = plan_detect(&detect_a(), 3, &Efforts::new())
        .categories
        .remove(0);
    assert_eq!(
        steps(&c),
        [
            ("2.1.1", "no", "yes"),
            ("2.1.2", "not_observed", "yes"),
            ("2.2.1", "no", "yes"),
            ("2.1.3", "no", "partial")
        ]
    );
    // 9 + 2 × 0.5 + 2 × 0.5 = 11 over 13; 2.2.3 (III, not observed) stays.
    assert_eq!(
        (c.level_after, round4(c.score_after)),
        (Some(3), "84.6154".into())
    );
}

#[test]
fn target_4_forbids_not_observed_and_leaves_not_applicable_alone() {
    let c = plan_detect(&detect_a(), 4, &Efforts::new())
        .categories
        .remove(0);
    assert_eq!(
        steps(&c),
        [
            ("2.1.1", "no", "yes"),
            ("2.1.2", "not_observed", "yes"),
            ("2.2.1", "no", "yes"),
            ("2.1.3", "no", "yes"),
            ("2.2.2", "partial", "yes"),
            ("2.2.3", "not_observed", "partial")
        ]
    );
    // 9 + 4 + 0.5 = 13.5 over 14; 2.1.4 stays not applicable.
    assert_eq!(
        (c.level_after, round4(c.score_after)),
        (Some(4), "96.4286".into())
    );
    assert!(c.evidence.is_empty());
}

#[test]
fn target_5_lists_the_evidence_rules_that_answers_cannot_pass() {
    // Every category is below 5 (the others are all yes, at level 4).
    let p = plan_detect(&detect_a(), 5, &Efforts::new());
    assert_eq!(p.categories.len(), 4);
    let c = p
        .categories
        .iter()
        .find(|c| c.category == "detect")
        .unwrap();
    assert_eq!(c.steps.len(), 6);
    assert!(c.steps.iter().all(|s| s.to_status == "yes"));
    // All yes: score 100, but level 5 needs evidence and none was given.
    assert_eq!(
        (c.level_after, round4(c.score_after)),
        (Some(4), "100".into())
    );
    assert!(!c.reached());
    let rules: Vec<(&str, EvidenceState)> = c
        .evidence
        .iter()
        .map(|e| (e.metric.as_str(), e.state))
        .collect();
    assert_eq!(
        rules,
        [
            ("2.1.1", EvidenceState::NotEvaluated),
            ("2.1.3", EvidenceState::NotEvaluated),
            ("2.2.2", EvidenceState::NotEvaluated)
        ]
    );
    assert_eq!(
        c.obstacles,
        [Obstacle::Evidence {
            level: 5,
            gap: EvidenceGap::NoIncidentData
        }]
    );
}

#[test]
fn without_a_target_each_category_is_planned_to_its_next_level() {
    let q = v01();
    let p = plan(&q, &key(), &detect_a(), None, None, &Efforts::new());
    assert_eq!(p.target_source, TargetSource::NextLevel);
    // Detect is at 1 and goes to 2; the others are at 4 (all yes, no
    // evidence) and go to 5.
    let targets: Vec<(&str, u8)> = p
        .categories
        .iter()
        .map(|c| (c.category.as_str(), c.target_level))
        .collect();
    assert_eq!(
        targets,
        [
            ("protect", 5),
            ("detect", 2),
            ("respond", 5),
            ("sustain", 5)
        ]
    );
    assert_eq!(p.categories[1].steps.len(), 3);
    assert!(p.categories[0].steps.is_empty());
    assert_eq!(p.overall_level_before, Some(1));
    assert_eq!(p.overall_level_after, Some(2));
}

#[test]
fn a_category_at_its_target_is_left_out_and_an_all_na_one_says_why() {
    let q = v01();
    let t = Target::uniform(&q, 1);
    let p = plan(&q, &key(), &detect_a(), None, Some(&t), &Efforts::new());
    assert!(p.categories.is_empty());
    let mut na: Vec<(&str, &str)> = q
        .metrics
        .iter()
        .filter(|m| m.id.starts_with("2."))
        .map(|m| (m.id.as_str(), "not_applicable"))
        .collect();
    na.push(("1.1.1", "yes"));
    let p = plan(&q, &key(), &answers(&na), None, Some(&t), &Efforts::new());
    let d = p
        .categories
        .iter()
        .find(|c| c.category == "detect")
        .unwrap();
    assert_eq!(d.level_before, None);
    assert_eq!(d.obstacles, [Obstacle::NoApplicableMetric]);
    assert!(d.steps.is_empty() && !d.reached());
}

#[test]
fn a_custom_questionnaire_with_forbid_and_any_of_levels_is_planned_from_its_rules() {
    let q = custom();
    // 1.1.1 high no, 1.1.2 high partial, 1.1.3 low unanswered; 2.1.1 n/a.
    let a = answers(&[("1.1.1", "no"), ("1.1.2", "partial"), ("2.1.1", "na")]);
    let run = |level: u8| {
        let t = Target::uniform(&q, level);
        plan(&q, &key(), &a, None, Some(&t), &Efforts::new())
    };
    // Level 1 forbids no: 1.1.1 moves to the least other status at least as
    // good (partial); unknown is allowed. 2 × 0.5 + 2 × 0.5 over 4.
    let p = run(1);
    let alpha = &p.categories[0];
    assert_eq!(steps(alpha), [("1.1.1", "no", "partial")]);
    assert_eq!(
        (alpha.level_after, round4(alpha.score_after)),
        (Some(1), "50".into())
    );
    assert_eq!(p.categories[1].obstacles, [Obstacle::NoApplicableMetric]);
    // Level 2 also forbids unknown and needs one yes: the metric already
    // moved takes it (two changes, not three), the higher weight first.
    let alpha = run(2).categories.remove(0);
    assert_eq!(
        steps(&alpha),
        [("1.1.1", "no", "yes"), ("1.1.3", "unknown", "partial")]
    );
    // 2 × 1 + 2 × 0.5 + 1 × 0.5 = 3.5 over 5.
    assert_eq!(
        (alpha.level_after, round4(alpha.score_after)),
        (Some(2), "70".into())
    );
    // Level 3: high metrics mostly or yes; the yes goes to the lower effort
    // (1.1.2, effort 1); steps ordered by effort, unknown effort last.
    let alpha = run(3).categories.remove(0);
    assert_eq!(
        steps(&alpha),
        [
            ("1.1.2", "partial", "yes"),
            ("1.1.1", "no", "mostly"),
            ("1.1.3", "unknown", "partial")
        ]
    );
    assert_eq!(
        alpha.steps.iter().map(|s| s.effort).collect::<Vec<_>>(),
        [Some(1), Some(3), None]
    );
    // 2 × 1 + 2 × 0.75 + 1 × 0.5 = 4 over 5.
    assert_eq!(
        (alpha.level_after, round4(alpha.score_after)),
        (Some(3), "80".into())
    );
}

#[test]
fn what_if_reads_aliases_and_rescores_before_and_after() {
    let q = v01();
    let changes =
        parse_changes(&q, &["2.1.1=y, 2.1.2=Partial".into(), "2.2.1=yes".into()]).unwrap();
    assert_eq!(
        changes,
        [
            Change {
                metric: "2.1.1".into(),
                status: "yes".into()
            },
            Change {
                metric: "2.1.2".into(),
                status: "partial".into()
            },
            Change {
                metric: "2.2.1".into(),
                status: "yes".into()
            }
        ]
    );
    let w = what_if(&q, &key(), &detect_a(), None, &changes);
    let detect = w.rows.iter().find(|r| r.id == "detect").unwrap();
    // (3 + 1.5 + 3 + 1) over 13 = 65.3846; Priority I all yes/partial: level 2.
    assert_eq!(
        (detect.level_before, detect.level_after),
        (Some(1), Some(2))
    );
    assert_eq!(round4(detect.score_after), "65.3846");
    assert_eq!(w.rows.last().unwrap().id, "overall");
    assert_eq!(
        w.changes[1],
        ("2.1.2".into(), "not_observed".into(), "partial".into())
    );
}

#[test]
fn what_if_mistakes_are_explained_with_the_nearest_id_or_status() {
    let q = v01();
    let e = |s: &str| parse_changes(&q, &[s.to_string()]).unwrap_err().to_string();
    let m = e("3.1.22=yes");
    assert!(
        m.starts_with("--what-if '3.1.22=yes': unknown metric id '3.1.22'"),
        "{m}"
    );
    assert!(m.contains("did you mean '3.1.2'"), "{m}");
    let m = e("3.1.2=yess");
    assert!(
        m.contains("unknown status 'yess'") && m.contains("did you mean 'yes'"),
        "{m}"
    );
    assert!(e("3.1.2").contains("METRIC=STATUS"));
}
