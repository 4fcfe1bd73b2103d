#!/usr/bin/env python3
"""Generate examples/data/answers.csv for the fictional company Kitsune Logistics.

Deterministic: every status, evidence reference and comment below is written
by hand; the script only lays the table out, applies a few status aliases,
writes RFC 4180 CSV (UTF-8, no BOM, LF) and prints the weighted score per
(unit, period) so the targets in README.md can be checked.

    python3 examples/data/make_answers.py            # write CSV + print scores
    python3 examples/data/make_answers.py --check    # print scores only
"""

import csv
import io
import sys
from pathlib import Path

ORG = "Kitsune Logistics"
UNITS = ["Head Office", "Osaka DC"]
PERIODS = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
HO, OS = UNITS

# (id, priority) — fixed metric list of imcm-v0.1.
METRICS = [
    ("1.1.1", "I"), ("1.1.2", "II"), ("1.1.3", "III"),
    ("1.2.1", "I"), ("1.2.2", "II"), ("1.2.3", "III"),
    ("1.3.1", "II"), ("1.3.2", "III"),
    ("1.4.1", "I"), ("1.4.2", "II"), ("1.4.3", "III"),
    ("1.5.1", "I"), ("1.5.2", "I"), ("1.5.3", "II"),
    ("2.1.1", "I"), ("2.1.2", "I"), ("2.1.3", "II"), ("2.1.4", "III"),
    ("2.2.1", "I"), ("2.2.2", "II"), ("2.2.3", "III"),
    ("3.1.1", "I"), ("3.1.2", "I"), ("3.1.3", "II"),
    ("3.2.1", "I"), ("3.2.2", "I"), ("3.2.3", "I"), ("3.2.4", "II"), ("3.2.5", "II"),
    ("3.3.1", "II"), ("3.3.2", "II"), ("3.3.3", "III"),
    ("4.1.1", "I"), ("4.1.2", "II"),
    ("4.2.1", "I"), ("4.2.2", "II"), ("4.2.3", "III"),
    ("4.3.1", "II"), ("4.3.2", "III"),
    ("4.4.1", "I"), ("4.4.2", "II"), ("4.4.3", "III"),
    ("4.5.1", "I"), ("4.5.2", "II"),
    ("4.6.1", "II"), ("4.6.2", "III"),
    ("4.7.1", "II"), ("4.7.2", "III"),
]
PRIORITY = dict(METRICS)
WEIGHT = {"I": 3, "II": 2, "III": 1}

# Status per metric: four letters, one per quarter (2025-Q4 .. 2026-Q3).
#   Y yes, P partial, N no, A not_applicable, O not_observed, - row left out
#                  Head Office  Osaka DC
STATUS = {
    "1.1.1": ("PPPP", "NPPP"),
    "1.1.2": ("PPPP", "PPPP"),
    "1.1.3": ("NNNP", "NNNP"),
    "1.2.1": ("YYYY", "PYYY"),
    "1.2.2": ("PYYY", "PPPP"),
    "1.2.3": ("PPPY", "AAAA"),
    "1.3.1": ("NPYY", "NNPP"),
    "1.3.2": ("NNPP", "NNNN"),
    "1.4.1": ("YYYY", "PYYP"),
    "1.4.2": ("PPPP", "PPPP"),
    "1.4.3": ("PPPY", "NN-P"),
    "1.5.1": ("YYYY", "PPPP"),
    "1.5.2": ("PPYP", "NNPP"),
    "1.5.3": ("PPPP", "NNPP"),
    "2.1.1": ("PPYY", "NPPP"),
    "2.1.2": ("YYPY", "NNPP"),
    "2.1.3": ("PPPP", "NNNP"),
    "2.1.4": ("PPPP", "NNNN"),
    "2.2.1": ("YYYY", "PPPY"),
    "2.2.2": ("PPPP", "NNPP"),
    "2.2.3": ("N-PP", "NNPP"),
    "3.1.1": ("YYYY", "PYYY"),
    "3.1.2": ("PYYY", "NPPP"),
    "3.1.3": ("PPPY", "PPOP"),
    "3.2.1": ("PYYY", "PPPY"),
    "3.2.2": ("PPYY", "PPPP"),
    "3.2.3": ("PYYY", "PPPP"),
    "3.2.4": ("YYYY", "NPPY"),
    "3.2.5": ("PPPY", "PPPP"),
    "3.3.1": ("PPPY", "NNPP"),
    "3.3.2": ("PYPP", "NNNP"),
    "3.3.3": ("PPPP", "NNNN"),
    "4.1.1": ("YYYY", "PPPY"),
    "4.1.2": ("PPYY", "PPPN"),
    "4.2.1": ("PPYY", "NPPP"),
    "4.2.2": ("NNPP", "NNPP"),
    "4.2.3": ("PPPY", "N-PP"),
    "4.3.1": ("PPPP", "AAAA"),
    "4.3.2": ("NNPP", "AAAA"),
    "4.4.1": ("PYPP", "NNNN"),
    "4.4.2": ("NNPP", "PPPP"),
    "4.4.3": ("OYYY", "PPPY"),
    "4.5.1": ("YYYY", "POPY"),
    "4.5.2": ("PPPP", "PPPP"),
    "4.6.1": ("YYYY", "PPPP"),
    "4.6.2": ("NNPO", "PPPP"),
    "4.7.1": ("NNPP", "NNPP"),
    "4.7.2": ("NNNP", "-NNP"),
}
CODE = {"Y": "yes", "P": "partial", "N": "no", "A": "not_applicable", "O": "not_observed"}
POINTS = {"yes": 1.0, "partial": 0.5, "no": 0.0}

# A few rows are written with an alias instead of the canonical key, as an
# assessor typing into a spreadsheet would. (unit, period, metric) -> text.
ALIASES = {
    (HO, "2025-Q4", "4.5.1"): "Y",
    (HO, "2026-Q2", "3.2.4"): "はい",
    (OS, "2025-Q4", "1.2.1"): "一部",
    (OS, "2025-Q4", "3.1.2"): "いいえ",
    (OS, "2026-Q1", "1.2.3"): "該当なし",
    (OS, "2026-Q1", "3.1.1"): "はい",
    (OS, "2026-Q1", "4.5.1"): "未確認",
    (OS, "2026-Q2", "4.3.1"): "N/A",
}
ALIAS_OF = {
    "Y": "yes", "はい": "yes", "一部": "partial", "いいえ": "no",
    "該当なし": "not_applicable", "N/A": "not_applicable", "未確認": "not_observed",
}

# Evidence seen by the assessor for yes/partial rows. A string applies to every
# quarter ({q} = period); a list gives one entry per quarter. Rows answered
# no / not_applicable / not_observed get no evidence unless EVIDENCE_OVERRIDE
# says otherwise.
EVIDENCE = {
    "1.1.1": (["Risk register FY2025 (draft)", "Risk register FY2025 (draft)",
               "リスクアセスメント報告書 2026年度版", "リスクアセスメント報告書 2026年度版; change-triggered RA for WMS upgrade"],
              "拠点リスク評価シート ({q})"),
    "1.1.2": ("Risk treatment tracker (Excel)", "リスク対応管理表"),
    "1.1.3": ("RA workshop minutes referencing INC-2026-014", "リスク評価会議議事録"),
    "1.2.1": ("EDR console compliance report {q}", ["ウイルス対策ソフト導入台帳", "EDR console export (Osaka OU)",
                                                   "EDR console export (Osaka OU)", "EDR console export (Osaka OU)"]),
    "1.2.2": ("EDR alert queue in SOC ticketing", "EDR alert forwarding rule to HO SOC"),
    "1.2.3": ("マルウェア解析レポート ({q})", ""),
    "1.3.1": (["", "机上演習実施報告 (2026-02)", "Technical exercise report: ransomware on WMS (2026-05)",
               "Technical exercise report: ransomware on WMS (2026-05)"],
              ["", "", "HO tabletop attendance list (2026-05)", "大阪DC 机上演習報告書 (2026-08)"]),
    "1.3.2": ("Exercise action tracker", "演習改善アクション一覧"),
    "1.4.1": ("e-Learning completion report {q}", ["新入社員研修資料 (情報セキュリティ)", "e-Learning completion report {q}",
                                                   "e-Learning completion report {q}", "e-Learning completion report {q}"]),
    "1.4.2": ("CSIRT advisories on intranet portal", "イントラ掲載のセキュリティ注意喚起"),
    "1.4.3": (["Phishing simulation results 2025-11", "Phishing simulation results 2026-02",
               "標的型メール訓練 結果報告 (2026-05)", "標的型メール訓練 結果報告 (2026-08)"],
              "Phishing simulation results (Osaka) {q}"),
    "1.5.1": ("JVN/vendor advisory triage log", "HO配信の脆弱性情報メール"),
    "1.5.2": ("Patch SLA report {q}", "パッチ適用状況一覧 ({q})"),
    "1.5.3": (["Vulnerability scan schedule (servers only)", "Vulnerability scan schedule (servers only)",
               "Vulnerability scan schedule (servers only)", "Scan coverage report vs CMDB {q}"],
              "脆弱性スキャン結果 ({q})"),
    "2.1.1": (["SOC shift roster (weekday 8-20)", "SOC shift roster (weekday 8-20)",
               "MSSP 24x7 monitoring SOW; SOC shift roster", "MSSP 24x7 monitoring SOW; SOC shift roster"],
              ["", "HO SOC coverage list incl. Osaka firewall", "HO SOC coverage list incl. Osaka firewall",
               "HO SOC coverage list incl. Osaka firewall"]),
    "2.1.2": (["SIEM dashboard screenshot", "SIEM dashboard screenshot", "新SIEM 取込ソース一覧", "新SIEM 取込ソース一覧; log retention policy v1.2"],
              "新SIEM 取込ソース一覧 (Osaka)"),
    "2.1.3": ("検知ルール見直し記録 {q}", "Use-case review minutes (Osaka WMS)"),
    "2.1.4": ("Monitoring coverage matrix", "監視カバレッジ表"),
    "2.2.1": ("JPCERT/CC and 物流ISAC mailing list subscriptions", ["HO からの脅威情報転送メール", "HO からの脅威情報転送メール",
                                                                    "Threat intel digest distribution list", "Threat intel digest distribution list"]),
    "2.2.2": ("IOC import log (SIEM watchlist)", "IOC import log (SIEM watchlist)"),
    "2.2.3": ("月次セキュリティ状況報告 ({q})", "拠点長会議資料 (セキュリティ報告)"),
    "3.1.1": (["CSIRT hotline and csirt@ mailbox", "CSIRT hotline and csirt@ mailbox", "CSIRT 窓口一覧 (24時間)",
               "CSIRT 窓口一覧 (24時間)"],
              ["休憩室掲示ポスター", "CSIRT contact poster in warehouse", "CSIRT contact poster in warehouse",
               "CSIRT contact poster in warehouse"]),
    "3.1.2": (["Reporting guideline draft", "インシデント報告ガイドライン 第1版", "インシデント報告ガイドライン 第1版",
               "インシデント報告ガイドライン 第2版"],
              "インシデント報告ガイドライン 第1版"),
    "3.1.3": ("External notification matrix (legal)", "個人情報漏えい時の報告フロー"),
    "3.2.1": (["IR-Procedure v2.1 (2025-09)", "IR-Procedure v2.3 (2026-02)", "IR-Procedure v2.3 (2026-02)", "IR-Procedure v2.4 (2026-08)"],
              ["インシデント対応手順書 第2版 (HO版)", "インシデント対応手順書 第2版 (HO版)",
               "インシデント対応手順書 第3版 (案)", "インシデント対応手順書 第3版"]),
    "3.2.2": ("Severity matrix in IR-Procedure; ticket sample", "重要度判定表"),
    "3.2.3": ("Escalation contact list (legal, PR, management)", "エスカレーション連絡網"),
    "3.2.4": ("Ticket export {q}", ["", "Ticket export {q} (Osaka queue)", "Ticket export {q} (Osaka queue)",
                                   "Ticket export {q} (Osaka queue)"]),
    "3.2.5": ("対応記録 (チケット内の判断ログ)", "システム担当者との対応記録メール"),
    "3.3.1": ("Root-cause report INC-2026-014", "HO作成の原因分析報告書"),
    "3.3.2": (["Forensic kit inventory", "Forensic procedure v1.0; chain-of-custody form", "Forensic procedure v1.0",
               "Forensic procedure v1.0; retainer quote from DFIR vendor"],
              "証拠保全手順 (HO版)"),
    "3.3.3": ("四半期インシデント傾向分析", ""),
    "4.1.1": ("CSIRT charter approved by board (2025-04)", ["CSIRT charter approved by board (2025-04)",
                                                           "CSIRT規程 改定案 (2026-01)",
                                                           "CSIRT規程 改定案 (2026-01)",
                                                           "CSIRT規程 (大阪DCを対象に追加, 2026-07承認)"]),
    "4.1.2": (["MSSP contract", "MSSP contract annex B", "MSSP contract annex B (rev. 2026-04)",
               "MSSP contract annex B (rev. 2026-04)"],
              "WMS保守契約書"),
    "4.2.1": (["IM programme plan (draft)", "IM programme plan FY2026 (draft); budget approval", "IM programme plan FY2026; budget approval",
               "IM programme plan FY2026; budget approval"],
              "大阪DC セキュリティ改善計画"),
    "4.2.2": ("KPI review minutes {q}", "KPIレビュー議事録"),
    "4.2.3": ("Post-incident review template; PIR records", "事後レビュー記録"),
    "4.3.1": ("Tool evaluation sheet (SIEM replacement)", ""),
    "4.3.2": ("CSIRT tooling roadmap (slide deck)", ""),
    "4.4.1": ("CSIRT 体制図 {q}", ""),
    "4.4.2": ("Skills matrix (Excel)", "研修計画 (IT担当)"),
    "4.4.3": ("秘密保持誓約書 (CSIRT メンバー)", "秘密保持誓約書"),
    "4.5.1": ("Access review record {q}", "サーバ室入退室記録"),
    "4.5.2": ("情報取扱基準 (TLP対応)", "TLP quick reference card"),
    "4.6.1": ("Backup job report; patch status of ticketing server", "HO IT backup report (shared ticketing)"),
    "4.6.2": ("Out-of-band chat (BCP) test record", "BCP連絡網 (個人携帯)"),
    "4.7.1": ("脅威レベル定義書", "脅威レベル定義書 (HO版)"),
    "4.7.2": ("Threat level change notice (intranet)", "脅威レベル変更通知メール"),
}

# Cells whose evidence differs from the rule above. (unit, period, metric) -> text.
EVIDENCE_OVERRIDE = {
    (OS, "2025-Q4", "4.4.1"): "Interview only",
    (OS, "2026-Q3", "4.4.1"): "求人票 (IT担当, 2026-08)",
    (OS, "2026-Q3", "4.1.2"): "WMS保守契約書 (2026-06-30 満了)",
    (HO, "2026-Q2", "3.3.2"): "Forensic procedure v1.0",
    (OS, "2025-Q4", "1.2.3"): "Shared service agreement HO–Osaka",
    (OS, "2025-Q4", "4.3.1"): "Shared service agreement HO–Osaka",
    (OS, "2025-Q4", "4.3.2"): "Shared service agreement HO–Osaka",
    (HO, "2025-Q4", "1.3.1"): "Exercise plan FY2026 (draft)",
    (OS, "2026-Q3", "3.3.3"): "",
    (HO, "2025-Q4", "2.1.3"): "SIEM rule change log",
    (HO, "2025-Q4", "3.3.3"): "Annual security report FY2024 (annex)",
}

# Assessor notes. (unit, period, metric) -> comment.
C = {}

def note(unit, period, metric, text):
    C[(unit, period, metric)] = text

# --- Head Office -------------------------------------------------------------
note(HO, "2025-Q4", "1.1.1", "Risk register exists but has not been reviewed since the 2024 ERP change.")
note(HO, "2025-Q4", "1.2.3", "サンプルは外部ベンダーへ送付するのみ。IOCの社内展開はなし。")
note(HO, "2025-Q4", "1.3.1", "No exercise held in 2025. A tabletop is planned for February.")
note(HO, "2025-Q4", "1.5.2", "重大脆弱性の適用期限（14日）は規程にあるが、実績の計測なし。")
note(HO, "2025-Q4", "2.1.1", "SOC covers weekdays 8:00–20:00 only; nights and weekends are on-call by phone.")
note(HO, "2025-Q4", "2.1.3", "誤検知の多いルールのみ随時調整。定期的な見直し・新たな脅威への追加は未実施。")
note(HO, "2025-Q4", "3.1.2", "Guideline still a draft; staff rely on the hotline number.")
note(HO, "2025-Q4", "3.2.1", 'Playbook "Ransomware – first 60 minutes" exists, but it is a draft not yet approved by the CISO.')
note(HO, "2025-Q4", "3.2.3", "広報・法務へのエスカレーション経路は口頭運用のみ。")
note(HO, "2025-Q4", "4.2.2", "KPIは未定義。")
note(HO, "2025-Q4", "4.4.3", "HR did not make the signed NDAs available during the visit; to be checked next quarter.")
note(HO, "2025-Q4", "4.5.1", "Quarterly access review of the SOC file share and ticketing admins; last one 2025-10.")
note(HO, "2025-Q4", "4.7.1", "脅威レベルの概念自体が未導入。")
note(HO, "2026-Q1", "1.2.2", "EDR alerts now land in the SOC queue automatically.")
note(HO, "2026-Q1", "1.3.1", "机上演習を2月に実施（経営層参加）。技術演習は未実施。")
note(HO, "2026-Q1", "3.1.2", "報告ガイドライン第1版を1月に全社公開。")
note(HO, "2026-Q1", "3.2.1", "IR-Procedure v2.3 approved; roles now defined per severity.")
note(HO, "2026-Q1", "3.3.2", "Dedicated forensic analyst (ex-police) joined in January; procedure and chain-of-custody form in place.")
note(HO, "2026-Q1", "4.1.2", 'Annex B reviewed with the MSSP. Vendor said "<24h" & escalates via <b>email</b> only; no phone escalation is written down.')
note(HO, "2026-Q1", "4.2.1", "FY2026 budget approved, including MSSP 24x7 monitoring from April, but the programme plan is still a draft.")
note(HO, "2026-Q1", "4.4.1", "Headcount 5 incl. forensic analyst; backups named for every role.")
note(HO, "2026-Q1", "4.4.3", "前回未確認だった秘密保持誓約書を確認。全員分あり。")
note(HO, "2026-Q2", "1.3.1", "Technical exercise (ransomware on WMS) run with the MSSP in May.")
note(HO, "2026-Q2", "1.5.2", "Critical patches now tracked against the 14-day SLA; 96% met in the quarter.")
note(HO, "2026-Q2", "2.1.1", "MSSP 24x7 monitoring live since 2026-04-01.")
note(HO, "2026-Q2", "2.1.2", "SIEM移行（5月）で旧SIEMのコネクタが一部未移行。AD・VPNログが約3週間欠損。重要システムのログ収集が一時的に不完全。")
note(HO, "2026-Q2", "2.2.3", "月次報告を4月から経営会議に提出開始。")
note(HO, "2026-Q2", "3.2.4", "抽出した20件すべてで受付からクローズまでチケットで追跡できた。")
note(HO, "2026-Q2", "3.3.2", "The forensic analyst left in May; nobody else is trained on the kit. Procedure exists but the capability is not staffed.")
note(HO, "2026-Q2", "4.1.2", "Annex B revised in April: phone escalation within 1 hour for severity 1.")
note(HO, "2026-Q2", "4.4.1", "キーパーソン（フォレンジック担当）退職により要員4名、後任未定。バックアップ不在の役割あり。")
note(HO, "2026-Q2", "4.6.2", "BCP用チャットを試行導入。訓練は未実施。")
note(HO, "2026-Q3", "1.2.3", "Sandbox in use; IOCs are pushed to EDR and shared with the AV vendor.")
note(HO, "2026-Q3", "1.5.2", "Regression: the critical VPN appliance patch took 27 days because of the peak-season change freeze (SLA 14 days). Exception was not formally approved.")
note(HO, "2026-Q3", "2.1.2", "全コネクタ移行完了。保存期間1年を確認。")
note(HO, "2026-Q3", "3.1.2", "第2版で報告項目にサプライチェーン（委託先）事案を追加。")
note(HO, "2026-Q3", "3.3.2", "Replacement analyst in training; DFIR retainer being negotiated, not yet signed.")
note(HO, "2026-Q3", "4.4.1", "Replacement analyst hired in August, still in probation; no backup named for forensics yet.")
note(HO, "2026-Q3", "4.6.2", "Owner of the BCP chat was on leave; no test record could be shown.")
note(HO, "2026-Q3", "4.7.1", "Threat levels 1–4 defined in v1.0 (2026-07); actions are written only for levels 3 and 4.")

note(HO, "2026-Q2", "4.3.1", "SIEM replacement was evaluated against requirements; the MSSP portal was adopted without any evaluation.")
note(HO, "2026-Q2", "4.5.2", "TLPは定義済みだが、チケットへの分類付与は約6割にとどまる。")
note(HO, "2026-Q3", "1.1.1", "Annual RA done. A change-triggered RA was made for the WMS upgrade but not for the SIEM migration.")
note(HO, "2026-Q3", "1.5.3", "スキャン対象はCMDBの78%。倉庫OTセグメントは未スキャン。")
note(HO, "2026-Q3", "2.2.2", "IOCs are applied by hand, typically 3–5 days after receipt.")
note(HO, "2026-Q3", "3.2.2", "全チケットに重要度が付与されていることをサンプル確認。")
note(HO, "2026-Q3", "4.2.2", "KPI（検知から封じ込めまでの時間など）は定義済み。レビューは半期に1回のみ。")
note(HO, "2025-Q4", "3.3.3", "Trend figures exist only as an annex to the annual report.")
note(HO, "2026-Q1", "2.1.4", "カバレッジ表はサーバのみ。端末・OTは未把握。")
note(HO, "2026-Q1", "3.2.4", "Ticket export covered all 31 incidents of the quarter.")

# --- Osaka DC ----------------------------------------------------------------
note(OS, "2025-Q4", "1.1.1", "拠点としてのリスク評価は未実施。")
note(OS, "2025-Q4", "1.2.1", "PC・サーバは導入済み。ハンディ端末（約200台）は対象外。")
note(OS, "2025-Q4", "1.2.3", "Malware analysis is done by Head Office for all sites.")
note(OS, "2025-Q4", "2.1.1", "No monitoring of Osaka network; firewall logs stay on the appliance.")
note(OS, "2025-Q4", "3.1.1", "窓口は本社CSIRTだが、倉庫スタッフの認知度が低い（聞き取り5名中1名のみ）。")
note(OS, "2025-Q4", "3.1.2", "報告基準なし。何を報告すべきか現場リーダーも把握していない。")
note(OS, "2025-Q4", "3.2.4", "Incidents handled by e-mail; no ticket.")
note(OS, "2025-Q4", "4.1.1", "Charter names Head Office only; Osaka is covered informally.")
note(OS, "2025-Q4", "4.4.1", "IT担当1名（兼務）のみ。CSIRT連絡担当の役割定義なし。")
note(OS, "2025-Q4", "4.3.1", "Tool selection is done centrally by Head Office CSIRT.")
note(OS, "2026-Q1", "1.2.1", "ハンディ端末にもEDRを展開完了。")
note(OS, "2026-Q1", "1.4.1", "All permanent staff completed the e-Learning in February, incl. how to report.")
note(OS, "2026-Q1", "2.1.1", "Osaka firewall now in the HO SOC coverage list (business hours only).")
note(OS, "2026-Q1", "3.1.1", "ポスター掲示後の聞き取りで5名中4名が窓口を正しく回答。")
note(OS, "2026-Q1", "4.1.1", "CSIRT規程の改定案で大阪DCを対象に追加。取締役会の承認待ち。")
note(OS, "2026-Q1", "4.5.1", "総務課長が不在のためサーバ室の入退室記録を確認できず。")
note(OS, "2026-Q1", "4.4.1", "Still one IT person; the CSIRT liaison role is assigned to him on top of his job.")
note(OS, "2026-Q2", "1.3.1", "HOの机上演習に2名参加。拠点独自の演習はなし。")
note(OS, "2026-Q2", "2.1.2", "Migrated SIEM now receives Osaka firewall and AD logs; WMS logs still local.")
note(OS, "2026-Q2", "3.1.3", "総務・法務担当者の欠席により外部報告の実績を確認できず。")
note(OS, "2026-Q2", "3.2.1", "インシデント対応手順書 第3版（案）で拠点の役割を明記。正式承認は7月予定。")
note(OS, "2026-Q2", "4.3.1", "Tool evaluation is still done centrally by Head Office; no change.")
note(OS, "2026-Q2", "4.4.1", "Liaison still a side job; recruitment requested in the FY2026 H2 plan.")
note(OS, "2026-Q3", "1.3.1", "大阪DC単独の机上演習を8月に実施（WMS停止シナリオ）。技術演習は未実施。")
note(OS, "2026-Q3", "1.4.1", "Regression: about 120 seasonal workers were hired for the peak season and started work without the security induction, incl. how to report an incident.")
note(OS, "2026-Q3", "2.1.1", "夜間・休日は依然として監視対象外。MSSP契約に大阪DCを追加する案を検討中。")
note(OS, "2026-Q3", "3.2.5", "WMS障害時の封じ込め判断を記録に残す運用を開始。")
note(OS, "2026-Q3", "3.3.3", "No trend analysis for the site yet; HO report does not break down by site.")
note(OS, "2026-Q3", "4.1.2", "後退：WMS保守ベンダーとの契約が2026-06-30で失効し、更新交渉中。インシデント時の通知・支援義務が現在どの契約にも定められていない。")
note(OS, "2026-Q3", "4.4.1", "IT担当は依然1名。求人中だが未充足のため「いいえ」のまま。")
note(OS, "2026-Q3", "4.4.3", "Signed NDAs seen for the IT person and both shift leads.")
note(OS, "2026-Q3", "4.7.1", "Uses the HO threat level definitions; site actions added for levels 3 and 4.")
note(OS, "2025-Q4", "1.5.1", "HOからの脆弱性情報メールは受信しているが、拠点資産への該当確認の記録なし。")
note(OS, "2025-Q4", "3.2.2", "Severity is decided case by case by the IT person; the HO matrix is known but not always applied.")
note(OS, "2026-Q1", "1.1.1", "拠点リスク評価シートを初めて作成。WMS・倉庫制御系は未評価。")
note(OS, "2026-Q1", "3.2.4", "Osaka queue created in the HO ticketing system in January.")
note(OS, "2026-Q2", "1.5.2", "Critical patches on PCs within SLA; WMS servers wait for the vendor's monthly window.")
note(OS, "2026-Q2", "2.2.1", "HOの脅威情報ダイジェスト配信先に大阪DCのIT担当を追加。")
note(OS, "2026-Q2", "4.5.1", "入退室記録を確認。ただしアクセス権の定期レビューは未実施。")
note(OS, "2026-Q3", "3.1.2", "Guideline known to shift leads, but the Japanese-only version does not reach the foreign seasonal staff.")
note(OS, "2026-Q3", "4.1.1", "改定CSIRT規程が7月に承認され、大阪DCが正式に対象範囲となった。")
note(OS, "2026-Q3", "4.3.2", "Roadmap is kept by Head Office for all sites.")
note(OS, "2026-Q3", "1.2.3", "該当なし（マルウェア解析は本社CSIRTが全拠点分を実施）。")

ASSESSOR = {
    # (unit, period) -> (assessor for categories 1-3, assessor for category 4)
    (HO, "2025-Q4"): ("A. Tanaka", "A. Tanaka"),
    (HO, "2026-Q1"): ("A. Tanaka", "A. Tanaka"),
    (HO, "2026-Q2"): ("A. Tanaka", "M. Sato"),
    (HO, "2026-Q3"): ("M. Sato", "M. Sato"),
    (OS, "2025-Q4"): ("K. Yamamoto", "K. Yamamoto"),
    (OS, "2026-Q1"): ("K. Yamamoto", "K. Yamamoto"),
    (OS, "2026-Q2"): ("K. Yamamoto", "K. Yamamoto"),
    (OS, "2026-Q3"): ("K. Yamamoto", "M. Sato"),
}
DATES = {
    # (unit, period) -> (date for categories 1-3, date for category 4)
    (HO, "2025-Q4"): ("2025-12-09", "2025-12-10"),
    (HO, "2026-Q1"): ("2026-03-10", "2026-03-11"),
    (HO, "2026-Q2"): ("2026-06-16", "2026-06-17"),
    (HO, "2026-Q3"): ("2026-10-06", "2026-10-07"),
    (OS, "2025-Q4"): ("2025-12-16", "2025-12-16"),
    (OS, "2026-Q1"): ("2026-03-17", "2026-03-17"),
    (OS, "2026-Q2"): ("2026-06-23", "2026-06-24"),
    (OS, "2026-Q3"): ("2026-10-08", "2026-10-09"),
}


def status_of(unit, qi, metric):
    code = STATUS[metric][UNITS.index(unit)][qi]
    return None if code == "-" else CODE[code]


def evidence_of(unit, period, qi, metric, status):
    key = (unit, period, metric)
    if key in EVIDENCE_OVERRIDE:
        return EVIDENCE_OVERRIDE[key]
    if status not in ("yes", "partial"):
        return ""
    ev = EVIDENCE[metric][UNITS.index(unit)]
    if isinstance(ev, list):
        ev = ev[qi]
    return ev.format(q=period)


def id_key(metric):
    return tuple(int(x) for x in metric.split("."))


def rows():
    out = []
    for unit in UNITS:
        for qi, period in enumerate(PERIODS):
            for metric, _ in sorted(METRICS, key=lambda m: id_key(m[0])):
                status = status_of(unit, qi, metric)
                if status is None:
                    continue
                key = (unit, period, metric)
                text = ALIASES.get(key, status)
                if key in ALIASES:
                    assert ALIAS_OF[text] == status, key
                cat4 = metric.startswith("4.")
                out.append({
                    "org": ORG, "unit": unit, "period": period, "metric": metric,
                    "status": text,
                    "evidence": evidence_of(unit, period, qi, metric, status),
                    "comment": C.get(key, ""),
                    "assessor": ASSESSOR[(unit, period)][cat4],
                    "assessed_on": DATES[(unit, period)][cat4],
                })
    return out


def scores():
    table = {}
    for unit in UNITS:
        for qi, period in enumerate(PERIODS):
            num = den = 0.0
            for metric, prio in METRICS:
                s = status_of(unit, qi, metric)
                if s in POINTS:
                    w = WEIGHT[prio]
                    num += w * POINTS[s]
                    den += w
            table[(unit, period)] = 100 * num / den
    return table


def main():
    for key in list(C) + list(EVIDENCE_OVERRIDE) + list(ALIASES):
        assert key[0] in UNITS and key[1] in PERIODS and key[2] in PRIORITY, key
        assert status_of(key[0], PERIODS.index(key[1]), key[2]) is not None, ("comment on missing row", key)
    table = scores()
    print(f"{'unit':<12} " + " ".join(f"{p:>8}" for p in PERIODS))
    for unit in UNITS:
        print(f"{unit:<12} " + " ".join(f"{table[(unit, p)]:8.1f}" for p in PERIODS))
    if "--check" in sys.argv:
        return
    buf = io.StringIO(newline="")
    cols = ["org", "unit", "period", "metric", "status", "evidence", "comment", "assessor", "assessed_on"]
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    data = rows()
    w.writerows(data)
    out = Path(__file__).with_name("answers.csv")
    out.write_bytes(buf.getvalue().encode("utf-8"))
    print(f"wrote {out} ({len(data)} rows)")


if __name__ == "__main__":
    main()
