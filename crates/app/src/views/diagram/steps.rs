//! What each step of the fetch says: the `fetch()` call, each request and
//! response on the wire with the headers that matter, where the browser
//! stopped and why, and what the script gets, each with its sentence for the
//! text equivalent.

use corsim_core::explain;
use corsim_core::failure::Failure;
use corsim_core::fetch::{answer, Response};
use corsim_core::scenario::{RedirectMode, RequestMode, Scenario};
use corsim_core::verdict::{Outcome, Verdict, WireEntry, WireKind};
use url::Url;

use super::labels::Split;
use super::layout::{path_of, BROWSER, MAX_HEADER_LINES, SCRIPT};
use super::{Detail, LabelStyle, Message, RowKind};
use crate::draft::Draft;

pub(super) fn call(draft: &Draft, verdict: &Verdict) -> Message {
    let r = &draft.request;
    let mut options = vec![
        format!("mode: {}", r.mode.as_str()),
        format!("credentials: {}", r.credentials.as_str()),
    ];
    if r.redirect != RedirectMode::Follow {
        options.push(format!("redirect: {}", r.redirect.as_str()));
    }
    let mut details = vec![
        Detail::new(
            format!("{} {}", r.method, r.url),
            LabelStyle::Detail,
            Split::Method,
        ),
        Detail::new(options.join(", "), LabelStyle::Detail, Split::Words),
    ];
    details.extend(header_lines(&r.headers, |_| LabelStyle::Detail));
    let page = if verdict.origin == "null" {
        "The script, on a page whose origin is opaque (null),".to_string()
    } else {
        format!("The script on {}", verdict.origin)
    };
    let mut text = format!(
        "{page} calls fetch() for {} {} with mode {}, credentials {}",
        r.method,
        r.url,
        r.mode.as_str(),
        r.credentials.as_str()
    );
    if r.redirect != RedirectMode::Follow {
        text.push_str(&format!(", redirect {}", r.redirect.as_str()));
    }
    if r.headers.is_empty() {
        text.push_str(" and no headers.");
    } else {
        text.push_str(&format!(
            " and the headers {}.",
            header_sentence(&r.headers)
        ));
    }
    Message {
        kind: RowKind::Call,
        from: SCRIPT,
        to: BROWSER,
        title: "fetch()".to_string(),
        details,
        text,
    }
}

pub(super) fn request(entry: &WireEntry, server: usize) -> Message {
    let line = format!("{} {}", entry.method, entry.url);
    let text = match entry.kind {
        WireKind::Preflight => format!("The browser sends a preflight request: {line}"),
        WireKind::Main => format!("The browser sends the request: {line}"),
        WireKind::Redirect => format!("The browser follows the redirect: {line}"),
    };
    let text = if entry.headers.is_empty() {
        format!("{text}, with no Origin or other CORS headers.")
    } else {
        format!("{text}, with {}.", header_sentence(&entry.headers))
    };
    let title = match entry.kind {
        WireKind::Preflight => format!("{} {} (preflight)", entry.method, path_of(&entry.url)),
        WireKind::Main => format!("{} {}", entry.method, path_of(&entry.url)),
        WireKind::Redirect => format!("{} {} (redirected)", entry.method, path_of(&entry.url)),
    };
    Message {
        kind: RowKind::Request(entry.kind),
        from: BROWSER,
        to: server,
        title,
        details: header_lines(&entry.headers, cors_style),
        text,
    }
}

pub(super) fn response(
    entry: &WireEntry,
    server: usize,
    server_name: &str,
    scenario: Option<&Scenario>,
) -> Message {
    // The response this request got, from the entry the core says answered
    // it; the status check guards against a verdict from another scenario.
    let answered = scenario.and_then(|s| {
        let response = entry
            .answered_by
            .map_or_else(Response::unmatched, |index| answer(s, index));
        (response.status == entry.status).then_some(response)
    });
    let headers: Vec<(String, String)> = answered
        .as_ref()
        .map(|r| {
            r.headers
                .iter()
                .map(|h| (h.name.clone(), h.value_lossy()))
                .collect()
        })
        .unwrap_or_default();
    let scripted = answered.as_ref().is_some_and(|r| r.entry.is_some());
    // CORS headers first: they are what the browser checks.
    let (cors, other): (Vec<_>, Vec<_>) = headers.into_iter().partition(|(n, _)| is_cors(n));
    let ordered: Vec<(String, String)> = cors.into_iter().chain(other).collect();

    let status = status_line(entry.status);
    let mut details = header_lines(&ordered, cors_style);
    let text = if !scripted && answered.is_some() {
        details.push(Detail::new(
            "(no server entry matches: the default 404)",
            LabelStyle::Detail,
            Split::Words,
        ));
        format!("No server entry matches, so the server at {server_name} answers {status} with no headers.")
    } else if ordered.is_empty() {
        format!("The server at {server_name} answers {status} with no headers.")
    } else {
        format!(
            "The server at {server_name} answers {status} with {}.",
            header_sentence(&ordered)
        )
    };
    Message {
        kind: RowKind::Response(entry.kind),
        from: server,
        to: BROWSER,
        title: status,
        details,
        text,
    }
}

pub(super) fn local(draft: &Draft) -> Message {
    let scheme = Url::parse(&draft.request.url)
        .map(|u| u.scheme().to_string())
        .unwrap_or_default();
    Message {
        kind: RowKind::Local,
        from: BROWSER,
        to: BROWSER,
        title: format!("A {scheme}: URL is read locally"),
        details: vec![Detail::new(
            "Nothing is sent on the network.",
            LabelStyle::Detail,
            Split::Words,
        )],
        text: format!(
            "The browser reads the {scheme}: URL itself: nothing is sent on the network."
        ),
    }
}

pub(super) fn stop(failure: Option<&Failure>) -> Message {
    let (title, reason) = match failure {
        Some(failure) => {
            // The heading already says where it stopped; the explanation
            // often opens with the same words ("the response fails the CORS
            // check: …"), which are not repeated.
            let (_, what) = stop_where(failure);
            let reason = plain(&explain::failure(failure));
            let reason = reason
                .strip_prefix(&format!("{what}: "))
                .map(str::to_string)
                .unwrap_or(reason);
            (stop_title(failure), reason)
        }
        None => (
            "Stopped".to_string(),
            "the browser returned a network error".to_string(),
        ),
    };
    let text = format!("{title}: {reason}.");
    Message {
        kind: RowKind::Stop,
        from: BROWSER,
        to: BROWSER,
        title,
        details: vec![Detail::new(
            corsim_core::explain::capitalized(&reason),
            LabelStyle::Detail,
            Split::Words,
        )],
        text,
    }
}

/// The stop mark's heading: whether anything was sent, and where in the
/// fetch the failure happened.
fn stop_title(failure: &Failure) -> String {
    let (sent, what) = stop_where(failure);
    format!("{sent}: {what}")
}

fn stop_where(failure: &Failure) -> (&'static str, &'static str) {
    const NOT_SENT: &str = "Not sent";
    const STOPPED: &str = "Stopped";
    if failure.thrown_by_request_constructor() {
        return (NOT_SENT, "new Request() throws");
    }
    match failure {
        Failure::MixedContent { .. }
        | Failure::BadPort { .. }
        | Failure::SameOriginModeCrossOrigin { .. }
        | Failure::NoCorsRedirectNotFollow { .. }
        | Failure::SchemeNotSupported { .. }
        | Failure::SchemeFetchUnsupported { .. }
        | Failure::LocalResourceNotAllowed { .. }
        | Failure::CorsDisabledScheme { .. } => (NOT_SENT, "the browser blocks the request"),
        Failure::LocalResourceNotFound { .. } => (NOT_SENT, "there is nothing to read"),
        Failure::PreflightRedirect { .. }
        | Failure::PreflightAccess { .. }
        | Failure::PreflightStatus { .. }
        | Failure::InvalidAllowMethods { .. }
        | Failure::InvalidAllowHeaders { .. }
        | Failure::MethodNotAllowed { .. }
        | Failure::HeaderNotAllowed { .. } => (STOPPED, "the preflight fails"),
        Failure::ResponseAccess { .. } => (STOPPED, "the response fails the CORS check"),
        _ => (STOPPED, "the redirect is refused"),
    }
}

pub(super) fn result(draft: &Draft, verdict: &Verdict) -> Message {
    let status = verdict.status.unwrap_or(0);
    let thrown = verdict
        .failure
        .as_ref()
        .is_some_and(Failure::thrown_by_request_constructor);
    let (title, mut text) = match verdict.outcome {
        Outcome::Readable => (
            format!("Response (status {status}, readable)"),
            format!("The script gets the response: status {status}, readable."),
        ),
        Outcome::Opaque if draft.request.mode == RequestMode::NoCors => (
            "opaque response (status 0)".to_string(),
            "The script gets an opaque response: status 0, no headers and no body, and no error."
                .to_string(),
        ),
        Outcome::Opaque => (
            "opaque-redirect response (status 0)".to_string(),
            "The script gets an opaque-redirect response: status 0, no headers and no body."
                .to_string(),
        ),
        Outcome::NetworkError if thrown => (
            "TypeError: fetch() rejects".to_string(),
            "fetch() rejects with a TypeError: nothing was sent.".to_string(),
        ),
        Outcome::NetworkError => (
            "TypeError: Failed to fetch".to_string(),
            "fetch() rejects with TypeError: Failed to fetch; the script is not told why."
                .to_string(),
        ),
    };
    let mut details = Vec::new();
    if verdict.outcome == Outcome::Readable {
        if !verdict.exposed_headers.is_empty() {
            let list = verdict.exposed_headers.join(", ");
            details.push(Detail::new(
                format!("can read: {list}"),
                LabelStyle::Detail,
                Split::Header,
            ));
            text.push_str(&format!(" It can read the headers {list}."));
        }
        if !verdict.hidden_headers.is_empty() {
            let list = verdict.hidden_headers.join(", ");
            details.push(Detail::new(
                format!("cannot read: {list}"),
                LabelStyle::Detail,
                Split::Header,
            ));
            text.push_str(&format!(" It cannot read {list}."));
        }
    }
    Message {
        kind: RowKind::Result(verdict.outcome),
        from: BROWSER,
        to: SCRIPT,
        title,
        details,
        text,
    }
}

pub(super) fn summary(draft: &Draft, verdict: &Verdict) -> String {
    let sent: Vec<&str> = verdict.wire.iter().map(|w| w.method.as_str()).collect();
    let sent = match sent.as_slice() {
        [] => "sends nothing".to_string(),
        [one] => format!("sends {one}"),
        [rest @ .., last] => format!("sends {}, then {last}", rest.join(", ")),
    };
    let stopped = match (&verdict.failure, verdict.outcome) {
        (Some(failure), Outcome::NetworkError) => {
            format!(" and stops: {}", stop_where(failure).1)
        }
        _ => String::new(),
    };
    let gets = match verdict.outcome {
        Outcome::Readable => format!(
            "a readable response with status {}",
            verdict.status.unwrap_or(0)
        ),
        Outcome::Opaque => "an opaque response with status 0".to_string(),
        Outcome::NetworkError => "a TypeError".to_string(),
    };
    format!(
        "Sequence diagram: the script calls fetch() for {} {}; the browser {sent}{stopped}; the script gets {gets}.",
        draft.request.method, draft.request.url
    )
}

fn is_cors(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "origin"
        || lower == "vary"
        || lower == "location"
        || lower.starts_with("access-control-")
}

fn cors_style(name: &str) -> LabelStyle {
    if is_cors(name) {
        LabelStyle::CorsHeader
    } else {
        LabelStyle::Detail
    }
}

/// `Name: value` lines, at most [`MAX_HEADER_LINES`], the rest counted.
fn header_lines(headers: &[(String, String)], style: impl Fn(&str) -> LabelStyle) -> Vec<Detail> {
    let mut lines: Vec<Detail> = headers
        .iter()
        .take(MAX_HEADER_LINES)
        .map(|(n, v)| Detail::new(format!("{n}: {v}"), style(n), Split::Header))
        .collect();
    if headers.len() > MAX_HEADER_LINES {
        let more = headers.len() - MAX_HEADER_LINES;
        let word = if more == 1 { "header" } else { "headers" };
        lines.push(Detail::new(
            format!("… and {more} more {word}"),
            LabelStyle::Detail,
            Split::Words,
        ));
    }
    lines
}

/// Headers in a sentence, separated by semicolons (values hold commas).
fn header_sentence(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A status with its reason phrase, when it is a common one.
fn status_line(status: u16) -> String {
    let phrase = match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => return status.to_string(),
    };
    format!("{status} {phrase}")
}

/// The explanations mark code with backticks; the diagram and a screen reader
/// do better without them.
fn plain(text: &str) -> String {
    text.replace('`', "")
}
