//! Reports state only what is known: no "assessed on" date unless the
//! answers give one (the quarter is not a date), and no target, target band
//! or "below target" unless `--target` gives a profile — in the report, its
//! charts, the comparison and its charts. With `--target` they are all there.

mod common;

use common::{example_answers, imcm, write};

/// The example answers without their last column (`assessed_on`).
fn undated(dir: &std::path::Path) -> std::path::PathBuf {
    let text: String = std::fs::read_to_string(example_answers())
        .unwrap()
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    write(dir, "undated.csv", &text)
}

fn report(answers: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> String {
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(answers)
        .args(["--unit", "Head Office", "--period", "2026-Q3", "--out"])
        .arg(out)
        .args(extra)
        .assert()
        .success();
    std::fs::read_to_string(out.join("report.html")).unwrap()
}

#[test]
fn a_report_without_dates_or_target_invents_neither_in_english_or_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let answers = undated(dir.path());
    for (lang, date, below, target) in [
        ("en", "Assessed on", "below target", ">Target<"),
        ("ja", "評価日", "目標未達", ">目標<"),
    ] {
        let out = dir.path().join(lang);
        let html = report(&answers, &out, &["--lang", lang]);
        let header = &html[html.find("<dl class=\"meta\">").unwrap()..html.find("</dl>").unwrap()];
        assert!(!header.contains(date), "{header}");
        // The quarter's last day, which the header used to show.
        assert!(!html.contains("2026-09-30") && !html.contains("2026年9月30日"));
        assert!(header.contains("2026-Q3"));
        assert!(!html.contains(below) && !html.contains(target), "{lang}");
        // The radar has the level and score, no target ring or key (the
        // target colour, charts::TARGET, is not drawn at all).
        let radar = std::fs::read_to_string(out.join("radar.svg")).unwrap();
        assert!(!radar.contains("#D55E00"), "{radar}");
        let scores: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("scores.json")).unwrap())
                .unwrap();
        assert_eq!(
            scores["assessments"][0]["assessed_on"],
            serde_json::Value::Null
        );
    }
}

#[test]
fn with_a_target_profile_the_report_holds_each_category_against_it() {
    let dir = tempfile::tempdir().unwrap();
    let target = write(dir.path(), "target.toml", "default = 3\nrespond = 4\n");
    let html = report(
        &example_answers(),
        &dir.path().join("en"),
        &["--target", target.to_str().unwrap()],
    );
    // Head Office 2026-Q3 levels 2, 3, 3, 2 (golden scores.csv) against 3, 3, 4, 3.
    assert_eq!(
        html.matches("below target").count(),
        3,
        "protect, respond, sustain"
    );
    assert_eq!(html.matches("meets target").count(), 1, "detect");
    assert!(html.contains("<th class=\"num\">Target</th>"));
    let radar = std::fs::read_to_string(dir.path().join("en/radar.svg")).unwrap();
    assert!(radar.contains("#D55E00"), "target ring and key");
    // The interviews ran on 6 and 7 October, by one assessor.
    assert!(html.contains("<dt>Assessed on</dt><dd>2026-10-06 – 2026-10-07</dd>"));
    assert!(html.contains("<dt>Assessors</dt><dd>M. Sato</dd>"));
}

#[test]
fn a_comparison_shows_target_bands_and_outlines_only_with_a_target() {
    let dir = tempfile::tempdir().unwrap();
    let compare = |out: &str, extra: &[&str]| {
        let out = dir.path().join(out);
        imcm()
            .arg("compare")
            .arg("--answers")
            .arg(example_answers())
            .arg("--out")
            .arg(&out)
            .args(extra)
            .assert()
            .success();
        out
    };
    let plain = compare("plain", &[]);
    let html = std::fs::read_to_string(plain.join("compare.html")).unwrap();
    for words in [
        ">Target<",
        "below its target",
        "the target level",
        "(Target ",
    ] {
        assert!(!html.contains(words), "{words}");
    }
    assert!(!html.contains("class=\"num below\""));
    let target = write(dir.path(), "target.toml", "default = 3\nrespond = 4\n");
    let targeted = compare("targeted", &["--target", target.to_str().unwrap()]);
    let with = std::fs::read_to_string(targeted.join("compare.html")).unwrap();
    assert!(with.contains("<th class=\"num\">Target</th>"));
    assert!(with.contains("An outlined cell is below its target."));
    // Heatmap outlines: cells below target (latest quarter 2026-Q3; Osaka DC
    // 2, 2, 2, 1 and Head Office 2, 3, 3, 2 against 3, 3, 4, 3: 4 + 3 cells).
    let outlines = |dir: &std::path::Path| {
        let charts = std::fs::read_dir(dir.join("charts")).unwrap();
        charts
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("heatmap")
            })
            .map(|p| {
                std::fs::read_to_string(p)
                    .unwrap()
                    // A 3 px outline in the target colour (charts::TARGET).
                    .matches("stroke=\"#D55E00\" stroke-width=\"3\"")
                    .count()
            })
            .sum::<usize>()
    };
    assert_eq!(outlines(&plain), 0);
    assert_eq!(outlines(&targeted), 7);
}
