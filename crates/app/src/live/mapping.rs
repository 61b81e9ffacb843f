//! The mapping: every origin the scenario names, run under a name of its
//! own below `.localhost` on the companion's port, and back (see the module
//! docs of [`live`](super)).

use corsim_core::scenario::Scenario;
use url::{Host, Url};

use super::LoggedRequest;
use crate::draft::Draft;

/// The run's label in the mapped names: `r` and up to six base-36 digits of
/// `seed` (the app passes the time in milliseconds), so a DNS label that
/// cannot be mistaken for a number.
pub fn run_label(seed: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut n = seed % 36u64.pow(6);
    let mut digits = Vec::new();
    loop {
        digits.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    format!("r{}", String::from_utf8_lossy(&digits))
}

/// One origin of the scenario and where it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappedOrigin {
    /// As the scenario names it: `https://app.example.com`.
    pub original: String,
    /// Where it runs: `http://app.example.com.r1.localhost:8080`.
    pub mapped: String,
    /// The mapped host name: `app.example.com.r1.localhost`.
    host: String,
}

/// Why a scenario cannot be run live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MapError {
    /// The page is at a URL a web page cannot open in a frame: `file:`.
    Page { scheme: String },
    /// An IPv6 address cannot be part of a host name.
    Ipv6 { origin: String },
    /// Two origins would run under one name, and so be one origin.
    Collision {
        first: String,
        second: String,
        host: String,
    },
    /// The mapped name is no valid host (too long a label, say).
    Name { origin: String, host: String },
}

impl std::fmt::Display for MapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MapError::Page { scheme } => write!(
                f,
                "the page is a `{scheme}:` URL, which a web page cannot open; only http:, https: \
                 and data: pages run live (a `file:` page runs with `corsim serve --scenario FILE`, \
                 opened from the address bar)"
            ),
            MapError::Ipv6 { origin } => write!(
                f,
                "{origin} has an IPv6 address, which cannot be part of the host name it would run under"
            ),
            MapError::Collision {
                first,
                second,
                host,
            } => write!(
                f,
                "{first} and {second} would both run as {host}, and so be one origin; rename a host"
            ),
            MapError::Name { origin, host } => {
                write!(f, "{origin} would run as {host}, which is no valid host name")
            }
        }
    }
}

/// The scenario's origins and where each runs, for one run on one companion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginMap {
    /// The companion's plain-HTTP port.
    pub port: u16,
    /// This run's label ([`run_label`]).
    pub run: String,
    /// In the order the scenario first names them: page, request, server.
    pub origins: Vec<MappedOrigin>,
}

impl OriginMap {
    /// Maps every http(s) origin the scenario names onto `*.RUN.localhost:port`.
    /// `run` must be a DNS label (letters, digits, `-`), as [`run_label`] makes.
    pub fn new(scenario: &Scenario, port: u16, run: &str) -> Result<OriginMap, MapError> {
        if !matches!(scenario.page.scheme(), "http" | "https" | "data") {
            return Err(MapError::Page {
                scheme: scenario.page.scheme().to_string(),
            });
        }
        let mut map = OriginMap {
            port,
            run: run.to_string(),
            origins: Vec::new(),
        };
        for url in scenario.named_urls() {
            let original = url.origin().ascii_serialization();
            if map.origins.iter().any(|o| o.original == original) {
                continue;
            }
            let name = match url.host() {
                Some(Host::Domain(name)) => name.to_string(),
                Some(Host::Ipv4(ip)) => ip.to_string(),
                Some(Host::Ipv6(_)) | None => return Err(MapError::Ipv6 { origin: original }),
            };
            let port = url.port_or_known_default().unwrap_or(0);
            let tag = match (url.scheme(), port) {
                ("https", 443) => None,
                ("http", 80) => Some("http".to_string()),
                (scheme, port) => Some(format!("{scheme}-{port}")),
            };
            let host = [Some(name), tag, Some(run.to_string())]
                .into_iter()
                .flatten()
                .chain(Some("localhost".to_string()))
                .collect::<Vec<_>>()
                .join(".");
            let parsed = Url::parse(&format!("http://{host}:{}/", map.port))
                .ok()
                .filter(|u| u.host_str() == Some(host.as_str()));
            let Some(parsed) = parsed else {
                return Err(MapError::Name {
                    origin: original,
                    host,
                });
            };
            if let Some(first) = map.origins.iter().find(|o| o.host == host) {
                return Err(MapError::Collision {
                    first: first.original.clone(),
                    second: original,
                    host,
                });
            }
            map.origins.push(MappedOrigin {
                original,
                mapped: parsed.origin().ascii_serialization(),
                host,
            });
        }
        Ok(map)
    }

    /// Where a URL of the scenario runs, or `None` when its origin is not one
    /// the scenario names (or it is no http(s) URL).
    pub fn map_url(&self, url: &Url) -> Option<Url> {
        let original = url.origin().ascii_serialization();
        let entry = self.origins.iter().find(|o| o.original == original)?;
        let mut mapped = url.clone();
        mapped.set_scheme("http").ok()?;
        mapped.set_host(Some(&entry.host)).ok()?;
        mapped.set_port(Some(self.port)).ok()?;
        Some(mapped)
    }

    /// The URL of the scenario that a mapped URL stands for; other text as it is.
    pub fn unmap_url(&self, text: &str) -> String {
        let Ok(url) = Url::parse(text) else {
            return text.to_string();
        };
        let entry = self.origins.iter().find(|o| {
            url.scheme() == "http"
                && url.host_str() == Some(o.host.as_str())
                && url.port_or_known_default() == Some(self.port)
        });
        let Some(mut original) = entry.and_then(|e| Url::parse(&e.original).ok()) else {
            return text.to_string();
        };
        original.set_path(url.path());
        original.set_query(url.query());
        original.set_fragment(url.fragment());
        original.to_string()
    }

    /// A header value with every exact serialization of a scenario origin in
    /// it replaced by the mapped one (see the module docs).
    pub fn map_origins_in(&self, value: &str) -> String {
        let pairs: Vec<(&str, &str)> = self
            .origins
            .iter()
            .map(|o| (o.original.as_str(), o.mapped.as_str()))
            .collect();
        replace_origins(value, &pairs)
    }

    /// The inverse of [`OriginMap::map_origins_in`]: `Origin` and
    /// `Access-Control-Allow-Origin` values as the scenario would have them.
    pub fn unmap_origins_in(&self, value: &str) -> String {
        let pairs: Vec<(&str, &str)> = self
            .origins
            .iter()
            .map(|o| (o.mapped.as_str(), o.original.as_str()))
            .collect();
        replace_origins(value, &pairs)
    }

    /// The scenario as it runs on the companion: the draft with every value
    /// that names an origin rewritten; everything else as typed.
    pub fn map_draft(&self, draft: &Draft) -> Draft {
        let mut mapped = draft.clone();
        let map_text = |text: &str| match Url::parse(text.trim()) {
            Ok(url) => self
                .map_url(&url)
                .map_or_else(|| text.to_string(), |u| u.to_string()),
            Err(_) => text.to_string(),
        };
        mapped.page = map_text(&draft.page);
        mapped.request.url = map_text(&draft.request.url);
        let request_url = Url::parse(draft.request.url.trim()).ok();
        for (entry, original) in mapped.server.iter_mut().zip(&draft.server) {
            let base = original
                .url
                .as_deref()
                .and_then(|u| Url::parse(u.trim()).ok())
                .or_else(|| request_url.clone());
            entry.url = original.url.as_deref().map(map_text);
            for (name, value) in entry.headers.iter_mut() {
                if name.trim().eq_ignore_ascii_case("location") {
                    if let Some(base) = &base {
                        *value = self.map_location(value, base);
                    }
                } else if name
                    .trim()
                    .eq_ignore_ascii_case("access-control-allow-origin")
                {
                    *value = self.map_origins_in(value);
                }
            }
        }
        mapped
    }

    /// A `Location` value that names a host (absolute, or scheme-relative
    /// `//host/path`) points at the mapped URL; a relative one stays.
    fn map_location(&self, value: &str, base: &Url) -> String {
        let target = value.trim();
        let names_host = target.starts_with("//") || Url::parse(target).is_ok();
        match base.join(target) {
            Ok(url) if names_host => self
                .map_url(&url)
                .map_or_else(|| value.to_string(), |u| u.to_string()),
            _ => value.to_string(),
        }
    }

    /// Whether a URL is one of this run's names.
    fn is_mapped(&self, url: &Url) -> bool {
        url.host_str()
            .is_some_and(|h| self.origins.iter().any(|o| o.host == h))
    }

    /// The requests the page's `fetch()` made, from the companion's log: to
    /// this run's names, not the page itself or the app, and each one a
    /// fetch (`Sec-Fetch-Dest: empty`; a browser that sends no such header
    /// is taken at its word for anything but a favicon).
    pub fn fetched(&self, log: &[LoggedRequest]) -> Vec<LoggedRequest> {
        log.iter()
            .filter(|r| r.answer != "page" && r.answer != "app")
            .filter(|r| {
                let Ok(url) = Url::parse(&r.url) else {
                    return false;
                };
                let fetch = match r.header("sec-fetch-dest") {
                    Some(dest) => dest == "empty",
                    None => !url.path().ends_with("/favicon.ico"),
                };
                fetch && self.is_mapped(&url)
            })
            .cloned()
            .collect()
    }
}

/// `value` with each `from` that stands alone (not part of a longer host,
/// port or scheme) replaced by its `to`.
fn replace_origins(value: &str, pairs: &[(&str, &str)]) -> String {
    // A character that would make the text around a match a longer origin.
    let joins = |c: Option<char>| {
        c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '+'))
    };
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    let mut before: Option<char> = None;
    'scan: while let Some(c) = rest.chars().next() {
        if !joins(before) {
            for (from, to) in pairs {
                if let Some(after) = rest.strip_prefix(from) {
                    if !joins(after.chars().next()) {
                        out.push_str(to);
                        before = from.chars().last();
                        rest = after;
                        continue 'scan;
                    }
                }
            }
        }
        out.push(c);
        before = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}
