//! The page's requests in order (version 2): one sequence diagram of them
//! all, as Chromium runs them with its caches, then each request's result
//! in Chromium, Firefox and Safari: what the caches did, what the page's
//! code gets and the console lines. Shown when the scenario uses anything
//! of version 2; a scenario of one plain `fetch()` has the panels below.
//!
//! The worker computes it and draws the results
//! (`corsim_app::views::timeline::answer`), so the version-2 verdict and
//! this diagram are not in the app's first load; this shows its answer as
//! it is.

use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::diagram::DiagramFigure;
use super::store::use_store;
use super::worker;
use corsim_app::draft::Draft;
use corsim_app::views::diagram_markup::TIMELINE;

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

fn number(value: &Value) -> u32 {
    value
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
}

fn texts(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|list| list.iter().map(text).collect())
        .unwrap_or_default()
}

#[function_component(TimelineResults)]
pub fn timeline_results() -> Html {
    let store = use_store();
    let shown = store.draft.uses_version_2() && store.evaluation.is_ok() && !store.answers_hidden();
    // The last answer, with the scenario it answers: the one on screen
    // until the answer for the next comes, so the panel never blinks.
    let answer = use_state(|| None::<(Draft, Rc<Result<Value, String>>)>);
    {
        let answer = answer.clone();
        use_effect_with((shown, store.draft.clone()), move |(shown, draft)| {
            let answered = answer.as_ref().is_some_and(|(d, _)| d == draft);
            if *shown && !answered {
                let on_reply = {
                    let draft = draft.clone();
                    Callback::from(move |reply: Result<Value, String>| {
                        answer.set(Some((draft.clone(), Rc::new(reply))));
                    })
                };
                worker::ask(
                    &[
                        ("kind", &JsValue::from_str("timeline")),
                        ("text", &JsValue::from_str(&draft.to_json())),
                    ],
                    on_reply,
                );
            }
        });
    }
    if !shown {
        return html! {};
    }
    let card = |body: Html| {
        html! {
            <section class="card" aria-labelledby="timeline-title" id="timeline-results">
                <h2 id="timeline-title">{ "The page's requests, in order" }</h2>
                { body }
            </section>
        }
    };
    // The worker starts with the first scenario that needs it.
    let value = match answer.as_ref().map(|(_, reply)| reply.as_ref()) {
        None => return card(html! { <p>{ "Loading…" }</p> }),
        Some(Err(why)) => return card(html! { <p class="error">{ why }</p> }),
        Some(Ok(value)) if value.get("error").is_some() => return html! {},
        Some(Ok(value)) => value,
    };
    card(html! {
        <>
            <p class="timeline-cache">{ "Each request as the page makes it, after the ones before it, with \
                what the browser kept from them. The verdict above shows the chosen request the same way." }</p>
            <DiagramFigure markup={AttrValue::from(text(&value["markup"]))}
                width={number(&value["width"])} height={number(&value["height"])}
                steps={Rc::new(texts(&value["steps"]))}
                names={TIMELINE} />
            // The worker's markup, every text in it escaped.
            { Html::from_html_unchecked(text(&value["results"]).into()) }
        </>
    })
}
