//! The view structs of the comparison page (`compare.html`): every number
//! already formatted, as `compare.html.hbs` and `compare-context.json` take
//! them.

use crate::report::charts::ChartTable;
use crate::report::context::Labels;
use crate::report::incidents::CheckLine;
use serde::Serialize;

/// Everything `compare.html.hbs` is rendered from.
#[derive(Debug, Serialize)]
pub struct CompareContext {
    /// `en` or `ja`.
    pub lang: &'static str,
    /// UI labels.
    pub t: Labels,
    /// Page title.
    pub title: String,
    /// Questionnaire title, id and version.
    pub questionnaire: String,
    /// `imcm x.y.z`.
    pub generator: String,
    /// How quarters are paired, in words.
    pub basis: String,
    /// Headline counts.
    pub counts: Counts,
    /// The largest category drops, worst first.
    pub largest_drops: Vec<DropRow>,
    /// Whether incident logs were given.
    pub has_incidents: bool,
    /// Label of the target (column heading, chart legend); `None` without a
    /// target profile, and then no target is shown anywhere.
    pub target_label: Option<String>,
    /// One section per organisation.
    pub orgs: Vec<OrgSection>,
}

/// Headline counts (formatted).
#[derive(Debug, Serialize)]
pub struct Counts {
    /// Assessments compared.
    pub assessments: String,
    /// Organisation/unit series.
    pub units: String,
    /// Quarter pairs.
    pub pairs: String,
    /// Metric changes that lowered a score.
    pub regressions: String,
    /// Metric changes that raised a score.
    pub improvements: String,
    /// Answers newly contradicted by incident evidence.
    pub newly_contradicted: String,
    /// Whether any metric change lowered a score.
    pub alarming: bool,
    /// Whether any answer is newly contradicted.
    pub any_newly_contradicted: bool,
}

/// One of the largest category drops.
#[derive(Debug, Serialize)]
pub struct DropRow {
    /// Organisation.
    pub org: String,
    /// Unit.
    pub unit: String,
    /// Anchor of the unit's section.
    pub anchor: String,
    /// `2026-Q1 → 2026-Q2`.
    pub pair: String,
    /// Category name.
    pub category: String,
    /// Signed change.
    pub delta: String,
    /// Level change, e.g. `3 → 2`.
    pub levels: String,
}

/// One organisation.
#[derive(Debug, Serialize)]
pub struct OrgSection {
    /// Organisation name.
    pub name: String,
    /// Anchor.
    pub anchor: String,
    /// Latest quarter of the organisation.
    pub latest: String,
    /// Heatmap of the latest quarter (inline SVG).
    pub heatmap_svg: String,
    /// The heatmap's figures.
    pub heatmap_table: ChartTable,
    /// Category names (heatmap and ranking columns).
    pub columns: Vec<String>,
    /// Units from weakest to strongest in the latest quarter.
    pub ranking: Vec<RankRow>,
    /// Units with no assessment in the latest quarter, with their own latest.
    pub not_in_latest: Vec<String>,
    /// One section per unit.
    pub units: Vec<UnitSection>,
}

/// A unit in the ranking.
#[derive(Debug, Serialize)]
pub struct RankRow {
    /// Position, 1 = weakest.
    pub position: String,
    /// Unit name.
    pub unit: String,
    /// Anchor of its section.
    pub anchor: String,
    /// Overall level.
    pub level: String,
    /// Overall score.
    pub score: String,
    /// Category names at the lowest level.
    pub weakest: String,
    /// Level and score per category.
    pub cells: Vec<RankCell>,
}

/// One category of a ranked unit.
#[derive(Debug, Serialize)]
pub struct RankCell {
    /// `2 · 56.3`.
    pub text: String,
    /// Whether the level is below the target.
    pub below_target: bool,
}

/// One unit's trends and changes.
#[derive(Debug, Serialize)]
pub struct UnitSection {
    /// Organisation.
    pub org: String,
    /// Unit, or the "whole organisation" label.
    pub unit: String,
    /// Anchor.
    pub anchor: String,
    /// Trend chart (inline SVG).
    pub trend_svg: String,
    /// The trend chart's figures.
    pub trend_table: ChartTable,
    /// Quarter headers.
    pub periods: Vec<PeriodHead>,
    /// One row per category, then the overall row.
    pub rows: Vec<TrendRow>,
    /// KPI rows (empty without incident logs).
    pub kpis: Vec<KpiTrendRow>,
    /// One block per quarter pair, latest first.
    pub changes: Vec<PairSection>,
    /// Why there is no pair, shown when `changes` is empty.
    pub no_pairs: String,
}

/// A quarter column header, linking to its report in a batch.
#[derive(Debug, Serialize)]
pub struct PeriodHead {
    /// `2026-Q2`.
    pub period: String,
    /// Relative link to the report, empty when there is none.
    pub href: String,
}

/// One category (or overall) over the quarters.
#[derive(Debug, Serialize)]
pub struct TrendRow {
    /// Category name or "Overall".
    pub name: String,
    /// Target level (empty on the overall row and without a target profile).
    pub target: String,
    /// One cell per quarter.
    pub cells: Vec<TrendCell>,
}

/// Level and score of one quarter.
#[derive(Debug, Serialize)]
pub struct TrendCell {
    /// Level or "—".
    pub level: String,
    /// Score or "—".
    pub score: String,
    /// `meets`, `below`, `na` (no level), `plain` (no target) or `overall`.
    pub class: &'static str,
}

/// One KPI over the quarters.
#[derive(Debug, Serialize)]
pub struct KpiTrendRow {
    /// KPI label.
    pub label: String,
    /// One cell per quarter.
    pub cells: Vec<KpiCell>,
}

/// A KPI value with its n.
#[derive(Debug, Serialize)]
pub struct KpiCell {
    /// Value (or "insufficient data"), empty when the quarter has no row.
    pub value: String,
    /// Incidents it rests on.
    pub n: String,
}

/// The changes between two quarters.
#[derive(Debug, Serialize)]
pub struct PairSection {
    /// Earlier quarter.
    pub from: String,
    /// Later quarter.
    pub to: String,
    /// Categories whose score or level changed.
    pub categories: Vec<CategoryChange>,
    /// Answers contradicted now and not before.
    pub newly_contradicted: Vec<ContradictedRow>,
}

/// One category's change, explained.
#[derive(Debug, Serialize)]
pub struct CategoryChange {
    /// Category name.
    pub name: String,
    /// Score before and after.
    pub scores: String,
    /// Signed score change.
    pub delta: String,
    /// `up`, `down` or `flat`.
    pub direction: &'static str,
    /// Level before and after.
    pub levels: String,
    /// Whether the level fell.
    pub level_fell: bool,
    /// The metric lines, largest drop first, then the scored-set line.
    pub lines: Vec<DeltaLine>,
    /// The metrics that entered or left the scored set, one by one.
    pub set_changes: Vec<SetChangeLine>,
}

/// A metric that entered or left the scored set between two quarters.
#[derive(Debug, Serialize)]
pub struct SetChangeLine {
    /// Metric id.
    pub metric: String,
    /// Question.
    pub question: String,
    /// Status before ("—" when the metric was not in the earlier quarter).
    pub from_status: String,
    /// CSS key of the status before.
    pub from_class: String,
    /// Status after.
    pub to_status: String,
    /// CSS key of the status after.
    pub to_class: String,
    /// "now scored" or "no longer scored".
    pub change: String,
    /// `entered` or `left` (CSS class).
    pub class: &'static str,
    /// The answers' comments and evidence before and after.
    pub why: Why,
}

/// What the interviewee said in each quarter of a pair (user text,
/// escaped by the template like all user text).
#[derive(Debug, Serialize)]
pub struct Why {
    /// Evidence in the earlier quarter, or the "none" mark.
    pub before_evidence: String,
    /// Comment in the earlier quarter, or the "none" mark.
    pub before_comment: String,
    /// Evidence in the later quarter, or the "none" mark.
    pub after_evidence: String,
    /// Comment in the later quarter, or the "none" mark.
    pub after_comment: String,
    /// Whether any of the four was given (otherwise the row is left out).
    pub any: bool,
}

/// One line of an explained change.
#[derive(Debug, Serialize)]
pub struct DeltaLine {
    /// Metric id (empty on the scored-set line).
    pub metric: String,
    /// Question, or the scored-set explanation.
    pub question: String,
    /// Status before.
    pub from_status: String,
    /// CSS key of the status before.
    pub from_class: String,
    /// Status after.
    pub to_status: String,
    /// CSS key of the status after.
    pub to_class: String,
    /// Signed contribution.
    pub contribution: String,
    /// `regression`, `improvement` or `set`.
    pub class: &'static str,
    /// Whether incident evidence now contradicts this answer and did not before.
    pub newly_contradicted: bool,
    /// The comments and evidence of both quarters; `None` on the scored-set
    /// and rounding lines.
    pub why: Option<Why>,
}

/// An answer newly contradicted by incident evidence.
#[derive(Debug, Serialize)]
pub struct ContradictedRow {
    /// Metric id.
    pub id: String,
    /// Question.
    pub question: String,
    /// Status label (the answer as given).
    pub status: String,
    /// The rules with value, n and verdict.
    pub checks: Vec<CheckLine>,
}
