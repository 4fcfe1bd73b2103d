//! Warnings about incident logs that are legal but would mislead: a mapping
//! that reads one column as two fields, a log with many rows left out, and
//! a log whose incidents belong to no assessment (so every chart has n = 0
//! and no answer gets evidence). Each is printed through
//! [`crate::error::warning`], so `--strict` turns it into an error before
//! anything is written.

use crate::error::warning;
use crate::i18n::{list_sep, tr};
use crate::input::incidents::Mapping;
use crate::input::incidents::engine::INTERVALS;
use crate::model::folded_name as folded;
use crate::model::{AssessmentKey, IncidentReport};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The share of a log's rows left out above which it gets a warning.
pub const LEFT_OUT_SHARE: f64 = 0.05;

/// The reasons that leave a row out of every KPI.
const EVERY_KPI: [&str; 3] = ["missing_org", "missing_period", "duplicate_id"];

/// How many org/unit names or quarters a warning lists before "N more".
const LISTED: usize = 5;

/// A warning as printed: its message and its help.
type Warning = (String, String);

fn emit(warnings: Vec<Warning>) {
    for (message, help) in warnings {
        warning::emit_text(&message, &help);
    }
}

/// Warn about a mapping file that gives one source column to two fields.
pub fn warn_shared_columns(mapping: &Mapping, path: Option<&Path>) {
    emit(shared_columns(mapping, path));
}

/// Warn about a log with many rows left out.
pub fn warn_left_out(report: &IncidentReport) {
    emit(left_out(report));
}

/// Warn about a log that gives evidence to none of the assessments `keys`.
pub fn warn_unmatched(report: &IncidentReport, keys: &[AssessmentKey]) {
    emit(unmatched(report, keys));
}

/// Warn about an import that left out more than [`LEFT_OUT_SHARE`] of the
/// `read` records it found (`rejected` of them, each listed apart).
pub fn warn_rejected(read: usize, rejected: usize) {
    if read > 0 && rejected as f64 > LEFT_OUT_SHARE * read as f64 {
        warning::emit_text(
            &tr(
                "import_left_out",
                &[
                    ("n", &rejected),
                    ("read", &read),
                    ("share", &percent(rejected as u64, read as u64)),
                ],
            ),
            &tr("import_left_out_help", &[]),
        );
    }
}

/// One warning per source column that the mapping gives to two fields,
/// naming the fields and the intervals left out because of it.
fn shared_columns(mapping: &Mapping, path: Option<&Path>) -> Vec<Warning> {
    let mut out = Vec::new();
    let path = path.map_or_else(String::new, |p| p.display().to_string());
    for (column, fields) in mapping.shared_columns() {
        let message = tr(
            "map_column_twice",
            &[
                ("path", &path),
                ("column", &column),
                ("fields", &fields.join(list_sep())),
            ],
        );
        let dropped: Vec<&str> = INTERVALS
            .iter()
            .filter(|(_, from, to)| fields.contains(from) && fields.contains(to))
            .map(|(name, _, _)| *name)
            .collect();
        let mut help = tr("map_column_twice_help", &[]);
        if !dropped.is_empty() {
            help.push_str(match crate::i18n::ui_lang() {
                crate::model::Lang::Ja => "。",
                crate::model::Lang::En => "; ",
            });
            help.push_str(&tr(
                "map_column_twice_interval",
                &[("intervals", &dropped.join(list_sep()))],
            ));
        }
        out.push((message, help));
    }
    out
}

/// `part` of `whole` in per cent, one decimal.
fn percent(part: u64, whole: u64) -> String {
    format!("{:.1}", 100.0 * part as f64 / whole.max(1) as f64)
}

/// A log with more than [`LEFT_OUT_SHARE`] of its rows left out of every
/// KPI (no org, no usable quarter, a repeated id), with the reasons; and,
/// apart, each reason that leaves more than that share out of some KPIs
/// (an unreadable timestamp, an unknown category …).
fn left_out(report: &IncidentReport) -> Vec<Warning> {
    let mut out = Vec::new();
    let rows = report.rows;
    if rows == 0 {
        return out;
    }
    let over = |n: u64| n as f64 > LEFT_OUT_SHARE * rows as f64;
    let mut every: Vec<(&str, u64)> = Vec::new();
    let mut some: Vec<(&str, u64)> = Vec::new();
    for q in report.quality.iter().filter(|q| q.rows > 0) {
        if EVERY_KPI.contains(&q.reason.as_str()) {
            every.push((q.reason.as_str(), q.rows));
        } else if over(q.rows) {
            some.push((q.reason.as_str(), q.rows));
        }
    }
    every.sort_by_key(|r| std::cmp::Reverse(r.1));
    some.sort_by_key(|r| std::cmp::Reverse(r.1));
    let left = rows.saturating_sub(report.counted);
    if over(left) {
        let reasons: Vec<String> = every
            .iter()
            .map(|(reason, n)| tr("log_reason_count", &[("reason", reason), ("n", n)]))
            .collect();
        out.push((
            tr(
                "log_left_out",
                &[
                    ("n", &left),
                    ("rows", &rows),
                    ("share", &percent(left, rows)),
                    ("reasons", &reasons.join(list_sep())),
                ],
            ),
            tr("log_left_out_help", &[]),
        ));
    }
    if !some.is_empty() {
        let reasons: Vec<String> = some
            .iter()
            .map(|(reason, n)| {
                tr(
                    "log_reason_share",
                    &[("reason", reason), ("n", n), ("share", &percent(*n, rows))],
                )
            })
            .collect();
        out.push((
            tr(
                "log_partly_left_out",
                &[("reasons", &reasons.join(list_sep()))],
            ),
            tr("log_partly_left_out_help", &[]),
        ));
    }
    out
}

/// `'org' / 'unit'`, or `'org' (organisation-wide)` for an empty unit.
fn group_name(org: &str, unit: &str) -> String {
    if unit.is_empty() {
        tr("incidents_org_wide", &[("org", &org)])
    } else {
        tr("incidents_unit_name", &[("org", &org), ("unit", &unit)])
    }
}

/// The first [`LISTED`] of `items`, then "N more".
fn listed(items: &[String]) -> String {
    let mut shown: Vec<String> = items.iter().take(LISTED).cloned().collect();
    if items.len() > LISTED {
        shown.push(tr(
            "incidents_group_more",
            &[("n", &(items.len() - LISTED))],
        ));
    }
    shown.join(list_sep())
}

/// The counted incidents of the log per (org, unit) and per (org, unit,
/// quarter), from its `incidents` rows.
type Groups<'a> = (
    BTreeMap<(&'a str, &'a str), u64>,
    BTreeSet<(&'a str, &'a str, &'a str)>,
);

fn groups(report: &IncidentReport) -> Groups<'_> {
    let mut by_unit = BTreeMap::new();
    let mut by_quarter = BTreeSet::new();
    for r in report.kpis.iter().filter(|r| {
        r.kpi == "incidents" && r.category.is_empty() && r.severity.is_empty() && r.n > 0
    }) {
        *by_unit
            .entry((r.org.as_str(), r.unit.as_str()))
            .or_insert(0) += r.n;
        by_quarter.insert((r.org.as_str(), r.unit.as_str(), r.period.as_str()));
    }
    (by_unit, by_quarter)
}

/// The warnings of an incident log that gives evidence to none of the
/// assessments `keys`:
/// its orgs and units match none of theirs (named on both sides, with the
/// log's incident counts), or they match but in no assessed quarter. And,
/// for an assessed org and unit with no incident of its own, a log's name
/// that differs from it only in case, spaces or character width.
fn unmatched(report: &IncidentReport, keys: &[AssessmentKey]) -> Vec<Warning> {
    let mut out = Vec::new();
    let (by_unit, by_quarter) = groups(report);
    if by_unit.is_empty() || keys.is_empty() {
        // Nothing counted at all: the left-out warning says why.
        return out;
    }
    let assessed: BTreeSet<(&str, &str)> = keys
        .iter()
        .map(|k| (k.org.as_str(), k.unit.as_str()))
        .collect();
    let matched = assessed.iter().any(|a| by_unit.contains_key(a));
    if !matched {
        let mut log: Vec<(&(&str, &str), &u64)> = by_unit.iter().collect();
        log.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let log: Vec<String> = log
            .iter()
            .map(|((org, unit), n)| {
                tr(
                    "incidents_group",
                    &[("name", &group_name(org, unit)), ("n", n)],
                )
            })
            .collect();
        let names: Vec<String> = assessed.iter().map(|(o, u)| group_name(o, u)).collect();
        out.push((
            tr(
                "incidents_match_none",
                &[("log", &listed(&log)), ("assessed", &listed(&names))],
            ),
            tr("incidents_match_none_help", &[]),
        ));
    } else if !keys.iter().any(|k| {
        by_quarter.contains(&(
            k.org.as_str(),
            k.unit.as_str(),
            k.period.to_string().as_str(),
        ))
    }) {
        let log: BTreeSet<&str> = by_quarter
            .iter()
            .filter(|(o, u, _)| assessed.contains(&(*o, *u)))
            .map(|(_, _, p)| *p)
            .collect();
        let log: Vec<String> = log.into_iter().map(String::from).collect();
        let periods: BTreeSet<String> = keys.iter().map(|k| k.period.to_string()).collect();
        let periods: Vec<String> = periods.into_iter().collect();
        out.push((
            tr(
                "incidents_match_no_period",
                &[("log", &listed(&log)), ("assessed", &listed(&periods))],
            ),
            tr("incidents_match_no_period_help", &[]),
        ));
    }
    out.extend(spelled_apart(&by_unit, &assessed));
    out
}

/// For each assessed org and unit without incidents of its own, the log's
/// names that fold to the same text.
fn spelled_apart(
    by_unit: &BTreeMap<(&str, &str), u64>,
    assessed: &BTreeSet<(&str, &str)>,
) -> Vec<Warning> {
    let mut out = Vec::new();
    for (org, unit) in assessed.iter().filter(|a| !by_unit.contains_key(*a)) {
        let key = (folded(org), folded(unit));
        for ((log_org, log_unit), n) in by_unit {
            if (folded(log_org), folded(log_unit)) != key {
                continue;
            }
            let mut example = Vec::new();
            if log_org != org {
                example.push(format!("[values.org] \"{log_org}\" = \"{org}\""));
            }
            if log_unit != unit {
                example.push(format!("[values.unit] \"{log_unit}\" = \"{unit}\""));
            }
            out.push((
                tr(
                    "incidents_spelled_apart",
                    &[
                        (
                            "log",
                            &tr(
                                "incidents_group",
                                &[("name", &group_name(log_org, log_unit)), ("n", n)],
                            ),
                        ),
                        ("assessed", &group_name(org, unit)),
                    ],
                ),
                tr(
                    "incidents_spelled_apart_help",
                    &[("example", &example.join(list_sep()))],
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KpiRow, Period, QualityCount};

    fn reason(reason: &str, rows: u64) -> QualityCount {
        QualityCount {
            reason: reason.into(),
            rows,
            examples: Vec::new(),
            values: Vec::new(),
            sampled: rows,
        }
    }

    fn log(rows: u64, counted: u64, quality: Vec<QualityCount>) -> IncidentReport {
        IncidentReport {
            rows,
            counted,
            quality,
            ..IncidentReport::default()
        }
    }

    #[test]
    fn five_per_cent_left_out_is_quiet_and_one_row_more_warns() {
        // 5 of 100 is not over 5 %.
        let quiet = log(100, 95, vec![reason("missing_org", 5)]);
        assert!(left_out(&quiet).is_empty());
        // 6 of 100: 4 without an org, 2 repeated ids; the larger first.
        let loud = log(
            100,
            94,
            vec![
                reason("missing_org", 4),
                reason("missing_period", 0),
                reason("duplicate_id", 2),
            ],
        );
        let w = left_out(&loud);
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].0,
            "6 of 100 incident rows (6.0 %) are left out of every KPI: missing_org 4, duplicate_id 2"
        );
    }

    #[test]
    fn a_reason_that_spoils_one_kpi_on_many_rows_gets_its_own_warning() {
        // 300 of 2,000 reported_at cells unreadable: 15 %, the others under 5 %.
        let report = log(
            2000,
            2000,
            vec![
                reason("unparsable_reported_at", 300),
                reason("unknown_category", 100),
            ],
        );
        let w = left_out(&report);
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].0,
            "some KPIs rest on fewer rows than the log has: unparsable_reported_at 300 (15.0 %)"
        );
    }

    fn incidents(org: &str, unit: &str, period: &str, n: u64) -> KpiRow {
        KpiRow {
            org: org.into(),
            unit: unit.into(),
            period: period.into(),
            category: String::new(),
            severity: String::new(),
            kpi: "incidents".into(),
            value: Some(n as f64),
            n,
        }
    }

    fn key(org: &str, unit: &str, period: &str) -> AssessmentKey {
        AssessmentKey {
            org: org.into(),
            unit: unit.into(),
            period: period
                .parse::<Period>()
                .unwrap_or_else(|()| panic!("{period}")),
        }
    }

    #[test]
    fn a_log_of_other_names_is_named_with_its_counts_beside_the_assessed_ones() {
        let report = IncidentReport {
            kpis: vec![
                incidents("Acme", "", "2026-Q1", 5),
                incidents("Acme", "SOC", "2026-Q1", 100),
                incidents("Acme", "SOC", "2026-Q2", 65),
            ],
            ..IncidentReport::default()
        };
        let w = unmatched(&report, &[key("Kitsune", "HQ", "2026-Q1")]);
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].0,
            "no incident of the log belongs to an assessed org and unit, so no answer gets \
             evidence: the log has 'Acme' / 'SOC' (165), 'Acme' (organisation-wide) (5); the \
             assessments are of 'Kitsune' / 'HQ'"
        );
        assert!(w[0].1.contains("matched exactly"), "{}", w[0].1);
        // The same names in another quarter.
        let w = unmatched(&report, &[key("Acme", "SOC", "2025-Q4")]);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].0
                .ends_with("the log covers 2026-Q1, 2026-Q2; the assessments are of 2025-Q4"),
            "{}",
            w[0].0
        );
        // A match in one quarter is enough.
        assert!(unmatched(&report, &[key("Acme", "SOC", "2026-Q2")]).is_empty());
    }

    #[test]
    fn names_that_differ_only_in_width_case_or_spaces_are_shown_side_by_side() {
        let report = IncidentReport {
            kpis: vec![
                incidents("きつね物流", "本社ＣＳＩＲＴ", "2026-Q3", 40),
                incidents("きつね物流", "大阪DC", "2026-Q3", 12),
            ],
            ..IncidentReport::default()
        };
        let keys = [
            key("きつね物流", "本社 csirt", "2026-Q3"),
            key("きつね物流", "大阪DC", "2026-Q3"),
        ];
        let w = unmatched(&report, &keys);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            w[0].0,
            "the incidents of 'きつね物流' / '本社ＣＳＩＲＴ' (40) are not used for the assessment \
             of 'きつね物流' / '本社 csirt': the names differ only in case, spaces or character width"
        );
        assert!(
            w[0].1
                .ends_with("e.g. [values.unit] \"本社ＣＳＩＲＴ\" = \"本社 csirt\""),
            "{}",
            w[0].1
        );
    }

    #[test]
    fn a_column_read_as_the_detection_and_the_report_time_names_both_and_the_interval() {
        let mapping = Mapping::parse(
            "[columns]\ndetected_at = \"Created\"\nreported_at = \"Created\"\nid = \"Ticket\"\n",
            Path::new("map.toml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let w = shared_columns(&mapping, Some(Path::new("map.toml")));
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].0,
            "map.toml: the mapping reads the column 'Created' as detected_at, reported_at"
        );
        assert!(
            w[0].1.ends_with(
                "time_to_report would be 0 h on every incident, so it is left out \
                 (insufficient data) and cannot corroborate an answer"
            ),
            "{}",
            w[0].1
        );
    }
}
