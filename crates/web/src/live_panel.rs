//! "Run it for real": the button that runs the scenario in the learner's own
//! browser against `corsim serve` (`super::live`), and the real result beside
//! the simulated one, drawn by the import worker
//! (`corsim_app::views::live_view::markup`), or how to start the companion
//! when it is not there.

use yew::prelude::*;

use super::live;
use super::store::use_settled;
use corsim_app::live::{START_COMMAND, START_URL};
use corsim_app::views::live_view::live_panel;

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
            if panel.stale {
                <p class="help" id="live-stale">{ "This run is of the scenario as it was when you pressed the button; it has changed since. Run it again to compare with what is on screen." }</p>
            }
            if let Some(report) = panel.report {
                // The worker's markup, every text in it escaped.
                { Html::from_html_unchecked(report.into()) }
            }
        </section>
    }
}
