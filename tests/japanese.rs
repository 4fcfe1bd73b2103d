//! Messages on the command line in Japanese: with `--lang ja`, or when the
//! locale says so (`LANG=ja_JP.UTF-8`).

mod common;

use common::{example_answers, imcm, write};
use predicates::str::contains;

const BAD: &str =
    "org,unit,period,metric,status\nAcme,本社,2026-Q1,1.1.1,maybe\nAcme,本社,2026Q1,1.1.9,yes\n";

#[test]
fn answer_problems_are_explained_in_japanese_under_a_japanese_locale() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "回答.csv", BAD);
    imcm()
        .env("LANG", "ja_JP.UTF-8")
        .arg("validate")
        .arg("--answers")
        .arg(&a)
        .assert()
        .code(1)
        .stderr(contains("エラー: 回答に 3 件の問題があります："))
        .stderr(contains(
            "回答.csv:2:5: 列「status」: 状態「maybe」は使えません",
        ))
        .stderr(contains("  対処: 次のいずれかを使ってください：yes (y,"))
        .stderr(contains(
            "回答.csv:3:3: 列「period」: 期間「2026Q1」が YYYY-Qn の形式ではありません",
        ))
        .stderr(contains(
            "質問票 imcm-v0.1 にメトリクス ID「1.1.9」はありません",
        ))
        .stderr(contains("「1.1.1」のことですか？"));
    // --lang en wins over the locale.
    imcm()
        .env("LANG", "ja_JP.UTF-8")
        .args(["validate", "--lang", "en", "--answers"])
        .arg(&a)
        .assert()
        .code(1)
        .stderr(contains("error: 3 problems in the answers:"));
}

#[test]
fn lang_ja_gives_japanese_progress_and_results() {
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .args(["validate", "--lang", "ja", "--answers"])
        .arg(example_answers())
        .assert()
        .success()
        .stdout(contains("OK：回答 380 行、1 ファイル、8 件の評価（imcm-v0.1 0.1.0）"))
        .stdout(contains("Kitsune Logistics / Head Office / 2026-Q1：48 件中 47 件のメトリクスに回答（1 件は未確認として扱います）"));
    let out = dir.path().join("out");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .args(["--lang", "ja", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("8 件のレポート、"))
        .stderr(contains("を書き出しました"));
    // Errors about outputs and filters too.
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .args(["--lang", "ja", "--period", "2030-Q1", "--out"])
        .arg(dir.path().join("none"))
        .assert()
        .code(1)
        .stderr(contains(
            "エラー: --period 2030-Q1 に一致する評価がありません",
        ))
        .stderr(contains("対処: 入力にある評価："));
    imcm()
        .env("LANG", "ja_JP.UTF-8")
        .args(["score", "--questionnaire", "no-such-model", "--answers"])
        .arg(example_answers())
        .assert()
        .code(1)
        .stderr(contains("質問票「no-such-model」が見つかりません"));
}

#[test]
fn workbook_and_encoding_problems_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = "org,unit,period,metric,status\n本社,x,2026-Q1,1.1.1,yes\n"
        .as_bytes()
        .to_vec();
    let offset = bytes.len() + "Acme,".len();
    bytes.extend_from_slice(b"Acme,\x80,2026-Q1,1.1.2,yes\n");
    let broken = common::write_bytes(dir.path(), "broken.csv", &bytes);
    imcm()
        .env("LANG", "ja_JP.UTF-8")
        .arg("validate")
        .arg("--answers")
        .arg(&broken)
        .assert()
        .code(1)
        .stderr(contains(format!(
            "broken.csv:3: ファイルは UTF-8 として正しくありません：バイトオフセット {offset} に不正なバイト列 0x80"
        )))
        .stderr(contains("--encoding で文字コードを指定してください"));

    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("対処").unwrap();
    for (c, h) in ["org", "unit", "period", "metric", "status"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["Acme", "SOC", "2026-Q3", "3.1.1", "たぶん"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    let x = dir.path().join("answers.xlsx");
    wb.save(&x).unwrap();
    imcm()
        .args(["validate", "--lang", "ja", "--answers"])
        .arg(&x)
        .assert()
        .code(1)
        .stderr(contains(
            "answers.xlsx: シート「対処」2 行目 E 列（status）: 状態「たぶん」は使えません",
        ));
}

#[test]
fn explain_and_questionnaire_show_speak_japanese() {
    let out = imcm()
        .args([
            "explain",
            "--lang",
            "ja",
            "--org",
            "Kitsune Logistics",
            "--unit",
            "Osaka DC",
        ])
        .args(["--period", "2026-Q3", "--category", "respond", "--answers"])
        .arg(example_answers())
        .arg("--incidents")
        .arg(common::root().join("examples/data/incidents.csv"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // Respond in Osaka DC 2026-Q3: 16.5 of 26 scored weight.
    assert!(
        text.contains("スコア = 100 × Σ(重み × 点) / Σ(重み) = 100 × 16.5 / 26 = 63.46"),
        "{text}"
    );
    assert!(
        text.contains("根拠：time_to_report_p90_h <= 24 → 44.31（n = 140）：不合格"),
        "{text}"
    );
    assert!(
        text.contains("回答「一部」はインシデントデータと矛盾しています"),
        "{text}"
    );
    for english in [
        "score =",
        "coverage =",
        "maturity level",
        "evidence:",
        "blocked by",
    ] {
        assert!(!text.contains(english), "English '{english}' in: {text}");
    }
    imcm()
        .args(["questionnaire", "show", "--lang", "ja"])
        .assert()
        .success()
        .stdout(contains("回答の尺度："))
        .stdout(contains("メトリクス 48 件"));
}

#[test]
fn incident_log_and_target_problems_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "log.csv",
        "id,unit,detected_at\n1,HQ,2026-01-05T10:00:00\n",
    );
    imcm()
        .env("LANG", "ja_JP.UTF-8")
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .assert()
        .code(1)
        .stderr(contains(
            "log.csv: ファイルに「org」の列がありません。ファイルの列：id, unit, detected_at",
        ))
        .stderr(contains(
            "対処: マッピングファイル（--map）の [columns] で列名を指定してください",
        ));
    let target = write(dir.path(), "target.toml", "recover = 3\n");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .args(["--lang", "ja", "--period", "2026-Q3", "--unit", "Osaka DC", "--target"])
        .arg(&target)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(contains("カテゴリ「recover」はありません。default または次のいずれかを使ってください：protect, detect, respond, sustain"));
}

#[test]
fn every_command_has_japanese_help() {
    let commands = [
        "",
        "demo",
        "questionnaire",
        "questionnaire list",
        "questionnaire show",
        "init",
        "validate",
        "score",
        "report",
        "compare",
        "kpi",
        "incidents",
        "incidents import",
        "explain",
    ];
    for c in commands {
        let out = imcm()
            .args(c.split_whitespace())
            .args(["--help", "--lang", "ja"])
            .assert()
            .success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(text.contains("使い方: imcm"), "{c}: {text}");
        for english in [
            "Usage:",
            "Options:",
            "Print help",
            "Print this message",
            "[default:",
            "[possible values:",
        ] {
            assert!(
                !text.contains(english),
                "{c}: English '{english}' in: {text}"
            );
        }
    }
    // `imcm help CMD` works in Japanese too.
    imcm()
        .env("LANG", "ja_JP.UTF-8")
        .args(["help", "init"])
        .assert()
        .success()
        .stdout(contains("使い方: imcm init"));
    // A Japanese locale gives the same without --lang.
    imcm()
        .env("LANG", "ja_JP.UTF-8")
        .args(["report", "--help"])
        .assert()
        .success()
        .stdout(contains("出力フォルダー"));
    // Usage errors say so in Japanese before clap's own English detail.
    imcm()
        .env("LANG", "ja_JP.UTF-8")
        .arg("frobnicate")
        .assert()
        .code(2)
        .stderr(contains("コマンドラインの指定に誤りがあります"));
}

#[test]
fn lang_before_the_command_chooses_the_language_of_help_and_messages() {
    // Before: `imcm --lang ja --help` failed with "unexpected argument
    // '--lang'", since --lang belonged to the subcommands only.
    imcm()
        .env("LANG", "C")
        .args(["--lang", "ja", "--help"])
        .assert()
        .success()
        .stdout(contains("使い方: imcm [OPTIONS] <COMMAND>"))
        .stdout(contains("ヘルプとメッセージの言語"));
    imcm()
        .env("LANG", "C")
        .args([
            "--lang",
            "ja",
            "questionnaire",
            "show",
            "nothing-by-this-name",
        ])
        .assert()
        .code(1)
        .stderr(contains("エラー"));
    // The command's own --lang still chooses what it writes.
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .env("LANG", "C")
        .args(["--lang", "ja", "init", "--lang", "en", "--out"])
        .arg(dir.path().join("t.csv"))
        .assert()
        .success();
    let template = std::fs::read_to_string(dir.path().join("t.csv")).unwrap();
    assert!(
        !template
            .chars()
            .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c)),
        "an English template: {template}"
    );
    assert!(template.contains("3.1.1"), "{template}");
}
