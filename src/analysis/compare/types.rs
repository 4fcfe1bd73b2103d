//! The typed result of a comparison: per organisation, per unit series and
//! per quarter pair, every figure and every decision the comparison page
//! shows, as numbers, flags and references into the scored assessments.
//! Nothing here is formatted for display.

use super::DeltaRow;
use crate::model::{
    Assessment, Category, CategoryResult, IncidentReport, KpiRow, MetricResult, Period,
};

/// Category regressions listed in the summary at the top.
pub const LARGEST_DROPS: usize = 10;

/// The KPIs shown per quarter in a unit's trend: a subset of [`crate::model::incident::KPI_NAMES`]
/// (no category shares, and one statistic each for detect and report times).
pub const TREND_KPIS: &[&str] = &[
    "incidents",
    "time_to_detect_median_h",
    "time_to_report_p90_h",
    "time_to_contain_median_h",
    "time_to_contain_p90_h",
    "time_to_resolve_median_h",
    "time_to_resolve_p90_h",
    "sla_met_share",
    "internal_detection_share",
    "lessons_learned_share",
    "open_at_period_end",
];

/// Everything compared across a set of scored assessments.
#[derive(Debug)]
pub struct Comparison<'a> {
    /// One entry per organisation, in the order of the assessments.
    pub orgs: Vec<OrgComparison<'a>>,
    /// Headline counts.
    pub tally: Tally,
    /// The largest category drops, worst first, at most [`LARGEST_DROPS`].
    pub largest_drops: Vec<CategoryDrop<'a>>,
    /// Whether incident KPIs were given.
    pub has_incidents: bool,
}

/// Headline counts of a comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Assessments compared.
    pub assessments: usize,
    /// Organisation/unit series.
    pub units: usize,
    /// Quarter pairs compared.
    pub pairs: usize,
    /// Metric lines with a negative contribution.
    pub regressions: usize,
    /// Metric lines with a positive contribution.
    pub improvements: usize,
    /// Answers contradicted by incident evidence in the later quarter of a
    /// pair and not in the earlier one.
    pub newly_contradicted: usize,
}

/// A category whose score fell between two quarters.
#[derive(Debug, Clone, Copy)]
pub struct CategoryDrop<'a> {
    /// The earlier assessment.
    pub from: &'a Assessment,
    /// The later assessment.
    pub to: &'a Assessment,
    /// Category key.
    pub category: &'a str,
    /// Score change (negative).
    pub total: f64,
    /// Level in the earlier quarter.
    pub from_level: Option<u8>,
    /// Level in the later quarter.
    pub to_level: Option<u8>,
}

/// One organisation: its unit series and its units side by side.
#[derive(Debug)]
pub struct OrgComparison<'a> {
    /// Organisation name.
    pub org: &'a str,
    /// One entry per unit series, in the order of the assessments.
    pub units: Vec<UnitComparison<'a>>,
    /// Latest quarter of any of its units.
    pub latest: Period,
    /// The units assessed in `latest`, weakest first.
    pub ranking: Vec<Standing<'a>>,
    /// The last assessment of every unit not assessed in `latest`.
    pub not_in_latest: Vec<&'a Assessment>,
}

/// A unit's standing in its organisation's latest quarter.
#[derive(Debug)]
pub struct Standing<'a> {
    /// The unit's assessment of that quarter.
    pub assessment: &'a Assessment,
    /// One cell per questionnaire category, in questionnaire order.
    pub cells: Vec<CategoryCell>,
    /// Keys of the categories at the overall level (the weakest ones).
    pub weakest: Vec<&'a str>,
}

/// Level and score of one category, against its target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CategoryCell {
    /// Maturity level, if any.
    pub level: Option<u8>,
    /// Score, if any.
    pub score: Option<f64>,
    /// Whether there is a target and a level, and the level is below it.
    pub below_target: bool,
}

/// One unit's series of quarters.
#[derive(Debug)]
pub struct UnitComparison<'a> {
    /// The unit's assessments, oldest first (never empty).
    pub series: &'a [Assessment],
    /// One trend per questionnaire category, in questionnaire order.
    pub trends: Vec<CategoryTrend<'a>>,
    /// One row per [`TREND_KPIS`] entry; empty without incident KPIs.
    pub kpis: Vec<KpiTrend<'a>>,
    /// The quarter pairs compared, in the order of the delta rows (oldest first).
    pub pairs: Vec<PairChange<'a>>,
}

/// One category over a unit's quarters.
#[derive(Debug)]
pub struct CategoryTrend<'a> {
    /// The questionnaire category.
    pub category: &'a Category,
    /// Target level; `None` without a target profile.
    pub target: Option<u8>,
    /// Level per quarter.
    pub levels: Vec<Option<u8>>,
    /// Score per quarter.
    pub scores: Vec<Option<f64>>,
    /// Level against target per quarter.
    pub standing: Vec<TargetStanding>,
}

/// A level against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetStanding {
    /// The level reaches the target.
    Meets,
    /// The level is below the target.
    Below,
    /// There is no level.
    NoLevel,
    /// There is a level but no target profile to hold it against.
    NoTarget,
}

/// One KPI over a unit's quarters.
#[derive(Debug)]
pub struct KpiTrend<'a> {
    /// KPI name.
    pub kpi: &'static str,
    /// The unit's KPI row per quarter, if there is one.
    pub rows: Vec<Option<&'a KpiRow>>,
}

/// The changes between two quarters of a unit.
#[derive(Debug)]
pub struct PairChange<'a> {
    /// The earlier assessment.
    pub from: &'a Assessment,
    /// The later assessment.
    pub to: &'a Assessment,
    /// Categories whose score or level changed, in delta-row order.
    pub categories: Vec<CategoryDelta<'a>>,
    /// Metrics contradicted by incident evidence in `to` and not in `from`,
    /// in questionnaire order (the results of `to`).
    pub newly_contradicted: Vec<&'a MetricResult>,
}

/// One category's change, explained.
#[derive(Debug)]
pub struct CategoryDelta<'a> {
    /// Category key.
    pub key: &'a str,
    /// The category in the earlier quarter.
    pub from: &'a CategoryResult,
    /// The category in the later quarter.
    pub to: &'a CategoryResult,
    /// Score change (the [`super::TOTAL`] row; 0 without one).
    pub total: f64,
    /// Direction of `total` at the 2 decimals shown.
    pub direction: Direction,
    /// Whether both quarters have a level and the later one is lower.
    pub level_fell: bool,
    /// The metric lines, largest drop first (stable for equal contributions).
    pub lines: Vec<MetricLine<'a>>,
    /// What the lines, at 2 decimals, leave of the total at 2 decimals, when
    /// that is not zero at 2 decimals.
    pub remainder: Option<Remainder>,
    /// The metrics of the category that entered or left the scored set
    /// (scored in one quarter and not the other: not applicable, not
    /// observed, or new), in questionnaire order.
    pub set_changes: Vec<SetChange<'a>>,
}

/// A metric scored in one quarter of a pair and not in the other.
#[derive(Debug, Clone, Copy)]
pub struct SetChange<'a> {
    /// The metric in the earlier quarter; `None` when it was not there.
    pub from: Option<&'a MetricResult>,
    /// The metric in the later quarter.
    pub to: &'a MetricResult,
    /// Whether it is scored now and was not before (otherwise it left).
    pub entered: bool,
}

/// One metric line of an explained change.
#[derive(Debug, Clone, Copy)]
pub struct MetricLine<'a> {
    /// The delta row.
    pub row: &'a DeltaRow,
    /// The metric's answer in the earlier quarter (comment, evidence).
    pub from: &'a MetricResult,
    /// The metric's answer in the later quarter.
    pub to: &'a MetricResult,
    /// Whether the contribution is negative (otherwise an improvement).
    pub regression: bool,
    /// Whether incident evidence contradicts this answer in the later
    /// quarter and did not in the earlier one.
    pub newly_contradicted: bool,
}

/// The last line of an explained change: what the shown lines leave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Remainder {
    /// Points, the difference of values rounded to 2 decimals.
    pub value: f64,
    /// Where it comes from.
    pub cause: RemainderCause,
}

/// Where a remainder comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemainderCause {
    /// Metrics entered or left the scored set of the category.
    ScoredSetChange,
    /// The scored set is the same: only rounding.
    Rounding,
}

/// Direction of a change, judged at 2 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Positive and not zero at 2 decimals.
    Up,
    /// Negative and not zero at 2 decimals.
    Down,
    /// Zero at 2 decimals.
    Flat,
}

/// What a comparison is computed from.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// Scored assessments, sorted by (org, unit, period).
    pub assessments: &'a [Assessment],
    /// The delta breakdown of [`super::deltas`] over them.
    pub deltas: &'a [DeltaRow],
    /// The questionnaire.
    pub questionnaire: &'a crate::model::Questionnaire,
    /// Target profile, when one is given.
    pub target: Option<&'a crate::input::target::Target>,
    /// Incident KPIs, when logs were given.
    pub incidents: Option<&'a IncidentReport>,
}
