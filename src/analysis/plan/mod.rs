//! The roadmap of `imcm plan`: for every category of an assessment that is
//! below its target level, the fewest answer changes that would put it at
//! the target, read off the questionnaire's `[[level]]` rules (no rule is
//! written in code), and the category's level and score once they are made,
//! computed by [`crate::scoring`] itself.
//!
//! How a category is planned (see docs/plan.md):
//! 1. every level up to the target must hold (levels are cumulative), so for
//!    each applicable metric (status not `excluded`) the statuses that pass
//!    every `require` (for its priority or `*`) and no `forbid` of those
//!    levels are collected; a metric whose status is not among them moves to
//!    the least of them: the scored status with the fewest points, at least
//!    as many as it has now when one qualifies (an unobserved status only when
//!    no scored one qualifies, an excluded one never);
//! 2. an `any_of` level that still fails needs one metric moved to the least
//!    status of `any_of` it may take: a metric already moved first (the set
//!    stays smallest), then the highest priority weight, the lowest effort,
//!    the metric id;
//! 3. the answers with these changes are scored again for `level_after` and
//!    `score_after`; a level with `evidence_all_pass` lists the category's
//!    evidence rules and their state, as answers alone cannot pass it.
//!
//! Steps within a category are ordered by effort (unknown last), then
//! priority, then metric id. No I/O, no formatting.

mod solve;
mod what_if;

pub use what_if::{Change, WhatIf, WhatIfRow, parse_changes, what_if};

use crate::input::target::Target;
use crate::model::{
    Answer, AssessmentKey, EvidenceGap, IncidentReport, Questionnaire, Treatment, Verdict,
};
use std::collections::BTreeMap;

/// Effort per metric id (1 = least work … 5 = most), from a `--effort` file;
/// it overrides the questionnaire's `effort`.
pub type Efforts = BTreeMap<String, u8>;

/// The effort of a metric: the `--effort` file's, else the questionnaire's.
pub fn effort_of(q: &Questionnaire, efforts: &Efforts, id: &str) -> Option<u8> {
    efforts
        .get(id)
        .copied()
        .or_else(|| q.metric(id).and_then(|m| m.effort))
}

/// Where the target levels of a plan come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetSource {
    /// The target profile given with `--target`.
    Profile,
    /// No profile was given: each category's next level above its current
    /// one. This is a default of imcm, not an agreed target.
    NextLevel,
}

/// One answer change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Metric id.
    pub metric: String,
    /// Its priority key.
    pub priority: String,
    /// The status now (the unobserved status for an unanswered metric).
    pub from_status: String,
    /// The least status that meets the target level's rules.
    pub to_status: String,
    /// Its effort, when known.
    pub effort: Option<u8>,
}

/// The state of one evidence rule a level needs to pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceState {
    /// The KPI meets the threshold.
    Passing,
    /// The KPI misses the threshold.
    Failing,
    /// Not judged: no incident log was given, or too few incidents.
    NotEvaluated,
}

/// An evidence rule of a category whose target level needs every rule to pass.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceNeed {
    /// The metric carrying the rule.
    pub metric: String,
    /// The rule as text (`time_to_report_p90_h <= 24`).
    pub rule: String,
    /// Its state on the incident data given.
    pub state: EvidenceState,
    /// The KPI's value, when computed.
    pub value: Option<f64>,
    /// The incidents it rests on.
    pub n: u64,
}

/// Why a category's plan cannot reach the target by answer changes alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Obstacle {
    /// Every metric of the category is not applicable.
    NoApplicableMetric,
    /// The level rules leave this metric no status it could move to.
    NoStatusMeets {
        /// Metric id.
        metric: String,
    },
    /// No metric can take a status of this level's `any_of`.
    AnyOfUnmet {
        /// The level.
        level: u8,
    },
    /// This level needs evidence that the incident data does not give.
    Evidence {
        /// The level.
        level: u8,
        /// What is missing.
        gap: EvidenceGap,
    },
}

/// The plan of one category below its target.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryPlan {
    /// Category key.
    pub category: String,
    /// Its level now (`None` when no metric applies).
    pub level_before: Option<u8>,
    /// Its score now.
    pub score_before: Option<f64>,
    /// The level planned for.
    pub target_level: u8,
    /// The answer changes, in the order to take them.
    pub steps: Vec<Step>,
    /// The evidence rules that must pass (only when a level up to the target
    /// has `evidence_all_pass`), in metric order.
    pub evidence: Vec<EvidenceNeed>,
    /// Its level once every step is made.
    pub level_after: Option<u8>,
    /// Its score once every step is made.
    pub score_after: Option<f64>,
    /// What keeps the target out of reach, if anything.
    pub obstacles: Vec<Obstacle>,
}

impl CategoryPlan {
    /// Whether the changes reach the target level.
    pub fn reached(&self) -> bool {
        self.level_after.is_some_and(|l| l >= self.target_level)
    }
}

/// The plan of one assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The assessment.
    pub key: AssessmentKey,
    /// Where the target levels come from.
    pub target_source: TargetSource,
    /// The categories below target, in questionnaire order.
    pub categories: Vec<CategoryPlan>,
    /// The overall level now.
    pub overall_level_before: Option<u8>,
    /// The overall score now.
    pub overall_score_before: Option<f64>,
    /// The overall level once every step of every category is made.
    pub overall_level_after: Option<u8>,
    /// The overall score once every step of every category is made.
    pub overall_score_after: Option<f64>,
}

impl Plan {
    /// Every step of every category.
    pub fn changes(&self) -> impl Iterator<Item = &Step> {
        self.categories.iter().flat_map(|c| &c.steps)
    }
}

/// The answers with `changes` (metric id, status key) made: an unanswered
/// metric gets an answer holding only its status.
pub fn apply<'a>(
    answers: &BTreeMap<String, Answer>,
    changes: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, Answer> {
    let mut out = answers.clone();
    for (metric, status) in changes {
        out.entry(metric.to_string())
            .or_insert_with(|| Answer {
                metric: metric.to_string(),
                ..Answer::default()
            })
            .status = Some(status.to_string());
    }
    out
}

/// Plan one assessment towards `target` (each category's next level when
/// `None`), ordering steps with `efforts`.
pub fn plan(
    q: &Questionnaire,
    key: &AssessmentKey,
    answers: &BTreeMap<String, Answer>,
    incidents: Option<&IncidentReport>,
    target: Option<&Target>,
    efforts: &Efforts,
) -> Plan {
    let before = crate::scoring::score_with_evidence(q, key, answers, incidents);
    let max = q.max_level();
    let mut wanted: Vec<(usize, u8)> = Vec::new();
    for (i, c) in before.categories.iter().enumerate() {
        let goal = match target {
            Some(t) => t.level(&c.key),
            None => c.level.map_or(1, |l| l.saturating_add(1)).min(max),
        };
        if goal > 0 && c.level.is_none_or(|l| l < goal) {
            wanted.push((i, goal));
        }
    }
    let mut solved = Vec::new();
    for &(i, goal) in &wanted {
        let key = &before.categories[i].key;
        let metrics: Vec<&crate::model::MetricResult> = before
            .metrics
            .iter()
            .filter(|m| &m.category == key)
            .collect();
        solved.push(solve::solve(q, &metrics, goal, efforts));
    }
    let after_answers = apply(
        answers,
        solved
            .iter()
            .flat_map(|s| s.changes.iter().map(|(m, s)| (m.as_str(), s.as_str()))),
    );
    let after = crate::scoring::score_with_evidence(q, key, &after_answers, incidents);
    let categories = wanted
        .iter()
        .zip(solved)
        .map(|(&(i, goal), s)| {
            let was = &before.categories[i];
            let now = &after.categories[i];
            let mut steps: Vec<Step> = s
                .changes
                .iter()
                .map(|(id, to)| {
                    let m = before.metrics.iter().find(|m| &m.id == id);
                    Step {
                        metric: id.clone(),
                        priority: m.map(|m| m.priority.clone()).unwrap_or_default(),
                        from_status: m.map(|m| m.status.clone()).unwrap_or_default(),
                        to_status: to.clone(),
                        effort: effort_of(q, efforts, id),
                    }
                })
                .collect();
            steps.sort_by(|a, b| {
                a.effort
                    .unwrap_or(u8::MAX)
                    .cmp(&b.effort.unwrap_or(u8::MAX))
                    .then(
                        q.priority_rank(&a.priority)
                            .cmp(&q.priority_rank(&b.priority)),
                    )
                    .then(crate::model::compare_ids(&a.metric, &b.metric))
            });
            let needs_evidence = q
                .levels
                .iter()
                .any(|l| l.level <= goal && l.evidence_all_pass);
            let evidence = if needs_evidence {
                evidence_needs(q, &after, &was.key, incidents.is_some())
            } else {
                Vec::new()
            };
            let mut obstacles = s.obstacles;
            for check in now.checks.iter().filter(|c| c.level <= goal && !c.holds) {
                if let Some(gap) = &check.evidence_gap {
                    obstacles.push(Obstacle::Evidence {
                        level: check.level,
                        gap: gap.clone(),
                    });
                }
            }
            CategoryPlan {
                category: was.key.clone(),
                level_before: was.level,
                score_before: was.group.score,
                target_level: goal,
                steps,
                evidence,
                level_after: now.level,
                score_after: now.group.score,
                obstacles,
            }
        })
        .collect();
    Plan {
        key: key.clone(),
        target_source: if target.is_some() {
            TargetSource::Profile
        } else {
            TargetSource::NextLevel
        },
        categories,
        overall_level_before: before.overall_level,
        overall_score_before: before.overall.score,
        overall_level_after: after.overall_level,
        overall_score_after: after.overall.score,
    }
}

/// The evidence rules of a category's applicable metrics and their state.
fn evidence_needs(
    q: &Questionnaire,
    scored: &crate::model::Assessment,
    category: &str,
    has_incidents: bool,
) -> Vec<EvidenceNeed> {
    let mut needs = Vec::new();
    for m in scored
        .metrics
        .iter()
        .filter(|m| m.category == category && m.treatment != Treatment::Excluded)
    {
        if has_incidents {
            needs.extend(m.checks.iter().map(|c| EvidenceNeed {
                metric: m.id.clone(),
                rule: c.rule.clone(),
                state: match c.verdict {
                    Verdict::Pass => EvidenceState::Passing,
                    Verdict::Fail => EvidenceState::Failing,
                    Verdict::InsufficientData => EvidenceState::NotEvaluated,
                },
                value: c.value,
                n: c.n,
            }));
        } else if let Some(def) = q.metric(&m.id) {
            needs.extend(def.evidence.iter().map(|r| EvidenceNeed {
                metric: m.id.clone(),
                rule: r.describe(),
                state: EvidenceState::NotEvaluated,
                value: None,
                n: 0,
            }));
        }
    }
    needs
}

#[cfg(test)]
mod tests;
