//! [Header names](https://fetch.spec.whatwg.org/#header-name) and
//! [header values](https://fetch.spec.whatwg.org/#header-value): what makes them
//! valid, how a value is normalized, and a typed explanation when one is not.
//!
//! Also home to [get, decode, and split](https://fetch.spec.whatwg.org/#header-value-get-decode-and-split),
//! which the other header modules share. The parsing primitives these are
//! written in (tokens, HTTP whitespace, collecting code points and quoted
//! strings) are in [`crate::infra`].

use std::fmt;

use crate::infra::{
    collect_code_points, collect_http_quoted_string, is_http_tab_or_space_byte,
    is_http_token_code_point, is_http_whitespace_byte, is_token, isomorphic_decode,
};

/// Whether `name` is a [header name](https://fetch.spec.whatwg.org/#header-name):
/// it matches the `field-name` production, which is `token`.
pub fn is_header_name(name: &str) -> bool {
    is_token(name)
}

/// [Normalize](https://fetch.spec.whatwg.org/#concept-header-value-normalize) a
/// potential header value.
pub fn normalize_header_value(value: &[u8]) -> &[u8] {
    // "remove any leading and trailing HTTP whitespace bytes from potentialValue."
    let start = value
        .iter()
        .position(|&b| !is_http_whitespace_byte(b))
        .unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|&b| !is_http_whitespace_byte(b))
        .map_or(start, |last| last + 1);
    value.get(start..end).unwrap_or_default()
}

/// Whether `value` is a [header value](https://fetch.spec.whatwg.org/#header-value).
pub fn is_header_value(value: &[u8]) -> bool {
    // "Has no leading or trailing HTTP tab or space bytes."
    let edges_ok = !value.first().is_some_and(|&b| is_http_tab_or_space_byte(b))
        && !value.last().is_some_and(|&b| is_http_tab_or_space_byte(b));
    // "Contains no 0x00 (NUL) or HTTP newline bytes."
    edges_ok && !value.iter().any(|&b| matches!(b, 0x00 | b'\n' | b'\r'))
}

/// Why a string is not a [header name](https://fetch.spec.whatwg.org/#header-name).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeaderNameProblem {
    /// The name is the empty string.
    Empty,
    /// `byte` is the first character that is not an HTTP token code point;
    /// `index` counts characters from 0 (the `Display` text counts from 1).
    InvalidByte { byte: char, index: usize },
}

impl fmt::Display for HeaderNameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderNameProblem::Empty => write!(f, "header name is empty"),
            HeaderNameProblem::InvalidByte { byte, index } => write!(
                f,
                "header name contains {} at position {}; a header name may only hold \
                 letters, digits and !#$%&'*+-.^_`|~",
                describe_char(*byte),
                index + 1
            ),
        }
    }
}

/// The first reason `name` is not a [header name](https://fetch.spec.whatwg.org/#header-name),
/// or `None` when it is one.
pub fn header_name_problem(name: &str) -> Option<HeaderNameProblem> {
    if name.is_empty() {
        return Some(HeaderNameProblem::Empty);
    }
    name.chars()
        .enumerate()
        .find(|&(_, c)| !is_http_token_code_point(c))
        .map(|(index, byte)| HeaderNameProblem::InvalidByte { byte, index })
}

/// Why a byte sequence is not a [header value](https://fetch.spec.whatwg.org/#header-value).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeaderValueProblem {
    /// `byte` is 0x00, 0x0A or 0x0D anywhere, or 0x09 or 0x20 at the start or
    /// the end; `index` counts bytes from 0 (the `Display` text counts from 1).
    ForbiddenByte { byte: u8, index: usize },
}

impl fmt::Display for HeaderValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderValueProblem::ForbiddenByte { byte, index }
                if is_http_tab_or_space_byte(*byte) =>
            {
                write!(
                    f,
                    "header value has {} at position {}, at its start or end",
                    describe_byte(*byte),
                    index + 1
                )
            }
            HeaderValueProblem::ForbiddenByte { byte, index } => write!(
                f,
                "header value contains {} at position {}, which no header value may hold",
                describe_byte(*byte),
                index + 1
            ),
        }
    }
}

/// The first reason `value` is not a [header value](https://fetch.spec.whatwg.org/#header-value),
/// or `None` when it is one. Meant for a value already
/// [normalized](https://fetch.spec.whatwg.org/#concept-header-value-normalize),
/// but consistent with [`is_header_value`] on any input.
pub fn header_value_problem(value: &[u8]) -> Option<HeaderValueProblem> {
    // "Contains no 0x00 (NUL) or HTTP newline bytes."
    if let Some(index) = value
        .iter()
        .position(|&b| matches!(b, 0x00 | b'\n' | b'\r'))
    {
        let byte = value.get(index).copied().unwrap_or_default();
        return Some(HeaderValueProblem::ForbiddenByte { byte, index });
    }
    // "Has no leading or trailing HTTP tab or space bytes."
    if let Some(&byte) = value.first().filter(|&&b| is_http_tab_or_space_byte(b)) {
        return Some(HeaderValueProblem::ForbiddenByte { byte, index: 0 });
    }
    if let Some(&byte) = value.last().filter(|&&b| is_http_tab_or_space_byte(b)) {
        let index = value.len() - 1;
        return Some(HeaderValueProblem::ForbiddenByte { byte, index });
    }
    None
}

/// [Get, decode, and split](https://fetch.spec.whatwg.org/#header-value-get-decode-and-split)
/// a header value: split on commas outside quoted strings, trim tabs and spaces.
pub fn get_decode_and_split(value: &[u8]) -> Vec<String> {
    // Step 1. "Let input be the result of isomorphic decoding value."
    let input: Vec<char> = isomorphic_decode(value).chars().collect();
    // Step 2. "Let position be a position variable for input, initially pointing
    // at the start of input."
    let mut position = 0;
    // Step 3. "Let values be a list of strings, initially « »."
    let mut values = Vec::new();
    // Step 4. "Let temporaryValue be the empty string."
    let mut temporary_value = String::new();
    // Step 5. "While true:"
    loop {
        // Step 5.1. "Append the result of collecting a sequence of code points
        // that are not U+0022 (") or U+002C (,) from input, given position, to
        // temporaryValue."
        temporary_value.push_str(&collect_code_points(&input, &mut position, |c| {
            c != '"' && c != ','
        }));
        // Step 5.2. "If position is not past the end of input and the code point
        // at position within input is U+0022 ("):"
        if input.get(position) == Some(&'"') {
            // Step 5.2.1. "Append the result of collecting an HTTP quoted string
            // from input, given position, to temporaryValue."
            temporary_value.push_str(&collect_http_quoted_string(&input, &mut position, false));
            // Step 5.2.2. "If position is not past the end of input, then continue."
            if position < input.len() {
                continue;
            }
        }
        // Step 5.3. "Remove all HTTP tab or space from the start and end of
        // temporaryValue."
        // Step 5.4. "Append temporaryValue to values."
        values.push(
            temporary_value
                .trim_matches(|c| c == '\t' || c == ' ')
                .to_string(),
        );
        // Step 5.5. "Set temporaryValue to the empty string."
        temporary_value.clear();
        // Step 5.6. "If position is past the end of input, then return values."
        if position >= input.len() {
            return values;
        }
        // Step 5.7. "Assert: the code point at position within input is U+002C (,)."
        debug_assert_eq!(input.get(position), Some(&','));
        // Step 5.8. "Advance position by 1."
        position += 1;
    }
}

/// A byte named for a person: "a space", "'(' (0x28)", "a line feed (0x0A)".
pub(crate) fn describe_byte(byte: u8) -> String {
    match byte {
        0x00 => "a NUL byte (0x00)".to_string(),
        b'\t' => "a tab".to_string(),
        b'\n' => "a line feed (0x0A)".to_string(),
        b'\r' => "a carriage return (0x0D)".to_string(),
        b' ' => "a space".to_string(),
        b'"' => "a double quote (\")".to_string(),
        0x21..=0x7E => format!("'{}' (0x{byte:02X})", char::from(byte)),
        0x7F => "a DEL byte (0x7F)".to_string(),
        0x01..=0x1F => format!("the control byte 0x{byte:02X}"),
        0x80..=0xFF => format!("the non-ASCII byte 0x{byte:02X}"),
    }
}

/// A character named for a person; ASCII ones as [`describe_byte`] names them.
pub(crate) fn describe_char(c: char) -> String {
    match u8::try_from(c) {
        Ok(byte) if byte.is_ascii() => describe_byte(byte),
        _ => format!("the non-ASCII character '{c}' (U+{:04X})", u32::from(c)),
    }
}

#[cfg(test)]
mod tests;
