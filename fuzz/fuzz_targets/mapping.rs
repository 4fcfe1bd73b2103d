//! Fuzz target: see `imcm::fuzzing::mapping`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| imcm::fuzzing::mapping(data));
