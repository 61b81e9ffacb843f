//! The verdict format, version 2 (`docs/scenario-v2.md`): every modelled
//! browser's decision side by side, one entry per request of the page, each
//! browser running the requests in order with its caches between them. A
//! version-1 scenario makes one request.

use serde::Serialize;

use crate::browser::Browser;
use crate::cache::{CacheUse, Session};
use crate::console;
use crate::failure::Failure;
use crate::fetch::{self, Run};
use crate::origin::Origin;
use crate::scenario::{Initiator, Scenario, Timeline};
use crate::verdict::{Outcome, Verdict, WireEntry};

/// The verdict, version 2.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerdictV2 {
    pub version: u32,
    pub browsers: Browsers,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Browsers {
    pub chromium: BrowserVerdict,
    pub firefox: BrowserVerdict,
    pub webkit: BrowserVerdict,
}

/// One browser's decision for every request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrowserVerdict {
    /// The engine and release, as [`Browser::name`] gives it.
    pub engine: &'static str,
    pub requests: Vec<RequestVerdict>,
}

/// What one browser does with one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestVerdict {
    pub page_origin: String,
    pub url: String,
    pub same_origin: bool,
    pub wire: Vec<WireEntry>,
    pub cache: CacheUse,
    pub outcome: Outcome,
    pub status: Option<u16>,
    pub exposed_headers: Vec<String>,
    /// In words, what the page's code gets.
    pub script_sees: String,
    /// The browser's console line(s), joined by `\n`.
    pub console: Option<String>,
}

impl VerdictV2 {
    /// The version-2 verdict of a document: each browser runs the page's
    /// requests in order, at their times, with one preflight cache, one HTTP
    /// cache and one scripted server between them.
    pub fn of_timeline(timeline: &Timeline) -> VerdictV2 {
        let of = |browser: Browser| BrowserVerdict {
            engine: browser.name(),
            requests: run_timeline(timeline, browser)
                .iter()
                .map(|(scenario, run)| request_verdict(scenario, run))
                .collect(),
        };
        VerdictV2 {
            version: 2,
            browsers: Browsers {
                chromium: of(Browser::Chromium),
                firefox: of(Browser::Firefox),
                webkit: of(Browser::WebKit),
            },
        }
    }

    /// The verdict as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
    }

    /// The decision of `browser`.
    pub fn of(&self, browser: Browser) -> &BrowserVerdict {
        match browser {
            Browser::Chromium => &self.browsers.chromium,
            Browser::Firefox => &self.browsers.firefox,
            Browser::WebKit => &self.browsers.webkit,
        }
    }
}

/// Every request of the timeline as `browser` runs it, in order, each with
/// its scenario: the caches and the server's `times` carry over from one
/// request to the next, and the clock moves to each request's `at`.
pub fn run_timeline(timeline: &Timeline, browser: Browser) -> Vec<(Scenario, Run)> {
    let mut session = Session::default();
    timeline
        .requests
        .iter()
        .zip(timeline.scenarios())
        .map(|(request, scenario)| {
            session.now_ms = request.at_ms;
            let run = fetch::run_in(&scenario, browser, &mut session);
            (scenario, run)
        })
        .collect()
}

fn request_verdict(scenario: &Scenario, run: &Run) -> RequestVerdict {
    let target = Origin::of(&scenario.request.url);
    RequestVerdict {
        page_origin: run.origin.serialize(),
        url: scenario.request.url.to_string(),
        same_origin: run.origin.same_origin(&target),
        wire: run.wire.clone(),
        cache: run.cache,
        outcome: run.outcome,
        status: run.status,
        exposed_headers: run.exposed_headers.clone(),
        script_sees: what_script_sees(
            run.browser,
            run.initiator,
            run.outcome,
            run.status,
            run.failure.as_ref(),
        ),
        console: console::line(run).map(|(line, _)| line),
    }
}

/// What the page's `fetch()` gets, in words, with this browser's `TypeError`.
pub fn script_sees(browser: Browser, verdict: &Verdict) -> String {
    what_script_sees(
        browser,
        Initiator::Fetch,
        verdict.outcome,
        verdict.status,
        verdict.failure.as_ref(),
    )
}

/// What the page's code gets, in words, for each initiator: `fetch()`'s
/// response or `TypeError`, XHR's status and events (axios rejects with
/// "Network Error" when XHR fails), an element's `load` or `error` event.
pub fn what_script_sees(
    browser: Browser,
    initiator: Initiator,
    outcome: Outcome,
    status: Option<u16>,
    failure: Option<&Failure>,
) -> String {
    let thrown = failure.is_some_and(Failure::thrown_by_request_constructor);
    match (initiator, outcome) {
        (Initiator::Fetch, Outcome::Readable) => match status {
            Some(status) => format!("the response: status {status}"),
            None => "the response".to_string(),
        },
        (Initiator::Fetch, Outcome::Opaque) => {
            "an opaque response: status 0, nothing readable".to_string()
        }
        (Initiator::Fetch, Outcome::NetworkError) if thrown => {
            "a TypeError thrown by new Request(): the request is invalid, nothing is sent"
                .to_string()
        }
        (Initiator::Fetch, Outcome::NetworkError) => {
            format!("TypeError: {}", browser.fetch_error_message())
        }
        (Initiator::Xhr, Outcome::Readable) => match status {
            Some(status) => format!("xhr.status {status} and a load event: the response is readable"),
            None => "a load event: the response is readable".to_string(),
        },
        (Initiator::Xhr, Outcome::NetworkError) if thrown => {
            "an exception from xhr.open(), setRequestHeader() or send(): the request is invalid, nothing is sent"
                .to_string()
        }
        (Initiator::Xhr, _) => {
            "xhr.status 0 and an error event, with no detail (axios: \"Network Error\")".to_string()
        }
        (Initiator::Img, Outcome::Readable) => {
            "a load event: the image shows and a canvas may read its pixels".to_string()
        }
        (Initiator::Img, Outcome::Opaque) => format!(
            "a load event: the image shows, but drawing it taints a canvas: getImageData() throws \"SecurityError: {}\"",
            match browser {
                Browser::Chromium => "Failed to execute 'getImageData' on 'CanvasRenderingContext2D': The canvas has been tainted by cross-origin data.",
                Browser::Firefox | Browser::WebKit => "The operation is insecure.",
            }
        ),
        (Initiator::Img, Outcome::NetworkError) => {
            "an error event: the image does not load".to_string()
        }
        (Initiator::Script, Outcome::Readable) => {
            "a load event: the script runs, and its errors reach window.onerror in full".to_string()
        }
        // Observed in Firefox ESR 153 for a script added from JavaScript: an
        // `Error` the script throws reaches `onerror` in full; only errors the
        // engine raises (a `ReferenceError`) are muted.
        (Initiator::Script, Outcome::Opaque) if browser == Browser::Firefox => {
            "a load event: the script runs; errors the engine raises reach window.onerror muted, as \"Script error.\" (an Error the script throws comes through in full in Firefox)"
                .to_string()
        }
        (Initiator::Script, Outcome::Opaque) => {
            "a load event: the script runs, but its errors reach window.onerror muted, as \"Script error.\""
                .to_string()
        }
        (Initiator::Script, Outcome::NetworkError) => {
            "an error event: the script does not run".to_string()
        }
        (Initiator::Font, Outcome::NetworkError) => {
            "the font fails to load (FontFace.load() rejects with a NetworkError: A network error occurred.); the text falls back to another font"
                .to_string()
        }
        (Initiator::Font, Outcome::Opaque) => {
            "the font loads: this browser fetches fonts without CORS".to_string()
        }
        (Initiator::Font, Outcome::Readable) => "the font loads".to_string(),
    }
}
