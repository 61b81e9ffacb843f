//! What the script may read of a response: the
//! [basic](https://fetch.spec.whatwg.org/#concept-filtered-response-basic) and
//! [CORS](https://fetch.spec.whatwg.org/#concept-filtered-response-cors)
//! filtered responses; and the end of main fetch, where the response is
//! filtered for the script and the run assembled.

use url::Url;

use crate::failure::Failure;
use crate::fetch::params::{End, Fetch, MAIN_FETCH};
use crate::fetch::request::{Request, ResponseTainting};
use crate::fetch::{is_ok_status, not_reached, Run};
use crate::header::{
    is_cors_safelisted_response_header_name, is_forbidden_response_header_name, parse_allow_list,
    HeaderList,
};
use crate::infra::sort;
use crate::note::Note;
use crate::origin::is_public_host;
use crate::scenario::{CredentialsMode, Initiator};
use crate::trace::StepResult;
use crate::verdict::Outcome;

/// Lower-case response header names, sorted, split by whether the script sees them.
#[derive(Debug, PartialEq, Eq)]
pub struct Readable {
    pub exposed: Vec<String>,
    pub hidden: Vec<String>,
    /// `Access-Control-Expose-Headers: *` counted as a wildcard.
    pub wildcard: bool,
}

/// Splits the response's header names into what `response.headers` shows and what it hides.
pub fn readable_headers(request: &Request, headers: &HeaderList) -> Readable {
    let mut names: Vec<String> = headers
        .iter()
        .map(|h| h.name.to_ascii_lowercase())
        .collect();
    sort(&mut names);
    names.dedup();

    let forbidden = is_forbidden_response_header_name;
    let cors = request.tainting == ResponseTainting::Cors;
    let listed = if cors {
        expose_list(headers)
    } else {
        Vec::new()
    };
    // "If request's credentials mode is not "include" and headerNames contains
    // `*`, then set response's CORS-exposed header-name list to all unique
    // header names in response's header list."
    let wildcard =
        cors && request.credentials != CredentialsMode::Include && listed.iter().any(|n| n == "*");
    let visible = |name: &str| match request.tainting {
        // A basic filtered response hides only the forbidden response-header names.
        ResponseTainting::Basic => !forbidden(name),
        ResponseTainting::Cors => {
            !forbidden(name)
                && (wildcard
                    || is_cors_safelisted_response_header_name(name)
                    || listed.iter().any(|l| l.eq_ignore_ascii_case(name)))
        }
        ResponseTainting::Opaque => false,
    };
    let (exposed, hidden) = names.into_iter().partition(|name| visible(name));
    Readable {
        exposed,
        hidden,
        wildcard,
    }
}

/// The names listed in `Access-Control-Expose-Headers`: "extracting header
/// list values"; a value that does not parse exposes nothing (as Blink's
/// `HTTPHeaderNameListParser` does).
fn expose_list(headers: &HeaderList) -> Vec<String> {
    headers
        .get("Access-Control-Expose-Headers")
        .and_then(|value| parse_allow_list(&value).ok())
        .unwrap_or_default()
}

/// One line for the trace.
pub fn describe(readable: &Readable) -> String {
    let list = |names: &[String]| {
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    };
    format!(
        "the script can read the response; headers it sees: {}; hidden from it: {}{}",
        list(&readable.exposed),
        list(&readable.hidden),
        if readable.wildcard {
            " (`Access-Control-Expose-Headers: *` exposes all but Set-Cookie)"
        } else {
            ""
        }
    )
}

impl Fetch<'_> {
    /// Filters the final response for the script and assembles the run.
    pub(super) fn finish(mut self, end: End) -> Run {
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
            // Main fetch step 14. "If response is not a network error and
            // response is not a filtered response, then:" 14.1 (the
            // CORS-exposed header-name list) and 14.2. "Set response to the
            // following filtered response with response as its internal
            // response, depending on request's response tainting:"
            // A script or a font is used only from an ok response ("fetch a
            // classic script": "if response's status is not an ok status",
            // error; CSS Fonts likewise): a 404 fails to load whatever CORS
            // says (observed for fonts in Chromium and WebKit). An image
            // with another status still shows if it decodes.
            End::Response { response }
                if matches!(
                    self.scenario.request.initiator,
                    Initiator::Script | Initiator::Font
                ) && !is_ok_status(response.status) =>
            {
                self.step(
                    MAIN_FETCH,
                    format!(
                        "the {} is answered with status {}: it fails to load",
                        self.scenario.request.initiator.as_str(),
                        response.status
                    ),
                    StepResult::Fail,
                );
                (
                    Outcome::NetworkError,
                    None,
                    Vec::new(),
                    Vec::new(),
                    Some(Failure::ElementStatusNotOk {
                        url: final_url.to_string(),
                        status: response.status,
                    }),
                )
            }
            End::Response { response } => {
                // ""opaque": opaque filtered response"
                if self.request.tainting == ResponseTainting::Opaque {
                    self.notes.push(Note::OpaqueResponse);
                    (Outcome::Opaque, Some(0), Vec::new(), Vec::new(), None)
                } else {
                    // ""basic": basic filtered response" / ""cors": CORS
                    // filtered response"
                    let readable = readable_headers(&self.request, &response.headers);
                    self.step(MAIN_FETCH, describe(&readable), StepResult::Pass);
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
            redirect_target: self.redirect_target,
            cache: self.cache_use,
            initiator: self.scenario.request.initiator,
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
