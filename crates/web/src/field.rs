//! A labelled text field with its problems shown right under it.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// The problems with the value, each shown under the field.
    #[prop_or_default]
    pub errors: Vec<String>,
    /// Notes that are not errors, such as "needs a preflight".
    #[prop_or_default]
    pub hints: Vec<String>,
    /// The id of a `<datalist>` of suggestions.
    #[prop_or_default]
    pub list: Option<AttrValue>,
    pub onchange: Callback<String>,
}

#[function_component(TextField)]
pub fn text_field(props: &TextFieldProps) -> Html {
    let oninput = {
        let onchange = props.onchange.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            onchange.emit(input.value());
        })
    };
    let described = format!("{}-problems", props.id);
    let invalid = !props.errors.is_empty();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input type="text" id={props.id.clone()} value={props.value.clone()}
                placeholder={props.placeholder.clone()} list={props.list.clone()}
                spellcheck="false" autocomplete="off"
                aria-invalid={invalid.to_string()} aria-describedby={described.clone()}
                {oninput} />
            <ul class="problems" id={described}>
                { for props.errors.iter().map(|e| html! { <li class="error"><span class="tag">{ "error" }</span>{ e }</li> }) }
                { for props.hints.iter().map(|h| html! { <li class="hint"><span class="tag">{ "note" }</span>{ h }</li> }) }
            </ul>
        </div>
    }
}

/// The mark of a value an import guessed, in its field's label or right
/// after a text field (whose label then shows it, style.css): a word on
/// screen, the reason for screen readers (the panel lists the reasons on
/// screen).
pub fn guessed(why: Option<&str>) -> Html {
    match why {
        Some(why) => html! {
            <span class="tag guessed">{ "guessed" }<span class="visually-hidden">{ ": " }{ why }</span></span>
        },
        None => html! {},
    }
}

#[derive(Properties, PartialEq)]
pub struct ChoiceProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// (value, label) of every option.
    pub options: Vec<(&'static str, &'static str)>,
    pub selected: &'static str,
    pub onchange: Callback<String>,
}

/// A labelled `<select>`.
#[function_component(Choice)]
pub fn choice(props: &ChoiceProps) -> Html {
    let onchange = {
        let onchange = props.onchange.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            onchange.emit(select.value());
        })
    };
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <select id={props.id.clone()} {onchange}>
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={*value} selected={*value == props.selected}>{ *label }</option>
                }) }
            </select>
        </div>
    }
}
