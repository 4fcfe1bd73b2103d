//! `imcm incidents import`: turn VERIS records, MISP events or TheHive
//! cases into a canonical incident log, and summarise what was kept.

use super::say;
use crate::cli::EventSource;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::questionnaire;
use crate::output;
use std::path::Path;

/// Refuse to replace an existing `path` unless `force`.
fn refuse_existing(path: &Path, force: bool) -> Result<()> {
    if !force && output::target_exists(path)? {
        return Err(Error::Output {
            path: path.to_path_buf(),
            message: tr("exists_use_force", &[]),
        });
    }
    Ok(())
}

/// Import VERIS records from a folder or archive into `out`.
pub(super) fn veris(
    path: &Path,
    out: &Path,
    org: &str,
    force: bool,
    list_rejected: bool,
) -> Result<()> {
    use crate::input::import::veris;
    use crate::input::incidents;
    output::check_not_input(out, &[path.to_path_buf()])?;
    refuse_existing(out, force)?;
    let mut importer = veris::Importer::new(org);
    let skipped = veris::visit_records(path, &mut |name, bytes| importer.add(&name, &bytes))?;
    incidents::warn_skipped(&skipped);
    let imported = importer.finish();
    if imported.records == 0 {
        return Err(Error::Incidents {
            path: path.to_path_buf(),
            message: tr("veris_none", &[]),
        });
    }
    if imported.rows.is_empty() {
        return Err(incidents::nothing_kept(
            path,
            imported.records,
            &imported.rejected,
            list_rejected,
        ));
    }
    for line in incidents::rejection_lines(&imported.rejected, list_rejected) {
        say(&line);
    }
    super::incident_checks::warn_rejected(imported.records, imported.rejected.len());
    let parquet = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    let bytes = if parquet {
        crate::export::parquet::veris_parquet(&imported.rows)?
    } else {
        crate::export::imported::veris_csv(&imported.rows)?
    };
    output::write_atomic(out, &bytes)?;
    let total = imported.rows.len().max(1) as f64;
    let pct = |n: usize| format!("{:.1}%", 100.0 * n as f64 / total);
    let line = |what: &str, c: veris::DurationCounts| {
        let mut l = tr(
            "veris_duration",
            &[
                ("what", &tr(what, &[])),
                ("unit", &c.with_unit),
                ("share", &pct(c.with_unit)),
                ("hours", &c.with_hours),
                ("special", &c.special),
                ("missing", &c.missing),
            ],
        );
        l.push('\n');
        l
    };
    let (by_day, by_month) = imported.placed();
    let summary = format!(
        "{}\n{}{}{}\n{}\n{}\n{}\n",
        tr(
            "veris_read",
            &[
                ("records", &imported.records),
                ("path", &path.display()),
                ("merged", &imported.merged),
                ("incidents", &imported.rows.len()),
            ],
        ),
        line("veris_discovery", imported.duration_counts("discovery")),
        line("veris_containment", imported.duration_counts("containment")),
        tr(
            "veris_both",
            &[
                ("n", &imported.with_both_units()),
                ("share", &pct(imported.with_both_units())),
            ],
        ),
        tr(
            "veris_placed",
            &[
                ("day", &by_day),
                ("month", &by_month),
                ("unplaced", &imported.unplaced()),
                ("share", &pct(imported.unplaced())),
            ],
        ),
        tr("veris_rejected", &[("n", &imported.rejected.len())]),
        tr("wrote", &[("path", &out.display())]),
    );
    output::write_stdout(crate::sanitize::terminal_safe(&summary).as_bytes())
}

/// Import MISP events or TheHive cases into `out`.
pub(super) fn events(
    from: EventSource,
    path: &Path,
    out: &Path,
    org: Option<&str>,
    force: bool,
    list_rejected: bool,
) -> Result<()> {
    use crate::input::import::{misp, thehive, veris};
    use crate::input::incidents;
    output::check_not_input(out, &[path.to_path_buf()])?;
    refuse_existing(out, force)?;
    let mut documents = 0usize;
    let (rows, rejected, columns, headline) = match from {
        EventSource::Misp => {
            let mut i = misp::Imported::default();
            let skipped = veris::visit_records(path, &mut |name, bytes| {
                documents += 1;
                i.add_document(&name, &bytes, org);
            })?;
            incidents::warn_skipped(&skipped);
            let headline = tr(
                "misp_read",
                &[
                    ("events", &i.rows.len()),
                    ("path", &path.display()),
                    ("multi", &i.multi_class),
                    ("unclassified", &i.unclassified),
                ],
            );
            (i.rows, i.rejected, misp::import_columns(), headline)
        }
        EventSource::TheHive => {
            let q = questionnaire::default_questionnaire()?.questionnaire;
            let mut i = thehive::Imported::default();
            let skipped = veris::visit_records(path, &mut |name, bytes| {
                documents += 1;
                i.add_document(
                    &name,
                    &bytes,
                    org.unwrap_or("TheHive"),
                    &q.incidents.categories,
                );
            })?;
            incidents::warn_skipped(&skipped);
            let headline = tr(
                "thehive_read",
                &[("cases", &i.rows.len()), ("path", &path.display())],
            );
            (i.rows, i.rejected, thehive::import_columns(), headline)
        }
    };
    let imported = misp::Imported {
        rows,
        rejected,
        ..Default::default()
    };
    if documents == 0 || (imported.rows.is_empty() && imported.rejected.is_empty()) {
        return Err(Error::Incidents {
            path: path.to_path_buf(),
            message: tr("misp_none", &[]),
        });
    }
    if imported.rows.is_empty() {
        return Err(incidents::nothing_kept(
            path,
            documents,
            &imported.rejected,
            list_rejected,
        ));
    }
    for line in incidents::rejection_lines(&imported.rejected, list_rejected) {
        say(&line);
    }
    super::incident_checks::warn_rejected(
        imported.rows.len() + imported.rejected.len(),
        imported.rejected.len(),
    );
    let parquet = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    let bytes = if parquet {
        crate::export::parquet::rows_to_parquet(&imported.rows, &columns)?
    } else {
        crate::export::imported::rows_to_csv(&imported.rows, &columns)?
    };
    output::write_atomic(out, &bytes)?;
    let counts = category_counts(&imported.rows);
    let summary = format!(
        "{}\n{}\n{}\n",
        headline,
        tr("misp_categories", &[("counts", &counts)]),
        tr("wrote", &[("path", &out.display())]),
    );
    output::write_stdout(crate::sanitize::terminal_safe(&summary).as_bytes())
}

/// The incidents per category, `category n` joined for the summary line
/// (the unclassified ones under their own word).
fn category_counts(rows: &[crate::input::import::veris::Row]) -> String {
    let mut per_category: std::collections::BTreeMap<&str, usize> = Default::default();
    for r in rows {
        *per_category
            .entry(r.get("category").map_or("", String::as_str))
            .or_default() += 1;
    }
    per_category
        .iter()
        .map(|(c, n)| {
            let c = if c.is_empty() {
                tr("misp_unclassified", &[])
            } else {
                (*c).to_string()
            };
            format!("{c} {n}")
        })
        .collect::<Vec<_>>()
        .join(crate::i18n::list_sep())
}
