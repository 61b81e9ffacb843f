//! [Methods](https://fetch.spec.whatwg.org/#methods): which strings are methods,
//! which are forbidden, which are CORS-safelisted, and how `fetch()` normalizes
//! them.

use crate::infra::is_token;

/// The [CORS-safelisted methods](https://fetch.spec.whatwg.org/#cors-safelisted-method),
/// compared case-sensitively.
pub const CORS_SAFELISTED_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// The methods that [normalize](https://fetch.spec.whatwg.org/#concept-method-normalize)
/// byte-uppercases; every other method is sent as written.
pub const NORMALIZED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// The [forbidden methods](https://fetch.spec.whatwg.org/#forbidden-method),
/// matched byte-case-insensitively.
pub const FORBIDDEN_METHODS: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// Whether `method` is a [method](https://fetch.spec.whatwg.org/#concept-method).
pub fn is_method(method: &str) -> bool {
    // "A method is a byte sequence that matches the method token production."
    // RFC 9110: method = token.
    is_token(method)
}

/// Whether `method` is a [forbidden method](https://fetch.spec.whatwg.org/#forbidden-method).
pub fn is_forbidden_method(method: &str) -> bool {
    // "A forbidden method is a method that is a byte-case-insensitive match for
    // `CONNECT`, `TRACE`, or `TRACK`."
    FORBIDDEN_METHODS
        .iter()
        .any(|forbidden| forbidden.eq_ignore_ascii_case(method))
}

/// [Normalize](https://fetch.spec.whatwg.org/#concept-method-normalize) a method.
pub fn normalize_method(method: &str) -> String {
    // "To normalize a method, if it is a byte-case-insensitive match for `DELETE`,
    // `GET`, `HEAD`, `OPTIONS`, `POST`, or `PUT`, byte-uppercase it."
    match NORMALIZED_METHODS
        .iter()
        .find(|normalized| normalized.eq_ignore_ascii_case(method))
    {
        Some(normalized) => (*normalized).to_string(),
        None => method.to_string(),
    }
}

/// Whether `method` is a [CORS-safelisted method](https://fetch.spec.whatwg.org/#cors-safelisted-method).
pub fn is_cors_safelisted_method(method: &str) -> bool {
    // "A CORS-safelisted method is a method that is `GET`, `HEAD`, or `POST`."
    // An exact comparison: `fetch()` has already normalized `get` to `GET`.
    CORS_SAFELISTED_METHODS.contains(&method)
}

#[cfg(test)]
mod tests {
    use super::*;

    const IS_METHOD_CASES: &[(&str, &str, bool)] = &[
        ("upper case", "GET", true),
        ("lower case", "patch", true),
        ("custom token", "M-SEARCH", true),
        ("empty", "", false),
        ("space inside", "GE T", false),
        ("trailing space", "GET ", false),
        ("slash", "GET/1", false),
        ("non-ASCII", "GÉT", false),
    ];

    #[test]
    fn is_method_table() {
        for (description, input, want) in IS_METHOD_CASES {
            let got = is_method(input);
            assert_eq!(
                got, *want,
                "{description}: input {input:?}, got {got}, want {want}"
            );
        }
    }

    const FORBIDDEN_CASES: &[(&str, &str, bool)] = &[
        ("upper case", "CONNECT", true),
        ("lower case", "trace", true),
        ("mixed case", "TrAcK", true),
        ("not forbidden", "DELETE", false),
        ("prefix only", "TRACES", false),
        ("long s is not an ASCII case fold", "TRACK\u{17f}", false),
    ];

    #[test]
    fn is_forbidden_method_table() {
        for (description, input, want) in FORBIDDEN_CASES {
            let got = is_forbidden_method(input);
            assert_eq!(
                got, *want,
                "{description}: input {input:?}, got {got}, want {want}"
            );
        }
    }

    #[test]
    fn every_forbidden_method_is_forbidden_in_any_case() {
        for method in FORBIDDEN_METHODS {
            for input in [method.to_string(), method.to_ascii_lowercase()] {
                assert!(
                    is_forbidden_method(&input),
                    "input {input:?}: want forbidden"
                );
            }
        }
    }

    const NORMALIZE_CASES: &[(&str, &str, &str)] = &[
        ("lower delete", "delete", "DELETE"),
        ("mixed get", "gEt", "GET"),
        ("already upper", "POST", "POST"),
        ("patch stays as written", "patch", "patch"),
        ("upper PATCH stays", "PATCH", "PATCH"),
        ("custom method as written", "Purge", "Purge"),
        ("connect is not normalized", "connect", "connect"),
        ("near miss", "gets", "gets"),
    ];

    #[test]
    fn normalize_method_table() {
        for (description, input, want) in NORMALIZE_CASES {
            let got = normalize_method(input);
            assert_eq!(
                &got, want,
                "{description}: input {input:?}, got {got:?}, want {want:?}"
            );
        }
    }

    #[test]
    fn every_normalized_method_upper_cases_from_lower_case() {
        for method in NORMALIZED_METHODS {
            let got = normalize_method(&method.to_ascii_lowercase());
            assert_eq!(got, method, "input {:?}", method.to_ascii_lowercase());
        }
    }

    const SAFELISTED_CASES: &[(&str, &str, bool)] = &[
        ("GET", "GET", true),
        ("HEAD", "HEAD", true),
        ("POST", "POST", true),
        ("lower-case get is compared exactly", "get", false),
        ("PUT", "PUT", false),
        ("OPTIONS", "OPTIONS", false),
        ("PATCH", "PATCH", false),
    ];

    #[test]
    fn is_cors_safelisted_method_table() {
        for (description, input, want) in SAFELISTED_CASES {
            let got = is_cors_safelisted_method(input);
            assert_eq!(
                got, *want,
                "{description}: input {input:?}, got {got}, want {want}"
            );
        }
    }

    #[test]
    fn every_safelisted_method_is_a_normalized_method() {
        for method in CORS_SAFELISTED_METHODS {
            assert!(is_cors_safelisted_method(method), "{method}");
            assert_eq!(normalize_method(&method.to_ascii_lowercase()), method);
        }
    }
}
