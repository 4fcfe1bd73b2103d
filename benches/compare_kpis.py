#!/usr/bin/env python3
"""Compare two KPI CSVs in imcm's `org,unit,period,category,severity,kpi,value,n` layout.

    python3 benches/compare_kpis.py A.csv B.csv [--tol 1e-6] [--examples 5] [--strict]

Rows are matched on (org, unit, period, category, severity, kpi). On the rows
present in both files a row matches when n is equal and the values are both
empty, or both numbers with |a - b| <= tol * max(1, |a|, |b|) (absolute below
1, relative above). Value differences that are only rounding (one side printed
with fewer decimals, e.g. imcm's 4, and equal to the other side rounded to
that many) are counted apart. Prints counts, mismatches per kpi and a few
examples.
With --strict the exit status is 1 when anything differs (rows missing on
either side included).
"""

import argparse
import csv
import math
import signal
import sys
from collections import Counter

KEY = ("org", "unit", "period", "category", "severity", "kpi")


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rd = csv.DictReader(f)
        missing = [c for c in KEY + ("value", "n") if c not in (rd.fieldnames or [])]
        if missing:
            sys.exit(f"{path}: missing columns {missing} (has {rd.fieldnames})")
        out = {}
        dups = 0
        for row in rd:
            k = tuple((row[c] or "") for c in KEY)
            if k in out:
                dups += 1
            out[k] = ((row["value"] or "").strip(), (row["n"] or "").strip())
    return out, dups


def num(s):
    if s == "" or s.lower() in ("nan", "null", "none"):
        return None
    return float(s)


def same_value(a, b, tol):
    x, y = num(a), num(b)
    if x is None or y is None:
        return x is None and y is None
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return abs(x - y) <= tol * max(1.0, abs(x), abs(y))


def decimals(s):
    """Digits after the decimal point as printed (None for exponent notation)."""
    if "e" in s.lower():
        return None
    return len(s.split(".", 1)[1]) if "." in s else 0


def same_after_rounding(a, b):
    """True when the side printed with fewer decimals equals the other rounded to that many."""
    x, y = num(a), num(b)
    if x is None or y is None:
        return False
    da, db = decimals(a), decimals(b)
    if da is None or db is None or da == db:
        return False
    d = min(da, db)
    return abs(x - y) <= 0.5 * 10.0 ** -d + 1e-12 * max(1.0, abs(x), abs(y))


def same_n(a, b):
    try:
        return int(float(a)) == int(float(b))
    except ValueError:
        return a == b


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--tol", type=float, default=1e-6)
    ap.add_argument("--examples", type=int, default=5)
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--label-a", default=None)
    ap.add_argument("--label-b", default=None)
    o = ap.parse_args()
    la, lb = o.label_a or o.a, o.label_b or o.b
    A, da = load(o.a)
    B, db = load(o.b)
    both = A.keys() & B.keys()
    only_a, only_b = A.keys() - both, B.keys() - both
    bad_n, bad_v, rounding = Counter(), Counter(), Counter()
    examples = []
    mism = mism_real = 0
    for k in sorted(both):
        (va, na), (vb, nb) = A[k], B[k]
        n_ok = same_n(na, nb)
        v_ok = same_value(va, vb, o.tol)
        r_ok = not v_ok and same_after_rounding(va, vb)
        if not n_ok:
            bad_n[k[5]] += 1
        if not v_ok:
            bad_v[k[5]] += 1
        if r_ok:
            rounding[k[5]] += 1
        if not (n_ok and v_ok):
            mism += 1
        if not n_ok or not (v_ok or r_ok):
            mism_real += 1
            if len(examples) < o.examples:
                examples.append(f"    {','.join(k)}: value {va!r} vs {vb!r}, n {na} vs {nb}")
    print(f"{la}: {len(A)} rows; {lb}: {len(B)} rows; overlapping {len(both)}; "
          f"only in {la}: {len(only_a)}; only in {lb}: {len(only_b)}")
    print(f"match (n equal, value within {o.tol:g}): {len(both) - mism} of {len(both)}; "
          f"mismatching rows: {mism} (n differs: {sum(bad_n.values())}, value differs: {sum(bad_v.values())})")
    if rounding:
        print(f"  of the value differences, {sum(rounding.values())} are only the rounding of the side "
              f"printed with fewer decimals; counting those as equal: {len(both) - mism_real} "
              f"of {len(both)} match")
    if da or db:
        print(f"duplicate keys: {la} {da}, {lb} {db}")
    if bad_n or bad_v:
        for kpi in sorted(set(bad_n) | set(bad_v)):
            print(f"  {kpi}: n differs {bad_n[kpi]}, value differs {bad_v[kpi]}"
                  + (f" ({rounding[kpi]} of them rounding only)" if rounding[kpi] else ""))
        if examples:
            print("  examples (beyond rounding):")
            print("\n".join(examples))
    for name, keys in ((la, only_a), (lb, only_b)):
        if keys:
            c = Counter(k[5] for k in keys)
            print(f"  only in {name} by kpi: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
            for k in sorted(keys)[: o.examples]:
                print(f"    {','.join(k)}")
    if o.strict and (mism or only_a or only_b):  # rounding-only differences count here
        sys.exit(1)


if __name__ == "__main__":
    main()
