//! The few things the app asks of the browser itself: the URL fragment and
//! history, the clipboard, and the remembered theme. Each fails quietly: a
//! browser that refuses (no storage, no clipboard) still gets a working app.

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use corsim_app::state::Theme;

const THEME_KEY: &str = "corsim-theme";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Whether a `<details>`' toggle event opened it.
pub fn opened(e: &web_sys::Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|d| d.has_attribute("open"))
}

/// The current URL fragment, without `#`.
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.strip_prefix('#').unwrap_or(&h).to_string())
        .unwrap_or_default()
}

/// The page's address without its fragment: the base of a permalink. Only
/// the fragment ever changes while the app runs, so it is read once (the top
/// bar asks on every edit).
pub fn base_url() -> String {
    thread_local! {
        static BASE: String = {
            let href = window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default();
            match href.split_once('#') {
                Some((base, _)) => base.to_string(),
                None => href,
            }
        };
    }
    BASE.with(String::clone)
}

/// One change of the address bar still to be made: the fragment, made when
/// it is written, and whether it is a new history entry.
struct AddressUpdate {
    fragment: Box<dyn FnOnce() -> String>,
    push: bool,
}

thread_local! {
    /// The address bar's updates not made yet, oldest first.
    static PENDING: RefCell<Vec<AddressUpdate>> = const { RefCell::new(Vec::new()) };
}

/// Puts the fragment `make` gives in the address bar, as a new history entry
/// or in place of the current one, once the browser is idle after the next
/// frame ([`when_idle`]).
///
/// Why later: `history.replaceState` is slow in Chromium (about 2 ms: the
/// browser process records the entry), and made at once it would delay every
/// keystroke's verdict by that much; made right after the paint, it would
/// still hold up the next keystroke (docs/size.md, "Speed"). Later, a run of
/// keystrokes in one field becomes one write, and the permalink is encoded
/// only then. The order of entries is kept: a replace only merges into the
/// update before it.
pub fn set_fragment_when_idle(make: impl FnOnce() -> String + 'static, push: bool) {
    let first = PENDING.with_borrow_mut(|pending| {
        let first = pending.is_empty();
        match pending.last_mut() {
            Some(last) if !push => last.fragment = Box::new(make),
            _ => pending.push(AddressUpdate {
                fragment: Box::new(make),
                push,
            }),
        }
        first
    });
    if first {
        when_idle(Box::new(write_pending_fragments));
    }
}

/// Forgets the address bar's pending updates: Back or Forward has just chosen
/// the entry to show.
pub fn cancel_pending_fragments() {
    PENDING.with_borrow_mut(Vec::clear);
}

fn write_pending_fragments() {
    for update in PENDING.with_borrow_mut(std::mem::take) {
        set_fragment(&(update.fragment)(), update.push);
    }
}

/// Runs `then` when the browser is next idle (`requestIdleCallback`: after
/// the frame, between keystrokes), within a second at most; where there is
/// no `requestIdleCallback` (Safari), after the next paint.
fn when_idle(then: Box<dyn FnOnce()>) {
    let Some(w) = window() else { return };
    let idle = js_sys::Reflect::get(&w, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(idle) = idle else {
        return after_paint(then);
    };
    let options = js_sys::Object::new();
    // Setting a property of a new plain object cannot fail.
    let _ = js_sys::Reflect::set(&options, &"timeout".into(), &1000.into());
    let _ = idle.call2(&w, &Closure::once_into_js(then), &options);
}

thread_local! {
    /// What is to run after the next paint, in the order asked.
    static AFTER_PAINT: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
    /// The timeout that runs it, and the animation frame callback that sets
    /// the timeout: made once, since making a JavaScript function for each
    /// call took a keystroke's time.
    static RUN_AFTER_PAINT: Closure<dyn Fn()> = Closure::new(|| {
        for then in AFTER_PAINT.with_borrow_mut(std::mem::take) {
            then();
        }
    });
    static ON_FRAME: Closure<dyn Fn()> = Closure::new(|| {
        if let Some(w) = window() {
            RUN_AFTER_PAINT.with(|run| {
                let _ = w.set_timeout_with_callback(run.as_ref().unchecked_ref());
            });
        }
    });
}

/// Runs `then` in a task after the next frame: an animation frame callback
/// runs just before the paint, and a timeout set there runs after it. A
/// hidden tab paints no frames, so there it runs at the next task. All that
/// is asked within a frame runs in that one task, in the order asked.
pub fn after_paint(then: Box<dyn FnOnce()>) {
    let first = AFTER_PAINT.with_borrow_mut(|all| {
        all.push(then);
        all.len() == 1
    });
    let Some(w) = window().filter(|_| first) else {
        return;
    };
    if w.document().is_some_and(|d| d.hidden()) {
        RUN_AFTER_PAINT.with(|run| {
            let _ = w.set_timeout_with_callback(run.as_ref().unchecked_ref());
        });
    } else {
        ON_FRAME.with(|on_frame| {
            let _ = w.request_animation_frame(on_frame.as_ref().unchecked_ref());
        });
    }
}

/// Puts `fragment` in the address bar, as a new history entry or in place of
/// the current one.
pub fn set_fragment(fragment: &str, push: bool) {
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return;
    };
    let url = format!("#{fragment}");
    let _ = if push {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    };
}

/// Copies text to the clipboard; `false` when the browser has no clipboard.
pub fn copy(text: &str) -> bool {
    match window() {
        Some(w) => {
            // The promise settles later; the link stays visible in its field
            // for copying by hand if the browser refuses.
            let _ = w.navigator().clipboard().write_text(text);
            true
        }
        None => false,
    }
}

pub fn stored_theme() -> Theme {
    let stored = window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten());
    Theme::ALL
        .iter()
        .find(|(_, name)| Some(*name) == stored.as_deref())
        .map_or(Theme::System, |(theme, _)| *theme)
}

/// Shows the theme (`data-theme` on `<html>`, read by the style sheet) and remembers it.
pub fn apply_theme(theme: Theme) {
    let Some(w) = window() else { return };
    if let Some(root) = w.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
    if let Some(storage) = w.local_storage().ok().flatten() {
        let _ = storage.set_item(THEME_KEY, theme.as_str());
    }
}

/// Names the tab (and its history entries) after the scenario.
pub fn set_title(title: &str) {
    if let Some(document) = window().and_then(|w| w.document()) {
        document.set_title(&if title.trim().is_empty() {
            "corsim: a CORS simulator".to_string()
        } else {
            format!("{} · corsim", title.trim())
        });
    }
}

/// Once what was just chosen is drawn, scrolls the element `id` into view,
/// or with `focus` gives it the focus (it needs a `tabindex` unless it is a
/// control): a choice always shows what it opened.
pub fn bring_into_view(id: &str, focus: bool) {
    let id = id.to_string();
    after_paint(Box::new(move || {
        let Some(element) = window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
        else {
            return;
        };
        if !focus {
            element.scroll_into_view();
            return;
        }
        // Wholly in view, moved as little as it takes (focusing alone
        // leaves a field half hidden under the verdict bar).
        // `{block: "nearest"}`, set by name: web-sys's enum for it costs
        // the first load more than the one string.
        let options = web_sys::ScrollIntoViewOptions::new();
        let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
        element.scroll_into_view_with_scroll_into_view_options(&options);
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }));
}

/// Opens the `<details>` `id` (its toggle event follows, as on a click).
pub fn open_details(id: &str) {
    if let Some(details) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        let _ = details.set_attribute("open", "");
    }
}
