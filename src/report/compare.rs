//! The comparison page (`compare.html`): trends per unit, each category's
//! score change explained metric by metric, and units side by side for each
//! organisation's latest quarter. Typed view structs with every number
//! already formatted; charts are drawn here and returned beside the context.
//! The batch index page (`index.html`) is built here too.

use super::charts::heatmap::{self, HeatCell, HeatData, HeatRow};
use super::charts::trend::{self, TrendData, TrendPanel};
use super::context::{Chart, Labels};
use super::incidents::{CheckLine, kpi_value, metric_check_lines};
use crate::analysis::compare::{DeltaRow, SCORED_SET_CHANGE, TOTAL};
use crate::error::Result;
use crate::format::trim_number;
use crate::input::target::Target;
use crate::model::{Assessment, AssessmentKey, Corroboration, IncidentReport, Lang, Questionnaire};
use serde::Serialize;
use std::collections::BTreeMap;

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
    /// Target level (empty on the overall row).
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
    /// `meets`, `below` or `na`.
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

/// Everything `index.html.hbs` is rendered from.
#[derive(Debug, Serialize)]
pub struct IndexContext {
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
    /// Link to the comparison, empty when none was written.
    pub compare_href: String,
    /// Number of reports.
    pub count: String,
    /// One row per unit.
    pub units: Vec<IndexUnit>,
}

/// A unit in the index: its reports, oldest first.
#[derive(Debug, Serialize)]
pub struct IndexUnit {
    /// Organisation.
    pub org: String,
    /// Unit, or the "whole organisation" label.
    pub unit: String,
    /// One link per quarter.
    pub reports: Vec<IndexReport>,
}

/// One report link.
#[derive(Debug, Serialize)]
pub struct IndexReport {
    /// Quarter.
    pub period: String,
    /// Overall level.
    pub level: String,
    /// Relative link.
    pub href: String,
}

fn label<'a>(t: &'a Labels, key: &str) -> &'a str {
    t.get(key).map_or("", String::as_str)
}

fn fill(template: &str, pairs: &[(&str, String)]) -> String {
    pairs.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// A signed number with `decimals` places: `+5.77`, `-3.85`, `0.00`.
pub fn signed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let zero = format!("{:.decimals$}", 0.0);
    if s == zero || s == format!("-{zero}") {
        zero
    } else if v > 0.0 {
        format!("+{s}")
    } else {
        s
    }
}

/// Keep only `[a-z0-9_]` so a key can be a CSS class.
fn css_class(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Shared formatting for one language.
struct Fmt<'a> {
    q: &'a Questionnaire,
    lang: Lang,
    t: &'a Labels,
}

impl Fmt<'_> {
    fn none(&self) -> &str {
        label(self.t, "no_score")
    }
    fn level(&self, l: Option<u8>) -> String {
        l.map_or_else(|| self.none().to_string(), |l| l.to_string())
    }
    fn score(&self, s: Option<f64>) -> String {
        s.map_or_else(|| self.none().to_string(), |s| trim_number(s, 1))
    }
    fn cell(&self, level: Option<u8>, score: Option<f64>) -> String {
        format!("{} · {}", self.level(level), self.score(score))
    }
    fn category(&self, key: &str) -> String {
        self.q
            .category(key)
            .map(|c| c.name.get(self.lang).to_string())
            .unwrap_or_else(|| key.to_string())
    }
    fn status(&self, key: &str) -> String {
        self.q
            .status(key)
            .map_or(key, |s| s.label.get(self.lang))
            .to_string()
    }
    fn question(&self, id: &str) -> String {
        self.q
            .metric(id)
            .map(|m| m.question.get(self.lang).to_string())
            .unwrap_or_default()
    }
    fn unit(&self, unit: &str) -> String {
        if unit.is_empty() {
            label(self.t, "whole_org").to_string()
        } else {
            unit.to_string()
        }
    }
    fn join(&self) -> &'static str {
        if self.lang == Lang::Ja { "、" } else { ", " }
    }
    fn weakest(&self, a: &Assessment) -> String {
        a.categories
            .iter()
            .filter(|c| a.overall_level.is_some() && c.level == a.overall_level)
            .map(|c| self.category(&c.key))
            .collect::<Vec<_>>()
            .join(self.join())
    }
}

/// Inputs of the comparison page.
pub struct CompareInput<'a> {
    /// Scored assessments, sorted by (org, unit, period).
    pub assessments: &'a [Assessment],
    /// The delta breakdown of [`crate::analysis::compare::deltas`] over them.
    pub deltas: &'a [DeltaRow],
    /// The questionnaire.
    pub questionnaire: &'a Questionnaire,
    /// Target profile.
    pub target: &'a Target,
    /// Incident KPIs, when logs were given.
    pub incidents: Option<&'a IncidentReport>,
    /// Quarter every later one is compared with, if any.
    pub baseline: Option<crate::model::Period>,
    /// Folder (relative to the output folder) of each (org, unit): anchors and chart names.
    pub folders: &'a BTreeMap<(String, String), String>,
    /// Relative links to each assessment's report (batch only).
    pub links: Option<&'a BTreeMap<AssessmentKey, String>>,
}

/// The (org, unit) runs of a sorted slice of assessments.
fn series(assessments: &[Assessment]) -> Vec<&[Assessment]> {
    assessments
        .chunk_by(|a, b| a.key.org == b.key.org && a.key.unit == b.key.unit)
        .collect()
}

fn anchor(folder: &str) -> String {
    format!("u-{}", folder.replace('/', "--"))
}

/// Build the comparison page and its charts (`charts/…svg`).
///
/// # Errors
/// [`crate::Error::Chart`] if a chart cannot be drawn.
pub fn build(
    input: &CompareInput<'_>,
    lang: Lang,
    t: Labels,
) -> Result<(CompareContext, Vec<Chart>)> {
    let q = input.questionnaire;
    let f = Fmt { q, lang, t: &t };
    let mut charts = Vec::new();
    // Delta rows per (org, unit), in order.
    let mut deltas_of: BTreeMap<(&str, &str), Vec<&DeltaRow>> = BTreeMap::new();
    for d in input.deltas {
        deltas_of
            .entry((d.org.as_str(), d.unit.as_str()))
            .or_default()
            .push(d);
    }
    let folder_of = |a: &Assessment| -> &str {
        input
            .folders
            .get(&(a.key.org.clone(), a.key.unit.clone()))
            .map_or("_", String::as_str)
    };

    let mut regressions = 0usize;
    let mut improvements = 0usize;
    let mut newly = 0usize;
    let mut pairs = 0usize;
    let mut drops: Vec<(f64, DropRow)> = Vec::new();

    let all_series = series(input.assessments);
    let mut orgs: Vec<OrgSection> = Vec::new();
    for org_series in all_series.chunk_by(|a, b| a[0].key.org == b[0].key.org) {
        let org = org_series[0][0].key.org.clone();
        let mut units = Vec::new();
        for s in org_series {
            let first = &s[0];
            let folder = folder_of(first);
            let unit_anchor = anchor(folder);
            let unit_name = f.unit(&first.key.unit);
            let periods: Vec<PeriodHead> = s
                .iter()
                .map(|a| PeriodHead {
                    period: a.key.period.to_string(),
                    href: input
                        .links
                        .and_then(|l| l.get(&a.key))
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect();
            // Trend rows and chart panels.
            let mut rows = Vec::new();
            let mut panels = Vec::new();
            for cat in &q.categories {
                let goal = input.target.level(&cat.key);
                let results: Vec<_> = s.iter().map(|a| a.category(&cat.key)).collect();
                let levels: Vec<Option<u8>> =
                    results.iter().map(|c| c.and_then(|c| c.level)).collect();
                let scores: Vec<Option<f64>> = results
                    .iter()
                    .map(|c| c.and_then(|c| c.group.score))
                    .collect();
                rows.push(TrendRow {
                    name: cat.name.get(lang).to_string(),
                    target: goal.to_string(),
                    cells: levels
                        .iter()
                        .zip(&scores)
                        .map(|(l, sc)| TrendCell {
                            level: f.level(*l),
                            score: f.score(*sc),
                            class: match l {
                                Some(l) if *l >= goal => "meets",
                                Some(_) => "below",
                                None => "na",
                            },
                        })
                        .collect(),
                });
                panels.push(TrendPanel {
                    title: format!("{} ({} {goal})", cat.name.get(lang), label(&t, "target")),
                    target: goal,
                    levels,
                    scores,
                });
            }
            rows.push(TrendRow {
                name: label(&t, "overall").to_string(),
                target: String::new(),
                cells: s
                    .iter()
                    .map(|a| TrendCell {
                        level: f.level(a.overall_level),
                        score: f.score(a.overall.score),
                        class: "overall",
                    })
                    .collect(),
            });
            let trend_data = TrendData {
                columns: s
                    .iter()
                    .map(|a| trend::column_label(&a.key.period.to_string(), s.len()))
                    .collect(),
                panels,
                max_level: q.max_level(),
                legend: [
                    label(&t, "level").to_string(),
                    label(&t, "score").to_string(),
                    label(&t, "target").to_string(),
                ],
            };
            let chart_name = format!("trend-{}", folder.replace('/', "--"));
            let trend_svg = trend::draw_trend(&trend_data, &chart_name)?;
            charts.push(Chart {
                file: format!("charts/{chart_name}.svg"),
                svg: trend_svg.clone(),
            });
            // KPIs per quarter.
            let kpis = if input.incidents.is_some() {
                TREND_KPIS
                    .iter()
                    .map(|k| KpiTrendRow {
                        label: t
                            .get(&format!("kpi_{k}"))
                            .cloned()
                            .unwrap_or_else(|| (*k).to_string()),
                        cells: s
                            .iter()
                            .map(|a| {
                                let period = a.key.period.to_string();
                                match input.incidents.and_then(|r| {
                                    r.find(&a.key.org, &a.key.unit, &period, "", "", k)
                                }) {
                                    Some(r) => KpiCell {
                                        value: kpi_value(k, r.value, &t),
                                        n: r.n.to_string(),
                                    },
                                    None => KpiCell {
                                        value: String::new(),
                                        n: "0".into(),
                                    },
                                }
                            })
                            .collect(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            // Changes, latest pair first.
            let unit_deltas = deltas_of
                .get(&(first.key.org.as_str(), first.key.unit.as_str()))
                .cloned()
                .unwrap_or_default();
            let by_period: BTreeMap<crate::model::Period, &Assessment> =
                s.iter().map(|a| (a.key.period, a)).collect();
            let mut changes = Vec::new();
            for pair in unit_deltas
                .chunk_by(|a, b| a.from_period == b.from_period && a.to_period == b.to_period)
            {
                let (from_p, to_p) = (pair[0].from_period, pair[0].to_period);
                let (Some(from), Some(to)) = (by_period.get(&from_p), by_period.get(&to_p)) else {
                    continue;
                };
                pairs += 1;
                let from_metrics: std::collections::HashMap<&str, &crate::model::MetricResult> =
                    from.metrics.iter().map(|m| (m.id.as_str(), m)).collect();
                let newly_ids: Vec<&str> = to
                    .metrics
                    .iter()
                    .filter(|m| m.corroboration == Some(Corroboration::Contradicted))
                    .filter(|m| {
                        from_metrics
                            .get(m.id.as_str())
                            .is_none_or(|x| x.corroboration != Some(Corroboration::Contradicted))
                    })
                    .map(|m| m.id.as_str())
                    .collect();
                let newly_set: std::collections::HashSet<&str> =
                    newly_ids.iter().copied().collect();
                newly += newly_ids.len();
                let mut categories = Vec::new();
                for cat_rows in pair.chunk_by(|a, b| a.category == b.category) {
                    let key = &cat_rows[0].category;
                    let (Some(c_from), Some(c_to)) = (from.category(key), to.category(key)) else {
                        continue;
                    };
                    let total = cat_rows
                        .iter()
                        .find(|r| r.metric == TOTAL)
                        .map_or(0.0, |r| r.contribution);
                    let mut metric_rows: Vec<&&DeltaRow> = cat_rows
                        .iter()
                        .filter(|r| r.metric != TOTAL && r.metric != SCORED_SET_CHANGE)
                        .collect();
                    for r in &metric_rows {
                        if r.contribution < 0.0 {
                            regressions += 1;
                        } else if r.contribution > 0.0 {
                            improvements += 1;
                        }
                    }
                    let level_changed = c_from.level != c_to.level;
                    if metric_rows.is_empty() && signed(total, 2) == "0.00" && !level_changed {
                        continue;
                    }
                    metric_rows.sort_by(|a, b| a.contribution.total_cmp(&b.contribution));
                    let mut lines: Vec<DeltaLine> = metric_rows
                        .iter()
                        .map(|r| DeltaLine {
                            metric: r.metric.clone(),
                            question: f.question(&r.metric),
                            from_status: f.status(&r.from_status),
                            from_class: css_class(&r.from_status),
                            to_status: f.status(&r.to_status),
                            to_class: css_class(&r.to_status),
                            contribution: signed(r.contribution, 2),
                            class: if r.contribution < 0.0 {
                                "regression"
                            } else {
                                "improvement"
                            },
                            newly_contradicted: newly_set.contains(r.metric.as_str()),
                        })
                        .collect();
                    // The last line is what the printed metric lines leave of
                    // the printed change, so the column adds up as shown. It is
                    // the scored-set change, or only rounding when the scored
                    // set did not change.
                    let round2 = |v: f64| (v * 100.0).round() / 100.0;
                    let shown: f64 = metric_rows.iter().map(|r| round2(r.contribution)).sum();
                    let remainder = round2(total) - shown;
                    if signed(remainder, 2) != "0.00" {
                        let set_changed =
                            to.metrics.iter().filter(|m| &m.category == key).any(|m| {
                                from_metrics
                                    .get(m.id.as_str())
                                    .is_none_or(|x| x.points.is_some() != m.points.is_some())
                            });
                        let what = if !set_changed {
                            "rounding"
                        } else {
                            "scored_set_change"
                        };
                        lines.push(DeltaLine {
                            metric: String::new(),
                            question: label(&t, what).to_string(),
                            from_status: String::new(),
                            from_class: String::new(),
                            to_status: String::new(),
                            to_class: String::new(),
                            contribution: signed(remainder, 2),
                            class: "set",
                            newly_contradicted: false,
                        });
                    }
                    let levels = format!("{} → {}", f.level(c_from.level), f.level(c_to.level));
                    let level_fell =
                        matches!((c_from.level, c_to.level), (Some(a), Some(b)) if b < a);
                    if total < 0.0 && signed(total, 2) != "0.00" {
                        drops.push((
                            total,
                            DropRow {
                                org: org.clone(),
                                unit: unit_name.clone(),
                                anchor: unit_anchor.clone(),
                                pair: format!("{from_p} → {to_p}"),
                                category: f.category(key),
                                delta: signed(total, 2),
                                levels: levels.clone(),
                            },
                        ));
                    }
                    categories.push(CategoryChange {
                        name: f.category(key),
                        scores: format!(
                            "{} → {}",
                            f.score(c_from.group.score),
                            f.score(c_to.group.score)
                        ),
                        delta: signed(total, 2),
                        direction: match signed(total, 2).as_bytes()[0] {
                            b'+' => "up",
                            b'-' => "down",
                            _ => "flat",
                        },
                        levels,
                        level_fell,
                        lines,
                    });
                }
                let to_metrics: std::collections::HashMap<&str, &crate::model::MetricResult> =
                    to.metrics.iter().map(|m| (m.id.as_str(), m)).collect();
                let newly_contradicted = newly_ids
                    .iter()
                    .filter_map(|id| to_metrics.get(id).copied())
                    .map(|m| ContradictedRow {
                        id: m.id.clone(),
                        question: f.question(&m.id),
                        status: f.status(&m.status),
                        checks: metric_check_lines(m, &t),
                    })
                    .collect();
                changes.push(PairSection {
                    from: from_p.to_string(),
                    to: to_p.to_string(),
                    categories,
                    newly_contradicted,
                });
            }
            changes.reverse();
            let no_pairs = match input.baseline {
                Some(b) => fill(label(&t, "no_pairs_baseline"), &[("period", b.to_string())]),
                None => label(&t, "single_quarter").to_string(),
            };
            units.push(UnitSection {
                no_pairs,
                org: org.clone(),
                unit: unit_name,
                anchor: unit_anchor,
                trend_svg,
                periods,
                rows,
                kpis,
                changes,
            });
        }

        // Units side by side in the organisation's latest quarter.
        let latest = org_series
            .iter()
            .filter_map(|s| s.last())
            .map(|a| a.key.period)
            .max()
            .expect("a series is never empty");
        let mut ranked: Vec<&Assessment> = org_series
            .iter()
            .filter_map(|s| s.iter().find(|a| a.key.period == latest))
            .collect();
        // Weakest first: lowest overall level (none at all last), then lowest score.
        ranked.sort_by(|a, b| {
            let level = |x: &Assessment| x.overall_level.map_or(u16::MAX, u16::from);
            let score = |x: &Assessment| x.overall.score.unwrap_or(f64::INFINITY);
            level(a)
                .cmp(&level(b))
                .then(score(a).total_cmp(&score(b)))
                .then_with(|| a.key.unit.cmp(&b.key.unit))
        });
        let not_in_latest = org_series
            .iter()
            .filter_map(|s| s.last())
            .filter(|a| a.key.period != latest)
            .map(|a| format!("{} ({})", f.unit(&a.key.unit), a.key.period))
            .collect();
        let columns: Vec<String> = q
            .categories
            .iter()
            .map(|c| c.name.get(lang).to_string())
            .collect();
        let heat = HeatData {
            columns: {
                let mut c = columns.clone();
                c.push(label(&t, "overall").to_string());
                c
            },
            rows: ranked
                .iter()
                .map(|a| {
                    let mut cells: Vec<HeatCell> = q
                        .categories
                        .iter()
                        .map(|cat| {
                            let r = a.category(&cat.key);
                            let level = r.and_then(|r| r.level);
                            HeatCell {
                                level,
                                text: f.cell(level, r.and_then(|r| r.group.score)),
                                below_target: level
                                    .is_some_and(|l| l < input.target.level(&cat.key)),
                            }
                        })
                        .collect();
                    cells.push(HeatCell {
                        level: a.overall_level,
                        text: f.cell(a.overall_level, a.overall.score),
                        below_target: false,
                    });
                    HeatRow {
                        label: f.unit(&a.key.unit),
                        cells,
                    }
                })
                .collect(),
        };
        // The organisation's folder name (as in unit_folders): short, and
        // different for every organisation.
        let org_folder = super::folder_name(&org);
        let heat_name = format!("heatmap-{org_folder}");
        let heatmap_svg = heatmap::draw_heatmap(&heat, &heat_name)?;
        charts.push(Chart {
            file: format!("charts/{heat_name}.svg"),
            svg: heatmap_svg.clone(),
        });
        let ranking = ranked
            .iter()
            .enumerate()
            .map(|(i, a)| RankRow {
                position: (i + 1).to_string(),
                unit: f.unit(&a.key.unit),
                anchor: anchor(folder_of(a)),
                level: f.level(a.overall_level),
                score: f.score(a.overall.score),
                weakest: f.weakest(a),
                cells: q
                    .categories
                    .iter()
                    .map(|cat| {
                        let r = a.category(&cat.key);
                        let level = r.and_then(|r| r.level);
                        RankCell {
                            text: f.cell(level, r.and_then(|r| r.group.score)),
                            below_target: level.is_some_and(|l| l < input.target.level(&cat.key)),
                        }
                    })
                    .collect(),
            })
            .collect();
        orgs.push(OrgSection {
            anchor: format!("o-{org_folder}"),
            name: org,
            latest: latest.to_string(),
            heatmap_svg,
            columns,
            ranking,
            not_in_latest,
            units,
        });
    }

    drops.sort_by(|a, b| a.0.total_cmp(&b.0));
    let largest_drops = drops
        .into_iter()
        .take(LARGEST_DROPS)
        .map(|(_, d)| d)
        .collect();
    let basis = match input.baseline {
        Some(b) => fill(label(&t, "basis_baseline"), &[("period", b.to_string())]),
        None => label(&t, "basis_consecutive").to_string(),
    };
    let ctx = CompareContext {
        lang: lang.tag(),
        title: label(&t, "compare_title").to_string(),
        questionnaire: format!("{} ({} {})", q.title.get(lang), q.id, q.version),
        generator: format!("imcm {}", env!("CARGO_PKG_VERSION")),
        basis,
        counts: Counts {
            assessments: input.assessments.len().to_string(),
            units: all_series.len().to_string(),
            pairs: pairs.to_string(),
            regressions: regressions.to_string(),
            improvements: improvements.to_string(),
            newly_contradicted: newly.to_string(),
            alarming: regressions > 0,
            any_newly_contradicted: newly > 0,
        },
        largest_drops,
        has_incidents: input.incidents.is_some(),
        orgs,
        t,
    };
    Ok((ctx, charts))
}

/// Build the batch index: every report, grouped by unit, and the comparison.
pub fn build_index(
    assessments: &[Assessment],
    links: &BTreeMap<AssessmentKey, String>,
    compare_href: &str,
    q: &Questionnaire,
    lang: Lang,
    t: Labels,
) -> IndexContext {
    let f = Fmt { q, lang, t: &t };
    let units = series(assessments)
        .into_iter()
        .map(|s| IndexUnit {
            org: s[0].key.org.clone(),
            unit: f.unit(&s[0].key.unit),
            reports: s
                .iter()
                .map(|a| IndexReport {
                    period: a.key.period.to_string(),
                    level: f.level(a.overall_level),
                    href: links.get(&a.key).cloned().unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    IndexContext {
        lang: lang.tag(),
        title: label(&t, "index_title").to_string(),
        questionnaire: format!("{} ({} {})", q.title.get(lang), q.id, q.version),
        generator: format!("imcm {}", env!("CARGO_PKG_VERSION")),
        compare_href: compare_href.to_string(),
        count: assessments.len().to_string(),
        units,
        t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_numbers_never_show_minus_zero() {
        assert_eq!(signed(5.769_23, 2), "+5.77");
        assert_eq!(signed(-3.846, 2), "-3.85");
        assert_eq!(signed(-0.001, 2), "0.00");
        assert_eq!(signed(0.0, 2), "0.00");
    }
}
