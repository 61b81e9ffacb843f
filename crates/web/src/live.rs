//! The browser's part of live mode (`corsim_app::live` explains the whole): ask
//! the app's own origin whether `corsim serve` is there, load the mapped
//! scenario, open its page in a hidden iframe, wait for the page's message,
//! read the request log. The result goes to the reducer as
//! `Action::LiveResult`; nothing here decides anything about CORS.
//!
//! Every call to the companion goes through gloo-net to a path of the app's
//! own origin (same-origin, so no CORS of its own); the page runs on the
//! mapped origin, which the app only frames.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_events::EventListener;
use gloo_net::http::Request;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlIFrameElement, MessageEvent};
use yew::platform::pinned::oneshot;
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::Callback;

use super::browser::user_agent;
use corsim_app::draft::Draft;
use corsim_app::live::{
    browser_of, parse_hello, parse_loaded, parse_log, parse_message, run_label, LiveFailure,
    LiveRun, OriginMap, PageResult, HELLO_PATH, LOAD_PATH, LOG_PATH, TIMEOUT_SECONDS,
};
use corsim_app::state::Action;

/// Starts run number `run` of `draft`; reports through `dispatch`.
pub fn start(draft: Draft, run: u32, dispatch: Callback<Action>) {
    dispatch.emit(Action::LiveStart(run));
    spawn_local(async move {
        let result = run_live(draft).await.map(Box::new);
        dispatch.emit(Action::LiveResult { run, result });
    });
}

async fn run_live(draft: Draft) -> Result<LiveRun, LiveFailure> {
    let scenario = draft
        .scenario()
        .map_err(|_| failed("the scenario is not complete".into()))?;
    let port = companion_port().await.ok_or(LiveFailure::Absent)?;
    // A new label each run: new names, so nothing cached by an earlier run
    // (a preflight above all) is used by this one.
    let label = run_label(js_sys::Date::now() as u64);
    let map = OriginMap::new(&scenario, port, &label).map_err(LiveFailure::CannotMap)?;
    let load = Request::post(LOAD_PATH)
        .header("Content-Type", "application/json")
        .body(map.map_draft(&draft).to_json());
    let (_, answer) = fetch_text(load).await.map_err(failed)?;
    let page_url = parse_loaded(&answer).map_err(failed)?;
    // The log from here on is this run's.
    control(Request::delete(LOG_PATH).build()).await?;
    let result = run_page(&page_url).await?;
    let log = parse_log(&control(Request::get(LOG_PATH).build()).await?).map_err(failed)?;
    Ok(LiveRun {
        requests: map.fetched(&log),
        browser: browser_of(&user_agent()),
        draft,
        map,
        result,
    })
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
    match fetch_text(request).await.map_err(failed)? {
        (200, text) => Ok(text),
        (status, text) => Err(failed(format!(
            "corsim serve answered {status}: {text:.200}"
        ))),
    }
}

/// One call to the companion, on the app's own origin: its status and body.
/// (One function for every call keeps the app's wasm small.)
async fn fetch_text(request: Result<Request, gloo_net::Error>) -> Result<(u16, String), String> {
    let response = request
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| format!("corsim serve did not answer: {e}"))?;
    let text = response.text().await.unwrap_or_default();
    Ok((response.status(), text))
}

fn failed(why: String) -> LiveFailure {
    LiveFailure::Failed(why)
}

/// Opens the page in a hidden iframe and waits for what its script got.
async fn run_page(url: &str) -> Result<PageResult, LiveFailure> {
    let parts = web_sys::window().and_then(|window| {
        let document = window.document()?;
        let frame = document.create_element("iframe").ok()?;
        Some((window, document.body()?, frame))
    });
    let (window, body, frame) = parts.ok_or_else(|| failed("cannot add an iframe".into()))?;
    let frame: HtmlIFrameElement = frame.unchecked_into();
    frame.set_title("corsim: the scenario's page, run for real");
    frame.set_hidden(true);
    frame.set_id("live-frame");

    // The first of the page's message and the time limit settles the run.
    let (sender, receiver) = oneshot::channel::<Option<PageResult>>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let settle = {
        let sender = sender.clone();
        move |value: Option<PageResult>| {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(value);
            }
        }
    };
    let listener = {
        let frame = frame.clone();
        let settle = settle.clone();
        EventListener::new(&window, "message", move |event| {
            let Some(event) = event.dyn_ref::<MessageEvent>() else {
                return;
            };
            // Only the frame opened here speaks for the run.
            let from_frame = match (event.source(), frame.content_window()) {
                (Some(source), Some(frame)) => JsValue::from(source) == JsValue::from(frame),
                _ => false,
            };
            if let (true, Some(text)) = (from_frame, event.data().as_string()) {
                if let Some(result) = parse_message(&text) {
                    settle(Some(result));
                }
            }
        })
    };
    spawn_local(async move {
        sleep(Duration::from_secs(TIMEOUT_SECONDS)).await;
        settle(None);
    });
    frame.set_src(url);
    body.append_child(&frame)
        .map_err(|_| failed("cannot add an iframe".into()))?;
    let result = receiver.await.ok().flatten();
    drop(listener);
    frame.remove();
    result.ok_or_else(|| {
        failed(format!(
            "the page {url} did not report what its fetch() got within {TIMEOUT_SECONDS} s"
        ))
    })
}
