//! Validation of a scenario document into typed values, version 1 or 2,
//! every problem collected with the JSON path where it is.

use serde_json::{Map, Value};
use url::Url;

use super::{
    AddressSpace, BodyKind, CredentialsMode, CrossOrigin, Fail, Initiator, Network, PageRequest,
    Permission, RedirectMode, RequestInit, RequestMode, ScenarioError, ServerResponse, Timeline,
    LATEST, MAX_AT_SECONDS, MAX_HEADERS, MAX_REQUESTS, MAX_RESPONSES, MAX_TOTAL_HEADERS,
};

/// The most characters of a value from the document that a message repeats.
pub(super) const ECHOED: usize = 100;

#[derive(Default)]
pub(super) struct Validator {
    pub(super) errors: Vec<ScenarioError>,
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

    pub(super) fn timeline(&mut self, value: &Value) -> Option<Timeline> {
        let map = self.object(value, "")?;
        // The version comes first: a document of another version may have
        // other fields, and saying so beats listing them all as unknown.
        let version = match map.get("version") {
            None => {
                self.error(
                    "version",
                    "missing; this reader understands versions 1 and 2",
                );
                return None;
            }
            Some(Value::Number(n)) if matches!(n.as_u64(), Some(1..=LATEST)) => n.as_u64()?,
            Some(other) => {
                self.error(
                    "version",
                    format!(
                        "{} is not a version this reader understands (it reads versions 1 and 2)",
                        shortened(&other.to_string())
                    ),
                );
                return None;
            }
        };
        let v2 = version >= 2;
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
        let known: &[&str] = if v2 {
            &[
                "version",
                "title",
                "page",
                "sandboxed",
                "request",
                "requests",
                "server",
                "attacker",
                "network",
            ]
        } else {
            &["version", "title", "page", "sandboxed", "request", "server"]
        };
        self.unknown_fields(map, "", known);
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
        let sandboxed = self.boolean(map, "", "sandboxed");
        let attacker = v2 && self.boolean(map, "", "attacker");
        let network = match map.get("network") {
            Some(n) if v2 => self.network(n),
            _ => Network::default(),
        };
        let requests = match (map.get("request"), map.get("requests")) {
            (Some(_), Some(_)) if v2 => {
                self.error("requests", "a document has request or requests, never both");
                None
            }
            (Some(r), _) => {
                let request = self.request(r, "request", page.as_ref(), v2, 0);
                request.map(|r| vec![r])
            }
            (None, Some(list)) if v2 => self.requests(list, page.as_ref()),
            (None, _) => {
                let (path, what) = if v2 {
                    ("requests", "the requests the page makes")
                } else {
                    ("request", "the request passed to fetch()")
                };
                self.error(path, format!("missing: {what}"));
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
                .filter_map(|(i, item)| self.server_response(item, &format!("server[{i}]"), v2))
                .collect(),
            Some(other) => {
                self.error(
                    "server",
                    format!("expected a list of responses, found {}", kind(other)),
                );
                Vec::new()
            }
        };
        Some(Timeline {
            version,
            title,
            page: page?,
            sandboxed,
            attacker,
            network,
            requests: requests?,
            server,
        })
    }

    fn boolean(&mut self, map: &Map<String, Value>, path: &str, key: &str) -> bool {
        match map.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.error(
                    &join(path, key),
                    format!("expected true or false, found {}", kind(other)),
                );
                false
            }
        }
    }

    fn requests(&mut self, value: &Value, page: Option<&Url>) -> Option<Vec<PageRequest>> {
        let Value::Array(items) = value else {
            self.error(
                "requests",
                format!("expected a list of requests, found {}", kind(value)),
            );
            return None;
        };
        if items.is_empty() || items.len() > MAX_REQUESTS {
            self.error(
                "requests",
                format!("{} requests; a page makes 1 to {MAX_REQUESTS}", items.len()),
            );
            return None;
        }
        let mut requests = Vec::with_capacity(items.len());
        let mut previous = 0;
        let mut all = true;
        for (i, item) in items.iter().enumerate() {
            match self.request(item, &format!("requests[{i}]"), page, true, previous) {
                Some(request) => {
                    previous = request.at_ms;
                    requests.push(request);
                }
                None => all = false,
            }
        }
        all.then_some(requests)
    }

    /// One request; `previous` is the time of the one before it, the
    /// default for its own.
    fn request(
        &mut self,
        value: &Value,
        path: &str,
        scenario_page: Option<&Url>,
        v2: bool,
        previous: u64,
    ) -> Option<PageRequest> {
        let map = self.object(value, path)?;
        let v1_fields = [
            "url",
            "method",
            "headers",
            "mode",
            "credentials",
            "redirect",
        ];
        let v2_fields = [
            "at",
            "page",
            "initiator",
            "with_credentials",
            "upload_listeners",
            "crossorigin",
            "body",
            "target_address_space",
        ];
        let known: Vec<&str> = if v2 {
            v1_fields.iter().chain(&v2_fields).copied().collect()
        } else {
            v1_fields.to_vec()
        };
        self.unknown_fields(map, path, &known);
        let at_ms = match map.get("at") {
            None => previous,
            Some(at) => self.at(at, &join(path, "at"), previous),
        };
        let own_page = map
            .get("page")
            .and_then(|p| self.url(p, &join(path, "page")));
        let page = own_page.as_ref().or(scenario_page);
        let url = match map.get("url") {
            Some(u) if v2 => self.relative_url(u, &join(path, "url"), page),
            Some(u) => self.url(u, &join(path, "url")),
            None => {
                self.error(&join(path, "url"), "missing: the URL the request goes to");
                None
            }
        };
        let initiator = self.keyword(map, path, "initiator", Initiator::ALL, Initiator::Fetch);
        let headers = self.header_pairs(map.get("headers"), &join(path, "headers"));
        let method = match map.get("method") {
            None => "GET".to_string(),
            Some(m) => self
                .string(m, &join(path, "method"))
                .unwrap_or("GET")
                .to_string(),
        };
        let only = |this: &mut Validator, key: &str, allowed: &[Initiator], what: &str| {
            if map.contains_key(key) && !allowed.contains(&initiator) {
                this.error(&join(path, key), format!("only {what} take {key}"));
            }
        };
        only(self, "with_credentials", &[Initiator::Xhr], "xhr requests");
        only(self, "upload_listeners", &[Initiator::Xhr], "xhr requests");
        only(
            self,
            "crossorigin",
            &[Initiator::Img, Initiator::Script],
            "img and script",
        );
        only(
            self,
            "body",
            &[Initiator::Fetch, Initiator::Xhr],
            "fetch and xhr requests",
        );
        only(
            self,
            "target_address_space",
            &[Initiator::Fetch],
            "fetch requests",
        );
        if initiator != Initiator::Fetch {
            for key in ["mode", "credentials", "redirect"] {
                if map.contains_key(key) {
                    self.error(
                        &join(path, key),
                        format!(
                            "follows from the initiator {}; leave it out",
                            initiator.as_str()
                        ),
                    );
                }
            }
        }
        if initiator.is_element() {
            if method != "GET" {
                self.error(
                    &join(path, "method"),
                    format!("{} requests are GET", initiator.as_str()),
                );
            }
            if !headers.is_empty() {
                self.error(
                    &join(path, "headers"),
                    format!("{} requests carry no author headers", initiator.as_str()),
                );
            }
        }
        let with_credentials = self.boolean(map, path, "with_credentials");
        let upload_listeners = self.boolean(map, path, "upload_listeners");
        let crossorigin = map.contains_key("crossorigin").then(|| {
            self.keyword(
                map,
                path,
                "crossorigin",
                CrossOrigin::ALL,
                CrossOrigin::Anonymous,
            )
        });
        let body = self.keyword(map, path, "body", BodyKind::ALL, BodyKind::None);
        let target_address_space = map.contains_key("target_address_space").then(|| {
            self.keyword(
                map,
                path,
                "target_address_space",
                AddressSpace::ALL,
                AddressSpace::Public,
            )
        });
        // "fetch" reads the options; the others imply them.
        let (mode, credentials, redirect) = match initiator {
            Initiator::Fetch => (
                self.keyword(map, path, "mode", RequestMode::ALL, RequestMode::Cors),
                self.keyword(
                    map,
                    path,
                    "credentials",
                    CredentialsMode::ALL,
                    CredentialsMode::SameOrigin,
                ),
                self.keyword(
                    map,
                    path,
                    "redirect",
                    RedirectMode::ALL,
                    RedirectMode::Follow,
                ),
            ),
            Initiator::Xhr => (
                RequestMode::Cors,
                if with_credentials {
                    CredentialsMode::Include
                } else {
                    CredentialsMode::SameOrigin
                },
                RedirectMode::Follow,
            ),
            Initiator::Img | Initiator::Script => match crossorigin {
                None => (
                    RequestMode::NoCors,
                    CredentialsMode::Include,
                    RedirectMode::Follow,
                ),
                Some(CrossOrigin::Anonymous) => (
                    RequestMode::Cors,
                    CredentialsMode::SameOrigin,
                    RedirectMode::Follow,
                ),
                Some(CrossOrigin::UseCredentials) => (
                    RequestMode::Cors,
                    CredentialsMode::Include,
                    RedirectMode::Follow,
                ),
            },
            Initiator::Font => (
                RequestMode::Cors,
                CredentialsMode::SameOrigin,
                RedirectMode::Follow,
            ),
        };
        Some(PageRequest {
            at_ms,
            page: own_page,
            init: RequestInit {
                url: url?,
                method,
                headers,
                mode,
                credentials,
                redirect,
                initiator,
                crossorigin,
                with_credentials,
                upload_listeners,
                body,
                target_address_space,
            },
        })
    }

    /// `at`: seconds, a number from the previous request's time to
    /// [`MAX_AT_SECONDS`], kept in milliseconds.
    fn at(&mut self, value: &Value, path: &str, previous: u64) -> u64 {
        let Some(seconds) = value.as_f64() else {
            self.error(
                path,
                format!("expected a number of seconds, found {}", kind(value)),
            );
            return previous;
        };
        if !(0.0..=MAX_AT_SECONDS as f64).contains(&seconds) {
            self.error(
                path,
                format!("{seconds} is not a time from 0 to {MAX_AT_SECONDS} seconds"),
            );
            return previous;
        }
        // Within the bound, a whole number of milliseconds fits in u64.
        let ms = (seconds * 1000.0).round() as u64;
        if ms < previous {
            self.error(
                path,
                format!(
                    "{seconds} is before the previous request's time ({}); requests are in order",
                    previous as f64 / 1000.0
                ),
            );
            return previous;
        }
        ms
    }

    /// A URL that may be relative to the request's page, resolved as
    /// `fetch()` resolves it.
    fn relative_url(&mut self, value: &Value, path: &str, page: Option<&Url>) -> Option<Url> {
        let text = self.string(value, path)?;
        match Url::parse(text) {
            Ok(url) => Some(url),
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                let page = page?;
                match page.join(text) {
                    Ok(url) => Some(url),
                    Err(e) => {
                        self.error(
                            path,
                            format!(
                                "{} cannot be resolved against the page {} ({e})",
                                quoted(text),
                                quoted(page.as_str())
                            ),
                        );
                        None
                    }
                }
            }
            Err(e) => {
                self.error(path, format!("{} is not a valid URL ({e})", quoted(text)));
                None
            }
        }
    }

    fn network(&mut self, value: &Value) -> Network {
        let path = "network";
        let Some(map) = self.object(value, path) else {
            return Network::default();
        };
        self.unknown_fields(map, path, &["address_spaces", "local_network_access"]);
        let local_network_access = map.contains_key("local_network_access").then(|| {
            self.keyword(
                map,
                path,
                "local_network_access",
                Permission::ALL,
                Permission::Denied,
            )
        });
        let mut address_spaces = Vec::new();
        if let Some(spaces) = map.get("address_spaces") {
            let spaces_path = join(path, "address_spaces");
            if let Some(spaces) = self.object(spaces, &spaces_path) {
                if spaces.len() > MAX_RESPONSES {
                    self.error(
                        &spaces_path,
                        format!("{} hosts; at most {MAX_RESPONSES}", spaces.len()),
                    );
                } else {
                    for host in spaces.keys() {
                        let space = self.keyword(
                            spaces,
                            &spaces_path,
                            host,
                            AddressSpace::ALL,
                            AddressSpace::Public,
                        );
                        address_spaces.push((host.clone(), space));
                    }
                }
            }
        }
        Network {
            address_spaces,
            local_network_access,
        }
    }

    fn server_response(&mut self, value: &Value, path: &str, v2: bool) -> Option<ServerResponse> {
        let map = self.object(value, path)?;
        let known: &[&str] = if v2 {
            &["method", "url", "status", "headers", "times", "fail"]
        } else {
            &["method", "url", "status", "headers"]
        };
        self.unknown_fields(map, path, known);
        let times = match map.get("times") {
            None => None,
            Some(Value::Number(n)) if n.as_u64().is_some_and(|t| t >= 1) => Some(
                n.as_u64()
                    .and_then(|t| u32::try_from(t).ok())
                    .unwrap_or(u32::MAX),
            ),
            Some(other) => {
                self.error(
                    &join(path, "times"),
                    format!(
                        "{} is not a whole number of at least 1",
                        shortened(&other.to_string())
                    ),
                );
                None
            }
        };
        let fail = map
            .contains_key("fail")
            .then(|| self.keyword(map, path, "fail", Fail::ALL, Fail::Refused));
        if fail.is_some() {
            for key in ["status", "headers"] {
                if map.contains_key(key) {
                    self.error(
                        &join(path, key),
                        "an entry with fail has no HTTP response: leave it out",
                    );
                }
            }
        }
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
            times,
            fail,
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
    let requests = map
        .get("requests")
        .and_then(Value::as_array)
        .map_or(0, |items| items.iter().map(|item| count(Some(item))).sum());
    count(map.get("request"))
        .saturating_add(requests)
        .saturating_add(server)
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
