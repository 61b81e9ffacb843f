//! The companion's protocol, read strictly: what `corsim serve`'s control
//! API answers, what its page posts to the app, and its request log.

use serde_json::Value;

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
