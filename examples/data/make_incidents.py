#!/usr/bin/env python3
# ---------------------------------------------------------------------------
# Bad rows on purpose (48 corrupted rows + 6 extra duplicate rows, 54 of 2001).
# Reason names are those of docs/incidents.md; BAD and DUPLICATES below are
# the source of truth, this list mirrors them.
#
# missing_org (org empty; out of every KPI)
#   INC-HO-2025-0118, INC-HO-2026-0233, INC-HO-2026-0815, INC-OS-2026-0057,
#   INC-OS-2026-0301
# missing_period (no usable detected_at, so the row cannot be placed)
#   INC-HO-2025-0264, INC-HO-2026-0540, INC-HO-2026-1102, INC-OS-2026-0188
#       detected_at empty
#   INC-OS-2026-0362  detected_at "yesterday" (also unparsable_detected_at)
# duplicate_id (a second row with the same id and other content; the first
#               row in file order is kept, the second is out of everything)
#   INC-HO-2025-0071  right after the original, resolved_at a day later
#   INC-OS-2025-0045  at the end of the file, resolved_at later, lessons "yes"
#   INC-HO-2026-0094  at the end, severity low -> high
#   INC-HO-2026-0688  at the end, category phishing -> intrusion
#   INC-OS-2026-0270  at the end, category Error -> Misuse
#   INC-HO-2026-0977  at the end, severity and detected_by changed
# unparsable_<column> (the timestamp is unknown; out of the intervals using it)
#   INC-HO-2026-0150  occurred_at  "2026-13-45 25:00"
#   INC-HO-2026-0902  occurred_at  "先週" ("last week")
#   INC-OS-2026-0133  occurred_at  "2026-04-31 10:00" (no 31 April)
#   INC-HO-2025-0190  reported_at  "yesterday"
#   INC-HO-2026-0421  reported_at  "2026-04-31T09:00:00+09:00"
#   INC-OS-2026-0215  reported_at  "12/06/2026 14:00" (DD/MM/YYYY, not a known form)
#   INC-HO-2026-0612  contained_at "TBD"
#   INC-HO-2026-1040  contained_at "2026-09-31 18:00"
#   INC-OS-2025-0081  contained_at "2025-12-10 25:10"
#   INC-OS-2026-0362  detected_at  "yesterday" (see missing_period)
# occurred_after_detected (out of time_to_detect)
#   INC-HO-2025-0033 (+2 h), INC-HO-2026-0350 (+26 h),
#   INC-HO-2026-0760 (+9 h, a UTC/JST mix-up), INC-OS-2026-0099 (+3 h)
# reported_before_detected (out of time_to_report)
#   INC-HO-2025-0299 (-40 min), INC-HO-2026-0477 (-2 h),
#   INC-HO-2026-1120 (-15 min), INC-OS-2026-0322 (-24 h)
# contained_before_detected (out of time_to_contain and sla_met_share)
#   INC-HO-2026-0012 (-3 h), INC-HO-2026-0705 (-30 min),
#   INC-OS-2025-0022 (-24 h), INC-OS-2026-0150 (-5 h)
# resolved_before_detected (out of time_to_resolve; lessons_learned left empty)
#   INC-HO-2026-0199, INC-HO-2026-0866 (year typed as 2025),
#   INC-OS-2026-0233 (a month before detection)
# unknown_category
#   INC-HO-2025-0150 "ransomware", INC-HO-2026-0301 "Spam",
#   INC-HO-2026-0944 "social_engineering", INC-OS-2026-0011 "ddos"
# unknown_severity (out of the severity breakdown and sla_met_share)
#   INC-HO-2025-0222 "sev1", INC-HO-2026-0512 "P2", INC-HO-2026-1011 "urgent",
#   INC-OS-2026-0277 "中"
# unknown_detected_by (out of internal_detection_share)
#   INC-HO-2026-0088 "robot", INC-HO-2026-0633 "SOC", INC-OS-2026-0380 "customer"
# invalid_lessons_learned (resolved incidents; out of lessons_learned_share)
#   INC-HO-2025-0311 "maybe", INC-HO-2026-0455 "pending", INC-OS-2026-0199 "済"
#
# Not bad, but worth knowing: Osaka DC rows written in local time are
# capitalised ("Phishing", "Medium", "Internal", "Yes") and Head Office local
# rows say TRUE/FALSE (values match case-insensitively); INC-HO-2026-0001 and
# INC-HO-2026-0361 were detected early on the first day of a quarter in JST,
# so their UTC quarter is the previous one; INC-HO-2026-0360 is written in
# local time as 2026-04-01 00:03:30, which is 2026-Q2 when read as UTC but
# 2026-Q1 with timezone = "Asia/Tokyo".
# ---------------------------------------------------------------------------
"""Generate examples/data/incidents.csv for the fictional Kitsune Logistics.

Deterministic (fixed seed, one random stream per unit and quarter), standard
library only. Writes the canonical incident-log columns of docs/incidents.md
as UTF-8 CSV with LF line endings and RFC 4180 quoting:

    python3 examples/data/make_incidents.py
    python3 examples/data/check_incidents.py     # KPIs, data quality, rule verdicts

About 2,000 incidents detected between 2025-10-01 and 2026-09-30 (JST):
Head Office about 330-420 a quarter, Osaka DC about 100-150. The table P
below sets, per unit and quarter, the category mix (exact up to rounding)
and the lognormal time distributions that shape the KPIs: Head Office gets
faster quarter by quarter, Osaka DC stays slower and detects mostly through
outsiders. Timestamps are RFC 3339 with +09:00, a few with Z, and about 10 %
in the local form YYYY-MM-DD HH:MM:SS (JST wall-clock time; imcm reads it as
UTC unless a mapping file sets timezone = "Asia/Tokyo"). The log was exported
on 2026-10-02 09:00 JST, so recent incidents are often still open.
"""

import csv
import io
import math
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20251001
ORG = "Kitsune Logistics"
HO, OS = "Head Office", "Osaka DC"
UNIT_CODE = {HO: "HO", OS: "OS"}
UTC = timezone.utc
JST = timezone(timedelta(hours=9))
TS_COLUMNS = ["occurred_at", "detected_at", "reported_at", "contained_at", "resolved_at"]
COLUMNS = ["id", "org", "unit", "category", "severity", "occurred_at", "detected_at",
           "reported_at", "contained_at", "resolved_at", "detected_by", "lessons_learned"]

# Quarters as UTC windows (imcm places an incident in the UTC quarter of
# detected_at). The last one ends at 2026-10-01 00:00 JST.
QUARTERS = {
    "2025-Q4": (datetime(2025, 10, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)),
    "2026-Q1": (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)),
    "2026-Q2": (datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)),
    "2026-Q3": (datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 9, 30, 15, tzinfo=UTC)),
}
# The log was exported on 2026-10-02 09:00 JST: nothing is contained or
# resolved after that.
EXPORTED = datetime(2026, 10, 2, 0, tzinfo=UTC)

CATEGORIES = ["phishing", "malware", "vulnerability", "error", "misuse", "intrusion",
              "data_leak", "dos", "other", "physical"]
SLA_HOURS = {"critical": 4, "high": 24, "medium": 72, "low": 168}
# Median containment time per severity, in hours, before the quarter's factor.
CONTAIN_BASE = {"critical": 1.5, "high": 6.0, "medium": 14.0, "low": 20.0}
SEVERITY_WEIGHTS = {
    HO: {"critical": 0.02, "high": 0.13, "medium": 0.45, "low": 0.40},
    OS: {"critical": 0.02, "high": 0.15, "medium": 0.48, "low": 0.35},
}

# Per (unit, quarter). Times in hours; (median, sigma) of a lognormal.
#   n          incidents
#   cats       category weights (counts are exact up to rounding)
#   internal   share detected internally; the rest is external/partner/unknown 60/30/10
#   office     share of detections during JST office hours (weekdays 8-20)
#   ttd        occurred -> detected
#   ttr        detected -> reported, plus `late`: share reported 18-96 h later
#   ttc        factor on CONTAIN_BASE and sigma
#   res        contained -> resolved
#   stale      share of tickets nobody closes
#   ll_rec     share of resolved tickets with lessons_learned recorded
#   ll_true    share of those with a lessons-learned review (+0.25 for critical/high)
#   naive      share of rows written as local time without offset
P = {
    (HO, "2025-Q4"): dict(n=330, cats=dict(phishing=30, malware=20, vulnerability=11, error=11, misuse=8, intrusion=6, data_leak=5, dos=3, other=5, physical=1),
                          internal=0.68, office=0.75, ttd=(26, 1.35), ttr=(2.5, 1.2), late=0.13,
                          ttc=(2.6, 1.3), res=(70, 1.1), stale=0.02, ll_rec=0.85, ll_true=0.42, naive=0.09),
    (HO, "2026-Q1"): dict(n=360, cats=dict(phishing=32, malware=19, vulnerability=10, error=11, misuse=8, intrusion=6, data_leak=5, dos=3, other=5, physical=1),
                          internal=0.72, office=0.6, ttd=(17, 1.3), ttr=(1.6, 1.2), late=0.06,
                          ttc=(2.8, 1.3), res=(60, 1.1), stale=0.015, ll_rec=0.88, ll_true=0.50, naive=0.09),
    (HO, "2026-Q2"): dict(n=390, cats=dict(phishing=33, malware=18, vulnerability=9, error=11, misuse=8, intrusion=6, data_leak=5, dos=3, other=6, physical=1),
                          internal=0.76, office=0.5, ttd=(9, 1.2), ttr=(1.2, 1.1), late=0.04,
                          ttc=(1.2, 0.95), res=(55, 1.05), stale=0.01, ll_rec=0.9, ll_true=0.56, naive=0.09),
    (HO, "2026-Q3"): dict(n=420, cats=dict(phishing=30, malware=17, vulnerability=20, error=10, misuse=7, intrusion=5, data_leak=4, dos=2, other=4, physical=1),
                          internal=0.80, office=0.45, ttd=(6, 1.2), ttr=(1.0, 1.1), late=0.03,
                          ttc=(1.0, 0.95), res=(50, 1.05), stale=0.01, ll_rec=0.9, ll_true=0.55, naive=0.09),
    (OS, "2025-Q4"): dict(n=100, cats=dict(phishing=22, malware=28, vulnerability=20, error=12, misuse=6, intrusion=3, data_leak=2, dos=1, other=4, physical=2),
                          internal=0.30, office=0.85, ttd=(60, 1.3), ttr=(4, 1.3), late=0.25,
                          ttc=(5.0, 1.1), res=(210, 1.0), stale=0.06, ll_rec=0.09, ll_true=0.3, naive=0.17),
    (OS, "2026-Q1"): dict(n=115, cats=dict(phishing=26, malware=22, vulnerability=18, error=12, misuse=7, intrusion=4, data_leak=3, dos=1, other=5, physical=2),
                          internal=0.36, office=0.85, ttd=(45, 1.3), ttr=(1.6, 1.2), late=0.22,
                          ttc=(4.2, 1.1), res=(175, 1.0), stale=0.05, ll_rec=0.45, ll_true=0.25, naive=0.17),
    (OS, "2026-Q2"): dict(n=130, cats=dict(phishing=30, malware=20, vulnerability=13, error=12, misuse=8, intrusion=4, data_leak=3, dos=1, other=7, physical=2),
                          internal=0.42, office=0.8, ttd=(36, 1.25), ttr=(2.5, 1.2), late=0.2,
                          ttc=(3.6, 1.05), res=(130, 1.0), stale=0.04, ll_rec=0.6, ll_true=0.35, naive=0.17),
    (OS, "2026-Q3"): dict(n=150, cats=dict(phishing=32, malware=18, vulnerability=11, error=12, misuse=8, intrusion=4, data_leak=3, dos=1, other=8, physical=3),
                          internal=0.46, office=0.8, ttd=(30, 1.2), ttr=(2.0, 1.2), late=0.18,
                          ttc=(3.4, 1.05), res=(75, 1.0), stale=0.03, ll_rec=0.7, ll_true=0.45, naive=0.17),
}

# Bad rows (see the docstring). id -> (reason, column, value). A string is
# written as is; a timedelta is added to detected_at and written in the row's
# timestamp form.
H = lambda h: timedelta(hours=h)  # noqa: E731
BAD = {
    # missing_org
    "INC-HO-2025-0118": ("missing_org", "org", ""),
    "INC-HO-2026-0233": ("missing_org", "org", ""),
    "INC-HO-2026-0815": ("missing_org", "org", ""),
    "INC-OS-2026-0057": ("missing_org", "org", ""),
    "INC-OS-2026-0301": ("missing_org", "org", ""),
    # missing_period: no detected_at at all (the last one also unparsable_detected_at)
    "INC-HO-2025-0264": ("missing_period", "detected_at", ""),
    "INC-HO-2026-0540": ("missing_period", "detected_at", ""),
    "INC-HO-2026-1102": ("missing_period", "detected_at", ""),
    "INC-OS-2026-0188": ("missing_period", "detected_at", ""),
    "INC-OS-2026-0362": ("missing_period", "detected_at", "yesterday"),
    # unparsable timestamps
    "INC-HO-2026-0150": ("unparsable_occurred_at", "occurred_at", "2026-13-45 25:00"),
    "INC-HO-2026-0902": ("unparsable_occurred_at", "occurred_at", "先週"),
    "INC-OS-2026-0133": ("unparsable_occurred_at", "occurred_at", "2026-04-31 10:00"),
    "INC-HO-2025-0190": ("unparsable_reported_at", "reported_at", "yesterday"),
    "INC-HO-2026-0421": ("unparsable_reported_at", "reported_at", "2026-04-31T09:00:00+09:00"),
    "INC-OS-2026-0215": ("unparsable_reported_at", "reported_at", "12/06/2026 14:00"),
    "INC-HO-2026-0612": ("unparsable_contained_at", "contained_at", "TBD"),
    "INC-HO-2026-1040": ("unparsable_contained_at", "contained_at", "2026-09-31 18:00"),
    "INC-OS-2025-0081": ("unparsable_contained_at", "contained_at", "2025-12-10 25:10"),
    # ordering problems
    "INC-HO-2025-0033": ("occurred_after_detected", "occurred_at", H(2)),
    "INC-HO-2026-0350": ("occurred_after_detected", "occurred_at", H(26)),
    "INC-HO-2026-0760": ("occurred_after_detected", "occurred_at", H(9)),
    "INC-OS-2026-0099": ("occurred_after_detected", "occurred_at", H(3)),
    "INC-HO-2025-0299": ("reported_before_detected", "reported_at", H(-0.67)),
    "INC-HO-2026-0477": ("reported_before_detected", "reported_at", H(-2)),
    "INC-HO-2026-1120": ("reported_before_detected", "reported_at", H(-0.25)),
    "INC-OS-2026-0322": ("reported_before_detected", "reported_at", H(-24)),
    "INC-HO-2026-0012": ("contained_before_detected", "contained_at", H(-3)),
    "INC-HO-2026-0705": ("contained_before_detected", "contained_at", H(-0.5)),
    "INC-OS-2025-0022": ("contained_before_detected", "contained_at", H(-24)),
    "INC-OS-2026-0150": ("contained_before_detected", "contained_at", H(-5)),
    "INC-HO-2026-0199": ("resolved_before_detected", "resolved_at", H(-365 * 24 + 50)),
    "INC-HO-2026-0866": ("resolved_before_detected", "resolved_at", H(-365 * 24 + 120)),
    "INC-OS-2026-0233": ("resolved_before_detected", "resolved_at", H(-30 * 24)),
    # values outside the questionnaire's lists
    "INC-HO-2025-0150": ("unknown_category", "category", "ransomware"),
    "INC-HO-2026-0301": ("unknown_category", "category", "Spam"),
    "INC-HO-2026-0944": ("unknown_category", "category", "social_engineering"),
    "INC-OS-2026-0011": ("unknown_category", "category", "ddos"),
    "INC-HO-2025-0222": ("unknown_severity", "severity", "sev1"),
    "INC-HO-2026-0512": ("unknown_severity", "severity", "P2"),
    "INC-HO-2026-1011": ("unknown_severity", "severity", "urgent"),
    "INC-OS-2026-0277": ("unknown_severity", "severity", "中"),
    "INC-HO-2026-0088": ("unknown_detected_by", "detected_by", "robot"),
    "INC-HO-2026-0633": ("unknown_detected_by", "detected_by", "SOC"),
    "INC-OS-2026-0380": ("unknown_detected_by", "detected_by", "customer"),
    "INC-HO-2025-0311": ("invalid_lessons_learned", "lessons_learned", "maybe"),
    "INC-HO-2026-0455": ("invalid_lessons_learned", "lessons_learned", "pending"),
    "INC-OS-2026-0199": ("invalid_lessons_learned", "lessons_learned", "済"),
}
# duplicate_id: a second row with the same id and different content. The
# first is written right after its original, the others at the end of the
# file (a re-imported batch). id -> change applied to a copy of the incident.
DUPLICATES = {
    "INC-HO-2025-0071": lambda i: i.update(resolved_at=(i["resolved_at"] or i["contained_at"]) + H(26), lessons_learned=True),
    "INC-HO-2026-0094": lambda i: i.update(severity="high" if i["severity"] != "high" else "medium"),
    "INC-HO-2026-0688": lambda i: i.update(category="intrusion" if i["category"] != "intrusion" else "misuse"),
    "INC-HO-2026-0977": lambda i: i.update(detected_by="external" if i["detected_by"] != "external" else "partner", severity="low"),
    "INC-OS-2025-0045": lambda i: i.update(resolved_at=(i["resolved_at"] or i["contained_at"]) + H(72), lessons_learned=True),
    "INC-OS-2026-0270": lambda i: i.update(category="misuse" if i["category"] != "misuse" else "error"),
}
ADJACENT_DUPLICATE = "INC-HO-2025-0071"


def lognormal(rng, median, sigma):
    return median * math.exp(sigma * rng.gauss(0, 1))


def exact_counts(weights, n):
    """Largest-remainder split of n by weights."""
    total = sum(weights.values())
    raw = {k: n * w / total for k, w in weights.items()}
    counts = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (counts[k] - raw[k], k))[: n - sum(counts.values())]:
        counts[k] += 1
    return counts


def pick(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def detection_time(rng, start, end, office):
    span = (end - start).total_seconds()
    while True:
        t = start + timedelta(seconds=rng.randrange(int(span)))
        local = t.astimezone(JST)
        if rng.random() >= office or (local.weekday() < 5 and 8 <= local.hour < 20):
            return t


def generate():
    incidents = []
    for (unit, q), p in P.items():
        # One generator per (unit, quarter), so tuning one group leaves the others alone.
        rng = random.Random(f"{SEED}/{unit}/{q}")
        start, end = QUARTERS[q]
        counts = exact_counts(p["cats"], p["n"])
        cats = [c for c in CATEGORIES for _ in range(counts[c])]
        rng.shuffle(cats)
        for cat in cats:
            inc = {"unit": unit, "category": cat}
            det = detection_time(rng, start, end, p["office"])
            sev = pick(rng, SEVERITY_WEIGHTS[unit])
            if cat == "physical" and sev == "critical":
                sev = "high"
            rest = 1 - p["internal"]
            by = pick(rng, {"internal": p["internal"], "external": 0.6 * rest,
                            "partner": 0.3 * rest, "unknown": 0.1 * rest})
            ttd = lognormal(rng, *p["ttd"]) * (1.6 if by in ("external", "partner") else 1.0)
            occ = None if rng.random() < 0.05 else det - timedelta(hours=max(ttd, 0.02))
            if rng.random() < p["late"]:
                ttr = rng.uniform(18, 96)
            else:
                ttr = lognormal(rng, p["ttr"][0], p["ttr"][1])
            rep = None if rng.random() < 0.03 else det + timedelta(hours=ttr)
            ttc = CONTAIN_BASE[sev] * lognormal(rng, p["ttc"][0], p["ttc"][1])
            if abs(ttc - SLA_HOURS[sev]) < 0.01:  # no ties with the SLA
                ttc += 0.05
            con = det + timedelta(hours=ttc)
            res = con + timedelta(hours=lognormal(rng, *p["res"]))
            if rng.random() < p["stale"]:  # a ticket nobody closes; some never had a containment time
                con, res = (None if rng.random() < 0.4 else con), None
            days_left = (EXPORTED - det).total_seconds() / 86400
            if days_left < 10 and rng.random() < 0.35 * (1 - days_left / 10):
                con = res = None  # still being worked on when the log was exported
            if con is not None and con > EXPORTED:
                con = res = None
            if res is not None and res > EXPORTED:
                res = None
            ll = None
            if res is not None:
                if rng.random() < p["ll_rec"]:
                    bonus = 0.25 if sev in ("critical", "high") else 0.0
                    ll = rng.random() < p["ll_true"] + bonus
            elif rng.random() < 0.03:
                ll = False
            inc.update(severity=sev, detected_by=by, occurred_at=occ, detected_at=det, reported_at=rep,
                       contained_at=con, resolved_at=res, lessons_learned=ll,
                       form="naive" if rng.random() < p["naive"] else ("z" if rng.random() < 0.03 else "jst"))
            incidents.append(inc)
    incidents.sort(key=lambda i: (i["detected_at"], i["unit"]))
    seq = {}
    for inc in incidents:
        key = (UNIT_CODE[inc["unit"]], inc["detected_at"].astimezone(JST).year)
        seq[key] = seq.get(key, 0) + 1
        inc["id"] = f"INC-{key[0]}-{key[1]}-{seq[key]:04d}"
    return incidents


def ts_text(t, form):
    if t is None:
        return ""
    if form == "naive":
        return t.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S")
    if form == "z":
        return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return t.astimezone(JST).isoformat(timespec="seconds")


def ll_text(v, unit, form):
    if v is None:
        return ""
    if unit == OS:  # the Osaka spreadsheet says yes/no
        return ("Yes" if v else "No") if form == "naive" else ("yes" if v else "no")
    return ("TRUE" if v else "FALSE") if form == "naive" else ("true" if v else "false")


def to_row(inc):
    row = {
        "id": inc["id"], "org": ORG, "unit": inc["unit"],
        "category": inc["category"], "severity": inc["severity"],
        **{c: ts_text(inc[c], inc["form"]) for c in TS_COLUMNS},
        "detected_by": inc["detected_by"],
        "lessons_learned": ll_text(inc["lessons_learned"], inc["unit"], inc["form"]),
    }
    if inc["unit"] == OS and inc["form"] == "naive":
        # Rows typed into the Osaka spreadsheet are capitalised (imcm matches
        # values case-insensitively, so these rows are fine).
        for c in ("category", "severity", "detected_by"):
            row[c] = row[c].capitalize()
    return row


def corrupt(row, inc):
    reason, col, value = BAD[inc["id"]]
    if isinstance(value, timedelta):
        value = ts_text(inc["detected_at"] + value, inc["form"])
    row[col] = value
    if reason == "resolved_before_detected":
        row["lessons_learned"] = ""
    if reason == "invalid_lessons_learned":
        assert inc["resolved_at"] is not None, inc["id"]
    return row


def main():
    incidents = generate()
    by_id = {i["id"]: i for i in incidents}
    missing = [k for k in list(BAD) + list(DUPLICATES) if k not in by_id]
    assert not missing, missing
    assert not set(BAD) & set(DUPLICATES)
    rows, again = [], []
    for inc in incidents:
        row = to_row(inc)
        rows.append(corrupt(row, inc) if inc["id"] in BAD else row)
        if inc["id"] in DUPLICATES:
            copy = dict(inc)
            DUPLICATES[inc["id"]](copy)
            dup = to_row(copy)
            assert dup != row, inc["id"]
            (rows if inc["id"] == ADJACENT_DUPLICATE else again).append(dup)
    rows += again
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    w.writerows(rows)
    out = Path(__file__).with_name("incidents.csv")
    out.write_bytes(buf.getvalue().encode("utf-8"))
    naive = sum(1 for i in incidents if i["form"] == "naive")
    still_open = sum(1 for r in rows if not r["resolved_at"])
    per_unit = {u: sum(1 for r in rows if r["unit"] == u) for u in (HO, OS)}
    print(f"wrote {out}: {len(rows)} rows ({per_unit[HO]} {HO}, {per_unit[OS]} {OS}); "
          f"{naive} with local timestamps; {still_open} not resolved; "
          f"{len(BAD)} corrupted + {len(DUPLICATES)} duplicate rows")


if __name__ == "__main__":
    main()
