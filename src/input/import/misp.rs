//! Importer for MISP events (`imcm incidents import --from misp`): event
//! JSON as MISP exports it (`{"Event": {…}}`), a list of them or the REST
//! API's `{"response": [...]}`, one file or a folder of `.json` files.
//!
//! Categories come from taxonomy tags through the ENISA / TF-CSIRT Reference
//! Security Incident Taxonomy (RSIT, MISP namespace `rsit`, formerly
//! `ecsirt`), and from the CIRCL incident classification where an event has
//! no RSIT tag. **Multi-label rule:** an event tagged with several RSIT
//! classes counts once, under the class that comes first in the taxonomy's
//! own order (abusive-content, malicious-code, … other); every class found
//! is kept in the `rsit` column, so nothing is lost. A `test` class event is
//! imported with the category `test`, which the data-quality gate reports as
//! an unknown category and keeps out of the KPIs.
//!
//! Other fields: `id` = event uuid; `org` = the creator organisation
//! (`Orgc.name`) unless `--org` is given; `severity` from `threat_level_id`
//! (1 high, 2 medium, 3 low, 4 undefined → empty); `detected_at` = the event
//! date (midnight UTC); `reported_at` = `publish_timestamp` when the event
//! was published (sharing it is taken as reporting it).

use super::veris::{Row, format_ts};
use crate::error::{Error, Result};
use serde_json::Value;
use std::path::Path;

/// RSIT classes in the taxonomy's order, each with the imcm category it
/// counts under; type-level exceptions are in [`TYPE_CATEGORY`].
pub const RSIT_CLASSES: &[(&str, &str)] = &[
    ("abusive-content", "other"),
    ("malicious-code", "malware"),
    ("information-gathering", "other"),
    ("intrusion-attempts", "intrusion"),
    ("intrusions", "intrusion"),
    ("availability", "dos"),
    ("information-content-security", "data_leak"),
    ("fraud", "misuse"),
    ("vulnerable", "vulnerability"),
    ("other", "other"),
    ("test", "test"),
];

/// RSIT (class, type) pairs that count under another category than their class.
pub const TYPE_CATEGORY: &[(&str, &str, &str)] = &[
    ("fraud", "phishing", "phishing"),
    ("information-gathering", "social-engineering", "phishing"),
    ("availability", "misconfiguration", "error"),
    ("availability", "outage", "error"),
    ("intrusions", "burglary", "physical"),
];

/// CIRCL incident-classification values and the RSIT class they stand for,
/// used only when an event has no RSIT tag.
pub const CIRCL_CLASSES: &[(&str, &str)] = &[
    ("spam", "abusive-content"),
    ("malware", "malicious-code"),
    ("scan", "information-gathering"),
    ("sniffing", "information-gathering"),
    ("social-engineering", "information-gathering"),
    ("exploit", "intrusion-attempts"),
    ("login-attempts", "intrusion-attempts"),
    ("compromised-system", "intrusions"),
    ("denial-of-service", "availability"),
    ("sabotage", "availability"),
    ("information-leak", "information-content-security"),
    ("unauthorised-access", "information-content-security"),
    ("phishing", "fraud"),
    ("copyright-issue", "fraud"),
    ("vulnerability", "vulnerable"),
];

/// Extra columns written after the canonical ones.
pub const MISP_COLUMNS: &[&str] = &["rsit", "misp_info", "misp_tags"];

/// Every column of an imported MISP log.
pub fn import_columns() -> Vec<&'static str> {
    crate::input::incidents::mapping::COLUMNS
        .iter()
        .chain(MISP_COLUMNS)
        .copied()
        .collect()
}

/// The result of an import.
#[derive(Debug, Default)]
pub struct Imported {
    /// One row per event, in file order.
    pub rows: Vec<Row>,
    /// Events with more than one RSIT class.
    pub multi_class: usize,
    /// Events with no RSIT or CIRCL classification.
    pub unclassified: usize,
    /// Files or entries that were not MISP events, with the reason.
    pub rejected: Vec<(String, String)>,
}

/// `(class, type)` of a tag in the RSIT (or older eCSIRT) namespace:
/// `rsit:malicious-code="ransomware"` → (`malicious-code`, `ransomware`).
fn rsit_tag(tag: &str) -> Option<(String, String)> {
    let rest = tag
        .strip_prefix("rsit:")
        .or_else(|| tag.strip_prefix("ecsirt:"))?;
    let (class, value) = match rest.split_once('=') {
        Some((c, v)) => (c, v.trim_matches('"')),
        None => (rest, ""),
    };
    let class = class.trim().to_lowercase();
    RSIT_CLASSES
        .iter()
        .any(|(c, _)| *c == class)
        .then(|| (class, value.trim().to_lowercase()))
}

/// The RSIT class a CIRCL incident-classification tag stands for.
fn circl_tag(tag: &str) -> Option<(String, String)> {
    let value = tag
        .strip_prefix("circl:incident-classification=")?
        .trim_matches('"')
        .to_lowercase();
    CIRCL_CLASSES
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(_, class)| ((*class).to_string(), value))
}

/// The imcm category of an RSIT (class, type).
pub fn category_of(class: &str, kind: &str) -> &'static str {
    TYPE_CATEGORY
        .iter()
        .find(|(c, t, _)| *c == class && *t == kind)
        .map(|(_, _, cat)| *cat)
        .or_else(|| {
            RSIT_CLASSES
                .iter()
                .find(|(c, _)| *c == class)
                .map(|(_, cat)| *cat)
        })
        .unwrap_or("other")
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn one_event(v: &Value) -> Option<&Value> {
    match v.get("Event") {
        Some(e) => Some(e),
        None if v.get("uuid").is_some() && v.get("date").is_some() => Some(v),
        None => None,
    }
}

/// The events in one JSON document.
fn events(doc: &Value) -> Vec<&Value> {
    let list = match doc {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => match doc.get("response") {
            Some(Value::Array(items)) => items.iter().collect(),
            _ => vec![doc],
        },
        _ => Vec::new(),
    };
    list.into_iter().filter_map(one_event).collect()
}

/// One event as a canonical row.
fn row(event: &Value, org: Option<&str>, out: &mut Imported) -> Row {
    let tags: Vec<String> = event
        .get("Tag")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("name").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    let mut classes: Vec<(String, String)> = tags.iter().filter_map(|t| rsit_tag(t)).collect();
    if classes.is_empty() {
        classes = tags.iter().filter_map(|t| circl_tag(t)).collect();
    }
    classes.sort_by_key(|(c, _)| RSIT_CLASSES.iter().position(|(x, _)| x == c));
    classes.dedup();
    let distinct: std::collections::BTreeSet<&String> = classes.iter().map(|(c, _)| c).collect();
    if distinct.len() > 1 {
        out.multi_class += 1;
    }
    let category = match classes.first() {
        Some((class, kind)) => category_of(class, kind).to_string(),
        None => {
            out.unclassified += 1;
            String::new()
        }
    };
    let severity = match text(event, "threat_level_id").as_str() {
        "1" => "high",
        "2" => "medium",
        "3" => "low",
        _ => "",
    };
    let date = text(event, "date");
    let detected_at = if date.len() == 10 {
        format!("{date}T00:00:00")
    } else {
        date
    };
    let published = text(event, "publish_timestamp")
        .parse::<i64>()
        .ok()
        .filter(|t| *t > 0)
        .map(format_ts)
        .unwrap_or_default();
    let org = org.map_or_else(
        || {
            event
                .get("Orgc")
                .map(|o| text(o, "name"))
                .unwrap_or_default()
        },
        str::to_string,
    );
    let mut r = Row::new();
    r.insert("id", text(event, "uuid"));
    r.insert("org", org);
    r.insert("category", category);
    r.insert("severity", severity.to_string());
    r.insert("detected_at", detected_at);
    r.insert("reported_at", published);
    r.insert(
        "rsit",
        classes
            .iter()
            .map(|(c, t)| {
                if t.is_empty() {
                    c.clone()
                } else {
                    format!("{c}:{t}")
                }
            })
            .collect::<Vec<_>>()
            .join(";"),
    );
    r.insert("misp_info", text(event, "info"));
    r.insert("misp_tags", tags.join(";"));
    r
}

/// Parse one document, or note why it was rejected.
pub(crate) fn parse_json(
    name: &str,
    bytes: &[u8],
    rejected: &mut Vec<(String, String)>,
) -> Option<Value> {
    match serde_json::from_slice(bytes) {
        Ok(v) => Some(v),
        Err(e) => {
            rejected.push((
                name.to_string(),
                crate::i18n::tr("not_json", &[("error", &e)]),
            ));
            None
        }
    }
}

impl Imported {
    /// Add every event of one document (name, bytes); a document that is
    /// not JSON, or holds no event, is rejected with the reason.
    pub fn add_document(&mut self, name: &str, bytes: &[u8], org: Option<&str>) {
        let Some(doc) = parse_json(name, bytes, &mut self.rejected) else {
            return;
        };
        let found = events(&doc);
        if found.is_empty() {
            self.rejected
                .push((name.to_string(), crate::i18n::tr("misp_not_event", &[])));
        }
        for e in found {
            let r = row(e, org, self);
            self.rows.push(r);
        }
    }
}

/// Import every event of the given documents (name, bytes).
pub fn import(records: &[(String, Vec<u8>)], org: Option<&str>) -> Imported {
    let mut out = Imported::default();
    for (name, bytes) in records {
        out.add_document(name, bytes, org);
    }
    out
}

/// Read the documents at `path` (a `.json` file or a folder of them).
///
/// # Errors
/// [`Error::Incidents`] when nothing can be read.
pub fn read(path: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let records = super::veris::read_records(path)?;
    if records.is_empty() {
        return Err(Error::Incidents {
            path: path.to_path_buf(),
            message: crate::i18n::tr("misp_none", &[]),
        });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_rsit_class_in_taxonomy_order_decides_the_category() {
        let doc = br#"{"Event": {"uuid": "u1", "date": "2026-02-03", "threat_level_id": "2",
            "publish_timestamp": "0", "Orgc": {"name": "Acme"},
            "Tag": [{"name": "rsit:fraud=\"phishing\""}, {"name": "rsit:malicious-code=\"infected-system\""}, {"name": "tlp:green"}]}}"#;
        let imported = import(&[("e.json".into(), doc.to_vec())], None);
        let r = &imported.rows[0];
        // malicious-code comes before fraud in RSIT: malware, once.
        assert_eq!(r["category"], "malware");
        assert_eq!(r["rsit"], "malicious-code:infected-system;fraud:phishing");
        assert_eq!(r["severity"], "medium");
        assert_eq!(r["detected_at"], "2026-02-03T00:00:00");
        assert_eq!(r["reported_at"], "");
        assert_eq!(imported.multi_class, 1);
        assert_eq!(category_of("fraud", "phishing"), "phishing");
        assert_eq!(category_of("availability", "ddos"), "dos");
    }
}
