//! What a mistyped cell most likely meant: the calendar quarter behind a
//! period written another way (`2026 Q3`, `2026/07`, `2026年第3四半期`), or
//! why it cannot be told (`FY2026 Q2`), and the status nearest a typo.

use crate::model::{Period, Questionnaire};
use unicode_normalization::UnicodeNormalization;

/// NFKC-fold a cell and trim it: full-width letters, digits and
/// punctuation (`ＹＥＳ`, `１．３．２`) become what they stand for.
pub(crate) fn fold(cell: &str) -> String {
    let folded: String = cell.nfkc().collect();
    folded.trim().to_string()
}

/// What a period cell that is not `YYYY-Qn` most likely means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PeriodHint {
    /// A calendar quarter written another way.
    Quarter(Period),
    /// A month or a day: the quarter that holds it.
    Within(Period),
    /// A fiscal quarter: the calendar quarter if the fiscal year starts in
    /// April, and if it starts in January.
    Fiscal {
        /// With an April start (usual in Japan).
        april: Period,
        /// With a January start.
        january: Period,
    },
    /// `2026-3`: the third month or the third quarter.
    MonthOrQuarter {
        /// Read as a month.
        month: Period,
        /// Read as a quarter.
        quarter: Period,
    },
}

fn quarter_of_month(year: i32, month: u32) -> Option<Period> {
    (1..=12).contains(&month).then(|| Period {
        year,
        quarter: ((month - 1) / 3 + 1) as u8,
    })
}

/// The runs of ASCII digits in `s`, with whether a letter `Q` (or `第`)
/// stands right before each and what follows it.
fn numbers(s: &str) -> Vec<(u32, usize, bool, &str)> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let before = s[..start].trim_end();
            let q = before.ends_with(['q', 'Q']) || before.ends_with('第');
            if let Ok(n) = s[start..i].parse() {
                out.push((n, i - start, q, &s[i..]));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The quarter a period cell written another way most likely means, or
/// `None` when nothing in it reads as a year and a quarter or a month.
pub(crate) fn period_hint(raw: &str) -> Option<PeriodHint> {
    let s = fold(raw);
    let lower = s.to_lowercase();
    let nums = numbers(&s);
    let (year, year_len, _, _) = *nums.iter().find(|n| n.1 == 4)?;
    let year = i32::try_from(year).ok()?;
    let rest: Vec<&(u32, usize, bool, &str)> = nums.iter().filter(|n| n.1 != 4).collect();
    let fiscal = lower.contains("fy") || s.contains("年度");
    let quarter_word = s.contains("四半期") || lower.contains('q');
    match rest.as_slice() {
        [(n, _, marked, after)] if (*marked || quarter_word) && (1..=4).contains(n) => {
            let quarter = *n as u8;
            let after_quarter = *marked || after.trim_start().starts_with("四半期");
            if !after_quarter && !lower.contains('q') {
                return None;
            }
            let p = Period { year, quarter };
            if fiscal {
                let april = if quarter == 4 {
                    Period {
                        year: year + 1,
                        quarter: 1,
                    }
                } else {
                    Period {
                        year,
                        quarter: quarter + 1,
                    }
                };
                Some(PeriodHint::Fiscal { april, january: p })
            } else {
                Some(PeriodHint::Quarter(p))
            }
        }
        [(m, len, false, _)] if !fiscal && !quarter_word => {
            let month = quarter_of_month(year, *m)?;
            if *len == 1 && (1..=4).contains(m) && !s.contains('月') {
                let quarter = Period {
                    year,
                    quarter: *m as u8,
                };
                return Some(PeriodHint::MonthOrQuarter { month, quarter });
            }
            Some(PeriodHint::Within(month))
        }
        [(m, _, false, _), (d, _, false, _)] if !fiscal && !quarter_word && *d <= 31 => {
            let _ = year_len;
            quarter_of_month(year, *m).map(PeriodHint::Within)
        }
        _ => None,
    }
}

/// The help line for a period cell, with the suggestion when there is one.
pub(crate) fn period_help(raw: &str) -> String {
    use crate::i18n::tr;
    let raw = super::row::clip(raw);
    match period_hint(&raw) {
        Some(PeriodHint::Quarter(p)) => tr("period_means", &[("period", &p)]),
        Some(PeriodHint::Within(p)) => tr("period_within", &[("raw", &raw), ("period", &p)]),
        Some(PeriodHint::Fiscal { april, january }) => tr(
            "period_fiscal",
            &[("raw", &raw), ("april", &april), ("january", &january)],
        ),
        Some(PeriodHint::MonthOrQuarter { month, quarter }) => tr(
            "period_month_or_quarter",
            &[("raw", &raw), ("month", &month), ("quarter", &quarter)],
        ),
        None => tr("bad_period_help", &[]),
    }
}

/// The status key whose key, alias or label (in either language) is
/// nearest a typed status, when one is near.
pub(crate) fn status_hint<'q>(q: &'q Questionnaire, raw: &str) -> Option<&'q str> {
    let wanted = fold(raw).to_lowercase();
    let n = wanted.chars().count();
    q.statuses
        .iter()
        .flat_map(|s| {
            [s.key.as_str(), s.label.en.as_str(), s.label.ja.as_str()]
                .into_iter()
                .chain(s.aliases.iter().map(String::as_str))
                .map(move |spelling| (spelling.to_lowercase(), s.key.as_str()))
        })
        .map(|(spelling, key)| (strsim::osa_distance(&wanted, &spelling), key, spelling))
        .filter(|(d, _, spelling)| {
            // One slip in a short word, two in a longer one.
            let room = if n.min(spelling.chars().count()) <= 4 {
                1
            } else {
                2
            };
            *d > 0 && *d <= room
        })
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, key, _)| key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn periods_written_other_ways_get_the_quarter_they_mean() {
        for raw in [
            "2026 Q3",
            "2026Q3",
            "Q3 2026",
            "2026/Q3",
            "２０２６ Ｑ３",
            "2026年第3四半期",
            "2026年 第３四半期",
        ] {
            assert_eq!(
                period_hint(raw),
                Some(PeriodHint::Quarter(p("2026-Q3"))),
                "{raw}"
            );
        }
        for raw in ["2026/07", "2026-07", "2026年7月", "2026/9/30", "2026-08-15"] {
            assert_eq!(
                period_hint(raw),
                Some(PeriodHint::Within(p("2026-Q3"))),
                "{raw}"
            );
        }
        assert_eq!(
            period_hint("FY2026 Q2"),
            Some(PeriodHint::Fiscal {
                april: p("2026-Q3"),
                january: p("2026-Q2")
            })
        );
        assert_eq!(
            period_hint("2026年度第4四半期"),
            Some(PeriodHint::Fiscal {
                april: p("2027-Q1"),
                january: p("2026-Q4")
            })
        );
        assert_eq!(
            period_hint("2026-3"),
            Some(PeriodHint::MonthOrQuarter {
                month: p("2026-Q1"),
                quarter: p("2026-Q3")
            })
        );
        for raw in ["Q3", "soon", "2026/13", "2026 Q7", ""] {
            assert_eq!(period_hint(raw), None, "{raw}");
        }
    }

    #[test]
    fn a_typed_status_gets_the_nearest_status() {
        let q = crate::input::questionnaire::default_questionnaire()
            .unwrap()
            .questionnaire;
        assert_eq!(status_hint(&q, "yse"), Some("yes"));
        assert_eq!(status_hint(&q, "partail"), Some("partial"));
        assert_eq!(status_hint(&q, "nott applicable"), Some("not_applicable"));
        assert_eq!(status_hint(&q, "maybe"), None);
        assert_eq!(status_hint(&q, "yes"), None, "an exact match is no typo");
    }

    #[test]
    fn full_width_cells_fold_to_ascii() {
        assert_eq!(fold(" ＹＥＳ "), "YES");
        assert_eq!(fold("１．３．２"), "1.3.2");
        assert_eq!(fold("２０２６－Ｑ３"), "2026-Q3");
    }
}
