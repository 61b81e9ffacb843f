//! A page's requests over time (scenario version 2): what each browser's
//! caches and the scripted server's `times` carry from one request to the
//! next, checked on small timelines built here.

use corsim_core::browser::Browser;
use corsim_core::cache::{HttpCacheUse, PreflightCacheUse};
use corsim_core::scenario::Timeline;
use corsim_core::verdict::Outcome;
use corsim_core::verdict_v2::run_timeline;

/// Two PUTs from the page, `later` seconds apart, answered by a preflight
/// with the given `Access-Control-Max-Age` (none when `None`).
fn two_puts(max_age: Option<&str>, later: f64) -> Timeline {
    let max_age = max_age
        .map(|v| format!(r#", ["Access-Control-Max-Age", "{v}"]"#))
        .unwrap_or_default();
    Timeline::from_json(&format!(
        r#"{{"version": 2, "page": "https://app.example/",
            "requests": [{{"url": "https://api.example/x", "method": "PUT"}},
                         {{"at": {later}, "url": "https://api.example/x", "method": "PUT"}}],
            "server": [{{"method": "OPTIONS", "status": 204, "headers": [
                          ["Access-Control-Allow-Origin", "https://app.example"],
                          ["Access-Control-Allow-Methods", "PUT"]{max_age}]}},
                       {{"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example"]]}}]}}"#
    ))
    .expect("valid")
}

/// Whether the second request went without a preflight.
fn second_skips(timeline: &Timeline, browser: Browser) -> bool {
    let runs = run_timeline(timeline, browser);
    let (_, second) = &runs[1];
    assert_eq!(second.outcome, Outcome::Readable, "{browser:?}");
    second.cache.preflight == PreflightCacheUse::Hit && second.wire.len() == 1
}

/// Each browser keeps a preflight for Max-Age seconds, up to its own cap
/// (Chromium two hours, Firefox a day, WebKit ten minutes), and 5 seconds
/// without the header.
#[test]
fn each_browser_keeps_a_preflight_for_max_age_up_to_its_cap() {
    let cases = [
        (None, 4.9, [true, true, true]),
        (None, 5.0, [false, false, false]),
        (Some("700"), 650.0, [true, true, false]),
        (Some("9000"), 8000.0, [false, true, false]),
        (Some("0"), 0.5, [false, false, false]),
    ];
    for (max_age, later, want) in cases {
        let timeline = two_puts(max_age, later);
        let got = Browser::ALL.map(|b| second_skips(&timeline, b));
        assert_eq!(got, want, "Max-Age {max_age:?}, {later} s later");
    }
}

/// An entry with `times` answers that many matching requests, preflights
/// included; the next matching entry answers the rest, separately in each
/// browser's run.
#[test]
fn times_moves_later_requests_on_to_the_next_entry() {
    let timeline = Timeline::from_json(
        r#"{"version": 2, "page": "https://app.example/",
            "requests": [{"url": "https://api.example/x"}, {"at": 1, "url": "https://api.example/x"},
                         {"at": 2, "url": "https://api.example/x"}],
            "server": [{"times": 2, "status": 200, "headers": [["Access-Control-Allow-Origin", "*"], ["Cache-Control", "no-store"]]},
                       {"status": 503}]}"#,
    )
    .expect("valid");
    for browser in Browser::ALL {
        let statuses: Vec<_> = run_timeline(&timeline, browser)
            .iter()
            .map(|(_, run)| run.wire.first().map(|w| w.status))
            .collect();
        assert_eq!(statuses, [Some(200), Some(200), Some(503)], "{browser:?}");
    }
}

/// A fresh response in the HTTP cache answers the next request for the URL
/// with the headers it was stored with; when it expires, the request goes on
/// the wire again, and an answer the CORS check refuses is not kept.
#[test]
fn a_fresh_stored_response_answers_until_it_expires() {
    let timeline = Timeline::from_json(
        r#"{"version": 2, "page": "https://app.example/",
            "requests": [{"url": "https://api.example/x"}, {"at": 59, "url": "https://api.example/x"},
                         {"at": 60, "url": "https://api.example/x"}],
            "server": [{"times": 1, "status": 200, "headers": [["Access-Control-Allow-Origin", "*"], ["Cache-Control", "max-age=60"]]},
                       {"status": 200, "headers": [["Cache-Control", "max-age=60"]]}]}"#,
    )
    .expect("valid");
    for browser in Browser::ALL {
        let runs = run_timeline(&timeline, browser);
        let uses: Vec<_> = runs
            .iter()
            .map(|(_, r)| (r.cache.http, r.outcome))
            .collect();
        assert_eq!(
            uses,
            [
                (HttpCacheUse::Stored, Outcome::Readable),
                (HttpCacheUse::Hit, Outcome::Readable),
                // Refused by the CORS check: the load is cancelled, nothing kept.
                (HttpCacheUse::None, Outcome::NetworkError),
            ],
            "{browser:?}"
        );
        assert!(
            runs[1].1.wire.is_empty(),
            "{browser:?}: a hit sends nothing"
        );
    }
}

/// The version-1 verdict of a one-request document is the same whether it
/// is read as a scenario or as a timeline of one request.
#[test]
fn a_timeline_of_one_request_decides_as_the_scenario_does() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/golden");
    for entry in std::fs::read_dir(dir).expect("goldens") {
        let path = entry.expect("entry").path();
        let name = path.to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".verdict.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let timeline = Timeline::from_json(&text).expect("valid");
        let each = corsim_core::evaluate_timeline_each(&timeline);
        let scenario = timeline.into_single().expect("one request");
        assert_eq!(each[0].1, corsim_core::evaluate_each(&scenario), "{name}");
    }
}

/// The author's `Cache-Control` on the request: `max-age=0` and `no-cache`
/// keep a stored response from answering but let the new one be stored;
/// `no-store` keeps the cache out of it (RFC 9111 §5.2.1).
#[test]
fn the_requests_own_cache_control() {
    for (directive, stored_by_second) in [
        ("max-age=0", HttpCacheUse::Stored),
        ("no-cache", HttpCacheUse::Stored),
        ("no-store", HttpCacheUse::None),
    ] {
        let timeline = Timeline::from_json(&format!(
            r#"{{"version": 2, "page": "https://app.example/",
                "requests": [{{"url": "https://api.example/x"}},
                             {{"at": 1, "url": "https://api.example/x", "headers": [["Cache-Control", "{directive}"]]}}],
                "server": [{{"method": "OPTIONS", "status": 204, "headers": [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Headers", "Cache-Control"]]}},
                           {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"], ["Cache-Control", "max-age=60"]]}}]}}"#
        ))
        .expect("valid");
        for browser in Browser::ALL {
            let runs = run_timeline(&timeline, browser);
            let (_, second) = &runs[1];
            // Its preflight (Cache-Control is not safelisted), then the GET.
            assert_eq!(second.wire.len(), 2, "{directive}, {browser:?}: sent");
            assert_eq!(
                second.cache.http, stored_by_second,
                "{directive}, {browser:?}"
            );
        }
    }
}
