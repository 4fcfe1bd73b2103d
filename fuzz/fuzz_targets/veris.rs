//! Fuzz target: see `imcm::fuzzing::veris`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| imcm::fuzzing::veris(data));
