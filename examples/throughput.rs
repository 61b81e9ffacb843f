//! How fast the decision core decides, natively: every golden scenario
//! (`tests/golden/**/*.json` and the presets `crates/app/src/presets/*.json`, verdicts
//! left out) is parsed once, then `corsim_core::evaluate` runs over all of
//! them, round after round, for about a second. Part of `./dev bench`
//! (`scripts/bench.mjs`), which reads the one JSON line this prints:
//!
//!     cargo run --release --example throughput
//!     {"scenarios":87,"evaluations":123456,"seconds":1.002,"per_second":123210}

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use corsim_core::scenario::Scenario;

/// How long to keep evaluating; long enough for a stable rate.
const RUN_FOR: Duration = Duration::from_secs(1);

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("tests/golden"), &mut files);
    collect(&root.join("crates/app/src/presets"), &mut files);
    files.sort();
    let scenarios: Vec<Scenario> = files
        .iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Scenario::from_json(&text)
                .unwrap_or_else(|e| panic!("{}: invalid scenario: {e:?}", path.display()))
        })
        .collect();
    assert!(!scenarios.is_empty(), "no golden scenarios found");

    // One untimed round, so that the timed ones start warm.
    for scenario in &scenarios {
        black_box(corsim_core::evaluate(black_box(scenario)));
    }
    let start = Instant::now();
    let mut evaluations = 0u64;
    while start.elapsed() < RUN_FOR {
        for scenario in &scenarios {
            black_box(corsim_core::evaluate(black_box(scenario)));
        }
        evaluations += scenarios.len() as u64;
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{{\"scenarios\":{},\"evaluations\":{evaluations},\"seconds\":{seconds:.3},\"per_second\":{:.0}}}",
        scenarios.len(),
        evaluations as f64 / seconds
    );
}

/// The scenario files under `dir`, recursively: `*.json` but `*.verdict.json`.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        let name = path.to_string_lossy();
        if path.is_dir() {
            collect(&path, files);
        } else if name.ends_with(".json") && !name.ends_with(".verdict.json") {
            files.push(path);
        }
    }
}
