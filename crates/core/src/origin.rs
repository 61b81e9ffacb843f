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
mod tests;

/// Whether the URL's host is the name `localhost` or one below it.
pub fn is_localhost_name(url: &Url) -> bool {
    matches!(url.host(), Some(url::Host::Domain(name))
        if name.trim_end_matches('.') == "localhost" || name.trim_end_matches('.').ends_with(".localhost"))
}

/// Whether a URL's host is, as far as its name tells, on the public
/// internet: not a loopback, private or link-local address, not `localhost`
/// or a name under `.localhost` or `.local`. Local Network Access, which
/// guards requests from public pages to the others, is decided by where a
/// name resolves; the core knows only the name.
pub fn is_public_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => !(ip.is_loopback() || ip.is_private() || ip.is_link_local()),
        Some(url::Host::Ipv6(ip)) => !ip.is_loopback(),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.');
            !(name == "localhost" || name.ends_with(".localhost") || name.ends_with(".local"))
        }
        None => false,
    }
}

/// The [IP address space](https://wicg.github.io/local-network-access/#ip-address-space)
/// of a URL's host as far as its name tells, as the contract defaults it:
/// loopback names and addresses (`localhost`, `*.localhost`, 127.0.0.0/8,
/// `[::1]`) are local; the private ranges (10/8, 172.16/12, 192.168/16,
/// fc00::/7) private; every other host public.
pub fn default_address_space(url: &Url) -> crate::scenario::AddressSpace {
    use crate::scenario::AddressSpace;
    match url.host() {
        Some(url::Host::Ipv4(ip)) if ip.is_loopback() => AddressSpace::Local,
        Some(url::Host::Ipv4(ip)) if ip.is_private() => AddressSpace::Private,
        Some(url::Host::Ipv6(ip)) if ip.is_loopback() => AddressSpace::Local,
        Some(url::Host::Ipv6(ip)) if (ip.segments()[0] & 0xfe00) == 0xfc00 => AddressSpace::Private,
        Some(url::Host::Domain(_)) if is_localhost_name(url) => AddressSpace::Local,
        None => AddressSpace::Local,
        _ => AddressSpace::Public,
    }
}
