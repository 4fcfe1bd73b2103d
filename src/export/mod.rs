//! Machine-readable exports of scored assessments: `scores.csv` (long format)
//! and `scores.json`. Exporters return bytes; [`crate::output`] writes them.

pub mod imported;
pub mod oscal;
pub mod parquet;
pub mod xlsx;

use crate::error::{Error, Result};
use crate::format::{inert, trim_number};
use crate::model::{Assessment, GroupScore, Questionnaire, Treatment};
use crate::scoring::gaps;
use serde::Serialize;

/// Version of the `scores.json` layout: the minor part grows when a field is
/// added, the major part on a rename or removal.
pub const SCORES_SCHEMA_VERSION: &str = "1.1";
/// Layout version of `imcm kpi --format json`.
pub const INCIDENTS_SCHEMA_VERSION: &str = "1.0";

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map(|v| trim_number(v, decimals)).unwrap_or_default()
}

/// Round to 4 decimals for JSON output.
fn r4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// `scores.csv`: columns `org,unit,period,scope,id,score,coverage,maturity_level`,
/// one block per assessment (in the order given), rows in scope order
/// (metric, subcategory, category, overall) and questionnaire (id) order.
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn scores_csv(assessments: &[Assessment]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let ser = |e: csv::Error| Error::Serialise {
        what: "scores.csv",
        message: e.to_string(),
    };
    w.write_record([
        "org",
        "unit",
        "period",
        "scope",
        "id",
        "score",
        "coverage",
        "maturity_level",
    ])
    .map_err(ser)?;
    for a in assessments {
        let period = a.key.period.to_string();
        let mut row = |scope: &str, id: &str, score: String, coverage: String, level: String| {
            w.write_record([
                &*inert(&a.key.org),
                &*inert(&a.key.unit),
                period.as_str(),
                scope,
                id,
                &score,
                &coverage,
                &level,
            ])
        };
        for m in &a.metrics {
            let coverage = match m.treatment {
                Treatment::Scored => "1".to_string(),
                Treatment::Unobserved => "0".to_string(),
                Treatment::Excluded => String::new(),
            };
            row(
                "metric",
                &m.id,
                opt(m.points.map(|p| p * 100.0), 2),
                coverage,
                String::new(),
            )
            .map_err(ser)?;
        }
        for s in &a.subcategories {
            row(
                "subcategory",
                &s.id,
                opt(s.score, 2),
                opt(s.coverage, 4),
                String::new(),
            )
            .map_err(ser)?;
        }
        for c in &a.categories {
            let g = &c.group;
            row(
                "category",
                &c.key,
                opt(g.score, 2),
                opt(g.coverage, 4),
                c.level.map(|l| l.to_string()).unwrap_or_default(),
            )
            .map_err(ser)?;
        }
        row(
            "overall",
            "overall",
            opt(a.overall.score, 2),
            opt(a.overall.coverage, 4),
            a.overall_level.map(|l| l.to_string()).unwrap_or_default(),
        )
        .map_err(ser)?;
    }
    w.into_inner().map_err(|e| Error::Serialise {
        what: "scores.csv",
        message: e.to_string(),
    })
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
    /// Latest `assessed_on` of its answers.
    pub assessed_on: Option<&'a str>,
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

/// Columns of the answer template written by `imcm init`.
pub const TEMPLATE_COLUMNS: &[&str] = &[
    "org",
    "unit",
    "period",
    "metric",
    "status",
    "evidence",
    "comment",
    "priority",
    "category",
    "subcategory",
    "question",
];

/// The answer template: one row per metric in questionnaire order, status empty.
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn answer_template(
    q: &Questionnaire,
    org: &str,
    unit: &str,
    period: Option<crate::model::Period>,
    lang: crate::model::Lang,
) -> Result<Vec<u8>> {
    let ser = |e: csv::Error| Error::Serialise {
        what: "answer template",
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(TEMPLATE_COLUMNS).map_err(ser)?;
    let period = period.map(|p| p.to_string()).unwrap_or_default();
    for m in &q.metrics {
        let category = q
            .subcategory(&m.subcategory)
            .and_then(|s| q.category_of_subcategory(s))
            .map_or("", |c| c.key.as_str());
        w.write_record([
            &*inert(org),
            &*inert(unit),
            &period,
            &m.id,
            "",
            "",
            "",
            &m.priority,
            category,
            &m.subcategory,
            m.question.get(lang),
        ])
        .map_err(ser)?;
    }
    w.into_inner().map_err(|e| Error::Serialise {
        what: "answer template",
        message: e.to_string(),
    })
}

/// `imcm kpi --format csv`: exactly `org,unit,period,category,severity,kpi,value,n`;
/// an empty value means insufficient data.
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn kpi_csv(report: &crate::model::IncidentReport) -> Result<Vec<u8>> {
    let ser = |e: csv::Error| Error::Serialise {
        what: "KPI CSV",
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "org", "unit", "period", "category", "severity", "kpi", "value", "n",
    ])
    .map_err(ser)?;
    for r in &report.kpis {
        w.write_record([
            &*inert(&r.org),
            &*inert(&r.unit),
            &r.period,
            &*inert(&r.category),
            &*inert(&r.severity),
            &r.kpi,
            &opt(r.value, 4),
            &r.n.to_string(),
        ])
        .map_err(ser)?;
    }
    w.into_inner().map_err(|e| Error::Serialise {
        what: "KPI CSV",
        message: e.to_string(),
    })
}

/// `imcm kpi --quality --format csv`: `reason,rows,examples` (examples joined by `;`).
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn quality_csv(report: &crate::model::IncidentReport) -> Result<Vec<u8>> {
    let ser = |e: csv::Error| Error::Serialise {
        what: "quality CSV",
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["reason", "rows", "examples"])
        .map_err(ser)?;
    w.write_record(["rows_read", &report.rows.to_string(), ""])
        .map_err(ser)?;
    w.write_record(["rows_counted", &report.counted.to_string(), ""])
        .map_err(ser)?;
    for q in &report.quality {
        w.write_record([
            q.reason.as_str(),
            &q.rows.to_string(),
            &inert(&q.examples.join(";")),
        ])
        .map_err(ser)?;
    }
    w.into_inner().map_err(|e| Error::Serialise {
        what: "quality CSV",
        message: e.to_string(),
    })
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

/// `compare.csv`: exactly
/// `org,unit,from_period,to_period,category,metric,from_status,to_status,contribution`,
/// contributions with up to 4 decimals.
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn compare_csv(rows: &[crate::analysis::compare::DeltaRow]) -> Result<Vec<u8>> {
    let ser = |e: csv::Error| Error::Serialise {
        what: "compare.csv",
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "org",
        "unit",
        "from_period",
        "to_period",
        "category",
        "metric",
        "from_status",
        "to_status",
        "contribution",
    ])
    .map_err(ser)?;
    for r in rows {
        w.write_record([
            &*inert(&r.org),
            &*inert(&r.unit),
            &r.from_period.to_string(),
            &r.to_period.to_string(),
            &r.category,
            &r.metric,
            &r.from_status,
            &r.to_status,
            &trim_number(r.contribution, 4),
        ])
        .map_err(ser)?;
    }
    w.into_inner().map_err(|e| Error::Serialise {
        what: "compare.csv",
        message: e.to_string(),
    })
}

/// A published JSON Schema (draft 2020-12) generated from the Rust types
/// that write the JSON, with its id and version.
fn published_schema(
    mut schema: serde_json::Value,
    name: &str,
    title: &str,
    version: &str,
) -> Result<Vec<u8>> {
    if let Some(map) = schema.as_object_mut() {
        map.insert(
            "$id".into(),
            serde_json::Value::String(format!(
                "https://imcm.example/schemas/{name}-{version}.schema.json"
            )),
        );
        map.insert("title".into(), serde_json::Value::String(title.into()));
        map.insert("version".into(), serde_json::Value::String(version.into()));
    }
    let mut bytes = serde_json::to_vec_pretty(&schema).map_err(|e| Error::Serialise {
        what: "JSON Schema",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The JSON Schema of `scores.json` (and `imcm score --format json`).
///
/// # Errors
/// [`Error::Serialise`] only if serde_json fails.
pub fn scores_schema() -> Result<Vec<u8>> {
    let schema = serde_json::to_value(schemars::schema_for!(ScoresDoc<'static>)).map_err(|e| {
        Error::Serialise {
            what: "JSON Schema",
            message: e.to_string(),
        }
    })?;
    published_schema(schema, "scores", "imcm scores.json", SCORES_SCHEMA_VERSION)
}

/// The JSON Schema of `imcm kpi --format json`.
///
/// # Errors
/// [`Error::Serialise`] only if serde_json fails.
pub fn incidents_schema() -> Result<Vec<u8>> {
    let schema = serde_json::to_value(schemars::schema_for!(crate::model::IncidentReport))
        .map_err(|e| Error::Serialise {
            what: "JSON Schema",
            message: e.to_string(),
        })?;
    published_schema(
        schema,
        "incidents",
        "imcm kpi --format json",
        INCIDENTS_SCHEMA_VERSION,
    )
}

/// The JSON Schema of `imcm-manifest.json`, the file list of an output set.
///
/// # Errors
/// [`Error::Serialise`] (not expected).
pub fn manifest_schema() -> Result<Vec<u8>> {
    let schema = serde_json::to_value(schemars::schema_for!(crate::provenance::manifest::Manifest))
        .map_err(|e| Error::Serialise {
            what: "JSON Schema",
            message: e.to_string(),
        })?;
    published_schema(schema, "manifest", "imcm-manifest.json", "1")
}

#[cfg(test)]
mod tests {
    use crate::format::{inert, trim_number};

    #[test]
    fn text_that_a_spreadsheet_would_run_stays_text() {
        assert_eq!(
            inert("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(inert("+81 3"), "'+81 3");
        assert_eq!(inert("-SOC"), "'-SOC");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("Head Office"), "Head Office");
        assert_eq!(inert(""), "");
        assert_eq!(inert("a\0b\u{202e}"), "a\u{fffd}b\u{fffd}");
        assert_eq!(inert("\0=1"), "\u{fffd}=1");
    }

    #[test]
    fn numbers_are_trimmed_to_their_decimals() {
        assert_eq!(trim_number(66.666_666, 2), "66.67");
        assert_eq!(trim_number(80.0, 2), "80");
        assert_eq!(trim_number(72.5, 2), "72.5");
        assert_eq!(trim_number(0.75, 4), "0.75");
        assert_eq!(trim_number(-0.0001, 2), "0");
    }
}
