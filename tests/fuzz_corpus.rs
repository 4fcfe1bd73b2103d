//! Every input the fuzzers kept (`fuzz/corpus/TARGET`) and every crash they
//! found (`fuzz/artifacts/TARGET`, each fixed since) runs again here through
//! the same entry points as the fuzz targets (`imcm::fuzzing`), so a fixed
//! crash stays fixed. See docs/fuzzing.md for running the fuzzers themselves.

mod common;

use std::path::PathBuf;

fn root_file(path: &str) -> PathBuf {
    common::root().join(path)
}

fn inputs(target: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["corpus", "artifacts"] {
        let d = common::root().join("fuzz").join(dir).join(target);
        if let Ok(entries) = std::fs::read_dir(&d) {
            files.extend(entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()));
        }
    }
    files.sort();
    files
}

/// Run `f` on every kept input of `target`, on both cores; the count is
/// returned so that an emptied corpus fails the test.
fn replay(target: &str, f: fn(&[u8])) -> usize {
    let files = inputs(target);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let data = std::fs::read(path).unwrap();
                    // A panic here names the input that caused it.
                    let r = std::panic::catch_unwind(|| f(&data));
                    assert!(r.is_ok(), "{} panics", path.display());
                }
            });
        }
    });
    files.len()
}

#[test]
fn the_answers_corpus_and_crashes_replay_without_panic() {
    assert!(replay("answers", imcm::fuzzing::answers) >= 10);
}

#[test]
fn the_questionnaire_corpus_and_crashes_replay_without_panic() {
    assert!(replay("questionnaire", imcm::fuzzing::questionnaire_toml) >= 10);
}

#[test]
fn the_incident_log_corpus_and_crashes_replay_without_panic() {
    assert!(replay("incident_log", imcm::fuzzing::incident_log) >= 10);
}

#[test]
fn the_veris_corpus_and_crashes_replay_without_panic() {
    assert!(replay("veris", imcm::fuzzing::veris) >= 10);
}

#[test]
fn the_xlsx_corpus_replays_without_panic() {
    assert!(replay("xlsx", imcm::fuzzing::xlsx) >= 100);
}

#[test]
fn the_mapping_corpus_replays_without_panic() {
    assert!(replay("mapping", imcm::fuzzing::mapping) >= 20);
}

#[test]
fn the_crashes_found_by_fuzzing_are_now_clear_errors() {
    // The VERIS record with a year that overflowed the date arithmetic is
    // imported with its start left empty.
    let crash = inputs("veris")
        .into_iter()
        .find(|p| p.to_string_lossy().contains("artifacts"))
        .expect("the veris crash input is kept");
    let import = imcm::input::import::veris::import(
        &[("crash.json".into(), std::fs::read(&crash).unwrap())],
        "Acme",
    );
    assert_eq!(import.rows.len(), 1);
    assert_eq!(
        import.rows[0].get("occurred_at").map(String::as_str),
        Some("")
    );

    // The logs that made polars' streaming engine panic (a ragged row; a
    // quote inside an unquoted field, which its chunk splitter and parser
    // count differently) and the workbook whose cell reference overflowed
    // calamine's arithmetic are refused with their place, without a panic.
    let dir = tempfile::tempdir().unwrap();
    for (crash, name, command, expected) in [
        (
            "incident_log/crash-7d03f140ab83d330bc8e0da7b29b8fb056d7b442",
            "log.csv",
            ["kpi", "-i"],
            "log.csv: line 5: this row has 13 fields but the header has 12",
        ),
        (
            "incident_log/crash-e8d508f1216e3fdedcd94d4b235ccc25f71e124c",
            "log.csv",
            ["kpi", "-i"],
            "log.csv: line 6, field 9: a quote inside a field that is not quoted as a whole",
        ),
        (
            "answers/crash-c8f1e1e8c8ef656926da6c448be7c70cf6399403",
            "damaged.xlsx",
            ["validate", "-a"],
            "damaged.xlsx: cannot read sheet 'Respond'",
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::copy(root_file(&format!("fuzz/artifacts/{crash}")), &file).unwrap();
        let out = common::imcm().args(command).arg(&file).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{crash}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(expected), "{crash}: {stderr}");
        assert!(!stderr.contains("panicked"), "{crash}: {stderr}");
    }
}
