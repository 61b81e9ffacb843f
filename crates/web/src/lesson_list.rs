//! The guided path, listed by topic: each lesson starts with one click.

use yew::prelude::*;

use super::store::use_settled;
use corsim_app::lessons::PATH;
use corsim_app::presets;
use corsim_app::state::Action;

#[function_component(LessonList)]
pub fn lesson_list() -> Html {
    let store = use_settled();
    let mut topics: Vec<&str> = Vec::new();
    for lesson in PATH {
        if !topics.contains(&lesson.topic) {
            topics.push(lesson.topic);
        }
    }
    html! {
        <section class="lessons" aria-labelledby="lessons-title" id="lessons">
            <h2 id="lessons-title">{ "Lessons: a guided path" }</h2>
            <ol class="lesson-topics">
                { for topics.iter().map(|topic| html! {
                    <li>
                        <h3>{ *topic }</h3>
                        <ul>
                            { for PATH.iter().enumerate().filter(|(_, l)| l.topic == *topic).map(|(i, lesson)| {
                                let title = presets::by_id(lesson.preset).map_or(lesson.id, |p| p.title);
                                let onclick = {
                                    let store = store.clone();
                                    Callback::from(move |_| store.dispatch(Action::StartLesson(i)))
                                };
                                let current = store.lesson == Some(i);
                                html! {
                                    <li>
                                        <button type="button" class={classes!("link", current.then_some("current"))}
                                            id={format!("lesson-{}", lesson.id)} aria-current={current.then_some("step")} {onclick}>
                                            { title }
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                    </li>
                }) }
            </ol>
        </section>
    }
}
