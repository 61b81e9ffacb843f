//! Reading a link back into a draft, or saying what is wrong with it and where.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use corsim_core::scenario::{
    AddressSpace, BodyKind, CredentialsMode, CrossOrigin, Fail, Initiator, Permission,
    RedirectMode, RequestMode, MAX_HEADERS, MAX_REQUESTS, MAX_RESPONSES, MAX_TOTAL_HEADERS,
};

use super::{origin_text, LinkError, LinkErrorKind, ABBREVIATIONS, END, FORMAT, FORMAT_1, MAX_LEN};
use crate::draft::{Draft, RequestDraft, ResponseDraft};

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
    let format_2 = match (first.key, first.value) {
        ("v", Some(v)) if v == FORMAT_1.to_string() => false,
        ("v", Some(v)) if v == FORMAT.to_string() => true,
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
    };
    let body = match rest.split_last() {
        Some((last, body)) if last.key == END && last.value.is_none() => body,
        Some((last, _)) if last.key == "amp;end" => return Err(HtmlEscaped.into()),
        _ => return Err(cut_short(text)),
    };
    let mut reader = Reader::new(text);
    reader.format_2 = format_2;
    for pair in body {
        reader.read(pair)?;
    }
    reader.finish()
}
/// Undoes [`escape_value`](super::escape_value); errors name the key `t`.
pub fn unescape_value(raw: &str) -> Result<String, LinkError> {
    Reader::new(raw).unescape(raw, 0, Key::Title)
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
    Attacker,
    LocalNetworkAccess,
    AddressSpace,
    Selected,
    Url,
    At,
    RequestPage,
    Initiator,
    Method,
    Header,
    Mode,
    Credentials,
    Redirect,
    WithCredentials,
    UploadListeners,
    CrossOrigin,
    Body,
    TargetAddressSpace,
    Status,
    Times,
    Fail,
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
            Key::Attacker => "x",
            Key::LocalNetworkAccess => "ln",
            Key::AddressSpace => "as",
            Key::Selected => "sel",
            Key::At => "a",
            Key::RequestPage => "pg",
            Key::Initiator => "i",
            Key::WithCredentials => "wc",
            Key::UploadListeners => "ul",
            Key::CrossOrigin => "co",
            Key::Body => "b",
            Key::TargetAddressSpace => "ta",
            Key::Times => "n",
            Key::Fail => "f",
        }
    }
}

/// The order of the keys, for a message.
pub(super) const ORDER: &str =
    "v, t, p, sb, u, m, h, mo, c, r, then s, u, m, h for each server response, then end";

/// Reads the pairs between `v=` and `&end` into a draft.
struct Reader<'a> {
    text: &'a str,
    /// The last key read, if any.
    last: Option<Key>,
    draft: Draft,
    /// A format-2 link: several requests and version 2's fields.
    format_2: bool,
    /// Format 2's `sel`: the request to edit.
    selected: usize,
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
            draft: Draft::default(),
            format_2: false,
            selected: 0,
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
            ("x", _) if self.format_2 => Key::Attacker,
            ("ln", _) if self.format_2 => Key::LocalNetworkAccess,
            ("as", _) if self.format_2 => Key::AddressSpace,
            ("sel", _) if self.format_2 => Key::Selected,
            ("a", false) if self.format_2 => Key::At,
            ("pg", false) if self.format_2 => Key::RequestPage,
            ("i", false) if self.format_2 => Key::Initiator,
            ("wc", false) if self.format_2 => Key::WithCredentials,
            ("ul", false) if self.format_2 => Key::UploadListeners,
            ("co", false) if self.format_2 => Key::CrossOrigin,
            ("b", false) if self.format_2 => Key::Body,
            ("ta", false) if self.format_2 => Key::TargetAddressSpace,
            ("n", true) if self.format_2 => Key::Times,
            ("f", true) if self.format_2 => Key::Fail,
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
            Key::Url if self.seen_url => {
                self.check_count(self.draft.others.len() + 1, MAX_REQUESTS, pair)?;
                let url = self.shortened(raw, value_at, key)?;
                self.draft.others.push(RequestDraft {
                    url,
                    ..RequestDraft::default()
                });
            }
            Key::Url => {
                self.draft.request.url = self.plain(raw, value_at, key)?;
                self.seen_url = true;
            }
            Key::Method => self.request().method = self.plain(raw, value_at, key)?,
            Key::Header => {
                let count = self.request().headers.len();
                self.check_count(count, MAX_HEADERS, pair)?;
                self.count_header(pair)?;
                let header = self.header(raw, value_at, key)?;
                self.request().headers.push(header);
            }
            Key::Mode => self.request().mode = self.keyword(pair, key, RequestMode::ALL)?,
            Key::Credentials => {
                self.request().credentials = self.keyword(pair, key, CredentialsMode::ALL)?
            }
            Key::Redirect => {
                self.request().redirect = self.keyword(pair, key, RedirectMode::ALL)?
            }
            Key::Attacker => self.draft.attacker = self.flag(pair, key)?,
            Key::LocalNetworkAccess => {
                self.draft.network.local_network_access =
                    Some(self.keyword(pair, key, Permission::ALL)?)
            }
            Key::AddressSpace => {
                self.check_count(self.draft.network.address_spaces.len(), MAX_RESPONSES, pair)?;
                let Some((host, space)) = raw.rsplit_once(':') else {
                    return Err(self.bad_value(pair, "`host:space`"));
                };
                let host = self.plain(host, value_at, key)?;
                let space = match AddressSpace::ALL.iter().find(|(_, w)| *w == space) {
                    Some((space, _)) => *space,
                    None => {
                        return Err(self.bad_value(pair, "`host:` then local, private or public"))
                    }
                };
                self.draft.network.address_spaces.push((host, space));
            }
            Key::Selected => match self.unescape(raw, value_at, key)?.parse() {
                Ok(n) if n < MAX_REQUESTS => self.selected = n,
                _ => return Err(self.bad_value(pair, "the number of a request")),
            },
            Key::At => self.request().at = self.plain(raw, value_at, key)?,
            Key::RequestPage => self.request().page = self.plain(raw, value_at, key)?,
            Key::Initiator => self.request().initiator = self.keyword(pair, key, Initiator::ALL)?,
            Key::WithCredentials => self.request().with_credentials = self.flag(pair, key)?,
            Key::UploadListeners => self.request().upload_listeners = self.flag(pair, key)?,
            Key::CrossOrigin => {
                self.request().crossorigin = Some(self.keyword(pair, key, CrossOrigin::ALL)?)
            }
            Key::Body => self.request().body = self.keyword(pair, key, BodyKind::ALL)?,
            Key::TargetAddressSpace => {
                self.request().target_address_space =
                    Some(self.keyword(pair, key, AddressSpace::ALL)?)
            }
            Key::Times => {
                let times = self.plain(raw, value_at, key)?;
                if let Some(response) = self.response() {
                    response.times = times;
                }
            }
            Key::Fail => {
                let fail = self.keyword(pair, key, Fail::ALL)?;
                if let Some(response) = self.response() {
                    response.fail = Some(fail);
                }
            }
            Key::Status => {
                self.check_count(self.draft.server.len(), MAX_RESPONSES, pair)?;
                let status = self.plain(raw, value_at, key)?;
                self.draft.server.push(ResponseDraft {
                    status,
                    ..ResponseDraft::default()
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

    /// The request being read: the last one.
    fn request(&mut self) -> &mut RequestDraft {
        match self.draft.others.last_mut() {
            Some(later) => later,
            None => &mut self.draft.request,
        }
    }

    /// A flag: `1` is the only value, written when it is set.
    fn flag(&self, pair: &Pair<'_>, key: Key) -> Result<bool, LinkError> {
        match self
            .unescape(pair.value.unwrap_or_default(), value_at(pair), key)?
            .as_str()
        {
            "1" => Ok(true),
            _ => Err(self.bad_value(pair, &format!("`{}=1`", key.name()))),
        }
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
        let repeats = matches!(key, Key::Header | Key::ResponseHeader | Key::AddressSpace);
        // In format 2, a `u` after a request's keys starts the next request.
        let next_request = key == Key::Url && self.format_2 && last < Key::Status;
        if last < key || (last == key && repeats) || key == Key::Status || next_request {
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

    fn finish(mut self) -> Result<Draft, LinkError> {
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
        let all = self.draft.requests();
        self.draft.set_requests(all, self.selected);
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
            // The first request's URL: the one read first.
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

    /// Undoes the escaping of [`encode`](mod@super::encode): `+` is a space,
    /// `%XX` a byte; the bytes must be UTF-8. `at` is the byte offset of `raw`
    /// in the fragment.
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
