//! The scenario as JSON, and its verdict as `corsim check --json` prints
//! it: for the command line, so folded. The verdict's JSON is written by the
//! worker (`worker.rs`) when the panel is opened, and again for each change
//! with it open: the serializer of a whole verdict is kilobytes the first
//! screen does not need.

use serde_json::Value;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::browser;
use super::worker;
use corsim_app::draft::Draft;

#[derive(Properties, PartialEq)]
pub struct JsonPanelProps {
    pub draft: Draft,
}

#[function_component(JsonPanel)]
pub fn json_panel(props: &JsonPanelProps) -> Html {
    let open = use_state(|| false);
    // The worker's answer, with the scenario it is for: "Loading…" shows
    // until the answer for the scenario on screen comes, never an old one.
    let answer = use_state(|| None::<(Draft, Result<Value, String>)>);
    {
        let answer = answer.clone();
        use_effect_with((*open, props.draft.clone()), move |(open, draft)| {
            let answered = answer.as_ref().is_some_and(|(d, _)| d == draft);
            if *open && !answered {
                let on_reply = {
                    let draft = draft.clone();
                    Callback::from(move |reply| answer.set(Some((draft.clone(), reply))))
                };
                worker::ask(
                    &[
                        ("kind", &JsValue::from_str("verdict")),
                        ("text", &JsValue::from_str(&draft.to_json())),
                    ],
                    on_reply,
                );
            }
        });
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(browser::opened(&e)))
    };
    let verdict = match answer.as_ref().filter(|(d, _)| *d == props.draft) {
        _ if !*open => html! {},
        None => html! { <p id="verdict-loading">{ "Loading…" }</p> },
        Some((_, Ok(reply))) if reply["text"].is_string() => html! {
            <pre id="verdict" tabindex="0">{ reply["text"].as_str().unwrap_or_default() }</pre>
        },
        Some((_, Ok(reply))) => {
            html! { <p class="why-not" id="verdict-none">{ reply["error"].as_str().unwrap_or("The verdict could not be written.") }</p> }
        }
        Some((_, Err(message))) => html! { <p class="why-not" id="verdict-none">{ message }</p> },
    };
    html! {
        <details class="card json" id="json" {ontoggle}>
            <summary>{ "Verdict and scenario as JSON" }</summary>
            <p class="help">{ "The verdict is what " }<code>{ "corsim check --json" }</code>{ " prints for the scenario below." }</p>
            { verdict }
            <pre id="scenario-json" tabindex="0">{ props.draft.to_json() }</pre>
        </details>
    }
}
