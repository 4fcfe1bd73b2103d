//! Files → model: every parser of what the user gives imcm. Each checks its
//! input and reports [`crate::error::Problem`]s with file, line, column and
//! a fix; nothing here scores, renders or writes.

pub mod answers;
pub mod config_file;
pub mod demo;
pub mod effort;
pub mod encoding;
pub mod import;
pub mod incidents;
pub mod questionnaire;
pub mod target;
