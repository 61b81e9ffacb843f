//! The responses the server writes, and the one body type they share.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use corsim_core::fetch::Response as Scripted;

use super::content;
use http_body_util::{BodyExt, Limited};
use hyper::body::{Bytes, Frame, Incoming, SizeHint};
use hyper::header::{HeaderName, HeaderValue, CACHE_CONTROL, CONTENT_TYPE};
use hyper::{Response, StatusCode, Version};

/// A response body. hyper derives the framing from it: a body of known size
/// gets a `Content-Length`, one of unknown size is chunked on HTTP/1.1 and
/// delimited by closing the connection on HTTP/1.0.
#[derive(Debug)]
pub enum Body {
    /// Bytes whose length hyper announces in `Content-Length`.
    Sized(Option<Bytes>),
    /// Bytes of no announced length: with an HTTP/1.0 response, hyper adds no
    /// framing header and closes the connection after them.
    CloseDelimited(Option<Bytes>),
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let data = match self.get_mut() {
            Body::Sized(data) | Body::CloseDelimited(data) => data.take(),
        };
        Poll::Ready(data.map(|d| Ok(Frame::data(d))))
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Body::Sized(data) => data.is_none(),
            // Saying "not yet" is what keeps hyper from writing `Content-Length: 0`.
            Body::CloseDelimited(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Sized(data) => SizeHint::with_exact(data.as_ref().map_or(0, |d| d.len() as u64)),
            Body::CloseDelimited(_) => SizeHint::default(),
        }
    }
}

/// The request body, read to its end (up to 1 MiB kept) for the log.
pub struct RequestBody {
    pub data: Bytes,
    pub len: usize,
}

pub async fn read_body(body: Incoming) -> RequestBody {
    match Limited::new(body, 1 << 20).collect().await {
        Ok(collected) => {
            let data = collected.to_bytes();
            RequestBody {
                len: data.len(),
                data,
            }
        }
        Err(_) => RequestBody {
            data: Bytes::new(),
            len: 0,
        },
    }
}

/// The scripted answer, exactly: its status and its headers, in order and
/// as bytes, and nothing else (see the module docs of `serve`).
pub fn scripted(method: &str, scripted: &Scripted) -> Response<Body> {
    let status = StatusCode::from_u16(scripted.status).unwrap_or(StatusCode::NOT_FOUND);
    // A declared Content-Length is honoured with that many bytes, lest the
    // browser wait for a body that never comes; up to 1 MiB.
    let declared_length = scripted
        .headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("content-length"))
        .find_map(|h| {
            std::str::from_utf8(&h.value)
                .ok()?
                .trim()
                .parse::<usize>()
                .ok()
        })
        .filter(|&n| n <= 1 << 20);
    let has_body = method != "HEAD" && !matches!(scripted.status, 204 | 304);
    let content = scripted
        .headers
        .get("Content-Type")
        .and_then(|value| content::for_content_type(&value));
    let body = match (declared_length, content) {
        (Some(n), _) if n > 0 && has_body => Some(Bytes::from(vec![b' '; n])),
        (None, Some(content)) if has_body => Some(Bytes::from_static(content)),
        _ => None,
    };
    let mut response = Response::new(Body::CloseDelimited(body));
    *response.status_mut() = status;
    *response.version_mut() = Version::HTTP_10;
    let headers = response.headers_mut();
    for header in scripted.headers.iter() {
        // The core only accepts names and values HTTP can carry; a header
        // that is not one is left out, and the log line says what was sent.
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(header.name.as_bytes()),
            HeaderValue::from_bytes(&isomorphic_encode(&header.value)),
        ) {
            headers.append(name, value);
        }
    }
    response
}

/// The bytes a header value typed as text goes on the wire as: a scenario's
/// values are byte strings, each character up to U+00FF one byte (the
/// standard's isomorphic encode, and what the core's console lines assume,
/// `é` being the byte E9); text with a character beyond U+00FF is no byte
/// string, and goes as its UTF-8.
fn isomorphic_encode(utf8: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(utf8) {
        Ok(text) if text.chars().all(|c| u32::from(c) <= 0xFF) => {
            text.chars().map(|c| u32::from(c) as u8).collect()
        }
        _ => utf8.to_vec(),
    }
}

/// The page that runs the scenario's `fetch()`.
pub fn page(html: &str) -> Response<Body> {
    let mut response = sized(StatusCode::OK, "text/html; charset=utf-8", html.to_string());
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A complete response with a body of known length.
pub fn sized(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Response<Body> {
    let mut response = Response::new(Body::Sized(Some(body.into())));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A JSON answer of the control API.
pub fn json(status: StatusCode, value: &impl serde::Serialize) -> Response<Body> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    let mut response = sized(status, "application/json", text);
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A bare status with an empty body.
pub fn empty(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Body::Sized(None));
    *response.status_mut() = status;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_go_as_byte_strings() {
        // (description, typed, on the wire)
        let cases: [(&str, &str, &[u8]); 3] = [
            (
                "ASCII as is",
                "https://app.example.com",
                b"https://app.example.com",
            ),
            ("Latin-1 as one byte each", "caf\u{e9}", b"caf\xe9"),
            (
                "beyond U+00FF: UTF-8",
                "10 \u{20ac}",
                "10 \u{20ac}".as_bytes(),
            ),
        ];
        for (what, typed, want) in cases {
            assert_eq!(isomorphic_encode(typed.as_bytes()), want, "{what}");
        }
    }
}
