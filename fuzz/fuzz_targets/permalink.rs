//! The `permalink` target: see `corsim_fuzz::permalink` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| corsim_fuzz::permalink(data));
