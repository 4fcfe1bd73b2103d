//! Limits on what one run may cost (issue 11): a run over a limit stops
//! with exit 1 and a message naming the files and the limit, in bounded
//! memory, and `--limit` raises the limit for one run.

mod common;

use common::{example_answers, imcm, imcm_bounded};
use predicates::str::contains;

#[test]
fn a_run_with_more_assessments_than_the_limit_is_refused_by_name() {
    imcm()
        .args(["score", "--limit", "assessments=5", "--answers"])
        .arg(example_answers())
        .assert()
        .code(1)
        .stderr(contains("answers.csv: 8 is over the limit assessments (5)"))
        .stderr(contains("--limit assessments=VALUE"));
    imcm()
        .args([
            "score",
            "--limit",
            "assessments=8",
            "--format",
            "csv",
            "--answers",
        ])
        .arg(example_answers())
        .assert()
        .success();
}

#[test]
fn sixty_thousand_one_row_assessments_stop_before_scoring_takes_the_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("org,unit,period,metric,status\n");
    for i in 0..60_000 {
        csv.push_str(&format!("Acme,U{i},2026-Q3,1.1.1,yes\n"));
    }
    let answers = common::write(dir.path(), "many.csv", &csv);
    // About 84 KB per scored assessment: 60,000 would take 5 GB.
    imcm_bounded(2048)
        .args(["score", "--format", "csv", "--answers"])
        .arg(&answers)
        .assert()
        .code(1)
        .stderr(contains(
            "many.csv: 60000 is over the limit assessments (50000)",
        ));
}

#[test]
fn a_million_bad_rows_are_all_counted_but_only_the_first_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("org,unit,period,metric,status\n");
    for _ in 0..1_000_000 {
        csv.push_str("x\n");
    }
    let answers = common::write(dir.path(), "ragged.csv", &csv);
    // Before: every problem kept, 408 MB peak for this 2 MB file; now 45 MB.
    imcm_bounded(256)
        .args(["validate", "--answers"])
        .arg(&answers)
        .assert()
        .code(1)
        .stderr(contains("1000000 problems"))
        // The first 10,000 kept are the same problem: one message with their rows.
        .stderr(contains(
            "ragged.csv:2-10001: this row has 1 field but the header has 5",
        ))
        .stderr(contains("(10000 rows)"))
        .stderr(contains("… and 990000 more"));
}
