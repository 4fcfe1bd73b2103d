//! Incident logs: KPIs of a hand-built log against hand computation, the
//! data-quality gate, evidence in scores, and the VERIS importer on the real
//! VCDB files.

mod common;

use common::{imcm, root, write};
use predicates::str::contains;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn hand_log() -> PathBuf {
    root().join("tests/fixtures/incidents/hand.csv")
}

/// `kpi --format csv` as a map (category, severity, kpi) → (value, n) for Acme/HQ/2026-Q1.
fn kpis(args: &[&str]) -> BTreeMap<(String, String, String), (String, String)> {
    let out = imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(hand_log())
        .args(["--format", "csv"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "org,unit,period,category,severity,kpi,value,n"
    );
    lines
        .map(|l| l.split(',').map(String::from).collect::<Vec<_>>())
        .filter(|f| f[0] == "Acme" && f[1] == "HQ" && f[2] == "2026-Q1")
        .map(|f| {
            (
                (f[3].clone(), f[4].clone(), f[5].clone()),
                (f[6].clone(), f[7].clone()),
            )
        })
        .collect()
}

#[test]
fn kpis_of_a_hand_built_log_match_hand_computation() {
    let k = kpis(&[]);
    let get = |kpi: &str| k[&(String::new(), String::new(), kpi.to_string())].clone();
    let pair = |v: &str, n: &str| (v.to_string(), n.to_string());
    assert_eq!(get("incidents"), pair("6", "6"));
    // occurred→detected known for i1–i4 only: 4 < min n 5 → insufficient data.
    assert_eq!(get("time_to_detect_median_h"), pair("", "4"));
    // detected→reported: 0.5, 1, 1, 2, 3 → median 1; p90 at rank 3.6 → 2 + 0.6 × 1.
    assert_eq!(get("time_to_report_median_h"), pair("1", "5"));
    assert_eq!(get("time_to_report_p90_h"), pair("2.6", "5"));
    // detected→contained: 1, 2, 4, 8, 10, 20 (i6 mixes a naive time and Z) → median 6; p90 at 4.5 → 15.
    assert_eq!(get("time_to_contain_median_h"), pair("6", "6"));
    assert_eq!(get("time_to_contain_p90_h"), pair("15", "6"));
    // detected→resolved: 30, 48, 72, 100, 2078 → median 72; p90 at 3.6 → 100 + 0.6 × 1978.
    assert_eq!(get("time_to_resolve_median_h"), pair("72", "5"));
    assert_eq!(get("time_to_resolve_p90_h"), pair("1286.8", "5"));
    // Within SLA (critical 4 h, high 24, medium 72, low 168): all but i3 (critical, 8 h).
    assert_eq!(get("sla_met_share"), pair("0.8333", "6"));
    // internal / (internal + external + partner); i6 `unknown` does not count.
    assert_eq!(get("internal_detection_share"), pair("0.6", "5"));
    // Resolved with lessons recorded: i1 true, i2 false, i3 yes, i5 1, i6 Y.
    assert_eq!(get("lessons_learned_share"), pair("0.8", "5"));
    // Open at 2026-03-31: i4 (never resolved) and i5 (resolved in April).
    assert_eq!(get("open_at_period_end"), pair("2", "6"));
    let share = &k[&(
        "malware".to_string(),
        String::new(),
        "category_share".to_string(),
    )];
    assert_eq!(share, &pair("0.5", "6"));
    // Two critical incidents: too few for a share.
    let crit = &k[&(
        String::new(),
        "critical".to_string(),
        "sla_met_share".to_string(),
    )];
    assert_eq!(crit, &pair("", "2"));
}

#[test]
fn quality_report_counts_every_bad_row_with_its_id() {
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(hand_log())
        .arg("--quality")
        .assert()
        .success()
        .stdout(contains("9 rows read, 6 counted in the KPIs"))
        .stdout(contains("duplicate_id                        1  i1"))
        .stdout(contains("missing_org                         1  x1"))
        .stdout(contains("missing_period                      1  x2"))
        .stdout(contains("unparsable_detected_at              1  x2"));
}

#[test]
fn by_option_aggregates_the_dimensions_left_out() {
    let out = imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(hand_log())
        .args(["--by", "org", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\nAcme,,,,,incidents,6,6\n"), "{text}");
    assert!(
        !text.contains("open_at_period_end"),
        "no backlog without periods"
    );
    assert!(!text.contains("malware"), "no category rows unless asked");
}

#[test]
fn a_mapping_file_renames_columns_and_values_and_sets_formats() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "export.csv",
        "Ticket,Customer,Team,Type,Prio,Opened,Reported,Closed,Source\n\
         T1,Acme,SOC,Malware,P1,05.01.2026 10:00,05.01.2026 11:00,06.01.2026 10:00,SOC\n\
         T2,Acme,SOC,Phish,P3,06.01.2026 10:00,06.01.2026 10:30,09.01.2026 10:00,Customer\n",
    );
    let map = write(
        dir.path(),
        "map.toml",
        "timezone = \"Asia/Tokyo\"\nformats = [\"%d.%m.%Y %H:%M\"]\n[columns]\nid = \"Ticket\"\norg = \"Customer\"\nunit = \"Team\"\ncategory = \"Type\"\nseverity = \"Prio\"\ndetected_at = \"Opened\"\nreported_at = \"Reported\"\nresolved_at = \"Closed\"\ndetected_by = \"Source\"\n[values.category]\nPhish = \"phishing\"\n[values.severity]\nP1 = \"critical\"\nP3 = \"medium\"\n[values.detected_by]\nSOC = \"internal\"\nCustomer = \"external\"\n",
    );
    let out = imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .arg("--map")
        .arg(&map)
        .args(["--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("\nAcme,SOC,2026-Q1,,,incidents,2,2\n"),
        "{text}"
    );
    assert!(
        text.contains("\nAcme,SOC,2026-Q1,phishing,,incidents,1,1\n"),
        "{text}"
    );
    assert!(
        text.contains("\nAcme,SOC,2026-Q1,,medium,incidents,1,1\n"),
        "{text}"
    );
    assert!(
        text.contains("\nAcme,SOC,2026-Q1,,,internal_detection_share,,2\n"),
        "{text}"
    );
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .arg("--quality")
        .arg("--map")
        .arg(&map)
        .assert()
        .success()
        .stdout(contains("unknown_category                    0"));
}

#[test]
fn a_log_without_an_org_column_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "x.csv",
        "id,detected_at\n1,2026-01-01T00:00:00\n",
    );
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .assert()
        .code(1)
        .stderr(contains(
            "x.csv: the file has no column for 'org'; it has: id, detected_at",
        ))
        .stderr(contains("--map"));
    let map = write(dir.path(), "m.toml", "[columns]\nseverity_level = \"x\"\n");
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .arg("--map")
        .arg(&map)
        .assert()
        .code(1)
        .stderr(contains(
            "m.toml: 'severity_level' is not a canonical column",
        ));
}

#[test]
fn evidence_corroborates_and_contradicts_answers_without_changing_them() {
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(common::example_answers())
        .arg("--incidents")
        .arg(root().join("examples/data/incidents.csv"))
        .args(["--unit", "Head Office", "--period", "2026-Q3"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let a = &v["assessments"][0];
    let metric = |id: &str| {
        a["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()
            .clone()
    };
    let lessons = metric("4.2.3");
    assert_eq!(lessons["status"], "yes", "the answer is kept");
    assert_eq!(lessons["corroboration"], "contradicted");
    assert_eq!(lessons["evidence_checks"][0]["verdict"], "fail");
    assert_eq!(
        lessons["evidence_checks"][0]["rule"],
        "lessons_learned_share >= 0.7"
    );
    let report = metric("3.1.2");
    assert_eq!(report["corroboration"], "corroborated");
    assert!(report["evidence_checks"][0]["n"].as_u64().unwrap() >= 10);
    assert!(
        a["contradicted"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("4.2.3"))
    );
    assert!(
        a["corroborated"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("3.1.2"))
    );
}

fn vcdb() -> PathBuf {
    root().join("tests/data/vcdb")
}

#[test]
fn veris_import_of_the_full_vcdb_archive_yields_8584_incidents() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("vcdb.csv");
    imcm()
        .args(["incidents", "import", "--from", "veris"])
        .arg(vcdb().join("vcdb-validated-2020-09.tar.gz"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("read 8589 VERIS records"))
        .stdout(contains(
            "5 shared an incident_id with a newer record and were merged → 8584 incidents",
        ));
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 8584 + 1);
    // The imported log feeds the KPI engine directly.
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&out)
        .args(["--period-from", "occurred", "--quality"])
        .assert()
        .success()
        .stdout(contains("8584 rows read"));
}

#[test]
fn veris_import_of_the_sample_keeps_units_and_never_invents_durations() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample.csv");
    let summary = imcm()
        .args(["incidents", "import", "--from", "veris"])
        .arg(vcdb().join("sample"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let summary = String::from_utf8(summary).unwrap();
    assert!(summary.contains("read 50 VERIS records"), "{summary}");
    assert!(summary.contains("1 shared an incident_id"), "{summary}");
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 49);
    for r in &rows {
        let (unit, hours) = (&r[col("containment_unit")], &r[col("containment_hours")]);
        if ["Never", "NA", "Unknown", ""].contains(&unit) {
            assert_eq!(hours, "", "{unit} must not become a number");
        }
        if !r[col("occurred_at")].is_empty() {
            assert!(["day", "month"].contains(&&r[col("date_precision")]));
        }
    }
    assert!(
        rows.iter().any(|r| &r[col("containment_unit")] == "Never"),
        "the sample has Never"
    );
    assert!(
        rows.iter().any(|r| r[col("occurred_at")].is_empty()),
        "the sample has unplaced incidents"
    );
    // Refuses to overwrite without --force.
    imcm()
        .args(["incidents", "import", "--from", "veris"])
        .arg(vcdb().join("sample"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("already exists"));
}

#[test]
fn the_mapping_time_zone_places_naive_times_and_quarters() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "tz.csv",
        "id,org,unit,category,severity,occurred_at,detected_at\n\
         a,Acme,,malware,low,2026-04-01 00:00:00,2026-03-31T16:00:00Z\n\
         b,Acme,,malware,low,,2026-03-31T23:30:00+00:00\n",
    );
    let run = |map: Option<&std::path::Path>| {
        let mut cmd = imcm();
        cmd.arg("kpi")
            .arg("--incidents")
            .arg(&log)
            .args(["--by", "org,period", "--format", "csv"]);
        if let Some(m) = map {
            cmd.arg("--map").arg(m);
        }
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    // In UTC both detections fall in 2026-Q1, and a's naive occurred_at is after its detection.
    let utc = run(None);
    assert!(utc.contains("\nAcme,,2026-Q1,,,incidents,2,2\n"), "{utc}");
    assert!(
        utc.contains("\nAcme,,2026-Q1,,,time_to_detect_median_h,,0\n"),
        "{utc}"
    );
    // In Tokyo both are on 1 April local time (2026-Q2), and a was detected 1 h after it occurred.
    let map = write(dir.path(), "tokyo.toml", "timezone = \"Asia/Tokyo\"\n");
    let tokyo = run(Some(&map));
    assert!(
        tokyo.contains("\nAcme,,2026-Q2,,,incidents,2,2\n"),
        "{tokyo}"
    );
    assert!(
        tokyo.contains("\nAcme,,2026-Q2,,,time_to_detect_median_h,,1\n"),
        "{tokyo}"
    );
}

#[test]
fn parquet_and_json_lines_logs_give_the_same_kpis_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let csv_out = dir.path().join("sample.csv");
    let parquet_out = dir.path().join("sample.parquet");
    for out in [&csv_out, &parquet_out] {
        imcm()
            .args(["incidents", "import", "--from", "veris"])
            .arg(vcdb().join("sample"))
            .arg("--out")
            .arg(out)
            .assert()
            .success();
    }
    assert_eq!(&std::fs::read(&parquet_out).unwrap()[..4], b"PAR1");
    let kpi = |path: &std::path::Path| {
        let out = imcm()
            .arg("kpi")
            .arg("--incidents")
            .arg(path)
            .args(["--period-from", "occurred", "--format", "csv"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let from_csv = kpi(&csv_out);
    assert!(from_csv.lines().count() > 10);
    assert_eq!(kpi(&parquet_out), from_csv);

    // JSON Lines: the hand-built log's first rows as objects.
    let mut reader = csv::Reader::from_path(hand_log()).unwrap();
    let headers = reader.headers().unwrap().clone();
    let mut jsonl = String::new();
    let mut plain = String::from(
        "id,org,unit,category,severity,occurred_at,detected_at,reported_at,contained_at,resolved_at,detected_by,lessons_learned\n",
    );
    for rec in reader.records().take(6) {
        let rec = rec.unwrap();
        let obj: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .zip(rec.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(h, v)| (h.to_string(), serde_json::Value::String(v.to_string())))
            .collect();
        jsonl.push_str(&serde_json::Value::Object(obj).to_string());
        jsonl.push('\n');
        plain.push_str(&rec.iter().collect::<Vec<_>>().join(","));
        plain.push('\n');
    }
    let j = write(dir.path(), "hand.jsonl", &jsonl);
    let c = write(dir.path(), "hand6.csv", &plain);
    assert_eq!(kpi(&j), kpi(&c));
}
