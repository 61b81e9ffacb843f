//! A console error, as a person copies it from Chromium's DevTools, Firefox's
//! console or Safari's Web Inspector (or from a terminal or a chat that
//! wrapped it and curled its quotes), turned back into the scenario that
//! makes that browser print that line again.
//!
//! The line shapes are the templates of `crates/core/src/console/` (one
//! file per browser), inverted: each pattern below is a template with its
//! `{placeholders}` captured instead of filled, and the round-trip test
//! (`tests/app/import.rs`) checks every line the core prints for the goldens
//! and presets against them. What a line does not say (the page when
//! Firefox leaves it out, the method, a status) is filled with the most
//! likely value and reported as a [`Guess`]; where one line has several
//! causes (Safari's `Origin … is not allowed by Access-Control-Allow-Origin`),
//! every cause is a [`Candidate`].

use corsim_core::browser::Browser;
use corsim_core::scenario::{
    AddressSpace, CredentialsMode, CrossOrigin, Fail, Initiator, RedirectMode, RequestMode,
};

use super::{bounded, clip, draft, guess_page, origin_of, Guess, Import, ImportError};
use crate::draft::{Headers, ResponseDraft};

/// Lines read at most: a console dump longer than this is cut, not read.
const MAX_LINES: usize = 10_000;
/// The longest logical line matched, in characters: a real console line
/// is a few hundred; a URL of a megabyte is not one a person pasted.
const MAX_LINE: usize = 16 * 1024;

/// What a console error imports as: the browser that printed it, and the
/// scenarios that make it print it again, the most likely first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleImport {
    pub browser: Browser,
    /// At least one.
    pub candidates: Vec<Candidate>,
}

/// One possible cause of the line, as a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// What this candidate supposes, for a person choosing between them.
    pub label: String,
    pub import: Import,
}

/// Reads a console error. `Err` says what the text is instead when it is
/// known (mixed content is imported, with a note: the core models it).
pub fn import(text: &str) -> Result<ConsoleImport, ImportError> {
    let text = bounded(text)?;
    let messages = messages(text);
    let mut net: Option<NetLine> = None;
    let mut primary: Option<Reading> = None;
    let mut loader: Option<Loader> = None;
    let mut not_cors: Option<String> = None;
    let mut unknown_cors: Option<String> = None;
    for message in &messages {
        match classify(message) {
            Line::Reading(reading) => {
                if primary.is_none() {
                    primary = Some(*reading);
                }
            }
            Line::WebKitCannotLoad(line) => {
                loader.get_or_insert(line);
            }
            Line::Net(line) => {
                if net.is_none() {
                    net = Some(line);
                }
            }
            Line::NotCors(what) => {
                not_cors.get_or_insert(what);
            }
            Line::UnknownCors(what) => {
                unknown_cors.get_or_insert(what);
            }
            Line::Noise => {}
        }
    }
    let reading = match (primary, loader) {
        (Some(mut reading), Some(loader)) if reading.browser == Browser::WebKit => {
            // The loader's line names the request the reason was about, and
            // what made it.
            if reading.url.is_none() || matches!(reading.why, Why::MixedContent) {
                reading.fetch_url = loader.url;
            }
            reading.initiator = loader.initiator.map(str::to_string);
            reading
        }
        // Chromium's loader prints WebKit's words, alone; WebKit adds its
        // loader's line.
        (Some(mut reading), None)
            if matches!(reading.why, Why::LocalResource) && reading.browser == Browser::WebKit =>
        {
            reading.browser = Browser::Chromium;
            reading
        }
        (Some(reading), _) => reading,
        (None, Some(loader)) => Reading {
            browser: Browser::WebKit,
            // Safari's loader line alone: the reason line was not copied. The
            // most common reason is the one access-control line.
            why: if loader.access_checks {
                Why::OriginNotAllowed
            } else {
                Why::SameOriginMode
            },
            url: loader.url,
            initiator: loader.initiator.map(str::to_string),
            guessed_reason: loader.access_checks,
            ..Reading::default()
        },
        (None, None) => {
            if let Some(what) = unknown_cors {
                return Err(ImportError::Unrecognised(format!(
                    "a CORS error corsim does not model yet: {what}"
                )));
            }
            if let Some(what) = not_cors {
                return Err(ImportError::NotCors(what));
            }
            if let Some(line) = &net {
                return Err(ImportError::Unrecognised(format!(
                    "only Chromium's {} {} line, which says the request failed but not why: copy the \"Access to fetch at …\" line too",
                    line.method,
                    clip(&line.url, 200)
                )));
            }
            return Err(ImportError::Unrecognised(
                "no console error corsim knows: paste the line that says why the request was blocked (Chromium's \"Access to fetch at …\", Firefox's \"Cross-Origin Request Blocked: …\", Safari's \"Origin … is not allowed …\" or \"Fetch API cannot load …\")".to_string(),
            ));
        }
    };
    let candidates = build(&reading, net.as_ref())?;
    Ok(ConsoleImport {
        browser: reading.browser,
        candidates,
    })
}

/// Chromium's network line, `GET https://… net::ERR_FAILED 200 (OK)`: the
/// method, and the status when the response arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
struct NetLine {
    method: String,
    url: String,
    status: Option<u16>,
}

/// What a console line said failed.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
enum Why {
    #[default]
    MissingAllowOrigin,
    WildcardWithCredentials,
    /// Chromium's value; `None`: Firefox's and Safari's lines, which give none.
    MultipleAllowOrigin(Option<String>),
    InvalidAllowOrigin(String),
    /// Chromium's and Firefox's value (Firefox's covers an invalid one too).
    AllowOriginMismatch(String),
    /// Safari's one line for a missing, invalid or other origin.
    OriginNotAllowed,
    AllowCredentialsNotTrue(Option<String>),
    PreflightStatus,
    PreflightRedirect,
    InvalidAllowMethods(Option<String>),
    InvalidAllowHeaders(Option<String>),
    MethodNotAllowed(Option<String>),
    HeaderNotAllowed(String),
    RedirectWithCredentials(Option<String>),
    /// Safari: a redirect to a URL that is not HTTP(S), or no URL at all.
    RedirectNotCorsScheme,
    /// Firefox's `CORS request did not succeed`, `Status code: (null)`.
    DidNotSucceed,
    TooManyRedirects,
    RedirectModeError,
    CorsDisabledScheme,
    SchemeNotSupported,
    FtpDisabled,
    SameOriginMode,
    NoCorsRedirect,
    LocalResource,
    MixedContent,
    BadPort,
    /// Chromium's Local Network Access refusal, with its name for the
    /// address space the URL is in.
    LocalNetworkDenied(String),
    /// Chromium: `fetch()`'s `targetAddressSpace` is not where the URL is.
    TargetSpaceMismatch(AddressSpace),
    /// WebKit: the connection closed before the preflight's answer.
    PreflightConnectionClosed,
}

/// Everything one console line says.
#[derive(Clone, Debug)]
struct Reading {
    browser: Browser,
    why: Why,
    /// What the line names as the request's URL (after redirects).
    url: Option<String>,
    /// The URL `fetch()` was called with, when another line says (Safari's
    /// loader line after a redirect).
    fetch_url: Option<String>,
    /// The page's origin as the line prints it.
    origin: Option<String>,
    /// The page's URL, when the line prints it.
    page: Option<String>,
    /// Chromium's `(redirected from '…')`.
    redirected_from: Option<String>,
    /// Where a refused redirect led (Safari).
    redirect_target: Option<String>,
    status: Option<u16>,
    preflight: bool,
    /// Not `fetch()`: what the line says made the request, in Chromium's
    /// words (`XMLHttpRequest`, `image`, `script`, `font`).
    initiator: Option<String>,
    /// The reason itself is a guess (Safari's loader line alone).
    guessed_reason: bool,
}

impl Default for Reading {
    fn default() -> Reading {
        Reading {
            browser: Browser::Chromium,
            why: Why::default(),
            url: None,
            fetch_url: None,
            origin: None,
            page: None,
            redirected_from: None,
            redirect_target: None,
            status: None,
            preflight: false,
            initiator: None,
            guessed_reason: false,
        }
    }
}

/// WebKit's loader line, after the reason: `Fetch API cannot load URL[ due
/// to access control checks].`, or its words for another initiator.
struct Loader {
    /// `None` for a script, whose line names no URL.
    url: Option<String>,
    access_checks: bool,
    /// Not `fetch()`: what made the request, in Chromium's words.
    initiator: Option<&'static str>,
}

enum Line {
    Reading(Box<Reading>),
    WebKitCannotLoad(Loader),
    Net(NetLine),
    NotCors(String),
    UnknownCors(String),
    Noise,
}

// ---------------------------------------------------------------------------
// Text as pasted → logical lines.

/// Marks where a wrapped line was joined without knowing whether a space
/// was lost there: the matcher reads it as a space or as nothing.
const JOIN: char = '\u{1}';

/// The starts of the lines a console prints (after any `[Error] ` level and
/// source location): a physical line starting with one begins a new
/// message; any other continues the one before (a wrapped line).
const STARTS: &[&str] = &[
    "Access to ",
    "Fetch API cannot load",
    "XMLHttpRequest cannot load",
    "Cannot load image",
    "Cross-origin script load",
    "Mixed Content:",
    "Not allowed to ",
    "Cross-Origin Request Blocked",
    "Blocked loading mixed",
    "Security Error:",
    "Origin ",
    "Cannot use wildcard",
    "Access-Control-Allow-Origin cannot",
    "Credentials flag",
    "Preflight response",
    "Header Access-Control",
    "Method ",
    "Request header field",
    "Cross-origin redirection",
    "Redirection to URL",
    "Load cannot follow",
    "Connection terminated",
    "No-Cors mode",
    "Cross origin requests",
    "FTP URLs",
    "[blocked]",
    "Failed to load resource",
    "Uncaught",
    "TypeError",
    "Refused to ",
    "Content-Security-Policy",
    "Content Security Policy",
    "at ",
    "GET ",
    "POST ",
    "PUT ",
    "DELETE ",
    "PATCH ",
    "HEAD ",
    "OPTIONS ",
];

/// The text as logical lines: quotes straightened, levels and source
/// locations taken off, wrapped lines joined again.
fn messages(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.lines().take(MAX_LINES) {
        if raw.len() > MAX_LINE {
            // No console line is that long: not worth matching.
            continue;
        }
        let had_indent = raw.starts_with([' ', '\t']);
        let line = clean(raw);
        if line.is_empty() {
            out.push(String::new());
            continue;
        }
        let starts = STARTS.iter().any(|s| line.starts_with(s));
        match out.last_mut() {
            Some(last) if !last.is_empty() && (!starts || incomplete(last)) => {
                if last.len() + line.len() > MAX_LINE {
                    continue;
                }
                if had_indent || raw.ends_with(' ') {
                    last.push(' ');
                } else {
                    last.push(JOIN);
                }
                last.push_str(&line);
            }
            _ => out.push(line),
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

/// Whether a Chromium or Firefox line has not reached its end yet, so that
/// a physical line after it continues it even when it starts like a new
/// one (`…blocked by CORS policy:` wrapped before `Method PUT is…`).
fn incomplete(line: &str) -> bool {
    let long_form =
        line.starts_with("Access to ") || line.starts_with("Cross-Origin Request Blocked");
    long_form && !line.ends_with(['.', ')', '"'])
}

/// One physical line, normalized: curly quotes as straight ones (chats
/// change them both ways; the patterns are written straight), odd spaces as
/// spaces, no console level, no source location.
fn clean(raw: &str) -> String {
    let mut line: String = raw
        .chars()
        .filter_map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' => Some('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => Some('"'),
            '\u{a0}' | '\u{202f}' | '\u{2007}' | '\t' => Some(' '),
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\r' | JOIN => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    line = line.trim().to_string();
    // Safari's level, `[Error] `; `[blocked]` is part of a message.
    for level in ["[Error]", "[Warning]", "[Log]", "[Info]", "[Debug]"] {
        if let Some(rest) = line.strip_prefix(level) {
            line = rest.trim_start().to_string();
        }
    }
    // Safari's location, ` (data, line 0)`, and its `Failed to load
    // resource: ` prefix, which repeats a reason line.
    if line.ends_with(')') {
        if let Some(open) = line.rfind(" (") {
            let inner = &line[open + 2..line.len() - 1];
            if let Some((_, n)) = inner.rsplit_once(", line ") {
                if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                    line.truncate(open);
                }
            }
        }
    }
    // DevTools' location before the message (`app.js:12 `, `(index):1 `,
    // `VM42:3 `) and after it (` app.js:12:5`).
    if let Some((first, rest)) = line.split_once(' ') {
        if is_location(first) && !rest.is_empty() {
            line = rest.trim_start().to_string();
        }
    }
    if let Some((rest, last)) = line.rsplit_once(' ') {
        if is_location(last) && !rest.is_empty() {
            line = rest.trim_end().to_string();
        }
    }
    line
}

/// `app.js:12`, `app.js:12:5`, `(index):1`, `VM42:3`: a source location as
/// DevTools prints it, never a URL.
fn is_location(token: &str) -> bool {
    if token.contains("//") || token.len() > 200 {
        return false;
    }
    let mut parts = token.rsplitn(3, ':');
    let Some(last) = parts.next() else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(last) {
        return false;
    }
    let name = match (parts.next(), parts.next()) {
        (Some(line), Some(name)) if digits(line) => name,
        (Some(name), _) => name,
        (None, _) => return false,
    };
    !name.is_empty() && name.chars().any(|c| c.is_ascii_alphabetic())
}

// ---------------------------------------------------------------------------
// Matching a line against an inverted template.

/// Matches `text` against `pattern`, whose `{…}` are captured (each up to
/// the first place where the literal after it matches; the last one up to
/// the end). A space in the pattern matches a space or a wrapped line's
/// join, and a join anywhere else is skipped. Linear in the text for each
/// placeholder: no backtracking.
fn matches(pattern: &str, text: &str) -> Option<Vec<String>> {
    matches_raw(pattern, text).map(|c| c.iter().map(|v| clean_capture(v)).collect())
}

/// Like [`matches`], the joins kept in the captures: for a capture that is
/// matched again (a reason within a line).
fn matches_raw(pattern: &str, text: &str) -> Option<Vec<String>> {
    let t: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let mut captures = Vec::new();
    let mut rest = pattern;
    // A pattern alternates literal, placeholder, literal, …
    let (lit, after) = split_literal(rest);
    pos = literal_at(&t, pos, lit)?;
    rest = after;
    while let Some(close) = rest.find('}') {
        rest = &rest[close + 1..];
        let (lit, after) = split_literal(rest);
        let (start, end) = if lit.is_empty() {
            (t.len(), t.len())
        } else if after.is_empty() {
            // The last literal ends the text.
            find_last(&t, pos, lit)?
        } else {
            find(&t, pos, lit)?
        };
        captures.push(t[pos..start].iter().collect::<String>());
        pos = end;
        rest = after;
    }
    (pos == t.len() || t[pos..].iter().all(|&c| c == JOIN || c == ' ')).then_some(captures)
}

/// The literal at the start of `pattern`, and what follows it.
fn split_literal(pattern: &str) -> (&str, &str) {
    match pattern.find('{') {
        Some(open) => (&pattern[..open], &pattern[open..]),
        None => (pattern, ""),
    }
}

/// Where `lit` ends when it starts at `pos`, read flexibly.
fn literal_at(t: &[char], mut pos: usize, lit: &str) -> Option<usize> {
    for want in lit.chars() {
        loop {
            let &got = t.get(pos)?;
            if got == want || (want == ' ' && got == JOIN) {
                pos += 1;
                break;
            }
            if got == JOIN {
                pos += 1;
                continue;
            }
            return None;
        }
    }
    Some(pos)
}

/// The first place at or after `from` where `lit` matches: its start and end.
fn find(t: &[char], from: usize, lit: &str) -> Option<(usize, usize)> {
    let first = lit.chars().next()?;
    (from..t.len())
        .filter(|&i| t[i] == first)
        .find_map(|i| literal_at(t, i, lit).map(|end| (i, end)))
}

/// Where `lit` matches so that it ends the text (or only joins follow).
fn find_last(t: &[char], from: usize, lit: &str) -> Option<(usize, usize)> {
    let first = lit.chars().next()?;
    let len = lit.chars().count();
    let lowest = from.max(t.len().saturating_sub(len * 2 + 8));
    (lowest..t.len())
        .rev()
        .filter(|&i| t[i] == first)
        .find_map(|i| {
            let end = literal_at(t, i, lit)?;
            t[end..]
                .iter()
                .all(|&c| c == JOIN || c == ' ')
                .then_some((i, t.len()))
        })
}

/// A captured value: a join after `,` or `;` was a space (`a, b`); any
/// other was a hard wrap, inside a URL or a word.
fn clean_capture(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut prev = ' ';
    for c in raw.chars() {
        if c == JOIN {
            if prev == ',' || prev == ';' {
                out.push(' ');
            }
        } else {
            out.push(c);
            prev = c;
        }
    }
    out.trim().to_string()
}

// ---------------------------------------------------------------------------
// Chromium 156 (crates/core/src/console/chromium.rs).

const CHROMIUM_BLOCKED_REDIRECTED: &str = "Access to {kind} at '{url}' (redirected from '{from}') from origin '{origin}' has been blocked by CORS policy: {reason}";
const CHROMIUM_BLOCKED: &str =
    "Access to {kind} at '{url}' from origin '{origin}' has been blocked by CORS policy: {reason}";
const CHROMIUM_PREFLIGHT: &str =
    "Response to preflight request doesn't pass access control check: ";
const CHROMIUM_VALID_VALUE_HINT: &str = " Have the server send the header with a valid value.";
/// What Chromium adds to a credentials reason for an `XMLHttpRequest`.
const CHROMIUM_XHR_CREDENTIALS_HINT: &str = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";

fn chromium_reason(reason: &str) -> Option<(Why, bool)> {
    let rest = |pattern: String, text: &str| {
        matches_raw(&pattern, text).and_then(|c| c.into_iter().next())
    };
    let (preflight, reason) = match rest(format!("{CHROMIUM_PREFLIGHT}{{rest}}"), reason) {
        Some(rest) => (true, rest),
        None => (false, reason.to_string()),
    };
    let reason = rest(format!("{{reason}}{CHROMIUM_VALID_VALUE_HINT}"), &reason)
        .or_else(|| {
            rest(
                format!("{{reason}}{CHROMIUM_XHR_CREDENTIALS_HINT}"),
                &reason,
            )
        })
        .unwrap_or(reason);
    let reason = reason.as_str();
    let one = |p: &str| matches(p, reason).and_then(|c| c.into_iter().next());
    let why = if matches(
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        reason,
    )
    .is_some()
    {
        Why::MissingAllowOrigin
    } else if matches("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.", reason).is_some() {
        Why::WildcardWithCredentials
    } else if let Some(v) = one("The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed.") {
        Why::MultipleAllowOrigin(Some(v))
    } else if let Some(v) = one("The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'.") {
        Why::InvalidAllowOrigin(v)
    } else if let Some(v) = one("The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.") {
        Why::AllowOriginMismatch(v)
    } else if let Some(v) = one("The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' which must be 'true' when the request's credentials mode is 'include'.") {
        Why::AllowCredentialsNotTrue((!v.is_empty()).then_some(v))
    } else if preflight && matches("It does not have HTTP ok status.", reason).is_some() {
        Why::PreflightStatus
    } else if preflight && matches("Redirect is not allowed for a preflight request.", reason).is_some() {
        Why::PreflightRedirect
    } else if let Some(m) = one("Method {value} is not allowed by Access-Control-Allow-Methods in preflight response.") {
        return Some((Why::MethodNotAllowed(Some(m)), true));
    } else if let Some(h) = one("Request header field {value} is not allowed by Access-Control-Allow-Headers in preflight response.") {
        return Some((Why::HeaderNotAllowed(h), true));
    } else if matches("Cannot parse Access-Control-Allow-Methods response header field in preflight response.", reason).is_some() {
        return Some((Why::InvalidAllowMethods(None), true));
    } else if matches("Cannot parse Access-Control-Allow-Headers response header field in preflight response.", reason).is_some() {
        return Some((Why::InvalidAllowHeaders(None), true));
    } else if matches("Cross origin requests are only supported for protocol schemes: {value}.", reason).is_some() {
        Why::CorsDisabledScheme
    } else if let Some(v) = one("Redirect location '{value}' contains a username and password, which is disallowed for cross-origin requests.") {
        Why::RedirectWithCredentials((!v.is_empty()).then_some(v))
    } else if let Some(space) = one("Permission was denied for this request to access the '{value}' address space.") {
        Why::LocalNetworkDenied(space)
    } else if let Some(c) = matches("Request had a target IP address space of '{declared}' yet the resource is in address space '{actual}'.", reason) {
        // Chromium's names for the spaces: `loopback` is the draft's
        // `local`, `local` its `private`.
        let declared = match c.first().map(String::as_str) {
            Some("loopback") => AddressSpace::Local,
            Some("local") => AddressSpace::Private,
            Some("public") => AddressSpace::Public,
            _ => return None,
        };
        Why::TargetSpaceMismatch(declared)
    } else {
        return None;
    };
    Some((why, preflight))
}

fn chromium(line: &str) -> Option<Line> {
    if line.starts_with("Access to ") {
        let (kind, url, from, origin, reason) =
            if let Some(c) = matches_raw(CHROMIUM_BLOCKED_REDIRECTED, line) {
                let [kind, url, from, origin, reason] = <[String; 5]>::try_from(c).ok()?;
                (
                    clean_capture(&kind),
                    clean_capture(&url),
                    Some(clean_capture(&from)),
                    clean_capture(&origin),
                    reason,
                )
            } else {
                let c = matches_raw(CHROMIUM_BLOCKED, line)?;
                let [kind, url, origin, reason] = <[String; 4]>::try_from(c).ok()?;
                (
                    clean_capture(&kind),
                    clean_capture(&url),
                    None,
                    clean_capture(&origin),
                    reason,
                )
            };
        let Some((why, preflight)) = chromium_reason(&reason) else {
            return Some(Line::UnknownCors(format!(
                "Chromium's \"{}\"",
                clip(&clean_capture(&reason), 200)
            )));
        };
        let initiator = (kind != "fetch").then_some(kind);
        return Some(Line::Reading(Box::new(Reading {
            browser: Browser::Chromium,
            why,
            url: Some(url),
            origin: Some(origin),
            redirected_from: from,
            preflight,
            initiator,
            ..Reading::default()
        })));
    }
    let reading = |why: Why, url: String, origin: Option<String>, page: Option<String>| {
        Some(Line::Reading(Box::new(Reading {
            browser: Browser::Chromium,
            why,
            url: Some(url),
            origin,
            page,
            ..Reading::default()
        })))
    };
    if let Some(c) = matches("Fetch API cannot load {url}. Request mode is \"same-origin\" but the URL's origin is not same as the request origin {origin}.", line) {
        let [url, origin] = <[String; 2]>::try_from(c).ok()?;
        return reading(Why::SameOriginMode, url, Some(origin), None);
    }
    if let Some(c) = matches(
        "Fetch API cannot load {url}. URL scheme \"{scheme}\" is not supported.",
        line,
    ) {
        let [url, _] = <[String; 2]>::try_from(c).ok()?;
        return reading(Why::SchemeNotSupported, url, None, None);
    }
    if let Some(c) = matches("Fetch API cannot load {url}. Request mode is \"no-cors\" but the redirect mode is not \"follow\".", line) {
        let [url] = <[String; 1]>::try_from(c).ok()?;
        return reading(Why::NoCorsRedirect, url, None, None);
    }
    if let Some(c) = matches("Mixed Content: The page at '{page}' was loaded over HTTPS, but requested an insecure resource '{url}'. This request has been blocked; the content must be served over HTTPS.", line) {
        let [page, url] = <[String; 2]>::try_from(c).ok()?;
        return reading(Why::MixedContent, url, None, Some(page));
    }
    if line.starts_with("Mixed Content:") {
        return Some(Line::NotCors(format!(
            "mixed content that corsim does not model (an image, a form or a script, not fetch()): {}",
            clip(line, 200)
        )));
    }
    None
}

/// `GET https://… net::ERR_FAILED 200 (OK)`, and the `net::` errors that
/// are network failures rather than CORS.
fn chromium_net(line: &str) -> Option<Line> {
    let mut words = line.split(' ');
    let first = words.next()?;
    if let Some(error) = line
        .split(' ')
        .find(|w| w.starts_with("net::ERR_"))
        .filter(|e| !e.starts_with("net::ERR_FAILED"))
    {
        return Some(Line::NotCors(network_failure(error)));
    }
    if !first.is_empty()
        && first.bytes().all(|b| b.is_ascii_uppercase())
        && line.contains("net::ERR_FAILED")
    {
        let url = words.next()?.to_string();
        let status = words
            .skip_while(|w| !w.starts_with("net::"))
            .nth(1)
            .and_then(|s| s.parse().ok());
        return Some(Line::Net(NetLine {
            method: first.to_string(),
            url,
            status,
        }));
    }
    None
}

fn network_failure(error: &str) -> String {
    let what = match error.trim_end_matches(['.', ',']) {
        "net::ERR_NAME_NOT_RESOLVED" => "the server's name does not resolve",
        "net::ERR_CONNECTION_REFUSED" => "nothing listens at that address and port",
        "net::ERR_INTERNET_DISCONNECTED" => "the machine is offline",
        "net::ERR_BLOCKED_BY_CLIENT" => "an extension (an ad blocker) blocked it",
        "net::ERR_CONNECTION_RESET" | "net::ERR_CONNECTION_CLOSED" | "net::ERR_EMPTY_RESPONSE" => {
            "the connection broke before an answer"
        }
        e if e.starts_with("net::ERR_CERT_") || e.starts_with("net::ERR_SSL_") => {
            "the server's TLS certificate was refused"
        }
        _ => "the request got no answer",
    };
    format!(
        "a network failure ({}: {what}); no CORS rule was involved, and the server must be reached first",
        clip(error, 80)
    )
}

// ---------------------------------------------------------------------------
// Firefox ESR 153 (crates/core/src/console/firefox.rs), quotes straightened.

const FIREFOX_PREFIX: &str =
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}. {reason}";

fn firefox(line: &str) -> Option<Line> {
    let reading = |why: Why, url: String, status: Option<u16>, page: Option<String>| {
        Some(Line::Reading(Box::new(Reading {
            browser: Browser::Firefox,
            why,
            url: Some(url),
            status,
            page,
            ..Reading::default()
        })))
    };
    if let Some(c) = matches("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at '{url}'. (Reason: Credential is not supported if the CORS header 'Access-Control-Allow-Origin' is '*').", line) {
        let [url] = <[String; 1]>::try_from(c).ok()?;
        return reading(Why::WildcardWithCredentials, url, None, None);
    }
    if line.starts_with("Cross-Origin Request Blocked") {
        let c = matches_raw(FIREFOX_PREFIX, line)?;
        let [url, reason] = <[String; 2]>::try_from(c).ok()?;
        let url = clean_capture(&url);
        let one = |p: &str| matches(p, &reason).and_then(|c| c.into_iter().next());
        let status = |s: String| s.parse::<u16>().ok();
        let (why, code) = if let Some(s) = one("(Reason: CORS header 'Access-Control-Allow-Origin' missing). Status code: {status}.") {
            (Why::MissingAllowOrigin, status(s))
        } else if matches("(Reason: Multiple CORS header 'Access-Control-Allow-Origin' not allowed).", &reason).is_some() {
            (Why::MultipleAllowOrigin(None), None)
        } else if let Some(v) = one("(Reason: CORS header 'Access-Control-Allow-Origin' does not match '{value}').") {
            (Why::AllowOriginMismatch(v), None)
        } else if matches("(Reason: expected 'true' in CORS header 'Access-Control-Allow-Credentials').", &reason).is_some() {
            (Why::AllowCredentialsNotTrue(None), None)
        } else if let Some(s) = one("(Reason: CORS preflight response did not succeed). Status code: {status}.") {
            (Why::PreflightStatus, status(s))
        } else if let Some(v) = one("(Reason: invalid token '{value}' in CORS header 'Access-Control-Allow-Methods').") {
            (Why::InvalidAllowMethods(Some(v)), None)
        } else if let Some(v) = one("(Reason: invalid token '{value}' in CORS header 'Access-Control-Allow-Headers').") {
            (Why::InvalidAllowHeaders(Some(v)), None)
        } else if matches("(Reason: Did not find method in CORS header 'Access-Control-Allow-Methods').", &reason).is_some() {
            (Why::MethodNotAllowed(None), None)
        } else if let Some(h) = one("(Reason: header '{value}' is not allowed according to header 'Access-Control-Allow-Headers' from CORS preflight response).") {
            (Why::HeaderNotAllowed(h), None)
        } else if matches("(Reason: CORS request external redirect not allowed).", &reason).is_some() {
            (Why::PreflightRedirect, None)
        } else if matches("(Reason: CORS request did not succeed). Status code: {status}.", &reason).is_some() {
            (Why::DidNotSucceed, None)
        } else if matches("(Reason: CORS request not http).", &reason).is_some() {
            (Why::SchemeNotSupported, None)
        } else {
            return Some(Line::UnknownCors(format!("Firefox's \"{}\"", clip(&clean_capture(&reason), 200))));
        };
        let preflight = matches!(
            why,
            Why::PreflightStatus
                | Why::PreflightRedirect
                | Why::InvalidAllowMethods(_)
                | Why::InvalidAllowHeaders(_)
                | Why::MethodNotAllowed(_)
                | Why::HeaderNotAllowed(_)
        );
        return Some(Line::Reading(Box::new(Reading {
            browser: Browser::Firefox,
            why,
            url: Some(url),
            status: code,
            preflight,
            ..Reading::default()
        })));
    }
    if let Some(c) = matches(
        "Security Error: Content at {page} may not load data from {url}.",
        line,
    ) {
        let [page, url] = <[String; 2]>::try_from(c).ok()?;
        return reading(Why::SameOriginMode, url, None, Some(page));
    }
    if let Some(c) = matches(
        "Security Error: Content at {page} may not load or link to {url}.",
        line,
    ) {
        let [page, url] = <[String; 2]>::try_from(c).ok()?;
        return reading(Why::LocalResource, url, None, Some(page));
    }
    if let Some(c) = matches("Blocked loading mixed active content \"{url}\"", line) {
        let [url] = <[String; 1]>::try_from(c).ok()?;
        return reading(Why::MixedContent, url, None, None);
    }
    if line.starts_with("Blocked loading mixed") || line.starts_with("Loading mixed") {
        return Some(Line::NotCors(format!(
            "Firefox's mixed content line for an image, audio or video, which corsim does not model: {}",
            clip(line, 200)
        )));
    }
    None
}

// ---------------------------------------------------------------------------
// WebKit (crates/core/src/console/webkit.rs), as the engine prints it and as
// Safari's Web Inspector shows it.

fn webkit(line: &str) -> Option<Line> {
    let reading = |why: Why| Reading {
        browser: Browser::WebKit,
        why,
        ..Reading::default()
    };
    let loader = |url: Option<String>, access_checks: bool, initiator: Option<&'static str>| {
        Some(Line::WebKitCannotLoad(Loader {
            url,
            access_checks,
            initiator,
        }))
    };
    for (pattern, initiator) in [
        (
            "Fetch API cannot load {url} due to access control checks.",
            None,
        ),
        (
            "XMLHttpRequest cannot load {url} due to access control checks.",
            Some("XMLHttpRequest"),
        ),
        (
            "Cannot load image {url} due to access control checks.",
            Some("image"),
        ),
    ] {
        if let Some(c) = matches(pattern, line) {
            let [url] = <[String; 1]>::try_from(c).ok()?;
            return loader(Some(url), true, initiator);
        }
    }
    if matches(
        "Cross-origin script load denied by Cross-Origin Resource Sharing policy.",
        line,
    )
    .is_some()
    {
        return loader(None, true, Some("script"));
    }
    if let Some(c) = matches("Fetch API cannot load {url}.", line) {
        let [url] = <[String; 1]>::try_from(c).ok()?;
        if !url.contains(' ') {
            return loader(Some(url), false, None);
        }
    }
    if let Some(c) = matches_raw("Cross-origin redirection to {target} denied by Cross-Origin Resource Sharing policy: {reason}", line) {
        let [target, reason] = <[String; 2]>::try_from(c).ok()?;
        let target = clean_capture(&target);
        let Some(Line::Reading(mut r)) = webkit(&reason) else {
            return Some(Line::UnknownCors(format!("Safari's \"{}\"", clip(line, 200))));
        };
        r.redirect_target = Some(target);
        return Some(Line::Reading(r));
    }
    let r = if let Some(c) = matches("Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}", line) {
        let [origin, status] = <[String; 2]>::try_from(c).ok()?;
        Reading { origin: Some(origin), status: status.parse().ok(), ..reading(Why::OriginNotAllowed) }
    } else if matches("Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.", line).is_some() {
        reading(Why::WildcardWithCredentials)
    } else if matches("Access-Control-Allow-Origin cannot contain more than one origin.", line).is_some() {
        reading(Why::MultipleAllowOrigin(None))
    } else if matches("Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".", line).is_some() {
        reading(Why::AllowCredentialsNotTrue(None))
    } else if let Some(c) = matches("Preflight response is not successful. Status code: {status}", line) {
        let [status] = <[String; 1]>::try_from(c).ok()?;
        Reading { status: status.parse().ok(), preflight: true, ..reading(Why::PreflightStatus) }
    } else if let Some(c) = matches("Header Access-Control-Allow-Methods has an invalid value: {value}", line) {
        let [v] = <[String; 1]>::try_from(c).ok()?;
        Reading { preflight: true, ..reading(Why::InvalidAllowMethods(Some(v))) }
    } else if let Some(c) = matches("Header Access-Control-Allow-Headers has an invalid value: {value}", line) {
        let [v] = <[String; 1]>::try_from(c).ok()?;
        Reading { preflight: true, ..reading(Why::InvalidAllowHeaders(Some(v))) }
    } else if let Some(c) = matches("Method {value} is not allowed by Access-Control-Allow-Methods.", line) {
        let [v] = <[String; 1]>::try_from(c).ok()?;
        Reading { preflight: true, ..reading(Why::MethodNotAllowed(Some(v))) }
    } else if let Some(c) = matches("Request header field {value} is not allowed by Access-Control-Allow-Headers.", line) {
        let [v] = <[String; 1]>::try_from(c).ok()?;
        Reading { preflight: true, ..reading(Why::HeaderNotAllowed(v)) }
    } else if let Some(c) = matches("Not allowed to follow a redirection while loading {url}", line) {
        let [url] = <[String; 1]>::try_from(c).ok()?;
        Reading { url: Some(url), ..reading(Why::RedirectModeError) }
    } else if matches("not allowed to follow a cross-origin CORS redirection with non CORS scheme", line).is_some() {
        reading(Why::RedirectNotCorsScheme)
    } else if let Some(c) = matches("redirection URL {value} has credentials", line) {
        let [v] = <[String; 1]>::try_from(c).ok()?;
        reading(Why::RedirectWithCredentials(Some(v)))
    } else if matches("Connection terminated unexpectedly", line).is_some() {
        Reading { preflight: true, ..reading(Why::PreflightConnectionClosed) }
    } else if matches("Load cannot follow more than 20 redirections", line).is_some() {
        reading(Why::TooManyRedirects)
    } else if let Some(c) = matches("[blocked] The page at {page} requested insecure content from {url}. This content was blocked and must{rest}", line) {
        let [page, url, _] = <[String; 3]>::try_from(c).ok()?;
        Reading { page: Some(page), url: Some(url), ..reading(Why::MixedContent) }
    } else if let Some(c) = matches("Not allowed to use restricted network port {port}: {url}", line) {
        let [_, url] = <[String; 2]>::try_from(c).ok()?;
        Reading { url: Some(url), ..reading(Why::BadPort) }
    } else if matches("No-Cors mode requires follow redirect mode", line).is_some() {
        reading(Why::NoCorsRedirect)
    } else if matches("Cross origin requests are only supported for HTTP.", line).is_some() {
        reading(Why::SchemeNotSupported)
    } else if matches("FTP URLs are disabled", line).is_some() {
        reading(Why::FtpDisabled)
    } else if let Some(c) = matches("Not allowed to load local resource: {url}", line) {
        let [url] = <[String; 1]>::try_from(c).ok()?;
        Reading { url: Some(url), ..reading(Why::LocalResource) }
    } else {
        return None;
    };
    Some(Line::Reading(Box::new(r)))
}

// ---------------------------------------------------------------------------

fn classify(line: &str) -> Line {
    // What repeats a reason or says only that something failed.
    if let Some(rest) = line.strip_prefix("Failed to load resource: ") {
        if rest.starts_with("net::ERR_FAILED") {
            return Line::Noise;
        }
        if rest.starts_with("net::") {
            return chromium_net(rest).unwrap_or(Line::Noise);
        }
        // Safari's network agent repeats the reason line.
        return match webkit(rest) {
            Some(Line::Reading(r)) => Line::Reading(r),
            _ => not_cors(rest).unwrap_or(Line::Noise),
        };
    }
    if line.starts_with("Uncaught")
        || line.starts_with("TypeError")
        || line.starts_with("at ")
        || line == "Not allowed to request resource"
    {
        return Line::Noise;
    }
    if let Some(found) = chromium(line)
        .or_else(|| firefox(line))
        .or_else(|| webkit(line))
    {
        return found;
    }
    if let Some(found) = chromium_net(line) {
        return found;
    }
    not_cors(line).unwrap_or(Line::Noise)
}

/// Lines that are known not to be CORS errors.
fn not_cors(line: &str) -> Option<Line> {
    let what = if line.contains("Content Security Policy")
        || line.contains("Content-Security-Policy")
    {
        "a Content Security Policy error: the page's own policy (its connect-src directive) blocked the request before it was sent, which corsim does not model; the fix is in the page's Content-Security-Policy header, not in the server's CORS headers"
    } else if line.starts_with("Could not connect to the server")
        || line.starts_with("A server with the specified hostname could not be found")
        || line.starts_with("The network connection was lost")
        || line.contains("NetworkError when attempting to fetch resource")
    {
        "a network failure: the request got no answer, and no CORS rule was involved"
    } else if line.contains("the server responded with a status of") {
        "an HTTP error status the page could read: the request was not blocked by CORS"
    } else {
        return None;
    };
    Some(Line::NotCors(what.to_string()))
}

// ---------------------------------------------------------------------------
// A reading → scenarios.

/// A scenario being made, with what was guessed.
struct Build {
    import: Import,
    /// The page's origin as the request carries it ("null" when opaque).
    allow: String,
}

impl Build {
    fn guess(&mut self, path: &str, value: &str, why: &str) {
        self.import.guesses.push(Guess {
            path: path.to_string(),
            value: value.to_string(),
            why: why.to_string(),
        });
    }

    fn note(&mut self, note: String) {
        self.import.notes.push(note);
    }

    fn push(&mut self, response: ResponseDraft) -> usize {
        self.import.draft.server.push(response);
        self.import.draft.server.len() - 1
    }

    fn method(&self) -> String {
        self.import.draft.request.method.to_ascii_uppercase()
    }

    /// Whether the request as built needs a preflight: a method other than
    /// GET, HEAD and POST, or a header this importer put in for one.
    fn preflighted(&self) -> bool {
        !matches!(self.method().as_str(), "GET" | "HEAD" | "POST")
            || !self.import.draft.request.headers.is_empty()
    }

    /// Makes the request one that is preflighted, guessing how.
    fn make_preflighted(&mut self, known_method: bool) {
        if self.preflighted() {
            return;
        }
        if !known_method {
            self.import.draft.request.method = "POST".to_string();
            self.guess(
                "request.method",
                "POST",
                "the line says a preflight was sent, so the request was not a simple one; a JSON POST is the most common",
            );
        }
        let (name, value) = if self.method() == "POST" {
            ("Content-Type", "application/json")
        } else {
            ("Authorization", "Bearer <token>")
        };
        self.import
            .draft
            .request
            .headers
            .push((name.to_string(), value.to_string()));
        self.guess(
            "request.headers[0]",
            &format!("{name}: {value}"),
            "a header that makes the browser send a preflight",
        );
    }

    /// A preflight answer that lets the request through: for a failure after it.
    fn passing_preflight(&self) -> ResponseDraft {
        let mut headers = vec![allow_origin(&self.allow)];
        if self.import.draft.request.credentials == CredentialsMode::Include {
            headers.push(pair("Access-Control-Allow-Credentials", "true"));
        }
        let method = &self.import.draft.request.method;
        if !matches!(method.as_str(), "GET" | "HEAD" | "POST") {
            headers.push(pair("Access-Control-Allow-Methods", method));
        }
        let names: Vec<&str> = self
            .import
            .draft
            .request
            .headers
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        if !names.is_empty() {
            headers.push(pair("Access-Control-Allow-Headers", &names.join(", ")));
        }
        preflight_entry(204, headers)
    }

    fn passing_response(&self) -> Headers {
        let mut headers = vec![allow_origin(&self.allow)];
        if self.import.draft.request.credentials == CredentialsMode::Include {
            headers.push(pair("Access-Control-Allow-Credentials", "true"));
        }
        headers
    }

    fn include_credentials(&mut self) {
        self.import.draft.request.credentials = CredentialsMode::Include;
    }
}

fn pair(name: &str, value: &str) -> (String, String) {
    (name.to_string(), value.to_string())
}

fn allow_origin(origin: &str) -> (String, String) {
    pair("Access-Control-Allow-Origin", origin)
}

fn preflight_entry(status: u16, headers: Headers) -> ResponseDraft {
    ResponseDraft {
        method: Some("OPTIONS".to_string()),
        ..ResponseDraft::new(None, status, headers)
    }
}

/// The value of a request header that makes `name` need a preflight (a
/// safelisted name needs a value that is not).
fn unsafe_value(name: &str) -> &'static str {
    match name.to_ascii_lowercase().as_str() {
        "content-type" => "application/json",
        // Two ranges: no browser sends that without a preflight (WebKit
        // sends a single `Bytes=` range without one).
        "range" => "bytes=0-1,5-6",
        "save-data" => "off",
        "accept" | "accept-language" | "content-language" => "(unsafe)",
        "authorization" => "Bearer <token>",
        _ => "1",
    }
}

/// Appends `/` to a URL's path: a place to redirect to.
fn elsewhere(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            let path = format!("{}/", u.path().trim_end_matches('/'));
            u.set_path(&format!("{path}next"));
            u.to_string()
        }
        Err(_) => format!("{url}/next"),
    }
}

fn build(reading: &Reading, net: Option<&NetLine>) -> Result<Vec<Candidate>, ImportError> {
    let named = reading.url.clone().or_else(|| reading.fetch_url.clone());
    // Safari's line for a script names no URL: any of another origin prints it.
    let script_url = |origin: Option<&str>| {
        [
            "https://cdn.example.net/app.js",
            "https://cdn.example.org/app.js",
        ]
        .into_iter()
        .find(|u| origin_of(u).as_deref() != origin)
        .map(str::to_string)
    };
    let (url, url_guessed) = match named {
        Some(url) => (url, false),
        None if reading.initiator.as_deref() == Some("script") => (
            script_url(reading.origin.as_deref()).unwrap_or_default(),
            true,
        ),
        None => {
            return Err(ImportError::Invalid(format!(
            "{}'s line does not name the URL: copy the \"Fetch API cannot load …\" line with it",
            reading.browser.label()
        )))
        }
    };
    let browser = reading.browser.label();
    // The URL fetch() was called with: before Chromium's redirect, or the
    // one Safari's loader names.
    let fetch_url = reading
        .redirected_from
        .clone()
        .or_else(|| match reading.why {
            Why::MixedContent => reading.fetch_url.clone(),
            _ => None,
        })
        .or_else(|| {
            reading
                .fetch_url
                .clone()
                .filter(|_| reading.redirect_target.is_some())
        })
        .unwrap_or_else(|| url.clone());

    // The page.
    let mut avoid: Vec<&str> = Vec::new();
    if let Why::AllowOriginMismatch(v) = &reading.why {
        avoid.push(v);
    }
    let mut guesses = Vec::new();
    let mut sandboxed = false;
    let page = if let Some(page) = &reading.page {
        if let Some(origin) = page
            .strip_prefix("moz-nullprincipal:{")
            .and_then(|r| r.split_once("}?"))
            .map(|(_, o)| o)
        {
            sandboxed = true;
            format!("{origin}/")
        } else {
            page.clone()
        }
    } else if let Some(origin) = reading.origin.as_deref().filter(|o| *o != "null") {
        format!("{origin}/")
    } else {
        let file_page = matches!(reading.why, Why::CorsDisabledScheme)
            || (url.starts_with("file:") && matches!(reading.why, Why::SchemeNotSupported));
        let page = if file_page {
            "file:///home/me/index.html".to_string()
        } else if matches!(reading.why, Why::FtpDisabled) {
            "http://app.example.com/".to_string()
        } else if matches!(reading.why, Why::MixedContent) {
            guess_page(&fetch_url.replacen("http:", "https:", 1), &avoid)
        } else {
            guess_page(&fetch_url, &avoid)
        };
        if reading.origin.as_deref() == Some("null") && !file_page {
            sandboxed = true;
            guesses.push(Guess {
                path: "sandboxed".to_string(),
                value: "true".to_string(),
                why: format!("{browser} says the origin is null: a page in a sandboxed iframe (a file: page or a redirect to another origin also give null)"),
            });
        }
        guesses.push(Guess {
            path: "page".to_string(),
            value: page.clone(),
            why: format!("{browser}'s line does not name the page; any page of another origin prints the same line"),
        });
        page
    };
    let allow = if sandboxed {
        "null".to_string()
    } else {
        origin_of(&page).unwrap_or_else(|| "null".to_string())
    };
    let mut base = Build {
        import: Import {
            draft: draft(&page, &fetch_url),
            guesses,
            notes: Vec::new(),
        },
        allow,
    };
    base.import.draft.sandboxed = sandboxed;
    if url_guessed {
        base.guess(
            "request.url",
            &url,
            "Safari's line for a script does not name its URL; any script of another origin prints it",
        );
    }
    let known_method = net.is_some_and(|n| !n.method.is_empty());
    if let Some(n) = net {
        base.import.draft.request.method = n.method.clone();
    }
    let status = reading.status.or(net.and_then(|n| n.status));
    let candidates = match &reading.why {
        Why::OriginNotAllowed => {
            let shapes: Vec<(&str, Option<String>)> = vec![
                ("the server sends no Access-Control-Allow-Origin", None),
                (
                    "the server allows another origin",
                    Some(origin_of(&url).unwrap_or_else(|| "https://example.com".to_string())),
                ),
                (
                    "the server's Access-Control-Allow-Origin has a trailing slash",
                    (base.allow != "null").then(|| format!("{}/", base.allow)),
                ),
                (
                    "the server's Access-Control-Allow-Origin is not an origin (no scheme)",
                    base.allow
                        .split_once("://")
                        .map(|(_, host)| host.to_string()),
                ),
            ];
            let mut out = Vec::new();
            for (i, (label, value)) in shapes.into_iter().enumerate() {
                if i > 0 && value.is_none() {
                    continue;
                }
                let mut b = Build {
                    import: base.import.clone(),
                    allow: base.allow.clone(),
                };
                let headers: Headers = value.iter().map(|v| allow_origin(v)).collect();
                access_failure(&mut b, reading, headers, status, known_method);
                b.note(format!("Safari prints this one line whether Access-Control-Allow-Origin is missing, names another origin, has a trailing slash or is malformed: this scenario supposes {label}"));
                out.push(Candidate {
                    label: label.to_string(),
                    import: b.import,
                });
            }
            if reading.guessed_reason {
                for c in &mut out {
                    c.import.notes.push("only Safari's \"… cannot load … due to access control checks.\" line was given; the reason line above it says which check failed".to_string());
                }
            }
            out
        }
        _ => {
            one(&mut base, reading, &url, status, known_method)?;
            vec![Candidate {
                label: label(&reading.why).to_string(),
                import: base.import,
            }]
        }
    };
    Ok(candidates
        .into_iter()
        .map(|mut c| {
            if let Some(kind) = &reading.initiator {
                made_by(&mut c.import, kind);
            }
            c
        })
        .collect())
}

/// The request as the initiator the line names made it (Chromium's `Access
/// to XMLHttpRequest at …`, `image`, `script`, `font`; Safari's
/// `XMLHttpRequest cannot load …`, `Cannot load image …`, `Cross-origin
/// script load denied …`): the credentials the scenario was given become
/// `withCredentials` or `crossorigin`.
fn made_by(import: &mut Import, kind: &str) {
    let request = &mut import.draft.request;
    let credentials = request.credentials == CredentialsMode::Include;
    let initiator = match kind {
        "XMLHttpRequest" => Initiator::Xhr,
        "image" => Initiator::Img,
        "script" => Initiator::Script,
        "font" => Initiator::Font,
        _ => return,
    };
    request.initiator = initiator;
    request.credentials = CredentialsMode::SameOrigin;
    match initiator {
        Initiator::Xhr => request.with_credentials = credentials,
        Initiator::Img | Initiator::Script => {
            request.crossorigin = Some(if credentials {
                CrossOrigin::UseCredentials
            } else {
                CrossOrigin::Anonymous
            });
        }
        Initiator::Fetch | Initiator::Font => {}
    }
    if initiator.is_element() {
        request.method = "GET".to_string();
        request.headers.clear();
    }
    import.notes.push(format!(
        "made by {}, as the line says",
        match initiator {
            Initiator::Xhr => "an XMLHttpRequest (what axios uses)",
            Initiator::Img => "an <img crossorigin>",
            Initiator::Script => "a <script crossorigin>",
            _ => "a web font",
        }
    ));
}

/// What a single-cause line supposes.
fn label(why: &Why) -> &'static str {
    match why {
        Why::MissingAllowOrigin => "the server sends no Access-Control-Allow-Origin",
        Why::WildcardWithCredentials => {
            "Access-Control-Allow-Origin: * on a request with credentials"
        }
        Why::MultipleAllowOrigin(_) => "Access-Control-Allow-Origin holds several origins",
        Why::InvalidAllowOrigin(_) => "Access-Control-Allow-Origin is not an origin",
        Why::AllowOriginMismatch(_) => "Access-Control-Allow-Origin names another origin",
        Why::OriginNotAllowed => "Access-Control-Allow-Origin does not allow the page",
        Why::AllowCredentialsNotTrue(_) => {
            "credentials without Access-Control-Allow-Credentials: true"
        }
        Why::PreflightStatus => "the preflight is answered with an error status",
        Why::PreflightRedirect => "the preflight is answered with a redirect",
        Why::InvalidAllowMethods(_) => "Access-Control-Allow-Methods does not parse",
        Why::InvalidAllowHeaders(_) => "Access-Control-Allow-Headers does not parse",
        Why::MethodNotAllowed(_) => "the preflight does not allow the method",
        Why::HeaderNotAllowed(_) => "the preflight does not allow a request header",
        Why::RedirectWithCredentials(_) => "a redirect to a URL with a username and password",
        Why::RedirectNotCorsScheme => "a redirect to something that is not an HTTP(S) URL",
        Why::DidNotSucceed => "the request got no usable answer",
        Why::TooManyRedirects => "a redirect loop",
        Why::RedirectModeError => "a redirect while redirect is \"error\"",
        Why::CorsDisabledScheme | Why::SchemeNotSupported | Why::FtpDisabled => {
            "a URL whose scheme fetch() cannot load"
        }
        Why::SameOriginMode => "mode \"same-origin\" for another origin",
        Why::NoCorsRedirect => "mode \"no-cors\" with redirect other than \"follow\"",
        Why::LocalResource => "a file: URL from a web page",
        Why::MixedContent => "an http: URL from an https: page (mixed content)",
        Why::BadPort => "a port browsers refuse",
        Why::LocalNetworkDenied(_) => "a public page reaching a local address without permission",
        Why::TargetSpaceMismatch(_) => "fetch()'s targetAddressSpace is not where the server is",
        Why::PreflightConnectionClosed => "the connection drops before the preflight's answer",
    }
}

/// An access-control failure at the preflight or at the response.
fn access_failure(
    b: &mut Build,
    reading: &Reading,
    failing: Headers,
    status: Option<u16>,
    known_method: bool,
) {
    if reading.preflight {
        b.make_preflighted(known_method);
        let code = status.unwrap_or(204);
        b.push(preflight_entry(code, failing));
        let passing = b.passing_response();
        b.push(ResponseDraft::new(None, 200, passing));
        if status.is_none() {
            b.guess(
                "server[0].status",
                "204",
                "the preflight's status is not in the line",
            );
        }
        return;
    }
    if b.preflighted() {
        let p = b.passing_preflight();
        b.push(p);
    }
    let code = status.unwrap_or(200);
    let mut failing = failing;
    if let Some(target) = &reading.redirect_target {
        // Safari refused the redirect response itself.
        failing.push(pair("Location", target));
        let code = status.unwrap_or(302);
        b.push(ResponseDraft::new(None, code, failing));
        return;
    }
    if let Some(from) = &reading.redirected_from {
        // Chromium names the URL redirected to: the first answer redirects
        // there, and lets the request through.
        let mut hop = vec![allow_origin(&b.allow)];
        if b.import.draft.request.credentials == CredentialsMode::Include {
            hop.push(pair("Access-Control-Allow-Credentials", "true"));
        }
        hop.push(pair("Location", reading.url.as_deref().unwrap_or_default()));
        b.push(ResponseDraft::new(Some(from.clone()), 302, hop));
        b.guess(
            "server[0].status",
            "302",
            "Chromium says the request was redirected; 302 is the most common redirect",
        );
        b.push(ResponseDraft::new(reading.url.clone(), code, failing));
        return;
    }
    if (300..400).contains(&code) {
        // A redirect the browser checked: it leads somewhere.
        failing.push(pair("Location", &elsewhere(&b.import.draft.request.url)));
    }
    let i = b.push(ResponseDraft::new(None, code, failing));
    if status.is_none() {
        b.guess(
            &format!("server[{i}].status"),
            "200",
            "the line gives no status",
        );
    }
}

/// The one scenario of a line with one cause.
fn one(
    b: &mut Build,
    reading: &Reading,
    url: &str,
    status: Option<u16>,
    known_method: bool,
) -> Result<(), ImportError> {
    let allow = b.allow.clone();
    match &reading.why {
        Why::MissingAllowOrigin => access_failure(b, reading, vec![], status, known_method),
        Why::WildcardWithCredentials => {
            b.include_credentials();
            access_failure(b, reading, vec![allow_origin("*")], status, known_method);
        }
        Why::MultipleAllowOrigin(value) => {
            let headers = match value {
                Some(v) => vec![allow_origin(v)],
                None => vec![allow_origin(&allow), allow_origin(&allow)],
            };
            access_failure(b, reading, headers, status, known_method);
        }
        Why::InvalidAllowOrigin(v) | Why::AllowOriginMismatch(v) => {
            access_failure(b, reading, vec![allow_origin(v)], status, known_method);
        }
        Why::OriginNotAllowed => access_failure(b, reading, vec![], status, known_method),
        Why::AllowCredentialsNotTrue(value) => {
            b.include_credentials();
            let mut headers = vec![allow_origin(&allow)];
            if let Some(v) = value {
                headers.push(pair("Access-Control-Allow-Credentials", v));
            }
            access_failure(b, reading, headers, status, known_method);
        }
        Why::PreflightStatus => {
            b.make_preflighted(known_method);
            let code = status.unwrap_or(405);
            let mut headers = vec![allow_origin(&allow)];
            if (300..400).contains(&code) {
                headers.push(pair("Location", &elsewhere(url)));
            }
            b.push(preflight_entry(code, headers));
            if status.is_none() {
                b.guess("server[0].status", "405", "the line gives no status; a server that does not handle OPTIONS often answers 405 or 404");
            }
        }
        Why::PreflightRedirect => {
            b.make_preflighted(known_method);
            b.push(preflight_entry(
                301,
                vec![allow_origin(&allow), pair("Location", &elsewhere(url))],
            ));
            b.guess(
                "server[0].status",
                "301",
                "the line says the preflight was redirected, not how",
            );
        }
        Why::InvalidAllowMethods(value) => {
            if !b.preflighted() {
                b.import.draft.request.method = "PUT".to_string();
                b.guess(
                    "request.method",
                    "PUT",
                    "a method that needs Access-Control-Allow-Methods",
                );
            }
            let v = value.clone().unwrap_or_else(|| {
                b.guess(
                    "server[0].headers",
                    "Access-Control-Allow-Methods: GET, PU T",
                    "Chromium does not print the value it could not parse",
                );
                "GET, PU T".to_string()
            });
            b.push(preflight_entry(
                204,
                vec![
                    allow_origin(&allow),
                    pair("Access-Control-Allow-Methods", &v),
                ],
            ));
        }
        Why::InvalidAllowHeaders(value) => {
            if b.import.draft.request.headers.is_empty() {
                b.import
                    .draft
                    .request
                    .headers
                    .push(pair("X-Requested-With", "XMLHttpRequest"));
                b.guess(
                    "request.headers[0]",
                    "X-Requested-With: XMLHttpRequest",
                    "a header that needs Access-Control-Allow-Headers",
                );
            }
            let v = value.clone().unwrap_or_else(|| {
                b.guess(
                    "server[0].headers",
                    "Access-Control-Allow-Headers: X-Requested-With;",
                    "Chromium does not print the value it could not parse",
                );
                "X-Requested-With;".to_string()
            });
            b.push(preflight_entry(
                204,
                vec![
                    allow_origin(&allow),
                    pair("Access-Control-Allow-Headers", &v),
                ],
            ));
        }
        Why::MethodNotAllowed(method) => {
            let m = method.clone().unwrap_or_else(|| {
                let m = if known_method && b.preflighted() {
                    b.import.draft.request.method.clone()
                } else {
                    "PUT".to_string()
                };
                b.guess("request.method", &m, "Firefox does not name the method");
                m
            });
            b.import.draft.request.method = m;
            b.push(preflight_entry(
                204,
                vec![
                    allow_origin(&allow),
                    pair("Access-Control-Allow-Methods", "GET, POST"),
                ],
            ));
            b.guess(
                "server[0].headers",
                "Access-Control-Allow-Methods: GET, POST",
                "the methods the server allows are not in the line",
            );
        }
        Why::HeaderNotAllowed(name) => {
            let value = unsafe_value(name);
            b.import.draft.request.headers.push(pair(name, value));
            b.guess(
                "request.headers[0]",
                &format!("{name}: {value}"),
                "the line names the header, not its value",
            );
            let mut headers = vec![allow_origin(&allow)];
            let method = b.import.draft.request.method.clone();
            if !matches!(
                method.to_ascii_uppercase().as_str(),
                "GET" | "HEAD" | "POST"
            ) {
                headers.push(pair("Access-Control-Allow-Methods", &method));
            }
            b.push(preflight_entry(204, headers));
        }
        Why::RedirectWithCredentials(value) => {
            let location = value.clone().unwrap_or_else(|| {
                let with = url.replacen("://", "://user:password@", 1);
                b.guess(
                    "server[0].headers",
                    &format!("Location: {with}"),
                    "Chromium prints the location as empty",
                );
                with
            });
            b.push(ResponseDraft::new(
                None,
                302,
                vec![allow_origin("*"), pair("Location", &location)],
            ));
        }
        Why::RedirectNotCorsScheme => {
            let target = reading
                .redirect_target
                .clone()
                .unwrap_or_else(|| "data:text/plain,hi".to_string());
            b.push(ResponseDraft::new(
                None,
                302,
                vec![allow_origin("*"), pair("Location", &target)],
            ));
        }
        Why::DidNotSucceed => {
            b.push(ResponseDraft::new(
                None,
                302,
                vec![allow_origin("*"), pair("Location", "https://[bad")],
            ));
            b.guess(
                "server[0]",
                "302 to Location: https://[bad",
                "Firefox prints this when no usable answer arrived",
            );
            b.note("Firefox prints \"CORS request did not succeed\" with status (null) when the request got no usable answer: most often the server is down, its name does not resolve, or its certificate is refused, none of which is about CORS. corsim models the one case it can: a redirect Firefox refuses".to_string());
        }
        Why::TooManyRedirects => {
            b.push(ResponseDraft::new(
                None,
                302,
                vec![allow_origin("*"), pair("Location", url)],
            ));
        }
        Why::RedirectModeError => {
            b.import.draft.request.redirect = RedirectMode::Error;
            b.push(ResponseDraft::new(
                None,
                302,
                vec![allow_origin("*"), pair("Location", &elsewhere(url))],
            ));
        }
        Why::CorsDisabledScheme | Why::SchemeNotSupported | Why::BadPort => {}
        Why::FtpDisabled => b.import.draft.request.mode = RequestMode::NoCors,
        Why::SameOriginMode => b.import.draft.request.mode = RequestMode::SameOrigin,
        Why::NoCorsRedirect => {
            b.import.draft.request.mode = RequestMode::NoCors;
            b.import.draft.request.redirect = RedirectMode::Manual;
        }
        Why::LocalResource => {
            if reading.browser == Browser::WebKit {
                b.import.draft.request.mode = RequestMode::NoCors;
            }
        }
        Why::LocalNetworkDenied(space) => {
            b.note(format!(
                "this is Local Network Access, not a CORS header: a public page may reach the `{space}` \
                 address space only if the user allows it, and the permission was denied; no server header changes that"
            ));
        }
        Why::TargetSpaceMismatch(declared) => {
            b.import.draft.request.target_address_space = Some(*declared);
            b.note("this is Local Network Access, not a CORS header: fetch()'s targetAddressSpace option must name the address space the server is in (loopback for localhost, local for a private address)".to_string());
        }
        Why::PreflightConnectionClosed => {
            b.make_preflighted(known_method);
            b.push(ResponseDraft {
                fail: Some(Fail::Reset),
                ..preflight_entry(204, Vec::new())
            });
            b.note("the server closed the connection instead of answering the preflight: it crashed or a proxy dropped the OPTIONS request; these are WebKitGTK's words, Safari words it its own way".to_string());
        }
        Why::MixedContent => {
            if b.import.draft.request.url != url {
                // Safari's loader names the URL that redirected to it.
                b.push(ResponseDraft::new(
                    None,
                    302,
                    vec![allow_origin("*"), pair("Location", url)],
                ));
            }
            b.note("this is mixed content, not CORS: an https: page may not fetch an http: URL; serve the API over HTTPS".to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_locations_are_told_from_urls() {
        for (token, want) in [
            ("app.js:12", true),
            ("app.js:12:5", true),
            ("(index):1", true),
            ("VM42:3", true),
            ("https://a.example:443", false),
            ("12:30", false),
            ("localhost:3000", true),
        ] {
            assert_eq!(is_location(token), want, "{token}");
        }
    }

    #[test]
    fn a_pattern_reads_across_a_wrapped_line() {
        let text = format!("Method PUT is{JOIN}not allowed by Access-Control-{JOIN}Allow-Methods.");
        assert_eq!(
            matches(
                "Method {m} is not allowed by Access-Control-Allow-Methods.",
                &text
            ),
            Some(vec!["PUT".to_string()])
        );
        assert_eq!(matches("a{x}b", "ab"), Some(vec![String::new()]));
        assert_eq!(matches("a{x}b", "axx"), None);
    }
}
