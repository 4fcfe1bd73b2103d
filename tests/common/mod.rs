//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod browser;
pub mod office;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `imcm` binary with a clean, predictable environment.
pub fn imcm() -> Command {
    let mut cmd = Command::cargo_bin("imcm").expect("binary built");
    // Messages follow the locale: pin it so English assertions hold anywhere.
    cmd.env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    cmd
}

/// The `imcm` binary under a ceiling of `mib` MiB of address space
/// (`prlimit --as`) and a two-minute timeout: a test about memory or hangs
/// asserts a clean refusal or a bounded success, and an allocation past the
/// ceiling aborts the run (exit 134) instead of taking the machine.
pub fn imcm_bounded(mib: u64) -> Command {
    let mut cmd = Command::new("prlimit");
    cmd.arg(format!("--as={}", mib << 20))
        .arg("--")
        .arg(assert_cmd::cargo::cargo_bin("imcm"))
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .timeout(std::time::Duration::from_secs(120));
    cmd
}

/// `python3` when it can import `module`, or `None`: allowed only outside
/// CI, like the browser tests (`.ci/run` installs what the tests import).
pub fn python_with(module: &str) -> Option<&'static str> {
    let ok = std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install {module} (see .ci/run)"
        );
        eprintln!("skipping: python3 -m pip install {module}");
        return None;
    }
    Some("python3")
}

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example answers shipped in `examples/data/`.
pub fn example_answers() -> PathBuf {
    root().join("examples/data/answers.csv")
}

/// Write `content` to `dir/name` and return the path.
pub fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write fixture");
    p
}

/// Every file below `dir`, as sorted relative paths.
pub fn files_below(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(base, &p, out);
                } else {
                    out.push(p.strip_prefix(base).unwrap().display().to_string());
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Compare `actual` with the golden file `tests/fixtures/<path>`; with
/// `IMCM_BLESS=1` the golden file is rewritten instead.
pub fn golden(path: &str, actual: &str) {
    let p = root().join("tests/fixtures").join(path);
    if std::env::var_os("IMCM_BLESS").is_some() {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&p).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with IMCM_BLESS=1 to create it",
            p.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        let show = |s: &str| s.lines().skip(first).take(5).collect::<Vec<_>>().join("\n");
        panic!(
            "{} differs from the output at line {}:\n--- expected\n{}\n--- got\n{}\n(re-bless with IMCM_BLESS=1 if the change is intended)",
            p.display(),
            first + 1,
            show(&expected),
            show(actual)
        );
    }
}

/// Write raw bytes into `dir/name` and return the path.
pub fn write_bytes(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}
