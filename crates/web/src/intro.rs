//! The first thing on screen: what corsim is, in a sentence, and the two
//! ways in, side by side: the lesson path, and the panel that turns a
//! developer's error into a scenario.

use yew::prelude::*;

use super::browser;
use super::store::Dispatcher;
use corsim_app::state::{Action, Pane};

/// Drawn by `App`: a function, not a component, since it keeps no state of
/// its own (each component costs the first load its own copy of Yew's
/// lifecycle code).
pub fn intro(dispatcher: &Dispatcher) -> Html {
    let on_start = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_| {
            dispatcher.dispatch(Action::StartLesson(0));
            browser::bring_into_view("lesson-title", true);
        })
    };
    let dispatcher = dispatcher.clone();
    let on_debug = Callback::from(move |_| {
        dispatcher.dispatch(Action::ShowPane(Pane::Edit));
        // Opening the panel starts its worker (`DebugPanel`'s toggle).
        browser::open_details("debug");
        browser::bring_into_view("import-text", true);
    });
    html! {
        <section class="intro" aria-label="Welcome">
            <p>{ "corsim shows what a browser does with a cross-origin fetch(): change the page, the request or the server's answer, and see at once whether the script can read the response, and why." }</p>
            <div class="intro-actions">
                <button type="button" class="primary" id="start-here" onclick={on_start}>{ "Start here" }</button>
                <button type="button" id="debug-my-error" onclick={on_debug}>{ "Debug my error" }</button>
            </div>
        </section>
    }
}
