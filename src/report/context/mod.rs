//! The report's template context: typed view structs whose numbers and
//! labels are already formatted for the chosen language, one file per
//! section (executive summary, category pages, methodology), built by one
//! function per section. No file access, and no figure is computed here:
//! every number comes scored from the assessment.

mod brief;
mod category;
mod disagreements;
pub mod evidence_request;
pub mod indicators;
mod methodology;
mod roadmap;
mod summary;
mod words;

pub use brief::{Brief, KEY_FINDINGS};
pub use category::{CategorySection, CountRow, LevelLine, MetricRow, SubcategoryRow};
pub use disagreements::{DisagreementRow, ResponseLine};
pub use evidence_request::{EvidenceItem, EvidenceRequestGroup, EvidenceRequestRow};
pub use indicators::{IndicatorMark, IndicatorsView};
pub use methodology::{LevelRow, Methodology, ScaleRow, WeightRow};
pub use roadmap::{Roadmap, RoadmapCategory, RoadmapEvidence, RoadmapStep};
pub use summary::{CategorySummary, GapRow, NotObservedRow};
pub use words::{assessed_dates, css_class, local_date};

#[cfg(test)]
mod tests;

use super::charts::{ChartTable, bars, label_svg, radar};
use crate::error::Result;
use crate::input::target::Target;
use crate::model::{Assessment, IncidentReport, Lang, Questionnaire};
use serde::Serialize;
use std::collections::BTreeMap;
use words::{Words, percent, score_text};

/// Number of gaps on the executive page.
pub const TOP_GAPS: usize = 3;

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
    /// The `assessed_on` of the answers in the report's language: the date,
    /// or the first and last when they differ; `None` when no answer gives
    /// one (the quarter is not a date).
    pub assessed_on: Option<String>,
    /// The assessors named in the answers, joined; "" when none is named.
    pub assessors: String,
    /// The interviewees named in the answers (`respondent`), joined; ""
    /// when none is named.
    pub respondents: String,
    /// Label of the target (column heading, radar legend); `None` without a
    /// target profile, and then no target is shown anywhere.
    pub target_label: Option<String>,
    /// Questionnaire title, id and version.
    pub questionnaire: String,
    /// `imcm x.y.z`.
    pub generator: String,
    /// Headline figures.
    pub overall: Headline,
    /// The headline sentence, key findings and change since the previous
    /// quarter.
    pub brief: Brief,
    /// Radar chart of level (and target) per category (inline SVG).
    pub radar_svg: String,
    /// The radar's figures.
    pub radar_table: ChartTable,
    /// Bar chart of the score (0–100) per category (inline SVG).
    pub scores_svg: String,
    /// The score chart's figures.
    pub scores_table: ChartTable,
    /// One line per category on the executive page.
    pub summary: Vec<CategorySummary>,
    /// The most important gaps.
    pub top_gaps: Vec<GapRow>,
    /// One section per category.
    pub categories: Vec<CategorySection>,
    /// Every gap with its recommendation, most important first.
    pub recommendations: Vec<GapRow>,
    /// The answer changes that bring each category below its target (or
    /// its next level, without a target) there.
    pub roadmap: Roadmap,
    /// Metrics not observed.
    pub not_observed: Vec<NotObservedRow>,
    /// Metrics whose interviewees gave different answers (the section is
    /// left out when empty).
    pub disagreements: Vec<DisagreementRow>,
    /// Appendix: the records each metric asks for, per category.
    pub evidence_request: Vec<EvidenceRequestGroup>,
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

/// A chart to embed and write beside the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// File name (`radar.svg`).
    pub file: String,
    /// SVG document.
    pub svg: String,
}

/// Build the context and the charts for one assessment; `previous` is the
/// same unit's latest earlier quarter, when the answers hold one.
///
/// # Errors
/// [`crate::Error::Chart`] if a chart cannot be drawn.
pub fn build(
    a: &Assessment,
    q: &Questionnaire,
    target: Option<&Target>,
    lang: Lang,
    t: Labels,
    incidents: Option<&IncidentReport>,
    previous: Option<&Assessment>,
) -> Result<(ReportContext, Vec<Chart>)> {
    let w = Words { q, lang, t: &t };
    let summary = summary::summaries(a, w, target, previous);
    let brief = brief::brief(a, w, target, previous);
    let (recommendations, top_gaps) = summary::gap_rows(a, w);
    let (radar_svg, radar_table) = radar_chart(a, w, target)?;
    let (scores_svg, scores_table) = scores_chart(a, w)?;
    let mut charts = vec![
        Chart {
            file: "radar.svg".into(),
            svg: radar_svg.clone(),
        },
        Chart {
            file: "scores.svg".into(),
            svg: scores_svg.clone(),
        },
    ];
    let categories = category::sections(a, w, target, &mut charts)?;
    let not_observed = summary::not_observed(a, w);
    let roadmap = roadmap::roadmap(a, w, target, incidents);
    let methodology = methodology::methodology(w);
    let overall = headline(a, w);
    let unit = if a.key.unit.is_empty() {
        w.label("whole_org").to_string()
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
            w.label("report_title"),
            a.key.org,
            unit,
            a.key.period
        ),
        org: a.key.org.clone(),
        unit,
        period: a.key.period.to_string(),
        assessed_on: assessed_dates(a, lang),
        assessors: w.join(&a.assessors),
        respondents: w.join(&a.respondents),
        target_label: target.map(|_| w.label("target").to_string()),
        disagreements: disagreements::disagreements(a, w),
        evidence_request: evidence_request::evidence_request(w),
        questionnaire: format!("{} ({} {})", q.title.get(lang), q.id, q.version),
        generator: format!("imcm {}", env!("CARGO_PKG_VERSION")),
        overall,
        brief,
        radar_svg,
        radar_table,
        scores_svg,
        scores_table,
        summary,
        top_gaps,
        categories,
        recommendations,
        roadmap,
        not_observed,
        methodology,
        t,
    };
    Ok((ctx, charts))
}

/// The radar of level (and target, when there is one) per category, with
/// its table.
fn radar_chart(
    a: &Assessment,
    w: Words<'_>,
    target: Option<&Target>,
) -> Result<(String, ChartTable)> {
    let radar_data = radar::radar_series(
        &a.categories
            .iter()
            .map(|c| (w.cat_name(&c.key), c.level, target.map(|t| t.level(&c.key))))
            .collect::<Vec<_>>(),
        w.q.max_level(),
        [w.label("level").into(), w.label("target").into()],
    );
    let mut header = vec![
        w.label("category").to_string(),
        w.label("level").to_string(),
    ];
    if target.is_some() {
        header.push(w.label("target").to_string());
    }
    let table = ChartTable {
        id: "chart-radar".into(),
        caption: w.label("radar_title").to_string(),
        header,
        rows: a
            .categories
            .iter()
            .map(|c| {
                let mut row = vec![w.cat_name(&c.key), w.level_text(c.level)];
                if let Some(t) = target {
                    row.push(t.level(&c.key).to_string());
                }
                row
            })
            .collect(),
    };
    let svg = label_svg(radar::draw_radar(&radar_data)?, &table);
    Ok((svg, table))
}

/// The score (0–100) per category as bars, with its table: the score has
/// its own axis and is never drawn on the level scale.
fn scores_chart(a: &Assessment, w: Words<'_>) -> Result<(String, ChartTable)> {
    let items: Vec<(String, Option<f64>, String)> = a
        .categories
        .iter()
        .map(|c| {
            (
                w.cat_name(&c.key),
                c.group.score,
                score_text(c.group.score, w.t),
            )
        })
        .collect();
    let data = bars::bar_series(&items, w.label("score"));
    let table = data.table(
        "chart-scores",
        w.label("scores_title"),
        [w.label("category"), w.label("score")],
    );
    let svg = label_svg(bars::draw_bars(&data, "scores")?, &table);
    Ok((svg, table))
}

/// The headline figures, with the names of the categories at the lowest level.
fn headline(a: &Assessment, w: Words<'_>) -> Headline {
    let min = a.overall_level;
    let weakest = a
        .categories
        .iter()
        .filter(|c| min.is_some() && c.level == min)
        .map(|c| w.cat_name(&c.key))
        .collect::<Vec<_>>();
    let weakest = w.join(&weakest);
    Headline {
        level: w.level_text(a.overall_level),
        max_level: w.q.max_level().to_string(),
        level_name: w.level_name(a.overall_level),
        score: score_text(a.overall.score, w.t),
        coverage: percent(a.overall.coverage, w.t),
        weakest,
    }
}
