//! Live mode's calls to `corsim serve` (`corsim_app::live` explains a run):
//! the worker's half of a run, made here so that the app's first load has
//! none of it. `start` finds the companion, maps and loads the scenario and
//! clears the request log; the app then opens the page; `report` reads the
//! log and draws the comparison with the page's message. Every call goes to
//! a path of the app's own origin, the worker's too, so it needs no CORS.

use std::cell::RefCell;

use corsim_app::live::run::{answer, prepare, report as compare, Prepared};
use corsim_app::live::{
    browser_of, parse_hello, parse_loaded, run_label, LiveFailure, HELLO_PATH, LOAD_PATH, LOG_PATH,
};
use gloo_net::http::Request;
use js_sys::Reflect;
use serde_json::Value;
use wasm_bindgen::JsValue;

thread_local! {
    /// The run between its two halves; a new run replaces it.
    static PREPARED: RefCell<Option<Prepared>> = const { RefCell::new(None) };
}

/// `{"page": URL}` to open, or why not (`corsim_app::live::run::answer`).
pub async fn start(draft_json: String) -> Value {
    answer("page", start_run(&draft_json).await)
}

/// `{"markup": …}`, the comparison, once the page has posted `message`.
pub async fn report(message: String) -> Value {
    answer("markup", report_run(&message).await)
}

async fn start_run(draft_json: &str) -> Result<String, LiveFailure> {
    let port = companion_port().await.ok_or(LiveFailure::Absent)?;
    // A new label each run: new names, so nothing cached by an earlier run
    // (a preflight above all) is used by this one.
    let label = run_label(js_sys::Date::now() as u64);
    let prepared = prepare(draft_json, port, &label)?;
    let load = Request::post(LOAD_PATH)
        .header("Content-Type", "application/json")
        .body(prepared.load_body());
    let (_, loaded) = fetch_text(load).await.map_err(LiveFailure::Failed)?;
    let page = parse_loaded(&loaded).map_err(LiveFailure::Failed)?;
    // The log from here on is this run's.
    control(Request::delete(LOG_PATH).build()).await?;
    PREPARED.set(Some(prepared));
    Ok(page)
}

async fn report_run(message: &str) -> Result<String, LiveFailure> {
    let prepared = PREPARED
        .take()
        .ok_or_else(|| LiveFailure::Failed("no run was under way".into()))?;
    let log = control(Request::get(LOG_PATH).build()).await?;
    compare(prepared, browser_of(&user_agent()), message, &log)
}

/// The companion's plain-HTTP port, when it is `corsim serve` that serves the app.
async fn companion_port() -> Option<u16> {
    match fetch_text(Request::get(HELLO_PATH).build()).await {
        Ok((200, text)) => parse_hello(&text),
        _ => None,
    }
}

/// A control call that must succeed: its body.
async fn control(request: Result<Request, gloo_net::Error>) -> Result<String, LiveFailure> {
    match fetch_text(request).await.map_err(LiveFailure::Failed)? {
        (200, text) => Ok(text),
        (status, text) => Err(LiveFailure::Failed(format!(
            "corsim serve answered {status}: {text:.200}"
        ))),
    }
}

/// One call to the companion: its status and body.
async fn fetch_text(request: Result<Request, gloo_net::Error>) -> Result<(u16, String), String> {
    let response = request
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| format!("corsim serve did not answer: {e}"))?;
    let text = response.text().await.unwrap_or_default();
    Ok((response.status(), text))
}

/// The worker's `navigator.userAgent`: the browser's own.
fn user_agent() -> String {
    Reflect::get(&js_sys::global(), &JsValue::from_str("navigator"))
        .and_then(|navigator| Reflect::get(&navigator, &JsValue::from_str("userAgent")))
        .ok()
        .and_then(|agent| agent.as_string())
        .unwrap_or_default()
}
