use super::*;
use corsim_core::scenario::{CredentialsMode, RedirectMode};

fn draft(json: &str) -> Draft {
    Draft::from_json(json).unwrap_or_else(|e| panic!("invalid scenario: {e:?}\n{json}"))
}

fn advice(draft: &Draft) -> Advice {
    let verdict = draft.evaluate().expect("valid draft");
    advise(draft, &verdict, Page::Unmarked)
}

fn fix(json: &str) -> Fix {
    match advice(&draft(json)) {
        Advice::Fix(fix) => fix,
        other => panic!("expected a fix, got {other:?}\n{json}"),
    }
}

fn summaries(fix: &Fix) -> Vec<(usize, &str)> {
    fix.changes
        .iter()
        .map(|c| (c.response, c.summary.as_str()))
        .collect()
}

/// What advise should say, by failure reason: the decision table.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Fix,
    NoFix,
}

const REASONS: &[(&str, Expect)] = &[
    ("url-has-credentials", Expect::NoFix),
    ("body-with-get-or-head", Expect::NoFix),
    ("unreachable", Expect::NoFix),
    ("local-network-denied", Expect::NoFix),
    ("target-address-space-mismatch", Expect::NoFix),
    ("element-status-not-ok", Expect::NoFix),
    ("invalid-method", Expect::NoFix),
    ("forbidden-method", Expect::NoFix),
    ("method-not-no-cors-safelisted", Expect::NoFix),
    ("invalid-header-name", Expect::NoFix),
    ("invalid-header-value", Expect::NoFix),
    ("header-value-not-byte-string", Expect::NoFix),
    ("mixed-content", Expect::NoFix),
    ("bad-port", Expect::NoFix),
    ("same-origin-mode-cross-origin", Expect::NoFix),
    ("no-cors-redirect-not-follow", Expect::NoFix),
    ("scheme-not-supported", Expect::NoFix),
    ("scheme-fetch-unsupported", Expect::NoFix),
    ("local-resource-not-allowed", Expect::NoFix),
    ("cors-disabled-scheme", Expect::NoFix),
    ("local-resource-not-found", Expect::NoFix),
    ("preflight-redirect", Expect::Fix),
    ("preflight-access", Expect::Fix),
    ("preflight-status", Expect::Fix),
    ("invalid-allow-methods", Expect::Fix),
    ("invalid-allow-headers", Expect::Fix),
    ("method-not-allowed", Expect::Fix),
    ("header-not-allowed", Expect::Fix),
    ("response-access", Expect::Fix),
    ("redirect-mode-error", Expect::NoFix),
    ("redirect-location-invalid", Expect::NoFix),
    ("redirect-scheme-not-http", Expect::NoFix),
    ("too-many-redirects", Expect::NoFix),
    ("redirect-with-credentials", Expect::Fix),
];

/// Every scenario file under `dir` of the workspace (verdict files
/// aside), by name.
fn scenarios(dir: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(dir);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "json")
                && !path.to_string_lossy().ends_with(".verdict.json")
        })
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(&path).ok()?))
        })
        .collect();
    files.sort();
    files
}

fn check_scenario(name: &str, draft: &Draft, page: Page) -> Advice {
    let verdict = draft.evaluate().expect("valid");
    let advice = advise(draft, &verdict, page);
    assert_eq!(
        advice,
        advise(draft, &verdict, page),
        "{name}: deterministic"
    );
    if let Advice::Fix(fix) = &advice {
        assert_safe(name, draft, &verdict, fix, page);
    }
    if let Advice::Unsafe(risk) = &advice {
        assert!(
            !risk.why.is_empty() && !risk.safe.is_empty() && risk.works == succeeded(&verdict),
            "{name}: {risk:?}"
        );
        assert_eq!(suggest(draft, &verdict, page), None, "{name}");
        return advice;
    }
    if succeeded(&verdict) {
        assert_eq!(advice, Advice::Works, "{name}");
        return advice;
    }
    let failure = verdict.failure.as_ref().expect("a failure");
    let reason = serde_json::to_value(failure).expect("serializes")["reason"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let expect = REASONS
        .iter()
        .find(|(r, _)| *r == reason)
        .map(|(_, e)| *e)
        .unwrap_or_else(|| panic!("{name}: no decision for failure reason {reason}"));
    // Chromium refuses a `Location` with a password before it looks at
    // `redirect: "error"`: a fixed `Location` then meets that mode, which
    // only the page can change.
    let expect =
        if reason == "redirect-with-credentials" && draft.request.redirect == RedirectMode::Error {
            Expect::NoFix
        } else {
            expect
        };
    match (expect, advice.clone()) {
        (Expect::Fix, Advice::Fix(fix)) => {
            assert!(!fix.changes.is_empty(), "{name}: no changes");
            let fixed = fix.draft.evaluate().expect("the fix is a valid scenario");
            assert_eq!(
                fixed.outcome,
                Outcome::Readable,
                "{name}: {:?}\n{:#?}",
                fixed.failure,
                fix
            );
            assert_eq!(
                (
                    &fix.draft.title,
                    &fix.draft.page,
                    fix.draft.sandboxed,
                    &fix.draft.request
                ),
                (&draft.title, &draft.page, draft.sandboxed, &draft.request),
                "{name}: only the server changes"
            );
            assert!(
                fix.changes
                    .iter()
                    .all(|c| c.response < fix.draft.server.len()),
                "{name}: {:?}",
                fix.changes
            );
            assert!(!fix.why.is_empty(), "{name}");
            assert_eq!(suggest(draft, &verdict, page), Some(fix), "{name}");
        }
        (Expect::NoFix, Advice::NoServerFix { why }) => {
            assert!(!why.is_empty(), "{name}");
            assert_eq!(suggest(draft, &verdict, page), None, "{name}");
        }
        (expect, advice) => panic!("{name} ({reason}): expected {expect:?}, got {advice:?}"),
    }
    advice
}

/// The golden scenarios where working and safe part ways, and whether they work.
const UNSAFE_GOLDENS: &[(&str, bool)] = &[
    ("error-sandboxed-origin-mismatch.json", false),
    ("ok-redirect-tainted-origin-null.json", true),
    ("ok-sandboxed-null-origin.json", true),
];

#[test]
fn every_golden_scenario_gets_the_advice_its_failure_calls_for() {
    let goldens = scenarios("tests/golden");
    assert!(goldens.len() > 40, "found {} goldens", goldens.len());
    let mut unsafe_ones = Vec::new();
    for (name, text) in goldens {
        if let Advice::Unsafe(risk) = check_scenario(&name, &draft(&text), Page::Unmarked) {
            unsafe_ones.push((name, risk.works));
        }
    }
    let want: Vec<(String, bool)> = UNSAFE_GOLDENS
        .iter()
        .map(|(n, w)| (n.to_string(), *w))
        .collect();
    assert_eq!(unsafe_ones, want);
}

/// What the fix panel says of the presets where working and safe part ways:
/// whether it works, and words the advice must hold. Every other preset
/// gets a fix, "nothing to fix" or "no server fix", as its failure calls for.
const UNSAFE_PRESETS: &[(&str, bool, &[&str])] = &[
    (
        "cors-is-not-csrf-protection",
        false,
        &[
            "must not trust",
            "never stopped the POST",
            "SameSite",
            "CSRF token",
            "`Origin`",
        ],
    ),
    (
        "file-page-null-origin",
        false,
        &["`null`", "`http://localhost`"],
    ),
    (
        "intranet-api-wildcard",
        true,
        &[
            "must not trust",
            "`*` only for public data",
            "private network",
        ],
    ),
    // A public page may read a local server that answers `*`: the lesson
    // is Local Network Access, and the fix panel says why `*` there is not safe.
    (
        "ok-localhost-with-local-network-access-granted",
        true,
        &["`*` on localhost", "require a login"],
    ),
    (
        "reflect-origin-with-credentials",
        true,
        &[
            "must not trust",
            "with the user's cookies",
            "fixed list of your own sites",
        ],
    ),
    (
        "sandboxed-null-origin",
        true,
        &["`null`", "`allow-same-origin`"],
    ),
];

#[test]
fn every_preset_gets_the_advice_its_failure_calls_for_and_never_an_unsafe_fix() {
    let mut unsafe_ones = Vec::new();
    for preset in crate::presets::ALL {
        let draft = preset.draft();
        let page = Page::of(Some(preset.id), &draft);
        assert_eq!(page == Page::Attacker, preset.attacker, "{}", preset.id);
        if let Advice::Unsafe(risk) = check_scenario(preset.id, &draft, page) {
            let (_, works, words) = UNSAFE_PRESETS
                .iter()
                .find(|(id, _, _)| *id == preset.id)
                .unwrap_or_else(|| panic!("{}: unexpectedly unsafe: {risk:?}", preset.id));
            assert_eq!(risk.works, *works, "{}: {risk:?}", preset.id);
            let text = format!("{} {}", risk.why, risk.safe);
            for word in *words {
                assert!(text.contains(word), "{}: no {word:?} in {text}", preset.id);
            }
            unsafe_ones.push(preset.id);
        }
    }
    let want: Vec<&str> = UNSAFE_PRESETS.iter().map(|(id, _, _)| *id).collect();
    unsafe_ones.sort();
    assert_eq!(unsafe_ones, want);
}

#[test]
fn an_attacker_page_stays_one_until_it_moves_to_another_origin() {
    let preset = crate::presets::by_id("cors-is-not-csrf-protection").expect("a preset");
    let mut draft = preset.draft();
    draft.page.push_str("win?prize=1");
    assert_eq!(Page::of(Some(preset.id), &draft), Page::Attacker);
    draft.page = "https://www.bank.example.com/".into();
    assert_eq!(Page::of(Some(preset.id), &draft), Page::Unmarked);
    assert_eq!(Page::of(None, &preset.draft()), Page::Unmarked);
    assert_eq!(
        Page::of(Some("app-to-api"), &preset.draft()),
        Page::Unmarked
    );
}

/// A proposed fix never teaches an unsafe server: none for an attacker's
/// page, no `null`, no `*` on a private host, with credentials exactly the
/// page's origin (with the warning against reflecting any origin), and
/// nothing that lets a page whose origin is `null` in.
fn assert_safe(name: &str, draft: &Draft, verdict: &Verdict, fix: &Fix, page: Page) {
    assert_ne!(page, Page::Attacker, "{name}: a fix for an attacker's page");
    let include = draft.request.credentials == CredentialsMode::Include;
    let allows = fix.changes.iter().any(|c| c.summary.contains(ALLOW_ORIGIN));
    assert!(
        !(allows && verdict.origin == "null"),
        "{name}: lets a page whose origin is null in\n{fix:#?}"
    );
    assert!(
        !(allows && include) || fix.warnings.iter().any(|w| w.contains("Reflecting")),
        "{name}: {:?}",
        fix.warnings
    );
    let fixed = fix.draft.evaluate().expect("valid");
    for wire in &fixed.wire {
        let Some(value) = wire
            .answered_by
            .and_then(|i| fix.draft.server.get(i))
            .and_then(|entry| entry.header(ALLOW_ORIGIN))
        else {
            continue;
        };
        match value.trim() {
            "null" => panic!("{name}: allows null\n{fix:#?}"),
            "*" => assert!(
                !include && !safety::private_host(&wire.url),
                "{name}: * with credentials or on a private host\n{fix:#?}"
            ),
            origin if include && allows => assert_eq!(origin, fixed.origin, "{name}"),
            _ => {}
        }
    }
}

const PAGE: &str = r#""page": "https://app.example.com/""#;

#[test]
fn a_missing_allowed_header_is_appended_to_the_list() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/users/7", "method": "PUT",
                          "headers": [["X-Trace", "1"], ["Content-Type", "application/json"]]}},
              "server": [
                {{"method": "OPTIONS", "status": 204, "headers": [
                  ["Access-Control-Allow-Origin", "https://app.example.com"],
                  ["Access-Control-Allow-Methods", "PUT"],
                  ["Access-Control-Allow-Headers", "Content-Type"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
    ));
    assert_eq!(
        summaries(&fix),
        [(0, "Add `X-Trace` to `Access-Control-Allow-Headers` in the preflight response (OPTIONS https://api.example.com/users/7) (now `Content-Type, X-Trace`)")]
    );
    assert_eq!(
        fix.draft.server[0].header("Access-Control-Allow-Headers"),
        Some("Content-Type, X-Trace")
    );
    assert!(fix.why.contains("The preflight requires"), "{}", fix.why);
    assert_eq!(fix.warnings, Vec::<String>::new());
}

#[test]
fn an_absent_allow_headers_is_added() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/users/7", "headers": [["X-Trace", "1"]]}},
              "server": [
                {{"method": "OPTIONS", "status": 204, "headers": [["Access-Control-Allow-Origin", "*"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
    ));
    assert_eq!(
        summaries(&fix),
        [(0, "Add `Access-Control-Allow-Headers: X-Trace` to the preflight response (OPTIONS https://api.example.com/users/7)")]
    );
}

#[test]
fn a_missing_preflight_response_is_added_before_the_main_one() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/data", "method": "DELETE"}},
              "server": [{{"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"], ["Vary", "Origin"]]}}]}}"#
    ));
    assert_eq!(
        summaries(&fix),
        [(0, "Add a preflight response to OPTIONS https://api.example.com/data: status 204 with `Access-Control-Allow-Origin: https://app.example.com`, `Access-Control-Allow-Methods: DELETE`")]
    );
    let added = &fix.draft.server[0];
    assert_eq!(
        (added.method.as_deref(), added.url.as_deref()),
        (Some("OPTIONS"), None)
    );
    assert!(fix.why.contains("default 404"), "{}", fix.why);
}

#[test]
fn a_refused_preflight_status_becomes_204_and_the_rest_follows() {
    // The "server does not handle OPTIONS" preset: 405, no CORS headers.
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/users/7", "method": "PUT",
                          "headers": [["Content-Type", "application/json"]]}},
              "server": [
                {{"method": "OPTIONS", "status": 405, "headers": [["Allow", "GET, PUT, DELETE"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"], ["Vary", "Origin"]]}}]}}"#
    ));
    let label = "the preflight response (OPTIONS https://api.example.com/users/7)";
    assert_eq!(
        summaries(&fix),
        [
            (
                0,
                format!("Answer with status 204 instead of 405 in {label}").as_str()
            ),
            (
                0,
                format!("Add `Access-Control-Allow-Origin: https://app.example.com` to {label}")
                    .as_str()
            ),
            (
                0,
                format!("Add `Access-Control-Allow-Methods: PUT` to {label}").as_str()
            ),
            (
                0,
                format!("Add `Access-Control-Allow-Headers: Content-Type` to {label}").as_str()
            ),
        ]
    );
}

#[test]
fn a_redirected_preflight_is_answered_in_place() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/data", "method": "PUT"}},
              "server": [
                {{"method": "OPTIONS", "status": 301, "headers": [
                  ["Access-Control-Allow-Origin", "https://app.example.com"],
                  ["Location", "https://api.example.com/v2/data"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
    ));
    let preflight = &fix.draft.server[0];
    assert_eq!(preflight.status, "204");
    assert_eq!(preflight.header("Location"), None);
    assert_eq!(
        preflight.header("Access-Control-Allow-Methods"),
        Some("PUT")
    );
    assert!(fix.why.contains("never follows redirects"), "{}", fix.why);
}

#[test]
fn a_wrong_allow_origin_is_replaced_by_the_exact_origin_with_vary() {
    for (description, headers) in [
        (
            "trailing slash",
            r#"[["Access-Control-Allow-Origin", "https://app.example.com/"]]"#,
        ),
        (
            "case",
            r#"[["Access-Control-Allow-Origin", "https://App.example.com"]]"#,
        ),
        (
            "two headers",
            r#"[["Access-Control-Allow-Origin", "https://app.example.com"], ["Access-Control-Allow-Origin", "https://app.example.com"]]"#,
        ),
        ("missing", "[]"),
    ] {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
                  "server": [{{"status": 200, "headers": {headers}}}]}}"#
        ));
        assert_eq!(
            fix.draft.server[0].headers,
            [
                (
                    "Access-Control-Allow-Origin".to_string(),
                    "https://app.example.com".to_string()
                ),
                ("Vary".to_string(), "Origin".to_string())
            ],
            "{description}"
        );
        assert_eq!(fix.changes.len(), 2, "{description}: {:?}", fix.changes);
        assert!(
            fix.changes[1].summary.starts_with("Add `Vary: Origin`"),
            "{description}"
        );
        assert!(fix.why.contains("CORS check"), "{description}");
        assert!(fix.why.contains("Vary: Origin"), "{description}");
    }
}

#[test]
fn an_existing_vary_gets_origin_added() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
              "server": [{{"status": 200, "headers": [["Vary", "Accept-Encoding"]]}}]}}"#
    ));
    assert_eq!(
        fix.draft.server[0].header("Vary"),
        Some("Accept-Encoding, Origin")
    );
}

#[test]
fn credentials_get_a_specific_origin_and_the_reflection_warning() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/data", "credentials": "include"}},
              "server": [{{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
    ));
    let response = &fix.draft.server[0];
    assert_eq!(
        response.header("Access-Control-Allow-Origin"),
        Some("https://app.example.com")
    );
    assert_eq!(
        response.header("Access-Control-Allow-Credentials"),
        Some("true")
    );
    assert_eq!(response.header("Vary"), Some("Origin"));
    assert!(
        fix.warnings
            .iter()
            .any(|w| w.contains("allow-list") && w.contains("Reflecting")),
        "{:?}",
        fix.warnings
    );
    assert!(
        fix.warnings.iter().any(|w| w
            .starts_with("Allow `https://app.example.com` only if it is one of your own sites")),
        "{:?}",
        fix.warnings
    );
    assert!(fix.why.contains("`*` is refused"), "{}", fix.why);
}

#[test]
fn a_wrong_case_allow_credentials_is_set_to_true() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/data", "credentials": "include"}},
              "server": [{{"status": 200, "headers": [
                ["Access-Control-Allow-Origin", "https://app.example.com"],
                ["Access-Control-Allow-Credentials", "True"], ["Vary", "Origin"]]}}]}}"#
    ));
    assert_eq!(
        summaries(&fix),
        [(0, "Set `Access-Control-Allow-Credentials: true` in the response (GET https://api.example.com/data) (was `True`)")]
    );
    assert_eq!(fix.warnings.len(), 1, "{:?}", fix.warnings);
}

fn risk(json: &str) -> Unsafe {
    match advice(&draft(json)) {
        Advice::Unsafe(risk) => risk,
        other => panic!("expected unsafe, got {other:?}\n{json}"),
    }
}

#[test]
fn a_null_origin_is_never_allowed() {
    let sandboxed = |credentials: &str| {
        format!(
            r#"{{"version": 1, {PAGE}, "sandboxed": true,
                  "request": {{"url": "https://api.example.com/data", "credentials": "{credentials}"}},
                  "server": [{{"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]}}]}}"#
        )
    };
    for credentials in ["same-origin", "include"] {
        let risk = risk(&sandboxed(credentials));
        assert!(!risk.works, "{risk:?}");
        assert!(risk.why.contains("`null`"), "{risk:?}");
        assert!(risk.safe.contains("`allow-same-origin`"), "{risk:?}");
    }
    let file = risk(
        r#"{"version": 1, "page": "file:///home/me/index.html",
            "request": {"url": "https://api.example.com/data"},
            "server": [{"status": 200}]}"#,
    );
    assert!(file.safe.contains("`http://localhost`"), "{file:?}");
    // After a redirect to a third origin with credentials, `*` cannot work
    // and `null` must not be allowed.
    let redirect = risk(&format!(
        r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data", "credentials": "include"}},
              "server": [
                {{"status": 302, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                  ["Access-Control-Allow-Credentials", "true"], ["Location", "https://cdn.example.net/data"]]}},
                {{"url": "https://cdn.example.net/data", "status": 200}}]}}"#
    ));
    assert!(
        redirect
            .safe
            .contains("fetch https://cdn.example.net/data directly"),
        "{redirect:?}"
    );
}

#[test]
fn a_fix_that_would_let_the_page_read_an_unsafe_response_is_not_proposed() {
    // Allowing `PUT` would be enough, but the read would then rest on `null`.
    let null = risk(&format!(
        r#"{{"version": 1, {PAGE}, "sandboxed": true,
              "request": {{"url": "https://api.example.com/data", "method": "PUT"}},
              "server": [{{"method": "OPTIONS", "status": 204, "headers": [["Access-Control-Allow-Origin", "null"]]}},
                         {{"status": 200, "headers": [["Access-Control-Allow-Origin", "null"]]}}]}}"#
    ));
    assert!(!null.works && null.why.contains("`null`"), "{null:?}");
    // The same for `*` on an intranet host.
    let intranet = risk(&format!(
        r#"{{"version": 1, {PAGE}, "request": {{"url": "https://hr.corp.example.com/payroll", "method": "PUT"}},
              "server": [{{"method": "OPTIONS", "status": 204, "headers": [["Access-Control-Allow-Origin", "*"]]}},
                         {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
    ));
    assert!(
        !intranet.works && intranet.why.contains("hr.corp.example.com"),
        "{intranet:?}"
    );
}

#[test]
fn private_hosts_by_address_and_by_name() {
    let table = [
        ("a loopback name", "http://localhost:3000/", true),
        ("a private address", "https://192.168.1.20/", true),
        ("an intranet name", "https://hr.corp.example.com/", true),
        ("a .local name", "http://printer.local/", true),
        ("a public name", "https://api.example.com/", false),
        (
            "a name merely containing corp",
            "https://corporate.example.com/",
            false,
        ),
    ];
    for (description, url, want) in table {
        assert_eq!(safety::private_host(url), want, "{description}: {url}");
    }
}

#[test]
fn a_redirect_to_a_third_origin_allows_any_origin_with_a_warning() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
              "server": [
                {{"status": 302, "headers": [["Access-Control-Allow-Origin", "*"], ["Location", "https://cdn.example.net/data"]]}},
                {{"url": "https://cdn.example.net/data", "status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]}}]}}"#
    ));
    assert_eq!(
        fix.draft.server[1].header("Access-Control-Allow-Origin"),
        Some("*")
    );
    assert!(
        fix.warnings
            .iter()
            .any(|w| w.contains("redirect")
                && w.contains("fetch https://cdn.example.net/data directly")),
        "{:?}",
        fix.warnings
    );
}

#[test]
fn a_redirect_response_gets_the_allow_origin() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
              "server": [
                {{"status": 302, "headers": [["Location", "https://api.example.com/v2/data"]]}},
                {{"url": "https://api.example.com/v2/data", "status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
    ));
    assert_eq!(fix.changes[0].response, 0);
    assert!(
        fix.changes[0]
            .summary
            .contains("the redirect response (GET https://api.example.com/data)"),
        "{:?}",
        fix.changes
    );
}

#[test]
fn an_unanswered_request_gets_a_response() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
              "server": [{{"url": "https://api.example.com/other", "status": 200}}]}}"#
    ));
    assert_eq!(
        summaries(&fix),
        [(1, "Add a response to GET https://api.example.com/data: status 200 with `Access-Control-Allow-Origin: https://app.example.com`, `Vary: Origin`")]
    );
    assert_eq!(fix.draft.server[1].url, None);
}

#[test]
fn an_invalid_allow_list_is_repaired() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/data", "method": "PUT", "headers": [["X-A", "1"]]}},
              "server": [
                {{"method": "OPTIONS", "status": 204, "headers": [
                  ["Access-Control-Allow-Origin", "*"],
                  ["Access-Control-Allow-Methods", "GET, PU T"],
                  ["Access-Control-Allow-Headers", "X-A;X-B"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
    ));
    let preflight = &fix.draft.server[0];
    assert_eq!(
        preflight.header("Access-Control-Allow-Methods"),
        Some("GET, PUT")
    );
    assert_eq!(
        preflight.header("Access-Control-Allow-Headers"),
        Some("X-A")
    );
    assert!(
        summaries(&fix)[0]
            .1
            .starts_with("Set `Access-Control-Allow-Methods: GET, PUT`"),
        "{:?}",
        fix.changes
    );
}

#[test]
fn a_lowercase_method_is_listed_as_sent_and_the_page_side_alternative_named() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data", "method": "patch"}},
              "server": [
                {{"method": "OPTIONS", "status": 204, "headers": [
                  ["Access-Control-Allow-Origin", "https://app.example.com"], ["Access-Control-Allow-Methods", "PATCH"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
    ));
    assert_eq!(
        fix.draft.server[0].header("Access-Control-Allow-Methods"),
        Some("PATCH, patch")
    );
    assert!(fix.why.contains("could write `PATCH`"), "{}", fix.why);
}

#[test]
fn a_redirect_with_credentials_in_its_location_loses_them() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
              "server": [
                {{"status": 302, "headers": [["Access-Control-Allow-Origin", "*"], ["Location", "https://user:pw@api.example.com/v2"]]}},
                {{"url": "https://api.example.com/v2", "status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
    ));
    assert_eq!(
        fix.draft.server[0].header("Location"),
        Some("https://api.example.com/v2")
    );
    assert_eq!(fix.changes.len(), 1, "{:?}", fix.changes);
}

#[test]
fn page_side_failures_have_no_server_fix() {
    for (description, request, words) in [
        (
            "no-cors PUT",
            r#"{"url": "https://api.example.com/data", "method": "PUT", "mode": "no-cors"}"#,
            "no-cors",
        ),
        (
            "mixed content",
            r#"{"url": "http://api.example.com/data"}"#,
            "https://",
        ),
        (
            "same-origin mode",
            r#"{"url": "https://api.example.com/data", "mode": "same-origin"}"#,
            "mode: \"cors\"",
        ),
        (
            "forbidden method",
            r#"{"url": "https://api.example.com/data", "method": "TRACE"}"#,
            "`TRACE`",
        ),
    ] {
        let d = draft(&format!(
            r#"{{"version": 1, {PAGE}, "request": {request}}}"#
        ));
        match advice(&d) {
            Advice::NoServerFix { why } => assert!(why.contains(words), "{description}: {why}"),
            other => panic!("{description}: {other:?}"),
        }
    }
}

#[test]
fn a_redirect_mode_error_names_the_target() {
    let d = draft(&format!(
        r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data", "redirect": "error"}},
              "server": [{{"status": 302, "headers": [["Access-Control-Allow-Origin", "*"], ["Location", "https://api.example.com/v2"]]}}]}}"#
    ));
    match advice(&d) {
        Advice::NoServerFix { why } => {
            assert!(why.contains("(https://api.example.com/v2)"), "{why}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_page_side_failure_behind_a_server_one_has_no_server_fix() {
    let d = draft(&format!(
        r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data", "redirect": "error"}},
              "server": [{{"status": 302, "headers": [["Location", "https://api.example.com/v2"]]}}]}}"#
    ));
    match advice(&d) {
        Advice::NoServerFix { why } => assert!(
            why.starts_with("Changing the server's responses gets further, but then ")
                && why.contains("`redirect: \"follow\"`"),
            "{why}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn what_the_page_asked_for_works() {
    for request in [
        r#"{"url": "https://api.example.com/data", "method": "POST", "mode": "no-cors"}"#,
        r#"{"url": "https://api.example.com/data"}"#,
    ] {
        let d = draft(&format!(
            r#"{{"version": 1, {PAGE}, "request": {request},
                  "server": [{{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
        ));
        assert_eq!(advice(&d), Advice::Works, "{request}");
    }
}

#[test]
fn a_manual_redirect_is_fixed_up_to_the_opaque_redirect() {
    let fix = fix(&format!(
        r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data", "redirect": "manual"}},
              "server": [{{"status": 302, "headers": [["Location", "https://api.example.com/v2"]]}}]}}"#
    ));
    let verdict = fix.draft.evaluate().expect("valid");
    assert_eq!(verdict.outcome, Outcome::Opaque);
}
