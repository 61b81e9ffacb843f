//! "Debug my error": the learner pastes what they have (a console error, a
//! HAR, raw response headers, a `fetch()` call, a curl command) and gets the
//! scenario that produces it, with what was guessed (also marked in the
//! editors), what they should know and, when the text has several possible
//! causes or holds several requests, a choice among them (a HAR's requests
//! together, as the page's timeline, first).
//!
//! The importers are not in this module: they run in a web worker of their
//! own (`crates/import-worker`), a second wasm module that this panel starts
//! the first time it is opened (`worker.rs`). So the app's first load does not carry them,
//! and a pasted megabyte is parsed off the page's thread. Nothing leaves the
//! browser: the text goes to the worker and the scenario comes back.

use std::rc::Rc;

use js_sys::Reflect;
use serde_json::Value;
use wasm_bindgen::JsValue;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::browser;
use super::store::{use_dispatcher, Dispatcher};
use super::worker;
use corsim_app::draft::Draft;
use corsim_app::state::Action;

/// One scenario the worker made of the text: the text makes several when
/// it has several possible causes (Safari's one line), or holds several
/// requests (a HAR).
#[derive(PartialEq)]
struct Choice {
    label: String,
    draft: Draft,
    /// What was guessed and what to know, worded by the worker.
    details: String,
    /// Each guess's path and why, for the editors to mark.
    guessed: Vec<(String, String)>,
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Working,
    /// The message to show: why nothing was made.
    Failed(String),
    /// The scenarios made, in the importer's order, the one on screen, and
    /// the words of the list that chooses among them.
    Done(Rc<Vec<Choice>>, usize, Rc<str>),
}

/// The worker's answer (`crates/import-worker`'s `answer`).
/// The scenarios made, which to show first, and the words of the list.
fn parse(answer: &Value) -> Result<(Vec<Choice>, usize, Rc<str>), String> {
    if let Some(error) = answer["error"].as_str() {
        return Err(error.to_string());
    }
    let mut choices = Vec::new();
    for made in answer["scenarios"].as_array().into_iter().flatten() {
        let mut draft = Draft::from_value(&made["scenario"]).map_err(|e| {
            let first = e.first().map(ToString::to_string).unwrap_or_default();
            format!("The scenario made from this text is not valid: {first}")
        })?;
        let selected = made["selected"].as_u64().unwrap_or(0) as usize;
        draft.set_requests(draft.requests(), selected);
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        choices.push(Choice {
            label: text(&made["label"]),
            draft,
            details: text(&made["details"]),
            guessed: made["guessed"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|g| (text(&g[0]), text(&g[1])))
                .collect(),
        });
    }
    if choices.is_empty() {
        return Err("The importer made no scenario from this text.".to_string());
    }
    let chosen = (answer["chosen"].as_u64().unwrap_or(0) as usize).min(choices.len() - 1);
    let pick = answer["pick"].as_str().unwrap_or_default().into();
    Ok((choices, chosen, pick))
}

#[function_component(DebugPanel)]
pub fn debug_panel() -> Html {
    let dispatcher = use_dispatcher();
    let status = use_state(|| Status::Idle);

    // The worker starts on the panel's first opening, not with the app (or
    // on the first press, should that come before the toggle event).
    let ontoggle = Callback::from(move |e: Event| {
        if browser::opened(&e) {
            worker::start();
        }
    });
    let onimport = {
        let (status, dispatcher) = (status.setter(), dispatcher.clone());
        Callback::from(move |_: MouseEvent| {
            // The text stays a JavaScript string: what is pasted can be
            // megabytes, and this module has no use for it.
            let pasted = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("import-text"))
                .and_then(|t| Reflect::get(&t, &"value".into()).ok())
                .unwrap_or_default();
            status.set(Status::Working);
            // The worker tells what the text is (`Kind::detect`), and says
            // which it read it as. One that cannot start says so.
            worker::ask(
                &[("kind", &JsValue::from_str("auto")), ("text", &pasted)],
                answers(&status, &dispatcher),
            );
        })
    };

    let result = match &*status {
        Status::Idle => html! {},
        Status::Working => html! { <p>{ "Reading it…" }</p> },
        Status::Failed(message) => {
            html! { <p class="import-error" id="import-error">{ message }</p> }
        }
        Status::Done(choices, chosen, pick) => {
            let onchange = {
                let (status, choices, dispatcher, pick) = (
                    status.setter(),
                    choices.clone(),
                    dispatcher.clone(),
                    pick.clone(),
                );
                Callback::from(move |e: Event| {
                    let select: HtmlSelectElement = e.target_unchecked_into();
                    let i = select.selected_index().max(0) as usize;
                    load(&dispatcher, &choices, i);
                    status.set(Status::Done(choices.clone(), i, pick.clone()));
                })
            };
            html! {
                <>
                    if choices.len() > 1 {
                        <label for="import-choice">{ &**pick }</label>
                        <select id="import-choice" {onchange}>
                            { for choices.iter().enumerate().map(|(i, c)| html! {
                                <option selected={*chosen == i}>{ &c.label }</option>
                            }) }
                        </select>
                    }
                    <p class="import-details" id="import-details">{ choices.get(*chosen).map(|c| c.details.clone()) }</p>
                </>
            }
        }
    };
    html! {
        <details class="panel debug" id="debug" {ontoggle}>
            <summary>{ "Debug my error" }</summary>
            <p>{ "Paste what you have: corsim builds the scenario that gives it. Nothing is uploaded: it is read in this browser tab." }</p>
            <label for="import-text">{ "A console error (Chromium, Firefox, Safari), a HAR file, raw response headers, a fetch() call or a curl command" }</label>
            <textarea id="import-text" rows="6" spellcheck="false" autocomplete="off" />
            <button type="button" id="import-go" onclick={onimport}>{ "Build the scenario" }</button>
            <div role="status" aria-live="polite">{ result }</div>
        </details>
    }
}

/// What the panel does with the worker's answer: the first scenario on
/// screen, the rest to choose from; or the message.
fn answers(status: &UseStateSetter<Status>, dispatcher: &Dispatcher) -> worker::OnReply {
    let (status, dispatcher) = (status.clone(), dispatcher.clone());
    Callback::from(
        move |answer: Result<Value, String>| match answer.and_then(|a| parse(&a)) {
            Ok((choices, first, pick)) => {
                let choices = Rc::new(choices);
                load(&dispatcher, &choices, first);
                status.set(Status::Done(choices, first, pick));
            }
            Err(message) => status.set(Status::Failed(message)),
        },
    )
}

/// Puts scenario `i` on screen.
fn load(dispatcher: &Dispatcher, choices: &Rc<Vec<Choice>>, i: usize) {
    if let Some(c) = choices.get(i) {
        dispatcher.dispatch(Action::Imported(
            Box::new(c.draft.clone()),
            c.guessed.clone(),
        ));
    }
}
