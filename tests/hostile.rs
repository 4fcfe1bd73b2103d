//! Hostile text: a batch of reports built from answers, a questionnaire and an
//! incident log full of HTML, SVG, script and formula payloads is loaded in a
//! real headless Chromium. No payload may become markup, run a script or make
//! a request: a local HTTP listener, named by every payload, must see no
//! connection. Spreadsheet cells keep formulas inert.
//!
//! Two controls prove the checks can fail: a page that carries the payloads
//! raw makes the listener see requests, and a report rendered through a
//! template that drops escaping (`{{{comment}}}`) is caught by the DOM check.

mod common;

use common::browser::{browser_or_skip, console, headless};
use common::{imcm, root, write};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A local HTTP listener that records the path of every request.
struct Listener {
    port: u16,
    hits: Arc<Mutex<Vec<String>>>,
}

impl Listener {
    fn start() -> Self {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&hits);
        // One thread per connection: Chromium opens speculative connections
        // that send nothing, and one of those must not hold up the rest.
        std::thread::spawn(move || {
            for mut s in l.incoming().flatten() {
                let seen = Arc::clone(&seen);
                std::thread::spawn(move || {
                    let _ = s.set_read_timeout(Some(std::time::Duration::from_secs(2)));
                    let mut buf = [0u8; 1024];
                    let n = s.read(&mut buf).unwrap_or(0);
                    let first = String::from_utf8_lossy(&buf[..n])
                        .lines()
                        .next()
                        .unwrap_or("(connection without a request)")
                        .to_string();
                    seen.lock().unwrap().push(first);
                    let _ = s.write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                });
            }
        });
        Listener { port, hits }
    }

    fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }
}

/// Payloads that would run a script, load a resource or break out of an
/// element or attribute if written unescaped; each names the listener.
fn payloads(port: u16) -> Vec<String> {
    let u = format!("http://127.0.0.1:{port}");
    vec![
        format!("<script>fetch(\"{u}/script\")</script>"),
        format!("<img src=x onerror=\"fetch('{u}/onerror')\">"),
        format!("<img src=\"{u}/img\">"),
        format!("<a href=\"javascript:fetch('{u}/js')\">open</a>"),
        format!("<svg onload=\"fetch('{u}/svg-onload')\"><circle r=\"9\"></circle></svg>"),
        format!("\"><img src={u}/attr-double>"),
        format!("'><img src={u}/attr-single>"),
        format!("</text><image href=\"{u}/svg-image\"/><text>"),
        format!("<link rel=\"stylesheet\" href=\"{u}/css\">"),
        format!("<style>@import url(\"{u}/import\");</style>"),
        format!("<iframe src=\"{u}/frame\"></iframe>"),
        format!("<meta http-equiv=\"refresh\" content=\"0;url={u}/refresh\">"),
        format!("<base href=\"{u}/base/\">"),
        format!("]]><script>fetch(\"{u}/cdata\")</script>"),
        format!("=HYPERLINK(\"{u}/formula\",\"click\")"),
        "{{t.org}} {{{comment}}}".to_string(),
    ]
}

/// Elements a payload could smuggle in to run a script or load something.
const FORBIDDEN: &[&str] = &[
    "script",
    "img",
    "image",
    "iframe",
    "frame",
    "link",
    "base",
    "object",
    "embed",
    "audio",
    "video",
    "source",
    "use",
    "foreignobject",
];

/// The start tags of serialized markup (Chromium's `--dump-dom`, or an SVG
/// file) with their attributes. Serializers escape `<` in text, so every
/// literal `<` opens a tag; attribute values are quoted; the contents of
/// `<style>` and `<script>` are raw text and are skipped.
fn start_tags(markup: &str) -> Vec<(String, Vec<(String, String)>)> {
    let s = markup;
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(off) = s[i..].find('<') {
        i += off + 1;
        if s[i..].starts_with(['/', '!', '?']) {
            i += s[i..].find('>').map_or(s.len() - i, |e| e + 1);
            continue;
        }
        let end = |from: usize, stop: &dyn Fn(char) -> bool| {
            from + s[from..].find(|c: char| stop(c)).unwrap_or(s.len() - from)
        };
        let name_end = end(i, &|c| c.is_whitespace() || c == '>' || c == '/');
        let name = s[i..name_end].to_lowercase();
        i = name_end;
        let mut attrs = Vec::new();
        loop {
            i = end(i, &|c| !c.is_whitespace());
            if i >= s.len() || s[i..].starts_with('>') {
                i += 1;
                break;
            }
            if s[i..].starts_with("/>") {
                i += 2;
                break;
            }
            if s[i..].starts_with('/') {
                i += 1;
                continue;
            }
            let a_end = end(i, &|c| {
                c.is_whitespace() || c == '=' || c == '>' || c == '/'
            });
            let attr = s[i..a_end].to_lowercase();
            i = a_end;
            let mut value = String::new();
            if s[i..].starts_with('=') {
                i += 1;
                if let Some(q) = s[i..].chars().next().filter(|c| *c == '"' || *c == '\'') {
                    let close = i + 1 + s[i + 1..].find(q).unwrap_or(s.len() - i - 1);
                    value = s[i + 1..close].to_string();
                    i = (close + 1).min(s.len());
                } else {
                    let v_end = end(i, &|c| c.is_whitespace() || c == '>');
                    value = s[i..v_end].to_string();
                    i = v_end;
                }
            }
            attrs.push((attr, value));
        }
        if name == "style" || name == "script" {
            let close = format!("</{name}");
            i += s[i..].find(&close).unwrap_or(s.len() - i);
        }
        tags.push((name, attrs));
    }
    tags
}

/// What in `markup` a payload turned into: forbidden elements, event
/// handler attributes, `javascript:` URLs, a refresh, or anything naming the
/// listener.
fn injected(markup: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (name, attrs) in start_tags(markup) {
        if FORBIDDEN.contains(&name.as_str()) {
            found.push(format!("<{name}> element"));
        }
        for (attr, value) in attrs {
            let v = value.to_lowercase();
            if attr.starts_with("on") {
                found.push(format!("{attr}= on <{name}>"));
            }
            if v.trim_start().starts_with("javascript:") || v.contains("127.0.0.1") {
                found.push(format!("{attr}=\"{value}\" on <{name}>"));
            }
            if name == "meta" && attr == "http-equiv" && v == "refresh" {
                found.push("<meta http-equiv=refresh>".into());
            }
        }
    }
    found
}

/// The built-in questionnaire with payloads in its title, names, questions,
/// guidance, recommendations, indicators, level names and status labels.
fn hostile_questionnaire(dir: &Path, p: &[String]) -> PathBuf {
    let src = std::fs::read_to_string(root().join("questionnaires/imcm-v0.1.toml")).unwrap();
    let mut doc: toml::Table = toml::from_str(&src).unwrap();
    let set_en = |v: &mut toml::Value, text: &str| {
        v.as_table_mut().unwrap()["en"] = toml::Value::String(text.to_string());
    };
    set_en(doc.get_mut("title").unwrap(), &p[0]);
    let arr =
        |doc: &mut toml::Table, k: &str| -> Vec<toml::Value> { doc[k].as_array().unwrap().clone() };
    let mut cats = arr(&mut doc, "category");
    for (i, c) in cats.iter_mut().enumerate() {
        set_en(
            &mut c["name"],
            &format!("{} {}", p[(2 * i + 1) % p.len()], i),
        );
    }
    doc.insert("category".into(), toml::Value::Array(cats));
    let mut subs = arr(&mut doc, "subcategory");
    for (i, s) in subs.iter_mut().enumerate().take(6) {
        set_en(&mut s["name"], &format!("{} {}", p[(i + 5) % p.len()], i));
    }
    doc.insert("subcategory".into(), toml::Value::Array(subs));
    let mut metrics = arr(&mut doc, "metric");
    for (i, m) in metrics.iter_mut().enumerate().take(12) {
        let t = m.as_table_mut().unwrap();
        for (j, field) in ["question", "guidance", "recommendation"]
            .iter()
            .enumerate()
        {
            if let Some(v) = t.get_mut(*field) {
                set_en(v, &p[(i + j) % p.len()]);
            }
        }
        if let Some(ind) = t.get_mut("indicators").and_then(|v| v.as_array_mut()) {
            set_en(&mut ind[0]["text"], &p[(i + 3) % p.len()]);
        }
    }
    doc.insert("metric".into(), toml::Value::Array(metrics));
    let mut levels = arr(&mut doc, "level");
    set_en(&mut levels[0]["name"], &p[2]);
    doc.insert("level".into(), toml::Value::Array(levels));
    let mut statuses = arr(&mut doc, "status");
    set_en(&mut statuses[1]["label"], &p[4]);
    doc.insert("status".into(), toml::Value::Array(statuses));
    let path = dir.join("hostile.toml");
    std::fs::write(&path, toml::to_string(&doc).unwrap()).unwrap();
    path
}

/// Answers for two units over two quarters, every text cell a payload.
fn hostile_answers(dir: &Path, q: &Path, org: &str, units: &[&str], p: &[String]) -> PathBuf {
    let statuses = ["yes", "partial", "no", "yes", "not_applicable", "partial"];
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "org", "unit", "period", "metric", "status", "evidence", "comment", "assessor",
    ])
    .unwrap();
    for (u, unit) in units.iter().enumerate() {
        for (k, period) in ["2026-Q2", "2026-Q3"].iter().enumerate() {
            let template = imcm()
                .args(["init", "-q"])
                .arg(q)
                .args(["--org", org, "--unit", unit, "--period", period, "-o", "-"])
                .output()
                .unwrap();
            assert!(
                template.status.success(),
                "{}",
                String::from_utf8_lossy(&template.stderr)
            );
            let mut r = csv::Reader::from_reader(&template.stdout[..]);
            let header = r.headers().unwrap().clone();
            let at = |h: &str| header.iter().position(|x| x == h).unwrap();
            let cols = [at("Organisation"), at("Unit"), at("Quarter"), at("Metric")];
            for (i, row) in r.records().enumerate() {
                let row = row.unwrap();
                let n = i + u + k;
                w.write_record([
                    &row[cols[0]],
                    &row[cols[1]],
                    &row[cols[2]],
                    &row[cols[3]],
                    statuses[(n + k) % statuses.len()],
                    &p[n % p.len()],
                    &p[(n + 7) % p.len()],
                    &p[(n + 11) % p.len()],
                ])
                .unwrap();
            }
        }
    }
    let path = dir.join("answers.csv");
    std::fs::write(&path, w.into_inner().unwrap()).unwrap();
    path
}

/// An incident log for the same org and units: valid incidents, plus rows
/// whose id, category and severity are payloads (listed by the data-quality
/// table).
fn hostile_log(dir: &Path, org: &str, units: &[&str], p: &[String]) -> PathBuf {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "org",
        "unit",
        "category",
        "severity",
        "occurred_at",
        "detected_at",
        "reported_at",
        "contained_at",
        "resolved_at",
        "detected_by",
        "lessons_learned",
    ])
    .unwrap();
    let mut n = 0;
    for unit in units {
        for month in ["04", "05", "07", "08", "09"] {
            for (cat, sev) in [("malware", "high"), ("phishing", "medium"), ("dos", "low")] {
                n += 1;
                w.write_record([
                    format!("inc-{n}").as_str(),
                    org,
                    unit,
                    cat,
                    sev,
                    &format!("2026-{month}-03T08:00:00"),
                    &format!("2026-{month}-03T09:00:00"),
                    &format!("2026-{month}-03T10:00:00"),
                    &format!("2026-{month}-03T13:00:00"),
                    &format!("2026-{month}-05T09:00:00"),
                    if n % 2 == 0 { "internal" } else { "external" },
                    "true",
                ])
                .unwrap();
            }
        }
        for (i, text) in p.iter().enumerate() {
            w.write_record([
                text.as_str(),
                org,
                unit,
                text,
                &p[(i + 3) % p.len()],
                "2026-08-01T08:00:00",
                "2026-08-01T09:00:00",
                "",
                "",
                "",
                text,
                "true",
            ])
            .unwrap();
        }
    }
    let path = dir.join("incidents.csv");
    std::fs::write(&path, w.into_inner().unwrap()).unwrap();
    path
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    common::files_below(dir)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| dir.join(f))
        .collect()
}

/// Load every page; return (page, problems) for each page with problems.
fn check_pages(browser: &Path, work: &Path, pages: &[PathBuf]) -> Vec<(PathBuf, Vec<String>)> {
    let mut bad = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let out = headless(
            browser,
            &work.join(format!("profile-{i}")),
            &[
                "--enable-logging=stderr",
                "--virtual-time-budget=3000",
                "--dump-dom",
            ],
            page,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let dom = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut problems: Vec<String> = injected(&dom)
            .into_iter()
            .map(|m| format!("markup in the DOM: {m}"))
            .collect();
        if problems.is_empty() && start_tags(&dom).len() < 20 {
            problems.push("the page did not render".into());
        }
        problems.extend(console(&out.stderr));
        if !problems.is_empty() {
            bad.push((page.clone(), problems));
        }
    }
    bad
}

struct Batch {
    work: tempfile::TempDir,
    listener: Listener,
    payloads: Vec<String>,
    q: PathBuf,
    answers: PathBuf,
    log: PathBuf,
}

fn batch() -> Batch {
    let work = tempfile::tempdir().unwrap();
    let listener = Listener::start();
    let p = payloads(listener.port);
    let org = format!("{} Acme", p[0]);
    let units = [p[14].as_str(), p[4].as_str()];
    let q = hostile_questionnaire(work.path(), &p);
    let answers = hostile_answers(work.path(), &q, &org, &units, &p);
    let log = hostile_log(work.path(), &org, &units, &p);
    Batch {
        work,
        listener,
        payloads: p,
        q,
        answers,
        log,
    }
}

impl Batch {
    fn report(&self, lang: &str, templates: Option<&Path>) -> PathBuf {
        let out = self.work.path().join(format!("out-{lang}"));
        let mut cmd = imcm();
        cmd.arg("report")
            .arg("-q")
            .arg(&self.q)
            .arg("-a")
            .arg(&self.answers)
            .arg("-i")
            .arg(&self.log)
            .args(["--lang", lang, "--out"])
            .arg(&out);
        if let Some(t) = templates {
            cmd.arg("--templates").arg(t);
        }
        cmd.assert().success();
        out
    }
}

#[test]
fn payloads_in_every_input_stay_text_in_a_real_browser_and_make_no_request() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let b = batch();
    let mut pages = Vec::new();
    for lang in ["en", "ja"] {
        pages.extend(html_files(&b.report(lang, None)));
    }
    // Four reports, the index and the comparison, in both languages.
    assert_eq!(pages.len(), 2 * (4 + 2), "{pages:?}");
    let bad = check_pages(&browser, b.work.path(), &pages);
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(
        b.listener.hits(),
        Vec::<String>::new(),
        "requests left the page"
    );

    // Not vacuous: the payloads are on the pages, as text.
    let report =
        std::fs::read_to_string(pages.iter().find(|p| p.ends_with("report.html")).unwrap())
            .unwrap();
    assert!(
        report.contains("&lt;script&gt;fetch("),
        "script payload shown as text"
    );
    assert!(
        report.contains("&lt;/text&gt;&lt;image"),
        "SVG payload shown as text"
    );
    let compare = std::fs::read_to_string(b.work.path().join("out-en/compare.html")).unwrap();
    assert!(
        compare.contains("onerror="),
        "unit payload on the compare page"
    );
    // The checker sees real markup: our pages have their own elements and
    // links, none of them flagged.
    let tags = start_tags(&report);
    assert!(tags.iter().any(|(n, _)| n == "svg") && tags.iter().any(|(n, _)| n == "table"));
    let svgs: Vec<String> = common::files_below(&b.work.path().join("out-en"))
        .into_iter()
        .filter(|f| f.ends_with(".svg"))
        .map(|f| std::fs::read_to_string(b.work.path().join("out-en").join(f)).unwrap())
        .collect();
    assert!(
        svgs.iter().any(|s| s.contains("&lt;/text&gt;&lt;image")),
        "a payload reached an SVG <text> and was escaped there"
    );
    for s in &svgs {
        assert!(
            injected(s).is_empty(),
            "markup in an SVG: {:?}",
            injected(s)
        );
    }
}

#[test]
fn the_checks_catch_a_raw_payload_and_a_template_without_escaping() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let b = batch();
    // A page without our policy that carries the payloads raw: the listener
    // sees its requests, so silence above means nothing was requested.
    let raw = write(
        b.work.path(),
        "raw.html",
        // (without the refresh, which would navigate away)
        &format!(
            "<html><body>{}</body></html>",
            b.payloads
                .iter()
                .filter(|p| !p.contains("refresh"))
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        ),
    );
    let bad = check_pages(&browser, b.work.path(), std::slice::from_ref(&raw));
    assert_eq!(bad.len(), 1);
    for m in [
        "<script> element",
        "<img> element",
        "onerror= on <img>",
        "<link> element",
    ] {
        assert!(bad[0].1.iter().any(|p| p.contains(m)), "{m}: {bad:?}");
    }
    let hits = b.listener.hits();
    assert!(
        hits.iter().any(|h| h.contains("/img")),
        "the raw page's image request reached the listener: {hits:?}"
    );

    // A template override that prints the comment unescaped, as a careless
    // edit to the built-in template would: the DOM check fails on it.
    let templates = b.work.path().join("templates/partials");
    std::fs::create_dir_all(&templates).unwrap();
    let category = std::fs::read_to_string(root().join("templates/partials/category.hbs")).unwrap();
    assert!(
        category.contains("{{comment}}"),
        "the template prints comments"
    );
    std::fs::write(
        templates.join("category.hbs"),
        category.replace("{{comment}}", "{{{comment}}}"),
    )
    .unwrap();
    let out = b.report("en", Some(&b.work.path().join("templates")));
    let page = out.join(
        common::files_below(&out)
            .into_iter()
            .find(|f| f.ends_with("report.html"))
            .unwrap(),
    );
    let bad = check_pages(&browser, b.work.path(), std::slice::from_ref(&page));
    assert_eq!(bad.len(), 1, "the unescaped comment is caught");
    // The policy blocks the injected script, and a meta refresh, which no
    // Content-Security-Policy stops, takes the reader away from the report:
    // escaping is what keeps the page whole.
    let problems = &bad[0].1;
    assert!(
        problems
            .iter()
            .any(|p| p.contains("Executing inline script violates")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("markup in the DOM") || p == "the page did not render"),
        "{problems:?}"
    );
    assert!(
        b.listener.hits().iter().any(|h| h.contains("/refresh")),
        "the refresh left the page"
    );
}

#[test]
fn spreadsheet_and_csv_outputs_keep_formula_payloads_inert() {
    let b = batch();
    let xlsx = b.work.path().join("scores.xlsx");
    imcm()
        .args(["score", "-q"])
        .arg(&b.q)
        .arg("-a")
        .arg(&b.answers)
        .args(["--format", "xlsx", "-o"])
        .arg(&xlsx)
        .assert()
        .success();
    let cmp = b.work.path().join("cmp");
    imcm()
        .args(["compare", "-q"])
        .arg(&b.q)
        .arg("-a")
        .arg(&b.answers)
        .arg("--out")
        .arg(&cmp)
        .assert()
        .success();
    // openpyxl reads each workbook: no cell is a formula, and the formula
    // payload is there as text.
    let script = r#"
import sys, openpyxl
for path in sys.argv[2:]:
    wb = openpyxl.load_workbook(path)
    formulas, found = [], 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    formulas.append(f"{ws.title}!{c.coordinate}")
                if c.value == sys.argv[1]:
                    found += 1
    assert not formulas, f"{path}: formulas in {formulas[:5]}"
    assert found, f"{path}: the formula payload is missing"
    print(path, "cells with the payload as text:", found)
"#;
    let formula = &b.payloads[14];
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(formula)
        .arg(&xlsx)
        .arg(cmp.join("compare.xlsx"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // CSV: the unit that starts with '=' is written with a leading apostrophe.
    let csv = std::fs::read_to_string(cmp.join("compare.csv")).unwrap();
    let quoted = format!("'{formula}").replace('"', "\"\"");
    assert!(csv.contains(&quoted), "{}", &csv[..csv.len().min(400)]);
    for line in csv.lines().skip(1) {
        let unit = line.split(',').nth(1).unwrap_or("");
        assert!(!unit.trim_start_matches('"').starts_with('='), "{line}");
    }
}

#[test]
fn the_markup_checker_reads_tags_attributes_and_skips_text() {
    let dom = r#"<p title="a > b">&lt;img src=x onerror=1&gt; "quoted" onload=</p><svg><text>x</text></svg><style>p > a { color: red }</style><img src="x" onerror="f()"><a href="javascript:f()">x</a>"#;
    let tags = start_tags(dom);
    let names: Vec<&str> = tags.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["p", "svg", "text", "style", "img", "a"]);
    assert_eq!(tags[0].1, [("title".to_string(), "a > b".to_string())]);
    assert_eq!(
        injected(dom),
        [
            "<img> element",
            "onerror= on <img>",
            "href=\"javascript:f()\" on <a>"
        ]
    );
}
