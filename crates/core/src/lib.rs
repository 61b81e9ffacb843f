//! corsim-core: what a browser does with a cross-origin `fetch()`, decided by
//! the rules of the [WHATWG Fetch standard](https://fetch.spec.whatwg.org/).
//!
//! Snapshot followed: the Fetch Living Standard as of 2026-11 (whatwg/fetch
//! `fetch.bs`). Where Chromium 156 or Firefox ESR 153 knowingly differ from it,
//! the core models the browser and records a note saying what the standard says.
//!
//! The core is a pure function of its input: no clock, no randomness, no
//! hash-map iteration order in its output, identical on native and wasm.
//!
//! No input can make it panic: the lints below forbid `unwrap`, `expect`,
//! `panic!` and indexing or slicing that could be out of bounds outside tests
//! (`clippy.toml` allows them in tests), and `fuzz/` fuzzes it.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

// The parsing primitives at the bottom; `method` and `mime` on them; `header`
// on all three (`infra`'s docs draw the graph).
pub mod infra;

pub mod header;
pub mod method;
pub mod mime;

pub mod browser;
pub mod cache;
pub mod console;
pub mod explain;
pub mod failure;
pub mod fetch;
pub mod note;
pub mod origin;
pub mod scenario;
pub mod trace;
pub mod url_equivalence;
pub mod verdict;
pub mod verdict_v2;

use browser::Browser;
use note::Note;
use origin::{Origin, OriginComparison};
use scenario::{Scenario, Timeline};
use verdict::{Console, Verdict};

/// Decides what the browser does with the scenario's `fetch()`.
///
/// The verdict follows Chromium; Firefox and WebKit are run beside it for
/// their console lines, and a note says where Firefox's result differs.
/// [`evaluate_v2`] gives all three side by side.
pub fn evaluate(scenario: &Scenario) -> Verdict {
    evaluate_for(scenario, Browser::Chromium)
}

/// The verdict as `browser` decides it: the wire, outcome, status, readable
/// and hidden headers, preflight, failure, notes and trace of that browser's
/// run, in the same [`Verdict`] type. The rest is the same whichever browser
/// is asked for: `console` holds every browser's lines (WebKit's only in
/// Rust: the version-1 format names two browsers), and the
/// `firefox-differs` note is there when Chromium's and Firefox's results
/// differ.
///
/// `evaluate_for(scenario, Browser::Chromium)` is [`evaluate`]. The Firefox
/// and WebKit verdicts are what the agreement suite compares with those
/// browsers (`corsim check --json --browser firefox`); the contract's
/// version-1 verdict stays Chromium's.
pub fn evaluate_for(scenario: &Scenario, browser: Browser) -> Verdict {
    let runs = Browser::ALL.map(|b| fetch::run(scenario, b));
    let shared = Shared::of(&runs);
    let [chromium, firefox, webkit] = runs;
    let run = match browser {
        Browser::Chromium => chromium,
        Browser::Firefox => firefox,
        Browser::WebKit => webkit,
    };
    verdict_of(scenario, run, &shared)
}

/// [`evaluate_for`] of every browser, in the order of [`Browser::ALL`], from
/// one run of each: for the app, which shows Chromium's verdict in full and
/// the others' outcomes, wires and consoles beside it.
pub fn evaluate_each(scenario: &Scenario) -> [Verdict; 3] {
    let runs = Browser::ALL.map(|b| fetch::run(scenario, b));
    let shared = Shared::of(&runs);
    runs.map(|run| verdict_of(scenario, run, &shared))
}

/// The version-2 verdict of a one-request scenario: each browser's
/// decision, side by side.
pub fn evaluate_v2(scenario: &Scenario) -> verdict_v2::VerdictV2 {
    evaluate_timeline(&Timeline::of_scenario(scenario))
}

/// The version-2 verdict of a document: each browser's decision for each of
/// the page's requests, in order, with its caches between them.
pub fn evaluate_timeline(timeline: &Timeline) -> verdict_v2::VerdictV2 {
    verdict_v2::VerdictV2::of_timeline(timeline)
}

/// [`evaluate_each`] of every request of a document, in order: each
/// request's scenario with Chromium's, Firefox's and WebKit's verdicts, each
/// browser having run the earlier requests first, so that what its caches
/// and the server's `times` did shows in the later ones.
pub fn evaluate_timeline_each(timeline: &Timeline) -> Vec<(Scenario, [Verdict; 3])> {
    let [chromium, firefox, webkit] = Browser::ALL.map(|b| verdict_v2::run_timeline(timeline, b));
    chromium
        .into_iter()
        .zip(firefox)
        .zip(webkit)
        .map(|(((scenario, c), (_, f)), (_, w))| {
            let runs = [c, f, w];
            let shared = Shared::of(&runs);
            let verdicts = runs.map(|run| verdict_of(&scenario, run, &shared));
            (scenario, verdicts)
        })
        .collect()
}

/// What every browser's verdict holds alike, made once from the runs of
/// every browser (in the order of [`Browser::ALL`]): the console lines and
/// their sources, and the note saying where Firefox differs from Chromium.
struct Shared {
    console: Console,
    console_sources: Vec<verdict::ConsoleSource>,
    firefox_differs: Option<Note>,
}

impl Shared {
    fn of(runs: &[fetch::Run; 3]) -> Shared {
        let [chromium, firefox, webkit] = runs;
        let chromium_line = console::line(chromium);
        let firefox_line = console::line(firefox);
        let webkit_line = console::line(webkit);

        // Each request by its method; when that tells the browsers apart no more
        // than the outcome does (a header one of them dropped), with the names of
        // the headers it carried too.
        let summary = |run: &fetch::Run, with_headers: bool| {
            let sent: Vec<String> = run
                .wire
                .iter()
                .map(|w| {
                    if with_headers {
                        let names: Vec<&str> = w.headers.iter().map(|(n, _)| n.as_str()).collect();
                        format!("{} ({})", w.method, names.join(", "))
                    } else {
                        w.method.clone()
                    }
                })
                .collect();
            format!(
                "sends [{}] and gives {}",
                sent.join(", "),
                run.outcome.as_str()
            )
        };
        let firefox_differs =
            (chromium.outcome != firefox.outcome || chromium.wire != firefox.wire).then(|| {
                let with_headers = summary(chromium, false) == summary(firefox, false);
                Note::FirefoxDiffers {
                    chromium: summary(chromium, with_headers),
                    firefox: summary(firefox, with_headers),
                }
            });
        // The version-1 format names two browsers' sources.
        let console_sources = [&chromium_line, &firefox_line]
            .into_iter()
            .flatten()
            .map(|(_, source)| source.clone())
            .collect();
        Shared {
            console: Console {
                chromium: chromium_line.map(|(line, _)| line),
                firefox: firefox_line.map(|(line, _)| line),
                webkit: webkit_line.map(|(line, _)| line),
            },
            console_sources,
            firefox_differs,
        }
    }
}

/// The version-1 verdict of one browser's run.
fn verdict_of(scenario: &Scenario, run: fetch::Run, shared: &Shared) -> Verdict {
    let mut notes = run.notes;
    notes.extend(shared.firefox_differs.clone());
    let target = Origin::of(&scenario.request.url);
    let comparison = OriginComparison::new(&run.origin, &target);
    Verdict {
        version: 1,
        origin: run.origin.serialize(),
        same_origin: comparison.same_origin,
        wire: run.wire,
        outcome: run.outcome,
        status: run.status,
        exposed_headers: run.exposed_headers,
        console: shared.console.clone(),
        hidden_headers: run.hidden_headers,
        origin_comparison: comparison,
        preflight: run.preflight,
        preflight_caching: run.preflight_caching,
        failure: run.failure,
        notes,
        console_sources: shared.console_sources.clone(),
        trace: run.trace,
    }
}
