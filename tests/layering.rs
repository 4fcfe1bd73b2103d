//! The one-way flow that `src/lib.rs` describes, checked on the source:
//! input → provenance → scoring → analysis → report / export → output → cli
//! → cmd, with the shared parts (model, error, fs, format, i18n, limits,
//! sanitize) usable by all. A part may use the parts before it and the
//! shared ones, never a part after it or a sibling of the same rank
//! (report and export do not use each other). polars is confined to the
//! incident engine and the Parquet exporter, and only `cmd` (and the fuzz
//! entry points) write through `output`.
//!
//! Test modules (`#[cfg(test)] mod tests` and `tests.rs` files) are not
//! checked: a test may build its fixtures with any part.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Rank of each top-level part; `None` for a name that is not a part.
fn rank(part: &str) -> Option<u8> {
    Some(match part {
        "model" | "error" | "fs" | "format" | "i18n" | "limits" | "sanitize" => 0,
        "input" => 1,
        "provenance" => 2,
        "scoring" => 3,
        "analysis" => 4,
        "report" | "export" => 5,
        "output" => 6,
        "cli" => 7,
        "cmd" | "fuzzing" => 8,
        _ => return None,
    })
}

/// Where polars may be named.
const POLARS_ALLOWED: &[&str] = &["src/input/incidents/", "src/export/parquet.rs"];

/// Parts that may use `output`, the only writer.
const WRITERS: &[&str] = &["cmd", "fuzzing"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments, string literals and its test module.
fn code_of(source: &str) -> String {
    let mut out = String::new();
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("#[cfg(test)]")
            && lines.peek().is_some_and(|next| {
                next.trim_start().starts_with("mod ") || next.trim_start().starts_with("pub mod ")
            })
            && lines.peek().is_some_and(|next| next.contains("tests"))
        {
            break;
        }
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        out.push_str(&strip_strings(code));
        out.push('\n');
    }
    out
}

/// `line` with the contents of its string literals removed (enough for our
/// code: no raw strings hold `crate::`).
fn strip_strings(line: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                out.push(c);
            }
        } else {
            if c == '"' {
                in_string = true;
            }
            out.push(c);
        }
    }
    out
}

/// Top-level parts named by `crate::…` paths in `code`, including every
/// name of a `crate::{a, b::c}` group.
fn parts_used(code: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `imcrate::`, not a path of ours
        }
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names of the group: split on commas at depth 0.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        used.insert(first_name(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            used.insert(first_name(&item));
        } else {
            used.insert(first_name(rest));
        }
    }
    used.remove("");
    used
}

fn first_name(path: &str) -> String {
    path.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The part a file under `src/` belongs to (`src/input/answers/mod.rs` →
/// `input`, `src/error.rs` → `error`).
fn part_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .to_string();
    first.trim_end_matches(".rs").to_string()
}

/// Every breach of the flow in the files given as (relative path, source).
fn breaches(files: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, source) in files {
        let relative = Path::new(path).strip_prefix("src").unwrap();
        if relative.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let part = part_of(relative);
        let Some(own) = rank(&part) else {
            if part != "lib" && part != "main" {
                found.push(format!("{path}: `{part}` is not a part of the flow; give it a rank in tests/layering.rs"));
            }
            continue;
        };
        let code = code_of(source);
        for used in parts_used(&code) {
            if used == part || used == "Error" || used == "Result" || used == "run" {
                continue;
            }
            let Some(other) = rank(&used) else {
                found.push(format!(
                    "{path}: uses crate::{used}, which is not a part of the flow"
                ));
                continue;
            };
            if used == "output" && !WRITERS.contains(&part.as_str()) {
                found.push(format!("{path}: `{part}` uses `output`; only cmd writes"));
            } else if own != 0 && other >= own || own == 0 && other > 0 {
                found.push(format!(
                    "{path}: `{part}` (rank {own}) uses `{used}` (rank {other}), a later stage"
                ));
            }
        }
        let polars_allowed = POLARS_ALLOWED.iter().any(|p| path.starts_with(p));
        if !polars_allowed && (code.contains("polars::") || code.contains("use polars")) {
            found.push(format!(
                "{path}: names polars outside the incident engine and the Parquet exporter"
            ));
        }
    }
    found
}

#[test]
fn no_stage_imports_a_later_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    rust_files(&root.join("src"), &mut paths);
    paths.sort();
    assert!(paths.len() > 40, "src/ has {} files", paths.len());
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let found = breaches(&files);
    assert!(
        found.is_empty(),
        "the one-way flow is broken:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_finds_a_backwards_import_a_group_import_and_polars() {
    let file = |path: &str, source: &str| (path.to_string(), source.to_string());
    let files = [
        // scoring reaching forward into report
        file(
            "src/scoring/mod.rs",
            "use crate::model::Assessment;\nuse crate::report::text;\n",
        ),
        // a group import hiding a later stage
        file(
            "src/input/answers/mod.rs",
            "use crate::{error::Error, analysis::compare};\n",
        ),
        // siblings of one rank
        file(
            "src/export/mod.rs",
            "fn f() { crate::report::html::render(); }\n",
        ),
        // the shared parts use no stage
        file("src/format.rs", "use crate::input::target::Target;\n"),
        // polars outside its rooms, output outside cmd
        file(
            "src/report/context.rs",
            "use polars::prelude::*;\nuse crate::output::Staging;\n",
        ),
        // not breaches: comments, strings, tests, the test module
        file(
            "src/scoring/evidence.rs",
            "// crate::report\n/// [`crate::cmd`]\nlet s = \"crate::cmd\";\nuse crate::model::X;\n#[cfg(test)]\nmod tests {\n    use crate::report;\n}\n",
        ),
        file("src/scoring/tests.rs", "use crate::input::questionnaire;\n"),
        file(
            "src/cmd/mod.rs",
            "use crate::{input::answers, output, report};\n",
        ),
    ];
    let found = breaches(&files);
    assert_eq!(
        found,
        [
            "src/scoring/mod.rs: `scoring` (rank 3) uses `report` (rank 5), a later stage",
            "src/input/answers/mod.rs: `input` (rank 1) uses `analysis` (rank 4), a later stage",
            "src/export/mod.rs: `export` (rank 5) uses `report` (rank 5), a later stage",
            "src/format.rs: `format` (rank 0) uses `input` (rank 1), a later stage",
            "src/report/context.rs: `report` uses `output`; only cmd writes",
            "src/report/context.rs: names polars outside the incident engine and the Parquet exporter",
        ]
    );
}
