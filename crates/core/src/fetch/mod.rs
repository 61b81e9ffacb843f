//! The fetch algorithms, one file each: `new Request()`, main fetch with HTTP
//! fetch and HTTP-redirect fetch (here), the CORS-preflight fetch, the CORS
//! check, and what the script may read of the response.

mod cors_check;
mod max_age;
mod preflight;
mod request;
mod response;
mod server;

use url::Url;

use crate::browser::Browser;
use crate::failure::Failure;
use crate::header::{
    chromium_safelisted_request_header, cors_safelisted_request_header,
    cors_unsafe_request_header_names_by, firefox_safelisted_request_header,
    refused_by_firefox_only, Header, HeaderList, UnsafeHeaderName,
};
use crate::method::is_cors_safelisted_method;
use crate::note::Note;
use crate::origin::{is_potentially_trustworthy, Origin};
use crate::scenario::{RedirectMode, RequestMode, Scenario};
use crate::trace::{Step, StepResult};
use crate::verdict::{
    Outcome, PreflightCaching, PreflightDecision, PreflightTrigger, WireEntry, WireKind,
};

pub use request::{Request, ResponseTainting};
// The scripted server, for views that show what a response carried.
pub use server::{respond, Response};

const MAIN_FETCH: &str = "https://fetch.spec.whatwg.org/#concept-main-fetch";
const HTTP_FETCH: &str = "https://fetch.spec.whatwg.org/#concept-http-fetch";
const REDIRECT_FETCH: &str = "https://fetch.spec.whatwg.org/#concept-http-redirect-fetch";
const SCHEME_FETCH: &str = "https://fetch.spec.whatwg.org/#scheme-fetch";

/// The [redirect statuses](https://fetch.spec.whatwg.org/#redirect-status).
pub fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// An [ok status](https://fetch.spec.whatwg.org/#ok-status): 200 to 299.
pub fn is_ok_status(status: u16) -> bool {
    (200..=299).contains(&status)
}

/// What one browser does with the scenario.
#[derive(Clone, Debug)]
pub struct Run {
    pub browser: Browser,
    pub page: Url,
    pub origin: Origin,
    pub wire: Vec<WireEntry>,
    pub outcome: Outcome,
    pub status: Option<u16>,
    pub exposed_headers: Vec<String>,
    pub hidden_headers: Vec<String>,
    pub failure: Option<Failure>,
    pub preflight: PreflightDecision,
    pub preflight_caching: Option<PreflightCaching>,
    pub notes: Vec<Note>,
    pub trace: Vec<Step>,
    /// The URL the fetch was at when it ended, and the URL it started from
    /// when redirects were followed (console lines name both).
    pub final_url: Url,
    pub redirected_from: Option<Url>,
}

/// The state of one fetch as it runs.
pub(crate) struct Fetch<'s> {
    scenario: &'s Scenario,
    browser: Browser,
    request: Request,
    wire: Vec<WireEntry>,
    trace: Vec<Step>,
    notes: Vec<Note>,
    preflight: Option<PreflightDecision>,
    caching: Option<PreflightCaching>,
}

/// How a fetch ended, before the response is filtered for the script.
enum End {
    Response { response: Response },
    OpaqueRedirect,
    Error(Failure),
}

/// Runs `fetch()` for the scenario as `browser` would.
pub fn run(scenario: &Scenario, browser: Browser) -> Run {
    let origin = if scenario.sandboxed {
        Origin::Opaque
    } else {
        Origin::of(&scenario.page)
    };
    let mut trace = vec![Step {
        algorithm: "origin",
        spec: "https://html.spec.whatwg.org/multipage/browsers.html#concept-origin",
        detail: page_origin_detail(scenario, &origin),
        result: StepResult::Info,
    }];
    let mut notes = Vec::new();
    let request =
        match request::construct(scenario, origin.clone(), browser, &mut trace, &mut notes) {
            Ok(request) => request,
            Err(failure) => {
                return Run {
                    browser,
                    page: scenario.page.clone(),
                    origin,
                    wire: Vec::new(),
                    outcome: Outcome::NetworkError,
                    status: None,
                    exposed_headers: Vec::new(),
                    hidden_headers: Vec::new(),
                    failure: Some(failure),
                    preflight: not_reached(),
                    preflight_caching: None,
                    notes,
                    trace,
                    final_url: scenario.request.url.clone(),
                    redirected_from: None,
                };
            }
        };
    let mut fetch = Fetch {
        scenario,
        browser,
        request,
        wire: Vec::new(),
        trace,
        notes,
        preflight: None,
        caching: None,
    };
    let end = fetch.main_fetch();
    fetch.finish(end)
}

fn not_reached() -> PreflightDecision {
    PreflightDecision {
        sent: false,
        skipped_because: Some("not-reached"),
        triggers: Vec::new(),
    }
}

fn page_origin_detail(scenario: &Scenario, origin: &Origin) -> String {
    if scenario.sandboxed {
        "the page is in a sandboxed iframe without allow-same-origin, so its origin is opaque: `null`".to_string()
    } else if *origin == Origin::Opaque {
        format!(
            "a `{}:` page has an opaque origin, serialized as `null`",
            scenario.page.scheme()
        )
    } else {
        format!("the page's origin is `{}`", origin.serialize())
    }
}

impl<'s> Fetch<'s> {
    fn step(&mut self, spec: &'static str, detail: String, result: StepResult) {
        let algorithm = match spec {
            MAIN_FETCH => "main fetch",
            HTTP_FETCH => "HTTP fetch",
            REDIRECT_FETCH => "HTTP-redirect fetch",
            SCHEME_FETCH => "scheme fetch",
            cors_check::SPEC => "CORS check",
            s if s.contains("cors-preflight") => "CORS-preflight fetch",
            s if s.contains("max-age") => "CORS-preflight cache",
            _ => "fetch",
        };
        self.trace.push(Step {
            algorithm,
            spec,
            detail,
            result,
        });
    }

    /// Puts a request on the wire and returns the scripted answer.
    fn send(
        &mut self,
        kind: WireKind,
        method: &str,
        url: &Url,
        headers: Vec<(String, String)>,
    ) -> Response {
        let response = server::respond(self.scenario, method, url);
        let answered_by = match response.entry {
            Some(i) => format!("server[{i}]"),
            None => "no server entry, so the default".to_string(),
        };
        self.step(
            HTTP_FETCH,
            format!(
                "{method} {url} sent; {answered_by} answers {}",
                response.status
            ),
            StepResult::Info,
        );
        let mut wire_url = url.clone();
        wire_url.set_fragment(None);
        self.wire.push(WireEntry {
            kind,
            method: method.to_string(),
            url: wire_url.to_string(),
            headers,
            status: response.status,
        });
        response
    }

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
    fn main_fetch(&mut self) -> End {
        loop {
            let url = self.request.current_url().clone();
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
            // a network error." Both browsers let `file:` on to the check
            // below first (Chromium: its loader; Firefox: observed).
            if cors && !matches!(scheme.as_str(), "http" | "https" | "file") {
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
                    Browser::Firefox => {
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

            // HTTP fetch: "If makeCORSPreflight is true and ..., Let
            // preflightResponse be the result of running CORS-preflight fetch".
            if make_preflight {
                match self.cors_preflight_fetch() {
                    Ok(caching) => self.caching = Some(caching),
                    Err(failure) => return End::Error(failure),
                }
            }

            let kind = if self.request.redirected_to.is_empty() {
                WireKind::Main
            } else {
                WireKind::Redirect
            };
            let method = self.request.method.clone();
            let headers = self.wire_headers();
            let response = self.send(kind, &method, &url, headers);
            if let Some(failure) = self.location_read_first(&url, &response) {
                return End::Error(failure);
            }
            if let Some(failure) = self.firefox_mixed_content_redirect_first(&url, &response) {
                return End::Error(failure);
            }

            // "If request's response tainting is "cors" and a CORS check for
            // request and response returns failure, then return a network error."
            if self.request.tainting == ResponseTainting::Cors {
                if let Err(access) =
                    cors_check::cors_check(self.browser, &self.request, &response.headers)
                {
                    self.step(
                        cors_check::SPEC,
                        format!(
                            "the response fails the CORS check: {}",
                            crate::explain::access_problem(&access)
                        ),
                        StepResult::Fail,
                    );
                    if self.request.method != "GET" && self.request.method != "HEAD" {
                        self.notes.push(Note::RequestReachedServer {
                            method: self.request.method.clone(),
                        });
                    }
                    return End::Error(Failure::ResponseAccess {
                        url: url.to_string(),
                        status: response.status,
                        access,
                    });
                }
                self.step(
                    cors_check::SPEC,
                    "the response passes the CORS check".into(),
                    StepResult::Pass,
                );
            }

            // "If internalResponse's status is a redirect status: Switch on
            // request's redirect mode".
            if !is_redirect_status(response.status) {
                return End::Response { response };
            }
            if let Some(failure) = self.chromium_credentials_before_redirect_mode(&url, &response) {
                return End::Error(failure);
            }
            match self.request.redirect {
                RedirectMode::Error => {
                    self.step(
                        HTTP_FETCH,
                        format!("a {} redirect with redirect mode error", response.status),
                        StepResult::Fail,
                    );
                    return End::Error(Failure::RedirectModeError {
                        url: url.to_string(),
                        status: response.status,
                    });
                }
                RedirectMode::Manual => {
                    self.step(
                        HTTP_FETCH,
                        "redirect mode manual: the script gets an opaque-redirect response".into(),
                        StepResult::Info,
                    );
                    return End::OpaqueRedirect;
                }
                RedirectMode::Follow => match self.http_redirect_fetch(&url, &response) {
                    Ok(true) => continue,
                    Ok(false) => return End::Response { response },
                    Err(failure) => return End::Error(failure),
                },
            }
        }
    }

    /// [Scheme fetch](https://fetch.spec.whatwg.org/#scheme-fetch) of a URL
    /// that is neither HTTP(S) (HTTP fetch) nor `data:` (read in main fetch).
    fn scheme_fetch(&mut self, url: &Url, reordered: &str) -> End {
        let scheme = url.scheme().to_string();
        match scheme.as_str() {
            // ""about": If request's current URL's path is the string
            // "blank", then return a new response whose status message is
            // `OK`, header list is « (`Content-Type`, `text/html;charset=utf-8`) »,
            // and body is the empty byte sequence as a body." Chromium's
            // scheme fetch (`PerformSchemeFetch` in fetch_manager.cc) has no
            // `about:` case: it refuses the URL as below (observed).
            "about" if url.path() == "blank" && self.browser == Browser::Firefox => {
                self.step(
                    SCHEME_FETCH,
                    "about:blank is an empty page, made locally: nothing goes on the wire".into(),
                    StepResult::Info,
                );
                End::Response {
                    response: server::about_blank_response(),
                }
            }
            // ""blob": ... If request's method is not `GET` or blobURLEntry
            // is null, then return a network error." No scenario creates a
            // blob, so no blob: URL has an entry.
            // ""file": For now, unfortunate as it is, file: URLs are left as
            // an exercise for the reader. When in doubt, return a network
            // error." corsim has no files to read (Chromium reads the file,
            // and fails with net::ERR_FILE_NOT_FOUND when there is none).
            "blob" | "file" => {
                self.step(
                    SCHEME_FETCH,
                    if scheme == "blob" {
                        format!("{url} names no blob: a scenario's page creates none")
                    } else {
                        format!("{url} is read from the disk, and corsim has none")
                    },
                    StepResult::Fail,
                );
                End::Error(Failure::LocalResourceNotFound {
                    url: url.to_string(),
                })
            }
            // "Otherwise: Return a network error."
            _ => {
                self.step(
                    SCHEME_FETCH,
                    format!("fetch has no way to load `{scheme}:` URLs{reordered}"),
                    StepResult::Fail,
                );
                End::Error(Failure::SchemeFetchUnsupported {
                    url: url.to_string(),
                    scheme,
                })
            }
        }
    }

    /// Whether the page may load a local resource at all, which the standard
    /// leaves to the browser. Both refuse a `file:` URL to any page but a
    /// `file:` page that is not sandboxed: Chromium in its loader
    /// (`SecurityOrigin::CanDisplay`, from `BaseFetchContext::CanRequestInternal`
    /// in third_party/blink/renderer/core/loader/base_fetch_context.cc),
    /// Firefox in its security checks (its line is `CheckLoadURIError`).
    /// Chromium's loader also refuses another origin's `blob:` URL, which
    /// only a no-cors fetch brings to it: `fetch()` refuses a cors one as a
    /// scheme it does not support. (Firefox refuses that blob with its
    /// same-origin line, not modelled.)
    fn local_resource_refused(&mut self, url: &Url, cors: bool) -> Option<Failure> {
        let why = match url.scheme() {
            "file" if self.scenario.page.scheme() != "file" || self.scenario.sandboxed => {
                "only a `file:` page that is not sandboxed may load `file:` URLs"
            }
            "blob"
                if self.browser == Browser::Chromium
                    && !cors
                    && !Origin::of(url).same_origin(&self.request.origin) =>
            {
                "only the blob's own origin may load its `blob:` URL"
            }
            _ => return None,
        };
        self.step(
            SCHEME_FETCH,
            format!(
                "{} does not let this page load the local resource {url}: {why}",
                self.browser.name()
            ),
            StepResult::Fail,
        );
        Some(Failure::LocalResourceNotAllowed {
            url: url.to_string(),
        })
    }

    /// Main fetch's blocking checks on the URL: mixed content and bad ports.
    fn blocked_before_sending(&mut self, url: &Url) -> Option<Failure> {
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
        // "should request be blocked due to a bad port"
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

    /// "Should fetching request be blocked as mixed content": an `https:` page
    /// may only fetch potentially trustworthy URLs.
    fn is_mixed_content(&self, url: &Url) -> bool {
        self.scenario.page.scheme() == "https" && !is_potentially_trustworthy(url)
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
    fn unsafe_header_names(&self) -> Vec<UnsafeHeaderName> {
        match self.browser {
            Browser::Firefox => cors_unsafe_request_header_names_by(
                &self.request.headers,
                firefox_safelisted_request_header,
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
    fn decide_preflight(&mut self, decision: PreflightDecision) {
        if self.preflight.is_none() {
            self.preflight = Some(decision);
        }
    }

    /// The headers of the request as it goes on the wire: `Origin` when
    /// [appended](https://fetch.spec.whatwg.org/#append-a-request-origin-header),
    /// then the author's headers (repeated names combined, as Chromium sends them).
    fn wire_headers(&self) -> Vec<(String, String)> {
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

    /// A redirect whose `Location` is not a URL, refused before anything else
    /// looks at the response, where the standard runs the CORS check first and
    /// reads `Location` only to follow it (HTTP-redirect fetch). Observed with
    /// a cross-origin `fetch()` in each redirect mode, with and without
    /// `Access-Control-Allow-Origin` on the redirect:
    /// - Chromium 156's network stack reads `Location` as the response
    ///   arrives, whatever the mode: the request fails with no CORS console
    ///   line, and in mode `manual` too, where the standard gives an
    ///   opaque-redirect response;
    /// - Firefox ESR 153 does so in mode `follow` ("CORS request did not
    ///   succeed"), and follows the standard's order in `error` and `manual`.
    fn location_read_first(&mut self, url: &Url, response: &Response) -> Option<Failure> {
        let first = match self.browser {
            Browser::Chromium => true,
            Browser::Firefox => self.request.redirect == RedirectMode::Follow,
        };
        if !first || !is_redirect_status(response.status) {
            return None;
        }
        let location = location_of(response)?;
        if url.join(&location).is_ok() {
            return None;
        }
        self.step(
            REDIRECT_FETCH,
            format!(
                "`Location: {location}` is not a valid URL: the browser fails the request as \
                 the response arrives, before any other check"
            ),
            StepResult::Fail,
        );
        Some(Failure::RedirectLocationInvalid {
            url: url.to_string(),
            location,
        })
    }

    /// Firefox ESR 153 refuses a CORS request's redirect to a URL that the
    /// https page may not fetch (mixed content) as the redirect arrives,
    /// before the CORS check of the redirect response, which the standard runs
    /// first (then HTTP-redirect fetch, then main fetch's mixed-content check
    /// of the new URL); its console line is then the CORS request's "did not
    /// succeed" (`console::firefox`). Observed in mode `follow`, with and
    /// without a passing `Access-Control-Allow-Origin` on the redirect.
    fn firefox_mixed_content_redirect_first(
        &mut self,
        url: &Url,
        response: &Response,
    ) -> Option<Failure> {
        if self.browser != Browser::Firefox
            || self.request.redirect != RedirectMode::Follow
            || self.request.tainting != ResponseTainting::Cors
            || !is_redirect_status(response.status)
        {
            return None;
        }
        let target = url.join(&location_of(response)?).ok()?;
        if !self.is_mixed_content(&target) {
            return None;
        }
        self.step(
            "https://w3c.github.io/webappsec-mixed-content/#should-block-fetch",
            format!(
                "the redirect leads to the insecure URL {target}, which an https page may not \
                 fetch: Firefox refuses the redirect as it arrives, before the CORS check"
            ),
            StepResult::Fail,
        );
        Some(Failure::MixedContent {
            page: self.scenario.page.to_string(),
            url: target.to_string(),
        })
    }

    /// In mode `error`, Chromium 156 refuses a redirect to a URL with a
    /// username or password as HTTP-redirect fetch does, with that console
    /// line, before it looks at the redirect mode, which the standard looks at
    /// first (a silent network error). Observed with a cross-origin `fetch()`.
    fn chromium_credentials_before_redirect_mode(
        &mut self,
        url: &Url,
        response: &Response,
    ) -> Option<Failure> {
        if self.browser != Browser::Chromium || self.request.redirect != RedirectMode::Error {
            return None;
        }
        let target = url.join(&location_of(response)?).ok()?;
        if !self.redirect_credentials_refused(&target) {
            return None;
        }
        self.step(
            REDIRECT_FETCH,
            format!(
                "{target} includes a username or password: Chromium refuses it before it looks \
                 at the redirect mode"
            ),
            StepResult::Fail,
        );
        Some(Failure::RedirectWithCredentials {
            url: url.to_string(),
            location: target.to_string(),
        })
    }

    /// "If request's mode is "cors", locationURL includes credentials, and
    /// request's origin is not same origin with locationURL's origin" / "If
    /// request's response tainting is "cors" and locationURL includes
    /// credentials, then return a network error."
    fn redirect_credentials_refused(&self, target: &Url) -> bool {
        let has_credentials = !target.username().is_empty() || target.password().is_some();
        has_credentials
            && ((self.request.mode == RequestMode::Cors
                && !self.request.origin.same_origin(&Origin::of(target)))
                || self.request.tainting == ResponseTainting::Cors)
    }

    /// [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#concept-http-redirect-fetch):
    /// `Ok(true)` to fetch the new URL, `Ok(false)` when there is no `Location`
    /// (the redirect response itself is the answer).
    fn http_redirect_fetch(&mut self, url: &Url, response: &Response) -> Result<bool, Failure> {
        let status = response.status;
        // "Let locationURL be internalResponse's location URL given request's
        // current URL's fragment." / "If locationURL is null, then return response."
        let Some(location) = location_of(response) else {
            self.step(
                REDIRECT_FETCH,
                format!("a {status} without `Location` is returned as it is"),
                StepResult::Info,
            );
            return Ok(false);
        };
        // "If locationURL is failure, then return a network error."
        let Ok(mut target) = url.join(&location) else {
            self.step(
                REDIRECT_FETCH,
                format!("`Location: {location}` is not a valid URL"),
                StepResult::Fail,
            );
            return Err(Failure::RedirectLocationInvalid {
                url: url.to_string(),
                location,
            });
        };
        if target.fragment().is_none() {
            target.set_fragment(url.fragment());
        }
        // "If locationURL's scheme is not an HTTP(S) scheme, then return a network error."
        if !matches!(target.scheme(), "http" | "https") {
            self.step(
                REDIRECT_FETCH,
                format!("{target} is not an http(s) URL"),
                StepResult::Fail,
            );
            return Err(Failure::RedirectSchemeNotHttp {
                url: url.to_string(),
                location,
            });
        }
        // "If request's redirect count is 20, then return a network error."
        if self.request.redirect_count == 20 {
            self.step(
                REDIRECT_FETCH,
                "20 redirects were followed already: no more".into(),
                StepResult::Fail,
            );
            return Err(Failure::TooManyRedirects {
                url: url.to_string(),
            });
        }
        self.request.redirect_count += 1;
        if self.redirect_credentials_refused(&target) {
            self.step(
                REDIRECT_FETCH,
                format!("{target} includes a username or password"),
                StepResult::Fail,
            );
            return Err(Failure::RedirectWithCredentials {
                url: url.to_string(),
                location: target.to_string(),
            });
        }
        // "If internalResponse's status is 301 or 302 and request's method is
        // `POST`, or 303 and request's method is not `GET` or `HEAD`: Set
        // request's method to `GET` ... delete each request-body-header name."
        let method = self.request.method.clone();
        if ((status == 301 || status == 302) && method == "POST")
            || (status == 303 && method != "GET" && method != "HEAD")
        {
            self.request.method = "GET".to_string();
            for name in [
                "Content-Encoding",
                "Content-Language",
                "Content-Location",
                "Content-Type",
            ] {
                self.request.headers.delete(name);
            }
            self.notes.push(Note::MethodChangedByRedirect {
                status,
                from: method.clone(),
            });
            self.step(
                REDIRECT_FETCH,
                format!("a {status} turns {method} into GET and drops the body headers"),
                StepResult::Info,
            );
        }
        // "If request's current URL's origin is not same origin with
        // locationURL's origin, then for each headerName of CORS non-wildcard
        // request-header name, delete headerName from request's header list."
        if !Origin::of(url).same_origin(&Origin::of(&target))
            && self.request.headers.contains("Authorization")
        {
            self.request.headers.delete("Authorization");
            self.notes.push(Note::AuthorizationDroppedOnRedirect);
            self.step(
                REDIRECT_FETCH,
                "`Authorization` is removed when a redirect crosses origins".into(),
                StepResult::Info,
            );
        }
        let tainted_before = self.request.redirect_tainted();
        self.step(
            REDIRECT_FETCH,
            format!("{status} redirect to {target}"),
            StepResult::Info,
        );
        // "Append locationURL to request's URL list."
        self.request.redirected_to.push(target);
        if !tainted_before && self.request.redirect_tainted() {
            self.notes.push(Note::OriginTainted);
            self.step(
                "https://fetch.spec.whatwg.org/#concept-request-tainted-origin",
                "the redirect left a cross-origin server for another origin: `Origin` is now `null`".into(),
                StepResult::Info,
            );
        }
        Ok(true)
    }

    /// Filters the final response for the script and assembles the run.
    fn finish(mut self, end: End) -> Run {
        let final_url = self.request.current_url().clone();
        let redirected_from =
            (!self.request.redirected_to.is_empty()).then(|| self.request.url.clone());
        let (outcome, status, exposed, hidden, failure) = match end {
            End::Error(failure) => (
                Outcome::NetworkError,
                None,
                Vec::new(),
                Vec::new(),
                Some(failure),
            ),
            End::OpaqueRedirect => (Outcome::Opaque, Some(0), Vec::new(), Vec::new(), None),
            End::Response { response } => {
                if self.request.tainting == ResponseTainting::Opaque {
                    self.notes.push(Note::OpaqueResponse);
                    (Outcome::Opaque, Some(0), Vec::new(), Vec::new(), None)
                } else {
                    let readable = response::readable_headers(&self.request, &response.headers);
                    self.step(MAIN_FETCH, response::describe(&readable), StepResult::Pass);
                    self.security_notes(&response.headers);
                    (
                        Outcome::Readable,
                        Some(response.status),
                        readable.exposed,
                        readable.hidden,
                        None,
                    )
                }
            }
        };
        if outcome == Outcome::NetworkError {
            self.local_network_note(&final_url);
        }
        Run {
            browser: self.browser,
            page: self.scenario.page.clone(),
            origin: self.request.origin.clone(),
            wire: self.wire,
            outcome,
            status,
            exposed_headers: exposed,
            hidden_headers: hidden,
            failure,
            preflight: self.preflight.unwrap_or_else(not_reached),
            preflight_caching: self.caching,
            notes: self.notes,
            trace: self.trace,
            final_url,
            redirected_from,
        }
    }

    /// Notes about a response that worked but teaches something.
    fn security_notes(&mut self, headers: &HeaderList) {
        if self.request.tainting != ResponseTainting::Cors {
            return;
        }
        match headers.get("Access-Control-Allow-Origin").as_deref() {
            Some(b"null") => self.notes.push(Note::AllowOriginNull),
            Some(b"*") | None => {}
            Some(_) => {
                let varies = headers
                    .get("Vary")
                    .map(|v| {
                        String::from_utf8_lossy(&v)
                            .split(',')
                            .any(|f| f.trim().eq_ignore_ascii_case("origin") || f.trim() == "*")
                    })
                    .unwrap_or(false);
                if !varies {
                    self.notes.push(Note::MissingVaryOrigin);
                }
            }
        }
    }

    /// A public page reaching for a loopback or private host meets Chromium's
    /// Local Network Access permission prompt before any CORS rule.
    fn local_network_note(&mut self, url: &Url) {
        let page_is_local = !is_public_host(&self.scenario.page);
        if !page_is_local && !is_public_host(url) {
            if let Some(host) = url.host_str() {
                self.notes.push(Note::LocalNetworkAccess {
                    host: host.to_string(),
                });
            }
        }
    }
}

/// A response's `Location` value, as text (a URL yet to be parsed).
fn location_of(response: &Response) -> Option<String> {
    let value = response.headers.get("Location")?;
    Some(String::from_utf8_lossy(&value).into_owned())
}

fn describe_triggers(triggers: &[PreflightTrigger]) -> String {
    triggers
        .iter()
        .map(|t| match t {
            PreflightTrigger::Method { method } => format!("method {method}"),
            PreflightTrigger::Header { name, .. } => format!("header {name}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a URL's host is (as far as its name tells) on the public internet.
fn is_public_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => !(ip.is_loopback() || ip.is_private() || ip.is_link_local()),
        Some(url::Host::Ipv6(ip)) => !ip.is_loopback(),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.');
            !(name == "localhost" || name.ends_with(".localhost") || name.ends_with(".local"))
        }
        None => false,
    }
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

    /// (description, status, redirect status, ok status)
    const STATUSES: &[(&str, u16, bool, bool)] = &[
        ("200 OK", 200, false, true),
        ("204 No Content", 204, false, true),
        ("299, the last ok status", 299, false, true),
        ("300 Multiple Choices is no redirect", 300, false, false),
        ("301", 301, true, false),
        ("302", 302, true, false),
        ("303", 303, true, false),
        ("304 Not Modified is no redirect", 304, false, false),
        ("305 is no redirect", 305, false, false),
        ("307", 307, true, false),
        ("308", 308, true, false),
        ("404", 404, false, false),
    ];

    #[test]
    fn status_table() {
        for (description, status, redirect, ok) in STATUSES {
            assert_eq!(
                (is_redirect_status(*status), is_ok_status(*status)),
                (*redirect, *ok),
                "{description}"
            );
        }
    }

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
