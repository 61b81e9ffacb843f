//! An ordered, editable list of header name/value pairs: rows can be added,
//! removed and reordered, and each shows its warnings and problems.

use yew::prelude::*;

use super::browser;
use super::code_spans::code_spans;

use super::store::use_dispatcher;
use corsim_app::editor::{Edit, HeaderEdit, HeaderList};
use corsim_app::state::Action;
use corsim_app::views::header_warnings::Warning;

#[derive(Properties, PartialEq)]
pub struct HeaderListEditorProps {
    pub list: HeaderList,
    /// A prefix for element ids, unique on the page.
    pub id: AttrValue,
    pub headers: Vec<(String, String)>,
    /// Per row: warnings about what the browser does with it.
    #[prop_or_default]
    pub warnings: Vec<Vec<Warning>>,
    /// Per row: problems that make the scenario invalid.
    #[prop_or_default]
    pub errors: Vec<Vec<String>>,
    /// Buttons that set a header to a typical value.
    #[prop_or_default]
    pub quick_add: Vec<(&'static str, String)>,
}

#[function_component(HeaderListEditor)]
pub fn header_list_editor(props: &HeaderListEditorProps) -> Html {
    // Only the dispatcher: the list is drawn again when its props change.
    let dispatcher = use_dispatcher();
    let list = props.list;
    let edit = move |e: HeaderEdit| dispatcher.dispatch(Action::Edit(Edit::Headers(list, e)));
    let count = props.headers.len();
    let rows = props.headers.iter().enumerate().map(|(i, (name, value))| {
        let on_name = {
            let edit = edit.clone();
            Callback::from(move |e: InputEvent| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                // Read by name: an `input` event that is not an InputEvent
                // (autofill, a script's) has no `inputType` getter to call.
                let pasted = js_sys::Reflect::get(&e, &"inputType".into())
                    .ok()
                    .and_then(|t| t.as_string())
                    .is_some_and(|t| t == "insertFromPaste");
                edit(if pasted {
                    HeaderEdit::PastedName(i, input.value())
                } else {
                    HeaderEdit::Name(i, input.value())
                });
            })
        };
        let on_value = {
            let edit = edit.clone();
            Callback::from(move |e: InputEvent| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                edit(HeaderEdit::Value(i, input.value()));
            })
        };
        let button = |label: &'static str, text: String, enabled: bool, action: HeaderEdit| {
            let edit = edit.clone();
            let onclick = Callback::from(move |_| edit(action.clone()));
            html! { <button type="button" class="icon" aria-label={text.clone()} title={text} disabled={!enabled} {onclick}>{ label }</button> }
        };
        let row_name = if name.is_empty() { format!("header {}", i + 1) } else { name.clone() };
        let warnings = props.warnings.get(i).cloned().unwrap_or_default();
        let errors = props.errors.get(i).cloned().unwrap_or_default();
        let id = format!("{}-{i}", props.id);
        let problems_id = format!("{id}-problems");
        let invalid = !errors.is_empty()
            || warnings.iter().any(|w| w.kind == corsim_app::views::header_warnings::WarningKind::Invalid);
        html! {
            <li class={classes!("header-row", invalid.then_some("invalid"))}>
                <div class="header-inputs">
                    <input type="text" class="name" id={format!("{id}-name")} value={name.clone()}
                        aria-label={format!("Name of header {}", i + 1)} placeholder="Name"
                        spellcheck="false" autocomplete="off" aria-describedby={problems_id.clone()}
                        aria-invalid={invalid.to_string()} oninput={on_name} />
                    <input type="text" class="value" id={format!("{id}-value")} value={value.clone()}
                        aria-label={format!("Value of {row_name}")} placeholder="Value"
                        spellcheck="false" autocomplete="off" aria-describedby={problems_id.clone()}
                        oninput={on_value} />
                    { button("↑", format!("Move {row_name} up"), i > 0, HeaderEdit::Move { from: i, to: i.saturating_sub(1) }) }
                    { button("↓", format!("Move {row_name} down"), i + 1 < count, HeaderEdit::Move { from: i, to: i + 1 }) }
                    { button("✕", format!("Remove {row_name}"), true, HeaderEdit::Remove(i)) }
                </div>
                <ul class="problems" id={problems_id}>
                    { for errors.iter().map(|e| html! { <li class="error"><span class="tag">{ "error" }</span>{ e }</li> }) }
                    { for warnings.iter().map(|w| html! {
                        <li class={classes!("warning", w.kind.label())}><span class="tag">{ w.kind.label() }</span>{ code_spans(&w.text) }</li>
                    }) }
                </ul>
            </li>
        }
    });
    let on_add = {
        let edit = edit.clone();
        // The new row's name field takes the focus, ready to type into.
        let name = format!("{}-{count}-name", props.id);
        Callback::from(move |_| {
            edit(HeaderEdit::AddRow);
            browser::bring_into_view(&name, true);
        })
    };
    html! {
        <div class="header-list">
            <ol class="headers" id={props.id.clone()}>{ for rows }</ol>
            <div class="row-actions">
                <button type="button" id={format!("{}-add", props.id)} onclick={on_add}>{ "+ Header" }</button>
                { for props.quick_add.iter().map(|(name, value)| {
                    let edit = edit.clone();
                    let (n, v) = (name.to_string(), value.clone());
                    let onclick = Callback::from(move |_| edit(HeaderEdit::Set { name: n.clone(), value: v.clone() }));
                    html! {
                        <button type="button" class="quick" title={format!("Set {name}: {value}")} {onclick}>
                            { format!("+ {}", short_name(name)) }
                        </button>
                    }
                }) }
            </div>
        </div>
    }
}

/// `Access-Control-Allow-Origin` → `Allow-Origin`, to keep the buttons short.
fn short_name(name: &str) -> &str {
    name.strip_prefix("Access-Control-").unwrap_or(name)
}
