//! Live mode (issue 4 §4): the scenario on screen, run for real in the
//! learner's own browser against `corsim serve`, and what happened read back
//! in the scenario's own terms. Plain Rust, built natively and for wasm: the
//! mapping and the parsing are tested natively; `ui/live.rs` does the
//! browser's part and `views/live_view.rs` compares the real run with the
//! simulated one.
//!
//! # How a run goes
//!
//! The app, served by `corsim serve --dist dist`, asks its own origin for
//! `GET /__corsim/hello` ([`parse_hello`]: the companion's plain-HTTP port).
//! It maps the scenario ([`OriginMap`]), loads the mapped scenario with
//! `POST /__corsim/scenario`, clears the request log, and opens the page the
//! companion serves at the mapped page URL in a hidden iframe. That page runs
//! the scenario's `fetch()` and posts what the script got to the app
//! ([`parse_message`]); the app then reads the requests that went on the
//! wire from `GET /__corsim/log` ([`parse_log`], [`OriginMap::fetched`]) and
//! maps every name back before comparing.
//!
//! # The mapping
//!
//! A test browser is told to send every name to loopback
//! (`--host-resolver-rules`) and to ignore certificate errors; the learner's
//! browser is not: `app.example.com` is on the internet, and the companion's
//! certificates come from a CA it does not trust. So every origin the
//! scenario names runs under a name of its own below `.localhost`, on the
//! companion's plain-HTTP port `P`:
//!
//! | in the scenario | where it runs |
//! |---|---|
//! | `https://app.example.com` | `http://app.example.com.RUN.localhost:P` |
//! | `http://app.example.com` | `http://app.example.com.http.RUN.localhost:P` |
//! | `https://api.example.com:8443` | `http://api.example.com.https-8443.RUN.localhost:P` |
//! | `http://localhost:3000` | `http://localhost.http-3000.RUN.localhost:P` |
//! | `http://192.168.1.20` | `http://192.168.1.20.http.RUN.localhost:P` |
//!
//! Browsers resolve every `*.localhost` name to loopback by themselves (no
//! DNS, no hosts file) and count `http://*.localhost` as potentially
//! trustworthy, so a page there is a secure context and fetching from it is
//! never mixed content. `RUN` ([`run_label`]) is new for every run: the names,
//! and so the browser's preflight cache, HTTP cache and connections, are new
//! too, and a preflight cached by an earlier run (`Access-Control-Max-Age`)
//! cannot stand in for this run's.
//!
//! The mapping is one-to-one on the scenario's origins (two origins that
//! would share a name are refused, [`MapError::Collision`]), so what is
//! same-origin stays same-origin and what is cross-origin stays
//! cross-origin. Every value that names an origin is rewritten with it, so
//! that the mapped scenario means the same thing:
//!
//! - the page URL, the request URL and each `server[].url`;
//! - `Location` values that name a host (absolute or scheme-relative);
//!   relative ones stay, and resolve against the mapped URL as they did
//!   against the original;
//! - `Access-Control-Allow-Origin` values: each exact serialization of a
//!   scenario origin in them, as text, so `https://app.example.com/` becomes
//!   `http://app.example.com.RUN.localhost:P/` and keeps its mistake (the
//!   trailing `/`); a value that does not name an origin exactly
//!   (`https://APP.example.com`, `https://app.example.com:443`, `*`, `null`)
//!   stays as it is, and matches the mapped origin no more than the original.
//!
//! Nothing else changes: methods, request headers, modes, statuses, other
//! response headers and the `sandboxed` flag go as typed. A `data:` page is
//! run as it is (its origin is opaque anyway); a `file:` page is not run
//! ([`MapError::Page`]): a web page cannot open one.
//!
//! # What the mapping changes
//!
//! It cannot keep everything; [`caveats`] says which of these apply to a
//! scenario, and the comparison marks a difference that the mapping itself
//! explains (the core's verdict for the mapped scenario agrees with the
//! browser) apart from one where the browser and corsim disagree:
//!
//! - **Scheme.** Every origin is `http:` here. An `https:` page fetching a
//!   plain `http:` URL is mixed content and blocked; mapped, the URL is on
//!   `.localhost`, potentially trustworthy, and the request goes out.
//! - **Port.** Every origin is on port `P`; the original port is in the
//!   name (`https-8443`), so origins that differed by port still differ. A
//!   port the browser refuses (a "bad port" such as 6000) is not refused here.
//! - **Names.** The server sees mapped names in `Host`, `Origin` and
//!   `Referer`; the app maps `Origin` and URLs back before comparing.
//! - **Address space.** Every name is loopback here, so Chromium's Local
//!   Network Access, which asks before a public page reaches a loopback or
//!   private address, never asks.
//! - **Sites.** All names share the `.localhost` top-level name, so which
//!   origins count as the same site is not kept (`Sec-Fetch-Site`, cookies'
//!   `SameSite`); the core's verdict does not depend on sites.
//! - **Framing.** The page runs in an iframe inside the app, not as a
//!   top-level page: its cookies are third-party ones, and the browser may
//!   partition or block them (the core does not model cookies).

use corsim_core::browser::Browser;
use corsim_core::failure::Failure;
use corsim_core::scenario::Scenario;
use corsim_core::verdict::Verdict;
use serde_json::Value;
use url::{Host, Url};

use crate::draft::Draft;

/// Where the app asks whether `corsim serve` is behind it.
pub const HELLO_PATH: &str = "/__corsim/hello";
/// Where the app loads the mapped scenario, as the scenario named `live`.
pub const LOAD_PATH: &str = "/__corsim/scenario?name=live";
/// The companion's request log (`DELETE` clears it and returns it).
pub const LOG_PATH: &str = "/__corsim/log";
/// How long the page may take to report what its `fetch()` got.
pub const TIMEOUT_SECONDS: u64 = 15;

/// The command that starts the companion with the app, for the learner who
/// has the app from somewhere else. Ports above 1024, so no root is needed.
pub const START_COMMAND: &str =
    "cargo run --release --bin corsim -- serve --dist dist --http-port 8080 --https-port 8443";
/// Where the app is then: any host the scenario does not name gets the app.
pub const START_URL: &str = "http://127.0.0.1:8080/";

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
        for url in named_urls(scenario) {
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

/// Every http(s) URL the scenario names: its page, its request, each
/// entry's URL and where its `Location` points (as `corsim serve` routes
/// them, `src/serve/route.rs`).
fn named_urls(scenario: &Scenario) -> Vec<Url> {
    let mut urls = vec![scenario.page.clone(), scenario.request.url.clone()];
    for entry in &scenario.server {
        let base = entry.url.as_ref().unwrap_or(&scenario.request.url);
        urls.push(base.clone());
        for (name, value) in &entry.headers {
            if name.eq_ignore_ascii_case("location") {
                if let Ok(target) = base.join(value.trim()) {
                    urls.push(target);
                }
            }
        }
    }
    urls.retain(|u| matches!(u.scheme(), "http" | "https"));
    urls
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

// The companion's answers are read through `serde_json::Value`, which the
// app already links for scenarios, rather than derived deserializers, each
// of which would add its own code to the app's wasm.

/// The JSON text as a value, when it is JSON.
fn json(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

fn string(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_string)
}

fn strings(value: &Value) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn u16_of(value: &Value) -> Option<u16> {
    value.as_u64()?.try_into().ok()
}

/// What `GET /__corsim/hello` says: the companion's plain-HTTP port, when
/// it is `corsim serve` that answers (a static host answers 404, `trunk
/// serve` its `index.html`).
pub fn parse_hello(text: &str) -> Option<u16> {
    let hello = json(text)?;
    if string(&hello, "corsim")? != "serve" {
        return None;
    }
    u16_of(hello.get("http_port")?)
}

/// What `POST /__corsim/scenario` answers: the URL to open, or the error.
pub fn parse_loaded(text: &str) -> Result<String, String> {
    let loaded = json(text).unwrap_or_default();
    match (string(&loaded, "page_url"), string(&loaded, "error")) {
        (Some(url), _) => Ok(url),
        (None, Some(error)) => Err(error),
        _ => Err(format!(
            "an answer that is not the control API's: {text:.200}"
        )),
    }
}

/// What the page's script got, as the companion's page reports it
/// (`src/serve/page.rs`), in the mapped names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageResult {
    /// `self.origin` of the page (or of its sandboxed frame): `null` when opaque.
    pub origin: String,
    /// `readable`, `opaque` or `network-error`.
    pub outcome: String,
    /// `response.type`, when the promise resolved.
    pub response_type: Option<String>,
    pub status: Option<u16>,
    /// The names `response.headers` gives, sorted.
    pub exposed_headers: Vec<String>,
    /// The rejection, as the browser words it.
    pub error: Option<String>,
}

impl PageResult {
    fn from_value(value: &Value) -> Option<PageResult> {
        let status = match value.get("status") {
            None | Some(Value::Null) => None,
            Some(status) => Some(u16_of(status)?),
        };
        Some(PageResult {
            origin: string(value, "origin")?,
            outcome: string(value, "outcome")?,
            response_type: string(value, "type"),
            status,
            exposed_headers: match value.get("exposed_headers") {
                Some(names) => strings(names)?,
                None => Vec::new(),
            },
            error: string(value, "error"),
        })
    }
}

/// The message the companion's page posts to the app that framed it:
/// `{"corsim": "live-result", "result": {...}}`, as JSON text.
pub fn parse_message(text: &str) -> Option<PageResult> {
    let message = json(text)?;
    if string(&message, "corsim")? != "live-result" {
        return None;
    }
    PageResult::from_value(message.get("result")?)
}

/// One request from the companion's log (the fields live mode reads; see
/// `src/serve/log.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: String,
    pub url: String,
    /// Names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    pub status: u16,
    /// `server[N]`, `unmatched`, `page` or `app`.
    pub answer: String,
}

impl LoggedRequest {
    fn from_value(value: &Value) -> Option<LoggedRequest> {
        let headers = value
            .get("headers")?
            .as_array()?
            .iter()
            .map(|pair| match strings(pair)?.as_slice() {
                [name, value] => Some((name.clone(), value.clone())),
                _ => None,
            })
            .collect::<Option<_>>()?;
        Some(LoggedRequest {
            method: string(value, "method")?,
            url: string(value, "url")?,
            headers,
            status: u16_of(value.get("status")?)?,
            answer: string(value, "answer")?,
        })
    }

    /// The first value of a header (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The requests in `GET /__corsim/log`'s answer.
pub fn parse_log(text: &str) -> Result<Vec<LoggedRequest>, String> {
    json(text)
        .as_ref()
        .and_then(|log| log.get("requests")?.as_array())
        .and_then(|requests| requests.iter().map(LoggedRequest::from_value).collect())
        .ok_or_else(|| format!("the request log is not what corsim serve writes: {text:.200}"))
}

/// One finished run: the scenario as it was run, where it ran, and what
/// the browser did, as observed (in the mapped names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveRun {
    /// The scenario as it was when the button was pressed.
    pub draft: Draft,
    /// The browser that ran it, when it is one corsim models ([`browser_of`]).
    pub browser: Option<Browser>,
    pub map: OriginMap,
    pub result: PageResult,
    /// The requests the `fetch()` made, in order ([`OriginMap::fetched`]).
    pub requests: Vec<LoggedRequest>,
}

/// The engine of the browser whose `navigator.userAgent` this is, when corsim
/// models it, so that a live run is compared with corsim's verdict for that
/// browser: Firefox's where Firefox differs from Chromium on purpose. Edge,
/// Opera and the other Chromium browsers say `Chrome/`; Chrome and Firefox on
/// iOS run WebKit and say `CriOS/` and `FxiOS/` instead, so they, like Safari,
/// are none of the two.
pub fn browser_of(user_agent: &str) -> Option<Browser> {
    if user_agent.contains("Firefox/") {
        Some(Browser::Firefox)
    } else if user_agent.contains("Chrome/") || user_agent.contains("Chromium/") {
        Some(Browser::Chromium)
    } else {
        None
    }
}

/// Why a run has no result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveFailure {
    /// No `corsim serve` behind the app: say how to start it.
    Absent,
    /// The scenario cannot be mapped.
    CannotMap(MapError),
    /// Anything else, in one sentence.
    Failed(String),
}

/// The mapping differences that matter for this scenario and its verdict,
/// each one sentence for the learner (see the module docs).
pub fn caveats(scenario: &Scenario, verdict: &Verdict, map: &OriginMap) -> Vec<String> {
    let mut out = vec![format!(
        "Every origin runs on corsim serve as http: on port {} under a name of its own below \
         .localhost, which your browser sends to this machine; the original scheme and port are \
         part of that name, so origins that differ still differ.",
        map.port
    )];
    match &verdict.failure {
        Some(Failure::MixedContent { .. }) => out.push(
            "corsim blocks the request as mixed content (an https: page fetching a plain http: \
             URL); here every name is on .localhost, which counts as secure, so your browser \
             sends it."
                .to_string(),
        ),
        Some(Failure::BadPort { .. }) => out.push(
            "corsim refuses the request's port, as browsers do; here every origin is on the \
             companion's port, which they accept."
                .to_string(),
        ),
        _ => {}
    }
    if is_public(&scenario.page) && named_urls(scenario).iter().any(|u| !is_public(u)) {
        out.push(
            "The scenario reaches a loopback or private address from a public page, which \
             Chromium's Local Network Access asks the user about first; here every name is on \
             loopback, so it never asks."
                .to_string(),
        );
    }
    out.push(
        "Which origins count as the same site is not kept (all names share .localhost), and the \
         page runs in a frame inside this app, so its cookies are third-party ones; corsim's \
         verdict depends on neither."
            .to_string(),
    );
    out
}

/// Whether a URL's host is, as far as its name tells, on the public
/// internet (as the core decides it for its Local Network Access note).
fn is_public(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => !(ip.is_loopback() || ip.is_private() || ip.is_link_local()),
        Some(Host::Ipv6(ip)) => !ip.is_loopback(),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.');
            !(name == "localhost" || name.ends_with(".localhost") || name.ends_with(".local"))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    fn scenario(json: serde_json::Value) -> (Draft, Scenario) {
        let draft = Draft::from_value(&json).expect("a valid scenario");
        let scenario = draft.scenario().expect("a valid scenario");
        (draft, scenario)
    }

    const SCENARIO: &str = r#"{"version": 1, "page": "https://app.example.com/admin#top",
        "request": {"url": "https://api.example.com/users/7?x=1", "method": "DELETE"},
        "server": [
          {"method": "OPTIONS", "status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com/"]]},
          {"status": 302, "headers": [["location", " https://cdn.example.net:8443/u/7"], ["X-A", "https://app.example.com"]]},
          {"url": "https://cdn.example.net:8443/u/7", "status": 302, "headers": [["Location", "/relative"]]},
          {"url": "https://cdn.example.net:8443/relative", "status": 302, "headers": [["Location", "//other.example.org/p"]]},
          {"url": "http://localhost:3000/x", "status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com, https://APP.example.com, https://app.example.com:443, https://app.example.com.evil.net, *"]]},
          {"url": "http://192.168.1.20/", "status": 200}
        ]}"#;

    fn map() -> (Draft, Scenario, OriginMap) {
        let (draft, scenario) = scenario(serde_json::from_str(SCENARIO).unwrap());
        let map = OriginMap::new(&scenario, 8080, "r1").expect("maps");
        (draft, scenario, map)
    }

    #[test]
    fn each_origin_gets_a_name_of_its_own() {
        let (_, _, map) = map();
        let table: Vec<(&str, &str)> = map
            .origins
            .iter()
            .map(|o| (o.original.as_str(), o.mapped.as_str()))
            .collect();
        assert_eq!(
            table,
            [
                (
                    "https://app.example.com",
                    "http://app.example.com.r1.localhost:8080"
                ),
                (
                    "https://api.example.com",
                    "http://api.example.com.r1.localhost:8080"
                ),
                (
                    "https://cdn.example.net:8443",
                    "http://cdn.example.net.https-8443.r1.localhost:8080"
                ),
                (
                    "https://other.example.org",
                    "http://other.example.org.r1.localhost:8080"
                ),
                (
                    "http://localhost:3000",
                    "http://localhost.http-3000.r1.localhost:8080"
                ),
                (
                    "http://192.168.1.20",
                    "http://192.168.1.20.http.r1.localhost:8080"
                ),
            ]
        );
    }

    #[test]
    fn the_mapped_scenario_rewrites_every_value_that_names_an_origin() {
        let (draft, _, map) = map();
        let mapped = map.map_draft(&draft);
        // (description, got, want)
        let cases: Vec<(&str, &str, &str)> = vec![
            (
                "the page keeps its path and fragment",
                &mapped.page,
                "http://app.example.com.r1.localhost:8080/admin#top",
            ),
            (
                "the request keeps its path and query",
                &mapped.request.url,
                "http://api.example.com.r1.localhost:8080/users/7?x=1",
            ),
            (
                "Access-Control-Allow-Origin keeps its trailing slash",
                &mapped.server[0].headers[0].1,
                "http://app.example.com.r1.localhost:8080/",
            ),
            (
                "an absolute Location (its name lower-case, its value with a space)",
                &mapped.server[1].headers[0].1,
                "http://cdn.example.net.https-8443.r1.localhost:8080/u/7",
            ),
            (
                "another header naming an origin is left alone",
                &mapped.server[1].headers[1].1,
                "https://app.example.com",
            ),
            (
                "an entry's own URL",
                mapped.server[2].url.as_deref().unwrap(),
                "http://cdn.example.net.https-8443.r1.localhost:8080/u/7",
            ),
            (
                "a relative Location stays relative",
                &mapped.server[2].headers[0].1,
                "/relative",
            ),
            (
                "a scheme-relative Location names a host",
                &mapped.server[3].headers[0].1,
                "http://other.example.org.r1.localhost:8080/p",
            ),
            (
                "only exact serializations in Access-Control-Allow-Origin",
                &mapped.server[4].headers[0].1,
                "http://app.example.com.r1.localhost:8080, https://APP.example.com, \
                 https://app.example.com:443, https://app.example.com.evil.net, *",
            ),
            (
                "a private address",
                mapped.server[5].url.as_deref().unwrap(),
                "http://192.168.1.20.http.r1.localhost:8080/",
            ),
        ];
        for (what, got, want) in cases {
            assert_eq!(got, want, "{what}");
        }
        // The rest goes as typed.
        assert_eq!(mapped.request.method, draft.request.method);
        assert_eq!(mapped.server[1].status, draft.server[1].status);
        assert!(mapped.scenario().is_ok(), "{}", mapped.to_json());
    }

    #[test]
    fn mapped_urls_and_origins_map_back() {
        let (_, scenario, map) = map();
        for url in named_urls(&scenario) {
            let mapped = map.map_url(&url).expect("a named origin maps");
            assert_eq!(map.unmap_url(mapped.as_str()), url.as_str(), "{url}");
        }
        for value in [
            "https://app.example.com",
            "https://app.example.com/",
            "https://app.example.com, https://api.example.com",
            "null",
            "*",
            "https://APP.example.com",
            "",
        ] {
            let mapped = map.map_origins_in(value);
            assert_eq!(map.unmap_origins_in(&mapped), value, "{value:?}");
        }
        // What the scenario does not name stays as it is, both ways.
        for text in [
            "https://elsewhere.example/",
            "http://127.0.0.1:8080/",
            "http://app.example.com.r2.localhost:8080/",
            "http://app.example.com.r1.localhost:9999/",
            "not a url",
        ] {
            assert_eq!(map.unmap_url(text), text);
        }
        assert_eq!(
            map.map_url(&Url::parse("https://elsewhere.example/").unwrap()),
            None
        );
    }

    #[test]
    fn what_cannot_be_mapped_says_why() {
        let base = |page: &str, url: &str| {
            scenario(serde_json::json!({
                "version": 1, "page": page, "request": {"url": url}
            }))
            .1
        };
        // (description, scenario, want)
        let cases = [
            (
                "a file: page",
                base("file:///home/me/index.html", "https://api.example.com/"),
                MapError::Page {
                    scheme: "file".into(),
                },
            ),
            (
                "an IPv6 host",
                base("https://app.example.com/", "http://[::1]:3000/"),
                MapError::Ipv6 {
                    origin: "http://[::1]:3000".into(),
                },
            ),
            (
                "two origins that would share a name",
                base("https://foo.http/", "http://foo/"),
                MapError::Collision {
                    first: "https://foo.http".into(),
                    second: "http://foo".into(),
                    host: "foo.http.r1.localhost".into(),
                },
            ),
        ];
        for (what, scenario, want) in cases {
            assert_eq!(OriginMap::new(&scenario, 8080, "r1"), Err(want), "{what}");
        }
        // A data: page runs as it is; its request is mapped.
        let data = base("data:text/html,hi", "https://api.example.com/");
        let map = OriginMap::new(&data, 80, "r1").expect("maps");
        assert_eq!(map.origins[0].mapped, "http://api.example.com.r1.localhost");
    }

    #[test]
    fn every_preset_but_file_pages_maps_and_stays_valid() {
        for preset in presets::ALL {
            let draft = preset.draft();
            let scenario = draft.scenario().expect("presets are valid");
            match OriginMap::new(&scenario, 8080, "r1") {
                Ok(map) => {
                    let mapped = map.map_draft(&draft);
                    assert!(mapped.scenario().is_ok(), "{}", preset.id);
                    // Same-origin stays same-origin, cross-origin cross-origin.
                    let verdict = corsim_core::evaluate(&scenario);
                    let mapped_verdict = corsim_core::evaluate(&mapped.scenario().unwrap());
                    assert_eq!(
                        verdict.same_origin, mapped_verdict.same_origin,
                        "{}",
                        preset.id
                    );
                    // And the verdict is the same, in the mapped names,
                    // unless a caveat says why not.
                    if matches!(
                        verdict.failure,
                        Some(Failure::MixedContent { .. } | Failure::BadPort { .. })
                    ) {
                        continue;
                    }
                    let wire = |v: &Verdict| -> Vec<String> {
                        v.wire
                            .iter()
                            .map(|w| format!("{:?} {} {} {}", w.kind, w.method, w.url, w.status))
                            .collect()
                    };
                    let unmapped: Vec<String> = mapped_verdict
                        .wire
                        .iter()
                        .map(|w| {
                            let url = map.unmap_url(&w.url);
                            format!("{:?} {} {url} {}", w.kind, w.method, w.status)
                        })
                        .collect();
                    assert_eq!(unmapped, wire(&verdict), "{}", preset.id);
                    assert_eq!(verdict.outcome, mapped_verdict.outcome, "{}", preset.id);
                    assert_eq!(verdict.status, mapped_verdict.status, "{}", preset.id);
                    assert_eq!(
                        verdict.exposed_headers, mapped_verdict.exposed_headers,
                        "{}",
                        preset.id
                    );
                    assert_eq!(
                        map.unmap_origins_in(&mapped_verdict.origin),
                        verdict.origin,
                        "{}",
                        preset.id
                    );
                }
                Err(e) => assert!(
                    matches!(e, MapError::Page { .. }) && draft.page.starts_with("file:"),
                    "{}: {e}",
                    preset.id
                ),
            }
        }
    }

    #[test]
    fn only_the_fetch_counts_as_the_wire() {
        let (_, _, map) = map();
        let log = parse_log(
            r#"{"requests": [
              {"seq": 1, "scheme": "http", "method": "GET", "url": "http://127.0.0.1:8080/index.html", "headers": [], "body_bytes": 0, "answer": "app", "status": 200},
              {"seq": 2, "scheme": "http", "method": "GET", "url": "http://app.example.com.r1.localhost:8080/admin", "headers": [["sec-fetch-dest", "iframe"]], "body_bytes": 0, "answer": "page", "status": 200},
              {"seq": 3, "scheme": "http", "method": "OPTIONS", "url": "http://api.example.com.r1.localhost:8080/users/7?x=1", "headers": [["sec-fetch-dest", "empty"], ["origin", "http://app.example.com.r1.localhost:8080"]], "body_bytes": 0, "answer": "server[0]", "status": 204},
              {"seq": 4, "scheme": "http", "method": "GET", "url": "http://api.example.com.r0.localhost:8080/users/7", "headers": [["sec-fetch-dest", "empty"]], "body_bytes": 0, "answer": "unmatched", "status": 404},
              {"seq": 5, "scheme": "http", "method": "GET", "url": "http://app.example.com.r1.localhost:8080/favicon.ico", "headers": [], "body_bytes": 0, "answer": "unmatched", "status": 404},
              {"seq": 6, "scheme": "http", "method": "DELETE", "url": "http://api.example.com.r1.localhost:8080/users/7?x=1", "headers": [], "body_bytes": 0, "answer": "server[1]", "status": 302}
            ]}"#,
        )
        .expect("parses");
        let fetched: Vec<u16> = map.fetched(&log).iter().map(|r| r.status).collect();
        assert_eq!(fetched, [204, 302]);
        assert_eq!(
            map.unmap_origins_in(map.fetched(&log)[0].header("Origin").unwrap()),
            "https://app.example.com"
        );
    }

    #[test]
    fn the_companion_and_its_page_are_read_strictly() {
        assert_eq!(
            parse_hello(
                r#"{"corsim": "serve", "version": "0.1.0", "http_port": 8080, "https_port": 8443}"#
            ),
            Some(8080)
        );
        // `trunk serve` answers any path with the app's index.html.
        assert_eq!(parse_hello("<!doctype html><title>corsim</title>"), None);
        assert_eq!(parse_hello(r#"{"corsim": "other", "http_port": 1}"#), None);
        assert_eq!(
            parse_loaded(r#"{"name": "live", "page_url": "http://a.r1.localhost/"}"#),
            Ok("http://a.r1.localhost/".to_string())
        );
        assert_eq!(
            parse_loaded(r#"{"error": "scenario: bad"}"#),
            Err("scenario: bad".to_string())
        );
        let result = parse_message(
            r#"{"corsim": "live-result", "result": {"origin": "null", "outcome": "network-error",
                "status": null, "exposed_headers": [], "error": "TypeError: Failed to fetch"}}"#,
        )
        .expect("parses");
        assert_eq!(result.outcome, "network-error");
        assert_eq!(result.status, None);
        assert_eq!(parse_message(r#"{"corsim": "other", "result": {}}"#), None);
        assert_eq!(
            parse_message(r#"{"corsim": "live-result", "result": {"origin": "null"}}"#),
            None,
            "an outcome is required"
        );
        assert!(parse_log(r#"{"requests": [{"method": "GET"}]}"#).is_err());
        assert!(parse_log("<html>").is_err());
        assert_eq!(parse_message("hello"), None);
    }

    #[test]
    fn the_browser_is_told_by_its_engine_in_the_user_agent() {
        let cases = [
            // As Firefox ESR 153 and headless Chromium 156 sent them to corsim serve.
            ("Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0", Some(Browser::Firefox)),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", Some(Browser::Chromium)),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0", Some(Browser::Chromium)),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15", None),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/156.0.0.0 Mobile/15E148 Safari/604.1", None),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/153.0 Mobile/15E148 Safari/605.1.15", None),
            ("", None),
        ];
        for (user_agent, want) in cases {
            assert_eq!(browser_of(user_agent), want, "{user_agent}");
        }
    }

    #[test]
    fn run_labels_are_dns_labels_that_change_every_millisecond() {
        assert_eq!(run_label(0), "r0");
        assert_eq!(run_label(35), "rz");
        assert_eq!(run_label(36), "r10");
        assert_ne!(run_label(1_700_000_000_000), run_label(1_700_000_000_001));
        assert!(run_label(u64::MAX).len() <= 7);
    }

    #[test]
    fn caveats_name_what_applies_to_the_scenario() {
        let caveats_of = |json: serde_json::Value| {
            let (_, scenario) = scenario(json);
            let verdict = corsim_core::evaluate(&scenario);
            let map = OriginMap::new(&scenario, 8080, "r1").unwrap();
            caveats(&scenario, &verdict, &map).join("\n")
        };
        let text = caveats_of(serde_json::json!({
            "version": 1, "page": "https://app.example.com/",
            "request": {"url": "http://api.example.com/"},
            "server": [{"url": "http://localhost:3000/", "status": 200}]
        }));
        for want in [
            "port 8080",
            "mixed content",
            "Local Network Access",
            "same site",
        ] {
            assert!(text.contains(want), "{want}: {text}");
        }
        let text = caveats_of(serde_json::json!({
            "version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com:6000/"}
        }));
        assert!(text.contains("refuses the request's port"), "{text}");
        let text = caveats_of(serde_json::json!({
            "version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/"}
        }));
        assert_eq!(text.lines().count(), 2, "{text}");
    }
}
