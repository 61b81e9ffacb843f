//! The course builder: a teacher adds scenarios as exercises, gives each its
//! own title, prompt and hint (a scenario's title may give the answer
//! away, so it is not carried), orders them, names the course, and copies
//! one link that holds it all.

use yew::prelude::*;

use super::browser;
use super::store::{use_settled, Settled};
use corsim_app::course;
use corsim_app::state::{Action, BuilderEdit, Words};

#[function_component(CourseBuilder)]
pub fn course_builder() -> Html {
    let store = use_settled();
    let builder = &store.builder;
    let edit = |e: BuilderEdit| {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::Builder(e.clone())))
    };
    let on_title = {
        let store = store.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            store.dispatch(Action::Builder(BuilderEdit::Title(input.value())));
        })
    };
    let link = (!builder.exercises.is_empty())
        .then(|| format!("{}#{}", browser::base_url(), course::encode(builder)));
    let count = builder.exercises.len();
    html! {
        <details class="card builder" id="course-builder">
            <summary>{ "Build a course: exercises in one link" }</summary>
            <p class="help">{ "Each exercise opens with the verdict hidden: the learner predicts whether a preflight is sent, what the script gets and which console line appears, then reveals. Add the scenario on screen, load or edit the next one, add it too, and share the link." }</p>
            <div class="field">
                <label for="course-title">{ "Course title" }</label>
                <input type="text" id="course-title" value={builder.title.clone()} oninput={on_title} placeholder="Week 3: preflights" />
            </div>
            <div class="row-actions">
                <button type="button" id="course-add" onclick={edit(BuilderEdit::AddCurrent)}>{ "+ Add the scenario on screen" }</button>
                if count > 0 {
                    <button type="button" id="course-clear" onclick={edit(BuilderEdit::Clear)}>{ "Remove all" }</button>
                }
            </div>
            <ol class="exercises" id="course-exercises">
                { for builder.exercises.iter().enumerate().map(|(i, exercise)| {
                    let draft = &exercise.draft;
                    let name = if exercise.title.is_empty() { format!("{} {}", draft.request.method, draft.request.url) } else { exercise.title.clone() };
                    html! {
                        <li>
                            <span>{ &name }</span>
                            { for [(Words::Title, "Title", "title", &exercise.title), (Words::Prompt, "Prompt", "prompt", &exercise.prompt), (Words::Hint, "Hint", "hint", &exercise.hint)]
                                .into_iter()
                                .map(|(part, label, key, value)| words(&store, i, part, label, key, value)) }
                            <button type="button" class="icon" aria-label={format!("Move {name} up")} disabled={i == 0}
                                onclick={edit(BuilderEdit::Move { from: i, to: i.saturating_sub(1) })}>{ "↑" }</button>
                            <button type="button" class="icon" aria-label={format!("Move {name} down")} disabled={i + 1 >= count}
                                onclick={edit(BuilderEdit::Move { from: i, to: i + 1 })}>{ "↓" }</button>
                            <button type="button" class="icon" aria-label={format!("Remove {name}")}
                                onclick={edit(BuilderEdit::Remove(i))}>{ "✕" }</button>
                        </li>
                    }
                }) }
            </ol>
            if let Some(link) = link {
                <div class="field share">
                    <label for="course-link">{ format!("Link to the course ({count} exercise{})", if count == 1 { "" } else { "s" }) }</label>
                    <div class="share-row">
                        <input type="text" id="course-link" readonly=true value={link.clone()} />
                        <button type="button" id="course-copy" onclick={Callback::from(move |_| { browser::copy(&link); })}>{ "Copy" }</button>
                    </div>
                </div>
            }
        </details>
    }
}

/// The field for one of exercise `i`'s words, made once for the three.
fn words(store: &Settled, i: usize, part: Words, label: &str, key: &str, value: &str) -> Html {
    let store = store.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        store.dispatch(Action::Builder(BuilderEdit::Words {
            index: i,
            part,
            text: input.value(),
        }));
    });
    let id = format!("course-{key}-{i}");
    html! {
        <div class="field">
            <label for={id.clone()}>{ format!("{label} of exercise {}", i + 1) }</label>
            <input type="text" {id} value={value.to_string()} {oninput} />
        </div>
    }
}
