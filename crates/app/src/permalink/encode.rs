//! Writing a draft as a link.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use corsim_core::scenario::{BodyKind, CredentialsMode, Initiator, RedirectMode, RequestMode};

use super::{origin_text, ABBREVIATIONS, END, FORMAT, FORMAT_1};
use crate::draft::{Draft, RequestDraft};

/// The fragment (without `#`) that [`decode`](fn@super::decode)s to `draft`:
/// format 1 when the scenario uses nothing of version 2, so that a
/// version-1 scenario's link is what it always was.
pub fn encode(draft: &Draft) -> String {
    let requests = draft.requests();
    let first_url = requests.first().map_or("", |r| r.url.as_str());
    let format = if draft.uses_version_2() {
        FORMAT
    } else {
        FORMAT_1
    };
    let mut link = Writer {
        out: format!("v={format}"),
        origin: origin_text(&draft.page),
        url: first_url,
    };
    if !draft.title.is_empty() {
        link.pair("t", &draft.title);
    }
    link.pair("p", &draft.page);
    if draft.sandboxed {
        link.pair("sb", "1");
    }
    if draft.attacker {
        link.pair("x", "1");
    }
    if let Some(permission) = draft.network.local_network_access {
        link.pair("ln", permission.as_str());
    }
    for (host, space) in &draft.network.address_spaces {
        link.key("as");
        escape(&mut link.out, host, true);
        link.out.push(':');
        link.out.push_str(space.as_str());
    }
    if draft.selected > 0 && !draft.others.is_empty() {
        link.pair("sel", &draft.selected.to_string());
    }
    for (i, r) in requests.iter().enumerate() {
        link.request(r, i > 0);
    }
    for response in &draft.server {
        link.pair("s", &response.status);
        if !response.times.is_empty() {
            link.pair("n", &response.times);
        }
        if let Some(fail) = response.fail {
            link.pair("f", fail.as_str());
        }
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
/// A text value escaped as this format escapes values, for links that carry
/// text beside scenarios (a course's title).
pub fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    escape(&mut out, value, false);
    out
}

/// A link being written.
struct Writer<'a> {
    out: String,
    /// What `~o` and `~u` stand for.
    origin: &'a str,
    url: &'a str,
}

impl Writer<'_> {
    /// One request; a later one's URL may be `~u`, the first one's.
    fn request(&mut self, r: &RequestDraft, later: bool) {
        self.key("u");
        if later {
            self.shortened(&r.url);
        } else {
            escape(&mut self.out, &r.url, false);
        }
        if !r.at.is_empty() {
            self.pair("a", &r.at);
        }
        if !r.page.is_empty() {
            self.pair("pg", &r.page);
        }
        if r.initiator != Initiator::Fetch {
            self.pair("i", r.initiator.as_str());
        }
        if r.method != "GET" {
            self.pair("m", &r.method);
        }
        for header in &r.headers {
            self.header(header);
        }
        if r.mode != RequestMode::Cors {
            self.pair("mo", r.mode.as_str());
        }
        if r.credentials != CredentialsMode::SameOrigin {
            self.pair("c", r.credentials.as_str());
        }
        if r.redirect != RedirectMode::Follow {
            self.pair("r", r.redirect.as_str());
        }
        if r.with_credentials {
            self.pair("wc", "1");
        }
        if r.upload_listeners {
            self.pair("ul", "1");
        }
        if let Some(c) = r.crossorigin {
            self.pair("co", c.as_str());
        }
        if r.body != BodyKind::None {
            self.pair("b", r.body.as_str());
        }
        if let Some(space) = r.target_address_space {
            self.pair("ta", space.as_str());
        }
    }

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
