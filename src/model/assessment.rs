//! The result of scoring one assessment: per metric, per group and overall.

use super::{AssessmentKey, Treatment};
use serde::{Deserialize, Serialize};

/// One metric's part in the scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MetricResult {
    /// Metric id.
    pub id: String,
    /// Subcategory id.
    pub subcategory: String,
    /// Category key.
    pub category: String,
    /// Priority key.
    pub priority: String,
    /// Weight of its priority.
    pub weight: f64,
    /// Canonical status; an unanswered metric gets the questionnaire's
    /// unobserved status (normally `not_observed`).
    pub status: String,
    /// Whether an answer row gave the status (false: filled in as not observed).
    pub answered: bool,
    /// How the status takes part in scoring.
    pub treatment: Treatment,
    /// Points earned (0–1) when scored.
    pub points: Option<f64>,
    /// Evidence text from the answer.
    pub evidence: String,
    /// Comment from the answer.
    pub comment: String,
    /// Where the answer was read (`file:line`), empty when unanswered.
    pub source: String,
    /// Who assessed it (the answers' `assessor`), empty when not given.
    #[serde(default)]
    pub assessor: String,
    /// When it was assessed (`assessed_on`, as written), empty when not given.
    #[serde(default)]
    pub assessed_on: String,
    /// The indicators recorded as seen (`indicators_met`, as written), empty
    /// when none was recorded.
    #[serde(default)]
    pub indicators_met: String,
    /// How the answers of several respondents were combined, when more than
    /// one respondent answered this metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consensus: Option<Consensus>,
    /// Each evidence rule of the metric evaluated on incident KPIs (empty
    /// without incident data or rules).
    #[serde(default)]
    pub checks: Vec<EvidenceResult>,
    /// What the evidence says about a positive answer.
    #[serde(default)]
    pub corroboration: Option<Corroboration>,
}

/// How several respondents' answers to one metric became one status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Consensus {
    /// The rule applied (`lowest`, `median` or `majority`).
    pub rule: String,
    /// Each respondent's answer, in the order read.
    pub responses: Vec<Response>,
    /// Highest minus lowest points among the scored answers (0 to 1; 0 when
    /// fewer than two were scored or they agree).
    pub spread: f64,
    /// Whether the respondents gave different statuses.
    pub disagree: bool,
}

/// One respondent's answer to a metric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Response {
    /// Who answered (the `respondent` column).
    pub respondent: String,
    /// Canonical status given.
    pub status: String,
    /// Where the row was read (`file:line`).
    pub source: String,
    /// Evidence the respondent gave.
    #[serde(default)]
    pub evidence: String,
    /// The respondent's comment.
    #[serde(default)]
    pub comment: String,
}

/// The outcome of one evidence rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The KPI meets the threshold.
    Pass,
    /// The KPI misses the threshold.
    Fail,
    /// Too few incidents (or none) to judge.
    InsufficientData,
}

/// What incident evidence says about a `yes`/`partial` answer. The answer
/// itself is never changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Corroboration {
    /// Every rule of the metric passes.
    Corroborated,
    /// At least one rule fails.
    Contradicted,
}

/// One evidence rule evaluated for one assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EvidenceResult {
    /// The rule as text (`time_to_report_p90_h <= 24`).
    pub rule: String,
    /// KPI name.
    pub kpi: String,
    /// KPI value, when there is one.
    pub value: Option<f64>,
    /// Incidents the value rests on.
    pub n: u64,
    /// Pass, fail or insufficient data.
    pub verdict: Verdict,
}

impl MetricResult {
    /// Weight lost against a full `yes` (weight × (1 − points)); `None` unless scored.
    pub fn gap(&self) -> Option<f64> {
        self.points.map(|p| self.weight * (1.0 - p))
    }
}

/// How many metrics of a priority have a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StatusCount {
    /// Priority key.
    pub priority: String,
    /// Status key.
    pub status: String,
    /// Number of metrics.
    pub count: usize,
}

/// Score and coverage of a group of metrics (subcategory, category, overall).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupScore {
    /// Subcategory id, category key or `overall`.
    pub id: String,
    /// 100 × Σ(weight × points) / Σ(weight) over scored metrics; `None` when none is scored.
    pub score: Option<f64>,
    /// Scored metrics / applicable metrics; `None` when none is applicable.
    pub coverage: Option<f64>,
    /// Σ(weight × points) over scored metrics.
    pub earned_weight: f64,
    /// Σ(weight) over scored metrics.
    pub scored_weight: f64,
    /// Metrics in the group.
    pub metrics: usize,
    /// Metrics with a scored status.
    pub scored: usize,
    /// Metrics excluded as not applicable.
    pub excluded: usize,
    /// Metrics not observed (answered so, or unanswered).
    pub unobserved: usize,
    /// Metric counts per priority and status, in questionnaire order; zero counts included.
    pub counts: Vec<StatusCount>,
}

impl GroupScore {
    /// Metrics that apply: those in the group less the excluded ones.
    pub fn applicable(&self) -> usize {
        self.metrics.saturating_sub(self.excluded)
    }
}

/// Whether one maturity level's condition holds, and what stops it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LevelCheck {
    /// Level number.
    pub level: u8,
    /// Whether this level's own condition holds.
    pub holds: bool,
    /// Ids of the metrics that break the condition (for `any_of`, empty).
    pub blockers: Vec<String>,
    /// Why an evidence condition fails, when the level has one.
    pub evidence_gap: Option<EvidenceGap>,
}

/// A category's scores and maturity level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CategoryResult {
    /// Category key.
    pub key: String,
    /// Score and coverage.
    pub group: GroupScore,
    /// Maturity level: highest level whose condition holds along with all
    /// below it; `None` when the category has no applicable metric.
    pub level: Option<u8>,
    /// The check of every level, ascending.
    pub checks: Vec<LevelCheck>,
}

/// A scored assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Which organisation, unit and quarter.
    pub key: AssessmentKey,
    /// Questionnaire id.
    pub questionnaire_id: String,
    /// Questionnaire version.
    pub questionnaire_version: String,
    /// Every metric of the questionnaire, in its order.
    pub metrics: Vec<MetricResult>,
    /// Every subcategory, in questionnaire order.
    pub subcategories: Vec<GroupScore>,
    /// Every category, in questionnaire order.
    pub categories: Vec<CategoryResult>,
    /// All metrics together.
    pub overall: GroupScore,
    /// Overall maturity level: the lowest level among categories that have
    /// one; `None` when no category has an applicable metric.
    pub overall_level: Option<u8>,
    /// Latest `assessed_on` among the answers, if any was given.
    pub assessed_on: Option<String>,
    /// Every assessor named in the answers, sorted, without repeats.
    #[serde(default)]
    pub assessors: Vec<String>,
    /// Every respondent named in the answers, sorted, without repeats.
    #[serde(default)]
    pub respondents: Vec<String>,
}

impl Assessment {
    /// The category result with this key.
    pub fn category(&self, key: &str) -> Option<&CategoryResult> {
        self.categories.iter().find(|c| c.key == key)
    }

    /// The subcategory score with this id.
    pub fn subcategory(&self, id: &str) -> Option<&GroupScore> {
        self.subcategories.iter().find(|s| s.id == id)
    }
}

/// Why a level that needs incident evidence is not reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EvidenceGap {
    /// No incident log was given.
    NoIncidentData,
    /// The category's metrics carry no evidence rule.
    NoRules,
    /// These metrics have a rule that failed or lacked data.
    NotPassed {
        /// Metric ids.
        metrics: Vec<String>,
    },
}
