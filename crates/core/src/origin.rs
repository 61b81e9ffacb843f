//! [Origins](https://html.spec.whatwg.org/multipage/browsers.html#concept-origin):
//! tuple or opaque, their serialization and the same-origin comparison.

use serde::Serialize;
use url::{Host, Url};

/// An origin: a (scheme, host, port) tuple, or opaque.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Tuple {
        scheme: String,
        /// The host as the URL parser serializes it: lower-case, IDN as
        /// punycode, IPv6 in brackets.
        host: String,
        /// The port, with the scheme's default filled in (as the tuple holds it
        /// for comparison; serialization leaves a default port out).
        port: u16,
    },
    /// An opaque origin (`file:`, `data:`, sandboxed documents). Each one is
    /// unique, so it is never same origin with another origin.
    Opaque,
}

impl Origin {
    /// The [origin](https://url.spec.whatwg.org/#concept-url-origin) of a URL.
    pub fn of(url: &Url) -> Origin {
        match url.scheme() {
            // "blob": the origin of the URL in its path.
            "blob" => match Url::parse(url.path()) {
                Ok(inner) if matches!(inner.scheme(), "http" | "https") => Origin::of(&inner),
                _ => Origin::Opaque,
            },
            "ftp" | "http" | "https" | "ws" | "wss" => {
                match (url.host_str(), url.port_or_known_default()) {
                    (Some(host), Some(port)) => Origin::Tuple {
                        scheme: url.scheme().to_string(),
                        host: host.to_string(),
                        port,
                    },
                    _ => Origin::Opaque,
                }
            }
            _ => Origin::Opaque,
        }
    }

    /// [ASCII serialization](https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin):
    /// `scheme://host[:port]`, the port left out when it is the default, or
    /// `null` for an opaque origin.
    pub fn serialize(&self) -> String {
        match self {
            Origin::Opaque => "null".to_string(),
            Origin::Tuple { scheme, host, port } => {
                if default_port(scheme) == Some(*port) {
                    format!("{scheme}://{host}")
                } else {
                    format!("{scheme}://{host}:{port}")
                }
            }
        }
    }

    /// [Same origin](https://html.spec.whatwg.org/multipage/browsers.html#same-origin):
    /// two tuple origins with equal scheme, host and port. An opaque origin
    /// here always stands for a fresh one, so it is never same origin.
    pub fn same_origin(&self, other: &Origin) -> bool {
        matches!((self, other), (Origin::Tuple { .. }, Origin::Tuple { .. }) if self == other)
    }

    /// [Same site](https://html.spec.whatwg.org/multipage/browsers.html#same-site),
    /// approximated without the public suffix list: same scheme and the same
    /// last two host labels (or the same host). Only used to tell
    /// "same-site" from "cross-site" redirect taint, which both serialize the
    /// origin as `null`, so the approximation never changes a verdict.
    pub fn same_site(&self, other: &Origin) -> bool {
        match (self, other) {
            (
                Origin::Tuple {
                    scheme: a,
                    host: ha,
                    ..
                },
                Origin::Tuple {
                    scheme: b,
                    host: hb,
                    ..
                },
            ) => a == b && registrable_part(ha) == registrable_part(hb),
            _ => false,
        }
    }
}

fn registrable_part(host: &str) -> &str {
    if host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok() {
        return host;
    }
    match host.rmatch_indices('.').nth(1) {
        Some((dot, _)) => &host[dot + 1..],
        None => host,
    }
}

/// The [default port](https://url.spec.whatwg.org/#default-port) of a special scheme.
pub fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "ftp" => Some(21),
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

/// Whether a URL is [potentially trustworthy](https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy):
/// what mixed-content blocking lets an `https:` page fetch.
pub fn is_potentially_trustworthy(url: &Url) -> bool {
    match url.scheme() {
        // "If url is "about:blank" or "about:srcdoc", return "Potentially Trustworthy"."
        "about" => matches!(url.path(), "blank" | "srcdoc") && url.query().is_none(),
        // A `blob:` URL's origin is the origin of the URL in its path.
        "blob" => Url::parse(url.path()).is_ok_and(|inner| {
            matches!(inner.scheme(), "http" | "https") && is_potentially_trustworthy(&inner)
        }),
        "https" | "wss" | "data" | "file" => true,
        "http" | "ws" => match url.host() {
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            Some(Host::Domain(name)) => {
                let name = name.trim_end_matches('.');
                name == "localhost" || name.ends_with(".localhost")
            }
            None => false,
        },
        _ => false,
    }
}

/// One row of the same-origin comparison a learner sees: a component of the
/// page's origin beside the same component of the target's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ComponentMatch {
    pub page: String,
    pub target: String,
    pub same: bool,
}

/// The same-origin comparison of page and target, component by component,
/// with default ports written out so that `:443` versus nothing is visible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OriginComparison {
    pub page_origin: String,
    pub target_origin: String,
    /// `None` when either origin is opaque: there are no components to compare.
    pub scheme: Option<ComponentMatch>,
    pub host: Option<ComponentMatch>,
    pub port: Option<ComponentMatch>,
    pub same_origin: bool,
}

impl OriginComparison {
    pub fn new(page: &Origin, target: &Origin) -> Self {
        let rows = match (page, target) {
            (
                Origin::Tuple {
                    scheme: ps,
                    host: ph,
                    port: pp,
                },
                Origin::Tuple {
                    scheme: ts,
                    host: th,
                    port: tp,
                },
            ) => Some((
                row(ps, ts),
                row(ph, th),
                row(&pp.to_string(), &tp.to_string()),
            )),
            _ => None,
        };
        let (scheme, host, port) = match rows {
            Some((s, h, p)) => (Some(s), Some(h), Some(p)),
            None => (None, None, None),
        };
        OriginComparison {
            page_origin: page.serialize(),
            target_origin: target.serialize(),
            scheme,
            host,
            port,
            same_origin: page.same_origin(target),
        }
    }
}

fn row(page: &str, target: &str) -> ComponentMatch {
    ComponentMatch {
        page: page.to_string(),
        target: target.to_string(),
        same: page == target,
    }
}

#[cfg(test)]
mod tests {
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
}
