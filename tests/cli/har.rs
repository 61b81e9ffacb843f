//! `corsim import har` on real exports: the HAR files under
//! `tests/fixtures/har/` were written by Chromium's own DevTools ("Export
//! HAR", sanitized and with sensitive data), by Web Inspector's (Safari's
//! engine, WebKitGTK) and by Firefox's netmonitor while a page made
//! cross-origin requests; `tests/har/record-chromium.mjs`,
//! `record-webkit.mjs` and `record-firefox.mjs` record them again. Each
//! imports as the scenario the page ran, and `corsim check` on it gives
//! what the browser did. Chromium's export records it: an entry the
//! browser failed has `_error` (`net::ERR_FAILED`), even when it holds the
//! server's answer; Web Inspector's has only the requests that finished,
//! and no preflight; Firefox's says nothing of it (what the page got is
//! what the recorder printed).

#[path = "../common/mod.rs"]
mod common;

#[path = "corsim.rs"]
mod run;

use run::{check, corsim, header, json_of};
use serde_json::Value;

fn fixture(name: &str) -> String {
    fixture_of("chromium", name)
}

/// `tests/fixtures/har/BROWSER-NAME.har`.
fn fixture_of(browser: &str, name: &str) -> String {
    common::root()
        .join("tests/fixtures/har")
        .join(format!("{browser}-{name}.har"))
        .to_string_lossy()
        .into_owned()
}

/// The HAR's entries.
fn entries(name: &str) -> Vec<Value> {
    common::read_json(std::path::Path::new(&fixture(name)))["log"]["entries"]
        .as_array()
        .expect("log.entries")
        .clone()
}

/// A request as `METHOD URL`, from a HAR entry's request or an imported
/// document's.
fn method_and_url(request: &Value) -> String {
    format!(
        "{} {}",
        request["method"].as_str().unwrap(),
        request["url"].as_str().unwrap()
    )
}

/// What the page's code got from Chromium for each of its `fetch()` calls,
/// as the export records it: `network-error` when the entry has `_error`.
fn chromium_outcomes(name: &str) -> Vec<(String, String)> {
    entries(name)
        .iter()
        .filter(|e| e["_resourceType"] == "fetch")
        .map(|e| {
            let failed = e["response"]["_error"].is_string();
            (
                method_and_url(&e["request"]),
                if failed { "network-error" } else { "readable" }.to_string(),
            )
        })
        .collect()
}

/// `corsim import har FILE`: the scenario and what it printed on standard error.
fn import(name: &str) -> (Value, String) {
    json_of(&["import", "har", &fixture(name)], None, name)
}

/// Imports the one cross-origin request of a single-request export and
/// checks that the verdict gives what Chromium did.
fn import_and_check(name: &str) -> (Value, Value, String) {
    let (scenario, stderr) = import(name);
    assert_eq!(scenario["page"], "http://app.example.test/", "{name}");
    let verdict = check(&scenario);
    let outcomes = chromium_outcomes(name);
    assert_eq!(outcomes.len(), 1, "{name}: one fetch()");
    assert_eq!(
        verdict["outcome"], outcomes[0].1,
        "{name}: corsim's verdict is what Chromium did: {verdict}"
    );
    (scenario, verdict, stderr)
}

/// A PUT with a custom header: Chromium writes the preflight after the
/// request (entries are ordered by when each was issued), the request with
/// status 0 and `_error`; the preflight's answer, found after it, is the
/// scenario's, and the PUT fails on its method as it did.
#[test]
fn a_failed_preflight_is_found_after_its_request() {
    let (scenario, verdict, _) = import_and_check("preflight-no-allow-methods");
    let request = &scenario["request"];
    assert_eq!(request["method"], "PUT");
    assert_eq!(request["url"], "http://api.example.test/items/42");
    assert_eq!(header(&request["headers"], "X-Request-Id"), Some("abc-123"));
    assert_eq!(
        header(&request["headers"], "Content-Type"),
        Some("application/json")
    );
    let preflight = &scenario["server"][0];
    assert_eq!(preflight["method"], "OPTIONS");
    assert_eq!(preflight["status"], 204);
    assert_eq!(
        header(&preflight["headers"], "Access-Control-Allow-Origin"),
        Some("http://app.example.test")
    );
    assert_eq!(
        header(&preflight["headers"], "Access-Control-Allow-Methods"),
        None
    );
    assert_eq!(verdict["failure"]["reason"], "method-not-allowed");
    // The preflight was on the wire, the PUT was not.
    let wire: Vec<_> = verdict["wire"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["method"].clone())
        .collect();
    assert_eq!(wire, ["OPTIONS"]);
}

/// A simple GET answered without Access-Control-Allow-Origin: Chromium
/// records the server's 200 and `_error: net::ERR_FAILED`.
#[test]
fn a_response_without_allow_origin_fails_as_it_did() {
    let entries = entries("get-no-allow-origin");
    let fetch = entries
        .iter()
        .find(|e| e["_resourceType"] == "fetch")
        .unwrap();
    assert_eq!(fetch["response"]["status"], 200);
    assert_eq!(fetch["response"]["_error"], "net::ERR_FAILED");
    let (scenario, verdict, _) = import_and_check("get-no-allow-origin");
    assert_eq!(scenario["request"]["method"], "GET");
    assert_eq!(
        scenario["request"]["url"],
        "http://api.example.test/users?page=1"
    );
    assert_eq!(scenario["server"].as_array().unwrap().len(), 1);
    assert_eq!(scenario["server"][0]["status"], 200);
    assert_eq!(
        header(
            &scenario["server"][0]["headers"],
            "Access-Control-Allow-Origin"
        ),
        None
    );
    assert_eq!(
        verdict["failure"]["access"]["problem"],
        "missing-allow-origin"
    );
}

/// A credentialed GET answered with `*`, exported with sensitive data: the
/// Cookie header says credentials were included (its value redacted).
#[test]
fn credentials_with_a_wildcard_fail_as_they_did() {
    let (scenario, verdict, stderr) = import_and_check("credentials-wildcard-sensitive");
    assert_eq!(scenario["request"]["credentials"], "include");
    assert_eq!(
        header(
            &scenario["server"][0]["headers"],
            "Access-Control-Allow-Origin"
        ),
        Some("*")
    );
    assert_eq!(
        verdict["failure"]["access"]["problem"],
        "wildcard-with-credentials"
    );
    assert!(!stderr.contains("test-session-value"), "{stderr}");
    assert!(!scenario.to_string().contains("test-session-value"));
}

/// The same request in DevTools' default export ("Export HAR (sanitized)",
/// the toolbar's button), which leaves the Cookie header out: the browser's
/// `_error` on an answer that allows the request without credentials, and
/// that fails as it did with them, makes credentials "include" a guess.
#[test]
fn a_sanitized_export_still_says_credentials_were_included() {
    let har = std::fs::read_to_string(fixture("credentials-wildcard")).unwrap();
    assert!(
        !har.contains("Cookie\""),
        "the sanitized export has no Cookie header"
    );
    let (scenario, verdict, stderr) = import_and_check("credentials-wildcard");
    assert_eq!(scenario["request"]["credentials"], "include");
    assert!(
        stderr.contains("guessed request.credentials = \"include\""),
        "{stderr}"
    );
    assert_eq!(
        verdict["failure"]["access"]["problem"],
        "wildcard-with-credentials"
    );
}

/// A sanitized export leaves Authorization out of the request, not out of
/// its preflight's Access-Control-Request-Headers: the header comes back
/// (its value a placeholder) and the GET fails on it, as it did.
#[test]
fn a_sanitized_export_keeps_the_header_its_preflight_names() {
    let (scenario, verdict, stderr) = import_and_check("authorization-not-allowed");
    assert_eq!(
        header(&scenario["request"]["headers"], "Authorization"),
        Some("<redacted>")
    );
    assert!(stderr.contains("guessed request.headers[0]"), "{stderr}");
    assert_eq!(scenario["server"][0]["method"], "OPTIONS");
    assert_eq!(verdict["failure"]["reason"], "header-not-allowed");
    assert_eq!(verdict["failure"]["header"], "authorization");
}

/// A page's four requests: `--list` and `--timeline` keep them in the
/// order the page made them, each at a later time, each POST and DELETE
/// with its own preflight (written after it), and the timeline's verdict
/// gives each what Chromium did.
#[test]
fn a_pages_requests_import_in_order_as_one_timeline() {
    let fetches = chromium_outcomes("timeline");
    assert_eq!(fetches.len(), 4);
    let list = corsim(&["import", "har", "--list", &fixture("timeline")], None);
    assert!(list.status.success());
    let listed: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(|l| {
            l.split_once(": ")
                .map(|(_, what)| what.to_string())
                .unwrap_or_default()
        })
        .collect();
    let made: Vec<&String> = fetches.iter().map(|(what, _)| what).collect();
    assert_eq!(listed.iter().collect::<Vec<_>>(), made);

    let (doc, _) = json_of(
        &["import", "har", "--timeline", &fixture("timeline")],
        None,
        "timeline",
    );
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["page"], "http://app.example.test/");
    let requests = doc["requests"].as_array().unwrap();
    let in_doc: Vec<String> = requests.iter().map(method_and_url).collect();
    assert_eq!(in_doc.iter().collect::<Vec<_>>(), made);
    let times: Vec<f64> = requests
        .iter()
        .map(|r| r["at"].as_f64().unwrap_or(0.0))
        .collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    let preflights: Vec<&str> = doc["server"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["method"] == "OPTIONS")
        .map(|s| s["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        preflights,
        [
            "http://api.example.test/items",
            "http://api.example.test/items/7"
        ]
    );

    let verdict = check(&doc);
    let outcomes: Vec<String> = verdict["browsers"]["chromium"]["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap().to_string())
        .collect();
    let chromium: Vec<&String> = fetches.iter().map(|(_, outcome)| outcome).collect();
    assert_eq!(outcomes.iter().collect::<Vec<_>>(), chromium);
    assert_eq!(
        chromium,
        ["readable", "readable", "network-error", "network-error"]
    );

    // Without --timeline, the first request that failed is printed.
    let (first, _) = import("timeline");
    assert_eq!(first["request"]["url"], "http://api.example.test/private");
}

/// The entries of Web Inspector's export `webkit-NAME.har`, as `METHOD URL
/// STATUS`, after checking that Web Inspector wrote it.
fn webkit_entries(name: &str) -> Vec<String> {
    let har = common::read_json(std::path::Path::new(&fixture_of("webkit", name)));
    assert_eq!(har["log"]["creator"]["name"], "WebKit Web Inspector");
    har["log"]["entries"]
        .as_array()
        .expect("log.entries")
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["request"]["method"].as_str().unwrap(),
                e["request"]["url"].as_str().unwrap(),
                e["response"]["status"]
            )
        })
        .collect()
}

/// WebKit failed each of these requests (the page's `fetch()` rejected with
/// `TypeError: Load failed`; the recorder prints it, and the Network tab
/// showed the request as failed), and Web Inspector's "Export HAR" leaves
/// a request that did not finish out: the export holds the page alone, no
/// preflight, no request. The import says so.
#[test]
fn web_inspectors_export_leaves_the_failed_requests_out() {
    for name in [
        "preflight-no-allow-methods",
        "get-no-allow-origin",
        "credentials-wildcard",
        "authorization-not-allowed",
    ] {
        assert_eq!(
            webkit_entries(name),
            [format!("GET http://app.example.test/{name} 200")],
            "{name}"
        );
        let out = corsim(&["import", "har", &fixture_of("webkit", name)], None);
        assert!(!out.status.success(), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("no cross-origin request in the HAR's 1 entries")
                && stderr.contains("Web Inspector leaves the requests that failed"),
            "{name}: {stderr}"
        );
    }
}

/// The page's four requests in WebKit: the two that worked are in the
/// export (the POST without the preflight WebKit sent for it), the two
/// that failed are not. `--timeline` imports both, the POST with a guessed
/// preflight that allowed it, and both are readable, as they were.
#[test]
fn web_inspectors_timeline_imports_what_worked_with_its_preflight_guessed() {
    assert_eq!(
        webkit_entries("timeline"),
        [
            "GET http://app.example.test/timeline 200",
            "GET http://api.example.test/config 200",
            "POST http://api.example.test/items 201",
        ]
    );
    let file = fixture_of("webkit", "timeline");
    let (doc, _) = json_of(&["import", "har", "--timeline", &file], None, &file);
    assert_eq!(doc["page"], "http://app.example.test/");
    let requests = doc["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0]["method"], "GET");
    assert_eq!(requests[0]["url"], "http://api.example.test/config");
    assert_eq!(requests[1]["method"], "POST");
    assert_eq!(requests[1]["url"], "http://api.example.test/items");
    assert_eq!(
        header(&requests[1]["headers"], "Content-Type"),
        Some("application/json")
    );
    assert!(requests[1]["at"].as_f64().unwrap() > 0.2);
    let server = doc["server"].as_array().unwrap();
    let answers: Vec<String> = server
        .iter()
        .map(|s| {
            format!(
                "{} {} {}",
                s["method"].as_str().unwrap_or("*"),
                s["url"].as_str().unwrap(),
                s["status"]
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            "* http://api.example.test/config 200",
            "OPTIONS http://api.example.test/items 204",
            "* http://api.example.test/items 201",
        ]
    );
    for answer in [&server[0], &server[2]] {
        assert_eq!(
            header(&answer["headers"], "Access-Control-Allow-Origin"),
            Some("http://app.example.test")
        );
    }
    assert_eq!(
        header(&server[1]["headers"], "Access-Control-Allow-Methods"),
        Some("POST")
    );
    assert_eq!(
        header(&server[1]["headers"], "Access-Control-Allow-Headers"),
        Some("Content-Type")
    );

    let verdict = check(&doc);
    for browser in ["webkit", "chromium"] {
        let outcomes: Vec<&str> = verdict["browsers"][browser]["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["outcome"].as_str().unwrap())
            .collect();
        assert_eq!(outcomes, ["readable", "readable"], "{browser}");
    }

    // The POST alone, with the guess said.
    let (post, stderr) = json_of(&["import", "har", "--index", "1", &file], None, &file);
    assert!(stderr.contains("guessed server[0]"), "{stderr}");
    assert_eq!(check(&post)["outcome"], "readable");
}

/// `corsim import har` and `corsim check` of Firefox's export
/// `firefox-NAME.har` (after checking that Firefox wrote it, with the page
/// the scenario's): the scenario and its verdict.
fn firefox_import_and_check(name: &str) -> (Value, Value) {
    let file = fixture_of("firefox", name);
    let har = common::read_json(std::path::Path::new(&file));
    assert_eq!(har["log"]["creator"]["name"], "Firefox");
    assert_eq!(
        har["log"]["pages"][0]["title"],
        format!("http://app.example.test/{name}")
    );
    let (scenario, _) = json_of(&["import", "har", &file], None, name);
    assert_eq!(scenario["page"], "http://app.example.test/", "{name}");
    let verdict = check(&scenario);
    (scenario, verdict)
}

/// Firefox failed each of these (the page's `fetch()` rejected with
/// `TypeError: NetworkError when attempting to fetch resource.`, as
/// tests/har/record-firefox.mjs prints); its export does not say so, and
/// corsim finds it from what the export holds. A preflight that failed is
/// written after its request, which has status 0: found, it is the
/// scenario's, and the request fails on it.
#[test]
fn firefoxs_preflight_after_its_request_fails_it_as_it_did() {
    let (scenario, verdict) = firefox_import_and_check("preflight-no-allow-methods");
    let request = &scenario["request"];
    assert_eq!(request["method"], "PUT");
    assert_eq!(request["url"], "http://api.example.test/items/42");
    assert_eq!(header(&request["headers"], "X-Request-Id"), Some("abc-123"));
    let preflight = &scenario["server"][0];
    assert_eq!(preflight["method"], "OPTIONS");
    assert_eq!(preflight["status"], 204);
    assert_eq!(
        header(&preflight["headers"], "Access-Control-Allow-Origin"),
        Some("http://app.example.test")
    );
    assert_eq!(
        header(&preflight["headers"], "Access-Control-Allow-Methods"),
        None
    );
    assert_eq!(verdict["outcome"], "network-error");
    assert_eq!(verdict["failure"]["reason"], "method-not-allowed");

    // Authorization, in full in Firefox's export: the value is replaced
    // as it is read, and the preflight fails on the header.
    let (scenario, verdict) = firefox_import_and_check("authorization-not-allowed");
    assert_eq!(
        header(&scenario["request"]["headers"], "Authorization"),
        Some("<redacted>")
    );
    assert!(!scenario.to_string().contains("test-token"));
    assert_eq!(scenario["server"][0]["method"], "OPTIONS");
    assert_eq!(verdict["outcome"], "network-error");
    assert_eq!(verdict["failure"]["reason"], "header-not-allowed");
    assert_eq!(verdict["failure"]["header"], "authorization");
}

/// A response Firefox blocked is recorded as the server sent it: the GET
/// without Access-Control-Allow-Origin, and the credentialed one (its
/// Cookie header in the export) answered with `*`.
#[test]
fn firefoxs_blocked_responses_fail_as_they_did() {
    let (scenario, verdict) = firefox_import_and_check("get-no-allow-origin");
    assert_eq!(scenario["request"]["method"], "GET");
    assert_eq!(
        scenario["request"]["url"],
        "http://api.example.test/users?page=1"
    );
    assert_eq!(scenario["server"].as_array().unwrap().len(), 1);
    assert_eq!(scenario["server"][0]["status"], 200);
    assert_eq!(verdict["outcome"], "network-error");
    assert_eq!(
        verdict["failure"]["access"]["problem"],
        "missing-allow-origin"
    );

    let (scenario, verdict) = firefox_import_and_check("credentials-wildcard");
    assert_eq!(scenario["request"]["credentials"], "include");
    assert!(!scenario.to_string().contains("test-session-value"));
    assert_eq!(
        header(
            &scenario["server"][0]["headers"],
            "Access-Control-Allow-Origin"
        ),
        Some("*")
    );
    assert_eq!(verdict["outcome"], "network-error");
    assert_eq!(
        verdict["failure"]["access"]["problem"],
        "wildcard-with-credentials"
    );
}

/// The page's four requests in Firefox, each preflight after its request:
/// `--timeline` imports the four in order, the POST and the DELETE each
/// with its own preflight, and gives each what Firefox did (the page got
/// 200, 201 and two `TypeError`s).
#[test]
fn firefoxs_timeline_imports_in_order_with_each_preflight() {
    let file = fixture_of("firefox", "timeline");
    let (doc, _) = json_of(&["import", "har", "--timeline", &file], None, &file);
    assert_eq!(doc["page"], "http://app.example.test/");
    let made: Vec<String> = doc["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(method_and_url)
        .collect();
    assert_eq!(
        made,
        [
            "GET http://api.example.test/config",
            "POST http://api.example.test/items",
            "GET http://api.example.test/private",
            "DELETE http://api.example.test/items/7",
        ]
    );
    let preflights: Vec<(&str, Option<&str>)> = doc["server"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["method"] == "OPTIONS")
        .map(|s| {
            (
                s["url"].as_str().unwrap(),
                header(&s["headers"], "Access-Control-Allow-Methods"),
            )
        })
        .collect();
    assert_eq!(
        preflights,
        [
            ("http://api.example.test/items", Some("GET, POST")),
            ("http://api.example.test/items/7", Some("GET, POST")),
        ]
    );
    let verdict = check(&doc);
    let outcomes: Vec<&str> = verdict["browsers"]["firefox"]["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        ["readable", "readable", "network-error", "network-error"]
    );
    // Without --timeline, the first request that failed is printed.
    let (first, _) = json_of(&["import", "har", &file], None, &file);
    assert_eq!(first["request"]["url"], "http://api.example.test/private");
}
