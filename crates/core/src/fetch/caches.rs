//! Where fetch meets the browser's caches (`cache/`): HTTP fetch asks the
//! [CORS-preflight cache](https://fetch.spec.whatwg.org/#concept-cache)
//! before it sends a preflight, and a successful preflight fills it;
//! [HTTP-network-or-cache fetch](https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch)
//! takes a stored response when one may answer, and stores what the
//! network answers.

use url::Url;

use crate::browser::Browser;
use crate::cache::http::{directives, has};
use crate::cache::preflight::EntryKey;
use crate::cache::{site_of, CacheKey, HttpCacheUse, PreflightCacheUse};
use crate::fetch::params::Fetch;
use crate::fetch::server::Response;
use crate::fetch::ResponseTainting;
use crate::method::is_cors_safelisted_method;
use crate::scenario::CredentialsMode;
use crate::trace::StepResult;
use crate::verdict::WireKind;

const CACHE: &str = "https://fetch.spec.whatwg.org/#concept-cache";
const HTTP_CACHE: &str = "https://www.rfc-editor.org/rfc/rfc9111";

impl Fetch<'_> {
    /// The key of the preflight cache entries this request may use.
    fn preflight_key(&self) -> EntryKey {
        let mut url = self.request.current_url().clone();
        url.set_fragment(None);
        EntryKey {
            partition: site_of(&self.scenario.page),
            origin: self.request.serialized_origin(),
            url: url.to_string(),
            credentials: self.request.credentials == CredentialsMode::Include,
        }
    }

    /// Whether stored preflights cover the request's method and every
    /// CORS-unsafe header name, so that none is sent. The standard matches
    /// the credentials flag exactly, as Firefox does; Chromium and WebKit
    /// also let an entry stored for a request with credentials serve one
    /// without (observed: an `include` preflight spares a later
    /// `same-origin` request its preflight there, not in Firefox).
    pub(super) fn preflight_cached(&self) -> bool {
        let key = self.preflight_key();
        let mut keys = vec![key.clone()];
        if !key.credentials && self.browser != Browser::Firefox {
            keys.push(EntryKey {
                credentials: true,
                ..key
            });
        }
        keys.iter().any(|key| self.covered_by(key))
    }

    fn covered_by(&self, key: &EntryKey) -> bool {
        let now = self.session.now_ms;
        let cache = &self.session.preflight_cache;
        let method = &self.request.method;
        let method_covered = cache.method_match(key, method, now)
            || (is_cors_safelisted_method(method) && !self.request.use_cors_preflight);
        method_covered
            && self
                .unsafe_header_names()
                .iter()
                .all(|unsafe_name| cache.header_match(key, &unsafe_name.name, now))
    }

    /// Records that a stored preflight answered.
    pub(super) fn skip_cached_preflight(&mut self) {
        self.step(
            CACHE,
            "the CORS-preflight cache holds an entry for this origin, URL and credentials mode \
             that allows the method and every header: no preflight is sent"
                .to_string(),
            StepResult::Pass,
        );
        if let Some(decision) = self.preflight.as_mut().filter(|d| d.sent) {
            decision.sent = false;
            decision.skipped_because = Some("cached");
        }
    }

    /// CORS-preflight fetch steps 7.8 to 7.15: a successful preflight's
    /// methods and header names are kept for `max_age_seconds` (none when
    /// Allow-Methods is absent and the use-CORS-preflight flag forced it:
    /// then the request's method).
    pub(super) fn store_preflight(
        &mut self,
        methods: &[String],
        header_names: &[String],
        max_age_seconds: u64,
    ) {
        let key = self.preflight_key();
        let forced = [self.request.method.clone()];
        let methods = if methods.is_empty() && self.request.use_cors_preflight {
            &forced[..]
        } else {
            methods
        };
        let now = self.session.now_ms;
        self.session
            .preflight_cache
            .store(&key, methods, header_names, now, max_age_seconds);
        self.cache_use.preflight = if max_age_seconds > 0 {
            PreflightCacheUse::Stored
        } else {
            PreflightCacheUse::Miss
        };
    }

    /// The key of the HTTP cache entry this request may use. Firefox keeps
    /// requests without credentials apart (its cache's "anonymous" flag);
    /// Chromium 156 and WebKit keep one entry for both (observed: after an
    /// `<img>` without `crossorigin`, a `fetch()` of the same URL is
    /// answered from the cache in Chromium and WebKit, not in Firefox).
    fn http_cache_key(&self, url: &Url) -> CacheKey {
        let mut url = url.clone();
        url.set_fragment(None);
        let includes_credentials = match self.request.credentials {
            CredentialsMode::Include => true,
            CredentialsMode::SameOrigin => self.request.tainting == ResponseTainting::Basic,
            CredentialsMode::Omit => false,
        };
        CacheKey {
            partition: site_of(&self.scenario.page),
            url: url.to_string(),
            credentials: match self.browser {
                Browser::Firefox => Some(includes_credentials),
                Browser::Chromium | Browser::WebKit => None,
            },
        }
    }

    /// Whether the HTTP cache may be read and written for this request: a
    /// conditional request header makes the cache mode "no-store" (HTTP-
    /// network-or-cache fetch step 8.19), the author's `Cache-Control:
    /// no-store` keeps the cache out of it, and `no-cache` or `max-age=0`
    /// keeps a stored response from answering (RFC 9111 §5.2.1).
    fn http_cache_allowed(&self) -> (bool, bool) {
        const CONDITIONAL: [&str; 5] = [
            "If-Modified-Since",
            "If-None-Match",
            "If-Unmodified-Since",
            "If-Match",
            "If-Range",
        ];
        if CONDITIONAL
            .iter()
            .any(|name| self.request.headers.contains(name))
        {
            return (false, false);
        }
        let cc = directives(&self.request.headers);
        let write = !has(&cc, "no-store");
        let read = write && !has(&cc, "no-cache") && !has(&cc, "max-age=0");
        (read, write)
    }

    /// A response that fails the CORS check is not kept: the browser
    /// cancels the load before reading its body, so the cache holds no
    /// complete response (observed in Chromium, Firefox and WebKit: after an
    /// `<img crossorigin>` refused for want of `Access-Control-Allow-Origin`,
    /// a `fetch()` of the same URL within its max-age goes to the server).
    pub(super) fn forget_refused_response(&mut self, url: &Url) {
        if self.cache_use.http == HttpCacheUse::Stored {
            let key = self.http_cache_key(url);
            self.session.http_cache.forget(&key);
            self.cache_use.http = HttpCacheUse::None;
        }
    }

    /// HTTP-network-or-cache fetch: a stored response when one may answer,
    /// else the request on the wire, whose answer may be stored.
    pub(super) fn http_network_or_cache_fetch(&mut self, url: &Url) -> Response {
        let method = self.request.method.clone();
        let headers = self.wire_headers();
        let key = self.http_cache_key(url);
        let (read, write) = self.http_cache_allowed();
        let now = self.session.now_ms;
        if read && method == "GET" {
            if let Some(stored) = self.session.http_cache.lookup(&key, &headers, now).cloned() {
                self.cache_use.http = HttpCacheUse::Hit;
                self.step(
                    HTTP_CACHE,
                    format!(
                        "{method} {url}: a fresh response stored in the HTTP cache answers \
                         (status {}); nothing is sent, and its headers are the ones it was stored with",
                        stored.status
                    ),
                    StepResult::Info,
                );
                return stored;
            }
        }
        let kind = if self.request.redirected_to.is_empty() {
            WireKind::Main
        } else {
            WireKind::Redirect
        };
        let response = self.send(kind, &method, url, headers.clone());
        // Only the cache's own use is recorded; the trace shows what the
        // script's request met, and a stored response matters to a later one.
        if write
            && response.fail.is_none()
            && self
                .session
                .http_cache
                .store(&key, &method, &headers, &response, now)
        {
            self.cache_use.http = HttpCacheUse::Stored;
        }
        response
    }
}
