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

/// The observation of the answer to `metric` in the result titled `title`.
fn answer_observation<'a>(
    doc: &'a serde_json::Value,
    title: &str,
    metric: &str,
) -> &'a serde_json::Value {
    let result = doc["assessment-results"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"] == title)
        .unwrap();
    result["observations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["title"] == format!("Answer to metric {metric}"))
        .unwrap()
}

fn prop<'a>(o: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    o["props"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .and_then(|p| p["value"].as_str())
}

#[test]
fn answers_are_collected_on_their_recorded_day_and_say_so_when_none_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let doc = oscal(dir.path(), "a.json");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&doc).unwrap()).unwrap();
    // Head Office 2026-Q3: 4.7.1 was assessed by M. Sato on 2026-10-07,
    // after the quarter ended (2026-09-30).
    let o = answer_observation(&v, "Kitsune Logistics / Head Office / 2026-Q3", "4.7.1");
    assert_eq!(o["collected"], "2026-10-07T00:00:00Z");
    assert_eq!(prop(o, "collected-basis"), Some("assessed-on"));
    assert_eq!(prop(o, "assessor"), Some("M. Sato"));

    // The same answers without the assessed_on column: no date is recorded,
    // so the quarter's last second stands in, marked as such.
    let undated: String = std::fs::read_to_string(example_answers())
        .unwrap()
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    let answers = common::write(dir.path(), "undated.csv", &undated);
    let out = dir.path().join("undated.json");
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(&answers)
        .args(["--format", "oscal", "--out"])
        .arg(&out)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let o = answer_observation(&v, "Kitsune Logistics / Head Office / 2026-Q3", "4.7.1");
    assert_eq!(o["collected"], "2026-09-30T23:59:59Z");
    assert_eq!(prop(o, "collected-basis"), Some("period-end"));
    let observations = v["assessment-results"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["observations"].as_array().unwrap());
    assert!(
        observations
            .filter(|o| o["methods"][0] == "INTERVIEW")
            .all(|o| prop(o, "collected-basis") == Some("period-end"))
    );
    if validator().is_some() {
        let out = validate("oscal_assessment-results_schema_v1.1.1.json", &out)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(out.contains("0 errors"), "{out}");
    }
}
