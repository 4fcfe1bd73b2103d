//! Scoring: pure functions from a questionnaire and one assessment's answers
//! to an [`Assessment`]. No I/O, no clock, no formatting.
//!
//! Rules (all parameters come from the questionnaire):
//! - a metric's status gives points through its [`Treatment`]: scored
//!   statuses count `weight × points`; excluded ones (not applicable) leave
//!   every denominator; unobserved ones (not observed, or unanswered) leave
//!   the score denominator but count against coverage;
//! - group score = 100 × Σ(weight × points) / Σ(weight) over scored metrics,
//!   `None` when nothing is scored;
//! - coverage = scored / (metrics − excluded), `None` when nothing applies;
//! - a category's level is the highest level whose condition holds together
//!   with those of all lower levels (none when no metric applies); the overall
//!   level is the lowest category level.

mod evidence;

use crate::model::{
    Answer, Assessment, AssessmentKey, CategoryResult, EvidenceGap, GroupScore, IncidentReport,
    LevelCheck, LevelRule, MetricResult, Questionnaire, StatusCount, Treatment, Verdict,
};
use std::collections::{BTreeMap, HashMap};

/// Score one assessment. Metrics without an answer (or with an empty status)
/// get the questionnaire's unobserved status.
///
/// # Panics
/// Never for a questionnaire that passed loading (every status and priority
/// referenced resolves).
pub fn score(
    q: &Questionnaire,
    key: &AssessmentKey,
    answers: &BTreeMap<String, Answer>,
) -> Assessment {
    score_with_evidence(q, key, answers, None)
}

/// Score one assessment and evaluate the evidence rules of its metrics on the
/// incident KPIs of the same org, unit and quarter. Without incident data no
/// category can reach a level that needs evidence.
pub fn score_with_evidence(
    q: &Questionnaire,
    key: &AssessmentKey,
    answers: &BTreeMap<String, Answer>,
    incidents: Option<&IncidentReport>,
) -> Assessment {
    let mut metrics = metric_results(q, answers);
    if let Some(report) = incidents {
        evidence::evaluate(q, key, report, &mut metrics);
    }
    let has_incidents = incidents.is_some();
    // Metrics by subcategory and by category in one pass, so that scoring
    // costs the same per metric for 17 subcategories or 10,000.
    let mut by_subcategory: HashMap<&str, Vec<&MetricResult>> = HashMap::new();
    let mut by_category: HashMap<&str, Vec<&MetricResult>> = HashMap::new();
    for m in &metrics {
        by_subcategory.entry(&m.subcategory).or_default().push(m);
        by_category.entry(&m.category).or_default().push(m);
    }
    let subcategories = q
        .subcategories
        .iter()
        .map(|s| {
            group(
                q,
                &s.id,
                by_subcategory.get(s.id.as_str()).map_or(&[], Vec::as_slice),
            )
        })
        .collect();
    let categories: Vec<CategoryResult> = q
        .categories
        .iter()
        .map(|c| {
            let ms: &[&MetricResult] = by_category.get(c.key.as_str()).map_or(&[], Vec::as_slice);
            let checks: Vec<LevelCheck> = q
                .levels
                .iter()
                .map(|l| check_level(l, ms, has_incidents))
                .collect();
            let applicable = ms.iter().any(|m| m.treatment != Treatment::Excluded);
            let level = applicable.then(|| checks.iter().take_while(|c| c.holds).count() as u8);
            CategoryResult {
                key: c.key.clone(),
                group: group(q, &c.key, ms),
                level,
                checks,
            }
        })
        .collect();
    let all: Vec<&MetricResult> = metrics.iter().collect();
    let overall = group(q, "overall", &all);
    let overall_level = categories.iter().filter_map(|c| c.level).min();
    let assessed_on = answers
        .values()
        .map(|a| a.assessed_on.as_str())
        .filter(|d| !d.is_empty())
        .max()
        .map(str::to_string);
    let names = |pick: fn(&Answer) -> &str| -> Vec<String> {
        let all = answers
            .values()
            .flat_map(|a| std::iter::once(a).chain(&a.responses));
        let set: std::collections::BTreeSet<&str> = all
            .flat_map(|a| pick(a).split([',', '、', ';']))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        set.into_iter().map(str::to_string).collect()
    };
    Assessment {
        assessors: names(|a| &a.assessor),
        respondents: names(|a| &a.respondent),
        key: key.clone(),
        questionnaire_id: q.id.clone(),
        questionnaire_version: q.version.clone(),
        metrics,
        subcategories,
        categories,
        overall,
        overall_level,
        assessed_on,
    }
}

/// The respondents' answers behind a consolidated answer, with their
/// spread; `None` for an answer one respondent gave.
fn consensus_of(q: &Questionnaire, a: &Answer) -> Option<crate::model::Consensus> {
    if a.responses.len() < 2 {
        return None;
    }
    let given: Vec<&Answer> = a.responses.iter().filter(|r| r.status.is_some()).collect();
    let points: Vec<f64> = given
        .iter()
        .filter_map(|r| q.status(r.status.as_deref()?))
        .filter(|d| d.treatment == Treatment::Scored)
        .map(|d| d.points)
        .collect();
    let spread = match (
        points.iter().copied().reduce(f64::max),
        points.iter().copied().reduce(f64::min),
    ) {
        (Some(hi), Some(lo)) => hi - lo,
        _ => 0.0,
    };
    Some(crate::model::Consensus {
        rule: a.rule.unwrap_or_default().key().to_string(),
        responses: given
            .iter()
            .map(|r| crate::model::Response {
                respondent: r.respondent.clone(),
                status: r.status.clone().unwrap_or_default(),
                source: r.source.to_string(),
                evidence: r.evidence.clone(),
                comment: r.comment.clone(),
            })
            .collect(),
        spread,
        disagree: a.disagree(),
    })
}

fn unobserved_key(q: &Questionnaire) -> &str {
    q.statuses
        .iter()
        .find(|s| s.treatment == Treatment::Unobserved)
        .map_or("not_observed", |s| s.key.as_str())
}

fn metric_results(q: &Questionnaire, answers: &BTreeMap<String, Answer>) -> Vec<MetricResult> {
    q.metrics
        .iter()
        .map(|m| {
            let answer = answers.get(&m.id);
            let given = answer.and_then(|a| a.status.as_deref());
            let status = given.unwrap_or_else(|| unobserved_key(q)).to_string();
            let def = q.status(&status).expect("status resolved on load");
            let category = q
                .subcategory(&m.subcategory)
                .and_then(|s| q.category_of_subcategory(s))
                .map(|c| c.key.clone())
                .unwrap_or_default();
            MetricResult {
                id: m.id.clone(),
                subcategory: m.subcategory.clone(),
                category,
                priority: m.priority.clone(),
                weight: q.priority(&m.priority).map_or(0.0, |p| p.weight),
                answered: given.is_some(),
                treatment: def.treatment,
                points: (def.treatment == Treatment::Scored).then_some(def.points),
                status,
                evidence: answer.map(|a| a.evidence.clone()).unwrap_or_default(),
                comment: answer.map(|a| a.comment.clone()).unwrap_or_default(),
                source: answer.map(|a| a.source.to_string()).unwrap_or_default(),
                assessor: answer.map(|a| a.assessor.clone()).unwrap_or_default(),
                assessed_on: answer.map(|a| a.assessed_on.clone()).unwrap_or_default(),
                indicators_met: answer.map(|a| a.indicators_met.clone()).unwrap_or_default(),
                consensus: answer.and_then(|a| consensus_of(q, a)),
                checks: Vec::new(),
                corroboration: None,
            }
        })
        .collect()
}

/// Score and coverage of a group of metric results.
pub fn group(q: &Questionnaire, id: &str, metrics: &[&MetricResult]) -> GroupScore {
    let mut earned = 0.0;
    let mut weight = 0.0;
    let (mut scored, mut excluded, mut unobserved) = (0, 0, 0);
    for m in metrics {
        match (m.treatment, m.points) {
            (Treatment::Scored, Some(p)) => {
                earned += m.weight * p;
                weight += m.weight;
                scored += 1;
            }
            (Treatment::Excluded, _) => excluded += 1,
            _ => unobserved += 1,
        }
    }
    let applicable = metrics.len() - excluded;
    let mut tally: HashMap<(&str, &str), usize> = HashMap::new();
    for m in metrics {
        *tally
            .entry((m.priority.as_str(), m.status.as_str()))
            .or_default() += 1;
    }
    let tally = &tally;
    let counts = q
        .priorities
        .iter()
        .flat_map(|p| {
            q.statuses.iter().map(move |s| StatusCount {
                priority: p.key.clone(),
                status: s.key.clone(),
                count: tally
                    .get(&(p.key.as_str(), s.key.as_str()))
                    .copied()
                    .unwrap_or(0),
            })
        })
        .collect();
    GroupScore {
        id: id.to_string(),
        score: (weight > 0.0).then(|| 100.0 * earned / weight),
        coverage: (applicable > 0).then(|| scored as f64 / applicable as f64),
        earned_weight: earned,
        scored_weight: weight,
        metrics: metrics.len(),
        scored,
        excluded,
        unobserved,
        counts,
    }
}

/// Check one level's own condition against a category's metric results.
/// `has_incidents` tells whether incident data was given at all.
pub fn check_level(rule: &LevelRule, metrics: &[&MetricResult], has_incidents: bool) -> LevelCheck {
    let applicable: Vec<&&MetricResult> = metrics
        .iter()
        .filter(|m| m.treatment != Treatment::Excluded)
        .collect();
    let mut holds = true;
    let mut blockers: Vec<String> = Vec::new();
    let mut evidence_gap = None;
    if !rule.any_of.is_empty() && !applicable.iter().any(|m| rule.any_of.contains(&m.status)) {
        holds = false;
    }
    for req in &rule.require {
        for m in &applicable {
            let concerned = req.priority == "*" || req.priority == m.priority;
            if concerned && !req.status.contains(&m.status) {
                holds = false;
                blockers.push(m.id.clone());
            }
        }
    }
    for m in &applicable {
        if rule.forbid.contains(&m.status) {
            holds = false;
            blockers.push(m.id.clone());
        }
    }
    if rule.evidence_all_pass {
        let results: Vec<(&str, Verdict)> = metrics
            .iter()
            .filter(|m| m.treatment != Treatment::Excluded)
            .flat_map(|m| m.checks.iter().map(move |e| (m.id.as_str(), e.verdict)))
            .collect();
        if !has_incidents {
            holds = false;
            evidence_gap = Some(EvidenceGap::NoIncidentData);
        } else if results.is_empty() {
            holds = false;
            evidence_gap = Some(EvidenceGap::NoRules);
        } else {
            let failing: Vec<String> = results
                .iter()
                .filter(|(_, v)| *v != Verdict::Pass)
                .map(|(id, _)| (*id).to_string())
                .collect();
            if !failing.is_empty() {
                holds = false;
                evidence_gap = Some(EvidenceGap::NotPassed { metrics: failing });
            }
        }
    }
    blockers.sort_by(|a, b| crate::model::compare_ids(a, b));
    blockers.dedup();
    LevelCheck {
        level: rule.level,
        holds,
        blockers,
        evidence_gap,
    }
}

/// Gaps of an assessment: scored metrics short of full points, most
/// important first (priority, then lost weight, then id).
pub fn gaps<'a>(a: &'a Assessment, q: &Questionnaire) -> Vec<&'a crate::model::MetricResult> {
    let mut gaps: Vec<_> = a
        .metrics
        .iter()
        .filter(|m| m.gap().is_some_and(|g| g > 0.0))
        .collect();
    gaps.sort_by(|x, y| {
        q.priority_rank(&x.priority)
            .cmp(&q.priority_rank(&y.priority))
            .then(y.gap().unwrap_or(0.0).total_cmp(&x.gap().unwrap_or(0.0)))
            .then(crate::model::compare_ids(&x.id, &y.id))
    });
    gaps
}

#[cfg(test)]
mod tests;
