#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use corsim_core::scenario::{
    CredentialsMode, RedirectMode, RequestMode, MAX_HEADERS, MAX_RESPONSES, MAX_TOTAL_HEADERS,
};

use super::*;
use crate::draft::{Draft, Headers, RequestDraft, ResponseDraft};

/// The smallest scenario: a page and a request URL.
fn minimal() -> Draft {
    Draft {
        title: String::new(),
        page: "http://a/x".into(),
        sandboxed: false,
        request: RequestDraft {
            url: "http://b/".into(),
            ..RequestDraft::default()
        },
        ..Draft::default()
    }
}

fn response(status: &str) -> ResponseDraft {
    ResponseDraft {
        status: status.into(),
        ..ResponseDraft::default()
    }
}

fn header(name: &str, value: &str) -> (String, String) {
    (name.into(), value.into())
}

/// (description, the change to [`minimal`], its fragment)
type Row = (&'static str, fn(&mut Draft), &'static str);

const ENCODINGS: &[Row] = &[
    ("defaults are left out", |_| {}, "v=1&p=http://a/x&u=http://b/&end"),
    ("a title", |d| d.title = "CORS 101".into(), "v=1&t=CORS+101&p=http://a/x&u=http://b/&end"),
    ("an empty title is no title", |d| d.title = String::new(), "v=1&p=http://a/x&u=http://b/&end"),
    ("an empty page", |d| d.page = String::new(), "v=1&p=&u=http://b/&end"),
    ("an empty request URL", |d| d.request.url = String::new(), "v=1&p=http://a/x&u=&end"),
    ("sandboxed", |d| d.sandboxed = true, "v=1&p=http://a/x&sb=1&u=http://b/&end"),
    ("a method", |d| d.request.method = "DELETE".into(), "v=1&p=http://a/x&u=http://b/&m=DELETE&end"),
    ("a method as typed", |d| d.request.method = "get".into(), "v=1&p=http://a/x&u=http://b/&m=get&end"),
    ("an empty method", |d| d.request.method = String::new(), "v=1&p=http://a/x&u=http://b/&m=&end"),
    (
        "request headers, in order, names repeating",
        |d| d.request.headers = vec![header("X-B", "2"), header("X-A", "1"), header("X-B", "3")],
        "v=1&p=http://a/x&u=http://b/&h=X-B:2&h=X-A:1&h=X-B:3&end",
    ),
    ("an empty header", |d| d.request.headers = vec![header("", "")], "v=1&p=http://a/x&u=http://b/&h=:&end"),
    ("mode no-cors", |d| d.request.mode = RequestMode::NoCors, "v=1&p=http://a/x&u=http://b/&mo=no-cors&end"),
    (
        "mode same-origin",
        |d| d.request.mode = RequestMode::SameOrigin,
        "v=1&p=http://a/x&u=http://b/&mo=same-origin&end",
    ),
    ("credentials omit", |d| d.request.credentials = CredentialsMode::Omit, "v=1&p=http://a/x&u=http://b/&c=omit&end"),
    (
        "credentials include",
        |d| d.request.credentials = CredentialsMode::Include,
        "v=1&p=http://a/x&u=http://b/&c=include&end",
    ),
    ("redirect error", |d| d.request.redirect = RedirectMode::Error, "v=1&p=http://a/x&u=http://b/&r=error&end"),
    ("redirect manual", |d| d.request.redirect = RedirectMode::Manual, "v=1&p=http://a/x&u=http://b/&r=manual&end"),
    (
        "every key of the request, in order",
        |d| {
            d.title = "T".into();
            d.sandboxed = true;
            d.request.method = "POST".into();
            d.request.headers = vec![header("X-A", "1")];
            d.request.mode = RequestMode::SameOrigin;
            d.request.credentials = CredentialsMode::Omit;
            d.request.redirect = RedirectMode::Manual;
        },
        "v=1&t=T&p=http://a/x&sb=1&u=http://b/&m=POST&h=X-A:1&mo=same-origin&c=omit&r=manual&end",
    ),
    ("a response", |d| d.server = vec![response("200")], "v=1&p=http://a/x&u=http://b/&s=200&end"),
    (
        "a response's URL, method and headers",
        |d| {
            let mut r = response("307");
            r.url = Some("http://c/".into());
            r.method = Some("PUT".into());
            r.headers = vec![header("X-A", "1"), header("X-A", "2")];
            d.server = vec![r];
        },
        "v=1&p=http://a/x&u=http://b/&s=307&u=http://c/&m=PUT&h=X-A:1&h=X-A:2&end",
    ),
    (
        "responses in order, after the request's keys",
        |d| {
            d.request.headers = vec![header("X-Q", "q")];
            d.request.redirect = RedirectMode::Error;
            let mut first = response("204");
            first.headers = vec![header("X-R", "r")];
            d.server = vec![first, response("200"), response("200")];
        },
        "v=1&p=http://a/x&u=http://b/&h=X-Q:q&r=error&s=204&h=X-R:r&s=200&s=200&end",
    ),
    (
        "an empty method and URL are not absent ones",
        |d| {
            let mut r = response("200");
            r.url = Some(String::new());
            r.method = Some(String::new());
            d.server = vec![r];
        },
        "v=1&p=http://a/x&u=http://b/&s=200&u=&m=&end",
    ),
    ("a status as typed", |d| d.server = vec![response(" 2o0")], "v=1&p=http://a/x&u=http://b/&s=+2o0&end"),
    ("an empty status", |d| d.server = vec![response("")], "v=1&p=http://a/x&u=http://b/&s=&end"),
    (
        "abbreviated header names",
        |d| d.request.headers = ABBREVIATIONS.iter().map(|(_, long)| header(long, "")).collect(),
        "v=1&p=http://a/x&u=http://b/&h=~ao:&h=~ac:&h=~am:&h=~ah:&h=~ma:&h=~eh:&h=~ct:&h=~lo:&h=~au:&h=~va:&end",
    ),
    (
        "only the exact spelling is abbreviated",
        |d| d.request.headers = vec![header("content-type", "a"), header("Content-Type ", "b")],
        "v=1&p=http://a/x&u=http://b/&h=content-type:a&h=Content-Type+:b&end",
    ),
    (
        "the page's origin as typed and the request URL are shortened",
        |d| {
            d.request.headers = vec![header("Origin", "http://a")];
            let mut r = response("301");
            r.url = Some("http://b/".into());
            r.headers = vec![
                header("Access-Control-Allow-Origin", "http://a"),
                header("Location", "http://b/"),
                header("X-Near", "http://a/"),
                header("X-Near", "http://b"),
            ];
            d.server = vec![r];
        },
        "v=1&p=http://a/x&u=http://b/&h=Origin:~o&s=301&u=~u&h=~ao:~o&h=~lo:~u&h=X-Near:http://a/&h=X-Near:http://b&end",
    ),
    (
        "the origin ends at the first / ? or # after ://",
        |d| {
            d.page = "a://b:1?c/d".into();
            d.server = vec![response("200")];
            d.server[0].headers = vec![header("X", "a://b:1")];
        },
        "v=1&p=a://b:1?c/d&u=http://b/&s=200&h=X:~o&end",
    ),
    (
        "a page without :// has no origin to shorten",
        |d| {
            d.page = "data:,x".into();
            d.request.headers = vec![header("X", ""), header("Y", "data:,x")];
        },
        "v=1&p=data:,x&u=http://b/&h=X:&h=Y:data:,x&end",
    ),
    (
        "an empty request URL is not shortened",
        |d| {
            d.request.url = String::new();
            d.request.headers = vec![header("X", "")];
        },
        "v=1&p=http://a/x&u=&h=X:&end",
    ),
    (
        "a ~ starting a name or value is escaped, elsewhere not",
        |d| {
            d.title = "~o".into();
            d.request.method = "~u".into();
            d.request.headers = vec![header("~ao", "~o"), header("a~", "b~")];
        },
        "v=1&t=%7Eo&p=http://a/x&u=http://b/&m=%7Eu&h=%7Eao:%7Eo&h=a~:b~&end",
    ),
    (
        "a : is escaped in a name, not in a value",
        |d| d.request.headers = vec![header("a:b", "c:d")],
        "v=1&p=http://a/x&u=http://b/&h=a%3Ab:c:d&end",
    ),
    (
        "separators, escapes and spaces are escaped; = is not",
        |d| d.title = "a&b=c%d+e f#g".into(),
        "v=1&t=a%26b=c%25d%2Be+f%23g&p=http://a/x&u=http://b/&end",
    ),
    (
        "URL punctuation stays as it is",
        |d| d.request.url = "http://b:8443/p;q?x=1,y=(2)*!$'@~".into(),
        "v=1&p=http://a/x&u=http://b:8443/p;q?x=1,y=(2)*!$'@~&end",
    ),
    (
        "what a URL parser or a chat would change is escaped",
        |d| d.title = "\"<>`{|}\\^[]".into(),
        "v=1&t=%22%3C%3E%60%7B%7C%7D%5C%5E%5B%5D&p=http://a/x&u=http://b/&end",
    ),
    (
        "controls and non-ASCII are UTF-8 escapes",
        |d| d.title = "é\t😀\u{7f}\0".into(),
        "v=1&t=%C3%A9%09%F0%9F%98%80%7F%00&p=http://a/x&u=http://b/&end",
    ),
    (
        "end and v in values are just text",
        |d| d.title = "&end".into(),
        "v=1&t=%26end&p=http://a/x&u=http://b/&end",
    ),
];

#[test]
fn each_field_is_written_and_read_back() {
    for (description, change, want) in ENCODINGS {
        let mut draft = minimal();
        change(&mut draft);
        assert_eq!(encode(&draft), *want, "{description}");
        assert_eq!(decode(want), Ok(draft), "{description}");
    }
}

/// (description, fragment, what it opens as a change to [`minimal`])
const LENIENT: &[Row] = &[
    ("a leading #", |_| {}, "#v=1&p=http://a/x&u=http://b/&end"),
    (
        "defaults written out",
        |_| {},
        "v=1&t=&p=http://a/x&u=http://b/&m=GET&mo=cors&c=same-origin&r=follow&end",
    ),
    (
        "lower-case escapes",
        |d| d.title = "é".into(),
        "v=1&t=%c3%a9&p=http://a/x&u=http://b/&end",
    ),
    (
        "characters left unescaped",
        |d| d.title = "é \"<>".into(),
        "v=1&t=é \"<>&p=http://a/x&u=http://b/&end",
    ),
    (
        "%20 and + are spaces, %2B is +",
        |d| d.title = "a b c+".into(),
        "v=1&t=a%20b+c%2B&p=http://a/x&u=http://b/&end",
    ),
    (
        "escapes that need none",
        |d| d.page = "http://a/x".into(),
        "v=1&p=%68ttp%3A//a/x&u=http://b/&end",
    ),
    (
        "an escaped ~ names no shorthand",
        |d| d.request.headers = vec![header("~ct", "~o")],
        "v=1&p=http://a/x&u=http://b/&h=%7Ect:%7Eo&end",
    ),
    (
        "~o and ~u in a response's URL",
        |d| {
            d.server = vec![response("200"), response("200")];
            d.server[0].url = Some("http://a".into());
            d.server[1].url = Some("http://b/".into());
        },
        "v=1&p=http://a/x&u=http://b/&s=200&u=~o&s=200&u=~u&end",
    ),
    (
        "= in a value",
        |d| d.title = "a=b".into(),
        "v=1&t=a%3Db&p=http://a/x&u=http://b/&end",
    ),
];

#[test]
fn what_a_reader_accepts_beyond_what_is_written() {
    for (description, change, fragment) in LENIENT {
        let mut want = minimal();
        change(&mut want);
        assert_eq!(decode(fragment), Ok(want), "{description}");
    }
}

/// (description, fragment, the message)
const ERRORS: &[(&str, &str, &str)] = &[
    ("empty", "", "it is empty"),
    ("just #", "#", "it is empty"),
    ("not a link", "garbage", "it is not a corsim link (no `v=`)"),
    ("v= not first", "p=x&v=1&end", "it is not a corsim link (no `v=`)"),
    ("v without =", "v", "it is not a corsim link (no `v=`)"),
    ("a newer format", "v=3&p=x", "it was made by a newer corsim (link format 3; this version reads formats 1 to 2)"),
    ("a newer format, cut short", "v=3", "it was made by a newer corsim (link format 3; this version reads formats 1 to 2)"),
    (
        "a far newer format",
        "v=99999999999999999999999&x",
        "it was made by a newer corsim (link format 99999999999999999999999; this version reads formats 1 to 2)",
    ),
    ("a newer format with zeros", "v=003&end", "it was made by a newer corsim (link format 3; this version reads formats 1 to 2)"),
    ("format 0", "v=0&end", "`v=0` is not a link format (this version reads formats 1 to 2)"),
    ("format 01", "v=01&end", "`v=01` is not a link format (this version reads formats 1 to 2)"),
    ("a format that is not a number", "v=x&end", "`v=x` is not a link format (this version reads formats 1 to 2)"),
    ("cut short in v=", "v=", "it is cut short: it ends with `v=` where `&end` should be"),
    ("cut short after v=1", "v=1", "it is cut short: it ends with `v=1` where `&end` should be"),
    (
        "cut short after a value",
        "v=1&p=http://a/x&u=http://b/",
        "it is cut short: it ends with `…&u=http://b/` where `&end` should be",
    ),
    (
        "cut short in the end",
        "v=1&p=http://a/x&u=http://b/&en",
        "it is cut short: it ends with `…http://b/&en` where `&end` should be",
    ),
    (
        "cut short in an escape",
        "v=1&p=http://a/x&u=http://b/%E",
        "it is cut short: it ends with `…=http://b/%E` where `&end` should be",
    ),
    (
        "something after the end",
        "v=1&p=http://a/x&u=http://b/&end=",
        "it is cut short: it ends with `…tp://b/&end=` where `&end` should be",
    ),
    ("two ends", "v=1&p=http://a/x&u=http://b/&end&end", "`&end` at character 29 comes before the end"),
    ("an unknown key", "v=1&p=http://a/x&u=http://b/&zz=1&end", "`zz` at character 30 is not a key"),
    (
        "a link escaped for HTML",
        "v=1&amp;p=http://a/x&amp;u=http://b/&amp;end",
        "it is escaped for HTML (`&amp;` where `&` should be): copy the link itself",
    ),
    ("a long unknown key", "v=1&abcdefghijklmnopqrstuvwxyz=&end", "`abcdefghijklmnopqrstuvwx…` at character 5 is not a key"),
    ("a second v", "v=1&p=http://a/x&u=http://b/&v=1&end", "`v` at character 30 is there twice"),
    ("a key without =", "v=1&p=http://a/x&u=http://b/&m&end", "`m` at character 30 has no `=`"),
    (
        "a key out of order",
        "v=1&p=http://a/x&u=http://b/&sb=1&end",
        "`sb` at character 30 comes after `u`; the order is v, t, p, sb, u, m, h, mo, c, r, then s, u, m, h for each server response, then end",
    ),
    ("a key twice", "v=1&p=http://a/x&p=http://a/x&u=http://b/&end", "`p` at character 18 is there twice"),
    (
        "a request key after a response",
        "v=1&p=http://a/x&u=http://b/&s=200&mo=cors&end",
        "`mo` at character 36 comes after `s`; the order is v, t, p, sb, u, m, h, mo, c, r, then s, u, m, h for each server response, then end",
    ),
    (
        "a response's keys out of order",
        "v=1&p=http://a/x&u=http://b/&s=200&m=GET&u=x&end",
        "`u` at character 42 comes after `m`; the order is v, t, p, sb, u, m, h, mo, c, r, then s, u, m, h for each server response, then end",
    ),
    ("a response's key twice", "v=1&p=http://a/x&u=http://b/&s=200&u=x&u=y&end", "`u` at character 40 is there twice"),
    ("no page", "v=1&u=http://b/&end", "it has no page (`p=`)"),
    ("no request URL", "v=1&p=http://a/x&end", "it has no request URL (`u=`)"),
    ("the request URL after a response is its URL", "v=1&p=http://a/x&s=200&u=http://b/&end", "it has no request URL (`u=`)"),
    ("a byte that is not UTF-8", "v=1&p=%FF&u=http://b/&end", "`%FF` is not valid UTF-8 at character 7 (in `p=`)"),
    ("not UTF-8 after a character", "v=1&t=é%FF&p=http://a/x&u=http://b/&end", "`%FF` is not valid UTF-8 at character 8 (in `t=`)"),
    ("UTF-8 cut short by the value's end", "v=1&t=ab%C3&p=http://a/x&u=http://b/&end", "`%C3` is not valid UTF-8 at character 9 (in `t=`)"),
    (
        "UTF-8 cut short after a good character",
        "v=1&t=%C3%A9%E2%82&p=http://a/x&u=http://b/&end",
        "`%E2%82` is not valid UTF-8 at character 13 (in `t=`)",
    ),
    ("UTF-8 cut short by a character", "v=1&t=%C3A&p=http://a/x&u=http://b/&end", "`%C3` is not valid UTF-8 at character 7 (in `t=`)"),
    (
        "not UTF-8 in a header value",
        "v=1&p=http://a/x&u=http://b/&s=200&h=~ao:%80&end",
        "`%80` is not valid UTF-8 at character 42 (in `h=`)",
    ),
    ("a bad escape", "v=1&t=%G1&p=http://a/x&u=http://b/&end", "`%G1` at character 7 is not an escape (`%` and two hex digits)"),
    ("an escape cut short", "v=1&t=a%2&p=http://a/x&u=http://b/&end", "`%2` at character 8 is not an escape (`%` and two hex digits)"),
    ("an escape of a character", "v=1&t=%é0&p=http://a/x&u=http://b/&end", "`%é0` at character 7 is not an escape (`%` and two hex digits)"),
    (
        "a header without :",
        "v=1&p=http://a/x&u=http://b/&h=X-A&end",
        "the header `h=` at character 30 has no `:` after its name",
    ),
    (
        "an unknown abbreviation",
        "v=1&p=http://a/x&u=http://b/&h=~zz:1&end",
        "`~zz` at character 32 is not a shorthand here (a `~` that is really there is `%7E`)",
    ),
    (
        "an unknown shorthand",
        "v=1&p=http://a/x&u=http://b/&h=X:~x&end",
        "`~x` at character 34 is not a shorthand here (a `~` that is really there is `%7E`)",
    ),
    (
        "a shorthand where there is none",
        "v=1&t=~o&p=http://a/x&u=http://b/&end",
        "`~o` at character 7 is not a shorthand here (a `~` that is really there is `%7E`)",
    ),
    (
        "an abbreviation as a value",
        "v=1&p=http://a/x&u=http://b/&h=X:~ao&end",
        "`~ao` at character 34 is not a shorthand here (a `~` that is really there is `%7E`)",
    ),
    (
        "an unknown mode",
        "v=1&p=http://a/x&u=http://b/&mo=cros&end",
        "`mo=cros` at character 30: expected one of cors, no-cors, same-origin",
    ),
    (
        "an empty credentials mode",
        "v=1&p=http://a/x&u=http://b/&c=&end",
        "`c=` at character 30: expected one of omit, same-origin, include",
    ),
    (
        "a keyword in the wrong case",
        "v=1&p=http://a/x&u=http://b/&r=Follow&end",
        "`r=Follow` at character 30: expected one of follow, error, manual",
    ),
    ("sandboxed but not 1", "v=1&p=http://a/x&sb=true&u=http://b/&end", "`sb=true` at character 18: expected `sb=1`"),
    (
        "positions count characters, not bytes",
        "v=1&t=éé&p=http://a/x&u=http://b/&zz=&end",
        "`zz` at character 35 is not a key",
    ),
    ("controls in a message are escaped", "v=1&\n=&end", "`\\n` at character 5 is not a key"),
    ("quotes in a message are not", "v=1&'\"=&end", "`'\"` at character 5 is not a key"),
    (
        "the end of a link cut short, controls escaped",
        "v=1&t=\u{7f}'",
        "it is cut short: it ends with `v=1&t=\\u{7f}'` where `&end` should be",
    ),
];

#[test]
fn each_error_says_what_is_wrong_and_where() {
    for (description, fragment, want) in ERRORS {
        match decode(fragment) {
            Ok(draft) => panic!("{description}: {fragment:?} opened {draft:?}"),
            Err(e) => assert_eq!(e.to_string(), *want, "{description}: {fragment:?}"),
        }
    }
}

#[test]
fn a_link_longer_than_a_url_can_be_is_refused() {
    let long = format!("v=1&t={}&p=&u=&end", "a".repeat(MAX_LEN));
    assert_eq!(
        decode(&long).map_err(|e| e.to_string()),
        Err(format!(
            "it is too long ({} bytes; a link holds at most 2097152)",
            long.len()
        ))
    );
}

#[test]
fn a_link_as_long_as_a_url_can_be_is_read_in_linear_time() {
    // As many headers as a list holds, each about 20 kB long.
    let mut draft = minimal();
    let value = "b".repeat((MAX_LEN - 40) / MAX_HEADERS - 6);
    draft.request.headers = vec![header("a", &value); MAX_HEADERS];
    let fragment = encode(&draft);
    assert!(fragment.len() <= MAX_LEN, "{}", fragment.len());
    assert_eq!(decode(&fragment), Ok(draft));
    let broken = fragment.replacen("&end", "&zz=&end", 1);
    let want = format!("`zz` at character {} is not a key", fragment.len() - 2);
    assert_eq!(decode(&broken).map_err(|e| e.to_string()), Err(want));
}

#[test]
fn a_link_holds_as_many_headers_and_responses_as_a_scenario() {
    let mut draft = minimal();
    draft.request.headers = vec![header("a", "b"); MAX_HEADERS];
    let mut full = response("200");
    full.headers = vec![header("c", "d"); MAX_HEADERS];
    let most = MAX_TOTAL_HEADERS / MAX_HEADERS - 1;
    draft.server = vec![full; most];
    draft.server.resize(MAX_RESPONSES, response("200"));
    let fragment = encode(&draft);
    assert_eq!(decode(&fragment).as_ref(), Ok(&draft));
    // One header more, in a list with room for it.
    draft.server[most].headers.push(header("e", "f"));
    let refused = decode(&encode(&draft)).map_err(|e| e.to_string());
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.ends_with("a scenario holds at most 500 headers in all")),
        "{refused:?}"
    );

    // About 300,000 headers: refused at the first one too many.
    let many = format!(
        "v=1&p=http://a/x&u=http://b/{}&end",
        "&h=a:b".repeat(300_000)
    );
    let at = "v=1&p=http://a/x&u=http://b/".len() + 6 * MAX_HEADERS + 2;
    let want = format!(
        "`h=` at character {at} is one too many: a scenario holds at most 100 headers in a list"
    );
    assert_eq!(decode(&many).map_err(|e| e.to_string()), Err(want));
    let many = format!(
        "v=1&p=http://a/x&u=http://b/{}&h=a:b&end",
        "&s=200".repeat(MAX_RESPONSES + 1)
    );
    let want =
        "`s=` at character 630 is one too many: a scenario holds at most 100 server responses";
    assert_eq!(
        decode(&many).map_err(|e| e.to_string()),
        Err(want.to_string())
    );
    let mut one_response = String::from("v=1&p=http://a/x&u=http://b/&s=200");
    one_response.push_str(&"&h=a:b".repeat(MAX_HEADERS + 1));
    one_response.push_str("&end");
    assert!(decode(&one_response).is_err_and(|e| e.to_string().contains("one too many")));
}

#[test]
fn link_replaces_the_base_fragment() {
    let draft = minimal();
    let fragment = encode(&draft);
    for (base, want) in [
        (
            "http://127.0.0.1:8080/",
            format!("http://127.0.0.1:8080/#{fragment}"),
        ),
        (
            "https://x.example/corsim/#v=1&old",
            format!("https://x.example/corsim/#{fragment}"),
        ),
        (
            "https://x.example/?q=1#",
            format!("https://x.example/?q=1#{fragment}"),
        ),
        ("", format!("#{fragment}")),
    ] {
        assert_eq!(link(base, &draft), want);
        assert_eq!(
            decode(want.split_once('#').map_or("", |(_, f)| f)),
            Ok(draft.clone())
        );
    }
}

#[test]
fn abbreviations_are_distinct_and_stand_for_header_names() {
    for (i, (short, long)) in ABBREVIATIONS.iter().enumerate() {
        assert!(short.bytes().all(|b| b.is_ascii_lowercase()), "{short}");
        assert!(
            long.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'),
            "{long}"
        );
        for (other_short, other_long) in ABBREVIATIONS.iter().skip(i + 1) {
            assert_ne!(short, other_short);
            assert_ne!(long, other_long);
        }
        // Not "o" or "u": those stand for values.
        assert!(!["o", "u"].contains(short), "{short}");
    }
}

/// A tiny deterministic generator (xorshift64*), so that no dependency is
/// needed and every run tests the same drafts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    /// Text made of pieces that are troublesome for the format.
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "",
            "a",
            "Z9",
            " ",
            "+",
            "%",
            "%FF",
            "%2",
            "%41",
            "&",
            "=",
            "&end",
            "end",
            "#",
            ":",
            "~",
            "~o",
            "~u",
            "~ao",
            "v=1",
            "é",
            "😀",
            "\0",
            "\n",
            "\u{7f}",
            "\u{a0}",
            "/",
            "?",
            "'",
            "\"",
            ";",
            ",",
            "*",
            "https://",
            "http://a",
            "Access-Control-Allow-Origin",
            "GET",
            "OPTIONS",
            "200",
        ];
        (0..self.below(5)).map(|_| *self.pick(PIECES)).collect()
    }

    /// A header value: sometimes exactly what a shorthand stands for.
    fn value(&mut self, page: &str, url: &str) -> String {
        match self.below(6) {
            0 => origin_text(page).to_string(),
            1 => url.to_string(),
            _ => self.text(),
        }
    }

    fn headers(&mut self, page: &str, url: &str) -> Headers {
        (0..self.below(4))
            .map(|_| {
                let name = if self.chance(2) {
                    self.pick(ABBREVIATIONS).1.to_string()
                } else {
                    self.text()
                };
                (name, self.value(page, url))
            })
            .collect()
    }

    fn draft(&mut self) -> Draft {
        const PAGES: &[&str] = &[
            "https://app.example.com/admin",
            "http://a",
            "data:,x",
            "a://",
            "://",
            "",
        ];
        let page = if self.chance(2) {
            self.pick(PAGES).to_string()
        } else {
            self.text()
        };
        let url = if self.chance(2) {
            "https://api.example.com/x".to_string()
        } else {
            self.text()
        };
        let request = RequestDraft {
            method: if self.chance(2) {
                "GET".into()
            } else {
                self.text()
            },
            headers: self.headers(&page, &url),
            mode: self.pick(RequestMode::ALL).0,
            credentials: self.pick(CredentialsMode::ALL).0,
            redirect: self.pick(RedirectMode::ALL).0,
            url,
            ..RequestDraft::default()
        };
        let server = (0..self.below(4))
            .map(|_| ResponseDraft {
                method: self.chance(2).then(|| self.text()),
                url: self.chance(2).then(|| self.value(&page, &request.url)),
                status: if self.chance(2) {
                    "200".into()
                } else {
                    self.text()
                },
                headers: self.headers(&page, &request.url),
                ..ResponseDraft::default()
            })
            .collect();
        Draft {
            title: self.text(),
            sandboxed: self.chance(2),
            page,
            request,
            server,
            ..Draft::default()
        }
    }
}

#[test]
fn every_draft_round_trips_through_a_link_a_url_parser_keeps() {
    let mut rng = Rng(0x5EED);
    for _ in 0..5000 {
        let draft = rng.draft();
        let fragment = encode(&draft);
        assert_eq!(decode(&fragment).as_ref(), Ok(&draft), "{fragment}");
        // Nothing a URL parser would escape, and nothing a chat would cut at.
        let url = url::Url::parse(&format!("http://x/#{fragment}")).expect("a URL");
        assert_eq!(url.fragment(), Some(fragment.as_str()));
        assert!(
            fragment
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"\"<>`{|}\\^[]#".contains(&b)),
            "{fragment}"
        );
    }
}

#[test]
fn every_link_cut_short_is_refused_as_such() {
    let mut rng = Rng(0xC07);
    for _ in 0..200 {
        let fragment = encode(&rng.draft());
        for (end, _) in fragment.char_indices().skip(2) {
            let cut = &fragment[..end];
            match decode(cut).map_err(|e| e.kind().clone()) {
                Err(LinkErrorKind::CutShort { .. }) => {}
                other => panic!("{cut:?}: {other:?}"),
            }
        }
    }
}

#[test]
fn no_input_makes_decoding_panic() {
    const PIECES: &[&str] = &[
        "&", "=", "%", "%F", "%FF", "%C3", "%A9", "~", "~o", "~ao", ":", "+", "#", "é", "v=1",
        "v=2", "end", "s", "u", "m", "h", "t", "p", "sb", "mo", "c", "r", "1", "cors", "\0",
    ];
    let mut rng = Rng(0xBAD);
    for _ in 0..20_000 {
        let mut fragment = if rng.chance(2) {
            encode(&rng.draft())
        } else {
            String::new()
        };
        for _ in 0..rng.below(6) {
            let piece = *rng.pick(PIECES);
            let boundaries: Vec<usize> = (0..=fragment.len())
                .filter(|&i| fragment.is_char_boundary(i))
                .collect();
            let at = *rng.pick(&boundaries);
            if rng.chance(3) {
                // Delete a character instead.
                if let Some(c) = fragment.get(at..).and_then(|s| s.chars().next()) {
                    fragment.replace_range(at..at + c.len_utf8(), "");
                }
            } else {
                fragment.insert_str(at, piece);
            }
        }
        let fragment = if rng.chance(2) {
            format!("v=1&{fragment}&end")
        } else {
            fragment
        };
        if let Ok(draft) = decode(&fragment) {
            // What opens is a scenario, and writing it back opens it again.
            assert_eq!(decode(&encode(&draft)).as_ref(), Ok(&draft), "{fragment}");
        }
    }
}
