//! `imcm compare`: score changes explained metric by metric.

mod common;

use common::{example_answers, imcm};
use std::collections::BTreeMap;

fn compare_rows(extra: &[&str]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .arg("compare")
        .arg("--answers")
        .arg(example_answers())
        .args(extra)
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("compare.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "org,unit,from_period,to_period,category,metric,from_status,to_status,contribution"
    );
    lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

#[test]
fn head_office_respond_change_is_explained_by_hand() {
    // Head Office, 2025-Q4 → 2026-Q1, Respond: every metric is scored in both
    // quarters, so W_to = 5 × 3 (Priority I) + 5 × 2 (II) + 1 (III) = 26.
    // 3.1.2, 3.2.1, 3.2.3 (I) partial → yes: 100 × 3 × 0.5 / 26 = 5.7692 each;
    // 3.3.2 (II) partial → yes: 100 × 2 × 0.5 / 26 = 3.8462; total 21.1538
    // (59.6154 → 80.7692 in the golden scores.csv), nothing from the scored set.
    let rows: Vec<(String, String, String, String)> = compare_rows(&[])
        .into_iter()
        .filter(|r| r[1] == "Head Office" && r[2] == "2025-Q4" && r[4] == "respond")
        .map(|r| (r[5].clone(), r[6].clone(), r[7].clone(), r[8].clone()))
        .collect();
    let s = |a: &str, b: &str, c: &str, d: &str| {
        (a.to_string(), b.to_string(), c.to_string(), d.to_string())
    };
    assert_eq!(
        rows,
        [
            s("3.1.2", "partial", "yes", "5.7692"),
            s("3.2.1", "partial", "yes", "5.7692"),
            s("3.2.3", "partial", "yes", "5.7692"),
            s("3.3.2", "partial", "yes", "3.8462"),
            s("scored-set change", "", "", "0"),
            s("total", "", "", "21.1538"),
        ]
    );
}

#[test]
fn every_breakdown_adds_up_to_its_total() {
    for args in [&[][..], &["--baseline", "2025-Q4"][..]] {
        let mut groups: BTreeMap<Vec<String>, (f64, f64)> = BTreeMap::new();
        for r in compare_rows(args) {
            let entry = groups.entry(r[..5].to_vec()).or_default();
            let v: f64 = r[8].parse().unwrap();
            if r[5] == "total" {
                entry.1 = v;
            } else {
                entry.0 += v;
            }
        }
        // 2 units × 4 categories × (3 consecutive pairs, or 3 pairs against the baseline).
        assert_eq!(groups.len(), 24, "{args:?}");
        for (k, (sum, total)) in groups {
            // Each line is rounded to 4 decimals in the CSV.
            assert!(
                (sum - total).abs() < 5e-4,
                "{k:?}: lines add up to {sum}, total {total}"
            );
        }
    }
}

#[test]
fn a_baseline_that_is_not_in_the_answers_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .arg("compare")
        .arg("--answers")
        .arg(example_answers())
        .args(["--baseline", "2024-Q1", "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no assessment matches --baseline 2024-Q1",
        ));
    assert!(!dir.path().join("out").exists());
}
