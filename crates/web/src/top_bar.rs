//! The top bar: the name, the one picker of lessons and examples
//! (`PresetPicker`), the theme switch and the link to what is on screen
//! with its Copy button: a course's link inside a course, a lesson's in a
//! lesson not edited yet, else the scenario's.

use yew::prelude::*;

use super::browser;
use super::later::use_later;
use super::preset_picker::PresetPicker;
use super::store::use_dispatch;
use corsim_app::lessons::PATH;
use corsim_app::state::{Action, AppState, Theme, LESSON_PREFIX};

/// What the bar shows of the state, compared by Yew: a keystroke changes
/// none of it, so the bar is not drawn again for it. Its link follows a
/// frame later ([`use_later`]), as the address bar does: encoding the
/// permalink on every keystroke would delay the verdict.
#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    /// The picker's choice on screen, unless the scenario was edited since.
    pub selected: Option<String>,
    pub edited: bool,
    pub theme: Theme,
    /// What the link opens: a course, a lesson or a scenario.
    pub what: &'static str,
}

impl TopBarProps {
    pub fn of(state: &AppState) -> TopBarProps {
        let selected = match (state.edited, state.lesson.and_then(|i| PATH.get(i))) {
            (true, _) => None,
            (false, Some(lesson)) => Some(format!("{LESSON_PREFIX}{}", lesson.id)),
            (false, None) => state.preset.map(str::to_string),
        };
        // `AppState::fragment_later` decides the same way.
        let what = match (&state.course, &selected) {
            (Some(_), _) => "course",
            (None, Some(lesson)) if lesson.starts_with(LESSON_PREFIX) => "lesson",
            _ => "scenario",
        };
        TopBarProps {
            selected,
            edited: state.edited,
            theme: state.theme,
            what,
        }
    }
}

#[function_component(TopBar)]
pub fn top_bar(props: &TopBarProps) -> Html {
    let later = use_later();
    let copied = use_state(|| false);
    let link = later.as_ref().map(|s| link_to(s)).unwrap_or_default();
    {
        // A new scenario has not been copied yet.
        let copied = copied.clone();
        use_effect_with(link.clone(), move |_| copied.set(false));
    }
    let on_theme = use_dispatch(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let theme = Theme::ALL.iter().find(|(_, n)| *n == select.value());
        Action::SetTheme(theme.map_or(Theme::default(), |(theme, _)| *theme))
    });
    let on_copy = {
        let copied = copied.clone();
        // What is on screen at the press, not a frame before.
        Callback::from(move |_| {
            if let Some(later) = &later {
                copied.set(browser::copy(&link_to(later.now())));
            }
        })
    };
    let what = props.what;
    html! {
        <header class="topbar">
            <div class="brand">
                <h1>{ "corsim" }</h1>
            </div>
            <PresetPicker selected={props.selected.clone()} edited={props.edited} />
            <div class="field">
                <label for="theme">{ "Theme" }</label>
                <select id="theme" onchange={on_theme}>
                    { for Theme::ALL.iter().map(|(theme, name)| html! {
                        <option value={*name} selected={props.theme == *theme}>{ *name }</option>
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

/// The link to `state`.
fn link_to(state: &AppState) -> String {
    format!("{}#{}", browser::base_url(), state.fragment())
}
