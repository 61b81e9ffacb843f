//! The scenario format, version 1 (`shared/contract/scenario-v1.md`): parsed
//! from JSON, then validated into typed values, every problem collected with
//! the JSON path where it is.

use std::fmt;

use serde_json::{Map, Value};
use url::Url;

/// The format version this reader understands.
pub const VERSION: u64 = 1;

/// The most `[name, value]` pairs one header list (`request.headers`, each
/// `server[i].headers`) may hold. With [`MAX_RESPONSES`], it bounds the work
/// of evaluating any scenario: the standard's header-list algorithms compare
/// each header with the others, and the app draws every header it holds. A
/// lesson needs a handful, and HTTP servers refuse many more: hyper, behind
/// `corsim serve`, reads at most 100 headers by default.
pub const MAX_HEADERS: usize = 100;

/// The most responses `server` may hold. At most 20 redirects are followed,
/// each with at most a preflight, so no fetch ever uses more than 42.
pub const MAX_RESPONSES: usize = 100;

/// The most headers a scenario may hold in all its lists together: the app
/// draws each as a row of fields, and a scenario of 100 responses of 100
/// headers each took the app 25 s to draw, 7 s per keystroke.
pub const MAX_TOTAL_HEADERS: usize = 500;

/// The most characters of a value from the document that a message repeats.
const ECHOED: usize = 100;

/// [Request mode](https://fetch.spec.whatwg.org/#concept-request-mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestMode {
    Cors,
    NoCors,
    SameOrigin,
}

/// [Credentials mode](https://fetch.spec.whatwg.org/#concept-request-credentials-mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialsMode {
    Omit,
    SameOrigin,
    Include,
}

/// [Redirect mode](https://fetch.spec.whatwg.org/#concept-request-redirect-mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectMode {
    Follow,
    Error,
    Manual,
}

macro_rules! keyword_enum {
    ($ty:ident { $($word:literal => $variant:ident),+ $(,)? }) => {
        impl $ty {
            /// Every value with its JSON spelling, in the contract's order.
            pub const ALL: &'static [($ty, &'static str)] = &[$(($ty::$variant, $word)),+];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $word),+ }
            }
        }
    };
}

keyword_enum!(RequestMode { "cors" => Cors, "no-cors" => NoCors, "same-origin" => SameOrigin });
keyword_enum!(CredentialsMode { "omit" => Omit, "same-origin" => SameOrigin, "include" => Include });
keyword_enum!(RedirectMode { "follow" => Follow, "error" => Error, "manual" => Manual });

/// What the page passes to `fetch()`. Method and headers stay exactly as typed:
/// deciding whether they are valid is the browser's job, modelled by the core.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestInit {
    pub url: Url,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub mode: RequestMode,
    pub credentials: CredentialsMode,
    pub redirect: RedirectMode,
}

/// One scripted server response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerResponse {
    /// `None`: any method but `OPTIONS`. Compared exactly.
    pub method: Option<String>,
    /// `None`: the request's URL. Compared after parsing.
    pub url: Option<Url>,
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

/// A validated scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub title: Option<String>,
    pub page: Url,
    pub sandboxed: bool,
    pub request: RequestInit,
    pub server: Vec<ServerResponse>,
}

/// One problem with a scenario document, at a JSON path such as
/// `request.headers[1][0]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// A scenario document's JSON, before validation: a byte order mark, as
/// some editors write, is ignored (RFC 8259 allows it).
pub fn parse_document(text: &str) -> Result<Value, Vec<ScenarioError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        vec![ScenarioError {
            path: String::new(),
            message: format!("not valid JSON: {e}"),
        }]
    })
}

impl Scenario {
    /// Every http(s) URL the scenario names: its page, its request, its
    /// server entries' URLs and where their `Location` headers point. These
    /// are the origins `corsim serve` plays and live mode maps.
    pub fn named_urls(&self) -> Vec<Url> {
        let mut urls = vec![self.page.clone(), self.request.url.clone()];
        for entry in &self.server {
            let base = entry.url.as_ref().unwrap_or(&self.request.url);
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

    /// Parses and validates a scenario document, returning every problem found.
    pub fn from_json(text: &str) -> Result<Scenario, Vec<ScenarioError>> {
        Scenario::from_value(&parse_document(text)?)
    }

    /// Validates an already parsed JSON document.
    pub fn from_value(value: &Value) -> Result<Scenario, Vec<ScenarioError>> {
        let mut v = Validator::default();
        let scenario = v.scenario(value);
        match scenario {
            Some(s) if v.errors.is_empty() => Ok(s),
            _ => Err(v.errors),
        }
    }
}

#[derive(Default)]
struct Validator {
    errors: Vec<ScenarioError>,
}

impl Validator {
    fn error(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(ScenarioError {
            path: path.to_string(),
            message: message.into(),
        });
    }

    fn object<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.error(path, format!("expected an object, found {}", kind(other)));
                None
            }
        }
    }

    fn unknown_fields(&mut self, map: &Map<String, Value>, path: &str, known: &[&str]) {
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                self.error(
                    &join(path, &shortened(key)),
                    format!("unknown field; expected one of {}", known.join(", ")),
                );
            }
        }
    }

    fn string<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v str> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.error(path, format!("expected a string, found {}", kind(other)));
                None
            }
        }
    }

    fn url(&mut self, value: &Value, path: &str) -> Option<Url> {
        let text = self.string(value, path)?;
        match Url::parse(text) {
            Ok(url) => Some(url),
            Err(e) => {
                self.error(
                    path,
                    format!("{} is not a valid absolute URL ({e})", quoted(text)),
                );
                None
            }
        }
    }

    fn keyword<T: Copy>(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        key: &str,
        all: &[(T, &str)],
        default: T,
    ) -> T {
        let Some(value) = map.get(key) else {
            return default;
        };
        let path = join(path, key);
        let Some(word) = self.string(value, &path) else {
            return default;
        };
        match all.iter().find(|(_, w)| *w == word) {
            Some((t, _)) => *t,
            None => {
                let words: Vec<&str> = all.iter().map(|(_, w)| *w).collect();
                self.error(
                    &path,
                    format!(
                        "unknown value {}; expected one of {}",
                        quoted(word),
                        words.join(", ")
                    ),
                );
                default
            }
        }
    }

    /// An ordered list of `[name, value]` pairs, kept exactly as written.
    fn header_pairs(&mut self, value: Option<&Value>, path: &str) -> Vec<(String, String)> {
        let Some(value) = value else {
            return Vec::new();
        };
        let Value::Array(items) = value else {
            self.error(
                path,
                format!(
                    "expected a list of [name, value] pairs, found {}",
                    kind(value)
                ),
            );
            return Vec::new();
        };
        if items.len() > MAX_HEADERS {
            self.error(
                path,
                format!(
                    "{} headers; a list holds at most {MAX_HEADERS}",
                    items.len()
                ),
            );
            return Vec::new();
        }
        let mut pairs = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            match item.as_array().map(Vec::as_slice) {
                Some([name, value]) => {
                    let name = self.string(name, &format!("{item_path}[0]"));
                    let value = self.string(value, &format!("{item_path}[1]"));
                    if let (Some(name), Some(value)) = (name, value) {
                        pairs.push((name.to_string(), value.to_string()));
                    }
                }
                _ => self.error(
                    &item_path,
                    format!(
                        "expected a [name, value] pair, found {}",
                        describe_pair(item)
                    ),
                ),
            }
        }
        pairs
    }

    fn scenario(&mut self, value: &Value) -> Option<Scenario> {
        let map = self.object(value, "")?;
        // The version comes first: a document of another version may have
        // other fields, and saying so beats listing them all as unknown.
        match map.get("version") {
            None => {
                self.error("version", "missing; this reader understands version 1");
                return None;
            }
            Some(Value::Number(n)) if n.as_u64() == Some(VERSION) => {}
            Some(other) => {
                self.error(
                    "version",
                    format!(
                        "{} is not a version this reader understands (it reads version 1)",
                        shortened(&other.to_string())
                    ),
                );
                return None;
            }
        }
        // Before reading any header: past the bound, there may be thousands
        // of them, each with its own problems.
        let total = headers_in_all(map);
        if total > MAX_TOTAL_HEADERS {
            self.error(
                "",
                format!("{total} headers in all; a scenario holds at most {MAX_TOTAL_HEADERS}"),
            );
            return None;
        }
        self.unknown_fields(
            map,
            "",
            &["version", "title", "page", "sandboxed", "request", "server"],
        );
        let title = map
            .get("title")
            .and_then(|t| self.string(t, "title"))
            .map(str::to_string);
        let page = match map.get("page") {
            Some(p) => self.url(p, "page"),
            None => {
                self.error("page", "missing: the URL of the page that calls fetch()");
                None
            }
        };
        let sandboxed = match map.get("sandboxed") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.error(
                    "sandboxed",
                    format!("expected true or false, found {}", kind(other)),
                );
                false
            }
        };
        let request = match map.get("request") {
            Some(r) => self.request(r),
            None => {
                self.error("request", "missing: the request passed to fetch()");
                None
            }
        };
        let server = match map.get("server") {
            None => Vec::new(),
            Some(Value::Array(items)) if items.len() > MAX_RESPONSES => {
                self.error(
                    "server",
                    format!(
                        "{} responses; a scenario holds at most {MAX_RESPONSES}",
                        items.len()
                    ),
                );
                Vec::new()
            }
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.server_response(item, &format!("server[{i}]")))
                .collect(),
            Some(other) => {
                self.error(
                    "server",
                    format!("expected a list of responses, found {}", kind(other)),
                );
                Vec::new()
            }
        };
        Some(Scenario {
            title,
            page: page?,
            sandboxed,
            request: request?,
            server,
        })
    }

    fn request(&mut self, value: &Value) -> Option<RequestInit> {
        let path = "request";
        let map = self.object(value, path)?;
        self.unknown_fields(
            map,
            path,
            &[
                "url",
                "method",
                "headers",
                "mode",
                "credentials",
                "redirect",
            ],
        );
        let url = match map.get("url") {
            Some(u) => self.url(u, "request.url"),
            None => {
                self.error("request.url", "missing: the URL passed to fetch()");
                None
            }
        };
        let method = match map.get("method") {
            None => "GET".to_string(),
            Some(m) => self
                .string(m, "request.method")
                .unwrap_or("GET")
                .to_string(),
        };
        let headers = self.header_pairs(map.get("headers"), "request.headers");
        let mode = self.keyword(map, path, "mode", RequestMode::ALL, RequestMode::Cors);
        let credentials = self.keyword(
            map,
            path,
            "credentials",
            CredentialsMode::ALL,
            CredentialsMode::SameOrigin,
        );
        let redirect = self.keyword(
            map,
            path,
            "redirect",
            RedirectMode::ALL,
            RedirectMode::Follow,
        );
        Some(RequestInit {
            url: url?,
            method,
            headers,
            mode,
            credentials,
            redirect,
        })
    }

    fn server_response(&mut self, value: &Value, path: &str) -> Option<ServerResponse> {
        let map = self.object(value, path)?;
        self.unknown_fields(map, path, &["method", "url", "status", "headers"]);
        let method = map
            .get("method")
            .and_then(|m| self.string(m, &join(path, "method")))
            .map(str::to_string);
        let url = map.get("url").and_then(|u| self.url(u, &join(path, "url")));
        let status = match map.get("status") {
            None => 200,
            Some(Value::Number(n)) => match n.as_u64().and_then(|n| u16::try_from(n).ok()) {
                // Fetch allows any three-digit status; 1xx are not final.
                Some(status @ 200..=999) => status,
                _ => {
                    self.error(
                        &join(path, "status"),
                        format!("{n} is not a final HTTP status; use 200 to 999"),
                    );
                    200
                }
            },
            Some(other) => {
                self.error(
                    &join(path, "status"),
                    format!("expected a number, found {}", kind(other)),
                );
                200
            }
        };
        let headers_path = join(path, "headers");
        let headers = self.header_pairs(map.get("headers"), &headers_path);
        self.server_header_syntax(&headers, &headers_path);
        Some(ServerResponse {
            method,
            url,
            status,
            headers,
        })
    }

    /// A server cannot send a header that HTTP cannot carry; saying so here
    /// beats a verdict about a response no browser would ever parse.
    fn server_header_syntax(&mut self, headers: &[(String, String)], path: &str) {
        use crate::header::{header_name_problem, header_value_problem, normalize_header_value};
        for (i, (name, value)) in headers.iter().enumerate() {
            if let Some(problem) = header_name_problem(name) {
                self.error(
                    &format!("{path}[{i}][0]"),
                    format!("{}: {problem}", quoted(name)),
                );
            }
            if let Some(problem) = header_value_problem(normalize_header_value(value.as_bytes())) {
                self.error(&format!("{path}[{i}][1]"), problem.to_string());
            }
        }
    }
}

/// How many `[name, value]` pairs a document's header lists hold together,
/// counting whatever their items are.
fn headers_in_all(map: &Map<String, Value>) -> usize {
    let count = |v: Option<&Value>| {
        v.and_then(|h| h.get("headers"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    };
    let server = map
        .get("server")
        .and_then(Value::as_array)
        .map_or(0, |items| items.iter().map(|item| count(Some(item))).sum());
    count(map.get("request")).saturating_add(server)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `text`, cut after [`ECHOED`] characters and its control characters
/// escaped (`\u{1b}`), for a message.
fn shortened(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(ECHOED)
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect();
    if text.chars().nth(ECHOED).is_some() {
        out.push('…');
    }
    out
}

/// `text` quoted and escaped as a Rust string, cut after [`ECHOED`] characters.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(ECHOED) {
        Some((cut, _)) => format!("{:?}…", text.get(..cut).unwrap_or_default()),
        None => format!("{text:?}"),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn describe_pair(value: &Value) -> String {
    match value {
        Value::Array(items) => format!("a list of {} items", items.len()),
        other => kind(other).to_string(),
    }
}

#[cfg(test)]
mod tests;
