//! The report's sections, one function each, in the order of the HTML
//! report. Each reads the typed context only: every figure is the string
//! the context already formatted, every label comes from `ctx.t`.

use super::document::{Writer, labelled, paragraph, text_run};
use super::images::Png;
use super::styles::id;
use super::tables::{Cell, cell, lines, table};
use crate::report::context::{CategorySection, MetricRow, ReportContext};
use crate::report::incidents::{CheckLine, EvidenceLine};
use docx_rs::Paragraph;
use std::collections::BTreeMap;

/// The charts as pictures, by file name.
pub type Pictures = BTreeMap<String, Png>;

/// The label `key` of the report's language ("" when missing).
pub(super) fn t<'a>(ctx: &'a ReportContext, key: &str) -> &'a str {
    ctx.t.get(key).map_or("", String::as_str)
}

fn picture(w: &mut Writer, pictures: &Pictures, file: &str, caption: &str) {
    if let Some(png) = pictures.get(file) {
        w.picture(png, caption);
    }
}

/// Title, org and unit, the assessment's particulars, and the table of
/// contents.
pub fn title_block(w: &mut Writer, ctx: &ReportContext) {
    w.text(id::TITLE, t(ctx, "report_title"));
    w.text(id::SUBTITLE, &format!("{} — {}", ctx.org, ctx.unit));
    w.push(labelled(id::NORMAL, t(ctx, "period"), &ctx.period));
    if let Some(date) = &ctx.assessed_on {
        w.push(labelled(id::NORMAL, t(ctx, "assessed_on"), date));
    }
    if !ctx.assessors.is_empty() {
        w.push(labelled(id::NORMAL, t(ctx, "assessors"), &ctx.assessors));
    }
    if !ctx.respondents.is_empty() {
        w.push(labelled(
            id::NORMAL,
            t(ctx, "respondents"),
            &ctx.respondents,
        ));
    }
    w.push(labelled(
        id::NORMAL,
        t(ctx, "questionnaire"),
        &ctx.questionnaire,
    ));
    w.text(id::TOC_HEADING, t(ctx, "docx_contents"));
    w.contents();
}

/// The executive summary: headline figures, radar, one line per category
/// and the top gaps.
pub fn executive(w: &mut Writer, ctx: &ReportContext, pictures: &Pictures) {
    let o = &ctx.overall;
    w.heading(1, t(ctx, "executive_summary"), true);
    w.push(
        docx_rs::Paragraph::new()
            .style(id::NORMAL)
            .add_run(super::document::text_run(&ctx.brief.headline).bold()),
    );
    if let Some(since) = &ctx.brief.since {
        w.text(id::NOTE, since);
    }
    w.push(labelled(
        id::NORMAL,
        t(ctx, "overall_level"),
        &format!("{}/{} {}", o.level, o.max_level, o.level_name),
    ));
    w.push(labelled(
        id::NORMAL,
        t(ctx, "overall_score"),
        &format!("{} ({} {})", o.score, t(ctx, "coverage"), o.coverage),
    ));
    if !o.weakest.is_empty() {
        w.push(labelled(id::NORMAL, t(ctx, "weakest"), &o.weakest));
    }
    let caption = if ctx.target_label.is_some() {
        t(ctx, "radar_caption")
    } else {
        t(ctx, "radar_caption_no_target")
    };
    picture(w, pictures, "radar.svg", caption);
    let target = ctx.target_label.as_deref();
    let mut headers = vec![
        (t(ctx, "category"), 40),
        (t(ctx, "score"), 14),
        (t(ctx, "level"), 26),
    ];
    if let Some(label) = target {
        headers.push((label, 10));
    }
    headers.push((t(ctx, "coverage"), 12));
    if let Some(since) = ctx.brief.since_heading.as_deref() {
        headers.push((since, 16));
    }
    let rows = ctx
        .summary
        .iter()
        .map(|s| {
            let mut row = vec![
                cell(&format!("{} {}", s.id, s.name)),
                cell(&s.score),
                cell(&format!("{} {}", s.level, s.level_name)),
            ];
            if target.is_some() {
                let mark = match s.meets_target {
                    Some(true) => format!(" ({})", t(ctx, "meets_target")),
                    Some(false) => format!(" ({})", t(ctx, "below_target")),
                    None => String::new(),
                };
                row.push(cell(&format!(
                    "{}{mark}",
                    s.target.as_deref().unwrap_or_default()
                )));
            }
            row.push(cell(&s.coverage));
            if let Some(change) = &s.change {
                row.push(cell(change));
            }
            row
        })
        .collect();
    w.table(table(&headers, rows));
    picture(w, pictures, "scores.svg", t(ctx, "scores_caption"));
    if !ctx.brief.findings.is_empty() {
        w.heading(2, t(ctx, "key_findings"), false);
        for (i, finding) in ctx.brief.findings.iter().enumerate() {
            w.body(&format!("{}. {finding}", i + 1));
        }
    }
    w.heading(2, t(ctx, "top_gaps"), false);
    if ctx.top_gaps.is_empty() {
        w.body(t(ctx, "no_gaps"));
    } else {
        let rows = ctx
            .top_gaps
            .iter()
            .map(|g| {
                vec![
                    cell(&g.id),
                    cell(&g.priority),
                    cell(&g.status),
                    cell(&g.question),
                    cell(&g.lost),
                ]
            })
            .collect();
        w.table(table(
            &[
                (t(ctx, "metric"), 10),
                (t(ctx, "priority"), 10),
                (t(ctx, "status"), 14),
                (t(ctx, "question"), 54),
                (t(ctx, "lost_weight"), 12),
            ],
            rows,
        ));
    }
}

fn check_text(c: &CheckLine) -> String {
    format!("{} — {}", c.text, c.verdict)
}

/// The question cell of a metric row: question, guidance, indicators,
/// source and evidence checks.
fn question_cell(ctx: &ReportContext, m: &MetricRow) -> Cell {
    let mut parts = vec![(id::TABLE_TEXT, m.question.clone())];
    if !m.guidance.is_empty() {
        parts.push((id::NOTE, format!("{}: {}", t(ctx, "guidance"), m.guidance)));
    }
    if !m.indicators.summary.is_empty() {
        parts.push((id::NOTE, m.indicators.summary.clone()));
        for mark in &m.indicators.marks {
            let sign = if mark.met { "✓" } else { "✗" };
            parts.push((
                id::NOTE,
                format!("{sign} {}. {} {}", mark.number, mark.text, mark.kind),
            ));
        }
    }
    if !m.indicators.as_written.is_empty() {
        parts.push((
            id::NOTE,
            format!(
                "{}: {}",
                t(ctx, "indicators_as_written"),
                m.indicators.as_written
            ),
        ));
    }
    let mut source = format!("{}: {}", t(ctx, "source"), m.source);
    if !m.assessor.is_empty() {
        source.push_str(&format!(" · {}: {}", t(ctx, "assessed_by"), m.assessor));
    }
    if !m.assessed_on.is_empty() {
        source.push_str(&format!(" · {}: {}", t(ctx, "assessed_on"), m.assessed_on));
    }
    parts.push((id::NOTE, source));
    if !m.corroboration.is_empty() {
        parts.push((id::NOTE, m.corroboration.clone()));
    }
    for c in &m.checks {
        parts.push((id::NOTE, check_text(c)));
    }
    lines(&parts)
}

/// One category: summary figures, subcategory chart and table, status
/// counts, how the level was derived, and every metric.
pub fn category(w: &mut Writer, ctx: &ReportContext, c: &CategorySection, pictures: &Pictures) {
    let s = &c.summary;
    w.heading(1, &format!("{} {}", s.id, s.name), true);
    w.body(&c.description);
    w.push(labelled(id::NORMAL, t(ctx, "score"), &s.score));
    w.push(labelled(
        id::NORMAL,
        t(ctx, "level"),
        &format!("{} {}", s.level, s.level_name),
    ));
    if let Some(label) = &ctx.target_label {
        let mark = match s.meets_target {
            Some(true) => format!(" — {}", t(ctx, "meets_target")),
            Some(false) => format!(" — {}", t(ctx, "below_target")),
            None => String::new(),
        };
        let target = s.target.as_deref().unwrap_or_default();
        w.push(labelled(id::NORMAL, label, &format!("{target}{mark}")));
    }
    w.push(labelled(id::NORMAL, t(ctx, "coverage"), &s.coverage));
    picture(w, pictures, &c.chart_file, t(ctx, "subcategory_scores"));
    let rows = c
        .subcategories
        .iter()
        .map(|r| {
            vec![
                cell(&format!("{} {}", r.id, r.name)),
                cell(&r.score),
                cell(&r.coverage),
            ]
        })
        .collect();
    w.table(table(
        &[
            (t(ctx, "subcategory"), 64),
            (t(ctx, "score"), 18),
            (t(ctx, "coverage"), 18),
        ],
        rows,
    ));
    w.heading(2, t(ctx, "status_counts"), false);
    let mut headers = vec![(t(ctx, "priority"), 20)];
    headers.extend(c.count_headers.iter().map(|h| (h.as_str(), 12)));
    headers.push(("Σ", 10));
    let rows = c
        .count_rows
        .iter()
        .map(|r| {
            let mut row = vec![cell(&r.priority)];
            row.extend(r.counts.iter().map(|n| cell(n)));
            row.push(cell(&r.total));
            row
        })
        .collect();
    w.table(table(&headers, rows));
    w.heading(2, t(ctx, "level_derivation"), false);
    for l in &c.level_lines {
        let verdict = if l.holds {
            t(ctx, "holds").to_string()
        } else {
            format!(
                "{}{}{}{}",
                t(ctx, "fails"),
                t(ctx, "blocked_open"),
                l.blockers,
                t(ctx, "blocked_close")
            )
        };
        w.push(labelled(
            id::NORMAL,
            &format!("{} {}", l.level, l.name),
            &format!("{}: {verdict}", l.rule),
        ));
    }
    w.heading(2, t(ctx, "all_metrics"), false);
    let rows = c
        .metrics
        .iter()
        .map(|m| {
            vec![
                cell(&m.id),
                question_cell(ctx, m),
                cell(&m.priority),
                cell(&m.status),
                cell(&m.evidence),
                cell(&m.comment),
            ]
        })
        .collect();
    w.table(table(
        &[
            (t(ctx, "metric"), 8),
            (t(ctx, "question"), 32),
            (t(ctx, "priority"), 10),
            (t(ctx, "status"), 10),
            (t(ctx, "evidence"), 20),
            (t(ctx, "comment"), 20),
        ],
        rows,
    ));
}

/// Where interviewees disagree (left out when they all agree).
pub fn disagreements(w: &mut Writer, ctx: &ReportContext) {
    if ctx.disagreements.is_empty() {
        return;
    }
    w.heading(1, t(ctx, "disagree_title"), true);
    w.body(t(ctx, "disagree_intro"));
    let rows = ctx
        .disagreements
        .iter()
        .map(|d| {
            let mut answers = Vec::new();
            for r in &d.responses {
                answers.push((id::TABLE_TEXT, format!("{}: {}", r.respondent, r.status)));
                if !r.evidence.is_empty() {
                    answers.push((id::NOTE, format!("{}: {}", t(ctx, "evidence"), r.evidence)));
                }
                if !r.comment.is_empty() {
                    answers.push((id::NOTE, format!("{}: {}", t(ctx, "comment"), r.comment)));
                }
                answers.push((id::NOTE, r.source.clone()));
            }
            vec![
                cell(&d.id),
                cell(&format!("{} [{}]", d.question, d.priority)),
                lines(&answers),
                cell(&d.spread),
                lines(&[
                    (id::TABLE_TEXT, d.status.clone()),
                    (id::NOTE, d.rule.clone()),
                ]),
            ]
        })
        .collect();
    w.table(table(
        &[
            (t(ctx, "metric"), 9),
            (t(ctx, "question"), 30),
            (t(ctx, "disagree_answers"), 35),
            (t(ctx, "disagree_spread"), 9),
            (t(ctx, "disagree_counted"), 17),
        ],
        rows,
    ));
}

fn evidence_table(w: &mut Writer, ctx: &ReportContext, items: &[EvidenceLine]) {
    if items.is_empty() {
        return;
    }
    let rows = items
        .iter()
        .map(|e| {
            let checks: Vec<(&str, String)> = e
                .checks
                .iter()
                .map(|c| (id::TABLE_TEXT, check_text(c)))
                .collect();
            vec![
                cell(&e.id),
                cell(&e.question),
                cell(&e.status),
                lines(&checks),
            ]
        })
        .collect();
    w.table(table(
        &[
            (t(ctx, "metric"), 9),
            (t(ctx, "question"), 38),
            (t(ctx, "status"), 13),
            (t(ctx, "evidence"), 40),
        ],
        rows,
    ));
}

/// Incident evidence: charts, the quarter's KPIs, answers checked against
/// the logs, and the logs' data quality; a sentence when no log was given.
pub fn incidents(w: &mut Writer, ctx: &ReportContext, pictures: &Pictures) {
    w.heading(1, t(ctx, "incidents_title"), true);
    let Some(i) = &ctx.incidents else {
        w.body(t(ctx, "incidents_none"));
        return;
    };
    w.body(&i.intro);
    picture(w, pictures, "incidents-volume.svg", &i.volume_caption);
    picture(w, pictures, "incidents-times.svg", &i.times_caption);
    picture(w, pictures, "incidents-sla.svg", &i.sla_caption);
    picture(w, pictures, "incidents-sources.svg", &i.mix_caption);
    w.heading(2, &i.kpi_title, false);
    let rows = i
        .kpis
        .iter()
        .map(|k| vec![cell(&k.label), cell(&k.value), cell(&k.n)])
        .collect();
    w.table(table(
        &[(t(ctx, "kpi"), 60), (t(ctx, "value"), 25), ("n", 15)],
        rows,
    ));
    w.heading(2, t(ctx, "evidence_title"), false);
    w.body(t(ctx, "evidence_intro"));
    for (key, items) in [
        ("contradicted", &i.contradicted),
        ("corroborated", &i.corroborated),
        ("not_judged", &i.not_judged),
    ] {
        w.heading(3, &format!("{} ({})", t(ctx, key), items.len()), false);
        evidence_table(w, ctx, items);
    }
    w.heading(2, t(ctx, "quality_title"), false);
    w.body(t(ctx, "quality_intro"));
    let rows = i
        .quality
        .iter()
        .map(|q| vec![cell(&q.reason), cell(&q.rows), cell(&q.examples)])
        .collect();
    w.table(table(
        &[
            (t(ctx, "reason"), 45),
            (t(ctx, "rows"), 15),
            (t(ctx, "examples"), 40),
        ],
        rows,
    ));
    w.text(id::NOTE, &i.sources.join(" "));
}

/// Recommendations, most important first, then the metrics not observed.
pub fn recommendations(w: &mut Writer, ctx: &ReportContext) {
    w.heading(1, t(ctx, "recommendations"), true);
    if ctx.recommendations.is_empty() {
        w.body(t(ctx, "no_recommendations"));
    }
    for (n, r) in ctx.recommendations.iter().enumerate() {
        let line = format!(
            "{}. {} [{}] {} — {}",
            n + 1,
            r.id,
            r.priority,
            r.status,
            r.category
        );
        w.push(
            Paragraph::new()
                .style(id::NORMAL)
                .keep_next(true)
                .add_run(text_run(&line).bold()),
        );
        w.push(paragraph(id::NORMAL, &r.question).keep_next(true));
        w.push(paragraph(id::NORMAL, &r.recommendation).indent(Some(360), None, None, None));
    }
    not_observed(w, ctx);
}

/// The metrics not observed, with why.
pub fn not_observed(w: &mut Writer, ctx: &ReportContext) {
    w.heading(1, t(ctx, "coverage_title"), false);
    w.body(t(ctx, "coverage_text"));
    if ctx.not_observed.is_empty() {
        w.body(t(ctx, "none_not_observed"));
        return;
    }
    let rows = ctx
        .not_observed
        .iter()
        .map(|m| {
            vec![
                cell(&m.id),
                cell(&m.priority),
                cell(&m.question),
                cell(&m.note),
            ]
        })
        .collect();
    w.table(table(
        &[
            (t(ctx, "metric"), 10),
            (t(ctx, "priority"), 10),
            (t(ctx, "question"), 50),
            (t(ctx, "comment"), 30),
        ],
        rows,
    ));
}

/// How the figures were computed: scale, weights, level rules.
pub fn methodology(w: &mut Writer, ctx: &ReportContext) {
    let m = &ctx.methodology;
    w.heading(1, t(ctx, "methodology"), true);
    w.heading(2, t(ctx, "method_scale"), false);
    let rows = m
        .scale
        .iter()
        .map(|s| {
            vec![
                cell(&s.label),
                cell(&s.key),
                cell(&s.points),
                cell(&s.effect),
            ]
        })
        .collect();
    w.table(table(
        &[
            (t(ctx, "status"), 25),
            (t(ctx, "status_key"), 20),
            (t(ctx, "method_points"), 15),
            (t(ctx, "method_treatment"), 40),
        ],
        rows,
    ));
    w.heading(2, t(ctx, "method_weights"), false);
    let rows = m
        .weights
        .iter()
        .map(|x| vec![cell(&x.label), cell(&x.weight)])
        .collect();
    w.table(table(
        &[(t(ctx, "priority"), 60), (t(ctx, "weight"), 40)],
        rows,
    ));
    w.body(t(ctx, "method_score_rule"));
    w.body(t(ctx, "method_coverage_rule"));
    w.heading(2, t(ctx, "method_levels"), false);
    for l in &m.levels {
        w.push(labelled(
            id::NORMAL,
            &format!("{} {}", l.level, l.name),
            &l.rule,
        ));
    }
    w.body(t(ctx, "method_level_rule"));
    w.body(t(ctx, "method_traceability"));
}

/// Appendix: the records to request before the interviews.
pub fn evidence_request(w: &mut Writer, ctx: &ReportContext) {
    if ctx.evidence_request.is_empty() {
        return;
    }
    w.heading(1, t(ctx, "evidence_request_title"), true);
    w.body(t(ctx, "evidence_request_intro"));
    for group in &ctx.evidence_request {
        w.heading(2, &group.category, false);
        let rows = group
            .metrics
            .iter()
            .map(|m| {
                let items: Vec<(&str, String)> = m
                    .items
                    .iter()
                    .map(|i| {
                        let text = if i.required {
                            format!("• {} ({})", i.text, t(ctx, "required"))
                        } else {
                            format!("• {}", i.text)
                        };
                        (id::TABLE_TEXT, text)
                    })
                    .collect();
                vec![cell(&m.id), cell(&m.question), lines(&items)]
            })
            .collect();
        w.table(table(
            &[
                (t(ctx, "metric"), 10),
                (t(ctx, "question"), 45),
                (t(ctx, "evidence_request_items"), 45),
            ],
            rows,
        ));
    }
}

/// The inputs the figures come from, with their hashes and the command
/// that checks them.
pub fn provenance(w: &mut Writer, ctx: &ReportContext) {
    let Some(p) = &ctx.provenance else {
        return;
    };
    w.heading(1, t(ctx, "provenance"), true);
    w.body(&p.intro);
    let q = &p.questionnaire;
    let mut rows = vec![vec![
        cell(t(ctx, "provenance_questionnaire")),
        lines(&[
            (
                id::TABLE_TEXT,
                format!("{} ({} {})", q.source, q.id, q.version),
            ),
            (id::NOTE, q.sha256.clone()),
        ]),
        cell("—"),
        cell("—"),
    ]];
    rows.extend(p.inputs.iter().map(|i| {
        vec![
            cell(&i.role_label),
            lines(&[
                (id::TABLE_TEXT, i.path.clone()),
                (id::NOTE, i.sha256.clone()),
            ]),
            cell(&i.rows),
            cell(&i.bytes),
        ]
    }));
    let file = format!("{} · SHA-256", t(ctx, "provenance_file"));
    w.table(table(
        &[
            (t(ctx, "provenance_role"), 18),
            (file.as_str(), 58),
            (t(ctx, "provenance_rows"), 12),
            (t(ctx, "provenance_bytes"), 12),
        ],
        rows,
    ));
    w.push(labelled(
        id::NORMAL,
        t(ctx, "provenance_verify"),
        &p.verify_command,
    ));
}
