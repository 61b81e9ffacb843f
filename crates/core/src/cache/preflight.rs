//! The [CORS-preflight cache](https://fetch.spec.whatwg.org/#concept-cache):
//! what a successful preflight allowed, kept for `Access-Control-Max-Age`
//! seconds (each browser's default and cap, `fetch/max_age.rs`), so that a
//! later request it covers goes without one.

/// Whose requests an entry may answer: "its key is request's client's
/// network partition key, its byte-serialized origin is the result of
/// byte-serializing a request origin with request, its URL is request's
/// current URL, and its credentials is true if request's credentials mode
/// is "include" and false otherwise".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryKey {
    pub partition: String,
    pub origin: String,
    pub url: String,
    pub credentials: bool,
}

/// A [cache entry](https://fetch.spec.whatwg.org/#concept-cache-entry):
/// one method or one header name.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    key: EntryKey,
    kind: Kind,
    /// When it expires, in milliseconds after the page loaded.
    until_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Method(String),
    HeaderName(String),
}

#[derive(Clone, Debug, Default)]
pub struct PreflightCache {
    entries: Vec<Entry>,
}

impl PreflightCache {
    fn live<'c>(&'c self, key: &'c EntryKey, now_ms: u64) -> impl Iterator<Item = &'c Kind> {
        self.entries
            .iter()
            .filter(move |e| e.key == *key && now_ms < e.until_ms)
            .map(|e| &e.kind)
    }

    /// A [method cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match-method):
    /// the method itself, or `*` when credentials are not included.
    pub fn method_match(&self, key: &EntryKey, method: &str, now_ms: u64) -> bool {
        self.live(key, now_ms).any(|kind| match kind {
            Kind::Method(m) => m == method || (m == "*" && !key.credentials),
            Kind::HeaderName(_) => false,
        })
    }

    /// A [header-name cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match-header):
    /// the name in any case, or `*` when credentials are not included and
    /// the name is not `Authorization`.
    pub fn header_match(&self, key: &EntryKey, name: &str, now_ms: u64) -> bool {
        self.live(key, now_ms).any(|kind| match kind {
            Kind::HeaderName(h) => {
                h.eq_ignore_ascii_case(name)
                    || (h == "*" && !key.credentials && !name.eq_ignore_ascii_case("authorization"))
            }
            Kind::Method(_) => false,
        })
    }

    /// CORS-preflight fetch steps 7.12 to 7.15: for each allowed method and
    /// header name, the entry that matches gets the new max-age, and one that
    /// is missing is created. A max-age of 0 stores nothing.
    pub fn store(
        &mut self,
        key: &EntryKey,
        methods: &[String],
        header_names: &[String],
        now_ms: u64,
        max_age_seconds: u64,
    ) {
        if max_age_seconds == 0 {
            return;
        }
        let until_ms = now_ms.saturating_add(max_age_seconds.saturating_mul(1000));
        let kinds = methods
            .iter()
            .map(|m| Kind::Method(m.clone()))
            .chain(header_names.iter().map(|h| Kind::HeaderName(h.clone())));
        for kind in kinds {
            let same = |e: &&mut Entry| {
                e.key == *key
                    && match (&e.kind, &kind) {
                        (Kind::Method(a), Kind::Method(b)) => a == b,
                        (Kind::HeaderName(a), Kind::HeaderName(b)) => a.eq_ignore_ascii_case(b),
                        _ => false,
                    }
            };
            match self.entries.iter_mut().find(same) {
                Some(entry) => entry.until_ms = until_ms,
                None => self.entries.push(Entry {
                    key: key.clone(),
                    kind,
                    until_ms,
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(credentials: bool) -> EntryKey {
        EntryKey {
            partition: "https://app.example".into(),
            origin: "https://app.example".into(),
            url: "https://api.example/x".into(),
            credentials,
        }
    }

    #[test]
    fn an_entry_answers_until_it_expires() {
        let mut cache = PreflightCache::default();
        cache.store(&key(false), &["PUT".into()], &["X-A".into()], 1000, 5);
        assert!(cache.method_match(&key(false), "PUT", 5999));
        assert!(cache.header_match(&key(false), "x-a", 5999));
        assert!(!cache.method_match(&key(false), "PUT", 6000));
        assert!(
            !cache.method_match(&key(true), "PUT", 2000),
            "credentials are part of the key"
        );
        assert!(!cache.method_match(&key(false), "DELETE", 2000));
    }

    #[test]
    fn a_wildcard_matches_only_without_credentials_and_never_authorization() {
        let mut cache = PreflightCache::default();
        for credentials in [false, true] {
            cache.store(&key(credentials), &["*".into()], &["*".into()], 0, 60);
        }
        assert!(cache.method_match(&key(false), "PATCH", 1));
        assert!(cache.header_match(&key(false), "X-Anything", 1));
        assert!(!cache.header_match(&key(false), "Authorization", 1));
        assert!(!cache.method_match(&key(true), "PATCH", 1));
        assert!(!cache.header_match(&key(true), "X-Anything", 1));
    }

    #[test]
    fn a_new_preflight_renews_its_entries_and_max_age_zero_stores_nothing() {
        let mut cache = PreflightCache::default();
        cache.store(&key(false), &["PUT".into()], &[], 0, 5);
        cache.store(&key(false), &["PUT".into()], &[], 4000, 5);
        assert!(cache.method_match(&key(false), "PUT", 8000));
        cache.store(&key(false), &["DELETE".into()], &[], 0, 0);
        assert!(!cache.method_match(&key(false), "DELETE", 1));
    }
}
