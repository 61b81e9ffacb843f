//! The page's requests in order (version 2): one sequence diagram of them
//! all, as Chromium runs them with its caches, then each request's result
//! in Chromium, Firefox and Safari: what the caches did, what the page's
//! code gets and the console lines. Shown when the scenario uses anything
//! of version 2; a scenario of one plain `fetch()` has the panels below.

use std::rc::Rc;

use yew::prelude::*;

use super::diagram::SequenceDiagram;
use super::store::use_store;
use corsim_app::views::diagram_markup::TIMELINE;
use corsim_app::views::timeline::timeline_result;

#[function_component(TimelineResults)]
pub fn timeline_results() -> Html {
    let store = use_store();
    let shown = store.draft.uses_version_2() && !store.answers_hidden();
    let result = use_memo((shown, store.draft.clone()), |(shown, draft)| {
        shown.then(|| timeline_result(draft)).flatten()
    });
    let Some(result) = result.as_ref() else {
        return html! {};
    };
    let requests = result.requests.iter().enumerate().map(|(i, r)| {
        html! {
            <section class="timeline-request" aria-labelledby={format!("timeline-request-{i}")}>
                <h3 id={format!("timeline-request-{i}")}>{ &r.title }</h3>
                <div class="timeline-browsers">
                    { for r.browsers.iter().map(|b| html! {
                        <div class="timeline-browser">
                            <h4>{ b.browser }{ ": " }<span class={classes!("tag", b.class)}>{ &b.outcome }</span></h4>
                            if !b.cache.is_empty() {
                                <p class="timeline-cache">{ &b.cache }</p>
                            }
                            <p>{ "The page's code gets " }{ &b.script_sees }</p>
                            { for b.console.iter().map(|line| html! {
                                <p class="console-line"><code>{ line }</code></p>
                            }) }
                        </div>
                    }) }
                </div>
            </section>
        }
    });
    html! {
        <section class="card" aria-labelledby="timeline-title" id="timeline-results">
            <h2 id="timeline-title">{ "The page's requests, in order" }</h2>
            <SequenceDiagram diagram={Rc::new(result.diagram.clone())} names={TIMELINE} />
            { for requests }
        </section>
    }
}
