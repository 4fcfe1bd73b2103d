//! `report --format pdf`: Chromium (installed by `.ci/run`) prints the
//! report; poppler (`pdfinfo`, `pdftotext`) reads the PDF back.
//!
//! - Every page's footer names the organisation, unit and quarter and says
//!   "Page n of N" (in Japanese "n / N ページ"), N being the page count.
//! - Two runs give the same bytes.
//! - A hostile organisation name is printed as text in the footer.
//! - Without a browser: a message naming what was looked for and
//!   `--browser`, exit 1, and nothing written.

mod common;

use common::browser::browser_or_skip;
use common::{example_answers, imcm, root, write};
use std::path::{Path, PathBuf};
use std::process::Command;

fn report(answers: &Path, org: &str, lang: &str, out: &Path, browser: &Path) {
    let run = imcm()
        .arg("report")
        .arg("--answers")
        .arg(answers)
        .arg("--incidents")
        .arg(root().join("examples/data/incidents.csv"))
        .args(["--org", org, "--unit", "Head Office", "--period", "2026-Q3"])
        .args(["--lang", lang, "--format", "html,pdf", "--browser"])
        .arg(browser)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

fn page_text(pdf: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The last non-empty line of a page: its footer.
fn footer(text: &str) -> String {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn have_poppler() -> bool {
    Command::new("pdfinfo").arg("-v").output().is_ok()
}

#[test]
fn every_page_has_the_unit_and_quarter_and_its_number_in_the_footer() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    assert!(have_poppler() || std::env::var_os("CI").is_none());
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (lang, page_label) in [("en", "Page {n} of {N}"), ("ja", "{n} / {N} ページ")] {
        let out = dir.path().join(lang);
        report(
            &example_answers(),
            "Kitsune Logistics",
            lang,
            &out,
            &browser,
        );
        let pdf = out.join("report.pdf");
        let n = pages(&pdf);
        assert!((6..=40).contains(&n), "{lang}: {n} pages");
        for page in [1, n / 2, n] {
            let label = page_label
                .replace("{n}", &page.to_string())
                .replace("{N}", &n.to_string());
            let line = footer(&page_text(&pdf, page));
            assert!(
                line.starts_with("Kitsune Logistics / Head Office — 2026-Q3"),
                "{lang} page {page}: {line}"
            );
            assert!(line.ends_with(&label), "{lang} page {page}: {line}");
        }
        // The report itself is the HTML beside it, unchanged by the footer.
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(!html.contains("@bottom-right"));
    }
}

#[test]
fn the_same_inputs_print_the_same_bytes() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    report(&example_answers(), "Kitsune Logistics", "en", &a, &browser);
    report(&example_answers(), "Kitsune Logistics", "en", &b, &browser);
    let (x, y) = (
        std::fs::read(a.join("report.pdf")).unwrap(),
        std::fs::read(b.join("report.pdf")).unwrap(),
    );
    assert!(x.starts_with(b"%PDF-"));
    assert!(x == y, "two runs printed different PDFs");
}

#[test]
fn a_hostile_organisation_name_is_printed_as_text() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let org = "Evil\"}</style><b>x</b>\\";
    let csv = std::fs::read_to_string(example_answers())
        .unwrap()
        .replace("Kitsune Logistics", "\"Evil\"\"}</style><b>x</b>\\\"");
    let answers = write(dir.path(), "answers.csv", &csv);
    let out = dir.path().join("out");
    report(&answers, org, "en", &out, &browser);
    let pdf = out.join("report.pdf");
    let line = footer(&page_text(&pdf, 1));
    assert!(
        line.starts_with(&format!("{org} / Head Office — 2026-Q3")),
        "{line}"
    );
}

fn empty_path_run(dir: &Path, extra: &[&str]) -> (std::process::Output, PathBuf) {
    let out = dir.join("out");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let run = imcm()
        .env("PATH", &bin)
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .args(["--org", "Kitsune Logistics", "--unit", "Head Office"])
        .args(["--period", "2026-Q3", "--format", "html,pdf"])
        .args(extra)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    (run, out)
}

#[test]
fn without_a_browser_it_says_what_it_looked_for_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (run, out) = empty_path_run(dir.path(), &[]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    for word in ["chromium", "google-chrome", "msedge", "--browser"] {
        assert!(err.contains(word), "{word}: {err}");
    }
    assert!(!out.exists(), "nothing written");

    let (run, out) = empty_path_run(dir.path(), &["--browser", "/nonexistent/chrome"]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("/nonexistent/chrome"), "{err}");
    assert!(err.contains("--browser PATH"), "{err}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_browser_that_fails_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    // A "browser" that exits with an error and prints why.
    let fake = write(
        dir.path(),
        "fake-chrome",
        "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let (run, out) = empty_path_run(dir.path(), &["--browser", fake.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("cannot open display"), "{err}");
    assert!(!out.exists(), "nothing written");
}
