//! Limits and faults: huge fields, millions of columns, empty files, folders
//! and unreadable files given as inputs, a full disk, a read-only output
//! folder, outputs that would replace inputs. Each gets a clear error and
//! exit code 1, leaves no partial output, and never changes an input.
//!
//! This machine's CI runs as root, whom file permissions do not stop; the
//! permission tests then run imcm without the capabilities that bypass them
//! (`setpriv`), and the full disk is a small tmpfs.

mod common;

use common::{example_answers, imcm, root, write};
use std::path::{Path, PathBuf};

const UNIT: [&str; 6] = [
    "--org",
    "Kitsune Logistics",
    "--unit",
    "Head Office",
    "--period",
    "2026-Q3",
];

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `imcm` as a process that file permissions apply to: as root, without
/// the capabilities that override them.
fn imcm_bound_by_permissions() -> std::process::Command {
    let bin = assert_cmd::cargo::cargo_bin("imcm");
    let mut cmd = if is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--bounding-set=-dac_override,-dac_read_search", "--"])
            .arg(bin);
        c
    } else {
        std::process::Command::new(bin)
    };
    cmd.env_remove("RUST_BACKTRACE")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    cmd
}

/// Expect exit code 1 with no panic; returns stderr.
fn failed(out: std::process::Output) -> String {
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

fn fails(cmd: &mut std::process::Command) -> String {
    failed(cmd.output().unwrap())
}

fn fails_with(cmd: &mut assert_cmd::Command) -> String {
    failed(cmd.output().unwrap())
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    common::files_below(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn huge_fields_are_refused_with_their_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "x".repeat(2 << 20);
    let answers = write(
        dir.path(),
        "answers.csv",
        &format!(
            "org,unit,period,metric,status,evidence\nAcme,,2026-Q3,1.1.1,yes,ok\nAcme,,2026-Q3,1.1.2,yes,{huge}\n"
        ),
    );
    let err = fails_with(imcm().arg("score").arg("-a").arg(&answers));
    assert!(
        err.contains("answers.csv:3:6: column 'evidence': this cell holds 2.0 MiB of text; cells hold at most 1 MiB"),
        "{err}"
    );
    let log = write(
        dir.path(),
        "log.csv",
        &format!("id,org,category\ni1,Acme,malware\ni2,Acme,{huge}\n"),
    );
    let err = fails_with(imcm().arg("kpi").arg("-i").arg(&log));
    assert!(
        err.contains("log.csv: line 3, field 3: longer than 1 MiB"),
        "{err}"
    );
}

#[test]
fn a_header_of_a_million_columns_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let header: Vec<String> = (0..1_000_000).map(|i| format!("c{i}")).collect();
    let wide = write(dir.path(), "wide.csv", &(header.join(",") + "\n"));
    let started = std::time::Instant::now();
    let err = fails_with(imcm().arg("score").arg("-a").arg(&wide));
    assert!(
        err.contains(
            "wide.csv:1: the header has 1000000 columns; an answer sheet has at most 1000"
        ),
        "{err}"
    );
    let err = fails_with(imcm().arg("kpi").arg("-i").arg(&wide));
    assert!(
        err.contains("the header has more than 10000 columns"),
        "{err}"
    );
    // Refused on sight, not after building a million-column table (a loose
    // bound: the two runs take well under a second here).
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn empty_files_are_refused_with_what_they_should_hold() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.csv", "");
    let err = fails_with(imcm().arg("score").arg("-a").arg(&empty));
    assert!(err.contains("empty.csv:1: the file is empty"), "{err}");
    let err = fails_with(imcm().arg("kpi").arg("-i").arg(&empty));
    assert!(err.contains("empty.csv: the file is empty"), "{err}");
    let q = write(dir.path(), "q.toml", "");
    let err = fails_with(
        imcm()
            .args(["score", "-q"])
            .arg(&q)
            .arg("-a")
            .arg(example_answers()),
    );
    assert!(err.contains("q.toml"), "{err}");
}

#[test]
fn a_folder_given_as_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder.csv");
    std::fs::create_dir(&folder).unwrap();
    let err = fails_with(imcm().arg("score").arg("-a").arg(&folder));
    assert!(err.contains("it is a folder, not a file"), "{err}");
    let err = fails_with(imcm().arg("kpi").arg("-i").arg(&folder));
    assert!(
        err.contains("folder.csv: no such file (or it is a folder)"),
        "{err}"
    );
    let err = fails_with(
        imcm()
            .arg("score")
            .arg("-q")
            .arg(&folder)
            .arg("-a")
            .arg(example_answers()),
    );
    assert!(err.contains("it is a folder, not a file"), "{err}");
    let err = fails_with(
        imcm()
            .arg("kpi")
            .arg("-i")
            .arg(root().join("examples/data/incidents.csv"))
            .arg("--map")
            .arg(&folder),
    );
    assert!(err.contains("it is a folder, not a file"), "{err}");
}

#[test]
fn an_unreadable_file_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.csv");
    std::fs::copy(example_answers(), &answers).unwrap();
    std::fs::set_permissions(&answers, std::fs::Permissions::from_mode(0o000)).unwrap();
    let err = fails(
        imcm_bound_by_permissions()
            .arg("score")
            .arg("-a")
            .arg(&answers),
    );
    assert!(
        err.contains("cannot read") && err.contains("Permission denied"),
        "{err}"
    );
    let log = dir.path().join("log.csv");
    std::fs::copy(root().join("examples/data/incidents.csv"), &log).unwrap();
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o000)).unwrap();
    let err = fails(imcm_bound_by_permissions().arg("kpi").arg("-i").arg(&log));
    assert!(err.contains("Permission denied"), "{err}");
    std::fs::set_permissions(&answers, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(
        std::fs::read(&answers).unwrap(),
        std::fs::read(example_answers()).unwrap()
    );
}

#[test]
fn a_read_only_output_folder_fails_and_keeps_the_report_already_there() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("report.html"), "last quarter's report").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    let err = fails(
        imcm_bound_by_permissions()
            .arg("report")
            .arg("-a")
            .arg(example_answers())
            .args(UNIT)
            .arg("--out")
            .arg(&out),
    );
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(err.contains("Permission denied"), "{err}");
    assert!(
        err.contains(&out.display().to_string()),
        "names the folder: {err}"
    );
    assert_eq!(
        snapshot(&out),
        [("report.html".to_string(), b"last quarter's report".to_vec())]
    );
}

/// A folder on a tmpfs of `kib` KiB, unmounted on drop; `None` where this
/// process may not mount.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(kib: u32) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then_some(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

#[test]
fn a_full_disk_fails_cleanly_leaving_earlier_output_untouched() {
    let work = tempfile::tempdir().unwrap();
    let answers = work.path().join("answers.csv");
    std::fs::copy(example_answers(), &answers).unwrap();
    // `imcm report` into `out`, run by `program` (imcm itself, or a shell
    // that limits file sizes before it runs imcm).
    let report = |program: &str, pre: &[&str], out: &Path| -> String {
        std::fs::create_dir(out).unwrap();
        std::fs::write(out.join("report.html"), "last quarter's report").unwrap();
        let mut c = std::process::Command::new(program);
        c.args(pre)
            .arg(assert_cmd::cargo::cargo_bin("imcm"))
            .env_remove("RUST_BACKTRACE")
            .env("LANG", "C.UTF-8")
            .arg("report")
            .arg("-a")
            .arg(&answers)
            .args(UNIT)
            .arg("--out")
            .arg(out);
        fails(&mut c)
    };
    // A report needs about 200 KiB; 64 KiB holds the old report and part of
    // the new one.
    let disk = SmallDisk::mount(64);
    let out = match &disk {
        Some(d) => d.path().join("out"),
        None => work.path().join("out"),
    };
    let err = match &disk {
        Some(_) => report("env", &[], &out),
        // Not allowed to mount: a file-size limit makes writes fail the same
        // way part-way through.
        None => report(
            "sh",
            &["-c", "trap '' XFSZ; ulimit -f 32; exec \"$@\"", "sh"],
            &out,
        ),
    };
    assert!(
        err.contains("No space left on device") || err.contains("File too large"),
        "{err}"
    );
    assert!(
        err.contains(&out.display().to_string()),
        "names the path: {err}"
    );
    // Nothing half-written, no temporary files, the old report kept.
    assert_eq!(
        snapshot(&out),
        [("report.html".to_string(), b"last quarter's report".to_vec())]
    );
    assert_eq!(
        std::fs::read(&answers).unwrap(),
        std::fs::read(example_answers()).unwrap()
    );
}

#[test]
fn an_output_that_would_replace_an_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(example_answers()).unwrap();
    let answers = dir.path().join("answers.csv");
    std::fs::write(&answers, &original).unwrap();
    let log: PathBuf = dir.path().join("incidents.csv");
    std::fs::copy(root().join("examples/data/incidents.csv"), &log).unwrap();
    let log_bytes = std::fs::read(&log).unwrap();

    let err = fails_with(
        imcm()
            .arg("score")
            .arg("-a")
            .arg(&answers)
            .arg("-o")
            .arg(&answers),
    );
    assert!(
        err.contains("would overwrite one of the input files"),
        "{err}"
    );
    let err = fails_with(imcm().arg("kpi").arg("-i").arg(&log).arg("-o").arg(&log));
    assert!(
        err.contains("would overwrite one of the input files"),
        "{err}"
    );
    // The same file under another name.
    let err = fails_with(imcm().current_dir(dir.path()).args([
        "score",
        "-a",
        "answers.csv",
        "-o",
        "./answers.csv",
    ]));
    assert!(
        err.contains("would overwrite one of the input files"),
        "{err}"
    );
    // A report folder whose scores.csv is the answer file itself.
    let named = dir.path().join("scores.csv");
    std::fs::write(&named, &original).unwrap();
    let err = fails_with(
        imcm()
            .arg("report")
            .arg("-a")
            .arg(&named)
            .args(UNIT)
            .arg("--out")
            .arg(dir.path()),
    );
    assert!(
        err.contains("would overwrite one of the input files"),
        "{err}"
    );
    assert!(!dir.path().join("report.html").exists(), "nothing written");
    // `init` keeps an existing file.
    let err = fails_with(imcm().arg("init").arg("-o").arg(&answers));
    assert!(err.contains("already exists"), "{err}");

    for (path, bytes) in [
        (&answers, &original),
        (&named, &original),
        (&log, &log_bytes),
    ] {
        assert_eq!(&std::fs::read(path).unwrap(), bytes, "{}", path.display());
    }
}

#[test]
fn a_questionnaire_that_extends_itself_is_refused_with_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "self.toml",
        "extends = \"self.toml\"\nid = \"loop\"\n",
    );
    let err = fails_with(
        imcm()
            .current_dir(dir.path())
            .args(["score", "-q", "self.toml", "-a"])
            .arg(example_answers()),
    );
    assert!(
        err.contains("self.toml:1: extends: the questionnaire extends itself: "),
        "{err}"
    );
    assert!(err.contains("self.toml → ") && err.ends_with("self.toml; a questionnaire can extend a built-in one or another file, but not one that leads back to it\n"), "{err}");
    // Through another file.
    write(dir.path(), "a.toml", "extends = \"b.toml\"\n");
    write(dir.path(), "b.toml", "extends = \"a.toml\"\n");
    let err = fails_with(
        imcm()
            .current_dir(dir.path())
            .args(["validate", "-q", "a.toml", "-a"])
            .arg(example_answers()),
    );
    assert!(err.contains("a.toml → "), "{err}");
    assert!(err.contains("b.toml → "), "{err}");
}

#[test]
fn a_questionnaire_can_extend_the_built_in_one_and_change_one_metric() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "acme.toml",
        "extends = \"imcm-v0.1\"\nid = \"acme-imcm\"\nversion = \"2026.1\"\n\n[[metric]]\nid = \"3.1.2\"\npriority = \"III\"\n",
    );
    let answers = write(
        dir.path(),
        "answers.csv",
        "org,unit,period,metric,status\nAcme,,2026-Q3,3.1.1,yes\nAcme,,2026-Q3,3.1.2,partial\n",
    );
    let score = |q: &str| -> serde_json::Value {
        let out = imcm()
            .current_dir(dir.path())
            .args(["score", "-q", q, "-a"])
            .arg(&answers)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let sub = |doc: &serde_json::Value| {
        doc["assessments"][0]["subcategories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == "3.1")
            .unwrap()["score"]
            .as_f64()
    };
    // Built in: 3.1.1 (I, yes) 3 + 3.1.2 (I, partial) 1.5 of 6 = 75.
    assert_eq!(sub(&score("imcm-v0.1")), Some(75.0));
    // Extended: 3.1.2 is Priority III (weight 1): 3 + 0.5 of 4 = 87.5; the
    // question text and everything else come from the built-in one.
    let doc = score("acme.toml");
    assert_eq!(sub(&doc), Some(87.5));
    assert_eq!(doc["questionnaire_id"], "acme-imcm");
    assert_eq!(doc["questionnaire_version"], "2026.1");
}

#[test]
fn score_refuses_to_write_over_its_mapping_file_or_target_profile() {
    // Before: `imcm score --out` was checked against the answer files and
    // incident logs only, so `--out map.toml` replaced the mapping file it
    // had just read, and `--out target.toml` the target profile.
    let dir = tempfile::tempdir().unwrap();
    let log: PathBuf = dir.path().join("incidents.csv");
    std::fs::copy(root().join("examples/data/incidents.csv"), &log).unwrap();
    let map = dir.path().join("map.toml");
    let map_text = "encoding = \"utf-8\"\n";
    std::fs::write(&map, map_text).unwrap();
    let target = dir.path().join("target.toml");
    let target_text = "default = 2\nrespond = 4\n";
    std::fs::write(&target, target_text).unwrap();

    let err = fails_with(
        imcm()
            .arg("score")
            .arg("-a")
            .arg(example_answers())
            .arg("-i")
            .arg(&log)
            .arg("--map")
            .arg(&map)
            .arg("-o")
            .arg(&map),
    );
    assert!(
        err.contains("would overwrite one of the input files"),
        "{err}"
    );
    let err = fails_with(
        imcm()
            .arg("score")
            .arg("-a")
            .arg(example_answers())
            .args(["--format", "xlsx", "--target"])
            .arg(&target)
            .arg("-o")
            .arg(&target),
    );
    assert!(
        err.contains("would overwrite one of the input files"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&map).unwrap(), map_text);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), target_text);
}
