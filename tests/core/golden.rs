//! Golden scenarios: each `tests/golden/NAME.json` must give exactly
//! `tests/golden/NAME.verdict.json`. Run with `BLESS=1` to rewrite the
//! verdicts after a deliberate change, then review the diff before committing.

#[path = "../common/mod.rs"]
mod common;

use corsim_core::scenario::Scenario;

#[test]
fn golden_scenarios_give_their_verdicts() {
    let bless = std::env::var_os("BLESS").is_some();
    let scenarios: Vec<_> = common::json_files("golden")
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".verdict.json"))
        .collect();
    assert!(
        scenarios.len() >= 50,
        "expected the golden scenarios, found {}",
        scenarios.len()
    );
    let mut failures = Vec::new();
    for path in &scenarios {
        let text = std::fs::read_to_string(path).expect("readable");
        let scenario =
            Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let got = format!("{}\n", corsim_core::evaluate(&scenario).to_json());
        let verdict_path = path.with_extension("verdict.json");
        if bless {
            std::fs::write(&verdict_path, &got).expect("writable");
            continue;
        }
        let want = std::fs::read_to_string(&verdict_path).unwrap_or_default();
        if got != want {
            failures.push(common::first_difference(&verdict_path, &want, &got));
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden verdicts differ (BLESS=1 rewrites them; review the diff):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
