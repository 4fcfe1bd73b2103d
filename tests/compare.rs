//! `imcm compare`: score changes explained metric by metric.

mod common;

use common::{example_answers, imcm};
use std::collections::BTreeMap;

fn compare_rows(extra: &[&str]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .arg("compare")
        .arg("--answers")
        .arg(example_answers())
        .args(extra)
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("compare.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "org,unit,from_period,to_period,category,metric,from_status,to_status,contribution"
    );
    lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

#[test]
fn head_office_respond_change_is_explained_by_hand() {
    // Head Office, 2025-Q4 → 2026-Q1, Respond: every metric is scored in both
    // quarters, so W_to = 5 × 3 (Priority I) + 5 × 2 (II) + 1 (III) = 26.
    // 3.1.2, 3.2.1, 3.2.3 (I) partial → yes: 100 × 3 × 0.5 / 26 = 5.7692 each;
    // 3.3.2 (II) partial → yes: 100 × 2 × 0.5 / 26 = 3.8462; total 21.1538
    // (59.6154 → 80.7692 in the golden scores.csv), nothing from the scored set.
    let rows: Vec<(String, String, String, String)> = compare_rows(&[])
        .into_iter()
        .filter(|r| r[1] == "Head Office" && r[2] == "2025-Q4" && r[4] == "respond")
        .map(|r| (r[5].clone(), r[6].clone(), r[7].clone(), r[8].clone()))
        .collect();
    let s = |a: &str, b: &str, c: &str, d: &str| {
        (a.to_string(), b.to_string(), c.to_string(), d.to_string())
    };
    assert_eq!(
        rows,
        [
            s("3.1.2", "partial", "yes", "5.7692"),
            s("3.2.1", "partial", "yes", "5.7692"),
            s("3.2.3", "partial", "yes", "5.7692"),
            s("3.3.2", "partial", "yes", "3.8462"),
            s("scored-set change", "", "", "0"),
            s("total", "", "", "21.1538"),
        ]
    );
}

#[test]
fn every_breakdown_adds_up_to_its_total() {
    for args in [&[][..], &["--baseline", "2025-Q4"][..]] {
        // Sums in units of 0.0001, as printed: they must match exactly.
        let mut groups: BTreeMap<Vec<String>, (i64, i64)> = BTreeMap::new();
        for r in compare_rows(args) {
            let entry = groups.entry(r[..5].to_vec()).or_default();
            let v: f64 = r[8].parse().unwrap();
            let v = (v * 10_000.0).round() as i64;
            if r[5] == "total" {
                entry.1 = v;
            } else {
                entry.0 += v;
            }
        }
        // 2 units × 4 categories × (3 consecutive pairs, or 3 pairs against the baseline).
        assert_eq!(groups.len(), 24, "{args:?}");
        for (k, (sum, total)) in groups {
            assert_eq!(
                sum, total,
                "{k:?}: lines add up to {sum}e-4, total {total}e-4"
            );
        }
    }
}

#[test]
fn a_baseline_that_is_not_in_the_answers_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .arg("compare")
        .arg("--answers")
        .arg(example_answers())
        .args(["--baseline", "2024-Q1", "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no assessment matches --baseline 2024-Q1",
        ));
    assert!(!dir.path().join("out").exists());
}

/// Run `imcm compare` on the example answers and incident log.
fn compare_page(dir: &std::path::Path, lang: &str) -> String {
    imcm()
        .arg("compare")
        .arg("--answers")
        .arg(example_answers())
        .arg("--incidents")
        .arg(common::root().join("examples/data/incidents.csv"))
        .args(["--lang", lang, "--emit-context", "--out"])
        .arg(dir)
        .assert()
        .success();
    std::fs::read_to_string(dir.join("compare.html")).unwrap()
}

/// The text of the first element that starts with `start`, up to `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} not found"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn compare_page_shows_trends_explained_changes_and_units_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let html = compare_page(dir.path(), "en");
    let context = std::fs::read_to_string(dir.path().join("compare-context.json")).unwrap();
    common::golden("example/expected/compare-context.en.json", &context);

    // One heatmap for the organisation and one trend chart per unit, inline
    // and as files.
    assert_eq!(html.matches("<svg").count(), 3);
    assert_eq!(
        common::files_below(&dir.path().join("charts")),
        [
            "heatmap-kitsune-logistics_168e2553.svg",
            "trend-kitsune-logistics_168e2553--head-office_84efe5d2.svg",
            "trend-kitsune-logistics_168e2553--osaka-dc_92c49a06.svg"
        ]
    );
    // The ranking puts the weakest unit first: Osaka DC is at level 1 in
    // 2026-Q3 (Sustain), Head Office at level 2.
    let ranking = between(&html, "<table class=\"ranking\">", "</table>");
    let osaka = ranking.find(">Osaka DC</a>").unwrap();
    let head = ranking.find(">Head Office</a>").unwrap();
    assert!(osaka < head, "{ranking}");
    assert!(ranking.contains(
        "<td class=\"num\">1</td><td><a href=\"#u-kitsune-logistics_168e2553--osaka-dc_92c49a06\">"
    ));

    // Head Office 2025-Q4 → 2026-Q1, Respond: the breakdown checked by hand
    // in compare.csv, shown with 2 decimals.
    let unit = between(
        &html,
        "id=\"u-kitsune-logistics_168e2553--head-office_84efe5d2\"",
        "</section>",
    );
    let pair = between(unit, "<h4>2025-Q4 → 2026-Q1</h4>", "</table>");
    let respond = between(pair, "Respond <span", "</tbody>");
    assert!(respond.contains("59.6 → 80.8"), "{respond}");
    assert!(
        respond.contains("<th class=\"num\">+21.15</th>"),
        "{respond}"
    );
    for (id, points) in [
        ("3.1.2", "+5.77"),
        ("3.2.1", "+5.77"),
        ("3.2.3", "+5.77"),
        ("3.3.2", "+3.85"),
    ] {
        let line = between(respond, &format!("<td class=\"id\">{id}</td>"), "</tr>");
        assert!(
            line.contains(&format!("<td class=\"num\">{points}</td>")),
            "{line}"
        );
    }
    assert!(
        !respond.contains("class=\"regression\""),
        "no drop in this block"
    );

    // A regression is highlighted, and an answer newly contradicted by the
    // incident log is flagged on its line: Head Office 2026-Q2 → 2026-Q3,
    // 1.5.2 yes → partial.
    let latest = between(unit, "<h4>2026-Q2 → 2026-Q3</h4>", "</table>");
    let line = between(
        latest,
        "<tr class=\"regression\"><td class=\"id\">1.5.2</td>",
        "</tr>",
    );
    assert!(line.contains("-5.17"), "{line}");
    assert!(
        line.contains("corr contradicted\">Newly contradicted"),
        "{line}"
    );

    // KPIs per quarter with their n.
    let kpis = between(unit, "<table class=\"kpi-trend\">", "</table>");
    assert!(kpis.contains("<td>Incidents</td>"), "{kpis}");
    assert_eq!(kpis.matches("n=").count(), 4 * 11, "4 quarters × 11 KPIs");
}

#[test]
fn japanese_compare_page_has_japanese_labels() {
    let dir = tempfile::tempdir().unwrap();
    let html = compare_page(dir.path(), "ja");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    for label in [
        "変化の内訳",
        "部門の比較",
        "推移",
        "新たに矛盾",
        "四半期ごとのインシデント KPI",
        "防護",
        "対処",
    ] {
        assert!(html.contains(label), "{label}");
    }
    for english in [
        "Changes explained",
        "Units side by side",
        ">Trends<",
        "Newly contradicted",
        "Largest category drops",
    ] {
        assert!(
            !html.contains(english),
            "English UI text '{english}' in the Japanese page"
        );
    }
}

#[test]
fn batch_report_links_every_report_and_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicates::str::contains("wrote 8 reports"));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let hrefs: Vec<&str> = index
        .split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(hrefs.len(), 1 + 8, "{hrefs:?}");
    assert_eq!(hrefs[0], "compare.html");
    assert_eq!(
        hrefs[1],
        "kitsune-logistics_168e2553/head-office_84efe5d2/2025-Q4/report.html"
    );
    for h in &hrefs {
        assert!(out.join(h).is_file(), "{h} links to nothing");
    }
    // The comparison's quarter headings link to the same reports.
    let compare = std::fs::read_to_string(out.join("compare.html")).unwrap();
    for h in &hrefs[1..] {
        assert!(compare.contains(&format!("<a href=\"{h}\">")), "{h}");
    }
}

#[test]
fn a_failing_batch_writes_nothing() {
    // The comparison page fails to render (a template naming a field that
    // does not exist, caught by strict mode) after every report was staged:
    // the output folder must not appear at all.
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    common::write(&templates, "compare.html.hbs", "<p>{{no_such_field}}</p>");
    let out = dir.path().join("out");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .arg("--templates")
        .arg(&templates)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("compare.html"));
    assert!(!out.exists(), "{:?}", common::files_below(&out));
}

#[test]
fn every_change_shown_in_compare_html_adds_up_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    let html = compare_page(dir.path(), "en");
    let cents = |s: &str| (s.trim().parse::<f64>().unwrap() * 100.0).round() as i64;
    let blocks: Vec<&str> = html.split("<tbody class=\"cat-change").skip(1).collect();
    // 2 units × 3 pairs × 4 categories: in the example every category moves
    // (or has a metric change) in every pair.
    assert_eq!(blocks.len(), 24);
    for block in blocks {
        let block = &block[..block.find("</tbody>").unwrap()];
        let total =
            between(block, "<th class=\"num\">", "</th>")["<th class=\"num\">".len()..].to_string();
        let lines: i64 = block
            .split("<td class=\"num\">")
            .skip(1)
            .map(|c| cents(&c[..c.find("</td>").unwrap()]))
            .sum();
        assert_eq!(lines, cents(&total), "{block}");
    }
}

#[test]
fn a_baseline_with_nothing_after_it_says_so_per_unit() {
    let dir = tempfile::tempdir().unwrap();
    imcm()
        .arg("compare")
        .arg("--answers")
        .arg(example_answers())
        .args(["--baseline", "2026-Q3", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("compare.html")).unwrap();
    let note = "Not compared: this unit has no assessment in the baseline quarter 2026-Q3, or none after it.";
    assert_eq!(html.matches(note).count(), 2, "one per unit");
    assert!(!html.contains("Only one quarter has been assessed"));
    assert!(html.contains("each later quarter with the baseline 2026-Q3"));
}

#[test]
fn a_changed_metric_shows_what_was_said_in_both_quarters_and_set_changes_are_named() {
    // Three Protect metrics, two quarters. 1.1.1 (Priority I, weight 3)
    // partial → yes; 1.1.2 (II, 2) partial → not applicable leaves the
    // scored set; 1.1.3 (III, 1) not observed → partial enters it.
    // 2025-Q4: 100 × (3 × 0.5 + 2 × 0.5) / 5 = 50.0; 2026-Q1: W = 3 + 1 = 4,
    // 100 × (3 × 1 + 1 × 0.5) / 4 = 87.5; 1.1.1 contributes
    // 100 × 3 × 0.5 / 4 = 37.5, the whole change: the scored-set line is 0,
    // yet the two metrics that moved in and out are still named.
    let dir = tempfile::tempdir().unwrap();
    let answers = common::write(
        dir.path(),
        "answers.csv",
        "org,unit,period,metric,status,evidence,comment\n\
         Hand Org,Lab,2025-Q4,1.1.1,partial,Register v1,Only a <b>draft</b> so far\n\
         Hand Org,Lab,2025-Q4,1.1.2,partial,Tracker (Excel),\n\
         Hand Org,Lab,2025-Q4,1.1.3,not_observed,,Nobody could show the records\n\
         Hand Org,Lab,2026-Q1,1.1.1,yes,Register v2 & sign-off,Reviewed <script>alert(1)</script> in March\n\
         Hand Org,Lab,2026-Q1,1.1.2,not_applicable,,Tracker retired with the ERP\n\
         Hand Org,Lab,2026-Q1,1.1.3,partial,Incident review minutes,\n",
    );
    let out = dir.path().join("out");
    imcm()
        .arg("compare")
        .arg("--answers")
        .arg(&answers)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert!(csv.contains("protect,1.1.1,partial,yes,37.5\n"), "{csv}");
    assert!(csv.contains("protect,scored-set change,,,0\n"), "{csv}");
    let html = std::fs::read_to_string(out.join("compare.html")).unwrap();
    let block = between(&html, "<tbody class=\"cat-change up\">", "</tbody>");
    assert!(block.contains("Score 50.0 → 87.5"), "{block}");
    // 1.1.1: its line, then both quarters' evidence and comments, escaped.
    let why = between(
        block,
        "<td class=\"id\">1.1.1</td>",
        "<tr class=\"set-head\">",
    );
    let before = between(why, "Before · 2025-Q4", "After · 2026-Q1");
    assert!(
        before.contains("<span class=\"user\">Register v1</span>"),
        "{why}"
    );
    assert!(
        before.contains("Only a &lt;b&gt;draft&lt;/b&gt; so far"),
        "{why}"
    );
    let after = between(why, "After · 2026-Q1", "</tr>");
    assert!(after.contains("Register v2 &amp; sign-off"), "{why}");
    assert!(after.contains("Reviewed &lt;script&gt;alert(1)&lt;/script&gt; in March"));
    assert!(!html.contains("<script>") && !html.contains("<b>draft"));
    // The metrics that left and entered the scored set, one by one.
    let left = between(
        block,
        "<tr class=\"set-change left\"><td class=\"id\">1.1.2</td>",
        "</tr>",
    );
    assert!(left.contains("(no longer scored)"), "{left}");
    assert!(left.contains(
        ">Partial</span></td><td><span class=\"status s-not_applicable\">Not applicable<"
    ));
    let entered = between(
        block,
        "<tr class=\"set-change entered\"><td class=\"id\">1.1.3</td>",
        "</tr>",
    );
    assert!(entered.contains("(now scored)"), "{entered}");
    assert!(
        entered.contains(">Not observed</span></td><td><span class=\"status s-partial\">Partial<")
    );
    let after_113 = between(block, "<td class=\"id\">1.1.3</td>", "</tbody>");
    assert!(after_113.contains("Nobody could show the records"));
    assert!(after_113.contains("Incident review minutes"));
    assert_eq!(html.matches("class=\"set-change").count(), 2);
}
