//! The app: the store, the URL kept in step with the scenario, and the layout.

use gloo_events::EventListener;
use yew::prelude::*;

use super::browser;
use super::console_panel::ConsolePanel;
use super::course_builder::CourseBuilder;
use super::debug_panel::DebugPanel;
use super::exercise_panel::exercise_panel;
use super::explanation_panel::ExplanationPanel;
use super::fix_panel::FixPanel;
use super::glossary::glossary;
use super::intro::intro;
use super::later::{self, Later, Panels};
use super::lesson_panel::lesson_panel;
use super::live_panel::LivePanel;
use super::notice::notice;
use super::origin_panel::OriginPanel;
use super::page_editor::{PageEditor, PageEditorProps};
use super::reproduce_panel::ReproducePanel;
use super::request_editor::RequestEditor;
use super::script_panel::ScriptPanel;
use super::server_editor::{ServerEditor, ServerEditorProps};
use super::store::{Dispatcher, Settled, State, Store};
use super::timeline_editor::TimelineEditor;
use super::timeline_results::TimelineResults;
use super::top_bar::{TopBar, TopBarProps};
use super::verdict_bar::verdict_bar;
use super::verdict_panel::verdict_panel;
use corsim_app::state::{Action, AppState, History, Pane};

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
        State::new(state)
    });

    // After the frame that shows a change of the state, two things follow
    // it. The panels below the verdict (`Later`). And the address bar: a new
    // entry per edit (a run of keystrokes in one field is one entry), so
    // Back and Forward move between edits (`set_fragment_when_idle` says
    // why it waits).
    use_effect_with(store.clone(), move |store| {
        later::settle(store);
        let push = match store.history {
            History::Push => Some(true),
            History::Replace => Some(false),
            History::Keep => None,
        };
        if let Some(push) = push {
            browser::set_fragment_when_idle(store.fragment_later(), push);
        }
    });
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
                    browser::cancel_pending_fragments();
                    dispatcher.dispatch(Action::OpenFragment(browser::fragment()));
                })
            });
            move || drop(listener)
        }
    });
    use_effect_with(store.theme, |theme| browser::apply_theme(*theme));
    use_effect_with(store.draft.title.clone(), |title| browser::set_title(title));

    // Three contexts: the store, for the components that read the state; the
    // state a frame behind, for the panels below the verdict (`Later`); and
    // the dispatcher alone, which never changes, for those that only change it.
    html! {
        <ContextProvider<Dispatcher> context={store.dispatcher()}>
        <ContextProvider<Store> context={store.clone()}>
            <TopBar ..TopBarProps::of(&store) />
            if store.course.is_none() {
                { intro(&store.dispatcher()) }
            }
            { notice(&store) }
            // On a narrow screen the editors and the results take turns
            // (`VerdictBar` switches them); side by side, both show.
            <main class={classes!("layout", if store.pane == Pane::Edit { "show-edit" } else { "show-result" })} id="main">
                <section class="editors" aria-labelledby="editors-title">
                    // For the outline: the editors' own titles are <legend>s,
                    // and their <h3>s need an <h2> above them.
                    <h2 id="editors-title" class="visually-hidden">{ "The scenario" }</h2>
                    <DebugPanel />
                    <PageEditor ..PageEditorProps::of(&store) />
                    <RequestEditor />
                    <ServerEditor ..ServerEditorProps::of(&store) />
                    <TimelineEditor />
                </section>
                // What learners come for first: the verdict, what the script
                // sees, the console line, the same-origin table; then the
                // fix, the steps, reproducing it, and running it for real.
                <section class="results" id="results" aria-label="What the browser does">
                    { exercise_panel(&store) }
                    { lesson_panel(&store) }
                    { verdict_panel(&store) }
                    <TimelineResults />
                    <Later panels={Panels::Results} />
                </section>
                { verdict_bar(&store) }
            </main>
            <Later panels={Panels::Courses} />
            <footer class="footer">
                <p>{ "corsim decides with the WHATWG Fetch standard, and with what Chromium, Firefox and Safari each do where they depart from it. " }
                   <a href="https://fetch.spec.whatwg.org/#http-cors-protocol">{ "The CORS protocol" }</a></p>
            </footer>
        </ContextProvider<Store>>
        </ContextProvider<Dispatcher>>
    }
}

/// The panels below the verdict, in the order learners need them.
pub fn results_below(state: &Settled) -> Html {
    html! {
        <>
            <ScriptPanel />
            <ConsolePanel />
            // Whether the two are one origin is the answer of the first lessons.
            if !state.answers_hidden() {
                <OriginPanel page={state.draft.page.clone()} url={state.draft.request.url.clone()}
                    sandboxed={state.draft.sandboxed} pairs={state.pairs.clone()} />
            }
            { glossary() }
            <FixPanel />
            <ExplanationPanel />
            <ReproducePanel />
            <LivePanel />
        </>
    }
}

/// The course builder, below the layout.
pub fn courses() -> Html {
    html! {
        <section class="gallery" aria-label="Build a course"><CourseBuilder /></section>
    }
}
