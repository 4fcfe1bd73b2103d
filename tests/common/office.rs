//! LibreOffice for the tests that open the Word report in a real client
//! (Debian's `libreoffice-writer-nogui`, installed by `.ci/run`), and
//! poppler's `pdftotext` / `pdfinfo` to read back what it printed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The LibreOffice binary, if installed.
pub fn soffice() -> Option<PathBuf> {
    [
        "/usr/bin/soffice",
        "/usr/bin/libreoffice",
        "/usr/local/bin/soffice",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// LibreOffice, or `None` with a note when it is missing on a developer's
/// machine; under CI (`CI` set) a missing LibreOffice fails the test.
pub fn soffice_or_skip() -> Option<PathBuf> {
    let found = soffice();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install libreoffice-writer-nogui and poppler-utils (see .ci/run)"
        );
        eprintln!(
            "skipping: apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk"
        );
    }
    found
}

/// Convert `docx` to PDF in `out` headlessly, with a private profile in
/// `profile` (so that tests running at once do not share one); the PDF.
pub fn to_pdf(soffice: &Path, docx: &Path, out: &Path, profile: &Path) -> PathBuf {
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(out)
        .arg(docx)
        .status()
        .expect("soffice runs");
    assert!(status.success(), "soffice failed on {}", docx.display());
    let pdf = out.join(docx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.exists(), "soffice wrote no {}", pdf.display());
    pdf
}

/// The text of `pdf` (`pdftotext`).
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The page count of `pdf` (`pdfinfo`).
pub fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}
