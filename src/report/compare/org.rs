//! One organisation's section of the comparison page: its units side by
//! side in its latest quarter, as a heatmap and a ranking, above the unit
//! sections; and the rows of the largest drops, which link to them.

use super::CompareInput;
use super::fmt::{Fmt, anchor, label, signed};
use super::unit::level_change;
use super::view::{DropRow, OrgSection, RankCell, RankRow, UnitSection};
use crate::analysis::compare::{CategoryDrop, OrgComparison, Standing};
use crate::error::Result;
use crate::report::charts::heatmap::{self, HeatCell, HeatData, HeatRow};
use crate::report::charts::{ChartTable, label_svg};
use crate::report::context::Chart;

/// The section of one organisation around its `units`; its heatmap is added
/// to `charts`.
///
/// # Errors
/// [`crate::Error::Chart`] if the heatmap cannot be drawn.
pub(super) fn org_section(
    o: &OrgComparison<'_>,
    units: Vec<UnitSection>,
    input: &CompareInput<'_>,
    f: &Fmt<'_>,
    charts: &mut Vec<Chart>,
) -> Result<OrgSection> {
    let not_in_latest = o
        .not_in_latest
        .iter()
        .map(|a| format!("{} ({})", f.unit(&a.key.unit), a.key.period))
        .collect();
    let columns: Vec<String> =
        f.q.categories
            .iter()
            .map(|c| c.name.get(f.lang).to_string())
            .collect();
    let heat = HeatData {
        columns: {
            let mut c = columns.clone();
            c.push(label(f.t, "overall").to_string());
            c
        },
        rows: o.ranking.iter().map(|s| heat_row(s, f)).collect(),
    };
    // The organisation's folder name (as in unit_folders): short, and
    // different for every organisation.
    let org_folder = crate::report::folder_name(o.org);
    let heat_name = format!("heatmap-{org_folder}");
    let heatmap_table = heat_table(&heat, &org_folder, o, f);
    let heatmap_svg = label_svg(heatmap::draw_heatmap(&heat, &heat_name)?, &heatmap_table);
    charts.push(Chart {
        file: format!("charts/{heat_name}.svg"),
        svg: heatmap_svg.clone(),
    });
    let ranking = o
        .ranking
        .iter()
        .enumerate()
        .map(|(i, s)| rank_row(i, s, input, f))
        .collect();
    Ok(OrgSection {
        anchor: format!("o-{org_folder}"),
        name: o.org.to_string(),
        latest: o.latest.to_string(),
        heatmap_svg,
        heatmap_table,
        columns,
        ranking,
        not_in_latest,
        units,
    })
}

/// The heatmap's figures: a row per unit with the text of each cell.
fn heat_table(heat: &HeatData, org_folder: &str, o: &OrgComparison<'_>, f: &Fmt<'_>) -> ChartTable {
    let mut header = vec![label(f.t, "unit").to_string()];
    header.extend(heat.columns.iter().cloned());
    ChartTable {
        id: format!("chart-heatmap-{org_folder}"),
        caption: super::fmt::fill(
            label(f.t, "heatmap_title"),
            &[("org", o.org.to_string()), ("period", o.latest.to_string())],
        ),
        header,
        rows: heat
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![r.label.clone()];
                row.extend(r.cells.iter().map(|c| c.text.clone()));
                row
            })
            .collect(),
    }
}

/// A unit's heatmap row: its categories, then overall.
fn heat_row(s: &Standing<'_>, f: &Fmt<'_>) -> HeatRow {
    let a = s.assessment;
    let mut cells: Vec<HeatCell> = s
        .cells
        .iter()
        .map(|c| HeatCell {
            level: c.level,
            text: f.cell(c.level, c.score),
            below_target: c.below_target,
        })
        .collect();
    cells.push(HeatCell {
        level: a.overall_level,
        text: f.cell(a.overall_level, a.overall.score),
        below_target: false,
    });
    HeatRow {
        label: f.unit(&a.key.unit),
        cells,
    }
}

/// A unit's row in the ranking, `i` from 0 for the weakest.
fn rank_row(i: usize, s: &Standing<'_>, input: &CompareInput<'_>, f: &Fmt<'_>) -> RankRow {
    let a = s.assessment;
    RankRow {
        position: (i + 1).to_string(),
        unit: f.unit(&a.key.unit),
        anchor: anchor(input.folder_of(a)),
        level: f.level(a.overall_level),
        score: f.score(a.overall.score),
        weakest: f.weakest(&s.weakest),
        cells: s
            .cells
            .iter()
            .map(|c| RankCell {
                text: f.cell(c.level, c.score),
                below_target: c.below_target,
            })
            .collect(),
    }
}

/// A row of the largest drops.
pub(super) fn drop_row(d: &CategoryDrop<'_>, input: &CompareInput<'_>, f: &Fmt<'_>) -> DropRow {
    DropRow {
        org: d.from.key.org.clone(),
        unit: f.unit(&d.from.key.unit),
        anchor: anchor(input.folder_of(d.from)),
        pair: format!("{} → {}", d.from.key.period, d.to.key.period),
        category: f.category(d.category),
        delta: signed(d.total, 2),
        levels: level_change(f, d.from_level, d.to_level),
    }
}
