//! The `scenario` target: see `corsim_fuzz::scenario` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| corsim_fuzz::scenario(data));
