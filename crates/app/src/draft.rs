//! The scenario as the learner is editing it: every field exactly as typed,
//! valid or not, so that nothing typed is ever lost and every problem can be
//! shown next to its field. It becomes a scenario-v1 JSON document
//! ([`Draft::to_value`]), which the core validates and evaluates.

use corsim_core::scenario::{CredentialsMode, RedirectMode, RequestMode, Scenario, ScenarioError};
use corsim_core::verdict::Verdict;
use serde_json::{json, Map, Value};

/// An ordered list of header name/value pairs; names may repeat.
pub type Headers = Vec<(String, String)>;

/// A scenario being edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// Empty: no title.
    pub title: String,
    pub page: String,
    pub sandboxed: bool,
    pub request: RequestDraft,
    pub server: Vec<ResponseDraft>,
}

/// What the page passes to `fetch()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestDraft {
    pub url: String,
    pub method: String,
    pub headers: Headers,
    pub mode: RequestMode,
    pub credentials: CredentialsMode,
    pub redirect: RedirectMode,
}

/// One scripted server response (`server[i]` of the format).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseDraft {
    /// `None`: any method but `OPTIONS`.
    pub method: Option<String>,
    /// `None`: the request's URL.
    pub url: Option<String>,
    /// As typed; a number when valid.
    pub status: String,
    pub headers: Headers,
}

impl ResponseDraft {
    /// A response to any request for `url` (the request's URL when `None`).
    pub fn new(url: Option<String>, status: u16, headers: Headers) -> ResponseDraft {
        ResponseDraft {
            method: None,
            url,
            status: status.to_string(),
            headers,
        }
    }

    /// Whether this entry answers preflights (`OPTIONS`).
    pub fn is_preflight(&self) -> bool {
        self.method.as_deref() == Some("OPTIONS")
    }

    /// The status as a number, when it is one.
    pub fn status_code(&self) -> Option<u16> {
        self.status.trim().parse().ok()
    }

    /// The value of the first header named `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Default for RequestDraft {
    fn default() -> RequestDraft {
        RequestDraft {
            url: String::new(),
            method: "GET".to_string(),
            headers: Vec::new(),
            mode: RequestMode::Cors,
            credentials: CredentialsMode::SameOrigin,
            redirect: RedirectMode::Follow,
        }
    }
}

impl Draft {
    /// Reads a scenario document. It must be a valid scenario: a draft is only
    /// ever made from a document the core accepts, then edited freely.
    pub fn from_json(text: &str) -> Result<Draft, Vec<ScenarioError>> {
        Draft::from_value(&corsim_core::scenario::parse_document(text)?)
    }

    /// Like [`Draft::from_json`], from a parsed document.
    pub fn from_value(value: &Value) -> Result<Draft, Vec<ScenarioError>> {
        // Validation first, so every field read below has its expected type.
        Scenario::from_value(value)?;
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        let request = &value["request"];
        let keyword = |key: &str, default: &str| text(request, key).unwrap_or(default.to_string());
        Ok(Draft {
            title: text(value, "title").unwrap_or_default(),
            page: text(value, "page").unwrap_or_default(),
            sandboxed: value["sandboxed"].as_bool().unwrap_or(false),
            request: RequestDraft {
                url: text(request, "url").unwrap_or_default(),
                method: text(request, "method").unwrap_or_else(|| "GET".to_string()),
                headers: headers_of(&request["headers"]),
                mode: parse_keyword(RequestMode::ALL, &keyword("mode", "cors"))
                    .unwrap_or(RequestMode::Cors),
                credentials: parse_keyword(
                    CredentialsMode::ALL,
                    &keyword("credentials", "same-origin"),
                )
                .unwrap_or(CredentialsMode::SameOrigin),
                redirect: parse_keyword(RedirectMode::ALL, &keyword("redirect", "follow"))
                    .unwrap_or(RedirectMode::Follow),
            },
            server: value["server"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|entry| ResponseDraft {
                    method: text(entry, "method"),
                    url: text(entry, "url"),
                    status: entry["status"].as_u64().unwrap_or(200).to_string(),
                    headers: headers_of(&entry["headers"]),
                })
                .collect(),
        })
    }

    /// The scenario-v1 document, with fields at their defaults left out.
    pub fn to_value(&self) -> Value {
        let mut doc = Map::new();
        doc.insert("version".into(), json!(corsim_core::scenario::VERSION));
        if !self.title.is_empty() {
            doc.insert("title".into(), json!(self.title));
        }
        doc.insert("page".into(), json!(self.page));
        if self.sandboxed {
            doc.insert("sandboxed".into(), json!(true));
        }
        let r = &self.request;
        let mut request = Map::new();
        request.insert("url".into(), json!(r.url));
        request.insert("method".into(), json!(r.method));
        if !typed(&r.headers).is_empty() {
            request.insert("headers".into(), headers_value(typed(&r.headers)));
        }
        if r.mode != RequestMode::Cors {
            request.insert("mode".into(), json!(r.mode.as_str()));
        }
        if r.credentials != CredentialsMode::SameOrigin {
            request.insert("credentials".into(), json!(r.credentials.as_str()));
        }
        if r.redirect != RedirectMode::Follow {
            request.insert("redirect".into(), json!(r.redirect.as_str()));
        }
        doc.insert("request".into(), Value::Object(request));
        let server: Vec<Value> = self.server.iter().map(response_value).collect();
        if !server.is_empty() {
            doc.insert("server".into(), Value::Array(server));
        }
        Value::Object(doc)
    }

    /// The scenario-v1 document as pretty-printed JSON, as a scenario file holds it.
    pub fn to_json(&self) -> String {
        // Serializing a `Value` cannot fail.
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// The validated scenario, or every problem with its JSON path.
    pub fn scenario(&self) -> Result<Scenario, Vec<ScenarioError>> {
        Scenario::from_value(&self.to_value())
    }

    /// The verdict, or every problem with its JSON path.
    pub fn evaluate(&self) -> Result<Verdict, Vec<ScenarioError>> {
        self.scenario().map(|s| corsim_core::evaluate(&s))
    }

    /// Every browser's verdict, Chromium's first (`Browser::ALL`), from one
    /// run of each, or every problem with its JSON path.
    pub fn evaluate_each(&self) -> Result<[Verdict; 3], Vec<ScenarioError>> {
        self.scenario().map(|s| corsim_core::evaluate_each(&s))
    }
}

fn parse_keyword<T: Copy>(all: &[(T, &str)], word: &str) -> Option<T> {
    all.iter().find(|(_, w)| *w == word).map(|(t, _)| *t)
}

fn headers_of(value: &Value) -> Headers {
    value
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(name), Value::String(value)]) => {
                Some((name.clone(), value.clone()))
            }
            _ => None,
        })
        .collect()
}

/// The rows that count: all but the blank ones at the end, which "+ Header"
/// adds. Left out until typed into, they do not turn the verdict into
/// "header name is empty" before the learner has had a chance to type; and
/// every row before them keeps its index, so each problem's path still
/// names its row.
pub fn typed(headers: &Headers) -> &[(String, String)] {
    let blank = headers
        .iter()
        .rev()
        .take_while(|(name, value)| name.is_empty() && value.is_empty())
        .count();
    &headers[..headers.len() - blank]
}

fn headers_value(headers: &[(String, String)]) -> Value {
    Value::Array(headers.iter().map(|(n, v)| json!([n, v])).collect())
}

fn response_value(response: &ResponseDraft) -> Value {
    let mut entry = Map::new();
    if let Some(method) = &response.method {
        entry.insert("method".into(), json!(method));
    }
    if let Some(url) = &response.url {
        entry.insert("url".into(), json!(url));
    }
    // A status that is not a number stays text, so that the core's validator
    // reports it at `server[i].status` instead of it silently becoming 200.
    let status = match response.status.trim().parse::<u64>() {
        Ok(n) => json!(n),
        Err(_) => json!(response.status),
    };
    entry.insert("status".into(), status);
    if !typed(&response.headers).is_empty() {
        entry.insert("headers".into(), headers_value(typed(&response.headers)));
    }
    Value::Object(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("presets/default.json");

    #[test]
    fn a_document_round_trips_through_a_draft() {
        let draft = Draft::from_json(EXAMPLE).expect("the contract's example is valid");
        // The same scenario, though `mode` and `redirect` at their defaults are left out.
        assert_eq!(draft.scenario(), Scenario::from_json(EXAMPLE));
        assert_eq!(draft.to_value()["request"].get("redirect"), None);
        assert_eq!(Draft::from_value(&draft.to_value()), Ok(draft));
    }

    #[test]
    fn defaults_are_filled_in_and_left_out_again() {
        let draft = Draft::from_json(
            r#"{"version": 1, "page": "https://a.example/", "request": {"url": "https://b.example/"}}"#,
        )
        .expect("valid");
        assert_eq!(draft.request.method, "GET");
        assert_eq!(draft.request.mode, RequestMode::Cors);
        assert_eq!(draft.server, vec![]);
        assert_eq!(
            draft.to_value(),
            json!({"version": 1, "page": "https://a.example/",
                   "request": {"url": "https://b.example/", "method": "GET"}})
        );
    }

    #[test]
    fn an_invalid_document_makes_no_draft() {
        let errors = Draft::from_json(r#"{"version": 2}"#).unwrap_err();
        assert_eq!(errors[0].path, "version");
        assert!(Draft::from_json("{").unwrap_err()[0]
            .message
            .starts_with("not valid JSON"));
    }

    #[test]
    fn blank_rows_at_the_end_are_left_out_and_problems_keep_their_row() {
        let mut draft = Draft::from_json(
            r#"{"version": 1, "page": "https://a.example/", "request": {"url": "https://b.example/"}}"#,
        )
        .expect("valid");
        draft.server = vec![ResponseDraft::new(
            None,
            200,
            vec![
                ("A".into(), "1".into()),
                ("X Bad".into(), "1".into()),
                (String::new(), String::new()),
            ],
        )];
        let errors = draft.evaluate().expect_err("a space in a name");
        assert_eq!(errors[0].path, "server[0].headers[1][0]", "{errors:?}");
        draft.server[0].headers = vec![(String::new(), String::new())];
        draft.request.headers = vec![(String::new(), String::new()); 2];
        assert!(draft.evaluate().is_ok());
        assert!(!draft.to_json().contains("headers"));
    }

    #[test]
    fn what_is_typed_stays_and_is_reported_where_it_is() {
        let mut draft = Draft::from_json(EXAMPLE).expect("valid");
        draft.page = "not a url".to_string();
        draft.server[1].status = "2o0".to_string();
        let errors = draft.evaluate().unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["page", "server[1].status"]);
        assert_eq!(draft.server[1].status, "2o0");
    }
}
