//! The comparison on hand-made assessments and delta rows, with figures
//! worked out by hand.

use super::*;
use crate::input::target::Target;
use crate::model::{
    AssessmentKey, Category, CategoryResult, Corroboration, GroupScore, IncidentReport, KpiRow,
    MetricResult, Period, Questionnaire, Text, Treatment,
};

fn period(p: &str) -> Period {
    p.parse().unwrap()
}

fn group(id: &str, score: Option<f64>) -> GroupScore {
    GroupScore {
        id: id.into(),
        score,
        coverage: None,
        earned_weight: 0.0,
        scored_weight: 0.0,
        metrics: 0,
        scored: 0,
        excluded: 0,
        unobserved: 0,
        counts: Vec::new(),
    }
}

fn category(key: &str, level: Option<u8>, score: Option<f64>) -> CategoryResult {
    CategoryResult {
        key: key.into(),
        group: group(key, score),
        level,
        checks: Vec::new(),
    }
}

fn metric(
    id: &str,
    cat: &str,
    status: &str,
    points: Option<f64>,
    contradicted: bool,
) -> MetricResult {
    MetricResult {
        id: id.into(),
        subcategory: String::new(),
        category: cat.into(),
        priority: "I".into(),
        weight: 1.0,
        status: status.into(),
        answered: true,
        treatment: if points.is_some() {
            Treatment::Scored
        } else {
            Treatment::Excluded
        },
        points,
        evidence: String::new(),
        comment: String::new(),
        source: String::new(),
        assessor: String::new(),
        assessed_on: String::new(),
        indicators_met: String::new(),
        consensus: None,
        checks: Vec::new(),
        corroboration: contradicted.then_some(Corroboration::Contradicted),
    }
}

fn assessment(
    unit: &str,
    p: &str,
    categories: Vec<CategoryResult>,
    metrics: Vec<MetricResult>,
    overall: (Option<u8>, Option<f64>),
) -> Assessment {
    Assessment {
        key: AssessmentKey {
            org: "Acme".into(),
            unit: unit.into(),
            period: period(p),
        },
        questionnaire_id: "test".into(),
        questionnaire_version: "1".into(),
        metrics,
        subcategories: Vec::new(),
        categories,
        overall: group("overall", overall.1),
        overall_level: overall.0,
        assessed_on: None,
        assessors: Vec::new(),
        respondents: Vec::new(),
    }
}

fn row(unit: &str, from: &str, to: &str, cat: &str, metric: &str, c: f64) -> DeltaRow {
    DeltaRow {
        org: "Acme".into(),
        unit: unit.into(),
        from_period: period(from),
        to_period: period(to),
        category: cat.into(),
        metric: metric.into(),
        from_status: String::new(),
        to_status: String::new(),
        contribution: c,
    }
}

fn questionnaire() -> Questionnaire {
    let mut q = crate::input::questionnaire::default_questionnaire()
        .unwrap()
        .questionnaire;
    q.categories = ["detect", "respond"]
        .iter()
        .enumerate()
        .map(|(i, k)| Category {
            key: (*k).into(),
            id: (i + 1).to_string(),
            name: Text::default(),
            summary: Text::default(),
        })
        .collect();
    q
}

fn target() -> Target {
    Target {
        levels: vec![("detect".into(), 2), ("respond".into(), 3)],
    }
}

/// Unit A over Q1–Q3, unit B in Q3 only, unit C in Q2 only.
///
/// - A, Q1 → Q2, detect: d1 yes → no (−12.5), d2 enters the scored set
///   (+2.5), total −10; level 2 → 1. d2 is contradicted in Q2 and was not
///   scored in Q1: newly contradicted.
/// - A, Q1 → Q2, respond: r1 and r2 +0.334 each, total +0.67. Shown at 2
///   decimals the lines give 0.66, so 0.01 is left; no metric entered or left
///   the scored set, so it is rounding.
/// - A, Q2 → Q3, detect: total +0.004, no metric line, level unchanged:
///   not a change. respond: total −0.004 but the level falls 2 → 1: shown,
///   flat, nothing left over, not a drop.
fn fixture() -> Vec<Assessment> {
    let d = |status: &str, points: Option<f64>, contradicted| {
        vec![
            metric(
                "d1",
                "detect",
                status,
                Some(if status == "yes" { 1.0 } else { 0.0 }),
                false,
            ),
            metric("d2", "detect", "yes", points, contradicted),
            metric("r1", "respond", "yes", Some(1.0), false),
            metric("r2", "respond", "yes", Some(1.0), false),
        ]
    };
    vec![
        assessment(
            "A",
            "2026-Q1",
            vec![
                category("detect", Some(2), Some(50.0)),
                category("respond", Some(2), Some(60.0)),
            ],
            d("yes", None, false),
            (Some(2), Some(55.0)),
        ),
        assessment(
            "A",
            "2026-Q2",
            vec![
                category("detect", Some(1), Some(40.0)),
                category("respond", Some(2), Some(60.67)),
            ],
            d("no", Some(1.0), true),
            (Some(1), Some(50.0)),
        ),
        assessment(
            "A",
            "2026-Q3",
            vec![
                category("detect", Some(1), Some(40.004)),
                category("respond", Some(1), Some(60.666)),
            ],
            d("no", Some(1.0), true),
            (Some(1), Some(45.0)),
        ),
        assessment(
            "B",
            "2026-Q3",
            vec![
                category("detect", Some(1), Some(30.0)),
                category("respond", None, None),
            ],
            Vec::new(),
            (Some(1), Some(30.0)),
        ),
        assessment(
            "C",
            "2026-Q2",
            vec![
                category("detect", Some(3), Some(90.0)),
                category("respond", Some(3), Some(90.0)),
            ],
            Vec::new(),
            (Some(3), Some(90.0)),
        ),
    ]
}

fn fixture_deltas() -> Vec<DeltaRow> {
    vec![
        row("A", "2026-Q1", "2026-Q2", "detect", "d1", -12.5),
        row("A", "2026-Q1", "2026-Q2", "detect", SCORED_SET_CHANGE, 2.5),
        row("A", "2026-Q1", "2026-Q2", "detect", TOTAL, -10.0),
        row("A", "2026-Q1", "2026-Q2", "respond", "r1", 0.334),
        row("A", "2026-Q1", "2026-Q2", "respond", "r2", 0.334),
        row(
            "A",
            "2026-Q1",
            "2026-Q2",
            "respond",
            SCORED_SET_CHANGE,
            0.002,
        ),
        row("A", "2026-Q1", "2026-Q2", "respond", TOTAL, 0.67),
        row(
            "A",
            "2026-Q2",
            "2026-Q3",
            "detect",
            SCORED_SET_CHANGE,
            0.004,
        ),
        row("A", "2026-Q2", "2026-Q3", "detect", TOTAL, 0.004),
        row(
            "A",
            "2026-Q2",
            "2026-Q3",
            "respond",
            SCORED_SET_CHANGE,
            -0.004,
        ),
        row("A", "2026-Q2", "2026-Q3", "respond", TOTAL, -0.004),
    ]
}

fn run<'a>(
    assessments: &'a [Assessment],
    deltas: &'a [DeltaRow],
    q: &'a Questionnaire,
    t: Option<&'a Target>,
    incidents: Option<&'a IncidentReport>,
) -> Comparison<'a> {
    compare(&Sources {
        assessments,
        deltas,
        questionnaire: q,
        target: t,
        incidents,
    })
}

#[test]
fn tally_counts_pairs_lines_and_newly_contradicted_answers() {
    let (a, d, q, t) = (fixture(), fixture_deltas(), questionnaire(), target());
    let c = run(&a, &d, &q, Some(&t), None);
    assert_eq!(
        c.tally,
        Tally {
            assessments: 5,
            units: 3,
            pairs: 2,
            regressions: 1,
            improvements: 2,
            newly_contradicted: 1,
        }
    );
    assert!(!c.has_incidents);
    assert_eq!(c.orgs.len(), 1);
    assert_eq!(c.orgs[0].units.len(), 3);
}

#[test]
fn a_drop_is_explained_by_its_metric_and_the_scored_set() {
    let (a, d, q, t) = (fixture(), fixture_deltas(), questionnaire(), target());
    let c = run(&a, &d, &q, Some(&t), None);
    let pair = &c.orgs[0].units[0].pairs[0];
    assert_eq!(pair.from.key.period, period("2026-Q1"));
    let ids: Vec<&str> = pair
        .newly_contradicted
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(ids, ["d2"]);
    let detect = &pair.categories[0];
    assert_eq!(detect.key, "detect");
    assert_eq!(detect.total, -10.0);
    assert_eq!(detect.direction, Direction::Down);
    assert!(detect.level_fell);
    assert_eq!(detect.lines.len(), 1);
    assert_eq!(detect.lines[0].row.metric, "d1");
    assert!(detect.lines[0].regression);
    assert!(!detect.lines[0].newly_contradicted);
    // −10.00 shown, −12.50 explained: 2.50 from d2 entering the scored set.
    assert_eq!(
        detect.remainder,
        Some(Remainder {
            value: 2.5,
            cause: RemainderCause::ScoredSetChange
        })
    );
}

#[test]
fn lines_that_do_not_add_up_at_two_decimals_leave_a_rounding_line() {
    let (a, d, q, t) = (fixture(), fixture_deltas(), questionnaire(), target());
    let c = run(&a, &d, &q, Some(&t), None);
    let respond = &c.orgs[0].units[0].pairs[0].categories[1];
    assert_eq!(respond.direction, Direction::Up);
    assert!(!respond.level_fell);
    let lines: Vec<(&str, bool)> = respond
        .lines
        .iter()
        .map(|l| (l.row.metric.as_str(), l.regression))
        .collect();
    assert_eq!(lines, [("r1", false), ("r2", false)]);
    // 0.67 − (0.33 + 0.33) = 0.01.
    let r = respond.remainder.unwrap();
    assert_eq!(r.cause, RemainderCause::Rounding);
    assert!((r.value - 0.01).abs() < 1e-12);
}

#[test]
fn a_change_that_rounds_to_zero_shows_only_when_the_level_moved() {
    let (a, d, q, t) = (fixture(), fixture_deltas(), questionnaire(), target());
    let c = run(&a, &d, &q, Some(&t), None);
    let pair = &c.orgs[0].units[0].pairs[1];
    assert!(
        pair.newly_contradicted.is_empty(),
        "d2 was contradicted in Q2 already"
    );
    assert_eq!(pair.categories.len(), 1);
    let respond = &pair.categories[0];
    assert_eq!(respond.key, "respond");
    assert_eq!(respond.direction, Direction::Flat);
    assert!(respond.level_fell);
    assert!(respond.lines.is_empty());
    assert_eq!(respond.remainder, None);
    // Only the −10 counts as a drop; −0.004 is 0.00 as shown.
    let drops: Vec<(&str, f64, Option<u8>, Option<u8>)> = c
        .largest_drops
        .iter()
        .map(|d| (d.category, d.total, d.from_level, d.to_level))
        .collect();
    assert_eq!(drops, [("detect", -10.0, Some(2), Some(1))]);
}

#[test]
fn trends_hold_levels_and_scores_against_the_target() {
    let (a, d, q, t) = (fixture(), fixture_deltas(), questionnaire(), target());
    let c = run(&a, &d, &q, Some(&t), None);
    let unit = &c.orgs[0].units[0];
    assert_eq!(unit.series.len(), 3);
    assert!(unit.kpis.is_empty());
    let detect = &unit.trends[0];
    assert_eq!(detect.target, Some(2));
    assert_eq!(detect.levels, [Some(2), Some(1), Some(1)]);
    assert_eq!(detect.scores, [Some(50.0), Some(40.0), Some(40.004)]);
    use TargetStanding::{Below, Meets, NoLevel};
    assert_eq!(detect.standing, [Meets, Below, Below]);
    let b_respond = &c.orgs[0].units[1].trends[1];
    assert_eq!(b_respond.target, Some(3));
    assert_eq!(b_respond.standing, [NoLevel]);
    assert!(c.orgs[0].units[1].pairs.is_empty());
}

#[test]
fn without_a_target_nothing_is_below_it_and_no_trend_has_one() {
    let (a, d, q) = (fixture(), fixture_deltas(), questionnaire());
    let c = run(&a, &d, &q, None, None);
    let unit = &c.orgs[0].units[0];
    let detect = &unit.trends[0];
    assert_eq!(detect.target, None);
    // Levels 2, 1, 1: each a level, none held against a target.
    use TargetStanding::{NoLevel, NoTarget};
    assert_eq!(detect.standing, [NoTarget, NoTarget, NoTarget]);
    assert_eq!(c.orgs[0].units[1].trends[1].standing, [NoLevel]);
    // The ranking is the same as with a target, and no cell is outlined.
    let org = &c.orgs[0];
    let units: Vec<&str> = org
        .ranking
        .iter()
        .map(|s| s.assessment.key.unit.as_str())
        .collect();
    assert_eq!(units, ["B", "A"]);
    assert!(
        org.ranking
            .iter()
            .flat_map(|s| &s.cells)
            .all(|c| !c.below_target)
    );
}

#[test]
fn units_of_the_latest_quarter_are_ranked_weakest_first() {
    let (a, d, q, t) = (fixture(), fixture_deltas(), questionnaire(), target());
    let c = run(&a, &d, &q, Some(&t), None);
    let org = &c.orgs[0];
    assert_eq!(org.org, "Acme");
    assert_eq!(org.latest, period("2026-Q3"));
    // Both at level 1: B (30) before A (45). C was last assessed in Q2.
    let units: Vec<&str> = org
        .ranking
        .iter()
        .map(|s| s.assessment.key.unit.as_str())
        .collect();
    assert_eq!(units, ["B", "A"]);
    let late: Vec<(&str, Period)> = org
        .not_in_latest
        .iter()
        .map(|a| (a.key.unit.as_str(), a.key.period))
        .collect();
    assert_eq!(late, [("C", period("2026-Q2"))]);
    let b = &org.ranking[0];
    assert_eq!(b.weakest, ["detect"]);
    assert_eq!(
        b.cells,
        [
            CategoryCell {
                level: Some(1),
                score: Some(30.0),
                below_target: true
            },
            CategoryCell {
                level: None,
                score: None,
                below_target: false
            },
        ]
    );
    // A: detect 1 < 2, respond 1 < 3; weakest both.
    assert_eq!(org.ranking[1].weakest, ["detect", "respond"]);
    assert!(org.ranking[1].cells.iter().all(|c| c.below_target));
}

#[test]
fn kpis_follow_the_quarters_when_incident_kpis_are_given() {
    let (a, d, q, t) = (fixture(), fixture_deltas(), questionnaire(), target());
    let report = IncidentReport {
        kpis: vec![KpiRow {
            org: "Acme".into(),
            unit: "A".into(),
            period: "2026-Q2".into(),
            category: String::new(),
            severity: String::new(),
            kpi: "incidents".into(),
            value: Some(4.0),
            n: 4,
        }],
        ..Default::default()
    };
    let c = run(&a, &d, &q, Some(&t), Some(&report));
    assert!(c.has_incidents);
    let kpis = &c.orgs[0].units[0].kpis;
    assert_eq!(kpis.len(), TREND_KPIS.len());
    assert_eq!(kpis[0].kpi, "incidents");
    let n: Vec<Option<u64>> = kpis[0].rows.iter().map(|r| r.map(|r| r.n)).collect();
    assert_eq!(n, [None, Some(4), None]);
    assert!(kpis[1].rows.iter().all(Option::is_none));
}
