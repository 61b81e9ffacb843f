//! Parsing the lists a server answers a CORS request with:
//! `Access-Control-Allow-Methods`, `Access-Control-Allow-Headers` and
//! `Access-Control-Expose-Headers`.
//!
//! The standard: a CORS-preflight fetch takes these with
//! [extract header list values](https://fetch.spec.whatwg.org/#extract-header-list-values),
//! which parses each header by its [ABNF](https://fetch.spec.whatwg.org/#http-new-header-syntax):
//! `Access-Control-Allow-Methods = #method`, `Access-Control-Allow-Headers =
//! #field-name`, `Access-Control-Expose-Headers = #field-name`, where `method`
//! and `field-name` are both `token`. The `#` list rule (RFC 9110 section 5.6.1)
//! has a recipient accept empty elements and optional whitespace (spaces and
//! tabs) around the commas; if any element fails to parse, the whole header is
//! a failure, and the preflight fails.
//!
//! Chromium does the same in practice:
//! `ParseAccessControlAllowList` in
//! `services/network/public/cpp/cors/preflight_result.cc` walks the combined
//! value with `net::HttpUtil::ValuesIterator` (split on commas outside double
//! quotes, trim spaces and tabs, skip empty items) and rejects the whole header
//! if an item fails `net::HttpUtil::IsToken`. Blink's
//! `HTTPHeaderNameListParser` for `Access-Control-Expose-Headers`
//! (`third_party/blink/renderer/platform/loader/cors/cors.cc`) also skips empty
//! items and exposes nothing if an item is not a token. The one visible
//! difference is which text counts as "the item": a quoted `"a, b"` is one item
//! for Chromium's splitter (and this parser), two for a plain comma split; either
//! way it is not a token, so the outcome is the same.

use std::fmt;

use crate::infra::{is_token, isomorphic_decode};

/// Why an allow or expose list is invalid as a whole.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AllowListError {
    /// `item` (trimmed, as written) is not an HTTP token.
    NotAToken { item: String },
}

impl fmt::Display for AllowListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowListError::NotAToken { item } => {
                write!(
                    f,
                    "the item \"{item}\" is not a valid method or header name (only letters, \
                     digits and !#$%&'*+-.^_`|~ are allowed)"
                )?;
                if item.contains([' ', '\t']) {
                    write!(f, "; separate items with commas, not spaces")?;
                }
                Ok(())
            }
        }
    }
}

/// Parse a combined `Access-Control-Allow-Methods`, `-Allow-Headers` or
/// `-Expose-Headers` value per its [ABNF](https://fetch.spec.whatwg.org/#http-new-header-syntax),
/// as Chromium does; items are returned as written, in order, duplicates kept.
pub fn parse_allow_list(value: &[u8]) -> Result<Vec<String>, AllowListError> {
    // Header values are bytes; read them as Latin-1 (isomorphic decode) so that
    // a non-ASCII byte shows up in the error instead of being lost.
    let decoded = isomorphic_decode(value);
    let mut items = Vec::new();
    for raw in split_on_commas_outside_quotes(&decoded) {
        // Optional whitespace around each element: spaces and tabs.
        let item = raw.trim_matches(|c| c == ' ' || c == '\t');
        // Empty elements are ignored.
        if item.is_empty() {
            continue;
        }
        // Each element is a `token` (`method` / `field-name`).
        if !is_token(item) {
            return Err(AllowListError::NotAToken {
                item: item.to_string(),
            });
        }
        items.push(item.to_string());
    }
    Ok(items)
}

/// Split on commas that are not inside a double-quoted string (a backslash
/// inside quotes escapes the next character), as Chromium's `ValuesIterator` does.
fn split_on_commas_outside_quotes(s: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if in_quotes {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_quotes = false;
            }
        } else if c == '"' {
            in_quotes = true;
        } else if c == ',' {
            pieces.push(s.get(start..i).unwrap_or_default());
            start = i + 1;
        }
    }
    pieces.push(s.get(start..).unwrap_or_default());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_a_token(item: &str) -> Result<Vec<String>, AllowListError> {
        Err(AllowListError::NotAToken {
            item: item.to_string(),
        })
    }

    /// Ok(the items) or Err(the offending item).
    type Want = Result<&'static [&'static str], &'static str>;

    /// (description, value, want)
    const CASES: &[(&str, &[u8], Want)] = &[
        ("empty value", b"", Ok(&[])),
        ("single", b"PUT", Ok(&["PUT"])),
        (
            "comma and space",
            b"GET, POST, DELETE",
            Ok(&["GET", "POST", "DELETE"]),
        ),
        ("no spaces", b"GET,POST", Ok(&["GET", "POST"])),
        (
            "tabs and spaces trimmed",
            b" \tX-Custom\t , Authorization ",
            Ok(&["X-Custom", "Authorization"]),
        ),
        (
            "case kept",
            b"content-type, X-API-Key",
            Ok(&["content-type", "X-API-Key"]),
        ),
        ("wildcard is a token", b"*", Ok(&["*"])),
        (
            "empty items skipped",
            b",GET,,  ,POST,",
            Ok(&["GET", "POST"]),
        ),
        ("only commas", b" , , ", Ok(&[])),
        ("duplicates kept", b"GET, GET", Ok(&["GET", "GET"])),
        (
            "space-separated instead of commas",
            b"GET POST",
            Err("GET POST"),
        ),
        ("semicolon-separated", b"GET;POST", Err("GET;POST")),
        ("slash in an item", b"GET, text/plain", Err("text/plain")),
        (
            "quoted item with a comma is one item",
            b"\"a, b\", c",
            Err("\"a, b\""),
        ),
        ("non-ASCII byte", b"X-Caf\xe9", Err("X-Caf\u{e9}")),
        ("first bad item reported", b"GET, a b, c:d", Err("a b")),
    ];

    #[test]
    fn parse_allow_list_table() {
        for (description, input, want) in CASES {
            let got = parse_allow_list(input);
            let want = match want {
                Ok(items) => Ok(items.iter().map(|s| s.to_string()).collect()),
                Err(item) => not_a_token(item),
            };
            assert_eq!(
                got, want,
                "{description}: input {input:?}, got {got:?}, want {want:?}"
            );
        }
    }

    const DISPLAY_CASES: &[(&str, &str, &str)] = &[
        (
            "space hint",
            "GET POST",
            "the item \"GET POST\" is not a valid method or header name (only letters, digits \
             and !#$%&'*+-.^_`|~ are allowed); separate items with commas, not spaces",
        ),
        (
            "no hint",
            "c:d",
            "the item \"c:d\" is not a valid method or header name (only letters, digits \
             and !#$%&'*+-.^_`|~ are allowed)",
        ),
    ];

    #[test]
    fn display_table() {
        for (description, item, want) in DISPLAY_CASES {
            let got = AllowListError::NotAToken {
                item: item.to_string(),
            }
            .to_string();
            assert_eq!(
                &got, want,
                "{description}: item {item:?}, got {got:?}, want {want:?}"
            );
        }
    }
}
