//! The example in `docs/scenario-v1.md`: its scenario must give its
//! verdict, field for field, and every contract field must have the
//! contract's name and JSON type.

use corsim_core::scenario::Scenario;
use serde_json::{json, Value};

const SCENARIO: &str = include_str!("../contract-example.scenario.json");

#[test]
fn the_contract_example_gives_the_contract_verdict() {
    let scenario = Scenario::from_json(SCENARIO).expect("the contract's example is valid");
    let verdict = serde_json::to_value(corsim_core::evaluate(&scenario)).expect("serializes");
    // The verdict printed in scenario-v1.md.
    let want = json!({
      "version": 1,
      "origin": "https://app.example.com",
      "same_origin": false,
      "wire": [
        {"kind": "preflight", "method": "OPTIONS", "url": "https://api.example.com/users/7",
         "headers": [["Origin", "https://app.example.com"],
                     ["Access-Control-Request-Method", "DELETE"],
                     ["Access-Control-Request-Headers", "authorization,content-type"]],
         "status": 204},
        {"kind": "main", "method": "DELETE", "url": "https://api.example.com/users/7",
         "headers": [["Origin", "https://app.example.com"], ["Authorization", "Bearer abc"],
                     ["Content-Type", "application/json"]],
         "status": 200}
      ],
      "outcome": "readable",
      "status": 200,
      "exposed_headers": ["content-type"],
      "console": {"chromium": null, "firefox": null}
    });
    for (field, value) in want.as_object().expect("object") {
        assert_eq!(&verdict[field], value, "field {field}");
    }
}

#[test]
fn network_errors_and_opaque_responses_use_the_contract_types() {
    let failing =
        r#"{"version":1,"page":"https://a.example/","request":{"url":"https://b.example/"}}"#;
    let verdict = serde_json::to_value(corsim_core::evaluate(
        &Scenario::from_json(failing).expect("valid"),
    ))
    .expect("json");
    assert_eq!(verdict["outcome"], "network-error");
    assert_eq!(verdict["status"], Value::Null);
    assert_eq!(verdict["exposed_headers"], json!([]));
    assert!(
        verdict["console"]["chromium"].is_string() && verdict["console"]["firefox"].is_string()
    );

    let opaque = r#"{"version":1,"page":"https://a.example/","request":{"url":"https://b.example/","mode":"no-cors"}}"#;
    let verdict = serde_json::to_value(corsim_core::evaluate(
        &Scenario::from_json(opaque).expect("valid"),
    ))
    .expect("json");
    assert_eq!(
        (verdict["outcome"].clone(), verdict["status"].clone()),
        (json!("opaque"), json!(0))
    );
}
