//! The page that runs a scenario's `fetch()`, and where a browser opens it.
//!
//! For a version-1 document, the page calls `fetch()` exactly as the
//! scenario says, once, as soon as it loads, and shows what the script got
//! in the contract's terms (`outcome`, `status`, `exposed_headers`, and the
//! page's `origin`); it also keeps that in `window.__corsimResult` for a
//! test driving the browser, and posts it to the window that framed it, if
//! any (the app's live mode). A sandboxed scenario runs the same script in
//! an `<iframe sandbox="allow-scripts">` made from `srcdoc`, whose origin is
//! opaque, and passes the result up.
//!
//! For a version-2 document, the page makes every request in turn
//! ([`timeline`]) and keeps `{"version": 2, "requests": [...]}`, one result
//! a request.
//!
//! An http(s) page is served at its own URL. A `file:` page is really a file:
//! it is written under a temporary directory, at the scenario's path, and
//! opened from there (its origin is opaque wherever it lies). A `data:` page
//! is opened as a `data:` URL holding the page.

use std::path::{Component, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use corsim_core::scenario::{Scenario, Timeline};
use serde_json::json;
use url::Url;

use corsim_app::markup::escape;

/// The page's HTML, for the document's own page and every other page its
/// requests come from.
pub fn html(timeline: &Timeline) -> String {
    match timeline.scenario(0) {
        Some(scenario) if timeline.version == 1 => single(&scenario),
        _ => timeline::html(timeline),
    }
}

/// The page of a version-1 document: its one `fetch()`.
fn single(scenario: &Scenario) -> String {
    let title = scenario.title.as_deref().unwrap_or("a corsim scenario");
    let request = &scenario.request;
    let init = json!({
        "method": request.method,
        "headers": request.headers,
        "mode": request.mode.as_str(),
        "credentials": request.credentials.as_str(),
        "redirect": request.redirect.as_str(),
    });
    let call = format!(
        "fetch({}, {})",
        serde_json::to_string(request.url.as_str()).unwrap_or_default(),
        serde_json::to_string_pretty(&init).unwrap_or_default()
    );
    let request_js = script_json(&json!({"url": request.url.as_str(), "init": init}));
    let script = if scenario.sandboxed {
        in_sandboxed_frame(RUN, &format!("run({request_js})"))
    } else {
        format!("{RUN}\n{SHOW}\nrun({request_js}).then(show);\n")
    };
    let where_ = if scenario.sandboxed {
        "in an iframe sandboxed without <code>allow-same-origin</code> (below)"
    } else {
        "in this page"
    };
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>corsim: {title}</title>\n\
         <style>body{{font:15px/1.45 system-ui,sans-serif;margin:2rem;max-width:50rem}}\
         pre{{background:#f3f3f3;padding:.75rem;overflow:auto}}iframe{{border:1px dashed #999;height:3rem}}</style>\n\
         </head>\n<body>\n<h1>{title}</h1>\n\
         <p>This page stands for <code>{page}</code>. Served by <code>corsim serve</code>, it runs, {where_}:</p>\n\
         <pre id=\"call\">{call}</pre>\n<div id=\"frame\"></div>\n\
         <p>What the script got:</p>\n<pre id=\"result\" aria-live=\"polite\">waiting…</pre>\n\
         <p>The browser's console shows its own error line, if any.</p>\n\
         <script>\n\"use strict\";\n{script}</script>\n</body>\n</html>\n",
        title = escape(title),
        page = escape(scenario.page.as_str()),
        call = escape(&call),
    )
}

/// The script of a page whose scenario runs in an iframe sandboxed without
/// `allow-same-origin` (its origin is then `null`): the frame runs `code`,
/// then posts what the promise `result` gives, which the page shows.
fn in_sandboxed_frame(code: &str, result: &str) -> String {
    let inner = format!(
        "<!doctype html><meta charset=\"utf-8\"><script>{code}\n\
         {result}.then((result) => parent.postMessage(JSON.stringify(result), \"*\"));\
         </script>"
    );
    format!(
        "{SHOW}\n\
         const frame = document.createElement(\"iframe\");\n\
         frame.setAttribute(\"sandbox\", \"allow-scripts\");\n\
         window.addEventListener(\"message\", (event) => {{\n\
         \x20 if (event.source === frame.contentWindow) show(JSON.parse(event.data));\n\
         }});\n\
         frame.srcdoc = {};\n\
         document.getElementById(\"frame\").append(frame);\n",
        script_json(&serde_json::Value::String(inner))
    )
}

mod timeline;

/// Runs the fetch and describes what the script got, in the verdict's terms.
const RUN: &str = r#"async function run(request) {
  const result = { origin: self.origin };
  try {
    const response = await fetch(request.url, request.init);
    const opaque = response.type === "opaque" || response.type === "opaqueredirect";
    result.outcome = opaque ? "opaque" : "readable";
    result.type = response.type;
    result.status = response.status;
    result.exposed_headers = [...new Set(response.headers.keys())].sort();
  } catch (error) {
    result.outcome = "network-error";
    result.status = null;
    result.exposed_headers = [];
    result.error = String(error);
  }
  return result;
}"#;

/// Shows the result, keeps it for a test, and posts it to the app when the
/// app opened the page in a frame (live mode, `crates/app/src/live/mod.rs`).
pub(super) const SHOW: &str = r#"function show(result) {
  window.__corsimResult = result;
  document.getElementById("result").textContent = JSON.stringify(result, null, 2);
  if (window.parent !== window) {
    window.parent.postMessage(JSON.stringify({ corsim: "live-result", result }), "*");
  }
}"#;

/// JSON text safe inside a `<script>`: no `<`, so no `</script>` or `<!--`.
pub(super) fn script_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// The temporary directory that `file:` pages are written to, made when the
/// first one is; removed when the server stops.
pub struct PageDir {
    root: PathBuf,
}

impl PageDir {
    pub fn new() -> PageDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "corsim-serve-pages-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        PageDir { root }
    }

    /// The URL a browser opens to run the scenario; writes the page first
    /// when it is a `file:` page.
    pub fn open_url(&self, timeline: &Timeline) -> Result<String, String> {
        let page = &timeline.page;
        match page.scheme() {
            "http" | "https" => Ok(page.to_string()),
            "file" => {
                let file = self.file_for(page)?;
                if let Some(dir) = file.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                }
                std::fs::write(&file, html(timeline))
                    .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
                let mut url = Url::from_file_path(&file)
                    .map_err(|()| format!("{} is not an absolute path", file.display()))?;
                url.set_query(page.query());
                Ok(url.to_string())
            }
            "data" => Ok(format!(
                "data:text/html;charset=utf-8;base64,{}",
                base64(html(timeline).as_bytes())
            )),
            other => Err(format!(
                "a page at a `{other}:` URL cannot be served; use http:, https:, file: or data:"
            )),
        }
    }

    /// Where the `file:` page `page` is written: its path, under the root.
    fn file_for(&self, page: &Url) -> Result<PathBuf, String> {
        let path = page
            .to_file_path()
            .unwrap_or_else(|()| PathBuf::from(page.path()));
        let mut file = self.root.clone();
        for part in path.components() {
            if let Component::Normal(part) = part {
                file.push(part);
            }
        }
        if page.path().ends_with('/') || file == self.root {
            file.push("index.html");
        }
        Ok(file)
    }

    #[cfg(test)]
    fn root(&self) -> &std::path::Path {
        &self.root
    }
}

impl Drop for PageDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(page: &str, sandboxed: bool) -> Timeline {
        Timeline::from_json(&format!(
            r#"{{"version": 1, "title": "</script><b>x</b>", "page": "{page}", "sandboxed": {sandboxed},
                "request": {{"url": "https://api.example.com/data", "method": "patch",
                             "headers": [["X-A", "</script>"]], "credentials": "include"}}}}"#
        ))
        .expect("a valid scenario")
    }

    #[test]
    fn the_page_calls_fetch_as_the_scenario_says() {
        let html = html(&scenario("https://app.example.com/", false));
        assert!(html.contains(r#""method":"patch""#), "{html}");
        assert!(html.contains(r#""credentials":"include""#), "{html}");
        assert!(html.contains(r#""mode":"cors""#), "{html}");
        // Nothing the scenario says can close the script early or add markup.
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("iframe\")"), "{html}");
    }

    #[test]
    fn a_sandboxed_page_runs_the_fetch_in_a_sandboxed_srcdoc_iframe() {
        let html = html(&scenario("https://app.example.com/", true));
        assert!(
            html.contains(r#"setAttribute("sandbox", "allow-scripts")"#),
            "{html}"
        );
        assert!(html.contains("frame.srcdoc = "), "{html}");
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
    }

    #[test]
    fn pages_open_as_what_they_are() {
        let dir = PageDir::new();
        let https = dir
            .open_url(&scenario("https://app.example.com/a?b#c", false))
            .unwrap();
        assert_eq!(https, "https://app.example.com/a?b#c");

        let file = dir
            .open_url(&scenario("file:///home/me/index.html", false))
            .unwrap();
        let path = Url::parse(&file).unwrap().to_file_path().unwrap();
        assert_eq!(path, dir.root().join("home/me/index.html"));
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .contains("async function run"));

        let data = dir.open_url(&scenario("data:text/html,hi", false)).unwrap();
        assert!(
            data.starts_with("data:text/html;charset=utf-8;base64,PCFkb2N0eXBl"),
            "{data}"
        );
    }

    #[test]
    fn base64_pads_as_rfc_4648_says() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
        ] {
            assert_eq!(base64(input.as_bytes()), want, "{input:?}");
        }
    }
}
