//! The canonical incident table and the emitted SQL on real engines: the
//! logs of `tests/fixtures/engines` (several time zones, a DST gap and
//! repeat, quarter ends, duplicate ids across files, open incidents, a
//! group under min n) are prepared once; DuckDB and PySpark run the scripts
//! of `kpi --emit-sql` on that file, and the KPIs imcm reads back from
//! their tables equal the native engine's: every n exactly, every value
//! within 1e-9 relative, every count and example id.

mod common;

use common::{imcm, root};
use predicates::str::contains;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/engines").join(name)
}

/// The logs and mapping of every run here.
fn log_args() -> Vec<String> {
    vec![
        "--incidents".into(),
        fixture("a.csv").display().to_string(),
        fixture("b.jsonl").display().to_string(),
        "--map".into(),
        fixture("map.toml").display().to_string(),
    ]
}

fn prepare(dir: &Path) -> PathBuf {
    let out = dir.join("canonical.parquet");
    imcm()
        .args(["incidents", "prepare"])
        .args(log_args())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

fn json_of(args: &[&str], extra: &[String]) -> Value {
    let out = imcm()
        .args(args)
        .args(extra)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("kpi --format json")
}

/// Emit the script for `engine`, run it there and return the aggregates folder.
fn run_engine(engine: &str, canonical: &Path, dir: &Path) -> PathBuf {
    let agg = dir.join(format!("agg-{engine}"));
    std::fs::create_dir_all(&agg).unwrap();
    let script = dir.join(format!("{engine}.sql"));
    imcm()
        .args(["kpi", "--emit-sql", engine, "--input"])
        .arg(canonical)
        .arg("--aggregates-out")
        .arg(&agg)
        .arg("--out")
        .arg(&script)
        .assert()
        .success();
    let status = std::process::Command::new("python3")
        .arg(fixture("run_sql.py"))
        .arg(engine)
        .arg(&script)
        .status()
        .expect("python3");
    assert!(status.success(), "{engine} failed on {}", script.display());
    agg
}

/// Every KPI row keyed by (org, unit, period, category, severity, kpi).
fn kpi_rows(v: &Value) -> std::collections::BTreeMap<String, (Option<f64>, u64)> {
    v["kpis"]
        .as_array()
        .expect("kpis")
        .iter()
        .map(|r| {
            let key = ["org", "unit", "period", "category", "severity", "kpi"]
                .map(|k| r[k].as_str().unwrap_or_default().to_string())
                .join("|");
            (key, (r["value"].as_f64(), r["n"].as_u64().unwrap_or(0)))
        })
        .collect()
}

/// The engine's report equals the native one: the same groups, every n
/// equal, every value within 1e-9 relative, and the same counts, example
/// ids, sources and detection mix (the native report also has the values
/// that failed, which the aggregates do not carry).
fn assert_same(engine: &str, got: &Value, native: &Value) {
    let (g, n) = (kpi_rows(got), kpi_rows(native));
    assert_eq!(
        g.keys().collect::<Vec<_>>(),
        n.keys().collect::<Vec<_>>(),
        "{engine}: the groups differ"
    );
    let mut compared = 0;
    for (key, (nv, nn)) in &n {
        let (gv, gn) = g[key];
        assert_eq!(gn, *nn, "{engine}: n of {key}");
        match (gv, nv) {
            (Some(a), Some(b)) => {
                let rel = if *b == 0.0 {
                    a.abs()
                } else {
                    ((a - b) / b).abs()
                };
                assert!(rel <= 1e-9, "{engine}: {key} is {a}, native {b}");
                compared += 1;
            }
            (None, None) => {}
            _ => panic!("{engine}: {key} is {gv:?}, native {nv:?}"),
        }
    }
    assert!(compared > 500, "only {compared} values compared");
    for k in ["rows", "counted", "sources", "detection_mix"] {
        assert_eq!(got[k], native[k], "{engine}: {k}");
    }
    let strip = |v: &Value| -> Vec<(Value, Value, Value)> {
        v["quality"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                (
                    q["reason"].clone(),
                    q["rows"].clone(),
                    q["examples"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        strip(got),
        strip(native),
        "{engine}: quality counts and examples"
    );
}

#[test]
fn duckdb_and_spark_compute_the_kpis_imcm_computes() {
    let dir = tempfile::tempdir().unwrap();
    let canonical = prepare(dir.path());
    let native = json_of(&["kpi"], &log_args());
    // The log is what it should be for this test to mean something.
    let rows = kpi_rows(&native);
    assert_eq!(native["rows"], 1907);
    let dup = native["quality"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["reason"] == "duplicate_id")
        .unwrap()["rows"]
        .as_u64();
    assert_eq!(
        dup,
        Some(21),
        "20 ids of a.csv reused in b.jsonl, 1 within it"
    );
    let small = rows["Acme|Osaka Lab|2025-Q2|||time_to_contain_median_h"];
    assert_eq!(small, (None, 2), "a group under min n has n but no value");
    let open = rows["Acme|SOC|2026-Q2|||open_at_period_end"];
    assert!(open.0.unwrap_or(0.0) > 0.0, "open incidents: {open:?}");

    let mut ran = 0;
    if common::python_with("duckdb").is_some() {
        let agg = run_engine("duckdb", &canonical, dir.path());
        let got = json_of(&["kpi", "--from-aggregates", agg.to_str().unwrap()], &[]);
        assert_same("duckdb", &got, &native);
        ran += 1;
    }
    if common::python_with("pyspark").is_some() {
        let agg = run_engine("spark", &canonical, dir.path());
        // Spark writes a folder of part files per table.
        assert!(agg.join("base").join("_SUCCESS").is_file());
        let got = json_of(&["kpi", "--from-aggregates", agg.to_str().unwrap()], &[]);
        assert_same("spark", &got, &native);
        ran += 1;
    }
    eprintln!("{ran} engine(s) compared");
}

#[test]
fn the_canonical_table_is_typed_utc_and_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let first = std::fs::read(prepare(dir.path())).unwrap();
    let again = dir.path().join("again.parquet");
    imcm()
        .args(["incidents", "prepare"])
        .args(log_args())
        .arg("--out")
        .arg(&again)
        .assert()
        .success();
    assert!(
        first == std::fs::read(&again).unwrap(),
        "prepare is deterministic"
    );
    // An existing file is kept without --force.
    imcm()
        .args(["incidents", "prepare"])
        .args(log_args())
        .arg("--out")
        .arg(&again)
        .assert()
        .failure()
        .code(1)
        .stderr(contains("--force"));
    if common::python_with("duckdb").is_none() {
        return;
    }
    // Read by DuckDB: the schema of schemas/canonical-incidents.json, and
    // the rows the edge cases of the log call for.
    let check = r#"
import duckdb, json, sys
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
path, schema = sys.argv[1], json.load(open(sys.argv[2]))
cols = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
kinds = {"int32": "INTEGER", "int64": "BIGINT", "string": "VARCHAR", "double": "DOUBLE",
         "boolean": "BOOLEAN", "timestamp[us, UTC]": "TIMESTAMP WITH TIME ZONE"}
want = [(c["name"], kinds[c["type"]]) for c in schema["columns"]]
assert [(c[0], c[1]) for c in cols] == want, [(c[0], c[1]) for c in cols]
def one(sql):
    return con.execute(sql.replace("FROM T ", f"FROM read_parquet('{path}') ", 1)).fetchall()
# New York: 02:30 on 2025-03-09 does not exist, so it is no time at all
# (unparsable, and the row has no quarter); 01:30 on 2025-11-02 happens
# twice (the earlier, EDT, is taken: 05:30Z); quarters are New York's.
r = one("SELECT strftime(detected_at, '%Y-%m-%d %H:%M'), period, q_unparsable_detected_at, q_missing_period FROM T WHERE id IN ('E-00001', 'E-00002', 'E-00003', 'E-00005') ORDER BY id")
assert r == [(None, None, True, True), ("2025-11-02 05:30", 20254, False, False),
             ("2025-04-01 01:00", 20251, False, False), ("2026-01-01 04:00", 20254, False, False)], r
# The first of two rows with one id is the one that counts, by (log, row).
r = one("SELECT log_file LIKE '%a.csv', log_row, q_duplicate_id FROM T WHERE id = 'E-00101' ORDER BY log_index, log_row")
assert r == [(True, 101, False), (False, 1, True)], r
print("ok")
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", check])
        .arg(dir.path().join("canonical.parquet"))
        .arg(root().join("schemas/canonical-incidents.json"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The example log through DuckDB into `score --kpis`: the same evidence
/// and scores as `score --incidents`, with the engine in provenance.
#[test]
fn scores_from_engine_tables_equal_scores_from_the_log() {
    if common::python_with("duckdb").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let log = root().join("examples/data/incidents.csv");
    let canonical = dir.path().join("c.parquet");
    imcm()
        .args(["incidents", "prepare", "--incidents"])
        .arg(&log)
        .arg("--out")
        .arg(&canonical)
        .assert()
        .success();
    let agg = run_engine("duckdb", &canonical, dir.path());
    let score = |incidents: &[&str]| -> Value {
        let out = imcm()
            .arg("score")
            .arg("--answers")
            .arg(common::example_answers())
            .args(incidents)
            .args(["--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    };
    let mut from_log = score(&["--incidents", log.to_str().unwrap()]);
    let mut from_engine = score(&["--kpis", agg.to_str().unwrap()]);
    let p = from_engine["provenance"].take();
    assert_eq!(p["incident_aggregates"]["dialect"], "duckdb");
    assert_eq!(
        p["incident_aggregates"]["sql_sha256"]
            .as_str()
            .map(str::len),
        Some(64)
    );
    let roles: Vec<&str> = p["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["role"].as_str())
        .collect();
    assert_eq!(roles.iter().filter(|r| **r == "aggregates").count(), 9);
    from_log["provenance"].take();
    let text = |v: &Value| serde_json::to_string(&rounded(v)).unwrap();
    assert!(text(&from_log).contains("corroborated") && text(&from_log).contains("contradicted"));
    // The KPI values agree within 1e-9 relative (the engines interpolate
    // in their own order), so they are compared at 10 significant digits.
    assert_eq!(text(&from_engine), text(&from_log));
}

/// `v` with every float at 10 significant digits.
fn rounded(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or_default();
            serde_json::json!(format!("{x:.9e}"))
        }
        Value::Array(a) => Value::Array(a.iter().map(rounded).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), rounded(v))).collect()),
        other => other.clone(),
    }
}

#[test]
fn broken_aggregate_tables_are_refused_with_the_file_and_what_to_do() {
    if common::python_with("duckdb").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let canonical = prepare(dir.path());
    let agg = run_engine("duckdb", &canonical, dir.path());
    // A table gone.
    std::fs::rename(agg.join("mix.parquet"), dir.path().join("mix.parquet")).unwrap();
    imcm()
        .args(["kpi", "--from-aggregates"])
        .arg(&agg)
        .assert()
        .failure()
        .code(1)
        .stderr(contains("'mix'"))
        .stderr(contains("--emit-sql"));
    // A table that is not one: the manifest in place of the mix.
    std::fs::copy(agg.join("manifest.parquet"), agg.join("mix.parquet")).unwrap();
    imcm()
        .args(["kpi", "--from-aggregates"])
        .arg(&agg)
        .assert()
        .failure()
        .code(1)
        .stderr(contains("mix.parquet"))
        .stderr(contains("detected_by"));
    // Tables of another grouping do not score.
    let by_org = dir.path().join("by-org");
    std::fs::create_dir(&by_org).unwrap();
    let script = dir.path().join("by-org.sql");
    imcm()
        .args([
            "kpi",
            "--emit-sql",
            "duckdb",
            "--by",
            "org,period",
            "--input",
        ])
        .arg(&canonical)
        .arg("--aggregates-out")
        .arg(&by_org)
        .arg("--out")
        .arg(&script)
        .assert()
        .success();
    let status = std::process::Command::new("python3")
        .arg(fixture("run_sql.py"))
        .args(["duckdb"])
        .arg(&script)
        .status()
        .unwrap();
    assert!(status.success());
    imcm()
        .args(["kpi", "--from-aggregates"])
        .arg(&by_org)
        .args(["--format", "csv"])
        .assert()
        .success()
        .stdout(contains("Acme,,2025-Q2,,,incidents,"));
    imcm()
        .arg("score")
        .arg("--answers")
        .arg(common::example_answers())
        .arg("--kpis")
        .arg(&by_org)
        .assert()
        .failure()
        .code(1)
        .stderr(contains("org,period"))
        .stderr(contains("without --by"));
}
