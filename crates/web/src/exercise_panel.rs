//! An exercise from a course link, under the teacher's own title, prompt
//! and hint: the learner predicts, reveals, and sees their answer beside
//! the right one; then moves on to the next exercise.

use yew::prelude::*;

use super::store::Store;
use corsim_app::prediction::Answer;
use corsim_app::state::Action;
use corsim_app::views::exercise::{console_choices, marks, OUTCOMES};

/// Drawn by `App` with the store it holds: a function, not a component, as
/// it keeps no state (each component costs the first load its own copy of
/// Yew's lifecycle code).
pub fn exercise_panel(store: &Store) -> Html {
    let Some(run) = store.course.clone() else {
        return html! {};
    };
    // The prediction is about the exercise as the link gives it, whatever the
    // learner edits afterwards.
    let Some(verdict) = run.exercise().and_then(|e| e.draft.evaluate().ok()) else {
        return html! {
            <aside class="exercise" id="exercise"><p>{ "This exercise's scenario is not valid." }</p></aside>
        };
    };
    let Some(exercise) = run.exercise() else {
        return html! {};
    };
    let choices = console_choices(&exercise.draft, &verdict);
    let prediction = run.prediction();
    let total = run.course.exercises.len();
    let answer = |a: Answer| {
        let store = store.clone();
        Callback::from(move |_: Event| store.dispatch(Action::Predict(a)))
    };
    let go = |action: Action| {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(action.clone()))
    };
    let radio =
        |name: &'static str, id: String, label: Html, checked: bool, onchange: Callback<Event>| {
            html! {
                <li>
                    <input type="radio" name={name} id={id.clone()} {checked} {onchange} />
                    <label for={id}>{ label }</label>
                </li>
            }
        };
    let body = if run.is_revealed() {
        let marks = marks(&prediction, &verdict, &choices);
        let score = marks.iter().filter(|m| m.right == Some(true)).count();
        html! {
            <div class="marks" id="exercise-marks" aria-live="polite">
                <p><strong>{ format!("{score} of {} right.", marks.len()) }</strong></p>
                <ul>
                    { for marks.iter().map(|m| {
                        let (mark, word) = match m.right {
                            Some(true) => ("✓", "right"),
                            Some(false) => ("✕", "wrong"),
                            None => ("–", "not answered"),
                        };
                        html! {
                            <li class={classes!("mark", word.replace(' ', "-"))}>
                                <p class="mark-question"><span class="tag">{ format!("{mark} {word}") }</span>{ m.question }</p>
                                <dl class="answers-pair">
                                    <dt>{ "Your answer" }</dt>
                                    <dd class="yours">{ m.yours.clone().unwrap_or_else(|| "(none)".to_string()) }</dd>
                                    <dt>{ "The right answer" }</dt>
                                    <dd class="answer">{ &m.answer }</dd>
                                </dl>
                            </li>
                        }
                    }) }
                </ul>
            </div>
        }
    } else {
        html! {
            <form class="prediction" id="prediction" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <fieldset>
                    <legend>{ "Is a preflight sent?" }</legend>
                    <ul class="choices-list">
                        { radio("preflight", "predict-preflight-yes".into(), html! { "yes" }, prediction.preflight == Some(true), answer(Answer::Preflight(true))) }
                        { radio("preflight", "predict-preflight-no".into(), html! { "no" }, prediction.preflight == Some(false), answer(Answer::Preflight(false))) }
                    </ul>
                </fieldset>
                <fieldset>
                    <legend>{ "What does the script get?" }</legend>
                    <ul class="choices-list">
                        { for OUTCOMES.iter().map(|(outcome, words)| radio(
                            "outcome", format!("predict-outcome-{}", outcome.as_str()), html! { *words },
                            prediction.outcome == Some(*outcome), answer(Answer::Outcome(*outcome)))) }
                    </ul>
                </fieldset>
                <fieldset>
                    <legend>{ "Which line does Chromium's console show?" }</legend>
                    <ul class="choices-list console-choices">
                        { for choices.iter().enumerate().map(|(i, line)| radio(
                            "console", format!("predict-console-{i}"),
                            match line {
                                Some(text) => html! { <code>{ text }</code> },
                                None => html! { "no CORS error" },
                            },
                            prediction.console == Some(i), answer(Answer::Console(i)))) }
                    </ul>
                </fieldset>
                <button type="button" class="primary" id="reveal" onclick={go(Action::Reveal)}>{ "Reveal the verdict" }</button>
            </form>
        }
    };
    html! {
        <aside class="exercise" aria-labelledby="exercise-title" id="exercise">
            <p class="lesson-topic">
                { if run.course.title.is_empty() { "Exercise".to_string() } else { run.course.title.clone() } }
                { format!(" · {} of {total}", run.current + 1) }
            </p>
            <h2 id="exercise-title">{ if exercise.title.is_empty() { "Predict what the browser does".to_string() } else { exercise.title.clone() } }</h2>
            if !exercise.prompt.is_empty() {
                <p class="question" id="exercise-prompt">{ &exercise.prompt }</p>
            }
            if !exercise.hint.is_empty() {
                <details class="hint" id="exercise-hint"><summary>{ "A hint" }</summary><p>{ &exercise.hint }</p></details>
            }
            { body }
            <nav class="lesson-nav" aria-label="Exercises">
                <button type="button" id="exercise-prev" disabled={run.current == 0}
                    onclick={go(Action::GoToExercise(run.current.saturating_sub(1)))}>{ "‹ Previous" }</button>
                <button type="button" id="exercise-next" disabled={run.current + 1 >= total}
                    onclick={go(Action::GoToExercise(run.current + 1))}>{ "Next exercise ›" }</button>
                <button type="button" id="exercise-exit" onclick={go(Action::ExitCourse)}>{ "Leave the course" }</button>
            </nav>
        </aside>
    }
}
