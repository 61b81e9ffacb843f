//! Writing a draft as a link.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use corsim_core::scenario::{CredentialsMode, RedirectMode, RequestMode};

use super::{origin_text, ABBREVIATIONS, END, FORMAT};
use crate::draft::Draft;

/// The fragment (without `#`) that [`decode`](fn@super::decode)s to `draft`.
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
