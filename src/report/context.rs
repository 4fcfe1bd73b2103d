//! The report's template context: typed view structs whose numbers and
//! labels are already formatted for the chosen language. No file access.

use super::charts::{bars, radar};
use super::rules;
use crate::error::Result;
use crate::format::trim_number;
use crate::input::target::Target;
use crate::model::{Assessment, Lang, Questionnaire, Treatment};
use crate::scoring::gaps;
use serde::Serialize;
use std::collections::BTreeMap;

/// Number of gaps on the executive page.
pub const TOP_GAPS: usize = 5;

/// UI labels for one language (from `strings.toml`).
pub type Labels = BTreeMap<String, String>;

/// Everything `report.html.hbs` is rendered from.
#[derive(Debug, Serialize)]
pub struct ReportContext {
    /// `en` or `ja`.
    pub lang: &'static str,
    /// UI labels.
    pub t: Labels,
    /// Page title.
    pub title: String,
    /// Organisation.
    pub org: String,
    /// Unit, or the "whole organisation" label.
    pub unit: String,
    /// Quarter.
    pub period: String,
    /// Latest assessment date, or the quarter's last day.
    pub assessed_on: String,
    /// Questionnaire title, id and version.
    pub questionnaire: String,
    /// `imcm x.y.z`.
    pub generator: String,
    /// Headline figures.
    pub overall: Headline,
    /// Radar chart (inline SVG).
    pub radar_svg: String,
    /// One line per category on the executive page.
    pub summary: Vec<CategorySummary>,
    /// The most important gaps.
    pub top_gaps: Vec<GapRow>,
    /// One section per category.
    pub categories: Vec<CategorySection>,
    /// Every gap with its recommendation, most important first.
    pub recommendations: Vec<GapRow>,
    /// Metrics not observed.
    pub not_observed: Vec<NotObservedRow>,
    /// Scoring rules in words.
    pub methodology: Methodology,
    /// The incident section, when incident logs were given.
    pub incidents: Option<super::incidents::IncidentSection>,
    /// The inputs the figures were computed from (set by [`super::render`]).
    pub provenance: Option<crate::report::provenance::ProvenanceView>,
}

/// Overall level and score.
#[derive(Debug, Serialize)]
pub struct Headline {
    /// Overall level number.
    pub level: String,
    /// Highest level of the questionnaire.
    pub max_level: String,
    /// Its name.
    pub level_name: String,
    /// Overall score or "—".
    pub score: String,
    /// Overall coverage as a percentage.
    pub coverage: String,
    /// Names of the categories at the lowest level.
    pub weakest: String,
}

/// A category line on the executive page.
#[derive(Debug, Serialize)]
pub struct CategorySummary {
    /// Category id.
    pub id: String,
    /// Category name.
    pub name: String,
    /// Score or "—".
    pub score: String,
    /// Coverage percentage.
    pub coverage: String,
    /// Level number.
    pub level: String,
    /// Level name.
    pub level_name: String,
    /// Target level.
    pub target: String,
    /// Whether the category has a level (some metric applies).
    pub applicable: bool,
    /// Whether the level reaches the target.
    pub meets_target: bool,
}

/// A gap (or a recommendation).
#[derive(Debug, Serialize)]
pub struct GapRow {
    /// Metric id.
    pub id: String,
    /// Category name.
    pub category: String,
    /// Question.
    pub question: String,
    /// Priority key.
    pub priority: String,
    /// Status label.
    pub status: String,
    /// CSS-safe status key.
    pub status_class: String,
    /// Weight lost.
    pub lost: String,
    /// What to do.
    pub recommendation: String,
}

/// A metric not observed.
#[derive(Debug, Serialize)]
pub struct NotObservedRow {
    /// Metric id.
    pub id: String,
    /// Priority key.
    pub priority: String,
    /// Question.
    pub question: String,
    /// Why: the comment, or "no answer given".
    pub note: String,
}

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
    /// Priority key.
    pub priority: String,
    /// Status label.
    pub status: String,
    /// CSS-safe status key.
    pub status_class: String,
    /// Evidence (user text).
    pub evidence: String,
    /// Comment (user text).
    pub comment: String,
    /// `file:line`, or "no answer given".
    pub source: String,
    /// Evidence rules evaluated on incident data.
    pub checks: Vec<super::incidents::CheckLine>,
    /// "Corroborated", "Contradicted" or "".
    pub corroboration: String,
    /// `corroborated`, `contradicted` or "" (CSS class).
    pub corroboration_class: String,
}

/// Scoring rules in words.
#[derive(Debug, Serialize)]
pub struct Methodology {
    /// Answer scale rows.
    pub scale: Vec<ScaleRow>,
    /// Priority weights.
    pub weights: Vec<WeightRow>,
    /// Level rules.
    pub levels: Vec<LevelRow>,
}

/// One status of the scale.
#[derive(Debug, Serialize)]
pub struct ScaleRow {
    /// Label.
    pub label: String,
    /// Key.
    pub key: String,
    /// Points or "—".
    pub points: String,
    /// Effect in words.
    pub effect: String,
}

/// One priority weight.
#[derive(Debug, Serialize)]
pub struct WeightRow {
    /// Label.
    pub label: String,
    /// Weight.
    pub weight: String,
}

/// One level rule.
#[derive(Debug, Serialize)]
pub struct LevelRow {
    /// Number.
    pub level: String,
    /// Name.
    pub name: String,
    /// Condition in words.
    pub rule: String,
}

/// A chart to embed and write beside the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// File name (`radar.svg`).
    pub file: String,
    /// SVG document.
    pub svg: String,
}

fn label<'a>(t: &'a Labels, key: &str) -> &'a str {
    t.get(key).map_or("", String::as_str)
}

fn score_text(score: Option<f64>, t: &Labels) -> String {
    score.map_or_else(|| label(t, "no_score").to_string(), |s| trim_number(s, 1))
}

fn percent(v: Option<f64>, t: &Labels) -> String {
    v.map_or_else(
        || label(t, "no_score").to_string(),
        |c| format!("{}%", trim_number(c * 100.0, 0)),
    )
}

/// A `YYYY-MM-DD` date as the language writes it: unchanged in English (ISO
/// 8601, unambiguous for an international audience), `2026年9月15日` in
/// Japanese. Anything else is shown as given.
pub fn local_date(date: &str, lang: Lang) -> String {
    // A date-time (as a workbook cell may give) keeps its time after the date.
    if let Some((day, time)) = date.split_once('T') {
        let local = local_date(day, lang);
        if local != day {
            let hm: String = time.chars().take(5).collect();
            return format!("{local} {hm}");
        }
        return date.to_string();
    }
    let parts: Vec<&str> = date.split('-').collect();
    match (lang, parts.as_slice()) {
        (Lang::Ja, [y, m, d])
            if y.len() == 4 && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            let n = |s: &str| s.trim_start_matches('0').to_string();
            format!("{y}年{}月{}日", n(m), n(d))
        }
        _ => date.to_string(),
    }
}

/// Keep only `[a-z0-9_]` so a status key can be a CSS class.
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

/// Build the context and the charts for one assessment.
///
/// # Errors
/// [`crate::Error::Chart`] if a chart cannot be drawn.
pub fn build(
    a: &Assessment,
    q: &Questionnaire,
    target: &Target,
    lang: Lang,
    t: Labels,
    incidents: Option<&crate::model::IncidentReport>,
) -> Result<(ReportContext, Vec<Chart>)> {
    let level_text =
        |l: Option<u8>| l.map_or_else(|| label(&t, "no_score").to_string(), |l| l.to_string());
    let level_name = |l: Option<u8>| -> String {
        let Some(l) = l else {
            return label(&t, "no_score").to_string();
        };
        q.levels.iter().find(|r| r.level == l).map_or_else(
            || label(&t, "level_none").to_string(),
            |r| r.name.get(lang).to_string(),
        )
    };
    let status_label = |key: &str| q.status(key).map_or(key, |s| s.label.get(lang)).to_string();
    let question = |id: &str| {
        q.metric(id)
            .map(|m| m.question.get(lang).to_string())
            .unwrap_or_default()
    };
    let cat_name = |key: &str| {
        q.category(key)
            .map(|c| c.name.get(lang).to_string())
            .unwrap_or_default()
    };

    let summary_of = |key: &str| -> CategorySummary {
        let c = a.category(key).expect("category scored");
        let cat = q.category(key).expect("category defined");
        let goal = target.level(key);
        CategorySummary {
            id: cat.id.clone(),
            name: cat.name.get(lang).to_string(),
            score: score_text(c.group.score, &t),
            coverage: percent(c.group.coverage, &t),
            level: level_text(c.level),
            level_name: level_name(c.level),
            target: goal.to_string(),
            applicable: c.level.is_some(),
            meets_target: c.level.is_some_and(|l| l >= goal),
        }
    };
    let summary: Vec<CategorySummary> = q.categories.iter().map(|c| summary_of(&c.key)).collect();

    let gap_row = |m: &crate::model::MetricResult| GapRow {
        id: m.id.clone(),
        category: cat_name(&m.category),
        question: question(&m.id),
        priority: m.priority.clone(),
        status: status_label(&m.status),
        status_class: css_class(&m.status),
        lost: trim_number(m.gap().unwrap_or(0.0), 2),
        recommendation: q
            .metric(&m.id)
            .map(|x| x.recommendation.get(lang).to_string())
            .unwrap_or_default(),
    };
    let all_gaps = gaps(a, q);
    let recommendations: Vec<GapRow> = all_gaps.iter().map(|m| gap_row(m)).collect();
    let top_gaps: Vec<GapRow> = all_gaps.iter().take(TOP_GAPS).map(|m| gap_row(m)).collect();

    let mut charts = Vec::new();
    let radar_data = radar::radar_series(
        &a.categories
            .iter()
            .map(|c| {
                (
                    cat_name(&c.key),
                    c.level,
                    target.level(&c.key),
                    c.group.score,
                )
            })
            .collect::<Vec<_>>(),
        q.max_level(),
        [
            label(&t, "level").into(),
            label(&t, "target").into(),
            label(&t, "score").into(),
        ],
    );
    let radar_svg = radar::draw_radar(&radar_data)?;
    charts.push(Chart {
        file: "radar.svg".into(),
        svg: radar_svg.clone(),
    });

    // Per-metric and per-group lookups through maps, so that the context
    // costs the same per metric for 50 metrics or 10,000.
    let sub_scores: std::collections::HashMap<&str, &crate::model::GroupScore> =
        a.subcategories.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut metrics_of: std::collections::HashMap<&str, Vec<&crate::model::MetricResult>> =
        std::collections::HashMap::new();
    for m in &a.metrics {
        metrics_of.entry(m.category.as_str()).or_default().push(m);
    }
    let mut categories = Vec::new();
    for cat in &q.categories {
        let c = a.category(&cat.key).expect("category scored");
        let subs: Vec<_> = q.subcategories_in(cat).collect();
        let bar_data = bars::bar_series(
            &subs
                .iter()
                .map(|s| {
                    let g = sub_scores.get(s.id.as_str()).copied();
                    let score = g.and_then(|g| g.score);
                    (s.id.clone(), score, score_text(score, &t))
                })
                .collect::<Vec<_>>(),
            label(&t, "score"),
        );
        let chart_file = format!("category-{}.svg", css_class(&cat.key));
        let chart_svg = bars::draw_bars(&bar_data, &cat.key)?;
        charts.push(Chart {
            file: chart_file.clone(),
            svg: chart_svg.clone(),
        });
        let visible: Vec<_> = q.statuses.iter().collect();
        let counted: std::collections::HashMap<(&str, &str), usize> = c
            .group
            .counts
            .iter()
            .map(|x| ((x.priority.as_str(), x.status.as_str()), x.count))
            .collect();
        let count_rows = q
            .priorities
            .iter()
            .map(|p| {
                let counts: Vec<usize> = visible
                    .iter()
                    .map(|s| {
                        counted
                            .get(&(p.key.as_str(), s.key.as_str()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect();
                CountRow {
                    priority: p.label.get(lang).to_string(),
                    total: counts.iter().sum::<usize>().to_string(),
                    counts: counts.iter().map(ToString::to_string).collect(),
                }
            })
            .collect();
        let level_lines = c
            .checks
            .iter()
            .zip(&q.levels)
            .map(|(check, rule)| LevelLine {
                level: rule.level.to_string(),
                name: rule.name.get(lang).to_string(),
                rule: rules::describe(rule, q, lang),
                holds: check.holds,
                blockers: rules::blockers(check, lang),
            })
            .collect();
        let metrics = metrics_of
            .get(cat.key.as_str())
            .into_iter()
            .flatten()
            .map(|m| MetricRow {
                id: m.id.clone(),
                question: question(&m.id),
                priority: m.priority.clone(),
                status: status_label(&m.status),
                status_class: css_class(&m.status),
                evidence: m.evidence.clone(),
                comment: m.comment.clone(),
                checks: super::incidents::metric_check_lines(m, &t),
                corroboration: match m.corroboration {
                    Some(crate::model::Corroboration::Corroborated) => {
                        label(&t, "corroborated").to_string()
                    }
                    Some(crate::model::Corroboration::Contradicted) => {
                        label(&t, "contradicted").to_string()
                    }
                    None => String::new(),
                },
                corroboration_class: match m.corroboration {
                    Some(crate::model::Corroboration::Corroborated) => "corroborated".to_string(),
                    Some(crate::model::Corroboration::Contradicted) => "contradicted".to_string(),
                    None => String::new(),
                },
                source: if m.answered {
                    m.source.clone()
                } else {
                    label(&t, "unanswered").to_string()
                },
            })
            .collect();
        categories.push(CategorySection {
            key: css_class(&cat.key),
            summary: summary_of(&cat.key),
            description: cat.summary.get(lang).to_string(),
            chart_svg,
            chart_file,
            subcategories: subs
                .iter()
                .map(|s| {
                    let g = sub_scores.get(s.id.as_str()).copied();
                    SubcategoryRow {
                        id: s.id.clone(),
                        name: s.name.get(lang).to_string(),
                        score: score_text(g.and_then(|g| g.score), &t),
                        coverage: percent(g.and_then(|g| g.coverage), &t),
                    }
                })
                .collect(),
            count_headers: visible
                .iter()
                .map(|s| s.label.get(lang).to_string())
                .collect(),
            count_rows,
            level_lines,
            metrics,
        });
    }

    let not_observed = a
        .metrics
        .iter()
        .filter(|m| m.treatment == Treatment::Unobserved)
        .map(|m| NotObservedRow {
            id: m.id.clone(),
            priority: m.priority.clone(),
            question: question(&m.id),
            note: if !m.answered {
                label(&t, "unanswered").to_string()
            } else {
                m.comment.clone()
            },
        })
        .collect();

    let methodology = Methodology {
        scale: q
            .statuses
            .iter()
            .map(|s| ScaleRow {
                label: s.label.get(lang).to_string(),
                key: s.key.clone(),
                points: match s.treatment {
                    Treatment::Scored => trim_number(s.points, 2),
                    _ => label(&t, "no_score").to_string(),
                },
                effect: label(
                    &t,
                    match s.treatment {
                        Treatment::Scored => "treatment_scored",
                        Treatment::Excluded => "treatment_excluded",
                        Treatment::Unobserved => "treatment_unobserved",
                    },
                )
                .to_string(),
            })
            .collect(),
        weights: q
            .priorities
            .iter()
            .map(|p| WeightRow {
                label: p.label.get(lang).to_string(),
                weight: trim_number(p.weight, 2),
            })
            .collect(),
        levels: q
            .levels
            .iter()
            .map(|l| LevelRow {
                level: l.level.to_string(),
                name: l.name.get(lang).to_string(),
                rule: rules::describe(l, q, lang),
            })
            .collect(),
    };

    let min = a.overall_level;
    let weakest = a
        .categories
        .iter()
        .filter(|c| min.is_some() && c.level == min)
        .map(|c| cat_name(&c.key))
        .collect::<Vec<_>>()
        .join(if lang == Lang::Ja { "、" } else { ", " });
    let unit = if a.key.unit.is_empty() {
        label(&t, "whole_org").to_string()
    } else {
        a.key.unit.clone()
    };
    let incident_section = match incidents {
        Some(report) => {
            let (section, incident_charts) = super::incidents::build(a, q, report, lang, &t)?;
            charts.extend(incident_charts);
            Some(section)
        }
        None => None,
    };
    let ctx = ReportContext {
        incidents: incident_section,
        provenance: None,
        lang: lang.tag(),
        title: format!(
            "{} — {} / {} / {}",
            label(&t, "report_title"),
            a.key.org,
            unit,
            a.key.period
        ),
        org: a.key.org.clone(),
        unit,
        period: a.key.period.to_string(),
        assessed_on: local_date(
            &a.assessed_on
                .clone()
                .unwrap_or_else(|| a.key.period.end_date()),
            lang,
        ),
        questionnaire: format!("{} ({} {})", q.title.get(lang), q.id, q.version),
        generator: format!("imcm {}", env!("CARGO_PKG_VERSION")),
        overall: Headline {
            level: level_text(a.overall_level),
            max_level: q.max_level().to_string(),
            level_name: level_name(a.overall_level),
            score: score_text(a.overall.score, &t),
            coverage: percent(a.overall.coverage, &t),
            weakest,
        },
        radar_svg,
        summary,
        top_gaps,
        categories,
        recommendations,
        not_observed,
        methodology,
        t,
    };
    Ok((ctx, charts))
}
