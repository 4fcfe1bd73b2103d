//! The summary a CISO reads first: the headline sentence, the key findings
//! and the change since the unit's previous quarter say exactly what the
//! scores say (checked against `scores.json` of both quarters), a quarter
//! without an earlier one gets no change line, and the batch index shows
//! each report's level and score.

mod common;

use common::{example_answers, imcm, write};
use serde_json::Value;
use std::path::Path;

const ORG: &str = "Kitsune Logistics";
const UNIT: &str = "Head Office";

fn report(out: &Path, period: &str, lang: &str, extra: &[&str]) -> String {
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .args([
            "--org", ORG, "--unit", UNIT, "--period", period, "--lang", lang,
        ])
        .args(extra)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
    std::fs::read_to_string(out.join("report.html")).unwrap()
}

/// The English name of a category of imcm-v0.1.
fn name(id: &Value) -> &'static str {
    match id.as_str().unwrap() {
        "protect" => "Protect",
        "detect" => "Detect",
        "respond" => "Respond",
        _ => "Sustain",
    }
}

/// The overall figures and category levels of one quarter, from `score`.
fn scores(period: &str) -> Value {
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .args(["--org", ORG, "--unit", UNIT, "--period", period])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    all["assessments"][0].clone()
}

/// A score as the report shows it: one decimal, always written.
fn shown(v: &Value) -> String {
    format!("{:.1}", v.as_f64().unwrap())
}

/// The text of the element with `class` (first one), tags removed.
fn text_of(html: &str, class: &str, close: &str) -> String {
    let start = html
        .find(&format!("class=\"{class}\""))
        .unwrap_or_else(|| panic!("no {class}"));
    let from = &html[start..];
    let open = from.find('>').unwrap() + 1;
    let end = from.find(close).unwrap();
    let mut text = String::new();
    let mut inside = false;
    for c in from[open..end].chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => text.push(c),
            _ => {}
        }
    }
    text.replace("&#x27;", "'")
}

#[test]
fn the_headline_and_the_change_since_last_quarter_state_the_scores_of_both_quarters() {
    let dir = tempfile::tempdir().unwrap();
    let html = report(&dir.path().join("q3"), "2026-Q3", "en", &[]);
    let now = scores("2026-Q3");
    let before = scores("2026-Q2");
    let level = now["overall"]["maturity_level"].as_u64().unwrap();
    let weakest: Vec<&str> = now["categories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["maturity_level"].as_u64() == Some(level))
        .map(|c| name(&c["id"]))
        .collect();
    let coverage = (now["overall"]["coverage"].as_f64().unwrap() * 100.0).round();
    let headline = text_of(&html, "brief-headline", "</p>");
    assert_eq!(
        headline,
        format!(
            "{ORG} / {UNIT}, 2026-Q3: maturity level {level} of 5 ({}), set by {}; overall score {}, coverage {coverage}%.",
            now["overall"]["maturity_name"].as_str().unwrap(),
            weakest.join(", "),
            shown(&now["overall"]["score"]),
        ),
    );
    // The change is worked out from the figures shown, as a reader would.
    let (s_now, s_before) = (
        shown(&now["overall"]["score"]),
        shown(&before["overall"]["score"]),
    );
    let delta: f64 = s_now.parse::<f64>().unwrap() - s_before.parse::<f64>().unwrap();
    let l_before = before["overall"]["maturity_level"].as_u64().unwrap();
    let level_change = match level.cmp(&l_before) {
        std::cmp::Ordering::Equal => "±0".to_string(),
        std::cmp::Ordering::Greater => format!("+{}", level - l_before),
        std::cmp::Ordering::Less => format!("−{}", l_before - level),
    };
    let score_change = format!(
        "{}{:.1}",
        if delta > 0.05 {
            "+"
        } else if delta < -0.05 {
            "−"
        } else {
            "±"
        },
        delta.abs()
    );
    assert_eq!(
        text_of(&html, "brief-since", "</p>"),
        format!(
            "Since 2026-Q2: level {l_before} → {level} ({level_change}), overall score {s_before} → {s_now} ({score_change})."
        )
    );
    // The summary table has the change column: level / score per category.
    assert!(html.contains("Since 2026-Q2: level / score"));
    let signed = |d: f64, decimals: usize| {
        let s = format!("{:.*}", decimals, d.abs());
        if s.bytes().all(|b| b == b'0' || b == b'.') {
            format!("±{s}")
        } else if d > 0.0 {
            format!("+{s}")
        } else {
            format!("−{s}")
        }
    };
    let cats = |v: &Value| v["categories"].as_array().unwrap().clone();
    let mut at = 0;
    for (c, p) in cats(&now).iter().zip(cats(&before).iter()) {
        let level = c["maturity_level"].as_f64().unwrap() - p["maturity_level"].as_f64().unwrap();
        let score =
            shown(&c["score"]).parse::<f64>().unwrap() - shown(&p["score"]).parse::<f64>().unwrap();
        let cell = format!(
            "<td class=\"num\">{} / {}</td>",
            signed(level, 0),
            signed(score, 1)
        );
        let found = html[at..].find(&cell).unwrap_or_else(|| panic!("{cell}"));
        at += found + cell.len();
    }
}

#[test]
fn key_findings_name_metrics_whose_scores_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let target = write(dir.path(), "target.toml", "default = 3\nrespond = 4\n");
    let html = report(
        &dir.path().join("q3"),
        "2026-Q3",
        "en",
        &["--target", target.to_str().unwrap()],
    );
    let now = scores("2026-Q3");
    let findings = text_of(&html, "findings", "</ol>");
    let items: Vec<&str> = findings
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(items.len(), 3, "{items:?}");
    // 1. The categories below their target, with level and target.
    let below: Vec<String> = now["categories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            let target = if c["id"] == "respond" { 4 } else { 3 };
            c["maturity_level"].as_u64().unwrap() < target
        })
        .map(|c| name(&c["id"]).to_string())
        .collect();
    assert!(
        items[0].starts_with(&format!(
            "{} of 4 categories are below their target level",
            below.len()
        )),
        "{}",
        items[0]
    );
    for name in &below {
        assert!(items[0].contains(name.as_str()), "{name} in {}", items[0]);
    }
    // 2. What holds the weakest category back: metrics short of the next level.
    assert!(items[1].contains("stays at level 2"), "{}", items[1]);
    // 3. The largest gap is the first of the scores' gap list.
    let gap = now["gaps"][0]["metric"].as_str().unwrap();
    assert!(
        items[2].starts_with(&format!("The largest gap is {gap} (priority I, answered ")),
        "{}",
        items[2]
    );
}

#[test]
fn the_first_quarter_has_no_change_line_and_japanese_reads_naturally() {
    let dir = tempfile::tempdir().unwrap();
    let first = scores_periods().into_iter().next().unwrap();
    let html = report(&dir.path().join("first"), &first, "ja", &[]);
    assert!(
        !html.contains("class=\"brief-since\""),
        "no earlier quarter, no change"
    );
    assert!(!html.contains("からの変化"));
    let headline = text_of(&html, "brief-headline", "</p>");
    let s = scores(&first);
    let level = s["overall"]["maturity_level"].as_u64().unwrap();
    let even = s["categories"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["maturity_level"].as_u64() == Some(level));
    let expect = if even {
        format!(
            "{ORG}／{UNIT}（{first}）：すべてのカテゴリが成熟度レベル {level}／5（基本）にある。"
        )
    } else {
        format!("{ORG}／{UNIT}（{first}）：総合成熟度はレベル {level}／5")
    };
    assert!(headline.starts_with(&expect), "{headline}");
    assert!(html.contains("主な所見"));
}

/// The quarters of the example unit, oldest first.
fn scores_periods() -> Vec<String> {
    let out = imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .args(["--org", ORG, "--unit", UNIT, "--format", "json"])
        .output()
        .unwrap();
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut periods: Vec<String> = all["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["period"].as_str().unwrap().to_string())
        .collect();
    periods.sort();
    periods
}

#[test]
fn the_batch_index_shows_each_reports_level_and_score() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("batch");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .args(["--org", ORG, "--unit", UNIT, "--out"])
        .arg(&out)
        .assert()
        .success();
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for period in scores_periods() {
        let s = scores(&period);
        let expect = format!(
            "{period} <span class=\"muted\">Level {} · Score {}</span>",
            s["overall"]["maturity_level"],
            shown(&s["overall"]["score"])
        );
        assert!(index.contains(&expect), "{expect}");
    }
}
