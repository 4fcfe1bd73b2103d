#!/usr/bin/env python3
"""imcm's incident KPI set (docs/incidents.md) computed by DuckDB, python-polars or pandas.

    python3 benches/kpi_engines.py {duckdb|polars|pandas|reference} INPUT.csv OUT.csv
        [--min-n 5] [--open-breakdown]

`reference` is a slow plain-Python row loop, for checking the engines on
small files (about 20 s per million rows).

Writes `org,unit,period,category,severity,kpi,value,n`, the layout of
`imcm kpi --format csv`, sorted by those key columns, so that outputs of the
engines (and imcm) can be compared with benches/compare_kpis.py. Prints the
in-process time (read + compute + write, without interpreter start and
imports) to stderr.

Rules implemented (the same in all three engines):
* Input: canonical columns, every column read as a string; empty cell = null.
  category, severity, detected_by and lessons_learned are matched
  case-insensitively (lower-cased); org and unit are taken as written; an
  empty unit is the organisation-wide unit and is written as "".
* Timestamps: `%Y-%m-%dT%H:%M:%S` (naive, UTC) or `%Y-%m-%dT%H:%M:%S%z`
  (RFC 3339 with a numeric offset such as +09:00, converted to UTC). Anything
  else is unparsable and becomes null. (The doc's other forms - `Z`,
  `YYYY-MM-DD HH:MM`, `YYYY/MM/DD ...`, mapping-file formats and time
  zones - are not handled here; the generator does not write them.)
* Gate: duplicate_id = second and later rows (file order) with an id already
  seen, whatever else is wrong with either row -> left out of everything;
  missing_org (empty org) -> left out; missing_period (detected_at empty or
  unparsable) -> left out.
* Intervals in hours: detect = occurred->detected, report = detected->reported,
  contain = detected->contained, resolve = detected->resolved; null when an
  end is null or the interval is negative (out of order; 0 is kept).
* period = UTC quarter of detected_at, written `YYYY-Qn`.
* unknown category / severity -> only left out of that breakdown (and of
  sla_met_share for severity). detected_by outside internal/external/partner
  -> not in internal_detection_share's n. lessons_learned: true/yes/1 and
  false/no/0; anything else -> not in n.
* sla_met_share: contain hours <= SLA (critical 4, high 24, medium 72, low 168).
* lessons_learned_share: over incidents whose resolved_at parses (resolved),
  even if resolved_at is before detected_at.
* open_at_period_end for quarter P of an (org, unit) row: n = incidents of that
  key detected before the end of P (all earlier quarters included), value =
  those of them not resolved before the end of P (resolved_at null/unparsable,
  or >= the start of the next quarter). Emitted for the quarters in which the
  key has incidents. It is a count: no min_n. Like imcm (0aa044c), it is
  written on the (org, unit, period) rows only; --open-breakdown adds it to
  the category and severity rows too (same rule per category / severity).
* category_share (category rows only): incidents of the category / all
  incidents of (org, unit, period), n = the latter.
* min_n (default 5): medians, p90s and shares resting on fewer than min_n
  incidents get an empty value (the row and its n are still written).
* Percentiles: linear interpolation (DuckDB quantile_cont, polars
  interpolation="linear", pandas' default).
"""

import argparse
import os
import sys
import time

FMT = "%Y-%m-%dT%H:%M:%S"
FMT_Z = "%Y-%m-%dT%H:%M:%S%z"
CATEGORIES = ["malware", "phishing", "intrusion", "dos", "data_leak", "misuse",
              "error", "physical", "vulnerability", "other"]
SLA_H = {"critical": 4.0, "high": 24.0, "medium": 72.0, "low": 168.0}
SEVERITIES = list(SLA_H)
LL_TRUE = ["true", "yes", "1"]
LL_FALSE = ["false", "no", "0"]
DETBY_KNOWN = ["internal", "external", "partner"]
INTERVALS = [  # short name, kpi stem, start column, end column
    ("det", "time_to_detect", "occ", "det"),
    ("rep", "time_to_report", "det", "rep"),
    ("con", "time_to_contain", "det", "con"),
    ("res", "time_to_resolve", "det", "res"),
]
TS_COLS = [("occ", "occurred_at"), ("det", "detected_at"), ("rep", "reported_at"),
           ("con", "contained_at"), ("res", "resolved_at")]
OUT_COLS = ["org", "unit", "period", "category", "severity", "kpi", "value", "n"]


def kpi_spec():
    """(kpi, value column, n column, kind) in output order; kind: count | stat | share.

    Column names refer to the "wide" per-group table every engine builds first:
    incidents, {det,rep,con,res}_{n,med,p90}, {sla,int,ll}_{n,v}, open_{n,v},
    cs_{n,v} (category rows only)."""
    out = [("incidents", "incidents", "incidents", "count")]
    for k, stem, _, _ in INTERVALS:
        out.append((f"{stem}_median_h", f"{k}_med", f"{k}_n", "stat"))
        out.append((f"{stem}_p90_h", f"{k}_p90", f"{k}_n", "stat"))
    out += [
        ("sla_met_share", "sla_v", "sla_n", "share"),
        ("internal_detection_share", "int_v", "int_n", "share"),
        ("lessons_learned_share", "ll_v", "ll_n", "share"),
        ("open_at_period_end", "open_v", "open_n", "count"),
        ("category_share", "cs_v", "cs_n", "share"),
    ]
    return out


def sql_list(xs):
    return "(" + ", ".join("'" + x + "'" for x in xs) + ")"


# --------------------------------------------------------------------------- DuckDB

def run_duckdb(inp, out, min_n, open_breakdown=False):
    import duckdb

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")  # the default; row_number() OVER () needs it

    def ts(c):  # epoch microseconds (UTC) or NULL; CASE evaluates only the branch taken
        return (f"CASE WHEN length({c}) > 19 THEN epoch_us(try_strptime({c}, '{FMT_Z}')) "
                f"ELSE epoch_us(try_strptime({c}, '{FMT}')) END")

    def qidx(us):  # quarter index year*4 + quarter-1 of an epoch-us value
        return f"(year(make_timestamp({us})) * 4 + quarter(make_timestamp({us})) - 1)"

    def hours(a, b):
        return f"CASE WHEN {b} >= {a} THEN ({b} - {a}) / 3600000000.0 END"

    sla_case = "CASE sev " + " ".join(f"WHEN '{s}' THEN {h}" for s, h in SLA_H.items()) + " END"
    # 1. parse, numbering the rows in file order. Not rowid: in DuckDB 2.0.1 a projection with
    #    `x IN (5 or more literals)` over read_csv reorders rows (in a SELECT and in CREATE TABLE
    #    AS) despite preserve_insertion_order, so a table's rowid is not a file position then.
    #    row_number() OVER () over the reader does follow the file order.
    con.execute(f"""
        CREATE TEMP TABLE p AS
        SELECT row_number() OVER () AS rn, id, org, coalesce(unit, '') AS unit,
               lower(category) AS cat0, lower(severity) AS sev0,
               {', '.join(f'{ts(src)} AS {dst}' for dst, src in TS_COLS)},
               lower(detected_by) AS db, lower(lessons_learned) AS ll0
        FROM read_csv(?, header = true, all_varchar = true, auto_detect = false,
                      delim = ',', quote = '"', escape = '"',
                      columns = {{'id': 'VARCHAR', 'org': 'VARCHAR', 'unit': 'VARCHAR',
                                 'category': 'VARCHAR', 'severity': 'VARCHAR',
                                 'occurred_at': 'VARCHAR', 'detected_at': 'VARCHAR',
                                 'reported_at': 'VARCHAR', 'contained_at': 'VARCHAR',
                                 'resolved_at': 'VARCHAR', 'detected_by': 'VARCHAR',
                                 'lessons_learned': 'VARCHAR'}})
    """, [inp])

    def hours(a, b):
        return f"CASE WHEN {b} >= {a} THEN ({b} - {a}) / 3600000000.0 END"

    sla_case = "CASE sev " + " ".join(f"WHEN '{s}' THEN {h}" for s, h in SLA_H.items()) + " END"
    # 2. gate + derived columns, one row per kept incident
    con.execute(f"""
        CREATE TEMP TABLE r AS
        WITH d AS (
            SELECT * FROM p
            WHERE rn IN (SELECT min(rn) FROM p GROUP BY id)   -- duplicate_id: keep the first
              AND org IS NOT NULL AND det IS NOT NULL         -- missing_org, missing_period
        ), e AS (
            SELECT org, unit,
                   CASE WHEN cat0 IN {sql_list(CATEGORIES)} THEN cat0 END AS cat,
                   CASE WHEN sev0 IN {sql_list(SEVERITIES)} THEN sev0 END AS sev,
                   {', '.join(f'{hours(a, b)} AS h_{k}' for k, _, a, b in INTERVALS)},
                   CASE WHEN db IN {sql_list(DETBY_KNOWN)} THEN (db = 'internal')::DOUBLE END AS int,
                   CASE WHEN res IS NOT NULL THEN
                        CASE WHEN ll0 IN {sql_list(LL_TRUE)} THEN 1.0
                             WHEN ll0 IN {sql_list(LL_FALSE)} THEN 0.0 END END AS ll,
                   {qidx('det')} AS qd,
                   CASE WHEN res IS NOT NULL THEN greatest({qidx('det')}, {qidx('res')}) END AS qc
            FROM d
        )
        SELECT *, CASE WHEN sev IS NOT NULL AND h_con IS NOT NULL
                       THEN (h_con <= {sla_case})::DOUBLE END AS sla
        FROM e
    """)

    sets = "GROUPING SETS ((org, unit, q), (org, unit, q, cat), (org, unit, q, sev))"
    keep = "NOT (grouping(cat) = 0 AND cat IS NULL) AND NOT (grouping(sev) = 0 AND sev IS NULL)"
    ck = "CASE WHEN grouping(cat) = 1 THEN '' ELSE cat END"
    sk = "CASE WHEN grouping(sev) = 1 THEN '' ELSE sev END"
    if open_breakdown:
        open_group = f"SELECT org, unit, q, {ck} AS category, {sk} AS severity, " \
                     f"sum(d) AS d, sum(c) AS c FROM ev GROUP BY {sets} HAVING {keep}"
    else:
        open_group = "SELECT org, unit, q, '' AS category, '' AS severity, " \
                     "sum(d) AS d, sum(c) AS c FROM ev GROUP BY org, unit, q"
    iv = []
    for k, _, _, _ in INTERVALS:
        iv.append(f"count(h_{k}) AS {k}_n, quantile_cont(h_{k}, [0.5, 0.9]) AS {k}_q")
    iv_unpack = ", ".join(f"a.{k}_n, a.{k}_q[1] AS {k}_med, a.{k}_q[2] AS {k}_p90"
                          for k, _, _, _ in INTERVALS)
    # 3. per-group statistics, open_at_period_end, category_share
    con.execute(f"""
        CREATE TEMP TABLE w AS
        WITH a AS (
            SELECT org, unit, q, {ck} AS category, {sk} AS severity,
                   count(*) AS incidents, {', '.join(iv)},
                   count(sla) AS sla_n, avg(sla) AS sla_v,
                   count(int) AS int_n, avg(int) AS int_v,
                   count(ll) AS ll_n, avg(ll) AS ll_v
            FROM (SELECT *, qd AS q FROM r)
            GROUP BY {sets}
            HAVING {keep}
        ), ev AS (
            SELECT org, unit, cat, sev, qd AS q, 1 AS d, 0 AS c FROM r
            UNION ALL
            SELECT org, unit, cat, sev, qc AS q, 0 AS d, 1 AS c FROM r WHERE qc IS NOT NULL
        ), evg AS (
            {open_group}
        ), op AS (
            SELECT org, unit, q, category, severity,
                   sum(d) OVER win AS open_n, sum(d) OVER win - sum(c) OVER win AS open_v
            FROM evg
            WINDOW win AS (PARTITION BY org, unit, category, severity ORDER BY q
                           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
        )
        SELECT a.org, a.unit, a.q, a.category, a.severity, a.incidents, {iv_unpack},
               a.sla_n, a.sla_v, a.int_n, a.int_v, a.ll_n, a.ll_v, op.open_n, op.open_v,
               CASE WHEN a.category <> '' THEN b.incidents END AS cs_n,
               CASE WHEN a.category <> '' THEN a.incidents / b.incidents END AS cs_v
        FROM a
        LEFT JOIN op USING (org, unit, q, category, severity)
        JOIN a AS b ON b.org = a.org AND b.unit = a.unit AND b.q = a.q
                   AND b.category = '' AND b.severity = ''
    """)

    # 4. long format
    parts = []
    for kpi, vcol, ncol, kind in kpi_spec():
        if kind == "count":
            v = f"CAST({vcol} AS VARCHAR)"
        else:
            v = f"CASE WHEN {ncol} >= {min_n} THEN CAST({vcol} AS VARCHAR) END"
        where = ("WHERE category <> ''" if kpi == "category_share" else
                 "WHERE open_n IS NOT NULL" if kpi == "open_at_period_end" else "")
        parts.append(f"SELECT org, unit, q, category, severity, '{kpi}' AS kpi, {v} AS value, "
                     f"{ncol} AS n FROM w {where}")
    con.execute(f"""
        COPY (
            -- NULLIF: DuckDB writes '' as "" but NULL as an empty field, like the others
            SELECT org, NULLIF(unit, '') AS unit, period, NULLIF(category, '') AS category,
                   NULLIF(severity, '') AS severity, kpi, value, n
            FROM (SELECT *, (q // 4)::VARCHAR || '-Q' || (q % 4 + 1)::VARCHAR AS period
                  FROM ({' UNION ALL '.join(parts)}))
            ORDER BY org, coalesce(unit, ''), period, coalesce(category, ''),
                     coalesce(severity, ''), kpi
        ) TO '{out.replace("'", "''")}' (HEADER, DELIMITER ',')
    """)


# --------------------------------------------------------------------------- polars

def run_polars(inp, out, min_n, open_breakdown=False):
    import polars as pl

    def ts(c):
        s = pl.col(c)
        naive = s.str.strptime(pl.Datetime("us"), FMT, strict=False)
        aware = (s.str.strptime(pl.Datetime("us", "UTC"), FMT_Z, strict=False)
                 .dt.replace_time_zone(None))
        return pl.when(s.str.len_bytes() > 19).then(aware).otherwise(naive)

    def hours(a, b):
        return pl.when(pl.col(b) >= pl.col(a)).then(
            (pl.col(b) - pl.col(a)).dt.total_microseconds() / 3.6e9)

    def qidx(c):
        return pl.col(c).dt.year().cast(pl.Int32) * 4 + pl.col(c).dt.quarter().cast(pl.Int32) - 1

    sla_h = pl.col("sev").replace_strict(SLA_H, default=None, return_dtype=pl.Float64)
    lf = (
        pl.scan_csv(inp, infer_schema=False)      # every column as String
        .filter(pl.col("id").is_first_distinct())   # duplicate_id: keep first (file order)
        .filter(pl.col("org").is_not_null())        # missing_org
        .select(
            "org",
            pl.col("unit").fill_null(""),
            pl.col("category").str.to_lowercase().alias("cat0"),
            pl.col("severity").str.to_lowercase().alias("sev0"),
            *[ts(src).alias(dst) for dst, src in TS_COLS],
            pl.col("detected_by").str.to_lowercase().alias("db"),
            pl.col("lessons_learned").str.to_lowercase().alias("ll0"),
        )
        .filter(pl.col("det").is_not_null())       # missing_period
        .select(
            "org", "unit",
            pl.when(pl.col("cat0").is_in(CATEGORIES)).then(pl.col("cat0")).alias("cat"),
            pl.when(pl.col("sev0").is_in(SEVERITIES)).then(pl.col("sev0")).alias("sev"),
            *[hours(a, b).alias(f"h_{k}") for k, _, a, b in INTERVALS],
            pl.when(pl.col("db").is_in(DETBY_KNOWN))
              .then((pl.col("db") == "internal").cast(pl.Float64)).alias("int"),
            pl.when(pl.col("res").is_not_null()).then(
                pl.when(pl.col("ll0").is_in(LL_TRUE)).then(1.0)
                  .when(pl.col("ll0").is_in(LL_FALSE)).then(0.0)).alias("ll"),
            qidx("det").alias("qd"),
            pl.when(pl.col("res").is_not_null())
              .then(pl.max_horizontal(qidx("det"), qidx("res"))).alias("qc"),
        )
        .with_columns(
            pl.when(pl.col("h_con").is_not_null() & pl.col("sev").is_not_null())
              .then((pl.col("h_con") <= sla_h).cast(pl.Float64)).alias("sla"))
    )
    r = lf.collect(engine="streaming")

    aggs = [pl.len().alias("incidents")]
    for k, _, _, _ in INTERVALS:
        h = pl.col(f"h_{k}")
        aggs += [h.count().alias(f"{k}_n"), h.median().alias(f"{k}_med"),
                 h.quantile(0.9, interpolation="linear").alias(f"{k}_p90")]
    for c in ("sla", "int", "ll"):
        aggs += [pl.col(c).count().alias(f"{c}_n"), pl.col(c).mean().alias(f"{c}_v")]

    rl = r.lazy()
    sets = [
        (rl, []),
        (rl.filter(pl.col("cat").is_not_null()), ["cat"]),
        (rl.filter(pl.col("sev").is_not_null()), ["sev"]),
    ]
    queries = []
    for frame, extra in sets:
        keys = ["org", "unit", *extra]
        stats = frame.group_by([*keys, pl.col("qd").alias("q")]).agg(aggs)
        if extra and not open_breakdown:
            queries.append(stats)
            continue
        ev = pl.concat([
            frame.select(*keys, pl.col("qd").alias("q"), pl.lit(1, pl.Int64).alias("d"),
                         pl.lit(0, pl.Int64).alias("c")),
            frame.filter(pl.col("qc").is_not_null())
                 .select(*keys, pl.col("qc").alias("q"), pl.lit(0, pl.Int64).alias("d"),
                         pl.lit(1, pl.Int64).alias("c")),
        ])
        op = (ev.group_by([*keys, "q"]).agg(pl.col("d").sum(), pl.col("c").sum())
                .sort([*keys, "q"])
                .with_columns(pl.col("d").cum_sum().over(keys).alias("open_n"),
                              pl.col("c").cum_sum().over(keys).alias("cum_c"))
                .select(*keys, "q", "open_n", (pl.col("open_n") - pl.col("cum_c")).alias("open_v")))
        queries.append(stats.join(op, on=[*keys, "q"], how="left"))
    base, bycat, bysev = pl.collect_all(queries, engine="streaming")

    tot = base.select("org", "unit", "q", pl.col("incidents").alias("cs_n"))
    bycat = (bycat.join(tot, on=["org", "unit", "q"], how="left")
                  .with_columns((pl.col("incidents") / pl.col("cs_n")).alias("cs_v"))
                  .rename({"cat": "category"}).with_columns(severity=pl.lit("")))
    base = base.with_columns(category=pl.lit(""), severity=pl.lit(""),
                             cs_n=pl.lit(None, pl.UInt32), cs_v=pl.lit(None, pl.Float64))
    bysev = bysev.rename({"sev": "severity"}).with_columns(
        category=pl.lit(""), cs_n=pl.lit(None, pl.UInt32), cs_v=pl.lit(None, pl.Float64))
    w = pl.concat([base, bycat, bysev], how="diagonal_relaxed")

    parts = []
    for kpi, vcol, ncol, kind in kpi_spec():
        v = pl.col(vcol).cast(pl.String)
        if kind != "count":
            v = pl.when(pl.col(ncol) >= min_n).then(v)
        src = (w.filter(pl.col("category") != "") if kpi == "category_share" else
               w.filter(pl.col("open_n").is_not_null()) if kpi == "open_at_period_end" else w)
        parts.append(src.select("org", "unit", "q", "category", "severity",
                                pl.lit(kpi).alias("kpi"), v.alias("value"),
                                pl.col(ncol).cast(pl.Int64).alias("n")))
    res = (pl.concat(parts)
             .with_columns(period=(pl.col("q") // 4).cast(pl.String) + "-Q"
                           + (pl.col("q") % 4 + 1).cast(pl.String))
             .select(OUT_COLS)
             .sort(["org", "unit", "period", "category", "severity", "kpi"])
             # polars quotes "" (to tell it from null); write empty keys as empty fields
             .with_columns([pl.col(c).replace("", None) for c in ("unit", "category", "severity")]))
    res.write_csv(out)


# --------------------------------------------------------------------------- pandas

def run_pandas(inp, out, min_n, open_breakdown=False, chunksize=1_000_000):
    import numpy as np
    import pandas as pd

    def ts(s):
        """datetime64[us] (naive UTC), NaT for empty/unparsable."""
        v = pd.to_datetime(s, format=FMT, errors="coerce")
        long = s.str.len() > 19
        if long.any():
            z = pd.to_datetime(s[long], format=FMT_Z, errors="coerce", utc=True)
            v = v.astype("datetime64[us]")
            v[long] = z.dt.tz_convert(None).astype("datetime64[us]")
        return v.astype("datetime64[us]")

    def qidx(t):
        return t.dt.year * 4 + t.dt.quarter - 1

    # Read in chunks (whole-file object strings would need ~8 GB at 10 M rows) and keep
    # only compact parsed columns per chunk; the gate needs file order, which concat keeps.
    pieces = []
    for ch in pd.read_csv(inp, dtype=str, keep_default_na=False, na_values=[""],
                          chunksize=chunksize):
        p = pd.DataFrame({
            "id": ch["id"],
            "org": ch["org"].astype("category"),
            "unit": ch["unit"].fillna("").astype("category"),
            "cat0": ch["category"].str.lower().astype("category"),
            "sev0": ch["severity"].str.lower().astype("category"),
            "db": ch["detected_by"].str.lower().astype("category"),
            "ll0": ch["lessons_learned"].str.lower().astype("category"),
        })
        for dst, src in TS_COLS:
            p[dst] = ts(ch[src])
        pieces.append(p)
    from pandas.api.types import union_categoricals
    df = pd.DataFrame({
        c: (union_categoricals([x[c] for x in pieces], ignore_order=True)
            if isinstance(pieces[0][c].dtype, pd.CategoricalDtype)
            else pd.concat([x[c] for x in pieces], ignore_index=True))
        for c in pieces[0].columns
    })
    del pieces

    keep = ~df["id"].duplicated(keep="first") & df["org"].notna() & df["det"].notna()
    df = df.loc[keep].reset_index(drop=True)

    r = pd.DataFrame({"org": df["org"].astype(str), "unit": df["unit"].astype(str)})
    cat0 = df["cat0"].astype(object)
    sev0 = df["sev0"].astype(object)
    r["cat"] = cat0.where(cat0.isin(CATEGORIES))
    r["sev"] = sev0.where(sev0.isin(SEVERITIES))
    hour = np.timedelta64(3600, "s")
    for k, _, a, b in INTERVALS:
        h = (df[b] - df[a]) / hour
        r[f"h_{k}"] = h.where(h >= 0)
    db = df["db"].astype(object)
    r["int"] = (db == "internal").astype(float).where(db.isin(DETBY_KNOWN))
    ll0 = df["ll0"].astype(object)
    ll = pd.Series(np.nan, index=df.index)
    ll[ll0.isin(LL_TRUE)] = 1.0
    ll[ll0.isin(LL_FALSE)] = 0.0
    r["ll"] = ll.where(df["res"].notna())
    qd = qidx(df["det"]).astype("int64")
    r["qd"] = qd
    qr = qidx(df["res"])
    r["qc"] = np.maximum(qd, qr).where(df["res"].notna())
    sla_h = r["sev"].map(SLA_H)
    r["sla"] = (r["h_con"] <= sla_h).astype(float).where(r["h_con"].notna() & sla_h.notna())
    for c in ("org", "unit", "cat", "sev"):
        r[c] = r[c].astype("category")
    del df

    def stats(frame, keys, with_open):
        g = frame.groupby(keys + ["qd"], observed=True, sort=False)
        hcols = [f"h_{k}" for k, _, _, _ in INTERVALS]
        scols = ["sla", "int", "ll"]
        cnt = g[hcols + scols].count()
        med = g[hcols].median()
        p90 = g[hcols].quantile(0.9)
        mean = g[scols].mean()
        w = pd.DataFrame({"incidents": g.size()})
        for k, _, _, _ in INTERVALS:
            w[f"{k}_n"] = cnt[f"h_{k}"]
            w[f"{k}_med"] = med[f"h_{k}"]
            w[f"{k}_p90"] = p90[f"h_{k}"]
        for c in scols:
            w[f"{c}_n"] = cnt[c]
            w[f"{c}_v"] = mean[c]
        if not with_open:
            w["open_n"] = np.nan
            w["open_v"] = np.nan
            return w.reset_index()
        # open_at_period_end
        ev = pd.concat([
            pd.DataFrame({**{k: frame[k] for k in keys}, "q": frame["qd"], "d": 1, "c": 0}),
            pd.DataFrame({**{k: frame[k] for k in keys}, "q": frame["qc"], "d": 0, "c": 1})
              .loc[frame["qc"].notna()],
        ], ignore_index=True)
        ev["q"] = ev["q"].astype("int64")
        e = ev.groupby(keys + ["q"], observed=True, sort=True)[["d", "c"]].sum()
        cum = e.groupby(level=list(range(len(keys))), observed=True).cumsum()
        cum.index = cum.index.set_names(keys + ["qd"])
        w["open_n"] = cum["d"]
        w["open_v"] = cum["d"] - cum["c"]
        return w.reset_index()

    base = stats(r, ["org", "unit"], True)
    bycat = stats(r[r["cat"].notna()], ["org", "unit", "cat"], open_breakdown)
    bysev = stats(r[r["sev"].notna()], ["org", "unit", "sev"], open_breakdown)
    for f in (base, bycat, bysev):
        for c in ("org", "unit"):
            f[c] = f[c].astype(str)
    tot = base[["org", "unit", "qd", "incidents"]].rename(columns={"incidents": "cs_n"})
    bycat = bycat.merge(tot, on=["org", "unit", "qd"], how="left")
    bycat["cs_v"] = bycat["incidents"] / bycat["cs_n"]
    bycat = bycat.rename(columns={"cat": "category"})
    bycat["category"] = bycat["category"].astype(str)
    bycat["severity"] = ""
    bysev = bysev.rename(columns={"sev": "severity"})
    bysev["severity"] = bysev["severity"].astype(str)
    bysev["category"] = ""
    base["category"] = ""
    base["severity"] = ""
    w = pd.concat([base, bycat, bysev], ignore_index=True)
    w["period"] = (w["qd"] // 4).astype(str) + "-Q" + (w["qd"] % 4 + 1).astype(str)

    parts = []
    for kpi, vcol, ncol, kind in kpi_spec():
        src = (w[w["category"] != ""] if kpi == "category_share" else
               w[w["open_n"].notna()] if kpi == "open_at_period_end" else w)
        n = src[ncol].astype("int64")
        if kind == "count":
            v = src[vcol].astype("int64").astype(str)
        else:
            v = src[vcol].astype(float).map(repr).where(n >= min_n, "")
        parts.append(pd.DataFrame({"org": src["org"], "unit": src["unit"],
                                   "period": src["period"], "category": src["category"],
                                   "severity": src["severity"], "kpi": kpi,
                                   "value": v, "n": n}))
    res = pd.concat(parts, ignore_index=True)
    res = res.sort_values(["org", "unit", "period", "category", "severity", "kpi"], kind="stable")
    res.to_csv(out, index=False, columns=OUT_COLS)


# --------------------------------------------------------------------------- reference

def run_reference(inp, out, min_n, open_breakdown=False):
    """Plain-Python transcription of the rules above, row by row (slow: for small test files).

    Written independently of the three engines (no quarter-index shortcut for
    open_at_period_end: it compares timestamps with each quarter's end)."""
    import calendar
    import csv
    import datetime as dt
    from collections import defaultdict

    def parse(s):
        if not s:
            return None
        try:
            if len(s) > 19:
                d = dt.datetime.strptime(s, FMT_Z)
                if d.tzinfo is None:
                    return None
                return d.timestamp()
            return calendar.timegm(dt.datetime.strptime(s, FMT).timetuple())
        except ValueError:
            return None

    def quarter(t):
        d = dt.datetime.fromtimestamp(t, dt.timezone.utc)
        return d.year, (d.month - 1) // 3 + 1

    def quarter_end(y, q):  # start of the next quarter, UTC epoch seconds
        y2, m2 = (y + 1, 1) if q == 4 else (y, 3 * q + 1)
        return calendar.timegm((y2, m2, 1, 0, 0, 0))

    def quantile(xs, q):
        xs = sorted(xs)
        p = q * (len(xs) - 1)
        i = int(p)
        return xs[i] if i + 1 >= len(xs) else xs[i] + (p - i) * (xs[i + 1] - xs[i])

    seen = set()
    rows = []
    with open(inp, newline="", encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            rid = rec["id"]
            if rid in seen:
                continue                      # duplicate_id
            seen.add(rid)
            if not rec["org"]:
                continue                      # missing_org
            t = {k: parse(rec[c]) for k, c in TS_COLS}
            if t["det"] is None:
                continue                      # missing_period
            cat = rec["category"].lower()
            sev = rec["severity"].lower()
            db = rec["detected_by"].lower()
            ll = rec["lessons_learned"].lower()
            h = {}
            for k, _, a, b in INTERVALS:
                if t[a] is not None and t[b] is not None and t[b] >= t[a]:
                    h[k] = (t[b] - t[a]) / 3600.0
            rows.append({
                "org": rec["org"], "unit": rec["unit"],
                "cat": cat if cat in CATEGORIES else None,
                "sev": sev if sev in SEVERITIES else None,
                "det": t["det"], "res": t["res"], "q": quarter(t["det"]), "h": h,
                "int": (db == "internal") if db in DETBY_KNOWN else None,
                "ll": (None if t["res"] is None else
                       True if ll in LL_TRUE else False if ll in LL_FALSE else None),
                "sla": (h["con"] <= SLA_H[sev]) if (sev in SLA_H and "con" in h) else None,
            })

    groups = defaultdict(list)      # (org, unit, (y, q), category, severity) -> rows
    by_key = defaultdict(list)      # (org, unit, category, severity) -> rows (all quarters)
    for r in rows:
        variants = [("", "")]
        if r["cat"]:
            variants.append((r["cat"], ""))
        if r["sev"]:
            variants.append(("", r["sev"]))
        for c, s in variants:
            groups[(r["org"], r["unit"], r["q"], c, s)].append(r)
            by_key[(r["org"], r["unit"], c, s)].append(r)

    def fmt(v):
        return repr(float(v))

    out_rows = []
    for (org, unit, (y, q), c, s), g in groups.items():
        period = f"{y}-Q{q}"
        def emit(kpi, value, n, stat=True):
            if stat and n < min_n:
                value = ""
            out_rows.append((org, unit, period, c, s, kpi, value, n))
        emit("incidents", str(len(g)), len(g), stat=False)
        for k, stem, _, _ in INTERVALS:
            xs = [r["h"][k] for r in g if k in r["h"]]
            emit(f"{stem}_median_h", fmt(quantile(xs, 0.5)) if xs else "", len(xs))
            emit(f"{stem}_p90_h", fmt(quantile(xs, 0.9)) if xs else "", len(xs))
        for kpi, col in (("sla_met_share", "sla"), ("internal_detection_share", "int"),
                         ("lessons_learned_share", "ll")):
            xs = [r[col] for r in g if r[col] is not None]
            emit(kpi, fmt(sum(xs) / len(xs)) if xs else "", len(xs))
        if open_breakdown or (c, s) == ("", ""):
            end = quarter_end(y, q)
            upto = [r for r in by_key[(org, unit, c, s)] if r["det"] < end]
            still_open = [r for r in upto if r["res"] is None or r["res"] >= end]
            emit("open_at_period_end", str(len(still_open)), len(upto), stat=False)
        if c:
            tot = len(groups[(org, unit, (y, q), "", "")])
            emit("category_share", fmt(len(g) / tot), tot)
    out_rows.sort(key=lambda r: r[:6])
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(OUT_COLS)
        w.writerows(out_rows)


ENGINES = {"duckdb": run_duckdb, "polars": run_polars, "pandas": run_pandas,
           "reference": run_reference}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("engine", choices=sorted(ENGINES))
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--min-n", type=int, default=5)
    ap.add_argument("--open-breakdown", action="store_true",
                    help="also write open_at_period_end on category and severity rows")
    a = ap.parse_args()
    # import outside the timed part
    {"duckdb": lambda: __import__("duckdb"), "polars": lambda: __import__("polars"),
     "pandas": lambda: (__import__("pandas"), __import__("numpy")),
     "reference": lambda: None}[a.engine]()
    t0 = time.perf_counter()
    ENGINES[a.engine](os.path.abspath(a.input), os.path.abspath(a.out), a.min_n, a.open_breakdown)
    el = time.perf_counter() - t0
    print(f"{a.engine}: in-process {el:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
