//! Every input a fuzz target ever crashed on, kept in
//! `fuzz/regressions/<target>/`, replayed through the target's own checks
//! (`fuzz/src/lib.rs`, compiled in here too) on every `cargo test`, so that
//! a fixed crash stays fixed without cargo-fuzz.

#[path = "../../fuzz/src/lib.rs"]
mod checks;

use std::path::Path;

/// The inputs kept for `target`, with their names.
fn kept(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions")
        .join(target);
    // Git keeps no empty directory: none yet is no input yet.
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut inputs: Vec<(String, Vec<u8>)> = entries
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_file() && path.extension().is_none_or(|e| e != "md"))
        .map(|path| {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let bytes =
                std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            (name, bytes)
        })
        .collect();
    inputs.sort();
    inputs
}

fn replay(target: &str, check: fn(&[u8])) {
    for (name, input) in kept(target) {
        let outcome = std::panic::catch_unwind(|| check(&input));
        assert!(
            outcome.is_ok(),
            "fuzz/regressions/{target}/{name} fails the {target} target's checks again"
        );
    }
}

#[test]
fn scenario_regressions() {
    replay("scenario", checks::scenario);
}

#[test]
fn permalink_regressions() {
    replay("permalink", checks::permalink);
}

#[test]
fn evaluate_regressions() {
    replay("evaluate", checks::evaluate);
}

#[test]
fn import_regressions() {
    replay("import", checks::import);
}
