//! The core against what real browsers did: each file in `tests/observed`
//! holds a scenario and what Chromium 156 and Firefox ESR 153 really did with
//! it (see `tests/observed/README.md`). Any disagreement fails unless it is
//! listed, with its reason, in `tests/observed/known_differences.txt`.

#[path = "../common/mod.rs"]
mod common;

use corsim_core::browser::Browser;
use corsim_core::scenario::Scenario;
use corsim_core::{console, fetch};
use serde_json::{json, Value};

#[test]
fn the_core_agrees_with_recorded_browser_runs() {
    let files = common::json_files("observed");
    assert!(
        files.len() >= 60,
        "expected the recorded cases, found {}",
        files.len()
    );
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for path in &files {
        let doc = common::read_json(path);
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let scenario = Scenario::from_value(&doc["scenario"])
            .unwrap_or_else(|e| panic!("{id}: scenario does not validate: {e:?}"));
        for (browser, key) in [
            (Browser::Chromium, "chromium"),
            (Browser::Firefox, "firefox"),
        ] {
            let run = fetch::run(&scenario, browser);
            let line = console::line(&run).map(|(line, _)| line);
            let observed = &doc["observed"][key];
            let model = model_json(&run, line);
            for field in ["outcome", "status", "exposed_headers", "console"] {
                compared += 1;
                if model[field] != observed[field] {
                    mismatches.push((
                        format!("{id} {key} {field}"),
                        format!("  want {}\n  got  {}", observed[field], model[field]),
                    ));
                }
            }
            compared += 1;
            if let Some(detail) = wire_difference(&model["wire"], &observed["wire"]) {
                mismatches.push((format!("{id} {key} wire"), detail));
            }
        }
    }
    common::check_against_list(
        "core vs recorded browsers",
        "observed/known_differences.txt",
        &mismatches,
    );
    println!(
        "{} cases, {compared} comparisons, {} known differences",
        files.len(),
        mismatches.len()
    );
}

fn model_json(run: &fetch::Run, console: Option<String>) -> Value {
    json!({
        "outcome": run.outcome.as_str(),
        "status": run.status,
        "exposed_headers": run.exposed_headers,
        "console": console,
        "wire": serde_json::to_value(&run.wire).expect("wire serializes"),
    })
}

/// The protocol headers the model must predict exactly when a browser sends them.
const PROTOCOL_HEADERS: [&str; 3] = [
    "origin",
    "access-control-request-method",
    "access-control-request-headers",
];

/// Same requests in the same order, and every header the model puts on the
/// wire is there with its value; the browsers' own headers (User-Agent,
/// Accept, Sec-Fetch-*) are not modelled, but the protocol headers are.
fn wire_difference(model: &Value, observed: &Value) -> Option<String> {
    let empty = Vec::new();
    let model = model.as_array().unwrap_or(&empty);
    let observed = observed.as_array().unwrap_or(&empty);
    let summary = |list: &[Value]| -> String {
        list.iter()
            .map(|w| {
                format!(
                    "{} {} {}",
                    w["method"].as_str().unwrap_or("?"),
                    w["url"].as_str().unwrap_or("?"),
                    w["status"]
                )
            })
            .collect::<Vec<_>>()
            .join(" | ")
    };
    if model.len() != observed.len() {
        return Some(format!(
            "  want {}\n  got  {}",
            summary(observed),
            summary(model)
        ));
    }
    for (m, o) in model.iter().zip(observed) {
        for field in ["method", "url", "status"] {
            if m[field] != o[field] {
                return Some(format!(
                    "  want {}\n  got  {}",
                    summary(observed),
                    summary(model)
                ));
            }
        }
        let headers = |w: &Value| -> Vec<(String, String)> {
            w["headers"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(|h| {
                    (
                        h[0].as_str().unwrap_or("").to_ascii_lowercase(),
                        h[1].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        };
        let (mh, oh) = (headers(m), headers(o));
        for (name, value) in &mh {
            if !oh.iter().any(|(n, v)| n == name && v == value) {
                return Some(format!(
                    "  {} {}: the model sends {name}: {value}; the browser sent {oh:?}",
                    m["method"], m["url"]
                ));
            }
        }
        for (name, value) in oh
            .iter()
            .filter(|(n, _)| PROTOCOL_HEADERS.contains(&n.as_str()))
        {
            if !mh.iter().any(|(n, v)| n == name && v == value) {
                return Some(format!(
                    "  {} {}: the browser sent {name}: {value}; the model sends {mh:?}",
                    m["method"], m["url"]
                ));
            }
        }
    }
    None
}
