//! The incident section's four charts: volume per quarter by category,
//! containment and resolution times per quarter, SLA compliance per
//! severity in the assessment's quarter, and the detection-source mix.

use super::{label, label_or_key};
use crate::error::Result;
use crate::format::trim_number;
use crate::model::{Assessment, IncidentReport, KpiRow, Questionnaire};
use crate::report::charts::{ChartTable, bars, label_svg, lines, stacked};
use crate::report::context::Labels;

/// The KPI rows of one org and unit up to the assessment's quarter.
pub(super) struct Rows<'a> {
    report: &'a IncidentReport,
    org: &'a str,
    unit: &'a str,
    /// The assessment's quarter.
    pub period: String,
    /// Quarters with KPIs, up to and including [`Rows::period`], in order.
    pub quarters: Vec<String>,
}

impl<'a> Rows<'a> {
    /// The rows of `a`'s org and unit in `report`.
    pub fn new(a: &'a Assessment, report: &'a IncidentReport) -> Self {
        let (org, unit) = (a.key.org.as_str(), a.key.unit.as_str());
        let period = a.key.period.to_string();
        let mine = |r: &&KpiRow| r.period <= period && !r.period.is_empty();
        let mut quarters: Vec<String> = report
            .kpis_of(org, unit)
            .iter()
            .filter(mine)
            .map(|r| r.period.clone())
            .collect();
        quarters.dedup();
        quarters.sort();
        quarters.dedup();
        Self {
            report,
            org,
            unit,
            period,
            quarters,
        }
    }

    /// The KPI `kpi` of quarter `p`, category `cat` and severity `sev`.
    pub fn value(&self, p: &str, cat: &str, sev: &str, kpi: &str) -> Option<&'a KpiRow> {
        self.report.find(self.org, self.unit, p, cat, sev, kpi)
    }

    /// Incidents counted in the assessment's quarter for `kpi`.
    pub fn n_of(&self, kpi: &str) -> u64 {
        self.value(&self.period, "", "", kpi).map_or(0, |r| r.n)
    }

    /// `org / unit`, or the org alone for an organisation-wide assessment.
    pub fn name(&self) -> String {
        if self.unit.is_empty() {
            self.org.to_string()
        } else {
            format!("{} / {}", self.org, self.unit)
        }
    }

    /// Incidents over all the quarters shown.
    pub fn total_n(&self) -> u64 {
        self.quarters
            .iter()
            .map(|p| self.value(p, "", "", "incidents").map_or(0, |r| r.n))
            .sum()
    }
}

/// Volume per quarter stacked by category, the rest as "unknown category".
pub(super) fn volume(
    rows: &Rows<'_>,
    q: &Questionnaire,
    t: &Labels,
    caption: &str,
) -> Result<(String, ChartTable)> {
    let quarters = &rows.quarters;
    let mut volume_series = Vec::new();
    for c in &q.incidents.categories {
        let counts = quarters
            .iter()
            .map(|p| rows.value(p, c, "", "incidents").map_or(0, |r| r.n))
            .collect();
        volume_series.push((label_or_key(t, &format!("icat_{c}"), c), counts));
    }
    let totals: Vec<u64> = quarters
        .iter()
        .map(|p| rows.value(p, "", "", "incidents").map_or(0, |r| r.n))
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
    let volume =
        stacked::stacked_series(quarters.clone(), volume_series, &label(t, "incidents_axis"));
    let table = volume.table(
        "chart-incidents-volume",
        caption,
        &label(t, "quarter"),
        &label(t, "total"),
    );
    Ok((
        label_svg(stacked::draw_stacked(&volume, "incidents-volume")?, &table),
        table,
    ))
}

/// Containment and resolution times (median and p90) per quarter.
pub(super) fn times(rows: &Rows<'_>, t: &Labels, caption: &str) -> Result<(String, ChartTable)> {
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
            rows.quarters
                .iter()
                .map(|p| rows.value(p, "", "", kpi).and_then(|r| r.value))
                .collect(),
        )
    })
    .collect();
    let times = lines::LineData {
        columns: rows.quarters.clone(),
        series: times_series,
        y_title: label(t, "hours"),
    };
    let table = times.table(
        "chart-incidents-times",
        caption,
        &label(t, "quarter"),
        &label(t, "insufficient"),
    );
    Ok((
        label_svg(lines::draw_lines(&times, "incidents-times")?, &table),
        table,
    ))
}

/// SLA compliance per severity in the assessment's quarter.
pub(super) fn sla(
    rows: &Rows<'_>,
    q: &Questionnaire,
    t: &Labels,
    caption: &str,
) -> Result<(String, ChartTable)> {
    let sla_items: Vec<(String, Option<f64>, String)> = q
        .incidents
        .severities
        .iter()
        .map(|s| {
            let row = rows.value(&rows.period, "", s, "sla_met_share");
            let v = row.and_then(|r| r.value).map(|v| v * 100.0);
            let n = row.map_or(0, |r| r.n);
            let caption = match v {
                Some(v) => format!("{}% (n={n})", trim_number(v, 0)),
                None => format!("— (n={n})"),
            };
            (label_or_key(t, &format!("sev_{s}"), s), v, caption)
        })
        .collect();
    let data = bars::bar_series(&sla_items, &label(t, "share_axis"));
    let table = data.table(
        "chart-incidents-sla",
        caption,
        [&label(t, "severity"), &label(t, "share_axis")],
    );
    Ok((
        label_svg(bars::draw_bars(&data, "incidents-sla")?, &table),
        table,
    ))
}

/// Detection-source mix per quarter.
pub(super) fn mix(rows: &Rows<'_>, t: &Labels, caption: &str) -> Result<(String, ChartTable)> {
    let sources = ["internal", "external", "partner", "unknown", ""];
    let mix_series = sources
        .iter()
        .map(|s| {
            let counts = rows
                .quarters
                .iter()
                .map(|p| {
                    rows.report
                        .mix_of(rows.org, rows.unit)
                        .iter()
                        .filter(|m| &m.period == p && m.source == *s)
                        .map(|m| m.count)
                        .sum()
                })
                .collect();
            (label(t, &format!("src_{s}")), counts)
        })
        .collect();
    let mix = stacked::stacked_series(
        rows.quarters.clone(),
        mix_series,
        &label(t, "incidents_axis"),
    );
    let table = mix.table(
        "chart-incidents-sources",
        caption,
        &label(t, "quarter"),
        &label(t, "total"),
    );
    Ok((
        label_svg(stacked::draw_stacked(&mix, "incidents-sources")?, &table),
        table,
    ))
}
