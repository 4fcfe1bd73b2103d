//! Importer for TheHive 5 cases (`imcm incidents import --from thehive`):
//! the JSON the API returns for cases (`/api/v1/query` with `listCase`, or a
//! single case), one file or a folder of them.
//!
//! | column | from |
//! |---|---|
//! | `id` | `number` as `#N` (else `_id`) |
//! | `org` | `--org` (TheHive's case output does not name the organisation), default `TheHive` |
//! | `unit`, `occurred_at`, `reported_at`, `contained_at`, `detected_by`, `lessons_learned` | custom fields of those names, when the case has them |
//! | `category` | the `category` custom field; else an RSIT machine tag (`rsit:fraud="phishing"`); else a tag that is an imcm category |
//! | `severity` | `severity` 1 low, 2 medium, 3 high, 4 critical |
//! | `detected_at` | `startDate` (epoch milliseconds) |
//! | `resolved_at` | `endDate` when the case is closed (`stage` Closed, or a closing `status`) |
//!
//! Dates are epoch milliseconds in TheHive and become UTC timestamps.

use super::veris::{Row, format_ts};
use serde_json::Value;

/// Extra columns written after the canonical ones.
pub const THEHIVE_COLUMNS: &[&str] = &["thehive_title", "thehive_status", "thehive_tags"];

/// Statuses TheHive 5 gives a closed case.
const CLOSED: &[&str] = &[
    "closed",
    "resolved",
    "truepositive",
    "falsepositive",
    "indeterminate",
    "duplicated",
    "other",
];

/// Every column of an imported TheHive log.
pub fn import_columns() -> Vec<&'static str> {
    crate::input::incidents::mapping::COLUMNS
        .iter()
        .chain(THEHIVE_COLUMNS)
        .copied()
        .collect()
}

/// The result of an import.
#[derive(Debug, Default)]
pub struct Imported {
    /// One row per case, in file order.
    pub rows: Vec<Row>,
    /// Files or entries that were not cases, with the reason.
    pub rejected: Vec<(String, String)>,
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// Epoch milliseconds → `YYYY-MM-DDTHH:MM:SS` UTC (empty when absent).
fn millis(v: Option<&Value>) -> String {
    v.and_then(Value::as_i64)
        .filter(|ms| *ms > 0)
        .map(|ms| format_ts(ms.div_euclid(1000)))
        .unwrap_or_default()
}

/// A custom field's value: TheHive 5 lists them as `[{"name", "value"}]`,
/// TheHive 4 as `{"name": {"type": value}}` or `{"name": value}`.
fn custom(case: &Value, name: &str) -> Option<Value> {
    match case.get("customFields")? {
        Value::Array(fields) => fields
            .iter()
            .find(|f| f.get("name").and_then(Value::as_str) == Some(name))
            .and_then(|f| f.get("value").cloned()),
        Value::Object(map) => match map.get(name)? {
            Value::Object(typed) => typed.values().find(|v| !v.is_null()).cloned(),
            other => Some(other.clone()),
        },
        _ => None,
    }
    .filter(|v| !v.is_null())
}

/// A custom field as text, or a date field (epoch ms) as a timestamp.
fn custom_text(case: &Value, name: &str) -> String {
    match custom(case, name) {
        Some(Value::Number(n)) if name.ends_with("_at") => millis(Some(&Value::Number(n))),
        Some(v) => text(&v),
        None => String::new(),
    }
}

fn category(case: &Value, tags: &[String], categories: &[String]) -> String {
    let field = custom_text(case, "category");
    if !field.is_empty() {
        return field;
    }
    for t in tags {
        if let Some(rest) = t
            .strip_prefix("rsit:")
            .or_else(|| t.strip_prefix("ecsirt:"))
        {
            let (class, kind) = rest.split_once('=').unwrap_or((rest, ""));
            return super::misp::category_of(
                &class.trim().to_lowercase(),
                &kind.trim_matches('"').to_lowercase(),
            )
            .to_string();
        }
    }
    tags.iter()
        .map(|t| t.trim().to_lowercase())
        .find(|t| categories.contains(t))
        .unwrap_or_default()
}

fn row(case: &Value, org: &str, categories: &[String]) -> Row {
    let tags: Vec<String> = case
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(text)
        .collect();
    let id = match case.get("number") {
        Some(Value::Number(n)) => format!("#{n}"),
        _ => case.get("_id").map(text).unwrap_or_default(),
    };
    let severity = match case.get("severity").and_then(Value::as_i64) {
        Some(1) => "low",
        Some(2) => "medium",
        Some(3) => "high",
        Some(4) => "critical",
        _ => "",
    };
    let status = case.get("status").map(text).unwrap_or_default();
    let stage = case.get("stage").map(text).unwrap_or_default();
    let closed =
        stage.eq_ignore_ascii_case("closed") || CLOSED.contains(&status.to_lowercase().as_str());
    let mut r = Row::new();
    r.insert("id", id);
    r.insert("org", org.to_string());
    r.insert("unit", custom_text(case, "unit"));
    r.insert("category", category(case, &tags, categories));
    r.insert("severity", severity.to_string());
    r.insert("occurred_at", custom_text(case, "occurred_at"));
    r.insert("detected_at", millis(case.get("startDate")));
    r.insert("reported_at", custom_text(case, "reported_at"));
    r.insert("contained_at", custom_text(case, "contained_at"));
    r.insert(
        "resolved_at",
        if closed {
            millis(case.get("endDate"))
        } else {
            String::new()
        },
    );
    r.insert("detected_by", custom_text(case, "detected_by"));
    r.insert("lessons_learned", custom_text(case, "lessons_learned"));
    r.insert(
        "thehive_title",
        case.get("title").map(text).unwrap_or_default(),
    );
    r.insert(
        "thehive_status",
        if stage.is_empty() {
            status
        } else {
            format!("{stage}/{status}")
        },
    );
    r.insert("thehive_tags", tags.join(";"));
    r
}

fn is_case(v: &Value) -> bool {
    v.get("_type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("case"))
        || (v.get("startDate").is_some() && v.get("title").is_some())
}

impl Imported {
    /// Add every case of one document (name, bytes); `categories` are the
    /// questionnaire's incident categories, matched against plain tags. A
    /// document that is not JSON, or holds no case, is rejected with the
    /// reason.
    pub fn add_document(&mut self, name: &str, bytes: &[u8], org: &str, categories: &[String]) {
        let Some(doc) = super::misp::parse_json(name, bytes, &mut self.rejected) else {
            return;
        };
        let cases: Vec<&Value> = match &doc {
            Value::Array(items) => items.iter().filter(|v| is_case(v)).collect(),
            v if is_case(v) => vec![v],
            _ => Vec::new(),
        };
        if cases.is_empty() {
            self.rejected
                .push((name.to_string(), crate::i18n::tr("thehive_not_case", &[])));
        }
        for c in cases {
            self.rows.push(row(c, org, categories));
        }
    }
}

/// Import every case of the given documents (name, bytes); `categories` are
/// the questionnaire's incident categories, matched against plain tags.
pub fn import(records: &[(String, Vec<u8>)], org: &str, categories: &[String]) -> Imported {
    let mut out = Imported::default();
    for (name, bytes) in records {
        out.add_document(name, bytes, org, categories);
    }
    out
}
