//! The few things the app asks of the browser itself: the URL fragment and
//! history, the clipboard, and the remembered theme. Each fails quietly: a
//! browser that refuses (no storage, no clipboard) still gets a working app.

use crate::state::Theme;

const THEME_KEY: &str = "corsim-theme";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The current URL fragment, without `#`.
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.strip_prefix('#').unwrap_or(&h).to_string())
        .unwrap_or_default()
}

/// The page's address without its fragment: the base of a permalink.
pub fn base_url() -> String {
    let href = window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_string(),
        None => href,
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
