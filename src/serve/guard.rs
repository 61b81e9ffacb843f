//! Who may talk to the companion at all, and who may drive it.
//!
//! `corsim serve` runs on a learner's machine while they browse the web, so
//! every site they visit can make their browser send it requests. Two kinds
//! of page must not be able to change what it plays or read its log:
//!
//! - **A page of another site.** It can send a "simple" request that needs
//!   no preflight (a `text/plain` POST, a `GET` by navigation, `<img>` or
//!   `<form>`): the browser sends it, and only the answer is kept from the
//!   page. So the control API refuses a call whose `Origin` is not one of
//!   the companion's own origins, and one the browser marks
//!   `Sec-Fetch-Site: cross-site` or `same-site` (a navigation `GET` carries
//!   no `Origin`, but does carry that). `Origin: null` is refused too: it is
//!   what a sandboxed frame, a `data:` or `file:` page, or a request
//!   redirected across origins sends, and none of those is the companion's
//!   own page, while an attacker can send it at will. A call with neither
//!   header is a client that is no browser page (`curl`, node), or the
//!   address bar (`Sec-Fetch-Site: none`): the person at the machine.
//! - **A DNS-rebinding page**: `evil.example` turning its own name into
//!   127.0.0.1, so that its requests to the companion are same-origin for
//!   the browser, which then lets the page read the answers. Its requests
//!   carry `Host: evil.example`, a name the companion neither is nor plays,
//!   so any request whose `Host` is not the companion's own, nor a host the
//!   active scenario names, is refused before it is read, logged or routed.
//!
//! The companion's own names are loopback addresses, `localhost`, the
//! `*.localhost` names live mode runs scenarios under (browsers resolve them
//! to loopback themselves, so no DNS can rebind them), and the address the
//! connection arrived on (for `--address` set to a LAN address), each on the
//! port the request arrived on (no port: the scheme's default). Its own
//! origins are those names with the scheme and port the request arrived on:
//! the app it serves, same-origin with the control API it calls.
//!
//! Hosts the active scenario names (`app.example.com`, mapped to loopback by
//! the browser) are still answered exactly as the scenario scripts, whatever
//! their `Origin`: that openness is the lesson. Only the control API is
//! kept from them, since a scenario may name a host whose DNS an attacker
//! runs. Any other host gets the 403 too, the built app included: the app
//! is static and public, but a name the companion neither is nor plays can
//! only be a mistake or a rebinding page, and one check at the door, before
//! any path is looked at, is easier to trust than one per path.
//!
//! The port is part of the check, so a tunnel that changes it
//! (`ssh -L 9000:127.0.0.1:8080`) is refused: forward to the same port.
//!
//! What this does not do: stop another program on the machine (it can send
//! any header it likes); stop a browser that sends neither `Origin` nor
//! `Sec-Fetch-Site` from being navigated by another site to
//! `/__corsim/open`, which can only switch among the scenarios already
//! loaded (browsers send `Sec-Fetch-Site` only to potentially trustworthy
//! origins, which loopback is and a LAN `http:` address is not, and old
//! ones not at all); keep other sites from sending requests to the played
//! hosts or the app on the companion's own names, which are answered and
//! logged like any other: they are as open as the scenario scripts them,
//! on purpose.

use std::net::{IpAddr, SocketAddr};

use corsim_app::live::ControlError;
use hyper::header::{HeaderValue, CACHE_CONTROL};
use hyper::{Response, StatusCode};
use url::{Host, Url};

use super::answer::{self, Body};
use super::route::Scheme;

/// Where a request arrived: the listener's scheme and the local end of the
/// connection (the address and port the client reached).
#[derive(Clone, Copy, Debug)]
pub struct Reached {
    pub scheme: Scheme,
    pub local: SocketAddr,
}

/// Why a request is not answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The request's host is neither the companion's nor played; `None`
    /// when it names no host that could be read.
    ForeignHost(Option<String>),
    /// The control API, asked on a host the scenario plays.
    ControlOnPlayedHost(String),
    /// A control call whose `Origin` is another origin.
    ForeignOrigin(String),
    /// A control call with `Origin: null`.
    OpaqueOrigin,
    /// A control call the browser marks as made by another site.
    OtherSite(String),
}

impl Refusal {
    /// The one line the answer gives: `refused: ` and why.
    pub fn message(&self) -> String {
        format!("refused: {}", self.reason())
    }

    /// Why, in one line.
    pub fn reason(&self) -> String {
        const WHO: &str = "only corsim serve's own pages and the command line may call it";
        match self {
            Refusal::ForeignHost(None) => {
                "the request names no host corsim serve can read".to_string()
            }
            Refusal::ForeignHost(Some(host)) => format!(
                "Host {host:?} is not corsim serve's own (a loopback address, \
                 localhost or *.localhost, on the port it was reached on) nor a host the \
                 active scenario names"
            ),
            Refusal::ControlOnPlayedHost(host) => format!(
                "the control API answers on corsim serve's own names \
                 (a loopback address, localhost or *.localhost), not on {host:?}, \
                 a host the scenario plays"
            ),
            Refusal::ForeignOrigin(origin) => {
                format!("a control call from another origin ({origin}); {WHO}")
            }
            Refusal::OpaqueOrigin => {
                format!("a control call from an opaque origin (Origin: null); {WHO}")
            }
            Refusal::OtherSite(site) => format!(
                "the browser says another site made this control call \
                 (Sec-Fetch-Site: {site}); {WHO}"
            ),
        }
    }

    /// 403 with `{"error": message}` on one line.
    pub fn response(&self) -> Response<Body> {
        let error = ControlError {
            error: self.message(),
        };
        let mut text = serde_json::to_string(&error).unwrap_or_default();
        text.push('\n');
        let mut response = answer::sized(StatusCode::FORBIDDEN, "application/json", text);
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// Whether a request may go any further: its host first, then, for a
/// control call, who made it. `url` is the URL it was made for (`None` when
/// it names no usable host), `played` whether the active scenario names that
/// URL's host.
pub fn check(
    reached: &Reached,
    url: Option<&Url>,
    played: bool,
    control: bool,
    headers: &[(String, Vec<u8>)],
) -> Result<(), Refusal> {
    admit(reached, url, played, control)?;
    if control {
        control_caller(reached, headers)
    } else {
        Ok(())
    }
}

/// Whether the request's host may be answered at all.
fn admit(reached: &Reached, url: Option<&Url>, played: bool, control: bool) -> Result<(), Refusal> {
    let own = url.is_some_and(|url| is_own(reached, url));
    let host = || url.and_then(Url::host_str).map(str::to_string);
    match (own, played) {
        (true, _) => Ok(()),
        (false, true) if control => Err(Refusal::ControlOnPlayedHost(host().unwrap_or_default())),
        (false, true) => Ok(()),
        (false, false) => Err(Refusal::ForeignHost(host())),
    }
}

/// Whether a control call comes from the companion's own page or from no
/// page at all, by its `Origin` and `Sec-Fetch-Site` headers.
fn control_caller(reached: &Reached, headers: &[(String, Vec<u8>)]) -> Result<(), Refusal> {
    let values = |name: &'static str| {
        headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    };
    for origin in values("origin") {
        if origin == b"null" {
            return Err(Refusal::OpaqueOrigin);
        }
        if !is_own_origin(reached, origin) {
            return Err(Refusal::ForeignOrigin(
                String::from_utf8_lossy(origin).into_owned(),
            ));
        }
    }
    for site in values("sec-fetch-site") {
        // `none` is the person at the browser: the address bar, a bookmark.
        if !matches!(site, b"same-origin" | b"none") {
            return Err(Refusal::OtherSite(
                String::from_utf8_lossy(site).into_owned(),
            ));
        }
    }
    Ok(())
}

/// Whether `url` (a request's URL, with the scheme it arrived by) names the
/// companion: one of its own names, on the port it was reached on.
fn is_own(reached: &Reached, url: &Url) -> bool {
    url.port_or_known_default() == Some(reached.local.port())
        && url.host().is_some_and(|host| is_own_name(reached, host))
}

fn is_own_name(reached: &Reached, host: Host<&str>) -> bool {
    let local = reached.local.ip().to_canonical();
    match host {
        // The URL parser has lower-cased the name.
        Host::Domain(name) => name == "localhost" || name.ends_with(".localhost"),
        Host::Ipv4(ip) => ip.is_loopback() || IpAddr::V4(ip) == local,
        Host::Ipv6(ip) => ip.is_loopback() || IpAddr::V6(ip).to_canonical() == local,
    }
}

/// Whether an `Origin` value is one of the companion's own origins: an
/// origin exactly as a browser serializes it, with the scheme the request
/// arrived by, naming the companion.
fn is_own_origin(reached: &Reached, origin: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(origin) else {
        return false;
    };
    let Ok(url) = Url::parse(text) else {
        return false;
    };
    url.origin().ascii_serialization() == text
        && url.scheme() == reached.scheme.as_str()
        && is_own(reached, &url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reached(scheme: Scheme, local: &str) -> Reached {
        Reached {
            scheme,
            local: local.parse().unwrap(),
        }
    }

    /// (description, reached, the request's URL, played, control, admitted)
    type HostCase<'a> = (&'a str, Reached, Option<&'a str>, bool, bool, bool);
    /// (description, reached, the control call's headers, admitted)
    type CallerCase<'a> = (&'a str, Reached, &'a [(&'a str, &'a str)], bool);

    /// The companion as live mode runs it: http on 8080, on loopback.
    fn http_8080() -> Reached {
        reached(Scheme::Http, "127.0.0.1:8080")
    }

    #[test]
    fn the_companion_answers_its_own_names_and_the_played_hosts() {
        let on_80 = reached(Scheme::Http, "127.0.0.1:80");
        let on_443 = reached(Scheme::Https, "127.0.0.1:443");
        let on_lan = reached(Scheme::Http, "192.168.1.5:8080");
        let on_any_v6 = reached(Scheme::Http, "[::ffff:192.168.1.5]:8080");
        let on_v6 = reached(Scheme::Http, "[::1]:8080");
        #[rustfmt::skip]
        let cases: [HostCase; 23] = [
            ("loopback, its port", http_8080(), Some("http://127.0.0.1:8080/__corsim/log"), false, true, true),
            ("all of 127/8 is loopback", http_8080(), Some("http://127.1.2.3:8080/"), false, true, true),
            ("localhost", http_8080(), Some("http://localhost:8080/__corsim/log"), false, true, true),
            ("a live-mode name", http_8080(), Some("http://app.example.com.r1.localhost:8080/"), false, true, true),
            ("IPv6 loopback", on_v6, Some("http://[::1]:8080/__corsim/log"), false, true, true),
            ("no port: port 80", on_80, Some("http://127.0.0.1/__corsim/log"), false, true, true),
            ("no port: port 443", on_443, Some("https://localhost/__corsim/log"), false, true, true),
            ("the LAN address it was reached on", on_lan, Some("http://192.168.1.5:8080/"), false, true, true),
            ("the same, by a dual-stack socket", on_any_v6, Some("http://192.168.1.5:8080/"), false, true, true),
            ("another LAN address", on_lan, Some("http://192.168.1.6:8080/"), false, false, false),
            ("no port, reached on 8080", http_8080(), Some("http://127.0.0.1/__corsim/log"), false, true, false),
            ("another port", http_8080(), Some("http://localhost:3000/__corsim/log"), false, true, false),
            ("a rebinding name, control", http_8080(), Some("http://evil.example:8080/__corsim/log"), false, true, false),
            ("a rebinding name, the app", http_8080(), Some("http://evil.example:8080/"), false, false, false),
            ("localhost as a label, not the name", http_8080(), Some("http://localhost.evil.example:8080/"), false, false, false),
            ("a name ending in localhost", http_8080(), Some("http://evillocalhost:8080/"), false, false, false),
            ("0.0.0.0 is not loopback", http_8080(), Some("http://0.0.0.0:8080/__corsim/log"), false, true, false),
            ("no Host at all", http_8080(), None, false, false, false),
            ("a played host", http_8080(), Some("http://app.example.com/edit"), true, false, true),
            ("a played host on another port", on_443, Some("https://api.example.com:8443/x"), true, false, true),
            ("the control API on a played host", http_8080(), Some("http://app.example.com/__corsim/log"), true, true, false),
            ("a played own name keeps the control API", http_8080(), Some("http://api.example.com.r1.localhost:8080/__corsim/log"), true, true, true),
            ("a host no longer played", http_8080(), Some("http://app.example.com/edit"), false, false, false),
        ];
        for (what, reached, url, played, control, want) in cases {
            let parsed = url.map(|u| Url::parse(u).unwrap());
            let got = admit(&reached, parsed.as_ref(), played, control);
            assert_eq!(got.is_ok(), want, "{what}: {url:?}: {got:?}");
        }
    }

    #[test]
    fn a_refusal_says_which_host() {
        let url = Url::parse("http://evil.example:8080/__corsim/log").unwrap();
        assert_eq!(
            admit(&http_8080(), Some(&url), false, true),
            Err(Refusal::ForeignHost(Some("evil.example".into())))
        );
        let url = Url::parse("http://app.example.com/__corsim/log").unwrap();
        assert_eq!(
            admit(&http_8080(), Some(&url), true, true),
            Err(Refusal::ControlOnPlayedHost("app.example.com".into()))
        );
    }

    #[test]
    fn only_the_companions_own_pages_and_no_page_may_call_it() {
        let https = reached(Scheme::Https, "127.0.0.1:8443");
        #[rustfmt::skip]
        let cases: [CallerCase; 22] = [
            ("curl: no Origin, no Sec-Fetch-Site", http_8080(), &[], true),
            ("node's fetch", http_8080(), &[("sec-fetch-mode", "cors")], true),
            ("the address bar", http_8080(), &[("sec-fetch-site", "none")], true),
            ("the app, same-origin GET", http_8080(), &[("sec-fetch-site", "same-origin")], true),
            ("the app, same-origin POST", http_8080(), &[("origin", "http://127.0.0.1:8080"), ("sec-fetch-site", "same-origin")], true),
            ("the app at localhost", http_8080(), &[("origin", "http://localhost:8080")], true),
            ("the app at a *.localhost name", http_8080(), &[("Origin", "http://app.r1.localhost:8080")], true),
            ("the app over https", https, &[("origin", "https://localhost:8443")], true),
            ("the cross-site simple POST", http_8080(), &[("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")], false),
            ("another origin, no Sec-Fetch-Site", http_8080(), &[("origin", "https://evil.example")], false),
            ("a cross-site navigation", http_8080(), &[("sec-fetch-site", "cross-site")], false),
            ("a same-site page on another port", http_8080(), &[("sec-fetch-site", "same-site")], false),
            ("an unknown Sec-Fetch-Site", http_8080(), &[("sec-fetch-site", "cross-origin")], false),
            ("a sandboxed or redirected caller", http_8080(), &[("origin", "null")], false),
            ("another local server's page", http_8080(), &[("origin", "http://localhost:3000")], false),
            ("own name, other scheme", http_8080(), &[("origin", "https://127.0.0.1:8080")], false),
            ("a rebinding page's origin", http_8080(), &[("origin", "http://evil.example:8080")], false),
            ("no port is port 80", http_8080(), &[("origin", "http://127.0.0.1")], false),
            ("not a serialized origin", http_8080(), &[("origin", "http://127.0.0.1:8080/")], false),
            ("not an origin at all", http_8080(), &[("origin", "127.0.0.1:8080")], false),
            ("one of two Origins is another", http_8080(), &[("origin", "http://127.0.0.1:8080"), ("origin", "https://evil.example")], false),
            ("own Origin, but cross-site", http_8080(), &[("origin", "http://localhost:8080"), ("sec-fetch-site", "cross-site")], false),
        ];
        for (what, reached, headers, want) in cases {
            let headers: Vec<(String, Vec<u8>)> = headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
                .collect();
            let got = control_caller(&reached, &headers);
            assert_eq!(got.is_ok(), want, "{what}: {headers:?}: {got:?}");
        }
    }

    #[test]
    fn the_host_is_checked_first_and_only_control_calls_for_their_caller() {
        let headers = |pairs: &[(&str, &str)]| -> Vec<(String, Vec<u8>)> {
            pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
                .collect()
        };
        let url = |u: &str| Url::parse(u).unwrap();
        let cross_site = headers(&[
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ]);
        // Another site may load the app, as any static page.
        let app = url("http://127.0.0.1:8080/index.html");
        assert_eq!(
            check(&http_8080(), Some(&app), false, false, &cross_site),
            Ok(())
        );
        // But not drive the companion.
        let log = url("http://127.0.0.1:8080/__corsim/log");
        assert_eq!(
            check(&http_8080(), Some(&log), false, true, &cross_site),
            Err(Refusal::ForeignOrigin("https://evil.example".into()))
        );
        // A rebinding page's call looks same-origin: its Host gives it away.
        let rebound = url("http://evil.example:8080/__corsim/log");
        let same_origin = headers(&[
            ("origin", "http://evil.example:8080"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert_eq!(
            check(&http_8080(), Some(&rebound), false, true, &same_origin),
            Err(Refusal::ForeignHost(Some("evil.example".into())))
        );
    }

    #[test]
    fn a_refusal_is_a_403_with_one_line_of_json() {
        let refusal = control_caller(
            &http_8080(),
            &[("origin".into(), b"https://evil.example".to_vec())],
        )
        .unwrap_err();
        assert_eq!(
            refusal,
            Refusal::ForeignOrigin("https://evil.example".into())
        );
        let response = refusal.response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let message = refusal.message();
        assert!(!message.contains('\n'), "{message}");
        assert!(message.contains("https://evil.example"), "{message}");
    }
}
