//! The page that calls `fetch()`: its URL (so its origin), whether it sits in
//! a sandboxed iframe, and the scenario's title.

use yew::prelude::*;

use super::field::{guessed, TextField};
use super::store::{use_dispatch, use_store};
use corsim_app::editor::Edit;
use corsim_app::state::Action;

#[function_component(PageEditor)]
pub fn page_editor() -> Html {
    let store = use_store();
    let on_title = use_dispatch(|t| Action::Edit(Edit::Title(t)));
    let on_page = use_dispatch(|p| Action::Edit(Edit::Page(p)));
    let on_sandboxed = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            store.dispatch(Action::Edit(Edit::Sandboxed(input.checked())));
        })
    };
    let errors = |path: &str| {
        store
            .errors_at(path)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    html! {
        <fieldset class="panel">
            <legend>{ "The page" }</legend>
            <TextField id="title" label="Title" value={store.draft.title.clone()}
                placeholder="Name this scenario" errors={errors("title")} onchange={on_title} />
            <TextField id="page-url" label="Page URL (its origin makes the request)"
                value={store.draft.page.clone()} placeholder="https://app.example.com/"
                errors={errors("page")} onchange={on_page} />
            { guessed(store.guessed("page", None)) }
            <div class="field checkbox">
                <input type="checkbox" id="sandboxed" checked={store.draft.sandboxed} onchange={on_sandboxed} />
                <label for="sandboxed">{ "In an iframe sandboxed without allow-same-origin (origin null)" }{ guessed(store.guessed("sandboxed", None)) }</label>
            </div>
        </fieldset>
    }
}
