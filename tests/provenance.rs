//! Provenance records and `imcm verify`: every report names its exact inputs
//! (SHA-256 and rows), and `verify` recomputes the figures from them.

mod common;

use common::{example_answers, imcm, root, write};
use std::path::{Path, PathBuf};

const UNIT: [&str; 6] = [
    "--org",
    "Kitsune Logistics",
    "--unit",
    "Head Office",
    "--period",
    "2026-Q3",
];

/// SHA-256 by coreutils' `sha256sum`, independent of imcm's own hashing.
fn sha256sum(path: &Path) -> String {
    let out = std::process::Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum (coreutils) runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

fn example_incidents() -> PathBuf {
    root().join("examples/data/incidents.csv")
}

/// A working folder holding copies of the example inputs, a mapping file and
/// a report written from them (paths relative to the folder, as a user in it
/// would type them).
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(example_answers(), dir.path().join("answers.csv")).unwrap();
        std::fs::copy(example_incidents(), dir.path().join("incidents.csv")).unwrap();
        write(dir.path(), "map.toml", "timezone = \"UTC\"\n");
        let s = Setup { dir };
        s.cmd()
            .args([
                "report",
                "-a",
                "answers.csv",
                "-i",
                "incidents.csv",
                "--map",
                "map.toml",
            ])
            .args(UNIT)
            .args(["--out", "out"])
            .assert()
            .success();
        s
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut c = imcm();
        c.current_dir(self.dir.path());
        c
    }

    fn scores(&self) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(self.path("out/scores.json")).unwrap()).unwrap()
    }

    /// Run `imcm verify out` with extra arguments; (success, stdout, stderr).
    fn verify(&self, extra: &[&str]) -> (bool, String, String) {
        let out = self
            .cmd()
            .args(["verify", "out"])
            .args(extra)
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
}

#[test]
fn scores_json_records_the_version_questionnaire_and_each_input_with_hash_and_rows() {
    let s = Setup::new();
    let p = &s.scores()["provenance"];
    assert_eq!(p["imcm_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(p["questionnaire"]["id"], "imcm-v0.1");
    assert_eq!(p["questionnaire"]["source"], "built-in:imcm-v0.1");
    let toml = write(
        s.dir.path(),
        "q.toml",
        &std::fs::read_to_string(root().join("questionnaires/imcm-v0.1.toml")).unwrap(),
    );
    assert_eq!(p["questionnaire"]["sha256"], sha256sum(&toml));
    assert_eq!(p["incident_period_from"], "detected_at");

    let inputs = p["inputs"].as_array().unwrap();
    let roles: Vec<&str> = inputs.iter().map(|i| i["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["answers", "incidents", "mapping"]);
    let answers_text = std::fs::read_to_string(s.path("answers.csv")).unwrap();
    // Data rows: every non-blank line after the header (no quoted line breaks here).
    let answer_rows = answers_text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count();
    let log_rows = std::fs::read_to_string(s.path("incidents.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .count();
    for (input, (name, rows)) in inputs.iter().zip([
        ("answers.csv", Some(answer_rows)),
        ("incidents.csv", Some(log_rows)),
        ("map.toml", None),
    ]) {
        assert_eq!(input["path"], name);
        assert_eq!(input["sha256"], sha256sum(&s.path(name)), "{name}");
        assert_eq!(
            input["bytes"],
            std::fs::metadata(s.path(name)).unwrap().len(),
            "{name}"
        );
        assert_eq!(input["rows"].as_u64(), rows.map(|r| r as u64), "{name}");
    }
    assert_eq!(answer_rows, 380);
    assert_eq!(log_rows, 2001);
}

#[test]
fn the_report_shows_the_inputs_their_hashes_and_the_verify_command() {
    let s = Setup::new();
    let html = std::fs::read_to_string(s.path("out/report.html")).unwrap();
    for name in ["answers.csv", "incidents.csv", "map.toml"] {
        assert!(html.contains(&sha256sum(&s.path(name))), "{name}");
    }
    assert!(html.contains("Inputs and provenance"));
    assert!(html.contains(
        "<code>imcm verify DIR --answers answers.csv --incidents incidents.csv --map map.toml</code>"
    ));
}

#[test]
fn verify_confirms_an_untouched_report_from_the_recorded_paths() {
    let s = Setup::new();
    let (ok, stdout, stderr) = s.verify(&[]);
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("verified out/scores.json: "), "{stdout}");
    assert!(
        stdout.contains("input files matching their SHA-256: 3"),
        "{stdout}"
    );
    assert!(stdout.contains("assessments recomputed: 1"), "{stdout}");
    assert!(stdout.contains("scores.csv matches"), "{stdout}");
    // Files moved elsewhere are found by their content.
    std::fs::create_dir(s.path("moved")).unwrap();
    for f in ["answers.csv", "incidents.csv", "map.toml"] {
        std::fs::rename(s.path(f), s.path(&format!("moved/{f}"))).unwrap();
    }
    let (ok, _, stderr) = s.verify(&[]);
    assert!(!ok);
    assert!(
        stderr.contains("input answers.csv (SHA-256 ") && stderr.contains("give it with --answers"),
        "{stderr}"
    );
    let (ok, _, stderr) = s.verify(&[
        "-a",
        "moved/answers.csv",
        "-i",
        "moved/incidents.csv",
        "--map",
        "moved/map.toml",
    ]);
    assert!(ok, "{stderr}");
}

#[test]
fn verify_names_a_changed_input_with_both_hashes() {
    let s = Setup::new();
    let before = sha256sum(&s.path("answers.csv"));
    let text = std::fs::read_to_string(s.path("answers.csv")).unwrap();
    let changed = text.replacen(
        "Kitsune Logistics,Head Office,2026-Q3,1.1.1,partial",
        "Kitsune Logistics,Head Office,2026-Q3,1.1.1,yes",
        1,
    );
    assert_ne!(text, changed, "the example has this answer");
    std::fs::write(s.path("answers.csv"), changed).unwrap();
    let after = sha256sum(&s.path("answers.csv"));
    let (ok, stdout, stderr) = s.verify(&[]);
    assert!(!ok && stdout.is_empty());
    assert!(
        stderr.contains(&format!(
            "answers.csv has changed since the figures were computed: SHA-256 {after}, recorded {before}"
        )),
        "{stderr}"
    );
}

#[test]
fn verify_lists_each_figure_edited_in_scores_json_and_a_changed_scores_csv() {
    let s = Setup::new();
    let mut doc = s.scores();
    let recorded = doc["assessments"][0]["categories"][2]["score"].clone();
    doc["assessments"][0]["categories"][2]["score"] = serde_json::json!(99.5);
    doc["assessments"][0]["overall"]["maturity_level"] = serde_json::json!(4);
    std::fs::write(
        s.path("out/scores.json"),
        serde_json::to_vec_pretty(&doc).unwrap(),
    )
    .unwrap();
    let csv = std::fs::read_to_string(s.path("out/scores.csv")).unwrap();
    let mut lines: Vec<&str> = csv.lines().collect();
    let edited = lines[3].replacen(',', ",X", 1);
    lines[3] = &edited;
    std::fs::write(s.path("out/scores.csv"), lines.join("\n") + "\n").unwrap();

    let (ok, _, stderr) = s.verify(&[]);
    assert!(!ok);
    assert!(
        stderr.contains(&format!(
            "assessments[0].categories[2].score: recorded 99.5, recomputed {recorded}"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("assessments[0].overall.maturity_level: recorded 4, recomputed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("out/scores.csv differs from the recomputed scores from line 4"),
        "{stderr}"
    );
    // The manifest names both files as changed since the run wrote them.
    for f in ["out/scores.json", "out/scores.csv"] {
        assert!(
            stderr.contains(&format!("{f} is not the file this run wrote")),
            "{stderr}"
        );
    }
    assert!(stderr.contains("problems found: 5"), "{stderr}");
}

#[test]
fn verify_refuses_files_that_were_not_inputs_and_a_different_questionnaire() {
    let s = Setup::new();
    let other = write(s.dir.path(), "other.csv", "org,unit,period,metric,status\n");
    let (ok, _, stderr) = s.verify(&["-a", "answers.csv", "other.csv"]);
    assert!(!ok);
    assert!(
        stderr.contains(&format!(
            "other.csv (SHA-256 {}) was not an input of these figures",
            sha256sum(&other)
        )),
        "{stderr}"
    );
    let q = std::fs::read_to_string(root().join("questionnaires/imcm-v0.1.toml")).unwrap();
    write(
        s.dir.path(),
        "q.toml",
        &format!("{q}\n# a comment changes the hash\n"),
    );
    let (ok, _, stderr) = s.verify(&["-q", "q.toml"]);
    assert!(!ok);
    assert!(
        stderr.contains("questionnaire q.toml has SHA-256 "),
        "{stderr}"
    );
}

#[test]
fn verify_explains_what_it_needs_when_the_folder_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = imcm()
        .arg("verify")
        .arg(dir.path())
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no scores.json here"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn the_demo_verifies_against_the_data_built_into_imcm() {
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .args(["demo", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let out = imcm().arg("verify").arg(dir.path()).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("scores.json")).unwrap()).unwrap();
    assert_eq!(
        doc["provenance"]["inputs"][0]["path"],
        "built-in:examples/data/answers.csv"
    );
    assert_eq!(
        doc["provenance"]["inputs"][0]["sha256"],
        sha256sum(&example_answers())
    );
}

#[test]
fn score_json_carries_provenance_and_verifies_as_a_file() {
    let s = Setup::new();
    s.cmd()
        .args([
            "score",
            "-a",
            "answers.csv",
            "--format",
            "json",
            "-o",
            "all.json",
        ])
        .assert()
        .success();
    let out = s.cmd().args(["verify", "all.json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("assessments recomputed: 8"), "{stdout}");
}
