use super::*;

/// (description, name, value, want)
const CASES: &[(&str, &str, &str, Option<Forbidden>)] = &[
    (
        "listed, as written",
        "Cookie",
        "a=b",
        Some(Forbidden::Listed),
    ),
    ("listed, lower case", "host", "x", Some(Forbidden::Listed)),
    (
        "listed, odd case",
        "cOnTeNt-LeNgTh",
        "1",
        Some(Forbidden::Listed),
    ),
    (
        "Set-Cookie is in the standard too",
        "Set-Cookie",
        "a=b",
        Some(Forbidden::Listed),
    ),
    (
        "Origin",
        "Origin",
        "https://a.example",
        Some(Forbidden::Listed),
    ),
    ("DNT", "dnt", "1", Some(Forbidden::Listed)),
    (
        "Sec- prefix",
        "Sec-Fetch-Mode",
        "cors",
        Some(Forbidden::ProxyOrSecPrefix),
    ),
    (
        "sec- prefix lower",
        "sec-ch-ua",
        "x",
        Some(Forbidden::ProxyOrSecPrefix),
    ),
    (
        "Proxy- prefix",
        "Proxy-Authorization",
        "x",
        Some(Forbidden::ProxyOrSecPrefix),
    ),
    ("bare Sec without dash", "Sec", "x", None),
    ("Proxy without dash", "Proxy", "x", None),
    (
        "method override naming TRACE",
        "X-HTTP-Method-Override",
        "TRACE",
        Some(Forbidden::MethodOverride),
    ),
    (
        "method override lower-case connect",
        "x-http-method",
        "connect",
        Some(Forbidden::MethodOverride),
    ),
    (
        "method override in a list",
        "X-Method-Override",
        "GET, track",
        Some(Forbidden::MethodOverride),
    ),
    (
        "method override with spaces",
        "X-Method-Override",
        "  TRACE\t",
        Some(Forbidden::MethodOverride),
    ),
    (
        "method override naming DELETE is fine",
        "X-HTTP-Method-Override",
        "DELETE",
        None,
    ),
    (
        "method override with quoted TRACE keeps quotes",
        "X-HTTP-Method",
        "\"TRACE\"",
        None,
    ),
    (
        "method override with comma inside quotes",
        "X-HTTP-Method",
        "\"GET,TRACE\"",
        None,
    ),
    ("method override empty", "X-HTTP-Method", "", None),
    ("other header naming TRACE", "X-Method", "TRACE", None),
    (
        "User-Agent: Chromium only",
        "User-Agent",
        "bot",
        Some(Forbidden::ChromiumOnly),
    ),
    (
        "user-agent lower",
        "user-agent",
        "bot",
        Some(Forbidden::ChromiumOnly),
    ),
    (
        "private network request: Chromium only",
        "Access-Control-Request-Private-Network",
        "true",
        Some(Forbidden::ChromiumOnly),
    ),
    (
        "Authorization is allowed",
        "Authorization",
        "Bearer x",
        None,
    ),
    (
        "Content-Type is allowed",
        "Content-Type",
        "application/json",
        None,
    ),
    ("Accept-Language is allowed", "Accept-Language", "en", None),
    (
        "Referrer-Policy is allowed",
        "Referrer-Policy",
        "no-referrer",
        None,
    ),
];

#[test]
fn forbidden_request_header_table() {
    for (description, name, value, want) in CASES {
        let got = forbidden_request_header(name, value.as_bytes());
        assert_eq!(
            got, *want,
            "{description}: input ({name:?}, {value:?}), got {got:?}, want {want:?}"
        );
    }
}

#[test]
fn every_listed_name_is_forbidden_in_any_case() {
    for name in FORBIDDEN_REQUEST_HEADER_NAMES {
        for input in [
            name.to_string(),
            name.to_ascii_lowercase(),
            name.to_ascii_uppercase(),
        ] {
            let got = forbidden_request_header(&input, b"x");
            assert_eq!(got, Some(Forbidden::Listed), "input {input:?}");
        }
    }
}

#[test]
fn every_chromium_only_name_is_chromium_only() {
    for name in CHROMIUM_ONLY_FORBIDDEN_REQUEST_HEADER_NAMES {
        assert!(
            !matches_any(name, FORBIDDEN_REQUEST_HEADER_NAMES),
            "{name} is in both lists"
        );
        let got = forbidden_request_header(name, b"x");
        assert_eq!(got, Some(Forbidden::ChromiumOnly), "input {name:?}");
    }
}

#[test]
fn every_method_override_name_forbids_every_forbidden_method() {
    for name in METHOD_OVERRIDE_HEADER_NAMES {
        for method in crate::method::FORBIDDEN_METHODS {
            let got = forbidden_request_header(name, method.as_bytes());
            assert_eq!(
                got,
                Some(Forbidden::MethodOverride),
                "input ({name:?}, {method:?})"
            );
        }
        assert_eq!(
            forbidden_request_header(name, b"PATCH"),
            None,
            "input ({name:?}, PATCH)"
        );
    }
}

const RESPONSE_CASES: &[(&str, &str, bool)] = &[
    ("Set-Cookie", "Set-Cookie", true),
    ("set-cookie2 lower", "set-cookie2", true),
    ("Cookie is not a response header", "Cookie", false),
    ("Content-Type", "Content-Type", false),
];

#[test]
fn is_forbidden_response_header_name_table() {
    for (description, input, want) in RESPONSE_CASES {
        let got = is_forbidden_response_header_name(input);
        assert_eq!(
            got, *want,
            "{description}: input {input:?}, got {got}, want {want}"
        );
    }
}
