//! What goes on the wire and what comes back: the request's headers as
//! [HTTP-network-or-cache fetch](https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch)
//! completes them, and
//! [HTTP-network fetch](https://fetch.spec.whatwg.org/#concept-http-network-fetch),
//! which here asks the scripted server (`server.rs`).

use url::Url;

use crate::browser::Browser;
use crate::fetch::params::{Fetch, HTTP_FETCH};
use crate::fetch::server::{self, Response};
use crate::fetch::ResponseTainting;
use crate::origin::Origin;
use crate::scenario::{Fail, RequestMode};
use crate::trace::StepResult;
use crate::verdict::{WireEntry, WireKind};

/// How many times Firefox sends a request whose connection drops before a
/// response (`network.http.request.max-attempts`, 10): observed for a `GET`
/// and a preflight, each sent ten times before the fetch failed. Chromium
/// and WebKit send it once.
const FIREFOX_ATTEMPTS: usize = 10;

impl Fetch<'_> {
    /// Puts a request on the wire and returns the scripted answer; in
    /// Firefox, again while the connection drops before a response.
    pub(super) fn send(
        &mut self,
        kind: WireKind,
        method: &str,
        url: &Url,
        headers: Vec<(String, String)>,
    ) -> Response {
        let attempts = match self.browser {
            Browser::Firefox => FIREFOX_ATTEMPTS,
            Browser::Chromium | Browser::WebKit => 1,
        };
        let mut response = self.send_once(kind, method, url, headers.clone());
        for _ in 1..attempts {
            if response.fail != Some(Fail::Reset) {
                break;
            }
            response = self.send_once(kind, method, url, headers.clone());
        }
        response
    }

    fn send_once(
        &mut self,
        kind: WireKind,
        method: &str,
        url: &Url,
        headers: Vec<(String, String)>,
    ) -> Response {
        let response = server::respond_after(self.scenario, method, url, &self.session.server_uses);
        if let Some(index) = response.entry {
            let uses = &mut self.session.server_uses;
            if uses.len() <= index {
                uses.resize(index + 1, 0);
            }
            if let Some(count) = uses.get_mut(index) {
                *count = count.saturating_add(1);
            }
        }
        let answerer = match response.entry {
            Some(i) => format!("server[{i}]"),
            None => "no server entry, so the default".to_string(),
        };
        let answer = match response.fail {
            Some(fail) => format!("no HTTP response: {}", fail.describe()),
            None => format!("answers {}", response.status),
        };
        self.step(
            HTTP_FETCH,
            format!("{method} {url} sent; {answerer} {answer}"),
            if response.fail.is_some() {
                StepResult::Fail
            } else {
                StepResult::Info
            },
        );
        let mut wire_url = url.clone();
        wire_url.set_fragment(None);
        self.wire.push(WireEntry {
            kind,
            method: method.to_string(),
            url: wire_url.to_string(),
            headers,
            status: response.status,
            answered_by: response.entry,
            fail: response.fail,
        });
        response
    }

    /// The headers of the request as it goes on the wire: `Origin` when
    /// [appended](https://fetch.spec.whatwg.org/#append-a-request-origin-header),
    /// then the author's headers (repeated names combined, as Chromium sends them).
    pub(super) fn wire_headers(&self) -> Vec<(String, String)> {
        let mut headers = Vec::new();
        if let Some(origin) = self.origin_header() {
            headers.push(("Origin".to_string(), origin));
        }
        let mut seen: Vec<String> = Vec::new();
        for header in self.request.headers.iter() {
            let lower = header.name.to_ascii_lowercase();
            if seen.contains(&lower) {
                continue;
            }
            let combined = self.request.headers.get(&header.name).unwrap_or_default();
            headers.push((
                header.name.clone(),
                crate::infra::isomorphic_decode(&combined),
            ));
            seen.push(lower);
        }
        headers
    }

    /// [Append a request `Origin` header](https://fetch.spec.whatwg.org/#append-a-request-origin-header).
    fn origin_header(&self) -> Option<String> {
        let serialized = self.request.serialized_origin();
        // "If request's response tainting is "cors" ..., then append (`Origin`, serializedOrigin)."
        if self.request.tainting == ResponseTainting::Cors {
            return Some(serialized);
        }
        // "Otherwise, if request's method is neither `GET` nor `HEAD`": with
        // the default referrer policy, strict-origin-when-cross-origin, "If
        // request's origin is a tuple origin, its scheme is "https", and
        // request's current URL's scheme is not "https", then set
        // serializedOrigin to `null`."
        if self.request.method == "GET" || self.request.method == "HEAD" {
            return None;
        }
        let downgrade = matches!(&self.request.origin, Origin::Tuple { scheme, .. } if scheme == "https")
            && self.request.current_url().scheme() != "https";
        Some(if downgrade && self.request.mode != RequestMode::Cors {
            "null".to_string()
        } else {
            serialized
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::browser::Browser;
    use crate::fetch::run;
    use crate::scenario::Scenario;

    /// A preflight answered by the second entry, the main request by the
    /// first, and the preflight of its redirect, to a URL no entry names, by
    /// the default 404.
    const SCENARIO: &str = r#"{
        "version": 1,
        "page": "https://app.example.com/",
        "request": {"url": "https://api.example.com/data", "method": "PUT"},
        "server": [
            {"method": "PUT", "status": 307, "headers": [
                ["Access-Control-Allow-Origin", "https://app.example.com"],
                ["Location", "https://api.example.com/elsewhere"]
            ]},
            {"method": "OPTIONS", "status": 204, "headers": [
                ["Access-Control-Allow-Origin", "https://app.example.com"],
                ["Access-Control-Allow-Methods", "PUT"]
            ]}
        ]
    }"#;

    #[test]
    fn each_wire_entry_names_the_server_entry_that_answered() {
        let scenario = Scenario::from_json(SCENARIO).expect("valid");
        for browser in [Browser::Chromium, Browser::Firefox] {
            let wire = run(&scenario, browser).wire;
            let answered: Vec<(&str, Option<usize>)> = wire
                .iter()
                .map(|w| (w.method.as_str(), w.answered_by))
                .collect();
            assert_eq!(
                answered,
                [("OPTIONS", Some(1)), ("PUT", Some(0)), ("OPTIONS", None)],
                "{browser:?}"
            );
        }
    }

    #[test]
    fn answered_by_is_not_serialized() {
        let scenario = Scenario::from_json(SCENARIO).expect("valid");
        let json = crate::evaluate(&scenario).to_json();
        assert!(!json.contains("answered"), "{json}");
    }
}
