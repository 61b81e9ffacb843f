use super::*;

/// (description, input, want: the serialization, or None for failure).
/// Many rows follow web-platform-tests `mimesniff/mime-types/resources/mime-types.json`.
const PARSE_CASES: &[(&str, &str, Option<&str>)] = &[
    ("simple", "text/plain", Some("text/plain")),
    (
        "lower-cases type and subtype",
        "TEXT/PLAIN",
        Some("text/plain"),
    ),
    (
        "keeps parameter value case",
        "text/plain;Charset=UTF-8",
        Some("text/plain;charset=UTF-8"),
    ),
    (
        "HTTP whitespace trimmed",
        " \t\r\ntext/html\n\r\t ",
        Some("text/html"),
    ),
    (
        "space before semicolon",
        "text/plain ;charset=utf-8",
        Some("text/plain;charset=utf-8"),
    ),
    (
        "space after semicolon",
        "text/plain; charset=utf-8",
        Some("text/plain;charset=utf-8"),
    ),
    ("trailing semicolon", "text/html;", Some("text/html")),
    ("empty", "", None),
    ("only whitespace", " \t ", None),
    ("no slash", "textplain", None),
    ("empty type", "/plain", None),
    ("empty subtype", "text/", None),
    ("space inside type", "te xt/plain", None),
    ("space inside subtype", "text/pl ain", None),
    (
        "two types separated by a comma",
        "text/plain, text/html",
        None,
    ),
    ("slash in subtype", "text/plain/x", None),
    ("non-ASCII in type", "tëxt/plain", None),
    ("form-feed is not HTTP whitespace", "\u{c}text/plain", None),
    (
        "quoted value unescaped",
        "text/html;charset=\"gbk\"",
        Some("text/html;charset=gbk"),
    ),
    (
        "quoted value with escaped quote",
        "a/b;p=\"x\\\"y\"",
        Some("a/b;p=\"x\\\"y\""),
    ),
    (
        "garbage after quoted value dropped",
        "text/html;charset=\"shift_jis\"iso-2022-jp",
        Some("text/html;charset=shift_jis"),
    ),
    (
        "unterminated quote runs to the end",
        "text/html;charset=\"gbk",
        Some("text/html;charset=gbk"),
    ),
    (
        "quoted value keeps semicolon",
        "text/html;a=\"b;c\";d=e",
        Some("text/html;a=\"b;c\";d=e"),
    ),
    (
        "duplicate parameter: first wins",
        "text/html;charset=gbk;charset=windows-1255",
        Some("text/html;charset=gbk"),
    ),
    (
        "duplicate differs only in case",
        "text/html;charset=gbk;CHARSET=x",
        Some("text/html;charset=gbk"),
    ),
    (
        "empty value skipped",
        "text/html;charset=;x=y",
        Some("text/html;x=y"),
    ),
    (
        "empty quoted value kept",
        "text/html;charset=\"\"",
        Some("text/html;charset=\"\""),
    ),
    (
        "no equals sign skipped",
        "text/html;charset;x=y",
        Some("text/html;x=y"),
    ),
    (
        "name with space skipped",
        "text/html;char set=x",
        Some("text/html"),
    ),
    (
        "trailing whitespace removed from value",
        "text/html;charset=gbk  ",
        Some("text/html;charset=gbk"),
    ),
    (
        "space before equals makes a bad name",
        "text/html;charset =gbk",
        Some("text/html"),
    ),
    (
        "value with space gets quoted",
        "text/html;a=b c",
        Some("text/html;a=\"b c\""),
    ),
    (
        "value with non-Latin-1 char rejected",
        "text/html;a=\u{100}",
        Some("text/html"),
    ),
    (
        "value with Latin-1 char kept",
        "text/html;a=\u{e9}",
        Some("text/html;a=\"\u{e9}\""),
    ),
    (
        "empty name skipped",
        "text/html;=x;y=z",
        Some("text/html;y=z"),
    ),
];

#[test]
fn parse_mime_type_table() {
    for (description, input, want) in PARSE_CASES {
        let got = parse_mime_type(input).map(|m| m.to_string());
        assert_eq!(
            got.as_deref(),
            *want,
            "{description}: input {input:?}, got {got:?}, want {want:?}"
        );
    }
}

const ESSENCE_CASES: &[(&str, &str, &str)] = &[
    ("with charset", "Text/Plain;charset=utf-8", "text/plain"),
    (
        "multipart with boundary",
        "multipart/form-data; boundary=x",
        "multipart/form-data",
    ),
    (
        "structured suffix",
        "application/ld+json",
        "application/ld+json",
    ),
];

#[test]
fn essence_table() {
    for (description, input, want) in ESSENCE_CASES {
        let got = parse_mime_type(input).map(|m| m.essence());
        assert_eq!(
            got.as_deref(),
            Some(*want),
            "{description}: input {input:?}, got {got:?}, want {want:?}"
        );
    }
}

#[test]
fn parameters_keep_order_and_lower_case_names() {
    let got = parse_mime_type("text/plain;B=2;a=1");
    let want = MimeType {
        type_: "text".to_string(),
        subtype: "plain".to_string(),
        parameters: vec![("b".into(), "2".into()), ("a".into(), "1".into())],
    };
    assert_eq!(got, Some(want));
}
