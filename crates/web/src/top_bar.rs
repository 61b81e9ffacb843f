//! The top bar: the name, the one picker of lessons and examples
//! (`PresetPicker`), the theme switch and the link to what is on screen
//! with its Copy button: a course's link inside a course, a lesson's in a
//! lesson not edited yet, else the scenario's.

use yew::prelude::*;

use super::browser;
use super::preset_picker::PresetPicker;
use super::store::use_store;
use corsim_app::lessons::PATH;
use corsim_app::state::{Action, Theme, LESSON_PREFIX};

#[function_component(TopBar)]
pub fn top_bar() -> Html {
    let store = use_store();
    let copied = use_state(|| false);
    let link = format!("{}#{}", browser::base_url(), store.fragment());
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
    let selected = match (store.edited, store.lesson.and_then(|i| PATH.get(i))) {
        (true, _) => None,
        (false, Some(lesson)) => Some(format!("{LESSON_PREFIX}{}", lesson.id)),
        (false, None) => store.preset.map(str::to_string),
    };
    // What the link opens (`AppState::fragment_later` decides the same way).
    let what = match (&store.course, &selected) {
        (Some(_), _) => "course",
        (None, Some(lesson)) if lesson.starts_with(LESSON_PREFIX) => "lesson",
        _ => "scenario",
    };
    html! {
        <header class="topbar">
            <div class="brand">
                <h1>{ "corsim" }</h1>
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
                <label for="permalink">{ format!("Link to this {what}") }</label>
                <div class="share-row">
                    <input type="text" id="permalink" readonly=true value={link} />
                    <button type="button" id="copy-link" onclick={on_copy}>{ if *copied { "Copied" } else { "Copy link" } }</button>
                </div>
            </div>
        </header>
    }
}
