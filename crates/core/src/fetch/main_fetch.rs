//! [Main fetch](https://fetch.spec.whatwg.org/#concept-main-fetch): the
//! checks on the URL, the switch on the request's mode and scheme, and the
//! decision to make a CORS preflight.

use std::ops::ControlFlow;

use url::Url;

use crate::browser::Browser;
use crate::failure::Failure;
use crate::fetch::params::{End, Fetch, MAIN_FETCH};
use crate::fetch::server;
use crate::fetch::ResponseTainting;
use crate::header::{
    chromium_safelisted_request_header, cors_safelisted_request_header,
    cors_unsafe_request_header_names_by, firefox_safelisted_request_header,
    refused_by_firefox_only, webkit_safelisted_request_header, Header, HeaderList,
    UnsafeHeaderName,
};
use crate::method::is_cors_safelisted_method;
use crate::note::Note;
use crate::origin::{is_localhost_name, is_potentially_trustworthy, Origin};
use crate::scenario::{AddressSpace, Initiator, Permission, RedirectMode, RequestMode};
use crate::trace::StepResult;
use crate::verdict::{PreflightDecision, PreflightTrigger};

impl Fetch<'_> {
    /// [Main fetch](https://fetch.spec.whatwg.org/#concept-main-fetch), with
    /// HTTP fetch and HTTP-redirect fetch folded into its loop: each redirect
    /// runs main fetch again on the new URL.
    ///
    /// Both browsers switch on the request's mode and the URL's scheme before
    /// they check mixed content, where the standard checks mixed content
    /// first ("should fetching request be blocked as mixed content" comes
    /// before the switch); the bad-port check stays beside mixed content
    /// (its place against the switch is not observed). Chromium's `FetchLoaderBase::Start`
    /// (third_party/blink/renderer/core/fetch/fetch_manager.cc) runs the
    /// switch and leaves mixed content to its loader ("We do mixed content
    /// checking in ResourceFetcher."); Firefox does the same (observed by the
    /// agreement suite: an `https:` page fetching `ftp:` gets "CORS request
    /// not http", and `mode: "same-origin"` to an `http:` URL the same-origin
    /// line, not the mixed-content one). The core follows the browsers.
    pub(super) fn main_fetch(&mut self) -> End {
        // Each turn of the loop is one run of main fetch: HTTP-redirect fetch
        // step 22, "Return the result of running main fetch given fetchParams
        // and recursive.", is `ControlFlow::Continue` from HTTP fetch.
        loop {
            // Step 1. "Let request be fetchParams's request." Step 2. "Let
            // response be null."
            // Steps 3 to 6 (local-URLs-only, Content Security Policy, upgrading
            // to a potentially trustworthy URL) and 8 to 10 (referrer policy,
            // referrer, HSTS): not modelled. Step 7, the bad-port and
            // mixed-content checks, is `blocked_before_sending`, after the
            // switch as the browsers do it (above).
            // Step 11. "If recursive is false, then run the remaining steps in
            // parallel." Nothing here runs in parallel.
            let url = self.request.current_url().clone();
            // Step 12. "If response is null, then set response to the result
            // of running the steps corresponding to the first matching
            // statement:" (a preloaded response candidate is not modelled)
            // "request's current URL's scheme is "data"": a basic scheme
            // fetch that never touches the network.
            if url.scheme() == "data" {
                self.step(
                    MAIN_FETCH,
                    "a data: URL is read locally: nothing goes on the wire".into(),
                    StepResult::Info,
                );
                self.decide_preflight(PreflightDecision {
                    sent: false,
                    skipped_because: Some("data-url"),
                    triggers: Vec::new(),
                });
                return End::Response {
                    response: server::data_url_response(&url, self.browser),
                };
            }
            // Said of a refusal that the standard would have made as mixed
            // content instead.
            let reordered = if self.is_mixed_content(&url) {
                "; browsers decide this before they check mixed content, which the standard checks first"
            } else {
                ""
            };
            let target = Origin::of(&url);
            let same_origin = target.same_origin(&self.request.origin);
            // "request's current URL's origin is same origin with request's
            // origin, and request's response tainting is "basic"": a basic fetch.
            let basic = same_origin && self.request.tainting == ResponseTainting::Basic;
            if basic {
                self.step(
                    MAIN_FETCH,
                    format!("{url} is same origin with the request: no CORS needed"),
                    StepResult::Pass,
                );
                self.decide_preflight(PreflightDecision {
                    sent: false,
                    skipped_because: Some("same-origin"),
                    triggers: Vec::new(),
                });
            } else if self.request.mode == RequestMode::SameOrigin {
                // "request's mode is "same-origin": Return a network error."
                self.step(
                    MAIN_FETCH,
                    format!("mode is same-origin but {url} is another origin{reordered}"),
                    StepResult::Fail,
                );
                return End::Error(Failure::SameOriginModeCrossOrigin {
                    url: url.to_string(),
                });
            } else if self.request.mode == RequestMode::NoCors {
                // "If request's redirect mode is not "follow", then return a network error."
                if self.request.redirect != RedirectMode::Follow {
                    self.step(
                        MAIN_FETCH,
                        format!("no-cors mode requires redirect mode follow{reordered}"),
                        StepResult::Fail,
                    );
                    return End::Error(Failure::NoCorsRedirectNotFollow {
                        url: url.to_string(),
                    });
                }
                // "Set request's response tainting to "opaque"."
                self.request.tainting = ResponseTainting::Opaque;
                self.step(
                    MAIN_FETCH,
                    "no-cors mode: the response will be opaque to the script".into(),
                    StepResult::Info,
                );
                self.decide_preflight(PreflightDecision {
                    sent: false,
                    skipped_because: Some("no-cors"),
                    triggers: Vec::new(),
                });
            }
            // What is left is mode "cors" to another origin.
            let cors = !basic && self.request.mode == RequestMode::Cors;
            let scheme = url.scheme().to_string();
            // "request's current URL's scheme is not an HTTP(S) scheme: Return
            // a network error." Chromium and Firefox let `file:` on to the
            // check below first (Chromium: its loader; Firefox: observed);
            // WebKit refuses it here (`checkURLSchemeAsCORSEnabled`, observed).
            let local_first = scheme == "file" && self.browser != Browser::WebKit;
            if cors && !matches!(scheme.as_str(), "http" | "https") && !local_first {
                self.step(
                    MAIN_FETCH,
                    format!("`{scheme}:` URLs cannot be fetched cross-origin{reordered}"),
                    StepResult::Fail,
                );
                return End::Error(Failure::SchemeNotSupported {
                    url: url.to_string(),
                    scheme,
                });
            }
            if let Some(failure) = self.local_resource_refused(&url, cors) {
                return End::Error(failure);
            }
            if !matches!(scheme.as_str(), "http" | "https") {
                if !cors {
                    // The basic and no-cors fetches are scheme fetches.
                    return self.scheme_fetch(&url, reordered);
                }
                // Only a `file:` URL from a `file:` page gets here.
                return End::Error(match self.browser {
                    // WebKit refuses it as a scheme without CORS
                    // (`DocumentThreadableLoader::checkURLSchemeAsCORSEnabled`).
                    Browser::Firefox | Browser::WebKit => {
                        self.step(
                            MAIN_FETCH,
                            format!("`{scheme}:` URLs cannot be fetched cross-origin"),
                            StepResult::Fail,
                        );
                        Failure::SchemeNotSupported {
                            url: url.to_string(),
                            scheme,
                        }
                    }
                    // Chromium's network service refuses the CORS request
                    // (`kCorsDisabledScheme`, services/network/cors/cors_url_loader.cc).
                    Browser::Chromium => {
                        self.step(
                            MAIN_FETCH,
                            format!(
                                "`{scheme}:` URLs cannot be fetched cross-origin: Chromium's network service refuses a CORS request to a scheme without CORS"
                            ),
                            StepResult::Fail,
                        );
                        Failure::CorsDisabledScheme {
                            url: url.to_string(),
                            scheme,
                        }
                    }
                });
            }
            if let Some(failure) = self.blocked_before_sending(&url) {
                return End::Error(failure);
            }
            let make_preflight = cors && {
                // "Set request's response tainting to "cors"", with a
                // preflight when "request's method is not a CORS-safelisted
                // method or CORS-unsafe request-header names with request's
                // header list is not empty".
                self.request.tainting = ResponseTainting::Cors;
                let triggers = self.preflight_triggers();
                for header in self.safelisted_by_chromium_only(&triggers) {
                    let name = header.name.clone();
                    self.step(
                        MAIN_FETCH,
                        format!(
                            "`{name}: {}` is not CORS-safelisted in the standard, but Chromium \
                             sends it without a preflight (it safelists client hints, \
                             Save-Data and Intervention); Firefox preflights it",
                            crate::infra::isomorphic_decode(&header.value)
                        ),
                        StepResult::Info,
                    );
                    self.notes.push(Note::ChromiumSafelistedHeader { name });
                }
                for (value, refused) in self.refused_by_firefox_only() {
                    self.step(
                        MAIN_FETCH,
                        format!(
                            "`Content-Type: {value}` is CORS-safelisted, so Chromium sends it \
                             without a preflight; Firefox's own Content-Type parser refuses \
                             {refused}, so Firefox preflights it"
                        ),
                        StepResult::Info,
                    );
                    self.notes
                        .push(Note::FirefoxRefusesContentType { value, refused });
                }
                let sent = !triggers.is_empty();
                self.step(
                    MAIN_FETCH,
                    if sent {
                        format!(
                            "cross-origin request that needs a preflight ({})",
                            describe_triggers(&triggers)
                        )
                    } else {
                        "cross-origin request with a safelisted method and headers: no preflight"
                            .to_string()
                    },
                    StepResult::Info,
                );
                self.decide_preflight(PreflightDecision {
                    sent,
                    skipped_because: (!sent).then_some("simple"),
                    triggers,
                });
                sent
            };

            // "Return the result of running override fetch given "http-fetch",
            // fetchParams, and true." (or without the preflight, "Otherwise")
            if let ControlFlow::Break(end) = self.http_fetch(&url, make_preflight) {
                // Step 13. "If recursive is true, then return response."
                // Steps 14 and on (the filtered response the script gets) are
                // `finish`, in response.rs.
                return end;
            }
        }
    }

    /// Main fetch's blocking checks on the URL: mixed content, bad ports and
    /// Local Network Access.
    fn blocked_before_sending(&mut self, url: &Url) -> Option<Failure> {
        if let Some(failure) = self.local_network_access(url) {
            return Some(failure);
        }
        if self.is_mixed_content(url) {
            self.step(
                "https://w3c.github.io/webappsec-mixed-content/#should-block-fetch",
                format!(
                    "an https page may not fetch the insecure URL {url}: blocked as mixed content"
                ),
                StepResult::Fail,
            );
            return Some(Failure::MixedContent {
                page: self.scenario.page.to_string(),
                url: url.to_string(),
            });
        }
        // Step 7. "If should request be blocked due to a bad port, ...
        // returns blocked, then set response to a network error."
        if let Some(port) = url
            .port_or_known_default()
            .filter(|p| is_bad_port(*p) && matches!(url.scheme(), "http" | "https"))
        {
            self.step(
                "https://fetch.spec.whatwg.org/#block-bad-port",
                format!("port {port} is on the bad-port list"),
                StepResult::Fail,
            );
            return Some(Failure::BadPort {
                url: url.to_string(),
                port,
            });
        }
        None
    }

    /// [Local Network Access](https://wicg.github.io/local-network-access/):
    /// a request from a page to a more private address space than its own
    /// (a public page to `localhost` or to a private address) needs the
    /// user's permission, asked once for the page's site. Chromium 156 and
    /// Firefox ESR 153 ask; denied (what a dismissed prompt and a headless
    /// browser give), the request fails before anything is sent (observed
    /// in both for a public page fetching `localhost`). WebKit does not
    /// have it. No part of the Fetch standard.
    fn local_network_access(&mut self, url: &Url) -> Option<Failure> {
        if self.browser == Browser::WebKit || !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let network = &self.scenario.network;
        // Where the page was loaded from, whatever its origin: a sandboxed
        // page keeps its document's address space.
        let page_space = network.address_space(&self.scenario.page);
        let target_space = network.address_space(url);
        const SPEC: &str = "https://wicg.github.io/local-network-access/";
        // Chromium checks the address space `fetch()` declares before
        // anything else (observed: the request fails, naming both).
        if let Some(declared) = self.declared_address_space() {
            if declared != target_space {
                self.step(
                    SPEC,
                    format!(
                        "`targetAddressSpace` is {}, but {url} is in the {} address space",
                        declared.as_str(),
                        target_space.as_str()
                    ),
                    StepResult::Fail,
                );
                return Some(Failure::TargetAddressSpaceMismatch {
                    url: url.to_string(),
                    declared: declared.as_str().to_string(),
                    actual: target_space.as_str().to_string(),
                });
            }
        }
        if target_space >= page_space {
            return None;
        }
        match network.permission() {
            Permission::Granted => {
                self.step(
                    SPEC,
                    format!(
                        "{url} is in the {} address space, more private than the page's ({}): \
                         the user was asked and allowed it",
                        target_space.as_str(),
                        page_space.as_str()
                    ),
                    StepResult::Pass,
                );
                None
            }
            Permission::Denied => {
                self.step(
                    SPEC,
                    format!(
                        "{url} is in the {} address space, more private than the page's ({}): \
                         the user's permission is needed and is denied, so nothing is sent",
                        target_space.as_str(),
                        page_space.as_str()
                    ),
                    StepResult::Fail,
                );
                Some(Failure::LocalNetworkDenied {
                    url: url.to_string(),
                    space: target_space.as_str().to_string(),
                })
            }
        }
    }

    /// The `targetAddressSpace` of a `fetch()`, which only Chromium reads.
    fn declared_address_space(&self) -> Option<AddressSpace> {
        let init = &self.scenario.request;
        match (self.browser, init.initiator) {
            (Browser::Chromium, Initiator::Fetch) => init.target_address_space,
            _ => None,
        }
    }

    /// "Should fetching request be blocked as mixed content": an `https:` page
    /// may only fetch potentially trustworthy URLs. In Chromium, a `fetch()`
    /// that declares the private or local address space its URL is in may
    /// reach it over `http:` (the user is asked instead).
    /// WebKit blocks an `http://localhost` URL as mixed content (observed
    /// in WebKitGTK 2.50: the name is not trusted as loopback there).
    pub(super) fn is_mixed_content(&self, url: &Url) -> bool {
        let trusted = match self.browser {
            Browser::WebKit if is_localhost_name(url) => false,
            _ => is_potentially_trustworthy(url),
        };
        let declared_private = self.declared_address_space().is_some_and(|space| {
            space != AddressSpace::Public && space == self.scenario.network.address_space(url)
        });
        self.scenario.page.scheme() == "https" && !trusted && !declared_private
    }

    /// Why this request needs a preflight (empty: it does not).
    fn preflight_triggers(&self) -> Vec<PreflightTrigger> {
        let mut triggers = Vec::new();
        if !is_cors_safelisted_method(&self.request.method) {
            triggers.push(PreflightTrigger::Method {
                method: self.request.method.clone(),
            });
        }
        for unsafe_name in self.unsafe_header_names() {
            triggers.push(PreflightTrigger::Header {
                name: unsafe_name.name,
                because: unsafe_name.because,
            });
        }
        if self.request.use_cors_preflight {
            triggers.push(PreflightTrigger::UploadListeners);
        }
        triggers
    }

    /// [CORS-unsafe request-header names](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names).
    /// The standard checks each header entry; Chromium checks the values of a
    /// repeated name combined, as it sends them (observed: two `Content-Type:
    /// text/plain` headers make `text/plain, text/plain`, which needs a
    /// preflight in Chromium and not in Firefox).
    ///
    /// Chromium also sends client hints, `Save-Data` and `Intervention`
    /// without a preflight (`header/chromium_safelist.rs`); Firefox preflights
    /// a few `Content-Type` values that the standard safelists
    /// (`header/firefox_safelist.rs`).
    pub(super) fn unsafe_header_names(&self) -> Vec<UnsafeHeaderName> {
        match self.browser {
            Browser::Firefox => cors_unsafe_request_header_names_by(
                &self.request.headers,
                firefox_safelisted_request_header,
            ),
            // WebKit keeps headers in a map that joins a repeated name's
            // values (`HTTPHeaderMap`), and checks them against its safelist
            // (`header/webkit_safelist.rs`).
            Browser::WebKit => cors_unsafe_request_header_names_by(
                &self.combined_headers(),
                webkit_safelisted_request_header,
            ),
            Browser::Chromium => cors_unsafe_request_header_names_by(
                &self.combined_headers(),
                chromium_safelisted_request_header,
            ),
        }
    }

    /// The request's headers with the values of a repeated name combined, as
    /// Chromium checks and sends them.
    fn combined_headers(&self) -> HeaderList {
        let mut combined = HeaderList::new();
        for header in self.request.headers.iter() {
            if !combined.contains(&header.name) {
                let value = self.request.headers.get(&header.name).unwrap_or_default();
                combined.append(Header::new(header.name.clone(), value));
            }
        }
        combined
    }

    /// The headers Chromium sends without a preflight (none of `triggers`)
    /// that the standard, and Firefox, would preflight: none in Firefox.
    fn safelisted_by_chromium_only(&self, triggers: &[PreflightTrigger]) -> Vec<Header> {
        if self.browser != Browser::Chromium {
            return Vec::new();
        }
        self.combined_headers()
            .iter()
            .filter(|h| {
                cors_safelisted_request_header(&h.name, &h.value).is_err()
                    && !triggers.iter().any(|t| {
                        matches!(t, PreflightTrigger::Header { name, .. } if name.eq_ignore_ascii_case(&h.name))
                    })
            })
            .cloned()
            .collect()
    }

    /// The `Content-Type` values that Chromium, as the standard says, sends
    /// without a preflight and Firefox preflights (`header/firefox_safelist.rs`),
    /// with what Firefox refuses in each: none in Firefox's own run.
    fn refused_by_firefox_only(&self) -> Vec<(String, &'static str)> {
        if self.browser != Browser::Chromium {
            return Vec::new();
        }
        self.request
            .headers
            .iter()
            .filter_map(|h| {
                refused_by_firefox_only(&h.name, &h.value)
                    .map(|refused| (crate::infra::isomorphic_decode(&h.value), refused))
            })
            .collect()
    }

    /// Keeps the first decision (the request as the page made it).
    pub(super) fn decide_preflight(&mut self, decision: PreflightDecision) {
        if self.preflight.is_none() {
            self.preflight = Some(decision);
        }
    }
}

fn describe_triggers(triggers: &[PreflightTrigger]) -> String {
    triggers
        .iter()
        .map(|t| match t {
            PreflightTrigger::Method { method } => format!("method {method}"),
            PreflightTrigger::Header { name, .. } => format!("header {name}"),
            PreflightTrigger::UploadListeners => "an upload listener".to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The [bad ports](https://fetch.spec.whatwg.org/#bad-port) list.
const BAD_PORTS: &[u16] = &[
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
    102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427,
    465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
    993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
    6668, 6669, 6679, 6697, 10080,
];

fn is_bad_port(port: u16) -> bool {
    BAD_PORTS.contains(&port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_ports_are_the_standards_list() {
        // The first column of https://fetch.spec.whatwg.org/#bad-port, in order.
        assert_eq!(BAD_PORTS.len(), 83);
        assert!(
            BAD_PORTS.windows(2).all(|w| w[0] < w[1]),
            "sorted, no repeats"
        );
        for (description, port, bad) in [
            ("ssh", 22, true),
            ("X11", 6000, true),
            ("irc over TLS", 6697, true),
            ("http", 80, false),
            ("https", 443, false),
            ("a dev server", 3000, false),
            ("another dev server", 8080, false),
        ] {
            assert_eq!(is_bad_port(port), bad, "{description}: {port}");
        }
    }
}
