//! The JSON documents: `scores.json` (its layout as Rust types, which the
//! published schema is generated from) and the incident report of
//! `imcm kpi --format json`. Each function returns the bytes.

use crate::error::{Error, Result};
use crate::model::{Assessment, GroupScore, Questionnaire, Treatment};
use crate::scoring::gaps;
use serde::Serialize;

/// Version of the `scores.json` layout: the minor part grows when a field is
/// added, the major part on a rename or removal.
pub const SCORES_SCHEMA_VERSION: &str = "1.2";
/// Layout version of `imcm kpi --format json`.
pub const INCIDENTS_SCHEMA_VERSION: &str = "1.0";

/// Round to 4 decimals for JSON output.
fn r4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// Root of `scores.json`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ScoresDoc<'a> {
    /// Layout version ([`SCORES_SCHEMA_VERSION`]).
    pub schema_version: &'static str,
    /// imcm version that wrote the file.
    pub generator: String,
    /// Questionnaire id.
    pub questionnaire_id: &'a str,
    /// Questionnaire version.
    pub questionnaire_version: &'a str,
    /// One entry per assessment.
    pub assessments: Vec<AssessmentDoc<'a>>,
    /// The exact inputs the figures were computed from (see `imcm verify`).
    pub provenance: &'a crate::provenance::Provenance,
}

/// One assessment in `scores.json`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct AssessmentDoc<'a> {
    /// Organisation.
    pub org: &'a str,
    /// Unit (empty = whole organisation).
    pub unit: &'a str,
    /// Quarter, `YYYY-Qn`.
    pub period: String,
    /// Latest `assessed_on` of its answers; `null` when none gave one.
    pub assessed_on: Option<&'a str>,
    /// Every assessor named in its answers.
    pub assessors: &'a [String],
    /// Every respondent named in its answers.
    pub respondents: &'a [String],
    /// Metrics whose respondents gave different statuses.
    pub disagreements: Vec<&'a str>,
    /// All metrics together.
    pub overall: GroupDoc<'a>,
    /// Per category, in questionnaire order.
    pub categories: Vec<GroupDoc<'a>>,
    /// Per subcategory.
    pub subcategories: Vec<GroupDoc<'a>>,
    /// Per metric.
    pub metrics: Vec<MetricDoc<'a>>,
    /// Metrics answered `no`/`partial`, by priority then lost weight.
    pub gaps: Vec<GapDoc<'a>>,
    /// Metrics not observed (answered so or unanswered).
    pub not_observed: Vec<&'a str>,
    /// Positive answers contradicted by incident evidence.
    pub contradicted: Vec<&'a str>,
    /// Positive answers corroborated by incident evidence.
    pub corroborated: Vec<&'a str>,
}

/// Score of a group in `scores.json`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct GroupDoc<'a> {
    /// Subcategory id, category key or `overall`.
    pub id: &'a str,
    /// 0–100, `null` when nothing is scored.
    pub score: Option<f64>,
    /// 0–1, `null` when nothing is applicable.
    pub coverage: Option<f64>,
    /// Maturity level (categories and overall only; `null` when no metric applies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maturity_level: Option<Option<u8>>,
    /// Maturity level name in English (categories and overall only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maturity_name: Option<Option<&'a str>>,
    /// Σ weight × points.
    pub earned_weight: f64,
    /// Σ weight of scored metrics.
    pub scored_weight: f64,
    /// Metrics in the group.
    pub metrics: usize,
    /// Scored metrics.
    pub scored: usize,
    /// Not-applicable metrics.
    pub not_applicable: usize,
    /// Not-observed metrics.
    pub not_observed: usize,
    /// Counts per priority, then status: `{"I": {"yes": 3, …}, …}`.
    pub counts: std::collections::BTreeMap<&'a str, std::collections::BTreeMap<&'a str, usize>>,
}

/// One metric in `scores.json`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct MetricDoc<'a> {
    /// Metric id.
    pub id: &'a str,
    /// Category key.
    pub category: &'a str,
    /// Subcategory id.
    pub subcategory: &'a str,
    /// Priority key.
    pub priority: &'a str,
    /// Priority weight.
    pub weight: f64,
    /// Canonical status.
    pub status: &'a str,
    /// False when no answer gave a status.
    pub answered: bool,
    /// Points 0–1, `null` unless scored.
    pub points: Option<f64>,
    /// Evidence text.
    pub evidence: &'a str,
    /// Comment text.
    pub comment: &'a str,
    /// `file:line` of the answer.
    pub source: &'a str,
    /// Who assessed it; empty when not given.
    pub assessor: &'a str,
    /// When it was assessed, as written; empty when not given.
    pub assessed_on: &'a str,
    /// Indicators recorded as seen, as written; empty when none.
    pub indicators_met: &'a str,
    /// The respondents' own answers and how they were combined; only for a
    /// metric several respondents answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consensus: Option<&'a crate::model::Consensus>,
    /// Evidence rules evaluated on incident data (empty without incidents).
    pub evidence_checks: &'a [crate::model::EvidenceResult],
    /// `corroborated`, `contradicted` or null.
    pub corroboration: Option<crate::model::Corroboration>,
}

/// One gap in `scores.json`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct GapDoc<'a> {
    /// Metric id.
    pub metric: &'a str,
    /// Priority key.
    pub priority: &'a str,
    /// Status.
    pub status: &'a str,
    /// weight × (1 − points).
    pub lost_weight: f64,
}

/// `level`: `None` for groups without levels (subcategories), `Some(None)`
/// for a category or overall result without a level.
fn group_doc<'a>(
    g: &'a GroupScore,
    level: Option<Option<u8>>,
    q: &'a Questionnaire,
) -> GroupDoc<'a> {
    let mut counts: std::collections::BTreeMap<&str, std::collections::BTreeMap<&str, usize>> =
        Default::default();
    for c in &g.counts {
        counts
            .entry(c.priority.as_str())
            .or_default()
            .insert(c.status.as_str(), c.count);
    }
    GroupDoc {
        id: &g.id,
        score: g.score.map(r4),
        coverage: g.coverage.map(r4),
        maturity_level: level,
        maturity_name: level.map(|l| l.map(|l| level_name_en(q, l))),
        earned_weight: r4(g.earned_weight),
        scored_weight: r4(g.scored_weight),
        metrics: g.metrics,
        scored: g.scored,
        not_applicable: g.excluded,
        not_observed: g.unobserved,
        counts,
    }
}

fn level_name_en(q: &Questionnaire, level: u8) -> &str {
    q.levels
        .iter()
        .find(|l| l.level == level)
        .map_or("None", |l| l.name.en.as_str())
}

/// `scores.json` for the given assessments.
///
/// # Errors
/// [`Error::Serialise`] only if serde_json fails.
pub fn scores_json(
    assessments: &[Assessment],
    q: &Questionnaire,
    provenance: &crate::provenance::Provenance,
) -> Result<Vec<u8>> {
    let doc = ScoresDoc {
        schema_version: SCORES_SCHEMA_VERSION,
        generator: format!("imcm {}", env!("CARGO_PKG_VERSION")),
        questionnaire_id: &q.id,
        questionnaire_version: &q.version,
        assessments: assessments
            .iter()
            .map(|a| AssessmentDoc {
                org: &a.key.org,
                unit: &a.key.unit,
                period: a.key.period.to_string(),
                assessed_on: a.assessed_on.as_deref(),
                assessors: &a.assessors,
                respondents: &a.respondents,
                disagreements: a
                    .metrics
                    .iter()
                    .filter(|m| m.consensus.as_ref().is_some_and(|c| c.disagree))
                    .map(|m| m.id.as_str())
                    .collect(),
                overall: group_doc(&a.overall, Some(a.overall_level), q),
                categories: a
                    .categories
                    .iter()
                    .map(|c| group_doc(&c.group, Some(c.level), q))
                    .collect(),
                subcategories: a
                    .subcategories
                    .iter()
                    .map(|s| group_doc(s, None, q))
                    .collect(),
                metrics: a
                    .metrics
                    .iter()
                    .map(|m| MetricDoc {
                        id: &m.id,
                        category: &m.category,
                        subcategory: &m.subcategory,
                        priority: &m.priority,
                        weight: m.weight,
                        status: &m.status,
                        answered: m.answered,
                        points: m.points,
                        evidence: &m.evidence,
                        comment: &m.comment,
                        source: &m.source,
                        assessor: &m.assessor,
                        assessed_on: &m.assessed_on,
                        indicators_met: &m.indicators_met,
                        consensus: m.consensus.as_ref(),
                        evidence_checks: &m.checks,
                        corroboration: m.corroboration,
                    })
                    .collect(),
                gaps: gaps(a, q)
                    .into_iter()
                    .map(|m| GapDoc {
                        metric: &m.id,
                        priority: &m.priority,
                        status: &m.status,
                        lost_weight: r4(m.gap().unwrap_or(0.0)),
                    })
                    .collect(),
                not_observed: a
                    .metrics
                    .iter()
                    .filter(|m| m.treatment == Treatment::Unobserved)
                    .map(|m| m.id.as_str())
                    .collect(),
                contradicted: a
                    .metrics
                    .iter()
                    .filter(|m| m.corroboration == Some(crate::model::Corroboration::Contradicted))
                    .map(|m| m.id.as_str())
                    .collect(),
                corroborated: a
                    .metrics
                    .iter()
                    .filter(|m| m.corroboration == Some(crate::model::Corroboration::Corroborated))
                    .map(|m| m.id.as_str())
                    .collect(),
            })
            .collect(),
        provenance,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::Serialise {
        what: "scores.json",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The whole incident report (sources, quality, KPIs) as JSON.
///
/// # Errors
/// [`Error::Serialise`] only if serde_json fails.
pub fn incidents_json(report: &crate::model::IncidentReport) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(report).map_err(|e| Error::Serialise {
        what: "incident report",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}
