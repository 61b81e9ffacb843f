//! The preset menu of the top bar. It takes what it shows as props, so that
//! an edit, which changes the top bar's link but not the menu, does not draw
//! its options again.

use yew::prelude::*;

use super::store::use_dispatcher;
use corsim_app::presets;
use corsim_app::state::Action;

#[derive(Properties, PartialEq)]
pub struct PresetPickerProps {
    /// The preset on screen, unless it was edited since it was loaded.
    pub selected: Option<&'static str>,
    /// Whether the scenario was edited since it was loaded.
    pub edited: bool,
}

#[function_component(PresetPicker)]
pub fn preset_picker(props: &PresetPickerProps) -> Html {
    let dispatcher = use_dispatcher();
    let onchange = Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if !select.value().is_empty() {
            dispatcher.dispatch(Action::LoadPreset(select.value()));
        }
    });
    let selected = props.selected;
    let groups = presets::groups();
    html! {
        <div class="field">
            <label for="preset">{ "Preset" }</label>
            <select id="preset" {onchange}>
                <option value="" selected={selected.is_none()}>{ if props.edited { "(your own scenario)" } else { "(choose a preset)" } }</option>
                { for groups.iter().map(|group| html! {
                    <optgroup label={*group}>
                        { for presets::ALL.iter().filter(|p| p.group == *group).map(|p| html! {
                            <option value={p.id} selected={selected == Some(p.id)}>{ p.title }</option>
                        }) }
                    </optgroup>
                }) }
            </select>
        </div>
    }
}
