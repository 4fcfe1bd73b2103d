//! Incident KPIs and the data-quality report, as plain values (no polars).

use serde::{Deserialize, Serialize};

/// Which timestamp of an incident places it in its quarter
/// (`--period-from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeriodFrom {
    /// When it happened (`occurred_at`).
    OccurredAt,
    /// When it was detected (`detected_at`), the default.
    #[default]
    DetectedAt,
    /// When it was reported (`reported_at`).
    ReportedAt,
}

impl PeriodFrom {
    /// Every choice, in the order above.
    pub const ALL: [PeriodFrom; 3] = [
        PeriodFrom::OccurredAt,
        PeriodFrom::DetectedAt,
        PeriodFrom::ReportedAt,
    ];

    /// The incident-log column it reads, as recorded in provenance.
    pub fn column(self) -> &'static str {
        match self {
            PeriodFrom::OccurredAt => "occurred_at",
            PeriodFrom::DetectedAt => "detected_at",
            PeriodFrom::ReportedAt => "reported_at",
        }
    }

    /// The choice whose [`PeriodFrom::column`] is `name`.
    pub fn from_column(name: &str) -> Option<PeriodFrom> {
        PeriodFrom::ALL.into_iter().find(|p| p.column() == name)
    }
}

/// The KPI names, in output order.
pub const KPI_NAMES: &[&str] = &[
    "incidents",
    "time_to_detect_median_h",
    "time_to_detect_p90_h",
    "time_to_report_median_h",
    "time_to_report_p90_h",
    "time_to_contain_median_h",
    "time_to_contain_p90_h",
    "time_to_resolve_median_h",
    "time_to_resolve_p90_h",
    "sla_met_share",
    "internal_detection_share",
    "lessons_learned_share",
    "open_at_period_end",
    "category_share",
];

/// One KPI value for one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct KpiRow {
    /// Organisation ("" when aggregated over organisations).
    pub org: String,
    /// Unit ("" for organisation-wide or aggregated).
    pub unit: String,
    /// Quarter `YYYY-Qn` ("" when aggregated over periods).
    pub period: String,
    /// Category ("" unless broken down by category).
    pub category: String,
    /// Severity ("" unless broken down by severity).
    pub severity: String,
    /// KPI name (see [`KPI_NAMES`]).
    pub kpi: String,
    /// Value; `None` means insufficient data (n below the minimum).
    pub value: Option<f64>,
    /// Number of incidents the value rests on.
    pub n: u64,
}

/// How many rows a data-quality reason concerns, with example ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QualityCount {
    /// Reason key (`unparsable_detected_at`, `duplicate_id`, …).
    pub reason: String,
    /// Rows concerned.
    pub rows: u64,
    /// Up to five example incident ids, in file order.
    pub examples: Vec<String>,
    /// The first distinct values that failed, up to five, in file order,
    /// each with the rows it failed on among the first [`QualityCount::sampled`]
    /// rows of the reason. An ordering problem shows both timestamps
    /// (`later > earlier`, `earlier < detected`); `missing_org` has none.
    #[serde(default)]
    pub values: Vec<FailedValue>,
    /// How many of the reason's rows the values were counted in: those
    /// among the first 50,000 rows with any problem, which in most logs are
    /// all of them (0 for `missing_org`, which shows no values).
    #[serde(default)]
    pub sampled: u64,
}

/// A value that failed a data-quality check, as written (trimmed), and on
/// how many rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FailedValue {
    /// The value; empty when the cell was empty.
    pub value: String,
    /// Rows with that value.
    pub rows: u64,
}

/// An input file and how many rows it held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IncidentSource {
    /// Path as given.
    pub path: String,
    /// Data rows read.
    pub rows: u64,
}

/// Everything computed from incident logs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IncidentReport {
    /// Input files.
    pub sources: Vec<IncidentSource>,
    /// Rows read in total.
    pub rows: u64,
    /// Rows that count in the KPIs (after missing org/period and duplicates).
    pub counted: u64,
    /// Data-quality counts, every reason listed (zero counts included).
    pub quality: Vec<QualityCount>,
    /// KPI rows sorted by org, unit, period, category, severity, KPI order.
    pub kpis: Vec<KpiRow>,
    /// Counted incidents per detection source (`internal`, `external`,
    /// `partner`, `unknown`, or `""` when not recorded), sorted by org, unit,
    /// period and source.
    pub detection_mix: Vec<MixRow>,
}

/// How many incidents of a group came from one detection source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MixRow {
    /// Organisation.
    pub org: String,
    /// Unit.
    pub unit: String,
    /// Quarter.
    pub period: String,
    /// Detection source as written (lower case).
    pub source: String,
    /// Incidents.
    pub count: u64,
}

/// The run of `rows` (sorted by org, then unit) that belongs to one org and unit.
fn run_of<'a, T>(
    rows: &'a [T],
    org: &str,
    unit: &str,
    key: impl Fn(&T) -> (&str, &str),
) -> &'a [T] {
    let start = rows.partition_point(|r| key(r) < (org, unit));
    let len = rows[start..].partition_point(|r| key(r) == (org, unit));
    &rows[start..start + len]
}

impl IncidentReport {
    /// Every KPI row of one org and unit, all quarters (binary search; see [`IncidentReport::find`]).
    pub fn kpis_of(&self, org: &str, unit: &str) -> &[KpiRow] {
        run_of(&self.kpis, org, unit, |r| (r.org.as_str(), r.unit.as_str()))
    }

    /// Every detection-mix row of one org and unit (sorted as the field says).
    pub fn mix_of(&self, org: &str, unit: &str) -> &[MixRow] {
        run_of(&self.detection_mix, org, unit, |r| {
            (r.org.as_str(), r.unit.as_str())
        })
    }

    /// The KPI row for an assessment-level group (category/severity as given, "" for none).
    /// Relies on `kpis` being sorted by org, unit and period, as documented on
    /// the field: a binary search finds the group's rows, then they are scanned.
    pub fn find(
        &self,
        org: &str,
        unit: &str,
        period: &str,
        category: &str,
        severity: &str,
        kpi: &str,
    ) -> Option<&KpiRow> {
        let key = (org, unit, period);
        let start = self
            .kpis
            .partition_point(|r| (r.org.as_str(), r.unit.as_str(), r.period.as_str()) < key);
        self.kpis[start..]
            .iter()
            .take_while(|r| (r.org.as_str(), r.unit.as_str(), r.period.as_str()) == key)
            .find(|r| r.category == category && r.severity == severity && r.kpi == kpi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(org: &str, unit: &str, period: &str, kpi: &str, n: u64) -> KpiRow {
        KpiRow {
            org: org.into(),
            unit: unit.into(),
            period: period.into(),
            category: String::new(),
            severity: String::new(),
            kpi: kpi.into(),
            value: Some(n as f64),
            n,
        }
    }

    #[test]
    fn lookups_find_the_rows_of_one_group_among_many() {
        let report = IncidentReport {
            kpis: vec![
                row("A", "", "2026-Q1", "incidents", 1),
                row("A", "x", "2025-Q4", "incidents", 2),
                row("A", "x", "2026-Q1", "incidents", 3),
                row("A", "x", "2026-Q1", "sla_met_share", 4),
                row("A", "y", "2026-Q1", "incidents", 5),
                row("B", "x", "2026-Q1", "incidents", 6),
            ],
            ..Default::default()
        };
        let n = |o, u, p, k| report.find(o, u, p, "", "", k).map(|r| r.n);
        assert_eq!(n("A", "x", "2026-Q1", "sla_met_share"), Some(4));
        assert_eq!(n("A", "", "2026-Q1", "incidents"), Some(1));
        assert_eq!(n("B", "x", "2026-Q1", "incidents"), Some(6));
        assert_eq!(n("A", "x", "2026-Q2", "incidents"), None);
        assert_eq!(n("C", "x", "2026-Q1", "incidents"), None);
        let of_x: Vec<u64> = report.kpis_of("A", "x").iter().map(|r| r.n).collect();
        assert_eq!(of_x, [2, 3, 4]);
        assert!(report.kpis_of("A", "z").is_empty());
        assert!(report.mix_of("A", "x").is_empty());
    }
}
