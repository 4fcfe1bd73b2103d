//! Parquet outputs, read back by an independent reader (DuckDB's Python
//! package, installed by `.ci/run`): the same rows and values as the CSVs,
//! with typed columns.

mod common;

use common::{example_answers, imcm, root};
use std::path::Path;
use std::process::Command;

fn duckdb() -> Option<&'static str> {
    common::python_with("duckdb")
}

/// Column types and every row of a Parquet file, as DuckDB sees them.
fn read(python: &str, path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let script = r#"
import duckdb, sys
rel = duckdb.sql(f"select * from read_parquet('{sys.argv[1]}')")
print("\t".join(str(t) for t in rel.types))
for row in rel.fetchall():
    print("\t".join("" if v is None else repr(v) for v in row))
"#;
    let out = Command::new(python)
        .args(["-c", script])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let types = lines
        .next()
        .unwrap()
        .split('\t')
        .map(String::from)
        .collect();
    let rows = lines
        .map(|l| l.split('\t').map(String::from).collect())
        .collect();
    (types, rows)
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// A CSV cell and a DuckDB value are the same number (or both empty).
fn same_number(csv: &str, duck: &str) -> bool {
    match (csv.parse::<f64>(), duck.parse::<f64>()) {
        (Ok(a), Ok(b)) => (a - b).abs() < 1e-9,
        _ => csv.is_empty() && duck.is_empty(),
    }
}

#[test]
fn scores_kpis_and_changes_as_parquet_match_their_csvs() {
    let Some(python) = duckdb() else { return };
    let dir = tempfile::tempdir().unwrap();
    let answers = example_answers();
    let log = root().join("examples/data/incidents.csv");

    // scores
    let parquet = dir.path().join("scores.parquet");
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(&answers)
        .args(["--format", "parquet", "--out"])
        .arg(&parquet)
        .assert()
        .success();
    let csv = imcm()
        .arg("score")
        .arg("--answers")
        .arg(&answers)
        .args(["--format", "csv"])
        .assert()
        .success();
    let csv = csv_rows(&String::from_utf8_lossy(&csv.get_output().stdout));
    let (types, rows) = read(python, &parquet);
    assert_eq!(
        types,
        [
            "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "DOUBLE", "BIGINT"
        ]
    );
    assert_eq!(rows.len(), csv.len());
    for (p, c) in rows.iter().zip(&csv) {
        assert_eq!(p[4].trim_matches('\''), c[4]);
        assert!(same_number(&c[5], &p[5]), "{c:?} vs {p:?}");
        assert!(same_number(&c[7], &p[7]), "{c:?} vs {p:?}");
    }

    // KPIs
    let parquet = dir.path().join("kpis.parquet");
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .args(["--format", "parquet", "--out"])
        .arg(&parquet)
        .assert()
        .success();
    let csv = imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(&log)
        .args(["--format", "csv"])
        .assert()
        .success();
    let csv = csv_rows(&String::from_utf8_lossy(&csv.get_output().stdout));
    let (types, rows) = read(python, &parquet);
    assert_eq!(&types[6..], ["DOUBLE", "BIGINT"]);
    assert_eq!(rows.len(), csv.len());
    for (p, c) in rows.iter().zip(&csv) {
        assert!(
            same_number(&c[6], &p[6])
                || (p[6].parse::<f64>().unwrap() - c[6].parse::<f64>().unwrap()).abs() < 5e-5,
            "{c:?} vs {p:?}"
        );
        assert_eq!(c[7], p[7]);
    }

    // the comparison
    let out = dir.path().join("compare");
    imcm()
        .arg("compare")
        .arg("--answers")
        .arg(&answers)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let csv = csv_rows(&std::fs::read_to_string(out.join("compare.csv")).unwrap());
    let (types, rows) = read(python, &out.join("compare.parquet"));
    assert_eq!(types.last().unwrap(), "DOUBLE");
    assert_eq!(rows.len(), csv.len());
    for (p, c) in rows.iter().zip(&csv) {
        assert!(same_number(&c[8], &p[8]), "{c:?} vs {p:?}");
    }
}

#[test]
fn parquet_needs_a_file() {
    imcm()
        .arg("kpi")
        .arg("--incidents")
        .arg(root().join("examples/data/incidents.csv"))
        .args(["--format", "parquet"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("give --out FILE.parquet"));
}
