//! Pure steps across assessments: comparison of quarters and units, the
//! evidence-request list drawn from the questionnaire, and the roadmap to a
//! target level (`plan`). No I/O, no clock, no formatting; decisions are
//! made on numbers.

pub mod compare;
pub mod evidence_request;
pub mod plan;
