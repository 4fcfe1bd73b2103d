//! `imcm incidents import --from thehive` on TheHive 5 case JSON as its API
//! returns it (tests/fixtures/thehive/cases.json: epoch-millisecond dates,
//! severity 1–4, stages and statuses, tags, custom fields in both the
//! TheHive 5 list form and the TheHive 4 object form).

mod common;

use common::{imcm, root};

#[test]
fn cases_import_with_severity_dates_categories_and_custom_fields() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cases.csv");
    imcm()
        .args(["incidents", "import", "--from", "thehive"])
        .arg(root().join("tests/fixtures/thehive/cases.json"))
        .args(["--org", "Acme", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("read 3 TheHive cases"));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,org,unit,category,severity,occurred_at,detected_at,reported_at,contained_at,resolved_at,detected_by,lessons_learned,thehive_title,thehive_status,thehive_tags"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(
        rows,
        [
            // RSIT machine tag fraud:phishing → phishing; severity 3 → high; closed, so endDate is the resolution.
            "#12,Acme,SOC,phishing,high,,2026-01-05T08:40:00,,2026-01-05T11:00:00,2026-01-07T17:00:00,internal,true,Phishing wave against finance,Closed/TruePositive,\"rsit:fraud=\"\"phishing\"\";finance\"",
            // a plain tag naming a category (any case); still open: no resolution.
            "#13,Acme,,malware,critical,,2026-02-10T01:30:00,,,,,,Ransomware on file server,InProgress/InProgress,Malware;ransomware",
            // TheHive 4 style custom fields: category and unit.
            "#14,Acme,Web,dos,low,,2026-03-02T11:45:00,,,2026-03-02T15:45:00,,,Web front end unreachable,Closed/FalsePositive,",
        ]
    );
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&out)
        .args(["--format", "csv"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Acme,SOC,2026-Q1,,,incidents,1,1",
        ));
}
