//! [`Access-Control-Max-Age`](https://fetch.spec.whatwg.org/#http-access-control-max-age):
//! how long each browser keeps a successful preflight. Reported as teaching
//! data; the core itself models a fresh cache. Each browser's parsing is
//! taken from its source, not observed.

use crate::header::HeaderList;
use crate::verdict::PreflightCaching;

/// "If max-age is failure or null, then set max-age to 5."
const DEFAULT_SECONDS: u64 = 5;
/// Chromium's cap: services/network/public/cpp/cors/preflight_result.cc, `kMaxTimeout` (2 hours).
const CHROMIUM_CAP: u64 = 7200;
/// Firefox's cap: netwerk/protocol/http/nsCORSListenerProxy.cpp (24 hours).
const FIREFOX_CAP: u64 = 86400;
/// WebKit's cap: WebCore/loader/CrossOriginPreflightResultCache.cpp,
/// `maxPreflightCacheTimeout` (10 minutes).
const WEBKIT_CAP: u64 = 600;

pub fn preflight_caching(headers: &HeaderList) -> PreflightCaching {
    let value = headers.get("Access-Control-Max-Age");
    let text = value
        .as_deref()
        .map(|v| String::from_utf8_lossy(v).into_owned());
    PreflightCaching {
        chromium_seconds: chromium_seconds(text.as_deref()),
        firefox_seconds: firefox_seconds(text.as_deref()),
        webkit_seconds: webkit_seconds(text.as_deref()),
        max_age: text,
    }
}

/// Chromium (`ParseAccessControlMaxAge`) parses a signed 64-bit integer:
/// anything else falls back to the default, a negative value means "do not
/// cache", and the result is capped at two hours.
fn chromium_seconds(value: Option<&str>) -> u64 {
    match value.map(str::parse::<i64>) {
        None | Some(Err(_)) => DEFAULT_SECONDS,
        Some(Ok(seconds)) => u64::try_from(seconds).unwrap_or(0).min(CHROMIUM_CAP),
    }
}

/// Firefox caches for 5 seconds without the header, accepts only digits, and
/// does not cache at all when the value is anything else.
fn firefox_seconds(value: Option<&str>) -> u64 {
    match value {
        None => DEFAULT_SECONDS,
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => {
            // Capped digit by digit, as Firefox does, so long values cannot overflow.
            v.bytes().fold(0u64, |age, digit| {
                (age * 10 + u64::from(digit - b'0')).min(FIREFOX_CAP)
            })
        }
        Some(_) => 0,
    }
}

/// WebKit (`parseAccessControlMaxAge`) parses a signed 64-bit integer, a
/// leading `+` included; anything else falls back to the default, zero or a
/// negative value makes an entry that has already expired, and the result
/// is capped at ten minutes.
fn webkit_seconds(value: Option<&str>) -> u64 {
    match value.map(|v| v.strip_prefix('+').unwrap_or(v).parse::<i64>()) {
        None | Some(Err(_)) => DEFAULT_SECONDS,
        Some(Ok(seconds)) => u64::try_from(seconds).unwrap_or(0).min(WEBKIT_CAP),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (description, `Access-Control-Max-Age`, Chromium seconds, Firefox seconds)
    const CASES: &[(&str, Option<&str>, u64, u64)] = &[
        ("absent: the default", None, 5, 5),
        ("ten minutes", Some("600"), 600, 600),
        ("zero: do not cache", Some("0"), 0, 0),
        (
            "a day: Chromium caps at two hours",
            Some("86400"),
            7200,
            86400,
        ),
        ("a week: both cap", Some("604800"), 7200, 86400),
        ("negative: Chromium does not cache", Some("-1"), 0, 0),
        (
            "a plus sign: Chromium reads a signed number",
            Some("+600"),
            600,
            0,
        ),
        ("a fraction", Some("1.5"), 5, 0),
        ("not a number", Some("ten"), 5, 0),
        (
            "a number past 64 bits: Chromium's parse fails",
            Some("99999999999999999999999"),
            5,
            86400,
        ),
        ("a space: neither parses it", Some("60 0"), 5, 0),
    ];

    /// (description, `Access-Control-Max-Age`, WebKit seconds)
    const WEBKIT_CASES: &[(&str, Option<&str>, u64)] = &[
        ("absent: the default", None, 5),
        ("ten minutes", Some("600"), 600),
        ("a day: capped at ten minutes", Some("86400"), 600),
        ("zero: expired at once", Some("0"), 0),
        ("negative: expired at once", Some("-1"), 0),
        ("a plus sign", Some("+60"), 60),
        ("a fraction: the default", Some("1.5"), 5),
        ("a space: the default", Some("60 0"), 5),
    ];

    #[test]
    fn webkit_max_age_table() {
        for (description, value, want) in WEBKIT_CASES {
            assert_eq!(webkit_seconds(*value), *want, "{description}: {value:?}");
        }
    }

    #[test]
    fn max_age_table() {
        for (description, value, chromium, firefox) in CASES {
            let got = (chromium_seconds(*value), firefox_seconds(*value));
            assert_eq!(got, (*chromium, *firefox), "{description}: {value:?}");
        }
    }
}
