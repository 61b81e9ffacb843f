//! [HTTP fetch](https://fetch.spec.whatwg.org/#concept-http-fetch): the
//! CORS-preflight fetch when one is needed, the request itself, the CORS
//! check of its response, and the switch on the redirect mode; with where the
//! browsers look at a redirect's `Location` before the standard does.

use std::ops::ControlFlow;

use url::Url;

use crate::browser::Browser;
use crate::cache::PreflightCacheUse;
use crate::failure::Failure;
use crate::fetch::cors_check;
use crate::fetch::params::{End, Fetch, HTTP_FETCH, REDIRECT_FETCH};
use crate::fetch::server::Response;
use crate::fetch::{is_redirect_status, ResponseTainting};
use crate::note::Note;
use crate::scenario::RedirectMode;
use crate::trace::StepResult;

impl Fetch<'_> {
    /// [HTTP fetch](https://fetch.spec.whatwg.org/#concept-http-fetch) of
    /// the request's current URL, `url`, with a CORS-preflight fetch first when
    /// main fetch asks for one (`make_preflight`). `Continue` when
    /// HTTP-redirect fetch has moved the request to a new URL, for main fetch
    /// to run again; `Break` with how the fetch ended otherwise.
    pub(super) fn http_fetch(&mut self, url: &Url, make_preflight: bool) -> ControlFlow<End> {
        // Step 1. "Let request be fetchParams's request." Step 2. "Let
        // response and internalResponse be null." Step 3 (service workers):
        // not modelled, no scenario has one.

        // Step 4. "If response is null, then:"
        // Step 4.1. "If makeCORSPreflight is true and one of these conditions
        // is true: ..." (main fetch decided that, see `make_preflight`)
        // "There is no method cache entry match for request's method using
        // request, and either request's method is not a CORS-safelisted
        // method or request's use-CORS-preflight flag is set", or "there is
        // at least one item in the CORS-unsafe request-header names with
        // request's header list for which there is no header-name cache
        // entry match using request."
        if make_preflight && self.preflight_cached() {
            self.cache_use.preflight = PreflightCacheUse::Hit;
            self.skip_cached_preflight();
        } else if make_preflight {
            // Step 4.1.1. "Let preflightResponse be the result of running
            // CORS-preflight fetch given request."
            match self.cors_preflight_fetch() {
                Ok(caching) => self.caching = Some(caching),
                // Step 4.1.2. "If preflightResponse is a network error, then
                // return preflightResponse."
                Err(failure) => {
                    self.cache_use.preflight = PreflightCacheUse::Miss;
                    return ControlFlow::Break(End::Error(failure));
                }
            }
        }
        // Step 4.2. "If request's redirect mode is "follow", then set
        // request's service-workers mode to "none"." Not modelled.

        // Step 4.3. "Set response and internalResponse to the result of
        // running HTTP-network-or-cache fetch given fetchParams": from the
        // HTTP cache when a stored response may answer, else from the wire.
        let response = self.http_network_or_cache_fetch(url);
        // A server that gives no HTTP response at all: a network error,
        // before any CORS rule is looked at.
        if let Some(fail) = response.fail {
            return ControlFlow::Break(End::Error(Failure::Unreachable {
                url: url.to_string(),
                fail: fail.as_str().to_string(),
                preflight: false,
            }));
        }
        self.redirect_target = is_redirect_status(response.status)
            .then(|| response.location())
            .flatten()
            .map(|location| {
                url.join(&location)
                    .map_or(location, |target| target.to_string())
            });
        if let Some(failure) = self.location_read_first(url, &response) {
            return ControlFlow::Break(End::Error(failure));
        }
        if let Some(failure) = self.firefox_mixed_content_redirect_first(url, &response) {
            return ControlFlow::Break(End::Error(failure));
        }

        // Step 4.4. "If request's response tainting is "cors" and a CORS check
        // for request and response returns failure, then return a network
        // error."
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
                self.forget_refused_response(url);
                if self.request.method != "GET" && self.request.method != "HEAD" {
                    self.notes.push(Note::RequestReachedServer {
                        method: self.request.method.clone(),
                    });
                }
                return ControlFlow::Break(End::Error(Failure::ResponseAccess {
                    url: url.to_string(),
                    status: response.status,
                    access,
                }));
            }
            self.step(
                cors_check::SPEC,
                "the response passes the CORS check".into(),
                StepResult::Pass,
            );
        }
        // Step 4.5. "If the TAO check for request and response returns
        // failure, then set request's timing allow failed flag." Not modelled.
        // Step 5 (the cross-origin resource policy check): not modelled.

        // Step 6. "If internalResponse's status is a redirect status:"
        if !is_redirect_status(response.status) {
            // Step 7. "Return response."
            return ControlFlow::Break(End::Response { response });
        }
        if let Some(failure) = self.chromium_credentials_before_redirect_mode(url, &response) {
            return ControlFlow::Break(End::Error(failure));
        }
        // Steps 6.1 (navigation timing) and 6.2 (HTTP/2 RST_STREAM): not
        // modelled.
        // Step 6.3. "Switch on request's redirect mode:"
        match self.request.redirect {
            // ""error": Set response to a network error."
            RedirectMode::Error => {
                self.step(
                    HTTP_FETCH,
                    format!("a {} redirect with redirect mode error", response.status),
                    StepResult::Fail,
                );
                ControlFlow::Break(End::Error(Failure::RedirectModeError {
                    url: url.to_string(),
                    status: response.status,
                }))
            }
            // ""manual": ... Otherwise, set response to an opaque-redirect
            // filtered response whose internal response is internalResponse."
            RedirectMode::Manual => {
                self.step(
                    HTTP_FETCH,
                    "redirect mode manual: the script gets an opaque-redirect response".into(),
                    StepResult::Info,
                );
                ControlFlow::Break(End::OpaqueRedirect)
            }
            // ""follow": ... Set response to the result of running
            // HTTP-redirect fetch given fetchParams and response."
            RedirectMode::Follow => match self.http_redirect_fetch(url, &response) {
                Ok(true) => ControlFlow::Continue(()),
                Ok(false) => ControlFlow::Break(End::Response { response }),
                Err(failure) => ControlFlow::Break(End::Error(failure)),
            },
        }
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
            // Not observed: the standard's order.
            Browser::WebKit => false,
        };
        if !first || !is_redirect_status(response.status) {
            return None;
        }
        let location = response.location()?;
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
        let target = url.join(&response.location()?).ok()?;
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
        let target = url.join(&response.location()?).ok()?;
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
}
