//! The report in a real headless Chromium (Debian's `chromium`, installed by
//! `.ci/run`): the DOM the browser builds has the charts, the Japanese text and
//! the user's markup as inert text.
//!
//! Without a browser the test says so and passes locally; under CI (`CI` set)
//! a missing browser is a failure.

mod common;

use common::browser::{browser_or_skip, console, headless};
use common::{example_answers, imcm};
use std::path::{Path, PathBuf};

fn render(dir: &Path, lang: &str) -> PathBuf {
    let out = dir.join(lang);
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .args([
            "--unit",
            "Head Office",
            "--period",
            "2026-Q1",
            "--lang",
            lang,
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    out.join("report.html")
}

#[test]
fn report_renders_in_headless_chromium_with_charts_and_inert_user_text() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ja"] {
        let page = render(dir.path(), lang);
        let out = headless(
            &browser,
            &dir.path().join(format!("profile-{lang}")),
            &["--dump-dom"],
            &page,
        );
        assert!(
            out.status.success(),
            "chromium failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let dom = String::from_utf8(out.stdout).unwrap();
        assert!(
            dom.contains(&format!("<html lang=\"{lang}\">")),
            "{}",
            &dom[..dom.len().min(300)]
        );
        // Radar, the score chart and one bar chart per category, parsed as
        // SVG elements, each named for assistive technology.
        assert_eq!(dom.matches("<svg").count(), 6);
        assert_eq!(dom.matches("<svg role=\"img\" aria-labelledby=").count(), 6);
        assert_eq!(dom.matches("<details class=\"chart-data\">").count(), 6);
        assert!(dom.contains("<polygon"), "radar area");
        // The assessor's comment with markup stays text in the DOM.
        assert!(
            dom.contains("&lt;b&gt;email&lt;/b&gt;"),
            "escaped comment in the DOM"
        );
        assert!(
            !dom.contains("<b>email</b>"),
            "user markup must not become elements"
        );
        assert!(!dom.contains("<script"), "no script element");
        let names: &[&str] = if lang == "ja" {
            &["防護", "検出", "対処", "維持"]
        } else {
            &["Protect", "Detect", "Respond", "Sustain"]
        };
        for n in names {
            assert!(dom.contains(n), "{n}");
        }
    }
}

#[test]
fn japanese_report_screenshot_is_drawn() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = render(dir.path(), "ja");
    let shot = dir.path().join("shot.png");
    let out = headless(
        &browser,
        &dir.path().join("profile"),
        &[
            "--window-size=1100,1400",
            "--enable-logging=stderr",
            &format!("--screenshot={}", shot.display()),
        ],
        &page,
    );
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The page logs nothing to the console: no script error, no blocked
    // load, no Content-Security-Policy violation.
    assert_eq!(console(&out.stderr), Vec::<String>::new());
    // The same check catches a page that breaks its policy.
    let bad = dir.path().join("bad.html");
    std::fs::write(
        &bad,
        "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head><body><script>1</script></body></html>",
    )
    .unwrap();
    let control = headless(
        &browser,
        &dir.path().join("profile-bad"),
        &["--enable-logging=stderr", "--dump-dom"],
        &bad,
    );
    assert!(
        !console(&control.stderr).is_empty(),
        "a CSP violation shows up on the console"
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert_eq!(&png[1..4], b"PNG");
    // Width and height from the IHDR chunk.
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((w, h), (1100, 1400));
    // A blank or failed page compresses to a few KB; the rendered page with
    // charts and Japanese text is far larger.
    assert!(png.len() > 60_000, "screenshot only {} bytes", png.len());
}

#[test]
fn compare_page_renders_in_headless_chromium_in_both_languages() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ja"] {
        let out = dir.path().join(format!("compare-{lang}"));
        imcm()
            .arg("compare")
            .arg("--answers")
            .arg(example_answers())
            .arg("--incidents")
            .arg(common::root().join("examples/data/incidents.csv"))
            .args(["--lang", lang, "--out"])
            .arg(&out)
            .assert()
            .success();
        let page = out.join("compare.html");
        let dom = headless(
            &browser,
            &dir.path().join(format!("profile-{lang}")),
            &["--dump-dom"],
            &page,
        );
        assert!(
            dom.status.success(),
            "{}",
            String::from_utf8_lossy(&dom.stderr)
        );
        let dom = String::from_utf8(dom.stdout).unwrap();
        assert!(dom.contains(&format!("<html lang=\"{lang}\">")));
        // Heatmap plus one trend chart per unit, parsed as SVG with their shapes.
        assert_eq!(dom.matches("<svg").count(), 3);
        assert!(dom.matches("<circle").count() >= 2 * 4 * 4, "level markers");
        let (trends, heading) = if lang == "ja" {
            ("推移", "変化の内訳")
        } else {
            ("Trends", "Changes explained")
        };
        assert!(dom.contains(trends) && dom.contains(heading));
        let shot = dir.path().join(format!("compare-{lang}.png"));
        let out = headless(
            &browser,
            &dir.path().join(format!("profile-shot-{lang}")),
            &[
                "--window-size=1100,1400",
                &format!("--screenshot={}", shot.display()),
            ],
            &page,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let png = std::fs::read(&shot).expect("screenshot written");
        assert!(png.len() > 60_000, "screenshot only {} bytes", png.len());
    }
}
