//! Permalinks: the whole scenario in the URL fragment, versioned, compact and
//! readable, so that a link pasted into a chat or a bug report opens exactly
//! the scenario it was made from.
//!
//! # Format 1
//!
//! ```text
//! v=1&t=Delete+a+user&p=https://app.example.com/admin&u=https://api.example.com/users/7
//!    &m=DELETE&h=~au:Bearer+abc&c=include
//!    &s=204&u=~u&m=OPTIONS&h=~ao:~o&h=~am:GET,+DELETE
//!    &s=200&h=~ao:~o&end
//! ```
//! (one line in a real link). `&`-separated `key=value` pairs, in this order:
//!
//! | key | field | written |
//! |---|---|---|
//! | `v` | link format: `1` | always, first |
//! | `t` | title | unless empty |
//! | `p` | page | always |
//! | `sb` | `1`: sandboxed | when sandboxed |
//! | `u`, `m` | request URL, method | `u` always, `m` unless `GET` |
//! | `h` | request header, `name:value` | once per header, in order |
//! | `mo`, `c`, `r` | mode, credentials, redirect, spelled as in the scenario format | unless `cors`, `same-origin`, `follow` |
//! | `s` | a server response's status, as typed; the `u`, `m` and `h` after it are that response's URL, method and headers | once per response, in order |
//! | `end` | the end, so that a link cut short is an error rather than another scenario | always, last |
//!
//! A response's `u` and `m` are left out when absent (any URL, any method but
//! `OPTIONS`); `u=` is the empty URL.
//!
//! Values are percent-encoded as little as possible, so that URLs read as
//! URLs: ASCII letters and digits and ``-._~!$'()*,;:@/?=`` stay as they are
//! (nothing a URL parser would change, nothing a chat would end a link at),
//! a space is `+`, and every other character is `%XX` for each of its UTF-8
//! bytes. A header name ends at its first `:`, so a `:` in a name is `%3A`.
//!
//! A `~` starting a value or header name is a shorthand, and a `~` that is
//! really there is `%7E`:
//! - a header name spelled exactly as in [`ABBREVIATIONS`]: `~ao` is
//!   `Access-Control-Allow-Origin`;
//! - in a response's `u` and in header values, `~o` is the page's origin as
//!   typed (the page up to the `/`, `?` or `#` after its `://`:
//!   `https://app.example.com` for `https://app.example.com/admin`) and `~u` is
//!   the request URL (written only for a value that is not empty).
//!
//! A reader decodes `%XX` in any value and accepts characters left unescaped.
//!
//! Every later format keeps `v=N` first, so that an older corsim can say that
//! a link is newer than it rather than that it is broken. Links of format 1
//! are frozen in `tests/permalinks/frozen.txt`: they must open the same
//! scenario forever. [`ABBREVIATIONS`] may only grow.
//!
//! No link can make [`decode`] panic: these lints forbid `unwrap`, `expect`,
//! `panic!` and indexing or slicing that could be out of bounds outside tests
//! (`clippy.toml` allows them in tests), and `fuzz/` fuzzes it.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt;

use corsim_core::scenario::{
    CredentialsMode, RedirectMode, RequestMode, MAX_HEADERS, MAX_RESPONSES, MAX_TOTAL_HEADERS,
};

use crate::draft::{Draft, Headers, RequestDraft, ResponseDraft};

/// The link format this version writes and reads.
pub const FORMAT: u64 = 1;

/// The longest fragment [`decode`] reads, in bytes: Chromium's limit on a
/// whole URL.
pub const MAX_LEN: usize = 2 * 1024 * 1024;

/// The last pair of every link.
const END: &str = "end";

/// Short forms of common header names: `~ao` is `Access-Control-Allow-Origin`.
/// Used only for a name spelled exactly so. Never change or remove an entry.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ao", "Access-Control-Allow-Origin"),
    ("ac", "Access-Control-Allow-Credentials"),
    ("am", "Access-Control-Allow-Methods"),
    ("ah", "Access-Control-Allow-Headers"),
    ("ma", "Access-Control-Max-Age"),
    ("eh", "Access-Control-Expose-Headers"),
    ("ct", "Content-Type"),
    ("lo", "Location"),
    ("au", "Authorization"),
    ("va", "Vary"),
];

/// Why a fragment is not a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError {
    kind: LinkErrorKind,
}

/// What is wrong with a link, with the offending text (shortened) and where
/// it is: `at` counts characters of the fragment from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkErrorKind {
    Empty,
    /// Longer than [`MAX_LEN`] bytes.
    TooLong {
        length: usize,
    },
    /// It does not start with `v=`.
    NotCorsim,
    /// `v=` holds something other than a format this or a newer corsim reads.
    BadFormat {
        text: String,
    },
    /// `v=` holds a format newer than [`FORMAT`].
    NewerFormat {
        format: String,
    },
    /// It does not end with `&end`; `tail` is how it ends.
    CutShort {
        tail: String,
    },
    /// Its `&` are written `&amp;`, as in HTML.
    HtmlEscaped,
    NoEquals {
        key: String,
        at: usize,
    },
    UnknownKey {
        key: String,
        at: usize,
    },
    /// `key` comes after `after`, which must follow it.
    OutOfOrder {
        key: String,
        after: String,
        at: usize,
    },
    Repeated {
        key: String,
        at: usize,
    },
    /// `&end` before the end.
    EarlyEnd {
        at: usize,
    },
    Missing {
        key: &'static str,
        what: &'static str,
    },
    BadEscape {
        text: String,
        at: usize,
    },
    NotUtf8 {
        text: String,
        at: usize,
        key: String,
    },
    NoColon {
        key: String,
        at: usize,
    },
    UnknownShorthand {
        text: String,
        at: usize,
    },
    BadValue {
        key: String,
        value: String,
        at: usize,
        expected: String,
    },
    /// One header more than a list holds ([`MAX_HEADERS`]) or than a
    /// scenario holds in all ([`MAX_TOTAL_HEADERS`]), or one response more
    /// than a scenario holds ([`MAX_RESPONSES`]).
    TooMany {
        key: &'static str,
        what: &'static str,
        max: usize,
        at: usize,
    },
}

impl LinkError {
    pub fn kind(&self) -> &LinkErrorKind {
        &self.kind
    }
}

impl From<LinkErrorKind> for LinkError {
    fn from(kind: LinkErrorKind) -> LinkError {
        LinkError { kind }
    }
}

/// Reads well after "This link could not be opened: ".
impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LinkErrorKind::*;
        match &self.kind {
            Empty => write!(f, "it is empty"),
            TooLong { length } => write!(
                f,
                "it is too long ({length} bytes; a link holds at most {MAX_LEN})"
            ),
            NotCorsim => write!(f, "it is not a corsim link (no `v=`)"),
            BadFormat { text } => write!(
                f,
                "`v={text}` is not a link format (this version reads format {FORMAT})"
            ),
            NewerFormat { format } => write!(
                f,
                "it was made by a newer corsim (link format {format}; this version reads format {FORMAT})"
            ),
            CutShort { tail } => write!(
                f,
                "it is cut short: it ends with `{tail}` where `&{END}` should be"
            ),
            HtmlEscaped => write!(
                f,
                "it is escaped for HTML (`&amp;` where `&` should be): copy the link itself"
            ),
            NoEquals { key, at } => write!(f, "`{key}` at character {at} has no `=`"),
            UnknownKey { key, at } => write!(f, "`{key}` at character {at} is not a key"),
            OutOfOrder { key, after, at } => write!(
                f,
                "`{key}` at character {at} comes after `{after}`; the order is {ORDER}"
            ),
            Repeated { key, at } => write!(f, "`{key}` at character {at} is there twice"),
            EarlyEnd { at } => write!(f, "`&{END}` at character {at} comes before the end"),
            Missing { key, what } => write!(f, "it has no {what} (`{key}=`)"),
            BadEscape { text, at } => write!(
                f,
                "`{text}` at character {at} is not an escape (`%` and two hex digits)"
            ),
            NotUtf8 { text, at, key } => write!(
                f,
                "`{text}` is not valid UTF-8 at character {at} (in `{key}=`)"
            ),
            NoColon { key, at } => write!(
                f,
                "the header `{key}=` at character {at} has no `:` after its name"
            ),
            UnknownShorthand { text, at } => write!(
                f,
                "`{text}` at character {at} is not a shorthand here (a `~` that is really there is `%7E`)"
            ),
            BadValue {
                key,
                value,
                at,
                expected,
            } => write!(f, "`{key}={value}` at character {at}: expected {expected}"),
            TooMany { key, what, max, at } => write!(
                f,
                "`{key}=` at character {at} is one too many: a scenario holds at most {max} {what}"
            ),
        }
    }
}

impl std::error::Error for LinkError {}

/// The fragment (without `#`) that [`decode`]s to `draft`.
pub fn encode(draft: &Draft) -> String {
    let mut link = Writer {
        out: format!("v={FORMAT}"),
        origin: origin_text(&draft.page),
        url: &draft.request.url,
    };
    if !draft.title.is_empty() {
        link.pair("t", &draft.title);
    }
    link.pair("p", &draft.page);
    if draft.sandboxed {
        link.pair("sb", "1");
    }
    let r = &draft.request;
    link.pair("u", &r.url);
    if r.method != "GET" {
        link.pair("m", &r.method);
    }
    for header in &r.headers {
        link.header(header);
    }
    if r.mode != RequestMode::Cors {
        link.pair("mo", r.mode.as_str());
    }
    if r.credentials != CredentialsMode::SameOrigin {
        link.pair("c", r.credentials.as_str());
    }
    if r.redirect != RedirectMode::Follow {
        link.pair("r", r.redirect.as_str());
    }
    for response in &draft.server {
        link.pair("s", &response.status);
        if let Some(url) = &response.url {
            link.key("u");
            link.shortened(url);
        }
        if let Some(method) = &response.method {
            link.pair("m", method);
        }
        for header in &response.headers {
            link.header(header);
        }
    }
    link.out.push('&');
    link.out.push_str(END);
    link.out
}

/// `base`, without any fragment it has, then `#` and the fragment for `draft`.
pub fn link(base: &str, draft: &Draft) -> String {
    let base = base.split('#').next().unwrap_or(base);
    format!("{base}#{}", encode(draft))
}

/// The scenario a fragment (without `#`; a leading `#` is skipped) holds.
/// Never panics: whatever the input, the result is a draft or an error saying
/// what is wrong and where.
pub fn decode(fragment: &str) -> Result<Draft, LinkError> {
    use LinkErrorKind::*;
    let text = fragment.strip_prefix('#').unwrap_or(fragment);
    if text.is_empty() {
        return Err(Empty.into());
    }
    if text.len() > MAX_LEN {
        return Err(TooLong { length: text.len() }.into());
    }
    let pairs = split(text);
    let (first, rest) = pairs.split_first().ok_or(Empty)?;
    // The format first, so that a newer link is reported as newer whatever
    // the rest of it holds.
    match (first.key, first.value) {
        ("v", Some(v)) if v == FORMAT.to_string() => {}
        ("v", Some("")) if rest.is_empty() => return Err(cut_short(text)),
        ("v", Some(v)) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => {
            // Too big for a u64 is newer still.
            return Err(match v.parse::<u64>() {
                Ok(n) if n <= FORMAT => BadFormat { text: snippet(v) },
                _ => NewerFormat {
                    format: snippet(v.trim_start_matches('0')),
                },
            }
            .into());
        }
        ("v", Some(v)) => return Err(BadFormat { text: snippet(v) }.into()),
        _ => return Err(NotCorsim.into()),
    }
    let body = match rest.split_last() {
        Some((last, body)) if last.key == END && last.value.is_none() => body,
        Some((last, _)) if last.key == "amp;end" => return Err(HtmlEscaped.into()),
        _ => return Err(cut_short(text)),
    };
    let mut reader = Reader::new(text);
    for pair in body {
        reader.read(pair)?;
    }
    reader.finish()
}

/// A text value escaped as this format escapes values, for links that carry
/// text beside scenarios (a course's title).
pub fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    escape(&mut out, value, false);
    out
}

/// Undoes [`escape_value`]; errors name the key `t`.
pub fn unescape_value(raw: &str) -> Result<String, LinkError> {
    Reader::new(raw).unescape(raw, 0, Key::Title)
}

/// The page's origin as typed: the page up to the `/`, `?` or `#` after its
/// `://`, or the empty string when it has no `://`. Text only, without URL
/// parsing, so that what `~o` stands for can never change.
fn origin_text(page: &str) -> &str {
    let Some(scheme_end) = page.find("://").map(|i| i + 3) else {
        return "";
    };
    let rest = page.get(scheme_end..).unwrap_or_default();
    match rest.find(['/', '?', '#']) {
        Some(i) => page.get(..scheme_end + i).unwrap_or(page),
        None => page,
    }
}

/// A link being written.
struct Writer<'a> {
    out: String,
    /// What `~o` and `~u` stand for.
    origin: &'a str,
    url: &'a str,
}

impl Writer<'_> {
    fn key(&mut self, key: &str) {
        self.out.push('&');
        self.out.push_str(key);
        self.out.push('=');
    }

    fn pair(&mut self, key: &str, value: &str) {
        self.key(key);
        escape(&mut self.out, value, false);
    }

    fn header(&mut self, (name, value): &(String, String)) {
        self.key("h");
        match ABBREVIATIONS.iter().find(|(_, long)| long == name) {
            Some((short, _)) => {
                self.out.push('~');
                self.out.push_str(short);
            }
            None => escape(&mut self.out, name, true),
        }
        self.out.push(':');
        self.shortened(value);
    }

    /// A value where `~o` and `~u` may stand for the page's origin and the
    /// request URL.
    fn shortened(&mut self, value: &str) {
        if !value.is_empty() && value == self.origin {
            self.out.push_str("~o");
        } else if !value.is_empty() && value == self.url {
            self.out.push_str("~u");
        } else {
            escape(&mut self.out, value, false);
        }
    }
}

/// Appends `value` with as little escaping as keeps it one unambiguous value,
/// `:` escaped too in a header `name`.
fn escape(out: &mut String, value: &str, name: bool) {
    for (i, c) in value.char_indices() {
        let literal = c.is_ascii_alphanumeric()
            || match c {
                '-' | '.' | '_' | '!' | '$' | '\'' | '(' | ')' | '*' | ',' | ';' | '@' | '/'
                | '?' | '=' => true,
                ':' => !name,
                '~' => i > 0,
                _ => false,
            };
        if literal {
            out.push(c);
        } else if c == ' ' {
            out.push('+');
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push('%');
                out.push(hex_digit(b >> 4));
                out.push(hex_digit(b & 0xf));
            }
        }
    }
}

/// The upper-case hex digit for the low four bits of `n`.
fn hex_digit(n: u8) -> char {
    let n = n & 0xf;
    char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 })
}

/// One `key=value`, or a bare `key`, of a fragment.
struct Pair<'a> {
    /// Byte offset of the key in the fragment.
    at: usize,
    key: &'a str,
    value: Option<&'a str>,
}

/// The byte offset of a pair's value in the fragment.
fn value_at(pair: &Pair<'_>) -> usize {
    pair.at + pair.key.len() + 1
}

fn split(text: &str) -> Vec<Pair<'_>> {
    let mut at = 0;
    text.split('&')
        .map(|part| {
            let (key, value) = match part.split_once('=') {
                Some((key, value)) => (key, Some(value)),
                None => (part, None),
            };
            let pair = Pair { at, key, value };
            at += part.len() + 1;
            pair
        })
        .collect()
}

fn cut_short(text: &str) -> LinkError {
    const TAIL: usize = 12;
    let count = text.chars().count();
    let tail: String = text.chars().skip(count.saturating_sub(TAIL)).collect();
    let ellipsis = if count > TAIL { "…" } else { "" };
    LinkErrorKind::CutShort {
        tail: format!("{ellipsis}{}", shown(&tail)),
    }
    .into()
}

/// Text with its controls escaped, as `\n` or `\u{7f}`.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect()
}

/// Text from a link for a message: at most 24 characters, controls escaped.
fn snippet(text: &str) -> String {
    let head: String = text.chars().take(24).collect();
    let mut out = shown(&head);
    if text.chars().nth(24).is_some() {
        out.push('…');
    }
    out
}

/// The fields in the order of their keys. `u`, `m` and `h` after an `s` are
/// the response's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Title,
    Page,
    Sandboxed,
    Url,
    Method,
    Header,
    Mode,
    Credentials,
    Redirect,
    Status,
    ResponseUrl,
    ResponseMethod,
    ResponseHeader,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::Title => "t",
            Key::Page => "p",
            Key::Sandboxed => "sb",
            Key::Url | Key::ResponseUrl => "u",
            Key::Method | Key::ResponseMethod => "m",
            Key::Header | Key::ResponseHeader => "h",
            Key::Mode => "mo",
            Key::Credentials => "c",
            Key::Redirect => "r",
            Key::Status => "s",
        }
    }
}

/// The order of the keys, for a message.
const ORDER: &str =
    "v, t, p, sb, u, m, h, mo, c, r, then s, u, m, h for each server response, then end";

/// Reads the pairs between `v=` and `&end` into a draft.
struct Reader<'a> {
    text: &'a str,
    /// The last key read, if any.
    last: Option<Key>,
    draft: Draft,
    seen_page: bool,
    seen_url: bool,
    /// Headers read so far, in all lists.
    headers: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            last: None,
            draft: Draft {
                title: String::new(),
                page: String::new(),
                sandboxed: false,
                request: RequestDraft::default(),
                server: Vec::new(),
            },
            seen_page: false,
            seen_url: false,
            headers: 0,
        }
    }

    /// The position (counting characters from 1) of a byte offset.
    fn position(&self, at: usize) -> usize {
        self.text.get(..at).map_or(at, |s| s.chars().count()) + 1
    }

    fn read(&mut self, pair: &Pair<'_>) -> Result<(), LinkError> {
        use LinkErrorKind::*;
        // Positions are counted only for a message: counting is linear.
        let at = || self.position(pair.at);
        let in_response = self.last >= Some(Key::Status);
        let key = match (pair.key, in_response) {
            ("t", _) => Key::Title,
            ("p", _) => Key::Page,
            ("sb", _) => Key::Sandboxed,
            ("u", false) => Key::Url,
            ("m", false) => Key::Method,
            ("h", false) => Key::Header,
            ("mo", _) => Key::Mode,
            ("c", _) => Key::Credentials,
            ("r", _) => Key::Redirect,
            ("s", _) => Key::Status,
            ("u", true) => Key::ResponseUrl,
            ("m", true) => Key::ResponseMethod,
            ("h", true) => Key::ResponseHeader,
            (END, _) => {
                return Err(EarlyEnd {
                    at: at().saturating_sub(1),
                }
                .into())
            }
            ("v", _) => {
                return Err(Repeated {
                    key: "v".into(),
                    at: at(),
                }
                .into())
            }
            (other, _) => {
                return Err(UnknownKey {
                    key: snippet(other),
                    at: at(),
                }
                .into())
            }
        };
        let Some(raw) = pair.value else {
            return Err(NoEquals {
                key: key.name().into(),
                at: at(),
            }
            .into());
        };
        self.check_order(key, pair.at)?;
        self.last = Some(key);
        let value_at = value_at(pair);
        match key {
            Key::Title => self.draft.title = self.plain(raw, value_at, key)?,
            Key::Page => {
                self.draft.page = self.plain(raw, value_at, key)?;
                self.seen_page = true;
            }
            Key::Sandboxed => match self.unescape(raw, value_at, key)?.as_str() {
                "1" => self.draft.sandboxed = true,
                _ => return Err(self.bad_value(pair, "`sb=1`")),
            },
            Key::Url => {
                self.draft.request.url = self.plain(raw, value_at, key)?;
                self.seen_url = true;
            }
            Key::Method => self.draft.request.method = self.plain(raw, value_at, key)?,
            Key::Header => {
                self.check_count(self.draft.request.headers.len(), MAX_HEADERS, pair)?;
                self.count_header(pair)?;
                let header = self.header(raw, value_at, key)?;
                self.draft.request.headers.push(header);
            }
            Key::Mode => self.draft.request.mode = self.keyword(pair, key, RequestMode::ALL)?,
            Key::Credentials => {
                self.draft.request.credentials = self.keyword(pair, key, CredentialsMode::ALL)?
            }
            Key::Redirect => {
                self.draft.request.redirect = self.keyword(pair, key, RedirectMode::ALL)?
            }
            Key::Status => {
                self.check_count(self.draft.server.len(), MAX_RESPONSES, pair)?;
                let status = self.plain(raw, value_at, key)?;
                self.draft.server.push(ResponseDraft {
                    method: None,
                    url: None,
                    status,
                    headers: Headers::new(),
                });
            }
            Key::ResponseUrl => {
                let url = self.shortened(raw, value_at, key)?;
                if let Some(response) = self.response() {
                    response.url = Some(url);
                }
            }
            Key::ResponseMethod => {
                let method = self.plain(raw, value_at, key)?;
                if let Some(response) = self.response() {
                    response.method = Some(method);
                }
            }
            Key::ResponseHeader => {
                let count = self.draft.server.last().map_or(0, |r| r.headers.len());
                self.check_count(count, MAX_HEADERS, pair)?;
                self.count_header(pair)?;
                let header = self.header(raw, value_at, key)?;
                if let Some(response) = self.response() {
                    response.headers.push(header);
                }
            }
        }
        Ok(())
    }

    /// Whether there is room for one more of what `pair` adds to a list
    /// holding `count`: the same bounds as the scenario format's, so that a
    /// link never opens more than the app can evaluate and draw quickly.
    fn check_count(&self, count: usize, max: usize, pair: &Pair<'_>) -> Result<(), LinkError> {
        if count < max {
            return Ok(());
        }
        let (key, what) = match pair.key {
            "s" => ("s", "server responses"),
            _ => ("h", "headers in a list"),
        };
        Err(LinkErrorKind::TooMany {
            key,
            what,
            max,
            at: self.position(pair.at),
        }
        .into())
    }

    /// Counts one more header in all, if there is room for it.
    fn count_header(&mut self, pair: &Pair<'_>) -> Result<(), LinkError> {
        if self.headers >= MAX_TOTAL_HEADERS {
            return Err(LinkErrorKind::TooMany {
                key: "h",
                what: "headers in all",
                max: MAX_TOTAL_HEADERS,
                at: self.position(pair.at),
            }
            .into());
        }
        self.headers += 1;
        Ok(())
    }

    /// The response being read: the last one (there is one, as the key
    /// after an `s` is a response key).
    fn response(&mut self) -> Option<&mut ResponseDraft> {
        self.draft.server.last_mut()
    }

    /// Whether `key` may come after the last key; `at` is its byte offset.
    fn check_order(&self, key: Key, at: usize) -> Result<(), LinkError> {
        let Some(last) = self.last else {
            return Ok(());
        };
        let repeats = matches!(key, Key::Header | Key::ResponseHeader);
        if last < key || (last == key && repeats) || key == Key::Status {
            return Ok(());
        }
        let repeated = last == key;
        let (key, at) = (key.name().to_string(), self.position(at));
        Err(if repeated {
            LinkErrorKind::Repeated { key, at }
        } else {
            LinkErrorKind::OutOfOrder {
                key,
                after: last.name().into(),
                at,
            }
        }
        .into())
    }

    fn finish(self) -> Result<Draft, LinkError> {
        use LinkErrorKind::Missing;
        if !self.seen_page {
            return Err(Missing {
                key: "p",
                what: "page",
            }
            .into());
        }
        if !self.seen_url {
            return Err(Missing {
                key: "u",
                what: "request URL",
            }
            .into());
        }
        Ok(self.draft)
    }

    fn bad_value(&self, pair: &Pair<'_>, expected: &str) -> LinkError {
        LinkErrorKind::BadValue {
            key: pair.key.into(),
            value: snippet(pair.value.unwrap_or_default()),
            at: self.position(pair.at),
            expected: expected.into(),
        }
        .into()
    }

    /// One of the words in `all`.
    fn keyword<T: Copy>(
        &self,
        pair: &Pair<'_>,
        key: Key,
        all: &[(T, &str)],
    ) -> Result<T, LinkError> {
        let value = self.unescape(pair.value.unwrap_or_default(), value_at(pair), key)?;
        match all.iter().find(|(_, word)| *word == value) {
            Some((t, _)) => Ok(*t),
            None => {
                let words: Vec<&str> = all.iter().map(|(_, w)| *w).collect();
                Err(self.bad_value(pair, &format!("one of {}", words.join(", "))))
            }
        }
    }

    /// `name:value`, the name perhaps abbreviated, the value perhaps shortened.
    fn header(&self, raw: &str, at: usize, key: Key) -> Result<(String, String), LinkError> {
        let Some((raw_name, raw_value)) = raw.split_once(':') else {
            return Err(LinkErrorKind::NoColon {
                key: key.name().into(),
                at: self.position(at.saturating_sub(key.name().len() + 1)),
            }
            .into());
        };
        let name = match raw_name.strip_prefix('~') {
            Some(short) => match ABBREVIATIONS.iter().find(|(s, _)| *s == short) {
                Some((_, long)) => long.to_string(),
                None => return Err(self.unknown_shorthand(raw_name, at)),
            },
            None => self.unescape(raw_name, at, key)?,
        };
        let value = self.shortened(raw_value, at + raw_name.len() + 1, key)?;
        Ok((name, value))
    }

    /// A value where `~o` and `~u` stand for the page's origin and the request URL.
    fn shortened(&self, raw: &str, at: usize, key: Key) -> Result<String, LinkError> {
        match raw {
            "~o" => Ok(origin_text(&self.draft.page).to_string()),
            "~u" => Ok(self.draft.request.url.clone()),
            _ => self.plain(raw, at, key),
        }
    }

    /// A value with no shorthand.
    fn plain(&self, raw: &str, at: usize, key: Key) -> Result<String, LinkError> {
        if raw.starts_with('~') {
            return Err(self.unknown_shorthand(raw, at));
        }
        self.unescape(raw, at, key)
    }

    fn unknown_shorthand(&self, raw: &str, at: usize) -> LinkError {
        LinkErrorKind::UnknownShorthand {
            text: snippet(raw),
            at: self.position(at),
        }
        .into()
    }

    /// Undoes [`escape`]: `+` is a space, `%XX` a byte; the bytes must be
    /// UTF-8. `at` is the byte offset of `raw` in the fragment.
    fn unescape(&self, raw: &str, at: usize, key: Key) -> Result<String, LinkError> {
        let bytes = raw.as_bytes();
        let mut out = String::with_capacity(raw.len());
        // A run of escaped bytes, and the offset in `raw` where it starts.
        let mut run: Vec<u8> = Vec::new();
        let mut run_start = 0;
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '%' {
                self.flush(&mut out, &mut run, at + run_start, key)?;
                out.push(if c == '+' { ' ' } else { c });
                continue;
            }
            let byte = match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(&hi), Some(&lo)) => hex_value(hi).zip(hex_value(lo)).map(|(h, l)| h << 4 | l),
                _ => None,
            };
            let Some(byte) = byte else {
                let text: String = raw.get(i..).unwrap_or_default().chars().take(3).collect();
                return Err(LinkErrorKind::BadEscape {
                    text: snippet(&text),
                    at: self.position(at + i),
                }
                .into());
            };
            if run.is_empty() {
                run_start = i;
            }
            run.push(byte);
            // Skip the two hex digits, both ASCII.
            chars.next();
            chars.next();
        }
        self.flush(&mut out, &mut run, at + run_start, key)?;
        Ok(out)
    }

    /// Appends a run of escaped bytes, which must be UTF-8 by themselves, as
    /// the characters around them are whole characters. `at` is the byte
    /// offset of the run's first `%` in the fragment.
    fn flush(
        &self,
        out: &mut String,
        run: &mut Vec<u8>,
        at: usize,
        key: Key,
    ) -> Result<(), LinkError> {
        match std::str::from_utf8(run) {
            Ok(s) => out.push_str(s),
            Err(e) => {
                let good = e.valid_up_to();
                let bad = e.error_len().unwrap_or(run.len() - good);
                // Each byte of the run is written as three characters, `%XX`.
                let start = at + 3 * good;
                let text = self.text.get(start..start + 3 * bad).unwrap_or_default();
                return Err(LinkErrorKind::NotUtf8 {
                    text: snippet(text),
                    at: self.position(start),
                    key: key.name().into(),
                }
                .into());
            }
        }
        run.clear();
        Ok(())
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest scenario: a page and a request URL.
    fn minimal() -> Draft {
        Draft {
            title: String::new(),
            page: "http://a/x".into(),
            sandboxed: false,
            request: RequestDraft {
                url: "http://b/".into(),
                ..RequestDraft::default()
            },
            server: Vec::new(),
        }
    }

    fn response(status: &str) -> ResponseDraft {
        ResponseDraft {
            method: None,
            url: None,
            status: status.into(),
            headers: Vec::new(),
        }
    }

    fn header(name: &str, value: &str) -> (String, String) {
        (name.into(), value.into())
    }

    /// (description, the change to [`minimal`], its fragment)
    type Row = (&'static str, fn(&mut Draft), &'static str);

    const ENCODINGS: &[Row] = &[
        ("defaults are left out", |_| {}, "v=1&p=http://a/x&u=http://b/&end"),
        ("a title", |d| d.title = "CORS 101".into(), "v=1&t=CORS+101&p=http://a/x&u=http://b/&end"),
        ("an empty title is no title", |d| d.title = String::new(), "v=1&p=http://a/x&u=http://b/&end"),
        ("an empty page", |d| d.page = String::new(), "v=1&p=&u=http://b/&end"),
        ("an empty request URL", |d| d.request.url = String::new(), "v=1&p=http://a/x&u=&end"),
        ("sandboxed", |d| d.sandboxed = true, "v=1&p=http://a/x&sb=1&u=http://b/&end"),
        ("a method", |d| d.request.method = "DELETE".into(), "v=1&p=http://a/x&u=http://b/&m=DELETE&end"),
        ("a method as typed", |d| d.request.method = "get".into(), "v=1&p=http://a/x&u=http://b/&m=get&end"),
        ("an empty method", |d| d.request.method = String::new(), "v=1&p=http://a/x&u=http://b/&m=&end"),
        (
            "request headers, in order, names repeating",
            |d| d.request.headers = vec![header("X-B", "2"), header("X-A", "1"), header("X-B", "3")],
            "v=1&p=http://a/x&u=http://b/&h=X-B:2&h=X-A:1&h=X-B:3&end",
        ),
        ("an empty header", |d| d.request.headers = vec![header("", "")], "v=1&p=http://a/x&u=http://b/&h=:&end"),
        ("mode no-cors", |d| d.request.mode = RequestMode::NoCors, "v=1&p=http://a/x&u=http://b/&mo=no-cors&end"),
        (
            "mode same-origin",
            |d| d.request.mode = RequestMode::SameOrigin,
            "v=1&p=http://a/x&u=http://b/&mo=same-origin&end",
        ),
        ("credentials omit", |d| d.request.credentials = CredentialsMode::Omit, "v=1&p=http://a/x&u=http://b/&c=omit&end"),
        (
            "credentials include",
            |d| d.request.credentials = CredentialsMode::Include,
            "v=1&p=http://a/x&u=http://b/&c=include&end",
        ),
        ("redirect error", |d| d.request.redirect = RedirectMode::Error, "v=1&p=http://a/x&u=http://b/&r=error&end"),
        ("redirect manual", |d| d.request.redirect = RedirectMode::Manual, "v=1&p=http://a/x&u=http://b/&r=manual&end"),
        (
            "every key of the request, in order",
            |d| {
                d.title = "T".into();
                d.sandboxed = true;
                d.request.method = "POST".into();
                d.request.headers = vec![header("X-A", "1")];
                d.request.mode = RequestMode::SameOrigin;
                d.request.credentials = CredentialsMode::Omit;
                d.request.redirect = RedirectMode::Manual;
            },
            "v=1&t=T&p=http://a/x&sb=1&u=http://b/&m=POST&h=X-A:1&mo=same-origin&c=omit&r=manual&end",
        ),
        ("a response", |d| d.server = vec![response("200")], "v=1&p=http://a/x&u=http://b/&s=200&end"),
        (
            "a response's URL, method and headers",
            |d| {
                let mut r = response("307");
                r.url = Some("http://c/".into());
                r.method = Some("PUT".into());
                r.headers = vec![header("X-A", "1"), header("X-A", "2")];
                d.server = vec![r];
            },
            "v=1&p=http://a/x&u=http://b/&s=307&u=http://c/&m=PUT&h=X-A:1&h=X-A:2&end",
        ),
        (
            "responses in order, after the request's keys",
            |d| {
                d.request.headers = vec![header("X-Q", "q")];
                d.request.redirect = RedirectMode::Error;
                let mut first = response("204");
                first.headers = vec![header("X-R", "r")];
                d.server = vec![first, response("200"), response("200")];
            },
            "v=1&p=http://a/x&u=http://b/&h=X-Q:q&r=error&s=204&h=X-R:r&s=200&s=200&end",
        ),
        (
            "an empty method and URL are not absent ones",
            |d| {
                let mut r = response("200");
                r.url = Some(String::new());
                r.method = Some(String::new());
                d.server = vec![r];
            },
            "v=1&p=http://a/x&u=http://b/&s=200&u=&m=&end",
        ),
        ("a status as typed", |d| d.server = vec![response(" 2o0")], "v=1&p=http://a/x&u=http://b/&s=+2o0&end"),
        ("an empty status", |d| d.server = vec![response("")], "v=1&p=http://a/x&u=http://b/&s=&end"),
        (
            "abbreviated header names",
            |d| d.request.headers = ABBREVIATIONS.iter().map(|(_, long)| header(long, "")).collect(),
            "v=1&p=http://a/x&u=http://b/&h=~ao:&h=~ac:&h=~am:&h=~ah:&h=~ma:&h=~eh:&h=~ct:&h=~lo:&h=~au:&h=~va:&end",
        ),
        (
            "only the exact spelling is abbreviated",
            |d| d.request.headers = vec![header("content-type", "a"), header("Content-Type ", "b")],
            "v=1&p=http://a/x&u=http://b/&h=content-type:a&h=Content-Type+:b&end",
        ),
        (
            "the page's origin as typed and the request URL are shortened",
            |d| {
                d.request.headers = vec![header("Origin", "http://a")];
                let mut r = response("301");
                r.url = Some("http://b/".into());
                r.headers = vec![
                    header("Access-Control-Allow-Origin", "http://a"),
                    header("Location", "http://b/"),
                    header("X-Near", "http://a/"),
                    header("X-Near", "http://b"),
                ];
                d.server = vec![r];
            },
            "v=1&p=http://a/x&u=http://b/&h=Origin:~o&s=301&u=~u&h=~ao:~o&h=~lo:~u&h=X-Near:http://a/&h=X-Near:http://b&end",
        ),
        (
            "the origin ends at the first / ? or # after ://",
            |d| {
                d.page = "a://b:1?c/d".into();
                d.server = vec![response("200")];
                d.server[0].headers = vec![header("X", "a://b:1")];
            },
            "v=1&p=a://b:1?c/d&u=http://b/&s=200&h=X:~o&end",
        ),
        (
            "a page without :// has no origin to shorten",
            |d| {
                d.page = "data:,x".into();
                d.request.headers = vec![header("X", ""), header("Y", "data:,x")];
            },
            "v=1&p=data:,x&u=http://b/&h=X:&h=Y:data:,x&end",
        ),
        (
            "an empty request URL is not shortened",
            |d| {
                d.request.url = String::new();
                d.request.headers = vec![header("X", "")];
            },
            "v=1&p=http://a/x&u=&h=X:&end",
        ),
        (
            "a ~ starting a name or value is escaped, elsewhere not",
            |d| {
                d.title = "~o".into();
                d.request.method = "~u".into();
                d.request.headers = vec![header("~ao", "~o"), header("a~", "b~")];
            },
            "v=1&t=%7Eo&p=http://a/x&u=http://b/&m=%7Eu&h=%7Eao:%7Eo&h=a~:b~&end",
        ),
        (
            "a : is escaped in a name, not in a value",
            |d| d.request.headers = vec![header("a:b", "c:d")],
            "v=1&p=http://a/x&u=http://b/&h=a%3Ab:c:d&end",
        ),
        (
            "separators, escapes and spaces are escaped; = is not",
            |d| d.title = "a&b=c%d+e f#g".into(),
            "v=1&t=a%26b=c%25d%2Be+f%23g&p=http://a/x&u=http://b/&end",
        ),
        (
            "URL punctuation stays as it is",
            |d| d.request.url = "http://b:8443/p;q?x=1,y=(2)*!$'@~".into(),
            "v=1&p=http://a/x&u=http://b:8443/p;q?x=1,y=(2)*!$'@~&end",
        ),
        (
            "what a URL parser or a chat would change is escaped",
            |d| d.title = "\"<>`{|}\\^[]".into(),
            "v=1&t=%22%3C%3E%60%7B%7C%7D%5C%5E%5B%5D&p=http://a/x&u=http://b/&end",
        ),
        (
            "controls and non-ASCII are UTF-8 escapes",
            |d| d.title = "é\t😀\u{7f}\0".into(),
            "v=1&t=%C3%A9%09%F0%9F%98%80%7F%00&p=http://a/x&u=http://b/&end",
        ),
        (
            "end and v in values are just text",
            |d| d.title = "&end".into(),
            "v=1&t=%26end&p=http://a/x&u=http://b/&end",
        ),
    ];

    #[test]
    fn each_field_is_written_and_read_back() {
        for (description, change, want) in ENCODINGS {
            let mut draft = minimal();
            change(&mut draft);
            assert_eq!(encode(&draft), *want, "{description}");
            assert_eq!(decode(want), Ok(draft), "{description}");
        }
    }

    /// (description, fragment, what it opens as a change to [`minimal`])
    const LENIENT: &[Row] = &[
        ("a leading #", |_| {}, "#v=1&p=http://a/x&u=http://b/&end"),
        (
            "defaults written out",
            |_| {},
            "v=1&t=&p=http://a/x&u=http://b/&m=GET&mo=cors&c=same-origin&r=follow&end",
        ),
        (
            "lower-case escapes",
            |d| d.title = "é".into(),
            "v=1&t=%c3%a9&p=http://a/x&u=http://b/&end",
        ),
        (
            "characters left unescaped",
            |d| d.title = "é \"<>".into(),
            "v=1&t=é \"<>&p=http://a/x&u=http://b/&end",
        ),
        (
            "%20 and + are spaces, %2B is +",
            |d| d.title = "a b c+".into(),
            "v=1&t=a%20b+c%2B&p=http://a/x&u=http://b/&end",
        ),
        (
            "escapes that need none",
            |d| d.page = "http://a/x".into(),
            "v=1&p=%68ttp%3A//a/x&u=http://b/&end",
        ),
        (
            "an escaped ~ names no shorthand",
            |d| d.request.headers = vec![header("~ct", "~o")],
            "v=1&p=http://a/x&u=http://b/&h=%7Ect:%7Eo&end",
        ),
        (
            "~o and ~u in a response's URL",
            |d| {
                d.server = vec![response("200"), response("200")];
                d.server[0].url = Some("http://a".into());
                d.server[1].url = Some("http://b/".into());
            },
            "v=1&p=http://a/x&u=http://b/&s=200&u=~o&s=200&u=~u&end",
        ),
        (
            "= in a value",
            |d| d.title = "a=b".into(),
            "v=1&t=a%3Db&p=http://a/x&u=http://b/&end",
        ),
    ];

    #[test]
    fn what_a_reader_accepts_beyond_what_is_written() {
        for (description, change, fragment) in LENIENT {
            let mut want = minimal();
            change(&mut want);
            assert_eq!(decode(fragment), Ok(want), "{description}");
        }
    }

    /// (description, fragment, the message)
    const ERRORS: &[(&str, &str, &str)] = &[
        ("empty", "", "it is empty"),
        ("just #", "#", "it is empty"),
        ("not a link", "garbage", "it is not a corsim link (no `v=`)"),
        ("v= not first", "p=x&v=1&end", "it is not a corsim link (no `v=`)"),
        ("v without =", "v", "it is not a corsim link (no `v=`)"),
        ("a newer format", "v=2&p=x", "it was made by a newer corsim (link format 2; this version reads format 1)"),
        ("a newer format, cut short", "v=2", "it was made by a newer corsim (link format 2; this version reads format 1)"),
        (
            "a far newer format",
            "v=99999999999999999999999&x",
            "it was made by a newer corsim (link format 99999999999999999999999; this version reads format 1)",
        ),
        ("a newer format with zeros", "v=002&end", "it was made by a newer corsim (link format 2; this version reads format 1)"),
        ("format 0", "v=0&end", "`v=0` is not a link format (this version reads format 1)"),
        ("format 01", "v=01&end", "`v=01` is not a link format (this version reads format 1)"),
        ("a format that is not a number", "v=x&end", "`v=x` is not a link format (this version reads format 1)"),
        ("cut short in v=", "v=", "it is cut short: it ends with `v=` where `&end` should be"),
        ("cut short after v=1", "v=1", "it is cut short: it ends with `v=1` where `&end` should be"),
        (
            "cut short after a value",
            "v=1&p=http://a/x&u=http://b/",
            "it is cut short: it ends with `…&u=http://b/` where `&end` should be",
        ),
        (
            "cut short in the end",
            "v=1&p=http://a/x&u=http://b/&en",
            "it is cut short: it ends with `…http://b/&en` where `&end` should be",
        ),
        (
            "cut short in an escape",
            "v=1&p=http://a/x&u=http://b/%E",
            "it is cut short: it ends with `…=http://b/%E` where `&end` should be",
        ),
        (
            "something after the end",
            "v=1&p=http://a/x&u=http://b/&end=",
            "it is cut short: it ends with `…tp://b/&end=` where `&end` should be",
        ),
        ("two ends", "v=1&p=http://a/x&u=http://b/&end&end", "`&end` at character 29 comes before the end"),
        ("an unknown key", "v=1&p=http://a/x&u=http://b/&zz=1&end", "`zz` at character 30 is not a key"),
        (
            "a link escaped for HTML",
            "v=1&amp;p=http://a/x&amp;u=http://b/&amp;end",
            "it is escaped for HTML (`&amp;` where `&` should be): copy the link itself",
        ),
        ("a long unknown key", "v=1&abcdefghijklmnopqrstuvwxyz=&end", "`abcdefghijklmnopqrstuvwx…` at character 5 is not a key"),
        ("a second v", "v=1&p=http://a/x&u=http://b/&v=1&end", "`v` at character 30 is there twice"),
        ("a key without =", "v=1&p=http://a/x&u=http://b/&m&end", "`m` at character 30 has no `=`"),
        (
            "a key out of order",
            "v=1&p=http://a/x&u=http://b/&sb=1&end",
            "`sb` at character 30 comes after `u`; the order is v, t, p, sb, u, m, h, mo, c, r, then s, u, m, h for each server response, then end",
        ),
        ("a key twice", "v=1&p=http://a/x&p=http://a/x&u=http://b/&end", "`p` at character 18 is there twice"),
        (
            "a request key after a response",
            "v=1&p=http://a/x&u=http://b/&s=200&mo=cors&end",
            "`mo` at character 36 comes after `s`; the order is v, t, p, sb, u, m, h, mo, c, r, then s, u, m, h for each server response, then end",
        ),
        (
            "a response's keys out of order",
            "v=1&p=http://a/x&u=http://b/&s=200&m=GET&u=x&end",
            "`u` at character 42 comes after `m`; the order is v, t, p, sb, u, m, h, mo, c, r, then s, u, m, h for each server response, then end",
        ),
        ("a response's key twice", "v=1&p=http://a/x&u=http://b/&s=200&u=x&u=y&end", "`u` at character 40 is there twice"),
        ("no page", "v=1&u=http://b/&end", "it has no page (`p=`)"),
        ("no request URL", "v=1&p=http://a/x&end", "it has no request URL (`u=`)"),
        ("the request URL after a response is its URL", "v=1&p=http://a/x&s=200&u=http://b/&end", "it has no request URL (`u=`)"),
        ("a byte that is not UTF-8", "v=1&p=%FF&u=http://b/&end", "`%FF` is not valid UTF-8 at character 7 (in `p=`)"),
        ("not UTF-8 after a character", "v=1&t=é%FF&p=http://a/x&u=http://b/&end", "`%FF` is not valid UTF-8 at character 8 (in `t=`)"),
        ("UTF-8 cut short by the value's end", "v=1&t=ab%C3&p=http://a/x&u=http://b/&end", "`%C3` is not valid UTF-8 at character 9 (in `t=`)"),
        (
            "UTF-8 cut short after a good character",
            "v=1&t=%C3%A9%E2%82&p=http://a/x&u=http://b/&end",
            "`%E2%82` is not valid UTF-8 at character 13 (in `t=`)",
        ),
        ("UTF-8 cut short by a character", "v=1&t=%C3A&p=http://a/x&u=http://b/&end", "`%C3` is not valid UTF-8 at character 7 (in `t=`)"),
        (
            "not UTF-8 in a header value",
            "v=1&p=http://a/x&u=http://b/&s=200&h=~ao:%80&end",
            "`%80` is not valid UTF-8 at character 42 (in `h=`)",
        ),
        ("a bad escape", "v=1&t=%G1&p=http://a/x&u=http://b/&end", "`%G1` at character 7 is not an escape (`%` and two hex digits)"),
        ("an escape cut short", "v=1&t=a%2&p=http://a/x&u=http://b/&end", "`%2` at character 8 is not an escape (`%` and two hex digits)"),
        ("an escape of a character", "v=1&t=%é0&p=http://a/x&u=http://b/&end", "`%é0` at character 7 is not an escape (`%` and two hex digits)"),
        (
            "a header without :",
            "v=1&p=http://a/x&u=http://b/&h=X-A&end",
            "the header `h=` at character 30 has no `:` after its name",
        ),
        (
            "an unknown abbreviation",
            "v=1&p=http://a/x&u=http://b/&h=~zz:1&end",
            "`~zz` at character 32 is not a shorthand here (a `~` that is really there is `%7E`)",
        ),
        (
            "an unknown shorthand",
            "v=1&p=http://a/x&u=http://b/&h=X:~x&end",
            "`~x` at character 34 is not a shorthand here (a `~` that is really there is `%7E`)",
        ),
        (
            "a shorthand where there is none",
            "v=1&t=~o&p=http://a/x&u=http://b/&end",
            "`~o` at character 7 is not a shorthand here (a `~` that is really there is `%7E`)",
        ),
        (
            "an abbreviation as a value",
            "v=1&p=http://a/x&u=http://b/&h=X:~ao&end",
            "`~ao` at character 34 is not a shorthand here (a `~` that is really there is `%7E`)",
        ),
        (
            "an unknown mode",
            "v=1&p=http://a/x&u=http://b/&mo=cros&end",
            "`mo=cros` at character 30: expected one of cors, no-cors, same-origin",
        ),
        (
            "an empty credentials mode",
            "v=1&p=http://a/x&u=http://b/&c=&end",
            "`c=` at character 30: expected one of omit, same-origin, include",
        ),
        (
            "a keyword in the wrong case",
            "v=1&p=http://a/x&u=http://b/&r=Follow&end",
            "`r=Follow` at character 30: expected one of follow, error, manual",
        ),
        ("sandboxed but not 1", "v=1&p=http://a/x&sb=true&u=http://b/&end", "`sb=true` at character 18: expected `sb=1`"),
        (
            "positions count characters, not bytes",
            "v=1&t=éé&p=http://a/x&u=http://b/&zz=&end",
            "`zz` at character 35 is not a key",
        ),
        ("controls in a message are escaped", "v=1&\n=&end", "`\\n` at character 5 is not a key"),
        ("quotes in a message are not", "v=1&'\"=&end", "`'\"` at character 5 is not a key"),
        (
            "the end of a link cut short, controls escaped",
            "v=1&t=\u{7f}'",
            "it is cut short: it ends with `v=1&t=\\u{7f}'` where `&end` should be",
        ),
    ];

    #[test]
    fn each_error_says_what_is_wrong_and_where() {
        for (description, fragment, want) in ERRORS {
            match decode(fragment) {
                Ok(draft) => panic!("{description}: {fragment:?} opened {draft:?}"),
                Err(e) => assert_eq!(e.to_string(), *want, "{description}: {fragment:?}"),
            }
        }
    }

    #[test]
    fn a_link_longer_than_a_url_can_be_is_refused() {
        let long = format!("v=1&t={}&p=&u=&end", "a".repeat(MAX_LEN));
        assert_eq!(
            decode(&long).map_err(|e| e.to_string()),
            Err(format!(
                "it is too long ({} bytes; a link holds at most 2097152)",
                long.len()
            ))
        );
    }

    #[test]
    fn a_link_as_long_as_a_url_can_be_is_read_in_linear_time() {
        // As many headers as a list holds, each about 20 kB long.
        let mut draft = minimal();
        let value = "b".repeat((MAX_LEN - 40) / MAX_HEADERS - 6);
        draft.request.headers = vec![header("a", &value); MAX_HEADERS];
        let fragment = encode(&draft);
        assert!(fragment.len() <= MAX_LEN, "{}", fragment.len());
        assert_eq!(decode(&fragment), Ok(draft));
        let broken = fragment.replacen("&end", "&zz=&end", 1);
        let want = format!("`zz` at character {} is not a key", fragment.len() - 2);
        assert_eq!(decode(&broken).map_err(|e| e.to_string()), Err(want));
    }

    #[test]
    fn a_link_holds_as_many_headers_and_responses_as_a_scenario() {
        let mut draft = minimal();
        draft.request.headers = vec![header("a", "b"); MAX_HEADERS];
        let mut full = response("200");
        full.headers = vec![header("c", "d"); MAX_HEADERS];
        let most = MAX_TOTAL_HEADERS / MAX_HEADERS - 1;
        draft.server = vec![full; most];
        draft.server.resize(MAX_RESPONSES, response("200"));
        let fragment = encode(&draft);
        assert_eq!(decode(&fragment).as_ref(), Ok(&draft));
        // One header more, in a list with room for it.
        draft.server[most].headers.push(header("e", "f"));
        let refused = decode(&encode(&draft)).map_err(|e| e.to_string());
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.ends_with("a scenario holds at most 500 headers in all")),
            "{refused:?}"
        );

        // About 300,000 headers: refused at the first one too many.
        let many = format!(
            "v=1&p=http://a/x&u=http://b/{}&end",
            "&h=a:b".repeat(300_000)
        );
        let at = "v=1&p=http://a/x&u=http://b/".len() + 6 * MAX_HEADERS + 2;
        let want = format!("`h=` at character {at} is one too many: a scenario holds at most 100 headers in a list");
        assert_eq!(decode(&many).map_err(|e| e.to_string()), Err(want));
        let many = format!(
            "v=1&p=http://a/x&u=http://b/{}&h=a:b&end",
            "&s=200".repeat(MAX_RESPONSES + 1)
        );
        let want =
            "`s=` at character 630 is one too many: a scenario holds at most 100 server responses";
        assert_eq!(
            decode(&many).map_err(|e| e.to_string()),
            Err(want.to_string())
        );
        let mut one_response = String::from("v=1&p=http://a/x&u=http://b/&s=200");
        one_response.push_str(&"&h=a:b".repeat(MAX_HEADERS + 1));
        one_response.push_str("&end");
        assert!(decode(&one_response).is_err_and(|e| e.to_string().contains("one too many")));
    }

    #[test]
    fn link_replaces_the_base_fragment() {
        let draft = minimal();
        let fragment = encode(&draft);
        for (base, want) in [
            (
                "http://127.0.0.1:8080/",
                format!("http://127.0.0.1:8080/#{fragment}"),
            ),
            (
                "https://x.example/corsim/#v=1&old",
                format!("https://x.example/corsim/#{fragment}"),
            ),
            (
                "https://x.example/?q=1#",
                format!("https://x.example/?q=1#{fragment}"),
            ),
            ("", format!("#{fragment}")),
        ] {
            assert_eq!(link(base, &draft), want);
            assert_eq!(
                decode(want.split_once('#').map_or("", |(_, f)| f)),
                Ok(draft.clone())
            );
        }
    }

    #[test]
    fn abbreviations_are_distinct_and_stand_for_header_names() {
        for (i, (short, long)) in ABBREVIATIONS.iter().enumerate() {
            assert!(short.bytes().all(|b| b.is_ascii_lowercase()), "{short}");
            assert!(
                long.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'),
                "{long}"
            );
            for (other_short, other_long) in ABBREVIATIONS.iter().skip(i + 1) {
                assert_ne!(short, other_short);
                assert_ne!(long, other_long);
            }
            // Not "o" or "u": those stand for values.
            assert!(!["o", "u"].contains(short), "{short}");
        }
    }

    /// A tiny deterministic generator (xorshift64*), so that no dependency is
    /// needed and every run tests the same drafts.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len())]
        }

        fn chance(&mut self, one_in: usize) -> bool {
            self.below(one_in) == 0
        }

        /// Text made of pieces that are troublesome for the format.
        fn text(&mut self) -> String {
            const PIECES: &[&str] = &[
                "",
                "a",
                "Z9",
                " ",
                "+",
                "%",
                "%FF",
                "%2",
                "%41",
                "&",
                "=",
                "&end",
                "end",
                "#",
                ":",
                "~",
                "~o",
                "~u",
                "~ao",
                "v=1",
                "é",
                "😀",
                "\0",
                "\n",
                "\u{7f}",
                "\u{a0}",
                "/",
                "?",
                "'",
                "\"",
                ";",
                ",",
                "*",
                "https://",
                "http://a",
                "Access-Control-Allow-Origin",
                "GET",
                "OPTIONS",
                "200",
            ];
            (0..self.below(5)).map(|_| *self.pick(PIECES)).collect()
        }

        /// A header value: sometimes exactly what a shorthand stands for.
        fn value(&mut self, page: &str, url: &str) -> String {
            match self.below(6) {
                0 => origin_text(page).to_string(),
                1 => url.to_string(),
                _ => self.text(),
            }
        }

        fn headers(&mut self, page: &str, url: &str) -> Headers {
            (0..self.below(4))
                .map(|_| {
                    let name = if self.chance(2) {
                        self.pick(ABBREVIATIONS).1.to_string()
                    } else {
                        self.text()
                    };
                    (name, self.value(page, url))
                })
                .collect()
        }

        fn draft(&mut self) -> Draft {
            const PAGES: &[&str] = &[
                "https://app.example.com/admin",
                "http://a",
                "data:,x",
                "a://",
                "://",
                "",
            ];
            let page = if self.chance(2) {
                self.pick(PAGES).to_string()
            } else {
                self.text()
            };
            let url = if self.chance(2) {
                "https://api.example.com/x".to_string()
            } else {
                self.text()
            };
            let request = RequestDraft {
                method: if self.chance(2) {
                    "GET".into()
                } else {
                    self.text()
                },
                headers: self.headers(&page, &url),
                mode: self.pick(RequestMode::ALL).0,
                credentials: self.pick(CredentialsMode::ALL).0,
                redirect: self.pick(RedirectMode::ALL).0,
                url,
            };
            let server = (0..self.below(4))
                .map(|_| ResponseDraft {
                    method: self.chance(2).then(|| self.text()),
                    url: self.chance(2).then(|| self.value(&page, &request.url)),
                    status: if self.chance(2) {
                        "200".into()
                    } else {
                        self.text()
                    },
                    headers: self.headers(&page, &request.url),
                })
                .collect();
            Draft {
                title: self.text(),
                sandboxed: self.chance(2),
                page,
                request,
                server,
            }
        }
    }

    #[test]
    fn every_draft_round_trips_through_a_link_a_url_parser_keeps() {
        let mut rng = Rng(0x5EED);
        for _ in 0..5000 {
            let draft = rng.draft();
            let fragment = encode(&draft);
            assert_eq!(decode(&fragment).as_ref(), Ok(&draft), "{fragment}");
            // Nothing a URL parser would escape, and nothing a chat would cut at.
            let url = url::Url::parse(&format!("http://x/#{fragment}")).expect("a URL");
            assert_eq!(url.fragment(), Some(fragment.as_str()));
            assert!(
                fragment
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !b"\"<>`{|}\\^[]#".contains(&b)),
                "{fragment}"
            );
        }
    }

    #[test]
    fn every_link_cut_short_is_refused_as_such() {
        let mut rng = Rng(0xC07);
        for _ in 0..200 {
            let fragment = encode(&rng.draft());
            for (end, _) in fragment.char_indices().skip(2) {
                let cut = &fragment[..end];
                match decode(cut).map_err(|e| e.kind().clone()) {
                    Err(LinkErrorKind::CutShort { .. }) => {}
                    other => panic!("{cut:?}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn no_input_makes_decoding_panic() {
        const PIECES: &[&str] = &[
            "&", "=", "%", "%F", "%FF", "%C3", "%A9", "~", "~o", "~ao", ":", "+", "#", "é", "v=1",
            "v=2", "end", "s", "u", "m", "h", "t", "p", "sb", "mo", "c", "r", "1", "cors", "\0",
        ];
        let mut rng = Rng(0xBAD);
        for _ in 0..20_000 {
            let mut fragment = if rng.chance(2) {
                encode(&rng.draft())
            } else {
                String::new()
            };
            for _ in 0..rng.below(6) {
                let piece = *rng.pick(PIECES);
                let boundaries: Vec<usize> = (0..=fragment.len())
                    .filter(|&i| fragment.is_char_boundary(i))
                    .collect();
                let at = *rng.pick(&boundaries);
                if rng.chance(3) {
                    // Delete a character instead.
                    if let Some(c) = fragment.get(at..).and_then(|s| s.chars().next()) {
                        fragment.replace_range(at..at + c.len_utf8(), "");
                    }
                } else {
                    fragment.insert_str(at, piece);
                }
            }
            let fragment = if rng.chance(2) {
                format!("v=1&{fragment}&end")
            } else {
                fragment
            };
            if let Ok(draft) = decode(&fragment) {
                // What opens is a scenario, and writing it back opens it again.
                assert_eq!(decode(&encode(&draft)).as_ref(), Ok(&draft), "{fragment}");
            }
        }
    }
}
