//! The Word report (`report --format docx`), checked in its parts and in a
//! real client: LibreOffice converts it to PDF and poppler reads the text
//! and the page count back.

mod common;

use common::office::{pdf_pages, pdf_text, soffice_or_skip, to_pdf};
use common::{imcm, root, write, write_bytes};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What an interviewee might type to turn a Word document against its
/// reader: a spreadsheet formula, a DDE field, raw WordprocessingML, the
/// end of a CDATA section, and control characters.
const HOSTILE: &str = "=HYPERLINK(\"http://x.invalid/\",\"click\") { DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe } <w:fldSimple w:instr=\"DDE\"/> ]]> bell\u{7}end";

/// The Head Office's 2026-Q3 answers of the example data, with `HOSTILE`
/// as the comment of metric 1.1.1.
fn hostile_answers(dir: &Path) -> PathBuf {
    let mut reader = csv::Reader::from_path(root().join("examples/data/answers.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (unit, period, metric, comment) =
        (col("unit"), col("period"), col("metric"), col("comment"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&headers).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        if &row[unit] != "Head Office" || &row[period] != "2026-Q3" {
            continue;
        }
        let mut fields: Vec<String> = row.iter().map(str::to_string).collect();
        if &row[metric] == "1.1.1" {
            fields[comment] = HOSTILE.to_string();
        }
        out.write_record(&fields).unwrap();
    }
    let bytes = out.into_inner().unwrap();
    write_bytes(dir, "answers.csv", &bytes)
}

/// Run `report --format docx` (plus `extra`) into `dir/out`; the folder.
fn report(dir: &Path, answers: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join("out");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(answers)
        .arg("--incidents")
        .arg(root().join("examples/data/incidents.csv"))
        .args(extra)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

/// The part `name` of the package `docx`, as text.
fn part(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{} has no {name}", docx.display()))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// `s` without any white space (a table cell wraps text anywhere).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_english_report_opens_in_libreoffice_with_its_headings_and_inert_user_text() {
    let dir = tempfile::tempdir().unwrap();
    let answers = hostile_answers(dir.path());
    let out = report(dir.path(), &answers, &["--format", "html,docx"]);
    assert!(out.join("report.html").is_file(), "html is still written");
    assert!(out.join("radar.svg").is_file() && out.join("scores.json").is_file());
    let docx = out.join("report.docx");
    let document = part(&docx, "word/document.xml");
    for style in ["Heading1", "Heading2", "Heading3", "Title", "Caption"] {
        assert!(
            document.contains(&format!(r#"<w:pStyle w:val="{style}" />"#)),
            "{style}"
        );
    }
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"<w:outlineLvl w:val="0"/>"#));
    assert!(styles.contains(r#"<w:lang w:val="en-GB" w:eastAsia="ja-JP""#));
    assert!(document.contains("<w:tblHeader />"), "header rows repeat");
    // Ten charts: the radar, the scores, four categories, four incident charts.
    assert_eq!(document.matches("<pic:pic").count(), 10, "pictures");
    // The payload is text: escaped inside a run, never a field or link.
    assert!(document.contains("&lt;w:fldSimple w:instr=&quot;DDE&quot;/&gt; ]]&gt;"));
    assert!(!document.contains("<w:fldSimple") && !document.contains("<w:hyperlink"));
    for instr in document.split("<w:instrText").skip(1) {
        let instr = &instr[..instr.find("</w:instrText>").unwrap()];
        assert!(
            instr.contains(r#"> TOC \o &quot;1-2&quot; \h \z \u "#),
            "a field that is not ours: {instr}"
        );
    }
    assert!(
        document.contains("bell\u{fffd}end"),
        "control character replaced"
    );
    let core = part(&docx, "docProps/core.xml");
    assert!(!core.contains("dcterms:created") && !core.contains("dcterms:modified"));

    let Some(soffice) = soffice_or_skip() else {
        return;
    };
    let pdf = to_pdf(&soffice, &docx, dir.path(), &dir.path().join("profile"));
    let text = pdf_text(&pdf);
    for heading in [
        "Incident management capability assessment",
        "Executive summary",
        "Key findings",
        "1 Protect",
        "4 Sustain",
        "Incident evidence",
        "Recommendations",
        "Roadmap",
        "Methodology",
        "Appendix: evidence to request",
        "Inputs and provenance",
    ] {
        assert!(text.contains(heading), "{heading} missing from the PDF");
    }
    let flat = squeeze(&text);
    // The headline sentence of the HTML report, word for word.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let start = html.find(r#"<p class="brief-headline">"#).unwrap() + 26;
    let headline = &html[start..start + html[start..].find("</p>").unwrap()];
    assert!(flat.contains(&squeeze(headline)), "{headline}");
    assert!(
        flat.contains(&squeeze(
            "=HYPERLINK(\"http://x.invalid/\",\"click\") { DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe } <w:fldSimple w:instr=\"DDE\"/> ]]>"
        )),
        "the payload is printed as typed"
    );
    // 48 metrics on A4 with nine charts: measured 32 pages.
    let pages = pdf_pages(&pdf);
    assert!((24..=44).contains(&pages), "{pages} pages");
}

#[test]
fn the_japanese_report_names_its_categories_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let answers = hostile_answers(dir.path());
    let out = report(dir.path(), &answers, &["--format", "docx", "--lang", "ja"]);
    assert!(
        !out.join("report.html").exists(),
        "docx alone writes no html"
    );
    assert!(out.join("scores.csv").is_file() && out.join("radar.svg").is_file());
    let docx = out.join("report.docx");
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"<w:lang w:val="ja-JP" w:eastAsia="ja-JP""#));
    assert!(styles.contains(r#"w:eastAsia="Yu Gothic""#));
    let Some(soffice) = soffice_or_skip() else {
        return;
    };
    let pdf = to_pdf(&soffice, &docx, dir.path(), &dir.path().join("profile"));
    let text = pdf_text(&pdf);
    for words in [
        "エグゼクティブサマリー",
        "主な所見",
        "1 防護",
        "評価方法",
        "推奨事項",
    ] {
        assert!(text.contains(words), "{words} missing from the PDF");
    }
    let pages = pdf_pages(&pdf);
    assert!((24..=48).contains(&pages), "{pages} pages");
}

#[test]
fn two_runs_write_the_same_bytes_and_a_batch_writes_one_docx_per_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let answers = hostile_answers(dir.path());
    let a = report(&dir.path().join("a"), &answers, &["--format", "docx"]);
    let b = report(
        &dir.path().join("b"),
        &answers,
        &["--format=docx", "--format", "docx"],
    );
    let (a, b) = (
        std::fs::read(a.join("report.docx")).unwrap(),
        std::fs::read(b.join("report.docx")).unwrap(),
    );
    assert!(a == b, "report.docx differs between two runs");

    // Two quarters of one unit: one report.docx in each folder, the same
    // bytes for the same assessment as when it is rendered alone.
    let batch = dir.path().join("batch");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(root().join("examples/data/answers.csv"))
        .args([
            "--unit", "Osaka DC", "--format", "html", "--format", "docx", "-o",
        ])
        .arg(&batch)
        .assert()
        .success();
    let folders: Vec<PathBuf> = common::files_below(&batch)
        .into_iter()
        .filter(|f| f.ends_with("report.docx"))
        .map(PathBuf::from)
        .collect();
    assert_eq!(folders.len(), 4, "{folders:?}");
    let alone = dir.path().join("alone");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(root().join("examples/data/answers.csv"))
        .args([
            "--unit", "Osaka DC", "--period", "2026-Q1", "--format", "docx", "-o",
        ])
        .arg(&alone)
        .assert()
        .success();
    let in_batch = folders
        .iter()
        .find(|f| f.to_string_lossy().contains("2026-Q1"))
        .unwrap();
    assert!(
        std::fs::read(batch.join(in_batch)).unwrap()
            == std::fs::read(alone.join("report.docx")).unwrap(),
        "the batch's report.docx differs from the one rendered alone"
    );
}

/// `docx` with its `word/styles.xml` edited by `edit`, as bytes.
fn with_styles(docx: &Path, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == "word/styles.xml" {
            bytes = edit(&String::from_utf8(bytes).unwrap()).into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The `<w:style>` element of `id` in `styles`.
fn style<'a>(styles: &'a str, id: &str) -> &'a str {
    let start = styles
        .find(&format!(r#"w:styleId="{id}""#))
        .unwrap_or_else(|| panic!("no style {id}"));
    let end = start + styles[start..].find("</w:style>").unwrap();
    &styles[start..end]
}

#[test]
fn a_reference_docx_in_the_templates_folder_restyles_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let answers = hostile_answers(dir.path());
    let plain = report(&dir.path().join("plain"), &answers, &["--format", "docx"]);
    // The house style: Heading 1 in red Courier New, as a user would save
    // it from Word after restyling a report.
    let reference = with_styles(&plain.join("report.docx"), |styles| {
        let h1 = style(styles, "Heading1");
        let red = h1
            .replace(
                r#"<w:color w:val="1F3A5F"/>"#,
                r#"<w:color w:val="C00000"/>"#,
            )
            .replace(
                "<w:b/>",
                r#"<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/><w:b/>"#,
            );
        styles.replace(h1, &red)
    });
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    write_bytes(&templates, "reference.docx", &reference);
    let templates_arg = templates.display().to_string();
    let styled = report(
        &dir.path().join("styled"),
        &answers,
        &["--format", "docx", "--templates", &templates_arg],
    );
    let styles = part(&styled.join("report.docx"), "word/styles.xml");
    let h1 = style(&styles, "Heading1");
    assert!(h1.contains(r#"<w:color w:val="C00000"/>"#), "{h1}");
    assert!(h1.contains(r#"w:ascii="Courier New""#), "{h1}");
    assert!(
        style(&styles, "Heading2").contains("1F3A5F"),
        "the rest kept"
    );
    assert_eq!(styles.matches(r#"w:styleId="Heading1""#).count(), 1);

    // A reference that is not a Word document: a clear error, nothing written.
    write(&templates, "reference.docx", "not a zip");
    let out = dir.path().join("bad");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(&answers)
        .args(["--format", "docx", "--templates", &templates_arg, "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("reference.docx"))
        .stderr(predicates::str::contains("not a .docx (zip) file"));
    assert!(!out.join("report.docx").exists());
    // The HTML report alone does not read it.
    let html = dir.path().join("html");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(&answers)
        .args(["--templates", &templates_arg, "-o"])
        .arg(&html)
        .assert()
        .success();
}

#[test]
fn an_unknown_format_is_refused_with_the_formats_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(root().join("examples/data/answers.csv"))
        .args(["--format", "html,odt", "-o"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicates::str::contains("odt"))
        .stderr(predicates::str::contains("html"))
        .stderr(predicates::str::contains("docx"));
    assert!(!out.exists());
}
