//! Pure steps across assessments: comparison of quarters and units, and the
//! evidence-request list drawn from the questionnaire. No I/O, no clock, no
//! formatting; decisions are made on numbers.

pub mod compare;
pub mod evidence_request;
