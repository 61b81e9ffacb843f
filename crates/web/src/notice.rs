//! A message about something outside the editors, such as a broken link.

use yew::prelude::*;

use super::store::use_store;
use corsim_app::state::Action;

#[function_component(Notice)]
pub fn notice() -> Html {
    let store = use_store();
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
