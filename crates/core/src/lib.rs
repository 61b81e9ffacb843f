//! corsim-core: what a browser does with a cross-origin `fetch()`, decided by
//! the rules of the [WHATWG Fetch standard](https://fetch.spec.whatwg.org/).
//!
//! Snapshot followed: the Fetch Living Standard as of 2026-11 (whatwg/fetch
//! `fetch.bs`). Where Chromium 156 or Firefox ESR 153 knowingly differ from it,
//! the core models the browser and records a note saying what the standard says.
//!
//! The core is a pure function of its input: no clock, no randomness, no
//! hash-map iteration order in its output, identical on native and wasm.

pub mod header;
pub mod method;
pub mod mime;

pub mod browser;
pub mod console;
pub mod explain;
pub mod failure;
pub mod fetch;
pub mod note;
pub mod origin;
pub mod scenario;
pub mod trace;
pub mod verdict;

use browser::Browser;
use note::Note;
use origin::{Origin, OriginComparison};
use scenario::Scenario;
use verdict::{Console, Verdict};

/// Decides what the browser does with the scenario's `fetch()`.
///
/// The verdict follows Chromium; Firefox is run beside it for its console line,
/// and a note says where its result differs.
pub fn evaluate(scenario: &Scenario) -> Verdict {
    let chromium = fetch::run(scenario, Browser::Chromium);
    let firefox = fetch::run(scenario, Browser::Firefox);
    let chromium_line = console::line(&chromium);
    let firefox_line = console::line(&firefox);

    let mut notes = chromium.notes.clone();
    let summary = |run: &fetch::Run| {
        let sent: Vec<String> = run.wire.iter().map(|w| w.method.clone()).collect();
        format!(
            "sends [{}] and gives {}",
            sent.join(", "),
            run.outcome.as_str()
        )
    };
    if chromium.outcome != firefox.outcome || chromium.wire != firefox.wire {
        notes.push(Note::FirefoxDiffers {
            chromium: summary(&chromium),
            firefox: summary(&firefox),
        });
    }

    let target = Origin::of(&scenario.request.url);
    let comparison = OriginComparison::new(&chromium.origin, &target);
    let console_sources = [&chromium_line, &firefox_line]
        .into_iter()
        .flatten()
        .map(|(_, source)| source.clone())
        .collect();
    Verdict {
        version: 1,
        origin: chromium.origin.serialize(),
        same_origin: comparison.same_origin,
        wire: chromium.wire,
        outcome: chromium.outcome,
        status: chromium.status,
        exposed_headers: chromium.exposed_headers,
        console: Console {
            chromium: chromium_line.map(|(line, _)| line),
            firefox: firefox_line.map(|(line, _)| line),
        },
        hidden_headers: chromium.hidden_headers,
        origin_comparison: comparison,
        preflight: chromium.preflight,
        preflight_caching: chromium.preflight_caching,
        failure: chromium.failure,
        notes,
        console_sources,
        trace: chromium.trace,
    }
}
