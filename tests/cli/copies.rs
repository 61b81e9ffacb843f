//! `corsim import curl|fetch|headers` on real outputs. The files under
//! `tests/fixtures/copy/` are what Chromium's own DevTools copied from its
//! Network panel while the HAR scenarios' pages ran (`tests/har/scenarios.mjs`,
//! recorded again by `node tests/har/record-copies.mjs`): "Copy as cURL
//! (bash)", "Copy as cURL (cmd)", "Copy as fetch" and "Copy response
//! headers" (the text of the Headers pane's "Raw" view), for every request
//! the page made to its API, preflights included. Each imports as the
//! request or the answer it is; a request with the answers the server gave
//! it checks as Chromium ran it (its HAR export of the same scenario,
//! `tests/fixtures/har/`, says what the page got). The last tests run the
//! real curl, `-i` and `-v`, against a server started here.

#[path = "../common/mod.rs"]
mod common;

#[path = "corsim.rs"]
mod run;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

use run::{check, header, json_of};
use serde_json::{json, Value};

const PAGE: &str = "http://app.example.test/";

fn fixtures() -> PathBuf {
    common::root().join("tests/fixtures/copy")
}

/// `tests/fixtures/copy/chromium-NAME.REQUEST.KIND`.
fn fixture(name: &str, request: &str, kind: &str) -> PathBuf {
    fixtures().join(format!("chromium-{name}.{request}.{kind}"))
}

/// `corsim import KIND FILE`: the scenario and what it printed on standard error.
fn import(kind: &str, file: &Path) -> (Value, String) {
    let path = file.to_string_lossy();
    json_of(&["import", kind, &path], None, &path)
}

/// `corsim import headers -` of a text.
fn import_headers_text(text: &str) -> (Value, String) {
    json_of(&["import", "headers", "-"], Some(text), text)
}

/// The names of `headers` (pairs), lower-cased.
fn names(headers: &Value) -> Vec<String> {
    headers
        .as_array()
        .map(|hs| {
            hs.iter()
                .filter_map(|h| h[0].as_str())
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default()
}

/// The importer a fixture is for, by its name's ending.
fn kind_of(file: &Path) -> &'static str {
    let name = file.file_name().unwrap().to_string_lossy();
    if name.ends_with(".curl-bash.txt") || name.ends_with(".curl-cmd.txt") {
        "curl"
    } else if name.ends_with(".fetch.js") {
        "fetch"
    } else if name.ends_with(".headers.txt") {
        "headers"
    } else {
        panic!("{name}: not a fixture of a kind corsim imports")
    }
}

fn all_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("tests/fixtures/copy")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    files
}

/// Every copy imports: a request copy as that request, from the page, to
/// the URL the fixture's name says; a response's raw headers as one server
/// entry with the status and every header of the text, in order.
#[test]
fn every_copy_imports() {
    let files = all_fixtures();
    assert!(files.len() >= 40, "the recorded copies: {files:?}");
    for file in files {
        let kind = kind_of(&file);
        let (scenario, stderr) = import(kind, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        let what = file.display();
        if kind == "headers" {
            let entry = &scenario["server"][0];
            let status_line = text.lines().next().unwrap();
            let status: u64 = status_line.split(' ').nth(1).unwrap().parse().unwrap();
            assert_eq!(entry["status"], status, "{what}");
            let expected: Vec<Value> = text
                .lines()
                .skip(1)
                .map(|l| l.trim_end_matches('\r'))
                .take_while(|l| !l.is_empty())
                .map(|l| {
                    let (n, v) = l.split_once(':').unwrap();
                    json!([n.trim(), v.trim()])
                })
                .collect();
            assert_eq!(entry["headers"], Value::Array(expected), "{what}");
            // The raw headers say nothing of the request.
            assert!(stderr.contains("guessed request.url"), "{what}: {stderr}");
        } else {
            // chromium-NAME.METHOD-path.KIND
            let id = file
                .file_name()
                .unwrap()
                .to_string_lossy()
                .split('.')
                .nth(1)
                .unwrap()
                .to_string();
            let (method, path) = id.split_once('-').unwrap();
            let request = &scenario["request"];
            assert_eq!(scenario["page"], PAGE, "{what}");
            // A cURL copy of a preflight is the request it stands for; the
            // fetch copy has no Access-Control-Request-Method to say which.
            let stands_for = text
                .lines()
                .find_map(|l| l.split("Access-Control-Request-Method: ").nth(1))
                .map(|m| m.trim_end_matches(['\'', '"', '^', ' ', '\\']));
            let method = match (kind, stands_for) {
                ("curl", Some(m)) => m,
                _ => method,
            };
            assert_eq!(request["method"], method, "{what}");
            let url = request["url"].as_str().unwrap();
            assert!(
                url.starts_with(&format!(
                    "http://api.example.test/{}",
                    path.replace('-', "/")
                )),
                "{what}: {url}"
            );
            // The browser's own headers are left out of every copy.
            for own in [
                "user-agent",
                "accept-language",
                "connection",
                "referer",
                "origin",
            ] {
                assert!(
                    !names(&request["headers"]).contains(&own.to_string()),
                    "{what}: {own} kept: {request}"
                );
            }
            // Only the credentials beside an Authorization header, and the
            // values of the headers a preflight names, are guessed.
            for line in stderr.lines().filter(|l| l.contains("guessed")) {
                assert!(
                    line.contains("guessed request.credentials")
                        || (stands_for.is_some() && line.contains("guessed request.headers")),
                    "{what}: {stderr}"
                );
            }
        }
    }
}

/// bash and cmd flavours of "Copy as cURL" import as the same scenario.
#[test]
fn curl_bash_and_cmd_agree() {
    for file in all_fixtures() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".curl-bash.txt") else {
            continue;
        };
        let cmd = fixtures().join(format!("{stem}.curl-cmd.txt"));
        assert_eq!(import("curl", &file), import("curl", &cmd), "{stem}");
    }
}

/// The PUT with a custom header and a JSON body: every copy gives its
/// method, URL and headers; "Copy as fetch" says credentials "omit" (the
/// page's default, same-origin, sends none to another origin).
#[test]
fn a_put_with_a_custom_header() {
    for kind in ["curl-bash.txt", "curl-cmd.txt", "fetch.js"] {
        let file = fixture("preflight-no-allow-methods", "PUT-items-42", kind);
        let (scenario, _) = import(kind_of(&file), &file);
        let request = &scenario["request"];
        assert_eq!(request["url"], "http://api.example.test/items/42", "{kind}");
        assert_eq!(request["method"], "PUT", "{kind}");
        assert_eq!(
            header(&request["headers"], "X-Request-Id"),
            Some("abc-123"),
            "{kind}"
        );
        assert_eq!(
            header(&request["headers"], "Content-Type"),
            Some("application/json"),
            "{kind}"
        );
        assert_eq!(names(&request["headers"]).len(), 2, "{kind}: {request}");
    }
    let (fetch, _) = import(
        "fetch",
        &fixture("preflight-no-allow-methods", "PUT-items-42", "fetch.js"),
    );
    assert_eq!(fetch["request"]["credentials"], "omit");
}

/// The credentialed GET: cURL carries the cookie (`-b`), fetch says
/// `"credentials": "include"`; both import with credentials included and
/// the cookie's value never kept.
#[test]
fn a_credentialed_get() {
    for kind in ["curl-bash.txt", "curl-cmd.txt", "fetch.js"] {
        let file = fixture("credentials-wildcard", "GET-me", kind);
        let (scenario, stderr) = import(kind_of(&file), &file);
        assert_eq!(scenario["request"]["credentials"], "include", "{kind}");
        assert!(
            !scenario.to_string().contains("test-session-value"),
            "{kind}: {scenario}"
        );
        if kind != "fetch.js" {
            assert!(stderr.contains("cookies were sent"), "{kind}: {stderr}");
        }
    }
}

/// The GET with an Authorization header: kept, its value redacted.
#[test]
fn an_authorization_header() {
    for kind in ["curl-bash.txt", "curl-cmd.txt", "fetch.js"] {
        let file = fixture("authorization-not-allowed", "GET-orders", kind);
        let (scenario, _) = import(kind_of(&file), &file);
        assert_eq!(
            header(&scenario["request"]["headers"], "Authorization"),
            Some("<redacted>"),
            "{kind}"
        );
        assert!(!scenario.to_string().contains("test-token"), "{kind}");
    }
}

/// The same GET copied as fetch says `"credentials": "include"` (DevTools
/// writes it for any request with an Authorization header), though the
/// page's fetch() left the default: the importer guesses "same-origin" and
/// says so, and the check fails on the header, as the cURL copy (no
/// cookie) does, not on a missing Access-Control-Allow-Credentials.
#[test]
fn devtools_include_beside_authorization_is_a_guess() {
    let text = std::fs::read_to_string(fixture(
        "authorization-not-allowed",
        "GET-orders",
        "fetch.js",
    ))
    .unwrap();
    assert!(text.contains("\"credentials\": \"include\""), "{text}");
    let mut reasons = Vec::new();
    for kind in ["curl-bash.txt", "fetch.js"] {
        let file = fixture("authorization-not-allowed", "GET-orders", kind);
        let (mut scenario, stderr) = import(kind_of(&file), &file);
        if kind == "fetch.js" {
            // "same-origin", the default, which the scenario leaves out.
            assert_eq!(
                scenario["request"]["credentials"],
                Value::Null,
                "{scenario}"
            );
            assert!(stderr.contains("guessed request.credentials"), "{stderr}");
        }
        scenario["server"] = json!([answer(
            "authorization-not-allowed",
            "OPTIONS-orders",
            Some("OPTIONS")
        )]);
        let verdict = check(&scenario);
        reasons.push(verdict["failure"]["reason"].clone());
    }
    assert_eq!(
        reasons,
        [json!("header-not-allowed"), json!("header-not-allowed")]
    );
}

/// What Chromium did with each fetch() of a scenario, from its HAR export:
/// `"METHOD URL"` → `network-error` when the entry has `_error`, else
/// `readable`.
fn chromium_outcome(name: &str, method: &str, url: &str) -> &'static str {
    let har = common::read_json(
        &common::root()
            .join("tests/fixtures/har")
            .join(format!("chromium-{name}.har")),
    );
    let entry = har["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["_resourceType"] == "fetch"
                && e["request"]["method"] == method
                && e["request"]["url"] == url
        })
        .unwrap_or_else(|| panic!("{name}: no fetch {method} {url} in the HAR"));
    if entry["response"]["_error"].is_string() {
        "network-error"
    } else {
        "readable"
    }
}

/// The server entry a copied response's raw headers give.
fn answer(name: &str, request: &str, method: Option<&str>) -> Option<Value> {
    let file = fixture(name, request, "headers.txt");
    if !file.exists() {
        return None;
    }
    let (scenario, _) = import("headers", &file);
    let mut entry = scenario["server"][0].clone();
    if let Some(m) = method {
        entry["method"] = json!(m);
    }
    Some(entry)
}

/// The copy (`kind`) of a request, or of its preflight (`copied`), with
/// the answers the server gave, as copied from the same panel: `corsim
/// check` gives what Chromium did with the request.
fn check_as_chromium(name: &str, copied: &str, request: &str, preflight: Option<&str>, kind: &str) {
    let file = fixture(name, copied, kind);
    let (mut scenario, _) = import(kind_of(&file), &file);
    let mut server = Vec::new();
    if let Some(p) = preflight {
        server.extend(answer(name, p, Some("OPTIONS")));
    }
    server.extend(answer(name, request, None));
    scenario["server"] = Value::Array(server);
    let verdict = check(&scenario);
    let method = scenario["request"]["method"].as_str().unwrap().to_string();
    let url = scenario["request"]["url"].as_str().unwrap().to_string();
    assert_eq!(
        verdict["outcome"],
        chromium_outcome(name, &method, &url),
        "{name} {request} ({kind}): {scenario}\n{verdict}"
    );
}

#[test]
fn each_request_checks_as_chromium_ran_it() {
    let cases = [
        ("get-no-allow-origin", "GET-users", None),
        ("credentials-wildcard", "GET-me", None),
        (
            "preflight-no-allow-methods",
            "PUT-items-42",
            Some("OPTIONS-items-42"),
        ),
        (
            "authorization-not-allowed",
            "GET-orders",
            Some("OPTIONS-orders"),
        ),
        ("timeline", "GET-config", None),
        ("timeline", "POST-items", Some("OPTIONS-items")),
        ("timeline", "GET-private", None),
        ("timeline", "DELETE-items-7", Some("OPTIONS-items-7")),
    ];
    for (name, request, preflight) in cases {
        for kind in ["curl-bash.txt", "curl-cmd.txt", "fetch.js"] {
            check_as_chromium(name, request, request, preflight, kind);
        }
        // "Copy as cURL" of the preflight stands for the request.
        if let Some(p) = preflight {
            for kind in ["curl-bash.txt", "curl-cmd.txt"] {
                check_as_chromium(name, p, request, preflight, kind);
            }
        }
    }
}

// ---- the real curl ------------------------------------------------------

/// A server on a free port of 127.0.0.1 answering, for each connection, a
/// preflight (OPTIONS) and a GET with CORS headers, then closing it.
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            std::thread::spawn(move || answer_one(stream));
        }
    });
    port
}

fn answer_one(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            if n.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let response = if request_line.starts_with("OPTIONS ") {
        "HTTP/1.1 204 No Content\r\n\
         Access-Control-Allow-Origin: http://localhost:3000\r\n\
         Access-Control-Allow-Methods: GET, PUT\r\n\
         Access-Control-Allow-Headers: Content-Type, X-Request-Id\r\n\
         Access-Control-Max-Age: 600\r\n\
         Vary: Origin\r\n\
         Connection: close\r\n\r\n"
            .to_string()
    } else {
        let body = "[{\"id\":1}]";
        format!(
            "HTTP/1.1 200 OK\r\n\
             Access-Control-Allow-Origin: http://localhost:3000\r\n\
             Access-Control-Expose-Headers: X-Total-Count\r\n\
             Content-Type: application/json\r\n\
             X-Total-Count: 1\r\n\
             Content-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let _ = stream.write_all(response.as_bytes());
}

const CURL: &str = "/usr/bin/curl";

/// Runs the real curl; None (with a message) when it is not installed.
fn curl(args: &[&str]) -> Option<(String, String)> {
    if !Path::new(CURL).exists() {
        eprintln!("skipped: {CURL} is not installed, so the real curl's output is not tested");
        return None;
    }
    let out = Command::new(CURL).args(args).output().expect("curl runs");
    assert!(out.status.success(), "curl {args:?}: {out:?}");
    Some((
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// The server's headers as `corsim import headers` gives them, by name.
fn imported(entry: &Value, name: &str) -> Option<String> {
    header(&entry["headers"], name).map(str::to_string)
}

/// `curl -i`: the status line and headers, then the body.
#[test]
fn real_curl_i() {
    let port = serve();
    let url = format!("http://127.0.0.1:{port}/items");
    let Some((stdout, _)) = curl(&["-s", "-i", "-H", "Origin: http://localhost:3000", &url]) else {
        return;
    };
    let (scenario, _) = import_headers_text(&stdout);
    let entry = &scenario["server"][0];
    assert_eq!(entry["status"], 200, "{stdout}");
    assert_eq!(
        imported(entry, "Access-Control-Allow-Origin").as_deref(),
        Some("http://localhost:3000")
    );
    assert_eq!(
        imported(entry, "Access-Control-Expose-Headers").as_deref(),
        Some("X-Total-Count")
    );
    assert_eq!(imported(entry, "X-Total-Count").as_deref(), Some("1"));
    // The body is not a header.
    assert!(!entry.to_string().contains("\"id\""), "{entry}");
}

/// `curl -v` of a preflight: the `<` lines are the answer, the `>` lines
/// the request (its method, host and Origin), the `*` lines curl's own.
#[test]
fn real_curl_v_of_a_preflight() {
    let port = serve();
    let url = format!("http://127.0.0.1:{port}/items/42");
    let Some((stdout, stderr)) = curl(&[
        "-s",
        "-v",
        "-X",
        "OPTIONS",
        "-H",
        "Origin: http://localhost:3000",
        "-H",
        "Access-Control-Request-Method: PUT",
        "-H",
        "Access-Control-Request-Headers: content-type,x-request-id",
        &url,
    ]) else {
        return;
    };
    // What the terminal shows: curl's trace, then the body (none here).
    let (scenario, notes) = import_headers_text(&format!("{stderr}{stdout}"));
    assert_eq!(scenario["page"], "http://localhost:3000/", "{stderr}");
    let entry = &scenario["server"][0];
    assert_eq!(entry["method"], "OPTIONS");
    assert_eq!(entry["status"], 204, "{stderr}");
    assert_eq!(
        imported(entry, "Access-Control-Allow-Methods").as_deref(),
        Some("GET, PUT")
    );
    assert_eq!(
        imported(entry, "Access-Control-Allow-Headers").as_deref(),
        Some("Content-Type, X-Request-Id")
    );
    assert_eq!(
        imported(entry, "Access-Control-Max-Age").as_deref(),
        Some("600")
    );
    assert!(notes.contains("answer to a preflight"), "{notes}");
    // curl connected without TLS: the URL is http.
    assert_eq!(
        scenario["request"]["url"],
        format!("http://127.0.0.1:{port}/items/42"),
        "{stderr}"
    );
}

/// `curl -v` of the GET, checked: the page (on localhost, so that Local
/// Network Access has nothing to ask) may read it.
#[test]
fn real_curl_v_of_a_get_checks() {
    let port = serve();
    let url = format!("http://127.0.0.1:{port}/items");
    let Some((stdout, stderr)) = curl(&["-s", "-v", "-H", "Origin: http://localhost:3000", &url])
    else {
        return;
    };
    let (scenario, _) = import_headers_text(&format!("{stderr}{stdout}"));
    assert_eq!(scenario["request"]["method"], "GET");
    assert_eq!(scenario["page"], "http://localhost:3000/", "{stderr}");
    assert_eq!(scenario["request"]["url"], url, "{stderr}");
    let entry = &scenario["server"][0];
    assert_eq!(entry["status"], 200, "{stderr}");
    assert_eq!(imported(entry, "X-Total-Count").as_deref(), Some("1"));
    let verdict = check(&scenario);
    assert_eq!(verdict["outcome"], "readable", "{verdict}");
}
