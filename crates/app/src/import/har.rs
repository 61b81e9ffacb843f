//! DevTools' "Save all as HAR" (Chromium, Firefox and Safari write the same
//! HAR 1.2 shape) as scenarios: one per cross-origin request, in order,
//! each with its preflight (the `OPTIONS` entry with
//! `Access-Control-Request-Method` for the same URL before it, or the one
//! Chromium marks as its preflight after it: Chromium orders entries by
//! when each was issued, a preflight after its request) and its
//! redirects (the entries its `redirectURL`s lead to); and, when it holds
//! several, all of them as one version-2 timeline ([`HarImport::timeline`]),
//! each at the time it started and each server answer given once, in
//! order. The values of `Cookie`, `Authorization` and `Set-Cookie` are
//! replaced by placeholders as the JSON is read, before anything else looks
//! at them. Chromium's default export ("Export HAR (sanitized)") leaves
//! `Cookie` and `Authorization` out of the requests: a header the
//! preflight's `Access-Control-Request-Headers` names comes back with a
//! placeholder value, and credentials are guessed "include" when the
//! browser failed the request (`_error`) and only they explain it. Web
//! Inspector's export (Safari, WebKit: creator "WebKit Web Inspector")
//! has neither preflights nor the requests that failed: a request there
//! that needed a preflight had one that allowed it, guessed. Firefox's
//! writes a preflight after its request too, marked by nothing but its
//! method. The real exports under `tests/fixtures/har/` are imported by
//! `tests/cli/har.rs`.

use serde_json::Value;

use corsim_core::scenario::{MAX_HEADERS, MAX_RESPONSES};

use super::{
    bounded, cap_headers, clip, draft, origin_of, page_from, redact, redacted_note,
    sort_request_headers, Guess, Import, ImportError, PLACEHOLDER,
};
use crate::draft::{Draft, Headers, ResponseDraft};

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
    /// When it started (`startedDateTime`), in milliseconds since 1970.
    pub started_ms: Option<u64>,
}

impl HarImport {
    /// The HAR's requests as one version-2 document: each request with its
    /// page (when it is not the first one's) and its time after the first,
    /// and every server answer the HAR recorded, each answering once
    /// (`times: 1`) so that the same URL may answer differently later, as
    /// it did.
    pub fn timeline(&self) -> serde_json::Value {
        use serde_json::{json, Map};
        let first = self.requests.first();
        let page = first
            .map(|r| r.import.draft.page.clone())
            .unwrap_or_default();
        let start = first.and_then(|r| r.started_ms);
        let mut at_ms = 0;
        let mut requests = Vec::new();
        let mut server = Vec::new();
        for r in &self.requests {
            let doc = r.import.draft.to_value();
            let Some(mut request) = doc["request"].as_object().cloned() else {
                continue;
            };
            if let (Some(start), Some(started)) = (start, r.started_ms) {
                // In order, as the contract requires, even when entries
                // started out of order.
                at_ms = at_ms.max(started.saturating_sub(start));
            }
            if at_ms > 0 {
                request.insert("at".into(), json!(at_ms as f64 / 1000.0));
            }
            if r.import.draft.page != page {
                request.insert("page".into(), json!(r.import.draft.page));
            }
            let url = request.get("url").cloned().unwrap_or_default();
            for entry in doc["server"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let mut entry: Map<String, Value> = entry.as_object().cloned().unwrap_or_default();
                entry.entry("url").or_insert_with(|| url.clone());
                entry.insert("times".into(), json!(1));
                server.push(Value::Object(entry));
            }
            requests.push(Value::Object(request));
        }
        json!({"version": 2, "title": "Imported from a HAR", "page": page, "requests": requests, "server": server})
    }

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

/// Who wrote the HAR (`log.creator.name`), where it changes how to read it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Creator {
    /// Safari's (WebKit's) Web Inspector: it records no preflight, and
    /// exports only the requests that finished (WebInspectorUI's
    /// NetworkTableContentView `_HARResources` keeps `resource.finished`;
    /// a failed one is not).
    WebInspector,
    /// Firefox's netmonitor: a preflight after its request, unmarked.
    Firefox,
    Other,
}

struct Entry {
    started_ms: Option<u64>,
    /// Chromium marks a preflight (`_resourceType` and `_initiator.type`
    /// `preflight`) and lists it after its request.
    preflight: bool,
    /// Chromium's `_error` (`net::ERR_FAILED`): the browser failed the
    /// request, even when the server's answer is recorded.
    error: Option<String>,
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
                started_ms: e["startedDateTime"].as_str().and_then(epoch_ms),
                preflight: e["_resourceType"] == "preflight"
                    || e["_initiator"]["type"] == "preflight",
                error: e["response"]["_error"]
                    .as_str()
                    .filter(|s| !s.is_empty())
                    .map(|s| clip(s, 80)),
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
    let creator = match log["creator"]["name"].as_str() {
        Some("WebKit Web Inspector") => Creator::WebInspector,
        Some("Firefox") => Creator::Firefox,
        _ => Creator::Other,
    };
    let web_inspector = creator == Creator::WebInspector;
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
        requests.push(one(&entries, i, page_url.as_deref(), creator, &mut used));
    }
    if skipped > 0 {
        notes.push(format!(
            "{skipped} more cross-origin requests left out: one HAR makes at most {MAX_SCENARIOS} scenarios"
        ));
    }
    if requests.is_empty() {
        let why = if web_inspector {
            " (Safari's Web Inspector leaves the requests that failed, a CORS failure among them, out of its export)"
        } else {
            ""
        };
        return Err(ImportError::Unrecognised(format!(
            "no cross-origin request in the HAR's {} entries{why}",
            entries.len()
        )));
    }
    Ok(HarImport { requests, notes })
}

fn one(
    entries: &[Entry],
    i: usize,
    page_url: Option<&str>,
    creator: Creator,
    used: &mut [bool],
) -> HarRequest {
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
    // Its preflight: the last OPTIONS entry for the URL before it, or,
    // as Chromium and Firefox order them (by when each was issued), the
    // preflight entry after it, before the next request to the URL
    // (Chromium marks it; in Firefox's, any OPTIONS entry asking for the
    // request's method is one).
    let preflight_of = |j: usize| {
        !used[j]
            && entries[j].method == "OPTIONS"
            && entries[j].url == e.url
            && header(&entries[j].request_headers, "access-control-request-method")
                .is_some_and(|m| m.eq_ignore_ascii_case(&e.method))
    };
    let after = || {
        (i + 1..entries.len())
            .take_while(|&j| entries[j].url != e.url || entries[j].method == "OPTIONS")
            .find(|&j| (entries[j].preflight || creator == Creator::Firefox) && preflight_of(j))
    };
    let preflight = (0..i).rev().find(|&j| preflight_of(j)).or_else(after);
    if let Some(p) = preflight {
        used[p] = true;
        d.server
            .push(response(&entries[p], Some("OPTIONS"), None, &mut notes));
        headers_the_preflight_names(&mut d, &entries[p], &mut guesses);
    }
    d.server.push(response(e, None, None, &mut notes));
    if creator == Creator::WebInspector && preflight.is_none() && e.status != 0 {
        the_preflight_web_inspector_left_out(&mut d, &mut guesses);
    }
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
    if let Some(error) = &e.error {
        credentials_a_sanitized_export_hid(&mut d, e, error, &mut guesses);
    }
    HarRequest {
        entry: i,
        started_ms: e.started_ms,
        summary: format!("{} {}", e.method, e.url),
        import: Import {
            draft: d,
            guesses,
            notes,
        },
    }
}

/// The request headers the preflight's `Access-Control-Request-Headers`
/// names but the request's entry lacks: DevTools' default export
/// ("Export HAR (sanitized)") leaves `Authorization` out of the request,
/// not out of the preflight's list. Each is added with a placeholder value.
fn headers_the_preflight_names(d: &mut Draft, preflight: &Entry, guesses: &mut Vec<Guess>) {
    let Some(names) = header(&preflight.request_headers, "access-control-request-headers") else {
        return;
    };
    let names = names
        .split(',')
        .map(str::trim)
        .filter(|n| n.len() <= 100 && corsim_core::header::is_header_name(n));
    for name in names {
        if d.request.headers.len() >= MAX_HEADERS
            || d.request
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            continue;
        }
        let name = if name.eq_ignore_ascii_case("authorization") {
            "Authorization".to_string()
        } else {
            name.to_string()
        };
        guesses.push(Guess {
            path: format!("request.headers[{}]", d.request.headers.len()),
            value: format!("{name}: {PLACEHOLDER}"),
            why: "the preflight's Access-Control-Request-Headers names it but the request's entry does not have it (DevTools' sanitized export leaves Authorization out); its value is unknown".to_string(),
        });
        d.request.headers.push((name, PLACEHOLDER.to_string()));
    }
}

/// A request in Web Inspector's export finished (the export has no other),
/// but the scenario, without the preflight Web Inspector never records,
/// fails: the browser's preflight was answered, and allowed it. The
/// answer is guessed: 204 allowing the origin the response allows, the
/// method and the request's headers (and credentials, when the response
/// allows them), kept only when the request then works.
fn the_preflight_web_inspector_left_out(d: &mut Draft, guesses: &mut Vec<Guess>) {
    use corsim_core::verdict::Outcome;
    let fails = |d: &Draft| {
        d.evaluate()
            .is_ok_and(|v| v.outcome == Outcome::NetworkError)
    };
    if !fails(d) {
        return;
    }
    let answer = d
        .server
        .last()
        .map(|r| r.headers.clone())
        .unwrap_or_default();
    let origin = header(&answer, "access-control-allow-origin")
        .map(str::to_string)
        .or_else(|| origin_of(&d.page))
        .unwrap_or_default();
    let mut headers: Headers = vec![
        ("Access-Control-Allow-Origin".to_string(), origin),
        (
            "Access-Control-Allow-Methods".to_string(),
            d.request.method.clone(),
        ),
    ];
    let names: Vec<&str> = d.request.headers.iter().map(|(n, _)| n.as_str()).collect();
    if !names.is_empty() {
        headers.push(("Access-Control-Allow-Headers".to_string(), names.join(", ")));
    }
    if let Some(v) = header(&answer, "access-control-allow-credentials") {
        headers.push((
            "Access-Control-Allow-Credentials".to_string(),
            v.to_string(),
        ));
    }
    let mut with = d.clone();
    let preflight = ResponseDraft {
        method: Some("OPTIONS".to_string()),
        ..ResponseDraft::new(None, 204, headers)
    };
    with.server.insert(with.server.len() - 1, preflight);
    if fails(&with) {
        return;
    }
    let summary = with.server[with.server.len() - 2]
        .headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>()
        .join("; ");
    *d = with;
    guesses.push(Guess {
        path: format!("server[{}]", d.server.len() - 2),
        value: format!("OPTIONS 204 {summary}"),
        why: "the request needed a preflight and finished, so its preflight allowed it; Safari's Web Inspector records no preflight, so its answer is guessed".to_string(),
    });
}

/// A request the browser failed (Chromium's `_error`) although the server's
/// answer, as recorded, lets the scenario read it, and that fails as it did
/// once credentials are included: DevTools' default export ("Export HAR
/// (sanitized)") leaves out the `Cookie` header that said they were.
fn credentials_a_sanitized_export_hid(
    d: &mut Draft,
    e: &Entry,
    error: &str,
    guesses: &mut Vec<Guess>,
) {
    use corsim_core::scenario::CredentialsMode;
    use corsim_core::verdict::Outcome;
    let fails = |d: &Draft| {
        d.evaluate()
            .is_ok_and(|v| v.outcome == Outcome::NetworkError)
    };
    // What Chromium reports for a CORS failure; others (a reset, a
    // length mismatch) are no sign of credentials.
    if error != "net::ERR_FAILED"
        || e.status == 0
        || d.request.credentials == CredentialsMode::Include
        || fails(d)
    {
        return;
    }
    let mut with = d.clone();
    with.request.credentials = CredentialsMode::Include;
    if fails(&with) {
        *d = with;
        guesses.push(Guess {
            path: "request.credentials".to_string(),
            value: "include".to_string(),
            why: format!("the browser failed the request ({error}) although the answer the HAR recorded allows it without credentials; with credentials it fails: DevTools' sanitized export leaves the Cookie header out"),
        });
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

/// An ISO 8601 time as HARs write `startedDateTime`
/// (`2026-12-06T18:14:17.123Z`, or with an offset such as `+01:00`), in
/// milliseconds since 1970; `None` when it is not one.
fn epoch_ms(text: &str) -> Option<u64> {
    let (date, time) = text.split_once('T')?;
    let mut ymd = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (ymd.next()??, ymd.next()??, ymd.next()??);
    // The offset: `Z`, or `+hh:mm` / `-hh:mm` after the seconds.
    let (clock, offset_minutes) = match time.find(['Z', '+', '-']) {
        Some(i) => {
            let (clock, zone) = time.split_at(i);
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let zone = zone.trim_start_matches(['Z', '+', '-']);
            let mut hm = zone.split(':').map(|p| p.parse::<i64>().ok());
            let minutes = match (hm.next().flatten(), hm.next().flatten()) {
                (Some(h), Some(mm)) => h * 60 + mm,
                _ => 0,
            };
            (clock, sign * minutes)
        }
        None => (time, 0),
    };
    let mut hms = clock.splitn(3, ':');
    let h: i64 = hms.next()?.parse().ok()?;
    let min: i64 = hms.next()?.parse().ok()?;
    let seconds: f64 = hms.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(0.0..61.0).contains(&seconds) {
        return None;
    }
    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
    // days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let ms = ((days * 24 + h) * 60 + min - offset_minutes) * 60_000 + (seconds * 1000.0) as i64;
    u64::try_from(ms).ok()
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
    fn times_read_as_iso_8601() {
        assert_eq!(epoch_ms("1970-01-01T00:00:01.500Z"), Some(1500));
        assert_eq!(
            epoch_ms("2026-12-06T18:14:17.123Z"),
            Some(1_796_580_857_123)
        );
        assert_eq!(
            epoch_ms("2026-12-06T19:14:17.123+01:00"),
            epoch_ms("2026-12-06T18:14:17.123Z")
        );
        assert_eq!(epoch_ms("yesterday"), None);
        assert_eq!(epoch_ms("2026-13-01T00:00:00Z"), None);
    }

    /// Several requests make one timeline: in order, at their times, each
    /// answer given once; it is a valid version-2 document.
    #[test]
    fn several_requests_make_one_timeline() {
        let har = HAR
            .replace(
                r#"{"request": {"method": "OPTIONS""#,
                r#"{"startedDateTime": "2026-12-06T18:00:00.000Z", "request": {"method": "OPTIONS""#,
            )
            .replace(
                r#"{"request": {"method": "PUT""#,
                r#"{"startedDateTime": "2026-12-06T18:00:00.100Z", "request": {"method": "PUT""#,
            )
            .replace(
                r#"{"request": {"method": "GET", "url": "https://cdn"#,
                r#"{"startedDateTime": "2026-12-06T18:00:02.600Z", "request": {"method": "GET", "url": "https://cdn"#,
            );
        let doc = import(&har).unwrap().timeline();
        let timeline = corsim_core::scenario::Timeline::from_value(&doc).expect("valid");
        assert_eq!(timeline.requests.len(), 2);
        assert_eq!(timeline.requests[1].at_ms, 2500);
        assert_eq!(timeline.server.len(), 3);
        assert!(timeline
            .server
            .iter()
            .all(|s| s.times == Some(1) && s.url.is_some()));
        let verdict = corsim_core::evaluate_timeline(&timeline);
        assert_eq!(verdict.browsers.chromium.requests.len(), 2);
    }

    /// Chromium lists a preflight after its request (tests/cli/har.rs
    /// imports its real exports): each request gets its own, one whose
    /// preflight was cached none, and none is used twice.
    #[test]
    fn a_preflight_written_after_its_request_is_its_own() {
        let put = |t: &str| {
            format!(
                r#"{{"_resourceType": "fetch", "startedDateTime": "2026-12-06T18:00:0{t}.000Z", "request": {{"method": "PUT", "url": "https://api.example.com/x", "headers": [{{"name": "X-A", "value": "1"}}]}}, "response": {{"status": 200, "headers": [{{"name": "Access-Control-Allow-Origin", "value": "*"}}]}}}}"#
            )
        };
        let preflight = |methods: &str| {
            format!(
                r#"{{"_resourceType": "preflight", "_initiator": {{"type": "preflight"}}, "request": {{"method": "OPTIONS", "url": "https://api.example.com/x", "headers": [{{"name": "Access-Control-Request-Method", "value": "PUT"}}, {{"name": "Access-Control-Request-Headers", "value": "x-a"}}]}}, "response": {{"status": 204, "headers": [{{"name": "Access-Control-Allow-Origin", "value": "*"}}, {{"name": "Access-Control-Allow-Methods", "value": "{methods}"}}, {{"name": "Access-Control-Allow-Headers", "value": "x-a"}}]}}}}"#
            )
        };
        let har = format!(
            r#"{{"log": {{"pages": [{{"title": "https://app.example.com/"}}], "entries": [{}, {}, {}, {}, {}]}}}}"#,
            put("1"),
            preflight("PUT"),
            put("2"),
            put("3"),
            preflight("PUT, DELETE"),
        );
        let har = import(&har).unwrap();
        let preflights: Vec<_> = har
            .requests
            .iter()
            .map(|r| {
                let server = &r.import.draft.server;
                server
                    .iter()
                    .find(|s| s.is_preflight())
                    .and_then(|s| s.header("Access-Control-Allow-Methods"))
            })
            .collect();
        assert_eq!(preflights, [Some("PUT"), None, Some("PUT, DELETE")]);
        assert!(har.requests.iter().all(|r| r.import.guesses.is_empty()));
    }

    /// Firefox writes a preflight after its request too, unmarked: in its
    /// export (and only there) an OPTIONS entry after the request, asking
    /// for its method, is its preflight.
    #[test]
    fn firefoxs_unmarked_preflight_after_its_request_is_its_own() {
        let har = |creator: &str| {
            format!(
                r#"{{"log": {{"creator": {{"name": "{creator}"}}, "pages": [{{"title": "http://app.example.test/x"}}], "entries": [
                  {{"request": {{"method": "DELETE", "url": "http://api.example.test/items/7", "headers": [{{"name": "Origin", "value": "http://app.example.test"}}]}}, "response": {{"status": 0, "headers": []}}}},
                  {{"request": {{"method": "OPTIONS", "url": "http://api.example.test/items/7", "headers": [{{"name": "Origin", "value": "http://app.example.test"}}, {{"name": "Access-Control-Request-Method", "value": "DELETE"}}]}},
                   "response": {{"status": 204, "headers": [{{"name": "Access-Control-Allow-Origin", "value": "http://app.example.test"}}, {{"name": "Access-Control-Allow-Methods", "value": "GET, POST"}}]}}}}
                ]}}}}"#
            )
        };
        let firefox = import(&har("Firefox")).unwrap();
        let server = &firefox.requests[0].import.draft.server;
        assert!(server[0].is_preflight());
        assert_eq!(
            server[0].header("Access-Control-Allow-Methods"),
            Some("GET, POST")
        );
        let other = import(&har("Other")).unwrap();
        assert!(!other.requests[0].import.draft.server[0].is_preflight());
    }

    /// A sanitized export leaves Cookie and Authorization out of the
    /// request: the preflight's Access-Control-Request-Headers brings a
    /// header back, and the browser's `_error` on an answer that would do
    /// without credentials makes them a guess; a request that failed for
    /// another reason (the answer, or an error that is not a CORS one), or
    /// that worked, is left as it is.
    #[test]
    fn what_a_sanitized_export_left_out_is_guessed() {
        let entry = |url: &str, acao: &str, error: &str| {
            format!(
                r#"{{"request": {{"method": "GET", "url": "{url}", "headers": [{{"name": "Origin", "value": "https://app.example.com"}}]}}, "response": {{"status": 200, "_error": {error}, "headers": [{{"name": "Access-Control-Allow-Origin", "value": "{acao}"}}]}}}}"#
            )
        };
        let har = format!(
            r#"{{"log": {{"entries": [{}, {}, {}, {}, {}]}}}}"#,
            entry("https://api.example.com/a", "*", r#""net::ERR_FAILED""#),
            entry("https://api.example.com/b", "*", "null"),
            entry(
                "https://api.example.com/e",
                "*",
                r#""net::ERR_CONTENT_LENGTH_MISMATCH""#,
            ),
            entry(
                "https://api.example.com/c",
                "https://other.example",
                r#""net::ERR_FAILED""#
            ),
            r#"{"request": {"method": "OPTIONS", "url": "https://api.example.com/d", "headers": [{"name": "Origin", "value": "https://app.example.com"}, {"name": "Access-Control-Request-Method", "value": "GET"}, {"name": "Access-Control-Request-Headers", "value": "authorization,x-trace"}]},
               "response": {"status": 204, "headers": [{"name": "Access-Control-Allow-Origin", "value": "*"}]}},
              {"request": {"method": "GET", "url": "https://api.example.com/d", "headers": [{"name": "Origin", "value": "https://app.example.com"}, {"name": "X-Trace", "value": "7"}]},
               "response": {"status": 0, "_error": "net::ERR_FAILED", "headers": []}}"#,
        );
        let har = import(&har).unwrap();
        let credentials: Vec<_> = har
            .requests
            .iter()
            .map(|r| r.import.draft.request.credentials)
            .collect();
        use corsim_core::scenario::CredentialsMode::{Include, SameOrigin};
        assert_eq!(
            credentials,
            [Include, SameOrigin, SameOrigin, SameOrigin, SameOrigin]
        );
        assert_eq!(
            har.requests[0].import.guesses[0].path,
            "request.credentials"
        );
        assert!(har.requests[1..4]
            .iter()
            .all(|r| r.import.guesses.is_empty()));
        let d = &har.requests[4].import.draft;
        assert_eq!(
            d.request.headers,
            [
                ("X-Trace".to_string(), "7".to_string()),
                ("Authorization".to_string(), PLACEHOLDER.to_string())
            ]
        );
        assert_eq!(har.requests[4].import.guesses[0].path, "request.headers[1]");
    }

    /// Web Inspector's export: no preflight, and no request that failed.
    const WEB_INSPECTOR: &str = r#"{"log": {"creator": {"name": "WebKit Web Inspector", "version": "1.0"}, "pages": [{"title": "http://app.example.test/timeline"}], "entries": [
      {"request": {"method": "GET", "url": "http://app.example.test/timeline", "headers": []}, "response": {"status": 200, "headers": []}},
      {"request": {"method": "POST", "url": "http://api.example.test/items", "headers": [{"name": "Content-Type", "value": "application/json"}, {"name": "Origin", "value": "http://app.example.test"}]},
       "response": {"status": 201, "headers": [{"name": "Access-Control-Allow-Origin", "value": "http://app.example.test"}]}},
      {"request": {"method": "GET", "url": "http://api.example.test/config", "headers": [{"name": "Origin", "value": "http://app.example.test"}]},
       "response": {"status": 200, "headers": [{"name": "Access-Control-Allow-Origin", "value": "http://app.example.test"}]}}
    ]}}"#;

    #[test]
    fn web_inspectors_export_gets_the_preflight_it_left_out() {
        use corsim_core::verdict::Outcome;
        let har = import(WEB_INSPECTOR).unwrap();
        assert_eq!(har.requests.len(), 2);
        let post = &har.requests[0].import;
        assert!(post.draft.server[0].is_preflight());
        assert_eq!(
            post.draft.server[0].header("Access-Control-Allow-Methods"),
            Some("POST")
        );
        assert_eq!(
            post.draft.server[0].header("Access-Control-Allow-Headers"),
            Some("Content-Type")
        );
        assert_eq!(post.guesses[0].path, "server[0]");
        assert_eq!(post.draft.evaluate().unwrap().outcome, Outcome::Readable);
        // A GET needs none: nothing is guessed.
        let get = &har.requests[1].import;
        assert_eq!(get.draft.server.len(), 1);
        assert!(get.guesses.is_empty());
        // Another browser's export without the preflight: nothing guessed.
        let other = import(&WEB_INSPECTOR.replace("WebKit Web Inspector", "Other")).unwrap();
        assert_eq!(other.requests[0].import.draft.server.len(), 1);
        // Only the page: the failed requests were left out, and it says so.
        let page_only = r#"{"log": {"creator": {"name": "WebKit Web Inspector"}, "pages": [{"title": "http://app.example.test/x"}], "entries": [
          {"request": {"method": "GET", "url": "http://app.example.test/x", "headers": []}, "response": {"status": 200, "headers": []}}]}}"#;
        assert!(import(page_only)
            .unwrap_err()
            .to_string()
            .contains("Web Inspector leaves the requests that failed"));
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
