//! The built web app, served as a static host would: no fallback page, no
//! caching headers.

use std::path::{Component, Path};

use hyper::{Response, StatusCode};

use super::answer::{self, Body};

/// The file at `path` under `dist` (`index.html` for a directory), or 404.
pub fn serve(dist: &Path, path: &str) -> Response<Body> {
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
    match std::fs::read(&file) {
        Ok(bytes) => answer::sized(StatusCode::OK, content_type(&file), bytes),
        Err(_) => answer::empty(StatusCode::NOT_FOUND),
    }
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
