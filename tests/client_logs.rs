//! Incident logs as clients export them (issue 13): timestamps without zero
//! padding, the values that failed the data-quality gate, every missing
//! column named at once, the warnings for a log that matches no assessment,
//! for a mapping that reads one column as two fields and for a log with
//! many rows left out (each an error under `--strict`, with nothing
//! written), and `kpi`'s table aligned for Japanese names. Most logs here
//! are the example log of Kitsune Logistics (`examples/data`), changed the
//! way a client's export differs from it.

mod common;

use common::{example_answers, imcm, root, write};
use predicates::str::contains;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

fn example_log() -> String {
    std::fs::read_to_string(root().join("examples/data/incidents.csv")).unwrap()
}

/// The example log with each line passed through `f` (the header included).
fn example_log_with(dir: &Path, name: &str, f: impl Fn(&str) -> String) -> PathBuf {
    let text: String = example_log().lines().map(|l| f(l) + "\n").collect();
    write(dir, name, &text)
}

/// `kpi --format csv` of `log` (with `map`) as text.
fn kpi_csv(log: &Path, map: Option<&Path>, quality: bool) -> String {
    let mut cmd = imcm();
    cmd.arg("kpi").arg("--incidents").arg(log);
    if let Some(m) = map {
        cmd.arg("--map").arg(m);
    }
    if quality {
        cmd.arg("--quality");
    }
    let out = cmd.args(["--format", "csv"]).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The (value, n) of a top-level KPI of one group in `kpi --format csv` output.
fn kpi(csv: &str, org: &str, unit: &str, period: &str, name: &str) -> (String, String) {
    csv.lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f[..6] == [org, unit, period, "", "", name])
        .map(|f| (f[6].to_string(), f[7].to_string()))
        .unwrap_or_else(|| panic!("{org}/{unit}/{period} {name} in\n{csv}"))
}

fn pair(v: &str, n: &str) -> (String, String) {
    (v.to_string(), n.to_string())
}

/// `2025-10-01T13:50:55+09:00` or `2025-10-01 13:50:55` → `2025/10/1 13:50:55`:
/// a JST wall-clock time as a Japanese Excel writes it, without zero padding.
fn excel_style(cell: &str) -> String {
    let body = cell.strip_suffix("+09:00").unwrap_or(cell);
    let b = body.as_bytes();
    let shaped = b.len() == 19
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b' ')
        && b[13] == b':'
        && b[16] == b':';
    if !shaped || (body.len() == cell.len() && b[10] == b'T') {
        return cell.to_string();
    }
    let n = |r: std::ops::Range<usize>| body[r].trim_start_matches('0').to_string();
    let n = |r: std::ops::Range<usize>| {
        let v = n(r);
        if v.is_empty() { "0".to_string() } else { v }
    };
    format!(
        "{}/{}/{} {}:{}",
        &body[0..4],
        n(5..7),
        n(8..10),
        n(11..13),
        &body[14..19]
    )
}

#[test]
fn excel_times_without_zero_padding_are_read_as_the_same_instants() {
    // Before: every cell of this log was `unparsable_*`, and each row
    // `missing_period`: no KPI at all.
    let dir = tempfile::tempdir().unwrap();
    let tokyo = write(dir.path(), "tokyo.toml", "timezone = \"Asia/Tokyo\"\n");
    let original = root().join("examples/data/incidents.csv");
    let excel = example_log_with(dir.path(), "excel.csv", |line| {
        line.split(',')
            .map(excel_style)
            .collect::<Vec<_>>()
            .join(",")
    });
    let text = std::fs::read_to_string(&excel).unwrap();
    assert!(
        text.contains(
            "INC-HO-2025-0001,Kitsune Logistics,Head Office,phishing,medium,,2025/10/1 13:50:55,2025/10/3 9:23:05,"
        ),
        "{}",
        &text[..400]
    );
    // The +09:00 times and the local ones, read in Tokyo time, are the same
    // instants as before: every KPI and every quality count is the same.
    assert_eq!(
        kpi_csv(&excel, Some(&tokyo), false),
        kpi_csv(&original, Some(&tokyo), false)
    );
    let counts = |csv: String| -> Vec<String> {
        csv.lines()
            .map(|l| l.splitn(4, ',').take(3).collect::<Vec<_>>().join(","))
            .collect()
    };
    assert_eq!(
        counts(kpi_csv(&excel, Some(&tokyo), true)),
        counts(kpi_csv(&original, Some(&tokyo), true))
    );
}

#[test]
fn the_issues_excel_dates_are_placed_in_their_quarter_and_measured() {
    // Intervals by hand: reported 1, 0.5, 2, 3, 0.5 h; contained 4, 2, 6,
    // 8, 10 h; resolved 48, 24, 72, 24, 120 h. All five detected in 2026-Q1
    // (UTC), e5 a minute before the quarter ends.
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "export.csv",
        "id,org,unit,category,severity,detected_at,reported_at,contained_at,resolved_at,detected_by\n\
         e1,Acme,HQ,malware,high,2026/1/6 22:17,2026/1/6 23:17,2026/1/7 2:17,2026/1/8 22:17,internal\n\
         e2,Acme,HQ,phishing,low,2026-1-6 9:05,2026-1-6 9:35,2026-1-6 11:05,2026-1-7 9:05,internal\n\
         e3,Acme,HQ,malware,medium,2026/1/9 8:00:30,2026/1/9 10:00:30,2026/1/9 14:00:30,2026/1/12 8:00:30,external\n\
         e4,Acme,HQ,dos,high,2026-01-10 10:00,2026-01-10 13:00,2026/01/10 18:00,2026-01-11T10:00:00,internal\n\
         e5,Acme,HQ,malware,low,2026/3/31 23:59,2026/4/1 0:29,2026/4/1 9:59,2026/4/5 23:59,partner\n",
    );
    let csv = kpi_csv(&log, None, false);
    let k = |name: &str| kpi(&csv, "Acme", "HQ", "2026-Q1", name);
    assert_eq!(k("incidents"), pair("5", "5"));
    // Sorted 0.5, 0.5, 1, 2, 3: median 1; p90 at rank 0.9 × 4 = 3.6 → 2 + 0.6 × 1.
    assert_eq!(k("time_to_report_median_h"), pair("1", "5"));
    assert_eq!(k("time_to_report_p90_h"), pair("2.6", "5"));
    // 2, 4, 6, 8, 10: median 6; p90 8 + 0.6 × 2.
    assert_eq!(k("time_to_contain_median_h"), pair("6", "5"));
    assert_eq!(k("time_to_contain_p90_h"), pair("9.2", "5"));
    // 24, 24, 48, 72, 120: median 48; p90 72 + 0.6 × 48.
    assert_eq!(k("time_to_resolve_median_h"), pair("48", "5"));
    assert_eq!(k("time_to_resolve_p90_h"), pair("100.8", "5"));
    let quality = kpi_csv(&log, None, true);
    for line in [
        "rows_read,5,,,",
        "rows_counted,5,,,",
        "missing_period,0,,,",
        "unparsable_detected_at,0,,,",
        "unparsable_resolved_at,0,,,",
    ] {
        assert!(quality.lines().any(|l| l == line), "{line}\n{quality}");
    }
}

#[test]
fn impossible_or_ambiguous_excel_dates_stay_unreadable_and_show_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "export.csv",
        "id,org,detected_at\n\
         a,Acme,2026/13/6 22:17\n\
         b,Acme,2026/2/30 9:05\n\
         c,Acme,2026/1/6\n\
         d,Acme,1/6/2026 22:17\n\
         e,Acme,2026/1/6 22:7\n\
         f,Acme,2026/2/30 9:05\n",
    );
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .arg("--quality")
        .assert()
        .success()
        .stdout(contains("missing_period                      6  a, b, c, d, e"))
        .stdout(contains(
            "values: \"2026/13/6 22:17\" ×1, \"2026/2/30 9:05\" ×2, \"2026/1/6\" ×1, \"1/6/2026 22:17\" ×1, \"2026/1/6 22:7\" ×1",
        ));
}

#[test]
fn quality_shows_the_values_that_failed_in_the_example_log() {
    // The values are those the example's README lists for each bad row.
    let out = imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(root().join("examples/data/incidents.csv"))
        .arg("--quality")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let values_of = |reason: &str| -> String {
        let mut lines = text.lines();
        lines
            .position(|l| l.starts_with(&format!("{reason} ")))
            .unwrap_or_else(|| panic!("{reason} in\n{text}"));
        lines.next().unwrap_or_default().trim_start().to_string()
    };
    assert_eq!(
        values_of("missing_period"),
        "values: (empty) ×4, \"yesterday\" ×1"
    );
    assert_eq!(
        values_of("unparsable_reported_at"),
        "values: \"yesterday\" ×1, \"2026-04-31T09:00:00+09:00\" ×1, \"12/06/2026 14:00\" ×1"
    );
    assert_eq!(
        values_of("unknown_severity"),
        "values: \"sev1\" ×1, \"P2\" ×1, \"中\" ×1, \"urgent\" ×1"
    );
    assert_eq!(
        values_of("invalid_lessons_learned"),
        "values: \"maybe\" ×1, \"pending\" ×1, \"済\" ×1"
    );
    // No values line under a reason without rows, nor under missing_org.
    assert!(!values_of("missing_org").starts_with("values"), "{text}");
    assert!(!values_of("implausible_detected_at").starts_with("values"));
    // In Japanese.
    imcm()
        .args(["--lang", "ja", "kpi", "--incidents"])
        .arg(root().join("examples/data/incidents.csv"))
        .arg("--quality")
        .assert()
        .success()
        .stdout(contains("値：（空欄） ×4、\"yesterday\" ×1"));
}

#[test]
fn every_missing_column_is_named_in_one_message() {
    // Before: "no 'org' column; the file has: id, unit, category", and only
    // after adding it, another error for detected_at.
    let dir = tempfile::tempdir().unwrap();
    let log = write(dir.path(), "x.csv", "id,unit,category\n1,HQ,malware\n");
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .assert()
        .code(1)
        .stderr(contains(
            "x.csv: the file has no column for 'org', 'detected_at'; it has: id, unit, category",
        ))
        .stderr(contains(
            "help: name them in a mapping file (--map) under [columns], e.g. org = \"…\", detected_at = \"…\"",
        ));
    // The mapping's names the header lacks and the required columns, together.
    let map = write(
        dir.path(),
        "m.toml",
        "[columns]\nid = \"Ticket\"\ndetected_at = \"Created\"\n",
    );
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .arg("--map")
        .arg(&map)
        .assert()
        .code(1)
        .stderr(contains(
            "x.csv: the mapping names 'Ticket' for id, 'Created' for detected_at, but the file has no such column; it has: id, unit, category",
        ))
        .stderr(contains("the file has no column for 'org'; it has"));
    // In Japanese.
    imcm()
        .args(["--lang", "ja", "kpi", "--incidents"])
        .arg(&log)
        .assert()
        .code(1)
        .stderr(contains(
            "ファイルに「org」、「detected_at」の列がありません。ファイルの列：id, unit, category",
        ));
}

/// The example log with the organisation renamed.
fn renamed_log(dir: &Path) -> PathBuf {
    example_log_with(dir, "renamed.csv", |l| {
        l.replace(",Kitsune Logistics,", ",きつね物流,")
    })
}

#[test]
fn a_log_whose_org_matches_no_assessment_names_both_sides() {
    // Before: the report said "KPIs computed from 1985 incident records"
    // and drew every chart with n = 0, exit 0.
    let dir = tempfile::tempdir().unwrap();
    let log = renamed_log(dir.path());
    // 1,504 Head Office rows less 3 without org, 3 without a quarter and 4
    // repeated ids; 497 Osaka DC rows less 2, 2 and 2.
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .arg("--incidents")
        .arg(&log)
        .args(["--format", "json"])
        .assert()
        .success()
        .stderr(contains(
            "warning: no incident of the log belongs to an assessed org and unit, so no answer \
             gets evidence: the log has 'きつね物流' / 'Head Office' (1494), 'きつね物流' / 'Osaka DC' \
             (491); the assessments are of 'Kitsune Logistics' / 'Head Office', 'Kitsune \
             Logistics' / 'Osaka DC'",
        ))
        .stderr(contains("org and unit are matched exactly, character for character"));
    imcm()
        .args(["--lang", "ja", "score", "--answers"])
        .arg(example_answers())
        .arg("--incidents")
        .arg(&log)
        .args(["--format", "json"])
        .assert()
        .success()
        .stderr(contains(
            "警告: ログのインシデントはどれも評価対象の組織・部門に該当しないため",
        ))
        .stderr(contains("「きつね物流 / Head Office」（1494 件）"));
    // Under --strict: exit 1 and no report.
    let out = dir.path().join("report");
    imcm()
        .arg("--strict")
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .arg("--incidents")
        .arg(&log)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("warning: no incident of the log"));
    assert!(!out.exists(), "nothing is written under --strict");
}

#[test]
fn a_unit_spelled_apart_in_the_log_is_named_and_a_value_map_joins_it() {
    let dir = tempfile::tempdir().unwrap();
    let answers = std::fs::read_to_string(example_answers())
        .unwrap()
        .replace(",Head Office,", ",本社CSIRT,");
    let answers = write(dir.path(), "answers.csv", &answers);
    let log = example_log_with(dir.path(), "log.csv", |l| {
        l.replace(",Head Office,", ",本社ＣＳＩＲＴ,")
    });
    let score = |map: Option<&Path>| {
        let mut cmd = imcm();
        cmd.arg("score")
            .arg("--answers")
            .arg(&answers)
            .arg("--incidents")
            .arg(&log)
            .args([
                "--unit",
                "本社CSIRT",
                "--period",
                "2026-Q3",
                "--format",
                "json",
            ]);
        if let Some(m) = map {
            cmd.arg("--map").arg(m);
        }
        cmd.assert().success()
    };
    let metric_311 = |stdout: &[u8]| -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_slice(stdout).unwrap();
        v["assessments"][0]["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == "3.1.1")
            .unwrap()
            .clone()
    };
    let before = score(None).stderr(contains(
        "warning: the incidents of 'Kitsune Logistics' / '本社ＣＳＩＲＴ' (1494) are not used for \
         the assessment of 'Kitsune Logistics' / '本社CSIRT': the names differ only in case, \
         spaces or character width",
    ));
    let before = metric_311(&before.get_output().stdout);
    assert_ne!(before["corroboration"], "corroborated", "{before}");
    // The fix the warning suggests.
    let map = write(
        dir.path(),
        "map.toml",
        "[values.unit]\n\"本社ＣＳＩＲＴ\" = \"本社CSIRT\"\n",
    );
    let after = score(Some(&map));
    assert!(
        !String::from_utf8_lossy(&after.get_output().stderr).contains("warning"),
        "no warning once the names match"
    );
    // 2026-Q3 Head Office: median time to report 1.12 h over 400 incidents
    // (examples/data/README.md), against `<= 4`.
    let after = metric_311(&after.get_output().stdout);
    assert_eq!(after["corroboration"], "corroborated", "{after}");
    assert_eq!(after["evidence_checks"][0]["n"], 400);
}

/// The example log as a ticket system exports it: `detected_at` is `Created`.
fn created_log(dir: &Path) -> PathBuf {
    example_log_with(dir, "tickets.csv", |l| {
        if l.starts_with("id,") {
            l.replace(",detected_at,", ",Created,")
        } else {
            l.to_string()
        }
    })
}

#[test]
fn a_mapping_that_reads_one_column_as_two_fields_warns_and_measures_nothing_from_it() {
    // Before: time to report 0 h for every incident, which corroborated
    // 3.1.1 ("reported within 4 h") with no evidence at all.
    let dir = tempfile::tempdir().unwrap();
    let log = created_log(dir.path());
    let map = write(
        dir.path(),
        "map.toml",
        "[columns]\ndetected_at = \"Created\"\nreported_at = \"Created\"\n",
    );
    let run = imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .arg("--incidents")
        .arg(&log)
        .arg("--map")
        .arg(&map)
        .args([
            "--unit",
            "Head Office",
            "--period",
            "2026-Q3",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stderr(contains(
            "map.toml: the mapping reads the column 'Created' as detected_at, reported_at",
        ))
        .stderr(contains(
            "time_to_report would be 0 h on every incident, so it is left out",
        ));
    let v: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
    let m = v["assessments"][0]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "3.1.1")
        .unwrap()
        .clone();
    assert_eq!(m["status"], "yes", "the answer is kept");
    assert_ne!(m["corroboration"], "corroborated", "{m}");
    assert_eq!(m["evidence_checks"][0]["n"], 0, "{m}");
    // The KPI has no value; the other intervals are measured as before
    // (2026-Q3 Head Office: time to contain p90 44.7 h over 410).
    let csv = kpi_csv(&log, Some(&map), false);
    let k = |name: &str| kpi(&csv, "Kitsune Logistics", "Head Office", "2026-Q3", name);
    assert_eq!(k("time_to_report_median_h"), pair("", "0"));
    assert_eq!(k("time_to_contain_p90_h").1, "410");
    // Under --strict: exit 1, nothing written.
    let out = dir.path().join("kpis.csv");
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .arg("--map")
        .arg(&map)
        .arg("--strict")
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("the mapping reads the column 'Created'"));
    assert!(!out.exists());
    // In Japanese.
    imcm()
        .args(["--lang", "ja", "kpi", "--incidents"])
        .arg(&log)
        .arg("--map")
        .arg(&map)
        .assert()
        .success()
        .stderr(contains(
            "マッピングが列「Created」を detected_at、reported_at として読み込んでいます",
        ));
}

/// The example log with the org left empty on every Osaka DC row, as when
/// one site's export has no org column filled in.
fn osaka_without_org(dir: &Path) -> PathBuf {
    example_log_with(dir, "log.csv", |l| {
        l.replace(",Kitsune Logistics,Osaka DC,", ",,Osaka DC,")
    })
}

#[test]
fn a_log_with_over_five_per_cent_left_out_warns_with_count_share_and_reasons() {
    // Left out: Head Office's 3 + 3 + 4 as in the example, and all 497
    // Osaka DC rows (their 2 missing periods are now missing orgs):
    // 507 of 2,001 = 25.3 %; missing_org 5 + 495, duplicate_id 6 (both
    // units), missing_period 3.
    let dir = tempfile::tempdir().unwrap();
    let log = osaka_without_org(dir.path());
    let warning = "warning: 507 of 2001 incident rows (25.3 %) are left out of every KPI: \
                   missing_org 500, duplicate_id 6, missing_period 3";
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .args(["--format", "csv"])
        .assert()
        .success()
        .stderr(contains(warning))
        .stderr(contains("imcm kpi --quality lists each reason"));
    // The quality report is the long form: no warning with it.
    let quality = imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .arg("--quality")
        .assert()
        .success()
        .stdout(contains("2001 rows read, 1494 counted in the KPIs"));
    assert!(quality.get_output().stderr.is_empty());
    // The example log itself (16 of 2,001 left out) is quiet.
    let quiet = imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(root().join("examples/data/incidents.csv"))
        .assert()
        .success();
    assert!(quiet.get_output().stderr.is_empty());
    // Under --strict, kpi and score write nothing.
    let out = dir.path().join("kpis.csv");
    imcm()
        .args(["--strict", "kpi", "--incidents"])
        .arg(&log)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains(warning));
    assert!(!out.exists());
    let scores = dir.path().join("scores.json");
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .arg("--incidents")
        .arg(&log)
        .arg("--out")
        .arg(&scores)
        .arg("--strict")
        .assert()
        .code(1);
    assert!(!scores.exists());
    // In Japanese.
    imcm()
        .args(["--lang", "ja", "kpi", "--incidents"])
        .arg(&log)
        .assert()
        .success()
        .stderr(contains(
            "インシデント 2001 行のうち 507 行（25.3%）がすべての KPI から除外されています：missing_org 500、duplicate_id 6、missing_period 3",
        ));
}

#[test]
fn kpi_table_lines_up_japanese_unit_names_by_display_width() {
    let dir = tempfile::tempdir().unwrap();
    let log = example_log_with(dir.path(), "log.csv", |l| {
        l.replace(",Head Office,", ",本社CSIRT,")
    });
    for lang in ["en", "ja"] {
        let out = imcm()
            .args(["--lang", lang, "kpi", "--incidents"])
            .arg(&log)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().skip(2).collect();
        let header = lines[0];
        let start = |line: &str, needle: &str| -> usize {
            let at = line
                .find(needle)
                .unwrap_or_else(|| panic!("{needle} in {line}"));
            line[..at].width()
        };
        let period = start(header, "period");
        let ja = lines
            .iter()
            .find(|l| l.contains("本社CSIRT") && l.contains("2026-Q1"))
            .unwrap();
        let osaka = lines
            .iter()
            .find(|l| l.contains("Osaka DC") && l.contains("2026-Q1"))
            .unwrap();
        assert_eq!(start(ja, "2026-Q1"), period, "{lang}\n{header}\n{ja}");
        assert_eq!(start(osaka, "2026-Q1"), period, "{lang}\n{header}\n{osaka}");
        // Every line of the table is as wide as the header or narrower, and
        // the right-aligned n column ends where the header's does.
        let end = header.width();
        for l in &lines {
            assert_eq!(l.width(), end, "{lang}: {l}");
        }
    }
}

#[test]
fn a_column_mapped_to_one_field_is_not_read_again_under_its_own_name() {
    // The export's `reported_at` column holds the detection time; the
    // mapping says so. Before, the field reported_at still read that same
    // column by its name and every time to report was 0 h.
    let dir = tempfile::tempdir().unwrap();
    let mut log = String::from("id,org,unit,reported_at,contained_at\n");
    for i in 0..5 {
        log.push_str(&format!(
            "t{i},Acme,HQ,2026-01-0{}T08:00:00Z,2026-01-0{}T10:00:00Z\n",
            i + 1,
            i + 1
        ));
    }
    let log = write(dir.path(), "log.csv", &log);
    let map = write(
        dir.path(),
        "map.toml",
        "[columns]\ndetected_at = \"reported_at\"\n",
    );
    let csv = kpi_csv(&log, Some(&map), false);
    let k = |name: &str| kpi(&csv, "Acme", "HQ", "2026-Q1", name);
    assert_eq!(k("incidents"), pair("5", "5"));
    assert_eq!(k("time_to_report_median_h"), pair("", "0"));
    // Detected 08:00, contained 10:00 on each of the five days.
    assert_eq!(k("time_to_contain_median_h"), pair("2", "5"));
}
