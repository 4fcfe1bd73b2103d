//! The interview workbook and CSV template of `imcm init` as an interviewee
//! and a consultant meet them (issue 13, point 1): headers in the chosen
//! language, id and question frozen at the left, the guidance and numbered
//! indicators beside the answers, a cover for the interviewee and a sheet
//! for the assessor, `--respondent` and `--category`, a CSV with a BOM and
//! the same columns, and the evidence-request list. The workbooks are read
//! by openpyxl, not by imcm.

mod common;

use common::{imcm, root};
use imcm::model::{IndicatorKind, Questionnaire};
use predicates::str::contains;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The Japanese headers of the template, in order.
const JA_HEADERS: [&str; 17] = [
    "メトリクス",
    "質問",
    "状態",
    "確認できた指標",
    "根拠",
    "コメント",
    "回答者",
    "評価者",
    "評価日",
    "確認の手引き",
    "指標",
    "組織",
    "部門",
    "四半期",
    "優先度",
    "カテゴリ",
    "サブカテゴリ",
];

fn openpyxl() -> Option<&'static str> {
    common::python_with("openpyxl")
}

fn questionnaire() -> Questionnaire {
    imcm::input::questionnaire::load("imcm-v0.1")
        .unwrap()
        .questionnaire
}

/// Metrics of category `key` in the built-in questionnaire.
fn metrics_in(q: &Questionnaire, key: &str) -> usize {
    q.metrics_in_category(q.category(key).unwrap()).count()
}

/// The workbook as openpyxl reads it (see `inspect_workbook.py`).
fn inspect(python: &str, book: &Path) -> Value {
    let out = Command::new(python)
        .arg(root().join("tests/fixtures/xlsx/inspect_workbook.py"))
        .arg(book)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn titles(book: &Value) -> Vec<&str> {
    book["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect()
}

fn sheet<'a>(book: &'a Value, title: &str) -> &'a Value {
    book["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == title)
        .unwrap_or_else(|| panic!("no sheet {title}"))
}

/// The values of row `r` (0 = header) of a sheet.
fn values(sheet: &Value, r: usize) -> Vec<String> {
    sheet["rows"][r]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["v"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Every text of a sheet, joined.
fn all_text(sheet: &Value) -> String {
    (0..sheet["rows"].as_array().unwrap().len())
        .map(|r| values(sheet, r).join("\n"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The numbered indicator list of metric `id` as the template should show it.
fn numbered(q: &Questionnaire, id: &str) -> String {
    q.metric(id)
        .unwrap()
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let mark = if ind.required {
                "（「はい」の条件）"
            } else {
                ""
            };
            format!("{}. {}{mark}", i + 1, ind.text.ja)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn init(dir: &Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let out = dir.join(name);
    imcm()
        .arg("init")
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

#[test]
fn the_japanese_workbook_has_japanese_headers_with_id_and_question_frozen_at_the_left() {
    let Some(python) = openpyxl() else { return };
    let q = questionnaire();
    let dir = tempfile::tempdir().unwrap();
    let book = init(
        dir.path(),
        "回答.xlsx",
        &[
            "--org", "Acme", "--unit", "本社", "--period", "2026-Q3", "--lang", "ja",
        ],
    );
    let book = inspect(python, &book);
    assert_eq!(
        titles(&book),
        ["記入方法", "防護", "検出", "対処", "維持", "評価者向け"]
    );
    for (title, key) in [
        ("防護", "protect"),
        ("検出", "detect"),
        ("対処", "respond"),
        ("維持", "sustain"),
    ] {
        let s = sheet(&book, title);
        assert_eq!(values(s, 0), JA_HEADERS, "{title}");
        assert_eq!(s["freeze"], "C2", "{title}: frozen at the status column");
        assert_eq!(s["protected"], true);
        let n = metrics_in(&q, key);
        assert_eq!(s["rows"].as_array().unwrap().len(), n + 1, "{title}");
        let list: Vec<&Value> = s["validations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["type"] == "list")
            .collect();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0]["formula1"], "\"はい,一部,いいえ,該当なし,未確認\"");
        assert_eq!(list[0]["sqref"], format!("C2:C{}", n + 1));
        // Indicators met: a prompt, no restriction.
        let met = s["validations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["sqref"] == format!("D2:D{}", n + 1))
            .expect("a prompt on the indicators-met column");
        assert!(met["prompt"].as_str().unwrap().contains("1, 3"));
    }
    let respond = sheet(&book, "対処");
    // The first metric of 対処 is 3.1.1: its question, guidance and
    // numbered indicators come from the questionnaire, in Japanese.
    let m = q.metric("3.1.1").unwrap();
    let row = values(respond, 1);
    assert_eq!(row[0], "3.1.1");
    assert_eq!(row[1], m.question.ja);
    assert_eq!(row[9], m.guidance.ja);
    assert_eq!(row[10], numbered(&q, "3.1.1"));
    assert!(row[10].starts_with("1. ") && row[10].contains("\n2. "));
    assert_eq!(
        row[11..17],
        [
            "Acme",
            "本社",
            "2026-Q3",
            "I",
            "対処",
            "3.1 インシデント報告"
        ]
    );
    // Locked: id, question, guidance, indicators and the pre-filled
    // reference columns; open: what the interviewee writes. Every cell wraps.
    let cells = respond["rows"][1].as_array().unwrap();
    let locked: Vec<bool> = cells.iter().map(|c| c["locked"] == true).collect();
    assert_eq!(
        locked,
        [
            true, true, false, false, false, false, false, false, false, true, true, true, true,
            true, true, true, true
        ],
        "no --respondent: the respondent cell (G) is open"
    );
    assert!(cells.iter().all(|c| c["wrap"] == true));
    // Sized columns: the question, evidence, comment, guidance and indicators are wide.
    let width = |col: &str| respond["widths"][col].as_f64().unwrap();
    for col in ["B", "E", "F", "J", "K"] {
        assert!(width(col) >= 40.0, "{col}: {}", width(col));
    }
    assert!(width("A") < 12.0);
    // The cover speaks to the interviewee, the last sheet to the assessor.
    let cover = all_text(sheet(&book, "記入方法"));
    assert!(!cover.contains("imcm"), "{cover}");
    for words in [
        "確認できた指標",
        "根拠",
        "はい：",
        "組織：Acme",
        "四半期：2026-Q3",
    ] {
        assert!(cover.contains(words), "{words}: {cover}");
    }
    let assessor = all_text(sheet(&book, "評価者向け"));
    assert!(assessor.contains("imcm validate --answers"), "{assessor}");
    assert!(assessor.contains("imcm-v0.1 0.1.0"), "{assessor}");
}

#[test]
fn a_respondent_and_a_category_give_that_area_only_with_the_respondent_locked() {
    let Some(python) = openpyxl() else { return };
    let q = questionnaire();
    let dir = tempfile::tempdir().unwrap();
    let path = init(
        dir.path(),
        "田中.xlsx",
        &[
            "--org",
            "Acme",
            "--unit",
            "本社",
            "--period",
            "2026-Q3",
            "--respondent",
            "田中",
            "--category",
            "respond",
            "--lang",
            "ja",
        ],
    );
    let book = inspect(python, &path);
    assert_eq!(titles(&book), ["記入方法", "対処", "評価者向け"]);
    let respond = sheet(&book, "対処");
    let rows = respond["rows"].as_array().unwrap();
    assert_eq!(rows.len(), metrics_in(&q, "respond") + 1);
    for row in &rows[1..] {
        assert_eq!(row[6]["v"], "田中");
        assert_eq!(row[6]["locked"], true);
    }
    assert!(all_text(sheet(&book, "記入方法")).contains("回答者：田中"));
    // Fill it in with openpyxl as the interviewee would, by the labels of
    // the drop-down: はい everywhere except 3.1.1 いいえ (I), 3.2.4 一部 (II),
    // 3.3.2 未確認 (II), 3.3.3 該当なし (III).
    let filled = dir.path().join("filled.xlsx");
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["対処"]
labels = {"3.1.1": "いいえ", "3.2.4": "一部", "3.3.2": "未確認", "3.3.3": "該当なし"}
for r in range(2, ws.max_row + 1):
    ws.cell(r, 3).value = labels.get(ws.cell(r, 1).value, "はい")
    ws.cell(r, 4).value = "1, 3"
    ws.cell(r, 8).value = "山田"
wb.save(sys.argv[2])
# The sheet saved as Excel's "CSV UTF-8" would: a BOM, CRLF, its own headers.
import csv
with open(sys.argv[3], "w", newline="", encoding="utf-8-sig") as f:
    csv.writer(f).writerows([["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)])
"#;
    let saved = dir.path().join("対処.csv");
    let run = Command::new(python)
        .args(["-c", script])
        .arg(&path)
        .arg(&filled)
        .arg(&saved)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    imcm()
        .arg("validate")
        .arg("--answers")
        .arg(&filled)
        .assert()
        .success()
        .stdout(contains(format!(
            "Acme / 本社 / 2026-Q3: {} of 48 metrics answered",
            metrics_in(&q, "respond")
        )));
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(&filled)
        .args(["--format", "csv"])
        .assert()
        .success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let from_saved = imcm()
        .arg("score")
        .arg("--answers")
        .arg(&saved)
        .args(["--format", "csv"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(from_saved.get_output().stdout.clone()).unwrap(),
        csv,
        "the sheet saved as CSV scores as the workbook"
    );
    // Respond: weights I×5 = 15, II×5 = 10, III×1 = 1; scored 26 − 1 (3.3.3
    // n/a) − 2 (3.3.2 not observed) = 23; earned 23 − 3 (3.1.1 no) − 1
    // (3.2.4 half of 2) = 19 → 100 × 19 / 23 = 82.61; coverage 9 / 10; level 1.
    assert!(
        csv.contains("Acme,本社,2026-Q3,category,respond,82.61,0.9,1\n"),
        "{csv}"
    );
    // The other categories were not in this workbook: not observed, no score.
    assert!(
        csv.contains("Acme,本社,2026-Q3,category,protect,,0,0\n"),
        "{csv}"
    );
}

#[test]
fn categories_are_chosen_by_key_in_questionnaire_order_and_an_unknown_one_is_refused() {
    let Some(python) = openpyxl() else { return };
    let q = questionnaire();
    let two = metrics_in(&q, "protect") + metrics_in(&q, "sustain");
    let dir = tempfile::tempdir().unwrap();
    for args in [
        ["--category", "sustain", "--category", "protect"],
        ["--category", "sustain,protect", "--lang", "en"],
    ] {
        let path = dir.path().join("two.xlsx");
        imcm()
            .arg("init")
            .args(args)
            .arg("--force")
            .arg("--out")
            .arg(&path)
            .assert()
            .success()
            .stderr(contains(format!("({two} metrics)")));
        let book = inspect(python, &path);
        assert_eq!(
            titles(&book),
            ["How to fill in", "Protect", "Sustain", "For the assessor"]
        );
    }
    let bad = dir.path().join("bad.xlsx");
    imcm()
        .args(["init", "--category", "recover", "--out"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(contains(
            "error: --category 'recover' is not a category of the questionnaire\n  help: use one of its keys: protect, detect, respond, sustain",
        ));
    imcm()
        .args(["--lang", "ja", "init", "--category", "対処", "--out"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(contains(
            "--category「対処」は質問票のカテゴリではありません\n  対処: 次のキーのいずれかを指定してください：protect, detect, respond, sustain",
        ));
    assert!(!bad.exists(), "nothing written");
}

#[test]
fn the_csv_template_has_a_bom_and_the_same_header_and_rows_as_the_workbook() {
    let Some(python) = openpyxl() else { return };
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--org",
        "Acme",
        "--period",
        "2026-Q3",
        "--respondent",
        "=cmd",
        "--lang",
        "ja",
    ];
    let csv_path = init(dir.path(), "t.csv", &args);
    let xlsx_path = init(dir.path(), "t.xlsx", &args);
    let bytes = std::fs::read(&csv_path).unwrap();
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf");
    let book = inspect(python, &xlsx_path);
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, JA_HEADERS);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let mut from_book = Vec::new();
    for title in ["防護", "検出", "対処", "維持"] {
        let s = sheet(&book, title);
        assert_eq!(values(s, 0), header);
        for r in 1..s["rows"].as_array().unwrap().len() {
            from_book.push(values(s, r));
        }
    }
    assert_eq!(rows.len(), 48);
    // The same cells, except the respondent: a formula-like name stays
    // inert in the CSV (text in the workbook needs no apostrophe).
    for (csv_row, book_row) in rows.iter().zip(&from_book) {
        assert_eq!(csv_row[6], "'=cmd");
        assert_eq!(book_row[6], "=cmd");
        assert_eq!(csv_row[..6], book_row[..6]);
        assert_eq!(csv_row[7..], book_row[7..]);
    }
    // The English CSV: the same columns, English headers, no machine key.
    let en = init(dir.path(), "en.csv", &["--lang", "en"]);
    let mut reader = csv::Reader::from_path(&en).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..6],
        [
            "Metric",
            "Question",
            "Status",
            "Indicators met",
            "Evidence",
            "Comment"
        ]
    );
    assert_eq!(header[9..11], ["How to check", "Indicators"]);
    assert_eq!(header.len(), JA_HEADERS.len());
}

#[test]
fn a_csv_saved_from_the_japanese_template_with_its_own_headers_validates_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    let path = init(
        dir.path(),
        "回答.csv",
        &[
            "--org", "Acme", "--unit", "本社", "--period", "2026-Q3", "--lang", "ja",
        ],
    );
    let bytes = std::fs::read(&path).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header = reader.headers().unwrap().clone();
    let at = |h: &str| header.iter().position(|x| x == h).unwrap();
    // Filled in Japanese as a user would, saved by Excel as "CSV UTF-8":
    // a BOM and CRLF line ends, the template's own headers.
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xef\xbb\xbf".to_vec());
    w.write_record(&header).unwrap();
    for rec in reader.records() {
        let mut rec: Vec<String> = rec.unwrap().iter().map(String::from).collect();
        rec[at("状態")] = match rec[at("メトリクス")].as_str() {
            "3.1.1" => "いいえ",
            "3.2.4" => "一部",
            "3.3.2" => "未確認",
            "3.3.3" => "該当なし",
            _ => "はい",
        }
        .into();
        rec[at("確認できた指標")] = "1, 2".into();
        rec[at("評価者")] = "山田".into();
        rec[at("評価日")] = "2026-09-15".into();
        w.write_record(&rec).unwrap();
    }
    let filled = dir.path().join("filled.csv");
    std::fs::write(&filled, w.into_inner().unwrap()).unwrap();
    imcm()
        .arg("validate")
        .arg("--answers")
        .arg(&filled)
        .assert()
        .success()
        .stdout(contains("ok: 48 answer rows in 1 file, 1 assessment"))
        .stdout(contains("Acme / 本社 / 2026-Q3: 48 of 48 metrics answered"));
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(&filled)
        .args(["--format", "csv"])
        .assert()
        .success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // As in tests/cli.rs: respond 19 / 23; overall Σw 101, scored 98, earned
    // 94 → 95.92, coverage 46 / 47, level min(4, 4, 1, 4) = 1.
    assert!(csv.contains(",category,respond,82.61,0.9,1\n"), "{csv}");
    assert!(csv.contains(",overall,overall,95.92,0.9787,1\n"), "{csv}");
}

#[test]
fn the_evidence_request_lists_each_artifact_with_its_indicator_number() {
    let q = questionnaire();
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("依頼.csv");
    imcm()
        .args([
            "init",
            "--evidence-request",
            "--category",
            "respond",
            "--lang",
            "ja",
            "--out",
        ])
        .arg(&csv_path)
        .assert()
        .success();
    let respond = q.category("respond").unwrap();
    let expected: Vec<(String, usize, String)> = q
        .metrics_in_category(respond)
        .flat_map(|m| {
            m.indicators
                .iter()
                .enumerate()
                .filter(|(_, i)| i.kind == IndicatorKind::Artifact)
                .map(|(n, i)| (m.id.clone(), n + 1, i.text.ja.clone()))
        })
        .collect();
    assert!(!expected.is_empty());
    let bytes = std::fs::read(&csv_path).unwrap();
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf");
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..4],
        [
            "メトリクス",
            "質問",
            "指標番号",
            "準備していただく資料・記録"
        ]
    );
    let rows: Vec<(String, usize, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[2].parse().unwrap(), r[3].to_string())
        })
        .collect();
    assert_eq!(rows, expected);
    // The same list as a workbook, with the table under a title.
    let Some(python) = openpyxl() else { return };
    let xlsx_path = dir.path().join("依頼.xlsx");
    imcm()
        .args([
            "init",
            "--evidence-request",
            "--category",
            "respond",
            "--org",
            "Acme",
            "--lang",
            "ja",
            "--out",
        ])
        .arg(&xlsx_path)
        .assert()
        .success()
        .stderr(contains(format!("依頼する資料 {} 件", expected.len())));
    let book = inspect(python, &xlsx_path);
    assert_eq!(titles(&book), ["準備資料"]);
    let s = sheet(&book, "準備資料");
    let all = s["rows"].as_array().unwrap();
    let head = (0..all.len())
        .find(|&r| values(s, r).first().is_some_and(|v| v == "メトリクス"))
        .unwrap();
    assert_eq!(values(s, head), header);
    assert_eq!(all.len() - head - 1, expected.len());
    let first = values(s, head + 1);
    assert_eq!(
        (first[0].as_str(), first[3].as_str()),
        (expected[0].0.as_str(), expected[0].2.as_str())
    );
    assert!(all_text(s).contains("組織：Acme"));
    assert_eq!(s["freeze"], format!("C{}", head + 2));
}
