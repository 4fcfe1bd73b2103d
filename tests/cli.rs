//! Black-box tests of the `imcm` command line.

mod common;

use common::{example_answers, files_below, golden, imcm, write};
use predicates::prelude::*;
use predicates::str::contains;

#[test]
fn demo_writes_report_charts_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .args(["demo", "--out"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(contains("wrote"));
    assert_eq!(
        files_below(dir.path()),
        [
            "category-detect.svg",
            "category-protect.svg",
            "category-respond.svg",
            "category-sustain.svg",
            "imcm-manifest.json",
            "incidents-sla.svg",
            "incidents-sources.svg",
            "incidents-times.svg",
            "incidents-volume.svg",
            "radar.svg",
            "report.docx",
            "report.html",
            "scores.csv",
            "scores.json",
            "scores.svg"
        ]
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    // The demo carries the incident section: KPIs with n, quality counts and
    // answers contradicted (4.2.3, lessons learned) and corroborated (3.1.2).
    assert!(html.contains("id=\"incidents\""));
    assert!(
        html.contains("lessons_learned_share &gt;&#x3D; 0.7"),
        "rule shown escaped"
    );
    let contradicted = &html[html.find("<h4 class=\"contradicted\">").unwrap()
        ..html.find("<h4 class=\"corroborated\">").unwrap()];
    assert!(contradicted.contains(">4.2.3<"), "{contradicted}");
    let corroborated = &html[html.find("<h4 class=\"corroborated\">").unwrap()..];
    assert!(corroborated[..corroborated.find("</table>").unwrap()].contains(">3.1.2<"));
    assert!(html.contains("Duplicate id"), "data-quality table");
    for name in ["Protect", "Detect", "Respond", "Sustain"] {
        assert!(
            html.contains(&format!("id=\"category-{}\"", name.to_lowercase())),
            "{name}"
        );
    }
    assert!(html.contains("<svg"), "radar inline");
    assert!(!html.contains("<script"), "no scripts");
    assert!(
        !html.contains("http://") || !html.contains("src=\"http"),
        "no remote loads"
    );
}

#[test]
fn demo_in_japanese_names_the_four_categories_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .args(["demo", "--lang", "ja", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    for name in [
        "防護",
        "検出",
        "対処",
        "維持",
        "エグゼクティブサマリー",
        "推奨事項",
        "評価方法",
    ] {
        assert!(html.contains(name), "{name}");
    }
    let radar = std::fs::read_to_string(dir.path().join("radar.svg")).unwrap();
    assert!(radar.contains("防護 (2)"), "radar labels in Japanese");
}

#[test]
fn japanese_report_has_no_english_ui_text_left() {
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .args(["demo", "--lang", "ja", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let body = &html[html.find("<body>").unwrap()..];
    for english in [
        "Executive",
        "Score",
        "Coverage",
        "Level",
        "Target",
        "Recommendations",
        "Methodology",
        "Priority",
        "Question",
        "Evidence",
        "Comment",
        "Status",
        "Yes",
        "Partial",
        "Not observed",
        "Initial",
        "Basic",
        "Defined",
        "Managed",
        "blocked",
        "holds",
        "Subcategory",
    ] {
        let tagged = format!(">{english}");
        assert!(
            !body.contains(&tagged),
            "English UI text '{english}' in the Japanese report"
        );
    }
}

#[test]
fn reports_are_byte_identical_across_runs() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&a, &b] {
        imcm()
            .arg("report")
            .arg("--answers")
            .arg(example_answers())
            .args(["--emit-context", "--out"])
            .arg(dir.path())
            .assert()
            .success();
    }
    let files = files_below(a.path());
    // 8 assessments × 10 files, then the batch's index, comparison (page, CSV,
    // Parquet, workbook, context), its charts (one heatmap and one trend per
    // unit) and the manifest of the set.
    assert_eq!(files.len(), 8 * 10 + 6 + 3 + 1, "{files:?}");
    assert_eq!(files, files_below(b.path()));
    for f in files {
        let x = std::fs::read(a.path().join(&f)).unwrap();
        let y = std::fs::read(b.path().join(&f)).unwrap();
        assert!(x == y, "{f} differs between runs");
    }
}

#[test]
fn report_with_several_assessments_writes_one_folder_each() {
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .args(["--period", "2026-Q3", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let reports: Vec<String> = files_below(dir.path())
        .into_iter()
        .filter(|f| f.ends_with("report.html"))
        .collect();
    assert_eq!(
        reports,
        [
            "kitsune-logistics_168e2553/head-office_84efe5d2/2026-Q3/report.html",
            "kitsune-logistics_168e2553/osaka-dc_92c49a06/2026-Q3/report.html"
        ]
    );
}

#[test]
fn scores_csv_of_the_example_matches_the_golden_file() {
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .args(["--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(out).unwrap();
    assert!(csv.starts_with("org,unit,period,scope,id,score,coverage,maturity_level\n"));
    golden("example/expected/scores.csv", &csv);
}

#[test]
fn report_context_of_the_example_matches_the_golden_file() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ja"] {
        imcm()
            .arg("report")
            .arg("--answers")
            .arg(example_answers())
            .args([
                "--org",
                "Kitsune Logistics",
                "--unit",
                "Osaka DC",
                "--period",
                "2026-Q2",
            ])
            .arg("--incidents")
            .arg(common::root().join("examples/data/incidents.csv"))
            .args(["--emit-context", "--lang", lang, "--out"])
            .arg(dir.path().join(lang))
            .assert()
            .success();
        let ctx = std::fs::read_to_string(dir.path().join(lang).join("context.json")).unwrap();
        // Source columns hold the absolute paths of the input files.
        let ctx = ctx.replace(&common::root().display().to_string(), "[ROOT]");
        golden(
            &format!("example/expected/context-osaka-2026-Q2.{lang}.json"),
            &ctx,
        );
    }
}

#[test]
fn scores_json_carries_statuses_counts_and_gaps() {
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .args(["--unit", "Head Office", "--period", "2026-Q1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["schema_version"], "1.2");
    assert_eq!(v["questionnaire_id"], "imcm-v0.1");
    let a = &v["assessments"][0];
    assert_eq!(a["unit"], "Head Office");
    assert_eq!(a["period"], "2026-Q1");
    assert_eq!(a["metrics"].as_array().unwrap().len(), 48);
    // 2.2.3 has no row in the example for this quarter: unanswered → not observed.
    let m223 = a["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "2.2.3")
        .unwrap();
    assert_eq!(
        (m223["status"].as_str(), m223["answered"].as_bool()),
        (Some("not_observed"), Some(false))
    );
    assert!(
        a["not_observed"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("2.2.3"))
    );
    let gaps = a["gaps"].as_array().unwrap();
    assert!(!gaps.is_empty());
    assert_eq!(gaps[0]["priority"], "I", "gaps start with Priority I");
    let cats: Vec<&str> = a["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(cats, ["protect", "detect", "respond", "sustain"]);
    let counts = &a["overall"]["counts"]["I"];
    let total: u64 = counts
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(total, 17, "17 Priority I metrics");
}

#[test]
fn explain_shows_the_arithmetic_and_what_blocks_the_next_level() {
    imcm()
        .arg("explain")
        .arg("--answers")
        .arg(example_answers())
        .args(["--org", "Kitsune Logistics", "--unit", "Osaka DC", "--period", "2026-Q3", "--category", "respond"])
        .assert()
        .success()
        .stdout(contains("score = 100 × Σ(weight × points) / Σ(weight) = 100 × 16.5 / 26 = 63.46"))
        .stdout(contains("✗ 3 Defined: every Priority I metric is Yes; every Priority II metric is Yes or Partial — blocked by 3.1.2, 3.2.2, 3.2.3"))
        .stdout(contains("→ level 2 (Basic)"))
        .stdout(contains("Protect").not());
}

#[test]
fn questionnaire_list_and_show_describe_the_builtin_model() {
    imcm()
        .args(["questionnaire", "list"])
        .assert()
        .success()
        .stdout(contains(
            "imcm-v0.1\t0.1.0\t4 categories, 17 subcategories, 48 metrics",
        ));
    imcm()
        .args(["questionnaire", "show", "--lang", "ja"])
        .assert()
        .success()
        .stdout(contains("3 対処 (respond)"))
        .stdout(contains("3.2 インシデント対応"));
    let out = imcm()
        .args(["questionnaire", "show", "imcm-v0.1", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["metric"].as_array().unwrap().len(), 48);
    assert_eq!(v["priority"][0]["weight"], 3.0);
}

#[test]
fn init_then_fill_then_score_matches_a_hand_computation() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("answers.csv");
    imcm()
        .args([
            "init", "--org", "Acme", "--unit", "HQ", "--period", "2026-Q2", "--out",
        ])
        .arg(&template)
        .assert()
        .success();
    let bytes = std::fs::read(&template).unwrap();
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf", "UTF-8 with a BOM, for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "Metric",
            "Question",
            "Status",
            "Indicators met",
            "Evidence",
            "Comment",
            "Respondent",
            "Assessor",
            "Assessed on",
            "How to check",
            "Indicators",
            "Organisation",
            "Unit",
            "Quarter",
            "Priority",
            "Category",
            "Subcategory",
        ]
    );
    // Fill the status column as an assessor would: yes everywhere, except
    // 3.1.1 (I) no, 3.2.4 (II) partial, 3.3.2 (II) not observed, 3.3.3 (III) n/a.
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    let mut rows = 0;
    for rec in reader.records() {
        let mut rec: Vec<String> = rec.unwrap().iter().map(String::from).collect();
        assert_eq!(&rec[11..14], ["Acme", "HQ", "2026-Q2"]);
        assert_eq!(rec[2], "", "status starts empty");
        rec[2] = match rec[0].as_str() {
            "3.1.1" => "no",
            "3.2.4" => "Partial",
            "3.3.2" => "未確認",
            "3.3.3" => "N/A",
            _ => "yes",
        }
        .into();
        w.write_record(&rec).unwrap();
        rows += 1;
    }
    let filled = w.into_inner().unwrap();
    assert_eq!(rows, 48);
    std::fs::write(&template, filled).unwrap();
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(&template)
        .args(["--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(out).unwrap();
    let row = |scope: &str, id: &str| -> String {
        csv.lines()
            .find(|l| l.contains(&format!(",{scope},{id},")))
            .unwrap_or_else(|| panic!("no row {scope} {id}"))
            .splitn(6, ',')
            .nth(5)
            .unwrap()
            .to_string()
    };
    // Respond: weights I×5 = 15, II×5 = 10, III×1 = 1. Scored weight = 26 − 1 (3.3.3 n/a)
    // − 2 (3.3.2 not observed) = 23; earned = 23 − 3 (3.1.1 no) − 1 (3.2.4 half of 2) = 19.
    // 100 × 19 / 23 = 82.61; coverage 9 / 10; level 1 (a Priority I metric is `no`).
    assert_eq!(row("category", "respond"), "82.61,0.9,1");
    // 3.1: 3.1.1 I no, 3.1.2 I yes, 3.1.3 II yes → 100 × 5 / 8.
    assert_eq!(row("subcategory", "3.1"), "62.5,1,");
    // 3.3: only 3.3.1 scored (yes); 3.3.2 not observed, 3.3.3 n/a → coverage 1 / 2.
    assert_eq!(row("subcategory", "3.3"), "100,0.5,");
    // All yes with no evidence yet: Managed (4) is the ceiling.
    assert_eq!(row("category", "protect"), "100,1,4");
    // Overall: 17 I, 19 II, 12 III → Σw = 101; scored 98; earned 94 → 95.92;
    // coverage 46 / 47; level = min(4, 4, 1, 4).
    assert_eq!(row("overall", "overall"), "95.92,0.9787,1");
    assert_eq!(row("metric", "3.2.4"), "50,1,");
    assert_eq!(row("metric", "3.3.2"), ",0,");
    assert_eq!(row("metric", "3.3.3"), ",,");
}

#[test]
fn init_writes_japanese_questions_to_stdout() {
    imcm()
        .args(["init", "--lang", "ja", "--out", "-"])
        .assert()
        .success()
        .stdout(contains("\u{feff}メトリクス,質問,状態,"))
        .stdout(contains("\n1.1.1,組織は、"))
        // The indicators cell (quoted: one indicator a line), then org, unit
        // and quarter left empty.
        .stdout(contains("\",,,,I,防護,1.1 リスク評価\n"))
        .stdout(contains("か。"));
}

#[test]
fn validate_reports_a_summary_for_good_answers() {
    imcm()
        .arg("validate")
        .arg("--answers")
        .arg(example_answers())
        .assert()
        .success()
        .stdout(contains("ok: 380 answer rows in 1 file, 8 assessments"))
        .stdout(contains("Kitsune Logistics / Head Office / 2026-Q1: 47 of 48 metrics answered (1 will count as not observed)"));
}

#[test]
fn target_profile_changes_what_meets_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = write(dir.path(), "target.toml", "default = 2\nrespond = 4\n");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .args([
            "--unit",
            "Head Office",
            "--period",
            "2026-Q3",
            "--emit-context",
            "--target",
        ])
        .arg(&target)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let ctx: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/context.json")).unwrap(),
    )
    .unwrap();
    let summary = ctx["summary"].as_array().unwrap();
    let targets: Vec<(&str, bool)> = summary
        .iter()
        .map(|s| {
            (
                s["target"].as_str().unwrap(),
                s["meets_target"].as_bool().unwrap(),
            )
        })
        .collect();
    // Levels are 2, 3, 3, 2 (see the golden scores.csv).
    assert_eq!(
        targets,
        [("2", true), ("2", true), ("4", false), ("2", true)]
    );
}

#[test]
fn template_override_replaces_only_the_files_given() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("partials")).unwrap();
    write(
        &dir.path().join("partials"),
        "methodology.hbs",
        "<section id=\"custom-method\">{{t.methodology}}: house rules</section>",
    );
    imcm()
        .args(["demo", "--templates"])
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(html.contains("<section id=\"custom-method\">Methodology: house rules</section>"));
    assert!(
        html.contains("id=\"executive\""),
        "other templates stay built-in"
    );
}

#[test]
fn help_explains_the_commands() {
    imcm()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("imcm demo"))
        .stdout(contains("Exit codes: 0 success, 1 invalid input"));
    imcm().arg("frobnicate").assert().code(2);
}

#[test]
fn units_whose_names_simplify_alike_get_folders_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        "org,unit,period,metric,status\nAcme,A B,2026-Q1,1.1.1,yes\nAcme,a-b,2026-Q1,1.1.1,no\nAcme,a-b,2026-Q2,1.1.1,no\nACME,,2026-Q1,1.1.1,yes\nAcme,,2026-Q1,1.1.1,no\n",
    );
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(&a)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let reports: Vec<String> = files_below(&dir.path().join("out"))
        .into_iter()
        .filter(|f| f.ends_with("report.html"))
        .collect();
    assert_eq!(
        reports,
        [
            // A name that is its own folder name keeps it; any other gets
            // its simplified form and 8 hex digits of the name's SHA-256,
            // whatever else is in the run.
            "acme_37036cd8/a-b/2026-Q1/report.html",
            "acme_37036cd8/a-b/2026-Q2/report.html",
            "acme_37036cd8/a-b_fea4c5ce/2026-Q1/report.html",
            "acme_37036cd8/whole-org/2026-Q1/report.html",
            "acme_a8308e8e/whole-org/2026-Q1/report.html",
        ]
    );
    let html =
        std::fs::read_to_string(dir.path().join("out/acme_37036cd8/a-b/2026-Q2/report.html"))
            .unwrap();
    assert!(html.contains("<span class=\"unit\">a-b</span>"));
}

#[test]
fn csv_exports_keep_formula_text_inert() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        "org,unit,period,metric,status\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-SOC,2026-Q1,1.1.1,yes\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-SOC,2026-Q2,1.1.1,no\n",
    );
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(&a)
        .args(["--format", "csv"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let first = text.lines().nth(1).unwrap();
    assert!(
        first.starts_with("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'-SOC,2026-Q1,"),
        "{first}"
    );
    imcm()
        .arg("compare")
        .arg("--answers")
        .arg(&a)
        .arg("--out")
        .arg(dir.path().join("c"))
        .assert()
        .success();
    let compare = std::fs::read_to_string(dir.path().join("c/compare.csv")).unwrap();
    assert!(
        compare
            .lines()
            .skip(1)
            .all(|l| l.starts_with("\"'=HYPERLINK")),
        "{compare}"
    );
}
