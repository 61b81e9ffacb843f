//! "What JavaScript sees": the promise's result, the status, each browser's
//! error message and, when they disagree, each browser's result; and the
//! response headers the script can and cannot read.

use yew::prelude::*;

use super::store::use_settled;
use corsim_app::views::script_view::script_view;

#[function_component(ScriptPanel)]
pub fn script_panel() -> Html {
    let store = use_settled();
    if store.answers_hidden() {
        return html! {};
    }
    let (Ok(verdict), Ok(scenario)) = (&store.evaluation, store.draft.scenario()) else {
        return html! {};
    };
    let view = script_view(&scenario, verdict, store.browsers());
    let status = match view.status {
        Some(status) => status.to_string(),
        None => "none: the promise rejected".to_string(),
    };
    html! {
        <section class="card" aria-labelledby="script-title" id="script-view">
            <h2 id="script-title">{ "What JavaScript sees" }</h2>
            <p>{ &view.headline }</p>
            <dl class="facts">
                if let Some(kind) = view.response_type {
                    <dt>{ "response.type" }</dt><dd><code>{ kind }</code></dd>
                }
                <dt>{ "response.status" }</dt><dd><code id="script-status">{ status }</code></dd>
                // Where the browsers disagree, each one's result follows.
                if let (Some(rejection), None) = (&view.rejection, &view.per_browser) {
                    { for rejection.errors.iter().map(|(browser, error)| html! {
                        <><dt>{ format!("Error in {browser}") }</dt><dd><code>{ error }</code></dd></>
                    }) }
                }
            </dl>
            if let Some(each) = &view.per_browser {
                <h3>{ "The browsers do not agree" }</h3>
                <dl class="facts" id="script-per-browser">
                    { for each.iter().map(|(browser, sees)| html! {
                        <><dt>{ *browser }</dt><dd>{ sees }</dd></>
                    }) }
                </dl>
            }
            if !view.readable.is_empty() {
                <h3>{ "Readable through response.headers" }</h3>
                <ul class="headers-read" id="readable-headers">
                    { for view.readable.iter().map(|(name, value)| html! {
                        <li><span class="tag ok">{ "readable" }</span><code>{ format!("{name}: {value}") }</code></li>
                    }) }
                </ul>
            }
            if !view.hidden.is_empty() {
                <h3>{ "Sent by the server but hidden from the script" }</h3>
                <ul class="headers-hidden" id="hidden-headers">
                    { for view.hidden.iter().map(|name| html! {
                        <li><span class="tag bad">{ "hidden" }</span><code>{ name }</code></li>
                    }) }
                </ul>
            }
        </section>
    }
}
