//! The lesson being followed: its text, a question to think about, the one
//! change to try, and the way on along the path.

use yew::prelude::*;

use super::store::use_store;
use corsim_app::lessons::PATH;
use corsim_app::state::Action;

#[function_component(LessonPanel)]
pub fn lesson_panel() -> Html {
    let store = use_store();
    let Some((index, lesson)) = store.lesson.and_then(|i| PATH.get(i).map(|l| (i, l))) else {
        return html! {};
    };
    let go = |action: Action| {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(action.clone()))
    };
    html! {
        <aside class="lesson guided" aria-labelledby="lesson-title" id="lesson">
            <p class="lesson-topic">{ format!("Lesson {} of {} · {}", index + 1, PATH.len(), lesson.topic) }</p>
            <h2 id="lesson-title">{ store.draft.title.clone() }</h2>
            <p>{ lesson.text }</p>
            <p class="question"><strong>{ "Think first: " }</strong>{ lesson.question }</p>
            <div class="row-actions">
                <button type="button" class="primary" id="lesson-try" onclick={go(Action::TryLesson)}>
                    { format!("Try it: {}", lesson.try_label) }
                </button>
            </div>
            <nav class="lesson-nav" aria-label="Lessons">
                <button type="button" id="lesson-prev" disabled={index == 0}
                    onclick={go(Action::StartLesson(index.saturating_sub(1)))}>{ "‹ Previous lesson" }</button>
                <button type="button" id="lesson-next" disabled={index + 1 >= PATH.len()}
                    onclick={go(Action::StartLesson(index + 1))}>{ "Next lesson ›" }</button>
                <button type="button" id="lesson-exit" onclick={go(Action::ExitLesson)}>{ "Leave the lessons" }</button>
            </nav>
        </aside>
    }
}
