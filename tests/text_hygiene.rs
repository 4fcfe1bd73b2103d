//! Control characters, bidi overrides and awkward names (issue 11): names
//! holding them are refused with the code point, documents never carry them,
//! terminals see escapes, folders are short and stable across runs, and an
//! answer file's cell limit applies while it is read.

mod common;

use common::{files_below, imcm, imcm_bounded, write};
use std::path::Path;

const HEADER: &str = "org,unit,period,metric,status,evidence,comment\n";

/// The run's standard error, after asserting it failed with exit 1.
fn fails(cmd: &mut assert_cmd::Command) -> Vec<u8> {
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stderr
}

/// Whether `bytes` hold a control character other than tab, LF and CR, or
/// the UTF-8 of a bidi formatting character.
fn has_raw_controls(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars().any(|c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    })
}

/// Parse `path` with a real XML parser (Python's expat).
fn assert_valid_xml(path: &Path) {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])",
        ])
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{} is not valid XML: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_bell_in_a_unit_name_is_refused_naming_u_0007() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        &format!("{HEADER}Acme,HQ\u{7},2026-Q1,1.1.1,yes,,\nAcme,Ops,2026-Q1,1.1.1,yes,,\n"),
    );
    let err = fails(
        imcm()
            .arg("report")
            .arg("--answers")
            .arg(&a)
            .arg("--out")
            .arg(dir.path().join("out")),
    );
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("a.csv:2:2: column 'unit': 'HQ\\u{7}' holds U+0007 (BELL) at character 3"),
        "{err}"
    );
    assert!(err.contains("help: delete that character"), "{err}");
    assert!(!has_raw_controls(err.as_bytes()), "{err:?}");
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

#[test]
fn a_bell_in_a_workbook_unit_is_refused_like_in_a_csv_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["org", "unit", "period", "metric", "status"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["Acme", "HQ\u{7}", "2026-Q1", "1.1.1", "yes"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(&path).unwrap();
    let err = String::from_utf8(fails(imcm().arg("validate").arg("--answers").arg(&path))).unwrap();
    assert!(
        err.contains("U+0007 (BELL)") && err.contains("row 2"),
        "{err}"
    );
}

#[test]
fn a_right_to_left_override_cannot_show_unit_evil_as_live() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        &format!("{HEADER}Acme,\u{202e}evil,2026-Q1,1.1.1,yes,,\n"),
    );
    let err = String::from_utf8(fails(imcm().arg("validate").arg("--answers").arg(&a))).unwrap();
    assert!(
        err.contains(
            "column 'unit': '\\u{202e}evil' holds U+202E (RIGHT-TO-LEFT OVERRIDE) at character 1"
        ),
        "{err}"
    );
    assert!(!err.contains('\u{202e}'), "{err}");
}

#[test]
fn validate_shows_an_escape_sequence_in_a_value_instead_of_obeying_it() {
    let dir = tempfile::tempdir().unwrap();
    // Sets the window title, rings the bell and clears the screen when printed raw.
    let a = write(
        dir.path(),
        "a.csv",
        &format!("{HEADER}Acme,HQ,2026-Q1,1.1.1,\u{1b}]0;pwned\u{7}\u{1b}[2J,,\n"),
    );
    let err = fails(imcm().arg("validate").arg("--answers").arg(&a));
    assert!(!err.contains(&0x1b), "{:?}", String::from_utf8_lossy(&err));
    assert!(!has_raw_controls(&err));
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("unknown status '\\u{1b}]0;pwned\\u{7}\\u{1b}[2J'"),
        "{err}"
    );
    // Our own line breaks stay line breaks.
    assert!(err.contains("\n  help: "), "{err}");
    // A usage error echoing an argument is not obeyed either, even when
    // clap colours its output (as on a terminal).
    let out = imcm()
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args([
            "validate",
            "--answers",
            "x.csv",
            "--encoding",
            "\u{1b}]0;pwned\u{7}bad",
        ])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(
        !out.stderr.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_nul_in_a_comment_never_reaches_a_csv_output() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        &format!(
            "{HEADER}Acme,HQ,2026-Q1,1.1.1,yes,log\u{0}book,ok\u{0}\u{7}\u{202e}evil\nAcme,HQ,2026-Q2,1.1.1,no,,\nAcme,Ops,2026-Q1,1.1.1,yes,,\u{0}\n"
        ),
    );
    let out = dir.path().join("out");
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(&a)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let text_files: Vec<String> = files_below(&out)
        .into_iter()
        .filter(|f| {
            [".csv", ".html", ".svg", ".json"]
                .iter()
                .any(|e| f.ends_with(e))
        })
        .collect();
    assert!(text_files.iter().any(|f| f.ends_with("scores.csv")));
    for f in &text_files {
        let bytes = std::fs::read(out.join(f)).unwrap();
        assert!(!bytes.contains(&0), "{f} holds a NUL");
        if !f.ends_with(".json") {
            assert!(
                !has_raw_controls(&bytes),
                "{f} holds a control or bidi character"
            );
        }
    }
    // NUL in a name is refused outright.
    let nul = write(
        dir.path(),
        "nul.csv",
        &format!("{HEADER}Ac\u{0}me,HQ,2026-Q1,1.1.1,yes,,\n"),
    );
    let err = String::from_utf8(fails(
        imcm()
            .arg("score")
            .arg("--answers")
            .arg(&nul)
            .args(["--format", "csv"]),
    ))
    .unwrap();
    assert!(err.contains("U+0000 (NULL) at character 3"), "{err}");
}

#[test]
fn incident_text_with_controls_is_escaped_in_quality_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "log.csv",
        "id,org,unit,category,severity,detected_at\nINC\u{0}\u{1b}[2J,,HQ,malware,high,2026-01-05T10:00:00Z\nINC-2,Acme,HQ,malware,high,2026-01-06T10:00:00Z\n",
    );
    for format in [&["--format", "csv"][..], &[][..]] {
        let out = imcm()
            .args(["kpi", "--quality", "--incidents"])
            .arg(&log)
            .args(format)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !has_raw_controls(&out.stdout),
            "{:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("INC"));
    }
}

#[test]
fn every_svg_stays_valid_xml_when_labels_and_comments_carry_controls() {
    let dir = tempfile::tempdir().unwrap();
    // A questionnaire whose category name holds BEL, an override and NUL:
    // category names label the radar and bar charts.
    let q = write(
        dir.path(),
        "hostile.toml",
        "extends = \"imcm-v0.1\"\nid = \"hostile\"\nversion = \"1\"\n\n[[category]]\nkey = \"protect\"\nid = \"1\"\nname = { en = \"Pro\\u0007tect \\u202Eevil\\u0000\", ja = \"防護\" }\nsummary = { en = \"x\\u001b[2J\", ja = \"y\" }\n",
    );
    let answers = std::fs::read_to_string(common::example_answers())
        .unwrap()
        .replacen(
            ",,A. Tanaka",
            ",bad\u{7}\u{1b}[2J\u{202e}evil,A. Tanaka",
            20,
        );
    let a = write(dir.path(), "a.csv", &answers);
    let out = dir.path().join("out");
    imcm()
        .current_dir(dir.path())
        .args(["report", "-q"])
        .arg(&q)
        .arg("--answers")
        .arg(&a)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let files = files_below(&out);
    let svgs: Vec<&String> = files.iter().filter(|f| f.ends_with(".svg")).collect();
    assert!(svgs.len() > 10, "{files:?}");
    for f in &svgs {
        assert_valid_xml(&out.join(f));
    }
    for f in files
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".svg"))
    {
        let bytes = std::fs::read(out.join(f)).unwrap();
        assert!(!has_raw_controls(&bytes), "{f}");
    }
    let html = std::fs::read_to_string(out.join("compare.html")).unwrap();
    assert!(
        html.contains("Pro\u{fffd}tect \u{fffd}evil"),
        "the name is shown, marked"
    );
}

/// The folders (relative to `out`) holding a `report.html`.
fn report_folders(out: &Path) -> Vec<String> {
    files_below(out)
        .into_iter()
        .filter_map(|f| f.strip_suffix("/report.html").map(str::to_string))
        .collect()
}

#[test]
fn a_long_japanese_org_and_unit_make_a_batch_with_short_stable_folders() {
    let dir = tempfile::tempdir().unwrap();
    // 44 and 40 characters: 132 and 120 bytes of UTF-8, with chart names
    // around them more than a file name may hold.
    let org: String = "株式会社さくら国際物流ホールディングス"
        .repeat(3)
        .chars()
        .take(44)
        .collect();
    let unit = "東日本営業本部第一情報セキュリティ推進室".repeat(2);
    assert_eq!((org.chars().count(), unit.chars().count()), (44, 40));
    let a = write(
        dir.path(),
        "a.csv",
        &format!(
            "{HEADER}{org},{unit},2026-Q1,1.1.1,yes,,\n{org},{unit},2026-Q2,1.1.1,no,,\n{org},本社,2026-Q1,1.1.1,yes,,\n"
        ),
    );
    let run = |name: &str| {
        let out = dir.path().join(name);
        imcm()
            .arg("report")
            .arg("--answers")
            .arg(&a)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        out
    };
    let first = run("one");
    let folders = report_folders(&first);
    assert_eq!(folders.len(), 3, "{folders:?}");
    for path in files_below(&first) {
        for part in path.split('/') {
            assert!(part.len() <= 255, "{part} is {} bytes", part.len());
        }
    }
    for f in &folders {
        let parts: Vec<&str> = f.split('/').collect();
        assert!(parts[0].len() <= 100 && parts[1].len() <= 100, "{f}");
        assert!(parts[0].starts_with("株式会社さくら国際物流"), "{f}");
    }
    assert!(
        folders.iter().any(|f| f.ends_with("/本社/2026-Q1")),
        "{folders:?}"
    );
    assert_eq!(
        report_folders(&run("two")),
        folders,
        "the same names, the same folders"
    );
}

#[test]
fn acme_and_acme_in_capitals_in_two_runs_never_share_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = |name: &str, org: &str, status: &str| {
        let a = write(
            dir.path(),
            name,
            &format!(
                "{HEADER}{org},soc,2026-Q1,1.1.1,{status},,\n{org},soc,2026-Q2,1.1.1,{status},,\n"
            ),
        );
        imcm()
            .arg("report")
            .arg("--answers")
            .arg(&a)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        report_folders(&out)
    };
    let lower = run("lower.csv", "acme", "yes");
    assert_eq!(lower, ["acme/soc/2026-Q1", "acme/soc/2026-Q2"]);
    let after = run("upper.csv", "ACME", "no");
    let upper: Vec<&String> = after.iter().filter(|f| !lower.contains(f)).collect();
    assert_eq!(upper.len(), 2, "ACME has folders of its own: {after:?}");
    assert!(upper.iter().all(|f| f.starts_with("acme_")), "{upper:?}");
    // Whatever is left of the first run is still acme's.
    for f in after.iter().filter(|f| lower.contains(f)) {
        let html = std::fs::read_to_string(out.join(f).join("report.html")).unwrap();
        assert!(!html.contains("ACME"), "{f} now holds ACME's report");
    }
    let html = std::fs::read_to_string(out.join(upper[0]).join("report.html")).unwrap();
    assert!(html.contains("ACME"));
}

#[test]
fn a_500_mb_single_line_answer_file_is_refused_at_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("line.csv");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..500 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\n").unwrap();
    }
    // Past the file limit: refused before it is read.
    let out = imcm_bounded(1024)
        .arg("validate")
        .arg("--answers")
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line.csv: 500.0 MiB is over the limit answer-file-bytes (256 MiB)"),
        "{err}"
    );
    // With the file limit raised, the cell limit applies while reading: the
    // file is held once, the line never copied (3 GB before).
    let out = imcm_bounded(1024)
        .args(["--limit", "answer-file-bytes=1G", "validate", "--answers"])
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line.csv:1: this cell holds 500.0 MiB of text; cells hold at most 1 MiB"),
        "{err}"
    );
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn a_fifo_given_as_answers_is_refused_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("a.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let err = String::from_utf8(fails(
        imcm_bounded(1024)
            .arg("validate")
            .arg("--answers")
            .arg(&fifo),
    ))
    .unwrap();
    assert!(err.contains("not a regular file"), "{err}");
}
