//! [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#concept-http-redirect-fetch):
//! following a redirect to its `Location`.

use url::Url;

use crate::failure::Failure;
use crate::fetch::params::{Fetch, REDIRECT_FETCH};
use crate::fetch::server::Response;
use crate::fetch::ResponseTainting;
use crate::note::Note;
use crate::origin::Origin;
use crate::scenario::RequestMode;
use crate::trace::StepResult;

impl Fetch<'_> {
    /// [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#concept-http-redirect-fetch):
    /// `Ok(true)` to fetch the new URL, `Ok(false)` when there is no `Location`
    /// (the redirect response itself is the answer).
    pub(super) fn http_redirect_fetch(
        &mut self,
        url: &Url,
        response: &Response,
    ) -> Result<bool, Failure> {
        let status = response.status;
        // Step 1. "Let request be fetchParams's request." Step 2. "Let
        // internalResponse be response, if response is not a filtered
        // response; otherwise response's internal response."
        // Step 3. "Let locationURL be internalResponse's location URL given
        // request's current URL's fragment."
        // Step 4. "If locationURL is null, then return response."
        let Some(location) = response.location() else {
            self.step(
                REDIRECT_FETCH,
                format!("a {status} without `Location` is returned as it is"),
                StepResult::Info,
            );
            return Ok(false);
        };
        // Step 5. "If locationURL is failure, then return a network error."
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
        // Step 6. "If locationURL's scheme is not an HTTP(S) scheme, then
        // return a network error."
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
        // Step 7. "If request's redirect count is 20, then return a network
        // error."
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
        // Step 8. "Increase request's redirect count by 1."
        self.request.redirect_count += 1;
        // Steps 9 and 10: a locationURL that includes credentials, refused
        // (`redirect_credentials_refused` quotes both).
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
        // Step 11 (a body whose source is null): not modelled, a scenario's
        // body is never a stream.
        // Step 12. "If one of the following is true [internalResponse's
        // status is 301 or 302 and request's method is `POST`; 303 and
        // request's method is not `GET` or `HEAD`] then:" 12.1. "Set
        // request's method to `GET` and request's body to null." 12.2. "For
        // each headerName of request-body-header name, delete headerName from
        // request's header list."
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
        // Step 13. "If request's current URL's origin is not same origin with
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
        // Steps 14 (the body) to 17 (timing info): not modelled.
        // Step 18. "Append locationURL to request's URL list."
        self.request.redirected_to.push(target);
        if !tainted_before && self.request.redirect_tainted() {
            self.notes.push(Note::OriginTainted);
            self.step(
                "https://fetch.spec.whatwg.org/#concept-request-tainted-origin",
                "the redirect left a cross-origin server for another origin: `Origin` is now `null`".into(),
                StepResult::Info,
            );
        }
        // Step 19 (the referrer policy on redirect): not modelled. Steps 20
        // and 21 leave recursive true outside navigations.
        // Step 22. "Return the result of running main fetch given fetchParams
        // and recursive." Main fetch loops on `Ok(true)`.
        Ok(true)
    }

    /// "If request's mode is "cors", locationURL includes credentials, and
    /// request's origin is not same origin with locationURL's origin" / "If
    /// request's response tainting is "cors" and locationURL includes
    /// credentials, then return a network error."
    pub(super) fn redirect_credentials_refused(&self, target: &Url) -> bool {
        let has_credentials = !target.username().is_empty() || target.password().is_some();
        has_credentials
            && ((self.request.mode == RequestMode::Cors
                && !self.request.origin.same_origin(&Origin::of(target)))
                || self.request.tainting == ResponseTainting::Cors)
    }
}
