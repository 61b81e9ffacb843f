//! The page that calls `fetch()`: its URL (so its origin), whether it sits in
//! a sandboxed iframe, and the scenario's title.

use yew::prelude::*;

use super::field::{guessed, TextField};
use super::store::use_dispatch;
use corsim_app::editor::Edit;
use corsim_app::state::{Action, AppState};

/// What the editor shows, from the state: compared by Yew, so an edit of
/// another editor leaves this one alone.
#[derive(Properties, PartialEq)]
pub struct PageEditorProps {
    pub title: String,
    pub page: String,
    pub sandboxed: bool,
    pub title_errors: Vec<String>,
    pub page_errors: Vec<String>,
    /// Why each field was guessed by an import, if it was.
    pub page_guessed: Option<String>,
    pub sandboxed_guessed: Option<String>,
}

impl PageEditorProps {
    pub fn of(state: &AppState) -> PageEditorProps {
        let errors = |path: &str| state.errors_at(path).map(str::to_string).collect();
        let why = |field: &str| state.guessed(field, None).map(str::to_string);
        PageEditorProps {
            title: state.draft.title.clone(),
            page: state.draft.page.clone(),
            sandboxed: state.draft.sandboxed,
            title_errors: errors("title"),
            page_errors: errors("page"),
            page_guessed: why("page"),
            sandboxed_guessed: why("sandboxed"),
        }
    }
}

#[function_component(PageEditor)]
pub fn page_editor(props: &PageEditorProps) -> Html {
    let on_title = use_dispatch(|t| Action::Edit(Edit::Title(t)));
    let on_page = use_dispatch(|p| Action::Edit(Edit::Page(p)));
    let on_sandboxed = use_dispatch(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Action::Edit(Edit::Sandboxed(input.checked()))
    });
    html! {
        <fieldset class="panel">
            <legend>{ "The page" }</legend>
            <TextField id="title" label="Title" value={props.title.clone()}
                placeholder="Name this scenario" errors={props.title_errors.clone()} onchange={on_title} />
            <TextField id="page-url" label="Page URL (its origin makes the request)"
                value={props.page.clone()} placeholder="https://app.example.com/"
                errors={props.page_errors.clone()} onchange={on_page} />
            { guessed(props.page_guessed.as_deref()) }
            <div class="field checkbox">
                <input type="checkbox" id="sandboxed" checked={props.sandboxed} onchange={on_sandboxed} />
                <label for="sandboxed">{ "In an iframe sandboxed without allow-same-origin (origin null)" }{ guessed(props.sandboxed_guessed.as_deref()) }</label>
            </div>
        </fieldset>
    }
}
