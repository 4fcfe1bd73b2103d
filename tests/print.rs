//! Print and look: Chromium prints the English and Japanese reports to PDF
//! (`--print-to-pdf`); poppler (`pdfinfo`, `pdftotext`, `pdftoppm`, installed
//! by `.ci/run`) reads the result back.
//!
//! - Laid out at the printable width of A4 (186 mm) with the print styles,
//!   no element reaches past the right edge: nothing would be cut off or
//!   shrunk to fit. A control page with a too-wide table proves the check.
//! - Every page is A4 and nothing is drawn in the page margins.
//! - The executive summary fits on page 1: the first category starts page 2.
//! - Page 1 as an image is compared with a golden image within a tolerance,
//!   guarding the executive page's layout (`IMCM_BLESS=1` rewrites it).

mod common;

use common::browser::{browser_or_skip, headless};
use common::{example_answers, imcm, root};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Resolution of the margin check and of the golden image.
const DPI: u32 = 40;

fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install poppler-utils (see .ci/run)"
        );
        eprintln!("skipping: no {name} on this machine (apt-get install poppler-utils)");
    }
    found
}

fn report(dir: &Path, lang: &str) -> PathBuf {
    let out = dir.join(format!("report-{lang}"));
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .arg("--incidents")
        .arg(root().join("examples/data/incidents.csv"))
        .args([
            "--org",
            "Kitsune Logistics",
            "--unit",
            "Head Office",
            "--period",
            "2026-Q3",
            "--lang",
            lang,
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    out.join("report.html")
}

fn print(browser: &Path, dir: &Path, page: &Path, lang: &str) -> PathBuf {
    let pdf = dir.join(format!("report-{lang}.pdf"));
    let out = headless(
        browser,
        &dir.join(format!("profile-{lang}")),
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
        page,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(pdf.is_file(), "no PDF written");
    pdf
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("poppler tool runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A grey-scale image: width, height, one byte per pixel.
struct Gray {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

/// Read a binary PGM (P5, maxval 255) as pdftoppm writes it.
fn read_pgm(path: &Path) -> Gray {
    let data = std::fs::read(path).unwrap();
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5", "{}", path.display());
    assert_eq!(fields[3], "255");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let px = data[i + 1..].to_vec();
    assert_eq!(px.len(), w * h);
    Gray { w, h, px }
}

fn pages_as_images(pdf: &Path, dir: &Path, lang: &str) -> Vec<Gray> {
    let prefix = dir.join(format!("page-{lang}"));
    run(Command::new("pdftoppm")
        .args(["-gray", "-r", &DPI.to_string()])
        .arg(pdf)
        .arg(&prefix));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("page-{lang}-"))
        })
        .collect();
    files.sort();
    files.iter().map(|f| read_pgm(f)).collect()
}

/// Pixels in the margin band of `mm` millimetres on each side that are not
/// near-white, as (side, x, y) of the first one found.
fn ink_in_margins(img: &Gray, mm: f64) -> Option<(&'static str, usize, usize)> {
    let band = (mm / 25.4 * f64::from(DPI)).floor() as usize;
    let ink = |x: usize, y: usize| img.px[y * img.w + x] < 235;
    for y in 0..img.h {
        for x in 0..band {
            if ink(x, y) {
                return Some(("left", x, y));
            }
            if ink(img.w - 1 - x, y) {
                return Some(("right", img.w - 1 - x, y));
            }
        }
    }
    for x in 0..img.w {
        for y in 0..band {
            if ink(x, y) {
                return Some(("top", x, y));
            }
            if ink(x, img.h - 1 - y) {
                return Some(("bottom", x, img.h - 1 - y));
            }
        }
    }
    None
}

/// Lay `page` out at the printable width of A4 with its print styles and
/// list the elements that reach past either edge or clip their content.
///
/// The copy loaded gets a measuring script (so its Content-Security-Policy
/// is taken out) and `@media print` rules applied on screen.
fn overflowing(browser: &Path, dir: &Path, page: &Path, extra: &str) -> Vec<String> {
    const MEASURE: &str = r#"<script>
const width = document.documentElement.clientWidth;
const bad = [];
for (const el of document.querySelectorAll("body *")) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  const style = getComputedStyle(el);
  const clips = style.overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1;
  if (r.right > width + 0.5 || r.left < -0.5 || clips) {
    bad.push(el.tagName.toLowerCase() + "." + el.className + " [" + Math.round(r.left) + ", " +
      Math.round(r.right) + "] of " + width + ": " + (el.textContent || "").trim().slice(0, 40));
  }
}
document.body.setAttribute("data-width", String(width));
document.body.setAttribute("data-overflow", bad.slice(0, 20).join(" | "));
</script>"#;
    let html = std::fs::read_to_string(page).unwrap();
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let end = start + html[start..].find('>').unwrap() + 1;
    let copy = format!("{}{}", &html[..start], &html[end..])
        .replace("@media print", "@media all")
        .replace("</body>", &format!("{extra}{MEASURE}</body>"));
    let measured = dir.join(format!(
        "measure-{}.html",
        page.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
    ));
    std::fs::write(&measured, copy).unwrap();
    // 186 mm at 96 px per inch.
    let out = headless(
        browser,
        &dir.join("profile-measure"),
        &["--window-size=703,1000", "--dump-dom"],
        &measured,
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let attr = |name: &str| -> String {
        let key = format!("{name}=\"");
        let at = dom
            .find(&key)
            .unwrap_or_else(|| panic!("no {name} in the DOM"))
            + key.len();
        dom[at..at + dom[at..].find('"').unwrap()].to_string()
    };
    assert_eq!(attr("data-width"), "703", "the layout width");
    let list = attr("data-overflow");
    if list.is_empty() {
        Vec::new()
    } else {
        list.split(" | ").map(String::from).collect()
    }
}

fn text_of_page(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    run(Command::new("pdftotext")
        .args(["-layout", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-"))
}

#[test]
fn reports_print_to_a4_pdf_with_nothing_cut_off_and_the_summary_on_page_one() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    if !tool("pdftoppm") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (lang, summary, first_category, provenance) in [
        (
            "en",
            "Executive summary",
            "Protect",
            "Inputs and provenance",
        ),
        ("ja", "エグゼクティブサマリー", "防護", "入力ファイルと出所"),
    ] {
        let page = report(dir.path(), lang);
        assert_eq!(
            overflowing(&browser, dir.path(), &page, ""),
            Vec::<String>::new(),
            "{lang}: elements wider than the printable width"
        );
        if lang == "en" {
            let wide = "<table style=\"width:900px\"><tr><td>too wide</td></tr></table>";
            let found = overflowing(&browser, dir.path(), &page, wide);
            assert!(
                found.iter().any(|f| f.starts_with("table.")),
                "the control table is caught: {found:?}"
            );
        }
        let pdf = print(&browser, dir.path(), &page, lang);
        let info = run(Command::new("pdfinfo").arg(&pdf));
        assert!(info.contains("(A4)"), "{info}");
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        // Summary, four categories, incidents, recommendations, method.
        assert!(pages >= 7, "{lang}: only {pages} pages");

        let first = text_of_page(&pdf, 1);
        assert!(first.contains(summary), "{lang} page 1: {first}");
        let second = text_of_page(&pdf, 2);
        assert!(
            second
                .trim_start()
                .starts_with(&format!("1 {first_category}")),
            "{lang}: page 2 starts with the first category, so the summary fit on page 1: {}",
            &second[..second.len().min(300)]
        );
        let last = text_of_page(&pdf, pages);
        assert!(
            last.contains(provenance),
            "{lang}: the provenance table is printed"
        );
        // A hash printed whole (not clipped) on the last page.
        assert!(
            last.lines().any(|l| l
                .split_whitespace()
                .any(|w| w.len() == 64 && w.chars().all(|c| c.is_ascii_hexdigit()))),
            "{lang}: a whole SHA-256 on the last page: {last}"
        );

        let images = pages_as_images(&pdf, dir.path(), lang);
        assert_eq!(images.len(), pages);
        for (i, img) in images.iter().enumerate() {
            // The page margins are 14 mm × 12 mm; nothing may reach the
            // outer 9 mm, where content wider or taller than the page lands.
            assert_eq!(
                ink_in_margins(img, 9.0),
                None,
                "{lang}: ink in the margin of page {}",
                i + 1
            );
        }
        golden_page(&images[0], lang);
    }
}

/// Compare page 1 with `tests/fixtures/print/executive-LANG.pgm`: at most
/// 1.5 % of pixels may differ by more than a quarter of the grey range (font
/// hinting moves edges by a pixel; a moved chart or table moves thousands).
fn golden_page(img: &Gray, lang: &str) {
    let path = root().join(format!("tests/fixtures/print/executive-{lang}.pgm"));
    let encode = |g: &Gray| {
        let mut out = format!("P5\n{} {}\n255\n", g.w, g.h).into_bytes();
        out.extend_from_slice(&g.px);
        out
    };
    if std::env::var_os("IMCM_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, encode(img)).unwrap();
        return;
    }
    let golden = read_pgm(&path);
    let actual_path = root().join(format!("target/print-executive-{lang}.pgm"));
    let _ = std::fs::write(&actual_path, encode(img));
    assert_eq!(
        (img.w, img.h),
        (golden.w, golden.h),
        "{lang}: page size changed"
    );
    let differing = img
        .px
        .iter()
        .zip(&golden.px)
        .filter(|(a, b)| a.abs_diff(**b) > 64)
        .count();
    let share = differing as f64 / img.px.len() as f64;
    assert!(
        share < 0.015,
        "{lang}: {:.2} % of the executive page differs from {} (actual: {}); \
         re-bless with IMCM_BLESS=1 if the change is intended",
        share * 100.0,
        path.display(),
        actual_path.display()
    );
}
