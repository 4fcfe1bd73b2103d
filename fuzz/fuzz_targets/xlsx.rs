//! Fuzz target: see `imcm::fuzzing::xlsx`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| imcm::fuzzing::xlsx(data));
