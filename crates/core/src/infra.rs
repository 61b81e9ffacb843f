//! The small parsing primitives the rest of the core is written in: the
//! [Infra standard](https://infra.spec.whatwg.org/)'s string operations and
//! the lexical definitions of Fetch's
//! [HTTP infrastructure](https://fetch.spec.whatwg.org/#http) (with the MIME
//! Sniffing standard's token code points, which Fetch uses).
//!
//! This module sits at the bottom of the core's module graph and imports
//! nothing from the crate. [`method`](crate::method) (a method is a token),
//! [`mime`](crate::mime) (parse a MIME type) and [`header`](crate::header)
//! (header names and values, get, decode, and split, the range parser) sit
//! on it; `header` also uses `method` and `mime`, and neither of those uses
//! `header`.

/// [Sort in ascending order](https://infra.spec.whatwg.org/#list-sort-in-ascending-order)
/// with `less_than`: a stable sort, so items that compare equal keep their
/// order. An insertion sort: the lists sorted here hold at most a few
/// hundred items (the scenario's bounds), and the standard library's sorts
/// cost several kilobytes of the web app's wasm.
pub fn sort_in_ascending_order<T>(list: &mut [T], less_than: impl Fn(&T, &T) -> bool) {
    for i in 1..list.len() {
        let mut j = i;
        while j > 0 {
            match (list.get(j), list.get(j - 1)) {
                (Some(item), Some(before)) if less_than(item, before) => {
                    list.swap(j, j - 1);
                    j -= 1;
                }
                _ => break,
            }
        }
    }
}

/// [`sort_in_ascending_order`] by the items' own order.
pub fn sort<T: Ord>(list: &mut [T]) {
    sort_in_ascending_order(list, |a, b| a < b);
}

/// An [HTTP token code point](https://mimesniff.spec.whatwg.org/#http-token-code-point):
/// `!#$%&'*+-.^_`|~`, an ASCII digit or an ASCII letter.
pub fn is_http_token_code_point(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '-'
                | '.'
                | '^'
                | '_'
                | '`'
                | '|'
                | '~'
        )
}

/// Whether `s` matches the HTTP [`token`](https://httpwg.org/specs/rfc9110.html#tokens)
/// production: one or more [HTTP token code points](https://mimesniff.spec.whatwg.org/#http-token-code-point).
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_http_token_code_point)
}

/// An [HTTP quoted-string token code point](https://mimesniff.spec.whatwg.org/#http-quoted-string-token-code-point):
/// U+0009 TAB, U+0020 SPACE to U+007E (~), or U+0080 to U+00FF.
pub fn is_http_quoted_string_token_code_point(c: char) -> bool {
    matches!(c, '\t' | ' '..='~' | '\u{80}'..='\u{FF}')
}

/// [HTTP whitespace](https://fetch.spec.whatwg.org/#http-whitespace): U+000A LF,
/// U+000D CR, U+0009 TAB or U+0020 SPACE.
pub fn is_http_whitespace(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t' | ' ')
}

/// An [HTTP whitespace byte](https://fetch.spec.whatwg.org/#http-whitespace-byte):
/// 0x09 HT, 0x0A LF, 0x0D CR or 0x20 SP.
pub fn is_http_whitespace_byte(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\r' | b' ')
}

/// An [HTTP tab or space byte](https://fetch.spec.whatwg.org/#http-tab-or-space-byte):
/// 0x09 HT or 0x20 SP.
pub fn is_http_tab_or_space_byte(byte: u8) -> bool {
    matches!(byte, b'\t' | b' ')
}

/// [Isomorphic decode](https://infra.spec.whatwg.org/#isomorphic-decode): each
/// byte becomes the code point of the same value.
pub fn isomorphic_decode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// [Collect a sequence of code points](https://infra.spec.whatwg.org/#collect-a-sequence-of-code-points)
/// that satisfy `condition`, advancing `position` past them.
pub(crate) fn collect_code_points(
    input: &[char],
    position: &mut usize,
    condition: impl Fn(char) -> bool,
) -> String {
    let mut result = String::new();
    while let Some(&c) = input.get(*position) {
        if !condition(c) {
            break;
        }
        result.push(c);
        *position += 1;
    }
    result
}

/// [Collect a sequence of code points](https://infra.spec.whatwg.org/#collect-a-sequence-of-code-points)
/// over bytes, for an input whose
/// [isomorphic decoding](https://infra.spec.whatwg.org/#isomorphic-decode) is
/// read byte for byte: the bytes from `position` on that satisfy `condition`.
pub(crate) fn collect_bytes<'a>(
    data: &'a [u8],
    position: &mut usize,
    condition: impl Fn(u8) -> bool,
) -> &'a [u8] {
    let start = (*position).min(data.len());
    let rest = data.get(start..).unwrap_or_default();
    let len = rest.iter().take_while(|&&b| condition(b)).count();
    *position = start + len;
    rest.get(..len).unwrap_or_default()
}

/// [Collect an HTTP quoted string](https://fetch.spec.whatwg.org/#collect-an-http-quoted-string)
/// from `input` at `position`, which must point at a U+0022 (").
pub(crate) fn collect_http_quoted_string(
    input: &[char],
    position: &mut usize,
    extract_value: bool,
) -> String {
    // Step 1. "Let positionStart be position."
    let position_start = *position;
    // Step 2. "Let value be the empty string."
    let mut value = String::new();
    // Step 3. "Assert: the code point at position within input is U+0022 (")."
    debug_assert_eq!(input.get(*position), Some(&'"'));
    // Step 4. "Advance position by 1."
    *position += 1;
    // Step 5. "While true:"
    loop {
        // Step 5.1. "Append the result of collecting a sequence of code points
        // that are not U+0022 (") or U+005C (\) from input, given position, to
        // value."
        value.push_str(&collect_code_points(input, position, |c| {
            c != '"' && c != '\\'
        }));
        // Step 5.2. "If position is past the end of input, then break."
        // Step 5.3. "Let quoteOrBackslash be the code point at position within input."
        let Some(&quote_or_backslash) = input.get(*position) else {
            break;
        };
        // Step 5.4. "Advance position by 1."
        *position += 1;
        if quote_or_backslash == '\\' {
            // Step 5.5.1. "If position is past the end of input, then append
            // U+005C (\) to value and break."
            let Some(&escaped) = input.get(*position) else {
                value.push('\\');
                break;
            };
            // Step 5.5.2. "Append the code point at position within input to value."
            value.push(escaped);
            // Step 5.5.3. "Advance position by 1."
            *position += 1;
        } else {
            // Step 5.6. "Otherwise: Assert: quoteOrBackslash is U+0022 ("). Break."
            break;
        }
    }
    // Step 6. "If extract-value is true, then return value."
    if extract_value {
        return value;
    }
    // Step 7. "Return the code points from positionStart to position, inclusive,
    // within input." (position now points just past the closing quote.)
    let end = (*position).min(input.len());
    input
        .get(position_start..end)
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_is_ascending_and_stable() {
        // (description, input, sorted by the first letter only)
        let table: [(&str, Vec<&str>, Vec<&str>); 5] = [
            ("empty", vec![], vec![]),
            ("one", vec!["b1"], vec!["b1"]),
            ("reversed", vec!["c1", "b1", "a1"], vec!["a1", "b1", "c1"]),
            (
                "equal keys keep their order",
                vec!["b1", "a1", "b2", "a2"],
                vec!["a1", "a2", "b1", "b2"],
            ),
            (
                "already sorted",
                vec!["a1", "a2", "b1"],
                vec!["a1", "a2", "b1"],
            ),
        ];
        for (description, mut list, want) in table {
            sort_in_ascending_order(&mut list, |a, b| a[..1] < b[..1]);
            assert_eq!(list, want, "{description}");
        }
        let mut names = vec!["x-b", "accept", "x-a"];
        sort(&mut names);
        assert_eq!(names, ["accept", "x-a", "x-b"]);
    }

    const TOKEN_CASES: &[(&str, &str, bool)] = &[
        ("empty", "", false),
        ("letters", "X-Custom", true),
        ("every punctuation token char", "!#$%&'*+-.^_`|~", true),
        ("digits", "123", true),
        ("space inside", "X Custom", false),
        ("slash", "a/b", false),
        ("quote", "\"a\"", false),
        ("non-ASCII", "Ünicode", false),
    ];

    #[test]
    fn is_token_table() {
        for (description, input, want) in TOKEN_CASES {
            let got = is_token(input);
            assert_eq!(
                got, *want,
                "{description}: input {input:?}, got {got}, want {want}"
            );
        }
    }

    /// The examples of https://fetch.spec.whatwg.org/#collect-an-http-quoted-string:
    /// (input, the string returned, the value extracted, where position ends).
    const QUOTED_STRING_CASES: &[(&str, &str, &str, usize)] = &[
        ("\"\\", "\"\\", "\\", 2),
        ("\"Hello\" World", "\"Hello\"", "Hello", 7),
        (
            "\"Hello \\\\ World\\\"\"",
            "\"Hello \\\\ World\\\"\"",
            "Hello \\ World\"",
            18,
        ),
    ];

    #[test]
    fn collect_http_quoted_string_table() {
        for (input, whole, value, end) in QUOTED_STRING_CASES {
            let chars: Vec<char> = input.chars().collect();
            for (extract, want) in [(false, whole), (true, value)] {
                let mut position = 0;
                let got = collect_http_quoted_string(&chars, &mut position, extract);
                assert_eq!(
                    (got.as_str(), position),
                    (*want, *end),
                    "input {input:?}, extract-value {extract}"
                );
            }
        }
    }

    #[test]
    fn isomorphic_decode_maps_each_byte_to_its_code_point() {
        assert_eq!(isomorphic_decode(b"a\xe9\xff"), "a\u{e9}\u{ff}");
    }

    #[test]
    fn collect_bytes_stops_at_the_first_byte_that_fails() {
        let mut position = 1;
        assert_eq!(
            collect_bytes(b"x12-3", &mut position, |b| b.is_ascii_digit()),
            b"12"
        );
        assert_eq!(position, 3);
    }
}
