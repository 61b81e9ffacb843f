//! The browser's HTTP cache ([RFC 9111](https://www.rfc-editor.org/rfc/rfc9111)),
//! as far as CORS meets it: a response stored for one request may answer a
//! later one to the same URL without anything being sent, with the headers
//! it was stored with, `Access-Control-Allow-Origin` included. `Vary` names
//! the request headers that must be the same for a stored response to
//! answer (`Vary: Origin` keeps a response made for one origin, or for none,
//! from answering another).
//!
//! Modelled: one entry per key, as Chromium and Firefox keep it (a new
//! response replaces the old); freshness from `Cache-Control: max-age`; a
//! response without it may be stored but is never reused here, since the
//! browsers' heuristic freshness depends on `Last-Modified` and the clock.

use crate::fetch::Response;
use crate::header::HeaderList;

/// Which stored responses a request may use: the page's top-level site (the
/// browsers partition their caches by it), the URL without its fragment,
/// and, in browsers that split their cache by it, whether the request
/// carries credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheKey {
    pub partition: String,
    pub url: String,
    pub credentials: Option<bool>,
}

#[derive(Clone, Debug)]
struct Stored {
    key: CacheKey,
    /// The headers of the request it answered, for `Vary`.
    request_headers: Vec<(String, String)>,
    response: Response,
    /// When it stops being fresh, in milliseconds after the page loaded.
    fresh_until_ms: u64,
}

#[derive(Clone, Debug, Default)]
pub struct HttpCache {
    stored: Vec<Stored>,
}

impl HttpCache {
    /// The stored response that may answer a request, if any: same key,
    /// still fresh, and every header `Vary` names the same as when it was
    /// stored.
    pub fn lookup(
        &self,
        key: &CacheKey,
        request_headers: &[(String, String)],
        now_ms: u64,
    ) -> Option<&Response> {
        let stored = self.stored.iter().find(|s| s.key == *key)?;
        let fresh = now_ms < stored.fresh_until_ms;
        (fresh
            && vary_matches(
                &stored.response.headers,
                &stored.request_headers,
                request_headers,
            ))
        .then_some(&stored.response)
    }

    /// Stores `response` when it may be stored
    /// ([RFC 9111 §3](https://www.rfc-editor.org/rfc/rfc9111#section-3)):
    /// the answer to a `GET`, `no-store` on neither side, and either a
    /// freshness lifetime or a status that is heuristically cacheable.
    /// Returns whether it was stored.
    pub fn store(
        &mut self,
        key: &CacheKey,
        method: &str,
        request_headers: &[(String, String)],
        response: &Response,
        now_ms: u64,
    ) -> bool {
        const HEURISTIC: [u16; 12] = [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501];
        let request_cc = request_headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("cache-control"))
            .map(|(_, v)| v.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(",");
        let response_cc = directives(&response.headers);
        let max_age = max_age_seconds(&response_cc);
        let storable = method == "GET"
            && !has(&response_cc, "no-store")
            && !has(&request_cc, "no-store")
            && (max_age.is_some() || HEURISTIC.contains(&response.status));
        if !storable {
            return false;
        }
        let fresh_seconds = if has(&response_cc, "no-cache") {
            0
        } else {
            max_age.unwrap_or(0)
        };
        self.stored.retain(|s| s.key != *key);
        self.stored.push(Stored {
            key: key.clone(),
            request_headers: request_headers.to_vec(),
            response: response.clone(),
            fresh_until_ms: now_ms.saturating_add(fresh_seconds.saturating_mul(1000)),
        });
        true
    }
}

impl HttpCache {
    /// Drops what is stored for `key`: a load cancelled before its body was
    /// read leaves no complete response to reuse.
    pub fn forget(&mut self, key: &CacheKey) {
        self.stored.retain(|s| s.key != *key);
    }
}

/// The response's `Cache-Control` directives, lowercased.
pub(crate) fn directives(headers: &HeaderList) -> String {
    headers
        .get("Cache-Control")
        .map(|v| String::from_utf8_lossy(&v).to_ascii_lowercase())
        .unwrap_or_default()
}

pub(crate) fn has(directives: &str, name: &str) -> bool {
    directives.split(',').any(|d| d.trim() == name)
}

fn max_age_seconds(directives: &str) -> Option<u64> {
    directives.split(',').find_map(|d| {
        let (name, value) = d.trim().split_once('=')?;
        (name.trim() == "max-age").then(|| value.trim().trim_matches('"').parse().ok())?
    })
}

/// [RFC 9111 §4.1](https://www.rfc-editor.org/rfc/rfc9111#section-4.1):
/// every header `Vary` names has the same value in both requests (absent in
/// both counts as the same); `Vary: *` never matches.
fn vary_matches(
    response: &HeaderList,
    stored_request: &[(String, String)],
    request: &[(String, String)],
) -> bool {
    let Some(vary) = response.get("Vary") else {
        return true;
    };
    let vary = String::from_utf8_lossy(&vary).into_owned();
    let value = |headers: &[(String, String)], name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    vary.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .all(|name| name != "*" && value(stored_request, name) == value(request, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::Header;

    fn response(headers: &[(&str, &str)]) -> Response {
        Response {
            status: 200,
            headers: headers
                .iter()
                .map(|(n, v)| Header::new(n.to_string(), v.as_bytes().to_vec()))
                .collect(),
            entry: Some(0),
            fail: None,
        }
    }

    fn key() -> CacheKey {
        CacheKey {
            partition: "https://app.example".into(),
            url: "https://cdn.example/logo.png".into(),
            credentials: None,
        }
    }

    const ORIGIN: &[(&str, &str)] = &[("Origin", "https://app.example")];

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_fresh_response_answers_until_max_age() {
        let mut cache = HttpCache::default();
        let r = response(&[("Cache-Control", "public, max-age=60")]);
        assert!(cache.store(&key(), "GET", &[], &r, 0));
        assert!(cache.lookup(&key(), &headers(ORIGIN), 59_999).is_some());
        assert!(cache.lookup(&key(), &[], 60_000).is_none());
    }

    #[test]
    fn vary_origin_keeps_a_response_to_another_origin_from_answering() {
        let mut cache = HttpCache::default();
        let r = response(&[("Cache-Control", "max-age=60"), ("Vary", "Origin")]);
        cache.store(&key(), "GET", &[], &r, 0);
        assert!(cache.lookup(&key(), &headers(ORIGIN), 1).is_none());
        assert!(cache.lookup(&key(), &[], 1).is_some());
        let star = response(&[("Cache-Control", "max-age=60"), ("Vary", "*")]);
        cache.store(&key(), "GET", &[], &star, 0);
        assert!(cache.lookup(&key(), &[], 1).is_none());
    }

    #[test]
    fn what_may_not_be_stored_or_reused() {
        let mut cache = HttpCache::default();
        let no_store = response(&[("Cache-Control", "no-store, max-age=60")]);
        assert!(!cache.store(&key(), "GET", &[], &no_store, 0));
        let fresh = response(&[("Cache-Control", "max-age=60")]);
        assert!(!cache.store(&key(), "POST", &[], &fresh, 0));
        assert!(!cache.store(
            &key(),
            "GET",
            &headers(&[("Cache-Control", "no-store")]),
            &fresh,
            0
        ));
        let no_cache = response(&[("Cache-Control", "no-cache, max-age=60")]);
        assert!(cache.store(&key(), "GET", &[], &no_cache, 0));
        assert!(
            cache.lookup(&key(), &[], 1).is_none(),
            "no-cache: stored, revalidated each time"
        );
        let heuristic = response(&[]);
        assert!(cache.store(&key(), "GET", &[], &heuristic, 0));
        assert!(cache.lookup(&key(), &[], 1).is_none());
    }
}
