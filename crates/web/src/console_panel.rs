//! The console, as each browser shows it: Chromium, Firefox and Safari side
//! by side with the exact lines each prints, a browser that stands apart
//! marked in words, and what Safari's terse lines leave out.

use yew::prelude::*;

use super::store::use_settled;
use corsim_app::views::script_view::console_lines;

#[function_component(ConsolePanel)]
pub fn console_panel() -> Html {
    let store = use_settled();
    if store.answers_hidden() {
        return html! {};
    }
    let Some(all) = store.browsers() else {
        return html! {};
    };
    // Each browser's ids, in the order of `Browser::ALL`.
    const IDS: [(&str, &str); 3] = [
        ("console-panel-chromium", "console-chromium"),
        ("console-panel-firefox", "console-firefox"),
        ("console-panel-safari", "console-safari"),
    ];
    let consoles = console_lines(&all).into_iter().zip(IDS).map(|(c, (panel, lines))| {
        html! {
            <div class="console-body" id={panel}>
                <h3 class="console-meta">{ format!("{} {} console", c.browser, c.version) }
                    if let Some(differs) = c.differs {
                        { " " }<span class="differs">{ differs }</span>
                    }
                </h3>
                <div id={lines}>
                    if let Some(text) = c.lines {
                        { for text.lines().map(|line| html! {
                            <p class="console-line error"><span class="tag" aria-label="Error">{ "✕" }</span><span class="text">{ line }</span></p>
                        }) }
                    } else {
                        <p class="console-line quiet">{ "No CORS error in the console." }</p>
                    }
                </div>
                if let Some(caveat) = c.caveat {
                    <p class="help">{ caveat }</p>
                }
            </div>
        }
    });
    html! {
        <section class="card console" aria-labelledby="console-title">
            <h2 id="console-title">{ "Console" }</h2>
            { for consoles }
        </section>
    }
}
