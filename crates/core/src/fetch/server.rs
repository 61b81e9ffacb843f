//! The scripted server: which `server` entry answers a request.

use url::Url;

use crate::header::{normalize_header_value, Header, HeaderList};
use crate::scenario::Scenario;

/// A response as it arrives from the network.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderList,
    /// Index of the `server` entry that answered, or `None` for the default 404.
    pub entry: Option<usize>,
}

/// The first entry whose method and URL match; 404 with no headers otherwise.
pub fn respond(scenario: &Scenario, method: &str, url: &Url) -> Response {
    let wanted = without_fragment(url);
    let request_url = without_fragment(&scenario.request.url);
    let matches = |entry: &crate::scenario::ServerResponse| {
        let method_matches = match &entry.method {
            None => method != "OPTIONS",
            Some(m) => m == method,
        };
        let url_matches = match &entry.url {
            None => request_url == wanted,
            Some(u) => without_fragment(u) == wanted,
        };
        method_matches && url_matches
    };
    match scenario
        .server
        .iter()
        .enumerate()
        .find(|(_, entry)| matches(entry))
    {
        Some((index, entry)) => Response {
            status: entry.status,
            headers: entry
                .headers
                .iter()
                // HTTP parsing strips the whitespace around a field value.
                .map(|(n, v)| Header::new(n.clone(), normalize_header_value(v.as_bytes()).to_vec()))
                .collect(),
            entry: Some(index),
        },
        None => Response {
            status: 404,
            headers: HeaderList::new(),
            entry: None,
        },
    }
}

fn without_fragment(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    url
}

/// The response a [`data:` URL](https://fetch.spec.whatwg.org/#data-url-processor)
/// gives: 200 with its MIME type as `Content-Type` (`text/plain;charset=US-ASCII`
/// when the URL names none).
pub fn data_url_response(url: &Url) -> Response {
    let body = url.as_str().strip_prefix("data:").unwrap_or_default();
    let mime = body.split(',').next().unwrap_or_default().trim();
    let mime = mime.strip_suffix(";base64").unwrap_or(mime).trim();
    let mime = if mime.is_empty() {
        "text/plain;charset=US-ASCII"
    } else {
        mime
    };
    Response {
        status: 200,
        headers: HeaderList(vec![Header::new("Content-Type", mime.as_bytes().to_vec())]),
        entry: None,
    }
}
