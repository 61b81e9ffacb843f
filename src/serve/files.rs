//! The built web app, served as a static host would: no fallback page; the
//! release build's `.br` and `.gz` copies (scripts/post-build.mjs) sent as
//! they are to a browser that takes them; files whose names carry a content
//! hash cached for good, everything else (`index.html`) revalidated on each
//! visit, so that a new build is seen at once and its files are fetched once.

use std::path::{Component, Path, PathBuf};

use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_ENCODING, VARY};
use hyper::{Response, StatusCode};

use super::answer::{self, Body};

/// The copies a build may hold beside a file, best first: their coding as
/// `Accept-Encoding` names it, and their file name's suffix.
const PRECOMPRESSED: [(&str, &str); 2] = [("br", "br"), ("gzip", "gz")];

/// A year, the most HTTP caches honour: a hashed name never changes its bytes.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The file at `path` under `dist` (`index.html` for a directory), or 404;
/// `accept_encoding` is the request's `Accept-Encoding`, if any.
pub fn serve(dist: &Path, path: &str, accept_encoding: Option<&[u8]>) -> Response<Body> {
    let relative = Path::new(path.trim_start_matches('/'));
    // Only plain names: no `..`, no root, no prefix.
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return answer::empty(StatusCode::NOT_FOUND);
    }
    let mut file = dist.join(relative);
    if path.ends_with('/') || file.is_dir() {
        file.push("index.html");
    }
    // A copy is only sent for a file that is there itself.
    if !file.is_file() {
        return answer::empty(StatusCode::NOT_FOUND);
    }
    let accepted = std::str::from_utf8(accept_encoding.unwrap_or_default()).unwrap_or("");
    let copies: Vec<(&str, PathBuf)> = PRECOMPRESSED
        .iter()
        .map(|&(coding, suffix)| (coding, with_suffix(&file, suffix)))
        .filter(|(_, copy)| copy.is_file())
        .collect();
    let chosen = copies
        .iter()
        .filter(|(coding, _)| accepts(accepted, coding))
        .find_map(|(coding, copy)| Some((*coding, std::fs::read(copy).ok()?)));
    let (coding, bytes) = match chosen {
        Some((coding, bytes)) => (Some(coding), bytes),
        None => match std::fs::read(&file) {
            Ok(bytes) => (None, bytes),
            Err(_) => return answer::empty(StatusCode::NOT_FOUND),
        },
    };
    let mut response = answer::sized(StatusCode::OK, content_type(&file), bytes);
    let headers = response.headers_mut();
    if let Some(coding) = coding {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    // Whoever caches the answer must keep one per coding.
    if !copies.is_empty() {
        headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    let cache = if is_hashed(&file) {
        IMMUTABLE
    } else {
        "no-cache"
    };
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether `Accept-Encoding: accepted` takes `coding`: named with a q above
/// 0, or covered by `*` with one (RFC 9110, 12.5.3).
fn accepts(accepted: &str, coding: &str) -> bool {
    let mut any = false;
    for item in accepted.split(',') {
        let mut params = item.split(';');
        let name = params.next().unwrap_or("").trim();
        let q = params
            .filter_map(|p| {
                let (key, value) = p.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("q")
                    .then(|| value.trim().parse::<f32>().unwrap_or(0.0))
            })
            .next()
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return q > 0.0;
        }
        if name == "*" {
            any = q > 0.0;
        }
    }
    any
}

/// Whether the file's name carries Trunk's content hash: `NAME-HASH.EXT`, or
/// `NAME-HASH_bg.wasm`, HASH being at least 8 lowercase hex digits.
fn is_hashed(file: &Path) -> bool {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        hash.len() >= 8 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_is_read_as_rfc_9110_says() {
        // (header, coding, taken)
        let cases = [
            ("gzip, deflate, br, zstd", "br", true),
            ("gzip, deflate, br, zstd", "gzip", true),
            ("gzip, deflate", "br", false),
            ("GZIP;q=0.5", "gzip", true),
            ("br;q=0, gzip", "br", false),
            ("br; q=0.0", "br", false),
            ("*", "br", true),
            ("*;q=0, gzip", "br", false),
            ("identity", "gzip", false),
            ("", "gzip", false),
        ];
        for (header, coding, taken) in cases {
            assert_eq!(accepts(header, coding), taken, "{header:?} takes {coding}");
        }
    }

    #[test]
    fn only_names_with_a_content_hash_are_immutable() {
        let cases = [
            ("corsim-web-d20bac846bb9a68.js", true),
            ("corsim-web-d20bac846bb9a68_bg.wasm", true),
            ("favicon-b0899444c407d333.svg", true),
            ("corsim-import-worker-loader-0a1b2c3d4e5f6a7b.js", true),
            ("corsim-import-worker-0a1b2c3d4e5f6a7b_bg.wasm", true),
            ("index.html", false),
            ("corsim-import-worker_loader.js", false),
            ("corsim-web.js", false),
            ("start.js", false),
            ("style-E9D88F941FAB84E6.css", false),
            ("cafe-beef.css", false),
        ];
        for (name, hashed) in cases {
            assert_eq!(is_hashed(Path::new(name)), hashed, "{name}");
        }
    }
}
