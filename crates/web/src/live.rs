//! The browser's part of live mode (`corsim_app::live` explains the whole).
//! The import worker asks whether `corsim serve` is there, loads the mapped
//! scenario and, once the page has reported, reads the request log and
//! draws the comparison (`corsim_app::live::run`); here the page is opened
//! in a hidden iframe and its message passed on. The result goes to the
//! reducer as `Action::LiveResult`; nothing here decides anything about
//! CORS, and nothing of the comparison is in the app's first load.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_events::EventListener;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlIFrameElement, MessageEvent};
use yew::platform::pinned::oneshot;
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::Callback;

use super::worker;
use corsim_app::draft::Draft;
use corsim_app::live::run::read;
use corsim_app::live::{LiveFailure, LiveReport, TIMEOUT_SECONDS};
use corsim_app::state::Action;

/// How the page's report begins (`corsim serve`'s page posts
/// `JSON.stringify({corsim: "live-result", result})`); the page's other
/// message, for the agreement suite, is not for live mode.
const REPORT: &str = r#"{"corsim":"live-result","#;

/// Starts run number `run` of `draft`; reports through `dispatch`.
pub fn start(draft: Draft, run: u32, dispatch: Callback<Action>) {
    dispatch.emit(Action::LiveStart(run));
    spawn_local(async move {
        let result = run_live(draft).await.map(Box::new);
        dispatch.emit(Action::LiveResult { run, result });
    });
}

async fn run_live(draft: Draft) -> Result<LiveReport, LiveFailure> {
    let page = read(&ask("live-start", &draft.to_json()).await?, "page")?;
    let message = run_page(&page).await?;
    let markup = read(&ask("live-report", &message).await?, "markup")?;
    Ok(LiveReport { draft, markup })
}

/// The worker's answer to `{kind, text}`.
async fn ask(kind: &str, text: &str) -> Result<Value, LiveFailure> {
    let (sender, receiver) = oneshot::channel();
    let sender = RefCell::new(Some(sender));
    worker::ask(
        &[
            ("kind", &JsValue::from_str(kind)),
            ("text", &JsValue::from_str(text)),
        ],
        Callback::from(move |reply| {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(reply);
            }
        }),
    );
    match receiver.await {
        Ok(reply) => reply.map_err(LiveFailure::Failed),
        Err(_) => Err(failed("the worker did not answer".into())),
    }
}

fn failed(why: String) -> LiveFailure {
    LiveFailure::Failed(why)
}

/// Opens the page in a hidden iframe and waits for its report.
async fn run_page(url: &str) -> Result<String, LiveFailure> {
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

    // The first of the page's report and the time limit settles the run.
    let (sender, receiver) = oneshot::channel::<Option<String>>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let settle = {
        let sender = sender.clone();
        move |value: Option<String>| {
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
                if text.starts_with(REPORT) {
                    settle(Some(text));
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
