//! The app: the store, the URL kept in step with the scenario, and the layout.

use gloo_events::EventListener;
use yew::prelude::*;

use super::browser;
use super::console_panel::ConsolePanel;
use super::course_builder::CourseBuilder;
use super::exercise_panel::ExercisePanel;
use super::explanation_panel::ExplanationPanel;
use super::fix_panel::FixPanel;
use super::lesson_list::LessonList;
use super::lesson_panel::LessonPanel;
use super::live_panel::LivePanel;
use super::notice::Notice;
use super::origin_panel::OriginPanel;
use super::page_editor::PageEditor;
use super::preset_gallery::PresetGallery;
use super::reproduce_panel::ReproducePanel;
use super::request_editor::RequestEditor;
use super::script_panel::ScriptPanel;
use super::server_editor::ServerEditor;
use super::store::{Dispatcher, Store};
use super::top_bar::TopBar;
use super::verdict_panel::VerdictPanel;
use crate::state::{Action, AppState, History};

#[function_component(App)]
pub fn app() -> Html {
    let store: Store = use_reducer(|| {
        let fragment = browser::fragment();
        let mut state = if fragment.is_empty() {
            AppState::initial()
        } else {
            AppState::from_fragment(&fragment)
        };
        state.theme = browser::stored_theme();
        state
    });

    // The address bar follows the scenario: a new entry per edit (a run of
    // keystrokes in one field is one entry), so Back and Forward move
    // between edits.
    {
        let state = store.clone();
        use_effect_with(store.clone(), move |_| match state.history {
            History::Push => browser::set_fragment(&state.fragment(), true),
            History::Replace => browser::set_fragment(&state.fragment(), false),
            History::Keep => {}
        });
    }
    // Opened with no fragment: record the default scenario's, so the first
    // Back after an edit returns to it.
    use_effect_with((), {
        let state = store.clone();
        move |_| {
            if browser::fragment().is_empty() {
                browser::set_fragment(&state.fragment(), false);
            }
        }
    });
    // Back, Forward, or a fragment typed into the address bar.
    use_effect_with((), {
        let dispatcher = store.dispatcher();
        move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "popstate", move |_| {
                    dispatcher.dispatch(Action::OpenFragment(browser::fragment()));
                })
            });
            move || drop(listener)
        }
    });
    use_effect_with(store.theme, |theme| browser::apply_theme(*theme));
    use_effect_with(store.draft.title.clone(), |title| browser::set_title(title));

    // The gallery's one input: it is drawn again only when this changes.
    let current_preset = if store.edited { None } else { store.preset };

    // Two contexts: the store, for the components that read the state, and
    // its dispatcher alone, which never changes, for those that only change it.
    html! {
        <ContextProvider<Dispatcher> context={store.dispatcher()}>
        <ContextProvider<Store> context={store.clone()}>
            <TopBar />
            <Notice />
            <main class="layout" id="main">
                <section class="editors" aria-labelledby="editors-title">
                    // For the outline: the editors' own titles are <legend>s,
                    // and their <h3>s need an <h2> above them.
                    <h2 id="editors-title" class="visually-hidden">{ "The scenario" }</h2>
                    <PageEditor />
                    <RequestEditor />
                    <ServerEditor />
                </section>
                <section class="results" aria-label="What the browser does">
                    <ExercisePanel />
                    <LessonPanel />
                    <VerdictPanel />
                    <ScriptPanel />
                    <LivePanel />
                    <ConsolePanel />
                    <FixPanel />
                    <ReproducePanel />
                    <ExplanationPanel />
                    <OriginPanel page={store.draft.page.clone()} url={store.draft.request.url.clone()}
                        sandboxed={store.draft.sandboxed} pairs={store.pairs.clone()} />
                </section>
            </main>
            <LessonList />
            <PresetGallery current={current_preset} />
            <section class="gallery" aria-label="Build a course"><CourseBuilder /></section>
            <footer class="footer">
                <p>{ "corsim decides with the WHATWG Fetch standard, following Chromium where it differs; Firefox's result is shown beside it. " }
                   <a href="https://fetch.spec.whatwg.org/#http-cors-protocol">{ "The CORS protocol" }</a></p>
            </footer>
        </ContextProvider<Store>>
        </ContextProvider<Dispatcher>>
    }
}
