#!/usr/bin/env python3
"""Deterministic synthetic incident logs in imcm's canonical CSV layout.

    python3 benches/gen_incidents.py ROWS OUT.csv [--seed 42] [--jobs N]

Standard library only. The output depends on ROWS and --seed only (not on
--jobs): rows are made in fixed chunks of CHUNK rows, each from its own
random.Random seeded with "seed:chunk", and written in chunk order.

Columns (docs/incidents.md): id, org, unit, category, severity, occurred_at,
detected_at, reported_at, contained_at, resolved_at, detected_by,
lessons_learned.

What the data looks like
* 20 organisations (Zipf-like sizes) x 5 units each; about 2 % of rows have an
  empty unit (organisation-wide).
* detected_at in 2024-01-01 .. 2026-12-31 (12 quarters, 2024-Q1 .. 2026-Q4),
  with a rising trend (the last quarter has about twice the first's volume).
* categories and severities weighted; about 1 % written in other letter case
  ("Phishing", "HIGH"), which the doc says must match case-insensitively.
* log-normal durations: occurred -> detected (median 6 h), detected ->
  reported (median 1 h), detected -> contained (median 2/10/30/72 h for
  critical/high/medium/low), contained -> resolved (median 48 h).
* about 5 % of occurred_at and 3 % of reported_at empty; about 2 % of
  incidents open (contained_at and resolved_at empty) and 1.5 % contained but
  not resolved.
* timestamps YYYY-MM-DDTHH:MM:SS (naive, UTC) on about 95 % of rows and RFC
  3339 local time with +09:00 on about 5 % (the whole row).
* about 3.3 % bad rows, one problem each (see BAD_KINDS below): unparsable
  timestamps, out-of-order intervals, duplicate ids (a later, different row
  reusing an earlier row's id), missing org, unknown category, unknown
  severity, unknown detected_by, invalid lessons_learned.

Other scripts can import it and call configure() before write_csv() to use
their own organisations, units and date range (gen_batch.py does); with no
configure() call the output is the one described above.
"""

import argparse
import datetime as dt
import math
import os
import random
import statistics
import sys
import time

CHUNK = 100_000  # rows per chunk: fixed, so output does not depend on --jobs

ORGS = [
    "Kitsune Logistics", "Tanuki Foods", "Sakura Rail", "Fuji Precision",
    "Hoshi Bank", "Kaze Telecom", "Midori Pharma", "Umi Shipping",
    "Yama Construction", "Kumo Software", "Tsuru Insurance", "Hana Retail",
    "Kawa Energy", "Mori Paper", "Sora Airlines", "Taiyo Chemicals",
    "株式会社さくら物流", "青葉システム", "Nishi Hospital Group", "Higashi University",
]
UNITS = ["Head Office", "Osaka DC", "Tokyo Branch", "Factory", "Cloud Ops"]
UNITS_JA = ["本社", "大阪センター", "東京支店", "工場", "クラウド運用"]

CATEGORIES = [  # (name, weight)
    ("phishing", 25), ("malware", 18), ("vulnerability", 12), ("error", 10),
    ("misuse", 8), ("intrusion", 7), ("other", 7), ("dos", 5),
    ("data_leak", 5), ("physical", 3),
]
SEVERITIES = [("critical", 3), ("high", 15), ("medium", 42), ("low", 40)]
CONTAIN_MEDIAN_H = {"critical": 2.0, "high": 10.0, "medium": 30.0, "low": 72.0}
DETECTED_BY = [("internal", 55), ("external", 30), ("partner", 10), ("unknown", 4), ("", 1)]
LESSONS = [("true", 34), ("false", 38), ("", 15), ("yes", 4), ("no", 4),
           ("1", 2), ("0", 2), ("TRUE", 0.5), ("False", 0.5)]

# Bad-row kinds with their share of all rows; at most one per row.
BAD_KINDS = [
    ("unparsable_ts", 0.008),
    ("out_of_order", 0.008),
    ("duplicate_id", 0.005),
    ("missing_org", 0.003),
    ("unknown_category", 0.003),
    ("unknown_severity", 0.003),
    ("unknown_detected_by", 0.002),
    ("invalid_lessons", 0.001),
]
GARBAGE_TS = ["TBD", "unknown", "2025-13-01T10:00:00", "2025-02-30T08:15:00",
              "2024-06-01T25:61:00", "32/01/2025 10:00", "yesterday", "1700000000"]
UNKNOWN_CATEGORIES = ["ransomware", "spam", "social_engineering", "unclassified"]
UNKNOWN_SEVERITIES = ["sev1", "urgent", "informational", "p2"]
UNKNOWN_DETECTED_BY = ["soc", "customer", "auditor"]
INVALID_LESSONS = ["maybe", "pending", "n.a."]

EPOCH_DAY0 = dt.date(2023, 1, 1)          # day tables start here
START = int((dt.datetime(2024, 1, 1) - dt.datetime(2023, 1, 1)).total_seconds())
END = int((dt.datetime(2027, 1, 1) - dt.datetime(2023, 1, 1)).total_seconds())
SPAN = END - START
TZ_SHIFT = 9 * 3600


def _weighted_table(pairs, size):
    """Lookup table of `size` entries; entry i is the value whose cumulative weight covers (i+0.5)/size."""
    total = sum(w for _, w in pairs)
    out, acc, j = [], 0.0, 0
    bounds = []
    for v, w in pairs:
        acc += w / total
        bounds.append((acc, v))
    for i in range(size):
        x = (i + 0.5) / size
        while j < len(bounds) - 1 and x > bounds[j][0]:
            j += 1
        out.append(bounds[j][1])
    return out


def _lognormal_table(median_h, sigma, size=65536):
    """Seconds, log-normal with the given median (hours) and sigma, at the quantiles (i+0.5)/size."""
    nd = statistics.NormalDist()
    m = median_h * 3600.0
    return [max(1, int(m * math.exp(sigma * nd.inv_cdf((i + 0.5) / size)))) for i in range(size)]


_TABLES = None
_CONFIG = None  # set by configure(); None = the defaults above


def configure(org_units=None, start=None, end=None, orgunit_bits=13, orgwide_share=0.02):
    """Use other organisations, units or dates (call before write_csv / gen_chunk).

    org_units: [(org, org_weight, [(unit, unit_weight), ...]), ...]; None keeps
        ORGS x UNITS with the default weights. Each org also gets organisation-wide
        rows (empty unit) with `orgwide_share` of its weight.
    start, end: datetime.datetime (UTC): detected_at falls in [start, end), with
        the same rising trend; None keeps 2024-01-01 .. 2027-01-01.
    orgunit_bits: the (org, unit) lookup table has 2**orgunit_bits entries; raise
        it (16) when there are hundreds of units so the small ones still get rows.
    Calling configure() with no arguments restores the defaults exactly.
    """
    global _CONFIG, _TABLES
    _TABLES = None
    if org_units is None and start is None and end is None and orgunit_bits == 13 and orgwide_share == 0.02:
        _CONFIG = None
        return
    base = dt.datetime(2023, 1, 1)
    s = START if start is None else int((start - base).total_seconds())
    e = END if end is None else int((end - base).total_seconds())
    if not 0 <= s < e:
        raise ValueError("the date range must start on or after 2023-01-01 and not be empty")
    _CONFIG = {"org_units": org_units, "start": s, "end": e,
               "orgunit_bits": orgunit_bits, "orgwide_share": orgwide_share}


def _orgunit_weights():
    """[((org, unit), weight), ...] for the configured organisations and units."""
    if _CONFIG is None or _CONFIG["org_units"] is None:
        share = 0.02 if _CONFIG is None else _CONFIG["orgwide_share"]
        ou = []
        for k, org in enumerate(ORGS):
            units = UNITS_JA if org in ("株式会社さくら物流", "青葉システム") else UNITS
            w_org = 1.0 / (k + 1) ** 0.8
            for u, wu in zip(units, (40, 25, 15, 12, 8)):
                ou.append(((org, u), w_org * wu * (1 - share)))
            ou.append(((org, ""), w_org * 100 * share))
        return ou
    share = _CONFIG["orgwide_share"]
    ou = []
    for org, w_org, units in _CONFIG["org_units"]:
        total = sum(w for _, w in units)
        for u, wu in units:
            ou.append(((org, u), w_org * wu / total * (1 - share)))
        if share > 0:
            ou.append(((org, ""), w_org * share))
    return ou


def _tables():
    global _TABLES
    if _TABLES is not None:
        return _TABLES
    ndays = 6 * 366 if _CONFIG is None else max(6 * 366, _CONFIG["end"] // 86400 + 2 * 366)  # room for long tails
    days = [(EPOCH_DAY0 + dt.timedelta(days=i)).isoformat() for i in range(ndays)]
    tod = ["T%02d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60) for s in range(86400)]
    # (org, unit) with Zipf-like org sizes, units weighted 40/25/15/12/8, and 2 % empty unit
    # (or the configured ones).
    ou = _orgunit_weights()
    cfg = _CONFIG or {"start": START, "end": END, "orgunit_bits": 13}
    cats = []
    for c, w in CATEGORIES:
        cats += [(c, w * 0.99), (c.capitalize(), w * 0.01)]
    sevs = []
    for s, w in SEVERITIES:
        sevs += [(s, w * 0.99), (s.upper(), w * 0.01)]
    _TABLES = {
        "days": days,
        "tod": tod,
        "orgunit": _weighted_table(ou, 1 << cfg["orgunit_bits"]),
        "orgunit_bits": cfg["orgunit_bits"],
        "start": cfg["start"],
        "span": cfg["end"] - cfg["start"],
        "cat": _weighted_table(cats, 4096),
        "sev": _weighted_table(sevs, 4096),
        "detby": _weighted_table(DETECTED_BY, 1024),
        "lessons": _weighted_table(LESSONS, 1024),
        "ttd": _lognormal_table(6.0, 1.5),
        "ttr": _lognormal_table(1.0, 1.2),
        "ttc": {s: _lognormal_table(h, 1.0) for s, h in CONTAIN_MEDIAN_H.items()},
        "tres": _lognormal_table(48.0, 1.2),
    }
    return _TABLES


def gen_chunk(args):
    """Rows [first, first+count) as UTF-8 CSV bytes (no header)."""
    seed, chunk_idx, first, count = args
    T = _tables()
    days, tod = T["days"], T["tod"]
    orgunit, cats, sevs = T["orgunit"], T["cat"], T["sev"]
    detby_t, lessons_t = T["detby"], T["lessons"]
    ttd_t, ttr_t, ttc_t, tres_t = T["ttd"], T["ttr"], T["ttc"], T["tres"]
    start, span, ou_bits = T["start"], T["span"], T["orgunit_bits"]
    rng = random.Random(f"{seed}:{chunk_idx}")
    rnd, bits = rng.random, rng.getrandbits
    sqrt = math.sqrt

    # cumulative thresholds for the bad kinds
    acc, thr = 0.0, []
    for _, p in BAD_KINDS:
        acc += p
        thr.append(acc)
    t_unp, t_ooo, t_dup, t_morg, t_ucat, t_usev, t_udb, t_ill = thr

    recent = []  # ids of earlier rows of this chunk that have an org (duplicate targets)
    lines = []
    append = lines.append
    for i in range(first, first + count):
        rid = "INC-%08d" % i
        org, unit = orgunit[bits(ou_bits)]
        cat = cats[bits(12)]
        sevw = sevs[bits(12)]
        sev = sevw.lower()
        # detection time: density rising linearly over the date range (x 2 at the end)
        det = start + int(span * (sqrt(1.0 + 3.0 * rnd()) - 1.0))
        occ = det - ttd_t[bits(16)]
        rep = det + ttr_t[bits(16)]
        con = det + ttc_t[sev][bits(16)]
        res = con + tres_t[bits(16)]
        u = rnd()
        has_occ = u >= 0.05
        has_rep = rnd() >= 0.03
        u = rnd()
        has_con = u >= 0.02
        has_res = u >= 0.035
        detby = detby_t[bits(10)]
        lessons = lessons_t[bits(10)] if has_res else ""

        b = rnd()
        bad_col = None
        if b < t_ill:
            if b < t_unp:
                bad_col = bits(3)  # which timestamp gets garbage (0..4 = occ,det,rep,con,res; 5..7 -> det/con/res)
            elif b < t_ooo:
                k = bits(2)
                if k == 0:
                    occ = det + 600 + bits(14)           # occurred after detected
                    has_occ = True
                elif k == 1:
                    rep = det - 600 - bits(14)           # reported before detected
                    has_rep = True
                elif k == 2:
                    con = det - 600 - bits(14)           # contained before detected
                    has_con = True
                else:
                    res = det - 600 - bits(14)           # resolved before detected
                    has_res = True
                    if not lessons:
                        lessons = "true"
            elif b < t_dup:
                if recent:
                    rid = recent[bits(16) % len(recent)]
            elif b < t_morg:
                org = ""
            elif b < t_ucat:
                cat = UNKNOWN_CATEGORIES[bits(2)]
            elif b < t_usev:
                sevw = UNKNOWN_SEVERITIES[bits(2)]
            elif b < t_udb:
                detby = UNKNOWN_DETECTED_BY[bits(16) % 3]
            else:
                if has_res:
                    lessons = INVALID_LESSONS[bits(16) % 3]
        if org and b >= t_dup:  # clean-ish rows with an org can be duplicated later
            if len(recent) < 4096:
                recent.append(rid)
            else:
                recent[bits(12)] = rid

        if rnd() < 0.05:  # RFC 3339 with +09:00 for the whole row
            sh, sfx = TZ_SHIFT, "+09:00"
        else:
            sh, sfx = 0, ""
        s = det + sh
        det_s = days[s // 86400] + tod[s % 86400] + sfx
        if has_occ:
            s = occ + sh
            occ_s = days[s // 86400] + tod[s % 86400] + sfx
        else:
            occ_s = ""
        if has_rep:
            s = rep + sh
            rep_s = days[s // 86400] + tod[s % 86400] + sfx
        else:
            rep_s = ""
        if has_con:
            s = con + sh
            con_s = days[s // 86400] + tod[s % 86400] + sfx
        else:
            con_s = ""
        if has_res:
            s = res + sh
            res_s = days[s // 86400] + tod[s % 86400] + sfx
        else:
            res_s = ""
        if bad_col is not None:
            g = GARBAGE_TS[bits(3)]
            if bad_col == 0:
                occ_s = g
            elif bad_col in (1, 5):
                det_s = g
            elif bad_col == 2:
                rep_s = g
            elif bad_col in (3, 6):
                con_s = g
            else:
                res_s = g
        append(f"{rid},{org},{unit},{cat},{sevw},{occ_s},{det_s},{rep_s},{con_s},{res_s},{detby},{lessons}\n")
    return "".join(lines).encode("utf-8")


HEADER = ("id,org,unit,category,severity,occurred_at,detected_at,reported_at,"
          "contained_at,resolved_at,detected_by,lessons_learned\n")


def write_csv(rows, out, seed=42, jobs=1):
    """Write `rows` incidents (with the header) to `out` via `out.part`; returns seconds taken."""
    t0 = time.perf_counter()
    tasks = []
    for c, first in enumerate(range(0, rows, CHUNK)):
        tasks.append((seed, c, first + 1, min(CHUNK, rows - first)))
    _tables()  # build the lookup tables once, before the workers fork
    tmp = out + ".part"
    with open(tmp, "wb", buffering=1 << 22) as f:
        f.write(HEADER.encode())
        if jobs > 1 and len(tasks) > 1:
            import multiprocessing as mp
            with mp.get_context("fork").Pool(jobs) as pool:
                for text in pool.imap(gen_chunk, tasks):
                    f.write(text)
        else:
            for t in tasks:
                f.write(gen_chunk(t))
    os.replace(tmp, out)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes (output does not depend on it)")
    a = ap.parse_args()
    el = write_csv(a.rows, a.out, a.seed, a.jobs)
    size = os.path.getsize(a.out)
    print(f"gen_incidents: {a.rows} rows, {size / 1e6:.1f} MB, seed {a.seed}, "
          f"{a.jobs} job(s), {el:.1f} s ({a.rows / el / 1e3:.0f} k rows/s) -> {a.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
