use super::*;

fn origin(url: &str) -> Origin {
    Origin::of(&Url::parse(url).expect("test URLs parse"))
}

/// (description, URL, serialized origin)
const SERIALIZATION: &[(&str, &str, &str)] = &[
    (
        "default https port left out",
        "https://example.com:443/a",
        "https://example.com",
    ),
    (
        "default http port left out",
        "http://example.com:80/",
        "http://example.com",
    ),
    (
        "other port kept",
        "https://example.com:8443/",
        "https://example.com:8443",
    ),
    (
        "host lower-cased",
        "https://API.Example.COM/",
        "https://api.example.com",
    ),
    (
        "IDN as punycode",
        "https://bücher.example/",
        "https://xn--bcher-kva.example",
    ),
    (
        "IPv6 in brackets",
        "http://[::1]:3000/",
        "http://[::1]:3000",
    ),
    ("IPv4 normalised", "http://0x7f.1/", "http://127.0.0.1"),
    (
        "path, query, credentials dropped",
        "https://u:p@a.example/x?y#z",
        "https://a.example",
    ),
    ("file is opaque", "file:///home/me/index.html", "null"),
    ("data is opaque", "data:text/html,hi", "null"),
    ("about:blank is opaque here", "about:blank", "null"),
    (
        "blob takes its inner origin",
        "blob:https://a.example/uuid",
        "https://a.example",
    ),
];

#[test]
fn serialization_table() {
    for (description, url, want) in SERIALIZATION {
        let got = origin(url).serialize();
        assert_eq!(&got, want, "{description}: {url}");
    }
}

/// (description, a, b, same origin)
const SAME_ORIGIN: &[(&str, &str, &str, bool)] = &[
    (
        "path differs",
        "https://a.example/x",
        "https://a.example/y",
        true,
    ),
    (
        "explicit default port",
        "https://a.example/",
        "https://a.example:443/",
        true,
    ),
    (
        "http vs https",
        "http://a.example/",
        "https://a.example/",
        false,
    ),
    (
        "subdomain",
        "https://a.example/",
        "https://www.a.example/",
        false,
    ),
    (
        "port differs",
        "https://a.example/",
        "https://a.example:8443/",
        false,
    ),
    (
        "case differs only",
        "https://A.example/",
        "https://a.example/",
        true,
    ),
    ("opaque never matches", "file:///a", "file:///a", false),
];

#[test]
fn same_origin_table() {
    for (description, a, b, want) in SAME_ORIGIN {
        let got = origin(a).same_origin(&origin(b));
        assert_eq!(got, *want, "{description}: {a} vs {b}");
    }
}

/// (description, URL, potentially trustworthy)
const TRUSTWORTHY: &[(&str, &str, bool)] = &[
    ("https", "https://a.example/", true),
    ("plain http", "http://a.example/", false),
    ("localhost", "http://localhost:3000/", true),
    ("sub.localhost", "http://api.localhost/", true),
    ("loopback v4", "http://127.0.0.5/", true),
    ("loopback v6", "http://[::1]/", true),
    ("private address is not", "http://192.168.1.2/", false),
    ("about:blank", "about:blank", true),
    ("about:srcdoc", "about:srcdoc", true),
    ("other about: URLs are not", "about:config", false),
    (
        "a blob of an https origin",
        "blob:https://a.example/0000",
        true,
    ),
    (
        "a blob of an http origin is not",
        "blob:http://a.example/0000",
        false,
    ),
    ("a blob of an opaque origin is not", "blob:null/0000", false),
    ("data", "data:text/plain,hi", true),
    ("ftp is not", "ftp://a.example/", false),
];

#[test]
fn potentially_trustworthy_table() {
    for (description, url, want) in TRUSTWORTHY {
        let got = is_potentially_trustworthy(&Url::parse(url).expect("parses"));
        assert_eq!(got, *want, "{description}: {url}");
    }
}

#[test]
fn comparison_shows_default_ports() {
    let c = OriginComparison::new(
        &origin("https://a.example/"),
        &origin("https://a.example:8443/"),
    );
    let port = c.port.expect("tuple origins have ports");
    assert_eq!(
        (port.page.as_str(), port.target.as_str(), port.same),
        ("443", "8443", false)
    );
    assert!(!c.same_origin);
}

#[path = "../../../../tests/idn/hosts.rs"]
mod idn_hosts;

#[test]
fn hosts_map_to_ascii_as_tests_idn_hosts_json_says() {
    let wrong = idn_hosts::mismatches();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
