//! VERIS importer: a folder of VERIS JSON records or a `.tar.gz` of them into
//! the canonical incident log.
//!
//! VERIS gives the incident date (year, month, day) and the discovery and
//! containment delays as a unit (`Days`, `Months`, …) with an optional value.
//! The unit is kept as an ordinal bucket; hours are derived only when a value
//! exists; `Never`, `NA` and `Unknown` stay as they are, never zero.

mod dates;
mod records;
mod row;

pub(crate) use dates::format_ts;
pub use records::{Skipped, read_records, visit_records};
use row::row;
use serde_json::Value;
use std::collections::BTreeMap;

/// VERIS detail columns written after the canonical ones.
pub const VERIS_COLUMNS: &[&str] = &[
    "date_precision",
    "discovery_unit",
    "discovery_bucket",
    "discovery_hours",
    "containment_unit",
    "containment_bucket",
    "containment_hours",
    "veris_modified",
];

/// Columns of the imported log: the canonical ones, then VERIS detail.
pub fn import_columns() -> Vec<&'static str> {
    crate::input::incidents::mapping::COLUMNS
        .iter()
        .chain(VERIS_COLUMNS)
        .copied()
        .collect()
}

/// Duration units in ascending order; the 1-based position is the bucket.
const UNITS: &[(&str, f64)] = &[
    ("Seconds", 1.0 / 3600.0),
    ("Minutes", 1.0 / 60.0),
    ("Hours", 1.0),
    ("Days", 24.0),
    ("Weeks", 168.0),
    ("Months", 730.5),
    ("Years", 8766.0),
];

/// One imported incident: canonical values by column name.
pub type Row = BTreeMap<&'static str, String>;

/// What the import found.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Import {
    /// JSON records read.
    pub records: usize,
    /// Records dropped because a newer record has the same incident id.
    pub merged: usize,
    /// Files that were not valid VERIS JSON: (name, reason).
    pub rejected: Vec<(String, String)>,
    /// Incidents, sorted by id.
    pub rows: Vec<Row>,
}

impl Import {
    /// Counts of one timeline duration (`discovery` or `containment`).
    pub fn duration_counts(&self, what: &str) -> DurationCounts {
        let get = |r: &Row, k: String| r.get(k.as_str()).cloned().unwrap_or_default();
        let mut c = DurationCounts::default();
        for r in &self.rows {
            let unit = get(r, format!("{what}_unit"));
            if !get(r, format!("{what}_bucket")).is_empty() {
                c.with_unit += 1;
                if !get(r, format!("{what}_hours")).is_empty() {
                    c.with_hours += 1;
                }
            } else if unit.is_empty() {
                c.missing += 1;
            } else {
                c.special += 1;
            }
        }
        c
    }

    /// Incidents with both a discovery and a containment duration unit.
    pub fn with_both_units(&self) -> usize {
        let has = |r: &Row, k: &str| r.get(k).is_some_and(|v| !v.is_empty());
        self.rows
            .iter()
            .filter(|r| has(r, "discovery_bucket") && has(r, "containment_bucket"))
            .count()
    }

    /// Incidents placed by (day, month only).
    pub fn placed(&self) -> (usize, usize) {
        let precision = |p: &str| {
            self.rows
                .iter()
                .filter(|r| r.get("date_precision").is_some_and(|v| v == p))
                .count()
        };
        (precision("day"), precision("month"))
    }

    /// Incidents without a usable date (no month, or an impossible date).
    pub fn unplaced(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.get("occurred_at").is_none_or(String::is_empty))
            .count()
    }
}

/// How many incidents carry a VERIS duration, and in what form.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DurationCounts {
    /// A unit from Seconds to Years (an ordinal bucket).
    pub with_unit: usize,
    /// … of which also a value, converted to hours.
    pub with_hours: usize,
    /// `Never`, `NA` or `Unknown`, kept as such.
    pub special: usize,
    /// No duration at all.
    pub missing: usize,
}

/// A VERIS import under way: records are added one at a time as they are
/// read ([`visit_records`]), and only the rows are kept.
#[derive(Debug)]
pub struct Importer {
    org: String,
    result: Import,
    /// Incident id → (its `plus.modified`, record name, row).
    by_id: BTreeMap<String, (String, String, Row)>,
}

impl Importer {
    /// An import whose rows carry `org`.
    pub fn new(org: &str) -> Self {
        Importer {
            org: org.to_string(),
            result: Import::default(),
            by_id: BTreeMap::new(),
        }
    }

    /// Add one record file (name, bytes). For a shared `incident_id` the
    /// newest `plus.modified` wins, on a tie the later record name, whatever
    /// the order records are added in. A record that is not VERIS is
    /// rejected with its reason and place (the JSON error's line and column,
    /// or the field).
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        self.result.records += 1;
        let parsed = serde_json::from_slice::<Value>(bytes)
            .map_err(|e| crate::i18n::tr("not_json", &[("error", &e)]))
            .and_then(|v| row(&v, &self.org));
        let r = match parsed {
            Ok(r) => r,
            Err(reason) => {
                self.result.rejected.push((name.to_string(), reason));
                return;
            }
        };
        let id = r["id"].clone();
        let key = (r["veris_modified"].clone(), name.to_string());
        match self.by_id.get(&id) {
            Some((m, n, _)) => {
                self.result.merged += 1;
                if key > (m.clone(), n.clone()) {
                    self.by_id.insert(id, (key.0, key.1, r));
                }
            }
            None => {
                self.by_id.insert(id, (key.0, key.1, r));
            }
        }
    }

    /// The import: incidents sorted by id, rejections by record name.
    pub fn finish(self) -> Import {
        let mut result = self.result;
        result.rows = self.by_id.into_values().map(|(_, _, r)| r).collect();
        result.rejected.sort();
        result
    }
}

/// Import records; for a shared `incident_id` the newest `plus.modified` wins
/// (on a tie, the later file name).
pub fn import(records: &[(String, Vec<u8>)], org: &str) -> Import {
    let mut importer = Importer::new(org);
    for (name, bytes) in records {
        importer.add(name, bytes);
    }
    importer.finish()
}

#[cfg(test)]
mod tests {
    use super::dates::{after_hours, civil_from_days, days_from_civil};
    use super::records::read_entry;
    use super::row::incident_start;
    use crate::error::Error;
    use crate::limits::Limit;
    use std::path::Path;

    #[test]
    fn absurd_years_and_durations_leave_times_empty_instead_of_overflowing() {
        assert_eq!(after_hours(0, 1.5), Some(5400));
        assert_eq!(after_hours(0, 1e300), None);
        assert_eq!(after_hours(0, f64::NAN), None);
        assert_eq!(after_hours(253_402_300_000, 1.0), None);
        let v: Value = serde_json::from_str(
            r#"{"timeline": {"incident": {"year": 1e20, "month": 5, "day": 3}}}"#,
        )
        .unwrap();
        assert_eq!(incident_start(&v), None);
    }

    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2016, 2, 29), (2020, 12, 31), (1999, 3, 1)] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(
            format_ts(days_from_civil(2010, 5, 4) * 86_400 + 3661),
            "2010-05-04T01:01:01"
        );
    }

    #[test]
    fn durations_keep_unit_buckets_and_never_become_zero() {
        let v: Value = serde_json::json!({
            "incident_id": "X",
            "timeline": {
                "incident": {"year": 2018, "month": 2, "day": 29},
                "discovery": {"unit": "Days", "value": 3},
                "containment": {"unit": "Never"}
            }
        });
        let r = row(&v, "VCDB").unwrap();
        assert_eq!(r["occurred_at"], "", "2018-02-29 is not a date: unplaced");
        assert_eq!(
            (
                r["discovery_unit"].as_str(),
                r["discovery_bucket"].as_str(),
                r["discovery_hours"].as_str()
            ),
            ("Days", "4", "72")
        );
        assert_eq!(
            (
                r["containment_unit"].as_str(),
                r["containment_bucket"].as_str(),
                r["containment_hours"].as_str()
            ),
            ("Never", "", "")
        );
        let v: Value = serde_json::json!({
            "incident_id": "Y",
            "timeline": {"incident": {"year": 2013, "month": 7}, "discovery": {"unit": "Months"}},
            "discovery_method": {"internal": {"variety": ["Reported by employee"]}},
            "action": {"hacking": {"variety": ["DoS"]}},
            "impact": {"overall_rating": "Damaging"}
        });
        let r = row(&v, "VCDB").unwrap();
        assert_eq!(
            (r["occurred_at"].as_str(), r["date_precision"].as_str()),
            ("2013-07-01T00:00:00", "month")
        );
        assert_eq!(
            (
                r["discovery_bucket"].as_str(),
                r["discovery_hours"].as_str(),
                r["detected_at"].as_str()
            ),
            ("6", "", "")
        );
        assert_eq!(
            (
                r["category"].as_str(),
                r["severity"].as_str(),
                r["detected_by"].as_str()
            ),
            ("dos", "high", "internal")
        );
    }

    #[test]
    fn an_entry_longer_than_its_header_claims_is_cut_at_the_limit() {
        let max = Limit::ArchiveEntryBytes.get();
        // An endless entry whose header claims 10 bytes.
        let e = read_entry(
            std::io::repeat(b' '),
            Path::new("a.tar.gz, entry x.json"),
            10,
        )
        .unwrap_err();
        match e {
            Error::Limit { found, limit, .. } => {
                assert_eq!((limit, found), (Limit::ArchiveEntryBytes, max + 1));
            }
            other => panic!("{other}"),
        }
        let ok = read_entry(&b"{}"[..], Path::new("x"), 1 << 40).unwrap();
        assert_eq!(ok, b"{}");
    }

    #[test]
    fn every_rejected_record_says_why_and_where() {
        let records: Vec<(String, Vec<u8>)> = [
            ("a.json", "{\"incident_id\": \"A\"}"),
            ("b.json", "{\"incident_id\": \"B\",\n \"plus\": }"),
            ("c.json", "[1, 2]"),
            ("d.json", "{\"victim\": {}}"),
            ("e.json", "{\"incident_id\": [\"E\"]}"),
            ("f.json", "{\"incident_id\": \" \"}"),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
        let i = import(&records, "V");
        assert_eq!((i.records, i.rows.len(), i.rejected.len()), (6, 1, 5));
        let why: BTreeMap<&str, &str> = i
            .rejected
            .iter()
            .map(|(n, r)| (n.as_str(), r.as_str()))
            .collect();
        assert!(
            why["b.json"].contains("line 2 column 10"),
            "{}",
            why["b.json"]
        );
        assert_eq!(
            why["c.json"],
            "a list where a JSON object (one VERIS record) is expected"
        );
        assert_eq!(
            why["d.json"],
            "field incident_id: missing; every VERIS record has one"
        );
        assert_eq!(
            why["e.json"],
            "field incident_id: a list where text is expected"
        );
        assert!(why["f.json"].starts_with("field incident_id: empty"));
    }

    #[test]
    fn newest_record_wins_for_a_shared_id() {
        let rec = |m: &str, unit: &str| {
            (format!("{m}.json"), serde_json::to_vec(&serde_json::json!({
                "incident_id": "A", "plus": {"modified": m}, "timeline": {"discovery": {"unit": unit}}
            })).unwrap())
        };
        let i = import(
            &[
                rec("2015-01-01T00:00:00Z", "Days"),
                rec("2019-01-01T00:00:00Z", "Weeks"),
                rec("2014-01-01T00:00:00Z", "Years"),
            ],
            "V",
        );
        assert_eq!((i.records, i.merged, i.rows.len()), (3, 2, 1));
        assert_eq!(i.rows[0]["discovery_unit"], "Weeks");
    }
}
