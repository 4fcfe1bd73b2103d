//! Charts everyone can read: every chart SVG of a report and a comparison
//! names itself (`role="img"`, `<title>`, `<desc>` with its figures), has
//! its figures in a `<details>` table beside it, gives no two series the
//! same look, and the radar draws levels only.

mod common;

use common::{example_answers, imcm, root, write};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `imcm report` for Head Office 2026-Q3 with incidents and a target of 3.
fn report(dir: &Path, lang: &str) -> String {
    let target = write(dir, "target.toml", "default = 3\n");
    let out = dir.join(lang);
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .arg("--incidents")
        .arg(root().join("examples/data/incidents.csv"))
        .args([
            "--unit",
            "Head Office",
            "--period",
            "2026-Q3",
            "--lang",
            lang,
        ])
        .arg("--target")
        .arg(&target)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    std::fs::read_to_string(out.join("report.html")).unwrap()
}

/// `imcm compare` of the example data with a target of 3.
fn compare(dir: &Path) -> String {
    let target = write(dir, "target.toml", "default = 3\n");
    imcm()
        .arg("compare")
        .arg("--answers")
        .arg(example_answers())
        .arg("--target")
        .arg(&target)
        .arg("--out")
        .arg(dir.join("cmp"))
        .assert()
        .success();
    std::fs::read_to_string(dir.join("cmp/compare.html")).unwrap()
}

/// Every inline `<svg …>…</svg>` of a page.
fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg")
        .map(|(i, _)| {
            let end = html[i..].find("</svg>").unwrap() + i + 6;
            &html[i..end]
        })
        .collect()
}

/// The value of attribute `name` in the first tag of `s`.
fn attr<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let tag = &s[..s.find('>')?];
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    Some(&tag[from..from + tag[from..].find('"')?])
}

/// The text between `start` and the next `end` after it.
fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let from = s
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in {s}"))
        + start.len();
    &s[from..from + s[from..].find(end).unwrap()]
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x3D;", "=")
        .replace("&#x60;", "`")
        .replace("&amp;", "&")
}

/// The cells of the `<details>` table with id `id`: (caption, header, rows).
fn details_table(html: &str, id: &str) -> (String, Vec<String>, Vec<Vec<String>>) {
    let table = between(
        html,
        &format!("<table class=\"chart-table\" id=\"{id}-table\">"),
        "</table>",
    );
    let before = &html[..html.find(&format!("id=\"{id}-table\"")).unwrap()];
    assert!(
        before.rfind("<details class=\"chart-data\">") > before.rfind("</details>"),
        "the table of {id} sits in a <details> block"
    );
    let cells = |row: &str| -> Vec<String> {
        row.split("</t")
            .filter_map(|c| c.rfind('>').map(|i| unescape(c[i + 1..].trim())))
            .collect::<Vec<_>>()
    };
    let header_row = between(table, "<thead><tr>", "</tr></thead>");
    let header: Vec<String> = cells(header_row)
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
    let body = between(table, "<tbody>", "</tbody>");
    let rows = body
        .split("<tr>")
        .skip(1)
        .map(|r| {
            let r = &r[..r.find("</tr>").unwrap()];
            let mut c = cells(r);
            c.truncate(header.len());
            c
        })
        .collect();
    (
        unescape(between(table, "<caption>", "</caption>")),
        header,
        rows,
    )
}

/// Check one inline chart: its accessible name and description, and its
/// table; returns (id, desc).
fn check_chart(html: &str, svg: &str) -> (String, String) {
    assert_eq!(attr(svg, "role"), Some("img"), "{}", &svg[..200]);
    let labelled = attr(svg, "aria-labelledby").expect("aria-labelledby");
    let (title_id, desc_id) = labelled.split_once(' ').unwrap();
    let id = title_id.strip_suffix("-title").unwrap();
    assert_eq!(desc_id, format!("{id}-desc"));
    let title = unescape(between(
        svg,
        &format!("<title id=\"{id}-title\">"),
        "</title>",
    ));
    let desc = unescape(between(svg, &format!("<desc id=\"{id}-desc\">"), "</desc>"));
    let (caption, header, rows) = details_table(html, id);
    assert_eq!(title, caption, "{id}");
    assert!(!rows.is_empty(), "{id}");
    // The description reads every figure of the table, under its heading.
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{id}: {row:?}");
        assert!(desc.contains(&row[0]), "{id}: {desc} lacks {}", row[0]);
        for (h, v) in header.iter().zip(row).skip(1) {
            assert!(
                desc.contains(&format!("{h} {v}")),
                "{id}: {desc} lacks {h} {v}"
            );
        }
    }
    (id.to_string(), desc)
}

/// The elements of an SVG in order, each from its `<` to the next element.
fn elements(svg: &str) -> Vec<&str> {
    svg.split("\n<").collect()
}

/// The legend of a chart: each label drawn left-aligned right after a key
/// (a rect or a line), with the key's fill and stroke. Axis numbers are not
/// legend labels.
fn legend(svg: &str) -> Vec<(String, (String, String))> {
    let els = elements(svg);
    let mut out = Vec::new();
    for w in els.windows(2) {
        let (key, text) = (w[0], w[1]);
        if !text.starts_with("text") || !text.contains("text-anchor=\"start\"") {
            continue;
        }
        if !(key.starts_with("rect") || key.starts_with("polyline")) {
            continue;
        }
        let label = text[text.find('>').unwrap() + 1..].trim();
        let label = label.strip_suffix("</text>").unwrap_or(label).trim();
        if label.parse::<f64>().is_ok() {
            continue;
        }
        let look = (
            attr(&format!("<{key}"), "fill").unwrap_or("").to_string(),
            attr(&format!("<{key}"), "stroke").unwrap_or("").to_string(),
        );
        out.push((unescape(label), look));
    }
    out
}

#[test]
fn every_report_chart_has_a_title_a_description_with_its_figures_and_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let html = report(dir.path(), "en");
    let charts = svgs(&html);
    // radar, scores, 4 categories, 4 incident charts
    assert_eq!(charts.len(), 10);
    assert_eq!(html.matches("<details class=\"chart-data\">").count(), 10);
    let descs: BTreeMap<String, String> = charts.iter().map(|s| check_chart(&html, s)).collect();
    // Head Office 2026-Q3 (golden scores.csv): levels 2, 3, 3, 2 against a
    // target of 3; scores 75.9, 80.0, 94.2, 75.0 at one decimal.
    assert_eq!(
        descs["chart-radar"],
        "Maturity level per category: Protect — Level 2, Target 3; Detect — Level 3, Target 3; \
         Respond — Level 3, Target 3; Sustain — Level 2, Target 3"
    );
    assert_eq!(
        descs["chart-scores"],
        "Score per category (0–100): Protect — Score 75.9; Detect — Score 80.0; \
         Respond — Score 94.2; Sustain — Score 75.0"
    );
    assert!(descs["chart-category-detect"].ends_with("2.1 — Score 83.3; 2.2 — Score 75.0"));
    assert!(
        descs["chart-incidents-sla"].contains("Critical — % within SLA 100% (n=6)"),
        "{}",
        descs["chart-incidents-sla"]
    );
    // The 2026-Q3 column of the detection-source mix adds up to its total.
    assert!(
        descs["chart-incidents-sources"]
            .ends_with("2026-Q3 — Internal 336, External 46, Partner 29, Unknown 7, Total 418")
    );
    // The chart files written beside the report carry the same name and text.
    let radar = std::fs::read_to_string(dir.path().join("en/radar.svg")).unwrap();
    assert!(radar.contains(&format!("<desc id=\"chart-radar-desc\">{}</desc>", "Maturity level per category: Protect — Level 2, Target 3; Detect — Level 3, Target 3; Respond — Level 3, Target 3; Sustain — Level 2, Target 3")));
}

#[test]
fn japanese_chart_descriptions_are_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let html = report(dir.path(), "ja");
    let descs: BTreeMap<String, String> =
        svgs(&html).iter().map(|s| check_chart(&html, s)).collect();
    let radar = &descs["chart-radar"];
    assert!(radar.starts_with("カテゴリ別の成熟度レベル："), "{radar}");
    assert!(radar.contains("— レベル 2、目標 3"), "{radar}");
    assert!(html.contains("<summary>このグラフの数値</summary>"));
}

#[test]
fn no_two_series_of_a_chart_look_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let html = report(dir.path(), "en");
    let cmp = compare(dir.path());
    let mut seen = BTreeMap::new();
    for svg in svgs(&html).into_iter().chain(svgs(&cmp)) {
        let id = attr(svg, "aria-labelledby")
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .to_string();
        let keys = legend(svg);
        let looks: BTreeSet<&(String, String)> = keys.iter().map(|(_, l)| l).collect();
        assert_eq!(looks.len(), keys.len(), "{id}: {keys:?}");
        seen.insert(id, keys.len());
    }
    // Every series has a legend key: 10 incident categories and "unknown
    // category" (the ninth onwards hatched, not a repeated solid colour),
    // 4 time series, 4 detection sources; level and target on the radar;
    // level, score and target on each trend chart.
    assert_eq!(seen["chart-incidents-volume-title"], 11);
    assert_eq!(seen["chart-incidents-times-title"], 4);
    assert_eq!(seen["chart-incidents-sources-title"], 4);
    assert_eq!(seen["chart-radar-title"], 2);
    for (id, n) in &seen {
        if id.starts_with("chart-u-") {
            assert_eq!(*n, 3, "{id}");
        }
    }
    // "Unknown category" and Malware, once both #1F5EA8, differ.
    let volume = std::fs::read_to_string(dir.path().join("en/incidents-volume.svg")).unwrap();
    let keys: BTreeMap<String, (String, String)> = legend(&volume).into_iter().collect();
    assert_ne!(keys["Unknown category"], keys["Malware"]);
    assert!(!volume.contains("#1F5EA8"));
}

#[test]
fn the_heatmap_gives_each_level_its_own_colour() {
    let dir = tempfile::tempdir().unwrap();
    let cmp = compare(dir.path());
    let heat = svgs(&cmp)[0];
    let els = elements(heat);
    let mut fill_of_level: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (i, e) in els.iter().enumerate() {
        if !e.starts_with("text") || !e.contains(" · ") {
            continue;
        }
        let text = e[e.find('>').unwrap() + 1..].trim();
        let level = text.split(" · ").next().unwrap().to_string();
        // The cell's fill is the last rect before its text.
        let rect = els[..i]
            .iter()
            .rev()
            .find(|e| e.starts_with("rect"))
            .unwrap();
        fill_of_level
            .entry(level)
            .or_default()
            .insert(attr(&format!("<{rect}"), "fill").unwrap().to_string());
    }
    // Osaka DC and Head Office in 2026-Q3 have cells at levels 1, 2 and 3.
    assert_eq!(fill_of_level.keys().collect::<Vec<_>>(), ["1", "2", "3"]);
    let fills: BTreeSet<&String> = fill_of_level.values().flatten().collect();
    assert!(
        fill_of_level.values().all(|f| f.len() == 1),
        "{fill_of_level:?}"
    );
    assert_eq!(fills.len(), 3, "{fill_of_level:?}");
}

#[test]
fn the_radar_draws_levels_only_and_the_score_has_its_own_axis() {
    let dir = tempfile::tempdir().unwrap();
    report(dir.path(), "en");
    let radar = std::fs::read_to_string(dir.path().join("en/radar.svg")).unwrap();
    let numbers: BTreeSet<String> = elements(&radar)
        .iter()
        .filter(|e| e.starts_with("text"))
        .map(|e| {
            e[e.find('>').unwrap() + 1..]
                .trim()
                .trim_end_matches("</text>")
                .trim()
                .to_string()
        })
        .filter(|t| t.parse::<f64>().is_ok())
        .collect();
    // Its only numbers are the level rings 1–5; no score colour, no 0–100 series.
    assert_eq!(numbers, ["1", "2", "3", "4", "5"].map(String::from).into());
    assert!(
        !radar.contains("#009E73"),
        "the score colour is not on the radar"
    );
    let labels: Vec<String> = legend(&radar).into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, ["Level", "Target"]);
    let scores = std::fs::read_to_string(dir.path().join("en/scores.svg")).unwrap();
    for tick in ["0", "20", "40", "60", "80", "100"] {
        assert!(scores.contains(&format!(">\n{tick}\n</text>")), "{tick}");
    }
    for caption in ["75.9", "80.0", "94.2", "75.0"] {
        assert!(
            scores.contains(&format!(">\n{caption}\n</text>")),
            "{caption}"
        );
    }
}

#[test]
fn compare_charts_have_titles_descriptions_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    let cmp = compare(dir.path());
    let charts = svgs(&cmp);
    assert_eq!(charts.len(), 3, "a heatmap and two trend charts");
    let descs: BTreeMap<String, String> = charts.iter().map(|s| check_chart(&cmp, s)).collect();
    let heat = descs
        .iter()
        .find(|(id, _)| id.starts_with("chart-heatmap-"))
        .unwrap()
        .1;
    // Osaka DC, 2026-Q3 (the ranking of the comparison page).
    assert!(
        heat.contains("Osaka DC — Protect 2 · 53.6, Detect 2 · 56.7, Respond 2 · 63.5, Sustain 1 · 53.6, Overall 1 · 56.7"),
        "{heat}"
    );
    let head = &descs["chart-u-kitsune-logistics_168e2553--head-office_84efe5d2"];
    assert!(
        head.contains("Protect — Quarter 2025-Q4, Level 2, Score 58.6, Target 3"),
        "{head}"
    );
}
