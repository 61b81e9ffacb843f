//! [Forbidden request-headers](https://fetch.spec.whatwg.org/#forbidden-request-header):
//! headers a script may not set, which `fetch()` silently drops, plus the
//! names Chromium still forbids although the standard no longer does.
//!
//! Chromium's rule is `net::HttpUtil::IsSafeHeader` in `net/http/http_util.cc`
//! (the list `kForbiddenHeaderFields`), which Blink's
//! `cors::IsForbiddenRequestHeader` in
//! `third_party/blink/renderer/platform/loader/cors/cors.cc` calls for the
//! `Headers` object that `fetch()` builds. Compared with the standard:
//!
//! - Chromium also forbids `User-Agent`. The standard stopped forbidding it
//!   (Firefox allows it since Firefox 43); Chromium keeps it "due to issues
//!   mentioned in https://crbug.com/571722".
//! - Chromium also forbids `Access-Control-Request-Private-Network`, the
//!   preflight header of Private Network Access, which is not in Fetch.
//! - `Set-Cookie` is forbidden by both.
//! - Chromium implements the `X-HTTP-Method`, `X-HTTP-Method-Override` and
//!   `X-Method-Override` rule. It splits the value with `HttpUtil::ValuesIterator`
//!   (commas outside double quotes, tabs and spaces trimmed, quotes kept) and
//!   compares each item with `connect`, `trace`, `track` case-insensitively,
//!   which gives the same answers as the standard's "get, decode, and split".
//! - The `Proxy-` and `Sec-` prefixes are checked the same way.
//!
//! No name the standard forbids is allowed by Chromium.
//!
//! Read from Chromium sources of 2024-2025 (the newest available to check);
//! re-check `kForbiddenHeaderFields` when moving to a newer Chromium.

use std::fmt;

use super::name_value::get_decode_and_split;
use crate::method::is_forbidden_method;

/// The names of step 1 of [forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header),
/// matched byte-case-insensitively.
pub const FORBIDDEN_REQUEST_HEADER_NAMES: &[&str] = &[
    "Accept-Charset",
    "Accept-Encoding",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Method",
    "Connection",
    "Content-Length",
    "Cookie",
    "Cookie2",
    "Date",
    "DNT",
    "Expect",
    "Host",
    "Keep-Alive",
    "Origin",
    "Referer",
    "Set-Cookie",
    "TE",
    "Trailer",
    "Transfer-Encoding",
    "Upgrade",
    "Via",
];

/// The name prefixes of step 2 of [forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header),
/// in lower case.
pub const FORBIDDEN_REQUEST_HEADER_PREFIXES: &[&str] = &["proxy-", "sec-"];

/// The method-override names of step 3 of [forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header):
/// forbidden when their value names a [forbidden method](https://fetch.spec.whatwg.org/#forbidden-method).
pub const METHOD_OVERRIDE_HEADER_NAMES: &[&str] = &[
    "X-HTTP-Method",
    "X-HTTP-Method-Override",
    "X-Method-Override",
];

/// Names Chromium forbids that the standard does not (`kForbiddenHeaderFields`
/// in Chromium's `net/http/http_util.cc`; see the module documentation).
pub const CHROMIUM_ONLY_FORBIDDEN_REQUEST_HEADER_NAMES: &[&str] =
    &["Access-Control-Request-Private-Network", "User-Agent"];

/// The [forbidden response-header names](https://fetch.spec.whatwg.org/#forbidden-response-header-name),
/// which a script never reads from a response.
pub const FORBIDDEN_RESPONSE_HEADER_NAMES: &[&str] = &["Set-Cookie", "Set-Cookie2"];

/// Which rule makes a request header forbidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Forbidden {
    /// Its name is in [`FORBIDDEN_REQUEST_HEADER_NAMES`].
    Listed,
    /// Its name starts with `Proxy-` or `Sec-`.
    ProxyOrSecPrefix,
    /// A method-override header whose value names `CONNECT`, `TRACE` or `TRACK`.
    MethodOverride,
    /// Not forbidden by the standard, only by Chromium
    /// ([`CHROMIUM_ONLY_FORBIDDEN_REQUEST_HEADER_NAMES`]).
    ChromiumOnly,
}

impl fmt::Display for Forbidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Forbidden::Listed => {
                "the browser controls this header itself, so the Fetch standard forbids scripts from setting it"
            }
            Forbidden::ProxyOrSecPrefix => {
                "header names starting with Proxy- or Sec- are reserved for the browser"
            }
            Forbidden::MethodOverride => {
                "it asks the server to treat the request as CONNECT, TRACE or TRACK, which are forbidden methods"
            }
            Forbidden::ChromiumOnly => {
                "Chromium still forbids scripts from setting it, although the Fetch standard no longer does"
            }
        })
    }
}

/// Whether (`name`, `value`) is a [forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header),
/// and by which rule; Chromium's extra names give [`Forbidden::ChromiumOnly`].
pub fn forbidden_request_header(name: &str, value: &[u8]) -> Option<Forbidden> {
    // Step 1. "If name is a byte-case-insensitive match for one of: [the list]
    // then return true."
    if matches_any(name, FORBIDDEN_REQUEST_HEADER_NAMES) {
        return Some(Forbidden::Listed);
    }

    // Step 2. "If name when byte-lowercased starts with `proxy-` or `sec-`, then
    // return true."
    let lower = name.to_ascii_lowercase();
    if FORBIDDEN_REQUEST_HEADER_PREFIXES
        .iter()
        .any(|prefix| lower.starts_with(prefix))
    {
        return Some(Forbidden::ProxyOrSecPrefix);
    }

    // Step 3. "If name is a byte-case-insensitive match for one of: `X-HTTP-Method`,
    // `X-HTTP-Method-Override`, `X-Method-Override` then:"
    if matches_any(name, METHOD_OVERRIDE_HEADER_NAMES) {
        // Step 3.1. "Let parsedValues be the result of getting, decoding, and
        // splitting value."
        // Step 3.2. "For each method of parsedValues: if the isomorphic encoding
        // of method is a forbidden method, then return true."
        // (Isomorphic encoding gives back the decoded bytes; a forbidden method
        // is ASCII, so comparing the decoded string is the same.)
        if get_decode_and_split(value)
            .iter()
            .any(|method| is_forbidden_method(method))
        {
            return Some(Forbidden::MethodOverride);
        }
    }

    // Not in the standard: names only Chromium forbids.
    if matches_any(name, CHROMIUM_ONLY_FORBIDDEN_REQUEST_HEADER_NAMES) {
        return Some(Forbidden::ChromiumOnly);
    }

    // Step 4. "Return false."
    None
}

/// Whether `name` is a [forbidden response-header name](https://fetch.spec.whatwg.org/#forbidden-response-header-name).
pub fn is_forbidden_response_header_name(name: &str) -> bool {
    matches_any(name, FORBIDDEN_RESPONSE_HEADER_NAMES)
}

fn matches_any(name: &str, list: &[&str]) -> bool {
    list.iter().any(|listed| listed.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests;
