//! The core's WebKit decision against what WebKitGTK 2.50 really did with
//! every golden scenario and preset: `tests/agreement/webkit-observed.json`,
//! written by `node tests/agreement/run.mjs --browser webkit --observe`. The
//! agreement suite runs WebKit itself; this keeps the recorded run checked on
//! every `cargo test`, where no browser runs.

#[path = "../common/mod.rs"]
mod common;

use corsim_core::browser::Browser;
use corsim_core::evaluate_v2;
use corsim_core::scenario::Scenario;
use serde_json::{json, Value};

#[test]
fn the_webkit_model_agrees_with_the_recorded_webkit_run() {
    let doc = common::read_json(&common::root().join("tests/agreement/webkit-observed.json"));
    let cases = doc["cases"].as_array().expect("the recorded cases");
    assert!(
        cases.len() >= 100,
        "expected every golden and preset, found {}",
        cases.len()
    );
    let mut mismatches = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap_or_default();
        let path = common::root().join(case["scenario"].as_str().expect("a scenario path"));
        let text = std::fs::read_to_string(&path).expect("the scenario file");
        let scenario = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{id}: {e:?}"));
        let verdict = evaluate_v2(&scenario);
        let model = &verdict.of(Browser::WebKit).requests[0];
        let seen = &case["observed"];
        // The console value keeps one line break between lines: a message
        // may end with a newline of its own.
        let seen_console = seen["console"].as_str().map(|text| {
            text.lines()
                .map(str::trim_end)
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        });
        let requests = |wire: &Value| -> Vec<Value> {
            wire.as_array()
                .into_iter()
                .flatten()
                .map(|w| json!([w["method"], w["url"]]))
                .collect()
        };
        let model_json = serde_json::to_value(model).expect("a verdict serializes");
        let pairs = [
            (
                "outcome",
                model_json["outcome"].clone(),
                seen["outcome"].clone(),
            ),
            (
                "status",
                model_json["status"].clone(),
                seen["status"].clone(),
            ),
            (
                "exposed_headers",
                model_json["exposed_headers"].clone(),
                seen["exposed_headers"].clone(),
            ),
            ("console", json!(model.console), json!(seen_console)),
            (
                "wire",
                json!(requests(&model_json["wire"])),
                json!(requests(&seen["wire"])),
            ),
        ];
        for (field, want, got) in pairs {
            if want != got {
                mismatches.push(format!("{id} {field}:\n  core   {want}\n  WebKit {got}"));
            }
        }
        // What the script sees names WebKit's TypeError for a failed fetch.
        if seen["error"] == json!("TypeError: Load failed") {
            assert_eq!(model.script_sees, "TypeError: Load failed", "{id}");
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
