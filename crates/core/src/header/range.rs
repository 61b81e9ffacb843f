//! [Parse a single range header value](https://fetch.spec.whatwg.org/#simple-range-header-value):
//! the `bytes=START-END` form browsers send for media and resumed downloads,
//! and the only `Range` form that can be CORS-safelisted.

use crate::infra::{collect_bytes, is_http_tab_or_space_byte};

/// [Parse a single range header value](https://fetch.spec.whatwg.org/#simple-range-header-value);
/// `None` is the standard's failure.
///
/// The standard reads each number "as decimal number" with no upper bound. The
/// decision (success or failure, and which side is null) is made on the digit
/// strings, so it is exact for any length; a number above `u64::MAX` is
/// returned as `u64::MAX`.
pub fn parse_single_range_header_value(
    value: &[u8],
    allow_whitespace: bool,
) -> Option<(Option<u64>, Option<u64>)> {
    // Step 1. "Let data be the isomorphic decoding of value."
    // Isomorphic decoding maps each byte to the code point of the same value, so
    // the steps below read the bytes directly.
    let data = value;

    // Step 2. "If data does not start with "bytes", then return failure."
    // Step 3. "Let position be a position variable for data, initially pointing
    // at the 5th code point of data." (just past "bytes")
    let mut position = data.strip_prefix(b"bytes").map(|_| 5)?;

    let skip_whitespace = |position: &mut usize| {
        if allow_whitespace {
            collect_bytes(data, position, is_http_tab_or_space_byte);
        }
    };

    // Step 4. "If allowWhitespace is true, collect a sequence of code points
    // that are HTTP tab or space, from data given position."
    skip_whitespace(&mut position);

    // Step 5. "If the code point at position within data is not U+003D (=), then
    // return failure."
    if data.get(position) != Some(&b'=') {
        return None;
    }

    // Step 6. "Advance position by 1."
    position += 1;

    // Step 7. "If allowWhitespace is true, collect a sequence of code points
    // that are HTTP tab or space, from data given position."
    skip_whitespace(&mut position);

    // Step 8. "Let rangeStart be the result of collecting a sequence of code
    // points that are ASCII digits, from data given position."
    let range_start = collect_bytes(data, &mut position, |b| b.is_ascii_digit());

    // Step 9. "Let rangeStartValue be rangeStart, interpreted as decimal number,
    // if rangeStart is not the empty string; otherwise null."
    // (Interpreted below, once the syntax is known to be right.)

    // Step 10. "If allowWhitespace is true, collect a sequence of code points
    // that are HTTP tab or space, from data given position."
    skip_whitespace(&mut position);

    // Step 11. "If the code point at position within data is not U+002D (-),
    // then return failure."
    if data.get(position) != Some(&b'-') {
        return None;
    }

    // Step 12. "Advance position by 1."
    position += 1;

    // Step 13. "If allowWhitespace is true, collect a sequence of code points
    // that are HTTP tab or space, from data given position."
    skip_whitespace(&mut position);

    // Step 14. "Let rangeEnd be the result of collecting a sequence of code
    // points that are ASCII digits, from data given position."
    let range_end = collect_bytes(data, &mut position, |b| b.is_ascii_digit());

    // Step 15. "Let rangeEndValue be rangeEnd, interpreted as decimal number, if
    // rangeEnd is not the empty string; otherwise null."

    // Step 16. "If position is not past the end of data, then return failure."
    if position < data.len() {
        return None;
    }

    // Step 17. "If rangeEndValue and rangeStartValue are null, then return failure."
    if range_start.is_empty() && range_end.is_empty() {
        return None;
    }

    // Step 18. "If rangeStartValue and rangeEndValue are numbers, and
    // rangeStartValue is greater than rangeEndValue, then return failure."
    if !range_start.is_empty()
        && !range_end.is_empty()
        && compare_decimal(range_start, range_end) == std::cmp::Ordering::Greater
    {
        return None;
    }

    // Step 19. "Return (rangeStartValue, rangeEndValue)."
    Some((decimal_value(range_start), decimal_value(range_end)))
}

/// Compare two non-empty ASCII digit strings as the numbers they spell.
fn compare_decimal(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let strip =
        |digits: &[u8]| -> Vec<u8> { digits.iter().copied().skip_while(|&d| d == b'0').collect() };
    let (a, b) = (strip(a), strip(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(&b))
}

/// The number an ASCII digit string spells, saturating at `u64::MAX`; `None`
/// for the empty string.
fn decimal_value(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    Some(digits.iter().fold(0u64, |acc, &d| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(d.saturating_sub(b'0')))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Want = Option<(Option<u64>, Option<u64>)>;

    /// (description, value, allow_whitespace, want)
    const CASES: &[(&str, &str, bool, Want)] = &[
        (
            "start and end",
            "bytes=0-499",
            false,
            Some((Some(0), Some(499))),
        ),
        ("open end", "bytes=0-", false, Some((Some(0), None))),
        ("suffix", "bytes=-500", false, Some((None, Some(500)))),
        (
            "start equals end",
            "bytes=5-5",
            false,
            Some((Some(5), Some(5))),
        ),
        ("start after end", "bytes=5-4", false, None),
        ("neither side", "bytes=-", false, None),
        ("two ranges", "bytes=0-1,2-3", false, None),
        ("trailing comma", "bytes=0-1,", false, None),
        ("unit is case-sensitive", "Bytes=0-1", false, None),
        ("other unit", "items=0-1", false, None),
        ("no equals", "bytes 0-1", false, None),
        ("empty", "", false, None),
        ("just the unit", "bytes", false, None),
        ("no dash", "bytes=10", false, None),
        (
            "space after equals without allowWhitespace",
            "bytes= 0-1",
            false,
            None,
        ),
        (
            "space after equals with allowWhitespace",
            "bytes= 0-1",
            true,
            Some((Some(0), Some(1))),
        ),
        (
            "whitespace everywhere allowed",
            "bytes \t= 0 - 1",
            true,
            Some((Some(0), Some(1))),
        ),
        ("trailing space never allowed", "bytes=0-1 ", true, None),
        (
            "leading zeros",
            "bytes=007-010",
            false,
            Some((Some(7), Some(10))),
        ),
        ("plus sign", "bytes=+1-2", false, None),
        ("negative-looking end", "bytes=1--2", false, None),
        ("non-ASCII digit", "bytes=\u{661}-2", false, None),
        (
            "start above u64::MAX is still a number",
            "bytes=99999999999999999999-",
            false,
            Some((Some(u64::MAX), None)),
        ),
        (
            "huge start greater than huge end fails",
            "bytes=99999999999999999999-99999999999999999998",
            false,
            None,
        ),
        (
            "leading zeros do not make a start greater",
            "bytes=0000000000000000000000001-2",
            false,
            Some((Some(1), Some(2))),
        ),
    ];

    #[test]
    fn parse_single_range_header_value_table() {
        for (description, input, allow_whitespace, want) in CASES {
            let got = parse_single_range_header_value(input.as_bytes(), *allow_whitespace);
            assert_eq!(
                got, *want,
                "{description}: input {input:?} allow_whitespace {allow_whitespace}, got {got:?}, want {want:?}"
            );
        }
    }
}
