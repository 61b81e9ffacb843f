use super::labels::{fit, wrap, wrap_lines};
use super::layout::{
    ARROW_GAP, FIRST_BASELINE, INDENT, LINE, MARGIN, MAX_HEADER_LINES, MAX_WRAPPED_LINES,
};
use super::*;

fn diagram_of(json: &str) -> Diagram {
    let draft = Draft::from_json(json).expect("a valid scenario");
    let verdict = draft.evaluate().expect("a valid scenario");
    diagram(&verdict, &draft)
}

/// A short name per row, to compare sequences.
fn kinds(d: &Diagram) -> Vec<&'static str> {
    d.rows
        .iter()
        .map(|row| match row.kind {
            RowKind::Call => "call",
            RowKind::Request(WireKind::Preflight) => "preflight",
            RowKind::Request(WireKind::Main) => "request",
            RowKind::Request(WireKind::Redirect) => "redirected request",
            RowKind::Response(_) => "response",
            RowKind::Local => "local",
            RowKind::Stop => "stop",
            RowKind::Result(Outcome::Readable) => "readable",
            RowKind::Result(Outcome::Opaque) => "opaque",
            RowKind::Result(Outcome::NetworkError) => "error",
        })
        .collect()
}

fn titles(d: &Diagram) -> Vec<String> {
    d.rows
        .iter()
        .map(|row| {
            row.labels
                .first()
                .map(|l| l.text.clone())
                .unwrap_or_default()
        })
        .collect()
}

struct Case {
    description: &'static str,
    scenario: &'static str,
    lanes: &'static [&'static str],
    kinds: &'static [&'static str],
    titles: &'static [&'static str],
    /// Fragments each step of the text equivalent contains, in order.
    steps: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        description: "a DELETE with a preflight that passes",
        scenario: include_str!("../../presets/default.json"),
        lanes: &["https://app.example.com", "", "https://api.example.com"],
        kinds: &["call", "preflight", "response", "request", "response", "readable"],
        titles: &[
            "fetch()",
            "OPTIONS /users/7 (preflight)",
            "204 No Content",
            "DELETE /users/7",
            "200 OK",
            "Response (status 200, readable)",
        ],
        steps: &[
            "The script on https://app.example.com calls fetch() for DELETE https://api.example.com/users/7",
            "sends a preflight request: OPTIONS https://api.example.com/users/7, with Origin: https://app.example.com; Access-Control-Request-Method: DELETE",
            "https://api.example.com answers 204 No Content with Access-Control-Allow-Origin: https://app.example.com",
            "sends the request: DELETE",
            "answers 200 OK with Access-Control-Allow-Origin",
            "The script gets the response: status 200, readable. It can read the headers content-type.",
        ],
    },
    Case {
        description: "a simple GET: no preflight",
        scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/data?x=1"},
                "server": [{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}]}"#,
        lanes: &["https://app.example.com", "", "https://api.example.com"],
        kinds: &["call", "request", "response", "readable"],
        titles: &["fetch()", "GET /data?x=1", "200 OK", "Response (status 200, readable)"],
        steps: &[
            "calls fetch() for GET https://api.example.com/data?x=1 with mode cors, credentials same-origin and no headers.",
            "sends the request: GET https://api.example.com/data?x=1, with Origin: https://app.example.com.",
            "answers 200 OK with Access-Control-Allow-Origin: *.",
            "status 200, readable",
        ],
    },
    Case {
        description: "a preflight without Access-Control-Allow-Origin",
        scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/x", "method": "PUT"},
                "server": [{"method": "OPTIONS", "status": 204}, {"status": 200}]}"#,
        lanes: &["https://app.example.com", "", "https://api.example.com"],
        kinds: &["call", "preflight", "response", "stop", "error"],
        titles: &[
            "fetch()",
            "OPTIONS /x (preflight)",
            "204 No Content",
            "Stopped: the preflight fails",
            "TypeError: Failed to fetch",
        ],
        steps: &[
            "calls fetch() for PUT",
            "preflight request: OPTIONS https://api.example.com/x",
            "answers 204 No Content with no headers.",
            "Stopped: the preflight fails: the preflight response fails the CORS check: there is no Access-Control-Allow-Origin header.",
            "fetch() rejects with TypeError: Failed to fetch",
        ],
    },
    Case {
        description: "a main response that fails the CORS check",
        scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/x"},
                "server": [{"status": 200, "headers": [
                    ["Content-Type", "text/plain"],
                    ["Access-Control-Allow-Origin", "https://app.example.com/"]]}]}"#,
        lanes: &["https://app.example.com", "", "https://api.example.com"],
        kinds: &["call", "request", "response", "stop", "error"],
        titles: &[
            "fetch()",
            "GET /x",
            "200 OK",
            "Stopped: the response fails the CORS check",
            "TypeError: Failed to fetch",
        ],
        steps: &[
            "calls fetch()",
            "sends the request: GET",
            // The CORS header first, whatever the server's order.
            "answers 200 OK with Access-Control-Allow-Origin: https://app.example.com/; Content-Type: text/plain.",
            "Stopped: the response fails the CORS check: Access-Control-Allow-Origin: https://app.example.com/ is not byte for byte the origin https://app.example.com (an origin has no trailing slash).",
            "Failed to fetch",
        ],
    },
    Case {
        description: "a redirect to another origin",
        scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/old"},
                "server": [
                    {"url": "https://api.example.com/old", "status": 302, "headers": [
                        ["Access-Control-Allow-Origin", "*"],
                        ["Location", "https://cdn.example.net/new"]]},
                    {"url": "https://cdn.example.net/new", "status": 200, "headers": [
                        ["Access-Control-Allow-Origin", "*"]]}]}"#,
        lanes: &[
            "https://app.example.com",
            "",
            "https://api.example.com",
            "https://cdn.example.net",
        ],
        kinds: &["call", "request", "response", "redirected request", "response", "readable"],
        titles: &[
            "fetch()",
            "GET /old",
            "302 Found",
            "GET /new (redirected)",
            "200 OK",
            "Response (status 200, readable)",
        ],
        steps: &[
            "calls fetch()",
            "GET https://api.example.com/old",
            "answers 302 Found with Access-Control-Allow-Origin: *; Location: https://cdn.example.net/new.",
            "The browser follows the redirect: GET https://cdn.example.net/new",
            "https://cdn.example.net answers 200 OK",
            "readable",
        ],
    },
    Case {
        description: "no-cors: an opaque response",
        scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/pixel", "mode": "no-cors"},
                "server": [{"status": 200}]}"#,
        lanes: &["https://app.example.com", "", "https://api.example.com"],
        kinds: &["call", "request", "response", "opaque"],
        titles: &["fetch()", "GET /pixel", "200 OK", "opaque response (status 0)"],
        steps: &[
            "with mode no-cors",
            "GET https://api.example.com/pixel, with no Origin or other CORS headers.",
            "answers 200 OK with no headers.",
            "The script gets an opaque response: status 0",
        ],
    },
    Case {
        description: "new Request() throws: nothing on the wire",
        scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/x", "method": "CONNECT"}}"#,
        lanes: &["https://app.example.com", "", "https://api.example.com"],
        kinds: &["call", "stop", "error"],
        titles: &["fetch()", "Not sent: new Request() throws", "TypeError: fetch() rejects"],
        steps: &[
            "calls fetch() for CONNECT",
            "Not sent: new Request() throws: CONNECT is a forbidden method.",
            "fetch() rejects with a TypeError: nothing was sent.",
        ],
    },
    Case {
        description: "mixed content: blocked before sending",
        scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "http://api.example.com/x"}}"#,
        lanes: &["https://app.example.com", "", "http://api.example.com"],
        kinds: &["call", "stop", "error"],
        titles: &["fetch()", "Not sent: the browser blocks the request", "TypeError: Failed to fetch"],
        steps: &["calls fetch()", "(mixed content)", "Failed to fetch"],
    },
    Case {
        description: "a same-origin request",
        scenario: r#"{"version": 1, "page": "https://app.example.com/page",
                "request": {"url": "https://app.example.com/api", "method": "PUT",
                            "headers": [["X-Token", "1"]]},
                "server": [{"status": 200}]}"#,
        lanes: &["https://app.example.com", "", "https://app.example.com"],
        kinds: &["call", "request", "response", "readable"],
        titles: &["fetch()", "PUT /api", "200 OK", "Response (status 200, readable)"],
        steps: &[
            "and the headers X-Token: 1.",
            "sends the request: PUT https://app.example.com/api, with Origin: https://app.example.com; X-Token: 1.",
            "answers 200 OK with no headers.",
            "status 200, readable",
        ],
    },
    Case {
        description: "a data: URL is read locally",
        scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "data:text/plain,hi"}}"#,
        lanes: &["https://app.example.com", ""],
        kinds: &["call", "local", "readable"],
        titles: &["fetch()", "A data: URL is read locally", "Response (status 200, readable)"],
        steps: &["calls fetch()", "nothing is sent on the network.", "readable"],
    },
    Case {
        description: "no server entry: the default 404",
        scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/x"}}"#,
        lanes: &["https://app.example.com", "", "https://api.example.com"],
        kinds: &["call", "request", "response", "stop", "error"],
        titles: &[
            "fetch()",
            "GET /x",
            "404 Not Found",
            "Stopped: the response fails the CORS check",
            "TypeError: Failed to fetch",
        ],
        steps: &[
            "calls fetch()",
            "GET",
            "No server entry matches, so the server at https://api.example.com answers 404 Not Found with no headers.",
            "there is no Access-Control-Allow-Origin header",
            "Failed to fetch",
        ],
    },
];

#[test]
fn scenarios() {
    for case in CASES {
        let d = diagram_of(case.scenario);
        let what = case.description;
        let origins: Vec<&str> = d.lanes.iter().map(|l| l.origin.as_str()).collect();
        assert_eq!(origins, case.lanes, "{what}: lanes");
        assert_eq!(
            d.lanes.first().map(|l| l.label.as_str()),
            Some("Script"),
            "{what}"
        );
        assert_eq!(
            d.lanes.get(1).map(|l| l.label.as_str()),
            Some("Browser"),
            "{what}"
        );
        assert_eq!(kinds(&d), case.kinds, "{what}: rows");
        assert_eq!(titles(&d), case.titles, "{what}: titles");
        let steps = d.steps();
        assert_eq!(steps.len(), d.rows.len(), "{what}: one step per row");
        assert_eq!(steps.len(), case.steps.len(), "{what}: {steps:#?}");
        for (step, want) in steps.iter().zip(case.steps) {
            assert!(step.contains(want), "{what}:\n got  {step}\n want …{want}…");
        }
        assert_layout(&d, what);
    }
}

/// Rows follow each other without overlapping; every text and lane stays
/// inside the diagram; arrows go between the lanes they name.
fn assert_layout(d: &Diagram, what: &str) {
    for pair in d.rows.windows(2) {
        if let [a, b] = pair {
            assert!(a.bottom < b.top, "{what}: rows overlap: {a:?} / {b:?}");
        }
    }
    for row in &d.rows {
        assert!(row.top <= row.y && row.y <= row.bottom, "{what}: {row:?}");
        // One line of text per label, and the row as tall as its lines.
        let first = row.labels.first().map_or(0, |l| l.y);
        for (i, label) in row.labels.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            assert_eq!(label.y, first + i * LINE, "{what}: {label:?}");
        }
        let last = row.labels.last().map_or(0, |l| l.y);
        if row.kind.is_arrow() {
            assert_eq!(first, row.top + FIRST_BASELINE, "{what}: {row:?}");
            assert_eq!(row.y, last + ARROW_GAP, "{what}: {row:?}");
        } else {
            // A mark's text goes down to its last line's descenders.
            assert_eq!(row.bottom, last + 4, "{what}: {row:?}");
        }
        assert!(
            row.top > d.lifeline_top && row.bottom < d.lifeline_bottom,
            "{what}"
        );
        let lane_x = |i: usize| d.lanes.get(i).map(|l| l.x);
        assert_eq!(Some(row.x1), lane_x(row.from), "{what}");
        assert_eq!(Some(row.x2), lane_x(row.to), "{what}");
        for label in &row.labels {
            let (left, right) = label.extent();
            assert!(
                left >= MARGIN && right <= d.width - MARGIN / 2,
                "{what}: {label:?} sticks out"
            );
            assert!(
                label.y > row.top && label.y <= row.bottom + 4,
                "{what}: {label:?}"
            );
            if row.kind.is_arrow() {
                // Text over an arrow stays between its two lanes.
                let (lo, hi) = (row.x1.min(row.x2), row.x1.max(row.x2));
                assert!(
                    left > lo && right < hi,
                    "{what}: {label:?} leaves its arrow"
                );
            }
        }
    }
    for lane in &d.lanes {
        assert!(lane.head.x >= MARGIN && lane.head.x + lane.head.width <= d.width - MARGIN);
        for label in &lane.labels {
            let (left, right) = label.extent();
            assert!(
                left >= lane.head.x && right <= lane.head.x + lane.head.width,
                "{what}: {label:?}"
            );
        }
    }
    for pair in d.lanes.windows(2) {
        if let [a, b] = pair {
            assert!(
                a.head.x + a.head.width < b.head.x,
                "{what}: lane heads overlap"
            );
        }
    }
    assert!(d.height > d.lifeline_bottom);
}

#[test]
fn every_preset_lays_out() {
    for preset in crate::presets::ALL {
        let draft = preset.draft();
        let Ok(verdict) = draft.evaluate() else {
            panic!("preset {} is invalid", preset.id);
        };
        let d = diagram(&verdict, &draft);
        assert_layout(&d, preset.id);
        let stops = d.rows.iter().filter(|r| r.kind == RowKind::Stop).count();
        let failed = verdict.outcome == Outcome::NetworkError;
        assert_eq!(
            stops,
            usize::from(failed),
            "{}: one stop row when it fails",
            preset.id
        );
        assert!(
            matches!(d.rows.last().map(|r| r.kind), Some(RowKind::Result(o)) if o == verdict.outcome),
            "{}: ends with what the script gets",
            preset.id
        );
        let requests = d
            .rows
            .iter()
            .filter(|r| matches!(r.kind, RowKind::Request(_)))
            .count();
        assert_eq!(requests, verdict.wire.len(), "{}", preset.id);
    }
}

/// Every label of a diagram that was cut short.
fn cut_labels(d: &Diagram) -> Vec<&Label> {
    d.rows
        .iter()
        .flat_map(|r| &r.labels)
        .chain(d.lanes.iter().flat_map(|l| &l.labels))
        .filter(|l| l.full.is_some())
        .collect()
}

#[test]
fn long_text_is_cut_with_the_whole_text_in_a_tooltip() {
    // Long lines wrap; only text too long for MAX_WRAPPED_LINES lines (or
    // an origin too long for the widest head box) is cut.
    let path = "and/a/very/long/path/to/a/resource/".repeat(12);
    let value =
        "a value that is much longer than the space between two lifelines can hold, ".repeat(5);
    let d = diagram_of(&format!(
        r#"{{"version": 1, "page": "https://app.example.com/",
                "request": {{"url": "https://a-very-long-host-name-for-an-api.example.com/{path}?with=a&long=query",
                            "headers": [["X-Custom", "{value}"]]}},
                "server": [{{"method": "OPTIONS", "status": 204}}]}}"#
    ));
    assert_layout(&d, "long text");
    let cut = cut_labels(&d);
    assert!(cut.len() >= 3, "{cut:#?}");
    for label in cut {
        assert!(label.text.ends_with('…'), "{label:?}");
        let full = label.full.as_deref().unwrap_or_default();
        let shown = label.text.trim_end_matches('…').trim_end();
        assert!(full.starts_with(shown) || full.contains(shown), "{label:?}");
    }
    // A line is cut only after it has wrapped onto every line it may take.
    let call = &d.rows[0];
    let custom = call
        .labels
        .iter()
        .position(|l| l.text == "X-Custom:")
        .expect("the header's name on a line of its own");
    assert_eq!(call.labels.len(), custom + MAX_WRAPPED_LINES);
    assert!(call.labels.last().is_some_and(|l| l.full.is_some()));
    // The text equivalent is never cut.
    let steps = d.steps();
    assert!(steps[0].contains(&format!("/{path}?with=a&long=query")));
    assert!(steps[0].contains(value.trim_end()));
}

#[test]
fn a_long_header_value_wraps_onto_several_indented_lines() {
    let value =
        "alpha, beta, gamma, delta, epsilon, zeta, eta, theta, iota, kappa, lambda, mu, nu, xi";
    let d = diagram_of(&format!(
        r#"{{"version": 1, "page": "https://app.example.com/",
                "request": {{"url": "https://api.example.com/x"}},
                "server": [{{"status": 200, "headers": [
                    ["Access-Control-Allow-Origin", "*"], ["X-Greek", "{value}"]]}}]}}"#
    ));
    assert_layout(&d, "long value");
    assert!(cut_labels(&d).is_empty(), "{:#?}", cut_labels(&d));
    let response = &d.rows[2];
    let texts: Vec<&str> = response.labels.iter().map(|l| l.text.as_str()).collect();
    let name = texts
        .iter()
        .position(|t| *t == "X-Greek:")
        .expect("{texts:?}");
    let lines = &response.labels[name + 1..];
    assert!(lines.len() >= 3, "{texts:?}");
    let left = response.labels[name].x;
    for line in lines {
        // Indented two characters, broken after a comma.
        assert_eq!(line.x, left + text_width(INDENT, line.style), "{line:?}");
        assert!(
            line.text.ends_with(',') || value.ends_with(&line.text),
            "{line:?}"
        );
    }
    let joined: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(joined.join(" "), value);
    // The arrow is under the last line.
    let last = response.labels.last().map(|l| l.y).unwrap_or_default();
    assert_eq!(response.y, last + ARROW_GAP);
}

#[test]
fn the_default_preset_fits_a_projector_uncut() {
    // The results column of a 1280x720 screen is about 615-700 px wide.
    let d = diagram_of(include_str!("../../presets/default.json"));
    assert_layout(&d, "default");
    assert!(d.width <= 720, "{} px wide", d.width);
    assert!(cut_labels(&d).is_empty(), "{:#?}", cut_labels(&d));
    let texts: Vec<&str> = d.rows[1].labels.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "OPTIONS /users/7 (preflight)",
            "Origin: https://app.example.com",
            "Access-Control-Request-Method:",
            "DELETE",
            "Access-Control-Request-Headers:",
            "authorization,content-type",
        ]
    );
}

#[test]
fn many_headers_are_counted_not_drawn() {
    let d = diagram_of(
        r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/x"},
                "server": [{"status": 200, "headers": [
                    ["Access-Control-Allow-Origin", "*"], ["A", "1"], ["B", "2"], ["C", "3"],
                    ["D", "4"], ["E", "5"], ["F", "6"], ["G", "7"], ["H", "8"], ["I", "9"]]}]}"#,
    );
    let response = d.rows.get(2).expect("a response row");
    let last = response.labels.last().expect("labels");
    assert_eq!(response.labels.len(), 1 + MAX_HEADER_LINES + 1);
    assert_eq!(last.text, "… and 2 more headers");
    assert!(response.text.contains("H: 8; I: 9."));
    assert_layout(&d, "many headers");
}

#[test]
fn a_sandboxed_page_shows_the_null_origin() {
    let d = diagram_of(
        r#"{"version": 1, "page": "https://app.example.com/", "sandboxed": true,
                "request": {"url": "https://api.example.com/x"},
                "server": [{"status": 200, "headers": [["Access-Control-Allow-Origin", "null"]]}]}"#,
    );
    assert_eq!(d.lanes.first().map(|l| l.origin.as_str()), Some("null"));
    assert!(d.rows[0]
        .text
        .starts_with("The script, on a page whose origin is opaque (null),"));
    assert!(d.rows[1].text.contains("Origin: null"));
}

#[test]
fn the_output_is_deterministic_and_summarised() {
    let json = include_str!("../../presets/default.json");
    let d = diagram_of(json);
    assert_eq!(d, diagram_of(json));
    assert_eq!(
        d.summary,
        "Sequence diagram: the script calls fetch() for DELETE https://api.example.com/users/7; \
             the browser sends OPTIONS, then DELETE; the script gets a readable response with status 200."
    );
    let failing = diagram_of(CASES[2].scenario);
    assert!(failing
        .summary
        .contains("the browser sends OPTIONS and stops: the preflight fails;"));
}

#[test]
fn wrapping_keeps_words_and_cuts_the_last_line() {
    let lines = wrap("one two three four five six", 9, 2);
    let shown: Vec<&str> = lines.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(shown, ["one two", "three …"]);
    assert_eq!(lines[1].1.as_deref(), Some("one two three four five six"));
    assert_eq!(wrap("short", 9, 2), [("short".to_string(), None)]);
    assert_eq!(
        fit("abcdef", 4),
        ("abc…".to_string(), Some("abcdef".to_string()))
    );
}

fn wrapped(text: &str, split: Split, first: usize, rest: usize) -> Vec<String> {
    wrap_lines(text, split, first, rest, MAX_WRAPPED_LINES)
        .into_iter()
        .map(|(line, full)| {
            assert_eq!(full, None, "{line}");
            line
        })
        .collect()
}

#[test]
fn wrapping_breaks_after_a_name_then_at_commas_then_inside_words() {
    let header = Split::Header;
    assert_eq!(wrapped("Vary: Origin", header, 20, 18), ["Vary: Origin"]);
    assert_eq!(
        wrapped(
            "Access-Control-Allow-Methods: GET, POST, DELETE",
            header,
            34,
            32
        ),
        ["Access-Control-Allow-Methods:", "GET, POST, DELETE"]
    );
    assert_eq!(
        wrapped("Access-Control-Allow-Headers: a, b, c, d, e", header, 30, 8),
        ["Access-Control-Allow-Headers:", "a, b, c,", "d, e"]
    );
    // A comma is a better place to break than the last space.
    assert_eq!(
        wrapped("mode: cors, credentials: same-origin", Split::Words, 30, 28),
        ["mode: cors,", "credentials: same-origin"]
    );
    // A URL breaks before a path segment, a MIME type before its subtype.
    assert_eq!(
        wrapped("GET https://api.example.com/users/7", Split::Method, 30, 29),
        ["GET", "https://api.example.com/users", "/7"]
    );
    assert_eq!(
        wrapped(
            "Content-Type: application/x-www-form-urlencoded",
            header,
            34,
            33
        ),
        ["Content-Type:", "application/x-www-form-urlencoded"]
    );
    assert_eq!(
        wrapped(
            "Content-Type: application/x-www-form-urlencoded",
            header,
            34,
            30
        ),
        ["Content-Type:", "application", "/x-www-form-urlencoded"]
    );
    // A name too long for its line wraps as words.
    assert_eq!(
        wrapped("Access-Control-Allow-Origin: *", header, 20, 18),
        ["Access-Control-", "Allow-Origin: *"]
    );
    // With nowhere to break, the line is broken where it is full.
    assert_eq!(
        wrapped("X: abcdefghij", header, 8, 4),
        ["X:", "abcd", "efgh", "ij"]
    );
    // Past the last line, it is cut with the whole text in a tooltip.
    let long = format!("X: {}", "abc ".repeat(40));
    let lines = wrap_lines(&long, header, 12, 10, 3);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2], ("abc abc …".to_string(), Some(long.clone())));
}
