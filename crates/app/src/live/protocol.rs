//! The companion's protocol: the answers of `corsim serve`'s control API
//! (`src/serve/control.rs` writes them from these types) and what its page
//! posts to the app, read back strictly by live mode.

use serde::Serialize;
use serde_json::Value;

// The answers are written with derived serializers, which only the native
// companion instantiates, and read through `serde_json::Value`, which the
// app already links for scenarios, rather than derived deserializers, each
// of which would add its own code to the app's wasm.

/// What `GET /__corsim/hello` answers: who is there, and its ports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hello {
    /// Always `serve`: a static host answers 404, `trunk serve` its
    /// `index.html`.
    pub corsim: String,
    pub version: String,
    pub http_port: u16,
    pub https_port: u16,
}

/// What loading or asking for the active scenario answers: its name and
/// the URL that opens its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Loaded {
    pub name: String,
    pub page_url: String,
}

/// What a control call that fails answers, with the one line saying why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ControlError {
    pub error: String,
}

/// What `GET` and `DELETE /__corsim/log` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Log {
    pub requests: Vec<LoggedRequest>,
}

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
/// it is `corsim serve` that answers.
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

/// One request in the companion's log, as it arrived and how it was
/// answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoggedRequest {
    /// Position since the companion started, from 1; a cleared log keeps
    /// counting.
    pub seq: u64,
    /// `http` or `https`.
    pub scheme: String,
    pub method: String,
    /// The URL the request was for: its scheme, `Host` and target.
    pub url: String,
    /// Every header as received, in order; names lower-case (HTTP/1 names
    /// are case-insensitive), values as bytes read as Latin-1.
    pub headers: Vec<(String, String)>,
    pub body_bytes: usize,
    /// `server[N]`, `unmatched` (the 404 with no headers), `page` or `app`.
    pub answer: String,
    /// The status answered; 0 when the entry's `fail` gave no response.
    pub status: u16,
    /// The `fail` of the server entry that answered (`reset`, …): the
    /// connection was dropped without a response.
    pub fail: Option<String>,
    /// When it arrived, in milliseconds since the Unix epoch: the agreement
    /// suite tells a page's several requests apart by it.
    pub received_ms: u64,
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
            seq: value.get("seq")?.as_u64()?,
            scheme: string(value, "scheme")?,
            method: string(value, "method")?,
            url: string(value, "url")?,
            headers,
            body_bytes: value.get("body_bytes")?.as_u64()?.try_into().ok()?,
            answer: string(value, "answer")?,
            status: u16_of(value.get("status")?)?,
            // Absent from the logs of companions older than version 2.
            fail: value
                .get("fail")
                .and_then(Value::as_str)
                .map(str::to_string),
            received_ms: value
                .get("received_ms")
                .and_then(Value::as_u64)
                .unwrap_or(0),
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
