//! One unit's section of the comparison page: its trend table and chart,
//! its KPIs per quarter, and the explained changes of each quarter pair,
//! formatted from the unit's part of the [`crate::analysis::compare::Comparison`].

use super::CompareInput;
use super::fmt::{Fmt, anchor, css_class, fill, label, signed};
use super::view::{
    CategoryChange, ContradictedRow, DeltaLine, KpiCell, KpiTrendRow, PairSection, PeriodHead,
    SetChangeLine, TrendCell, TrendRow, UnitSection, Why,
};
use crate::analysis::compare::{
    CategoryDelta, Direction, KpiTrend, MetricLine, PairChange, Remainder, RemainderCause,
    SetChange, TargetStanding, UnitComparison,
};
use crate::error::Result;
use crate::model::MetricResult;
use crate::report::charts::trend::{self, TrendData, TrendPanel};
use crate::report::charts::{ChartTable, label_svg};
use crate::report::context::Chart;
use crate::report::incidents::{kpi_value, metric_check_lines};

/// The section of one unit; its trend chart is added to `charts`.
///
/// # Errors
/// [`crate::Error::Chart`] if the trend chart cannot be drawn.
pub(super) fn unit_section(
    u: &UnitComparison<'_>,
    input: &CompareInput<'_>,
    f: &Fmt<'_>,
    charts: &mut Vec<Chart>,
) -> Result<UnitSection> {
    let first = &u.series[0];
    let folder = input.folder_of(first);
    let periods = u
        .series
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
    let (trend_svg, trend_table) = trend_chart(u, f, folder, charts)?;
    let mut changes: Vec<PairSection> = u.pairs.iter().map(|p| pair_section(p, f)).collect();
    changes.reverse();
    let no_pairs = match input.baseline {
        Some(b) => fill(
            label(f.t, "no_pairs_baseline"),
            &[("period", b.to_string())],
        ),
        None => label(f.t, "single_quarter").to_string(),
    };
    Ok(UnitSection {
        no_pairs,
        org: first.key.org.clone(),
        unit: f.unit(&first.key.unit),
        anchor: anchor(folder),
        trend_svg,
        trend_table,
        periods,
        rows: trend_rows(u, f),
        kpis: u.kpis.iter().map(|k| kpi_row(k, f)).collect(),
        changes,
    })
}

/// One row per category, then the overall row.
fn trend_rows(u: &UnitComparison<'_>, f: &Fmt<'_>) -> Vec<TrendRow> {
    let mut rows: Vec<TrendRow> = u
        .trends
        .iter()
        .map(|c| TrendRow {
            name: c.category.name.get(f.lang).to_string(),
            target: c.target.map(|g| g.to_string()).unwrap_or_default(),
            cells: c
                .levels
                .iter()
                .zip(&c.scores)
                .zip(&c.standing)
                .map(|((l, sc), standing)| TrendCell {
                    level: f.level(*l),
                    score: f.score(*sc),
                    class: match standing {
                        TargetStanding::Meets => "meets",
                        TargetStanding::Below => "below",
                        TargetStanding::NoLevel => "na",
                        TargetStanding::NoTarget => "plain",
                    },
                })
                .collect(),
        })
        .collect();
    rows.push(TrendRow {
        name: label(f.t, "overall").to_string(),
        target: String::new(),
        cells: u
            .series
            .iter()
            .map(|a| TrendCell {
                level: f.level(a.overall_level),
                score: f.score(a.overall.score),
                class: "overall",
            })
            .collect(),
    });
    rows
}

/// Draw the unit's trend chart, add it to `charts` and return its SVG and
/// table.
fn trend_chart(
    u: &UnitComparison<'_>,
    f: &Fmt<'_>,
    folder: &str,
    charts: &mut Vec<Chart>,
) -> Result<(String, ChartTable)> {
    let panels = u
        .trends
        .iter()
        .map(|c| TrendPanel {
            title: match c.target {
                Some(goal) => format!(
                    "{} ({} {goal})",
                    c.category.name.get(f.lang),
                    label(f.t, "target"),
                ),
                None => c.category.name.get(f.lang).to_string(),
            },
            target: c.target,
            levels: c.levels.clone(),
            scores: c.scores.clone(),
        })
        .collect();
    let trend_data = TrendData {
        columns: u
            .series
            .iter()
            .map(|a| trend::column_label(&a.key.period.to_string(), u.series.len()))
            .collect(),
        panels,
        max_level: f.q.max_level(),
        legend: [
            label(f.t, "level").to_string(),
            label(f.t, "score").to_string(),
            label(f.t, "target").to_string(),
        ],
    };
    let chart_name = format!("trend-{}", folder.replace('/', "--"));
    let table = trend_table(u, f, folder);
    let trend_svg = label_svg(trend::draw_trend(&trend_data, &chart_name)?, &table);
    charts.push(Chart {
        file: format!("charts/{chart_name}.svg"),
        svg: trend_svg.clone(),
    });
    Ok((trend_svg, table))
}

/// The trend chart's figures: a row per category and quarter with the
/// level and the score the panel draws (and the target when there is one).
fn trend_table(u: &UnitComparison<'_>, f: &Fmt<'_>, folder: &str) -> ChartTable {
    let first = &u.series[0];
    let has_target = u.trends.iter().any(|c| c.target.is_some());
    let mut header = vec![
        label(f.t, "category").to_string(),
        label(f.t, "quarter").to_string(),
        label(f.t, "level").to_string(),
        label(f.t, "score").to_string(),
    ];
    if has_target {
        header.push(label(f.t, "target").to_string());
    }
    let mut rows = Vec::new();
    for c in &u.trends {
        for ((a, l), s) in u.series.iter().zip(&c.levels).zip(&c.scores) {
            let mut row = vec![
                c.category.name.get(f.lang).to_string(),
                a.key.period.to_string(),
                f.level(*l),
                f.score(*s),
            ];
            if has_target {
                row.push(f.level(c.target));
            }
            rows.push(row);
        }
    }
    let name = if first.key.unit.is_empty() {
        first.key.org.clone()
    } else {
        format!("{} / {}", first.key.org, f.unit(&first.key.unit))
    };
    ChartTable {
        id: format!("chart-{}", anchor(folder)),
        caption: fill(label(f.t, "trend_title"), &[("name", name)]),
        header,
        rows,
    }
}

/// One KPI over the quarters.
fn kpi_row(k: &KpiTrend<'_>, f: &Fmt<'_>) -> KpiTrendRow {
    KpiTrendRow {
        label: f
            .t
            .get(&format!("kpi_{}", k.kpi))
            .cloned()
            .unwrap_or_else(|| k.kpi.to_string()),
        cells: k
            .rows
            .iter()
            .map(|row| match row {
                Some(r) => KpiCell {
                    value: kpi_value(k.kpi, r.value, f.t),
                    n: r.n.to_string(),
                },
                None => KpiCell {
                    value: String::new(),
                    n: "0".into(),
                },
            })
            .collect(),
    }
}

/// The changes between two quarters.
fn pair_section(p: &PairChange<'_>, f: &Fmt<'_>) -> PairSection {
    PairSection {
        from: p.from.key.period.to_string(),
        to: p.to.key.period.to_string(),
        categories: p.categories.iter().map(|c| category_change(c, f)).collect(),
        newly_contradicted: p
            .newly_contradicted
            .iter()
            .map(|m| ContradictedRow {
                id: m.id.clone(),
                question: f.question(&m.id),
                status: f.status(&m.status),
                checks: metric_check_lines(m, f.t),
            })
            .collect(),
    }
}

/// `3 → 2`.
pub(super) fn level_change(f: &Fmt<'_>, from: Option<u8>, to: Option<u8>) -> String {
    format!("{} → {}", f.level(from), f.level(to))
}

/// One category's change with its lines.
fn category_change(c: &CategoryDelta<'_>, f: &Fmt<'_>) -> CategoryChange {
    let mut lines: Vec<DeltaLine> = c.lines.iter().map(|l| metric_line(l, f)).collect();
    if let Some(r) = &c.remainder {
        lines.push(remainder_line(r, f));
    }
    CategoryChange {
        name: f.category(c.key),
        scores: format!(
            "{} → {}",
            f.score(c.from.group.score),
            f.score(c.to.group.score)
        ),
        delta: signed(c.total, 2),
        direction: match c.direction {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Flat => "flat",
        },
        levels: level_change(f, c.from.level, c.to.level),
        level_fell: c.level_fell,
        lines,
        set_changes: c
            .set_changes
            .iter()
            .map(|s| set_change_line(s, f))
            .collect(),
    }
}

/// The comments and evidence of a metric in both quarters.
fn why(from: Option<&MetricResult>, to: &MetricResult, f: &Fmt<'_>) -> Why {
    let text = |t: Option<&str>| match t.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => label(f.t, "why_none").to_string(),
    };
    let any = [
        from.map(|m| m.evidence.as_str()),
        from.map(|m| m.comment.as_str()),
        Some(to.evidence.as_str()),
        Some(to.comment.as_str()),
    ]
    .iter()
    .any(|t| t.is_some_and(|t| !t.trim().is_empty()));
    Why {
        before_evidence: text(from.map(|m| m.evidence.as_str())),
        before_comment: text(from.map(|m| m.comment.as_str())),
        after_evidence: text(Some(&to.evidence)),
        after_comment: text(Some(&to.comment)),
        any,
    }
}

/// A metric that entered or left the scored set.
fn set_change_line(s: &SetChange<'_>, f: &Fmt<'_>) -> SetChangeLine {
    let (from_status, from_class) = match s.from {
        Some(m) => (f.status(&m.status), css_class(&m.status)),
        None => (f.none().to_string(), String::new()),
    };
    SetChangeLine {
        metric: s.to.id.clone(),
        question: f.question(&s.to.id),
        from_status,
        from_class,
        to_status: f.status(&s.to.status),
        to_class: css_class(&s.to.status),
        change: label(f.t, if s.entered { "set_entered" } else { "set_left" }).to_string(),
        class: if s.entered { "entered" } else { "left" },
        why: why(s.from, s.to, f),
    }
}

/// A metric line.
fn metric_line(l: &MetricLine<'_>, f: &Fmt<'_>) -> DeltaLine {
    let r = l.row;
    DeltaLine {
        metric: r.metric.clone(),
        question: f.question(&r.metric),
        from_status: f.status(&r.from_status),
        from_class: css_class(&r.from_status),
        to_status: f.status(&r.to_status),
        to_class: css_class(&r.to_status),
        contribution: signed(r.contribution, 2),
        class: if l.regression {
            "regression"
        } else {
            "improvement"
        },
        newly_contradicted: l.newly_contradicted,
        why: Some(why(Some(l.from), l.to, f)),
    }
}

/// The last line: the scored-set change, or rounding.
fn remainder_line(r: &Remainder, f: &Fmt<'_>) -> DeltaLine {
    let what = match r.cause {
        RemainderCause::Rounding => "rounding",
        RemainderCause::ScoredSetChange => "scored_set_change",
    };
    DeltaLine {
        metric: String::new(),
        question: label(f.t, what).to_string(),
        from_status: String::new(),
        from_class: String::new(),
        to_status: String::new(),
        to_class: String::new(),
        contribution: signed(r.value, 2),
        class: "set",
        newly_contradicted: false,
        why: None,
    }
}
