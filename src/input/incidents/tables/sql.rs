//! The aggregate tables as a SQL script for DuckDB or Spark SQL, generated
//! from the same definitions ([`super::tables`]) as the native engine's
//! queries. The script reads the canonical incident table (Parquet, from
//! `imcm incidents prepare`) and writes each aggregate table as Parquet
//! under an output folder, then a one-row manifest naming the dialect, the
//! grouping and the SHA-256 of the statements before it.
//!
//! Only exact quantiles are used (DuckDB `quantile_cont`, Spark
//! `percentile`, both interpolating linearly between the two nearest
//! ranks); the session zone is pinned to UTC; every timestamp, quarter and
//! duplicate-id decision was made by `prepare`, so the engine's zone rules
//! and row order decide nothing.

use super::{Agg, EXAMPLES, EXAMPLES_TABLE, MANIFEST_TABLE, Rows, Table, by_text, tables};
use crate::input::incidents::engine::{By, reasons};
use sha2::{Digest, Sha256};

/// A SQL engine the script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB (the `duckdb` shell or any client).
    DuckDb,
    /// Spark SQL (`spark-sql -f`, or `spark.sql` from PySpark).
    Spark,
}

impl Dialect {
    /// Its name in the manifest and in provenance.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "spark",
        }
    }

    /// The dialect a manifest names.
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name {
            "duckdb" => Some(Dialect::DuckDb),
            "spark" => Some(Dialect::Spark),
            _ => None,
        }
    }

    fn ident(self, name: &str) -> String {
        match self {
            Dialect::DuckDb => format!("\"{}\"", name.replace('"', "\"\"")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
        }
    }

    fn text(self, value: &str) -> String {
        match self {
            Dialect::DuckDb => format!("'{}'", value.replace('\'', "''")),
            // Spark reads backslash escapes in string literals.
            Dialect::Spark => format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'")),
        }
    }

    fn quantile(self, column: &str, hundredths: u8) -> String {
        let p = format!("{:.2}", f64::from(hundredths) / 100.0);
        match self {
            Dialect::DuckDb => format!("quantile_cont({column}, {p})"),
            Dialect::Spark => format!("percentile({column}, {p})"),
        }
    }
}

/// The canonical table's view name in the script.
const VIEW: &str = "imcm_incidents";

/// The line that starts the manifest statement: the SHA-256 in the
/// manifest is that of every byte of the script before this line.
pub const MANIFEST_MARK: &str = "-- imcm:manifest";

/// One aggregate expression.
fn aggregate(d: Dialect, agg: &Agg) -> String {
    match agg {
        Agg::Rows => "count(*)".into(),
        Agg::Count(c) => format!("count({})", d.ident(c)),
        Agg::Mean(c) => format!("avg({})", d.ident(c)),
        Agg::Quantile(c, p) => d.quantile(&d.ident(c), *p),
        Agg::CountTrue(c) => format!(
            "coalesce(sum(CASE WHEN {} THEN 1 ELSE 0 END), 0)",
            d.ident(c)
        ),
    }
}

/// The SELECT of one table.
fn select(d: Dialect, t: &Table) -> String {
    let mut cols = Vec::new();
    let mut group = Vec::new();
    for k in &t.keys {
        let name = d.ident(k.name);
        if k.kept {
            cols.push(name.clone());
            group.push(name);
        } else if k.integer {
            cols.push(format!("CAST(NULL AS INT) AS {name}"));
        } else {
            cols.push(format!("'' AS {name}"));
        }
    }
    for m in &t.measures {
        cols.push(format!("{} AS {}", aggregate(d, &m.agg), d.ident(&m.name)));
    }
    let filter = match t.rows {
        Rows::All => String::new(),
        Rows::Counted => format!("\nWHERE {}", d.ident("counted")),
        Rows::CountedWithout(flag) => {
            format!("\nWHERE {} AND NOT {}", d.ident("counted"), d.ident(flag))
        }
    };
    let tail = if !group.is_empty() {
        format!("\nGROUP BY {}", group.join(", "))
    } else if t.single {
        String::new()
    } else {
        // A grouped table has no row for no rows, as a GROUP BY has not.
        "\nHAVING count(*) > 0".into()
    };
    format!(
        "SELECT {}\nFROM {VIEW}{filter}{tail}",
        cols.join(",\n       ")
    )
}

/// The SELECT of the example ids: the first [`EXAMPLES`] rows of each
/// reason by (log, row).
fn examples(d: Dialect) -> String {
    let (li, lr, id) = (d.ident("log_index"), d.ident("log_row"), d.ident("id"));
    reasons()
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "SELECT * FROM (SELECT {} AS {}, {li}, {lr}, {id} FROM {VIEW} WHERE {} \
                 ORDER BY {li}, {lr} LIMIT {EXAMPLES}) e{i}",
                d.text(r),
                d.ident("reason"),
                d.ident(&format!("q_{r}")),
            )
        })
        .collect::<Vec<_>>()
        .join("\nUNION ALL\n")
}

/// Where a table is written under `out` (a folder or an object-store prefix).
fn target(out: &str, name: &str, d: Dialect) -> String {
    let base = out.trim_end_matches('/');
    match d {
        Dialect::DuckDb => format!("{base}/{name}.parquet"),
        Dialect::Spark => format!("{base}/{name}"),
    }
}

/// One statement writing `query` as the table `name`.
fn write(d: Dialect, out: &str, name: &str, query: &str) -> String {
    let to = d.text(&target(out, name, d));
    match d {
        Dialect::DuckDb => format!("COPY (\n{query}\n) TO {to} (FORMAT parquet);\n"),
        Dialect::Spark => format!("INSERT OVERWRITE DIRECTORY {to} USING parquet\n{query};\n"),
    }
}

/// The SQL script that reads the canonical table at `input` and writes the
/// aggregate tables of grouping `by` under `out`; `generator` names imcm
/// and its version in the script and the manifest.
pub fn script(d: Dialect, input: &str, out: &str, by: By, generator: &str) -> String {
    let engine = match d {
        Dialect::DuckDb => "DuckDB",
        Dialect::Spark => "Spark SQL",
    };
    let mut s = format!(
        "-- The aggregate tables of imcm's incident KPIs, for {engine}.\n\
         -- Generated by {generator} (imcm kpi --emit-sql {}); do not edit: the\n\
         -- manifest at the end records the SHA-256 of these statements.\n\
         -- Reads the canonical incident table written by `imcm incidents prepare`\n\
         -- and writes one Parquet table per aggregate under the output folder;\n\
         -- then `imcm kpi --from-aggregates OUT` (or --kpis OUT) takes them.\n",
        d.name()
    );
    match d {
        Dialect::DuckDb => {
            s.push_str("-- Run: duckdb < this.sql (the output folder must exist).\n");
            s.push_str("SET TimeZone = 'UTC';\n");
            s.push_str(&format!(
                "CREATE OR REPLACE TEMP VIEW {VIEW} AS SELECT * FROM read_parquet({});\n",
                d.text(input)
            ));
        }
        Dialect::Spark => {
            s.push_str("-- Run: spark-sql -f this.sql, or each statement with spark.sql().\n");
            s.push_str("SET TIME ZONE 'UTC';\n");
            s.push_str(&format!(
                "CREATE OR REPLACE TEMPORARY VIEW {VIEW} USING parquet OPTIONS (path {});\n",
                d.text(input)
            ));
        }
    }
    for t in tables(by) {
        s.push_str(&write(d, out, t.name, &select(d, &t)));
    }
    s.push_str(&write(d, out, EXAMPLES_TABLE, &examples(d)));
    let hash = hex(&Sha256::digest(s.as_bytes()));
    s.push_str(MANIFEST_MARK);
    s.push('\n');
    let manifest = format!(
        "SELECT {} AS {}, {} AS {}, {} AS {}, {} AS {}, {} AS {}",
        d.text(generator),
        d.ident("generator"),
        d.text(d.name()),
        d.ident("dialect"),
        d.text(&hash),
        d.ident("sql_sha256"),
        d.text(&by_text(by)),
        d.ident("group_by"),
        d.text(input),
        d.ident("input"),
    );
    s.push_str(&write(d, out, MANIFEST_TABLE, &manifest));
    s
}

/// Lower-case hexadecimal.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 a script's manifest should record: that of its bytes before
/// the [`MANIFEST_MARK`] line (`None` without one).
pub fn statements_sha256(script: &str) -> Option<String> {
    let at = script.find(&format!("\n{MANIFEST_MARK}\n"))?;
    Some(hex(&Sha256::digest(&script.as_bytes()[..=at])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_exact_and_the_zone_is_utc() {
        let duck = script(Dialect::DuckDb, "in.parquet", "out", By::default(), "imcm");
        assert!(duck.contains("quantile_cont(\"time_to_detect_h\", 0.50)"));
        assert!(duck.contains("quantile_cont(\"time_to_resolve_h\", 0.90)"));
        assert!(duck.contains("SET TimeZone = 'UTC';"));
        let spark = script(Dialect::Spark, "in.parquet", "out", By::default(), "imcm");
        assert!(spark.contains("percentile(`time_to_contain_h`, 0.90)"));
        assert!(spark.contains("SET TIME ZONE 'UTC';"));
        for s in [&duck, &spark] {
            for approximate in ["approx", "quantile(", "quantile_disc", "median("] {
                assert!(!s.contains(approximate), "{approximate} in\n{s}");
            }
        }
    }

    #[test]
    fn the_manifest_records_the_hash_of_the_statements_before_it() {
        let s = script(Dialect::DuckDb, "in.parquet", "out/", By::default(), "imcm");
        let hash = statements_sha256(&s).unwrap_or_default();
        assert_eq!(hash.len(), 64);
        let manifest = &s[s.find(MANIFEST_MARK).unwrap_or(0)..];
        assert!(manifest.contains(&format!("'{hash}' AS \"sql_sha256\"")));
        assert!(manifest.contains("TO 'out/manifest.parquet'"));
        // One statement per table, the examples and the manifest.
        assert_eq!(s.matches("COPY (").count(), 7 + 2);
    }

    #[test]
    fn text_is_quoted_for_each_dialect() {
        let path = r"C:\logs\o'brien.parquet";
        let duck = script(Dialect::DuckDb, path, "out", By::default(), "imcm");
        assert!(duck.contains(r"read_parquet('C:\logs\o''brien.parquet')"));
        let spark = script(Dialect::Spark, path, "out", By::default(), "imcm");
        assert!(spark.contains(r"(path 'C:\\logs\\o\'brien.parquet')"));
    }

    #[test]
    fn dimensions_left_out_are_constants() {
        let by = By {
            unit: false,
            period: false,
            ..By::default()
        };
        let s = script(Dialect::DuckDb, "in.parquet", "out", by, "imcm");
        assert!(s.contains("'' AS \"unit\""));
        assert!(s.contains("CAST(NULL AS INT) AS \"period\""));
        assert!(s.contains("GROUP BY \"org\"\n"));
        assert!(s.contains("'org,category,severity' AS \"group_by\""));
    }
}
