//! The verdict at a glance: the outcome, announced to screen readers when it
//! changes (and focused after a change the learner asked for, such as a
//! fix); the preset's lesson, marked as describing the original once the
//! scenario is edited; the flow as a sequence diagram; the whole verdict and
//! scenario as JSON for the command line (`JsonPanel`).

use std::rc::Rc;

use yew::prelude::*;

use super::code_spans::code_spans;

use super::diagram::SequenceDiagram;
use super::json_panel::JsonPanel;
use super::store::Store;
use corsim_app::presets;
use corsim_app::state::Action;
use corsim_app::views::diagram::diagram;
use corsim_app::views::problems::place;
use corsim_app::views::verdict_summary::summary;

/// Drawn by `App` with the store it holds: a function, not a component, as
/// it keeps no state (each component costs the first load its own copy of
/// Yew's lifecycle code).
pub fn verdict_panel(store: &Store) -> Html {
    if store.answers_hidden() {
        return html! {};
    }
    // A lesson or an exercise brings its own text.
    let guided = store.lesson.is_some() || store.course.is_some();
    let lesson = store
        .preset
        .filter(|_| !guided)
        .and_then(presets::by_id)
        .map(|p| {
            let reset = {
                let store = store.clone();
                Callback::from(move |_| store.dispatch(Action::LoadPreset(p.id.to_string())))
            };
            html! {
                <aside class="lesson" aria-label="Lesson">
                    <h2>{ p.title }</h2>
                    if store.edited {
                        <p class="left-lesson" id="lesson-left">
                            <strong>{ "You changed the scenario: " }</strong>{ "this describes the original. " }
                            <button type="button" class="link" id="lesson-reset" onclick={reset}>{ "Reset to the example" }</button>
                        </p>
                    }
                    <p>{ p.lesson }</p>
                </aside>
            }
        });
    let (headline, flow) = match &store.evaluation {
        Ok(verdict) => {
            let s = summary(verdict, store.browsers());
            let flow = Rc::new(diagram(verdict, &store.draft));
            // Browsers that disagree get a neutral frame: no one colour is right.
            let class = if s.mixed {
                "mixed"
            } else {
                verdict.outcome.as_str()
            };
            let headline = html! {
                    <div class={classes!("headline", class)} id="verdict-head" tabindex="-1" aria-live="polite" aria-atomic="true">
                        <span class="mark" aria-hidden="true">{ s.mark }</span>
                        <p><strong id="headline-title">{ s.title }</strong>{ " " }<span class="outcome-word">{ if s.mixed { "Chromium's outcome: " } else { "outcome: " } }
                            <code id="outcome">{ verdict.outcome.as_str() }</code></span></p>
                        <p class="why">{ code_spans(&s.detail) }</p>
                        if !s.differences.is_empty() {
                            <p class="why differs">{ code_spans(&s.differences) }</p>
                        }
                    </div>
            };
            let details = html! {
                <>
                    <section class="card" aria-labelledby="flow-title">
                        <h2 id="flow-title">{ "The flow" }</h2>
                        <SequenceDiagram diagram={flow} />
                    </section>
                </>
            };
            (headline, details)
        }
        Err(errors) => (
            html! {
                <div class="headline invalid" id="verdict-head" tabindex="-1" aria-live="polite" aria-atomic="true">
                    <span class="mark" aria-hidden="true">{ "!" }</span>
                    <p><strong>{ "The scenario is not complete yet" }</strong></p>
                    <p class="why">{ "Fix these, and the verdict comes back at once:" }</p>
                    <ul id="errors">{ for errors.iter().map(|e| html! { <li>{ format!("{}: {}", place(&e.path), e.message) }</li> }) }</ul>
                </div>
            },
            html! {},
        ),
    };
    html! {
        <>
            { headline }
            { for lesson }
            { flow }
            // Drawn whether or not the scenario is valid, so that it stays
            // open while a field is typed through an invalid value.
            <JsonPanel draft={store.draft.clone()} />
        </>
    }
}
