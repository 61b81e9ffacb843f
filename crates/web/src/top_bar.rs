//! The top bar: the name, the preset picker (`PresetPicker`), the theme
//! switch and the permalink with its Copy button.

use yew::prelude::*;

use super::browser;
use super::preset_picker::PresetPicker;
use super::store::use_store;
use corsim_app::permalink;
use corsim_app::state::{Action, Theme};

#[function_component(TopBar)]
pub fn top_bar() -> Html {
    let store = use_store();
    let copied = use_state(|| false);
    let link = permalink::link(&browser::base_url(), &store.draft);
    {
        // A new scenario has not been copied yet.
        let copied = copied.clone();
        use_effect_with(link.clone(), move |_| copied.set(false));
    }
    let on_theme = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some((theme, _)) = Theme::ALL.iter().find(|(_, n)| *n == select.value()) {
                store.dispatch(Action::SetTheme(*theme));
            }
        })
    };
    let on_copy = {
        let link = link.clone();
        let copied = copied.clone();
        Callback::from(move |_| copied.set(browser::copy(&link)))
    };
    let selected = if store.edited { None } else { store.preset };
    html! {
        <header class="topbar">
            <div class="brand">
                <h1>{ "corsim" }</h1>
                <p class="tagline">{ "What the browser does with a cross-origin fetch(), and why." }</p>
            </div>
            <PresetPicker {selected} edited={store.edited} />
            <div class="field">
                <label for="theme">{ "Theme" }</label>
                <select id="theme" onchange={on_theme}>
                    { for Theme::ALL.iter().map(|(theme, name)| html! {
                        <option value={*name} selected={store.theme == *theme}>{ *name }</option>
                    }) }
                </select>
            </div>
            <div class="field share">
                <label for="permalink">{ "Link to this scenario" }</label>
                <div class="share-row">
                    <input type="text" id="permalink" readonly=true value={link} />
                    <button type="button" id="copy-link" onclick={on_copy}>{ if *copied { "Copied" } else { "Copy link" } }</button>
                </div>
            </div>
        </header>
    }
}
