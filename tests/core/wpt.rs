//! Cases ported from web-platform-tests (`tests/wpt/cases`, one file per
//! upstream test file, its path at the top): the core's verdict must give what
//! upstream asserts, except for the cases listed in
//! `tests/wpt/expected_failures.txt`, each with its reason.
//!
//! A case's `scenario` is a version-1 document with one `expect`, or a
//! version-2 document (a page's requests over time, with the browser's
//! caches between them) with `expect` a list, one per request, each checked
//! against that request's run in Chromium's timeline (`run_timeline`).

#[path = "../common/mod.rs"]
mod common;

use corsim_core::browser::Browser;
use corsim_core::scenario::{Scenario, ScenarioError, Timeline};
use corsim_core::verdict_v2::run_timeline;
use serde_json::{json, Value};
use url::Url;

#[test]
fn ported_web_platform_tests() {
    let files = common::json_files("wpt/cases");
    let mut failures = Vec::new();
    let mut total = 0;
    let mut timelines = 0;
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
            let result = if case["scenario"]["version"] == 2 {
                timelines += 1;
                check_timeline(&case["scenario"], &case["expect"])
            } else {
                check(&case["scenario"], &case["expect"])
            };
            if let Err(problem) = result {
                failures.push((key, format!("  {problem}")));
            }
        }
    }
    assert!(total >= 850, "expected the ported cases, found {total}");
    let listed = common::listed("wpt/expected_failures.txt").len();
    common::check_against_list("web-platform-tests", "wpt/expected_failures.txt", &failures);
    assert!(
        timelines >= 180,
        "expected the ported version-2 cases, found {timelines}"
    );
    println!(
        "wpt: {} passed, {listed} failed as expected ({timelines} cases are timelines)",
        total - listed
    );
}

fn invalid(errors: &[ScenarioError]) -> String {
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    format!("the scenario does not validate: {}", errors.join("; "))
}

fn check(scenario: &Value, expect: &Value) -> Result<(), String> {
    let scenario = Scenario::from_value(scenario).map_err(|errors| invalid(&errors))?;
    let verdict =
        serde_json::to_value(corsim_core::evaluate(&scenario)).map_err(|e| e.to_string())?;
    check_request(&verdict, expect)
}

/// A version-2 case: `expect` holds one expectation per request, in order,
/// each checked as a version-1 `expect` is, plus `preflight`, `cache` and
/// `request_headers` when given.
fn check_timeline(scenario: &Value, expect: &Value) -> Result<(), String> {
    let timeline = Timeline::from_value(scenario).map_err(|errors| invalid(&errors))?;
    let expected = expect
        .as_array()
        .ok_or("a version-2 case's expect is a list, one entry per request")?;
    let runs = run_timeline(&timeline, Browser::Chromium);
    if expected.len() != runs.len() {
        return Err(format!(
            "expect has {} entries for {} requests",
            expected.len(),
            runs.len()
        ));
    }
    for (index, (want, (_, run))) in expected.iter().zip(&runs).enumerate() {
        let verdict = json!({
            "outcome": run.outcome,
            "status": run.status,
            "exposed_headers": run.exposed_headers,
            "wire": run.wire,
            "failure": run.failure,
            "cache": run.cache,
        });
        check_request(&verdict, want)
            .and_then(|()| check_v2_fields(&verdict, want))
            .map_err(|problem| format!("request {}: {problem}", index + 1))?;
    }
    Ok(())
}

/// What a version-2 expectation adds: `preflight` (whether one went on the
/// wire for this request), `cache` (`preflight` and `http` as the verdict
/// says, each when given) and `request_headers` (each on the last
/// non-preflight request on the wire, value exact).
fn check_v2_fields(verdict: &Value, expect: &Value) -> Result<(), String> {
    let no_wire = Vec::new();
    let wire = verdict["wire"].as_array().unwrap_or(&no_wire);
    if let Some(preflight) = expect["preflight"].as_bool() {
        let sent = wire.iter().any(|w| w["kind"] == "preflight");
        if sent != preflight {
            return Err(format!(
                "preflight: want {}, got {} ({})",
                if preflight { "sent" } else { "none" },
                if sent { "sent" } else { "none" },
                verdict["cache"]
            ));
        }
    }
    for part in ["preflight", "http"] {
        let want = &expect["cache"][part];
        if !want.is_null() && *want != verdict["cache"][part] {
            return Err(format!(
                "cache.{part}: want {want}, got {}",
                verdict["cache"][part]
            ));
        }
    }
    if let Some(headers) = expect["request_headers"].as_array() {
        let last = wire
            .iter()
            .rev()
            .find(|w| w["kind"] != "preflight")
            .ok_or("request_headers: no request went on the wire")?;
        for header in headers {
            if !has_header(last, header) {
                return Err(format!(
                    "request header: want {header}, got {}",
                    last["headers"]
                ));
            }
        }
    }
    Ok(())
}

/// Whether a wire entry carries `header` (`[name, value]`): name
/// case-insensitive, value exact.
fn has_header(entry: &Value, header: &Value) -> bool {
    entry["headers"].as_array().is_some_and(|list| {
        list.iter().any(|h| {
            h[0].as_str()
                .zip(header[0].as_str())
                .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b))
                && h[1] == header[1]
        })
    })
}

/// One request's verdict (`outcome`, `failure`, `status`,
/// `exposed_headers`, `wire`) against a version-1 `expect`.
fn check_request(verdict: &Value, expect: &Value) -> Result<(), String> {
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
                if !has_header(got, header) {
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
