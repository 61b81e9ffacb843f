//! The importers against what the project knows to be true.
//!
//! The console round trip: for every golden scenario (`tests/golden/`) and
//! preset (`crates/app/src/presets/`), for each browser, the console line(s)
//! the core prints are imported, and the imported scenario (or one of its
//! candidates) must make that browser print the very same line(s). So for
//! every request of the version-2 goldens (`tests/golden-v2/`), whose
//! requests are made by `XMLHttpRequest`, `<img>`, `<script>` and
//! `@font-face` too: a line one request printed after the page's earlier
//! ones must come back from a scenario of that one request. Safari's
//! lines are also tried as its Web Inspector shows them: each with an
//! `[Error] ` level, and the network agent's `Failed to load resource: …`
//! line added. A line that cannot round-trip is listed, with why, in
//! `tests/app/import_expected_failures.txt`; the test fails both when a
//! listed line starts round-tripping and when an unlisted one stops.

#[path = "../common/mod.rs"]
mod common;

use std::collections::BTreeMap;

use corsim_app::import::console;
use corsim_core::browser::Browser;
use corsim_core::scenario::{Initiator, Scenario, Timeline};

/// Every golden scenario and preset, by a name like `golden/error-bad-port`.
fn scenarios() -> Vec<(String, Scenario)> {
    let mut out = Vec::new();
    for path in common::json_files("golden") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".verdict.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if let Ok(s) = Scenario::from_json(&text) {
            out.push((format!("golden/{}", name.trim_end_matches(".json")), s));
        }
    }
    let dir = common::root().join("crates/app/src/presets");
    let mut presets: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    presets.sort();
    for path in presets {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        out.push((
            format!("preset/{name}"),
            Scenario::from_json(&text).unwrap(),
        ));
    }
    out
}

fn browser_name(b: Browser) -> &'static str {
    match b {
        Browser::Chromium => "chromium",
        Browser::Firefox => "firefox",
        Browser::WebKit => "webkit",
    }
}

/// Every request of every version-2 golden, by a name like
/// `golden-v2/error-xhr-missing-allow-origin[0]`, with what made it and
/// what each browser printed for it.
fn timeline_lines() -> Vec<(String, Initiator, Browser, String)> {
    let mut out = Vec::new();
    for path in common::json_files("golden-v2") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".verdict.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let timeline = Timeline::from_json(&text).unwrap();
        let verdict = corsim_core::evaluate_timeline(&timeline);
        for browser in Browser::ALL {
            for (i, request) in verdict.of(browser).requests.iter().enumerate() {
                if let Some(line) = &request.console {
                    let key = format!("golden-v2/{}[{i}]", name.trim_end_matches(".json"));
                    let initiator = timeline.requests[i].init.initiator;
                    out.push((key, initiator, browser, line.clone()));
                }
            }
        }
    }
    out
}

/// The console of `browser` for the first request of `scenario`.
fn console_of(scenario: &Scenario, browser: Browser) -> Option<String> {
    corsim_core::evaluate_v2(scenario).of(browser).requests[0]
        .console
        .clone()
}

/// Safari's Web Inspector's rendering of WebKit's lines.
fn web_inspector(lines: &str) -> String {
    let mut out: Vec<String> = lines.lines().map(|l| format!("[Error] {l}")).collect();
    let first = lines.lines().next().unwrap_or_default();
    out.push(format!(
        "[Error] Failed to load resource: {first} (data, line 0)"
    ));
    out.join("\n")
}

/// Whether importing `text` gives a scenario in which `browser` prints `line`;
/// `Err` says what happened instead.
fn round_trips(text: &str, browser: Browser, line: &str) -> Result<(), String> {
    let imported = console::import(text).map_err(|e| format!("import failed: {e}"))?;
    if imported.browser != browser {
        return Err(format!("read as {:?}", imported.browser));
    }
    let mut got = Vec::new();
    for candidate in &imported.candidates {
        let scenario = candidate.import.draft.scenario().map_err(|e| {
            format!(
                "an invalid scenario: {e:?}\n{}",
                candidate.import.draft.to_json()
            )
        })?;
        let printed = console_of(&scenario, browser);
        if printed.as_deref() == Some(line) {
            return Ok(());
        }
        got.push(format!(
            "{:?}\n{}",
            printed,
            candidate.import.draft.to_json()
        ));
    }
    Err(format!("prints instead: {}", got.join("\n or ")))
}

fn expected_failures() -> BTreeMap<String, String> {
    let path = common::root().join("tests/app/import_expected_failures.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (key, why) = l.split_once(": ").unwrap_or((l, ""));
            (key.trim().to_string(), why.trim().to_string())
        })
        .collect()
}

#[test]
fn every_console_line_of_the_goldens_and_presets_round_trips() {
    let expected = expected_failures();
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    let mut tried = 0;
    let mut lines = Vec::new();
    for (name, scenario) in scenarios() {
        for browser in Browser::ALL {
            if let Some(line) = console_of(&scenario, browser) {
                lines.push((name.clone(), browser, line));
            }
        }
    }
    lines.extend(timeline_lines().into_iter().map(|(k, _, b, l)| (k, b, l)));
    for (name, browser, line) in lines {
        let mut forms = vec![(format!("{name} {}", browser_name(browser)), line.clone())];
        if browser == Browser::WebKit {
            forms.push((format!("{name} safari"), web_inspector(&line)));
        }
        for (key, text) in forms {
            tried += 1;
            if let Err(why) = round_trips(&text, browser, &line) {
                failures.insert(key, format!("{why}\n  line: {line}"));
            }
        }
    }
    let unexpected: Vec<String> = failures
        .iter()
        .filter(|(k, _)| !expected.contains_key(*k))
        .map(|(k, why)| format!("{k}: {why}"))
        .collect();
    let fixed: Vec<&String> = expected
        .keys()
        .filter(|k| !failures.contains_key(*k))
        .collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{tried} lines tried.\nNot round-tripping, not listed in tests/app/import_expected_failures.txt:\n{}\n\nListed but round-tripping now (take them off the list): {fixed:?}",
        unexpected.join("\n\n")
    );
    assert!(tried > 150, "only {tried} lines");
}

/// Chromium's and Safari's lines name what made the request (`Access to
/// XMLHttpRequest at …`, `Cannot load image …`, `Cross-origin script load
/// denied …`): the imported scenario is made the same way. Firefox's lines
/// are the same whatever made the request, and Safari prints none for a
/// font (it fetches fonts without CORS).
#[test]
fn the_initiator_a_line_names_is_the_scenarios() {
    let mut seen: Vec<(Browser, Initiator)> = Vec::new();
    for (key, initiator, browser, line) in timeline_lines() {
        if browser == Browser::Firefox {
            continue;
        }
        let Ok(imported) = console::import(&line) else {
            continue;
        };
        for candidate in &imported.candidates {
            assert_eq!(
                candidate.import.draft.request.initiator,
                initiator,
                "{key} {}: {line}",
                browser_name(browser)
            );
        }
        if !seen.contains(&(browser, initiator)) {
            seen.push((browser, initiator));
        }
    }
    for browser in [Browser::Chromium, Browser::WebKit] {
        for initiator in [
            Initiator::Fetch,
            Initiator::Xhr,
            Initiator::Img,
            Initiator::Script,
        ] {
            assert!(
                seen.contains(&(browser, initiator)),
                "{browser:?} {initiator:?}: no line tried"
            );
        }
    }
    assert!(seen.contains(&(Browser::Chromium, Initiator::Font)));
}

/// What people really paste: the lines around the error, source locations,
/// wrapped lines, curly or straight quotes.
#[test]
fn real_looking_pastes_import() {
    struct Case {
        what: &'static str,
        text: &'static str,
        browser: Browser,
        /// The line the imported scenario must print.
        prints: &'static str,
    }
    let chromium_line = "Access to fetch at 'https://api.shop.test/cart' from origin 'https://shop.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let cases = [
        Case {
            what: "Chromium, copied from DevTools with the lines around it",
            text: "app.js:12 Access to fetch at 'https://api.shop.test/cart' from origin 'https://shop.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n\
                   app.js:12  PUT https://api.shop.test/cart net::ERR_FAILED\n\
                   (anonymous) @ app.js:12\n\
                   app.js:20 Uncaught (in promise) TypeError: Failed to fetch\n    at app.js:12:5",
            browser: Browser::Chromium,
            prints: chromium_line,
        },
        Case {
            what: "Chromium, wrapped by a terminal mid-word and with curly quotes from a chat",
            text: "Access to fetch at \u{2018}https://api.shop.test/cart\u{2019} from origin \u{2018}https://shop.test\u{2019} has been blocked by CORS pol\nicy: Response to preflight request doesn\u{2019}t pass access control check: No \u{2018}Access-Control-Allow-Origin\u{2019} header is present on the\nrequested resource.\nFailed to load resource: net::ERR_FAILED",
            browser: Browser::Chromium,
            prints: chromium_line,
        },
        Case {
            what: "Chromium, the network line gives the method and the status",
            text: "Access to fetch at 'https://api.example.com/items' from origin 'http://localhost:3000' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'http://localhost:3000/' that is not equal to the supplied origin. Have the server send the header with a valid value.\nDELETE https://api.example.com/items net::ERR_FAILED 200 (OK)",
            browser: Browser::Chromium,
            prints: "Access to fetch at 'https://api.example.com/items' from origin 'http://localhost:3000' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'http://localhost:3000/' that is not equal to the supplied origin. Have the server send the header with a valid value.",
        },
        Case {
            what: "Chromium, an XMLHttpRequest",
            text: "Access to XMLHttpRequest at 'https://api.example.com/v1' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            browser: Browser::Chromium,
            prints: "Access to XMLHttpRequest at 'https://api.example.com/v1' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        },
        Case {
            what: "Chromium, an image with crossorigin",
            text: "Access to image at 'https://cdn.example.net/logo.png' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            browser: Browser::Chromium,
            prints: "Access to image at 'https://cdn.example.net/logo.png' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        },
        Case {
            what: "Firefox, a request that got no answer: (null), straight quotes",
            text: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/data. (Reason: CORS request did not succeed). Status code: (null).\nTypeError: NetworkError when attempting to fetch resource.",
            browser: Browser::Firefox,
            prints: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/data. (Reason: CORS request did not succeed). Status code: (null).",
        },
        Case {
            what: "Firefox, wrapped at spaces by a chat",
            text: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading\nthe remote resource at https://api.example.com/data. (Reason: CORS header\n‘Access-Control-Allow-Origin’ missing). Status code: 403.",
            browser: Browser::Firefox,
            prints: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/data. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 403.",
        },
        Case {
            what: "Safari, as its Web Inspector shows it",
            text: "[Error] Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200\n[Error] Fetch API cannot load https://api.example.com/data due to access control checks.\n[Error] Failed to load resource: Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200 (data, line 0)",
            browser: Browser::WebKit,
            prints: "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://api.example.com/data due to access control checks.",
        },
        Case {
            what: "Safari, an XMLHttpRequest (axios) as its Web Inspector shows it, with the source location",
            text: "[Error] Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200\n[Error] XMLHttpRequest cannot load https://api.example.com/v1 due to access control checks.\n[Error] Failed to load resource: Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200 (v1, line 0)",
            browser: Browser::WebKit,
            prints: "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200\nXMLHttpRequest cannot load https://api.example.com/v1 due to access control checks.",
        },
        Case {
            what: "Safari, an image's loader line alone",
            text: "[Error] Cannot load image https://cdn.example.net/logo.png due to access control checks.",
            browser: Browser::WebKit,
            prints: "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200\nCannot load image https://cdn.example.net/logo.png due to access control checks.",
        },
    ];
    for case in cases {
        if let Err(why) = round_trips(case.text, case.browser, case.prints) {
            panic!("{}: {why}", case.what);
        }
    }
}

/// Safari's line for a script names no URL: the importer supposes one of
/// another origin, and says so.
#[test]
fn safaris_script_line_guesses_the_url() {
    let text = "[Error] Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200\n[Error] Cross-origin script load denied by Cross-Origin Resource Sharing policy.";
    let imported = console::import(text).unwrap();
    let first = &imported.candidates[0].import;
    assert_eq!(first.draft.request.initiator, Initiator::Script);
    assert_eq!(first.draft.page, "https://app.example.com/");
    let guess = first
        .guesses
        .iter()
        .find(|g| g.path == "request.url")
        .expect("the URL is a guess");
    assert_eq!(guess.value, first.draft.request.url);
    let alone =
        console::import("Cross-origin script load denied by Cross-Origin Resource Sharing policy.")
            .unwrap();
    assert_eq!(alone.browser, Browser::WebKit);
    assert_eq!(
        alone.candidates[0].import.draft.request.initiator,
        Initiator::Script
    );
}

#[test]
fn safari_names_every_cause_of_its_one_origin_line() {
    let text = "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://api.example.com/data due to access control checks.";
    let imported = console::import(text).unwrap();
    let allow: Vec<Option<String>> = imported
        .candidates
        .iter()
        .map(|c| {
            c.import
                .draft
                .server
                .last()
                .and_then(|r| r.header("Access-Control-Allow-Origin").map(str::to_string))
        })
        .collect();
    assert_eq!(
        allow,
        [
            None,
            Some("https://api.example.com".to_string()),
            Some("https://app.example.com/".to_string()),
            Some("app.example.com".to_string())
        ]
    );
    for c in &imported.candidates {
        assert_eq!(
            console_of(&c.import.draft.scenario().unwrap(), Browser::WebKit).as_deref(),
            Some(text),
            "{}",
            c.label
        );
    }
}

#[test]
fn what_is_not_a_cors_error_says_what_it_is() {
    for (text, says) in [
        ("GET https://api.example.com/data net::ERR_NAME_NOT_RESOLVED", "network failure"),
        ("Refused to connect to 'https://api.example.com/' because it violates the following Content Security Policy directive: \"connect-src 'self'\".", "Content Security Policy"),
        ("[Error] Could not connect to the server.", "network failure"),
        ("hello world", "no console error corsim knows"),
    ] {
        let error = console::import(text).unwrap_err().to_string();
        assert!(error.contains(says), "{text}: {error}");
    }
    let mixed = console::import("Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but requested an insecure resource 'http://api.example.com/data'. This request has been blocked; the content must be served over HTTPS.").unwrap();
    assert!(mixed.candidates[0].import.notes[0].contains("mixed content, not CORS"));
}
