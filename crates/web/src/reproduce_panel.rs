//! "Reproduce it": the curl commands that send exactly what the browser
//! sends, how to read their output, the page's `fetch()` call, and the server
//! configuration that answers as the scenario does, for a framework picked
//! from a list. Each comes with a Copy button.
//!
//! All of it is written by the worker (`worker.rs`), not by this module: the
//! curl commands and their guide, and the seven configuration writers, are
//! kilobytes that the first screen does not need. The panel is folded; the
//! worker is asked for the commands when the learner opens it, and for a
//! configuration when they open its part or pick a framework, and again
//! when the scenario changes with them open.

use serde_json::Value;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::browser;
use super::code_spans::code_spans;
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

/// The worker's answer for a scenario and a framework.
#[derive(Clone, PartialEq)]
enum Config {
    Text(String),
    /// Why the framework cannot answer as the scenario's server does.
    Unsupported(String),
    /// Why there is no answer (the worker could not be loaded).
    Failed(String),
}

impl Config {
    fn from_answer(answer: Result<Value, String>) -> Config {
        let answer = match answer {
            Ok(answer) => answer,
            Err(message) => return Config::Failed(message),
        };
        if let Some(text) = answer["text"].as_str() {
            Config::Text(text.to_string())
        } else if let Some(why) = answer["why"].as_str() {
            Config::Unsupported(why.to_string())
        } else {
            Config::Failed(
                answer["error"]
                    .as_str()
                    .unwrap_or("The configuration could not be written.")
                    .to_string(),
            )
        }
    }
}

/// Whether a `<details>`' toggle event opened it.
fn opened(e: &Event) -> bool {
    e.target_dyn_into::<web_sys::Element>()
        .is_some_and(|d| d.has_attribute("open"))
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
    let config = use_state(|| None::<(Draft, &'static str, Config)>);
    // The id of the block copied last, to say "Copied" on its button.
    let copied = use_state(|| None::<String>);
    {
        let copied = copied.clone();
        use_effect_with(store.draft.clone(), move |_| copied.set(None));
    }
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
                            let answer = Config::from_answer(answer);
                            config.set(Some((draft.clone(), framework, answer)));
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
    let copy_button = |id: &str, label: &str, text: String| {
        let onclick = {
            let copied = copied.clone();
            let id = id.to_string();
            Callback::from(move |_| copied.set(browser::copy(&text).then(|| id.clone())))
        };
        let shown = if copied.as_deref() == Some(id) {
            "Copied"
        } else {
            label
        };
        html! { <button type="button" class="copy" id={id.to_string()} {onclick}>{ shown.to_string() }</button> }
    };
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
        Callback::from(move |e: Event| shown.set(opened(&e)))
    };
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(opened(&e)))
    };
    let label = FRAMEWORKS
        .iter()
        .find(|(name, _)| name == &*framework)
        .map_or("", |(_, label)| label);
    let answer = config
        .as_ref()
        .filter(|(d, f, _)| *d == store.draft && f == &*framework)
        .map(|(_, _, answer)| answer);
    let config = match answer {
        _ if !*open => html! {},
        None => html! { <p id="server-config-loading">{ "Loading…" }</p> },
        Some(Config::Text(text)) => html! {
            <>
                <div class="code-head">{ copy_button("copy-config", "Copy", text.clone()) }</div>
                <pre class="code" id="server-config" tabindex="0"><code>{ text }</code></pre>
            </>
        },
        Some(Config::Unsupported(why)) => html! {
            <p class="why-not" id="server-config-none">
                <strong>{ format!("{label} cannot answer this way. ") }</strong>
                { code_spans(why) }
            </p>
        },
        Some(Config::Failed(message)) => html! {
            <p class="why-not" id="server-config-error">{ message }</p>
        },
    };
    let text = |value: &Value| value.as_str().unwrap_or_default().to_string();
    let commands = match reproduced.as_ref().filter(|(d, _)| *d == store.draft) {
        _ if !*shown => html! {},
        None => html! { <p id="reproduce-loading">{ "Loading…" }</p> },
        Some((_, Err(message))) => html! { <p class="why-not">{ message }</p> },
        Some((_, Ok(answer))) if answer["error"].is_string() => {
            html! { <p class="why-not">{ text(&answer["error"]) }</p> }
        }
        Some((_, Ok(answer))) => {
            let commands = answer["commands"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            let fetch = text(&answer["fetch"]);
            html! {
                <>
                    <h3>{ "With curl" }</h3>
                    if commands.is_empty() {
                        <p>{ "The browser sends nothing for this request, so there is nothing for curl to repeat." }</p>
                    } else {
                        <ol class="curl-commands">
                            { for commands.iter().enumerate().map(|(i, c)| html! {
                                <li>
                                    <div class="code-head">
                                        <span>{ text(&c["title"]) }</span>
                                        { copy_button(&format!("copy-curl-{i}"), "Copy", text(&c["command"])) }
                                    </div>
                                    <pre class="code" tabindex="0"><code>{ text(&c["command"]) }</code></pre>
                                </li>
                            }) }
                        </ol>
                        <ul class="guide">
                            { for answer["guide"].as_array().into_iter().flatten().map(|line| html! { <li>{ code_spans(&text(line)) }</li> }) }
                        </ul>
                    }
                    <h3>{ "In the browser" }</h3>
                    <p>{ "In the console of a page at " }<code>{ text(&answer["origin"]) }</code>{ ":" }</p>
                    <div class="code-head">{ copy_button("copy-fetch", "Copy as fetch()", fetch.clone()) }</div>
                    <pre class="code" id="fetch-call" tabindex="0"><code>{ fetch }</code></pre>
                </>
            }
        }
    };
    html! {
        <details class="card reproduce" id="reproduce" ontoggle={on_panel}>
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
