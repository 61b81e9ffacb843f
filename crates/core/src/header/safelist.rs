//! Safelisted headers: the [CORS-safelisted request-headers](https://fetch.spec.whatwg.org/#cors-safelisted-request-header)
//! a cross-origin request may carry without a preflight, the
//! [no-CORS-safelisted](https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header)
//! ones, the [CORS-unsafe request-header names](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)
//! that a preflight asks about, and the
//! [CORS-safelisted response-header names](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
//! a script may always read.
//!
//! These follow the standard. Chromium (`IsCorsSafelistedHeader` in
//! `services/network/public/cpp/cors/cors.cc`) differs in ways a learner can
//! hit: it also safelists client hints, `Save-Data` and `Intervention`, each
//! with its own value rule (modelled in `chromium_safelist.rs`). Its source
//! also suggests two more differences that Chromium 156 was not seen to make
//! (observed on 2026-11-26, a cross-origin `fetch()` per value): a `Range`
//! unit in another case (`Bytes=0-1`) is preflighted, as the standard says
//! (golden `error-range-unit-not-lower-case`), and `Content-Type` values that
//! its own MIME parser might read differently (`Text/Plain`, `text/plain;`,
//! `text/plain;a=b;c`, an unclosed quote, a space inside the type, two types
//! in one value) were all decided as the standard's parser decides them.

use std::fmt;

use super::list::HeaderList;
use super::name_value::describe_byte;
use super::range::parse_single_range_header_value;
use crate::header::forbidden::is_forbidden_response_header_name;
use crate::mime::parse_mime_type;

/// The header names that can be [CORS-safelisted request-headers](https://fetch.spec.whatwg.org/#cors-safelisted-request-header)
/// (each with its own value rule).
pub const CORS_SAFELISTED_REQUEST_HEADER_NAMES: &[&str] = &[
    "Accept",
    "Accept-Language",
    "Content-Language",
    "Content-Type",
    "Range",
];

/// The [no-CORS-safelisted request-header names](https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name).
pub const NO_CORS_SAFELISTED_REQUEST_HEADER_NAMES: &[&str] = &[
    "Accept",
    "Accept-Language",
    "Content-Language",
    "Content-Type",
];

/// The `Content-Type` essences that are CORS-safelisted.
pub const CORS_SAFELISTED_CONTENT_TYPE_ESSENCES: &[&str] = &[
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
];

/// The longest value, in bytes, a CORS-safelisted request-header may have.
pub const CORS_SAFELISTED_VALUE_MAX_LEN: usize = 128;

/// The most bytes the values of all CORS-safelisted request-headers of one
/// request may add up to before they all count as unsafe.
pub const CORS_SAFELISTED_TOTAL_MAX_LEN: usize = 1024;

/// The [CORS-safelisted response-header names](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
/// a script can read without `Access-Control-Expose-Headers`.
pub const CORS_SAFELISTED_RESPONSE_HEADER_NAMES: &[&str] = &[
    "Cache-Control",
    "Content-Language",
    "Content-Length",
    "Content-Type",
    "Expires",
    "Last-Modified",
    "Pragma",
];

/// Whether `byte` is a [CORS-unsafe request-header byte](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte).
pub fn is_cors_unsafe_request_header_byte(byte: u8) -> bool {
    // "byte is less than 0x20 and is not 0x09 HT"
    (byte < 0x20 && byte != 0x09)
        // "byte is 0x22 ("), 0x28 (left parenthesis), 0x29 (right parenthesis),
        // 0x3A (:), 0x3C (<), 0x3E (>), 0x3F (?), 0x40 (@), 0x5B ([), 0x5C (\),
        // 0x5D (]), 0x7B ({), 0x7D (}), or 0x7F DEL."
        || matches!(
            byte,
            0x22 | 0x28 | 0x29 | 0x3A | 0x3C | 0x3E | 0x3F | 0x40 | 0x5B | 0x5C | 0x5D | 0x7B | 0x7D | 0x7F
        )
}

/// Whether `byte` may appear in a safelisted `Accept-Language` or
/// `Content-Language` value: an ASCII letter or digit, or one of ` *,-.;=`.
fn is_language_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'=')
}

/// Why a header is not a [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header):
/// one variant per way the standard's algorithm returns false.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotSafelisted {
    /// The name is not Accept, Accept-Language, Content-Language, Content-Type or Range.
    Name,
    /// The value is longer than 128 bytes.
    ValueTooLong { len: usize },
    /// An `Accept` or `Content-Type` value holds a CORS-unsafe request-header byte.
    UnsafeByte { byte: u8 },
    /// An `Accept-Language` or `Content-Language` value holds a byte other than
    /// letters, digits and ` *,-.;=`.
    AcceptLanguageByte { byte: u8 },
    /// A `Content-Type` value is not a MIME type.
    ContentTypeUnparsable,
    /// A `Content-Type` MIME type whose essence is not one of the three safelisted ones.
    ContentTypeEssence { essence: String },
    /// A `Range` value is not one `bytes=START-END` or `bytes=START-` range.
    RangeNotSingle,
    /// A `Range` value asks for the last bytes (`bytes=-500`), which browsers
    /// never sent, so the standard does not safelist it.
    RangeNoStart,
    /// A header Chromium safelists beyond the standard (`chromium_safelist.rs`),
    /// with a value it does not accept.
    ChromiumValue { expected: &'static str },
    /// A `Content-Type` the standard safelists and Firefox's own parser
    /// refuses (`firefox_safelist.rs`): `refused` says what, in words.
    FirefoxContentType { refused: &'static str },
}

impl fmt::Display for NotSafelisted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotSafelisted::Name => write!(
                f,
                "only Accept, Accept-Language, Content-Language, Content-Type and Range \
                 can be sent without a preflight"
            ),
            NotSafelisted::ValueTooLong { len } => write!(
                f,
                "its value is {len} bytes long, over the {CORS_SAFELISTED_VALUE_MAX_LEN}-byte limit"
            ),
            NotSafelisted::UnsafeByte { byte } => write!(
                f,
                "its value contains {}, which is not allowed without a preflight",
                describe_byte(*byte)
            ),
            NotSafelisted::AcceptLanguageByte { byte } => write!(
                f,
                "its value contains {}; without a preflight it may only hold letters, digits, \
                 spaces and * , - . ; =",
                describe_byte(*byte)
            ),
            NotSafelisted::ContentTypeUnparsable => {
                write!(f, "its value is not a valid MIME type such as text/plain")
            }
            NotSafelisted::ContentTypeEssence { essence } => write!(
                f,
                "its MIME type is {essence}; only application/x-www-form-urlencoded, \
                 multipart/form-data and text/plain can be sent without a preflight"
            ),
            NotSafelisted::RangeNotSingle => write!(
                f,
                "its value is not a single range of the form bytes=START-END or bytes=START-"
            ),
            NotSafelisted::RangeNoStart => write!(
                f,
                "a range without a start (bytes=-N) is not allowed without a preflight"
            ),
            NotSafelisted::ChromiumValue { expected } => write!(
                f,
                "Chromium sends it without a preflight only when its value is {expected}"
            ),
            NotSafelisted::FirefoxContentType { refused } => write!(
                f,
                "Firefox's own Content-Type parser refuses its value, which holds {refused} \
                 (the standard and Chromium send it without a preflight)"
            ),
        }
    }
}

/// Whether (`name`, `value`) is a [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header),
/// and if not, why.
///
/// `value` is the value as it sits in the request's header list, that is,
/// already [normalized](https://fetch.spec.whatwg.org/#concept-header-value-normalize).
/// The result is the standard's; for a name outside the list the reason is
/// [`NotSafelisted::Name`] even when the value is also too long.
pub fn cors_safelisted_request_header(name: &str, value: &[u8]) -> Result<(), NotSafelisted> {
    // Step 2. "Byte-lowercase name and switch on the result:" ... "Otherwise:
    // Return false." (Checked first so the reason given is the most helpful one;
    // the answer is the same.)
    let lower = name.to_ascii_lowercase();
    if !CORS_SAFELISTED_REQUEST_HEADER_NAMES
        .iter()
        .any(|safelisted| safelisted.eq_ignore_ascii_case(&lower))
    {
        return Err(NotSafelisted::Name);
    }

    // Step 1. "If value's length is greater than 128, then return false."
    if value.len() > CORS_SAFELISTED_VALUE_MAX_LEN {
        return Err(NotSafelisted::ValueTooLong { len: value.len() });
    }

    // Step 2. "Byte-lowercase name and switch on the result:"
    match lower.as_str() {
        // `accept`: "If value contains a CORS-unsafe request-header byte, then return false."
        "accept" => first_unsafe_byte(value),

        // `accept-language`, `content-language`: "If value contains a byte that
        // is not in the range 0x30 (0) to 0x39 (9), inclusive, is not in the range
        // 0x41 (A) to 0x5A (Z), inclusive, is not in the range 0x61 (a) to 0x7A
        // (z), inclusive, and is not 0x20 (SP), 0x2A (*), 0x2C (,), 0x2D (-),
        // 0x2E (.), 0x3B (;), or 0x3D (=), then return false."
        "accept-language" | "content-language" => {
            match value.iter().find(|&&b| !is_language_byte(b)) {
                Some(&byte) => Err(NotSafelisted::AcceptLanguageByte { byte }),
                None => Ok(()),
            }
        }

        // `content-type`:
        "content-type" => {
            // Step 1. "If value contains a CORS-unsafe request-header byte, then
            // return false."
            first_unsafe_byte(value)?;
            // Step 2. "Let mimeType be the result of parsing the result of
            // isomorphic decoding value."
            let decoded: String = value.iter().map(|&b| char::from(b)).collect();
            // Step 3. "If mimeType is failure, then return false."
            let mime_type =
                parse_mime_type(&decoded).ok_or(NotSafelisted::ContentTypeUnparsable)?;
            // Step 4. "If mimeType's essence is not "application/x-www-form-urlencoded",
            // "multipart/form-data", or "text/plain", then return false."
            let essence = mime_type.essence();
            if !CORS_SAFELISTED_CONTENT_TYPE_ESSENCES.contains(&essence.as_str()) {
                return Err(NotSafelisted::ContentTypeEssence { essence });
            }
            Ok(())
        }

        // `range`:
        "range" => {
            // Step 1. "Let rangeValue be the result of parsing a single range
            // header value given value and false."
            // Step 2. "If rangeValue is failure, then return false."
            let (start, _end) = parse_single_range_header_value(value, false)
                .ok_or(NotSafelisted::RangeNotSingle)?;
            // Step 3. "If rangeValue[0] is null, then return false."
            if start.is_none() {
                return Err(NotSafelisted::RangeNoStart);
            }
            Ok(())
        }

        // "Otherwise: Return false." (handled above)
        _ => Err(NotSafelisted::Name),
    }
    // Step 3. "Return true." (each arm above returns Ok(()) when it passes)
}

fn first_unsafe_byte(value: &[u8]) -> Result<(), NotSafelisted> {
    match value
        .iter()
        .find(|&&b| is_cors_unsafe_request_header_byte(b))
    {
        Some(&byte) => Err(NotSafelisted::UnsafeByte { byte }),
        None => Ok(()),
    }
}

/// Whether (`name`, `value`) is a [no-CORS-safelisted request-header](https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header).
pub fn no_cors_safelisted_request_header(name: &str, value: &[u8]) -> bool {
    no_cors_safelisted_request_header_by(name, value, cors_safelisted_request_header)
}

/// [`no_cors_safelisted_request_header`] with another browser's idea of a
/// CORS-safelisted header in step 2 (Firefox's, `firefox_safelist.rs`).
pub fn no_cors_safelisted_request_header_by(
    name: &str,
    value: &[u8],
    safelisted: fn(&str, &[u8]) -> Result<(), NotSafelisted>,
) -> bool {
    // Step 1. "If name is not a no-CORS-safelisted request-header name, then
    // return false."
    if !NO_CORS_SAFELISTED_REQUEST_HEADER_NAMES
        .iter()
        .any(|safelisted| safelisted.eq_ignore_ascii_case(name))
    {
        return false;
    }
    // Step 2. "Return whether (name, value) is a CORS-safelisted request-header."
    safelisted(name, value).is_ok()
}

/// One of the [CORS-unsafe request-header names](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)
/// and why it is unsafe.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct UnsafeHeaderName {
    /// The name, byte-lowercased.
    pub name: String,
    pub because: UnsafeBecause,
}

/// Why a request header needs a preflight.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnsafeBecause {
    /// The header itself is not CORS-safelisted.
    NotSafelisted(NotSafelisted),
    /// The header is safelisted, but the values of all safelisted headers of the
    /// request add up to `total` bytes, over 1024.
    SafelistedTotalOver1024 { total: usize },
}

impl fmt::Display for UnsafeBecause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnsafeBecause::NotSafelisted(reason) => reason.fmt(f),
            UnsafeBecause::SafelistedTotalOver1024 { total } => write!(
                f,
                "the values of the safelisted headers add up to {total} bytes, over the \
                 {CORS_SAFELISTED_TOTAL_MAX_LEN}-byte limit"
            ),
        }
    }
}

/// The [CORS-unsafe request-header names](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)
/// of `headers`: lower-cased, sorted, each once with the first reason found.
pub fn cors_unsafe_request_header_names(headers: &HeaderList) -> Vec<UnsafeHeaderName> {
    cors_unsafe_request_header_names_by(headers, cors_safelisted_request_header)
}

/// [`cors_unsafe_request_header_names`] with another browser's idea of a
/// safelisted header (Chromium's, `chromium_safelist.rs`): the algorithm,
/// the 1024-byte total included, is the same.
pub fn cors_unsafe_request_header_names_by(
    headers: &HeaderList,
    safelisted: fn(&str, &[u8]) -> Result<(), NotSafelisted>,
) -> Vec<UnsafeHeaderName> {
    // Step 1. "Let unsafeNames be a new list."
    let mut unsafe_names = Vec::new();
    // Step 2. "Let potentiallyUnsafeNames be a new list."
    let mut potentially_unsafe_names = Vec::new();
    // Step 3. "Let safelistValueSize be 0."
    let mut safelist_value_size: usize = 0;

    // Step 4. "For each header of headers:"
    for header in headers.iter() {
        match safelisted(&header.name, &header.value) {
            // Step 4.1. "If header is not a CORS-safelisted request-header, then
            // append header's name to unsafeNames."
            Err(reason) => unsafe_names.push(UnsafeHeaderName {
                name: header.name.to_ascii_lowercase(),
                because: UnsafeBecause::NotSafelisted(reason),
            }),
            // Step 4.2. "Otherwise, append header's name to potentiallyUnsafeNames
            // and increase safelistValueSize by header's value's length."
            Ok(()) => {
                potentially_unsafe_names.push(header.name.to_ascii_lowercase());
                safelist_value_size = safelist_value_size.saturating_add(header.value.len());
            }
        }
    }

    // Step 5. "If safelistValueSize is greater than 1024, then for each name of
    // potentiallyUnsafeNames, append name to unsafeNames."
    if safelist_value_size > CORS_SAFELISTED_TOTAL_MAX_LEN {
        unsafe_names.extend(
            potentially_unsafe_names
                .into_iter()
                .map(|name| UnsafeHeaderName {
                    name,
                    because: UnsafeBecause::SafelistedTotalOver1024 {
                        total: safelist_value_size,
                    },
                }),
        );
    }

    // Step 6. "Return the result of convert header names to a sorted-lowercase
    // set with unsafeNames." (A stable sort, so the first reason for a name stays
    // first and survives the de-duplication.)
    unsafe_names.sort_by(|a, b| a.name.cmp(&b.name));
    unsafe_names.dedup_by(|later, earlier| later.name == earlier.name);
    unsafe_names
}

/// Whether `name` is one of the [CORS-safelisted response-header names](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
/// that need no `Access-Control-Expose-Headers` (the fixed part of the list).
pub fn is_cors_safelisted_response_header_name(name: &str) -> bool {
    CORS_SAFELISTED_RESPONSE_HEADER_NAMES
        .iter()
        .any(|safelisted| safelisted.eq_ignore_ascii_case(name))
}

/// Whether `name` is a [CORS-safelisted response-header name](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
/// given `list`, the names the response exposes.
pub fn is_cors_safelisted_response_header_name_given(name: &str, list: &[String]) -> bool {
    // "a header name that is a byte-case-insensitive match for one of [the fixed
    // names] [or] any item in list that is not a forbidden response-header name."
    is_cors_safelisted_response_header_name(name)
        || list
            .iter()
            .any(|item| item.eq_ignore_ascii_case(name) && !is_forbidden_response_header_name(item))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::Header;

    const UNSAFE_BYTE_CASES: &[(&str, u8, bool)] = &[
        ("NUL", 0x00, true),
        ("tab is allowed", 0x09, false),
        ("line feed", 0x0A, true),
        ("unit separator", 0x1F, true),
        ("space", 0x20, false),
        ("double quote", 0x22, true),
        ("left parenthesis", 0x28, true),
        ("right parenthesis", 0x29, true),
        ("comma is allowed", 0x2C, false),
        ("slash is allowed", 0x2F, false),
        ("colon", 0x3A, true),
        ("semicolon is allowed", 0x3B, false),
        ("less-than", 0x3C, true),
        ("equals is allowed", 0x3D, false),
        ("greater-than", 0x3E, true),
        ("question mark", 0x3F, true),
        ("at sign", 0x40, true),
        ("left bracket", 0x5B, true),
        ("backslash", 0x5C, true),
        ("right bracket", 0x5D, true),
        ("left brace", 0x7B, true),
        ("pipe is allowed", 0x7C, false),
        ("right brace", 0x7D, true),
        ("DEL", 0x7F, true),
        ("Latin-1 byte is allowed", 0xE9, false),
    ];

    #[test]
    fn is_cors_unsafe_request_header_byte_table() {
        for (description, input, want) in UNSAFE_BYTE_CASES {
            let got = is_cors_unsafe_request_header_byte(*input);
            assert_eq!(
                got, *want,
                "{description}: input 0x{input:02X}, got {got}, want {want}"
            );
        }
    }

    fn long(len: usize) -> String {
        "a".repeat(len)
    }

    /// (description, name, value, want)
    const SAFELISTED_CASES: &[(&str, &str, &str, Result<(), NotSafelisted>)] = &[
        ("Accept any type", "Accept", "*/*", Ok(())),
        (
            "Accept list with q",
            "accept",
            "text/html, application/json;q=0.9",
            Ok(()),
        ),
        (
            "Accept with a double quote",
            "Accept",
            "text/\"html\"",
            Err(NotSafelisted::UnsafeByte { byte: b'"' }),
        ),
        (
            "Accept with a colon",
            "Accept",
            "a:b",
            Err(NotSafelisted::UnsafeByte { byte: b':' }),
        ),
        ("Accept with a tab is fine", "Accept", "a\tb", Ok(())),
        ("Accept empty", "Accept", "", Ok(())),
        (
            "Accept-Language",
            "Accept-Language",
            "en-US,en;q=0.9",
            Ok(()),
        ),
        (
            "Accept-Language with wildcard",
            "ACCEPT-LANGUAGE",
            "*",
            Ok(()),
        ),
        (
            "Accept-Language with underscore",
            "Accept-Language",
            "en_US",
            Err(NotSafelisted::AcceptLanguageByte { byte: b'_' }),
        ),
        (
            "Content-Language with slash",
            "Content-Language",
            "en/us",
            Err(NotSafelisted::AcceptLanguageByte { byte: b'/' }),
        ),
        (
            "Content-Language with tab",
            "Content-Language",
            "en\tde",
            Err(NotSafelisted::AcceptLanguageByte { byte: b'\t' }),
        ),
        (
            "Content-Type text/plain",
            "Content-Type",
            "text/plain",
            Ok(()),
        ),
        (
            "Content-Type with charset",
            "Content-Type",
            "text/plain;charset=utf-8",
            Ok(()),
        ),
        (
            "Content-Type upper case",
            "content-type",
            "TEXT/PLAIN; Charset=UTF-8",
            Ok(()),
        ),
        (
            "Content-Type form",
            "Content-Type",
            "application/x-www-form-urlencoded",
            Ok(()),
        ),
        (
            "Content-Type multipart",
            "Content-Type",
            "multipart/form-data; boundary=----x",
            Ok(()),
        ),
        (
            "Content-Type JSON",
            "Content-Type",
            "application/json",
            Err(NotSafelisted::ContentTypeEssence {
                essence: String::new(),
            }),
        ),
        (
            "Content-Type two types",
            "Content-Type",
            "text/plain, text/html",
            Err(NotSafelisted::ContentTypeUnparsable),
        ),
        (
            "Content-Type no subtype",
            "Content-Type",
            "text",
            Err(NotSafelisted::ContentTypeUnparsable),
        ),
        (
            "Content-Type empty",
            "Content-Type",
            "",
            Err(NotSafelisted::ContentTypeUnparsable),
        ),
        (
            "Content-Type quoted charset hits the quote byte",
            "Content-Type",
            "text/plain;charset=\"utf-8\"",
            Err(NotSafelisted::UnsafeByte { byte: b'"' }),
        ),
        (
            "Content-Type text/plain-ish",
            "Content-Type",
            "text/plainx",
            Err(NotSafelisted::ContentTypeEssence {
                essence: String::new(),
            }),
        ),
        ("Range from zero", "Range", "bytes=0-", Ok(())),
        ("Range closed", "range", "bytes=0-499", Ok(())),
        (
            "Range two ranges",
            "Range",
            "bytes=0-1,2-3",
            Err(NotSafelisted::RangeNotSingle),
        ),
        (
            "Range with a space",
            "Range",
            "bytes= 0-1",
            Err(NotSafelisted::RangeNotSingle),
        ),
        (
            "Range suffix",
            "Range",
            "bytes=-500",
            Err(NotSafelisted::RangeNoStart),
        ),
        (
            "Range start after end",
            "Range",
            "bytes=5-1",
            Err(NotSafelisted::RangeNotSingle),
        ),
        (
            "Range unit upper case",
            "Range",
            "Bytes=0-1",
            Err(NotSafelisted::RangeNotSingle),
        ),
        (
            "Authorization",
            "Authorization",
            "Bearer x",
            Err(NotSafelisted::Name),
        ),
        (
            "custom header",
            "X-Requested-With",
            "XMLHttpRequest",
            Err(NotSafelisted::Name),
        ),
        (
            "name with trailing space",
            "Accept ",
            "*/*",
            Err(NotSafelisted::Name),
        ),
    ];

    #[test]
    fn cors_safelisted_request_header_table() {
        for (description, name, value, want) in SAFELISTED_CASES {
            let got = cors_safelisted_request_header(name, value.as_bytes());
            // Essences are written as "" in the table and checked below.
            let got_shape = match &got {
                Err(NotSafelisted::ContentTypeEssence { .. }) => {
                    Err(NotSafelisted::ContentTypeEssence {
                        essence: String::new(),
                    })
                }
                other => other.clone(),
            };
            assert_eq!(
                &got_shape, want,
                "{description}: input ({name:?}, {value:?}), got {got:?}, want {want:?}"
            );
        }
    }

    #[test]
    fn content_type_essence_is_reported() {
        let got =
            cors_safelisted_request_header("Content-Type", b"Application/JSON; charset=utf-8");
        let want = Err(NotSafelisted::ContentTypeEssence {
            essence: "application/json".to_string(),
        });
        assert_eq!(got, want);
    }

    /// (description, name, value length, want)
    const LENGTH_CASES: &[(&str, &str, usize, Result<(), NotSafelisted>)] = &[
        ("Accept of 128 bytes", "Accept", 128, Ok(())),
        (
            "Accept of 129 bytes",
            "Accept",
            129,
            Err(NotSafelisted::ValueTooLong { len: 129 }),
        ),
        (
            "Accept-Language of 128 bytes",
            "Accept-Language",
            128,
            Ok(()),
        ),
        (
            "Content-Language of 130 bytes",
            "Content-Language",
            130,
            Err(NotSafelisted::ValueTooLong { len: 130 }),
        ),
        (
            "unlisted name wins over length",
            "X-Long",
            500,
            Err(NotSafelisted::Name),
        ),
    ];

    #[test]
    fn value_length_table() {
        for (description, name, len, want) in LENGTH_CASES {
            let value = long(*len);
            let got = cors_safelisted_request_header(name, value.as_bytes());
            assert_eq!(
                &got, want,
                "{description}: input ({name:?}, {len} bytes), got {got:?}, want {want:?}"
            );
        }
    }

    #[test]
    fn long_content_type_is_too_long() {
        let value = format!("text/plain;x={}", long(120));
        let got = cors_safelisted_request_header("Content-Type", value.as_bytes());
        assert_eq!(got, Err(NotSafelisted::ValueTooLong { len: value.len() }));
    }

    #[test]
    fn every_safelisted_name_accepts_a_typical_value() {
        for name in CORS_SAFELISTED_REQUEST_HEADER_NAMES {
            let value: &[u8] = if name.eq_ignore_ascii_case("Content-Type") {
                b"text/plain"
            } else if name.eq_ignore_ascii_case("Range") {
                b"bytes=0-1"
            } else {
                b"en"
            };
            for input in [name.to_string(), name.to_ascii_uppercase()] {
                let got = cors_safelisted_request_header(&input, value);
                assert_eq!(got, Ok(()), "input ({input:?}, {value:?})");
            }
        }
    }

    #[test]
    fn every_safelisted_essence_is_safelisted() {
        for essence in CORS_SAFELISTED_CONTENT_TYPE_ESSENCES {
            let got = cors_safelisted_request_header("Content-Type", essence.as_bytes());
            assert_eq!(got, Ok(()), "input {essence:?}");
        }
    }

    /// (description, name, value, want)
    const NO_CORS_CASES: &[(&str, &str, &str, bool)] = &[
        ("Accept", "Accept", "*/*", true),
        (
            "Content-Type text/plain",
            "content-type",
            "text/plain",
            true,
        ),
        (
            "Content-Type JSON",
            "Content-Type",
            "application/json",
            false,
        ),
        (
            "Range is CORS-safelisted but not no-CORS-safelisted",
            "Range",
            "bytes=0-",
            false,
        ),
        ("custom", "X-Custom", "1", false),
    ];

    #[test]
    fn no_cors_safelisted_request_header_table() {
        for (description, name, value, want) in NO_CORS_CASES {
            let got = no_cors_safelisted_request_header(name, value.as_bytes());
            assert_eq!(
                got, *want,
                "{description}: input ({name:?}, {value:?}), got {got}, want {want}"
            );
        }
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderList {
        pairs
            .iter()
            .map(|(n, v)| Header::new(*n, v.as_bytes()))
            .collect()
    }

    #[test]
    fn cors_unsafe_request_header_names_cases() {
        let accept_100 = long(100);
        let cases: Vec<(&str, HeaderList, Vec<UnsafeHeaderName>)> = vec![
            ("no headers", headers(&[]), vec![]),
            (
                "only safelisted",
                headers(&[("Accept", "*/*"), ("Content-Type", "text/plain")]),
                vec![],
            ),
            (
                "sorted, lower-cased, de-duplicated, first reason kept",
                headers(&[
                    ("X-B", "1"),
                    ("Content-Type", "application/json"),
                    ("x-b", "2"),
                    ("Authorization", "x"),
                ]),
                vec![
                    UnsafeHeaderName {
                        name: "authorization".into(),
                        because: UnsafeBecause::NotSafelisted(NotSafelisted::Name),
                    },
                    UnsafeHeaderName {
                        name: "content-type".into(),
                        because: UnsafeBecause::NotSafelisted(NotSafelisted::ContentTypeEssence {
                            essence: "application/json".into(),
                        }),
                    },
                    UnsafeHeaderName {
                        name: "x-b".into(),
                        because: UnsafeBecause::NotSafelisted(NotSafelisted::Name),
                    },
                ],
            ),
            (
                "1024 bytes of safelisted values are fine",
                {
                    let v = long(128);
                    let pairs: Vec<(&str, &str)> = (0..8).map(|_| ("Accept", v.as_str())).collect();
                    headers(&pairs)
                },
                vec![],
            ),
            (
                "1100 bytes of safelisted values make them all unsafe",
                {
                    let pairs: Vec<(&str, &str)> = (0..11)
                        .map(|i| {
                            (
                                if i % 2 == 0 {
                                    "Accept"
                                } else {
                                    "Accept-Language"
                                },
                                accept_100.as_str(),
                            )
                        })
                        .collect();
                    headers(&pairs)
                },
                vec![
                    UnsafeHeaderName {
                        name: "accept".into(),
                        because: UnsafeBecause::SafelistedTotalOver1024 { total: 1100 },
                    },
                    UnsafeHeaderName {
                        name: "accept-language".into(),
                        because: UnsafeBecause::SafelistedTotalOver1024 { total: 1100 },
                    },
                ],
            ),
            (
                "an unsafe value does not count toward the total, and its own reason wins",
                {
                    let v = long(129);
                    let mut pairs: Vec<(&str, &str)> =
                        (0..10).map(|_| ("Accept", accept_100.as_str())).collect();
                    pairs.push(("Accept-Language", v.as_str()));
                    pairs.push(("Accept-Language", "en"));
                    headers(&pairs)
                },
                vec![UnsafeHeaderName {
                    name: "accept-language".into(),
                    because: UnsafeBecause::NotSafelisted(NotSafelisted::ValueTooLong { len: 129 }),
                }],
            ),
        ];
        for (description, input, want) in cases {
            let got = cors_unsafe_request_header_names(&input);
            assert_eq!(
                got, want,
                "{description}: input {input:?}, got {got:?}, want {want:?}"
            );
        }
    }

    const DISPLAY_CASES: &[(&str, NotSafelisted, &str)] = &[
        (
            "too long",
            NotSafelisted::ValueTooLong { len: 130 },
            "its value is 130 bytes long, over the 128-byte limit",
        ),
        (
            "quote",
            NotSafelisted::UnsafeByte { byte: b'"' },
            "its value contains a double quote (\"), which is not allowed without a preflight",
        ),
        (
            "underscore in a language",
            NotSafelisted::AcceptLanguageByte { byte: b'_' },
            "its value contains '_' (0x5F); without a preflight it may only hold letters, digits, \
             spaces and * , - . ; =",
        ),
        (
            "JSON",
            NotSafelisted::ContentTypeEssence {
                essence: String::new(),
            },
            "its MIME type is ; only application/x-www-form-urlencoded, multipart/form-data and \
             text/plain can be sent without a preflight",
        ),
    ];

    #[test]
    fn not_safelisted_display_table() {
        for (description, input, want) in DISPLAY_CASES {
            let got = input.to_string();
            assert_eq!(
                &got, want,
                "{description}: input {input:?}, got {got:?}, want {want:?}"
            );
        }
        let total = UnsafeBecause::SafelistedTotalOver1024 { total: 1100 }.to_string();
        assert_eq!(
            total,
            "the values of the safelisted headers add up to 1100 bytes, over the 1024-byte limit"
        );
    }

    const RESPONSE_NAME_CASES: &[(&str, &str, bool)] = &[
        ("Content-Type", "content-type", true),
        ("Content-Length", "Content-Length", true),
        ("Pragma upper", "PRAGMA", true),
        ("ETag needs exposing", "ETag", false),
        ("Set-Cookie", "Set-Cookie", false),
        ("Date needs exposing", "Date", false),
    ];

    #[test]
    fn is_cors_safelisted_response_header_name_table() {
        for (description, input, want) in RESPONSE_NAME_CASES {
            let got = is_cors_safelisted_response_header_name(input);
            assert_eq!(
                got, *want,
                "{description}: input {input:?}, got {got}, want {want}"
            );
        }
        for name in CORS_SAFELISTED_RESPONSE_HEADER_NAMES {
            assert!(
                is_cors_safelisted_response_header_name(&name.to_ascii_lowercase()),
                "{name}"
            );
        }
    }

    #[test]
    fn safelisted_response_header_name_given_a_list() {
        let list = vec!["X-Total".to_string(), "set-cookie".to_string()];
        let cases: &[(&str, &str, bool)] = &[
            ("fixed name", "Expires", true),
            ("exposed name, other case", "x-total", true),
            ("exposed but forbidden", "Set-Cookie", false),
            ("not exposed", "X-Other", false),
        ];
        for (description, input, want) in cases {
            let got = is_cors_safelisted_response_header_name_given(input, &list);
            assert_eq!(
                got, *want,
                "{description}: input {input:?}, got {got}, want {want}"
            );
        }
    }
}
