//! The `[incidents]` settings of a questionnaire (the known categories and
//! severities, the containment SLAs) and the KPI rules of metric evidence
//! that refer to them.

use super::Ctx;
use crate::error::Result;
use crate::i18n::tr;
use crate::input::questionnaire::source::Seg;
use crate::model::Questionnaire;

/// Normalise the known categories and severities to lower case, check that
/// every SLA names a known severity, and check each evidence rule's KPI,
/// operator, category and severity.
pub(super) fn check_incident_settings(q: &mut Questionnaire, ctx: &Ctx<'_, '_>) -> Result<()> {
    let settings = &mut q.incidents;
    for list in [&mut settings.categories, &mut settings.severities] {
        for v in list.iter_mut() {
            *v = v.trim().to_lowercase();
        }
    }
    for (severity, hours) in &settings.sla_hours {
        let at = [
            Seg::Key("incidents"),
            Seg::Key("sla_hours"),
            Seg::Key(severity),
        ];
        if !settings.severities.contains(&severity.to_lowercase()) {
            return Err(ctx.invalid(
                &at,
                "incidents.sla_hours",
                tr(
                    "q_sla_severity",
                    &[
                        ("severity", severity),
                        ("severities", &settings.severities.join(", ")),
                    ],
                ),
            ));
        }
        if !(hours.is_finite() && *hours > 0.0) {
            return Err(ctx.invalid(
                &at,
                "incidents.sla_hours",
                tr("q_sla_hours", &[("severity", severity)]),
            ));
        }
    }
    let settings = q.incidents.clone();
    for (i, m) in q.metrics.iter_mut().enumerate() {
        for (n, rule) in m.evidence.iter_mut().enumerate() {
            let at = |field| {
                [
                    Seg::Key("metric"),
                    Seg::At(i),
                    Seg::Key("evidence"),
                    Seg::At(n),
                    Seg::Key(field),
                ]
            };
            let id = tr("q_metric", &[("id", &m.id)]);
            if !crate::model::incident::KPI_NAMES.contains(&rule.kpi.as_str()) {
                return Err(ctx.invalid(
                    &at("kpi"),
                    id,
                    tr(
                        "q_rule_kpi",
                        &[
                            ("kpi", &rule.kpi),
                            ("kpis", &crate::model::incident::KPI_NAMES.join(", ")),
                        ],
                    ),
                ));
            }
            if !["<=", "<", ">=", ">"].contains(&rule.op.as_str()) {
                return Err(ctx.invalid(&at("op"), id, tr("q_rule_op", &[("op", &rule.op)])));
            }
            if let Some(c) = &mut rule.category {
                *c = c.trim().to_lowercase();
                if !settings.categories.contains(c) {
                    return Err(ctx.invalid(
                        &at("category"),
                        id,
                        tr("q_rule_category", &[("category", c)]),
                    ));
                }
            } else if rule.kpi == "category_share" {
                return Err(ctx.invalid(&at("kpi"), id, tr("q_rule_share", &[])));
            }
            if let Some(s) = &mut rule.severity {
                *s = s.trim().to_lowercase();
                if !settings.severities.contains(s) {
                    return Err(ctx.invalid(
                        &at("severity"),
                        id,
                        tr("q_rule_severity", &[("severity", s)]),
                    ));
                }
            }
        }
    }
    Ok(())
}
