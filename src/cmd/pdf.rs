//! `report --format pdf`: the HTML report printed to PDF by a
//! Chromium-family browser (Chromium, Google Chrome, Microsoft Edge) found on
//! the machine or given with `--browser`, with the organisation, unit and
//! quarter and the page numbers in the footer of every page.
//!
//! The page is printed from a private temporary folder with a fresh browser
//! profile; the footer is an extra print style (CSS page-margin boxes) added
//! to that copy only, so `report.html` itself is unchanged. The PDF's
//! creation and modification dates, the only bytes that would differ
//! between two runs, are blanked: the same inputs give the same file.

use crate::error::{Error, Result};
use crate::i18n::tr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Names looked up on `PATH`, in this order.
const NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
];

/// Where the browsers install themselves outside `PATH`.
#[cfg(target_os = "macos")]
const PLACES: &[&str] = &[
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
];
#[cfg(windows)]
const PLACES: &[&str] = &[
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
];
#[cfg(not(any(target_os = "macos", windows)))]
const PLACES: &[&str] = &[];

/// Longest time one page may take to print.
const TIMEOUT: Duration = Duration::from_secs(180);

/// The browser to print with: `given`, which must be a file, or the first
/// Chromium-family browser on `PATH` or in its usual place.
///
/// # Errors
/// [`Error::NoBrowser`] naming what was looked for and the `--browser` option.
pub(super) fn find_browser(given: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = given {
        if path.is_file() {
            return Ok(path.to_path_buf());
        }
        return Err(Error::NoBrowser {
            given: Some(path.to_path_buf()),
            looked: Vec::new(),
        });
    }
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    for name in NAMES {
        for dir in &on_path {
            let candidate = dir.join(if cfg!(windows) {
                format!("{name}.exe")
            } else {
                (*name).to_string()
            });
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    if let Some(found) = PLACES.iter().map(PathBuf::from).find(|p| p.is_file()) {
        return Ok(found);
    }
    let mut looked: Vec<String> = NAMES.iter().map(|n| (*n).to_string()).collect();
    looked.extend(PLACES.iter().map(|p| (*p).to_string()));
    Err(Error::NoBrowser {
        given: None,
        looked,
    })
}

/// What the footer of every page says.
#[derive(Debug, Clone)]
pub(super) struct Footer {
    /// Left: organisation, unit and quarter.
    pub left: String,
    /// Right: the page label with `{page}` and `{pages}` placeholders.
    pub page: String,
}

/// `text` as a CSS string literal: quotes, backslashes, angle brackets and
/// control characters as hexadecimal escapes, so no name can end the
/// string or the style element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        let plain = c.is_alphanumeric() || c == ' ' || (!c.is_ascii() && !c.is_control());
        let safe_mark = c.is_ascii_punctuation() && !matches!(c, '"' | '\\' | '<' | '>' | '&');
        if plain || safe_mark {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// The page label as CSS `content`: its text around `counter(page)` and
/// `counter(pages)`.
fn page_content(label: &str) -> String {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = label;
    while let Some(c) = rest.chars().next() {
        let counter = [("{pages}", "counter(pages)"), ("{page}", "counter(page)")]
            .into_iter()
            .find(|(p, _)| rest.starts_with(p));
        if let Some((placeholder, counter)) = counter {
            if !text.is_empty() {
                parts.push(css_string(&std::mem::take(&mut text)));
            }
            parts.push(counter.to_string());
            rest = &rest[placeholder.len()..];
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !text.is_empty() {
        parts.push(css_string(&text));
    }
    parts.join(" ")
}

/// The print style that puts `footer` on every page.
fn footer_style(footer: &Footer) -> String {
    format!(
        "<style>@page {{ @bottom-left {{ content: {}; font-family: \"Noto Sans\", \"Noto Sans CJK JP\", \"Yu Gothic\", Meiryo, sans-serif; font-size: 8pt; color: #555; }} @bottom-right {{ content: {}; font-family: \"Noto Sans\", \"Noto Sans CJK JP\", \"Yu Gothic\", Meiryo, sans-serif; font-size: 8pt; color: #555; }} }}</style>",
        css_string(&footer.left),
        page_content(&footer.page)
    )
}

/// `html` with the footer style added at the end of its head.
fn with_footer(html: &str, footer: &Footer) -> String {
    let style = footer_style(footer);
    match html.find("</head>") {
        Some(at) => format!("{}{style}{}", &html[..at], &html[at..]),
        None => format!("{style}{html}"),
    }
}

/// Blank the values of `/CreationDate (…)` and `/ModDate (…)` in place (the
/// same number of bytes, so the cross-reference offsets stay right).
fn blank_dates(pdf: &mut [u8]) {
    for key in [&b"/CreationDate ("[..], &b"/ModDate ("[..]] {
        let mut from = 0;
        while let Some(at) = find(&pdf[from..], key) {
            let start = from + at;
            let Some(len) = pdf[start..].iter().position(|&b| b == b')') else {
                break;
            };
            for b in &mut pdf[start..=start + len] {
                *b = b' ';
            }
            from = start + len;
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether this process runs as root: Chromium's sandbox refuses to start
/// then, and must be turned off.
fn as_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Print `html` (a self-contained page) to PDF with `browser`.
///
/// # Errors
/// [`Error::Output`] when the browser fails, takes longer than three
/// minutes or writes no PDF.
pub(super) fn print(browser: &Path, html: &str, footer: &Footer) -> Result<Vec<u8>> {
    let dir = tempfile::Builder::new()
        .prefix("imcm-pdf-")
        .tempdir()
        .map_err(|e| Error::io("create", std::env::temp_dir(), e))?;
    let page = dir.path().join("report.html");
    std::fs::write(&page, with_footer(html, footer)).map_err(|e| Error::io("write", &page, e))?;
    let pdf = dir.path().join("report.pdf");
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
    ]);
    if as_root() {
        cmd.arg("--no-sandbox");
    }
    cmd.arg(format!(
        "--user-data-dir={}",
        dir.path().join("profile").display()
    ))
    .arg(format!("--print-to-pdf={}", pdf.display()))
    .arg(file_url(&page))
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    let fail = |message: String| Error::Output {
        path: browser.to_path_buf(),
        message,
    };
    let mut child = cmd
        .spawn()
        .map_err(|e| fail(tr("browser_failed", &[("why", &e)])))?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(tr("browser_timeout", &[("secs", &TIMEOUT.as_secs())])));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(fail(tr("browser_failed", &[("why", &e)]))),
        }
    };
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut stderr);
    }
    let mut bytes = match std::fs::read(&pdf) {
        Ok(b) if status.success() && b.starts_with(b"%PDF-") => b,
        _ => {
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
            return Err(fail(tr(
                "browser_failed",
                &[("why", &last.unwrap_or(&status.to_string()))],
            )));
        }
    };
    blank_dates(&mut bytes);
    Ok(bytes)
}

/// A `file://` URL for `path` (absolute), with the characters that a URL
/// cannot hold percent-encoded.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    let text = path.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        url.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~:".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_text_cannot_end_the_css_string_or_the_style_element() {
        let s = css_string("A\"B\\C</style><script>x</script>本社\n");
        assert_eq!(
            s,
            "\"A\\22 B\\5c C\\3c /style\\3e \\3c script\\3e x\\3c /script\\3e 本社\\a \""
        );
        assert!(!s.contains("</"));
    }

    #[test]
    fn the_page_label_becomes_counters_around_its_text() {
        assert_eq!(
            page_content("Page {page} of {pages}"),
            "\"Page \" counter(page) \" of \" counter(pages)"
        );
        assert_eq!(
            page_content("{page} / {pages} ページ"),
            "counter(page) \" / \" counter(pages) \" ページ\""
        );
    }

    #[test]
    fn dates_are_blanked_without_moving_a_byte() {
        let mut pdf = b"%PDF-1.4 <</Producer (Skia/PDF m156)\n/CreationDate (D:20261202044712+00'00')\n/ModDate (D:20261202044712+00'00')>>".to_vec();
        let len = pdf.len();
        blank_dates(&mut pdf);
        assert_eq!(pdf.len(), len);
        let text = String::from_utf8(pdf).unwrap();
        assert!(!text.contains("2026"), "{text}");
        assert!(text.contains("/Producer (Skia/PDF m156)"));
    }

    #[test]
    fn a_given_browser_that_is_not_a_file_is_refused_with_its_path() {
        let err = find_browser(Some(Path::new("/nonexistent/chrome"))).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/chrome"), "{err}");
    }

    #[test]
    fn file_urls_encode_spaces_and_non_ascii() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/本.html")),
            "file:///tmp/a%20b/%E6%9C%AC.html"
        );
    }
}
