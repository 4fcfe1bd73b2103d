//! Entry points for the fuzz targets under `fuzz/` and for the regression
//! test that replays their corpora in `cargo test` (`tests/fuzz_corpus.rs`).
//!
//! Each function takes arbitrary bytes, runs one reader the way the command
//! line does, and goes on through what the reader's output feeds (scoring,
//! KPIs, the CSV writers) so that a reader accepting something the next step
//! cannot handle is caught too. None of them may panic: a bad input must come
//! back as an [`crate::Error`], which these functions drop.

use crate::input::incidents::engine::{By, Source};
use crate::input::incidents::mapping::Mapping;
use crate::input::incidents::{KpiOptions, compute};
use crate::model::Questionnaire;
use std::path::Path;
use std::sync::OnceLock;

/// The built-in questionnaire, parsed once per process.
fn loaded() -> &'static crate::input::questionnaire::Loaded {
    static Q: OnceLock<crate::input::questionnaire::Loaded> = OnceLock::new();
    Q.get_or_init(|| {
        crate::input::questionnaire::default_questionnaire()
            .unwrap_or_else(|e| panic!("the built-in questionnaire must load: {e}"))
    })
}

fn questionnaire() -> &'static Questionnaire {
    &loaded().questionnaire
}

/// An answers file (CSV in any supported encoding, or XLSX when it starts
/// like a zip archive, as `.xlsx` files are), then scoring and `scores.csv`/`scores.json` of every
/// assessment it holds.
pub fn answers(data: &[u8]) {
    let label = Path::new(if data.starts_with(b"PK\x03\x04") {
        "fuzz.xlsx"
    } else {
        "fuzz.csv"
    });
    answers_from(label, data);
}

/// Read answers labelled `label`, score every assessment and write both
/// score files.
fn answers_from(label: &Path, data: &[u8]) {
    let q = questionnaire();
    let Ok(set) = crate::input::answers::load_bytes(label, data, q) else {
        return;
    };
    let scored: Vec<_> = set
        .assessments
        .iter()
        .map(|(key, rows)| crate::scoring::score(q, key, rows))
        .collect();
    let _ = crate::export::scores_csv(&scored);
    let provenance = crate::provenance::Provenance::new(loaded());
    let _ = crate::export::scores_json(&scored, q, &provenance);
}

/// The parts of a minimal workbook around one sheet, as (name, content).
const WORKBOOK_PARTS: &[(&str, &str)] = &[
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
    ),
    (
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    ),
];

/// Split `data` at every line that is exactly `---`.
fn split_parts(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let (mut start, mut part_start) = (0, 0);
    for line in data.split_inclusive(|&b| b == b'\n') {
        let end = start + line.len();
        if line.strip_suffix(b"\n").unwrap_or(line) == b"---" {
            parts.push(&data[part_start..start]);
            part_start = end;
        }
        start = end;
    }
    parts.push(&data[part_start..]);
    parts
}

/// A workbook (stored, not compressed) whose first sheet's XML, shared
/// strings' XML and second sheet's XML are the parts of `data` split at
/// lines `---` (see [`split_parts`]); parts not given are left out.
fn workbook_from_parts(data: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let parts = split_parts(data);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let sheets: Vec<&[u8]> = [parts.first(), parts.get(2)]
        .into_iter()
        .flatten()
        .copied()
        .collect();
    let mut book = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    for i in 1..=sheets.len() {
        book.push_str(&format!(
            r#"<sheet name="Sheet{i}" sheetId="{i}" r:id="rId{i}"/>"#
        ));
    }
    book.push_str("</sheets></workbook>");
    let mut files: Vec<(String, &[u8])> = WORKBOOK_PARTS
        .iter()
        .map(|(n, c)| ((*n).to_string(), c.as_bytes()))
        .collect();
    files.push(("xl/workbook.xml".into(), book.as_bytes()));
    for (i, sheet) in sheets.iter().enumerate() {
        files.push((format!("xl/worksheets/sheet{}.xml", i + 1), sheet));
    }
    if let Some(strings) = parts.get(1) {
        files.push(("xl/sharedStrings.xml".into(), strings));
    }
    for (name, content) in files {
        zip.start_file(name, options).ok()?;
        zip.write_all(content).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

/// An answer workbook, then scoring and `scores.csv`/`scores.json` as for
/// [`answers`]. Input that starts like a zip archive is the workbook itself
/// (the archive directory and every part are the fuzzer's); anything else
/// is the XML of its parts split at lines `---` — the first sheet, then the
/// shared strings, then a second sheet — put in a minimal workbook, so that
/// mutations reach calamine's sheet reader and imcm's sparse sheet reading
/// instead of failing a zip checksum.
pub fn xlsx(data: &[u8]) {
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        match workbook_from_parts(data) {
            Some(b) => b,
            None => return,
        }
    };
    answers_from(Path::new("fuzz.xlsx"), &bytes);
}

/// A small incident log with something for every mapping key to act on:
/// the canonical columns, other names for them, values in other words and
/// cases, timestamps in several forms, years 0, 1900 and 9999.
const MAPPING_LOG: &[u8] = b"id,org,unit,category,severity,occurred_at,detected_at,reported_at,contained_at,resolved_at,detected_by,lessons_learned,Ticket,Customer,Type,Prio,Opened,Source\n\
1,Acme,HQ,phishing,high,2026-01-01T08:00:00Z,2026-01-01T09:00:00Z,2026-01-01T10:00:00Z,2026-01-01T12:00:00Z,2026-01-03T09:00:00Z,internal,true,T-1,Acme,Phish,P1,01.01.2026 09:00,SOC\n\
2,Acme,HQ,Malware , LOW,2026-01-02 08:00,2026-01-02 09:30,,2026-01-02 11:00,,External,no,T-2,Acme,mal,P3,02.01.2026 09:30,Customer\n\
3,Acme,,dos,medium,0000-01-01T00:00:00Z,2026-02-01T00:00:00+09:00,2026/02/01 01:00,,2026-02-02T00:00:00.5+09:00,partner,1,T-3,Acme,DDoS,P2,01.02.2026 00:00,soc\n\
4,Beta,Ops,other,critical,1900-06-01 00:00,2026-03-31T23:59:59Z,,,9999-12-31T23:59:59Z,unknown,,T-4,Beta,misc,p1,31.03.2026 23:59,partner\n\
5,Beta,Ops,intrusion,high,,9999-01-01T00:00:00Z,,,,internal,yes,T-5,Beta,Hack,P1,01.01.9999 00:00,SOC\n\
6,,Ops,error,low,2026-04-01T00:00:00Z,bad,2026-04-01T01:00:00Z,,,mail,maybe,,Gamma,oops,P4,today,\n\
1,Acme,HQ,phishing,high,2026-01-01T08:00:00Z,2026-01-01T09:00:00Z,,,,internal,true,T-1,Acme,Phish,P1,01.01.2026 09:00,SOC\n";

/// A mapping file, then every KPI and the quality report over
/// `MAPPING_LOG`: the value maps, formats, time zone and plausible years
/// of any mapping the parser accepts.
pub fn mapping(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mapping) = Mapping::parse(text, Path::new("fuzz-map.toml")) else {
        return;
    };
    let options = KpiOptions {
        sources: vec![Source::Embedded("fuzz-log.csv".into(), MAPPING_LOG)],
        mapping,
        period_from: crate::model::PeriodFrom::DetectedAt,
        by: By::default(),
        values: true,
    };
    if let Ok(report) = compute(&options, &questionnaire().incidents) {
        let _ = crate::export::kpi_csv(&report);
        let _ = crate::export::quality_csv(&report);
    }
}

/// A questionnaire TOML file, then scoring an empty assessment and an
/// answer template against it.
pub fn questionnaire_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = crate::input::questionnaire::parse(
        text,
        crate::input::questionnaire::Origin::File("fuzz.toml".into()),
    ) else {
        return;
    };
    let q = &loaded.questionnaire;
    let key = crate::model::AssessmentKey {
        org: "Acme".into(),
        unit: String::new(),
        period: crate::model::Period {
            year: 2026,
            quarter: 3,
        },
    };
    let a = crate::scoring::score(q, &key, &Default::default());
    let provenance = crate::provenance::Provenance::new(&loaded);
    let _ = crate::export::scores_json(std::slice::from_ref(&a), q, &provenance);
    let _ = crate::export::answer_template(q, &Default::default());
}

/// Split `data` into a mapping file and an incident log at the first line
/// that is exactly `---`; without one, the whole input is the log and the
/// mapping is empty.
fn split_mapping(data: &[u8]) -> (&[u8], &[u8]) {
    let mut start = 0;
    for line in data.split_inclusive(|&b| b == b'\n') {
        let end = start + line.len();
        if line.strip_suffix(b"\n").unwrap_or(line) == b"---" {
            return (&data[..start], &data[end..]);
        }
        start = end;
    }
    (&[], data)
}

/// A mapping file and a CSV incident log (see `split_mapping` for how the
/// input holds both), then every KPI over them.
///
/// The log goes through a temporary file, as logs are read from disk.
pub fn incident_log(data: &[u8]) {
    let (map_bytes, log) = split_mapping(data);
    let Ok(map_text) = std::str::from_utf8(map_bytes) else {
        return;
    };
    let Ok(mapping) = Mapping::parse(map_text, Path::new("fuzz-map.toml")) else {
        return;
    };
    let Ok(dir) = tempfile_dir() else {
        return;
    };
    let path = dir.join("log.csv");
    if std::fs::write(&path, log).is_err() {
        return;
    }
    let options = KpiOptions {
        sources: vec![Source::File(path)],
        mapping,
        period_from: crate::model::PeriodFrom::DetectedAt,
        by: By::default(),
        values: true,
    };
    if let Ok(report) = compute(&options, &questionnaire().incidents) {
        let _ = crate::export::kpi_csv(&report);
        let _ = crate::export::quality_csv(&report);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A private temporary folder for one input.
fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "imcm-fuzz-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// One VERIS JSON record, imported and written as the CSV and Parquet logs
/// `import veris` writes.
pub fn veris(data: &[u8]) {
    let import =
        crate::input::import::veris::import(&[("fuzz.json".to_string(), data.to_vec())], "Acme");
    let _ = crate::export::imported::veris_csv(&import.rows);
    let _ = import.placed();
    let _ = import.duration_counts("containment");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbook_parts_split_at_lines_of_three_dashes_and_make_a_workbook() {
        assert_eq!(split_parts(b"a\n---\nb\n---\n"), [&b"a\n"[..], b"b\n", b""]);
        assert_eq!(split_parts(b"a"), [&b"a"[..]]);
        let sheet = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>status</t></is></c></row></sheetData></worksheet>"#;
        let strings = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>metric</t></si></sst>"#;
        let mut data = sheet.to_vec();
        data.extend_from_slice(b"\n---\n");
        data.extend_from_slice(strings);
        let book = workbook_from_parts(&data).unwrap();
        let e = crate::input::answers::load_bytes(Path::new("f.xlsx"), &book, questionnaire())
            .unwrap_err()
            .to_string();
        // The header (metric from the shared strings, status inline) was
        // found: the complaint is about the missing columns and rows.
        assert!(e.contains("f.xlsx: sheet 'Sheet1'"), "{e}");
        assert!(!e.contains("no sheet"), "{e}");
    }

    #[test]
    fn the_mapping_target_log_reads_with_and_without_a_mapping() {
        let run = |map: &str| {
            let options = KpiOptions {
                sources: vec![Source::Embedded("fuzz-log.csv".into(), MAPPING_LOG)],
                mapping: Mapping::parse(map, Path::new("m.toml")).unwrap(),
                period_from: crate::model::PeriodFrom::DetectedAt,
                by: By::default(),
                values: true,
            };
            compute(&options, &questionnaire().incidents).unwrap()
        };
        let plain = run("");
        assert_eq!(plain.rows, 7);
        let count = |r: &crate::model::IncidentReport, reason: &str| {
            r.quality.iter().find(|q| q.reason == reason).unwrap().rows
        };
        assert_eq!(count(&plain, "duplicate_id"), 1);
        assert_eq!(count(&plain, "implausible_occurred_at"), 2);
        assert_eq!(count(&plain, "implausible_detected_at"), 1);
        let mapped = run(
            "timezone = \"Asia/Tokyo\"\nformats = [\"%d.%m.%Y %H:%M\"]\n[columns]\nid = \"Ticket\"\norg = \"Customer\"\ncategory = \"Type\"\nseverity = \"Prio\"\ndetected_at = \"Opened\"\ndetected_by = \"Source\"\n[values.category]\nPhish = \"phishing\"\n[values.severity]\nP1 = \"critical\"\n[values.detected_by]\nSOC = \"internal\"\n[quality]\nyears = [1900, 9999]\n",
        );
        assert_eq!(mapped.rows, 7);
        assert_eq!(count(&mapped, "implausible_detected_at"), 0);
        assert_eq!(count(&mapped, "unparsable_detected_at"), 1);
    }

    #[test]
    fn the_mapping_and_the_log_split_at_a_line_of_three_dashes() {
        let (m, l) = split_mapping(b"timezone = \"UTC\"\n---\nid,org\n1,a\n");
        assert_eq!(m, b"timezone = \"UTC\"\n");
        assert_eq!(l, b"id,org\n1,a\n");
        let (m, l) = split_mapping(b"id,org\n1,a\n");
        assert!(m.is_empty());
        assert_eq!(l, b"id,org\n1,a\n");
    }
}
