use corsim_core::failure::Failure;
use corsim_core::scenario::Scenario;
use corsim_core::verdict::Verdict;
use url::Url;

use super::*;
use crate::presets;

fn scenario(json: serde_json::Value) -> (Draft, Scenario) {
    let draft = Draft::from_value(&json).expect("a valid scenario");
    let scenario = draft.scenario().expect("a valid scenario");
    (draft, scenario)
}

const SCENARIO: &str = r#"{"version": 1, "page": "https://app.example.com/admin#top",
        "request": {"url": "https://api.example.com/users/7?x=1", "method": "DELETE"},
        "server": [
          {"method": "OPTIONS", "status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com/"]]},
          {"status": 302, "headers": [["location", " https://cdn.example.net:8443/u/7"], ["X-A", "https://app.example.com"]]},
          {"url": "https://cdn.example.net:8443/u/7", "status": 302, "headers": [["Location", "/relative"]]},
          {"url": "https://cdn.example.net:8443/relative", "status": 302, "headers": [["Location", "//other.example.org/p"]]},
          {"url": "http://localhost:3000/x", "status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com, https://APP.example.com, https://app.example.com:443, https://app.example.com.evil.net, *"]]},
          {"url": "http://192.168.1.20/", "status": 200}
        ]}"#;

fn map() -> (Draft, Scenario, OriginMap) {
    let (draft, scenario) = scenario(serde_json::from_str(SCENARIO).unwrap());
    let map = OriginMap::new(&scenario, 8080, "r1").expect("maps");
    (draft, scenario, map)
}

#[test]
fn each_origin_gets_a_name_of_its_own() {
    let (_, _, map) = map();
    let table: Vec<(&str, &str)> = map
        .origins
        .iter()
        .map(|o| (o.original.as_str(), o.mapped.as_str()))
        .collect();
    assert_eq!(
        table,
        [
            (
                "https://app.example.com",
                "http://app.example.com.r1.localhost:8080"
            ),
            (
                "https://api.example.com",
                "http://api.example.com.r1.localhost:8080"
            ),
            (
                "https://cdn.example.net:8443",
                "http://cdn.example.net.https-8443.r1.localhost:8080"
            ),
            (
                "https://other.example.org",
                "http://other.example.org.r1.localhost:8080"
            ),
            (
                "http://localhost:3000",
                "http://localhost.http-3000.r1.localhost:8080"
            ),
            (
                "http://192.168.1.20",
                "http://192.168.1.20.http.r1.localhost:8080"
            ),
        ]
    );
}

#[test]
fn the_mapped_scenario_rewrites_every_value_that_names_an_origin() {
    let (draft, _, map) = map();
    let mapped = map.map_draft(&draft);
    // (description, got, want)
    let cases: Vec<(&str, &str, &str)> = vec![
        (
            "the page keeps its path and fragment",
            &mapped.page,
            "http://app.example.com.r1.localhost:8080/admin#top",
        ),
        (
            "the request keeps its path and query",
            &mapped.request.url,
            "http://api.example.com.r1.localhost:8080/users/7?x=1",
        ),
        (
            "Access-Control-Allow-Origin keeps its trailing slash",
            &mapped.server[0].headers[0].1,
            "http://app.example.com.r1.localhost:8080/",
        ),
        (
            "an absolute Location (its name lower-case, its value with a space)",
            &mapped.server[1].headers[0].1,
            "http://cdn.example.net.https-8443.r1.localhost:8080/u/7",
        ),
        (
            "another header naming an origin is left alone",
            &mapped.server[1].headers[1].1,
            "https://app.example.com",
        ),
        (
            "an entry's own URL",
            mapped.server[2].url.as_deref().unwrap(),
            "http://cdn.example.net.https-8443.r1.localhost:8080/u/7",
        ),
        (
            "a relative Location stays relative",
            &mapped.server[2].headers[0].1,
            "/relative",
        ),
        (
            "a scheme-relative Location names a host",
            &mapped.server[3].headers[0].1,
            "http://other.example.org.r1.localhost:8080/p",
        ),
        (
            "only exact serializations in Access-Control-Allow-Origin",
            &mapped.server[4].headers[0].1,
            "http://app.example.com.r1.localhost:8080, https://APP.example.com, \
                 https://app.example.com:443, https://app.example.com.evil.net, *",
        ),
        (
            "a private address",
            mapped.server[5].url.as_deref().unwrap(),
            "http://192.168.1.20.http.r1.localhost:8080/",
        ),
    ];
    for (what, got, want) in cases {
        assert_eq!(got, want, "{what}");
    }
    // The rest goes as typed.
    assert_eq!(mapped.request.method, draft.request.method);
    assert_eq!(mapped.server[1].status, draft.server[1].status);
    assert!(mapped.scenario().is_ok(), "{}", mapped.to_json());
}

#[test]
fn mapped_urls_and_origins_map_back() {
    let (_, scenario, map) = map();
    for url in scenario.named_urls() {
        let mapped = map.map_url(&url).expect("a named origin maps");
        assert_eq!(map.unmap_url(mapped.as_str()), url.as_str(), "{url}");
    }
    for value in [
        "https://app.example.com",
        "https://app.example.com/",
        "https://app.example.com, https://api.example.com",
        "null",
        "*",
        "https://APP.example.com",
        "",
    ] {
        let mapped = map.map_origins_in(value);
        assert_eq!(map.unmap_origins_in(&mapped), value, "{value:?}");
    }
    // What the scenario does not name stays as it is, both ways.
    for text in [
        "https://elsewhere.example/",
        "http://127.0.0.1:8080/",
        "http://app.example.com.r2.localhost:8080/",
        "http://app.example.com.r1.localhost:9999/",
        "not a url",
    ] {
        assert_eq!(map.unmap_url(text), text);
    }
    assert_eq!(
        map.map_url(&Url::parse("https://elsewhere.example/").unwrap()),
        None
    );
}

#[test]
fn what_cannot_be_mapped_says_why() {
    let base = |page: &str, url: &str| {
        scenario(serde_json::json!({
            "version": 1, "page": page, "request": {"url": url}
        }))
        .1
    };
    // (description, scenario, want)
    let cases = [
        (
            "a file: page",
            base("file:///home/me/index.html", "https://api.example.com/"),
            MapError::Page {
                scheme: "file".into(),
            },
        ),
        (
            "an IPv6 host",
            base("https://app.example.com/", "http://[::1]:3000/"),
            MapError::Ipv6 {
                origin: "http://[::1]:3000".into(),
            },
        ),
        (
            "two origins that would share a name",
            base("https://foo.http/", "http://foo/"),
            MapError::Collision {
                first: "https://foo.http".into(),
                second: "http://foo".into(),
                host: "foo.http.r1.localhost".into(),
            },
        ),
    ];
    for (what, scenario, want) in cases {
        assert_eq!(OriginMap::new(&scenario, 8080, "r1"), Err(want), "{what}");
    }
    // A data: page runs as it is; its request is mapped.
    let data = base("data:text/html,hi", "https://api.example.com/");
    let map = OriginMap::new(&data, 80, "r1").expect("maps");
    assert_eq!(map.origins[0].mapped, "http://api.example.com.r1.localhost");
}

#[test]
fn every_preset_but_file_pages_maps_and_stays_valid() {
    for preset in presets::ALL {
        let draft = preset.draft();
        let scenario = draft.scenario().expect("presets are valid");
        match OriginMap::new(&scenario, 8080, "r1") {
            Ok(map) => {
                let mapped = map.map_draft(&draft);
                assert!(mapped.scenario().is_ok(), "{}", preset.id);
                // Same-origin stays same-origin, cross-origin cross-origin.
                let verdict = corsim_core::evaluate(&scenario);
                let mapped_verdict = corsim_core::evaluate(&mapped.scenario().unwrap());
                assert_eq!(
                    verdict.same_origin, mapped_verdict.same_origin,
                    "{}",
                    preset.id
                );
                // And the verdict is the same, in the mapped names,
                // unless a caveat says why not.
                if matches!(
                    verdict.failure,
                    Some(Failure::MixedContent { .. } | Failure::BadPort { .. })
                ) {
                    continue;
                }
                let wire = |v: &Verdict| -> Vec<String> {
                    v.wire
                        .iter()
                        .map(|w| format!("{:?} {} {} {}", w.kind, w.method, w.url, w.status))
                        .collect()
                };
                let unmapped: Vec<String> = mapped_verdict
                    .wire
                    .iter()
                    .map(|w| {
                        let url = map.unmap_url(&w.url);
                        format!("{:?} {} {url} {}", w.kind, w.method, w.status)
                    })
                    .collect();
                assert_eq!(unmapped, wire(&verdict), "{}", preset.id);
                assert_eq!(verdict.outcome, mapped_verdict.outcome, "{}", preset.id);
                assert_eq!(verdict.status, mapped_verdict.status, "{}", preset.id);
                assert_eq!(
                    verdict.exposed_headers, mapped_verdict.exposed_headers,
                    "{}",
                    preset.id
                );
                assert_eq!(
                    map.unmap_origins_in(&mapped_verdict.origin),
                    verdict.origin,
                    "{}",
                    preset.id
                );
            }
            Err(e) => assert!(
                matches!(e, MapError::Page { .. }) && draft.page.starts_with("file:"),
                "{}: {e}",
                preset.id
            ),
        }
    }
}

#[test]
fn only_the_fetch_counts_as_the_wire() {
    let (_, _, map) = map();
    let log = parse_log(
        r#"{"requests": [
              {"seq": 1, "scheme": "http", "method": "GET", "url": "http://127.0.0.1:8080/index.html", "headers": [], "body_bytes": 0, "answer": "app", "status": 200},
              {"seq": 2, "scheme": "http", "method": "GET", "url": "http://app.example.com.r1.localhost:8080/admin", "headers": [["sec-fetch-dest", "iframe"]], "body_bytes": 0, "answer": "page", "status": 200},
              {"seq": 3, "scheme": "http", "method": "OPTIONS", "url": "http://api.example.com.r1.localhost:8080/users/7?x=1", "headers": [["sec-fetch-dest", "empty"], ["origin", "http://app.example.com.r1.localhost:8080"]], "body_bytes": 0, "answer": "server[0]", "status": 204},
              {"seq": 4, "scheme": "http", "method": "GET", "url": "http://api.example.com.r0.localhost:8080/users/7", "headers": [["sec-fetch-dest", "empty"]], "body_bytes": 0, "answer": "unmatched", "status": 404},
              {"seq": 5, "scheme": "http", "method": "GET", "url": "http://app.example.com.r1.localhost:8080/favicon.ico", "headers": [], "body_bytes": 0, "answer": "unmatched", "status": 404},
              {"seq": 6, "scheme": "http", "method": "DELETE", "url": "http://api.example.com.r1.localhost:8080/users/7?x=1", "headers": [], "body_bytes": 0, "answer": "server[1]", "status": 302}
            ]}"#,
    )
    .expect("parses");
    let fetched: Vec<u16> = map.fetched(&log).iter().map(|r| r.status).collect();
    assert_eq!(fetched, [204, 302]);
    assert_eq!(
        map.unmap_origins_in(map.fetched(&log)[0].header("Origin").unwrap()),
        "https://app.example.com"
    );
}

#[test]
fn the_companion_and_its_page_are_read_strictly() {
    assert_eq!(
        parse_hello(
            r#"{"corsim": "serve", "version": "0.1.0", "http_port": 8080, "https_port": 8443}"#
        ),
        Some(8080)
    );
    // `trunk serve` answers any path with the app's index.html.
    assert_eq!(parse_hello("<!doctype html><title>corsim</title>"), None);
    assert_eq!(parse_hello(r#"{"corsim": "other", "http_port": 1}"#), None);
    assert_eq!(
        parse_loaded(r#"{"name": "live", "page_url": "http://a.r1.localhost/"}"#),
        Ok("http://a.r1.localhost/".to_string())
    );
    assert_eq!(
        parse_loaded(r#"{"error": "scenario: bad"}"#),
        Err("scenario: bad".to_string())
    );
    let result = parse_message(
        r#"{"corsim": "live-result", "result": {"origin": "null", "outcome": "network-error",
                "status": null, "exposed_headers": [], "error": "TypeError: Failed to fetch"}}"#,
    )
    .expect("parses");
    assert_eq!(result.outcome, "network-error");
    assert_eq!(result.status, None);
    assert_eq!(parse_message(r#"{"corsim": "other", "result": {}}"#), None);
    assert_eq!(
        parse_message(r#"{"corsim": "live-result", "result": {"origin": "null"}}"#),
        None,
        "an outcome is required"
    );
    assert!(parse_log(r#"{"requests": [{"method": "GET"}]}"#).is_err());
    assert!(parse_log("<html>").is_err());
    assert_eq!(parse_message("hello"), None);
}

#[test]
fn the_browser_is_told_by_its_engine_in_the_user_agent() {
    let cases = [
        // As Firefox ESR 153 and headless Chromium 156 sent them to corsim serve.
        ("Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0", Some(Browser::Firefox)),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", Some(Browser::Chromium)),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0", Some(Browser::Chromium)),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15", Some(Browser::WebKit)),
        // As WebKitGTK 2.50 sent it to corsim serve in the agreement suite.
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15", Some(Browser::WebKit)),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/156.0.0.0 Mobile/15E148 Safari/604.1", Some(Browser::WebKit)),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/153.0 Mobile/15E148 Safari/605.1.15", Some(Browser::WebKit)),
        ("curl/8.0", None),
        ("", None),
    ];
    for (user_agent, want) in cases {
        assert_eq!(browser_of(user_agent), want, "{user_agent}");
    }
}

#[test]
fn run_labels_are_dns_labels_that_change_every_millisecond() {
    assert_eq!(run_label(0), "r0");
    assert_eq!(run_label(35), "rz");
    assert_eq!(run_label(36), "r10");
    assert_ne!(run_label(1_700_000_000_000), run_label(1_700_000_000_001));
    assert!(run_label(u64::MAX).len() <= 7);
}

#[test]
fn caveats_name_what_applies_to_the_scenario() {
    let caveats_of = |json: serde_json::Value| {
        let (_, scenario) = scenario(json);
        let verdict = corsim_core::evaluate(&scenario);
        let map = OriginMap::new(&scenario, 8080, "r1").unwrap();
        caveats(&scenario, &verdict, &map).join("\n")
    };
    let text = caveats_of(serde_json::json!({
        "version": 1, "page": "https://app.example.com/",
        "request": {"url": "http://api.example.com/"},
        "server": [{"url": "http://localhost:3000/", "status": 200}]
    }));
    for want in [
        "port 8080",
        "mixed content",
        "Local Network Access",
        "same site",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    let text = caveats_of(serde_json::json!({
        "version": 1, "page": "https://app.example.com/",
        "request": {"url": "https://api.example.com:6000/"}
    }));
    assert!(text.contains("refuses the request's port"), "{text}");
    let text = caveats_of(serde_json::json!({
        "version": 1, "page": "https://app.example.com/",
        "request": {"url": "https://api.example.com/"}
    }));
    assert_eq!(text.lines().count(), 2, "{text}");
}
