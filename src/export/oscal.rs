//! NIST OSCAL assessment results (JSON, OSCAL 1.1.1) for `imcm score
//! --format oscal`: one result per assessment, one finding per metric with
//! its status and evidence, observations for the answers and for the
//! incident KPIs that back or contradict them, and risks for Priority I gaps.
//!
//! Every UUID is a version-5 UUID derived from the inputs (questionnaire,
//! assessment, metric, rule), and every date comes from the inputs, so the
//! same inputs give the same document byte for byte. A result spans its
//! quarter. An observation was collected on the answer's `assessed_on` (or
//! else the assessment's latest one) when that is a date; OSCAL requires a
//! timestamp, so without a recorded date the quarter's last second stands in,
//! and the observation's `collected-basis` property says which it is
//! (`assessed-on`: the recorded day, time of day unknown; `period-end`: no
//! date was recorded).

use crate::error::{Error, Result};
use crate::model::{Assessment, Corroboration, Questionnaire, Treatment, Verdict};
use serde_json::{Value, json};

/// Namespace of imcm's own OSCAL properties.
pub const NS: &str = "https://imcm.example/ns/oscal";
/// OSCAL version written.
pub const OSCAL_VERSION: &str = "1.1.1";

/// A deterministic UUID for `name` (version 5, in imcm's namespace).
fn uuid(name: &str) -> String {
    let ns = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, NS.as_bytes());
    uuid::Uuid::new_v5(&ns, name.as_bytes()).to_string()
}

fn prop(name: &str, value: &str) -> Value {
    json!({ "name": name, "ns": NS, "value": value })
}

/// The quarter's first instant and last second, UTC.
fn quarter_bounds(a: &Assessment) -> (String, String) {
    let p = a.key.period;
    let month = (p.quarter - 1) * 3 + 1;
    (
        format!("{:04}-{month:02}-01T00:00:00Z", p.year),
        format!("{}T23:59:59Z", p.end_date()),
    )
}

/// A written day — `YYYY-MM-DD`, `YYYY/M/D` (as Excel writes it), either
/// optionally followed by a time — as an OSCAL timestamp of that day; `None`
/// for anything else.
fn recorded_day(written: &str) -> Option<String> {
    let day = written.trim().split(['T', ' ']).next()?;
    let parts: Vec<&str> = day.split(['-', '/']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u16>().ok())
            .flatten()
    };
    let (year, month, dom) = (number(y, 4..=4)?, number(m, 1..=2)?, number(d, 1..=2)?);
    ((1..=12).contains(&month) && (1..=31).contains(&dom))
        .then(|| format!("{year:04}-{month:02}-{dom:02}T00:00:00Z"))
}

/// When an answer was collected, and on what basis (see the module docs).
fn collected(m_assessed_on: &str, a: &Assessment, period_end: &str) -> (String, &'static str) {
    recorded_day(m_assessed_on)
        .or_else(|| a.assessed_on.as_deref().and_then(recorded_day))
        .map_or_else(
            || (period_end.to_string(), "period-end"),
            |d| (d, "assessed-on"),
        )
}

fn one_result(a: &Assessment, q: &Questionnaire) -> Value {
    let key = format!("{}/{}/{}", a.key.org, a.key.unit, a.key.period);
    let (start, end) = quarter_bounds(a);
    let mut observations = Vec::new();
    let mut findings = Vec::new();
    let mut risks = Vec::new();
    for m in &a.metrics {
        let def = q.metric(&m.id);
        let question = def.map_or("", |d| d.question.en.as_str());
        let status_label = q
            .status(&m.status)
            .map_or(m.status.as_str(), |s| s.label.en.as_str());
        // The answer itself, as an interview observation.
        let answer_uuid = uuid(&format!("{key}/{}/answer", m.id));
        let mut answer_text = format!("Answer: {status_label}.");
        if !m.evidence.is_empty() {
            answer_text.push_str(&format!(" Evidence: {}.", m.evidence));
        }
        if !m.comment.is_empty() {
            answer_text.push_str(&format!(" Comment: {}", m.comment));
        }
        let (when, basis) = collected(&m.assessed_on, a, &end);
        let mut answer_props = vec![prop("status", &m.status)];
        if !m.source.is_empty() {
            answer_props.push(prop("source", &m.source));
        }
        if !m.assessor.trim().is_empty() {
            answer_props.push(prop("assessor", m.assessor.trim()));
        }
        if !m.indicators_met.trim().is_empty() {
            answer_props.push(prop("indicators-met", m.indicators_met.trim()));
        }
        answer_props.push(prop("collected-basis", basis));
        observations.push(json!({
            "uuid": answer_uuid,
            "title": format!("Answer to metric {}", m.id),
            "description": answer_text,
            "props": answer_props,
            "methods": ["INTERVIEW"],
            "collected": when,
        }));
        let mut related = vec![json!({ "observation-uuid": answer_uuid })];
        // The incident KPIs checked against it.
        for (i, c) in m.checks.iter().enumerate() {
            let obs_uuid = uuid(&format!("{key}/{}/check/{i}", m.id));
            let verdict = match c.verdict {
                Verdict::Pass => "pass",
                Verdict::Fail => "fail",
                Verdict::InsufficientData => "insufficient_data",
            };
            let value = c.value.map_or_else(
                || "no value".to_string(),
                |v| crate::format::trim_number(v, 4),
            );
            observations.push(json!({
                "uuid": obs_uuid,
                "title": format!("Incident KPI {} for metric {}", c.kpi, m.id),
                "description": format!("{} = {value} over {} incidents; rule {}: {verdict}.", c.kpi, c.n, c.rule),
                "props": [prop("kpi", &c.kpi), prop("verdict", verdict), prop("n", &c.n.to_string())],
                "methods": ["TEST"],
                "types": ["finding"],
                "collected": end,
            }));
            related.push(json!({ "observation-uuid": obs_uuid }));
        }
        let satisfied = m.status == "yes";
        let mut finding = json!({
            "uuid": uuid(&format!("{key}/{}/finding", m.id)),
            "title": format!("{} {}", m.id, question),
            "description": format!("Metric {} ({}, priority {}): {status_label}.", m.id, m.category, m.priority),
            "props": [prop("status", &m.status), prop("priority", &m.priority)],
            "target": {
                "type": "objective-id",
                "target-id": format!("{}_{}", q.id, m.id),
                "status": { "state": if satisfied { "satisfied" } else { "not-satisfied" } },
            },
            "related-observations": related,
        });
        if let Some(c) = m.corroboration {
            let word = match c {
                Corroboration::Corroborated => "corroborated",
                Corroboration::Contradicted => "contradicted",
            };
            if let Some(props) = finding["props"].as_array_mut() {
                props.push(prop("evidence", word));
            }
        }
        let priority_one = q.priorities.first().is_some_and(|p| p.key == m.priority);
        if priority_one && m.treatment == Treatment::Scored && !satisfied {
            let risk_uuid = uuid(&format!("{key}/{}/risk", m.id));
            let recommendation = def.map_or("", |d| d.recommendation.en.as_str());
            risks.push(json!({
                "uuid": risk_uuid,
                "title": format!("Priority I gap: metric {}", m.id),
                "description": format!("{question} Answered: {status_label}."),
                "statement": recommendation,
                "status": "open",
            }));
            finding["related-risks"] = json!([{ "risk-uuid": risk_uuid }]);
        }
        findings.push(finding);
    }
    let mut result = json!({
        "uuid": uuid(&format!("{key}/result")),
        "title": format!("{} / {} / {}", a.key.org, if a.key.unit.is_empty() { "whole organisation" } else { &a.key.unit }, a.key.period),
        "description": format!(
            "Incident management capability assessment of {} against {} {}: overall maturity level {}, score {}.",
            key,
            q.id,
            q.version,
            a.overall_level.map_or("none".to_string(), |l| l.to_string()),
            a.overall.score.map_or("none".to_string(), |s| crate::format::trim_number(s, 2)),
        ),
        "start": start,
        "end": end,
        "props": [prop("org", &a.key.org), prop("unit", &a.key.unit), prop("period", &a.key.period.to_string())],
        "reviewed-controls": { "control-selections": [ { "include-all": {} } ] },
        "observations": observations,
        "findings": findings,
    });
    if !risks.is_empty() {
        result["risks"] = Value::Array(risks);
    }
    result
}

/// The assessment-results document for `assessments`.
///
/// # Errors
/// [`Error::Serialise`] only if serde_json fails.
pub fn assessment_results(assessments: &[Assessment], q: &Questionnaire) -> Result<Vec<u8>> {
    let last = assessments
        .iter()
        .map(|a| quarter_bounds(a).1)
        .max()
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    let keys: Vec<String> = assessments.iter().map(|a| a.key.to_string()).collect();
    let doc = json!({
        "assessment-results": {
            "uuid": uuid(&format!("{}/{}/{}", q.id, q.version, keys.join("|"))),
            "metadata": {
                "title": format!("{} — assessment results", q.title.en),
                "last-modified": last,
                "version": env!("CARGO_PKG_VERSION"),
                "oscal-version": OSCAL_VERSION,
                "props": [
                    prop("questionnaire-id", &q.id),
                    prop("questionnaire-version", &q.version),
                    prop("generator", &format!("imcm {}", env!("CARGO_PKG_VERSION"))),
                ],
            },
            "import-ap": { "href": format!("#{}", q.id) },
            "results": assessments.iter().map(|a| one_result(a, q)).collect::<Vec<_>>(),
        }
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::Serialise {
        what: "OSCAL assessment results",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::recorded_day;

    #[test]
    fn only_a_calendar_day_counts_as_a_recorded_date() {
        assert_eq!(
            recorded_day("2026-10-07").as_deref(),
            Some("2026-10-07T00:00:00Z")
        );
        assert_eq!(
            recorded_day(" 2026-10-07T14:30:00 ").as_deref(),
            Some("2026-10-07T00:00:00Z")
        );
        assert_eq!(
            recorded_day("2026/1/6 22:17").as_deref(),
            Some("2026-01-06T00:00:00Z")
        );
        for written in [
            "",
            "2026-13-01",
            "26/10/07",
            "7 Oct 2026",
            "2026-10-0７",
            "2026-10-07x",
            "2026-10",
        ] {
            assert_eq!(recorded_day(written), None, "{written}");
        }
    }
}
