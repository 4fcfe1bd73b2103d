//! Fuzz target: see `imcm::fuzzing::questionnaire_toml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| imcm::fuzzing::questionnaire_toml(data));
