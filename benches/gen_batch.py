#!/usr/bin/env python3
"""Deterministic data for the batch scale benchmark (benches/batch.sh).

    python3 benches/gen_batch.py OUTDIR [--seed 42] [--orgs 10] [--units-per-org 50]
                                 [--quarters 8] [--incidents 5000000] [--jobs N] [--force]

Standard library only. Writes into OUTDIR:

* answers.csv: one assessment per (org, unit, quarter) with every metric of
  questionnaires/imcm-v0.1.toml; the defaults give 10 x 50 x 8 = 4,000
  assessments x 48 metrics = 192,000 rows. Columns
  org,unit,period,metric,status,evidence,comment,assessor,assessed_on
  (UTF-8, no BOM, LF, RFC 4180 quoting), sorted by org, unit, period, metric.
* incidents.csv: --incidents rows made by gen_incidents.py (same row model,
  bad rows and chunked seeding) for the same organisations and units, with
  detected_at in the same quarters (2025-01-01 .. the end of the last quarter).
* params.json: the parameters and sizes of both files. A file whose recorded
  parameters (and generator scripts) match is reused, not written again;
  --force writes both anyway.

The output depends only on the parameters above, never on --jobs.

What the incidents look like
* gen_incidents.py's row model: categories, severities, log-normal durations,
  open incidents, +09:00 rows, about 3.3 % bad rows, about 2 % organisation-
  wide rows (empty unit), volume rising to about 2x by the last quarter.
* Only the organisations, units and dates differ: the org sizes are Zipf-like
  as in gen_incidents.py (the first org about 28 % of the rows, the tenth
  about 4 %); within an org the head office gets weight 6 and the other units
  about 0.2 .. 4 (log-normal). With 5 M rows the smallest unit still has
  about 65 incidents in the first quarter and 130 in the last.

What the answers look like
* Organisations: the first --orgs names of gen_incidents.ORGS. Units: a
  Head Office (本社 in three of the ten organisations) plus branches, plants,
  distribution centres and departments ("Osaka DC", "R&D Lab", "福岡支店"),
  unique within an organisation. In those three organisations about 70 % of
  the unit names are Japanese, in the others about 10 %.
* Each unit has a hidden maturity that starts near its organisation's level
  and drifts up each quarter (about +0.035), with occasional setbacks
  (8 % of quarters). A metric's status comes from maturity minus the metric's
  difficulty (priority I easiest, III hardest) plus a stable per-unit offset,
  so statuses mostly improve (mean weighted score about 55 in the first
  quarter, 77 in the eighth). About 1.3 % of rows are regressions against the
  quarter before (yes -> partial/no, partial -> no); most carry a comment.
* not_applicable: about 3 %, fixed per (unit, metric), more often on metrics
  such as malware analysis, forensics and tooling that a head office covers.
  not_observed: about 4 %, scattered single rows plus the odd assessment where
  a whole subcategory could not be checked ("interviewee absent").
* evidence: short document references ("Runbook v3", "SIEM export 2026-03",
  "インシデント対応手順書 第2版"), stable per (unit, metric) with versions
  that go up over time; present on most yes/partial rows.
* comment: empty on most rows; regressions, not_applicable and
  not_observed rows usually explain themselves. Some comments hold commas,
  double quotes, <, & or Japanese text.
* assessor: three per organisation, mostly the same one for a unit;
  assessed_on: a weekday in the second half of the quarter. In about 10 % of
  assessments a second assessor covers categories 3 and 4 on another day.
"""

import argparse
import csv
import datetime as dt
import hashlib
import json
import math
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gen_incidents  # noqa: E402

QUESTIONNAIRE = HERE.parent / "questionnaires" / "imcm-v0.1.toml"
ANSWERS_HEADER = ["org", "unit", "period", "metric", "status", "evidence", "comment",
                  "assessor", "assessed_on"]
FIRST_YEAR = 2025  # quarters run 2025-Q1, 2025-Q2, ...
FORMAT_VERSION = 1  # bump when the output changes without a change of parameters

# ---------------------------------------------------------------------------
# Questionnaire
# ---------------------------------------------------------------------------


def read_metrics(path=QUESTIONNAIRE):
    """[(id, priority), ...] of the [[metric]] tables, in file order."""
    metrics, in_metric, cur = [], False, None
    for line in path.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if s.startswith("["):
            if in_metric and cur:
                metrics.append(cur)
            in_metric = s == "[[metric]]"
            cur = {} if in_metric else None
            continue
        if in_metric and "=" in s and not s.startswith("#"):
            key, _, val = s.partition("=")
            key, val = key.strip(), val.strip()
            if key in ("id", "priority") and val.startswith('"') and key not in cur:
                cur[key] = val.split('"')[1]
    if in_metric and cur:
        metrics.append(cur)
    out = [(m["id"], m.get("priority", "II")) for m in metrics if "id" in m]
    ids = [m for m, _ in out]
    if len(set(ids)) != len(ids):
        raise SystemExit(f"duplicate metric ids in {path}")
    return out


# ---------------------------------------------------------------------------
# Organisations and units
# ---------------------------------------------------------------------------

CITIES = [  # (romaji, kanji)
    ("Tokyo", "東京"), ("Osaka", "大阪"), ("Nagoya", "名古屋"), ("Yokohama", "横浜"),
    ("Fukuoka", "福岡"), ("Sapporo", "札幌"), ("Sendai", "仙台"), ("Hiroshima", "広島"),
    ("Kobe", "神戸"), ("Kyoto", "京都"), ("Niigata", "新潟"), ("Shizuoka", "静岡"),
    ("Okayama", "岡山"), ("Kumamoto", "熊本"), ("Kagoshima", "鹿児島"), ("Naha", "那覇"),
    ("Kanazawa", "金沢"), ("Takamatsu", "高松"), ("Matsuyama", "松山"), ("Chiba", "千葉"),
    ("Saitama", "さいたま"), ("Hamamatsu", "浜松"), ("Utsunomiya", "宇都宮"), ("Toyama", "富山"),
    ("Nagano", "長野"), ("Gifu", "岐阜"), ("Kitakyushu", "北九州"), ("Mito", "水戸"),
]
OVERSEAS = ["Singapore", "Bangkok", "Shanghai", "Ho Chi Minh City", "Los Angeles",
            "Rotterdam", "Frankfurt", "Sydney", "Taipei", "Seoul"]
SITE_TYPES = ["Branch", "DC", "Plant", "Office", "Sales Office", "Depot", "Lab"]
SITE_TYPES_JA = ["支店", "営業所", "工場", "物流センター", "事業所", "研究所"]
DEPTS = ["Cloud Ops", "Finance", "HR", "R&D Lab", "Corporate IT", "Customer Support",
         "E-Commerce", "Legal", "Procurement", "Data Center", "Call Center", "Marketing",
         "Engineering", "Quality Assurance", "Shared Services", "Group IT"]
DEPTS_JA = ["情報システム部", "経理部", "人事部", "総務部", "品質保証部", "クラウド運用",
            "研究開発センター", "コールセンター", "データセンター"]
JA_HEAVY = 3  # organisations 0, 3, 6 (every third) name most units in Japanese


def org_names(n):
    orgs = list(gen_incidents.ORGS[:n])
    while len(orgs) < n:
        orgs.append("Org %03d" % (len(orgs) + 1))
    return orgs


def unit_names(seed, org_idx, org, n):
    """n unit names, unique within the org, comma/quote-free (incidents.csv is written unquoted)."""
    rng = random.Random(f"{seed}:units:{org}")
    ja_heavy = org_idx % JA_HEAVY == 0 and org_idx < 3 * JA_HEAVY
    p_ja = 0.7 if ja_heavy else 0.12
    names = ["本社" if ja_heavy else "Head Office"]
    used_cities = set()
    seen = set(names)
    tries = 0
    while len(names) < n and tries < 20 * n:
        tries += 1
        ja = rng.random() < p_ja
        r = rng.random()
        if r < 0.18:  # a department
            name = rng.choice(DEPTS_JA if ja else DEPTS)
        elif r < 0.26 and not ja:  # an overseas site
            name = f"{rng.choice(OVERSEAS)} {rng.choice(('Office', 'Branch', 'DC'))}"
        else:
            ci = rng.randrange(len(CITIES))
            if ci in used_cities and rng.random() < 0.7:
                continue  # mostly one site per city, sometimes two
            used_cities.add(ci)
            if ja:
                name = CITIES[ci][1] + rng.choice(SITE_TYPES_JA)
            else:
                name = f"{CITIES[ci][0]} {rng.choice(SITE_TYPES)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    k = 1
    while len(names) < n:  # only for very large --units-per-org
        name = "Unit %03d" % k
        k += 1
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def org_units(seed, n_orgs, units_per_org):
    """[(org, [unit, ...]), ...]"""
    return [(org, unit_names(seed, k, org, units_per_org)) for k, org in enumerate(org_names(n_orgs))]


def incident_weights(seed, ous):
    """gen_incidents.configure() org_units: Zipf-like org sizes, head office largest."""
    out = []
    for k, (org, units) in enumerate(ous):
        rng = random.Random(f"{seed}:incident-weights:{org}")
        w_units = []
        for j, u in enumerate(units):
            w = 6.0 if j == 0 else min(4.0, math.exp(rng.gauss(0.0, 0.6)))
            w_units.append((u, w))
        out.append((org, 1.0 / (k + 1) ** 0.8, w_units))
    return out


# ---------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------

def quarters(n):
    out = []
    for i in range(n):
        y, q = FIRST_YEAR + i // 4, i % 4 + 1
        start = dt.date(y, 3 * q - 2, 1)
        end = dt.date(y + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
        out.append((f"{y}-Q{q}", start, end))
    return out


ASSESSORS = [
    "A. Tanaka", "M. Sato", "K. Yamamoto", "H. Suzuki", "Y. Takahashi", "R. Watanabe",
    "S. Ito", "N. Nakamura", "T. Kobayashi", "E. Kato", "J. Yoshida", "C. Yamada",
    "山田 花子", "佐々木 健", "松本 由美", "井上 翔太", "木村 拓也", "林 美咲",
    "L. Becker", "P. Martin", "D. Okafor", "G. Rossi",
]

# Evidence templates per subcategory. {q} period, {m} a month of the quarter
# (2026-03), {y} year, {fy} fiscal year label, {v} document version, {n} a number.
EVIDENCE = {
    "1.1": ["Risk register {fy}", "Risk assessment report {y}", "リスクアセスメント報告書 {fy}",
            "RA schedule v{v}", "拠点リスク評価シート ({q})", "Risk treatment tracker (Excel)"],
    "1.2": ["EDR console report {q}", "AV coverage export {m}", "EDR compliance dashboard",
            "ウイルス対策ソフト導入台帳", "Malware triage log {m}", "マルウェア解析レポート ({q})"],
    "1.3": ["Tabletop report {m}", "Exercise plan {fy}", "机上演習実施報告 ({m})",
            "Exercise action tracker v{v}", "Ransomware drill minutes {m}"],
    "1.4": ["e-Learning completion report {q}", "Phishing simulation results {m}",
            "標的型メール訓練 結果報告 ({m})", "Security awareness deck v{v}",
            "CSIRT advisories on intranet", "新入社員研修資料 (情報セキュリティ)"],
    "1.5": ["Patch SLA report {q}", "Vulnerability scan {m}", "JVN triage log", "パッチ適用状況一覧 ({q})",
            "Scan coverage vs CMDB {q}", "Vuln mgmt procedure v{v}"],
    "2.1": ["SIEM export {m}", "SOC shift roster {q}", "Monitoring coverage matrix v{v}",
            "検知ルール見直し記録 {q}", "MSSP monthly report {m}", "Log source list v{v}"],
    "2.2": ["Threat intel digest {m}", "IOC import log", "JPCERT/CC advisory subscriptions",
            "月次セキュリティ状況報告 ({m})", "ISAC bulletin archive"],
    "3.1": ["CSIRT hotline poster", "Reporting guideline v{v}", "インシデント報告ガイドライン 第{v}版",
            "csirt@ mailbox export {m}", "External notification matrix v{v}"],
    "3.2": ["Runbook v{v}", "IR procedure v{v}", "インシデント対応手順書 第{v}版", "Ticket export {q}",
            "Severity matrix v{v}", "Escalation list {m}", "Playbook: ransomware v{v}"],
    "3.3": ["Root-cause report INC-{y}-{n:03d}", "Forensic procedure v{v}", "四半期インシデント傾向分析 ({q})",
            "Chain-of-custody form", "DFIR retainer contract"],
    "4.1": ["CSIRT charter v{v}", "MSSP contract annex {v}", "CSIRT規程 第{v}版", "SLA with IT operations",
            "保守契約書 ({fy})"],
    "4.2": ["IM programme plan {fy}", "KPI review minutes {q}", "Budget approval {fy}",
            "事後レビュー記録 ({q})", "PIR records {q}"],
    "4.3": ["Tool evaluation sheet v{v}", "SIEM replacement RFP", "CSIRT tooling roadmap {fy}",
            "ツール評価表 ({fy})"],
    "4.4": ["CSIRT 体制図 {q}", "Skills matrix v{v}", "Training plan {fy}", "秘密保持誓約書",
            "On-call rota {m}"],
    "4.5": ["Access review record {q}", "TLP quick reference v{v}", "情報取扱基準 第{v}版",
            "Badge log extract {m}"],
    "4.6": ["Backup job report {m}", "Ticketing server patch status {q}", "DR test report {y}",
            "CSIRT infra inventory v{v}"],
    "4.7": ["Threat level procedure v{v}", "脅威レベル運用手順 第{v}版", "Alert level change log {q}",
            "BCP annex: cyber v{v}"],
}

# Comment pools. Several contain commas, double quotes, < or & or Japanese
# text, to exercise CSV quoting and HTML escaping.
C_REGRESSION = [  # (category the reason fits, or "" for any; text)
    ("2", "SIEM migration dropped about 3 weeks of logs, back next quarter."),
    ("2", "MSSP changed in {m}; new monitoring reports not yet delivered."),
    ("3", "The only forensic analyst left in {m}; role not yet refilled."),
    ("3", "On-call rota broke down over the holidays, two tickets escalated late."),
    ("4", "The only forensic analyst left in {m}; role not yet refilled."),
    ("4", "Contract with the MSSP ran out at the end of {m}, renewal pending."),
    ("1", "Change freeze during peak season, so a critical patch missed its SLA."),
    ("1", "Seasonal staff (about {n}) started without the security training."),
    ("", "担当者の異動により、手順の引き継ぎが未完了。"),
    ("", "システム移行の影響で一部の記録が欠落している。"),
    ("", "Procedure \"v{v}\" withdrawn after the audit, rewrite in progress."),
    ("", "Regression: tool licence expired, renewal <2 weeks away & approved."),
    ("", "前四半期は「はい」だったが、証跡の更新が止まっている。"),
]
C_NA = [
    "Handled centrally by Head Office.",
    "本社で一括対応のため対象外。",
    "No systems of this kind at the site.",
    "Outsourced to the group IT company, see contract.",
    "対象システムなし (クラウド移行済み)。",
]
C_NO = [
    "Interviewee absent.",
    "担当者不在のため未確認。",
    "Evidence not provided, follow up next quarter.",
    "Owner on leave; asked for the records by e-mail.",
    "資料の提示なし。次回確認。",
    "Document \"under review\", not shown.",
]
C_GENERIC = [
    "Only servers, not endpoints; see ticket #{n}.",
    "Coverage <80% & no weekend shift.",
    "Playbook \"Ransomware – first 60 minutes\" exists, but it was never tested.",
    "手順書はあるが、訓練は未実施。",
    "Done for the head office, not yet for the branches.",
    "Draft only, approval expected in {m}.",
    "定期的な見直しは年1回、記録あり。",
    "Owner said \"next quarter\", again.",
    "Mostly in place; two findings open (due {m}).",
    "外部ベンダー任せで、社内に知見がない。",
    "OK, but relies on one person.",
    "Metrics collected by hand, in Excel, once a quarter.",
]

OFTEN_NA = {"1.2.3", "1.3.2", "3.3.2", "4.3.1", "4.3.2", "4.7.2"}
DIFFICULTY = {"I": 0.28, "II": 0.42, "III": 0.58}
Y_THR, P_THR = 0.12, -0.12  # score above Y_THR: yes; above P_THR: partial; else no
HOLD = 0.08  # hysteresis: a level already reached is kept down to its threshold minus HOLD


def _fill(tpl, rng, period, qstart, fy, v):
    m = qstart.month + rng.randrange(3)
    return tpl.format(q=period, m=f"{qstart.year}-{m:02d}", y=qstart.year, fy=fy, v=v,
                      n=rng.randrange(1, 400))


def _weekday_in(rng, start, end):
    """A weekday in the second half of [start, end)."""
    days = (end - start).days
    while True:
        d = start + dt.timedelta(days=rng.randrange(days // 2, days))
        if d.weekday() < 5:
            return d


def gen_answers(seed, ous, metrics, qs):
    """Yields answer rows (lists of 9 strings)."""
    nq = len(qs)
    mrng = random.Random(f"{seed}:metrics")
    diff = {mid: DIFFICULTY.get(pr, 0.42) + mrng.gauss(0.0, 0.08) for mid, pr in metrics}
    subcats = {}
    for mid, _ in metrics:
        subcats.setdefault(mid.rsplit(".", 1)[0], []).append(mid)
    for k, (org, units) in enumerate(ous):
        orng = random.Random(f"{seed}:org:{org}")
        org_m = orng.uniform(0.22, 0.58)
        assessors = orng.sample(ASSESSORS, 3)
        for j, unit in enumerate(units):
            rng = random.Random(f"{seed}:answers:{org}:{unit}")
            # hidden maturity per quarter: drifts up, with occasional setbacks
            m = min(0.9, max(0.02, org_m + rng.gauss(0.0, 0.12) + (0.1 if j == 0 else 0.0)))
            mat = []
            for t in range(nq):
                if t:
                    m += -rng.uniform(0.04, 0.12) if rng.random() < 0.08 else rng.gauss(0.035, 0.02)
                    m = min(0.98, max(0.0, m))
                mat.append(m)
            # stable per (unit, metric): offset, not_applicable, evidence template and version
            per_metric = {}
            for mid, _ in metrics:
                p_na = 0.12 if mid in OFTEN_NA else 0.0171
                if j == 0:
                    p_na /= 3
                tpls = EVIDENCE.get(mid.rsplit(".", 1)[0], ["Document v{v}"])
                per_metric[mid] = (rng.gauss(0.0, 0.18), rng.random() < p_na,
                                   rng.choice(tpls), rng.randint(1, 3))
            assessor = rng.choice(assessors)
            prev = {}
            for t, (period, qstart, qend) in enumerate(qs):
                if rng.random() < 0.3:
                    assessor = rng.choice(assessors)
                day = _weekday_in(rng, qstart, qend)
                second = None
                if rng.random() < 0.10:
                    second = (rng.choice([a for a in assessors if a != assessor]), _weekday_in(rng, qstart, qend))
                fy = f"FY{qstart.year + (qstart.month >= 4)}"
                absent = set()
                if rng.random() < 0.06:  # a whole subcategory could not be checked
                    absent = set(subcats[rng.choice(sorted(subcats))])
                for mid, _ in metrics:
                    off, na, tpl, ver = per_metric[mid]
                    if rng.random() < 0.12:
                        ver += 1
                        per_metric[mid] = (off, na, tpl, ver)
                    x = mat[t] - diff[mid] + off + rng.gauss(0.0, 0.04)
                    p = prev.get(mid)
                    # a level once reached holds unless the score falls clearly below it
                    ythr = Y_THR - HOLD if p == "yes" else Y_THR
                    pthr = P_THR - HOLD if p in ("yes", "partial") else P_THR
                    status = "yes" if x > ythr else "partial" if x > pthr else "no"
                    regression = False
                    if na:
                        status = "not_applicable"
                    elif (mid in absent and rng.random() < 0.8) or rng.random() < 0.038:
                        status = "not_observed"
                    else:
                        r = rng.random()
                        if p == "yes" and status == "yes" and r < 0.015:
                            status, regression = ("no" if r < 0.003 else "partial"), True
                        elif p == "partial" and status == "partial" and r < 0.008:
                            status, regression = "no", True
                        elif p == "yes" and status != "yes" or p == "partial" and status == "no":
                            regression = True
                    if status != "not_observed":
                        prev[mid] = status
                    # evidence
                    pe = {"yes": 0.94, "partial": 0.8, "no": 0.12}.get(status, 0.02)
                    evidence = _fill(tpl, rng, period, qstart, fy, ver) if rng.random() < pe else ""
                    # comment
                    pc = (0.75 if regression else
                          {"not_applicable": 0.4, "not_observed": 0.6, "no": 0.07,
                           "partial": 0.07, "yes": 0.01}[status])
                    comment = ""
                    if rng.random() < pc:
                        pool = ([c for k, c in C_REGRESSION if k in ("", mid[0])] if regression
                                else C_NA if status == "not_applicable"
                                else C_NO if status == "not_observed" else C_GENERIC)
                        comment = _fill(rng.choice(pool), rng, period, qstart, fy, ver)
                    who, when = assessor, day
                    if second and mid[0] in "34":
                        who, when = second
                    yield [org, unit, period, mid, status, evidence, comment, who, when.isoformat()]



def write_answers(path, seed, ous, metrics, qs):
    counts = {}
    n = 0
    tmp = str(path) + ".part"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(ANSWERS_HEADER)
        for row in gen_answers(seed, ous, metrics, qs):
            w.writerow(row)
            counts[row[4]] = counts.get(row[4], 0) + 1
            n += 1
    os.replace(tmp, path)
    return n, counts


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def scripts_digest():
    h = hashlib.sha256()
    for p in (Path(__file__).resolve(), HERE / "gen_incidents.py", QUESTIONNAIRE):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def load_params(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_params(path, params):
    tmp = path.with_suffix(".json.part")
    tmp.write_text(json.dumps(params, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def reusable(entry, want, file):
    return (entry and entry.get("params") == want and file.exists()
            and file.stat().st_size == entry.get("bytes"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--orgs", type=int, default=10)
    ap.add_argument("--units-per-org", type=int, default=50)
    ap.add_argument("--quarters", type=int, default=8, help="from 2025-Q1 (at most 40)")
    ap.add_argument("--incidents", type=int, default=5_000_000, help="incident rows (0: no incidents.csv)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes for incidents.csv (output does not depend on it)")
    ap.add_argument("--force", action="store_true", help="write both files even if they can be reused")
    a = ap.parse_args()
    if not 1 <= a.quarters <= 40:
        ap.error("--quarters must be 1..40")
    if a.orgs < 1 or a.units_per_org < 1 or a.incidents < 0:
        ap.error("--orgs and --units-per-org must be >= 1, --incidents >= 0")

    out = Path(a.outdir)
    out.mkdir(parents=True, exist_ok=True)
    ppath = out / "params.json"
    params = load_params(ppath)
    digest = scripts_digest()
    common = {"format": FORMAT_VERSION, "scripts": digest, "seed": a.seed, "orgs": a.orgs,
              "units_per_org": a.units_per_org, "quarters": a.quarters}

    metrics = read_metrics()
    qs = quarters(a.quarters)
    ous = org_units(a.seed, a.orgs, a.units_per_org)

    # answers.csv
    ans = out / "answers.csv"
    want = dict(common, metrics=len(metrics))
    if not a.force and reusable(params.get("answers"), want, ans):
        e = params["answers"]
        print(f"gen_batch: reusing {ans} ({e['rows']} rows, {e['bytes'] / 1e6:.1f} MB)", file=sys.stderr)
    else:
        t0 = time.perf_counter()
        n, counts = write_answers(ans, a.seed, ous, metrics, qs)
        el = time.perf_counter() - t0
        params["answers"] = {"params": want, "rows": n, "bytes": ans.stat().st_size,
                             "assessments": a.orgs * a.units_per_org * a.quarters,
                             "status_counts": dict(sorted(counts.items())), "seconds": round(el, 1)}
        save_params(ppath, params)
        shares = ", ".join(f"{k} {100 * v / n:.1f} %" for k, v in sorted(counts.items()))
        print(f"gen_batch: {n} answer rows, {ans.stat().st_size / 1e6:.1f} MB, {el:.1f} s -> {ans}\n"
              f"           statuses: {shares}", file=sys.stderr)

    # incidents.csv
    inc = out / "incidents.csv"
    want = dict(common, rows=a.incidents)
    if a.incidents == 0:
        pass
    elif not a.force and reusable(params.get("incidents"), want, inc):
        e = params["incidents"]
        print(f"gen_batch: reusing {inc} ({e['rows']} rows, {e['bytes'] / 1e6:.1f} MB)", file=sys.stderr)
    else:
        start = dt.datetime.combine(qs[0][1], dt.time())
        end = dt.datetime.combine(qs[-1][2], dt.time())
        gen_incidents.configure(org_units=incident_weights(a.seed, ous), start=start, end=end,
                                orgunit_bits=16)
        el = gen_incidents.write_csv(a.incidents, str(inc), a.seed, a.jobs)
        params["incidents"] = {"params": want, "rows": a.incidents, "bytes": inc.stat().st_size,
                               "detected_from": start.date().isoformat(),
                               "detected_before": end.date().isoformat(), "seconds": round(el, 1)}
        save_params(ppath, params)
        print(f"gen_batch: {a.incidents} incidents, {inc.stat().st_size / 1e6:.1f} MB, {a.jobs} job(s), "
              f"{el:.1f} s -> {inc}", file=sys.stderr)


if __name__ == "__main__":
    main()
