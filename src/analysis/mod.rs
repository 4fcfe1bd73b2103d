//! Pure steps across assessments: comparison of quarters and units. No I/O,
//! no clock, no formatting; decisions are made on numbers.

pub mod compare;
