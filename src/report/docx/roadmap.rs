//! The roadmap section of the Word report: per category below its target
//! level, the answer changes that reach it, the evidence rules that must
//! pass for the top level, and the level and score after the changes, as
//! the HTML report's roadmap shows them.

use super::document::Writer;
use super::sections::t;
use super::styles::id;
use super::tables::{cell, table};
use crate::report::context::ReportContext;

/// The roadmap, after the recommendations.
pub fn roadmap(w: &mut Writer, ctx: &ReportContext) {
    let r = &ctx.roadmap;
    w.heading(1, t(ctx, "roadmap_title"), true);
    w.body(&r.basis);
    if r.categories.is_empty() {
        w.body(t(ctx, "roadmap_nothing"));
        return;
    }
    for c in &r.categories {
        w.heading(2, &format!("{} — {}", c.name, c.heading), false);
        if c.steps.is_empty() {
            w.body(t(ctx, "roadmap_no_steps"));
        } else {
            let headers = [
                ("#", 5),
                (t(ctx, "metric"), 9),
                (t(ctx, "priority"), 9),
                (t(ctx, "question"), 47),
                (t(ctx, "roadmap_from"), 10),
                (t(ctx, "roadmap_to"), 10),
                (t(ctx, "roadmap_effort"), 10),
            ];
            let rows = c
                .steps
                .iter()
                .map(|s| {
                    vec![
                        cell(&s.n.to_string()),
                        cell(&s.metric),
                        cell(&s.priority),
                        cell(&s.question),
                        cell(&s.from),
                        cell(&s.to),
                        cell(&s.effort),
                    ]
                })
                .collect();
            w.table(table(&headers, rows));
        }
        if !c.evidence.is_empty() {
            w.body(t(ctx, "roadmap_evidence"));
            for e in &c.evidence {
                w.body(&format!("• {} {}: {}", e.metric, e.rule, e.state));
            }
        }
        for note in &c.notes {
            w.text(id::NOTE, note);
        }
        w.body(&c.after);
    }
}
