//! "What JavaScript sees": what `fetch()` gives the page's script, the status
//! it can read, and which response headers `response.headers` shows or hides.
//! Also the console panel: each browser's line, word for word.

use corsim_core::browser::Browser;
use corsim_core::console::{CHROMIUM_VERSION, FIREFOX_VERSION};
use corsim_core::fetch::respond;
use corsim_core::scenario::{RedirectMode, Scenario};
use corsim_core::verdict::{Outcome, Verdict};
use corsim_core::verdict_v2::script_sees;

use super::browsers::{self, Browsers};

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
    /// Each browser's result, when they are not all the same.
    pub per_browser: Option<PerBrowser>,
}

/// Each browser's label and what the script gets in it, in words ("the
/// response: status 200", "TypeError: Load failed"), in the order of
/// [`Browser::ALL`].
pub type PerBrowser = [(&'static str, String); 3];

/// How the promise rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// Each browser's label and the `TypeError` it rejects with.
    pub errors: PerBrowser,
    /// Whether `new Request()` threw, so nothing was sent at all.
    pub before_sending: bool,
}

/// One browser's console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine<'a> {
    pub browser: &'static str,
    /// The release the lines were taken from, as people name it.
    pub version: &'static str,
    /// The lines it prints, one a line (Safari prints two); `None` when the
    /// browser prints no line of its own for this request.
    pub lines: Option<&'a str>,
    /// How this browser stands apart from the others, when it does.
    pub differs: Option<String>,
    /// What this browser's lines leave out, to read them right.
    pub caveat: Option<&'static str>,
}

/// Safari's lines never quote a header's value: every wrong
/// `Access-Control-Allow-Origin` reads the same.
const SAFARI_CAVEAT: &str = "Safari's lines are terse: a missing, invalid or other origin in Access-Control-Allow-Origin all read \"is not allowed\", and never quote the header's value. Check Chromium's and Firefox's lines for it.";

/// Safari's release, and the WebKitGTK release whose lines these are
/// (`corsim_core::console::WEBKIT_VERSION`, checked by a test).
const SAFARI_VERSION: &str = "26 (WebKitGTK 2.50.6)";

pub fn script_view(scenario: &Scenario, verdict: &Verdict, all: Option<Browsers>) -> ScriptView {
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
            let rejection = Rejection {
                errors: per_browser(&[verdict; 3]),
                before_sending,
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
        per_browser: all.filter(browsers::differ).map(|all| per_browser(&all)),
    }
}

/// What the script gets in each browser, each from its own verdict.
fn per_browser(all: &Browsers) -> PerBrowser {
    Browser::ALL.map(|b| (b.label(), script_sees(b, all[b as usize])))
}

/// Whether a URL is same origin with the page, given the verdict's origin.
fn same_as_first(verdict: &Verdict, url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| u.origin().ascii_serialization() == verdict.origin)
}

/// The console panel: every browser's lines, Chromium first as the verdict
/// follows it, each marked when it stands apart from the others.
pub fn console_lines<'a>(all: &Browsers<'a>) -> [ConsoleLine<'a>; 3] {
    Browser::ALL.map(|browser| {
        let lines = all[browser as usize].console.of(browser);
        let (version, caveat) = match browser {
            Browser::Chromium => (CHROMIUM_VERSION, None),
            Browser::Firefox => (FIREFOX_VERSION, None),
            // Safari's version is not WebKitGTK's, whose lines these are.
            Browser::WebKit => (SAFARI_VERSION, lines.and(Some(SAFARI_CAVEAT))),
        };
        ConsoleLine {
            browser: browser.label(),
            version,
            lines,
            differs: browsers::how_it_differs(all, browser),
            caveat,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;

    fn view(json: serde_json::Value) -> (ScriptView, [Verdict; 3]) {
        let draft = Draft::from_value(&json).expect("valid");
        let scenario = draft.scenario().expect("valid");
        let each = corsim_core::evaluate_each(&scenario);
        let [c, f, w] = &each;
        (script_view(&scenario, c, Some([c, f, w])), each)
    }

    #[test]
    fn safaris_version_names_the_webkitgtk_release_of_its_lines() {
        assert!(SAFARI_VERSION.contains(&format!(
            "WebKitGTK {})",
            corsim_core::console::WEBKIT_VERSION
        )));
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
        let (v, [c, f, w]) = view(serde_json::json!({
            "version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/"}, "server": [{"status": 200}]
        }));
        let rejection = v.rejection.expect("rejects");
        assert_eq!(
            rejection.errors,
            [
                ("Chromium", "TypeError: Failed to fetch".to_string()),
                (
                    "Firefox",
                    "TypeError: NetworkError when attempting to fetch resource.".to_string()
                ),
                ("Safari", "TypeError: Load failed".to_string()),
            ]
        );
        assert!(!rejection.before_sending);
        assert!(v.per_browser.is_none(), "every browser agrees");
        let lines = console_lines(&[&c, &f, &w]);
        assert!(lines[0]
            .lines
            .is_some_and(|l| l.contains("blocked by CORS policy")));
        // Safari's two lines stay two, with what they leave out.
        let safari = &lines[2];
        assert_eq!(safari.browser, "Safari");
        let safari_lines: Vec<&str> = safari.lines.unwrap_or_default().lines().collect();
        assert_eq!(safari_lines.len(), 2, "{safari_lines:?}");
        assert!(safari_lines[1].starts_with("Fetch API cannot load"));
        assert!(safari
            .caveat
            .is_some_and(|c| c.contains("Access-Control-Allow-Origin")));
        assert!(lines.iter().all(|l| l.differs.is_none()));

        let (v, _) = view(serde_json::json!({
            "version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/", "headers": [["X Bad", "1"]]}
        }));
        assert!(v.rejection.expect("rejects").before_sending);
    }

    #[test]
    fn where_browsers_differ_each_result_and_console_says_so() {
        let (v, [c, f, w]) = view(super::browsers::tests::user_agent());
        let results: Vec<(&str, &str)> = v
            .per_browser
            .iter()
            .flatten()
            .map(|(browser, sees)| (*browser, sees.as_str()))
            .collect();
        assert_eq!(
            results,
            [
                ("Chromium", "the response: status 200"),
                (
                    "Firefox",
                    "TypeError: NetworkError when attempting to fetch resource."
                ),
                ("Safari", "TypeError: Load failed"),
            ]
        );
        let lines = console_lines(&[&c, &f, &w]);
        let marks: Vec<(&str, bool, Option<&str>)> = lines
            .iter()
            .map(|l| (l.browser, l.lines.is_none(), l.differs.as_deref()))
            .collect();
        assert_eq!(
            marks,
            [
                (
                    "Chromium",
                    true,
                    Some("Differs: readable here; blocked in Firefox and Safari")
                ),
                ("Firefox", false, None),
                ("Safari", false, None),
            ]
        );
    }
}
