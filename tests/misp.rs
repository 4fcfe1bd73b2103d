//! `imcm incidents import --from misp` on the real MISP event files in
//! `tests/data/formats`, with categories through the ENISA RSIT taxonomy.

mod common;

use common::{imcm, root};
use imcm::input::import::misp::{RSIT_CLASSES, category_of};

fn formats() -> std::path::PathBuf {
    root().join("tests/data/formats")
}

#[test]
fn our_rsit_table_follows_the_shipped_taxonomy_and_maps_every_type() {
    let text = std::fs::read_to_string(formats().join("enisa_rsit_machinetag_v1003.json")).unwrap();
    let taxonomy: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(taxonomy["namespace"], "rsit");
    let predicates: Vec<&str> = taxonomy["predicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_str().unwrap())
        .collect();
    let ours: Vec<&str> = RSIT_CLASSES.iter().map(|(c, _)| *c).collect();
    assert_eq!(ours, predicates, "same 11 classes in the taxonomy's order");
    // Every one of the 39 types lands in a category the built-in questionnaire knows (or test).
    let q = imcm::input::questionnaire::default_questionnaire()
        .unwrap()
        .questionnaire;
    let mut types = 0;
    for class in taxonomy["values"].as_array().unwrap() {
        let c = class["predicate"].as_str().unwrap();
        for entry in class["entry"].as_array().unwrap() {
            types += 1;
            let cat = category_of(c, entry["value"].as_str().unwrap());
            assert!(
                cat == "test" || q.incidents.categories.iter().any(|k| k == cat),
                "{c}:{} → {cat}",
                entry["value"]
            );
        }
    }
    assert_eq!(types, 39);
}

#[test]
fn the_sample_events_import_with_their_categories_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("misp.csv");
    imcm()
        .args(["incidents", "import", "--from", "misp"])
        .arg(formats())
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("read 3 MISP events"))
        .stderr(predicates::str::contains(
            "enisa_rsit_machinetag_v1003.json",
        ));
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |r: &csv::StringRecord, name: &str| {
        r[headers.iter().position(|h| h == name).unwrap()].to_string()
    };
    let rows: Vec<(String, String, String, String, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                col(&r, "id"),
                col(&r, "org"),
                col(&r, "category"),
                col(&r, "severity"),
                col(&r, "detected_at"),
                col(&r, "reported_at"),
            )
        })
        .collect();
    let s = String::from;
    assert_eq!(
        rows,
        [
            // circl:incident-classification="malware", threat level 3, published 2016-08-30 09:10:31 UTC
            (
                s("57c4445b-c548-4654-af0b-4be3950d210f"),
                s("CIRCL"),
                s("malware"),
                s("low"),
                s("2016-08-29T00:00:00"),
                s("2016-08-30T09:10:31")
            ),
            // ecsirt:malicious-code="ransomware" (RSIT's former namespace), threat level 1, not published
            (
                s("5758ebf5-c898-48e6-9fe9-5665c0a83866"),
                s("ORGNAME"),
                s("malware"),
                s("high"),
                s("2016-06-09T00:00:00"),
                s("")
            ),
            // only MITRE galaxy tags: no incident class
            (
                s("5c7cdc3b-2f40-4dca-8200-276c0a00020f"),
                s("ORGNAME 条イ音態ぞゃご法説イシ技"),
                s(""),
                s("medium"),
                s("2019-03-04T00:00:00"),
                s("")
            ),
        ]
    );
    // The imported log feeds the KPIs directly.
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&out)
        .args(["--format", "csv"])
        .assert()
        .success()
        .stdout(predicates::str::contains("CIRCL,,2016-Q3,,,incidents,1,1"));
}
