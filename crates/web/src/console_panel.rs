//! The console, as each browser shows it: Chromium and Firefox tabs with the
//! exact line each prints.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::store::use_settled;
use corsim_app::views::script_view::console_lines;

#[function_component(ConsolePanel)]
pub fn console_panel() -> Html {
    let store = use_settled();
    let selected = use_state(|| 0usize);
    if store.answers_hidden() {
        return html! {};
    }
    let Some(verdict) = store.verdict() else {
        return html! {};
    };
    let lines = console_lines(verdict);
    let tabs = lines.iter().enumerate().map(|(i, line)| {
        let onclick = {
            let selected = selected.clone();
            Callback::from(move |_| selected.set(i))
        };
        let id = line.browser.to_ascii_lowercase();
        html! {
            <button type="button" role="tab" id={format!("tab-{id}")} aria-selected={(*selected == i).to_string()}
                aria-controls={format!("console-panel-{id}")} tabindex={if *selected == i { "0" } else { "-1" }} {onclick}>
                { line.browser }
            </button>
        }
    });
    let panels = lines.iter().enumerate().map(|(i, line)| {
        let id = line.browser.to_ascii_lowercase();
        html! {
            <div role="tabpanel" id={format!("console-panel-{id}")} aria-labelledby={format!("tab-{id}")}
                hidden={*selected != i} class="console-body">
                <p class="console-meta">{ format!("{} {} console", line.browser, line.version) }</p>
                {
                    match &line.line {
                        Some(text) => html! {
                            <p class="console-line error" id={format!("console-{id}")}>
                                <span class="tag" aria-label="Error">{ "✕" }</span><span class="text">{ text }</span>
                            </p>
                        },
                        None => html! {
                            <p class="console-line quiet" id={format!("console-{id}")}>{ "No CORS error in the console." }</p>
                        },
                    }
                }
            </div>
        }
    });
    // The tab pattern's keys: arrows move between the browsers.
    let onkeydown = {
        let selected = selected.clone();
        let browsers: Vec<String> = lines
            .iter()
            .map(|l| l.browser.to_ascii_lowercase())
            .collect();
        let count = browsers.len();
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" => (*selected + 1) % count,
                "ArrowLeft" => (*selected + count - 1) % count,
                _ => return,
            };
            e.prevent_default();
            selected.set(next);
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("tab-{}", browsers[next])))
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        })
    };
    html! {
        <section class="card console" aria-labelledby="console-title">
            <h2 id="console-title">{ "Console" }</h2>
            <div role="tablist" aria-label="Browser" class="tabs" {onkeydown}>{ for tabs }</div>
            { for panels }
        </section>
    }
}
