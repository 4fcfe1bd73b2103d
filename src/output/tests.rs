use super::*;

/// Every file below `dir` with its content, hidden files included.
fn tree(dir: &Path) -> Vec<(String, String)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().display().to_string();
                out.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn names(dir: &Path) -> Vec<String> {
    tree(dir).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn a_dotdot_after_a_missing_folder_is_refused_before_anything_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.csv");
    std::fs::write(&input, "keep me").unwrap();
    let sneaky = dir.path().join("nonexist/../a.csv");
    let e = check_not_input(&sneaky, std::slice::from_ref(&input))
        .unwrap_err()
        .to_string();
    assert!(e.contains("nonexist") && e.contains(".."), "{e}");
    let e = write_atomic(&sneaky, b"scores").unwrap_err().to_string();
    assert!(e.contains("does not exist"), "{e}");
    assert_eq!(std::fs::read_to_string(&input).unwrap(), "keep me");
    assert!(!dir.path().join("nonexist").exists(), "no folder created");
    // A `..` through folders that exist is what the user meant.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    assert_eq!(
        resolve(&dir.path().join("sub/../b.csv")).unwrap(),
        dir.path().canonicalize().unwrap().join("b.csv")
    );
}

#[test]
fn an_input_reached_through_a_link_or_a_second_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("answers.csv");
    std::fs::write(&input, "keep me").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    let hard = dir.path().join("hard.csv");
    std::fs::hard_link(&input, &hard).unwrap();
    for out in [&link, &hard, &dir.path().join("./answers.csv")] {
        let e = check_not_input(out, std::slice::from_ref(&input))
            .unwrap_err()
            .to_string();
        assert!(e.contains("overwrite one of the input files"), "{e}");
    }
    let staging = Staging::new(dir.path(), std::slice::from_ref(&input)).unwrap();
    let e = staging.add(&hard, b"x").unwrap_err().to_string();
    assert!(e.contains("overwrite one of the input files"), "{e}");
}

#[test]
fn atomic_write_replaces_a_link_instead_of_writing_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let p = dir.path().join("scores.csv");
    std::os::unix::fs::symlink(&victim, &p).unwrap();
    // Resolving follows the link, so this is the victim itself: refused as
    // an input when it is one, replaced as a link otherwise.
    write_atomic(&dir.path().join("out.csv"), b"one").unwrap();
    write_atomic(&dir.path().join("out.csv"), b"two").unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.csv")).unwrap(),
        "two"
    );
    assert_eq!(names(dir.path()), ["out.csv", "scores.csv", "victim.txt"]);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir.path().join("out.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_ne!(mode & 0o044, 0, "readable by others as a normal file is");
}

#[test]
fn a_staging_dropped_without_commit_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let staging = Staging::new(&out, &[]).unwrap();
    staging.add(out.join("a/b/report.html"), b"x").unwrap();
    staging.add(out.join("index.html"), b"y").unwrap();
    let dup = staging
        .add(out.join("index.html"), b"z")
        .unwrap_err()
        .to_string();
    assert!(dup.contains("same path"), "{dup}");
    let outside = staging
        .add(dir.path().join("elsewhere.html"), b"z")
        .unwrap_err()
        .to_string();
    assert!(outside.contains("outside the output folder"), "{outside}");
    drop(staging);
    assert!(!out.exists(), "the folder this run created is gone");

    let staging = Staging::new(&out, &[]).unwrap();
    staging.add(out.join("a/report.html"), b"x").unwrap();
    let written = staging.commit().unwrap();
    assert_eq!(
        written,
        [
            out.join("a/report.html"),
            out.join(crate::provenance::manifest::FILE)
        ]
    );
    assert_eq!(names(&out), ["a/report.html", "imcm-manifest.json"]);
}

#[test]
fn a_second_run_into_a_locked_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let first = Staging::new(dir.path(), &[]).unwrap();
    let e = Staging::new(dir.path(), &[]).unwrap_err().to_string();
    assert!(e.contains("another imcm run is writing"), "{e}");
    drop(first);
    let again = Staging::new(dir.path(), &[]).unwrap();
    again.commit().unwrap();
    assert_eq!(names(dir.path()), ["imcm-manifest.json"]);
}

#[test]
fn a_linked_folder_inside_the_output_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("kitsune")).unwrap();
    let staging = Staging::new(&out, &[]).unwrap();
    staging.add(out.join("index.html"), b"x").unwrap();
    staging
        .add(out.join("kitsune/hq/report.html"), b"x")
        .unwrap();
    let e = staging.commit().unwrap_err().to_string();
    assert!(e.contains("kitsune") && e.contains("symbolic link"), "{e}");
    assert!(
        names(&elsewhere).is_empty(),
        "nothing written through the link"
    );
    let top: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(top, ["kitsune"], "no lock, staging or partial file left");
}

#[test]
fn a_failed_rename_puts_the_folder_back_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("index.html"), "previous run").unwrap();
    let staging = Staging::new(&out, &[]).unwrap();
    staging.add(out.join("index.html"), b"new").unwrap();
    staging.add(out.join("a/b/report.html"), b"new").unwrap();
    staging.add(out.join("z.csv"), b"new").unwrap();
    // A folder appears where the last file goes, after it was staged.
    std::fs::create_dir(out.join("z.csv")).unwrap();
    std::fs::write(out.join("z.csv/keep"), "x").unwrap();
    let e = staging.commit().unwrap_err().to_string();
    assert!(e.contains("z.csv"), "{e}");
    assert_eq!(
        tree(&out),
        [
            ("index.html".to_string(), "previous run".to_string()),
            ("z.csv/keep".to_string(), "x".to_string())
        ]
    );
    // A folder in the way at staging time is refused at once.
    let staging = Staging::new(&out, &[]).unwrap();
    let e = staging
        .add(out.join("z.csv"), b"new")
        .unwrap_err()
        .to_string();
    assert!(e.contains("a folder is in the way"), "{e}");
}

/// The old set: two files, one of which the new set replaces.
fn old_set(out: &Path) -> Vec<(String, String)> {
    let staging = Staging::new(out, &[]).unwrap();
    staging.add(out.join("index.html"), b"old index").unwrap();
    staging
        .add(out.join("acme/soc/report.html"), b"old report")
        .unwrap();
    staging.commit().unwrap();
    tree(out)
}

fn stage_new(out: &Path) -> Staging {
    let staging = Staging::new(out, &[]).unwrap();
    staging.add(out.join("index.html"), b"new index").unwrap();
    staging
        .add(out.join("acme/soc/report.html"), b"new report")
        .unwrap();
    staging
        .add(out.join("acme/ops/report.html"), b"new ops")
        .unwrap();
    staging
        .add(out.join("compare.csv"), b"new compare")
        .unwrap();
    staging
}

#[test]
fn a_commit_killed_at_any_step_is_rolled_back_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let old = old_set(&out);
    let new = {
        let fresh = dir.path().join("fresh");
        stage_new(&fresh).commit().unwrap();
        tree(&fresh)
    };
    assert_ne!(old, new);
    // 1 new folder, 3 replaced files (index, report, manifest: 2 renames
    // each) and 2 new files.
    let steps = 1 + 3 * 2 + 2;
    for k in 0..steps {
        stage_new(&out).commit_steps(k).unwrap();
        assert!(interrupted(&out), "step {k}: the journal stays");
        let restored = recover(&out).unwrap();
        assert_eq!(
            tree(&out),
            old,
            "step {k}: all old again ({restored} put back)"
        );
        assert!(!interrupted(&out));
    }
    // A rollback by the next run that then writes the new set.
    stage_new(&out).commit_steps(4).unwrap();
    let next = stage_new(&out);
    assert!(next.recovered() > 0);
    next.commit().unwrap();
    assert_eq!(tree(&out), new, "all new, nothing left behind");
}

#[test]
fn leftovers_of_the_previous_version_are_cleared_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("acme/soc/2026-Q3")).unwrap();
    for (name, content) in [
        ("acme/soc/2026-Q3/.report.html.imcm-tmp-4711", "half"),
        (
            "acme/soc/2026-Q3/.report.html.imcm-tmp-4711.imcm-old",
            "old",
        ),
        (".index.html.imcm-tmp-99", "half"),
        ("acme/soc/2026-Q3/report.html", "kept"),
        (".notes.imcm-tmp-draft", "a user's file"),
        ("acme/.imcm-tmp-1", "a user's file"),
    ] {
        std::fs::write(out.join(name), content).unwrap();
    }
    Staging::new(&out, &[]).unwrap().commit().unwrap();
    assert_eq!(
        names(&out),
        [
            ".notes.imcm-tmp-draft",
            "acme/.imcm-tmp-1",
            "acme/soc/2026-Q3/report.html",
            "imcm-manifest.json"
        ]
    );
}
