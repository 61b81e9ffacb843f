//! corsim's web app: the decision core compiled to WebAssembly behind a Yew UI.
//!
//! Trunk builds it from `index.html` (`./dev serve`). This is the skeleton: it
//! evaluates the default scenario and shows the verdict; the scenario editor
//! and explanations come later.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<app::App>::new().render();
}

/// The native build of this binary only says where the app really lives, so
/// that `cargo build` and `cargo test` can build every binary of the package.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("corsim-web is corsim's browser app; it runs as WebAssembly, not natively.");
    println!("Serve it with `./dev serve` (http://127.0.0.1:8080/), or build it with `trunk build --release`.");
    println!("For the command line, run `cargo run --release --bin corsim -- check --json SCENARIO.json`.");
}

#[cfg(target_arch = "wasm32")]
mod app {
    use yew::prelude::*;

    /// The scenario the app opens with: the example of the scenario format, version 1.
    const DEFAULT_SCENARIO: &str = include_str!("../presets/default.json");

    /// What the page shows for one scenario.
    #[derive(PartialEq)]
    enum Evaluation {
        /// The core's verdict: its `outcome` and the whole verdict as pretty JSON.
        Verdict { outcome: String, json: String },
        /// The scenario did not validate: every problem, with its path.
        Invalid(Vec<String>),
    }

    fn evaluate(scenario_json: &str) -> Evaluation {
        match corsim_core::scenario::Scenario::from_json(scenario_json) {
            Ok(scenario) => {
                let verdict = corsim_core::evaluate(&scenario);
                // Serializing plain data to JSON cannot fail.
                let value = serde_json::to_value(&verdict).unwrap_or_default();
                Evaluation::Verdict {
                    outcome: value["outcome"].as_str().unwrap_or_default().to_owned(),
                    json: serde_json::to_string_pretty(&verdict).unwrap_or_default(),
                }
            }
            Err(errors) => Evaluation::Invalid(errors.iter().map(ToString::to_string).collect()),
        }
    }

    /// The scenario's `title`, if it has one.
    fn title(scenario_json: &str) -> Option<String> {
        let value: serde_json::Value = serde_json::from_str(scenario_json).ok()?;
        value["title"].as_str().map(str::to_owned)
    }

    #[function_component(App)]
    pub fn app() -> Html {
        let evaluation = use_memo((), |_| evaluate(DEFAULT_SCENARIO));
        let title = title(DEFAULT_SCENARIO).unwrap_or_else(|| "Untitled scenario".to_owned());
        let verdict = match &*evaluation {
            Evaluation::Verdict { outcome, json } => html! {
                <>
                    <p>{ "Outcome: " }<strong id="outcome" class={classes!("outcome", outcome.clone())}>{ outcome }</strong></p>
                    <pre id="verdict">{ json }</pre>
                </>
            },
            Evaluation::Invalid(errors) => html! {
                <>
                    <p>{ "This scenario is not valid:" }</p>
                    <ul id="errors">{ for errors.iter().map(|e| html! { <li>{ e }</li> }) }</ul>
                </>
            },
        };
        html! {
            <main class="app">
                <header>
                    <h1>{ "corsim" }</h1>
                    <p class="tagline">{ "What the browser does with a cross-origin fetch(), and why." }</p>
                </header>
                <section aria-labelledby="scenario-title">
                    <h2 id="scenario-title">{ title }</h2>
                    <pre id="scenario">{ DEFAULT_SCENARIO.trim_end() }</pre>
                </section>
                <section aria-labelledby="verdict-title">
                    <h2 id="verdict-title">{ "Verdict" }</h2>
                    { verdict }
                </section>
            </main>
        }
    }
}
