use super::*;

fn errors(json: &str) -> Vec<String> {
    match Scenario::from_json(json) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

const MINIMAL: &str =
    r#"{"version":1,"page":"https://a.example/","request":{"url":"https://b.example/"}}"#;

#[test]
fn minimal_scenario_takes_the_defaults() {
    let s = Scenario::from_json(MINIMAL).expect("valid");
    assert_eq!(s.request.method, "GET");
    assert_eq!(s.request.mode, RequestMode::Cors);
    assert_eq!(s.request.credentials, CredentialsMode::SameOrigin);
    assert_eq!(s.request.redirect, RedirectMode::Follow);
    assert!(!s.sandboxed && s.server.is_empty() && s.request.headers.is_empty());
}

/// (description, document, the errors it must report)
const BAD: &[(&str, &str, &[&str])] = &[
        ("not JSON", "{", &["not valid JSON: EOF while parsing an object at line 1 column 1"]),
        ("no version", r#"{"page":"x"}"#, &["version: missing; this reader understands version 1"]),
        (
            "future version",
            r#"{"version":2}"#,
            &["version: 2 is not a version this reader understands (it reads version 1)"],
        ),
        (
            "unknown field and bad mode together",
            r#"{"version":1,"page":"https://a.example/","colour":1,"request":{"url":"https://b.example/","mode":"cros"}}"#,
            &[
                "colour: unknown field; expected one of version, title, page, sandboxed, request, server",
                "request.mode: unknown value \"cros\"; expected one of cors, no-cors, same-origin",
            ],
        ),
        (
            "relative URL",
            r#"{"version":1,"page":"/admin","request":{"url":"https://b.example/"}}"#,
            &["page: \"/admin\" is not a valid absolute URL (relative URL without a base)"],
        ),
        (
            "header pair of three",
            r#"{"version":1,"page":"https://a.example/","request":{"url":"https://b.example/","headers":[["A","1","2"]]}}"#,
            &["request.headers[0]: expected a [name, value] pair, found a list of 3 items"],
        ),
        (
            "server header name with a space",
            r#"{"version":1,"page":"https://a.example/","request":{"url":"https://b.example/"},"server":[{"headers":[["Allow Origin","*"]]}]}"#,
            &["server[0].headers[0][0]: \"Allow Origin\": header name contains a space at position 6; a header name may only hold letters, digits and !#$%&'*+-.^_`|~"],
        ),
        (
            "status out of range",
            r#"{"version":1,"page":"https://a.example/","request":{"url":"https://b.example/"},"server":[{"status":99}]}"#,
            &["server[0].status: 99 is not a final HTTP status; use 200 to 999"],
        ),
    ];

/// A document whose `request` and `server` are the JSON texts given.
fn document(request: &str, server: &str) -> String {
    format!(r#"{{"version":1,"page":"https://a.example/","request":{request},"server":{server}}}"#)
}

#[test]
fn header_lists_and_responses_are_bounded() {
    let headers = |n: usize| vec![r#"["X-A","1"]"#; n].join(",");
    let request = |n: usize| {
        format!(
            r#"{{"url":"https://b.example/","headers":[{}]}}"#,
            headers(n)
        )
    };
    let responses = |n: usize| format!("[{}]", vec![r#"{"status":200}"#; n].join(","));
    assert_eq!(
        errors(&document(&request(MAX_HEADERS), &responses(MAX_RESPONSES))),
        Vec::<String>::new()
    );
    assert_eq!(
        errors(&document(&request(MAX_HEADERS + 1), "[]")),
        ["request.headers: 101 headers; a list holds at most 100"]
    );
    assert_eq!(
        errors(&document(&request(0), &responses(MAX_RESPONSES + 1))),
        ["server: 101 responses; a scenario holds at most 100"]
    );
    let server = format!(r#"[{{"headers":[{}]}}]"#, headers(MAX_HEADERS + 1));
    assert_eq!(
        errors(&document(&request(0), &server)),
        ["server[0].headers: 101 headers; a list holds at most 100"]
    );
    // Every list within its bound, but too many in all.
    let full = format!(r#"{{"headers":[{}]}}"#, headers(MAX_HEADERS));
    let server = |n: usize| format!("[{}]", vec![full.as_str(); n].join(","));
    let most = MAX_TOTAL_HEADERS / MAX_HEADERS - 1;
    assert_eq!(
        errors(&document(&request(MAX_HEADERS), &server(most))),
        Vec::<String>::new()
    );
    assert_eq!(
        errors(&document(&request(MAX_HEADERS), &server(most + 1))),
        ["600 headers in all; a scenario holds at most 500"]
    );
    assert_eq!(
        errors(&document(&request(0), &server(MAX_RESPONSES))),
        ["10000 headers in all; a scenario holds at most 500"]
    );
}

#[test]
fn long_values_are_shortened_in_messages() {
    let long = "x".repeat(1_000_000);
    let got = errors(&document(&format!(r#"{{"url":"{long}"}}"#), "[]"));
    let want = format!(
        "request.url: \"{}\"… is not a valid absolute URL (relative URL without a base)",
        "x".repeat(ECHOED)
    );
    assert_eq!(got, [want]);
    let got = errors(&format!(
        r#"{{"version":1,"{long}":1,"page":"https://a.example/","request":{{"url":"https://b.example/"}}}}"#
    ));
    let want = format!(
        "{}…: unknown field; expected one of version, title, page, sandboxed, request, server",
        "x".repeat(ECHOED)
    );
    assert_eq!(got, [want]);
    let got = errors(&format!(r#"{{"version":"{long}"}}"#));
    assert!(
        got.iter().all(|e| e.len() < 2 * ECHOED + 100),
        "{:.300}",
        got.join("\n")
    );
}

#[test]
fn bad_documents_table() {
    for (description, json, want) in BAD {
        let got = errors(json);
        assert_eq!(&got, want, "{description}\ninput: {json}");
    }
}
