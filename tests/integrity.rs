//! Output integrity (issue 11): no output replaces an input or leaves its
//! folder, planted links are never written through, and a batch folder is
//! the old set or the new set even when a run is killed or two runs race.

mod common;

use common::{example_answers, imcm};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Every file below `dir` (hidden ones too) with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The example answers as five copies of its two units (40 assessments);
/// with `changed`, every `partial` becomes `yes`, so every report differs.
fn batch_answers(dir: &Path, name: &str, changed: bool) -> PathBuf {
    let text = std::fs::read_to_string(example_answers()).unwrap();
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    let rows: Vec<&str> = lines.collect();
    for i in 0..5 {
        for row in &rows {
            let mut cells: Vec<String> = row.split(',').map(str::to_string).collect();
            cells[1] = format!("{} {i}", cells[1]);
            if changed && cells[4] == "partial" {
                cells[4] = "yes".into();
            }
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    common::write(dir, name, &out)
}

fn report(answers: &Path, out: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("imcm"));
    cmd.args(["report", "--answers"])
        .arg(answers)
        .arg("--out")
        .arg(out)
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// A small deterministic generator for the kill times.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

fn kill(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_batch_killed_at_random_points_is_the_old_set_or_the_new_set() {
    let dir = tempfile::tempdir().unwrap();
    let old = batch_answers(dir.path(), "old.csv", false);
    let new = batch_answers(dir.path(), "new.csv", true);
    let out = dir.path().join("out");
    let expect = dir.path().join("expect");
    assert!(report(&old, &out).status().unwrap().success());
    let old_set = tree(&out);
    assert!(report(&new, &expect).status().unwrap().success());
    let new_set = tree(&expect);
    assert_ne!(old_set, new_set);
    assert!(old_set.keys().all(|k| !k.contains(".imcm")), "no leftovers");

    let journal = out.join(".imcm-staging/journal.json");
    let (mut during_commit, mut old_seen, mut new_seen) = (0, 0, 0);
    for seed in 1..=12u64 {
        let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut child = report(&new, &out).spawn().unwrap();
        if seed % 4 == 0 {
            // Anywhere in the run: loading, rendering, staging or commit.
            std::thread::sleep(Duration::from_millis(next(&mut rng) % 900));
        } else {
            // Inside the commit: once the journal is there, a little later.
            let start = Instant::now();
            while !journal.exists() && start.elapsed() < Duration::from_secs(60) {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
            }
            if journal.exists() {
                during_commit += 1;
            }
            std::thread::sleep(Duration::from_micros(next(&mut rng) % 4000));
        }
        kill(child);
        // verify rolls back what the killed run left, then checks the set.
        let v = imcm().arg("verify").arg(&out).output().unwrap();
        assert!(
            v.status.success(),
            "seed {seed}: {}",
            String::from_utf8_lossy(&v.stderr)
        );
        let now = tree(&out);
        if now == old_set {
            old_seen += 1;
        } else if now == new_set {
            new_seen += 1;
            // Back to the old set for the next kill.
            assert!(report(&old, &out).status().unwrap().success());
        } else {
            let mixed: Vec<_> = now
                .iter()
                .filter(|(k, v)| old_set.get(*k) != Some(v) && new_set.get(*k) != Some(v))
                .map(|(k, _)| k.clone())
                .collect();
            panic!(
                "seed {seed}: a mix of old and new; e.g. {:?}",
                &mixed[..mixed.len().min(5)]
            );
        }
    }
    assert!(
        during_commit >= 6,
        "kills inside the commit: {during_commit}"
    );
    assert_eq!(old_seen + new_seen, 12);
    // A run after a kill puts the new set in place and leaves nothing behind.
    let mut child = report(&new, &out).spawn().unwrap();
    while !journal.exists() && child.try_wait().unwrap().is_none() {}
    kill(child);
    let rerun = report(&new, &out).output().unwrap();
    assert!(rerun.status.success());
    assert_eq!(
        tree(&out),
        new_set,
        "all new, no staging, lock or temporary file"
    );
}

#[test]
fn two_runs_into_one_folder_never_leave_a_mix() {
    let dir = tempfile::tempdir().unwrap();
    let old = batch_answers(dir.path(), "old.csv", false);
    let new = batch_answers(dir.path(), "new.csv", true);
    let sets: Vec<BTreeMap<String, Vec<u8>>> = [&old, &new]
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let d = dir.path().join(format!("expect{i}"));
            assert!(report(a, &d).status().unwrap().success());
            tree(&d)
        })
        .collect();
    for (round, existing) in [(1, false), (2, true), (3, false), (4, true)] {
        let out = dir.path().join(format!("out{round}"));
        if existing {
            assert!(report(&old, &out).status().unwrap().success());
        }
        let a = report(&old, &out).spawn().unwrap();
        let b = report(&new, &out).spawn().unwrap();
        let mut ok = 0;
        for child in [a, b] {
            let o = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            if o.status.success() {
                ok += 1;
            } else {
                assert_eq!(o.status.code(), Some(1), "{err}");
                assert!(
                    err.contains("another imcm run is writing to this folder"),
                    "{err}"
                );
            }
        }
        assert!(ok >= 1, "round {round}: one run at least finishes");
        let now = tree(&out);
        assert!(
            now == sets[0] || now == sets[1],
            "round {round}: one whole set, nothing else"
        );
    }
}

#[test]
fn an_output_path_that_walks_out_of_a_missing_folder_never_replaces_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    std::fs::copy(example_answers(), &a).unwrap();
    let log = dir.path().join("log.csv");
    std::fs::copy(common::root().join("examples/data/incidents.csv"), &log).unwrap();
    let before = tree(dir.path());
    let runs: [&[&str]; 4] = [
        &[
            "score",
            "--answers",
            "a.csv",
            "--format",
            "csv",
            "--out",
            "nonexist/../a.csv",
        ],
        &["init", "--out", "nope/../a.csv"],
        &["init", "--out", "nope/../a.csv", "--force"],
        &[
            "kpi",
            "--incidents",
            "log.csv",
            "--format",
            "csv",
            "--out",
            "nope/../log.csv",
        ],
    ];
    for args in runs {
        let o = imcm().current_dir(dir.path()).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("does not exist, and back out with '..'"),
            "{err}"
        );
    }
    assert_eq!(tree(dir.path()), before, "inputs intact, no folder created");
    // A plain second name of an input is refused too.
    let o = imcm()
        .current_dir(dir.path())
        .args([
            "score",
            "--answers",
            "a.csv",
            "--format",
            "csv",
            "--out",
            "./a.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn links_planted_at_the_old_temporary_names_are_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    std::fs::copy(example_answers(), &a).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "outside --out").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // The names the previous version would have used for the next PIDs.
    let pid = std::process::id();
    for p in pid..pid + 300 {
        for (name, target) in [("report.html", &a), ("scores.json", &victim)] {
            let _ = std::os::unix::fs::symlink(target, out.join(format!(".{name}.imcm-tmp-{p}")));
        }
    }
    imcm()
        .args(["report", "--answers"])
        .arg(&a)
        .args([
            "--org",
            "Kitsune Logistics",
            "--unit",
            "Head Office",
            "--period",
            "2026-Q3",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(example_answers()).unwrap()
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "outside --out");
    assert!(
        std::fs::symlink_metadata(out.join("report.html"))
            .unwrap()
            .is_file()
    );
}

#[test]
fn a_linked_folder_inside_the_output_folder_is_refused_and_nothing_lands_outside() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    let org = imcm::report::folder_name("Kitsune Logistics");
    std::os::unix::fs::symlink("../elsewhere", out.join(&org)).unwrap();
    let o = imcm()
        .args(["report", "--answers"])
        .arg(example_answers())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("kitsune-logistics") && err.contains("symbolic link"),
        "{err}"
    );
    assert!(tree(&elsewhere).is_empty());
    let top: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(top, [org.as_str()]);
}
