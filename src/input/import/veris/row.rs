//! One VERIS record as a canonical row: its start, the discovery and
//! containment delays as unit buckets and hours, the category, severity and
//! detection source read from the VERIS enumerations.

use super::dates::{after_hours, days_from_civil, days_in_month, format_ts};
use super::{Row, UNITS};
use serde_json::Value;

fn text(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    match cur {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(v: &Value, path: &[&str]) -> Option<f64> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_f64()
        .or_else(|| cur.as_str().and_then(|s| s.trim().parse().ok()))
}

/// The incident start in seconds and its precision (`day` or `month`).
pub(super) fn incident_start(v: &Value) -> Option<(i64, &'static str)> {
    let y = number(v, &["timeline", "incident", "year"])? as i64;
    let m = number(v, &["timeline", "incident", "month"])? as i64;
    // A year outside 1–9999 is a typo, not a date (and would overflow the
    // day arithmetic; found by the `veris` fuzz target).
    if !(1..=12).contains(&m) || !(1..=9999).contains(&y) {
        return None;
    }
    let (d, precision) = match number(v, &["timeline", "incident", "day"]) {
        Some(d) => (d as i64, "day"),
        None => (1, "month"),
    };
    if d < 1 || d > days_in_month(y, m) {
        return None; // e.g. 2018-02-29: not a date
    }
    Some((days_from_civil(y, m, d) * 86_400, precision))
}

/// (unit text, bucket, hours) of a VERIS duration.
fn duration(v: &Value, what: &str) -> (String, String, Option<f64>) {
    let unit = text(v, &["timeline", what, "unit"]).unwrap_or_default();
    let bucket = UNITS.iter().position(|(u, _)| *u == unit);
    let hours =
        bucket.and_then(|b| number(v, &["timeline", what, "value"]).map(|n| n * UNITS[b].1));
    (
        unit,
        bucket.map(|b| (b + 1).to_string()).unwrap_or_default(),
        hours,
    )
}

fn category(v: &Value) -> &'static str {
    let action = v.get("action");
    let has = |k: &str| action.and_then(|a| a.get(k)).is_some();
    if has("malware") {
        "malware"
    } else if has("hacking") {
        let dos = action
            .and_then(|a| a.pointer("/hacking/variety"))
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|x| x.as_str() == Some("DoS")));
        if dos { "dos" } else { "intrusion" }
    } else if has("social") {
        "phishing"
    } else if has("misuse") {
        "misuse"
    } else if has("error") {
        "error"
    } else if has("physical") {
        "physical"
    } else {
        "other"
    }
}

fn severity(v: &Value) -> &'static str {
    match text(v, &["impact", "overall_rating"]).as_deref() {
        Some("Catastrophic") => "critical",
        Some("Damaging") => "high",
        Some("Painful") => "medium",
        Some("Distracting" | "Insignificant") => "low",
        _ => "",
    }
}

fn detected_by(v: &Value) -> &'static str {
    let d = v.get("discovery_method");
    for k in ["internal", "external", "partner"] {
        if d.and_then(|d| d.get(k)).is_some() {
            return k;
        }
    }
    "unknown"
}

fn hours_text(h: Option<f64>) -> String {
    h.map(|h| crate::format::trim_number(h, 4))
        .unwrap_or_default()
}

/// Turn one VERIS record into a row, or say why it is not one.
pub(super) fn row(v: &Value, org: &str) -> std::result::Result<Row, String> {
    use crate::i18n::tr;
    if !v.is_object() {
        return Err(tr(
            "veris_not_object",
            &[("kind", &crate::input::incidents::json_kind(v))],
        ));
    }
    let id = match v.get("incident_id") {
        None => return Err(tr("veris_no_id", &[])),
        Some(Value::String(s)) if s.trim().is_empty() => return Err(tr("veris_empty_id", &[])),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(tr(
                "veris_bad_id",
                &[("kind", &crate::input::incidents::json_kind(other))],
            ));
        }
    };
    let mut r = Row::new();
    r.insert("id", id);
    r.insert("org", org.to_string());
    let industry = text(v, &["victim", "industry"]).unwrap_or_default();
    let sector = industry.chars().take(2).collect::<String>();
    r.insert(
        "unit",
        if sector.len() == 2 && sector.chars().all(|c| c.is_ascii_digit()) {
            format!("NAICS {sector}")
        } else {
            String::new()
        },
    );
    r.insert("category", category(v).into());
    r.insert("severity", severity(v).into());
    let start = incident_start(v);
    let (dunit, dbucket, dhours) = duration(v, "discovery");
    let (cunit, cbucket, chours) = duration(v, "containment");
    let detected = start.zip(dhours).and_then(|((s, _), h)| after_hours(s, h));
    let contained = detected.zip(chours).and_then(|(d, h)| after_hours(d, h));
    r.insert(
        "occurred_at",
        start.map(|(s, _)| format_ts(s)).unwrap_or_default(),
    );
    r.insert("detected_at", detected.map(format_ts).unwrap_or_default());
    r.insert("reported_at", String::new());
    r.insert("contained_at", contained.map(format_ts).unwrap_or_default());
    r.insert("resolved_at", String::new());
    r.insert("detected_by", detected_by(v).into());
    r.insert("lessons_learned", String::new());
    r.insert(
        "date_precision",
        start.map(|(_, p)| p.to_string()).unwrap_or_default(),
    );
    r.insert("discovery_unit", dunit);
    r.insert("discovery_bucket", dbucket);
    r.insert("discovery_hours", hours_text(dhours));
    r.insert("containment_unit", cunit);
    r.insert("containment_bucket", cbucket);
    r.insert("containment_hours", hours_text(chours));
    r.insert(
        "veris_modified",
        text(v, &["plus", "modified"]).unwrap_or_default(),
    );
    Ok(r)
}
