//! `imcm score --format oscal`: NIST OSCAL assessment results that validate
//! against the shipped OSCAL 1.1.1 and 1.0.6 schemas
//! (`tests/data/oscal/`), checked with Python's jsonschema and the
//! `regex` module for the schemas' `\p{L}` patterns (both installed by
//! `.ci/run`).

mod common;

use common::{example_answers, imcm, root};
use std::path::Path;
use std::process::Command;

fn validator() -> Option<()> {
    let ok = Command::new("python3")
        .args(["-c", "import jsonschema, regex"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install jsonschema and regex (see .ci/run)"
        );
        eprintln!("skipping: python3 -m pip install jsonschema regex");
        return None;
    }
    Some(())
}

fn validate(schema: &str, doc: &Path) -> Result<String, String> {
    let out = Command::new("python3")
        .arg(root().join("tests/fixtures/oscal/validate.py"))
        .arg(root().join("tests/data/oscal").join(schema))
        .arg(doc)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        Ok(text)
    } else {
        Err(text)
    }
}

fn oscal(dir: &Path, name: &str) -> std::path::PathBuf {
    let out = dir.join(name);
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(example_answers())
        .arg("--incidents")
        .arg(root().join("examples/data/incidents.csv"))
        .args(["--format", "oscal", "--out"])
        .arg(&out)
        .assert()
        .success();
    out
}

#[test]
fn the_example_validates_against_both_oscal_schemas_and_a_broken_copy_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let doc = oscal(dir.path(), "a.json");
    // Deterministic: UUIDs and dates come from the inputs.
    assert!(std::fs::read(&doc).unwrap() == std::fs::read(oscal(dir.path(), "b.json")).unwrap());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&doc).unwrap()).unwrap();
    let ar = &v["assessment-results"];
    assert_eq!(ar["metadata"]["oscal-version"], "1.1.1");
    let results = ar["results"].as_array().unwrap();
    assert_eq!(results.len(), 8, "one result per assessment");
    assert!(
        results
            .iter()
            .all(|r| r["findings"].as_array().unwrap().len() == 48),
        "one finding per metric"
    );
    // Osaka DC 2026-Q3: 3.1.2 is partial and contradicted by its KPI check.
    let osaka = results
        .iter()
        .find(|r| r["title"] == "Kitsune Logistics / Osaka DC / 2026-Q3")
        .unwrap();
    let finding = osaka["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["target"]["target-id"] == "imcm-v0.1_3.1.2")
        .unwrap();
    assert_eq!(finding["target"]["status"]["state"], "not-satisfied");
    assert!(
        finding["props"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "evidence" && p["value"] == "contradicted")
    );
    assert_eq!(
        finding["related-observations"].as_array().unwrap().len(),
        2,
        "the answer and one KPI check"
    );
    assert!(
        finding["related-risks"].is_array(),
        "a Priority I gap carries a risk"
    );

    if validator().is_none() {
        return;
    }
    for schema in [
        "oscal_assessment-results_schema_v1.1.1.json",
        "oscal_assessment-results_schema_v1.0.6.json",
    ] {
        let out = validate(schema, &doc).unwrap_or_else(|e| panic!("{schema}: {e}"));
        assert!(out.contains("0 errors"), "{out}");
    }
    // A broken copy: a UUID that is not one and a missing metadata title.
    let mut broken = v.clone();
    broken["assessment-results"]["results"][0]["uuid"] = serde_json::json!("not-a-uuid");
    broken["assessment-results"]["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("title");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&broken).unwrap()).unwrap();
    let e = validate("oscal_assessment-results_schema_v1.1.1.json", &bad).unwrap_err();
    assert!(
        e.contains("'title' is a required property") && e.contains("not-a-uuid"),
        "{e}"
    );
}
