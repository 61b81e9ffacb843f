//! The app's components in a real Chromium (`wasm-bindgen-test`): each test
//! mounts the whole app in a fresh element, acts on it as a user would, by
//! typing into fields and pressing buttons, and reads what it shows.

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlButtonElement, HtmlInputElement, HtmlSelectElement};

use super::app::App;
use super::browser;
use corsim_app::presets;

wasm_bindgen_test_configure!(run_in_browser);

/// The app, mounted in its own element, with the page's URL fragment set first.
struct Mounted {
    root: Element,
}

impl Mounted {
    async fn new(fragment: &str) -> Mounted {
        let window = web_sys::window().expect("a window");
        let history = window.history().expect("history");
        history
            .replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("#{fragment}")),
            )
            .expect("replaceState");
        let document = window.document().expect("a document");
        let root = document.create_element("div").expect("a div");
        document
            .body()
            .expect("a body")
            .append_child(&root)
            .expect("appended");
        yew::Renderer::<App>::with_root(root.clone()).render();
        let mounted = Mounted { root };
        // The first render, and its effects, happen after the scheduler's
        // first turn; wait for the verdict (or the problems) to be there, or
        // for a lesson or an exercise, which keep it hidden.
        for _ in 0..250 {
            if mounted.exists(".headline")
                || mounted.exists("#lesson")
                || mounted.exists("#exercise")
            {
                break;
            }
            mounted.settle().await;
        }
        mounted.settle().await;
        mounted
    }

    /// Lets Yew render what the last event changed and run its effects, then
    /// waits for the frame after it, when the panels below the verdict follow
    /// (`store::Settled`), and for Yew to render those.
    async fn settle(&self) {
        yew::platform::time::sleep(Duration::from_millis(20)).await;
        next_paint().await;
        yew::platform::time::sleep(Duration::from_millis(5)).await;
    }

    fn find(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    fn exists(&self, selector: &str) -> bool {
        self.root.query_selector(selector).ok().flatten().is_some()
    }

    fn text(&self, selector: &str) -> String {
        self.find(selector).text_content().unwrap_or_default()
    }

    async fn type_into(&self, selector: &str, text: &str) {
        let input: HtmlInputElement = self.find(selector).dyn_into().expect("an input");
        input.set_value(text);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("an event");
        input.dispatch_event(&event).expect("dispatched");
        self.settle().await;
    }

    async fn choose(&self, selector: &str, value: &str) {
        let select: HtmlSelectElement = self.find(selector).dyn_into().expect("a select");
        select.set_value(value);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("change", &init).expect("an event");
        select.dispatch_event(&event).expect("dispatched");
        self.settle().await;
    }

    /// Checks a radio button or checkbox as a click would.
    async fn click_input(&self, selector: &str) {
        let input: HtmlInputElement = self.find(selector).dyn_into().expect("an input");
        input.click();
        self.settle().await;
    }

    async fn click(&self, selector: &str) {
        let button: HtmlButtonElement = self.find(selector).dyn_into().expect("a button");
        button.click();
        self.settle().await;
    }

    /// Opens "Reproduce it"'s configuration part and waits for the answer.
    async fn open_config(&self) {
        self.open("#config-part").await;
    }

    /// Opens the `<details>` `selector`, and waits for its toggle event and
    /// the (stand-in) worker's answer.
    async fn open(&self, selector: &str) {
        self.find(selector)
            .set_attribute("open", "")
            .expect("an attribute");
        self.settle().await;
        self.settle().await;
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

#[wasm_bindgen_test]
async fn it_opens_with_the_starter_and_its_verdict() {
    let app = Mounted::new("").await;
    let default = presets::starter();
    assert_eq!(app.text("#outcome"), "readable");
    let verdict = default.draft().evaluate().expect("valid").to_json();
    app.open("#json").await;
    assert_eq!(app.text("#verdict"), verdict);
    assert!(app.text(".lesson").contains(default.title));
    assert!(
        app.exists("#diagram") || app.exists("svg"),
        "the flow is drawn"
    );
}

#[wasm_bindgen_test]
async fn a_custom_header_shows_its_warning_and_blocks_until_fixed() {
    let app = Mounted::new("").await;
    app.choose("#preset", "public-api-wildcard").await;
    let preset = presets::by_id("public-api-wildcard").expect("a preset");
    assert!(
        app.text(".lesson").contains(preset.title),
        "{}",
        app.text(".lesson")
    );
    assert_eq!(app.text("#outcome"), "readable");
    app.click("#request-headers-add").await;
    app.type_into("#request-headers-0-name", "X-Trace").await;
    app.type_into("#request-headers-0-value", "1").await;
    assert_eq!(app.text("#outcome"), "network-error");
    let warnings = app.text("#request-headers");
    assert!(warnings.contains("needs a preflight"), "{warnings}");
    let console = app.text("#console-chromium");
    assert!(console.contains("blocked by CORS policy"), "{console}");
    app.click("#apply-fix").await;
    assert_eq!(app.text("#outcome"), "readable");
}

#[wasm_bindgen_test]
async fn an_invalid_field_is_reported_beside_it_and_nothing_is_lost() {
    let app = Mounted::new("").await;
    app.type_into("#page-url", "app.example.com").await;
    assert!(app
        .text("#page-url-problems")
        .contains("not a valid absolute URL"));
    assert!(app.exists("#errors"));
    let input: HtmlInputElement = app.find("#page-url").dyn_into().expect("an input");
    assert_eq!(input.value(), "app.example.com");
    app.type_into("#page-url", "https://app.example.com/").await;
    assert!(!app.exists("#errors"));
}

#[wasm_bindgen_test]
async fn a_broken_link_says_so_and_opens_the_default_scenario() {
    let app = Mounted::new("v=99&p=x").await;
    assert!(app
        .text("#notice")
        .starts_with("This link could not be opened"));
    assert_eq!(app.text("#outcome"), "readable");
    app.click("#notice button").await;
    assert!(!app.exists("#notice"));
}

#[wasm_bindgen_test]
async fn the_permalink_reopens_the_same_scenario() {
    let app = Mounted::new("").await;
    app.type_into("#method", "patch").await;
    let link: HtmlInputElement = app.find("#permalink").dyn_into().expect("an input");
    let link = link.value();
    let fragment = link
        .split_once('#')
        .map(|(_, f)| f.to_string())
        .expect("a fragment");
    let scenario = app.text("#scenario-json");
    app.open("#json").await;
    let verdict = app.text("#verdict");
    drop(app);
    let reopened = Mounted::new(&fragment).await;
    assert_eq!(reopened.text("#scenario-json"), scenario);
    reopened.open("#json").await;
    assert_eq!(reopened.text("#verdict"), verdict);
}

#[wasm_bindgen_test]
async fn the_theme_can_be_switched() {
    let app = Mounted::new("").await;
    app.choose("#theme", "dark").await;
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .expect("<html>");
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    app.choose("#theme", "system").await;
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("system"));
}

#[wasm_bindgen_test]
async fn browsers_that_disagree_are_named_and_each_console_shown() {
    // Chromium drops User-Agent and reads the response; Firefox and Safari
    // preflight it and are blocked.
    let app = Mounted::new(
        "v=1&p=https://app.example.com/&u=https://api.example.com/data&h=User-Agent:corsim/1&s=200&h=~ao:*&end",
    )
    .await;
    assert_eq!(app.text("#outcome"), "readable");
    assert_eq!(
        app.text("#headline-title"),
        "Readable in Chromium; blocked in Firefox and Safari"
    );
    assert!(app
        .text("#console-panel-chromium")
        .contains("Differs: readable here"));
    assert!(app
        .text("#console-safari")
        .contains("Fetch API cannot load"));
    assert!(app.text("#script-per-browser").contains("Load failed"));
    // The fix says which browsers still block it, and its change makes the
    // request work in all three.
    assert!(app
        .text("#fix-browsers")
        .contains("Firefox and Safari still block it"));
    app.click("#apply-fix").await;
    assert_eq!(
        app.text("#headline-title"),
        "Readable: the server allows it"
    );
    assert!(app.text("#fix-none").starts_with("Nothing to fix"));
}

#[wasm_bindgen_test]
async fn a_lesson_asks_first_reveals_on_demand_and_its_change_is_one_click() {
    let app = Mounted::new("lesson=browser-role").await;
    assert!(app.text("#lesson").contains("Lesson 3 of"));
    assert!(!app.exists("#outcome"), "the answer waits to be asked for");
    app.click("#lesson-reveal").await;
    assert_eq!(app.text("#outcome"), "network-error");
    app.click("#lesson-try").await;
    assert_eq!(app.text("#outcome"), "readable");
    app.click("#lesson-next").await;
    assert!(app.text("#lesson").contains("Lesson 4 of"));
}

#[wasm_bindgen_test]
async fn an_exercise_hides_the_verdict_until_revealed_and_marks_the_prediction() {
    let course = corsim_app::course::Course {
        title: "Week 1".into(),
        exercises: ["missing-allow-origin", "custom-header-preflight"]
            .iter()
            .map(|id| {
                corsim_app::course::Exercise::of(&presets::by_id(id).expect("a preset").draft())
            })
            .collect(),
    };
    let app = Mounted::new(&corsim_app::course::encode(&course)).await;
    assert!(app.text("#exercise").contains("Week 1 · 1 of 2"));
    assert!(!app.exists("#outcome"), "the verdict waits");
    assert!(!app.exists("#console-chromium"));
    app.click_input("#predict-preflight-no").await;
    app.click_input("#predict-outcome-readable").await;
    app.click("#reveal").await;
    assert!(
        app.text("#exercise-marks").starts_with("1 of 3 right."),
        "{}",
        app.text("#exercise-marks")
    );
    assert_eq!(app.text("#outcome"), "network-error");
    app.click("#exercise-next").await;
    assert!(app.text("#exercise").contains("2 of 2"));
    assert!(!app.exists("#outcome"));
}

#[wasm_bindgen_test]
async fn a_teacher_builds_a_course_link_from_scenarios_on_screen() {
    let app = Mounted::new("").await;
    app.type_into("#course-title", "Week 2").await;
    app.click("#course-add").await;
    app.choose("#preset", "public-api-wildcard").await;
    app.click("#course-add").await;
    let link: HtmlInputElement = app.find("#course-link").dyn_into().expect("an input");
    let fragment = link
        .value()
        .split_once('#')
        .map(|(_, f)| f.to_string())
        .expect("a fragment");
    let course = corsim_app::course::decode(&fragment).expect("a course");
    assert_eq!(course.title, "Week 2");
    assert_eq!(course.exercises.len(), 2);
    assert_eq!(
        course.exercises[1],
        corsim_app::course::Exercise::of(
            &presets::by_id("public-api-wildcard")
                .expect("a preset")
                .draft()
        )
    );
}

#[wasm_bindgen_test]
async fn reproduce_it_shows_curl_fetch_and_each_frameworks_configuration() {
    let default = presets::default_preset().draft();
    let app = Mounted::new(&corsim_app::permalink::encode(&default)).await;
    // The worker writes the commands once the panel is opened.
    assert!(!app.exists(".curl-commands"));
    app.open("#reproduce").await;
    let curl = app.text(".curl-commands");
    assert!(
        curl.contains("curl -i -X OPTIONS https://api.example.com/users/7"),
        "{curl}"
    );
    assert!(app
        .text("#fetch-call")
        .starts_with("fetch(\"https://api.example.com/users/7\", {"));
    // The worker writes the configuration once the part is opened
    // (worker.rs answers in its stead here, as late as it would).
    assert!(!app.exists("#server-config"));
    app.open_config().await;
    assert!(app.text("#server-config").contains("cors({"));
    app.choose("#framework", "nginx").await;
    assert!(app
        .text("#server-config")
        .contains("add_header Access-Control-Allow-Origin \"https://app.example.com\" always;"));
    app.click("#copy-config").await;
    assert_eq!(app.text("#copy-config"), "Copied");

    // A deliberately broken answer gets the reason, not a configuration.
    let broken = presets::by_id("duplicate-allow-origin").expect("a preset");
    let app = Mounted::new(&corsim_app::permalink::encode(&broken.draft())).await;
    app.open_config().await;
    assert!(!app.exists("#server-config"));
    assert!(app
        .text("#server-config-none")
        .contains("has 2 Access-Control-Allow-Origin headers"));
}

#[wasm_bindgen_test]
async fn the_configuration_shows_loading_until_the_worker_answers() {
    let app = Mounted::new("").await;
    let part = app.find("#config-part");
    part.set_attribute("open", "").expect("an attribute");
    // The toggle event comes later, then the answer: in between, "Loading…".
    yew::platform::time::sleep(Duration::from_millis(0)).await;
    let mut saw_loading = false;
    for _ in 0..50 {
        if app.exists("#server-config") {
            break;
        }
        saw_loading |= app.exists("#server-config-loading");
        yew::platform::time::sleep(Duration::from_millis(1)).await;
    }
    assert!(saw_loading, "no Loading… before the configuration");
    app.settle().await;
    assert!(app.text("#server-config").contains("cors({"));
}

// The panel spells the frameworks out so as not to link server_config.
#[wasm_bindgen_test]
fn the_frameworks_listed_are_server_configs() {
    use corsim_app::server_config::Framework;
    let listed: Vec<(&str, &str)> = Framework::ALL
        .iter()
        .map(|f| (f.name(), f.label()))
        .collect();
    assert_eq!(listed, crate::reproduce_panel::FRAMEWORKS.to_vec());
}

// The panels that take props (store.rs) still follow the state they show.
#[wasm_bindgen_test]
async fn the_panels_drawn_from_props_follow_the_state() {
    let app = Mounted::new("").await;
    let before = app.text("#origin .conclusion");
    app.type_into("#page-url", "https://api.example.com/").await;
    let after = app.text("#origin .conclusion");
    assert_ne!(before, after, "the same-origin panel follows the page URL");

    app.choose("#preset", "expose-headers").await;
    let current = presets::by_id("expose-headers").expect("a preset").title;
    assert!(app.text(".lesson").contains(current), "{current}");
    let select: HtmlSelectElement = app.find("#preset").dyn_into().expect("a select");
    assert_eq!(
        select.value(),
        "expose-headers",
        "the menu names the preset"
    );
    app.type_into("#method", "PATCH").await;
    let select: HtmlSelectElement = app.find("#preset").dyn_into().expect("a select");
    assert_eq!(select.value(), "", "the menu says it is your own scenario");
}

#[wasm_bindgen_test]
async fn a_run_of_keystrokes_is_one_history_entry_and_the_panels_follow() {
    let app = Mounted::new("").await;
    let window = web_sys::window().expect("a window");
    let history = window.history().expect("history");
    let entries = history.length().expect("a history length");
    for typed in ["P", "PU", "PUT"] {
        app.type_into("#method", typed).await;
    }
    assert_eq!(app.text("#outcome"), "network-error");
    // The address bar is written when the browser is next idle.
    next_idle().await;
    let fragment = window.location().hash().expect("a fragment");
    assert!(fragment.contains("m=PUT&"), "{fragment}");
    assert_eq!(history.length().expect("a history length"), entries + 1);
    assert!(
        app.text("#fix-changes").contains("PUT"),
        "{}",
        app.text("#fix-changes")
    );
}

/// What "Debug my error" guessed is marked beside its field in the
/// editors, with the reason for screen readers, until that field is edited
/// or another scenario is loaded.
#[wasm_bindgen_test]
async fn guessed_values_are_marked_until_their_field_changes() {
    let app = Mounted::new("").await;
    app.open("#debug").await;
    let pasted = app.find("#import-text");
    js_sys::Reflect::set(
        &pasted,
        &"value".into(),
        &"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/data. (Reason: CORS request did not succeed). Status code: (null).".into(),
    )
    .expect("a value");
    app.click("#import-go").await;
    // The (stand-in) worker answers a little later; on a busy machine later still.
    for _ in 0..100 {
        if app.exists("#import-details") || app.exists("#import-error") {
            break;
        }
        app.settle().await;
    }
    app.settle().await;
    assert!(!app.exists("#import-error"), "{}", app.text("#debug"));
    let page_mark = ".field:has(#page-url) + .guessed";
    let said = app.text(page_mark);
    assert!(
        said.contains("guessed: Firefox's line does not name the page"),
        "{said}"
    );
    assert!(app.exists("#server-0 .tag.guessed"));
    assert!(!app.exists(".field:has(#method) + .guessed"));

    app.type_into("#page-url", "https://shop.example/").await;
    assert!(!app.exists(page_mark));
    assert!(
        app.exists("#server-0 .tag.guessed"),
        "the other guesses stay"
    );

    app.choose("#preset", "expose-headers").await;
    assert!(
        !app.exists(".tag.guessed"),
        "another scenario has no guesses"
    );
}

#[wasm_bindgen_test]
async fn the_address_bar_is_written_when_idle_in_the_order_of_the_edits() {
    let window = web_sys::window().expect("a window");
    let history = window.history().expect("history");
    let fragment = || window.location().hash().expect("a fragment");
    browser::set_fragment("start", false);
    let entries = history.length().expect("a history length");

    // A push, then replaces: one new entry, with the last fragment.
    browser::set_fragment_when_idle(|| "one".to_string(), true);
    browser::set_fragment_when_idle(|| "one-more".to_string(), false);
    assert_eq!(fragment(), "#start", "nothing is written before the frame");
    next_idle().await;
    assert_eq!(fragment(), "#one-more");
    assert_eq!(history.length().expect("a history length"), entries + 1);

    // A replace, then a push: the current entry is replaced first.
    browser::set_fragment_when_idle(|| "replaced".to_string(), false);
    browser::set_fragment_when_idle(|| "two".to_string(), true);
    next_idle().await;
    assert_eq!(fragment(), "#two");
    assert_eq!(history.length().expect("a history length"), entries + 2);
    history.back().expect("back");
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(fragment(), "#replaced");

    // Back or Forward drops what was not written yet.
    browser::set_fragment_when_idle(|| "dropped".to_string(), true);
    browser::cancel_pending_fragments();
    next_idle().await;
    assert_eq!(fragment(), "#replaced");
}

/// Resolves once the browser is idle after the next frame: after an idle
/// callback asked for before this one (`browser::set_fragment_when_idle`).
async fn next_idle() {
    next_paint().await;
    let (idle, wait) = yew::platform::pinned::oneshot::channel();
    let done = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = idle.send(());
    });
    let window = web_sys::window().expect("a window");
    let ask = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .expect("requestIdleCallback");
    ask.call1(&window, &done).expect("an idle callback");
    let _ = wait.await;
}

/// Resolves after the next frame is painted (`browser::after_paint`).
async fn next_paint() {
    let (painted, wait) = yew::platform::pinned::oneshot::channel();
    browser::after_paint(Box::new(move || {
        let _ = painted.send(());
    }));
    let _ = wait.await;
}
