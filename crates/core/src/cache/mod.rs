//! What a browser keeps between the requests of a page: the
//! [CORS-preflight cache](https://fetch.spec.whatwg.org/#concept-cache) and
//! the [HTTP cache](https://www.rfc-editor.org/rfc/rfc9111), with the clock
//! their entries expire by, and what the scripted server has answered so far
//! (its entries' `times`). A one-request scenario starts from an empty
//! [`Session`]; a timeline runs every request of a browser in one.

pub(crate) mod http;
pub(crate) mod preflight;

use serde::Serialize;

pub use http::{CacheKey, HttpCache};
pub use preflight::PreflightCache;

/// One browser's state across the requests of a page.
#[derive(Clone, Debug, Default)]
pub struct Session {
    /// Milliseconds after the page loaded: the current request's `at`.
    pub now_ms: u64,
    pub preflight_cache: PreflightCache,
    pub http_cache: HttpCache,
    /// How many requests each server entry has answered, by index.
    pub server_uses: Vec<u32>,
}

/// What the preflight cache did for a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PreflightCacheUse {
    /// No preflight was needed.
    #[default]
    None,
    /// A preflight was sent and not stored (it failed, or may not be kept).
    Miss,
    /// A preflight was sent and stored.
    Stored,
    /// A stored preflight answered: none was sent.
    Hit,
}

/// What the HTTP cache did for a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HttpCacheUse {
    #[default]
    None,
    /// The response was stored.
    Stored,
    /// The response came from the cache: nothing was sent.
    Hit,
}

/// What both caches did for a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CacheUse {
    pub preflight: PreflightCacheUse,
    pub http: HttpCacheUse,
}

/// A page's [site](https://html.spec.whatwg.org/multipage/browsers.html#sites)
/// as the browsers partition their caches by it (the top-level site): the
/// scheme and the host's last two labels. Without the public suffix list
/// this is approximate (`example.co.uk` is one site here); an IP address or
/// a single-label host is its own site.
pub(crate) fn site_of(url: &url::Url) -> String {
    let host = match url.host() {
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.');
            // From the second-to-last dot on, or the whole name.
            let cut = name.rmatch_indices('.').nth(1).map_or(0, |(i, _)| i + 1);
            name.get(cut..).unwrap_or(name).to_string()
        }
        Some(other) => other.to_string(),
        None => String::new(),
    };
    format!("{}://{host}", url.scheme())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_site_is_the_scheme_and_the_last_two_labels() {
        for (url, site) in [
            ("https://app.example.com/x", "https://example.com"),
            ("https://example.com/", "https://example.com"),
            ("http://localhost:3000/", "http://localhost"),
            ("http://127.0.0.1/", "http://127.0.0.1"),
            ("https://a.b.example.org./", "https://example.org"),
        ] {
            assert_eq!(
                super::site_of(&url::Url::parse(url).unwrap()),
                site,
                "{url}"
            );
        }
    }
}
