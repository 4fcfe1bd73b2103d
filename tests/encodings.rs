//! Answers saved by Excel and other tools: the same answers in UTF-8, UTF-8
//! with BOM, UTF-16 LE/BE, Shift_JIS (CP932) and an XLSX workbook score
//! byte-identically.

mod common;

use common::{example_answers, imcm};

/// The example answers with a Japanese unit name, so the encodings matter
/// for the keys too, with Windows line ends as Excel writes them. The one
/// character CP932 cannot hold (an en dash) becomes a hyphen, as Excel would
/// have to change it when saving as Shift_JIS.
fn answers_text() -> String {
    std::fs::read_to_string(example_answers())
        .unwrap()
        .replace("Osaka DC", "大阪センター")
        .replace('–', "-")
        .replace('\n', "\r\n")
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

fn score_csv(path: &std::path::Path, extra: &[&str]) -> Vec<u8> {
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(path)
        .args(["--format", "csv"])
        .args(extra)
        .assert()
        .success();
    out.get_output().stdout.clone()
}

#[test]
fn the_same_answers_in_every_encoding_score_identically() {
    let text = answers_text();
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable, "the example answers fit in CP932");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let variants: [(&str, Vec<u8>); 5] = [
        ("utf8.csv", text.as_bytes().to_vec()),
        ("utf8-bom.csv", bom),
        ("utf16le.csv", utf16(&text, false)),
        ("utf16be.csv", utf16(&text, true)),
        ("cp932.csv", sjis.into_owned()),
    ];
    let mut outputs = Vec::new();
    for (name, bytes) in &variants {
        let path = common::write_bytes(dir.path(), name, bytes);
        outputs.push((*name, score_csv(&path, &[])));
    }
    // The same rows in a workbook, as Excel would hold them.
    let xlsx = dir.path().join("answers.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    wb.save(&xlsx).unwrap();
    outputs.push(("answers.xlsx", score_csv(&xlsx, &[])));
    let reference = &outputs[0].1;
    let reference_text = String::from_utf8(reference.clone()).unwrap();
    assert!(reference_text.contains("Kitsune Logistics,大阪センター,2026-Q3,overall,"));
    // Per assessment: overall, 4 categories, 17 subcategories, 48 metrics.
    assert_eq!(reference_text.lines().count(), 1 + 8 * (1 + 4 + 17 + 48));
    for (name, out) in &outputs[1..] {
        assert!(out == reference, "{name} scores differently from UTF-8");
    }
}

#[test]
fn a_shift_jis_file_is_read_as_shift_jis_even_when_forced() {
    let text = answers_text();
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let dir = tempfile::tempdir().unwrap();
    let path = common::write_bytes(dir.path(), "cp932.csv", &sjis);
    let detected = score_csv(&path, &[]);
    assert_eq!(detected, score_csv(&path, &["--encoding", "cp932"]));
    // Forcing UTF-8 on it fails on the line of the first Japanese character.
    let line = 1 + text.lines().position(|l| !l.is_ascii()).unwrap();
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(&path)
        .args(["--encoding", "utf-8"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(format!(
            "cp932.csv:{line}: the file is not valid UTF-8"
        )));
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(&path)
        .args(["--encoding", "latin-1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown encoding 'latin-1'"));
}

fn kpi_csv(path: &std::path::Path, extra: &[&str]) -> Vec<u8> {
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(path)
        .args(["--format", "csv"])
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

#[test]
fn incident_logs_in_every_encoding_give_the_same_kpis() {
    let text = std::fs::read_to_string(common::root().join("examples/data/incidents.csv"))
        .unwrap()
        .replace("Osaka DC", "大阪センター")
        .replace('\n', "\r\n");
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let plain = common::write_bytes(dir.path(), "utf8.csv", text.as_bytes());
    let reference = kpi_csv(&plain, &[]);
    assert!(
        String::from_utf8_lossy(&reference)
            .contains("Kitsune Logistics,大阪センター,2026-Q3,,,incidents,"),
        "the Japanese unit is a group of its own"
    );
    for (name, bytes) in [
        ("bom.csv", bom),
        ("utf16le.csv", utf16(&text, false)),
        ("utf16be.csv", utf16(&text, true)),
        ("cp932.csv", sjis.to_vec()),
    ] {
        let path = common::write_bytes(dir.path(), name, &bytes);
        assert!(kpi_csv(&path, &[]) == reference, "{name} gives other KPIs");
    }
    // The encoding can also be named in a mapping file.
    let cp932 = dir.path().join("cp932.csv");
    let map = common::write(dir.path(), "map.toml", "encoding = \"cp932\"\n");
    let mapped = kpi_csv(&cp932, &["--map", map.to_str().unwrap()]);
    assert!(mapped == reference);
}

#[test]
fn a_log_that_is_no_known_encoding_fails_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    // Line 3 holds a UTF-8 lead byte followed by ASCII: neither UTF-8 nor CP932.
    let mut bytes = b"id,org,unit,detected_at\n1,Acme,HQ,2026-01-05T10:00:00\n2,Acme,".to_vec();
    bytes.extend_from_slice(&[0xEF, 0x41]);
    bytes.extend_from_slice(b",2026-01-06T10:00:00\n");
    let path = common::write_bytes(dir.path(), "log.csv", &bytes);
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("log.csv: line 3: the file is not valid UTF-8 or Shift_JIS (CP932): bad byte sequence 0xEF 0x41"));
}

#[test]
fn a_log_whose_first_non_ascii_byte_is_far_into_the_file_is_still_decoded() {
    // Japanese unit names only from row 1,500 on, well past the first 64 KiB.
    let original =
        std::fs::read_to_string(common::root().join("examples/data/incidents.csv")).unwrap();
    let text: String = original
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i >= 1500 {
                l.replace("Osaka DC", "大阪センター")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let first_japanese = text.find("大阪").unwrap();
    assert!(first_japanese > 64 * 1024, "{first_japanese}");
    let dir = tempfile::tempdir().unwrap();
    let utf8 = common::write_bytes(dir.path(), "utf8.csv", text.as_bytes());
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let cp932 = common::write_bytes(dir.path(), "cp932.csv", &sjis);
    assert!(kpi_csv(&cp932, &[]) == kpi_csv(&utf8, &[]));
    // A broken byte that far in is reported with its line, also when UTF-8 is named.
    let mut broken = text.as_bytes()[..first_japanese].to_vec();
    let line = 1 + broken.iter().filter(|&&b| b == b'\n').count();
    broken.extend_from_slice(b"\xFF\xFE,x\n");
    let broken = common::write_bytes(dir.path(), "broken.csv", &broken);
    let map = common::write(dir.path(), "utf8.toml", "encoding = \"utf-8\"\n");
    for extra in [&[][..], &["--map", map.to_str().unwrap()][..]] {
        imcm()
            .arg("kpi")
            .arg("--incidents")
            .arg(&broken)
            .args(extra)
            .assert()
            .code(1)
            .stderr(predicates::str::contains(format!(
                "broken.csv: line {line}:"
            )));
    }
}
