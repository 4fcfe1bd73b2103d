//! Fuzz target: see `imcm::fuzzing::answers`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| imcm::fuzzing::answers(data));
