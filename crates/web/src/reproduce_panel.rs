//! "Reproduce it": the curl commands that send exactly what the browser
//! sends, how to read their output, the page's `fetch()` call, and the server
//! configuration that answers as the scenario does, for a framework picked
//! from a list. Each comes with a Copy button.
//!
//! The configurations are written by the worker (`worker.rs`), not by this
//! module: the seven writers are about 19 kB gzipped that the first screen
//! does not need. It is asked when the learner opens the configuration part,
//! picks a framework or changes the scenario with the part open.

use serde_json::Value;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::browser;
use super::code_spans::code_spans;
use super::store::use_settled;
use super::worker;
use corsim_app::curl;
use corsim_app::draft::Draft;
use corsim_app::fetch_call::fetch_call;

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

#[function_component(ReproducePanel)]
pub fn reproduce_panel() -> Html {
    let store = use_settled();
    let framework = use_state(|| FRAMEWORKS[0].0);
    // Whether the configuration part is open: the worker is asked only then.
    let open = use_state(|| false);
    // The last answer, with the scenario and the framework it answers:
    // "Loading…" shows until the answer for those on screen comes.
    let config = use_state(|| None::<(Draft, &'static str, Config)>);
    // The id of the block copied last, to say "Copied" on its button.
    let copied = use_state(|| None::<String>);
    {
        let copied = copied.clone();
        use_effect_with(store.draft.clone(), move |_| copied.set(None));
    }
    {
        let config = config.clone();
        let valid = store.evaluation.is_ok() && !store.answers_hidden();
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
    if store.answers_hidden() {
        return html! {};
    }
    let (Ok(verdict), Ok(scenario)) = (&store.evaluation, store.draft.scenario()) else {
        return html! {};
    };
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
    let commands = curl::commands(verdict);
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
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            open.set(
                e.target_dyn_into::<web_sys::Element>()
                    .is_some_and(|d| d.has_attribute("open")),
            )
        })
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
    let fetch = fetch_call(&store.draft);
    html! {
        <section class="card reproduce" aria-labelledby="reproduce-title" id="reproduce">
            <h2 id="reproduce-title">{ "Reproduce it" }</h2>
            <h3>{ "With curl" }</h3>
            if commands.is_empty() {
                <p>{ "The browser sends nothing for this request, so there is nothing for curl to repeat." }</p>
            } else {
                <ol class="curl-commands">
                    { for commands.iter().enumerate().map(|(i, c)| html! {
                        <li>
                            <div class="code-head">
                                <span>{ &c.title }</span>
                                { copy_button(&format!("copy-curl-{i}"), "Copy", c.command.clone()) }
                            </div>
                            <pre class="code" tabindex="0"><code>{ &c.command }</code></pre>
                        </li>
                    }) }
                </ol>
                <ul class="guide">
                    { for curl::guide(&scenario, verdict).iter().map(|line| html! { <li>{ code_spans(line) }</li> }) }
                </ul>
            }
            <h3>{ "In the browser" }</h3>
            <p>{ "In the console of a page at " }<code>{ &verdict.origin }</code>{ ":" }</p>
            <div class="code-head">{ copy_button("copy-fetch", "Copy as fetch()", fetch.clone()) }</div>
            <pre class="code" id="fetch-call" tabindex="0"><code>{ fetch }</code></pre>
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
        </section>
    }
}
