//! The verdict in one line, kept in view at the foot of the window while
//! the learner edits (the results column, side by side, is pushed up at the
//! end of the page), with, on a phone, the switch between the editors and
//! the results, which take turns there, one tap apart (static/style.css).

use yew::prelude::*;

use super::store::Store;
use corsim_app::state::{Action, Pane};
use corsim_app::views::verdict_summary::summary;

/// Drawn by `App` with the store it holds: a function, not a component,
/// since it keeps no state of its own (each component costs the first load
/// its own copy of Yew's lifecycle code).
pub fn verdict_bar(store: &Store) -> Html {
    // Not a live region: the verdict itself announces every change.
    let (class, mark, title) = match store.verdict() {
        _ if store.answers_hidden() => (
            "hidden",
            "?",
            "Predict first: the answer is hidden".to_string(),
        ),
        Some(verdict) => {
            let s = summary(verdict, store.browsers());
            let class = if s.mixed {
                "mixed"
            } else {
                verdict.outcome.as_str()
            };
            (class, s.mark, s.title)
        }
        None => (
            "invalid",
            "!",
            "The scenario is not complete yet".to_string(),
        ),
    };
    let tab = |pane: Pane, id: &'static str, label: &'static str| {
        let pressed = (store.pane == pane).to_string();
        let store = store.clone();
        let onclick = Callback::from(move |_| store.dispatch(Action::ShowPane(pane)));
        html! {
            <button type="button" {id} aria-pressed={pressed} {onclick}>{ label }</button>
        }
    };
    html! {
        <div class={classes!("verdict-bar", class)} id="verdict-bar">
            <p><span class="mark" aria-hidden="true">{ mark }</span>{ " " }<span id="verdict-bar-title">{ title }</span></p>
            <div class="panes" role="group" aria-label="Show">
                { tab(Pane::Edit, "show-edit", "Edit") }
                { tab(Pane::Result, "show-result", "Result") }
            </div>
        </div>
    }
}
