//! Excel in and out: the answer template of `init --format xlsx` filled in by
//! another program (openpyxl), workbooks read with errors located by sheet,
//! row and column, and results workbooks with numbers as numbers.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{example_answers, imcm, root};
use predicates::str::contains;
use std::path::Path;
use std::process::Command;

fn openpyxl() -> Option<&'static str> {
    common::python_with("openpyxl")
}

fn score_csv(answers: &Path) -> String {
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(answers)
        .args(["--format", "csv"])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn a_template_filled_in_by_openpyxl_validates_and_scores_like_its_csv() {
    let Some(python) = openpyxl() else { return };
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("回答.xlsx");
    imcm()
        .args([
            "init", "--org", "Acme", "--unit", "本社", "--period", "2026-Q3", "--lang", "ja",
            "--out",
        ])
        .arg(&template)
        .assert()
        .success();
    let (filled, csv) = (
        dir.path().join("filled.xlsx"),
        dir.path().join("filled.csv"),
    );
    let run = Command::new(python)
        .arg(root().join("tests/fixtures/xlsx/fill_template.py"))
        .args([&template, &filled, &csv])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        "filled 48 metrics in 4 sheets"
    );
    imcm()
        .arg("validate")
        .arg("--answers")
        .arg(&filled)
        .assert()
        .success()
        .stdout(contains("Acme / 本社 / 2026-Q3: 48 of 48 metrics answered"));
    let from_xlsx = score_csv(&filled);
    assert_eq!(from_xlsx, score_csv(&csv));
    assert!(
        from_xlsx.contains("Acme,本社,2026-Q3,overall,"),
        "{from_xlsx}"
    );
    // The answers keep their sheet in their source.
    let json = imcm()
        .arg("score")
        .arg("--answers")
        .arg(&filled)
        .assert()
        .success();
    let json = String::from_utf8(json.get_output().stdout.clone()).unwrap();
    assert!(
        json.contains("filled.xlsx[対処]:2"),
        "source names the sheet"
    );
}

#[test]
fn the_template_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for name in ["a.xlsx", "b.xlsx"] {
        let p = dir.path().join(name);
        imcm()
            .args(["init", "--org", "Acme", "--period", "2026-Q3", "--out"])
            .arg(&p)
            .assert()
            .success();
        bytes.push(std::fs::read(&p).unwrap());
    }
    assert!(bytes[0] == bytes[1]);
    assert_eq!(&bytes[0][..2], b"PK", "a zip container");
    // Unfilled, it validates: every status is empty (not observed).
    imcm()
        .arg("validate")
        .arg("--answers")
        .arg(dir.path().join("a.xlsx"))
        .assert()
        .success()
        .stdout(contains("0 of 48 metrics answered"));
}

#[test]
fn workbook_errors_name_the_sheet_row_and_column() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.xlsx");
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("メモ").unwrap();
    notes
        .write_string(0, 0, "interview notes, not answers")
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("対処").unwrap();
    // A title row above the header, and the table starting in column B.
    ws.write_string(0, 1, "Respond answers").unwrap();
    for (c, h) in ["org", "unit", "period", "metric", "status"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16 + 1, *h).unwrap();
    }
    let rows = [
        ["Acme", "SOC", "2026-Q3", "3.1.1", "はい"],
        ["Acme", "SOC", "2026-Q3", "3.1.2", "maybe"],
        ["Acme", "SOC", "2026-Q3", "3.9.9", "yes"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 2, c as u16 + 1, *v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    imcm()
        .arg("validate")
        .arg("--answers")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains(
            "answers.xlsx: sheet '対処', row 4, column F ('status'): unknown status 'maybe'",
        ))
        .stderr(contains(
            "answers.xlsx: sheet '対処', row 5, column E ('metric'): unknown metric id '3.9.9'",
        ));
    // A workbook with no answer sheet says which sheets it has.
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Sheet1").unwrap();
    let empty = dir.path().join("empty.xlsx");
    wb.save(&empty).unwrap();
    imcm()
        .arg("validate")
        .arg("--answers")
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(contains(
            "no sheet has a header row with the answer columns",
        ))
        .stderr(contains("sheets: Sheet1"));
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

#[test]
fn score_and_compare_workbooks_hold_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results.xlsx");
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .args([
            "--org",
            "Kitsune Logistics",
            "--unit",
            "Head Office",
            "--period",
            "2025-Q4",
        ])
        .args(["--format", "xlsx", "--out"])
        .arg(&results)
        .assert()
        .success();
    let summary = sheet(&results, "Summary");
    // Header, 4 categories and the overall line.
    assert_eq!(summary.len(), 1 + 5);
    // Without --target there is no target column: none was agreed.
    assert_eq!(
        summary[0],
        [
            "Organisation",
            "Unit",
            "Quarter",
            "Category",
            "Score",
            "Coverage",
            "Level"
        ]
        .map(|h| Data::String(h.into()))
    );
    // Respond in Head Office 2025-Q4 scores 59.6154 (the golden scores.csv), level 2.
    let respond = summary
        .iter()
        .find(|r| r[3] == Data::String("Respond".into()))
        .unwrap();
    match respond[4] {
        Data::Float(f) => assert!((f - 59.615_384).abs() < 1e-4, "{f}"),
        ref other => panic!("score is not a number: {other:?}"),
    }
    assert_eq!(respond[6], Data::Float(2.0));
    assert_eq!(respond.len(), 7);
    // With a target profile, Respond's target 4 is 2 levels away; Detect
    // (level 2, the default 3) is 1 away.
    let target = common::write(dir.path(), "target.toml", "default = 3\nrespond = 4\n");
    let targeted = dir.path().join("targeted.xlsx");
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .args(["--unit", "Head Office", "--period", "2025-Q4", "--target"])
        .arg(&target)
        .args(["--format", "xlsx", "--out"])
        .arg(&targeted)
        .assert()
        .success();
    let summary = sheet(&targeted, "Summary");
    assert_eq!(summary[0][7], Data::String("Target".into()));
    assert_eq!(summary[0][8], Data::String("Levels to target".into()));
    let respond = summary
        .iter()
        .find(|r| r[3] == Data::String("Respond".into()))
        .unwrap();
    assert_eq!(respond[7..], [Data::Float(4.0), Data::Float(2.0)]);
    let detect = summary
        .iter()
        .find(|r| r[3] == Data::String("Detect".into()))
        .unwrap();
    assert_eq!(detect[7..], [Data::Float(3.0), Data::Float(1.0)]);
    let plan = sheet(&results, "Action plan");
    // Only metrics with something to do: 48 less 10 yes (one written Y) in
    // examples/data/answers.csv, with owner, due-date and effort columns for
    // the client.
    assert_eq!(plan.len(), 1 + 38, "metrics with something to do");
    assert_eq!(
        plan[0][6..7],
        [Data::String("Status now".into())],
        "not read back as answers"
    );
    assert_eq!(
        plan[0][13..],
        ["Effort", "Owner", "Due date"].map(|h| Data::String(h.into()))
    );
    assert!(plan[1..].iter().all(
        |r| r[6] != Data::String("Yes".into()) && r[6] != Data::String("Not applicable".into())
    ));
    // Every answered metric is on the answers sheet, which reads back.
    assert_eq!(sheet(&results, "Answers").len(), 1 + 48);
    let priorities: Vec<String> = plan[1..].iter().map(|r| r[5].to_string()).collect();
    let first_ii = priorities.iter().position(|p| p == "II").unwrap();
    assert!(
        priorities[..first_ii].iter().all(|p| p == "I"),
        "Priority I first: {priorities:?}"
    );
    assert!(
        matches!(plan[1][7], Data::Float(g) if g > 0.0),
        "weight lost is a number"
    );

    // scores xlsx needs a file
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .args(["--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(contains("give --out FILE.xlsx"));

    let out = dir.path().join("compare");
    imcm()
        .arg("compare")
        .arg("--answers")
        .arg(example_answers())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    // The latest quarter of each of the 2 units, the metrics with something
    // to do (22 in Head Office, 37 in Osaka DC in 2026-Q3).
    assert_eq!(
        sheet(&out.join("compare.xlsx"), "Action plan").len(),
        1 + 22 + 37
    );
    // Every assessment's categories and overall line.
    assert_eq!(sheet(&out.join("compare.xlsx"), "Summary").len(), 1 + 8 * 5);
    let changes = sheet(&out.join("compare.xlsx"), "Changes");
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert_eq!(changes.len(), csv.lines().count());
    for (row, line) in changes[1..].iter().zip(csv.lines().skip(1)) {
        let csv_value: f64 = line.rsplit(',').next().unwrap().parse().unwrap();
        match row[8] {
            Data::Float(f) => assert!((f - csv_value).abs() < 1e-9, "{line}"),
            ref other => panic!("{other:?} in {line}"),
        }
    }
}
