//! The lesson being followed: its text, a question to think about, the
//! answer hidden until the learner asks for it, the one change to try, and
//! the way on along the path. Once the scenario is edited away from the
//! lesson's, the text says that it describes the original, with a reset.

use yew::prelude::*;

use super::browser;
use super::store::Store;
use corsim_app::lessons::PATH;
use corsim_app::state::Action;

/// Drawn by `App` with the store it holds: a function, not a component, as
/// it keeps no state (each component costs the first load its own copy of
/// Yew's lifecycle code).
pub fn lesson_panel(store: &Store) -> Html {
    let Some((index, lesson)) = store.lesson.and_then(|i| PATH.get(i).map(|l| (i, l))) else {
        return html! {};
    };
    // Each choice shows what it opened: the lesson's title for a new lesson,
    // the verdict for an answer or a change.
    let go = |action: Action, show: &'static str| {
        let store = store.clone();
        Callback::from(move |_| {
            store.dispatch(action.clone());
            browser::bring_into_view(show, true);
        })
    };
    html! {
        <aside class="lesson guided" aria-labelledby="lesson-title" id="lesson">
            <p class="lesson-topic">{ format!("Lesson {} of {} · {}", index + 1, PATH.len(), lesson.topic) }</p>
            <h2 id="lesson-title" tabindex="-1">{ lesson.title }</h2>
            if store.left_lesson() {
                <p class="left-lesson" id="lesson-left" role="status">
                    <strong>{ "You changed the scenario: " }</strong>{ "the lesson describes the original. " }
                    <button type="button" class="link" id="lesson-reset" onclick={go(Action::StartLesson(index), "lesson-title")}>{ "Reset to the lesson's scenario" }</button>
                </p>
            }
            <p>{ lesson.text }</p>
            <p class="question"><strong>{ "Think first: " }</strong>{ lesson.question }</p>
            <div class="row-actions">
                if store.answers_hidden() {
                    <button type="button" class="primary" id="lesson-reveal" onclick={go(Action::RevealLesson, "verdict-head")}>
                        { "Reveal the answer" }
                    </button>
                }
                <button type="button" id="lesson-try" onclick={go(Action::TryLesson, "verdict-head")}>
                    { format!("Try it: {}", lesson.try_label) }
                </button>
            </div>
            <nav class="lesson-nav" aria-label="Lessons">
                <button type="button" id="lesson-prev" disabled={index == 0}
                    onclick={go(Action::StartLesson(index.saturating_sub(1)), "lesson-title")}>{ "‹ Previous lesson" }</button>
                <button type="button" id="lesson-next" disabled={index + 1 >= PATH.len()}
                    onclick={go(Action::StartLesson(index + 1), "lesson-title")}>{ "Next lesson ›" }</button>
                <button type="button" id="lesson-exit" onclick={go(Action::ExitLesson, "verdict-head")}>{ "Leave the lessons" }</button>
            </nav>
        </aside>
    }
}
