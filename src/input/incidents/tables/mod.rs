//! The aggregate tables the incident KPIs are made from, defined once as
//! data: which rows of the canonical incident table each reads, which
//! columns group it and what it measures. The native engine turns these
//! definitions into polars queries ([`native`]), `kpi --emit-sql` into a
//! DuckDB or Spark SQL script ([`sql`]), and `--from-aggregates` reads the
//! tables either wrote ([`read`]); what is done with them after (the min-n
//! gate, the open backlog, category shares, the evidence rules) stays in
//! imcm.

pub mod native;
pub mod read;
pub mod sql;

use super::engine::{By, INTERVALS, reasons};

/// How many example ids each data-quality reason keeps: the first ones by
/// (log, row).
pub const EXAMPLES: usize = 5;

/// An aggregate over the rows of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agg {
    /// The number of rows.
    Rows,
    /// The number of non-null values of a column.
    Count(&'static str),
    /// The mean of a column's non-null values.
    Mean(&'static str),
    /// An exact quantile of a column's non-null values, with linear
    /// interpolation between the two nearest ranks (DuckDB `quantile_cont`,
    /// Spark `percentile`), in hundredths (50 = the median).
    Quantile(&'static str, u8),
    /// The number of rows where a boolean column is true.
    CountTrue(String),
}

/// A column of an aggregate table: its name and how it is computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// Column name in the table.
    pub name: String,
    /// What it holds.
    pub agg: Agg,
}

/// Which rows of the canonical table a table reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rows {
    /// Every row read.
    All,
    /// The rows that count (`counted`: an organisation, a quarter and not a
    /// duplicate id).
    Counted,
    /// The rows that count and whose flag column is false (a known category
    /// or severity for its breakdown).
    CountedWithout(&'static str),
}

/// A grouping column of a table. When `kept` is false (`kpi --by` leaves the
/// dimension out) the column is still in the table, as `''` or NULL for
/// every row, so that every table has the same layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// Column name (of the canonical table and of the aggregate table).
    pub name: &'static str,
    /// Grouped by it, or a constant.
    pub kept: bool,
    /// An integer column (quarter codes, log index) rather than text.
    pub integer: bool,
}

/// One aggregate table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Its name: the file `NAME.parquet` (or folder `NAME/`) of an
    /// aggregates folder.
    pub name: &'static str,
    /// The rows it reads.
    pub rows: Rows,
    /// Grouping columns; none for a single-row table.
    pub keys: Vec<Key>,
    /// Whether it has one row even when no row is read (the quality
    /// totals); a grouped table has one row per group that has rows.
    pub single: bool,
    /// The measures.
    pub measures: Vec<Measure>,
}

impl Table {
    /// The names of its columns, keys first.
    pub fn columns(&self) -> Vec<String> {
        self.keys
            .iter()
            .map(|k| k.name.to_string())
            .chain(self.measures.iter().map(|m| m.name.clone()))
            .collect()
    }
}

/// The measures of every KPI group: incidents, per interval its median,
/// 90th percentile and count, and per share its mean and count.
fn kpi_measures() -> Vec<Measure> {
    let m = |name: String, agg: Agg| Measure { name, agg };
    let mut out = vec![m("incidents".into(), Agg::Rows)];
    for (name, _, _) in INTERVALS {
        let column = interval_column(name);
        out.push(m(format!("{name}_median_h"), Agg::Quantile(column, 50)));
        out.push(m(format!("{name}_p90_h"), Agg::Quantile(column, 90)));
        out.push(m(format!("{name}_n"), Agg::Count(column)));
    }
    for (kpi, column) in SHARES {
        out.push(m(kpi.to_string(), Agg::Mean(column)));
        out.push(m(format!("{kpi}_n"), Agg::Count(column)));
    }
    out
}

/// The canonical column of an interval's hours.
pub fn interval_column(name: &str) -> &'static str {
    match name {
        "time_to_detect" => "time_to_detect_h",
        "time_to_report" => "time_to_report_h",
        "time_to_contain" => "time_to_contain_h",
        _ => "time_to_resolve_h",
    }
}

/// The share KPIs with the canonical 0/1 column each is the mean of.
pub const SHARES: [(&str, &str); 3] = [
    ("sla_met_share", "sla_met"),
    ("internal_detection_share", "internal_detection"),
    ("lessons_learned_share", "lessons_learned_done"),
];

/// The tables of one run grouped by `by`, in the order they are computed
/// and read: the KPI groups (`base`, per `category`, per `severity`), the
/// `backlog` counts, the `quality` totals, the rows per `sources` and the
/// detection `mix`. The example ids of each data-quality reason are
/// [`EXAMPLES`]; see [`sql`] and [`native`] for how each engine finds them.
pub fn tables(by: By) -> Vec<Table> {
    let key = |name: &'static str, kept: bool| Key {
        name,
        kept,
        integer: false,
    };
    let int_key = |name: &'static str, kept: bool| Key {
        name,
        kept,
        integer: true,
    };
    let keys = || {
        vec![
            key("org", by.org),
            key("unit", by.unit),
            int_key("period", by.period),
        ]
    };
    let with = |extra: Key| {
        let mut k = keys();
        k.push(extra);
        k
    };
    let count = |name: &str| Measure {
        name: name.into(),
        agg: Agg::Rows,
    };
    let mut quality = vec![
        count("rows"),
        Measure {
            name: "counted".into(),
            agg: Agg::CountTrue("counted".into()),
        },
    ];
    quality.extend(reasons().into_iter().map(|r| Measure {
        name: format!("n_{r}"),
        agg: Agg::CountTrue(format!("q_{r}")),
    }));
    vec![
        Table {
            name: "base",
            rows: Rows::Counted,
            keys: keys(),
            single: false,
            measures: kpi_measures(),
        },
        Table {
            name: "category",
            rows: Rows::CountedWithout("q_unknown_category"),
            keys: with(key("category", true)),
            single: false,
            measures: kpi_measures(),
        },
        Table {
            name: "severity",
            rows: Rows::CountedWithout("q_unknown_severity"),
            keys: with(key("severity", true)),
            single: false,
            measures: kpi_measures(),
        },
        Table {
            name: "backlog",
            rows: Rows::Counted,
            keys: with(int_key("resolved_period", true)),
            single: false,
            measures: vec![count("n")],
        },
        Table {
            name: "quality",
            rows: Rows::All,
            keys: Vec::new(),
            single: true,
            measures: quality,
        },
        Table {
            name: "sources",
            rows: Rows::All,
            keys: vec![int_key("log_index", true), key("log_file", true)],
            single: false,
            measures: vec![count("rows")],
        },
        Table {
            name: "mix",
            rows: Rows::Counted,
            keys: with(key("detected_by", true)),
            single: false,
            measures: vec![count("n")],
        },
    ]
}

/// The name of the table of example ids: `reason`, `log_index`, `log_row`,
/// `id`, the first [`EXAMPLES`] rows of each reason by (log, row).
pub const EXAMPLES_TABLE: &str = "examples";

/// The name of the one-row table describing how the aggregates were made:
/// `generator`, `dialect`, `sql_sha256`, `group_by`, `input`.
pub const MANIFEST_TABLE: &str = "manifest";

/// `by` as the list `kpi --by` takes (`org,unit,period,category,severity`).
pub fn by_text(by: By) -> String {
    [
        (by.org, "org"),
        (by.unit, "unit"),
        (by.period, "period"),
        (by.category, "category"),
        (by.severity, "severity"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, n)| *n)
    .collect::<Vec<_>>()
    .join(",")
}

/// The grouping a `group_by` text names, if it is one [`by_text`] writes.
pub fn by_from_text(text: &str) -> Option<By> {
    let mut by = By {
        org: false,
        unit: false,
        period: false,
        category: false,
        severity: false,
    };
    for part in text.split(',').filter(|p| !p.is_empty()) {
        match part.trim() {
            "org" => by.org = true,
            "unit" => by.unit = true,
            "period" => by.period = true,
            "category" => by.category = true,
            "severity" => by.severity = true,
            _ => return None,
        }
    }
    Some(by)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kpi_table_measures_the_same_columns() {
        let t = tables(By::default());
        let names: Vec<&str> = t.iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            [
                "base", "category", "severity", "backlog", "quality", "sources", "mix"
            ]
        );
        assert_eq!(t[0].measures, t[1].measures);
        assert_eq!(t[0].measures, t[2].measures);
        // incidents, 3 per interval, 2 per share.
        assert_eq!(t[0].measures.len(), 1 + 3 * 4 + 2 * 3);
        assert_eq!(
            t[4].measures.len(),
            2 + reasons().len(),
            "rows, counted and one count per reason"
        );
    }

    #[test]
    fn grouping_text_round_trips() {
        let by = By {
            org: true,
            unit: false,
            period: true,
            category: false,
            severity: true,
        };
        assert_eq!(by_text(by), "org,period,severity");
        assert_eq!(by_from_text(&by_text(by)), Some(by));
        assert_eq!(by_from_text("org,bogus"), None);
        assert_eq!(by_from_text(&by_text(By::default())), Some(By::default()));
    }
}
