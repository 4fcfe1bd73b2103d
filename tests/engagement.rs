//! A real engagement: several interviewees combined by a consensus rule,
//! `imcm merge`, and the mistakes a consultant makes on day one caught with
//! one clear message each (grouped, with suggestions, warnings that
//! `--strict` turns into errors).

mod common;

use common::{example_answers, imcm, write};
use std::path::Path;

/// The example answers of one assessment (`org,unit,period,…` rows), with
/// the header.
fn assessment_rows(unit: &str, period: &str) -> Vec<String> {
    let text = std::fs::read_to_string(example_answers()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let mut out = vec![header];
    out.extend(
        lines
            .filter(|l| l.contains(&format!(",{unit},{period},")))
            .map(str::to_string),
    );
    out
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn a_period_written_2026_q3_on_every_row_is_one_message_with_the_quarter_it_means() {
    let dir = tempfile::tempdir().unwrap();
    let rows = assessment_rows("Head Office", "2026-Q3");
    assert_eq!(rows.len(), 49);
    let text = rows.join("\n").replace(",2026-Q3,", ",2026 Q3,");
    let file = write(dir.path(), "a.csv", &text);
    let out = imcm()
        .arg("validate")
        .arg("--answers")
        .arg(&file)
        .assert()
        .code(1);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "error: 48 problems in the answers:", "{err}");
    assert!(
        lines[1].ends_with(
            "a.csv:2-49:3: column 'period': period '2026 Q3' is not of the form YYYY-Qn (48 rows)"
        ),
        "{err}"
    );
    assert_eq!(
        lines[2],
        "  help: write 2026-Q3, the calendar quarter this means"
    );
    assert_eq!(lines.len(), 3, "{err}");
    // The same in Japanese.
    let out = imcm()
        .args(["--lang", "ja", "validate", "--answers"])
        .arg(&file)
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(
        err.contains(
            "a.csv:2-49:3: 列「period」: 期間「2026 Q3」が YYYY-Qn の形式ではありません（48 行）"
        ),
        "{err}"
    );
    assert!(
        err.contains("対処: 2026-Q3 と記入してください（この値が表す暦年の四半期です）"),
        "{err}"
    );
}

#[test]
fn other_period_forms_get_the_quarter_or_why_it_is_ambiguous() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "a.csv",
        "org,unit,period,metric,status\n\
         Acme,HQ,2026/07,1.1.1,yes\n\
         Acme,HQ,FY2026 Q2,1.1.2,yes\n\
         Acme,HQ,2026年第3四半期,1.1.3,yes\n",
    );
    let out = imcm()
        .arg("validate")
        .arg("--answers")
        .arg(&file)
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(err.contains("help: '2026/07' is a month or a day, not a quarter; the quarter holding it is 2026-Q3: write 2026-Q3"), "{err}");
    assert!(err.contains("help: 'FY2026 Q2' is a fiscal quarter, and imcm periods are calendar quarters: it is 2026-Q3 if the fiscal year starts in April (as in Japan) and 2026-Q2 if it starts in January"), "{err}");
    assert!(
        err.contains(
            "period '2026年第3四半期' is not of the form YYYY-Qn\n  help: write 2026-Q3, the calendar quarter this means"
        ),
        "{err}"
    );
}

/// Three quarters of one unit, each file spelling the unit its own way.
fn three_spellings(dir: &Path) -> Vec<std::path::PathBuf> {
    [
        ("2026-Q1", "本社CSIRT"),
        ("2026-Q2", "本社 CSIRT"),
        ("2026-Q3", "本社ＣＳＩＲＴ"),
    ]
    .iter()
    .map(|(period, unit)| {
        let text = assessment_rows("Head Office", period)
            .join("\n")
            .replace("Head Office", unit);
        write(dir, &format!("{period}.csv"), &text)
    })
    .collect()
}

#[test]
fn a_unit_spelled_three_ways_is_warned_about_and_strict_fails_writing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let files = three_spellings(dir.path());
    let out_dir = dir.path().join("cmp");
    let out = imcm()
        .arg("compare")
        .arg("--answers")
        .args(&files)
        .arg("--out")
        .arg(&out_dir)
        .assert()
        .success();
    let err = stderr(&out);
    let want = format!(
        "warning: unit '本社CSIRT' is spelled 3 ways, read as 3 different units: '本社CSIRT' ({}:2), '本社 CSIRT' ({}:2), '本社ＣＳＩＲＴ' ({}:2)",
        files[0].display(),
        files[1].display(),
        files[2].display()
    );
    assert!(err.contains(&want), "{err}");
    assert!(err.contains("help: spell it the same way in every file and quarter"));
    assert!(out_dir.join("compare.html").is_file());

    let strict_dir = dir.path().join("strict");
    let out = imcm()
        .args(["compare", "--strict", "--answers"])
        .args(&files)
        .arg("--out")
        .arg(&strict_dir)
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(err.contains(&want), "{err}");
    assert!(
        err.contains("error: 1 warning, and --strict makes warnings errors; nothing was written"),
        "{err}"
    );
    assert!(!strict_dir.exists(), "nothing is written under --strict");
    // validate too: the warning, then exit 1.
    imcm()
        .args(["--strict", "validate", "--answers"])
        .args(&files)
        .assert()
        .code(1);
}

/// Sato and Kato answer the same assessment; Kato differs on 1.1.1 (yes
/// where Sato said partial) and 1.1.2 (no where Sato said partial) and
/// leaves 1.1.3 empty. Everything else they agree on.
fn two_respondents(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let rows = assessment_rows("Head Office", "2025-Q4");
    let mut sato = vec![format!("{},respondent", rows[0])];
    let mut kato = sato.clone();
    for r in &rows[1..] {
        sato.push(format!("{r},Sato"));
        let k = if r.contains(",1.1.1,partial,") {
            r.replace(",1.1.1,partial,", ",1.1.1,yes,")
        } else if r.contains(",1.1.2,partial,") {
            r.replace(",1.1.2,partial,", ",1.1.2,no,")
        } else if r.contains(",1.1.3,") {
            let cells: Vec<&str> = r.split(',').collect();
            format!("{},{},{},1.1.3,,,,,", cells[0], cells[1], cells[2])
        } else {
            r.clone()
        };
        kato.push(format!("{k},Kato"));
    }
    (
        write(dir, "sato.csv", &sato.join("\n")),
        write(dir, "kato.csv", &kato.join("\n")),
    )
}

#[test]
fn two_respondents_combine_by_each_rule_and_every_disagreement_is_in_scores_json() {
    let dir = tempfile::tempdir().unwrap();
    let (sato, kato) = two_respondents(dir.path());
    let score = |rule: &str| -> serde_json::Value {
        let out = imcm()
            .args([
                "score",
                "--format",
                "json",
                "--consensus",
                rule,
                "--answers",
            ])
            .arg(&sato)
            .arg(&kato)
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    let metric = |doc: &serde_json::Value, id: &str| -> serde_json::Value {
        doc["assessments"][0]["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()
            .clone()
    };
    let lowest = score("lowest");
    let a = &lowest["assessments"][0];
    assert_eq!(a["respondents"], serde_json::json!(["Kato", "Sato"]));
    assert_eq!(a["disagreements"], serde_json::json!(["1.1.1", "1.1.2"]));
    assert_eq!(lowest["provenance"]["answers_consensus"], "lowest");
    let m = metric(&lowest, "1.1.1");
    assert_eq!(m["status"], "partial");
    assert_eq!(m["consensus"]["spread"], 0.5);
    assert_eq!(m["consensus"]["responses"][0]["respondent"], "Sato");
    assert_eq!(m["consensus"]["responses"][1]["status"], "yes");
    assert_eq!(
        m["consensus"]["responses"][1]["source"],
        format!("{}:2", kato.display())
    );
    assert_eq!(metric(&lowest, "1.1.2")["status"], "no");
    assert_eq!(metric(&lowest, "1.1.2")["consensus"]["spread"], 0.5);
    // Kato left 1.1.3 empty: Sato's answer stands alone, no consensus.
    assert!(metric(&lowest, "1.1.3").get("consensus").is_none());
    // Median and majority of two take the lower too: same statuses.
    for rule in ["median", "majority"] {
        let doc = score(rule);
        assert_eq!(metric(&doc, "1.1.1")["status"], "partial", "{rule}");
        assert_eq!(metric(&doc, "1.1.2")["status"], "no", "{rule}");
        assert_eq!(doc["provenance"]["answers_consensus"], rule);
    }
}

#[test]
fn merge_writes_one_sheet_with_the_conflicts_marked_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let (sato, kato) = two_respondents(dir.path());
    let merged = dir.path().join("merged.csv");
    let out = imcm()
        .args(["merge", "--answers"])
        .arg(&sato)
        .arg(&kato)
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    assert!(
        stderr(&out)
            .contains("48 rows from 2 files; respondents disagree on 2 of them (marked CONFLICT)"),
        "{}",
        stderr(&out)
    );
    let bytes = std::fs::read(&merged).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with BOM for Excel"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let head: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        head[..8],
        [
            "Organisation",
            "Unit",
            "Quarter",
            "Metric",
            "Question",
            "Status",
            "To settle",
            "Answers given"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 48);
    let r111 = rows.iter().find(|r| &r[3] == "1.1.1").unwrap();
    assert_eq!(
        (&r111[5], &r111[6], &r111[7], &r111[8]),
        (
            "partial",
            "CONFLICT",
            "Sato: partial; Kato: yes",
            "Sato, Kato"
        )
    );
    let r113 = rows.iter().find(|r| &r[3] == "1.1.3").unwrap();
    assert_eq!(&r113[6], "", "an empty answer is no conflict");
    assert_eq!(rows.iter().filter(|r| &r[6] == "CONFLICT").count(), 2);
    // The merged sheet is an answer file: it validates and scores as the
    // two files did under the same rule.
    imcm()
        .args(["validate", "--answers"])
        .arg(&merged)
        .assert()
        .success();
    let scores = |files: &[&Path]| {
        let out = imcm()
            .args(["score", "--format", "csv", "--answers"])
            .args(files)
            .assert()
            .success();
        stdout(&out)
    };
    assert_eq!(scores(&[&merged]), scores(&[&sato, &kato]));
    // Never over an input, never over an existing file without --force.
    imcm()
        .args(["merge", "--answers"])
        .arg(&sato)
        .arg(&kato)
        .arg("--out")
        .arg(&sato)
        .assert()
        .code(1);
    imcm()
        .args(["merge", "--answers"])
        .arg(&sato)
        .arg(&kato)
        .arg("--out")
        .arg(&merged)
        .assert()
        .code(1);
}

#[test]
fn explain_lists_where_respondents_disagree_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let (sato, kato) = two_respondents(dir.path());
    let run = |lang: &str| {
        let out = imcm()
            .args(["--lang", lang, "explain", "--lang", lang, "--answers"])
            .arg(&sato)
            .arg(&kato)
            .args([
                "--org",
                "Kitsune Logistics",
                "--unit",
                "Head Office",
                "--period",
                "2025-Q4",
                "--category",
                "protect",
            ])
            .assert()
            .success();
        stdout(&out)
    };
    let en = run("en");
    assert!(
        en.contains("Where respondents disagree (settled by --consensus lowest):"),
        "{en}"
    );
    assert!(
        en.contains(&format!(
            "  1.1.1 → Partial; Sato: Partial ({}:2), Kato: Yes ({}:2); spread 0.5",
            sato.display(),
            kato.display()
        )),
        "{en}"
    );
    let ja = run("ja");
    assert!(ja.contains("1.1.2：「いいえ」。回答：Sato「一部」"), "{ja}");
}

#[test]
fn a_conflicting_duplicate_without_respondents_shows_both_statuses_and_how_to_combine() {
    let dir = tempfile::tempdir().unwrap();
    let rows = assessment_rows("Head Office", "2025-Q4");
    let a = write(dir.path(), "a.csv", &rows.join("\n"));
    let b_text = rows.join("\n").replace(",1.1.1,partial,", ",1.1.1,no,");
    let b = write(dir.path(), "b.csv", &b_text);
    let out = imcm()
        .args(["validate", "--answers"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(err.contains(&format!("column 'metric': conflicting answers for metric 1.1.1 in Kitsune Logistics / Head Office / 2025-Q4: 'no' here, 'partial' at {}:2", a.display())), "{err}");
    // The 47 rows b.csv repeats are one message with their rows.
    assert!(err.contains(&format!("b.csv:3-49:4: column 'metric': duplicate answer: {} already gives this metric the same status for Kitsune Logistics / Head Office / 2025-Q4 (47 rows)", a.display())), "{err}");
    assert_eq!(err.matches("help:").count(), 2, "{err}");
    assert!(err.contains("name each in a `respondent` column"), "{err}");
}

#[test]
fn the_japanese_result_workbook_reads_back_as_answers() {
    let dir = tempfile::tempdir().unwrap();
    let rows = assessment_rows("Osaka DC", "2026-Q3");
    let a = write(dir.path(), "a.csv", &rows.join("\n"));
    let book = dir.path().join("結果.xlsx");
    imcm()
        .args(["score", "--format", "xlsx", "--lang", "ja", "--answers"])
        .arg(&a)
        .arg("--out")
        .arg(&book)
        .assert()
        .success();
    // Its action plan has the columns 組織, 部門, 四半期, メトリクス, 状態, 根拠 …
    let out = imcm()
        .args(["validate", "--answers"])
        .arg(&book)
        .assert()
        .success();
    assert!(
        stdout(&out).contains("Kitsune Logistics / Osaka DC / 2026-Q3: 48 of 48 metrics answered"),
        "{}",
        stdout(&out)
    );
    let scores = |f: &Path| {
        stdout(
            &imcm()
                .args(["score", "--format", "csv", "--answers"])
                .arg(f)
                .assert()
                .success(),
        )
        .replace(&f.display().to_string(), "F")
    };
    assert_eq!(scores(&book), scores(&a));
}

/// Three respondents on every Respond metric (imcm-v0.1: priority I weighs
/// 3, II 2, III 1; yes 1, partial 0.5, no 0 points).
const THREE: &[(&str, &str, [&str; 3])] = &[
    ("3.1.1", "I", ["yes", "partial", "yes"]),
    ("3.1.2", "I", ["no", "yes", "yes"]),
    ("3.1.3", "II", ["yes", "no", "partial"]),
    ("3.2.1", "I", ["yes", "yes", "yes"]),
    ("3.2.2", "I", ["yes", "yes", "not_applicable"]),
    ("3.2.3", "I", ["partial", "partial", "partial"]),
    ("3.2.4", "II", ["yes", "yes", "yes"]),
    ("3.2.5", "II", ["yes", "no", "no"]),
    ("3.3.1", "II", ["partial", "yes", "yes"]),
    ("3.3.2", "II", ["yes", "yes", "yes"]),
    ("3.3.3", "III", ["yes", "", "partial"]),
];

#[test]
fn three_respondents_give_each_rule_its_hand_computed_score() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<std::path::PathBuf> = ["Sato", "Kato", "Ito"]
        .iter()
        .enumerate()
        .map(|(i, who)| {
            let mut text = String::from("org,unit,period,metric,status,respondent\n");
            for (metric, _, said) in THREE {
                text.push_str(&format!("Acme,SOC,2026-Q3,{metric},{},{who}\n", said[i]));
            }
            write(dir.path(), &format!("{who}.csv"), &text)
        })
        .collect();
    let respond = |rule: &str| -> String {
        let out = imcm()
            .args(["score", "--format", "csv", "--consensus", rule, "--answers"])
            .args(&files)
            .assert()
            .success();
        stdout(&out)
            .lines()
            .find(|l| l.contains(",category,respond,"))
            .unwrap()
            .to_string()
    };
    // Earned weight out of 26 (5 × 3 + 5 × 2 + 1), worked out per metric:
    // lowest   1.5+0+0+3+3+1.5+2+0+1+2+0.5 = 14.5 → 55.77
    // median   3+3+1+3+3+1.5+2+0+2+2+0.5   = 21   → 80.77
    // majority 3+3+0+3+3+1.5+2+0+2+2+0.5   = 20   → 76.92 (3.1.3: one vote each, the lowest)
    assert!(
        respond("lowest").starts_with("Acme,SOC,2026-Q3,category,respond,55.77,1,"),
        "{}",
        respond("lowest")
    );
    assert!(respond("median").starts_with("Acme,SOC,2026-Q3,category,respond,80.77,1,"));
    assert!(respond("majority").starts_with("Acme,SOC,2026-Q3,category,respond,76.92,1,"));
    let out = imcm()
        .args(["score", "--format", "json", "--answers"])
        .args(&files)
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        doc["assessments"][0]["disagreements"],
        serde_json::json!([
            "3.1.1", "3.1.2", "3.1.3", "3.2.2", "3.2.5", "3.3.1", "3.3.3"
        ])
    );
    let m = doc["assessments"][0]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "3.1.3")
        .unwrap();
    assert_eq!(m["consensus"]["spread"], 1.0, "yes vs no");
}
