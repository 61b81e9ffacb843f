//! The control API, under `/__corsim/` (a scenario cannot script that
//! path). It answers only on the companion's own names (a loopback address,
//! `localhost`, `*.localhost`, on the port reached) and only to its own
//! pages, the address bar and clients that are no web page (`curl`, node):
//! `guard` refuses everything else with a 403 before a call gets here.
//!
//! | call | does |
//! |---|---|
//! | `GET /__corsim/` | lists the loaded scenarios, each with a link that opens it |
//! | `GET /__corsim/hello` | `{"corsim": "serve", "version", "http_port", "https_port"}`: how the app (live mode, `crates/app/src/live/mod.rs`) knows the companion is there, and its ports |
//! | `POST /__corsim/scenario[?name=N]` | loads the scenario (version 1 or 2) in the body and makes it the active one, a new run of it (each server entry's `times` counted afresh); answers `{"name", "page_url"}`, or 400 `{"error"}` with the one line saying what is wrong |
//! | `GET /__corsim/scenario` | the active scenario's `{"name", "page_url"}` |
//! | `GET /__corsim/open?name=N` | makes a loaded scenario the active one, a new run of it, and sends the browser to its page |
//! | `GET /__corsim/log` | `{"requests": [...]}`, every request since the log was last cleared (see `corsim_app::live::LoggedRequest`) |
//! | `DELETE /__corsim/log` | the same, and clears the log |

use std::sync::Arc;

use corsim_app::live::{ControlError, Hello, Loaded, Log};
use corsim_core::scenario::Timeline;
use hyper::body::Bytes;
use hyper::header::{HeaderValue, LOCATION};
use hyper::{Response, StatusCode, Uri};

use super::answer::{self, Body};
use super::{activate, describe_errors, Server};
use corsim_app::markup::escape;

const PREFIX: &str = "/__corsim";

pub fn is_control(path: &str) -> bool {
    path == PREFIX || path.starts_with("/__corsim/")
}

pub async fn handle(server: &Arc<Server>, method: &str, uri: &Uri, body: Bytes) -> Response<Body> {
    let path = uri.path()[PREFIX.len()..].trim_end_matches('/');
    let query = |key: &str| -> Option<String> {
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    match (method, path) {
        ("GET", "") => index(server),
        ("GET", "/hello") => answer::json(
            StatusCode::OK,
            &Hello {
                corsim: "serve".to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                http_port: server.ports.0,
                https_port: server.ports.1,
            },
        ),
        ("POST" | "PUT", "/scenario") => load(server, &body, query("name")).await,
        ("GET", "/scenario") => active(server).await,
        ("GET", "/open") => open(server, query("name").unwrap_or_default()).await,
        ("GET", "/log") => {
            let requests = server.state().log.entries().to_vec();
            answer::json(StatusCode::OK, &Log { requests })
        }
        ("DELETE", "/log") => {
            let requests = server.state().log.take();
            answer::json(StatusCode::OK, &Log { requests })
        }
        _ => error(
            StatusCode::NOT_FOUND,
            format!(
                "no control call {method} {}; see GET {PREFIX}/ and src/serve/control.rs",
                uri.path()
            ),
        ),
    }
}

fn error(status: StatusCode, message: String) -> Response<Body> {
    answer::json(status, &ControlError { error: message })
}

async fn load(server: &Arc<Server>, body: &[u8], name: Option<String>) -> Response<Body> {
    let Ok(text) = std::str::from_utf8(body) else {
        return error(StatusCode::BAD_REQUEST, "scenario: not UTF-8 text".into());
    };
    let timeline = match Timeline::from_json(text) {
        Ok(timeline) => timeline,
        Err(errors) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("scenario: {}", describe_errors(&errors)),
            )
        }
    };
    let name = name
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "posted".to_string());
    let index = server.load(name, timeline);
    match activate(server, index).await {
        Ok(active) => answer::json(
            StatusCode::OK,
            &Loaded {
                name: active.name,
                page_url: active.page_url,
            },
        ),
        Err(e) => error(StatusCode::BAD_REQUEST, format!("scenario: {e}")),
    }
}

async fn active(server: &Arc<Server>) -> Response<Body> {
    let index = server.state().active;
    match index {
        Some(index) => match activate(server, index).await {
            Ok(active) => answer::json(
                StatusCode::OK,
                &Loaded {
                    name: active.name,
                    page_url: active.page_url,
                },
            ),
            Err(e) => error(StatusCode::CONFLICT, e),
        },
        None => error(StatusCode::NOT_FOUND, "no scenario is active".into()),
    }
}

async fn open(server: &Arc<Server>, name: String) -> Response<Body> {
    let index = server.state().loaded.iter().position(|l| l.name == name);
    let Some(index) = index else {
        return error(StatusCode::NOT_FOUND, format!("no scenario named {name:?}"));
    };
    // Opening a scenario starts a run of it: its server has answered nothing.
    server.state().loaded[index].uses.fill(0);
    match activate(server, index).await {
        Ok(active) if active.page_url.starts_with("http") => {
            let mut response = answer::empty(StatusCode::SEE_OTHER);
            if let Ok(location) = HeaderValue::from_str(&active.page_url) {
                response.headers_mut().insert(LOCATION, location);
            }
            response
        }
        // A web page may not send the browser to a file: or data: URL.
        Ok(active) => answer::sized(
            StatusCode::OK,
            "text/html; charset=utf-8",
            format!(
                "<!doctype html><meta charset=\"utf-8\"><title>corsim serve</title>\
                 <p>{} is active. Its page opens from the address bar only:</p><pre>{}</pre>",
                escape(&active.name),
                escape(&active.page_url)
            ),
        ),
        Err(e) => error(StatusCode::CONFLICT, e),
    }
}

fn index(server: &Arc<Server>) -> Response<Body> {
    let state = server.state();
    let mut rows = String::new();
    for (i, loaded) in state.loaded.iter().enumerate() {
        let link: String = url::form_urlencoded::byte_serialize(loaded.name.as_bytes()).collect();
        rows.push_str(&format!(
            "<li>{}<a href=\"{PREFIX}/open?name={link}\">{}</a>: {} <small>({})</small></li>\n",
            if state.active == Some(i) { "▶ " } else { "" },
            escape(&loaded.name),
            escape(loaded.timeline.title.as_deref().unwrap_or("")),
            escape(loaded.timeline.page.as_str()),
        ));
    }
    if rows.is_empty() {
        rows.push_str(
            "<li>none: start with --scenario FILE, or POST one to /__corsim/scenario</li>",
        );
    }
    answer::sized(
        StatusCode::OK,
        "text/html; charset=utf-8",
        format!(
            "<!doctype html>\n<meta charset=\"utf-8\">\n<title>corsim serve</title>\n\
             <h1>corsim serve</h1>\n<p>Scenarios (▶ is the one answering):</p>\n<ul>\n{rows}</ul>\n\
             <p>The request log: <a href=\"{PREFIX}/log\">{PREFIX}/log</a>. \
             HTTPS certificates come from the local CA <code>{}</code>.</p>\n",
            escape(&server.ca_file.display().to_string())
        ),
    )
}
