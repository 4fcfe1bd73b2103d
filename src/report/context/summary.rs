//! The executive page's views: one summary line per category, the gaps
//! with their recommendations, and the metrics not observed.

use super::words::{Words, css_class, percent, score_text};
use crate::input::target::Target;
use crate::model::{Assessment, MetricResult, Treatment};
use crate::scoring::gaps;
use serde::Serialize;

/// A category line on the executive page.
#[derive(Debug, Serialize)]
pub struct CategorySummary {
    /// Category id.
    pub id: String,
    /// Category name.
    pub name: String,
    /// Score or "—".
    pub score: String,
    /// Coverage percentage.
    pub coverage: String,
    /// Level number.
    pub level: String,
    /// Level name.
    pub level_name: String,
    /// Target level; `None` without a target profile.
    pub target: Option<String>,
    /// Whether the category has a level (some metric applies).
    pub applicable: bool,
    /// Whether the level reaches the target; `None` without a target
    /// profile or without a level.
    pub meets_target: Option<bool>,
    /// Level and score change since the previous quarter (`+1 / +5.5`);
    /// `None` when the answers hold no earlier quarter of the unit.
    pub change: Option<String>,
}

/// A gap (or a recommendation).
#[derive(Debug, Serialize)]
pub struct GapRow {
    /// Metric id.
    pub id: String,
    /// Category name.
    pub category: String,
    /// Question.
    pub question: String,
    /// Priority key.
    pub priority: String,
    /// Status label.
    pub status: String,
    /// CSS-safe status key.
    pub status_class: String,
    /// Weight lost.
    pub lost: String,
    /// What to do.
    pub recommendation: String,
}

/// A metric not observed.
#[derive(Debug, Serialize)]
pub struct NotObservedRow {
    /// Metric id.
    pub id: String,
    /// Priority key.
    pub priority: String,
    /// Question.
    pub question: String,
    /// Why: the comment, or "no answer given".
    pub note: String,
}

/// The summary line of the category `key`.
pub(super) fn category_summary(
    a: &Assessment,
    w: Words<'_>,
    target: Option<&Target>,
    key: &str,
    previous: Option<&Assessment>,
) -> CategorySummary {
    let c = a.category(key).expect("category scored");
    let cat = w.q.category(key).expect("category defined");
    let goal = target.map(|t| t.level(key));
    CategorySummary {
        id: cat.id.clone(),
        name: cat.name.get(w.lang).to_string(),
        score: score_text(c.group.score, w.t),
        coverage: percent(c.group.coverage, w.t),
        level: w.level_text(c.level),
        level_name: w.level_name(c.level),
        target: goal.map(|g| g.to_string()),
        applicable: c.level.is_some(),
        meets_target: goal.zip(c.level).map(|(g, l)| l >= g),
        change: previous.map(|p| super::brief::category_change(w, c, p.category(key))),
    }
}

/// One summary line per category, in questionnaire order.
pub(super) fn summaries(
    a: &Assessment,
    w: Words<'_>,
    target: Option<&Target>,
    previous: Option<&Assessment>,
) -> Vec<CategorySummary> {
    w.q.categories
        .iter()
        .map(|c| category_summary(a, w, target, &c.key, previous))
        .collect()
}

fn gap_row(m: &MetricResult, w: Words<'_>) -> GapRow {
    GapRow {
        id: m.id.clone(),
        category: w.cat_name(&m.category),
        question: w.question(&m.id),
        priority: m.priority.clone(),
        status: w.status_label(&m.status),
        status_class: css_class(&m.status),
        lost: crate::format::weight(m.gap().unwrap_or(0.0)),
        recommendation: w
            .q
            .metric(&m.id)
            .map(|x| x.recommendation.get(w.lang).to_string())
            .unwrap_or_default(),
    }
}

/// Every gap, most important first (the recommendations), and the first
/// [`super::TOP_GAPS`] of them (the executive page's).
pub(super) fn gap_rows(a: &Assessment, w: Words<'_>) -> (Vec<GapRow>, Vec<GapRow>) {
    let all_gaps = gaps(a, w.q);
    let recommendations = all_gaps.iter().map(|m| gap_row(m, w)).collect();
    let top_gaps = all_gaps
        .iter()
        .take(super::TOP_GAPS)
        .map(|m| gap_row(m, w))
        .collect();
    (recommendations, top_gaps)
}

/// The metrics not observed, with their comment or "no answer given".
pub(super) fn not_observed(a: &Assessment, w: Words<'_>) -> Vec<NotObservedRow> {
    a.metrics
        .iter()
        .filter(|m| m.treatment == Treatment::Unobserved)
        .map(|m| NotObservedRow {
            id: m.id.clone(),
            priority: m.priority.clone(),
            question: w.question(&m.id),
            note: if !m.answered {
                w.label("unanswered").to_string()
            } else {
                m.comment.clone()
            },
        })
        .collect()
}
