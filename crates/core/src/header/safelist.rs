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
use crate::infra::sort_in_ascending_order;
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
    sort_in_ascending_order(&mut unsafe_names, |a, b| a.name < b.name);
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
mod tests;
