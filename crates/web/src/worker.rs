//! The app's second wasm module, run as a web worker (`crates/import-worker`):
//! "Debug my error"'s importers, "Reproduce it" (curl, `fetch()`, the
//! server configurations) and the verdict's JSON.
//! Neither is in this module, so the first load does not carry them; the
//! worker starts the first time a panel needs it, one per page, and both
//! panels share it.
//!
//! Each request carries an id, which the worker puts into its answer (JSON
//! text), so that each answer goes to whoever asked.

use std::cell::RefCell;
use std::collections::HashMap;

use gloo_events::EventListener;
use js_sys::{Object, Reflect};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};
use yew::Callback;

/// The worker's loader, which Trunk writes beside index.html
/// (`data-loader-shim` in index.html): it loads the worker's glue and module.
/// A build names it after its content and says so in index.html's
/// `<meta name="corsim-worker">` (scripts/post-build.mjs); Trunk's own name
/// is for a page without it.
const WORKER: &str = "corsim-import-worker_loader.js";

/// Where the worker's loader is.
fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=corsim-worker]").ok().flatten())
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_else(|| WORKER.to_string())
}

/// What whoever asked gets: the worker's answer, or why there is none.
pub type OnReply = Callback<Result<Value, String>>;

const NOT_STARTED: &str = "This part of corsim could not be started in this browser.";
const NOT_LOADED: &str = "This part of corsim could not be loaded: reload the page and try again.";

/// The worker once started, the requests that wait for it to be ready (it
/// listens only once its module is instantiated) and those that wait for
/// their answer.
struct Connection {
    worker: Worker,
    ready: bool,
    /// Why the worker cannot answer, once it is known that it cannot.
    failed: Option<&'static str>,
    queued: Vec<JsValue>,
    waiting: HashMap<u32, OnReply>,
    next_id: u32,
    _listeners: [EventListener; 2],
}

thread_local! {
    static CONNECTION: RefCell<Option<Connection>> = const { RefCell::new(None) };
}

/// Starts the worker unless it runs already, so that it is ready by the
/// time it is asked.
pub fn start() {
    CONNECTION.with_borrow_mut(|connection| {
        if connection.is_none() {
            *connection = Connection::start();
        }
    });
}

/// Asks the worker: `fields` are the message's (`kind`, `text`, and for
/// `config` the `framework`); `on_reply` gets the answer.
pub fn ask(fields: &[(&str, &JsValue)], on_reply: OnReply) {
    #[cfg(test)]
    if let Some(answer) = tests::answer(fields) {
        // No worker in the component tests: the same answer, a little
        // later, as the worker's comes.
        yew::platform::spawn_local(async move {
            yew::platform::time::sleep(std::time::Duration::from_millis(10)).await;
            on_reply.emit(Ok(answer))
        });
        return;
    }
    start();
    let refused = CONNECTION.with_borrow_mut(|connection| {
        let Some(c) = connection else {
            return Some(NOT_STARTED);
        };
        if let Some(why) = c.failed {
            return Some(why);
        }
        let id = c.next_id;
        c.next_id = c.next_id.wrapping_add(1);
        let request = Object::new();
        // Setting a property of a new plain object cannot fail.
        let _ = Reflect::set(&request, &"id".into(), &id.into());
        for (name, value) in fields {
            let _ = Reflect::set(&request, &(*name).into(), value);
        }
        c.waiting.insert(id, on_reply.clone());
        if c.ready {
            if c.worker.post_message(&request).is_err() {
                c.waiting.remove(&id);
                return Some("The request could not be handed to the worker.");
            }
        } else {
            c.queued.push(request.into());
        }
        None
    });
    if let Some(why) = refused {
        on_reply.emit(Err(why.to_string()));
    }
}

impl Connection {
    fn start() -> Option<Connection> {
        let worker = Worker::new(&worker_url()).ok()?;
        let on_message = EventListener::new(&worker, "message", move |event| {
            let text = event
                .dyn_ref::<MessageEvent>()
                .and_then(|e| e.data().as_string())
                .unwrap_or_default();
            if text == r#"{"ready":true}"# {
                CONNECTION.with_borrow_mut(|connection| {
                    if let Some(c) = connection {
                        c.ready = true;
                        for request in c.queued.drain(..) {
                            // A request that cannot be posted is answered
                            // by nobody; none can fail with a plain object.
                            let _ = c.worker.post_message(&request);
                        }
                    }
                });
                return;
            }
            let answer: Result<Value, String> = serde_json::from_str(&text)
                .map_err(|_| "The worker's answer could not be read.".to_string());
            let id = answer.as_ref().ok().and_then(|a| a["id"].as_u64());
            // Taken out before it is called: it may ask again.
            let on_reply = CONNECTION.with_borrow_mut(|connection| {
                let c = connection.as_mut()?;
                c.waiting.remove(&(id? as u32))
            });
            if let Some(on_reply) = on_reply {
                on_reply.emit(answer);
            }
        });
        let on_error = EventListener::new(&worker, "error", move |_| {
            let waiting = CONNECTION.with_borrow_mut(|connection| match connection {
                Some(c) => {
                    c.failed = Some(NOT_LOADED);
                    c.queued.clear();
                    c.waiting.drain().map(|(_, on_reply)| on_reply).collect()
                }
                None => Vec::new(),
            });
            for on_reply in waiting {
                on_reply.emit(Err(NOT_LOADED.to_string()));
            }
        });
        Some(Connection {
            worker,
            ready: false,
            failed: None,
            queued: Vec::new(),
            waiting: HashMap::new(),
            next_id: 0,
            _listeners: [on_message, on_error],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the worker would answer a `config`, `reproduce` or `verdict`
    /// request, and the parts of an import's answer the panel reads (the
    /// worker's own `answer` is in its binary): the component tests run
    /// without it.
    pub(super) fn answer(fields: &[(&str, &JsValue)]) -> Option<Value> {
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, v)| v.as_string())
        };
        let text = field("text").unwrap_or_default();
        match field("kind")?.as_str() {
            "config" => Some(corsim_app::views::reproduce::config(
                &text,
                &field("framework").unwrap_or_default(),
            )),
            "reproduce" => Some(corsim_app::views::reproduce::commands(&text)),
            "verdict" => Some(corsim_app::verdict_json::answer(&text)),
            "auto" => {
                use corsim_app::import::{run, Kind};
                let choices = run(Kind::detect(&text), &text).ok()?;
                let scenarios: Vec<Value> = choices
                    .scenarios
                    .iter()
                    .map(|(label, made)| {
                        let guessed: Vec<[String; 2]> = made
                            .guesses
                            .iter()
                            .flat_map(|g| g.fields().into_iter().map(|f| [f, g.why.clone()]))
                            .collect();
                        serde_json::json!({"label": label, "scenario": made.draft.to_value(),
                            "details": "", "guessed": guessed, "selected": 0})
                    })
                    .collect();
                Some(
                    serde_json::json!({"chosen": choices.chosen, "pick": "pick one", "scenarios": scenarios}),
                )
            }
            _ => None,
        }
    }
}
