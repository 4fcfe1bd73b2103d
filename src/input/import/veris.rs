//! VERIS importer: a folder of VERIS JSON records or a `.tar.gz` of them into
//! the canonical incident log.
//!
//! VERIS gives the incident date (year, month, day) and the discovery and
//! containment delays as a unit (`Days`, `Months`, …) with an optional value.
//! The unit is kept as an ordinal bucket; hours are derived only when a value
//! exists; `Never`, `NA` and `Unknown` stay as they are, never zero.

use crate::error::{Error, Result};
use crate::limits::Limit;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

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

fn err(path: &Path, message: String) -> Error {
    Error::Incidents {
        path: path.to_path_buf(),
        message,
    }
}

/// A file or archive entry that an import did not read: (name, why).
pub type Skipped = (String, String);

/// Read every `.json` record below a folder, inside a `.tar.gz`, or one
/// `.json` file, handing each to `visit` (name, bytes) as it is read, so
/// that only one record is held at a time. Folder files come in name order,
/// archive entries in archive order.
///
/// Bounds: a record file or entry may hold at most
/// [`Limit::ArchiveEntryBytes`] (counted while it is decompressed, not taken
/// from its header), one `.json` file given as the path at most
/// [`Limit::JsonFileBytes`], and all records of an archive or folder
/// together at most [`Limit::ArchiveTotalBytes`]. In a folder only regular
/// files are read: a pipe, device, socket or broken link named `*.json`, and
/// a link to a folder, are skipped and returned, so that the caller can warn
/// about each (a pipe would block, a device never ends, a folder link may
/// loop). Entries of an archive that are not regular files are skipped the
/// same way.
///
/// # Errors
/// [`Error::Io`] when the path cannot be read or is not a regular file or
/// folder; [`Error::Limit`] naming the file (and the entry) over a limit;
/// [`Error::Incidents`] for a broken archive.
pub fn visit_records(path: &Path, visit: &mut dyn FnMut(String, Vec<u8>)) -> Result<Vec<Skipped>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    if meta.is_dir() {
        return visit_folder(path, visit);
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let bytes = crate::fs::read_regular(path, Limit::JsonFileBytes)?;
        visit(path.display().to_string(), bytes);
        return Ok(Vec::new());
    }
    let bytes = crate::fs::read_regular(path, Limit::ArchiveTotalBytes)?;
    visit_archive(path, &bytes, visit)
}

/// [`visit_records`], collecting the records (name, bytes) sorted by name.
/// Skipped files are dropped: use [`visit_records`] to report them.
///
/// # Errors
/// As [`visit_records`].
pub fn read_records(path: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    visit_records(path, &mut |name, bytes| out.push((name, bytes)))?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn visit_folder(dir: &Path, visit: &mut dyn FnMut(String, Vec<u8>)) -> Result<Vec<Skipped>> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    collect_json(dir, &mut files, &mut skipped)
        .map_err(|e| err(dir, format!("cannot list the folder: {e}")))?;
    files.sort();
    let mut total = 0u64;
    for f in files {
        let bytes = crate::fs::read_regular(&f, Limit::ArchiveEntryBytes)?;
        total += bytes.len() as u64;
        crate::limits::check(Limit::ArchiveTotalBytes, dir, total)?;
        visit(f.display().to_string(), bytes);
    }
    skipped.sort();
    Ok(skipped)
}

/// The `.json` files below `dir`. Links to regular files are followed;
/// anything else named `*.json`, and links to folders, go to `skipped`.
fn collect_json(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let p = e.path();
        let kind = e.file_type()?;
        if kind.is_dir() {
            collect_json(&p, out, skipped)?;
            continue;
        }
        if kind.is_symlink() && p.is_dir() {
            skipped.push((
                p.display().to_string(),
                crate::i18n::tr("import_skipped_folder_link", &[]),
            ));
            continue;
        }
        if p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        if crate::fs::is_regular_file(&p) {
            out.push(p);
        } else {
            skipped.push((
                p.display().to_string(),
                crate::i18n::tr("import_skipped_not_regular", &[]),
            ));
        }
    }
    Ok(())
}

/// A reader that counts the bytes through it and fails once they pass
/// `max`, so a decompression bomb stops even while the archive reader skips
/// entries it does not keep.
struct Counted<R> {
    inner: R,
    read: std::rc::Rc<std::cell::Cell<u64>>,
    max: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        if self.read.get() > self.max {
            return Err(std::io::Error::other("the archive expands past its limit"));
        }
        Ok(n)
    }
}

/// How an archive entry is named in messages: the archive, then the entry.
fn entry_label(archive: &Path, entry: &str) -> PathBuf {
    PathBuf::from(crate::i18n::tr(
        "archive_entry",
        &[("archive", &archive.display()), ("entry", &entry)],
    ))
}

/// Read one entry, keeping at most [`Limit::ArchiveEntryBytes`]: the
/// reader is cut one byte past the limit whatever size the entry's header
/// claims, so an entry that expands further is refused after reading no
/// more than the limit.
fn read_entry(entry: impl Read, label: &Path, claimed: u64) -> Result<Vec<u8>> {
    let max = Limit::ArchiveEntryBytes.get();
    let mut data = Vec::with_capacity(usize::try_from(claimed.min(max)).unwrap_or(0));
    entry
        .take(max.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| err(label, format!("cannot read: {e}")))?;
    crate::limits::check(Limit::ArchiveEntryBytes, label, data.len() as u64)?;
    Ok(data)
}

fn visit_archive(
    path: &Path,
    bytes: &[u8],
    visit: &mut dyn FnMut(String, Vec<u8>),
) -> Result<Vec<Skipped>> {
    let read = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let total = Limit::ArchiveTotalBytes.get();
    let over_total = |read: u64| Error::Limit {
        path: path.to_path_buf(),
        limit: Limit::ArchiveTotalBytes,
        found: read,
        max: total,
    };
    let mut archive = tar::Archive::new(Counted {
        inner: flate2::read::GzDecoder::new(bytes),
        read: read.clone(),
        max: total,
    });
    let entries = archive
        .entries()
        .map_err(|e| err(path, format!("not a .tar.gz archive: {e}")))?;
    let mut skipped = Vec::new();
    for entry in entries {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(_) if read.get() > total => return Err(over_total(read.get())),
            Err(e) => return Err(err(path, format!("broken archive entry: {e}"))),
        };
        let name = entry
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        if !name.ends_with(".json") {
            continue;
        }
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            skipped.push((
                entry_label(path, &name).display().to_string(),
                crate::i18n::tr("import_skipped_entry_not_regular", &[]),
            ));
            continue;
        }
        let label = entry_label(path, &name);
        // The header's size is checked first, so a declared giant is refused
        // without decompressing it; `read_entry` does not rely on it.
        let claimed = entry.size();
        crate::limits::check(Limit::ArchiveEntryBytes, &label, claimed)?;
        let data = match read_entry(&mut entry, &label, claimed) {
            Err(Error::Incidents { .. }) if read.get() > total => {
                return Err(over_total(read.get()));
            }
            other => other?,
        };
        visit(name, data);
    }
    if read.get() > total {
        return Err(over_total(read.get()));
    }
    Ok(skipped)
}

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

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Seconds since the epoch → `YYYY-MM-DDTHH:MM:SS`.
pub(crate) fn format_ts(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        s / 3600,
        (s / 60) % 60,
        s % 60
    )
}

/// `start` plus `hours`, or `None` when that is not a time before the year
/// 10000 (a duration of "1e300 years" is a typo, not a time).
fn after_hours(start: i64, hours: f64) -> Option<i64> {
    const END: i64 = 253_402_300_800; // 10000-01-01T00:00:00Z
    let secs = (hours * 3600.0).round();
    if !secs.is_finite() || secs.abs() > END as f64 {
        return None;
    }
    start.checked_add(secs as i64).filter(|t| *t < END)
}

/// The incident start in seconds and its precision (`day` or `month`).
fn incident_start(v: &Value) -> Option<(i64, &'static str)> {
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
fn row(v: &Value, org: &str) -> std::result::Result<Row, String> {
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
