//! The metric model: categories, subcategories, metrics and the scoring rules
//! that come with them (answer scale, priority weights, maturity levels).

mod lookup;

use super::Text;
use lookup::Index;
use serde::{Deserialize, Serialize};

/// How a status takes part in scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    /// Counts with its points times the metric's weight.
    Scored,
    /// Leaves both the score and the coverage denominators (not applicable).
    Excluded,
    /// Leaves the score denominator but counts against coverage (not observed).
    Unobserved,
}

/// One value of the answer scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusDef {
    /// Canonical key written in outputs (`yes`, `partial`, …).
    pub key: String,
    /// What the status does to a score.
    pub treatment: Treatment,
    /// Points between 0 and 1; only meaningful for [`Treatment::Scored`].
    #[serde(default)]
    pub points: f64,
    /// Display label.
    pub label: Text,
    /// Other spellings accepted on input (matched case-insensitively).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A priority class and its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityDef {
    /// Key used by metrics (`I`, `II`, `III`).
    pub key: String,
    /// Weight of a metric of this priority in every group score (> 0).
    pub weight: f64,
    /// Display label.
    pub label: Text,
}

/// "Every metric of `priority` has one of `status`."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// A priority key, or `*` for every metric.
    pub priority: String,
    /// Accepted status keys.
    pub status: Vec<String>,
}

/// The condition for one maturity level of a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelRule {
    /// Level number, 1 upwards; level 0 is implicit.
    pub level: u8,
    /// Display name (`Initial`, `Basic`, …).
    pub name: Text,
    /// At least one applicable metric has one of these statuses.
    #[serde(default)]
    pub any_of: Vec<String>,
    /// Every applicable metric of a priority has one of the listed statuses.
    #[serde(default)]
    pub require: Vec<Requirement>,
    /// No applicable metric has one of these statuses.
    #[serde(default)]
    pub forbid: Vec<String>,
    /// Every evidence rule of the category passes on incident data.
    #[serde(default)]
    pub evidence_all_pass: bool,
}

/// A top-level category (Protect, Detect, Respond, Sustain in IMCM).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable key (`protect`).
    pub key: String,
    /// Numeric id (`1`), the prefix of its subcategory ids.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// One-sentence description.
    #[serde(default)]
    pub summary: Text,
}

/// A subcategory (`1.1 Risk Assessment`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subcategory {
    /// Id (`1.1`).
    pub id: String,
    /// Id of the category it belongs to; derived from the id when absent.
    #[serde(default)]
    pub category: String,
    /// Display name.
    pub name: Text,
}

/// The kind of an indicator, after IMCM's indicator classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Something that must exist before the function can be performed.
    Prerequisite,
    /// A policy, procedure or rule that governs the function.
    Control,
    /// The function actually being performed.
    Activity,
    /// Tools, staff or funding that make the activity possible.
    SupportingMechanism,
    /// A record an assessor can inspect.
    Artifact,
    /// A criterion for how well the function is performed.
    Quality,
}

/// One piece of evidence an assessor looks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Indicator class.
    pub kind: IndicatorKind,
    /// Whether the metric cannot be `yes` without it.
    pub required: bool,
    /// What to look for.
    pub text: Text,
}

/// One metric: a question with a priority and indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// Id (`1.1.1`).
    pub id: String,
    /// Id of the subcategory; derived from the id when absent.
    #[serde(default)]
    pub subcategory: String,
    /// Priority key.
    pub priority: String,
    /// The question put to the organisation.
    pub question: Text,
    /// Advice for the assessor.
    pub guidance: Text,
    /// What to do when the answer is not `yes`.
    #[serde(default)]
    pub recommendation: Text,
    /// Evidence to look for.
    pub indicators: Vec<Indicator>,
    /// Rules over incident KPIs that can corroborate or contradict the answer.
    #[serde(default)]
    pub evidence: Vec<EvidenceRule>,
    /// How much work raising this metric takes, from 1 (least) to 5 (most),
    /// when the questionnaire's authors estimated it; orders the steps of
    /// `imcm plan` (a `--effort` file may override it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<u8>,
}

/// The smallest and largest effort a metric may be given.
pub const EFFORT_RANGE: std::ops::RangeInclusive<u8> = 1..=5;

/// A comparison of one KPI of the assessment's (org, unit, period) with a
/// threshold, e.g. `time_to_report_p90_h <= 24`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRule {
    /// KPI name (see `imcm kpi`).
    pub kpi: String,
    /// Comparison: `<=`, `<`, `>=` or `>`.
    pub op: String,
    /// Threshold.
    pub value: f64,
    /// Only this incident category (for per-category KPIs such as `category_share`).
    #[serde(default)]
    pub category: Option<String>,
    /// Only this severity.
    #[serde(default)]
    pub severity: Option<String>,
    /// Fewest incidents the KPI must rest on; fewer gives "insufficient data".
    #[serde(default = "default_rule_min_n")]
    pub min_n: u64,
}

fn default_rule_min_n() -> u64 {
    10
}

impl EvidenceRule {
    /// Whether `value` satisfies the rule.
    pub fn holds(&self, value: f64) -> bool {
        match self.op.as_str() {
            "<=" => value <= self.value,
            "<" => value < self.value,
            ">=" => value >= self.value,
            ">" => value > self.value,
            _ => false,
        }
    }

    /// The rule as text, e.g. `time_to_report_p90_h <= 24` or
    /// `category_share[malware] <= 0.25`.
    pub fn describe(&self) -> String {
        let mut filter = Vec::new();
        if let Some(c) = &self.category {
            filter.push(c.as_str());
        }
        if let Some(s) = &self.severity {
            filter.push(s.as_str());
        }
        let filter = if filter.is_empty() {
            String::new()
        } else {
            format!("[{}]", filter.join(","))
        };
        let value = format!("{}", self.value);
        format!("{}{filter} {} {value}", self.kpi, self.op)
    }
}

/// How incident logs are read and judged under this questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentSettings {
    /// Known incident categories (lower case).
    pub categories: Vec<String>,
    /// Known severities, most severe first (lower case).
    pub severities: Vec<String>,
    /// Containment SLA in hours per severity.
    #[serde(default)]
    pub sla_hours: std::collections::BTreeMap<String, f64>,
    /// Fewest incidents a statistic or share may rest on.
    #[serde(default = "default_min_n")]
    pub min_n: u64,
}

fn default_min_n() -> u64 {
    5
}

impl Default for IncidentSettings {
    fn default() -> Self {
        IncidentSettings {
            categories: [
                "malware",
                "phishing",
                "intrusion",
                "dos",
                "data_leak",
                "misuse",
                "error",
                "physical",
                "vulnerability",
                "other",
            ]
            .map(String::from)
            .to_vec(),
            severities: ["critical", "high", "medium", "low"]
                .map(String::from)
                .to_vec(),
            sla_hours: [
                ("critical", 4.0),
                ("high", 24.0),
                ("medium", 72.0),
                ("low", 168.0),
            ]
            .map(|(k, v)| (k.to_string(), v))
            .into_iter()
            .collect(),
            min_n: default_min_n(),
        }
    }
}

/// A whole questionnaire: structure plus scoring rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Identifier (`imcm-v0.1`).
    pub id: String,
    /// Version of this definition.
    pub version: String,
    /// Display title.
    pub title: Text,
    /// Where the structure comes from.
    #[serde(default)]
    pub source: String,
    /// The answer scale.
    #[serde(rename = "status")]
    pub statuses: Vec<StatusDef>,
    /// Priority classes, most important first.
    #[serde(rename = "priority")]
    pub priorities: Vec<PriorityDef>,
    /// Maturity levels, ascending.
    #[serde(rename = "level")]
    pub levels: Vec<LevelRule>,
    /// Categories in display order.
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
    /// Subcategories in display order.
    #[serde(rename = "subcategory")]
    pub subcategories: Vec<Subcategory>,
    /// Metrics in display order.
    #[serde(rename = "metric")]
    pub metrics: Vec<Metric>,
    /// Incident categories, severities, SLAs and the minimum n.
    #[serde(default)]
    pub incidents: IncidentSettings,
    /// Positions of metrics, subcategories and categories by id, built on
    /// first use so that lookups cost the same for 50 metrics or 10,000.
    #[serde(skip)]
    index: Index,
}
