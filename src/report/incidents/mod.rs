//! The report's incident section: charts and tables built from the incident
//! KPIs of the assessment's org and unit, and the answers the evidence
//! corroborates or contradicts.

mod charts;
pub mod text;

use super::charts::ChartTable;
use super::context::{Chart, Labels};
use crate::error::Result;
use crate::format::trim_number;
use crate::model::{
    Assessment, Corroboration, IncidentReport, Lang, MetricResult, Questionnaire, Verdict,
};
use charts::Rows;
use serde::Serialize;

/// The incident section of a report.
#[derive(Debug, Serialize)]
pub struct IncidentSection {
    /// Intro sentence with row counts.
    pub intro: String,
    /// Input files and their rows.
    pub sources: Vec<String>,
    /// Volume per quarter stacked by category.
    pub volume_svg: String,
    /// Its caption (with n).
    pub volume_caption: String,
    /// Containment and resolution times per quarter.
    pub times_svg: String,
    /// Its caption (with n).
    pub times_caption: String,
    /// SLA compliance per severity.
    pub sla_svg: String,
    /// Its caption (with n).
    pub sla_caption: String,
    /// Detection source mix per quarter.
    pub mix_svg: String,
    /// Its caption (with n).
    pub mix_caption: String,
    /// The volume chart's figures.
    pub volume_table: ChartTable,
    /// The times chart's figures.
    pub times_table: ChartTable,
    /// The SLA chart's figures.
    pub sla_table: ChartTable,
    /// The detection-source chart's figures.
    pub mix_table: ChartTable,
    /// Heading of the KPI table.
    pub kpi_title: String,
    /// KPIs of the assessment's quarter.
    pub kpis: Vec<KpiLine>,
    /// Data-quality counts over the whole log.
    pub quality: Vec<QualityLine>,
    /// Answers contradicted by the evidence.
    pub contradicted: Vec<EvidenceLine>,
    /// Answers corroborated by the evidence.
    pub corroborated: Vec<EvidenceLine>,
    /// Positive answers whose rules lacked data.
    pub not_judged: Vec<EvidenceLine>,
}

/// One KPI of the quarter.
#[derive(Debug, Serialize)]
pub struct KpiLine {
    /// Label.
    pub label: String,
    /// Value or "insufficient data".
    pub value: String,
    /// Incidents it rests on.
    pub n: String,
}

/// One data-quality reason.
#[derive(Debug, Serialize)]
pub struct QualityLine {
    /// Reason in words.
    pub reason: String,
    /// Rows.
    pub rows: String,
    /// Example ids.
    pub examples: String,
}

/// One answer checked against incident data.
#[derive(Debug, Serialize)]
pub struct EvidenceLine {
    /// Metric id.
    pub id: String,
    /// Question.
    pub question: String,
    /// Status label.
    pub status: String,
    /// Rules with value, n and verdict, one per line.
    pub checks: Vec<CheckLine>,
}

/// One evaluated rule.
#[derive(Debug, Serialize)]
pub struct CheckLine {
    /// `time_to_report_p90_h <= 24: 5.2 (n = 400)`.
    pub text: String,
    /// Verdict label.
    pub verdict: String,
    /// `pass`, `fail` or `insufficient_data` (CSS class).
    pub class: String,
}

fn label(t: &Labels, key: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| key.to_string())
}

fn fill(template: &str, pairs: &[(&str, String)]) -> String {
    pairs.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
        Verdict::InsufficientData => "insufficient_data",
    }
}

/// Format a KPI value: shares as percentages, hours and counts as numbers.
pub fn kpi_value(kpi: &str, value: Option<f64>, t: &Labels) -> String {
    match value {
        None => label(t, "insufficient"),
        Some(v) if kpi.ends_with("_share") => format!("{}%", trim_number(v * 100.0, 1)),
        Some(v) => trim_number(v, 1),
    }
}

/// The evaluated rules of a metric as lines.
pub fn check_lines(a: &Assessment, id: &str, t: &Labels) -> Vec<CheckLine> {
    a.metrics
        .iter()
        .find(|m| m.id == id)
        .map(|m| metric_check_lines(m, t))
        .unwrap_or_default()
}

/// The evaluated rules of `m` as lines (what [`check_lines`] finds by id;
/// callers that hold the metric use this, so that a report costs the same
/// per metric for 50 metrics or 10,000).
pub fn metric_check_lines(m: &MetricResult, t: &Labels) -> Vec<CheckLine> {
    m.checks
        .iter()
        .map(|c| CheckLine {
            text: format!(
                "{}: {} (n = {})",
                c.rule,
                kpi_value(&c.kpi, c.value, t),
                c.n
            ),
            verdict: label(t, &format!("verdict_{}", verdict_key(c.verdict))),
            class: verdict_key(c.verdict).to_string(),
        })
        .collect()
}

/// Build the section and its charts.
///
/// # Errors
/// [`crate::Error::Chart`] if a chart cannot be drawn.
pub fn build(
    a: &Assessment,
    q: &Questionnaire,
    report: &IncidentReport,
    lang: Lang,
    t: &Labels,
) -> Result<(IncidentSection, Vec<Chart>)> {
    let rows = Rows::new(a, report);
    let words = captions(&rows, report, t);
    let (volume_svg, volume_table) = charts::volume(&rows, q, t, &words.volume)?;
    let (times_svg, times_table) = charts::times(&rows, t, &words.times)?;
    let (sla_svg, sla_table) = charts::sla(&rows, q, t, &words.sla)?;
    let (mix_svg, mix_table) = charts::mix(&rows, t, &words.mix)?;
    let evidence = |c: Option<Corroboration>| evidence_lines(a, q, lang, t, c);
    let section = IncidentSection {
        intro: words.intro,
        sources: words.sources,
        volume_caption: words.volume,
        times_caption: words.times,
        sla_caption: words.sla,
        mix_caption: words.mix,
        kpi_title: words.kpi_title,
        volume_svg: volume_svg.clone(),
        times_svg: times_svg.clone(),
        sla_svg: sla_svg.clone(),
        mix_svg: mix_svg.clone(),
        volume_table,
        times_table,
        sla_table,
        mix_table,
        kpis: kpi_lines(&rows, t),
        quality: quality_lines(report, t),
        contradicted: evidence(Some(Corroboration::Contradicted)),
        corroborated: evidence(Some(Corroboration::Corroborated)),
        not_judged: evidence(None),
    };
    let charts = vec![
        Chart {
            file: "incidents-volume.svg".into(),
            svg: volume_svg,
        },
        Chart {
            file: "incidents-times.svg".into(),
            svg: times_svg,
        },
        Chart {
            file: "incidents-sla.svg".into(),
            svg: sla_svg,
        },
        Chart {
            file: "incidents-sources.svg".into(),
            svg: mix_svg,
        },
    ];
    Ok((section, charts))
}

/// The section's sentences: intro, sources and chart captions.
struct Captions {
    intro: String,
    sources: Vec<String>,
    volume: String,
    times: String,
    sla: String,
    mix: String,
    kpi_title: String,
}

fn captions(rows: &Rows<'_>, report: &IncidentReport, t: &Labels) -> Captions {
    let period = &rows.period;
    let total_n = rows.total_n();
    let mut intro = fill(
        &label(t, "incidents_intro"),
        &[
            ("rows", report.rows.to_string()),
            ("counted", report.counted.to_string()),
        ],
    );
    if total_n == 0 {
        // Said here, not only in a warning: a report read later must not
        // pass empty charts off as a quarter without incidents.
        if !intro.ends_with('。') {
            intro.push(' ');
        }
        intro.push_str(&fill(
            &label(t, "incidents_none_here"),
            &[("name", rows.name()), ("period", period.clone())],
        ));
    }
    Captions {
        intro,
        sources: report
            .sources
            .iter()
            .map(|s| format!("{} ({})", s.path, s.rows))
            .collect(),
        volume: fill(&label(t, "volume_caption"), &[("n", total_n.to_string())]),
        times: fill(
            &label(t, "times_caption"),
            &[
                ("period", period.clone()),
                ("contained", rows.n_of("time_to_contain_p90_h").to_string()),
                ("resolved", rows.n_of("time_to_resolve_p90_h").to_string()),
            ],
        ),
        sla: fill(
            &label(t, "sla_caption"),
            &[
                ("period", period.clone()),
                ("n", rows.n_of("sla_met_share").to_string()),
            ],
        ),
        mix: fill(&label(t, "mix_caption"), &[("n", total_n.to_string())]),
        kpi_title: fill(&label(t, "kpi_title"), &[("period", period.clone())]),
    }
}

/// The KPIs of the assessment's quarter (all categories and severities).
fn kpi_lines(rows: &Rows<'_>, t: &Labels) -> Vec<KpiLine> {
    crate::model::incident::KPI_NAMES
        .iter()
        .filter(|k| **k != "category_share")
        .filter_map(|k| rows.value(&rows.period, "", "", k).map(|r| (k, r)))
        .map(|(k, r)| KpiLine {
            label: label(t, &format!("kpi_{k}")),
            value: kpi_value(k, r.value, t),
            n: r.n.to_string(),
        })
        .collect()
}

/// The data-quality reasons over the whole log.
fn quality_lines(report: &IncidentReport, t: &Labels) -> Vec<QualityLine> {
    report
        .quality
        .iter()
        .map(|c| QualityLine {
            reason: label(t, &format!("q_{}", c.reason)),
            rows: c.rows.to_string(),
            examples: c.examples.join(", "),
        })
        .collect()
}

/// The positive answers with evidence rules whose verdict is `verdict`
/// (`None`: the rules lacked data).
fn evidence_lines(
    a: &Assessment,
    q: &Questionnaire,
    lang: Lang,
    t: &Labels,
    verdict: Option<Corroboration>,
) -> Vec<EvidenceLine> {
    a.metrics
        .iter()
        .filter(|m| m.points.is_some_and(|p| p > 0.0) && !m.checks.is_empty())
        .filter(|m| m.corroboration == verdict)
        .map(|m: &MetricResult| EvidenceLine {
            id: m.id.clone(),
            question: q
                .metric(&m.id)
                .map(|x| x.question.get(lang).to_string())
                .unwrap_or_default(),
            status: q
                .status(&m.status)
                .map_or(m.status.clone(), |s| s.label.get(lang).to_string()),
            checks: metric_check_lines(m, t),
        })
        .collect()
}

fn label_or_key(t: &Labels, key: &str, fallback: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| fallback.to_string())
}
