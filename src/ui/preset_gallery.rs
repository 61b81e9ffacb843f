//! The gallery of presets, grouped, each with its lesson; choosing one loads it.

use yew::prelude::*;

use super::store::use_store;
use crate::presets;
use crate::state::Action;

#[function_component(PresetGallery)]
pub fn preset_gallery() -> Html {
    let store = use_store();
    let mut groups: Vec<&str> = Vec::new();
    for p in presets::ALL {
        if !groups.contains(&p.group) {
            groups.push(p.group);
        }
    }
    html! {
        <section class="gallery" aria-labelledby="gallery-title" id="gallery">
            <h2 id="gallery-title">{ "Presets" }</h2>
            { for groups.iter().map(|group| html! {
                <div class="gallery-group">
                    <h3>{ *group }</h3>
                    <ul>
                        { for presets::ALL.iter().filter(|p| p.group == *group).map(|p| {
                            let onclick = {
                                let store = store.clone();
                                let id = p.id.to_string();
                                Callback::from(move |_| store.dispatch(Action::LoadPreset(id.clone())))
                            };
                            let current = store.preset == Some(p.id) && !store.edited;
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
