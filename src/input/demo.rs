//! The example data `imcm demo` runs on, embedded in the binary.

/// The example answers `imcm demo` uses (a copy of `examples/data/answers.csv`).
pub const DEMO_ANSWERS: &str = include_str!("../../examples/data/answers.csv");
/// The example incident log `imcm demo` uses (`examples/data/incidents.csv`).
pub const DEMO_INCIDENTS: &str = include_str!("../../examples/data/incidents.csv");
/// How the demo's answers are named in messages and provenance records.
pub const DEMO_ANSWERS_LABEL: &str = "built-in:examples/data/answers.csv";
/// How the demo's incident log is named in messages and provenance records.
pub const DEMO_INCIDENTS_LABEL: &str = "built-in:examples/data/incidents.csv";
