//! The request passed to `fetch()`: URL, method, headers, mode, credentials
//! and redirect mode. A request made by something else (the timeline's
//! "Made by") shows only what it takes: an element sends GET without the
//! page's headers, and only `fetch()` takes the three modes.

use corsim_core::scenario::{CredentialsMode, Initiator, RedirectMode, RequestMode};
use yew::prelude::*;

use super::field::{guessed, Choice, TextField};
use super::glossary::term;
use super::header_list::HeaderListEditor;
use super::store::{use_dispatch, use_dispatcher, use_store};
use corsim_app::draft::parse_keyword;
use corsim_app::editor::{Edit, HeaderList};
use corsim_app::state::Action;
use corsim_app::views::header_warnings::{method_warning, request_header_warnings};

/// Methods offered as suggestions; any other can be typed, `patch` included.
const METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "patch",
];

/// A callback for a `<select>` of keywords: dispatches the edit `edit` makes
/// of the word chosen (the select offers only known words). The same
/// callback on every render, so that the `Choice` it is given is not drawn
/// again.
#[hook]
fn use_keyword(edit: fn(&str) -> Option<Edit>) -> Callback<String> {
    let dispatcher = use_dispatcher();
    (*use_memo((), move |_| {
        Callback::from(move |word: String| {
            if let Some(edit) = edit(&word) {
                dispatcher.dispatch(Action::Edit(edit));
            }
        })
    }))
    .clone()
}

fn options<T>(all: &'static [(T, &'static str)]) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|(_, w)| (*w, *w)).collect()
}

#[function_component(RequestEditor)]
pub fn request_editor() -> Html {
    let store = use_store();
    let dispatcher = store.dispatcher();
    let on_url = use_dispatch(|u| Action::Edit(Edit::Url(u)));
    let on_method = use_dispatch(|m| Action::Edit(Edit::Method(m)));
    let on_mode = use_keyword(|w| parse_keyword(RequestMode::ALL, w).map(Edit::Mode));
    let on_credentials =
        use_keyword(|w| parse_keyword(CredentialsMode::ALL, w).map(Edit::Credentials));
    let on_redirect = use_keyword(|w| parse_keyword(RedirectMode::ALL, w).map(Edit::Redirect));
    // In an exercise, the warnings would give the answer away.
    let verdict = store.verdict().filter(|_| !store.answers_hidden());
    let request = &store.draft.request;
    let errors = |path: &str| {
        store
            .errors_at(path)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let method_hints: Vec<String> = method_warning(verdict)
        .into_iter()
        .map(|w| w.text)
        .collect();
    html! {
        <fieldset class="panel">
            <legend>{ legend(request.initiator) }</legend>
            <TextField id="request-url" label="URL" value={request.url.clone()}
                placeholder="https://api.example.com/users" errors={errors("request.url")} onchange={on_url} />
            { guessed(store.guessed("request.url", None)) }
            if !request.initiator.is_element() {
            <TextField id="method" label="Method (sent as typed, except the six that are upper-cased)"
                value={request.method.clone()} list={Some(AttrValue::from("methods"))}
                errors={errors("request.method")} hints={method_hints} onchange={on_method} />
            { guessed(store.guessed("request.method", None)) }
            <datalist id="methods">{ for METHODS.iter().map(|m| html! { <option value={*m} /> }) }</datalist>
            <div class="field">
                <span class="label" id="request-headers-label">{ "Headers" }{ guessed(store.guessed("request.headers", None)) }</span>
                <HeaderListEditor list={HeaderList::Request} id="request-headers"
                    headers={request.headers.clone()}
                    warnings={if store.answers_hidden() { Vec::new() } else { request_header_warnings(&store.draft, verdict) }} />
            </div>
            }
            if request.initiator == Initiator::Fetch {
            <div class="choices">
                <Choice id="mode" label="mode" options={options(RequestMode::ALL)}
                    selected={request.mode.as_str()} onchange={on_mode} />
                <Choice id="credentials" label="credentials" options={options(CredentialsMode::ALL)}
                    selected={request.credentials.as_str()} onchange={on_credentials} />
                <Choice id="redirect" label="redirect" options={options(RedirectMode::ALL)}
                    selected={request.redirect.as_str()} onchange={on_redirect} />
            </div>
            }
            <p class="help terms">{ "What they mean: " }{ term(&dispatcher, "term-modes", "the modes") }{ ", " }
                { term(&dispatcher, "term-credentials", "credentials") }{ ", " }
                { term(&dispatcher, "term-safelisted", "safelisted headers") }{ ", " }
                { term(&dispatcher, "term-preflight", "preflight") }</p>
        </fieldset>
    }
}

/// The editor's title: the call or element that makes the request.
fn legend(initiator: Initiator) -> &'static str {
    match initiator {
        Initiator::Fetch => "The request: fetch(url, init)",
        Initiator::Xhr => "The request: XMLHttpRequest (axios)",
        Initiator::Img => "The request: <img src>",
        Initiator::Script => "The request: <script src>",
        Initiator::Font => "The request: an @font-face source",
    }
}
