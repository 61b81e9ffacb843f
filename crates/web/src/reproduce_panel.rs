//! "Reproduce it": the curl commands that send exactly what the browser
//! sends, how to read their output, the page's `fetch()` call, and the server
//! configuration that answers as the scenario does, for a framework picked
//! from a list. Each comes with a Copy button.

use yew::prelude::*;

use super::browser;
use super::code_spans::code_spans;
use super::store::use_settled;
use corsim_app::curl;
use corsim_app::fetch_call::fetch_call;
use corsim_app::server_config::{self, Framework};

#[function_component(ReproducePanel)]
pub fn reproduce_panel() -> Html {
    let store = use_settled();
    let framework = use_state(|| Framework::Express);
    // The id of the block copied last, to say "Copied" on its button.
    let copied = use_state(|| None::<String>);
    {
        let copied = copied.clone();
        use_effect_with(store.draft.clone(), move |_| copied.set(None));
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
            if let Some(f) = Framework::from_name(&select.value()) {
                framework.set(f);
            }
        })
    };
    let config = match server_config::generate(*framework, &scenario, verdict) {
        Ok(config) => html! {
            <>
                <div class="code-head">{ copy_button("copy-config", "Copy", config.text.clone()) }</div>
                <pre class="code" id="server-config" tabindex="0"><code>{ config.text }</code></pre>
            </>
        },
        Err(unsupported) => html! {
            <p class="why-not" id="server-config-none">
                <strong>{ format!("{} cannot answer this way. ", framework.label()) }</strong>
                { code_spans(&unsupported.why) }
            </p>
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
            <h3>{ "Server configuration" }</h3>
            <div class="field">
                <label for="framework">{ "Framework" }</label>
                <select id="framework" onchange={on_framework}>
                    { for Framework::ALL.iter().map(|f| html! {
                        <option value={f.name()} selected={*framework == *f}>{ f.label() }</option>
                    }) }
                </select>
            </div>
            { config }
        </section>
    }
}
