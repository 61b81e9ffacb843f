//! How the server answers: one panel per scripted response (the preflight's
//! answer, redirects, the response itself), each with its status and headers.

use yew::prelude::*;

use super::field::guessed;
use super::header_list::HeaderListEditor;
use super::store::use_dispatcher;
use corsim_app::draft::ResponseDraft;
use corsim_app::editor::{Edit, HeaderList, NewResponse};
use corsim_app::state::{Action, AppState};
use corsim_app::views::server_panels::{panels, Panel, Role};

/// What the editor shows, from the state: compared by Yew, so an edit that
/// changes none of it (most edits of the request) leaves it alone.
#[derive(Properties, PartialEq)]
pub struct ServerEditorProps {
    pub server: Vec<ResponseDraft>,
    /// What each response answers, by the verdict (none while the answers
    /// are hidden).
    pub panels: Vec<Panel>,
    /// The scenario's problems, `(path, message)`.
    pub errors: Vec<(String, String)>,
    /// Per response: why an import guessed its status, and its headers.
    pub guessed: Vec<(Option<String>, Option<String>)>,
}

impl ServerEditorProps {
    pub fn of(state: &AppState) -> ServerEditorProps {
        let errors = match &state.evaluation {
            Err(errors) => errors
                .iter()
                .filter(|e| e.path.starts_with("server"))
                .map(|e| (e.path.clone(), e.message.clone()))
                .collect(),
            Ok(_) => Vec::new(),
        };
        let why = |field: &str, i: usize| state.guessed(field, Some(i)).map(str::to_string);
        ServerEditorProps {
            server: state.draft.server.clone(),
            panels: panels(
                &state.draft,
                state.verdict().filter(|_| !state.answers_hidden()),
            ),
            errors,
            guessed: (0..state.draft.server.len())
                .map(|i| (why("status", i), why("headers", i)))
                .collect(),
        }
    }
}

#[function_component(ServerEditor)]
pub fn server_editor(props: &ServerEditorProps) -> Html {
    let dispatcher = use_dispatcher();
    let dispatch = move |edit: Edit| dispatcher.dispatch(Action::Edit(edit));
    let text_input = |edit: fn(usize, String) -> Edit, index: usize| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            dispatch(edit(index, input.value()));
        })
    };
    let errors_under = |path: &str| -> Vec<String> {
        props
            .errors
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, message)| message.clone())
            .collect()
    };
    let entries = props.server.iter().zip(&props.panels).enumerate().map(|(i, (entry, panel))| {
        let id = format!("server-{i}");
        let header_errors: Vec<Vec<String>> = (0..entry.headers.len())
            .map(|j| {
                let base = format!("server[{i}].headers[{j}]");
                [base.clone(), format!("{base}[0]"), format!("{base}[1]")]
                    .iter()
                    .flat_map(|p| errors_under(p))
                    .collect()
            })
            .collect();
        let status_errors = errors_under(&format!("server[{i}].status"));
        let method_errors = errors_under(&format!("server[{i}].method"));
        let url_errors = errors_under(&format!("server[{i}].url"));
        let on_remove = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| dispatch(Edit::RemoveResponse(i)))
        };
        let on_repoint = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| dispatch(Edit::ResponseUrl(i, None)))
        };
        let role_class = match panel.role {
            Role::Preflight => "preflight",
            Role::Redirect => "redirect",
            Role::Response => "response",
        };
        let problem_list = |errors: &[String]| html! {
            <ul class="problems">{ for errors.iter().map(|e| html! { <li class="error"><span class="tag">{ "error" }</span>{ e }</li> }) }</ul>
        };
        html! {
            <li class={classes!("response-panel", role_class)} id={id.clone()}>
                <div class="response-head">
                    <h3>{ &panel.title }{ guessed(props.guessed.get(i).and_then(|g| g.1.as_deref())) }</h3>
                    <button type="button" class="icon" aria-label={format!("Remove the {}", panel.title.to_ascii_lowercase())}
                        title="Remove this response" onclick={on_remove}>{ "✕" }</button>
                </div>
                <p class="answers">{ format!("Answers {}", panel.answers) }</p>
                if let Some(stale) = &panel.stale {
                    <p class="answers hint"><span class="tag">{ "note" }</span>{ stale.as_str() }<button type="button" class="repoint" onclick={on_repoint}>{ "Answer the request's URL" }</button></p>
                }
                <div class="response-fields">
                    <div class={classes!("field", "status", (!status_errors.is_empty()).then_some("invalid"))}>
                        <label for={format!("{id}-status")}>{ "Status" }{ guessed(props.guessed.get(i).and_then(|g| g.0.as_deref())) }</label>
                        <input type="text" inputmode="numeric" id={format!("{id}-status")} value={entry.status.clone()}
                            oninput={text_input(Edit::ResponseStatus, i)} />
                        { problem_list(&status_errors) }
                    </div>
                    <div class="field method">
                        <label for={format!("{id}-method")}>{ "Method" }</label>
                        <input type="text" id={format!("{id}-method")} value={entry.method.clone().unwrap_or_default()}
                            placeholder="any but OPTIONS" spellcheck="false"
                            oninput={text_input(|i, m| Edit::ResponseMethod(i, (!m.is_empty()).then_some(m)), i)} />
                        { problem_list(&method_errors) }
                    </div>
                    <div class={classes!("field", "url", (!url_errors.is_empty()).then_some("invalid"))}>
                        <label for={format!("{id}-url")}>{ "URL" }</label>
                        <input type="text" id={format!("{id}-url")} value={entry.url.clone().unwrap_or_default()}
                            placeholder="the request URL" spellcheck="false"
                            oninput={text_input(|i, u| Edit::ResponseUrl(i, (!u.is_empty()).then_some(u)), i)} />
                        { problem_list(&url_errors) }
                    </div>
                </div>
                <HeaderListEditor list={HeaderList::Response(i)} id={format!("{id}-headers")}
                    headers={entry.headers.clone()} errors={header_errors} quick_add={panel.quick_add.clone()} />
            </li>
        }
    });
    let add = |what: Edit| {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch(what.clone()))
    };
    let has_preflight = props.server.iter().any(|e| e.is_preflight());
    html! {
        <fieldset class="panel server">
            <legend>{ "The server's answers" }</legend>
            <p class="help">{ "Each request the browser sends gets the first response that matches its method and URL; anything else gets a 404 with no headers." }</p>
            <ol class="responses">{ for entries }</ol>
            <div class="row-actions">
                if !has_preflight {
                    <button type="button" id="add-preflight" onclick={add(Edit::AddResponse(NewResponse::Preflight))}>{ "+ Preflight response" }</button>
                }
                <button type="button" id="add-response" onclick={add(Edit::AddResponse(NewResponse::Main))}>{ "+ Response" }</button>
                <button type="button" id="add-redirect" onclick={add(Edit::AddRedirectHop)}>{ "+ Redirect hop" }</button>
            </div>
        </fieldset>
    }
}
