//! Issue 11, tables: hostile answer workbooks (a far cell, a part that
//! expands to gigabytes, a part longer than it says), value maps of ten
//! thousand entries, mapping files with a place for each error, and
//! timestamps in implausible years. Tests about memory run the binary under
//! an address-space ceiling (`imcm_bounded`) and assert a clean refusal or a
//! bounded success, never a crash.

mod common;

use common::{imcm, imcm_bounded, root, write};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- workbooks

/// The 48 answer rows of Kitsune Logistics / Head Office / 2026-Q3 from the
/// example answers, header first.
fn example_rows() -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(common::example_answers()).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut rows = vec![header];
    for r in reader.records() {
        let r = r.unwrap();
        if &r[1] == "Head Office" && &r[2] == "2026-Q3" {
            rows.push(r.iter().map(String::from).collect());
        }
    }
    assert_eq!(rows.len(), 49);
    rows
}

/// A filled answer workbook (one sheet "Answers", the example's 48 rows),
/// with `extra` string cells at (0-based row, 0-based column).
fn workbook(extra: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Answers").unwrap();
    for (i, row) in example_rows().iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(i as u32, j as u16, cell).unwrap();
            }
        }
    }
    for &(r, c, text) in extra {
        sheet.write_string(r, c, text).unwrap();
    }
    book.save_to_buffer().unwrap()
}

fn validate(dir: &Path, name: &str, bytes: &[u8], args: &[&str]) -> (Option<i32>, String, String) {
    let file = common::write_bytes(dir, name, bytes);
    let out = imcm_bounded(1024)
        .args(args)
        .arg("validate")
        .arg("--answers")
        .arg(&file)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// One entry of a hand-built zip archive.
struct Entry {
    name: String,
    /// 0 stored, 8 deflated.
    method: u16,
    data: Vec<u8>,
    crc: u32,
    /// The decompressed size the archive directory declares.
    size: u32,
}

/// A zip archive of `entries`, written by hand so that the declared sizes
/// can be anything.
fn zip_archive(entries: &[Entry]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    let u16le = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let u32le = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for e in entries {
        let offset = out.len() as u32;
        let common = |v: &mut Vec<u8>| {
            u16le(v, 20); // version needed
            u16le(v, 0); // flags
            u16le(v, e.method);
            u16le(v, 0); // time
            u16le(v, 0x21); // date: 1980-01-01
            u32le(v, e.crc);
            u32le(v, e.data.len() as u32);
            u32le(v, e.size);
            u16le(v, e.name.len() as u16);
            u16le(v, 0); // extra field length
        };
        u32le(&mut out, 0x0403_4b50);
        common(&mut out);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, 20); // version made by
        common(&mut central);
        u16le(&mut central, 0); // comment length
        u16le(&mut central, 0); // disk number
        u16le(&mut central, 0); // internal attributes
        u32le(&mut central, 0); // external attributes
        u32le(&mut central, offset);
        central.extend_from_slice(e.name.as_bytes());
    }
    let (cd_offset, cd_size) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}

/// Every part of `xlsx`, decompressed and stored, with its true CRC and size.
fn stored_parts(xlsx: &[u8]) -> Vec<Entry> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            let mut crc = flate2::Crc::new();
            crc.update(&data);
            Entry {
                name: f.name().unwrap().into_owned(),
                method: 0,
                size: data.len() as u32,
                crc: crc.sum(),
                data,
            }
        })
        .collect()
}

/// A deflate stream (one block of fixed Huffman codes) that expands to
/// `prefix` followed by `1 + 258 × runs` bytes `x`: each run is one
/// back-reference of 13 bits, so a 2 GiB part takes 13 MB, built in a blink.
fn deflate_bomb(prefix: &[u8], runs: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, len: u32) {
            self.acc |= value << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            let reversed =
                (0..len).fold(0u64, |r, i| r | u64::from((code >> i) & 1) << (len - 1 - i));
            self.put(reversed, len);
        }
        fn literal(&mut self, b: u8) {
            if b < 144 {
                self.code(0x30 + u32::from(b), 8);
            } else {
                self.code(0x190 + u32::from(b - 144), 9);
            }
        }
    }
    let mut bits = Bits {
        out: Vec::with_capacity((runs * 13 / 8) as usize + prefix.len() + 16),
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    for &b in prefix {
        bits.literal(b);
    }
    bits.literal(b'x');
    for _ in 0..runs {
        bits.code(0xC0 + 5, 8); // length 258 (symbol 285)
        bits.code(0, 5); // distance 1
    }
    bits.code(0, 7); // end of block (symbol 256)
    if bits.n > 0 {
        bits.out.push(bits.acc as u8);
    }
    bits.out
}

const SST_PREFIX: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>";

/// The filled workbook with its shared strings replaced by a part that
/// expands to `runs` × 258 bytes and declares `declared` bytes.
fn workbook_with_shared_strings(runs: u64, declared: u32) -> Vec<u8> {
    let mut parts = stored_parts(&workbook(&[]));
    let sst = parts
        .iter_mut()
        .find(|p| p.name == "xl/sharedStrings.xml")
        .expect("rust_xlsxwriter writes shared strings");
    sst.method = 8;
    sst.data = deflate_bomb(SST_PREFIX, runs);
    sst.crc = 0;
    sst.size = declared;
    zip_archive(&parts)
}

#[test]
fn the_filled_workbook_built_here_validates() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = validate(dir.path(), "a.xlsx", &workbook(&[]), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("48 answer rows"), "{stdout}");
    // Re-stored part by part, it still is a workbook.
    let restored = zip_archive(&stored_parts(&workbook(&[])));
    let (code, _, stderr) = validate(dir.path(), "b.xlsx", &restored, &[]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_filled_workbook_with_one_more_cell_at_xfd1048576_no_longer_aborts() {
    // Before: `memory allocation of 549755813888 bytes failed`, exit 134.
    // The cell is on a row of its own, which is not an answer: the run ends
    // with that row's place, in a few megabytes.
    let dir = tempfile::tempdir().unwrap();
    let bytes = workbook(&[(1_048_575, 16_383, "x")]);
    let (code, _, stderr) = validate(dir.path(), "a.xlsx", &bytes, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("a.xlsx: sheet 'Answers', row 1048576, column D ('metric')"),
        "{stderr}"
    );
    assert!(!stderr.contains("memory allocation"), "{stderr}");
}

#[test]
fn a_far_cell_typed_on_an_answer_row_by_accident_is_simply_read() {
    // XFD2 and SF2 are on the first answer row: beyond the header's columns,
    // they are ignored like any extra column, in bounded memory.
    let dir = tempfile::tempdir().unwrap();
    let bytes = workbook(&[(1, 16_383, "oops"), (1, 499, "note")]);
    let (code, stdout, stderr) = validate(dir.path(), "a.xlsx", &bytes, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("48 answer rows"), "{stdout}");
}

#[test]
fn a_cell_at_row_200000_column_500_costs_only_its_row() {
    // Before: a dense range of 200,000 × 500 cells, 6.3 GB peak.
    let dir = tempfile::tempdir().unwrap();
    let bytes = workbook(&[(199_999, 499, "x")]);
    let (code, _, stderr) = validate(dir.path(), "a.xlsx", &bytes, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "a.xlsx: sheet 'Answers', row 200000, column A ('org'): the organisation is empty"
        ),
        "{stderr}"
    );
}

#[test]
fn empty_cells_far_away_are_ignored() {
    // A formatted blank cell and an empty string at XFD1048576 hold nothing.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Answers").unwrap();
    for (i, row) in example_rows().iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            sheet.write_string(i as u32, j as u16, cell).unwrap();
        }
    }
    let bold = rust_xlsxwriter::Format::new().set_bold();
    sheet.write_blank(1_048_575, 16_383, &bold).unwrap();
    sheet.write_string(1_048_574, 16_383, "").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) =
        validate(dir.path(), "a.xlsx", &book.save_to_buffer().unwrap(), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("48 answer rows"), "{stdout}");
}

#[test]
fn a_sheet_over_the_cell_limit_is_refused_naming_the_sheet_and_the_limit() {
    // 1,300 rows with a value in column XFD: 1,300 × 16,384 = 21.3 million
    // cells to hold, over the default 20 million.
    let extra: Vec<(u32, u16, &str)> = (100..1_400).map(|r| (r, 16_383, "x")).collect();
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = validate(dir.path(), "wide.xlsx", &workbook(&extra), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("wide.xlsx: sheet 'Answers': the sheet would hold too many cells"),
        "{stderr}"
    );
    assert!(
        stderr.contains("is over the limit xlsx-cells (20000000)")
            && stderr.contains("--limit xlsx-cells=VALUE"),
        "{stderr}"
    );
    assert!(!stderr.contains("no sheet"), "{stderr}");

    // The limit is the user's to move: lowered, the plain workbook (48 rows
    // of 9 columns and the header) is refused too.
    let (code, _, stderr) = validate(
        dir.path(),
        "small.xlsx",
        &workbook(&[]),
        &["--limit", "xlsx-cells=100"],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("over the limit xlsx-cells (100)"),
        "{stderr}"
    );
}

#[test]
fn shared_strings_that_expand_to_2_gib_are_refused_before_anything_is_read() {
    // Before: a 1.9 MB workbook whose shared strings expand to 2 GB was read
    // whole (5.9 GB peak, here 6.9 GB and 11 minutes) and accepted.
    let runs = (2u64 << 30) / 258;
    let declared = (SST_PREFIX.len() as u64 + 1 + runs * 258) as u32;
    let bytes = workbook_with_shared_strings(runs, declared);
    assert!(bytes.len() < 15 << 20, "{}", bytes.len());
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = validate(dir.path(), "bomb.xlsx", &bytes, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("bomb.xlsx: part 'xl/sharedStrings.xml' of the workbook expands to more than it may: 2048.0 MiB is over the limit xlsx-part-bytes (512 MiB)"),
        "{stderr}"
    );
}

#[test]
fn a_part_that_expands_past_its_declared_size_is_stopped_at_that_size() {
    // The directory says 1 MiB; the data expands to 200 MiB. The zip reader
    // stops at the declared size, so the lie costs one megabyte.
    let runs = (200u64 << 20) / 258;
    let bytes = workbook_with_shared_strings(runs, 1 << 20);
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = validate(dir.path(), "liar.xlsx", &bytes, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("liar.xlsx: cannot open the workbook")
            && stderr.contains("larger than its declared uncompressed size"),
        "{stderr}"
    );
}

#[test]
fn three_thousand_sheets_naming_one_part_are_not_read_three_thousand_times() {
    // Before: each sheet read the part again (a 20 KB file gave 144,000
    // duplicate-answer problems and 12 s); the first few are read, then
    // the workbook is refused as a whole.
    let mut parts = stored_parts(&workbook(&[]));
    let book = parts
        .iter_mut()
        .find(|p| p.name == "xl/workbook.xml")
        .unwrap();
    let xml = String::from_utf8(book.data.clone()).unwrap();
    let (head, rest) = xml.split_once("<sheets>").unwrap();
    let (_, tail) = rest.split_once("</sheets>").unwrap();
    let id = rest
        .split_once("r:id=\"")
        .unwrap()
        .1
        .split_once('"')
        .unwrap()
        .0;
    let sheets: String = (0..3000)
        .map(|i| format!("<sheet name=\"S{i}\" sheetId=\"{}\" r:id=\"{id}\"/>", i + 1))
        .collect();
    book.data = format!("{head}<sheets>{sheets}</sheets>{tail}").into_bytes();
    let mut crc = flate2::Crc::new();
    crc.update(&book.data);
    (book.crc, book.size) = (crc.sum(), book.data.len() as u32);
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = validate(dir.path(), "many.xlsx", &zip_archive(&parts), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: 1 problem in the answers:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("more than 4 times over: several of its sheets name the same part"),
        "{stderr}"
    );
}

#[test]
fn parts_that_together_expand_past_the_archive_limit_are_refused() {
    // Seventeen pictures of 500 MiB each: every one under xlsx-part-bytes,
    // together 8.3 GiB, over archive-total-bytes (8 GiB). Only the directory
    // is read.
    let mut parts = stored_parts(&workbook(&[]));
    for i in 0..17 {
        parts.push(Entry {
            name: format!("xl/media/image{i}.png"),
            method: 0,
            data: Vec::new(),
            crc: 0,
            size: 500 << 20,
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = validate(dir.path(), "pictures.xlsx", &zip_archive(&parts), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("pictures.xlsx: the parts of the workbook together expand to more than they may: 8500.0 MiB is over the limit archive-total-bytes (8 GiB)"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------- value maps

fn example_log() -> PathBuf {
    root().join("examples/data/incidents.csv")
}

/// `kpi --format csv` rows as (org, unit, period, category, severity, kpi, value, n).
fn kpi_rows(stdout: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(stdout.to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "org,unit,period,category,severity,kpi,value,n"
    );
    lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

/// Incidents per (org, unit, period) of one category.
fn incidents_of(rows: &[Vec<String>], category: &str) -> Vec<(String, String, String, String)> {
    rows.iter()
        .filter(|r| r[3] == category && r[4].is_empty() && r[5] == "incidents")
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone(), r[6].clone()))
        .collect()
}

#[test]
fn a_value_map_of_ten_thousand_entries_runs_in_bounded_memory() {
    // Before: one nested when/then per entry; 2,000 entries peaked at 4.8 GB
    // on this log and 10,000 were killed by the OOM killer at 24 GB.
    let dir = tempfile::tempdir().unwrap();
    let mut map = String::from("[values.category]\n");
    for i in 0..10_000 {
        map.push_str(&format!("\"Type {i:05}\" = \"other\"\n"));
    }
    map.push_str("\"Phishing\" = \"dos\"\n");
    let map = write(dir.path(), "map.toml", &map);
    let mapped = imcm_bounded(1024)
        .arg("kpi")
        .arg("--incidents")
        .arg(example_log())
        .arg("--map")
        .arg(&map)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        mapped.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&mapped.stderr)
    );
    let plain = imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(example_log())
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let (mapped, plain) = (kpi_rows(&mapped.stdout), kpi_rows(&plain.stdout));
    // Phishing is gone; each quarter's denial-of-service count is the sum of
    // its phishing and dos counts without the map.
    assert!(incidents_of(&mapped, "phishing").is_empty());
    let count = |rows: &[Vec<String>], key: &(String, String, String), cat: &str| {
        incidents_of(rows, cat)
            .into_iter()
            .find(|(o, u, p, _)| (o, u, p) == (&key.0, &key.1, &key.2))
            .map_or(0, |(_, _, _, n)| n.parse::<u64>().unwrap())
    };
    let keys: Vec<(String, String, String)> = incidents_of(&plain, "phishing")
        .into_iter()
        .map(|(o, u, p, _)| (o, u, p))
        .collect();
    assert!(keys.len() >= 8, "{keys:?}");
    for key in &keys {
        assert_eq!(
            count(&mapped, key, "dos"),
            count(&plain, key, "dos") + count(&plain, key, "phishing"),
            "{key:?}"
        );
    }
}

#[test]
fn value_map_keys_match_trimmed_and_case_insensitively_first_key_winning() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "log.csv",
        "id,org,category,severity,detected_at,detected_by\n\
         1,Acme,Phish,low,2026-01-05T10:00:00Z, soc \n\
         2,Acme,phish,low,2026-01-06T10:00:00Z,SOC\n\
         3,Acme,PHISH ,low,2026-01-07T10:00:00Z,Customer\n\
         4,Acme,phish,low,2026-01-07T11:00:00Z,Soc\n\
         5,Acme,phish,low,2026-01-07T12:00:00Z,soc\n\
         6,Acme,phish,low,2026-01-07T13:00:00Z,customer\n\
         7,Acme,malware,low,2026-01-08T10:00:00Z,mail\n",
    );
    // " SOC " sorts before "soc": it wins, so every spelling of soc reads
    // as internal.
    let map = write(
        dir.path(),
        "map.toml",
        "[values.category]\nphish = \"Phishing\"\n[values.detected_by]\n\" SOC \" = \"internal\"\nsoc = \"external\"\ncustomer = \"EXTERNAL\"\n",
    );
    let out = imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .arg("--map")
        .arg(&map)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = kpi_rows(&out.stdout);
    let get = |cat: &str, kpi: &str| {
        rows.iter()
            .find(|r| r[3] == cat && r[4].is_empty() && r[5] == kpi)
            .map(|r| (r[6].clone(), r[7].clone()))
            .unwrap_or_else(|| panic!("{cat} {kpi}: {rows:?}"))
    };
    assert_eq!(get("phishing", "incidents"), ("6".into(), "6".into()));
    // Four soc (internal) and two customer (external) among phishing.
    let (share, n) = get("phishing", "internal_detection_share");
    assert_eq!(n, "6");
    assert!(
        (share.parse::<f64>().unwrap() - 4.0 / 6.0).abs() < 1e-3,
        "{share}"
    );
    // "mail" is not mapped and not a known source: counted as such.
    let q = imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .arg("--map")
        .arg(&map)
        .args(["--quality", "--format", "csv"])
        .output()
        .unwrap();
    let q = String::from_utf8(q.stdout).unwrap();
    assert!(
        q.lines().any(|l| l == "unknown_detected_by,1,7,mail,1"),
        "{q}"
    );
}

// ---------------------------------------------------------------- mapping files

fn kpi_with_map(map: &Path) -> (Option<i32>, String) {
    let out = imcm_bounded(1024)
        .arg("kpi")
        .arg("--incidents")
        .arg(example_log())
        .arg("--map")
        .arg(map)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bad_time_zone_names_the_mapping_file_its_line_and_key() {
    // Before: `incident processing failed: time zone 'Asia/Tokio': …` with
    // no file, and polars' advice to switch validation off.
    let dir = tempfile::tempdir().unwrap();
    let map = write(
        dir.path(),
        "tickets.toml",
        "# exported from the ticket system\nencoding = \"utf-8\"\n  timezone = \"Asia/Tokio\"\n[columns]\nid = \"id\"\n",
    );
    let (code, stderr) = kpi_with_map(&map);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("tickets.toml: line 3: timezone 'Asia/Tokio' is not an IANA time zone (did you mean 'Asia/Tokyo'?)"),
        "{stderr}"
    );
    assert!(!stderr.contains("POLARS_IGNORE"), "{stderr}");
}

#[test]
fn a_mapping_file_that_is_a_pipe_or_too_large_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("map.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (code, stderr) = kpi_with_map(&fifo);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("map.toml") && stderr.contains("not a regular file"),
        "{stderr}"
    );

    let big = dir.path().join("big.toml");
    std::fs::write(&big, vec![b'#'; (16 << 20) + 1]).unwrap();
    let (code, stderr) = kpi_with_map(&big);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("big.toml") && stderr.contains("over the limit config-file-bytes (16 MiB)"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------- plausible years

/// Ten sound incidents (detected 2026-01-10, occurred 1 to 9 days before)
/// and three with years 0, 1900 and 9999.
fn years_log(dir: &Path) -> PathBuf {
    let mut log = String::from(
        "id,org,unit,category,severity,occurred_at,detected_at,reported_at,contained_at,resolved_at,detected_by,lessons_learned\n",
    );
    for i in 0..10 {
        let day = 1 + i % 9;
        log.push_str(&format!(
            "ok{i},Acme,,phishing,low,2026-01-0{day}T00:00:00Z,2026-01-10T00:00:00Z,2026-01-10T01:00:00Z,2026-01-10T02:00:00Z,2026-01-11T00:00:00Z,internal,true\n"
        ));
    }
    log.push_str("y0,Acme,,phishing,low,0000-01-01T00:00:00Z,2026-01-10T00:00:00Z,,,,internal,\n");
    log.push_str("y1900,Acme,,phishing,low,1900-01-01 00:00,2026-01-10T00:00:00Z,,,,internal,\n");
    log.push_str(
        "y9999,Acme,,phishing,low,2026-01-01T00:00:00Z,9999-12-01T00:00:00Z,,,,internal,\n",
    );
    write(dir, "log.csv", &log)
}

fn kpi_csv(log: &Path, map: Option<&Path>, quality: bool) -> String {
    let mut cmd = imcm();
    cmd.arg("kpi").arg("--incidents").arg(log);
    if let Some(m) = map {
        cmd.arg("--map").arg(m);
    }
    if quality {
        cmd.arg("--quality");
    }
    let out = cmd.args(["--format", "csv"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn kpi_value(csv: &str, period: &str, kpi: &str) -> Option<(String, String)> {
    kpi_rows(csv.as_bytes())
        .into_iter()
        .find(|r| r[2] == period && r[3].is_empty() && r[4].is_empty() && r[5] == kpi)
        .map(|r| (r[6].clone(), r[7].clone()))
}

#[test]
fn years_0_1900_and_9999_are_counted_as_implausible_and_kept_out_of_the_kpis() {
    // Before: time to detect p90 994,270 h here (1,043,143 h in the issue's
    // log) and a quarter 9999-Q4.
    let dir = tempfile::tempdir().unwrap();
    let log = years_log(dir.path());
    let kpis = kpi_csv(&log, None, false);
    assert!(!kpis.contains("9999"), "{kpis}");
    let pair = |v: &str, n: &str| Some((v.to_string(), n.to_string()));
    // y0 and y1900 are detected in 2026-Q1 and counted; y9999 has no quarter.
    assert_eq!(kpi_value(&kpis, "2026-Q1", "incidents"), pair("12", "12"));
    // Hours to detect of the ten sound rows: 216, 192, 168, 144, 120, 96,
    // 72, 48, 24, 216 → sorted 24 … 216, 216; median (120 + 144) / 2 = 132;
    // p90 at rank 0.9 × 9 = 8.1 → 216 + 0.1 × (216 − 216) = 216.
    assert_eq!(
        kpi_value(&kpis, "2026-Q1", "time_to_detect_median_h"),
        pair("132", "10")
    );
    assert_eq!(
        kpi_value(&kpis, "2026-Q1", "time_to_detect_p90_h"),
        pair("216", "10")
    );
    let quality = kpi_csv(&log, None, true);
    for line in [
        "rows_read,13,,,",
        "rows_counted,12,,,",
        "missing_period,1,y9999,9999-12-01T00:00:00Z,1",
        "unparsable_occurred_at,0,,,",
        "unparsable_detected_at,0,,,",
        "implausible_occurred_at,2,y0;y1900,0000-01-01T00:00:00Z;1900-01-01 00:00,1;1",
        "implausible_detected_at,1,y9999,9999-12-01T00:00:00Z,1",
        "implausible_resolved_at,0,,,",
    ] {
        assert!(quality.lines().any(|l| l == line), "{line}\n{quality}");
    }
}

#[test]
fn the_plausible_years_are_set_in_the_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let log = years_log(dir.path());
    let map = write(dir.path(), "map.toml", "[quality]\nyears = [1900, 9999]\n");
    let kpis = kpi_csv(&log, Some(&map), false);
    // y1900 now counts: 1900-01-01 → 2026-01-10 is 46,030 days, 1,104,720 h.
    // Eleven values 24 … 216, 216, 1104720: median the 6th, 144; p90 at
    // rank 9 → the 10th, 216.
    let pair = |v: &str, n: &str| Some((v.to_string(), n.to_string()));
    assert_eq!(
        kpi_value(&kpis, "2026-Q1", "time_to_detect_median_h"),
        pair("144", "11")
    );
    assert_eq!(
        kpi_value(&kpis, "2026-Q1", "time_to_detect_p90_h"),
        pair("216", "11")
    );
    assert_eq!(kpi_value(&kpis, "9999-Q4", "incidents"), pair("1", "1"));
    let quality = kpi_csv(&log, Some(&map), true);
    assert!(
        quality
            .lines()
            .any(|l| l == "implausible_occurred_at,1,y0,0000-01-01T00:00:00Z,1"),
        "{quality}"
    );

    let reversed = write(
        dir.path(),
        "reversed.toml",
        "# window\n[quality]\n\nyears = [2100, 1990]\n",
    );
    let (code, stderr) = kpi_with_map(&reversed);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("reversed.toml: line 4: [quality] years = [2100, 1990]: the first year must not be after the second"),
        "{stderr}"
    );
    let unknown = write(
        dir.path(),
        "unknown.toml",
        "[quality]\nyear = [1990, 2100]\n",
    );
    let (code, stderr) = kpi_with_map(&unknown);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("unknown.toml") && stderr.contains("unknown field `year`"),
        "{stderr}"
    );
}
