//! The fix: the smallest change to the server's responses that makes the
//! request work, why it works, what to watch out for, and a button that
//! applies it; or, where working would be unsafe, how to make it safe.

use yew::prelude::*;

use super::browser;
use super::code_spans::code_spans;

use super::store::use_settled;
use corsim_app::fix::browsers::advise_all;
use corsim_app::fix::{Advice, Page, PARAGRAPH};
use corsim_app::state::Action;

#[function_component(FixPanel)]
pub fn fix_panel() -> Html {
    let store = use_settled();
    if store.answers_hidden() {
        return html! {};
    }
    let Some(each) = store.browsers() else {
        return html! {};
    };
    // Chromium's fix; when Chromium reads it but another browser blocks
    // it, which does and a fix for all three.
    let page = Page::of(store.preset, &store.draft);
    let (advice, blocked) = advise_all(&store.draft, each, page);
    let body = match advice {
        Advice::Works => html! {
            <p id="fix-none">{ "Nothing to fix: the request does what it asks for." }</p>
        },
        Advice::NoServerFix { why } => html! {
            <p id="fix-none"><strong>{ "No change to the server can fix this. " }</strong>{ code_spans(&why) }</p>
        },
        Advice::Unsafe(risk) => html! {
            <>
                <p id="fix-unsafe"><strong>{ if risk.works { "It works, but it is not safe. " } else { "Making this work would not be safe. " } }</strong>{ code_spans(&risk.why) }</p>
                <p id="fix-safe"><strong>{ "Make it safe: " }</strong>{ code_spans(&risk.safe) }</p>
            </>
        },
        Advice::Fix(fix) => {
            let onclick = {
                let store = store.clone();
                Callback::from(move |_| {
                    store.dispatch(Action::ApplyFix);
                    // The new verdict takes the focus, and its live region
                    // announces it.
                    browser::bring_into_view("verdict-head", true);
                })
            };
            html! {
                <>
                    <ol class="changes" id="fix-changes">
                        { for fix.changes.iter().map(|c| html! { <li>{ code_spans(&c.summary) }</li> }) }
                    </ol>
                    { for fix.why.split(PARAGRAPH).map(|reason| html! { <p class="why">{ code_spans(reason) }</p> }) }
                    if !fix.warnings.is_empty() {
                        <ul class="warnings" id="fix-warnings">
                            { for fix.warnings.iter().map(|w| html! {
                                <li class="warning"><span class="tag">{ "careful" }</span>{ code_spans(w) }</li>
                            }) }
                        </ul>
                    }
                    <button type="button" class="primary" id="apply-fix" {onclick}>{ "Apply this fix" }</button>
                </>
            }
        }
    };
    html! {
        <section class="card fix" aria-labelledby="fix-title" id="fix">
            <h2 id="fix-title">{ "The fix" }</h2>
            if let Some(blocked) = blocked {
                <p id="fix-browsers">{ code_spans(&blocked) }</p>
            }
            { body }
        </section>
    }
}
