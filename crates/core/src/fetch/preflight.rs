//! [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0):
//! the `OPTIONS` request that asks the server first, and the checks on its answer.

use crate::browser::Browser;
use crate::failure::Failure;
use crate::fetch::cors_check::cors_check;
use crate::fetch::max_age::preflight_caching;
use crate::fetch::{is_ok_status, is_redirect_status, Fetch};
use crate::header::{
    firefox_safelisted_request_header, parse_allow_list, webkit_header_map_order, AllowListError,
    HeaderList,
};
use crate::method::is_cors_safelisted_method;
use crate::note::Note;
use crate::scenario::CredentialsMode;
use crate::trace::StepResult;
use crate::verdict::{PreflightCaching, WireKind};

const SPEC: &str = "https://fetch.spec.whatwg.org/#cors-preflight-fetch-0";

/// The only [CORS non-wildcard request-header name](https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name).
const NON_WILDCARD: &str = "authorization";

impl Fetch<'_> {
    /// Sends the preflight for the current request and checks the response;
    /// on success, how long each browser would cache it.
    pub(super) fn cors_preflight_fetch(&mut self) -> Result<PreflightCaching, Failure> {
        // Step 1. "Let preflight be a new request whose method is `OPTIONS`,
        // URL list is a clone of request's URL list, ..."
        let url = self.request.current_url().clone();
        let method = self.request.method.clone();
        // Step 4. "Let headers be the CORS-unsafe request-header names with
        // request's header list."
        let unsafe_names: Vec<String> = self
            .unsafe_header_names()
            .into_iter()
            .map(|u| u.name)
            .collect();

        // Step 2. "Append (`Accept`, `*/*`) to preflight's header list." Not
        // shown: the wire lists the headers CORS is about.
        // Step 3. "Append (`Access-Control-Request-Method`, request's method)
        // to preflight's header list."
        // Step 5. "If headers is not empty, then:" 5.1. "Let value be the
        // items in headers separated from each other by `,`." 5.2. "Append
        // (`Access-Control-Request-Headers`, value) to preflight's header
        // list."
        let mut wire_headers = vec![
            ("Origin".to_string(), self.request.serialized_origin()),
            ("Access-Control-Request-Method".to_string(), method.clone()),
        ];
        if !unsafe_names.is_empty() {
            wire_headers.push((
                "Access-Control-Request-Headers".to_string(),
                self.request_headers_value(&unsafe_names),
            ));
        }
        // Step 6. "Let response be the result of running HTTP-network-or-cache
        // fetch given a new fetch params whose request is preflight."
        let response = self.send(WireKind::Preflight, "OPTIONS", &url, wire_headers);
        if let Some(fail) = response.fail {
            return Err(Failure::Unreachable {
                url: url.to_string(),
                fail: fail.as_str().to_string(),
                preflight: true,
            });
        }
        let status = response.status;
        let headers = &response.headers;
        let url_text = url.to_string();

        // Step 7. The standard folds these into one step: "If a CORS check for request
        // and response returns success and response's status is an ok
        // status". The browsers report them in different orders (observed):
        // Chromium refuses a redirect before looking at headers, Firefox runs
        // the CORS check first; both check the status last.
        let redirect = is_redirect_status(status) && headers.contains("Location");
        if self.browser == Browser::Chromium && redirect {
            return Err(self.preflight_redirect(url_text, status));
        }
        // WebKit checks the status first, a redirect's included
        // (`validatePreflightResponse`; `NetworkCORSPreflightChecker` never
        // follows a redirect and reports its status the same way).
        if self.browser == Browser::WebKit && !is_ok_status(status) {
            return Err(self.preflight_status_failure(url_text, status));
        }
        if let Err(access) = cors_check(self.browser, &self.request, headers) {
            self.step(
                crate::fetch::cors_check::SPEC,
                format!(
                    "the preflight response fails the CORS check: {}",
                    crate::explain::access_problem(&access)
                ),
                StepResult::Fail,
            );
            return Err(Failure::PreflightAccess {
                url: url_text,
                status,
                access,
            });
        }
        self.step(
            crate::fetch::cors_check::SPEC,
            "the preflight response passes the CORS check".into(),
            StepResult::Pass,
        );
        if redirect {
            return Err(self.preflight_redirect(url_text, status));
        }
        if !is_ok_status(status) {
            return Err(self.preflight_status_failure(url_text, status));
        }

        // Step 7.1. "Let methods be the result of extracting header list
        // values given `Access-Control-Allow-Methods`" (and, step 7.2,
        // `-Headers`); step 7.3. "If either methods or headerNames is failure,
        // return a network error." (Step 7.4, "If methods is null and
        // request's use-CORS-preflight flag is set, then set methods to a new
        // list containing request's method": `store_preflight`.)
        let allow_methods = lossy(headers, "Access-Control-Allow-Methods");
        let methods = match allow_list(headers, "Access-Control-Allow-Methods") {
            Ok(methods) => methods,
            Err(AllowListError::NotAToken { item }) => {
                self.step(
                    SPEC,
                    format!(
                        "`Access-Control-Allow-Methods` cannot be parsed: `{item}` is not a token"
                    ),
                    StepResult::Fail,
                );
                return Err(Failure::InvalidAllowMethods {
                    url: url_text,
                    value: allow_methods.unwrap_or_default(),
                    token: item,
                });
            }
        };
        let include = self.request.credentials == CredentialsMode::Include;
        // Firefox checks the method before it parses `Access-Control-Allow-Headers`
        // (observed with an invalid `Allow-Headers` and a method not
        // allowed); the standard, Chromium and WebKit parse both first.
        if self.browser == Browser::Firefox {
            self.check_method(&methods, include, &url_text, &allow_methods)?;
        }
        let allow_headers = lossy(headers, "Access-Control-Allow-Headers");
        let header_names = match allow_list(headers, "Access-Control-Allow-Headers") {
            Ok(names) => names,
            Err(AllowListError::NotAToken { item }) => {
                self.step(
                    SPEC,
                    format!(
                        "`Access-Control-Allow-Headers` cannot be parsed: `{item}` is not a token"
                    ),
                    StepResult::Fail,
                );
                return Err(Failure::InvalidAllowHeaders {
                    url: url_text,
                    value: allow_headers.unwrap_or_default(),
                    token: item,
                });
            }
        };

        if self.browser != Browser::Firefox {
            self.check_method(&methods, include, &url_text, &allow_methods)?;
        }

        let star_headers = header_names.iter().any(|h| h == "*");
        let named = |name: &str| header_names.iter().any(|h| h.eq_ignore_ascii_case(name));
        // Step 7.6. "If one of request's header list's names is a CORS non-wildcard
        // request-header name and is not a byte-case-insensitive match for an
        // item in headerNames, then return a network error." Chromium 156 and
        // Firefox 153 both let `*` cover `Authorization` (observed), so the
        // core follows them and notes what the standard says.
        if self.request.headers.contains(NON_WILDCARD)
            && !named(NON_WILDCARD)
            && star_headers
            && !include
        {
            self.notes.push(Note::AuthorizationNotCoveredByWildcard);
            self.step(
                SPEC,
                "`Authorization` is allowed by `*` as the browsers do it; the standard requires it to be listed by name".into(),
                StepResult::Info,
            );
        }
        // Step 7.7. "For each unsafeName of the CORS-unsafe request-header names ..., if
        // unsafeName is not a byte-case-insensitive match for an item in
        // headerNames and request's credentials mode is "include" or
        // headerNames does not contain `*`, return a network error."
        let refused: Vec<&String> = unsafe_names
            .iter()
            .filter(|name| !named(name) && (include || !star_headers))
            .collect();
        if let Some(first) = refused.first() {
            if include && star_headers {
                self.notes.push(Note::WildcardLiteralWithCredentials {
                    header: "Access-Control-Allow-Headers".into(),
                });
            }
            // The standard's order is the sorted names'; WebKit names the
            // first its header map walks, as the script wrote it (observed).
            let header = match self.browser {
                Browser::WebKit => webkit_header_map_order(&self.request.headers)
                    .into_iter()
                    .find(|name| refused.iter().any(|r| r.eq_ignore_ascii_case(name)))
                    .unwrap_or_else(|| first.to_string()),
                Browser::Chromium | Browser::Firefox => first.to_string(),
            };
            self.step(
                SPEC,
                format!("`{header}` is not in `Access-Control-Allow-Headers`"),
                StepResult::Fail,
            );
            return Err(Failure::HeaderNotAllowed {
                url: url_text,
                header,
                allow_headers,
            });
        }
        if !unsafe_names.is_empty() {
            self.step(
                SPEC,
                format!(
                    "every header that needed permission is allowed: {}",
                    unsafe_names.join(", ")
                ),
                StepResult::Pass,
            );
        }

        // Steps 7.8 to 7.10: max-age, "5" when missing, capped by the
        // browser's limit (max_age.rs). Steps 7.11 to 7.15: the cache
        // entries, for the page's later requests (caches.rs).
        let caching = preflight_caching(headers);
        self.store_preflight(&methods, &header_names, caching.seconds(self.browser));
        self.step(
            "https://fetch.spec.whatwg.org/#http-access-control-max-age",
            format!(
                "the preflight succeeded; Chromium would cache it for {} s, Firefox for {} s",
                caching.chromium_seconds, caching.firefox_seconds
            ),
            StepResult::Pass,
        );
        // Step 7.16. "Return response." (Step 8, "Otherwise, return a network
        // error.", is each failure above.)
        Ok(caching)
    }
}

impl Fetch<'_> {
    /// The `Access-Control-Request-Headers` value: the names, each once, as
    /// the standard's sorted-lowercase set has them; Firefox names a header
    /// once for each of its values that is not safelisted (observed:
    /// `range,range` for two `Range` headers).
    fn request_headers_value(&self, unsafe_names: &[String]) -> String {
        if self.browser != Browser::Firefox {
            return unsafe_names.join(",");
        }
        let mut listed = Vec::new();
        for name in unsafe_names {
            let values = self
                .request
                .headers
                .iter()
                .filter(|h| {
                    h.name.eq_ignore_ascii_case(name)
                        && firefox_safelisted_request_header(&h.name, &h.value).is_err()
                })
                .count();
            listed.extend(std::iter::repeat_n(name.as_str(), values.max(1)));
        }
        listed.join(",")
    }

    /// Step 7.5: whether the preflight allows the request's method.
    fn check_method(
        &mut self,
        methods: &[String],
        include: bool,
        url_text: &str,
        allow_methods: &Option<String>,
    ) -> Result<(), Failure> {
        let method = self.request.method.clone();
        // Step 7.5. "If request's method is not in methods, request's method is not a
        // CORS-safelisted method, and request's credentials mode is "include"
        // or methods does not contain `*`, then return a network error."
        let star_methods = methods.iter().any(|m| m == "*");
        let method_listed = methods.contains(&method);
        if !method_listed && !is_cors_safelisted_method(&method) && (include || !star_methods) {
            if include && star_methods {
                self.notes.push(Note::WildcardLiteralWithCredentials {
                    header: "Access-Control-Allow-Methods".into(),
                });
            }
            self.step(SPEC, format!("`{method}` is not in `Access-Control-Allow-Methods` (compared case-sensitively)"), StepResult::Fail);
            return Err(Failure::MethodNotAllowed {
                url: url_text.to_string(),
                method,
                allow_methods: allow_methods.clone(),
            });
        }
        self.step(
            SPEC,
            method_allowed_detail(&method, method_listed),
            StepResult::Pass,
        );
        Ok(())
    }

    /// The preflight's status is not an ok status.
    fn preflight_status_failure(&mut self, url: String, status: u16) -> Failure {
        self.step(
            SPEC,
            format!("the preflight status {status} is not an ok status (200-299)"),
            StepResult::Fail,
        );
        Failure::PreflightStatus { url, status }
    }

    fn preflight_redirect(&mut self, url: String, status: u16) -> Failure {
        self.step(
            SPEC,
            format!("the preflight was answered with a {status} redirect, which is never followed"),
            StepResult::Fail,
        );
        Failure::PreflightRedirect { url, status }
    }
}

fn allow_list(headers: &HeaderList, name: &str) -> Result<Vec<String>, AllowListError> {
    match headers.get(name) {
        None => Ok(Vec::new()),
        Some(value) => parse_allow_list(&value),
    }
}

fn lossy(headers: &HeaderList, name: &str) -> Option<String> {
    headers
        .get(name)
        .map(|v| String::from_utf8_lossy(&v).into_owned())
}

fn method_allowed_detail(method: &str, listed: bool) -> String {
    if listed {
        format!("`{method}` is listed in `Access-Control-Allow-Methods`")
    } else if is_cors_safelisted_method(method) {
        format!("`{method}` is CORS-safelisted, so it need not be listed")
    } else {
        format!("`{method}` is allowed by `*` in `Access-Control-Allow-Methods`")
    }
}
