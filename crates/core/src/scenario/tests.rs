use super::validate::ECHOED;
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
        ("no version", r#"{"page":"x"}"#, &["version: missing; this reader understands versions 1 and 2"]),
        (
            "future version",
            r#"{"version":3}"#,
            &["version: 3 is not a version this reader understands (it reads versions 1 and 2)"],
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

/// The contract's own example: every field of version 2, read as it says.
#[test]
fn the_contract_example_reads_as_the_contract_says() {
    let text = include_str!("../../../../tests/contract-example-v2.scenario.json");
    let t = Timeline::from_json(text).expect("valid");
    assert_eq!(t.version, 2);
    assert_eq!(t.requests.len(), 3);
    let [first, xhr, img] = [&t.requests[0], &t.requests[1], &t.requests[2]];
    assert_eq!((first.at_ms, first.init.body), (0, BodyKind::Text));
    assert_eq!(xhr.at_ms, 30_000);
    assert_eq!(
        xhr.init.url.as_str(),
        "https://app.example.com/settings",
        "relative to the page"
    );
    assert_eq!(xhr.init.initiator, Initiator::Xhr);
    assert_eq!(
        xhr.init.credentials,
        CredentialsMode::Include,
        "with_credentials"
    );
    assert_eq!(img.init.mode, RequestMode::Cors, "crossorigin=anonymous");
    assert_eq!(img.init.credentials, CredentialsMode::SameOrigin);
    assert_eq!(t.server[2].fail, Some(Fail::Refused));
    assert_eq!(t.network.permission(), Permission::Granted);
    let printer = Url::parse("https://printer.example.com/").unwrap();
    assert_eq!(t.network.address_space(&printer), AddressSpace::Private);
    assert!(t.needs_version_2());
}

#[test]
fn a_version_1_document_is_a_timeline_of_one_request() {
    let t = Timeline::from_json(MINIMAL).expect("valid");
    assert_eq!(
        (t.version, t.requests.len(), t.requests[0].at_ms),
        (1, 1, 0)
    );
    assert!(!t.needs_version_2());
    assert_eq!(
        t.into_single().unwrap(),
        Scenario::from_json(MINIMAL).unwrap()
    );
}

#[test]
fn elements_imply_their_modes() {
    let t = Timeline::from_json(
        r#"{"version":2,"page":"https://a.example/","requests":[
            {"initiator":"img","url":"https://b.example/i"},
            {"initiator":"script","crossorigin":"use-credentials","url":"https://b.example/s"},
            {"initiator":"font","url":"https://b.example/f"},
            {"initiator":"xhr","url":"https://b.example/x"}]}"#,
    )
    .expect("valid");
    let modes: Vec<_> = t
        .requests
        .iter()
        .map(|r| (r.init.mode, r.init.credentials))
        .collect();
    assert_eq!(
        modes,
        [
            (RequestMode::NoCors, CredentialsMode::Include),
            (RequestMode::Cors, CredentialsMode::Include),
            (RequestMode::Cors, CredentialsMode::SameOrigin),
            (RequestMode::Cors, CredentialsMode::SameOrigin),
        ]
    );
}

/// Version-2 documents that must be refused, with the one line each.
const BAD_V2: &[(&str, &str, &[&str])] = &[
    (
        "both request and requests",
        r#"{"version":2,"page":"https://a.example/","request":{"url":"/x"},"requests":[{"url":"/y"}]}"#,
        &["requests: a document has request or requests, never both"],
    ),
    (
        "crossorigin on fetch",
        r#"{"version":2,"page":"https://a.example/","requests":[{"url":"/x","crossorigin":"anonymous"}]}"#,
        &["requests[0].crossorigin: only img and script take crossorigin"],
    ),
    (
        "an image with a method and headers",
        r#"{"version":2,"page":"https://a.example/","requests":[{"initiator":"img","url":"/x","method":"POST","headers":[["X","1"]],"mode":"cors"}]}"#,
        &[
            "requests[0].mode: follows from the initiator img; leave it out",
            "requests[0].method: img requests are GET",
            "requests[0].headers: img requests carry no author headers",
        ],
    ),
    (
        "times going backwards",
        r#"{"version":2,"page":"https://a.example/","requests":[{"at":5,"url":"/x"},{"at":2,"url":"/y"}]}"#,
        &["requests[1].at: 2 is before the previous request's time (5000 ms); requests are in order"],
    ),
    (
        "a failing entry with a status",
        r#"{"version":2,"page":"https://a.example/","requests":[{"url":"/x"}],"server":[{"fail":"dns","status":200},{"times":0}]}"#,
        &[
            "server[0].status: an entry with fail has no HTTP response: leave it out",
            "server[1].times: 0 is not a whole number of at least 1",
        ],
    ),
    (
        "version-2 fields in a version-1 document",
        r#"{"version":1,"page":"https://a.example/","request":{"url":"https://b.example/","initiator":"xhr"}}"#,
        &["request.initiator: unknown field; expected one of url, method, headers, mode, credentials, redirect"],
    ),
    (
        "a relative URL in a version-1 document",
        r#"{"version":1,"page":"https://a.example/","request":{"url":"/x"}}"#,
        &["request.url: \"/x\" is not a valid absolute URL (relative URL without a base)"],
    ),
    (
        "no requests",
        r#"{"version":2,"page":"https://a.example/","requests":[]}"#,
        &["requests: 0 requests; a page makes 1 to 50"],
    ),
];

#[test]
fn bad_version_2_documents_table() {
    for (description, json, want) in BAD_V2 {
        let got = match Timeline::from_json(json) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        };
        assert_eq!(&got, want, "{description}");
    }
}
