//! "What JavaScript sees": what `fetch()` gives the page's script, the status
//! it can read, and which response headers `response.headers` shows or hides.
//! Also the console panel: each browser's line, word for word.

use corsim_core::console::{CHROMIUM_VERSION, FIREFOX_VERSION};
use corsim_core::fetch::respond;
use corsim_core::scenario::{RedirectMode, Scenario};
use corsim_core::verdict::{Outcome, Verdict};

/// What the script gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptView {
    pub outcome: Outcome,
    /// One sentence: what the promise does.
    pub headline: String,
    /// `response.type`, when the promise resolves.
    pub response_type: Option<&'static str>,
    /// `response.status` as the script reads it; `None` when it rejects.
    pub status: Option<u16>,
    /// The headers `response.headers` gives, with the values the server sent.
    pub readable: Vec<(String, String)>,
    /// The names of headers the server sent that the script cannot read.
    pub hidden: Vec<String>,
    /// The error's message in each browser, when the promise rejects.
    pub rejection: Option<Rejection>,
}

/// How the promise rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub chromium: String,
    pub firefox: String,
    /// Whether `new Request()` threw, so nothing was sent at all.
    pub before_sending: bool,
}

/// One browser's console line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    pub browser: &'static str,
    pub version: &'static str,
    /// `None`: the browser prints no line of its own for this request.
    pub line: Option<String>,
}

pub fn script_view(scenario: &Scenario, verdict: &Verdict) -> ScriptView {
    let before_sending = verdict
        .failure
        .as_ref()
        .is_some_and(|f| f.thrown_by_request_constructor());
    let readable = match (verdict.outcome, verdict.wire.last()) {
        (Outcome::Readable, Some(last)) => {
            let url = url::Url::parse(&last.url).ok();
            let sent = url.map(|u| respond(scenario, &last.method, &u).headers);
            verdict
                .exposed_headers
                .iter()
                .map(|name| {
                    // `Headers.get()` combines repeated headers with ", ".
                    let value = sent
                        .as_ref()
                        .and_then(|h| h.get(name))
                        .map(|v| corsim_core::header::isomorphic_decode(&v))
                        .unwrap_or_default();
                    (name.clone(), value)
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let (headline, response_type, rejection) = match verdict.outcome {
        Outcome::Readable => {
            let kind = if verdict.same_origin
                && verdict.wire.iter().all(|w| same_as_first(verdict, &w.url))
            {
                "basic"
            } else {
                "cors"
            };
            (
                "fetch() resolves with a Response the script can read.".to_string(),
                Some(kind),
                None,
            )
        }
        Outcome::Opaque => {
            let manual = scenario.request.redirect == RedirectMode::Manual
                && verdict
                    .wire
                    .last()
                    .is_some_and(|w| (300..400).contains(&w.status));
            let (headline, kind) = if manual {
                (
                    "fetch() resolves with an opaque-redirect Response: status 0, no headers, and no way to see where it pointed.",
                    "opaqueredirect",
                )
            } else {
                (
                    "fetch() resolves with an opaque Response: status 0, no headers, no body. No error, but nothing to read.",
                    "opaque",
                )
            };
            (headline.to_string(), Some(kind), None)
        }
        Outcome::NetworkError => {
            let headline = if before_sending {
                "fetch() rejects with a TypeError before anything is sent: the request itself is invalid."
            } else {
                "fetch() rejects with a TypeError. The script learns nothing about why: the reason is only in the console."
            };
            let rejection = if before_sending {
                Rejection {
                    chromium: "TypeError (thrown by new Request(), the request is invalid)"
                        .to_string(),
                    firefox: "TypeError (thrown by new Request(), the request is invalid)"
                        .to_string(),
                    before_sending,
                }
            } else {
                Rejection {
                    chromium: "TypeError: Failed to fetch".to_string(),
                    firefox: "TypeError: NetworkError when attempting to fetch resource."
                        .to_string(),
                    before_sending,
                }
            };
            (headline.to_string(), None, Some(rejection))
        }
    };
    ScriptView {
        outcome: verdict.outcome,
        headline,
        response_type,
        status: verdict.status,
        readable,
        hidden: verdict.hidden_headers.clone(),
        rejection,
    }
}

/// Whether a URL is same origin with the page, given the verdict's origin.
fn same_as_first(verdict: &Verdict, url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| u.origin().ascii_serialization() == verdict.origin)
}

/// The console panel: Chromium first, as the verdict follows it.
pub fn console_lines(verdict: &Verdict) -> [ConsoleLine; 2] {
    [
        ConsoleLine {
            browser: "Chromium",
            version: CHROMIUM_VERSION,
            line: verdict.console.chromium.clone(),
        },
        ConsoleLine {
            browser: "Firefox",
            version: FIREFOX_VERSION,
            line: verdict.console.firefox.clone(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;

    fn view(json: serde_json::Value) -> (ScriptView, Verdict) {
        let draft = Draft::from_value(&json).expect("valid");
        let scenario = draft.scenario().expect("valid");
        let verdict = corsim_core::evaluate(&scenario);
        (script_view(&scenario, &verdict), verdict)
    }

    #[test]
    fn a_readable_response_shows_exposed_values_and_hides_the_rest() {
        let (v, _) = view(serde_json::json!({
            "version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/"},
            "server": [{"status": 200, "headers": [
                ["Access-Control-Allow-Origin", "*"], ["Content-Type", "text/plain"],
                ["X-Total", "3"], ["X-Total", "4"], ["Access-Control-Expose-Headers", "X-Total"], ["X-Secret", "s"]]}]
        }));
        assert_eq!(v.outcome, Outcome::Readable);
        assert_eq!(v.response_type, Some("cors"));
        assert_eq!(v.status, Some(200));
        assert_eq!(
            v.readable,
            [
                ("content-type".to_string(), "text/plain".to_string()),
                ("x-total".to_string(), "3, 4".to_string())
            ]
        );
        assert!(v.hidden.contains(&"x-secret".to_string()));
        assert_eq!(v.rejection, None);
    }

    #[test]
    fn same_origin_is_basic_and_no_cors_is_opaque() {
        let (v, _) = view(serde_json::json!({
            "version": 1, "page": "https://app.example.com/a",
            "request": {"url": "https://app.example.com/b"}, "server": [{"status": 200}]
        }));
        assert_eq!(v.response_type, Some("basic"));
        let (v, _) = view(serde_json::json!({
            "version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/", "mode": "no-cors"}, "server": [{"status": 200}]
        }));
        assert_eq!((v.response_type, v.status), (Some("opaque"), Some(0)));
        assert!(v.readable.is_empty());
    }

    #[test]
    fn a_network_error_rejects_and_says_when_nothing_was_sent() {
        let (v, verdict) = view(serde_json::json!({
            "version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/"}, "server": [{"status": 200}]
        }));
        let rejection = v.rejection.expect("rejects");
        assert_eq!(rejection.chromium, "TypeError: Failed to fetch");
        assert!(!rejection.before_sending);
        let lines = console_lines(&verdict);
        assert_eq!(lines[0].line, verdict.console.chromium);
        assert!(lines[0]
            .line
            .as_deref()
            .unwrap_or_default()
            .contains("blocked by CORS policy"));

        let (v, _) = view(serde_json::json!({
            "version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/", "headers": [["X Bad", "1"]]}
        }));
        assert!(v.rejection.expect("rejects").before_sending);
    }
}
