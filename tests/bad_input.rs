//! Every kind of bad input exits 1 with file, line, column and a fix, and
//! writes nothing.

mod common;

use common::{files_below, imcm, write};
use predicates::prelude::*;
use predicates::str::contains;
use std::path::Path;

const HEADER: &str = "org,unit,period,metric,status,evidence,comment\n";

/// Run `report` on `answers` and check it fails with `expected` on stderr and
/// leaves no output folder.
fn report_fails(dir: &Path, answers: &Path, expected: &[&str]) {
    let out = dir.join("out");
    let mut assert = imcm()
        .arg("report")
        .arg("--answers")
        .arg(answers)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stdout("");
    for e in expected {
        assert = assert.stderr(contains(*e));
    }
    assert!(
        !out.exists(),
        "no output is written on bad input: {:?}",
        files_below(&out)
    );
}

#[test]
fn fails_when_answer_references_unknown_metric() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        &format!("{HEADER}Acme,HQ,2026-Q1,1.1.1,yes,,\nAcme,HQ,2026-Q1,3.2.9,yes,,\n"),
    );
    report_fails(
        dir.path(),
        &a,
        &[
            "a.csv:3:4: column 'metric': unknown metric id '3.2.9' in questionnaire imcm-v0.1",
            "help: did you mean '3.2.1'?",
        ],
    );
}

#[test]
fn fails_when_status_is_unknown_and_lists_the_allowed_values() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        &format!("{HEADER}Acme,HQ,2026-Q1,1.1.1,mostly,,\n"),
    );
    report_fails(
        dir.path(),
        &a,
        &[
            "a.csv:2:5: column 'status': unknown status 'mostly'",
            "help: use one of: yes (",
            "not_applicable (n/a",
            "not_observed (",
        ],
    );
}

#[test]
fn fails_when_an_answer_is_given_twice_and_names_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        &format!(
            "{HEADER}Acme,HQ,2026-Q1,1.1.1,yes,,\nAcme,HQ,2026-Q1,1.1.2,no,,\nAcme,HQ,2026-Q1,1.1.1,no,,\n"
        ),
    );
    report_fails(
        dir.path(),
        &a,
        &[
            "a.csv:4:4: column 'metric': conflicting answers for metric 1.1.1 in Acme / HQ / 2026-Q1: 'no' here, 'yes' at",
            "a.csv:2",
            "keep one row per metric and respondent",
        ],
    );
}

#[test]
fn fails_when_a_required_column_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        "Org,Period,Metric,Status\nAcme,2026-Q1,1.1.1,yes\n",
    );
    report_fails(
        dir.path(),
        &a,
        &["a.csv:1: missing required column 'unit'; the header has: org, period, metric, status"],
    );
}

#[test]
fn fails_when_the_file_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.csv", "");
    report_fails(
        dir.path(),
        &a,
        &[
            "a.csv:1: the file is empty",
            "`imcm init` writes a template",
        ],
    );
}

#[test]
fn fails_when_the_period_is_not_a_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        &format!("{HEADER}Acme,HQ,2026-07,1.1.1,yes,,\n"),
    );
    report_fails(
        dir.path(),
        &a,
        &[
            "a.csv:2:3: column 'period': period '2026-07' is not of the form YYYY-Qn",
            "help: '2026-07' is a month or a day, not a quarter; the quarter holding it is 2026-Q3: write 2026-Q3",
        ],
    );
}

#[test]
fn fails_on_a_broken_byte_with_the_line_of_the_first_bad_byte() {
    // A UTF-8 file (Japanese on line 2) with Shift_JIS bytes pasted into line 3.
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice("Acme,東京本社,2026-Q1,1.1.1,yes,,\nAcme,".as_bytes());
    let offset = bytes.len();
    bytes.extend_from_slice(&[0x93, 0x8c, 0x8b, 0x9e]); // 東京 in Shift_JIS
    bytes.extend_from_slice(b",2026-Q1,1.1.2,yes,,\n");
    let a = dir.path().join("a.csv");
    std::fs::write(&a, bytes).unwrap();
    report_fails(
        dir.path(),
        &a,
        &[
            &format!(
                "a.csv:3: the file is not valid UTF-8: bad byte sequence 0x93 0x8C 0x8B 0x9E at byte offset {offset}"
            ),
            "save it as \"CSV UTF-8\"",
            "--encoding",
        ],
    );
}

#[test]
fn validate_lists_every_problem_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        &format!("{HEADER}Acme,HQ,2026-Q1,1.1.1,maybe,,\nAcme,HQ,2026Q1,1.1.2,yes,,\n"),
    );
    let b = write(
        dir.path(),
        "b.csv",
        &format!("{HEADER},HQ,2026-Q1,1.1.1,yes,,\n"),
    );
    imcm()
        .arg("validate")
        .arg("--answers")
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1)
        .stderr(contains("3 problems in the answers:"))
        .stderr(contains("a.csv:2:5: column 'status'"))
        .stderr(contains("a.csv:3:3: column 'period'"))
        .stderr(contains(
            "b.csv:2:1: column 'org': the organisation is empty",
        ));
}

#[test]
fn accepts_excel_habits_bom_crlf_header_case_and_trailing_empty_rows() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        "\u{feff}ORG , Unit ,PERIOD,Metric,Status,Evidence,Notes\r\nAcme,,2026-Q1,1.1.1,はい,手順書,x\r\nAcme,,2026-Q1,1.1.2,一部,,\r\n,,,,,,\r\n,,,,,,\r\n",
    );
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(&a)
        .args(["--format", "csv"])
        .assert()
        .success()
        .stdout(contains("Acme,,2026-Q1,subcategory,1.1,80,0.6667,"));
}

#[test]
fn refuses_to_overwrite_an_input_file() {
    let dir = tempfile::tempdir().unwrap();
    let content = format!("{HEADER}Acme,HQ,2026-Q1,1.1.1,yes,,\n");
    let a = write(dir.path(), "a.csv", &content);
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(&a)
        .arg("--out")
        .arg(&a)
        .assert()
        .code(1)
        .stderr(contains(
            "this output would overwrite one of the input files",
        ));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), content);
}

#[test]
fn fails_when_an_answer_file_does_not_exist() {
    imcm()
        .args(["validate", "--answers", "no/such/answers.csv"])
        .assert()
        .code(1)
        .stderr(contains(
            "no/such/answers.csv: cannot read no/such/answers.csv",
        ));
}

#[test]
fn fails_when_the_questionnaire_is_unknown_or_inconsistent() {
    imcm()
        .args([
            "validate",
            "--questionnaire",
            "imcm-v9",
            "--answers",
            "x.csv",
        ])
        .assert()
        .code(1)
        .stderr(contains("unknown questionnaire 'imcm-v9'"))
        .stderr(contains("imcm questionnaire list"));
    let dir = tempfile::tempdir().unwrap();
    let shipped =
        std::fs::read_to_string(common::root().join("questionnaires/imcm-v0.1.toml")).unwrap();
    let broken = shipped.replacen("id = \"1.1.2\"", "id = \"1.1.1\"", 1);
    let q = write(dir.path(), "custom.toml", &broken);
    imcm()
        .arg("questionnaire")
        .arg("show")
        .arg(&q)
        .assert()
        .code(1)
        .stderr(contains(
            "custom.toml:255: metric 1.1.1: duplicate metric id '1.1.1'",
        ));
}

#[test]
fn fails_when_no_assessment_matches_the_filter_and_lists_what_exists() {
    imcm()
        .arg("explain")
        .arg("--answers")
        .arg(common::example_answers())
        .args([
            "--org",
            "Kitsune Logistics",
            "--unit",
            "Kyoto",
            "--period",
            "2026-Q3",
        ])
        .assert()
        .code(1)
        .stderr(contains(
            "no assessment matches --org 'Kitsune Logistics' --unit 'Kyoto' --period 2026-Q3",
        ))
        .stderr(contains("Kitsune Logistics / Osaka DC / 2026-Q3"));
}

#[test]
fn fails_with_a_clear_message_on_a_bad_target_profile() {
    let dir = tempfile::tempdir().unwrap();
    let t = write(dir.path(), "target.toml", "respond = 9\n");
    let out = dir.path().join("out");
    imcm()
        .args(["demo", "--target"])
        .arg(&t)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains(
            "target.toml:1: 'respond' must be a whole number from 0 to 5, not 9",
        ));
    assert!(!out.exists());
}

#[test]
fn errors_carry_no_backtrace_or_panic() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.csv", "garbage\n\"unterminated\n");
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(&a)
        .assert()
        .code(1)
        .stderr(contains("panicked").not())
        .stderr(contains("error: "));
}

#[test]
fn init_keeps_an_existing_file_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "answers.csv",
        "org,unit,period,metric,status\nAcme,,2026-Q1,1.1.1,yes\n",
    );
    imcm()
        .args(["init", "--out"])
        .arg(&a)
        .assert()
        .code(1)
        .stderr(contains("answers.csv: already exists and may hold answers"))
        .stderr(contains("--force"));
    assert!(
        std::fs::read_to_string(&a).unwrap().contains("Acme"),
        "kept"
    );
    imcm()
        .args(["init", "--force", "--out"])
        .arg(&a)
        .assert()
        .success();
    let mut template = csv::Reader::from_path(&a).unwrap();
    assert_eq!(template.records().count(), 48, "one row per metric");
}
