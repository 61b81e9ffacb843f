//! Firefox's CORS-safelisted request-headers: the standard's
//! ([`cors_safelisted_request_header`]), except that Firefox does not parse a
//! `Content-Type` value with the MIME Sniffing standard's parser, as the
//! Fetch standard says. It uses its own parser for request Content-Types
//! (`net_ParseRequestContentType` in Firefox's netwerk/base/nsURLHelper.cpp,
//! called by `nsContentUtils::IsAllowedNonCorsContentType`), which refuses two
//! kinds of value that the standard safelists:
//!
//! - any comma: the parser takes the value for a list of types, and a request
//!   may have only one (`text/plain;a=b,c`);
//! - a `;` that ends the parameters, after at least one other: its strict mode
//!   wants nothing but whitespace after the last parameter, and the last one
//!   ends at that `;` (`text/plain;;`, `text/plain;charset=utf-8;`; a single
//!   `;` straight after the type, `text/plain;`, passes).
//!
//! Quoted strings, which that parser reads differently again, cannot reach it:
//! `"` is a CORS-unsafe request-header byte, refused first.
//!
//! A refused `Content-Type` makes Firefox send a preflight; in `no-cors` mode,
//! where the standard's no-CORS-safelisted check uses the same predicate,
//! Firefox drops the header. Chromium follows the standard here. Both were
//! observed with Firefox ESR 153 and Chromium 156 (the `OBSERVED` table below,
//! each value in a cross-origin `POST` in `cors` and in `no-cors` mode).

use super::safelist::{cors_safelisted_request_header, NotSafelisted};

/// Whether Firefox sends (`name`, `value`) without a preflight; the standard's
/// answer but for the `Content-Type` values its parser refuses (module docs).
pub fn firefox_safelisted_request_header(name: &str, value: &[u8]) -> Result<(), NotSafelisted> {
    cors_safelisted_request_header(name, value)?;
    if name.eq_ignore_ascii_case("content-type") {
        if let Some(refused) = firefox_content_type_refusal(value) {
            return Err(NotSafelisted::FirefoxContentType { refused });
        }
    }
    Ok(())
}

/// What Firefox alone refuses in (`name`, `value`), in words: `Some` only for
/// a `Content-Type` that the standard, and so Chromium, safelists.
pub fn refused_by_firefox_only(name: &str, value: &[u8]) -> Option<&'static str> {
    if !name.eq_ignore_ascii_case("content-type")
        || cors_safelisted_request_header(name, value).is_err()
    {
        return None;
    }
    firefox_content_type_refusal(value)
}

/// What Firefox's request Content-Type parser refuses in a value the standard
/// accepts, in words; `None` when it accepts the value.
fn firefox_content_type_refusal(value: &[u8]) -> Option<&'static str> {
    if value.contains(&b',') {
        return Some("a comma");
    }
    // The first `;` starts the parameters; a later one at the very end ends
    // the last parameter with nothing after it.
    let semicolons = value.iter().filter(|&&b| b == b';').count();
    if semicolons >= 2 && value.last() == Some(&b';') {
        return Some("a `;` after the last parameter");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (Content-Type value, whether Firefox ESR 153 sent it without a
    /// preflight): each observed with a cross-origin `fetch()`, in `cors`
    /// mode (a preflight or not) and in `no-cors` mode (dropped or sent).
    /// Chromium 156 sent every one of them but `text/plain,` without a
    /// preflight, as the standard says.
    const OBSERVED: &[(&str, bool)] = &[
        ("text/plain;", true),
        ("text/plain ;", true),
        ("text/plain;a", true),
        ("text/plain;=", true),
        ("text/plain;a=b;c=d", true),
        ("text/plain;;", false),
        ("TEXT/PLAIN;;", false),
        ("text/plain; ;", false),
        ("text/plain;\t;", false),
        ("text/plain;charset=utf-8;", false),
        ("multipart/form-data; boundary=x;", false),
        ("application/x-www-form-urlencoded;a;", false),
        ("text/plain;a=b,c", false),
        ("text/plain;,", false),
        // Refused by the standard too: the subtype would be `plain,`.
        ("text/plain,", false),
    ];

    #[test]
    fn firefox_safelists_the_content_types_it_was_seen_to() {
        for &(value, sent_without_preflight) in OBSERVED {
            let firefox = firefox_safelisted_request_header("Content-Type", value.as_bytes());
            assert_eq!(
                firefox.is_ok(),
                sent_without_preflight,
                "{value:?}: {firefox:?}"
            );
        }
    }

    #[test]
    fn only_what_the_standard_safelists_is_refused_for_firefox_reasons() {
        for &(value, _) in OBSERVED {
            let standard = cors_safelisted_request_header("content-type", value.as_bytes());
            let firefox = firefox_safelisted_request_header("content-type", value.as_bytes());
            match firefox {
                Err(NotSafelisted::FirefoxContentType { .. }) => {
                    assert!(standard.is_ok(), "{value:?}")
                }
                other => assert_eq!(other, standard, "{value:?}"),
            }
        }
        assert_eq!(
            firefox_safelisted_request_header("content-type", b"text/plain;a=b,c"),
            Err(NotSafelisted::FirefoxContentType { refused: "a comma" })
        );
        assert_eq!(
            refused_by_firefox_only("Content-Type", b"text/plain;charset=utf-8;"),
            Some("a `;` after the last parameter")
        );
        // Not for what the standard refuses too, nor for another header.
        assert_eq!(
            refused_by_firefox_only("content-type", b"text/plain,"),
            None
        );
        assert_eq!(
            refused_by_firefox_only("content-type", b"text/plain;"),
            None
        );
        assert_eq!(refused_by_firefox_only("accept", b"a,b;;"), None);
    }

    #[test]
    fn other_headers_are_the_standards() {
        for (name, value) in [
            ("Accept", "a,b;;"),
            ("Accept-Language", "en;;"),
            ("Range", "bytes=0-1"),
            ("X-Custom", "1"),
        ] {
            assert_eq!(
                firefox_safelisted_request_header(name, value.as_bytes()),
                cors_safelisted_request_header(name, value.as_bytes()),
                "{name}: {value}"
            );
        }
    }
}
