//! DevTools' "Save all as HAR" (Chromium, Firefox and Safari write the same
//! HAR 1.2 shape) as scenarios: one per cross-origin request, in order,
//! each with its preflight (the `OPTIONS` entry with
//! `Access-Control-Request-Method` for the same URL before it) and its
//! redirects (the entries its `redirectURL`s lead to). The values of
//! `Cookie`, `Authorization` and `Set-Cookie` are replaced by placeholders
//! as the JSON is read, before anything else looks at them.

use serde_json::Value;

use corsim_core::scenario::{MAX_HEADERS, MAX_RESPONSES};

use super::{
    bounded, cap_headers, draft, origin_of, page_from, redact, redacted_note, sort_request_headers,
    Import, ImportError,
};
use crate::draft::{Headers, ResponseDraft};

/// The most scenarios one HAR makes: the rest are counted, not made.
pub const MAX_SCENARIOS: usize = 1000;

/// The scenarios of a HAR, in the order of its entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HarImport {
    pub requests: Vec<HarRequest>,
    /// About the whole file (placeholders, requests left out).
    pub notes: Vec<String>,
}

/// One cross-origin request of the HAR.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HarRequest {
    /// Which entry of `log.entries` it is.
    pub entry: usize,
    /// `METHOD URL`, for a list.
    pub summary: String,
    pub import: Import,
}

impl HarImport {
    /// The first request whose fetch() the scenario makes fail (in Chromium).
    pub fn first_failing(&self) -> Option<usize> {
        self.requests.iter().position(|r| {
            r.import
                .draft
                .evaluate()
                .is_ok_and(|v| v.outcome == corsim_core::verdict::Outcome::NetworkError)
        })
    }
}

struct Entry {
    method: String,
    url: String,
    request_headers: Headers,
    status: u16,
    response_headers: Headers,
    redirect: Option<String>,
}

pub fn import(text: &str) -> Result<HarImport, ImportError> {
    let text = bounded(text)?;
    let har: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::Invalid(format!("not a HAR: not valid JSON ({e})")))?;
    let log = har
        .get("log")
        .ok_or_else(|| ImportError::Invalid("not a HAR: no \"log\" object".to_string()))?;
    let raw_entries = log
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::Invalid("not a HAR: no \"log.entries\" list".to_string()))?;
    let mut redacted = 0;
    let entries: Vec<Entry> = raw_entries
        .iter()
        .map(|e| {
            let mut request_headers = headers(&e["request"]["headers"]);
            let mut response_headers = headers(&e["response"]["headers"]);
            redacted += redact(&mut request_headers) + redact(&mut response_headers);
            Entry {
                method: e["request"]["method"].as_str().unwrap_or("GET").to_string(),
                url: e["request"]["url"].as_str().unwrap_or_default().to_string(),
                request_headers,
                status: e["response"]["status"]
                    .as_u64()
                    .and_then(|s| u16::try_from(s).ok())
                    .unwrap_or(0),
                response_headers,
                redirect: e["response"]["redirectURL"]
                    .as_str()
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            }
        })
        .collect();
    let mut notes: Vec<String> = redacted_note(redacted).into_iter().collect();
    // The page: Chromium and Safari title each page with its URL.
    let page_url = log["pages"][0]["title"]
        .as_str()
        .filter(|t| url::Url::parse(t).is_ok())
        .map(str::to_string);
    let page_origin = page_url.as_deref().and_then(origin_of);
    let mut requests = Vec::new();
    let mut used = vec![false; entries.len()];
    let mut skipped = 0;
    for (i, e) in entries.iter().enumerate() {
        if used[i] || e.method == "OPTIONS" || !e.url.starts_with("http") {
            continue;
        }
        let origin = header(&e.request_headers, "origin").map(str::to_string);
        let from = origin.clone().or(page_origin.clone());
        let Some(from) = from else { continue };
        if origin_of(&e.url).as_deref() == Some(from.as_str()) && origin.is_none() {
            continue;
        }
        if origin_of(&e.url).as_deref() == Some(from.as_str()) {
            continue;
        }
        if requests.len() >= MAX_SCENARIOS {
            skipped += 1;
            continue;
        }
        used[i] = true;
        requests.push(one(&entries, i, page_url.as_deref(), &mut used));
    }
    if skipped > 0 {
        notes.push(format!(
            "{skipped} more cross-origin requests left out: one HAR makes at most {MAX_SCENARIOS} scenarios"
        ));
    }
    if requests.is_empty() {
        return Err(ImportError::Unrecognised(format!(
            "no cross-origin request in the HAR's {} entries",
            entries.len()
        )));
    }
    Ok(HarImport { requests, notes })
}

fn one(entries: &[Entry], i: usize, page_url: Option<&str>, used: &mut [bool]) -> HarRequest {
    let e = &entries[i];
    let sorted = sort_request_headers(e.request_headers.clone(), true);
    let mut guesses = Vec::new();
    let mut notes = Vec::new();
    let referer = sorted.referer.as_deref().or(page_url);
    let (page, sandboxed) = page_from(sorted.origin.as_deref(), referer, &e.url, &mut guesses);
    let mut d = draft(&page, &e.url);
    d.sandboxed = sandboxed;
    d.request.method = e.method.clone();
    d.request.headers = sorted.kept;
    cap_headers(
        &mut d.request.headers,
        MAX_HEADERS,
        "the request",
        &mut notes,
    );
    if sorted.cookie {
        d.request.credentials = corsim_core::scenario::CredentialsMode::Include;
        notes.push("cookies were sent, so credentials are \"include\"".to_string());
    }
    // Its preflight: the last OPTIONS entry for the URL before it.
    if let Some(p) = (0..i).rev().find(|&j| {
        entries[j].method == "OPTIONS"
            && entries[j].url == e.url
            && header(&entries[j].request_headers, "access-control-request-method").is_some()
    }) {
        used[p] = true;
        d.server
            .push(response(&entries[p], Some("OPTIONS"), None, &mut notes));
    }
    d.server.push(response(e, None, None, &mut notes));
    // Its redirects, while the HAR has the entry each leads to.
    let mut at = i;
    while let Some(next_url) = entries[at].redirect.clone() {
        if d.server.len() >= MAX_RESPONSES {
            break;
        }
        let Some(next) = (at + 1..entries.len()).find(|&j| entries[j].url == next_url && !used[j])
        else {
            break;
        };
        used[next] = true;
        d.server
            .push(response(&entries[next], None, Some(next_url), &mut notes));
        at = next;
    }
    HarRequest {
        entry: i,
        summary: format!("{} {}", e.method, e.url),
        import: Import {
            draft: d,
            guesses,
            notes,
        },
    }
}

fn response(
    e: &Entry,
    method: Option<&str>,
    url: Option<String>,
    notes: &mut Vec<String>,
) -> ResponseDraft {
    let mut headers = e.response_headers.clone();
    cap_headers(&mut headers, MAX_HEADERS, "a response", notes);
    let status = if e.status == 0 {
        notes.push(format!(
            "the HAR has no answer for {} {} (status 0: the browser blocked it or it never arrived); the scenario's is 200 with no headers, a guess",
            e.method, e.url
        ));
        200
    } else {
        e.status
    };
    ResponseDraft {
        method: method.map(str::to_string),
        ..ResponseDraft::new(url, status, headers)
    }
}

fn headers(value: &Value) -> Headers {
    value
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|h| {
            Some((
                h["name"].as_str()?.to_string(),
                h["value"].as_str()?.to_string(),
            ))
        })
        .collect()
}

fn header<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HAR: &str = r#"{"log": {"version": "1.2", "pages": [{"title": "https://app.example.com/"}], "entries": [
      {"request": {"method": "GET", "url": "https://app.example.com/app.js", "headers": []}, "response": {"status": 200, "headers": []}},
      {"request": {"method": "OPTIONS", "url": "https://api.example.com/data", "headers": [{"name": "Origin", "value": "https://app.example.com"}, {"name": "Access-Control-Request-Method", "value": "PUT"}]},
       "response": {"status": 204, "headers": [{"name": "Access-Control-Allow-Origin", "value": "https://app.example.com"}, {"name": "Access-Control-Allow-Methods", "value": "PUT"}]}},
      {"request": {"method": "PUT", "url": "https://api.example.com/data", "headers": [{"name": "Origin", "value": "https://app.example.com"}, {"name": "Cookie", "value": "sid=secret"}]},
       "response": {"status": 200, "headers": [{"name": "Set-Cookie", "value": "sid=new"}]}},
      {"request": {"method": "GET", "url": "https://cdn.example.net/x", "headers": [{"name": "Origin", "value": "https://app.example.com"}]},
       "response": {"status": 200, "headers": [{"name": "Access-Control-Allow-Origin", "value": "*"}]}}
    ]}}"#;

    #[test]
    fn one_scenario_per_cross_origin_request_secrets_hidden() {
        let har = import(HAR).unwrap();
        assert_eq!(har.requests.len(), 2);
        let first = &har.requests[0].import.draft;
        assert_eq!(first.page, "https://app.example.com/");
        assert_eq!(first.request.method, "PUT");
        assert!(first.server[0].is_preflight());
        assert_eq!(
            first.server[1].header("Set-Cookie"),
            Some(super::super::PLACEHOLDER)
        );
        assert!(!HAR.is_empty() && !format!("{har:?}").contains("secret"));
        assert!(har.notes[0].contains("2 Cookie"));
        assert_eq!(har.first_failing(), Some(0));
    }

    #[test]
    fn broken_hars_say_what_is_wrong() {
        assert!(import("{\"log\": ")
            .unwrap_err()
            .to_string()
            .contains("not valid JSON"));
        assert!(import("{}").unwrap_err().to_string().contains("\"log\""));
        assert!(import("{\"log\": {\"entries\": []}}")
            .unwrap_err()
            .to_string()
            .contains("no cross-origin"));
    }
}
