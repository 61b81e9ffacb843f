//! The `import` target: see `corsim_fuzz::import` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| corsim_fuzz::import(data));
