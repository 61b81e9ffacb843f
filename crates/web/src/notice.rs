//! A message about something outside the editors, such as a broken link.

use yew::prelude::*;

use super::store::Store;
use corsim_app::state::Action;

/// Drawn by `App` with the store it holds: a function, not a component, as
/// it keeps no state (each component costs the first load its own copy of
/// Yew's lifecycle code).
pub fn notice(store: &Store) -> Html {
    let Some(text) = store.notice.clone() else {
        return html! {};
    };
    let ondismiss = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::DismissNotice))
    };
    html! {
        <div class="notice" role="alert" id="notice">
            <p>{ text }</p>
            <button type="button" onclick={ondismiss}>{ "Dismiss" }</button>
        </div>
    }
}
