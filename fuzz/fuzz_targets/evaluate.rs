//! The `evaluate` target: see `corsim_fuzz::evaluate` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| corsim_fuzz::evaluate(data));
