//! Validation of a scenario document into typed values, version 1 or 2,
//! every problem collected with the JSON path where it is.

use serde_json::{Map, Value};
use url::Url;

mod network;
mod request;
mod server;

use super::{
    Network, ScenarioError, Timeline, LATEST, MAX_HEADERS, MAX_RESPONSES, MAX_TOTAL_HEADERS,
};

/// The most characters of a value from the document that a message repeats.
pub(in crate::scenario) const ECHOED: usize = 100;

#[derive(Default)]
pub(in crate::scenario) struct Validator {
    pub(in crate::scenario) errors: Vec<ScenarioError>,
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

    /// The value of `key` among a keyword enum's values (`all`, with their
    /// spellings); `default` when absent or unknown, which is reported.
    fn keyword<T: Copy>(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        key: &str,
        all: &[(T, &str)],
        default: T,
    ) -> T {
        // The work is done once for every enum, on the spellings alone: a
        // copy per enum would weigh on the app's first load.
        let words: Vec<&str> = all.iter().map(|(_, w)| *w).collect();
        self.keyword_index(map, path, key, &words)
            .and_then(|i| all.get(i))
            .map_or(default, |(t, _)| *t)
    }

    fn keyword_index(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        key: &str,
        words: &[&str],
    ) -> Option<usize> {
        let value = map.get(key)?;
        let path = join(path, key);
        let word = self.string(value, &path)?;
        let found = words.iter().position(|w| *w == word);
        if found.is_none() {
            self.error(
                &path,
                format!(
                    "unknown value {}; expected one of {}",
                    quoted(word),
                    words.join(", ")
                ),
            );
        }
        found
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

    pub(in crate::scenario) fn timeline(&mut self, value: &Value) -> Option<Timeline> {
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
