//! imcm scores an organisation's incident-management capability against the
//! CERT/CC Incident Management Capability Metrics (Protect, Detect, Respond,
//! Sustain) from assessors' answers, and renders bilingual reports.
//!
//! Data flows one way: [`cli`] → [`questionnaire`], [`answers`] → [`model`] →
//! [`scoring`] → [`report`] / [`export`] → [`output`].

#![warn(missing_docs, clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod answers;
pub mod cli;
pub mod commands;
pub mod error;
pub mod export;
pub mod fs;
pub mod model;
pub mod output;
pub mod questionnaire;
pub mod report;
pub mod scoring;
pub mod target;

pub use error::{Error, Result};

/// Run one command.
///
/// # Errors
/// Any input problem or I/O failure, described for the user.
pub fn run(config: cli::RunConfig) -> Result<()> {
    commands::run(config)
}
