use super::*;

const TOKEN_CASES: &[(&str, &str, bool)] = &[
    ("empty", "", false),
    ("letters", "X-Custom", true),
    ("every punctuation token char", "!#$%&'*+-.^_`|~", true),
    ("digits", "123", true),
    ("space inside", "X Custom", false),
    ("colon", "X-Custom:", false),
    ("slash", "a/b", false),
    ("quote", "\"a\"", false),
    ("non-ASCII", "Ünicode", false),
    ("tab", "a\tb", false),
];

#[test]
fn is_header_name_table() {
    for (description, input, want) in TOKEN_CASES {
        let got = is_header_name(input);
        assert_eq!(
            got, *want,
            "{description}: input {input:?}, got {got}, want {want}"
        );
    }
}

const NORMALIZE_CASES: &[(&str, &[u8], &[u8])] = &[
    ("empty", b"", b""),
    ("nothing to strip", b"abc", b"abc"),
    ("leading space", b"  abc", b"abc"),
    ("trailing CRLF", b"abc\r\n", b"abc"),
    ("tabs both sides", b"\tab c\t", b"ab c"),
    ("only whitespace", b" \t\r\n ", b""),
    ("inner whitespace kept", b"a \n b", b"a \n b"),
    (
        "vertical tab is not HTTP whitespace",
        b"\x0babc",
        b"\x0babc",
    ),
];

#[test]
fn normalize_header_value_table() {
    for (description, input, want) in NORMALIZE_CASES {
        let got = normalize_header_value(input);
        assert_eq!(
            got, *want,
            "{description}: input {input:?}, got {got:?}, want {want:?}"
        );
    }
}

const VALUE_CASES: &[(&str, &[u8], Option<HeaderValueProblem>)] = &[
    ("empty is fine", b"", None),
    ("plain", b"text/plain", None),
    ("inner space", b"a b", None),
    ("non-ASCII bytes are fine", b"caf\xe9", None),
    (
        "leading space",
        b" a",
        Some(HeaderValueProblem::ForbiddenByte {
            byte: b' ',
            index: 0,
        }),
    ),
    (
        "trailing tab",
        b"a\t",
        Some(HeaderValueProblem::ForbiddenByte {
            byte: b'\t',
            index: 1,
        }),
    ),
    (
        "NUL",
        b"a\x00b",
        Some(HeaderValueProblem::ForbiddenByte { byte: 0, index: 1 }),
    ),
    (
        "LF inside",
        b"ab\ncd",
        Some(HeaderValueProblem::ForbiddenByte {
            byte: b'\n',
            index: 2,
        }),
    ),
    (
        "CR inside wins over trailing space",
        b"a\rb ",
        Some(HeaderValueProblem::ForbiddenByte {
            byte: b'\r',
            index: 1,
        }),
    ),
];

#[test]
fn header_value_problem_table() {
    for (description, input, want) in VALUE_CASES {
        let got = header_value_problem(input);
        assert_eq!(
            &got, want,
            "{description}: input {input:?}, got {got:?}, want {want:?}"
        );
        let valid = is_header_value(input);
        assert_eq!(
            valid,
            want.is_none(),
            "{description}: input {input:?}, is_header_value {valid} disagrees"
        );
    }
}

const NAME_PROBLEM_CASES: &[(&str, &str, Option<HeaderNameProblem>)] = &[
    ("valid", "X-Api-Key", None),
    ("empty", "", Some(HeaderNameProblem::Empty)),
    (
        "space",
        "X Api",
        Some(HeaderNameProblem::InvalidByte {
            byte: ' ',
            index: 1,
        }),
    ),
    (
        "trailing colon",
        "Accept:",
        Some(HeaderNameProblem::InvalidByte {
            byte: ':',
            index: 6,
        }),
    ),
    (
        "non-ASCII counted in characters",
        "é-x",
        Some(HeaderNameProblem::InvalidByte {
            byte: 'é',
            index: 0,
        }),
    ),
];

#[test]
fn header_name_problem_table() {
    for (description, input, want) in NAME_PROBLEM_CASES {
        let got = header_name_problem(input);
        assert_eq!(
            &got, want,
            "{description}: input {input:?}, got {got:?}, want {want:?}"
        );
        let valid = is_header_name(input);
        assert_eq!(
            valid,
            want.is_none(),
            "{description}: is_header_name disagrees"
        );
    }
}

const DISPLAY_CASES: &[(&str, &str, &str)] = &[
    (
        "name with a space",
        "X Api",
        "header name contains a space at position 2; a header name may only hold \
             letters, digits and !#$%&'*+-.^_`|~",
    ),
    ("empty name", "", "header name is empty"),
];

#[test]
fn header_name_problem_display_table() {
    for (description, input, want) in DISPLAY_CASES {
        let got = header_name_problem(input).map(|p| p.to_string());
        assert_eq!(
            got.as_deref(),
            Some(*want),
            "{description}: input {input:?}, got {got:?}, want {want:?}"
        );
    }
}

#[test]
fn header_value_problem_display() {
    let cases: &[(&str, HeaderValueProblem, &str)] = &[
            (
                "line feed",
                HeaderValueProblem::ForbiddenByte { byte: b'\n', index: 3 },
                "header value contains a line feed (0x0A) at position 4, which no header value may hold",
            ),
            (
                "edge space",
                HeaderValueProblem::ForbiddenByte { byte: b' ', index: 0 },
                "header value has a space at position 1, at its start or end",
            ),
        ];
    for (description, problem, want) in cases {
        let got = problem.to_string();
        assert_eq!(&got, want, "{description}: got {got:?}, want {want:?}");
    }
}

const SPLIT_CASES: &[(&str, &[u8], &[&str])] = &[
    ("empty value gives one empty item", b"", &[""]),
    (
        "spec example: nosniff with empty item",
        b"nosniff,",
        &["nosniff", ""],
    ),
    ("trims tabs and spaces", b" a ,\tb\t", &["a", "b"]),
    (
        "spec example: quoted comma stays in one item",
        b"text/html;\", x/x",
        &["text/html;\", x/x"],
    ),
    ("quoted then more", b"\"1,2\", 3", &["\"1,2\"", "3"]),
    (
        "escaped quote inside quotes",
        b"\"a\\\"b,c\",d",
        &["\"a\\\"b,c\"", "d"],
    ),
    (
        "unterminated quote runs to the end",
        b"\"TRACE, x",
        &["\"TRACE, x"],
    ),
];

#[test]
fn get_decode_and_split_table() {
    for (description, input, want) in SPLIT_CASES {
        let got = get_decode_and_split(input);
        assert_eq!(
            got, *want,
            "{description}: input {input:?}, got {got:?}, want {want:?}"
        );
    }
}
