//! imcm scores an organisation's incident-management capability against the
//! CERT/CC Incident Management Capability Metrics (Protect, Detect, Respond,
//! Sustain) from assessors' answers, and renders bilingual reports.
//!
//! The folders are the pipeline, and data flows one way:
//! [`input`] (files → [`model`]) → [`provenance`] (what was read) →
//! [`scoring`] (pure) → [`analysis`] (pure, across assessments) →
//! [`report`] / [`export`] (bytes, never written by them) → [`output`] (the
//! only writer). [`cli`] turns argv into a typed [`cli::RunConfig`] and
//! [`cmd`] runs the stages in order for each subcommand. [`model`],
//! [`error`], [`fs`], [`format`](mod@format), [`i18n`], [`limits`] and [`sanitize`] are
//! shared by all. A part uses only the parts before it and the shared ones
//! (`tests/layering.rs` checks it); polars is used only in
//! [`input::incidents`] and [`export::parquet`].
//!
//! ```
//! use imcm::input::{answers, questionnaire};
//! use imcm::scoring;
//!
//! let q = questionnaire::default_questionnaire()?.questionnaire;
//! let csv = "org,unit,period,metric,status\nAcme,,2026-Q3,3.1.1,yes\nAcme,,2026-Q3,3.1.2,partial\n";
//! let set = answers::load_bytes(std::path::Path::new("inline.csv"), csv.as_bytes(), &q)?;
//! let (key, rows) = set.assessments.iter().next().expect("one assessment");
//! let a = scoring::score(&q, key, rows);
//! // Subcategory 3.1: 3.1.1 (Priority I, yes) earns 3 and 3.1.2 (Priority I,
//! // partial) 1.5 of a scored weight of 6; 3.1.3 has no answer (not observed).
//! assert_eq!(a.subcategory("3.1").and_then(|s| s.score), Some(75.0));
//! assert_eq!(a.subcategory("3.1").and_then(|s| s.coverage), Some(2.0 / 3.0));
//! # Ok::<(), imcm::Error>(())
//! ```

#![warn(missing_docs, clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod analysis;
pub mod cli;
pub mod cmd;
pub mod error;
pub mod export;
pub mod format;
pub mod fs;
pub mod fuzzing;
pub mod i18n;
pub mod input;
pub mod limits;
pub mod model;
pub mod output;
pub mod provenance;
pub mod report;
pub mod sanitize;
pub mod scoring;

pub use error::{Error, Result};

/// Run one command.
///
/// # Errors
/// Any input problem or I/O failure, described for the user.
pub fn run(config: cli::RunConfig) -> Result<()> {
    cmd::run(config)
}
