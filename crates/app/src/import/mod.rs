//! "Bring what you have": what a developer with a broken app can paste (a
//! console error, a HAR, raw response headers, a `fetch()` call, a curl
//! command) turned into a scenario. Each importer is plain Rust over text:
//! no I/O, bounded work whatever the input, a typed result or a typed error
//! with a one-line message.
//!
//! - [`console`]: a console error of Chromium, Firefox or Safari, inverted
//!   from the core's own templates (`corsim_core::console`), with the
//!   candidates a line leaves open.
//! - [`har`]: DevTools' "Save all as HAR", one scenario per cross-origin request.
//! - [`headers`]: a raw HTTP response (`curl -i`, `curl -v`, DevTools' raw
//!   headers) as a server entry.
//! - [`request`]: "Copy as fetch", a hand-written `fetch()` call, "Copy as
//!   cURL" (bash and cmd).
//!
//! [`run`] is what the command line (`corsim import`) and the app's "Debug
//! my error" (the `corsim-import-worker` crate) both call: any of them, or
//! the one [`Kind::detect`] picks, as a list of scenarios to choose from.

pub mod console;
pub mod har;
pub mod headers;
pub mod request;

use std::fmt;

use corsim_core::origin::Origin;
use url::Url;

use crate::draft::{Draft, RequestDraft};

/// The most text an importer reads, in bytes: a scenario file's bound, so
/// that nothing pasted makes more work than a file the command line accepts.
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// What an importer made: the scenario, what it had to guess, and what the
/// user should know (placeholders put in, things corsim does not model).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub draft: Draft,
    pub guesses: Vec<Guess>,
    pub notes: Vec<String>,
}

/// A value the input did not give, filled with the most likely one: the
/// user can change it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guess {
    /// Where in the scenario, as a scenario-v1 path (`page`, `request.method`,
    /// `server[0].status`).
    pub path: String,
    pub value: String,
    pub why: String,
}

impl Guess {
    /// The editors' fields the guess is about, as `Edit::path` writes them
    /// (the app marks those): a header's row marks its list
    /// (`request.headers`), a whole server entry its status and headers.
    pub fn fields(&self) -> Vec<String> {
        let path = self.path.as_str();
        let entry = path
            .strip_prefix("server[")
            .and_then(|rest| rest.strip_suffix(']'));
        if entry.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
            return vec![format!("{path}.status"), format!("{path}.headers")];
        }
        let last = path.rfind('.').map_or(0, |dot| dot + 1);
        let end = path[last..].find('[').map_or(path.len(), |i| last + i);
        vec![path[..end].to_string()]
    }
}

impl fmt::Display for Guess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "guessed {} = {:?}: {}", self.path, self.value, self.why)
    }
}

/// Why an importer made nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Nothing but white space.
    Empty,
    /// More than [`MAX_INPUT`] bytes.
    TooLarge { bytes: usize },
    /// The text is something known that is not what this importer reads, or
    /// not a CORS error at all (mixed content, a network failure, CSP): what
    /// it is instead.
    NotCors(String),
    /// Nothing in the text has a shape this importer knows.
    Unrecognised(String),
    /// The text has the right shape but is broken: what and where.
    Invalid(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(f, "nothing to import: the text is empty"),
            ImportError::TooLarge { bytes } => write!(
                f,
                "{bytes} bytes is too much to import; at most {MAX_INPUT} bytes (16 MiB)"
            ),
            ImportError::NotCors(what) => write!(f, "not a CORS error: {what}"),
            ImportError::Unrecognised(what) | ImportError::Invalid(what) => write!(f, "{what}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// What a text is, for [`run`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Console,
    Har,
    Headers,
    Fetch,
    Curl,
}

impl Kind {
    pub const ALL: [(Kind, &'static str); 5] = [
        (Kind::Console, "console"),
        (Kind::Har, "har"),
        (Kind::Headers, "headers"),
        (Kind::Fetch, "fetch"),
        (Kind::Curl, "curl"),
    ];

    pub fn name(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("console", |(_, n)| n)
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }

    /// The importer a pasted text most likely needs, from its first
    /// characters only: a person pastes without saying what it is. Each
    /// shape is unmistakable at its start (a HAR is a JSON object, curl's
    /// command and a response's status line come first); a `fetch(` call
    /// may follow a line or two of code; everything else is read as a
    /// console, whose importer says best what a text is when it is not a
    /// CORS error.
    pub fn detect(text: &str) -> Kind {
        let start = text.trim_start_matches('\u{feff}').trim_start();
        let first = start.lines().next().unwrap_or_default();
        let command = first.trim_start_matches(['$', '>', ' ']);
        if start.starts_with('{') {
            Kind::Har
        } else if command.starts_with("curl ") || command.starts_with("curl.exe ") {
            Kind::Curl
        } else if first.starts_with("HTTP/")
            || first.starts_with("< HTTP/")
            || first.starts_with("> ")
            || first.starts_with("* ")
            || first.starts_with(":status")
        {
            Kind::Headers
        } else if start.contains("fetch(") && !CONSOLE_MARKS.iter().any(|m| start.contains(m)) {
            Kind::Fetch
        } else {
            Kind::Console
        }
    }
}

/// Words only a browser's CORS console error holds (Chromium's, Firefox's,
/// Safari's): a console dump can quote a stack with `fetch(` in it.
const CONSOLE_MARKS: [&str; 4] = [
    "blocked by CORS policy",
    "Cross-Origin Request Blocked",
    "due to access control checks",
    "is not allowed by Access-Control-Allow-Origin",
];

/// What [`run`] made: the scenarios to choose from, each with a label for
/// a list (empty when there is only one), the one to show first, and notes
/// about the whole input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices {
    pub scenarios: Vec<(String, Import)>,
    pub chosen: usize,
    pub notes: Vec<String>,
    /// A HAR of at least two cross-origin requests: all of them as one
    /// version-2 scenario, in order ([`har::HarImport::timeline`]), the
    /// editors on the first failing one.
    pub timeline: Option<Import>,
}

/// Imports `text` as `kind`: a console line with several causes gives one
/// scenario per cause, the most likely first; a HAR one per cross-origin
/// request, the first failing one chosen.
pub fn run(kind: Kind, text: &str) -> Result<Choices, ImportError> {
    let one = |import| Choices {
        scenarios: vec![(String::new(), import)],
        chosen: 0,
        notes: Vec::new(),
        timeline: None,
    };
    Ok(match kind {
        Kind::Console => {
            let c = console::import(text)?;
            Choices {
                notes: vec![format!("read as {}'s console", c.browser.label())],
                scenarios: c
                    .candidates
                    .into_iter()
                    .map(|c| {
                        (
                            format!("{}: {}", c.import.draft.request.url, c.label),
                            c.import,
                        )
                    })
                    .collect(),
                chosen: 0,
                timeline: None,
            }
        }
        Kind::Har => {
            let h = har::import(text)?;
            let first_failing = h.first_failing().unwrap_or(0);
            let timeline = (h.requests.len() >= 2)
                .then(|| Draft::from_value(&h.timeline()).ok())
                .flatten()
                .map(|mut draft| {
                    draft.set_requests(draft.requests(), first_failing);
                    Import {
                        draft,
                        guesses: Vec::new(),
                        notes: Vec::new(),
                    }
                });
            Choices {
                chosen: first_failing,
                timeline,
                scenarios: h
                    .requests
                    .into_iter()
                    .map(|r| (format!("entry {}: {}", r.entry, r.summary), r.import))
                    .collect(),
                notes: h.notes,
            }
        }
        Kind::Headers => one(headers::import(text)?),
        Kind::Fetch => one(request::fetch(text)?),
        Kind::Curl => one(request::curl(text)?),
    })
}

/// The checks every importer makes first.
fn bounded(text: &str) -> Result<&str, ImportError> {
    if text.len() > MAX_INPUT {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(text)
}

/// `s` cut to at most `max` characters, with `…` when cut: messages quote
/// the input, never at length.
pub(crate) fn clip(s: &str, max: usize) -> String {
    // A message is one line: the input's control characters (a line break
    // in a pasted URL) are written escaped.
    let mut out: String = s
        .chars()
        .take(max)
        .flat_map(|c| match c.is_control() {
            true => c.escape_default().collect::<Vec<char>>(),
            false => vec![c],
        })
        .collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// A draft for `url` from `page`, everything else at its default.
fn draft(page: &str, url: &str) -> Draft {
    Draft {
        title: String::new(),
        page: page.to_string(),
        sandboxed: false,
        request: RequestDraft {
            url: url.to_string(),
            ..RequestDraft::default()
        },
        ..Draft::default()
    }
}

/// The serialized origin of `url`, `None` when it does not parse.
fn origin_of(url: &str) -> Option<String> {
    Url::parse(url).ok().map(|u| Origin::of(&u).serialize())
}

/// The most likely page to have made a cross-origin request to `url` when
/// nothing says which: the `app.` sibling of an `api.` host, else a
/// made-up one, never same-origin with `url` nor with any origin in
/// `avoid` (an `Access-Control-Allow-Origin` value the page's origin must
/// not equal). Same scheme as `url` when it is HTTP(S), so that the guess
/// adds no mixed content.
fn guess_page(url: &str, avoid: &[&str]) -> String {
    let parsed = Url::parse(url).ok();
    let scheme = match parsed.as_ref().map(Url::scheme) {
        Some("http") => "http",
        _ => "https",
    };
    let mut hosts = Vec::new();
    if let Some(rest) = parsed
        .as_ref()
        .and_then(|u| u.host_str())
        .and_then(|h| h.strip_prefix("api."))
    {
        hosts.push(format!("app.{rest}"));
        hosts.push(format!("www.{rest}"));
    }
    hosts.extend(
        ["app.example.com", "www.example.com", "example.org"]
            .iter()
            .map(|h| h.to_string()),
    );
    let target = origin_of(url);
    for host in &hosts {
        let origin = format!("{scheme}://{host}");
        if Some(&origin) != target.as_ref() && !avoid.contains(&origin.as_str()) {
            return format!("{origin}/");
        }
    }
    format!("{scheme}://example.net/")
}

/// The headers whose values are secrets: replaced by [`PLACEHOLDER`]
/// before anything else reads them.
const SECRETS: [&str; 4] = [
    "cookie",
    "authorization",
    "set-cookie",
    "proxy-authorization",
];

/// What a secret's value becomes.
pub const PLACEHOLDER: &str = "<redacted>";

/// Replaces the values of `Cookie`, `Authorization` and `Set-Cookie` in
/// `headers`; says how many it replaced.
fn redact(headers: &mut [(String, String)]) -> usize {
    let mut n = 0;
    for (name, value) in headers.iter_mut() {
        if SECRETS.contains(&name.to_ascii_lowercase().as_str()) && value != PLACEHOLDER {
            *value = PLACEHOLDER.to_string();
            n += 1;
        }
    }
    n
}

fn redacted_note(n: usize) -> Option<String> {
    (n > 0).then(|| {
        format!("{n} Cookie, Authorization or Set-Cookie value(s) replaced by {PLACEHOLDER}: corsim needs to know they are there, not what they hold")
    })
}

/// Request headers as a browser's copy (DevTools' "Copy as fetch" or "Copy
/// as cURL", a HAR) lists them, split into what the page's script set and
/// what tells about the request: the headers the browser adds itself
/// (`Origin`, `Referer`, `User-Agent`, `Sec-*`, `Accept-Language`, …) are
/// not the script's and would change the scenario (a `User-Agent` set by a
/// script is preflighted), so they are left out, `Origin` and `Referer`
/// giving the page; `Cookie` says credentials were sent.
struct RequestHeaders {
    kept: Vec<(String, String)>,
    origin: Option<String>,
    referer: Option<String>,
    cookie: bool,
    dropped: Vec<String>,
}

fn sort_request_headers(headers: Vec<(String, String)>, from_browser: bool) -> RequestHeaders {
    let mut out = RequestHeaders {
        kept: Vec::new(),
        origin: None,
        referer: None,
        cookie: false,
        dropped: Vec::new(),
    };
    for (name, value) in headers {
        let lower = name.to_ascii_lowercase();
        // HTTP/2 pseudo-headers (`:authority`) are the browser's.
        if lower.starts_with(':') {
            continue;
        }
        match lower.as_str() {
            "origin" => out.origin = Some(value),
            "referer" => out.referer = Some(value),
            "cookie" => out.cookie = true,
            _ => {
                let browsers = from_browser
                    && (lower.starts_with("sec-")
                        || corsim_core::header::forbidden_request_header(&name, value.as_bytes())
                            .is_some()
                        || matches!(
                            lower.as_str(),
                            "user-agent"
                                | "accept-language"
                                | "priority"
                                | "cache-control"
                                | "pragma"
                                | "dnt"
                                | "upgrade-insecure-requests"
                        )
                        || (lower == "accept" && value == "*/*"));
                if browsers {
                    if !out.dropped.contains(&lower) {
                        out.dropped.push(lower);
                    }
                } else {
                    out.kept.push((name, value));
                }
            }
        }
    }
    out
}

/// The page a request came from: its `Origin`, its `Referer`, or a guess.
fn page_from(
    origin: Option<&str>,
    referer: Option<&str>,
    url: &str,
    guesses: &mut Vec<Guess>,
) -> (String, bool) {
    if let Some(origin) = origin {
        if origin == "null" {
            guesses.push(Guess {
                path: "page".to_string(),
                value: guess_page(url, &[]),
                why: "the request's Origin is null: a sandboxed page".to_string(),
            });
            return (guess_page(url, &[]), true);
        }
        if Url::parse(origin).is_ok() {
            return (format!("{}/", origin.trim_end_matches('/')), false);
        }
    }
    if let Some(referer) = referer.filter(|r| Url::parse(r).is_ok()) {
        return (referer.to_string(), false);
    }
    let page = guess_page(url, &[]);
    guesses.push(Guess {
        path: "page".to_string(),
        value: page.clone(),
        why: "nothing says which page made the request; a page of another origin".to_string(),
    });
    (page, false)
}

/// Keeps at most `max` headers, saying so when it drops some.
fn cap_headers(
    headers: &mut Vec<(String, String)>,
    max: usize,
    what: &str,
    notes: &mut Vec<String>,
) {
    if headers.len() > max {
        notes.push(format!(
            "{what}: {} headers, of which the first {max} are kept (a scenario's list holds at most {max})",
            headers.len()
        ));
        headers.truncate(max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guessed_page_is_cross_origin_and_avoids_what_it_must() {
        assert_eq!(
            guess_page("https://api.example.com/x", &[]),
            "https://app.example.com/"
        );
        assert_eq!(
            guess_page("https://api.example.com/x", &["https://app.example.com"]),
            "https://www.example.com/"
        );
        assert_eq!(
            guess_page("http://app.example.com/x", &[]),
            "http://www.example.com/"
        );
        assert_eq!(guess_page("not a url", &[]), "https://app.example.com/");
    }

    #[test]
    fn a_guess_names_the_fields_the_editors_mark() {
        for (path, fields) in [
            ("page", &["page"][..]),
            ("request.method", &["request.method"]),
            ("request.headers[0]", &["request.headers"]),
            ("server[2].headers", &["server[2].headers"]),
            ("server[0].headers[1][0]", &["server[0].headers"]),
            ("server[1]", &["server[1].status", "server[1].headers"]),
        ] {
            let guess = Guess {
                path: path.to_string(),
                value: String::new(),
                why: String::new(),
            };
            assert_eq!(guess.fields(), fields, "{path}");
        }
    }

    #[test]
    fn bounds_come_first() {
        assert_eq!(bounded(" \n "), Err(ImportError::Empty));
        let big = "a".repeat(MAX_INPUT + 1);
        assert_eq!(
            bounded(&big),
            Err(ImportError::TooLarge {
                bytes: MAX_INPUT + 1
            })
        );
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("a\nb", 3), "a\\nb");
    }

    #[test]
    fn detect_reads_the_start_of_what_was_pasted() {
        for (text, kind) in [
            ("{\"log\": {\"entries\": []}}", Kind::Har),
            ("\u{feff}  {\"log\": {}}", Kind::Har),
            ("curl 'https://api.example.com/' -H 'Origin: https://a.test'", Kind::Curl),
            ("$ curl -i https://api.example.com/", Kind::Curl),
            ("curl.exe \"https://api.example.com/\"", Kind::Curl),
            ("HTTP/2 200\r\naccess-control-allow-origin: *", Kind::Headers),
            ("* Trying 1.2.3.4:443...\n> GET / HTTP/1.1", Kind::Headers),
            ("< HTTP/1.1 204 No Content", Kind::Headers),
            ("await fetch(\"https://api.example.com/\", {})", Kind::Fetch),
            ("const r = 1;\nfetch('https://api.example.com/')", Kind::Fetch),
            ("Access to fetch at 'https://api.example.com/' from origin 'https://a.test' has been blocked by CORS policy", Kind::Console),
            ("[Error] Fetch API cannot load https://api.example.com/ due to access control checks.", Kind::Console),
            ("Access to fetch at 'https://api.example.com/' from origin 'https://a.test' has been blocked by CORS policy: …\n(anonymous) @ app.js:3 fetch(url)", Kind::Console),
            ("hello", Kind::Console),
        ] {
            assert_eq!(Kind::detect(text), kind, "{text}");
        }
        for (kind, name) in Kind::ALL {
            assert_eq!(Kind::from_name(name), Some(kind));
            assert_eq!(kind.name(), name);
        }
    }
}
