//! Which answer a request gets. Pure, so that it is tested without sockets.

use std::collections::BTreeSet;

use corsim_core::fetch::{respond, Response};
use corsim_core::scenario::Scenario;
use corsim_core::url_equivalence::equals_excluding_fragments;
use hyper::http::request::Parts;
use url::Url;

use super::Loaded;

/// The two schemes the server speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn of(url: &Url) -> Option<Scheme> {
        match url.scheme() {
            "http" => Some(Scheme::Http),
            "https" => Some(Scheme::Https),
            _ => None,
        }
    }
}

/// What answers a request (the control API is decided before this).
#[derive(Debug)]
pub enum Route {
    /// The page that runs the active scenario's `fetch()`.
    Page,
    /// The scenario's scripted answer, or its 404 with no headers.
    Scripted(Response),
    /// The built app, for a host the active scenario does not name.
    App,
}

/// Decides who answers `method url`. `url` is `None` when the request named
/// no usable host: it then gets the scenario's 404.
pub fn route(
    active: Option<&Loaded>,
    method: &str,
    url: Option<&Url>,
    headers: &[(String, Vec<u8>)],
) -> Route {
    let Some(url) = url else {
        return Route::Scripted(not_found());
    };
    let Some(loaded) = active else {
        return Route::App;
    };
    // The scenario's page, and the other pages (tabs) its requests come from.
    let is_page = loaded
        .scenarios
        .iter()
        .any(|s| Scheme::of(&s.page).is_some() && equals_excluding_fragments(url, &s.page));
    if is_page && is_navigation(method, headers) {
        return Route::Page;
    }
    match url.host_str() {
        Some(host) if loaded.hosts.contains(host) => {
            Route::Scripted(respond_counted(loaded, method, url))
        }
        _ => Route::App,
    }
}

/// The answer of the first entry that matches and has not answered its
/// `times` yet (`Loaded::uses`), as the core passes over an exhausted entry.
/// An entry without a `url` answers the URL of the request it is matched
/// for: the first of the scenario's requests to this URL.
fn respond_counted(loaded: &Loaded, method: &str, url: &Url) -> Response {
    let Some(scenario) = loaded
        .scenarios
        .iter()
        .find(|s| equals_excluding_fragments(&s.request.url, url))
        .or(loaded.scenarios.first())
    else {
        return not_found();
    };
    let open: Vec<usize> = (0..scenario.server.len())
        .filter(|&i| {
            scenario.server[i]
                .times
                .is_none_or(|times| loaded.uses.get(i).copied().unwrap_or(0) < times)
        })
        .collect();
    let mut remaining = scenario.clone();
    remaining.server = open.iter().map(|&i| scenario.server[i].clone()).collect();
    let mut response = respond(&remaining, method, url);
    response.entry = response.entry.and_then(|i| open.get(i).copied());
    response
}

/// A browser loading a document or a frame says so in `Sec-Fetch-Dest`;
/// a client that sends no such header (curl, a test) is taken to navigate
/// when it GETs without an `Origin`.
fn is_navigation(method: &str, headers: &[(String, Vec<u8>)]) -> bool {
    match header(headers, "sec-fetch-dest") {
        Some(dest) => matches!(
            dest,
            b"document" | b"iframe" | b"frame" | b"embed" | b"object"
        ),
        None => method == "GET" && header(headers, "origin").is_none(),
    }
}

fn header<'h>(headers: &'h [(String, Vec<u8>)], name: &str) -> Option<&'h [u8]> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_slice())
}

fn not_found() -> Response {
    Response::unmatched()
}

/// The URL a request was made for: its scheme, its `Host` (or the authority
/// of an absolute-form target) and its path. `Err` holds what could be
/// read of it when that is no URL.
pub fn request_url(scheme: Scheme, parts: &Parts) -> Result<Url, String> {
    let host = parts
        .uri
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            parts
                .headers
                .get(hyper::header::HOST)
                .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
        })
        .unwrap_or_default();
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let raw = format!("{}://{host}{path}", scheme.as_str());
    match Url::parse(&raw) {
        Ok(url) if !host.is_empty() && url.host_str().is_some() => Ok(url),
        _ => Err(raw),
    }
}

/// The host names whose requests get the scenario's scripted answers: those
/// of every request's scenario.
pub fn hosts(scenarios: &[Scenario]) -> BTreeSet<String> {
    scenarios
        .iter()
        .flat_map(Scenario::named_urls)
        .filter_map(|u| u.host_str().map(str::to_string))
        .collect()
}

/// The ports the scenario's URLs name besides their scheme's default: the
/// server listens there too, so that `http://localhost:3000` is answered.
pub fn ports(scenarios: &[Scenario]) -> BTreeSet<(Scheme, u16)> {
    scenarios
        .iter()
        .flat_map(Scenario::named_urls)
        .filter_map(|u| Some((Scheme::of(&u)?, u.port()?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use corsim_core::scenario::Timeline;

    fn loaded(json: &str) -> Loaded {
        Loaded::new(
            "test".into(),
            Timeline::from_json(json).expect("a valid scenario"),
        )
    }

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
            .collect()
    }

    const SCENARIO: &str = r#"{"version": 1, "page": "https://app.example.com/admin#top",
        "request": {"url": "https://api.example.com/users/7", "method": "DELETE"},
        "server": [
          {"method": "OPTIONS", "status": 204, "headers": [["Access-Control-Allow-Origin", "*"]]},
          {"status": 302, "headers": [["Location", "https://cdn.example.net:8443/u/7"]]},
          {"url": "http://localhost:3000/x", "status": 200}
        ]}"#;

    #[test]
    fn each_request_gets_its_answer() {
        let s = loaded(SCENARIO);
        let url = |u: &str| Url::parse(u).unwrap();
        let document = headers(&[("sec-fetch-dest", "document")]);
        let fetch = headers(&[
            ("sec-fetch-dest", "empty"),
            ("origin", "https://app.example.com"),
        ]);
        // (description, method, url, headers, want)
        type Headers = [(String, Vec<u8>)];
        let cases: Vec<(&str, &str, Url, &Headers, &str)> = vec![
            (
                "the page, navigated to",
                "GET",
                url("https://app.example.com/admin"),
                &document,
                "page",
            ),
            (
                "the page, by a client without Sec-Fetch-Dest",
                "GET",
                url("https://app.example.com/admin"),
                &[],
                "page",
            ),
            (
                "the page's URL fetched by a script",
                "GET",
                url("https://app.example.com/admin"),
                &fetch,
                "unmatched",
            ),
            (
                "the page over http is another URL",
                "GET",
                url("http://app.example.com/admin"),
                &document,
                "unmatched",
            ),
            (
                "the favicon of the page's origin",
                "GET",
                url("https://app.example.com/favicon.ico"),
                &[],
                "unmatched",
            ),
            (
                "the preflight",
                "OPTIONS",
                url("https://api.example.com/users/7"),
                &fetch,
                "server[0]",
            ),
            (
                "the request",
                "DELETE",
                url("https://api.example.com/users/7"),
                &fetch,
                "server[1]",
            ),
            (
                "an entry with its own URL",
                "GET",
                url("http://localhost:3000/x"),
                &fetch,
                "server[2]",
            ),
            (
                "where a redirect points, unscripted",
                "GET",
                url("https://cdn.example.net:8443/u/7"),
                &fetch,
                "unmatched",
            ),
            (
                "a host the scenario does not name",
                "GET",
                url("http://127.0.0.1/index.html"),
                &document,
                "app",
            ),
        ];
        for (what, method, url, headers, want) in cases {
            let got = match route(Some(&s), method, Some(&url), headers) {
                Route::Page => "page".to_string(),
                Route::App => "app".to_string(),
                Route::Scripted(r) => match r.entry {
                    Some(i) => format!("server[{i}]"),
                    None => "unmatched".to_string(),
                },
            };
            assert_eq!(got, want, "{what}: {method} {url}");
        }
    }

    #[test]
    fn without_a_scenario_everything_is_the_app() {
        let url = Url::parse("https://api.example.com/data").unwrap();
        assert!(matches!(route(None, "GET", Some(&url), &[]), Route::App));
        assert!(matches!(
            route(None, "GET", None, &[]),
            Route::Scripted(Response { status: 404, .. })
        ));
    }

    #[test]
    fn the_scenario_names_its_hosts_and_ports() {
        let s = loaded(SCENARIO);
        let hosts: Vec<&str> = s.hosts.iter().map(String::as_str).collect();
        assert_eq!(
            hosts,
            [
                "api.example.com",
                "app.example.com",
                "cdn.example.net",
                "localhost"
            ]
        );
        let ports: Vec<(Scheme, u16)> = ports(&s.scenarios).into_iter().collect();
        assert_eq!(ports, [(Scheme::Http, 3000), (Scheme::Https, 8443)]);
    }
}
