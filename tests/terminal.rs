//! What a person at a terminal sees: `imcm score` prints a compact table
//! there (and JSON into a pipe or a file, as scripts expect), and `imcm
//! questionnaire show METRIC_ID` prints that metric with its guidance and
//! indicators. The terminal is a real pseudo-terminal from util-linux
//! `script`.

mod common;

use common::{example_answers, imcm, write};
use predicates::str::contains;
use std::process::Command;

/// Run imcm with `args` on a pseudo-terminal and return what it printed
/// (line ends as `\n`); `None` when `script` is missing (a note is printed;
/// under CI that fails).
fn on_terminal(args: &[&str]) -> Option<String> {
    let bin = assert_cmd::cargo::cargo_bin("imcm");
    let quoted: Vec<String> = std::iter::once(bin.display().to_string())
        .chain(args.iter().map(|a| (*a).to_string()))
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let out = Command::new("script")
        .args(["-qec", &quoted.join(" "), "/dev/null"])
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output();
    match out {
        Ok(out) if out.status.success() => {
            Some(String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n"))
        }
        Ok(out) => panic!(
            "imcm on a terminal failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have util-linux `script`"
            );
            eprintln!("skipping: no `script` (util-linux) on this machine");
            None
        }
    }
}

#[test]
fn score_on_a_terminal_prints_a_table_aligned_in_both_languages() {
    let answers = example_answers().display().to_string();
    let args = [
        "score",
        "--answers",
        &answers,
        "--unit",
        "Osaka DC",
        "--period",
        "2026-Q3",
    ];
    let Some(en) = on_terminal(&args) else {
        return;
    };
    // The interviews ran on 8 and 9 October (the answers' assessed_on).
    // The figures of the golden scores.csv (53.57, 56.67, 63.46, 53.57,
    // overall 56.7; levels 2, 2, 2, 1, overall 1), to one decimal.
    assert_eq!(
        en,
        "Kitsune Logistics / Osaka DC / 2026-Q3  (assessed on 2026-10-08 – 2026-10-09)\n\
         \x20 Category   Score  Coverage  Level\n\
         \x20 1 Protect   53.6      100%  2 Basic\n\
         \x20 2 Detect    56.7      100%  2 Basic\n\
         \x20 3 Respond   63.5      100%  2 Basic\n\
         \x20 4 Sustain   53.6      100%  1 Initial\n\
         \x20 Overall     56.7      100%  1 Initial\n\
         \n\
         Assessments shown: 1. Every figure: --format json (the default when the output is a pipe or a file), csv, xlsx or oscal.\n"
    );
    let mut ja_args = vec!["--lang", "ja"];
    ja_args.extend(args);
    let ja = on_terminal(&ja_args).unwrap();
    let lines: Vec<&str> = ja.lines().collect();
    assert_eq!(
        lines[0],
        "Kitsune Logistics / Osaka DC / 2026-Q3  (評価日 2026年10月8日〜2026年10月9日)"
    );
    assert_eq!(lines[1], "  カテゴリ  スコア  カバレッジ  レベル");
    assert_eq!(lines[2], "  1 防護      53.6        100%  2 基本");
    assert_eq!(lines[6], "  総合        56.7        100%  1 初期");
    // Aligned by display width: every figure ends in the same column.
    use unicode_width::UnicodeWidthStr;
    let score_end = |l: &str| l[..l.find('%').unwrap()].width();
    assert!(
        lines[2..7]
            .iter()
            .all(|l| score_end(l) == score_end(lines[2]))
    );
}

#[test]
fn score_into_a_pipe_or_a_file_stays_json_and_table_can_be_asked_for() {
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("JSON into a pipe");
    assert_eq!(v["assessments"].as_array().unwrap().len(), 8);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scores.json");
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .arg("--out")
        .arg(&file)
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).expect("JSON into a file");
    assert_eq!(v["assessments"].as_array().unwrap().len(), 8);
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .args(["--format", "table", "--period", "2025-Q4"])
        .assert()
        .success()
        .stdout(contains(
            "Kitsune Logistics / Head Office / 2025-Q4  (assessed on 2025-12-09 – 2025-12-10)\n",
        ))
        .stdout(contains("  3 Respond   59.6      100%  2 Basic\n"))
        .stdout(contains("Assessments shown: 2."));
}

#[test]
fn questionnaire_show_a_metric_id_prints_that_metric_with_guidance_and_indicators() {
    imcm()
        .args(["questionnaire", "show", "3.1.2"])
        .assert()
        .success()
        .stdout(
            "Metric 3.1.2 (imcm-v0.1)\n\
             Category: 3 Respond › 3.1 Incident Reporting\n\
             Priority I (basic), weight 3\n\
             Question: Do reporting guidelines tell constituents what to report, when and how to report it, and which information to include?\n\
             How to check: Read the guidelines and a sample of real reports to see whether the requested information arrives. Partial if the guidelines leave out timing or required content, or staff have trouble finding them.\n\
             Indicators (write the numbers of those seen in the 'Indicators met' column, e.g. 1, 3):\n\
             \x20 1. [prerequisite, required] A definition of an incident and a set of incident categories are agreed.\n\
             \x20 2. [control, required] A published guideline states what, when and how to report and the information required.\n\
             \x20 3. [artifact] A report form or template with mandatory fields is in use.\n\
             \x20 4. [quality] Most incoming reports contain enough information to start triage without follow-up questions.\n\
             Recommendation: Publish a one-page reporting guideline with examples of reportable events, a rule to report suspicions immediately and a report form with the required fields.\n\
             Evidence rules (checked against incident logs):\n\
             \x20 time_to_report_p90_h <= 24 (needs at least 10 incidents)\n",
        );
    // In Japanese (from --lang anywhere, or the locale), full-width id accepted.
    for cmd in [
        imcm()
            .args(["questionnaire", "show", "３．１．２", "--lang", "ja"])
            .assert(),
        imcm()
            .env("LANG", "ja_JP.UTF-8")
            .args(["questionnaire", "show", "3.1.2"])
            .assert(),
    ] {
        cmd.success()
            .stdout(contains("メトリクス 3.1.2（imcm-v0.1）\nカテゴリ：3 対処 › 3.1 インシデント報告\n優先度 I（基本）、重み 3\n"))
            .stdout(contains("確認の手引き：ガイドラインと実際の報告を数件読み"))
            .stdout(contains("指標（確認できたものの番号を「確認できた指標」列に記入。例：1, 3）：\n  1. [前提条件・必須] インシデントの定義と分類が合意されている。\n"))
            .stdout(contains("  3. [成果物] 必須項目付きの報告様式"));
    }
    // A subcategory or category prints its metrics; JSON gives the metric.
    let out = imcm()
        .args(["questionnaire", "show", "3.1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("3.1 Incident Reporting: 3 metrics\n\nMetric 3.1.1 (imcm-v0.1)\n"));
    assert_eq!(
        text.matches("\nMetric 3.1.").count(),
        3,
        "3.1.1, 3.1.2 and 3.1.3"
    );
    let out = imcm()
        .args(["questionnaire", "show", "respond", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let metrics: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let ids: Vec<&str> = metrics
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 11, "{ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("3.")));
    // The whole questionnaire is still shown by its id.
    imcm()
        .args(["questionnaire", "show", "imcm-v0.1"])
        .assert()
        .success()
        .stdout(contains("48 metrics"));
}

#[test]
fn questionnaire_show_of_an_unknown_id_names_the_closest_and_how_to_list_them() {
    imcm()
        .args(["questionnaire", "show", "3.1.9"])
        .assert()
        .code(1)
        .stderr(
            "error: '3.1.9' is neither a questionnaire (a built-in id: imcm-v0.1, or a TOML file) nor a metric, subcategory or category of imcm-v0.1; did you mean 3.1.1?\n  \
             help: give a metric id (3.1.2), a subcategory id (3.1), a category (3 or respond) or a questionnaire; `imcm questionnaire show imcm-v0.1` lists every id\n",
        );
    imcm()
        .args(["questionnaire", "show", "3.1.9", "--lang", "ja"])
        .assert()
        .code(1)
        .stderr(contains("「3.1.9」は質問票（組み込みの ID：imcm-v0.1、または TOML ファイル）でも、imcm-v0.1 のメトリクス、サブカテゴリ、カテゴリでもありません。3.1.1 のことですか？"));
    // A missing questionnaire file keeps its own message.
    imcm()
        .args(["questionnaire", "show", "missing.toml"])
        .assert()
        .code(1)
        .stderr(contains("unknown questionnaire 'missing.toml'"));
}

#[test]
fn questionnaire_show_looks_in_the_questionnaire_given() {
    let dir = tempfile::tempdir().unwrap();
    let q = write(
        dir.path(),
        "ours.toml",
        "extends = \"imcm-v0.1\"\nid = \"ours\"\n\n[[metric]]\nid = \"3.1.2\"\npriority = \"III\"\n",
    );
    imcm()
        .args(["questionnaire", "show", "3.1.2", "--questionnaire"])
        .arg(&q)
        .assert()
        .success()
        .stdout(contains("Metric 3.1.2 (ours)\n"))
        .stdout(contains("Priority III, weight 1\n"));
    imcm()
        .args(["questionnaire", "show", "9.9", "-q"])
        .arg(&q)
        .assert()
        .code(1)
        .stderr(contains(
            "'9.9' is not a metric, subcategory or category of ours",
        ));
}
