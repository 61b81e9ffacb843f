//! The scenario as the learner is editing it: every field exactly as typed,
//! valid or not, so that nothing typed is ever lost and every problem can be
//! shown next to its field. It becomes a scenario document
//! ([`Draft::to_value`]), which the core validates and evaluates: version 1
//! whenever nothing of version 2 is used, so that version-1 readers keep
//! reading it, else version 2.
//!
//! A page may make several requests (version 2's timeline). The editors
//! edit one of them, [`Draft::request`]; the others wait in
//! [`Draft::others`], and [`Draft::selected`] says where the edited one sits
//! among them. Everything that reads one request (the verdict panels, the
//! fix, "Reproduce it") reads the edited one, so the single-request code
//! paths need not know about the timeline.

use corsim_core::scenario::{
    AddressSpace, BodyKind, CredentialsMode, CrossOrigin, Fail, Initiator, Network, Permission,
    RedirectMode, RequestMode, Scenario, ScenarioError, Timeline,
};
use corsim_core::verdict::Verdict;
use serde_json::{json, Map, Value};

/// An ordered list of header name/value pairs; names may repeat.
pub type Headers = Vec<(String, String)>;

/// A scenario being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// Empty: no title.
    pub title: String,
    pub page: String,
    pub sandboxed: bool,
    /// The request the editors edit: the page's request number `selected`.
    pub request: RequestDraft,
    pub server: Vec<ResponseDraft>,
    /// The page's other requests, in order (empty for one request).
    pub others: Vec<RequestDraft>,
    /// Where `request` sits in the page's requests: before `others[selected]`.
    pub selected: usize,
    /// The page belongs to someone the server must not trust.
    pub attacker: bool,
    /// Local Network Access: where hosts are, and the user's answer.
    pub network: Network,
}

/// What the page passes to `fetch()`, or what else makes the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestDraft {
    /// As typed; relative to the request's page when it has no scheme.
    pub url: String,
    pub method: String,
    pub headers: Headers,
    /// `fetch` only; the other initiators imply theirs.
    pub mode: RequestMode,
    pub credentials: CredentialsMode,
    pub redirect: RedirectMode,
    /// Seconds after the page loaded, as typed; empty: when the request
    /// before it starts.
    pub at: String,
    /// The page that makes it, as typed; empty: the scenario's page.
    pub page: String,
    pub initiator: Initiator,
    /// `xhr` only: `xhr.withCredentials`.
    pub with_credentials: bool,
    /// `xhr` only: a listener on `xhr.upload`.
    pub upload_listeners: bool,
    /// `img` and `script` only: the `crossorigin` attribute.
    pub crossorigin: Option<CrossOrigin>,
    /// `fetch` and `xhr` only.
    pub body: BodyKind,
    /// `fetch` only: the `targetAddressSpace` option.
    pub target_address_space: Option<AddressSpace>,
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
    /// As typed; empty: it answers every matching request.
    pub times: String,
    /// No HTTP response at all; `status` and `headers` are kept, unused.
    pub fail: Option<Fail>,
}

impl Default for ResponseDraft {
    fn default() -> ResponseDraft {
        ResponseDraft::new(None, 200, Vec::new())
    }
}

impl ResponseDraft {
    /// A response to any request for `url` (the request's URL when `None`).
    pub fn new(url: Option<String>, status: u16, headers: Headers) -> ResponseDraft {
        ResponseDraft {
            method: None,
            url,
            status: status.to_string(),
            headers,
            times: String::new(),
            fail: None,
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
            at: String::new(),
            page: String::new(),
            initiator: Initiator::Fetch,
            with_credentials: false,
            upload_listeners: false,
            crossorigin: None,
            body: BodyKind::None,
            target_address_space: None,
        }
    }
}

impl RequestDraft {
    /// Whether it uses anything of version 2.
    fn uses_version_2(&self) -> bool {
        let v1 = RequestDraft {
            url: self.url.clone(),
            method: self.method.clone(),
            headers: self.headers.clone(),
            mode: self.mode,
            credentials: self.credentials,
            redirect: self.redirect,
            ..RequestDraft::default()
        };
        *self != v1 || is_relative(&self.url)
    }
}

/// Whether `url` is written as a path (`/users`, `./users`, `?id=1`): only
/// version 2 resolves it against the page. Other text without a scheme
/// (`api.example.com/users`, a typo) does not make the scenario version 2,
/// so that version 1 keeps saying it is not a URL; once the scenario is
/// version 2 for another reason, it is resolved as `fetch()` would.
fn is_relative(url: &str) -> bool {
    url.starts_with(['/', '.', '?']) && is_relative_url(url)
}

/// Whether `url` has no scheme: `fetch()` resolves it against the page.
fn is_relative_url(url: &str) -> bool {
    matches!(
        url::Url::parse(url),
        Err(url::ParseError::RelativeUrlWithoutBase)
    )
}

impl Draft {
    /// Reads a scenario document. It must be a valid scenario: a draft is only
    /// ever made from a document the core accepts, then edited freely.
    pub fn from_json(text: &str) -> Result<Draft, Vec<ScenarioError>> {
        Draft::from_value(&corsim_core::scenario::parse_document(text)?)
    }

    /// Like [`Draft::from_json`], from a parsed document, version 1 or 2.
    /// The first request is the one edited.
    pub fn from_value(value: &Value) -> Result<Draft, Vec<ScenarioError>> {
        // Validation first, so every field read below has its expected type.
        let timeline = Timeline::from_value(value)?;
        let requests = match value.get("requests") {
            Some(list) => list.as_array().cloned().unwrap_or_default(),
            None => vec![value["request"].clone()],
        };
        let mut requests = requests
            .iter()
            .zip(&timeline.requests)
            .map(|(typed, valid)| {
                let mut request = request_of(typed);
                // A relative URL that is not written as a path (`users`) would
                // not make the document version 2 again: it is kept resolved.
                if is_relative_url(&request.url) && !is_relative(&request.url) {
                    request.url = valid.init.url.to_string();
                }
                request
            });
        let request = requests.next().unwrap_or_default();
        let network = value.get("network");
        Ok(Draft {
            title: text(value, "title").unwrap_or_default(),
            page: text(value, "page").unwrap_or_default(),
            sandboxed: value["sandboxed"].as_bool().unwrap_or(false),
            request,
            server: value["server"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(response_of)
                .collect(),
            others: requests.collect(),
            selected: 0,
            attacker: value["attacker"].as_bool().unwrap_or(false),
            network: Network {
                address_spaces: network
                    .and_then(|n| n["address_spaces"].as_object())
                    .map(|spaces| {
                        spaces
                            .iter()
                            .filter_map(|(host, space)| {
                                Some((
                                    host.clone(),
                                    parse_keyword(AddressSpace::ALL, space.as_str()?)?,
                                ))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                local_network_access: network
                    .and_then(|n| n["local_network_access"].as_str())
                    .and_then(|w| parse_keyword(Permission::ALL, w)),
            },
        })
    }

    /// Every request of the page, in order, the edited one among them.
    pub fn requests(&self) -> Vec<RequestDraft> {
        let at = self.selected.min(self.others.len());
        let mut all = self.others.clone();
        all.insert(at, self.request.clone());
        all
    }

    /// Sets the page's requests, editing request `selected` (the last one
    /// when there are fewer). An empty list leaves the draft as it is: a page
    /// makes at least one request.
    pub fn set_requests(&mut self, mut all: Vec<RequestDraft>, selected: usize) {
        if all.is_empty() {
            return;
        }
        let selected = selected.min(all.len() - 1);
        self.request = all.remove(selected);
        self.others = all;
        self.selected = selected;
    }

    /// Whether the scenario uses anything of version 2, so that its document
    /// must say `"version": 2`.
    pub fn uses_version_2(&self) -> bool {
        !self.others.is_empty()
            || self.attacker
            || self.network != Network::default()
            || self.request.uses_version_2()
            || self
                .server
                .iter()
                .any(|s| !s.times.is_empty() || s.fail.is_some())
    }

    /// The scenario document, with fields at their defaults left out:
    /// version 1 when nothing of version 2 is used. A page of one request
    /// keeps version 1's `request`, so that its problems are reported at
    /// the same paths in both versions.
    pub fn to_value(&self) -> Value {
        let v2 = self.uses_version_2();
        let mut doc = Map::new();
        doc.insert("version".into(), json!(if v2 { 2 } else { 1 }));
        if !self.title.is_empty() {
            doc.insert("title".into(), json!(self.title));
        }
        doc.insert("page".into(), json!(self.page));
        if self.sandboxed {
            doc.insert("sandboxed".into(), json!(true));
        }
        if self.attacker {
            doc.insert("attacker".into(), json!(true));
        }
        if self.network != Network::default() {
            doc.insert("network".into(), network_value(&self.network));
        }
        if self.others.is_empty() {
            doc.insert("request".into(), request_value(&self.request));
        } else {
            let all = self.requests().iter().map(request_value).collect();
            doc.insert("requests".into(), Value::Array(all));
        }
        let server: Vec<Value> = self.server.iter().map(response_value).collect();
        if !server.is_empty() {
            doc.insert("server".into(), Value::Array(server));
        }
        Value::Object(doc)
    }

    /// The scenario document as pretty-printed JSON, as a scenario file holds it.
    pub fn to_json(&self) -> String {
        // Serializing a `Value` cannot fail.
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// The whole document validated: every request, or every problem with
    /// its JSON path.
    pub fn timeline(&self) -> Result<Timeline, Vec<ScenarioError>> {
        Timeline::from_value(&self.to_value())
    }

    /// The edited request's scenario (its page, that request, the server),
    /// or every problem with its JSON path; the edited request's problems
    /// are at `request.…`, as the editors look for them.
    pub fn scenario(&self) -> Result<Scenario, Vec<ScenarioError>> {
        let edited = format!("requests[{}]", self.selected.min(self.others.len()));
        self.timeline()
            .map_err(|errors| {
                errors
                    .into_iter()
                    .map(|e| match e.path.strip_prefix(&edited) {
                        Some(rest) if !self.others.is_empty() => ScenarioError {
                            path: format!("request{rest}"),
                            ..e
                        },
                        _ => e,
                    })
                    .collect()
            })
            .and_then(|t| t.scenario(self.selected).ok_or_else(Vec::new))
    }

    /// The verdict, or every problem with its JSON path.
    pub fn evaluate(&self) -> Result<Verdict, Vec<ScenarioError>> {
        let [chromium, ..] = self.evaluate_each()?;
        Ok(chromium)
    }

    /// Every browser's verdict, Chromium's first (`Browser::ALL`), from one
    /// run of each, or every problem with its JSON path. On a page of
    /// several requests, the edited request's, after the requests before it:
    /// what the caches kept from them shows in it.
    pub fn evaluate_each(&self) -> Result<[Verdict; 3], Vec<ScenarioError>> {
        let scenario = self.scenario()?;
        if self.others.is_empty() {
            return Ok(corsim_core::evaluate_each(&scenario));
        }
        let index = self.selected.min(self.others.len());
        let timeline = self.timeline()?;
        Ok(corsim_core::evaluate_timeline_each(&timeline)
            .into_iter()
            .nth(index)
            .map_or_else(
                || corsim_core::evaluate_each(&scenario),
                |(_, verdicts)| verdicts,
            ))
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The value of a keyword list (`RequestMode::ALL`, …) that `word` names.
pub fn parse_keyword<T: Copy>(all: &[(T, &str)], word: &str) -> Option<T> {
    all.iter().find(|(_, w)| *w == word).map(|(t, _)| *t)
}

/// A request of a validated document, as the editors hold it.
fn request_of(request: &Value) -> RequestDraft {
    let keyword = |key: &str| text(request, key).unwrap_or_default();
    let default = RequestDraft::default();
    let at = match &request["at"] {
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    RequestDraft {
        url: text(request, "url").unwrap_or_default(),
        method: text(request, "method").unwrap_or_else(|| "GET".to_string()),
        headers: headers_of(&request["headers"]),
        mode: parse_keyword(RequestMode::ALL, &keyword("mode")).unwrap_or(default.mode),
        credentials: parse_keyword(CredentialsMode::ALL, &keyword("credentials"))
            .unwrap_or(default.credentials),
        redirect: parse_keyword(RedirectMode::ALL, &keyword("redirect"))
            .unwrap_or(default.redirect),
        at,
        page: keyword("page"),
        initiator: parse_keyword(Initiator::ALL, &keyword("initiator"))
            .unwrap_or(default.initiator),
        with_credentials: request["with_credentials"].as_bool().unwrap_or(false),
        upload_listeners: request["upload_listeners"].as_bool().unwrap_or(false),
        crossorigin: parse_keyword(CrossOrigin::ALL, &keyword("crossorigin")),
        body: parse_keyword(BodyKind::ALL, &keyword("body")).unwrap_or(default.body),
        target_address_space: parse_keyword(AddressSpace::ALL, &keyword("target_address_space")),
    }
}

fn response_of(entry: &Value) -> ResponseDraft {
    ResponseDraft {
        method: text(entry, "method"),
        url: text(entry, "url"),
        status: entry["status"].as_u64().unwrap_or(200).to_string(),
        headers: headers_of(&entry["headers"]),
        times: entry["times"]
            .as_u64()
            .map(|t| t.to_string())
            .unwrap_or_default(),
        fail: text(entry, "fail").and_then(|w| parse_keyword(Fail::ALL, &w)),
    }
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

/// A number typed into a field, or the text as typed, so that the core's
/// validator reports it at its path instead of it silently changing. Read
/// by serde_json's own number parser: Rust's float parsing would add 10 kB
/// to the app's first load.
fn number_value(typed: &str) -> Value {
    match serde_json::from_str::<Value>(typed.trim()) {
        Ok(number @ Value::Number(_)) => number,
        _ => json!(typed),
    }
}

fn request_value(r: &RequestDraft) -> Value {
    let mut request = Map::new();
    if !r.at.is_empty() {
        request.insert("at".into(), number_value(&r.at));
    }
    if !r.page.is_empty() {
        request.insert("page".into(), json!(r.page));
    }
    if r.initiator != Initiator::Fetch {
        request.insert("initiator".into(), json!(r.initiator.as_str()));
    }
    request.insert("url".into(), json!(r.url));
    request.insert("method".into(), json!(r.method));
    if !typed(&r.headers).is_empty() {
        request.insert("headers".into(), headers_value(typed(&r.headers)));
    }
    // The other initiators imply mode, credentials and redirect.
    if r.initiator == Initiator::Fetch {
        if r.mode != RequestMode::Cors {
            request.insert("mode".into(), json!(r.mode.as_str()));
        }
        if r.credentials != CredentialsMode::SameOrigin {
            request.insert("credentials".into(), json!(r.credentials.as_str()));
        }
        if r.redirect != RedirectMode::Follow {
            request.insert("redirect".into(), json!(r.redirect.as_str()));
        }
    }
    if r.with_credentials {
        request.insert("with_credentials".into(), json!(true));
    }
    if r.upload_listeners {
        request.insert("upload_listeners".into(), json!(true));
    }
    if let Some(c) = r.crossorigin {
        request.insert("crossorigin".into(), json!(c.as_str()));
    }
    if r.body != BodyKind::None {
        request.insert("body".into(), json!(r.body.as_str()));
    }
    if let Some(space) = r.target_address_space {
        request.insert("target_address_space".into(), json!(space.as_str()));
    }
    Value::Object(request)
}

fn network_value(network: &Network) -> Value {
    let mut value = Map::new();
    if !network.address_spaces.is_empty() {
        let spaces: Map<String, Value> = network
            .address_spaces
            .iter()
            .map(|(host, space)| (host.clone(), json!(space.as_str())))
            .collect();
        value.insert("address_spaces".into(), Value::Object(spaces));
    }
    if let Some(permission) = network.local_network_access {
        value.insert("local_network_access".into(), json!(permission.as_str()));
    }
    Value::Object(value)
}

fn response_value(response: &ResponseDraft) -> Value {
    let mut entry = Map::new();
    if let Some(method) = &response.method {
        entry.insert("method".into(), json!(method));
    }
    if let Some(url) = &response.url {
        entry.insert("url".into(), json!(url));
    }
    if !response.times.is_empty() {
        entry.insert("times".into(), number_value(&response.times));
    }
    if let Some(fail) = response.fail {
        // No HTTP response: what was typed for one stays in the draft only.
        entry.insert("fail".into(), json!(fail.as_str()));
        return Value::Object(entry);
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
        let errors = Draft::from_json(r#"{"version": 3}"#).unwrap_err();
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
