//! The CSV exports: `scores.csv` (long format), the KPI and data-quality
//! tables of `imcm kpi`, and `compare.csv`. Every cell that a spreadsheet
//! could take for a formula is made inert; each function returns the bytes.

use crate::error::{Error, Result};
use crate::format::{inert, trim_number};
use crate::model::{Assessment, Treatment};

/// A number with up to `decimals` decimals, or an empty cell.
fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map(|v| trim_number(v, decimals)).unwrap_or_default()
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

/// `imcm kpi --quality --format csv`: `reason,rows,examples,values,value_rows`
/// (examples, the first failing values and their rows each joined by `;`).
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn quality_csv(report: &crate::model::IncidentReport) -> Result<Vec<u8>> {
    let ser = |e: csv::Error| Error::Serialise {
        what: "quality CSV",
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["reason", "rows", "examples", "values", "value_rows"])
        .map_err(ser)?;
    w.write_record(["rows_read", &report.rows.to_string(), "", "", ""])
        .map_err(ser)?;
    w.write_record(["rows_counted", &report.counted.to_string(), "", "", ""])
        .map_err(ser)?;
    for q in &report.quality {
        let values: Vec<&str> = q.values.iter().map(|v| v.value.as_str()).collect();
        let counts: Vec<String> = q.values.iter().map(|v| v.rows.to_string()).collect();
        w.write_record([
            q.reason.as_str(),
            &q.rows.to_string(),
            &inert(&q.examples.join(";")),
            &inert(&values.join(";")),
            &counts.join(";"),
        ])
        .map_err(ser)?;
    }
    w.into_inner().map_err(|e| Error::Serialise {
        what: "quality CSV",
        message: e.to_string(),
    })
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

/// `imcm plan --format csv`: exactly
/// `org,unit,period,category,target_level,metric,priority,from_status,to_status,level_after,score_after`,
/// one row per answer change in the plan's order; `level_after` and
/// `score_after` are the category's once all its rows are applied (score
/// with up to 4 decimals, empty when there is no level or score). A category
/// with no change to make has no row.
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn plan_csv(plans: &[crate::analysis::plan::Plan]) -> Result<Vec<u8>> {
    let ser = |e: csv::Error| Error::Serialise {
        what: "plan CSV",
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(PLAN_COLUMNS).map_err(ser)?;
    for p in plans {
        let period = p.key.period.to_string();
        for c in &p.categories {
            let target = c.target_level.to_string();
            let level = c.level_after.map(|l| l.to_string()).unwrap_or_default();
            let score = opt(c.score_after, 4);
            for s in &c.steps {
                w.write_record([
                    &*inert(&p.key.org),
                    &*inert(&p.key.unit),
                    &period,
                    &c.category,
                    &target,
                    &s.metric,
                    &s.priority,
                    &s.from_status,
                    &s.to_status,
                    &level,
                    &score,
                ])
                .map_err(ser)?;
            }
        }
    }
    w.into_inner().map_err(|e| Error::Serialise {
        what: "plan CSV",
        message: e.to_string(),
    })
}

/// The columns of [`plan_csv`].
pub const PLAN_COLUMNS: [&str; 11] = [
    "org",
    "unit",
    "period",
    "category",
    "target_level",
    "metric",
    "priority",
    "from_status",
    "to_status",
    "level_after",
    "score_after",
];

/// `imcm plan --what-if … --format csv`: exactly
/// `org,unit,period,scope,id,level_before,score_before,level_after,score_after`,
/// one row per category and one `overall` row per assessment (scores with up
/// to 4 decimals).
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn what_if_csv(runs: &[crate::analysis::plan::WhatIf]) -> Result<Vec<u8>> {
    let ser = |e: csv::Error| Error::Serialise {
        what: "what-if CSV",
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "org",
        "unit",
        "period",
        "scope",
        "id",
        "level_before",
        "score_before",
        "level_after",
        "score_after",
    ])
    .map_err(ser)?;
    let level = |l: Option<u8>| l.map(|l| l.to_string()).unwrap_or_default();
    for run in runs {
        let period = run.key.period.to_string();
        for r in &run.rows {
            let scope = if r.id == "overall" {
                "overall"
            } else {
                "category"
            };
            w.write_record([
                &*inert(&run.key.org),
                &*inert(&run.key.unit),
                &period,
                scope,
                &r.id,
                &level(r.level_before),
                &opt(r.score_before, 4),
                &level(r.level_after),
                &opt(r.score_after, 4),
            ])
            .map_err(ser)?;
        }
    }
    w.into_inner().map_err(|e| Error::Serialise {
        what: "what-if CSV",
        message: e.to_string(),
    })
}
