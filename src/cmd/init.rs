//! `imcm init`: write an empty answer template (an interview workbook or a
//! CSV file) for a questionnaire, pre-filled with the assessment's org, unit,
//! quarter and respondent, for all categories or the chosen ones; or, with
//! `--evidence-request`, the list of documents to ask for before the
//! interviews.

use super::say;
use crate::analysis::evidence_request::evidence_requests;
use crate::error::{Error, Result};
use crate::export::template::{self, Prefill};
use crate::i18n::tr;
use crate::input::questionnaire;
use crate::model::Questionnaire;
use crate::{export, output};
use std::path::Path;

/// Where and how `init` writes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Output<'a> {
    /// Destination; standard output when `None`.
    pub(super) path: Option<&'a Path>,
    /// Replace an existing destination.
    pub(super) force: bool,
    /// A workbook rather than CSV.
    pub(super) xlsx: bool,
    /// The evidence-request list rather than the answer template.
    pub(super) evidence_request: bool,
}

/// Write the template (or the evidence-request list) to `out`, keeping an
/// existing file unless `out.force`.
pub(super) fn run(name: &str, fill: &Prefill, out: Output<'_>) -> Result<()> {
    if let Some(path) = out.path
        && !out.force
        && output::target_exists(path)?
    {
        return Err(Error::Output {
            path: path.to_path_buf(),
            message: tr("output_exists", &[]),
        });
    }
    let q = questionnaire::load(name)?.questionnaire;
    check_categories(&q, &fill.categories)?;
    let (bytes, summary) = if out.evidence_request {
        evidence_request(&q, fill, out.xlsx)?
    } else {
        answer_template(&q, fill, out.xlsx)?
    };
    match out.path {
        None => output::write_stdout(&bytes),
        Some(path) => {
            output::write_atomic(path, &bytes)?;
            say(&summary(path));
            Ok(())
        }
    }
}

/// What `run` writes and the line it says once written, given the path.
type Written = (Vec<u8>, Box<dyn Fn(&Path) -> String>);

/// The answer template's bytes and summary.
fn answer_template(q: &Questionnaire, fill: &Prefill, xlsx: bool) -> Result<Written> {
    let bytes = if xlsx {
        export::xlsx::answer_template(q, fill)?
    } else {
        export::answer_template(q, fill)?
    };
    let n = metric_count(q, &fill.categories);
    let statuses = q
        .statuses
        .iter()
        .map(|s| s.label.get(fill.lang).to_string())
        .collect::<Vec<_>>()
        .join(crate::i18n::list_sep());
    let summary = move |path: &Path| {
        tr(
            "wrote_template",
            &[
                ("path", &path.display()),
                ("n", &n),
                ("statuses", &statuses),
            ],
        )
    };
    Ok((bytes, Box::new(summary)))
}

/// The evidence-request list's bytes and summary.
fn evidence_request(q: &Questionnaire, fill: &Prefill, xlsx: bool) -> Result<Written> {
    let requests = evidence_requests(q, &fill.categories, fill.lang);
    let bytes = if xlsx {
        let areas = template::selected_categories(q, &fill.categories);
        let about = template::about(fill, &areas);
        export::xlsx::evidence_request(&requests, &about, fill.lang, fill.period)?
    } else {
        export::evidence_request::evidence_request_csv(&requests, fill.lang)?
    };
    let total = metric_count(q, &fill.categories);
    let mut with: Vec<&str> = requests.iter().map(|r| r.metric.as_str()).collect();
    with.dedup();
    let (n, metrics) = (requests.len(), with.len());
    let summary = move |path: &Path| {
        tr(
            "wrote_evidence_request",
            &[
                ("path", &path.display()),
                ("n", &n),
                ("metrics", &metrics),
                ("total", &total),
            ],
        )
    };
    Ok((bytes, Box::new(summary)))
}

/// How many metrics the chosen categories hold.
fn metric_count(q: &Questionnaire, keys: &[String]) -> usize {
    template::selected_categories(q, keys)
        .iter()
        .map(|c| q.metrics_in_category(c).count())
        .sum()
}

/// `--category`: every key must be one of the questionnaire's categories.
fn check_categories(q: &Questionnaire, keys: &[String]) -> Result<()> {
    match keys.iter().find(|k| q.category(k).is_none()) {
        Some(k) => Err(Error::UnknownCategory {
            given: k.clone(),
            available: q.categories.iter().map(|c| c.key.clone()).collect(),
        }),
        None => Ok(()),
    }
}
