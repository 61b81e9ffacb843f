//! The verdict format, version 2 (`docs/scenario-v2.md`): every modelled
//! browser's decision side by side, one entry per request of the scenario.
//! A version-1 scenario makes one request.

use serde::Serialize;

use crate::browser::Browser;
use crate::fetch::answer;
use crate::header::HeaderList;
use crate::scenario::Scenario;
use crate::verdict::{Outcome, Verdict, WireEntry, WireKind};

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

/// What the preflight cache and the HTTP cache did for a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CacheUse {
    /// `none` (no preflight needed), `miss` (sent, not stored), `stored`
    /// (sent and stored) or `hit` (a stored preflight answered).
    pub preflight: &'static str,
    /// `none`, `stored` (the response was stored) or `hit` (answered from
    /// the cache, nothing sent).
    pub http: &'static str,
}

impl VerdictV2 {
    /// The version-2 verdict of a one-request scenario, from the version-1
    /// verdicts of Chromium, Firefox and WebKit, in that order.
    pub fn new(scenario: &Scenario, verdicts: &[Verdict; 3]) -> VerdictV2 {
        let [chromium, firefox, webkit] = verdicts;
        let of = |browser: Browser, verdict: &Verdict| BrowserVerdict {
            engine: browser.name(),
            requests: vec![request_verdict(scenario, browser, verdict)],
        };
        VerdictV2 {
            version: 2,
            browsers: Browsers {
                chromium: of(Browser::Chromium, chromium),
                firefox: of(Browser::Firefox, firefox),
                webkit: of(Browser::WebKit, webkit),
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

fn request_verdict(scenario: &Scenario, browser: Browser, verdict: &Verdict) -> RequestVerdict {
    RequestVerdict {
        page_origin: verdict.origin.clone(),
        url: scenario.request.url.to_string(),
        same_origin: verdict.same_origin,
        wire: verdict.wire.clone(),
        cache: CacheUse {
            preflight: preflight_cache(browser, verdict),
            http: http_cache(scenario, verdict),
        },
        outcome: verdict.outcome,
        status: verdict.status,
        exposed_headers: verdict.exposed_headers.clone(),
        script_sees: script_sees(browser, verdict),
        console: verdict.console.of(browser).map(str::to_string),
    }
}

/// A preflight is stored when it succeeded and the browser keeps it for a
/// while (`Access-Control-Max-Age`, each browser's default and cap). Only
/// successful preflights are modelled as stored.
fn preflight_cache(browser: Browser, verdict: &Verdict) -> &'static str {
    if !verdict.preflight.sent {
        return "none";
    }
    match &verdict.preflight_caching {
        Some(caching) if caching.seconds(browser) > 0 => "stored",
        _ => "miss",
    }
}

/// Whether the final response may be stored in the browser's HTTP cache
/// ([RFC 9111 §3](https://www.rfc-editor.org/rfc/rfc9111#section-3)): a
/// `GET`, not `no-store` on either side, and either explicit freshness or a
/// status code that is heuristically cacheable. A CORS failure does not stop
/// it: the cache sits below the CORS check.
fn http_cache(scenario: &Scenario, verdict: &Verdict) -> &'static str {
    let Some(last) = verdict
        .wire
        .iter()
        .rev()
        .find(|w| w.kind != WireKind::Preflight)
    else {
        return "none";
    };
    let response = match last.answered_by {
        Some(index) => answer(scenario, index).headers,
        None => HeaderList::new(),
    };
    let directives = |headers: &HeaderList| {
        headers
            .get("Cache-Control")
            .map(|v| String::from_utf8_lossy(&v).to_ascii_lowercase())
            .unwrap_or_default()
    };
    let request_headers: HeaderList = scenario
        .request
        .headers
        .iter()
        .map(|(n, v)| crate::header::Header::new(n.clone(), v.as_bytes().to_vec()))
        .collect();
    let no_store = |cc: &str| cc.split(',').any(|d| d.trim() == "no-store");
    let response_cc = directives(&response);
    let explicit = response_cc
        .split(',')
        .any(|d| d.trim().starts_with("max-age") || d.trim() == "public")
        || response.contains("Expires");
    const HEURISTIC: [u16; 12] = [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501];
    let storable = last.method == "GET"
        && !no_store(&response_cc)
        && !no_store(&directives(&request_headers))
        && (explicit || HEURISTIC.contains(&last.status));
    if storable {
        "stored"
    } else {
        "none"
    }
}

/// What the page's code gets, in words, with this browser's `TypeError`.
pub fn script_sees(browser: Browser, verdict: &Verdict) -> String {
    match (verdict.outcome, &verdict.failure) {
        (Outcome::Readable, _) => match verdict.status {
            Some(status) => format!("the response: status {status}"),
            None => "the response".to_string(),
        },
        (Outcome::Opaque, _) => "an opaque response: status 0, nothing readable".to_string(),
        (Outcome::NetworkError, Some(failure)) if failure.thrown_by_request_constructor() => {
            "a TypeError thrown by new Request(): the request is invalid, nothing is sent"
                .to_string()
        }
        (Outcome::NetworkError, _) => {
            format!("TypeError: {}", browser.fetch_error_message())
        }
    }
}
