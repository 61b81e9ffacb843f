//! "Run it for real": the button that runs the scenario in the learner's own
//! browser against `corsim serve` (`super::live`), and the real result beside
//! the simulated one (`corsim_app::views::live_view`), or how to start the
//! companion when it is not there.

use yew::prelude::*;

use super::live;
use super::store::use_settled;
use corsim_app::live::{START_COMMAND, START_URL};
use corsim_app::views::live_view::{live_panel, Agreement, LiveView};

/// What the panel says when no companion is behind the app.
const ABSENT: &str = "Nothing to run it against: corsim serve is not behind this page. \
    To run scenarios for real, start it with";

#[function_component(LivePanel)]
pub fn live_panel_component() -> Html {
    let store = use_settled();
    // A run would give an exercise's answer away.
    if store.answers_hidden() {
        return html! {};
    }
    let Some(panel) = live_panel(&store.live, &store.draft) else {
        return html! {};
    };
    let onrun = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            let dispatch = {
                let store = store.clone();
                Callback::from(move |action| store.dispatch(action))
            };
            let now = store.now();
            live::start(now.draft.clone(), now.live.last_run() + 1, dispatch);
        })
    };
    html! {
        // An offer, not a call to action: it needs the companion, which
        // most copies of the app do not have behind them.
        <section class="card live quiet" aria-labelledby="live-title" id="live">
            <h2 id="live-title">{ "Run it for real" }</h2>
            <p class="help">{ "Optional, with corsim serve running: sends this request from your own browser and compares what really happens." }</p>
            <button type="button" id="live-run" onclick={onrun}
                    disabled={panel.running || panel.blocked.is_some()}>
                { if panel.running { "Running…" } else { "Run it for real" } }
            </button>
            if let Some(why) = &panel.blocked {
                <p class="help" id="live-blocked">{ format!("This scenario cannot run live: {why}.") }</p>
            }
            if panel.absent {
                <div class="live-absent" id="live-absent" role="status">
                    <p>{ ABSENT }</p>
                    <pre tabindex="0"><code>{ START_COMMAND }</code></pre>
                    <p>{ "and open the app from it, at " }<a href={START_URL}>{ START_URL }</a>{ ", then press the button again." }</p>
                </div>
            }
            if let Some(failure) = &panel.failure {
                <p class="error" id="live-error" role="alert">{ failure }</p>
            }
            if let Some(view) = &panel.view {
                { result(view) }
            }
        </section>
    }
}

fn result(view: &LiveView) -> Html {
    let by_mapping = view
        .rows
        .iter()
        .any(|r| r.agreement == Agreement::DiffersByMapping);
    html! {
        <div class="live-result" id="live-result" data-agrees={view.agrees.to_string()}>
            <p id="live-summary" class={classes!("conclusion", if view.agrees { "same" } else { "differs" })} aria-live="polite">
                { format!("{} {}", view.mark, view.summary) }
            </p>
            if view.stale {
                <p class="help" id="live-stale">{ "This run is of the scenario as it was when you pressed the button; it has changed since. Run it again to compare with what is on screen." }</p>
            }
            <table class="origin-table live-table">
                <caption>{ "corsim's verdict beside what your browser did, in the scenario's own names" }</caption>
                <thead><tr>
                    <th scope="col"><span class="visually-hidden">{ "what" }</span></th>
                    <th scope="col">{ format!("corsim says ({})", view.compared_with) }</th>
                    <th scope="col">{ "your browser did" }</th>
                    <th scope="col">{ "compared" }</th>
                </tr></thead>
                <tbody>
                    { for view.rows.iter().map(|r| html! {
                        <tr class={r.agreement.as_str()} data-label={r.label.clone()}>
                            <th scope="row">{ &r.label }</th>
                            <td class="simulated"><code>{ &r.simulated }</code></td>
                            <td class="real"><code>{ &r.real }</code></td>
                            <td class="agreement">{ format!("{} {}", r.agreement.mark(), r.agreement.word()) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if let Some(error) = &view.error {
                <p id="live-rejection">{ format!("The promise rejected with {error}; your browser's console says why.") }</p>
            }
            <details class="live-mapping" open={by_mapping}>
                <summary>{ "Where each origin ran, and what that changes" }</summary>
                <table class="origin-table">
                    <thead><tr><th scope="col">{ "in the scenario" }</th><th scope="col">{ "ran as" }</th></tr></thead>
                    <tbody>
                        { for view.origins.iter().map(|(original, mapped)| html! {
                            <tr><td><code>{ original }</code></td><td><code>{ mapped }</code></td></tr>
                        }) }
                    </tbody>
                </table>
                <ul>{ for view.caveats.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
            </details>
        </div>
    }
}
