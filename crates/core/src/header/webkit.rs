//! WebKit's own header rules.
//!
//! Its CORS-safelisted request-headers are the standard's
//! ([`cors_safelisted_request_header`]) with no additions of its own
//! (WebCore's `isCrossOriginSafeRequestHeader`), except that its range
//! parser (`parseRange`) reads the unit `bytes` without regard to case: a
//! `Range: Bytes=0-99` goes out without a preflight, where the standard,
//! Chromium and Firefox preflight it (observed in WebKitGTK 2.50 by the
//! agreement suite, `error-range-unit-not-lower-case`).
//!
//! Its header map (`HTTPHeaderMap`) keeps the names it knows apart from
//! the others, each group in the order the script added them, and its
//! checks walk the known ones first: of several headers a preflight does
//! not allow, WebKit names the first in that order (observed with
//! `Content-Type` and `Authorization` in a generated scenario).

use super::list::HeaderList;
use super::safelist::{cors_safelisted_request_header, NotSafelisted};

/// The header names WebKit knows (`HTTPHeaderNames.in`) that a script may
/// set: the others are forbidden or response headers, which never reach a
/// preflight's check.
const KNOWN: &[&str] = &[
    "accept",
    "accept-language",
    "authorization",
    "cache-control",
    "content-disposition",
    "content-encoding",
    "content-language",
    "content-range",
    "content-security-policy",
    "content-transfer-encoding",
    "content-type",
    "default-style",
    "etag",
    "expires",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "if-range",
    "if-unmodified-since",
    "last-event-id",
    "last-modified",
    "link",
    "location",
    "pragma",
    "purpose",
    "range",
    "refresh",
    "server",
    "timing-allow-origin",
    "user-agent",
    "vary",
    "x-content-type-options",
    "x-dns-prefetch-control",
    "x-frame-options",
    "x-powered-by",
    "x-xss-protection",
];

/// The request's header names, once each, in the order WebKit's header map
/// walks them: the names it knows, then the others, each group in the
/// order the script added them, as the script wrote them.
pub fn webkit_header_map_order(headers: &HeaderList) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for header in headers.iter() {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&header.name)) {
            names.push(header.name.clone());
        }
    }
    let known = |name: &String| KNOWN.contains(&name.to_ascii_lowercase().as_str());
    let (mut ordered, unknown): (Vec<String>, Vec<String>) = names.into_iter().partition(known);
    ordered.extend(unknown);
    ordered
}

/// Whether WebKit sends (`name`, `value`) without a preflight (module docs).
pub fn webkit_safelisted_request_header(name: &str, value: &[u8]) -> Result<(), NotSafelisted> {
    if name.eq_ignore_ascii_case("Range") {
        if let Some(rest) = value.get(b"bytes".len()..) {
            if value
                .get(..b"bytes".len())
                .is_some_and(|unit| unit.eq_ignore_ascii_case(b"bytes"))
            {
                let mut lowered = b"bytes".to_vec();
                lowered.extend_from_slice(rest);
                return cors_safelisted_request_header(name, &lowered);
            }
        }
    }
    cors_safelisted_request_header(name, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_map_walks_known_names_first_in_the_order_added() {
        let headers: HeaderList = [
            ("X-Request-Id", "1"),
            ("Content-Type", "application/json"),
            ("x-request-id", "2"),
            ("Authorization", "Bearer t"),
        ]
        .iter()
        .map(|(n, v)| crate::header::Header::new(*n, v.as_bytes().to_vec()))
        .collect();
        assert_eq!(
            webkit_header_map_order(&headers),
            ["Content-Type", "Authorization", "X-Request-Id"]
        );
    }

    #[test]
    fn the_range_unit_is_read_without_case_and_nothing_else_changes() {
        // (description, name, value, safelisted)
        let table = [
            ("the standard's range", "Range", "bytes=0-99", true),
            ("the unit in another case", "Range", "Bytes=0-99", true),
            ("the unit in capitals", "range", "BYTES=0-", true),
            ("not a single range", "Range", "Bytes=0-1,5-6", false),
            ("another unit", "Range", "items=0-1", false),
            (
                "other headers as the standard",
                "Content-Type",
                "text/plain",
                true,
            ),
            ("no additions", "Save-Data", "on", false),
        ];
        for (description, name, value, want) in table {
            let got = webkit_safelisted_request_header(name, value.as_bytes()).is_ok();
            assert_eq!(got, want, "{description}: {name}: {value}");
        }
    }
}
