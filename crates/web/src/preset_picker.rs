//! The one place to choose what to look at: the lessons of the guided path,
//! by topic, then the example scenarios, by group. It takes what it shows
//! as props, so that an edit, which changes the top bar's link but not the
//! menu, does not draw its options again.

use yew::prelude::*;

use super::browser;
use super::store::use_dispatcher;
use corsim_app::lessons::{self, PATH};
use corsim_app::presets;
use corsim_app::state::{Action, LESSON_PREFIX};

#[derive(Properties, PartialEq)]
pub struct PresetPickerProps {
    /// The option on screen (a preset's id, or `lesson=ID`), unless the
    /// scenario was edited since it was chosen.
    pub selected: Option<String>,
    /// Whether the scenario was edited since it was loaded.
    pub edited: bool,
}

#[function_component(PresetPicker)]
pub fn preset_picker(props: &PresetPickerProps) -> Html {
    let dispatcher = use_dispatcher();
    let onchange = Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let value = select.value();
        // The focus stays in the menu, where the arrow keys move through it;
        // what was opened is scrolled into view.
        if let Some(index) = value.strip_prefix(LESSON_PREFIX).and_then(lessons::by_id) {
            dispatcher.dispatch(Action::StartLesson(index));
            browser::bring_into_view("lesson", false);
        } else if !value.is_empty() {
            dispatcher.dispatch(Action::LoadPreset(value));
            browser::bring_into_view("verdict-head", false);
        }
    });
    let selected = props.selected.as_deref();
    let mut topics: Vec<&str> = Vec::new();
    for lesson in PATH {
        if !topics.contains(&lesson.topic) {
            topics.push(lesson.topic);
        }
    }
    html! {
        <div class="field">
            <label for="preset">{ "Lessons and examples" }</label>
            <select id="preset" {onchange}>
                <option value="" selected={selected.is_none()}>{ if props.edited { "(your own scenario)" } else { "(choose a lesson or an example)" } }</option>
                { for topics.iter().map(|topic| html! {
                    <optgroup label={format!("Lesson {topic}")}>
                        { for PATH.iter().enumerate().filter(|(_, l)| l.topic == *topic).map(|(i, l)| {
                            let value = format!("{LESSON_PREFIX}{}", l.id);
                            let current = selected == Some(value.as_str());
                            html! {
                                <option selected={current} {value}>{ format!("{}. {}", i + 1, l.title) }</option>
                            }
                        }) }
                    </optgroup>
                }) }
                { for presets::groups().iter().map(|group| html! {
                    <optgroup label={format!("Example: {group}")}>
                        { for presets::ALL.iter().filter(|p| p.group == *group).map(|p| html! {
                            <option value={p.id} selected={selected == Some(p.id)}>{ p.title }</option>
                        }) }
                    </optgroup>
                }) }
            </select>
        </div>
    }
}
