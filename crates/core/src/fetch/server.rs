//! The scripted server: which `server` entry answers a request.

use url::Url;

use crate::browser::Browser;
use crate::header::{normalize_header_value, Header, HeaderList};
use crate::scenario::{Fail, Scenario};
use crate::url_equivalence::equals_excluding_fragments;

/// A response as it arrives from the network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderList,
    /// Index of the `server` entry that answered, or `None` for the default 404.
    pub entry: Option<usize>,
    /// No HTTP response came at all, for this reason (`status` and
    /// `headers` are then empty).
    pub fail: Option<Fail>,
}

impl Response {
    /// The `Location` value, as text (a URL yet to be parsed).
    pub fn location(&self) -> Option<String> {
        let value = self.headers.get("Location")?;
        Some(String::from_utf8_lossy(&value).into_owned())
    }

    /// What the scripted server answers when no entry matches: 404 with no
    /// headers.
    pub fn unmatched() -> Response {
        Response {
            status: 404,
            headers: HeaderList::new(),
            entry: None,
            fail: None,
        }
    }
}

/// The first entry whose method and URL match; 404 with no headers otherwise.
pub fn respond(scenario: &Scenario, method: &str, url: &Url) -> Response {
    respond_after(scenario, method, url, &[])
}

/// [`respond`], once each entry has answered `uses[i]` requests: an entry
/// with `times` that has answered that many is passed over.
pub(crate) fn respond_after(
    scenario: &Scenario,
    method: &str,
    url: &Url,
    uses: &[u32],
) -> Response {
    let exhausted = |index: usize, entry: &crate::scenario::ServerResponse| {
        entry
            .times
            .is_some_and(|times| uses.get(index).copied().unwrap_or(0) >= times)
    };
    let matches = |entry: &crate::scenario::ServerResponse| {
        let method_matches = match &entry.method {
            None => method != "OPTIONS",
            Some(m) => m == method,
        };
        let url_matches = match &entry.url {
            None => equals_excluding_fragments(&scenario.request.url, url),
            Some(u) => equals_excluding_fragments(u, url),
        };
        method_matches && url_matches
    };
    let answering = scenario
        .server
        .iter()
        .enumerate()
        .position(|(i, entry)| matches(entry) && !exhausted(i, entry));
    match answering {
        Some(index) => answer(scenario, index),
        None => Response::unmatched(),
    }
}

/// The response `scenario.server[index]` gives, as it arrives: each header
/// value stripped of the whitespace HTTP parsing strips. With a wire entry's
/// `answered_by`, it is the response that request got; the unmatched 404
/// for an index out of range.
pub fn answer(scenario: &Scenario, index: usize) -> Response {
    match scenario.server.get(index) {
        Some(entry) => Response {
            status: entry.status,
            headers: entry
                .headers
                .iter()
                // HTTP parsing strips the whitespace around a field value.
                .map(|(n, v)| Header::new(n.clone(), normalize_header_value(v.as_bytes()).to_vec()))
                .collect(),
            entry: Some(index),
            fail: entry.fail,
        },
        None => Response::unmatched(),
    }
}

/// The response scheme fetch makes for `about:blank`: 200 with
/// `Content-Type: text/html;charset=utf-8` and an empty body.
pub fn about_blank_response() -> Response {
    Response {
        status: 200,
        headers: HeaderList(vec![Header::new(
            "Content-Type",
            b"text/html;charset=utf-8".to_vec(),
        )]),
        entry: None,
        fail: None,
    }
}

/// The response a [`data:` URL](https://fetch.spec.whatwg.org/#data-url-processor)
/// gives: 200 with its MIME type as `Content-Type` (`text/plain;charset=US-ASCII`
/// when the URL names none).
///
/// Firefox also gives it a `Content-Length`, the body's length in bytes, as
/// it does for every response that does not come over HTTP (its
/// `FetchDriver`); so a script there can read both (observed in Firefox ESR
/// 153.7.0 by the agreement suite: `data:application/json,{"ok":true}` gives
/// `content-length: 11`, `data:text/plain;base64,aGVsbG8=` gives `5`).
pub fn data_url_response(url: &Url, browser: Browser) -> Response {
    let rest = url.as_str().strip_prefix("data:").unwrap_or_default();
    // The fragment is no part of the data.
    let rest = rest.split('#').next().unwrap_or_default();
    let (head, data) = rest.split_once(',').unwrap_or((rest, ""));
    let mime = head.trim();
    let base64 = mime.strip_suffix(";base64");
    let mime = base64.unwrap_or(mime).trim();
    let mime = if mime.is_empty() {
        "text/plain;charset=US-ASCII"
    } else {
        mime
    };
    let mut headers = Vec::new();
    if browser == Browser::Firefox {
        let length = data_url_body_length(data, base64.is_some());
        headers.push(Header::new(
            "Content-Length",
            length.to_string().into_bytes(),
        ));
    }
    headers.push(Header::new("Content-Type", mime.as_bytes().to_vec()));
    Response {
        status: 200,
        headers: HeaderList(headers),
        entry: None,
        fail: None,
    }
}

/// How many bytes a data: URL's body holds: percent-decoded, then, for
/// `;base64`, base64-decoded (ASCII whitespace and the `=` padding left out).
fn data_url_body_length(data: &str, base64: bool) -> usize {
    let mut decoded = Vec::with_capacity(data.len());
    let mut rest = data.as_bytes();
    while let Some((&byte, after)) = rest.split_first() {
        let escaped = (byte == b'%')
            .then(|| {
                let hex = std::str::from_utf8(after.get(..2)?).ok()?;
                u8::from_str_radix(hex, 16).ok()
            })
            .flatten();
        match escaped {
            Some(value) => {
                decoded.push(value);
                rest = after.get(2..).unwrap_or_default();
            }
            None => {
                decoded.push(byte);
                rest = after;
            }
        }
    }
    if !base64 {
        return decoded.len();
    }
    let digits = decoded
        .iter()
        .filter(|b| !b.is_ascii_whitespace() && **b != b'=')
        .count();
    digits * 3 / 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(url: &str, browser: Browser) -> Vec<(String, String)> {
        let url = Url::parse(url).unwrap();
        data_url_response(&url, browser)
            .headers
            .0
            .iter()
            .map(|h| {
                (
                    h.name.clone(),
                    String::from_utf8_lossy(&h.value).into_owned(),
                )
            })
            .collect()
    }

    /// What Firefox ESR 153.7.0 gave for each, read from `response.headers`.
    #[test]
    fn firefox_gives_a_data_url_its_length_and_chromium_does_not() {
        for (url, length, mime) in [
            (
                r#"data:application/json,{"ok":true}"#,
                "11",
                "application/json",
            ),
            ("data:,hello%20world", "11", "text/plain;charset=US-ASCII"),
            ("data:text/plain;base64,aGVsbG8=", "5", "text/plain"),
            ("data:text/plain,%E2%82%AC", "3", "text/plain"),
            ("data:text/plain,€#not-data", "3", "text/plain"),
        ] {
            let pair = |name: &str, value: &str| (name.to_string(), value.to_string());
            assert_eq!(
                headers(url, Browser::Firefox),
                [pair("Content-Length", length), pair("Content-Type", mime)],
                "{url}"
            );
            assert_eq!(
                headers(url, Browser::Chromium),
                [pair("Content-Type", mime)],
                "{url}"
            );
        }
    }
}
