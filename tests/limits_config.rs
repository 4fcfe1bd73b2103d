//! Issue 11, questionnaires and the files they name: a file that another
//! file named (`extends`, the questionnaire a `scores.json` records) is read
//! only as a bounded regular file and never quoted; `extends` merging is
//! linear and bounded by `questionnaire-metrics`; every questionnaire error
//! names the file and line the problem is in.

mod common;

use common::{example_answers, imcm, imcm_bounded, write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Run and return (exit code, stderr, time taken).
fn run(cmd: &mut assert_cmd::Command) -> (Option<i32>, String, Duration) {
    let started = Instant::now();
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        started.elapsed(),
    )
}

/// A real `scores.json` of the example answers, with its recorded
/// questionnaire source and first input path replaced.
/// `imcm questionnaire show FILE` in `dir`, which must fail with exit 1;
/// its standard error.
fn show_fails(dir: &Path, file: &str) -> String {
    let (code, err, _) = run(imcm()
        .current_dir(dir)
        .args(["questionnaire", "show", file]));
    assert_eq!(code, Some(1), "{err}");
    err
}

fn scores_naming(dir: &Path, questionnaire: Option<&str>, input: Option<&str>) -> PathBuf {
    let answers = dir.join("a.csv");
    std::fs::copy(example_answers(), &answers).unwrap();
    let out = imcm()
        .current_dir(dir)
        .args(["score", "-a", "a.csv", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    if let Some(q) = questionnaire {
        doc["provenance"]["questionnaire"]["source"] = q.into();
    }
    if let Some(p) = input {
        doc["provenance"]["inputs"][0]["path"] = p.into();
    }
    let path = dir.join("scores.json");
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
    path
}

#[test]
fn a_scores_json_naming_proc_self_environ_as_its_questionnaire_does_not_print_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let scores = scores_naming(dir.path(), Some("/proc/self/environ"), None);
    let secret = "imcm-secret-7f3a9c";
    let (code, err, _) = run(imcm()
        .env("IMCM_TEST_SECRET", secret)
        .arg("verify")
        .arg(&scores));
    assert_eq!(code, Some(1), "{err}");
    assert!(!err.contains(secret), "the environment leaked: {err}");
    assert!(!err.contains("IMCM_TEST_SECRET"), "{err}");
    assert!(
        err.contains("/proc/self/environ, named by ")
            && err.contains("scores.json as the questionnaire of its provenance record")
            && err.contains("is not a valid questionnaire (line 1, column ")
            && err.contains("its content is not shown"),
        "{err}"
    );
}

#[test]
fn a_scores_json_naming_dev_zero_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let scores = scores_naming(dir.path(), Some("/dev/zero"), None);
    let (code, err, _) = run(imcm_bounded(1024).arg("verify").arg(&scores));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("/dev/zero") && err.contains("not a regular file"),
        "{err}"
    );
    // A device given for a recorded input is not hashed forever either.
    let scores = scores_naming(dir.path(), None, None);
    let (code, err, _) = run(imcm_bounded(1024)
        .arg("verify")
        .arg(&scores)
        .args(["--answers", "/dev/zero"]));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("/dev/zero") && err.contains("not a regular file"),
        "{err}"
    );
}

#[test]
fn a_recorded_input_that_is_a_device_is_reported_missing_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let scores = scores_naming(dir.path(), None, Some("/dev/zero"));
    let (code, err, elapsed) = run(imcm_bounded(1024).arg("verify").arg(&scores));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("input /dev/zero") && err.contains("give it with --answers"),
        "{err}"
    );
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
}

#[test]
fn a_questionnaire_extending_a_secret_file_does_not_print_its_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let shadow = write(
        dir.path(),
        "shadow",
        "root:$6$SECRETHASHab12$xyz:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
    );
    write(
        dir.path(),
        "ext.toml",
        &format!(
            "extends = \"{}\"\nid = \"x\"\n",
            shadow.display().to_string().replace('\\', "/")
        ),
    );
    let err = show_fails(dir.path(), "ext.toml");
    assert!(
        !err.contains("SECRETHASH") && !err.contains("root:"),
        "{err}"
    );
    assert!(
        err.contains(
            "shadow, named by ext.toml as `extends`, is not a valid questionnaire (line 1, column "
        ),
        "{err}"
    );
}

#[test]
fn a_base_whose_values_a_type_error_would_quote_is_not_quoted() {
    let dir = tempfile::tempdir().unwrap();
    // Valid TOML: the typed reader would say `invalid type: string
    // "api-token-…", expected …` and quote the value.
    write(
        dir.path(),
        "config.toml",
        "# a tool's settings\n\ntitle = \"api-token-5ecret\"\n",
    );
    write(
        dir.path(),
        "q.toml",
        "extends = \"config.toml\"\nid = \"x\"\n",
    );
    let err = show_fails(dir.path(), "q.toml");
    assert!(!err.contains("5ecret"), "{err}");
    assert!(
        err.contains("config.toml, named by q.toml as `extends`, is not a valid questionnaire (line 3, column 9)"),
        "{err}"
    );
    // Given directly, the same file is the user's own and is quoted.
    let err = show_fails(dir.path(), "config.toml");
    assert!(
        err.contains("config.toml: TOML parse error at line"),
        "{err}"
    );
}

/// A questionnaire extending the built-in one with `n` more metrics, one
/// short entry each (about 150 bytes).
fn extending(dir: &Path, name: &str, n: usize) -> PathBuf {
    let mut text = String::from("extends = \"imcm-v0.1\"\nid = \"big\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "[[metric]]\nid=\"1.1.{}\"\npriority=\"II\"\nquestion={{en=\"Q\",ja=\"Q\"}}\nguidance={{en=\"G\",ja=\"G\"}}\nindicators=[{{kind=\"control\",required=true,text={{en=\"x\",ja=\"x\"}}}}]\n",
            1000 + i
        ));
    }
    write(dir, name, &text)
}

#[test]
fn an_extends_with_a_hundred_thousand_metrics_is_refused_fast_with_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let q = extending(dir.path(), "big.toml", 100_000);
    // Before: 394 s and 2.7 GB (release); parsing it alone takes more than
    // 1 GiB of address space.
    let (code, err, elapsed) = run(imcm_bounded(1024).args(["questionnaire", "show"]).arg(&q));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("big.toml: 100000 is over the limit questionnaire-metrics (10000)")
            && err.contains("--limit questionnaire-metrics=VALUE"),
        "{err}"
    );
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
}

#[test]
fn twenty_thousand_metrics_with_the_limit_raised_load_in_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let q = extending(dir.path(), "big.toml", 20_000);
    // Quadratic merging took 32 s for this in a debug build; it takes 3.
    let (code, err, elapsed) = run(imcm_bounded(2048)
        .args([
            "--limit",
            "questionnaire-metrics=200000",
            "questionnaire",
            "show",
        ])
        .arg(&q));
    assert_eq!(code, Some(0), "{err}");
    assert!(elapsed < Duration::from_secs(25), "{elapsed:?}");
}

#[test]
fn a_report_on_a_questionnaire_at_the_metrics_limit_finishes_in_seconds() {
    let dir = tempfile::tempdir().unwrap();
    // 9,952 new metrics and the built-in 48: exactly the default limit.
    let q = extending(dir.path(), "q.toml", 9_952);
    let template = dir.path().join("t.csv");
    let (code, err, _) = run(imcm()
        .args(["init", "-q"])
        .arg(&q)
        .args(["--org", "Acme", "--period", "2026-Q3", "-o"])
        .arg(&template));
    assert_eq!(code, Some(0), "{err}");
    let mut r = csv::Reader::from_path(&template).unwrap();
    let headers = r.headers().unwrap().clone();
    let status = headers.iter().position(|h| h == "Status").unwrap();
    let mut w = csv::Writer::from_path(dir.path().join("a.csv")).unwrap();
    w.write_record(&headers).unwrap();
    for (i, rec) in r.records().enumerate() {
        let mut rec: Vec<String> = rec.unwrap().iter().map(str::to_string).collect();
        rec[status] = ["yes", "partial", "no", "not_applicable"][i % 4].to_string();
        w.write_record(&rec).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    // Before: 14 s to score and 13 s to report in a debug build (most of it
    // merging, the rest lookups by id per metric); now under 3 s each.
    let (code, err, elapsed) = run(imcm_bounded(2048)
        .current_dir(dir.path())
        .args(["report", "-q", "q.toml", "-a", "a.csv", "--out", "out"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");
    let scores: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/scores.json")).unwrap())
            .unwrap();
    assert_eq!(
        scores["assessments"][0]["overall"]["metrics"].as_u64(),
        Some(10_000)
    );
    // One more metric is refused, naming the file.
    let q = extending(dir.path(), "q2.toml", 9_953);
    let (code, err, _) = run(imcm().args(["questionnaire", "show"]).arg(&q));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("q2.toml: 10001 is over the limit questionnaire-metrics (10000)"),
        "{err}"
    );
}

#[test]
fn a_small_file_of_tiny_tables_is_refused_before_it_is_parsed() {
    let dir = tempfile::tempdir().unwrap();
    // 5 MB of dotted keys took 3 GB to parse.
    let text: String = (0..200_000)
        .map(|i| format!("k{i}.a.b.c.d.e.f.g = 1\n"))
        .collect();
    let q = write(dir.path(), "dots.toml", &text);
    let (code, err, _) = run(imcm_bounded(1024).args(["questionnaire", "show"]).arg(&q));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("dots.toml: 1400000 is over the limit config-tables (300000)"),
        "{err}"
    );
    // The same holds for a target profile.
    let (code, err, _) = run(imcm_bounded(1024)
        .args(["report", "-a"])
        .arg(example_answers())
        .arg("--target")
        .arg(&q)
        .arg("--out")
        .arg(dir.path().join("out")));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("config-tables"), "{err}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_seven_line_questionnaire_error_cites_its_own_line_not_one_of_the_merged_text() {
    let dir = tempfile::tempdir().unwrap();
    // Before: "seven.toml: TOML parse error at line 2432" (a line of the
    // merged text, in a 7-line file).
    write(
        dir.path(),
        "seven.toml",
        "extends = \"imcm-v0.1\"\nid = \"x\"\n\n[[metric]]\nid = \"1.1.9\"\npriority = \"I\"\nindicators = [{kind=\"control\", required=true, text={en=\"x\", ja=\"x\"}}]\n",
    );
    let err = show_fails(dir.path(), "seven.toml");
    assert!(
        err.contains("seven.toml: TOML parse error at line 4, column 1")
            && err.contains("4 | [[metric]]")
            && err.contains("missing field `question`"),
        "{err}"
    );
    assert!(!err.contains("2432"), "{err}");
    // A consistency error names the line of the value.
    write(
        dir.path(),
        "seven.toml",
        "extends = \"imcm-v0.1\"\nid = \"x\"\n\n[[metric]]\nid = \"1.1.1\"\n# stricter\npriority = \"IX\"\n",
    );
    let err = show_fails(dir.path(), "seven.toml");
    assert!(
        err.contains("seven.toml:7: metric 1.1.1: unknown priority 'IX'; use one of: I, II, III"),
        "{err}"
    );
    // A value of the built-in parent that the child made wrong is placed in
    // the parent, and the child named.
    write(
        dir.path(),
        "seven.toml",
        "extends = \"imcm-v0.1\"\nid = \"x\"\n\n[incidents]\ncategories = [\"phishing\", \"other\"]\n",
    );
    let err = show_fails(dir.path(), "seven.toml");
    let shipped =
        std::fs::read_to_string(common::root().join("questionnaires/imcm-v0.1.toml")).unwrap();
    let line = shipped
        .lines()
        .position(|l| l.contains("category = \"malware\""))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "built-in:imcm-v0.1:{line} (extended by seven.toml): metric "
        )) && err.contains("unknown incident category 'malware'"),
        "{err}"
    );
}

#[test]
fn an_error_in_a_base_file_names_the_base_and_its_line_without_its_text() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "extends = \"imcm-v0.1\"\nid = \"base\"\n\n[[metric]]\nid = \"2.1.1\"\npriority = \"P-secret\"\n",
    );
    write(
        dir.path(),
        "child.toml",
        "extends = \"base.toml\"\nid = \"child\"\n",
    );
    let err = show_fails(dir.path(), "child.toml");
    assert!(
        err.contains("base.toml, named by child.toml as `extends`, is not a valid questionnaire (line 6, column 1)"),
        "{err}"
    );
    assert!(!err.contains("P-secret"), "{err}");
    // Checked on its own, the base is the user's file and is quoted.
    let err = show_fails(dir.path(), "base.toml");
    assert!(
        err.contains("base.toml:6: metric 2.1.1: unknown priority 'P-secret'"),
        "{err}"
    );
}

#[test]
fn a_base_or_target_that_is_a_device_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "q.toml",
        "extends = \"/dev/zero\"\nid = \"x\"\n",
    );
    let (code, err, elapsed) =
        run(imcm_bounded(1024)
            .current_dir(dir.path())
            .args(["questionnaire", "show", "q.toml"]));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("/dev/zero") && err.contains("not a regular file"),
        "{err}"
    );
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
    let (code, err, _) = run(imcm_bounded(1024)
        .args(["report", "-a"])
        .arg(example_answers())
        .args(["--target", "/dev/zero", "--out"])
        .arg(dir.path().join("out")));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("/dev/zero") && err.contains("not a regular file"),
        "{err}"
    );
}

#[test]
fn a_target_error_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let t = write(
        dir.path(),
        "target.toml",
        "# agreed with the CISO\ndefault = 3\n\nrecover = 4\n",
    );
    let (code, err, _) = run(imcm()
        .args(["report", "-a"])
        .arg(example_answers())
        .arg("--target")
        .arg(&t)
        .arg("--out")
        .arg(dir.path().join("out")));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("target.toml:4: unknown category 'recover'"),
        "{err}"
    );
}

#[test]
fn an_extended_questionnaire_hashes_as_before() {
    // The SHA-256 recorded for a questionnaire that extends another is that
    // of the merged whole written as TOML; reports made before the merging
    // was rewritten must still verify. The value is the one imcm gave for
    // these files before.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        r#"id = "base"
version = "1"
title = { en = "Base", ja = "基本" }
[[status]]
key = "yes"
treatment = "scored"
points = 1.0
label = { en = "Yes", ja = "はい" }
[[status]]
key = "not_observed"
treatment = "unobserved"
label = { en = "Not observed", ja = "未確認" }
[[priority]]
key = "I"
weight = 3.0
label = { en = "I", ja = "I" }
[[priority]]
key = "II"
weight = 1.0
label = { en = "II", ja = "II" }
[[level]]
level = 1
name = { en = "Initial", ja = "初期" }
any_of = ["yes"]
[[category]]
key = "protect"
id = "1"
name = { en = "Protect", ja = "防護" }
[[subcategory]]
id = "1.1"
name = { en = "Risk", ja = "リスク" }
[[metric]]
id = "1.1.1"
priority = "I"
question = { en = "Q1?", ja = "Q1？" }
guidance = { en = "G", ja = "G" }
indicators = [{ kind = "control", required = true, text = { en = "x", ja = "x" } }]
"#,
    );
    write(
        dir.path(),
        "child.toml",
        r#"extends = "base.toml"
id = "child"
version = "2"

[[metric]]
id = "1.1.1"
priority = "II"

[[metric]]
id = "1.1.2"
priority = "I"
question = { en = "Q2?", ja = "Q2？" }
guidance = { en = "G2", ja = "G2" }
indicators = [{ kind = "artifact", required = false, text = { en = "y", ja = "y" } }]
"#,
    );
    write(
        dir.path(),
        "answers.csv",
        "org,unit,period,metric,status\nAcme,,2026-Q3,1.1.1,yes\nAcme,,2026-Q3,1.1.2,yes\n",
    );
    let out = imcm()
        .current_dir(dir.path())
        .args([
            "score",
            "-q",
            "child.toml",
            "-a",
            "answers.csv",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["provenance"]["questionnaire"]["sha256"],
        "9bac1bd42b16235ee60a8c9accda69685136c0e6aea72a5f90b56ead96791099"
    );
}
