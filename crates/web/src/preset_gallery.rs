//! The gallery of presets, grouped, each with its lesson; choosing one loads it.
//! It takes the current preset as a prop, so that an edit, which leaves the
//! gallery as it is, does not draw its thirty-odd entries again.

use yew::prelude::*;

use super::store::use_dispatcher;
use corsim_app::presets;
use corsim_app::state::Action;

#[derive(Properties, PartialEq)]
pub struct PresetGalleryProps {
    /// The preset on screen, unless it was edited since it was loaded.
    pub current: Option<&'static str>,
}

#[function_component(PresetGallery)]
pub fn preset_gallery(props: &PresetGalleryProps) -> Html {
    let dispatcher = use_dispatcher();
    let groups = presets::groups();
    html! {
        <section class="gallery" aria-labelledby="gallery-title" id="gallery">
            <h2 id="gallery-title">{ "Presets" }</h2>
            { for groups.iter().map(|group| html! {
                <div class="gallery-group">
                    <h3>{ *group }</h3>
                    <ul>
                        { for presets::ALL.iter().filter(|p| p.group == *group).map(|p| {
                            let onclick = {
                                let dispatcher = dispatcher.clone();
                                let id = p.id.to_string();
                                Callback::from(move |_| dispatcher.dispatch(Action::LoadPreset(id.clone())))
                            };
                            let current = props.current == Some(p.id);
                            html! {
                                <li>
                                    <button type="button" class={classes!("preset", current.then_some("current"))}
                                        aria-current={current.then_some("true")} {onclick}>
                                        <strong>{ p.title }</strong>
                                        <span>{ p.lesson }</span>
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                </div>
            }) }
        </section>
    }
}
