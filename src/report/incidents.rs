//! The report's incident section: charts and tables built from the incident
//! KPIs of the assessment's org and unit, and the answers the evidence
//! corroborates or contradicts.

use super::charts::{bars, lines, stacked};
use super::context::{Chart, Labels};
use crate::error::Result;
use crate::format::trim_number;
use crate::model::{Assessment, Corroboration, IncidentReport, Lang, Questionnaire, Verdict};
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
pub fn metric_check_lines(m: &crate::model::MetricResult, t: &Labels) -> Vec<CheckLine> {
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
    let (org, unit) = (&a.key.org, &a.key.unit);
    let period = a.key.period.to_string();
    let mine = |r: &&crate::model::KpiRow| r.period <= period && !r.period.is_empty();
    let mut quarters: Vec<String> = report
        .kpis_of(org, unit)
        .iter()
        .filter(mine)
        .map(|r| r.period.clone())
        .collect();
    quarters.dedup();
    quarters.sort();
    quarters.dedup();
    let value = |p: &str, cat: &str, sev: &str, kpi: &str| report.find(org, unit, p, cat, sev, kpi);

    // Volume per quarter by category.
    let mut volume_series = Vec::new();
    for c in &q.incidents.categories {
        let counts = quarters
            .iter()
            .map(|p| value(p, c, "", "incidents").map_or(0, |r| r.n))
            .collect();
        volume_series.push((label_or_key(t, &format!("icat_{c}"), c), counts));
    }
    let totals: Vec<u64> = quarters
        .iter()
        .map(|p| value(p, "", "", "incidents").map_or(0, |r| r.n))
        .collect();
    let known: Vec<u64> = (0..quarters.len())
        .map(|i| {
            volume_series
                .iter()
                .map(|(_, v): &(String, Vec<u64>)| v[i])
                .sum()
        })
        .collect();
    volume_series.push((
        label(t, "q_unknown_category"),
        totals
            .iter()
            .zip(&known)
            .map(|(t, k)| t.saturating_sub(*k))
            .collect(),
    ));
    let total_n: u64 = quarters
        .iter()
        .map(|p| value(p, "", "", "incidents").map_or(0, |r| r.n))
        .sum();
    let volume =
        stacked::stacked_series(quarters.clone(), volume_series, &label(t, "incidents_axis"));
    let volume_svg = stacked::draw_stacked(&volume, "incidents-volume")?;

    // Times per quarter.
    let times_series = [
        ("series_contain_median", "time_to_contain_median_h"),
        ("series_contain_p90", "time_to_contain_p90_h"),
        ("series_resolve_median", "time_to_resolve_median_h"),
        ("series_resolve_p90", "time_to_resolve_p90_h"),
    ]
    .iter()
    .map(|(l, kpi)| {
        (
            label(t, l),
            quarters
                .iter()
                .map(|p| value(p, "", "", kpi).and_then(|r| r.value))
                .collect(),
        )
    })
    .collect();
    let times = lines::LineData {
        columns: quarters.clone(),
        series: times_series,
        y_title: label(t, "hours"),
    };
    let times_svg = lines::draw_lines(&times, "incidents-times")?;
    let n_of = |kpi: &str| value(&period, "", "", kpi).map_or(0, |r| r.n);

    // SLA per severity in the assessment quarter.
    let sla_items: Vec<(String, Option<f64>, String)> = q
        .incidents
        .severities
        .iter()
        .map(|s| {
            let row = value(&period, "", s, "sla_met_share");
            let v = row.and_then(|r| r.value).map(|v| v * 100.0);
            let n = row.map_or(0, |r| r.n);
            let caption = match v {
                Some(v) => format!("{}% (n={n})", trim_number(v, 0)),
                None => format!("— (n={n})"),
            };
            (label_or_key(t, &format!("sev_{s}"), s), v, caption)
        })
        .collect();
    let sla_svg = bars::draw_bars(
        &bars::bar_series(&sla_items, &label(t, "share_axis")),
        "incidents-sla",
    )?;

    // Detection source mix per quarter.
    let sources = ["internal", "external", "partner", "unknown", ""];
    let mix_series = sources
        .iter()
        .map(|s| {
            let counts = quarters
                .iter()
                .map(|p| {
                    report
                        .mix_of(org, unit)
                        .iter()
                        .filter(|m| &m.period == p && m.source == *s)
                        .map(|m| m.count)
                        .sum()
                })
                .collect();
            (label(t, &format!("src_{s}")), counts)
        })
        .collect();
    let mix = stacked::stacked_series(quarters.clone(), mix_series, &label(t, "incidents_axis"));
    let mix_svg = stacked::draw_stacked(&mix, "incidents-sources")?;

    let kpis = crate::model::incident::KPI_NAMES
        .iter()
        .filter(|k| **k != "category_share")
        .filter_map(|k| value(&period, "", "", k).map(|r| (k, r)))
        .map(|(k, r)| KpiLine {
            label: label(t, &format!("kpi_{k}")),
            value: kpi_value(k, r.value, t),
            n: r.n.to_string(),
        })
        .collect();
    let quality = report
        .quality
        .iter()
        .map(|c| QualityLine {
            reason: label(t, &format!("q_{}", c.reason)),
            rows: c.rows.to_string(),
            examples: c.examples.join(", "),
        })
        .collect();

    let line = |m: &crate::model::MetricResult| EvidenceLine {
        id: m.id.clone(),
        question: q
            .metric(&m.id)
            .map(|x| x.question.get(lang).to_string())
            .unwrap_or_default(),
        status: q
            .status(&m.status)
            .map_or(m.status.clone(), |s| s.label.get(lang).to_string()),
        checks: metric_check_lines(m, t),
    };
    let positive =
        |m: &&crate::model::MetricResult| m.points.is_some_and(|p| p > 0.0) && !m.checks.is_empty();
    let contradicted = a
        .metrics
        .iter()
        .filter(positive)
        .filter(|m| m.corroboration == Some(Corroboration::Contradicted))
        .map(line)
        .collect();
    let corroborated = a
        .metrics
        .iter()
        .filter(positive)
        .filter(|m| m.corroboration == Some(Corroboration::Corroborated))
        .map(line)
        .collect();
    let not_judged = a
        .metrics
        .iter()
        .filter(positive)
        .filter(|m| m.corroboration.is_none())
        .map(line)
        .collect();

    let section = IncidentSection {
        intro: fill(
            &label(t, "incidents_intro"),
            &[
                ("rows", report.rows.to_string()),
                ("counted", report.counted.to_string()),
            ],
        ),
        sources: report
            .sources
            .iter()
            .map(|s| format!("{} ({})", s.path, s.rows))
            .collect(),
        volume_caption: fill(&label(t, "volume_caption"), &[("n", total_n.to_string())]),
        times_caption: fill(
            &label(t, "times_caption"),
            &[
                ("period", period.clone()),
                ("contained", n_of("time_to_contain_p90_h").to_string()),
                ("resolved", n_of("time_to_resolve_p90_h").to_string()),
            ],
        ),
        sla_caption: fill(
            &label(t, "sla_caption"),
            &[
                ("period", period.clone()),
                ("n", n_of("sla_met_share").to_string()),
            ],
        ),
        mix_caption: fill(&label(t, "mix_caption"), &[("n", total_n.to_string())]),
        kpi_title: fill(&label(t, "kpi_title"), &[("period", period.clone())]),
        volume_svg: volume_svg.clone(),
        times_svg: times_svg.clone(),
        sla_svg: sla_svg.clone(),
        mix_svg: mix_svg.clone(),
        kpis,
        quality,
        contradicted,
        corroborated,
        not_judged,
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

fn label_or_key(t: &Labels, key: &str, fallback: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| fallback.to_string())
}
