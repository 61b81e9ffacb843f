//! "Reproduce it": the curl commands that send exactly what the browser
//! sends, how to read their output, the page's `fetch()` call, and the server
//! configuration that answers as the scenario does, for a framework picked
//! from a list. Each comes with a Copy button.
//!
//! All of it is written and drawn by the worker (`worker.rs`,
//! `corsim_app::views::reproduce`), not by this module: the curl commands
//! and their guide, and the seven configuration writers, are kilobytes that
//! the first screen does not need. The panel is folded; the
//! worker is asked for the commands when the learner opens it, and for a
//! configuration when they open its part or pick a framework, and again
//! when the scenario changes with them open.

use serde_json::Value;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::browser;
use super::store::use_settled;
use super::worker;
use corsim_app::draft::Draft;

/// The frameworks the worker writes for, in the order listed: its name
/// (`corsim_app::server_config::Framework::name`) and its label. Spelt out
/// here so that this module does not link `server_config`; a component test
/// checks that they agree.
pub(crate) const FRAMEWORKS: [(&str, &str); 7] = [
    ("express", "Express (cors)"),
    ("flask", "Flask (flask-cors)"),
    ("django", "Django (django-cors-headers)"),
    ("spring", "Spring (CorsConfiguration)"),
    ("nginx", "nginx"),
    ("axum", "axum (tower-http CorsLayer)"),
    ("go", "Go (rs/cors)"),
];

/// What the panel shows of a worker's answer: its markup
/// (`corsim_app::views::reproduce`), or why there is none.
fn drawn(answer: &Result<Value, String>) -> Html {
    match answer {
        Ok(answer) => match answer["markup"].as_str() {
            // The worker's markup, every text in it escaped.
            Some(markup) => Html::from_html_unchecked(markup.to_string().into()),
            None => html! { <p class="why-not">{ "This part could not be written." }</p> },
        },
        Err(message) => html! { <p class="why-not">{ message }</p> },
    }
}

/// A click on a Copy button of the worker's markup: copies the block its
/// `data-copy` names, and says so on the button.
fn on_copy(e: MouseEvent) {
    let Some(button) = e.target_dyn_into::<web_sys::Element>() else {
        return;
    };
    let Some(block) = button.get_attribute("data-copy") else {
        return;
    };
    let text = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&block))
        .and_then(|b| b.text_content())
        .unwrap_or_default();
    if browser::copy(&text) {
        button.set_text_content(Some("Copied"));
    }
}

#[function_component(ReproducePanel)]
pub fn reproduce_panel() -> Html {
    let store = use_settled();
    let framework = use_state(|| FRAMEWORKS[0].0);
    // Whether the panel is open, and its configuration part: the worker is
    // asked only then.
    let shown = use_state(|| false);
    let open = use_state(|| false);
    // The worker's curl commands, guide and `fetch()` call, with the
    // scenario they are for.
    let reproduced = use_state(|| None::<(Draft, Result<Value, String>)>);
    // The last answer, with the scenario and the framework it answers:
    // "Loading…" shows until the answer for those on screen comes.
    let config = use_state(|| None::<(Draft, &'static str, Result<Value, String>)>);
    let valid = store.evaluation.is_ok() && !store.answers_hidden();
    {
        let reproduced = reproduced.clone();
        use_effect_with(
            (*shown && valid, store.draft.clone()),
            move |(ask, draft)| {
                let answered = reproduced.as_ref().is_some_and(|(d, _)| d == draft);
                if *ask && !answered {
                    let on_reply = {
                        let draft = draft.clone();
                        Callback::from(move |answer| reproduced.set(Some((draft.clone(), answer))))
                    };
                    worker::ask(
                        &[
                            ("kind", &JsValue::from_str("reproduce")),
                            ("text", &JsValue::from_str(&draft.to_json())),
                        ],
                        on_reply,
                    );
                }
            },
        );
    }
    {
        let config = config.clone();
        use_effect_with(
            (*open && valid, store.draft.clone(), *framework),
            move |(ask, draft, framework)| {
                let answered = config
                    .as_ref()
                    .is_some_and(|(d, f, _)| d == draft && f == framework);
                if *ask && !answered {
                    let (draft, framework) = (draft.clone(), *framework);
                    let on_reply = {
                        let draft = draft.clone();
                        Callback::from(move |answer| {
                            config.set(Some((draft.clone(), framework, answer)))
                        })
                    };
                    worker::ask(
                        &[
                            ("kind", &JsValue::from_str("config")),
                            ("text", &JsValue::from_str(&draft.to_json())),
                            ("framework", &JsValue::from_str(framework)),
                        ],
                        on_reply,
                    );
                }
            },
        );
    }
    if !valid {
        return html! {};
    }
    let on_framework = {
        let framework = framework.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            if let Some((name, _)) = FRAMEWORKS.iter().find(|(name, _)| *name == value) {
                framework.set(name);
            }
        })
    };
    let on_panel = {
        let shown = shown.clone();
        Callback::from(move |e: Event| shown.set(browser::opened(&e)))
    };
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(browser::opened(&e)))
    };
    let answer = config
        .as_ref()
        .filter(|(d, f, _)| *d == store.draft && f == &*framework)
        .map(|(_, _, answer)| answer);
    let config = match answer {
        _ if !*open => html! {},
        None => html! { <p id="server-config-loading">{ "Loading…" }</p> },
        Some(answer) => drawn(answer),
    };
    let commands = match reproduced.as_ref().filter(|(d, _)| *d == store.draft) {
        _ if !*shown => html! {},
        None => html! { <p id="reproduce-loading">{ "Loading…" }</p> },
        Some((_, answer)) => drawn(answer),
    };
    html! {
        <details class="card reproduce" id="reproduce" ontoggle={on_panel} onclick={on_copy}>
            <summary><h2 id="reproduce-title">{ "Reproduce it: curl, fetch() and the server's configuration" }</h2></summary>
            <div aria-live="polite">{ commands }</div>
            <details class="config-part" id="config-part" {ontoggle}>
                <summary><h3>{ "Server configuration" }</h3></summary>
                <div class="field">
                    <label for="framework">{ "Framework" }</label>
                    <select id="framework" onchange={on_framework}>
                        { for FRAMEWORKS.iter().map(|(name, label)| html! {
                            <option value={*name} selected={*framework == *name}>{ *label }</option>
                        }) }
                    </select>
                </div>
                <div aria-live="polite">{ config }</div>
            </details>
        </details>
    }
}
