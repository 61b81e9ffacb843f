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
//! # Format 2
//!
//! A scenario of version 2 (several requests, initiators, bodies, `times`,
//! `fail`, the network, the attacker) is written in format 2, `v=2`; one
//! that uses nothing of version 2 is still written in format 1, byte for
//! byte as before. Format 2 is format 1 with these keys added:
//!
//! ```text
//! v=2&p=https://app.example.com/&u=https://api.example.com/s&m=PUT&b=text
//!    &u=~u&a=1&m=PUT&b=text&s=204&u=~u&m=OPTIONS&h=~ao:~o&h=~ma:600&s=200&h=~ao:~o&end
//! ```
//!
//! | key | field | written |
//! |---|---|---|
//! | `x` | `1`: the page is an attacker's | after `sb`, when set |
//! | `ln` | `network.local_network_access` | when set |
//! | `as` | `network.address_spaces`, `host:space`, once per host | in order |
//! | `sel` | the request the editors edit, counting from 0 | unless 0 |
//! | `u` | a request's URL: each `u` before the first `s` starts the next request; a later request's `u` may be `~u` | once per request |
//! | `a`, `pg`, `i` | the request's `at` (as typed), `page`, `initiator` | after its `u`, unless absent, absent, `fetch` |
//! | `wc`, `ul` | `1`: `with_credentials`, `upload_listeners` | after `r`, when set |
//! | `co`, `b`, `ta` | `crossorigin`, `body`, `target_address_space` | then, unless absent, `none`, absent |
//! | `n`, `f` | a response's `times` (as typed) and `fail` | after its `s`, unless absent |
//!
//! In format 2, `~u` is the first request's URL. A response with `f` keeps
//! its `s` (the status typed before the failure was chosen).
//!
//! Every later format keeps `v=N` first, so that an older corsim can say that
//! a link is newer than it rather than that it is broken. Links of format 1
//! are frozen in `tests/permalinks/frozen.txt`: they must open the same
//! scenario forever. [`ABBREVIATIONS`] may only grow.
//!
//! No link can make [`decode`] panic: these lints forbid `unwrap`, `expect`,
//! `panic!` and indexing or slicing that could be out of bounds outside tests
//! (`clippy.toml` allows them in tests), and `fuzz/` fuzzes it.
//!
//! [`decode`]: fn@decode
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod decode;
mod encode;
mod error;
#[cfg(test)]
mod tests;

pub use decode::{decode, unescape_value};
pub use encode::{encode, escape_value, link};
pub use error::{LinkError, LinkErrorKind};

/// The newest link format, which this version writes for a scenario of
/// version 2 and reads.
pub const FORMAT: u64 = 2;

/// The first link format, which this version writes for a scenario that
/// uses nothing of version 2, and reads.
pub const FORMAT_1: u64 = 1;

/// The longest fragment [`decode`](fn@decode) reads, in bytes: Chromium's limit on a
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
