//! The `corsim` binary itself: `check --json` prints the golden verdicts,
//! `link` prints permalinks, both read standard input, and bad input gets one
//! clear line on standard error and a non-zero exit, never a panic.

#[path = "../common/mod.rs"]
mod common;

#[path = "corsim.rs"]
mod run;

use run::corsim;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `tests/golden` holds version-1 scenarios with their version-1 verdicts,
/// `tests/golden-v2` version-2 ones with theirs: `check --json` prints each
/// document's own version.
#[test]
fn check_json_prints_every_golden_verdict() {
    let goldens: Vec<_> = ["golden", "golden-v2"]
        .into_iter()
        .flat_map(common::json_files)
        .filter(|p| !p.to_string_lossy().ends_with(".verdict.json"))
        .collect();
    assert!(goldens.len() > 100, "found {}", goldens.len());
    for path in goldens {
        let out = corsim(&["check", "--json", &path.to_string_lossy()], None);
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            text(&out.stderr)
        );
        let want =
            std::fs::read_to_string(path.with_extension("verdict.json")).expect("verdict file");
        assert_eq!(text(&out.stdout), want, "{}", path.display());
    }
}

#[test]
fn a_dash_reads_standard_input() {
    let scenario = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/error-missing-allow-origin.json"
    ))
    .expect("golden scenario");
    let out = corsim(&["check", "--json", "-"], Some(&scenario));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(verdict["outcome"], "network-error");
}

/// `--browser firefox` prints the verdict as Firefox decides it, in the same
/// fields; `--browser chromium` is the default, the contract's verdict.
#[test]
fn check_browser_firefox_prints_firefoxs_decision() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/ok-user-agent-dropped-by-chromium.json"
    );
    let json = |args: &[&str]| -> serde_json::Value {
        let out = corsim(args, None);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("JSON on stdout")
    };
    let default = json(&["check", "--json", path]);
    assert_eq!(
        default,
        json(&["check", "--json", "--browser", "chromium", path])
    );
    let firefox = json(&["check", "--json", "--browser", "firefox", path]);

    // Chromium drops the User-Agent and sends a simple GET; Firefox keeps it,
    // so preflights it, and the server's 404 without CORS headers fails it.
    assert_eq!(default["outcome"], "readable");
    assert_eq!(firefox["outcome"], "network-error");
    assert_eq!(firefox["status"], serde_json::Value::Null);
    assert_eq!(firefox["exposed_headers"], serde_json::json!([]));
    assert_eq!(firefox["wire"][0]["kind"], "preflight");
    assert_eq!(firefox["wire"][0]["method"], "OPTIONS");
    assert_eq!(firefox["wire"].as_array().map(Vec::len), Some(1));
    // The rest is the same either way: both console lines, the note saying
    // where the browsers differ, and the contract's fields.
    assert_eq!(firefox["console"], default["console"]);
    assert_eq!(firefox["origin"], default["origin"]);
    let differs = |v: &serde_json::Value| {
        v["notes"]
            .as_array()
            .expect("notes")
            .iter()
            .find(|n| n["note"] == "firefox-differs")
            .cloned()
    };
    assert!(differs(&default).is_some());
    assert_eq!(differs(&firefox), differs(&default));

    let out = corsim(&["check", "--json", "--browser", "safari", path], None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("possible values: chromium, firefox, webkit"));
}

/// `--verdict 2` prints every browser's decision side by side; the
/// version-1 verdict stays as it is, with no WebKit field.
#[test]
fn check_verdict_2_holds_every_browser_side_by_side() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/error-allow-origin-trailing-slash.json"
    );
    let json = |args: &[&str]| -> serde_json::Value {
        let out = corsim(args, None);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("JSON on stdout")
    };
    let v1 = json(&["check", "--json", path]);
    let v2 = json(&["check", "--json", "--verdict", "2", path]);
    assert_eq!(v2["version"], 2);
    assert!(v1["console"].get("webkit").is_none(), "{}", v1["console"]);
    for (browser, engine) in [
        ("chromium", "Chromium 156"),
        ("firefox", "Firefox ESR 153"),
        ("webkit", "WebKit (Safari 26; WebKitGTK 2.50)"),
    ] {
        let verdict = &v2["browsers"][browser];
        assert_eq!(verdict["engine"], engine);
        let requests = verdict["requests"].as_array().expect("requests");
        assert_eq!(requests.len(), 1, "one request in a version-1 scenario");
        let request = &requests[0];
        assert_eq!(request["page_origin"], "https://app.example.com");
        assert_eq!(request["outcome"], "network-error");
        assert_eq!(request["cache"]["preflight"], "none");
        if browser != "webkit" {
            assert_eq!(request["console"], v1["console"][browser], "{browser}");
        }
    }
    // WebKit never quotes the header's value: one line for any wrong origin.
    assert_eq!(
        v2["browsers"]["webkit"]["requests"][0]["console"],
        "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200\n\
         Fetch API cannot load https://api.example.com/data due to access control checks."
    );
    assert_eq!(
        v2["browsers"]["webkit"]["requests"][0]["script_sees"],
        "TypeError: Load failed"
    );
    assert_eq!(
        v2["browsers"]["chromium"]["requests"][0]["script_sees"],
        "TypeError: Failed to fetch"
    );
    let webkit = json(&["check", "--json", "--browser", "webkit", path]);
    assert_eq!(webkit["version"], 1);
    assert_eq!(webkit["outcome"], "network-error");

    let out = corsim(&["check", "--json", "--verdict", "3", path], None);
    assert!(!out.status.success());
}

#[test]
fn the_human_report_shows_each_part() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/error-header-not-allowed.json"
    );
    let out = corsim(&["check", path], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    for part in [
        "host    app.example.com vs api.example.com  DIFFERENT",
        "  - the header x-request-id: only Accept, Accept-Language, Content-Language, Content-Type and Range can be sent without a preflight",
        "  preflight: OPTIONS https://api.example.com/data -> 204",
        "      Access-Control-Request-Headers: content-type,x-request-id",
        "  network error: the promise rejects with a TypeError",
        "  because `x-request-id` is not in `Access-Control-Allow-Headers: Content-Type`",
        "  Chromium: Access to fetch at 'https://api.example.com/data' from origin 'https://app.example.com' has been blocked by CORS policy: Request header field x-request-id is not allowed by Access-Control-Allow-Headers in preflight response.",
    ] {
        assert!(report.contains(part), "missing {part:?} in:\n{report}");
    }
}

/// (description, arguments, standard input, what the one error line must say)
const BAD_INPUT: &[(&str, &[&str], Option<&str>, &str)] = &[
    ("missing file", &["check", "/nonexistent/scenario.json"], None, "corsim: /nonexistent/scenario.json: No such file or directory"),
    ("not JSON", &["check", "-"], Some("{\"version\": 1,"), "corsim: -: not valid JSON: EOF while parsing"),
    ("future version", &["check", "-"], Some(r#"{"version": 3}"#), "corsim: -: version: 3 is not a version this reader understands"),
    (
        "unknown mode",
        &["check", "--json", "-"],
        Some(r#"{"version":1,"page":"https://a.example/","request":{"url":"https://b.example/","mode":"cros"}}"#),
        "corsim: -: request.mode: unknown value \"cros\"; expected one of cors, no-cors, same-origin",
    ),
    (
        "malformed URL",
        &["check", "-"],
        Some(r#"{"version":1,"page":"https://a.example/","request":{"url":"https://exa mple.com/"}}"#),
        "corsim: -: request.url: \"https://exa mple.com/\" is not a valid absolute URL (invalid international domain name)",
    ),
    (
        "several problems: the first, and a count",
        &["check", "-"],
        Some(r#"{"version":1,"page":7,"request":{"url":"x"}}"#),
        "corsim: -: page: expected a string, found a number (and 1 more)",
    ),
    (
        "deeply nested JSON",
        &["check", "-"],
        Some(concat!("{\"version\":1,\"title\":", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[")),
        "corsim: -: not valid JSON: recursion limit exceeded",
    ),
    ("link: missing file", &["link", "/nonexistent/scenario.json"], None, "corsim: /nonexistent/scenario.json: No such file or directory"),
    (
        "link: invalid scenario",
        &["link", "--base", "https://corsim.example/", "-"],
        Some(r#"{"version":1,"page":"https://a.example/","request":{"url":"https://b.example/","redirect":"folow"}}"#),
        "corsim: -: request.redirect: unknown value \"folow\"; expected one of follow, error, manual",
    ),
    ("no subcommand", &[], None, "Usage: corsim <COMMAND>"),
];

#[test]
fn bad_input_gets_one_clear_line_and_a_failing_exit() {
    for (description, args, stdin, want) in BAD_INPUT {
        let out = corsim(args, *stdin);
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{description}: exited 0");
        assert!(
            !stderr.contains("panicked"),
            "{description}: panicked: {stderr}"
        );
        assert!(
            out.stdout.is_empty(),
            "{description}: printed {}",
            text(&out.stdout)
        );
        assert!(
            stderr.contains(want),
            "{description}: want {want:?} in {stderr:?}"
        );
        if !args.is_empty() {
            assert_eq!(
                stderr.lines().count(),
                1,
                "{description}: more than one line: {stderr:?}"
            );
        }
    }
}

#[test]
fn a_huge_header_value_is_decided_not_fatal() {
    let value = "a".repeat(1 << 20);
    let scenario = format!(
        r#"{{"version":1,"page":"https://a.example/","request":{{"url":"https://b.example/","headers":[["Accept","{value}"]]}},"server":[{{"method":"OPTIONS","status":204,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Headers","accept"]]}},{{"headers":[["Access-Control-Allow-Origin","*"]]}}]}}"#
    );
    let out = corsim(&["check", "--json", "-"], Some(&scenario));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // Over the 128-byte limit, `Accept` needs a preflight, which allows it.
    assert_eq!(verdict["wire"][0]["kind"], "preflight");
    assert_eq!(verdict["outcome"], "readable");
}

const CONTRACT_EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/permalinks/contract-example.json"
);

/// The fragment this version writes for the contract's example.
const CONTRACT_EXAMPLE_FRAGMENT: &str = "v=1&t=Delete+a+user+from+the+admin+app&p=https://app.example.com/admin&u=https://api.example.com/users/7&m=DELETE&h=~au:Bearer+abc&h=~ct:application/json&c=include&s=204&u=~u&m=OPTIONS&h=~ao:~o&h=~ac:true&h=~am:GET,+POST,+DELETE&h=~ah:Authorization,+Content-Type&h=~ma:600&s=200&h=~ao:~o&h=~ac:true&h=~ct:application/json&end";

#[test]
fn link_prints_the_permalink_for_a_file_at_the_local_address() {
    let out = corsim(&["link", CONTRACT_EXAMPLE], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("http://127.0.0.1:8080/#{CONTRACT_EXAMPLE_FRAGMENT}\n")
    );
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn link_reads_standard_input_and_takes_a_base() {
    let scenario = std::fs::read_to_string(CONTRACT_EXAMPLE).expect("scenario");
    for (base, want) in [
        (
            "https://corsim.example/app/",
            "https://corsim.example/app/#",
        ),
        // The base's own fragment gives way.
        (
            "https://corsim.example/#v=1&old&end",
            "https://corsim.example/#",
        ),
        ("", "#"),
    ] {
        let out = corsim(&["link", "--base", base, "-"], Some(&scenario));
        assert!(out.status.success(), "{base}: {}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout),
            format!("{want}{CONTRACT_EXAMPLE_FRAGMENT}\n"),
            "{base}"
        );
    }
}

#[test]
fn link_of_every_golden_scenario_opens_it_again() {
    for path in common::json_files("golden")
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".verdict.json"))
    {
        let out = corsim(&["link", &path.to_string_lossy()], None);
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            text(&out.stderr)
        );
        let link = text(&out.stdout);
        let fragment = link.trim_end().split_once('#').map_or("", |(_, f)| f);
        let want =
            corsim_app::draft::Draft::from_json(&std::fs::read_to_string(&path).expect("golden"));
        assert_eq!(
            corsim_app::permalink::decode(fragment).ok(),
            want.ok(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn link_of_a_bad_file_exits_2_with_one_line() {
    let out = corsim(
        &[
            "link",
            "--base",
            "https://x.example/",
            "/nonexistent/scenario.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "corsim: /nonexistent/scenario.json: No such file or directory (os error 2)\n"
    );
}

/// `corsim import console -` reads a pasted console line and prints the
/// scenario that makes that browser print it again; what it guessed goes to
/// standard error; text that is no console error exits 2 with one line.
#[test]
fn import_console_prints_a_scenario_that_gives_the_line_back() {
    let line = "Access to fetch at 'https://api.example.com/data' from origin \
                'https://app.example.com' has been blocked by CORS policy: No \
                'Access-Control-Allow-Origin' header is present on the requested resource.";
    let out = corsim(&["import", "console", "-"], Some(line));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("guessed"),
        "{}",
        text(&out.stderr)
    );
    let out = corsim(&["check", "--json", "-"], Some(&text(&out.stdout)));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(verdict["console"]["chromium"], line);

    let out = corsim(&["import", "console", "-"], Some("hello"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).trim_end().lines().count(),
        1,
        "{}",
        text(&out.stderr)
    );
}

fn golden_v2(name: &str) -> String {
    format!("{}/tests/golden-v2/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

/// The report for a person names each request and what each browser's
/// caches did with it.
#[test]
fn check_reports_every_request_of_a_version_2_document() {
    let out = corsim(
        &[
            "check",
            &golden_v2("ok-max-age-second-put-skips-the-preflight"),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains("Request 2 at 1 s: PUT https://api.example.com/settings (fetch)"),
        "{report}"
    );
    assert!(
        report.contains("readable, status 200; preflight cache hit, HTTP cache none"),
        "{report}"
    );
}

/// `curl` numbers the requests and leaves out what a cache answered:
/// the second PUT goes without its preflight.
#[test]
fn curl_prints_each_request_under_its_number() {
    let out = corsim(
        &[
            "curl",
            &golden_v2("ok-max-age-second-put-skips-the-preflight"),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    let (first, second) = printed.split_once("## Request 2").expect("two requests");
    assert!(first.starts_with("## Request 1: PUT"), "{printed}");
    assert!(first.contains("-X OPTIONS"), "{first}");
    assert!(
        !second.contains("-X OPTIONS") && second.contains("-X PUT"),
        "{second}"
    );
}

/// `config` answers every request, or says why no configuration can.
#[test]
fn config_answers_a_timeline_or_says_why_not() {
    let out = corsim(
        &[
            "config",
            "--framework",
            "express",
            &golden_v2("ok-max-age-second-put-skips-the-preflight"),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("maxAge"),
        "{}",
        text(&out.stdout)
    );
    for (name, why) in [
        (
            "error-server-changes-between-requests",
            "the server changes over time",
        ),
        (
            "error-server-down-is-not-cors",
            "gives no HTTP response (refused)",
        ),
    ] {
        let out = corsim(
            &["config", "--framework", "express", &golden_v2(name)],
            None,
        );
        assert_eq!(out.status.code(), Some(3), "{name}");
        assert!(
            text(&out.stderr).contains(why),
            "{name}: {}",
            text(&out.stderr)
        );
    }
}

/// `import har --timeline` prints one version-2 document of every
/// cross-origin request, which `check` reads.
#[test]
fn a_har_of_several_requests_imports_as_one_timeline() {
    let har = r#"{"log": {"pages": [{"title": "https://app.example.com/"}], "entries": [
      {"startedDateTime": "2026-12-06T10:00:00.000Z",
       "request": {"method": "GET", "url": "https://api.example.com/a", "headers": [{"name": "Origin", "value": "https://app.example.com"}]},
       "response": {"status": 200, "headers": [{"name": "Access-Control-Allow-Origin", "value": "*"}]}},
      {"startedDateTime": "2026-12-06T10:00:01.250Z",
       "request": {"method": "GET", "url": "https://api.example.com/a", "headers": [{"name": "Origin", "value": "https://app.example.com"}]},
       "response": {"status": 200, "headers": []}}]}}"#;
    let out = corsim(&["import", "har", "--timeline", "-"], Some(har));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["requests"][1]["at"], 1.25);
    let check = corsim(&["check", "--json", "-"], Some(&text(&out.stdout)));
    let verdict: serde_json::Value = serde_json::from_slice(&check.stdout).expect("a verdict");
    let outcomes: Vec<_> = verdict["browsers"]["chromium"]["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|r| r["outcome"].as_str().unwrap_or_default().to_string())
        .collect();
    // The same URL answered twice, differently, as the HAR recorded it.
    assert_eq!(outcomes, ["readable", "network-error"]);
}
