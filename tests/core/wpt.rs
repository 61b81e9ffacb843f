//! Cases ported from web-platform-tests (`tests/wpt/cases`, one file per
//! upstream test file, its path at the top): the core's verdict must give what
//! upstream asserts, except for the cases listed in
//! `tests/wpt/expected_failures.txt`, each with its reason.

#[path = "../common/mod.rs"]
mod common;

use corsim_core::scenario::Scenario;
use serde_json::Value;
use url::Url;

#[test]
fn ported_web_platform_tests() {
    let files = common::json_files("wpt/cases");
    let mut failures = Vec::new();
    let mut total = 0;
    for path in &files {
        let doc = common::read_json(path);
        let upstream = doc["upstream"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: no upstream path", path.display()));
        let cases = doc["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no cases", path.display()));
        for case in cases {
            total += 1;
            let key = format!("{upstream} :: {}", case["name"].as_str().unwrap_or("?"));
            if let Err(problem) = check(&case["scenario"], &case["expect"]) {
                failures.push((key, format!("  {problem}")));
            }
        }
    }
    assert!(total >= 600, "expected the ported cases, found {total}");
    let listed = common::listed("wpt/expected_failures.txt").len();
    common::check_against_list("web-platform-tests", "wpt/expected_failures.txt", &failures);
    println!(
        "wpt: {} passed, {listed} failed as expected",
        total - listed
    );
}

fn check(scenario: &Value, expect: &Value) -> Result<(), String> {
    let scenario = Scenario::from_value(scenario).map_err(|errors| {
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("the scenario does not validate: {}", errors.join("; "))
    })?;
    let verdict =
        serde_json::to_value(corsim_core::evaluate(&scenario)).map_err(|e| e.to_string())?;
    let differ =
        |what: &str, want: &Value, got: &Value| Err(format!("{what}: want {want}, got {got}"));
    if verdict["outcome"] != expect["outcome"] {
        return differ(
            "outcome",
            &expect["outcome"],
            &Value::String(format!("{} ({})", verdict["outcome"], verdict["failure"])),
        );
    }
    if !expect["status"].is_null() && verdict["status"] != expect["status"] {
        return differ("status", &expect["status"], &verdict["status"]);
    }
    if !expect["exposed_headers"].is_null()
        && verdict["exposed_headers"] != expect["exposed_headers"]
    {
        return differ(
            "exposed headers",
            &expect["exposed_headers"],
            &verdict["exposed_headers"],
        );
    }
    let no_wire = Vec::new();
    let wire = verdict["wire"].as_array().unwrap_or(&no_wire);
    if let Some(expected_wire) = expect["wire"].as_array() {
        let kinds = |list: &[Value]| {
            list.iter()
                .map(|w| format!("{} {}", w["kind"], w["method"]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if expected_wire.len() != wire.len() {
            return Err(format!(
                "wire: want [{}], got [{}]",
                kinds(expected_wire),
                kinds(wire)
            ));
        }
        for (want, got) in expected_wire.iter().zip(wire) {
            if want["kind"] != got["kind"] || want["method"] != got["method"] {
                return Err(format!(
                    "wire: want [{}], got [{}]",
                    kinds(expected_wire),
                    kinds(wire)
                ));
            }
            if let Some(url) = want["url"].as_str() {
                let same = match (Url::parse(url), got["url"].as_str().map(Url::parse)) {
                    (Ok(a), Some(Ok(b))) => a == b,
                    _ => false,
                };
                if !same {
                    return differ("wire url", &want["url"], &got["url"]);
                }
            }
            for header in want["headers"].as_array().unwrap_or(&no_wire) {
                let present = got["headers"]
                    .as_array()
                    .unwrap_or(&no_wire)
                    .iter()
                    .any(|h| {
                        h[0].as_str()
                            .zip(header[0].as_str())
                            .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b))
                            && h[1] == header[1]
                    });
                if !present {
                    return differ(
                        &format!("{} {} header", got["kind"], got["method"]),
                        header,
                        &got["headers"],
                    );
                }
            }
        }
    }
    if let Some(absent) = expect["absent_request_headers"].as_array() {
        if let Some(last) = wire.iter().rev().find(|w| w["kind"] != "preflight") {
            for name in absent.iter().filter_map(Value::as_str) {
                let sent = last["headers"]
                    .as_array()
                    .unwrap_or(&no_wire)
                    .iter()
                    .any(|h| h[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)));
                if sent {
                    return Err(format!("`{name}` was sent: {}", last["headers"]));
                }
            }
        }
    }
    Ok(())
}
