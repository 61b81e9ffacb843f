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

/// A response's `Location` value, as text (a URL yet to be parsed).
pub(super) fn location_of(response: &Response) -> Option<String> {
    let value = response.headers.get("Location")?;
    Some(String::from_utf8_lossy(&value).into_owned())
}
