//! The category pages: per category its summary, subcategory chart and
//! table, status counts per priority, how the level was derived, and every
//! metric with its answer and evidence checks.

use super::Chart;
use super::indicators::{self, IndicatorsView};
use super::summary::{CategorySummary, category_summary};
use super::words::{Words, css_class, percent, score_text};
use crate::error::Result;
use crate::input::target::Target;
use crate::model::{Assessment, Category, CategoryResult, Corroboration, GroupScore, MetricResult};
use crate::report::charts::bars;
use crate::report::incidents::metric_check_lines;
use crate::report::rules;
use serde::Serialize;
use std::collections::HashMap;

/// A category's page.
#[derive(Debug, Serialize)]
pub struct CategorySection {
    /// Category key.
    pub key: String,
    /// Summary line (score, level, target).
    pub summary: CategorySummary,
    /// One-sentence description.
    pub description: String,
    /// Subcategory bar chart (inline SVG).
    pub chart_svg: String,
    /// File name of the same chart.
    pub chart_file: String,
    /// The chart's figures.
    pub chart_table: crate::report::charts::ChartTable,
    /// Subcategory table.
    pub subcategories: Vec<SubcategoryRow>,
    /// Column headers of the count table (status labels).
    pub count_headers: Vec<String>,
    /// Count table rows, one per priority.
    pub count_rows: Vec<CountRow>,
    /// How the level was derived.
    pub level_lines: Vec<LevelLine>,
    /// Metric table rows.
    pub metrics: Vec<MetricRow>,
}

/// A subcategory line.
#[derive(Debug, Serialize)]
pub struct SubcategoryRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Score or "—".
    pub score: String,
    /// Coverage percentage or "—".
    pub coverage: String,
}

/// Status counts of one priority.
#[derive(Debug, Serialize)]
pub struct CountRow {
    /// Priority label.
    pub priority: String,
    /// Counts in `count_headers` order.
    pub counts: Vec<String>,
    /// Row total.
    pub total: String,
}

/// One level's check.
#[derive(Debug, Serialize)]
pub struct LevelLine {
    /// Level number.
    pub level: String,
    /// Level name.
    pub name: String,
    /// The condition in words.
    pub rule: String,
    /// Whether it holds.
    pub holds: bool,
    /// What blocks it ("" when it holds).
    pub blockers: String,
}

/// A row of the metric table.
#[derive(Debug, Serialize)]
pub struct MetricRow {
    /// Id.
    pub id: String,
    /// Question.
    pub question: String,
    /// The questionnaire's guidance for the assessor ("" when it has none).
    pub guidance: String,
    /// Priority key.
    pub priority: String,
    /// Status label.
    pub status: String,
    /// CSS-safe status key.
    pub status_class: String,
    /// Who assessed it (user text); "" when not given, or when one assessor
    /// did the whole assessment (the header names them).
    pub assessor: String,
    /// When it was assessed, in the report's language; "" when not given,
    /// or when every answer gives the same date (the header shows it).
    pub assessed_on: String,
    /// The indicators recorded as seen.
    pub indicators: IndicatorsView,
    /// Evidence (user text).
    pub evidence: String,
    /// Comment (user text).
    pub comment: String,
    /// `file:line`, or "no answer given".
    pub source: String,
    /// Evidence rules evaluated on incident data.
    pub checks: Vec<crate::report::incidents::CheckLine>,
    /// "Corroborated", "Contradicted" or "".
    pub corroboration: String,
    /// `corroborated`, `contradicted` or "" (CSS class).
    pub corroboration_class: String,
}

/// Subcategory scores and each category's metrics, looked up through maps
/// so that the context costs the same per metric for 50 metrics or 10,000.
struct Lookup<'a> {
    sub_scores: HashMap<&'a str, &'a GroupScore>,
    metrics_of: HashMap<&'a str, Vec<&'a MetricResult>>,
    per_row: PerRow,
}

/// Which answer details differ between rows, and so are shown per metric.
#[derive(Clone, Copy)]
struct PerRow {
    /// More than one assessor is named.
    assessor: bool,
    /// The answers give more than one date.
    date: bool,
}

impl<'a> Lookup<'a> {
    fn new(a: &'a Assessment) -> Self {
        let sub_scores = a.subcategories.iter().map(|s| (s.id.as_str(), s)).collect();
        let mut metrics_of: HashMap<&str, Vec<&MetricResult>> = HashMap::new();
        for m in &a.metrics {
            metrics_of.entry(m.category.as_str()).or_default().push(m);
        }
        let dates: std::collections::BTreeSet<&str> = a
            .metrics
            .iter()
            .map(|m| m.assessed_on.as_str())
            .filter(|d| !d.is_empty())
            .collect();
        Self {
            sub_scores,
            metrics_of,
            per_row: PerRow {
                assessor: a.assessors.len() > 1,
                date: dates.len() > 1,
            },
        }
    }
}

/// One page per category in questionnaire order; each page's bar chart is
/// added to `charts`.
///
/// # Errors
/// [`crate::Error::Chart`] if a chart cannot be drawn.
pub(super) fn sections(
    a: &Assessment,
    w: Words<'_>,
    target: Option<&Target>,
    charts: &mut Vec<Chart>,
) -> Result<Vec<CategorySection>> {
    let lookup = Lookup::new(a);
    let mut categories = Vec::new();
    for cat in &w.q.categories {
        let (section, chart) = section(a, w, target, cat, &lookup)?;
        charts.push(chart);
        categories.push(section);
    }
    Ok(categories)
}

fn section(
    a: &Assessment,
    w: Words<'_>,
    target: Option<&Target>,
    cat: &Category,
    lookup: &Lookup<'_>,
) -> Result<(CategorySection, Chart)> {
    let (q, lang, t) = (w.q, w.lang, w.t);
    let c = a.category(&cat.key).expect("category scored");
    let subs: Vec<_> = q.subcategories_in(cat).collect();
    let bar_data = bars::bar_series(
        &subs
            .iter()
            .map(|s| {
                let g = lookup.sub_scores.get(s.id.as_str()).copied();
                let score = g.and_then(|g| g.score);
                (s.id.clone(), score, score_text(score, t))
            })
            .collect::<Vec<_>>(),
        w.label("score"),
    );
    let chart_file = format!("category-{}.svg", css_class(&cat.key));
    let chart_table = bar_data.table(
        &format!("chart-category-{}", css_class(&cat.key)),
        &super::words::fill(
            w.label("subcategory_chart_title"),
            &[("name", w.cat_name(&cat.key))],
        ),
        [w.label("subcategory"), w.label("score")],
    );
    let chart_svg =
        crate::report::charts::label_svg(bars::draw_bars(&bar_data, &cat.key)?, &chart_table);
    let chart = Chart {
        file: chart_file.clone(),
        svg: chart_svg.clone(),
    };
    let metrics = lookup
        .metrics_of
        .get(cat.key.as_str())
        .into_iter()
        .flatten()
        .map(|m| metric_row(m, w, lookup.per_row))
        .collect();
    let section = CategorySection {
        key: css_class(&cat.key),
        summary: category_summary(a, w, target, &cat.key, None),
        description: cat.summary.get(lang).to_string(),
        chart_svg,
        chart_file,
        chart_table,
        subcategories: subs
            .iter()
            .map(|s| {
                let g = lookup.sub_scores.get(s.id.as_str()).copied();
                SubcategoryRow {
                    id: s.id.clone(),
                    name: s.name.get(lang).to_string(),
                    score: score_text(g.and_then(|g| g.score), t),
                    coverage: percent(g.and_then(|g| g.coverage), t),
                }
            })
            .collect(),
        count_headers: q
            .statuses
            .iter()
            .map(|s| s.label.get(lang).to_string())
            .collect(),
        count_rows: count_rows(c, w),
        level_lines: level_lines(c, w),
        metrics,
    };
    Ok((section, chart))
}

/// Status counts per priority, columns in scale order.
fn count_rows(c: &CategoryResult, w: Words<'_>) -> Vec<CountRow> {
    let counted: HashMap<(&str, &str), usize> = c
        .group
        .counts
        .iter()
        .map(|x| ((x.priority.as_str(), x.status.as_str()), x.count))
        .collect();
    w.q.priorities
        .iter()
        .map(|p| {
            let counts: Vec<usize> =
                w.q.statuses
                    .iter()
                    .map(|s| {
                        counted
                            .get(&(p.key.as_str(), s.key.as_str()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect();
            CountRow {
                priority: p.label.get(w.lang).to_string(),
                total: counts.iter().sum::<usize>().to_string(),
                counts: counts.iter().map(ToString::to_string).collect(),
            }
        })
        .collect()
}

/// Each level's rule, whether it holds and what blocks it.
fn level_lines(c: &CategoryResult, w: Words<'_>) -> Vec<LevelLine> {
    c.checks
        .iter()
        .zip(&w.q.levels)
        .map(|(check, rule)| LevelLine {
            level: rule.level.to_string(),
            name: rule.name.get(w.lang).to_string(),
            rule: rules::describe(rule, w.q, w.lang),
            holds: check.holds,
            blockers: rules::blockers(check, w.lang),
        })
        .collect()
}

/// A metric's answer, its evidence checks and their verdict.
fn metric_row(m: &MetricResult, w: Words<'_>, per_row: PerRow) -> MetricRow {
    let def = w.q.metric(&m.id);
    MetricRow {
        id: m.id.clone(),
        question: w.question(&m.id),
        guidance: def.map_or("", |d| d.guidance.get(w.lang)).to_string(),
        priority: m.priority.clone(),
        status: w.status_label(&m.status),
        status_class: css_class(&m.status),
        assessor: if per_row.assessor {
            m.assessor.clone()
        } else {
            String::new()
        },
        assessed_on: if per_row.date {
            super::local_date(&m.assessed_on, w.lang)
        } else {
            String::new()
        },
        indicators: indicators::view(&m.indicators_met, def.map_or(&[][..], |d| &d.indicators), w),
        evidence: m.evidence.clone(),
        comment: m.comment.clone(),
        checks: metric_check_lines(m, w.t),
        corroboration: match m.corroboration {
            Some(Corroboration::Corroborated) => w.label("corroborated").to_string(),
            Some(Corroboration::Contradicted) => w.label("contradicted").to_string(),
            None => String::new(),
        },
        corroboration_class: match m.corroboration {
            Some(Corroboration::Corroborated) => "corroborated".to_string(),
            Some(Corroboration::Contradicted) => "contradicted".to_string(),
            None => String::new(),
        },
        source: if m.answered {
            m.source.clone()
        } else {
            w.label("unanswered").to_string()
        },
    }
}
