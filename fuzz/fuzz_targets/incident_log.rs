//! Fuzz target: see `imcm::fuzzing::incident_log`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| imcm::fuzzing::incident_log(data));
