#!/usr/bin/env python3
"""Reference implementation of the incident-log data-quality gate and KPIs.

Standard library only (Python 3.11). Reads a canonical incident log (CSV with
the columns of docs/incidents.md) and the assessment answers, and prints for
every (org, unit, period):

  * the KPIs of docs/incidents.md at the (org, unit, period) level, each with
    its n, plus category_share for every category present;
  * the data-quality problems of the rows placed in that group;
  * the verdict of every evidence rule (pass / fail / insufficient) and, from
    the answer in answers.csv, whether the answer is corroborated or
    contradicted.

It is meant to cross-check the Rust implementation of `imcm kpi`, so it
follows docs/incidents.md literally:

  * Timestamps: RFC 3339 (`2026-03-01T09:30:00+09:00`, `...Z`) with the offset
    as given; local forms `YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS]`,
    `YYYY/MM/DD HH:MM[:SS]` read as UTC (no mapping file). Empty = not known.
  * period = quarter of detected_at in UTC.
  * Gate, in file order: a row whose id was already seen is `duplicate_id`
    and is left out of everything (the first occurrence is kept; nothing else
    is checked on it). Every other row has all of its problems counted:
    `missing_org` (left out of every KPI); `unparsable_<column>` (that
    timestamp is treated as unknown); `missing_period` when detected_at is
    empty or unparsable (left out of every KPI); the four ordering problems
    (left out of that interval only, and `contained_before_detected` also out
    of sla_met_share); `unknown_category`, `unknown_severity`,
    `unknown_detected_by`, `invalid_lessons_learned`.
  * An ordering problem only removes the interval: an incident whose
    resolved_at lies before its detected_at still counts as resolved for
    lessons_learned_share and open_at_period_end.
  * Statistics and shares resting on fewer than --min-n (default 5)
    incidents are empty. A rule is insufficient when its KPI value is empty
    or its n < 10.

Interpretations where docs/incidents.md is silent (none of them occur in the
example incidents.csv except the first):
  * an unparsable detected_at is counted both as `unparsable_detected_at` and
    as `missing_period`;
  * an empty category / severity counts as unknown_category /
    unknown_severity; an empty detected_by is "not known" (no problem, left
    out of internal_detection_share's n);
  * an unparsable resolved_at makes the incident count as not resolved.

    python3 examples/data/check_incidents.py                 # human-readable report
    python3 examples/data/check_incidents.py --csv           # KPI rows as `imcm kpi --format csv`
    python3 examples/data/check_incidents.py --incidents X.csv --answers Y.csv --min-n 5
"""

import argparse
import csv
import math
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
UTC = timezone.utc

# imcm-v0.1 [incidents] settings.
CATEGORIES = ["malware", "phishing", "intrusion", "dos", "data_leak", "misuse",
              "error", "physical", "vulnerability", "other"]
SEVERITIES = ["critical", "high", "medium", "low"]
SLA_HOURS = {"critical": 4, "high": 24, "medium": 72, "low": 168}
DETECTED_BY = {"internal", "external", "partner", "unknown"}
LESSONS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
TS_COLUMNS = ["occurred_at", "detected_at", "reported_at", "contained_at", "resolved_at"]
COLUMNS = ["id", "org", "unit", "category", "severity"] + TS_COLUMNS + ["detected_by", "lessons_learned"]

# Evidence rules of imcm-v0.1 (copied from the rule list): metric, kpi, category, op, threshold.
RULES = [
    ("1.2.1", "category_share", "malware", "<=", 0.25),
    ("1.5.2", "category_share", "vulnerability", "<=", 0.15),
    ("2.1.1", "time_to_detect_median_h", None, "<=", 24),
    ("2.1.3", "internal_detection_share", None, ">=", 0.6),
    ("2.2.2", "time_to_detect_p90_h", None, "<=", 72),
    ("3.1.1", "time_to_report_median_h", None, "<=", 4),
    ("3.1.2", "time_to_report_p90_h", None, "<=", 24),
    ("3.2.2", "sla_met_share", None, ">=", 0.8),
    ("3.2.4", "time_to_resolve_p90_h", None, "<=", 720),
    ("3.2.5", "time_to_contain_p90_h", None, "<=", 72),
    ("4.2.2", "time_to_resolve_median_h", None, "<=", 168),
    ("4.2.3", "lessons_learned_share", None, ">=", 0.7),
]
RULE_MIN_N = 10

# Answer statuses of imcm-v0.1 with their aliases (matched case-insensitively).
STATUS_ALIASES = {
    "yes": ["y", "true", "1", "done", "はい", "実施", "実施済み", "○"],
    "partial": ["p", "partly", "partially", "一部", "一部実施", "部分的", "△"],
    "no": ["n", "false", "0", "いいえ", "未実施", "×"],
    "not_applicable": ["n/a", "na", "not applicable", "該当なし", "対象外", "－"],
    "not_observed": ["not observed", "unknown", "?", "未確認", "不明"],
}
STATUS_OF = {}
for _key, _aliases in STATUS_ALIASES.items():
    for _a in [_key] + _aliases:
        STATUS_OF[_a.lower()] = _key

# ---------------------------------------------------------------------------
# Timestamps

RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
LOCAL_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                 "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M"]
LOCAL_RE = re.compile(r"^\d{4}[-/]\d{2}[-/]\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")


def parse_ts(text):
    """Return (datetime in UTC or None, ok). Empty -> (None, True)."""
    s = text.strip()
    if not s:
        return None, True
    m = RFC3339.match(s)
    if m:
        y, mo, d, h, mi, sec, frac, off = m.groups()
        try:
            micro = int((frac[1:] + "000000")[:6]) if frac else 0
            if off in ("Z", "z"):
                tz = UTC
            else:
                sign = 1 if off[0] == "+" else -1
                oh, om = int(off[1:3]), int(off[4:6])
                if oh > 23 or om > 59:
                    return None, False
                tz = timezone(sign * timedelta(hours=oh, minutes=om))
            return datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec), micro, tz).astimezone(UTC), True
        except ValueError:
            return None, False
    if LOCAL_RE.match(s):  # two-digit fields only, as written in the docs
        for fmt in LOCAL_FORMATS:
            try:
                return datetime.strptime(s, fmt).replace(tzinfo=UTC), True
            except ValueError:
                pass
    return None, False


def quarter(ts):
    return f"{ts.year}-Q{(ts.month - 1) // 3 + 1}"


def quarter_end(period):
    """Exclusive end of a quarter (start of the next one), UTC."""
    y, q = int(period[:4]), int(period[-1])
    return datetime(y + 1, 1, 1, tzinfo=UTC) if q == 4 else datetime(y, 3 * q + 1, 1, tzinfo=UTC)


# ---------------------------------------------------------------------------
# Gate


class Row:
    pass


def gate(path):
    """Return (placed rows, problem counts, up to five example ids per reason, rows read)."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip().lower() for h in next(reader)]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            sys.exit(f"{path}: missing columns {missing}")
        idx = {c: header.index(c) for c in COLUMNS}
        raw = [[r[idx[c]] if idx[c] < len(r) else "" for c in COLUMNS] for r in reader if r]

    problems = Counter()
    examples = defaultdict(list)
    seen = set()
    placed = []

    def flag(row_id, reason, reasons):
        problems[reason] += 1
        if len(examples[reason]) < 5:
            examples[reason].append(row_id)
        reasons.append(reason)

    for cells in raw:
        v = dict(zip(COLUMNS, cells))
        r = Row()
        r.id = v["id"].strip()
        r.reasons = []
        if r.id in seen:
            flag(r.id, "duplicate_id", r.reasons)
            continue
        seen.add(r.id)
        r.org = v["org"].strip()
        r.unit = v["unit"].strip()
        if not r.org:
            flag(r.id, "missing_org", r.reasons)
        ts = {}
        for c in TS_COLUMNS:
            t, ok = parse_ts(v[c])
            if not ok:
                flag(r.id, f"unparsable_{c}", r.reasons)
            ts[c] = t
        r.ts = ts
        det = ts["detected_at"]
        if det is None:
            flag(r.id, "missing_period", r.reasons)
        # intervals (hours), None when unusable
        r.ttd = r.ttr = r.ttc = r.tts = None
        if det is not None:
            occ, rep, con, res = ts["occurred_at"], ts["reported_at"], ts["contained_at"], ts["resolved_at"]
            if occ is not None:
                if occ > det:
                    flag(r.id, "occurred_after_detected", r.reasons)
                else:
                    r.ttd = (det - occ).total_seconds() / 3600
            if rep is not None:
                if rep < det:
                    flag(r.id, "reported_before_detected", r.reasons)
                else:
                    r.ttr = (rep - det).total_seconds() / 3600
            if con is not None:
                if con < det:
                    flag(r.id, "contained_before_detected", r.reasons)
                else:
                    r.ttc = (con - det).total_seconds() / 3600
            if res is not None:
                if res < det:
                    flag(r.id, "resolved_before_detected", r.reasons)
                else:
                    r.tts = (res - det).total_seconds() / 3600
        cat = v["category"].strip().lower()
        r.category = cat if cat in CATEGORIES else None
        if r.category is None:
            flag(r.id, "unknown_category", r.reasons)
        sev = v["severity"].strip().lower()
        r.severity = sev if sev in SEVERITIES else None
        if r.severity is None:
            flag(r.id, "unknown_severity", r.reasons)
        by = v["detected_by"].strip().lower()
        r.detected_by = by if by in DETECTED_BY else None
        if by and by not in DETECTED_BY:
            flag(r.id, "unknown_detected_by", r.reasons)
        ll = v["lessons_learned"].strip().lower()
        r.lessons = LESSONS.get(ll)
        if ll and ll not in LESSONS:
            flag(r.id, "invalid_lessons_learned", r.reasons)
        r.resolved = ts["resolved_at"] is not None
        if not r.org or det is None:
            continue  # left out of every KPI
        r.period = quarter(det)
        placed.append(r)
    return placed, problems, examples, len(raw)


# ---------------------------------------------------------------------------
# KPIs


def percentile(values, q):
    x = sorted(values)
    p = q * (len(x) - 1)
    lo = math.floor(p)
    if lo + 1 >= len(x):
        return x[lo]
    return x[lo] + (p - lo) * (x[lo + 1] - x[lo])


def kpis(rows, all_rows_of_unit, period, min_n):
    """Return {kpi name: (value or None, n)} plus {("category_share", cat): (value, n)}."""
    out = {}
    n = len(rows)
    out["incidents"] = (n, n)

    def stat(name, values):
        k = len(values)
        out[name + "_median_h"] = (percentile(values, 0.5) if k >= min_n else None, k)
        out[name + "_p90_h"] = (percentile(values, 0.9) if k >= min_n else None, k)

    stat("time_to_detect", [r.ttd for r in rows if r.ttd is not None])
    stat("time_to_report", [r.ttr for r in rows if r.ttr is not None])
    stat("time_to_contain", [r.ttc for r in rows if r.ttc is not None])
    stat("time_to_resolve", [r.tts for r in rows if r.tts is not None])

    def share(name, flags):
        k = len(flags)
        out[name] = (sum(flags) / k if k >= min_n else None, k)

    share("sla_met_share", [r.ttc <= SLA_HOURS[r.severity] for r in rows
                            if r.severity is not None and r.ttc is not None])
    share("internal_detection_share", [r.detected_by == "internal" for r in rows
                                       if r.detected_by in ("internal", "external", "partner")])
    share("lessons_learned_share", [r.lessons for r in rows if r.resolved and r.lessons is not None])

    end = quarter_end(period)
    upto = [r for r in all_rows_of_unit if r.ts["detected_at"] < end]
    still_open = [r for r in upto if r.ts["resolved_at"] is None or r.ts["resolved_at"] >= end]
    out["open_at_period_end"] = (len(still_open), len(upto))

    cats = Counter(r.category for r in rows if r.category is not None)
    for c in CATEGORIES:
        if cats[c]:
            out[("category_share", c)] = (cats[c] / n if n >= min_n else None, n)
    return out


KPI_ORDER = ["incidents",
             "time_to_detect_median_h", "time_to_detect_p90_h",
             "time_to_report_median_h", "time_to_report_p90_h",
             "time_to_contain_median_h", "time_to_contain_p90_h",
             "time_to_resolve_median_h", "time_to_resolve_p90_h",
             "sla_met_share", "internal_detection_share", "lessons_learned_share",
             "open_at_period_end"]


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, int):
        return str(v)
    return f"{v:.6f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------------------
# Answers and rules


def load_answers(path):
    ans = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            status = STATUS_OF.get(r["status"].strip().lower(), r["status"].strip())
            ans[(r["org"].strip(), r["unit"].strip(), r["period"].strip(), r["metric"].strip())] = status
    return ans


def evaluate(rule, table):
    metric, kpi, cat, op, thr = rule
    key = (kpi, cat) if cat else kpi
    if key not in table:
        return None, 0, "insufficient"
    value, n = table[key]
    if value is None or n < RULE_MIN_N:
        return value, n, "insufficient"
    ok = value <= thr if op == "<=" else value >= thr
    return value, n, "pass" if ok else "fail"


def evidence_of(verdict, status):
    if status not in ("yes", "partial") or verdict == "insufficient":
        return ""
    return "corroborated" if verdict == "pass" else "contradicted"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--incidents", default=str(HERE / "incidents.csv"))
    ap.add_argument("--answers", default=str(HERE / "answers.csv"))
    ap.add_argument("--min-n", type=int, default=5)
    ap.add_argument("--csv", action="store_true", help="write the KPI rows as `imcm kpi --format csv` (top level + category_share)")
    args = ap.parse_args()

    placed, problems, examples, total = gate(args.incidents)
    answers = load_answers(args.answers) if Path(args.answers).exists() else {}

    groups = defaultdict(list)
    by_unit = defaultdict(list)
    for r in placed:
        groups[(r.org, r.unit, r.period)].append(r)
        by_unit[(r.org, r.unit)].append(r)
    tables = {g: kpis(rows, by_unit[g[:2]], g[2], args.min_n) for g, rows in sorted(groups.items())}

    if args.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["org", "unit", "period", "category", "severity", "kpi", "value", "n"])
        for (org, unit, period), t in tables.items():
            for k in KPI_ORDER:
                v, n = t[k]
                w.writerow([org, unit, period, "", "", k, fmt(v), n])
            for c in CATEGORIES:
                if ("category_share", c) in t:
                    v, n = t[("category_share", c)]
                    w.writerow([org, unit, period, c, "", "category_share", fmt(v), n])
        return

    print(f"incidents file: {args.incidents}")
    print(f"rows read: {total}; placed in a (org, unit, period): {len(placed)}; "
          f"placed rows with some problem: {sum(1 for r in placed if r.reasons)}; "
          f"left out of every KPI: {total - len(placed)}")
    print("\ndata quality (all rows)")
    print(f"  {'reason':<28} {'rows':>5}  examples")
    for reason in sorted(problems):
        print(f"  {reason:<28} {problems[reason]:>5}  {', '.join(examples[reason])}")

    summary = []
    for g, t in tables.items():
        org, unit, period = g
        print(f"\n=== {org} / {unit or '(organisation-wide)'} / {period} ===")
        print(f"  {'kpi':<36} {'value':>12} {'n':>6}")
        for k in KPI_ORDER:
            v, n = t[k]
            print(f"  {k:<36} {fmt(v) if v is not None else '—':>12} {n:>6}")
        for c in CATEGORIES:
            if ("category_share", c) in t:
                v, n = t[("category_share", c)]
                print(f"  {'category_share[' + c + ']':<36} {fmt(v) if v is not None else '—':>12} {n:>6}")
        dq = Counter(reason for r in groups[g] for reason in r.reasons)
        print("  data quality of the rows placed here: " +
              (", ".join(f"{k} {dq[k]}" for k in sorted(dq)) if dq else "none"))
        print(f"  {'metric':<7} {'rule':<46} {'value':>10} {'n':>5}  {'verdict':<12} {'answer':<15} evidence")
        for rule in RULES:
            metric, kpi, cat, op, thr = rule
            value, n, verdict = evaluate(rule, t)
            status = answers.get((org, unit, period, metric), "(no answer)")
            ev = evidence_of(verdict, status)
            label = f"{kpi}{'[category=' + cat + ']' if cat else ''} {op} {thr:g}"
            vtxt = f"{value:.3f}" if value is not None else "—"
            print(f"  {metric:<7} {label:<46} {vtxt:>10} {n:>5}  {verdict:<12} {status:<15} {ev}")
            summary.append((unit, period, metric, verdict, status, ev))

    print("\nsummary: corroborated / contradicted / insufficient answers (yes or partial) per unit and period")
    for g in tables:
        org, unit, period = g
        rows = [s for s in summary if s[0] == unit and s[1] == period]
        cor = [s[2] for s in rows if s[5] == "corroborated"]
        con = [s[2] for s in rows if s[5] == "contradicted"]
        ins = [s[2] for s in rows if s[3] == "insufficient"]
        print(f"  {unit:<12} {period}  corroborated: {' '.join(cor) or '-'}")
        print(f"  {'':<12} {'':<7}  contradicted: {' '.join(con) or '-'}")
        if ins:
            print(f"  {'':<12} {'':<7}  insufficient: {' '.join(ins)}")


if __name__ == "__main__":
    main()
