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
    let got = cors_safelisted_request_header("Content-Type", b"Application/JSON; charset=utf-8");
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
