//! Headless Chromium for the tests that check pages in a real browser
//! (Debian's `chromium`, installed by `.ci/run`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium binary, if installed.
pub fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// The browser, or `None` with a note when it is missing on a developer's
/// machine; under CI (`CI` set) a missing browser fails the test.
pub fn browser_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (see .ci/run)"
        );
        eprintln!(
            "skipping: no chromium on this machine (apt-get install chromium fonts-noto-cjk)"
        );
    }
    found
}

/// Run Chromium headless on `page` with a fresh profile in `profile`.
pub fn headless(
    browser: &Path,
    profile: &Path,
    args: &[&str],
    page: &Path,
) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium")
}

/// The console lines in Chromium's log (run with `--enable-logging=stderr`):
/// script errors, blocked loads, Content-Security-Policy violations.
pub fn console(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(String::from)
        .collect()
}
