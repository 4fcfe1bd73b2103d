//! The units of one organisation side by side in its latest quarter,
//! weakest first, and the units that were not assessed in it.

use super::{CategoryCell, Standing};
use crate::input::target::Target;
use crate::model::{Assessment, Period, Questionnaire};

/// The latest quarter of any of the series (`None` when there is none).
pub fn latest(org_series: &[&[Assessment]]) -> Option<Period> {
    org_series
        .iter()
        .filter_map(|s| s.last())
        .map(|a| a.key.period)
        .max()
}

/// The units assessed in `latest`, weakest first: lowest overall level (none
/// at all last), then lowest overall score (none last), then unit name.
pub fn ranking<'a>(
    org_series: &[&'a [Assessment]],
    latest: Period,
    q: &Questionnaire,
    target: Option<&Target>,
) -> Vec<Standing<'a>> {
    let mut ranked: Vec<&Assessment> = org_series
        .iter()
        .filter_map(|s| s.iter().find(|a| a.key.period == latest))
        .collect();
    ranked.sort_by(|a, b| {
        let level = |x: &Assessment| x.overall_level.map_or(u16::MAX, u16::from);
        let score = |x: &Assessment| x.overall.score.unwrap_or(f64::INFINITY);
        level(a)
            .cmp(&level(b))
            .then(score(a).total_cmp(&score(b)))
            .then_with(|| a.key.unit.cmp(&b.key.unit))
    });
    ranked
        .into_iter()
        .map(|a| Standing {
            assessment: a,
            cells: q
                .categories
                .iter()
                .map(|cat| {
                    let r = a.category(&cat.key);
                    let level = r.and_then(|r| r.level);
                    CategoryCell {
                        level,
                        score: r.and_then(|r| r.group.score),
                        below_target: target
                            .zip(level)
                            .is_some_and(|(t, l)| l < t.level(&cat.key)),
                    }
                })
                .collect(),
            weakest: a
                .categories
                .iter()
                .filter(|c| a.overall_level.is_some() && c.level == a.overall_level)
                .map(|c| c.key.as_str())
                .collect(),
        })
        .collect()
}

/// The last assessment of every series that ends before `latest`.
pub fn not_in_latest<'a>(org_series: &[&'a [Assessment]], latest: Period) -> Vec<&'a Assessment> {
    org_series
        .iter()
        .filter_map(|s| s.last())
        .filter(|a| a.key.period != latest)
        .collect()
}
