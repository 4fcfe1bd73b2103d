//! The published JSON Schemas (`schemas/`) are generated from the Rust types
//! that write the JSON, and every JSON imcm writes validates against them
//! (checked with Python's `jsonschema`, installed by `.ci/run`).

mod common;

use common::{example_answers, imcm, root};
use std::path::Path;
use std::process::Command;

fn check_published(name: &str, generated: Vec<u8>) {
    let path = root().join("schemas").join(name);
    if std::env::var_os("IMCM_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let published = std::fs::read(&path).unwrap_or_default();
    assert!(
        published == generated,
        "{} differs from the Rust types; re-create it with IMCM_BLESS=1 cargo test --test schemas",
        path.display()
    );
}

#[test]
fn published_schemas_match_the_rust_types() {
    check_published("scores.schema.json", imcm::export::scores_schema().unwrap());
    check_published(
        "incidents.schema.json",
        imcm::export::incidents_schema().unwrap(),
    );
    check_published(
        "manifest.schema.json",
        imcm::export::manifest_schema().unwrap(),
    );
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("schemas/scores.schema.json")).unwrap())
            .unwrap();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(s["version"], imcm::export::SCORES_SCHEMA_VERSION);
    let required: Vec<&str> = s["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(required.contains(&"assessments") && required.contains(&"schema_version"));
}

/// Validate `doc` against `schema` with Python's jsonschema; `None` when it is not installed.
fn validate(schema: &Path, doc: &Path) -> Option<Result<(), String>> {
    let ok = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install jsonschema (see .ci/run)"
        );
        eprintln!("skipping: python3 -m pip install jsonschema");
        return None;
    }
    let script = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
for e in errors[:5]:
    print(list(e.absolute_path), e.message)
sys.exit(1 if errors else 0)
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(schema)
        .arg(doc)
        .output()
        .unwrap();
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr))
    })
}

#[test]
fn every_json_imcm_writes_validates_against_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let log = root().join("examples/data/incidents.csv");
    let scores_schema = root().join("schemas/scores.schema.json");
    let incidents_schema = root().join("schemas/incidents.schema.json");
    // scores.json of a report (with incident evidence) and `score` over every assessment
    imcm()
        .arg("report")
        .arg("--answers")
        .arg(example_answers())
        .arg("--incidents")
        .arg(&log)
        .args(["--unit", "Osaka DC", "--period", "2026-Q3", "--out"])
        .arg(dir.path().join("r"))
        .assert()
        .success();
    let all = dir.path().join("all.json");
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .args(["--format", "json", "--out"])
        .arg(&all)
        .assert()
        .success();
    let kpis = dir.path().join("kpis.json");
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .args(["--format", "json", "--out"])
        .arg(&kpis)
        .assert()
        .success();
    for (schema, doc) in [
        (&scores_schema, dir.path().join("r/scores.json")),
        (&scores_schema, all.clone()),
        (&incidents_schema, kpis.clone()),
        (
            &root().join("schemas/manifest.schema.json"),
            dir.path().join("r/imcm-manifest.json"),
        ),
    ] {
        match validate(schema, &doc) {
            None => return,
            Some(r) => r.unwrap_or_else(|e| panic!("{}: {e}", doc.display())),
        }
    }
    // A broken document fails the same check: a score that is text, and a missing field.
    let mut broken: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&all).unwrap()).unwrap();
    broken["assessments"][0]["overall"]["score"] = serde_json::json!("high");
    broken.as_object_mut().unwrap().remove("schema_version");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&broken).unwrap()).unwrap();
    let e = validate(&scores_schema, &bad).unwrap().unwrap_err();
    assert!(
        e.contains("'high' is not of type") && e.contains("schema_version"),
        "{e}"
    );
}
