//! The roadmap section: per category below its target level (or, without a
//! target profile, below its next level, said as such), the answer changes
//! [`crate::analysis::plan`] derives from the level rules, and the level and
//! score once they are made. Efforts come from the questionnaire.

use super::Words;
use super::words::{fill, score_text};
use crate::analysis::plan::{self, EvidenceState, Obstacle, TargetSource};
use crate::input::target::Target;
use crate::model::{Answer, Assessment, EvidenceGap, IncidentReport};
use serde::Serialize;
use std::collections::BTreeMap;

/// The roadmap of one report.
#[derive(Debug, Serialize)]
pub struct Roadmap {
    /// Where the levels planned for come from, in words.
    pub basis: String,
    /// One entry per category below its target, in questionnaire order.
    pub categories: Vec<RoadmapCategory>,
}

/// One category's steps.
#[derive(Debug, Serialize)]
pub struct RoadmapCategory {
    /// Category name.
    pub name: String,
    /// "Level 2 → 3": the level now and the level planned for.
    pub heading: String,
    /// The answer changes, in the order to take them.
    pub steps: Vec<RoadmapStep>,
    /// "After these changes: level 3, score 81.0".
    pub after: String,
    /// Whether the changes reach the level planned for.
    pub reached: bool,
    /// Evidence rules the level needs, with their state.
    pub evidence: Vec<RoadmapEvidence>,
    /// What keeps the level out of reach by answers alone, in words.
    pub notes: Vec<String>,
}

/// One answer change.
#[derive(Debug, Serialize)]
pub struct RoadmapStep {
    /// Step number, from 1.
    pub n: usize,
    /// Metric id.
    pub metric: String,
    /// Priority key.
    pub priority: String,
    /// The question.
    pub question: String,
    /// Status now (label).
    pub from: String,
    /// Status needed (label).
    pub to: String,
    /// Effort 1–5, or "" when unknown.
    pub effort: String,
}

/// One evidence rule and its state.
#[derive(Debug, Serialize)]
pub struct RoadmapEvidence {
    /// Metric id.
    pub metric: String,
    /// The rule (`time_to_report_p90_h <= 24`).
    pub rule: String,
    /// Passing, failing or not evaluated (label).
    pub state: String,
    /// CSS-safe state key.
    pub state_class: &'static str,
}

/// The answers an assessment was scored from, as far as scoring looks at
/// them: the status of every answered metric. Scoring them again gives the
/// same levels and scores.
fn answers_of(a: &Assessment) -> BTreeMap<String, Answer> {
    a.metrics
        .iter()
        .filter(|m| m.answered)
        .map(|m| {
            (
                m.id.clone(),
                Answer {
                    metric: m.id.clone(),
                    status: Some(m.status.clone()),
                    ..Answer::default()
                },
            )
        })
        .collect()
}

/// Build the roadmap section of one assessment.
pub(super) fn roadmap(
    a: &Assessment,
    w: Words<'_>,
    target: Option<&Target>,
    incidents: Option<&IncidentReport>,
) -> Roadmap {
    let p = plan::plan(
        w.q,
        &a.key,
        &answers_of(a),
        incidents,
        target,
        &plan::Efforts::new(),
    );
    let basis = w
        .label(match p.target_source {
            TargetSource::Profile => "roadmap_basis_target",
            TargetSource::NextLevel => "roadmap_basis_next",
        })
        .to_string();
    let categories = p
        .categories
        .iter()
        .map(|c| {
            let reached = c.reached();
            RoadmapCategory {
                name: w.cat_name(&c.category),
                heading: fill(
                    w.label("roadmap_heading"),
                    &[
                        ("level", w.level_text(c.level_before)),
                        ("target", c.target_level.to_string()),
                    ],
                ),
                steps: c
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| RoadmapStep {
                        n: i + 1,
                        metric: s.metric.clone(),
                        priority: s.priority.clone(),
                        question: w.question(&s.metric),
                        from: w.status_label(&s.from_status),
                        to: w.status_label(&s.to_status),
                        effort: s.effort.map(|e| e.to_string()).unwrap_or_default(),
                    })
                    .collect(),
                after: fill(
                    w.label(if reached {
                        "roadmap_after_reached"
                    } else {
                        "roadmap_after_short"
                    }),
                    &[
                        ("level", w.level_text(c.level_after)),
                        ("score", score_text(c.score_after, w.t)),
                    ],
                ),
                reached,
                evidence: c
                    .evidence
                    .iter()
                    .map(|e| {
                        let (key, class) = match e.state {
                            EvidenceState::Passing => ("roadmap_passing", "pass"),
                            EvidenceState::Failing => ("roadmap_failing", "fail"),
                            EvidenceState::NotEvaluated => {
                                ("roadmap_not_evaluated", "not-evaluated")
                            }
                        };
                        RoadmapEvidence {
                            metric: e.metric.clone(),
                            rule: e.rule.clone(),
                            state: w.label(key).to_string(),
                            state_class: class,
                        }
                    })
                    .collect(),
                notes: c.obstacles.iter().map(|o| note(o, w)).collect(),
            }
        })
        .collect();
    Roadmap { basis, categories }
}

/// An obstacle in words.
fn note(o: &Obstacle, w: Words<'_>) -> String {
    match o {
        Obstacle::NoApplicableMetric => w.label("roadmap_no_applicable").to_string(),
        Obstacle::NoStatusMeets { metric } => {
            fill(w.label("roadmap_no_status"), &[("metric", metric.clone())])
        }
        Obstacle::AnyOfUnmet { level } => fill(
            w.label("roadmap_any_of_unmet"),
            &[("level", level.to_string())],
        ),
        Obstacle::Evidence { level, gap } => {
            let (key, metrics) = match gap {
                EvidenceGap::NoIncidentData => ("roadmap_no_incidents", String::new()),
                EvidenceGap::NoRules => ("roadmap_no_rules", String::new()),
                EvidenceGap::NotPassed { metrics } => ("roadmap_not_passed", w.join(metrics)),
            };
            fill(
                w.label(key),
                &[("level", level.to_string()), ("metrics", metrics)],
            )
        }
    }
}
