//! The step-by-step explanation: every step the browser took, linked to the
//! Fetch standard, then the notes.

use yew::prelude::*;

use super::code_spans::code_spans;

use super::store::use_settled;
use corsim_app::views::explanation::{explanation, result_mark};

#[function_component(ExplanationPanel)]
pub fn explanation_panel() -> Html {
    let store = use_settled();
    if store.answers_hidden() {
        return html! {};
    }
    let Some(verdict) = store.verdict() else {
        return html! {};
    };
    let e = explanation(verdict);
    html! {
        <section class="card" aria-labelledby="steps-title">
            <h2 id="steps-title">{ "Step by step" }</h2>
            <p class="help">{ "Each step in the Fetch standard's own words, linked to it; for the same ground in plain words, " }
                <a href="https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS" target="_blank" rel="noopener noreferrer">{ "MDN's guide to CORS" }</a>{ "." }</p>
            <ol class="steps" id="steps">
                { for e.steps.iter().map(|step| {
                    let (mark, word) = result_mark(step.result);
                    html! {
                        <li class={classes!("step", word)}>
                            <span class="mark" aria-label={word}>{ mark }</span>
                            <a href={step.spec} target="_blank" rel="noopener noreferrer">{ step.algorithm }</a>
                            { ": " }{ code_spans(&step.detail) }
                        </li>
                    }
                }) }
            </ol>
            if !e.notes.is_empty() {
                <h3>{ "Worth knowing" }</h3>
                <ul class="notes" id="notes">{ for e.notes.iter().map(|n| html! { <li>{ code_spans(n) }</li> }) }</ul>
            }
        </section>
    }
}
