//! The interview workflow end to end, as a consultant runs it for a
//! Japanese client: one workbook per interviewee (`init --lang ja
//! --respondent --category`), each filled in by openpyxl as the interviewee
//! would, then `validate`, `report` under each consensus rule and `merge`.
//! Three interviewees: 佐藤 answers Protect and Detect, 加藤 Respond and
//! Sustain, and 伊藤 Respond again with four different answers.

mod common;

use common::{imcm, root};
use std::path::{Path, PathBuf};
use std::process::Command;

fn python_with_openpyxl() -> bool {
    common::python_with("openpyxl").is_some()
}

/// The metric ids of a category of the built-in questionnaire, in order.
fn metrics_of(category_prefix: &str) -> Vec<String> {
    let out = imcm()
        .args(["questionnaire", "show", "--format", "json"])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    doc["metric"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .filter(|id| id.starts_with(category_prefix))
        .collect()
}

/// Write `who`'s workbook for `categories`, fill it with `answers` (metric
/// → status label, evidence, indicators) and return the filled file.
fn interview(
    dir: &Path,
    who: &str,
    categories: &[&str],
    answers: &serde_json::Value,
    day: &str,
) -> PathBuf {
    let template = dir.join(format!("{who}-blank.xlsx"));
    let mut init = imcm();
    init.args(["init", "--lang", "ja", "--org", "本社", "--unit", "CSIRT"])
        .args(["--period", "2026-Q3", "--respondent", who]);
    for c in categories {
        init.args(["--category", c]);
    }
    init.arg("--out").arg(&template).assert().success();
    let spec = dir.join(format!("{who}.json"));
    let doc = serde_json::json!({"assessor": "山田", "date": day, "answers": answers});
    std::fs::write(&spec, doc.to_string()).unwrap();
    let filled = dir.join(format!("{who}.xlsx"));
    let out = Command::new("python3")
        .arg(root().join("tests/fixtures/xlsx/fill_interview.py"))
        .arg(&template)
        .arg(&filled)
        .arg(&spec)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert_eq!(
        n,
        answers.as_object().unwrap().len(),
        "every answer found its row"
    );
    filled
}

/// Everyone answers はい except where `except` says otherwise.
fn answers(ids: &[String], except: &[(&str, &str)]) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for id in ids {
        let status = except
            .iter()
            .find(|(m, _)| m == id)
            .map_or("はい", |(_, s)| *s);
        map.insert(
            id.clone(),
            serde_json::json!([status, format!("{id} の記録を確認"), "1"]),
        );
    }
    serde_json::Value::Object(map)
}

struct Engagement {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    files: Vec<PathBuf>,
}

fn engagement() -> Option<Engagement> {
    if !python_with_openpyxl() {
        return None;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let mut pd = metrics_of("1.");
    pd.extend(metrics_of("2."));
    let respond = metrics_of("3.");
    let mut rs = respond.clone();
    rs.extend(metrics_of("4."));
    assert_eq!((pd.len(), respond.len(), rs.len()), (21, 11, 27));
    let sato = interview(
        &dir,
        "佐藤",
        &["protect", "detect"],
        &answers(&pd, &[]),
        "2026-07-06",
    );
    let kato = interview(
        &dir,
        "加藤",
        &["respond", "sustain"],
        &answers(&rs, &[("3.3.3", "一部")]),
        "2026-07-08",
    );
    let ito = interview(
        &dir,
        "伊藤",
        &["respond"],
        &answers(
            &respond,
            &[
                ("3.1.1", "一部"),
                ("3.1.2", "いいえ"),
                ("3.2.4", "いいえ"),
                ("3.3.3", "該当なし"),
            ],
        ),
        "2026-07-09",
    );
    Some(Engagement {
        _dir: tmp,
        dir,
        files: vec![sato, kato, ito],
    })
}

fn scores(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("scores.json")).unwrap()).unwrap()
}

fn category(doc: &serde_json::Value, key: &str) -> f64 {
    doc["assessments"][0]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == key)
        .unwrap()["score"]
        .as_f64()
        .unwrap()
}

#[test]
fn three_interviewees_are_consolidated_by_each_rule_as_computed_by_hand() {
    let Some(e) = engagement() else { return };
    let out = imcm()
        .args(["--lang", "ja", "validate", "--answers"])
        .args(&e.files)
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("本社 / CSIRT / 2026-Q3: 48 of 48") || text.contains("48"),
        "{text}"
    );
    assert!(
        text.contains("11 件のメトリクスに複数の回答者が回答し、うち 4 件で回答が食い違っています"),
        "{text}"
    );
    // Respond, weights I 3, II 2, III 1 (26 in all). 加藤 said yes to all
    // but 3.3.3 (partial); 伊藤 partial on 3.1.1 (I), no on 3.1.2 (I) and
    // 3.2.4 (II), not applicable on 3.3.3 (III). Two answers each: every
    // rule takes the lower, and 3.3.3 takes the one scored answer.
    // Earned: 1.5 + 0 + 2 + 3 + 3 + 3 + 0 + 2 + 2 + 2 + 0.5 = 19 of 26.
    let respond = 100.0 * 19.0 / 26.0;
    // Overall: Protect 29, Detect 15, Sustain 31 of weight all earned, and
    // Respond 19 of 26: 94 of 101.
    let overall = 100.0 * 94.0 / 101.0;
    for rule in ["lowest", "median", "majority"] {
        let out_dir = e.dir.join(format!("report-{rule}"));
        imcm()
            .args(["report", "--lang", "ja", "--consensus", rule, "--answers"])
            .args(&e.files)
            .arg("--out")
            .arg(&out_dir)
            .assert()
            .success();
        let doc = scores(&out_dir);
        let a = &doc["assessments"][0];
        assert!((category(&doc, "respond") - respond).abs() < 1e-3, "{rule}");
        assert_eq!(category(&doc, "protect"), 100.0);
        assert_eq!(category(&doc, "sustain"), 100.0);
        assert!((a["overall"]["score"].as_f64().unwrap() - overall).abs() < 1e-3);
        assert_eq!(
            a["disagreements"],
            serde_json::json!(["3.1.1", "3.1.2", "3.2.4", "3.3.3"])
        );
        assert_eq!(
            a["respondents"],
            serde_json::json!(["伊藤", "佐藤", "加藤"])
        );
        assert_eq!(a["assessors"], serde_json::json!(["山田"]));
        assert_eq!(a["assessed_on"], "2026-07-09");
        assert_eq!(doc["provenance"]["answers_consensus"], rule);
        let m312 = a["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == "3.1.2")
            .unwrap();
        assert_eq!(m312["status"], "no");
        assert_eq!(m312["consensus"]["spread"], 1.0);
        let said: Vec<(&str, &str)> = m312["consensus"]["responses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["respondent"].as_str().unwrap(),
                    r["status"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(said, [("加藤", "yes"), ("伊藤", "no")]);
        // The report says where they disagree, naming who said what.
        let html = std::fs::read_to_string(
            common::files_below(&out_dir)
                .iter()
                .find(|f| f.ends_with("report.html"))
                .map(|f| out_dir.join(f))
                .unwrap(),
        )
        .unwrap();
        let start = html
            .find(r#"<section class="page disagreements""#)
            .expect("a disagreements section");
        let section = &html[start..start + html[start..].find("</section>").unwrap()];
        assert!(section.contains("回答者間で回答が分かれた項目"));
        let ids: Vec<&str> = section
            .split(r#"<td class="id">"#)
            .skip(1)
            .map(|rest| &rest[..rest.find('<').unwrap()])
            .collect();
        assert_eq!(ids, ["3.1.1", "3.1.2", "3.2.4", "3.3.3"], "{rule}");
        let row_312 = &section[section.find(r#"<td class="id">3.1.2<"#).unwrap()..];
        let row_312 = &row_312[..row_312.find("</tr>").unwrap()];
        for said in ["加藤", "はい", "伊藤", "いいえ", ">1<"] {
            assert!(row_312.contains(said), "{said} in {row_312}");
        }
        // Every rule verifies against its own record.
        imcm().arg("verify").arg(&out_dir).assert().success();
    }
}

#[test]
fn the_merged_workbook_scores_as_the_three_workbooks_and_marks_the_four_conflicts() {
    let Some(e) = engagement() else { return };
    let merged = e.dir.join("merged.xlsx");
    imcm()
        .args(["merge", "--lang", "ja", "--answers"])
        .args(&e.files)
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    let check = Command::new("python3")
        .arg("-c")
        .arg(
            "import openpyxl,sys\n\
             ws=openpyxl.load_workbook(sys.argv[1]).worksheets[0]\n\
             h=[c.value for c in ws[1]]\n\
             m,k=h.index('メトリクス'),h.index('要確認')\n\
             rows=[r for r in ws.iter_rows(min_row=2,values_only=True)]\n\
             print(len(rows), ws.freeze_panes, ','.join(r[m] for r in rows if r[k]))",
        )
        .arg(&merged)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&check.stdout).trim(),
        "48 E2 3.1.1,3.1.2,3.2.4,3.3.3"
    );
    let score = |files: &[PathBuf]| {
        let out = imcm()
            .args(["score", "--format", "csv", "--answers"])
            .args(files)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    assert_eq!(score(&[merged]), score(&e.files));
}
