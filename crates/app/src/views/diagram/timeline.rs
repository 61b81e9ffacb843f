//! The page's requests as one sequence diagram (version 2): each request in
//! order, as Chromium runs them one after the other with its caches between
//! them. A preflight a stored one answered is drawn as a mark on the
//! browser's lifeline, not as a request, and so is a response the HTTP cache
//! gave; each mark says why nothing was sent.

use corsim_core::browser::Browser;
use corsim_core::cache::{HttpCacheUse, PreflightCacheUse};
use corsim_core::fetch::Run;
use corsim_core::scenario::{Initiator, Scenario, Timeline};
use corsim_core::verdict::Outcome;
use corsim_core::verdict_v2::{run_timeline, what_script_sees};

use super::labels::Split;
use super::layout::{layout, origin_key, path_of, server_lane, BROWSER, SCRIPT};
use super::steps::{request, response, stop};
use super::{Detail, Diagram, LabelStyle, Message, RowKind};

/// The diagram of every request of `timeline`, as `browser` runs them.
pub fn timeline_diagram(timeline: &Timeline, browser: Browser) -> Diagram {
    let runs = run_timeline(timeline, browser);
    let page = runs
        .first()
        .map(|(_, run)| run.origin.serialize())
        .unwrap_or_default();
    let mut lanes = vec![
        ("Page".to_string(), page.clone()),
        ("Browser".to_string(), String::new()),
    ];
    for (scenario, run) in &runs {
        let target = std::iter::once(origin_key(scenario.request.url.as_str()));
        for origin in target.chain(run.wire.iter().map(|w| origin_key(&w.url))) {
            if !lanes.iter().skip(2).any(|(_, o)| *o == origin) {
                let label = if origin == page {
                    "Server (same origin)"
                } else {
                    "Server"
                };
                lanes.push((label.to_string(), origin));
            }
        }
    }
    let mut messages = Vec::new();
    for (i, (scenario, run)) in runs.iter().enumerate() {
        let at_ms = timeline.requests.get(i).map_or(0, |r| r.at_ms);
        messages.push(call(i, at_ms, scenario));
        if run.cache.preflight == PreflightCacheUse::Hit {
            messages.push(mark(
                "Preflight skipped: cached",
                "A preflight stored earlier (Access-Control-Max-Age) still covers this \
                 method and these headers, so none is sent.",
            ));
        }
        for entry in &run.wire {
            let server = server_lane(&lanes, &entry.url);
            let name = lanes.get(server).map_or("", |(_, o)| o.as_str());
            messages.push(request(entry, server));
            messages.push(response(entry, server, name, Some(scenario)));
        }
        if run.cache.http == HttpCacheUse::Hit {
            messages.push(mark(
                "From the HTTP cache",
                "A response stored earlier is still fresh and its Vary does not tell these \
                 requests apart: nothing is sent, and that stored response is checked.",
            ));
        }
        if run.outcome == Outcome::NetworkError {
            messages.push(stop(run.failure.as_ref()));
        }
        messages.push(result(run));
    }
    let summary = format!(
        "Sequence diagram of the page's {} requests in order, as {} runs them.",
        runs.len(),
        browser.name()
    );
    layout(lanes, messages, summary)
}

/// Where each request starts: what makes it, when, and what it asks for.
fn call(index: usize, at_ms: u64, scenario: &Scenario) -> Message {
    let r = &scenario.request;
    let what = initiator_name(r.initiator);
    let at = seconds(at_ms);
    let title = format!("{}. {what} at {at}", index + 1);
    let line = format!("{} {}", r.method, path_of(r.url.as_str()));
    Message {
        kind: RowKind::Call,
        from: SCRIPT,
        to: BROWSER,
        title,
        details: vec![Detail::new(line, LabelStyle::Detail, Split::Method)],
        text: format!(
            "Request {}: at {at}, {what} asks for {} {}.",
            index + 1,
            r.method,
            r.url
        ),
    }
}

/// A mark on the browser's lifeline: something the browser did without
/// sending anything.
fn mark(title: &str, why: &str) -> Message {
    Message {
        kind: RowKind::Local,
        from: BROWSER,
        to: BROWSER,
        title: title.to_string(),
        details: vec![Detail::new(why, LabelStyle::Detail, Split::Words)],
        text: format!("{title}: {why}"),
    }
}

/// What the page's code gets.
fn result(run: &Run) -> Message {
    let sees = what_script_sees(
        run.browser,
        run.initiator,
        run.outcome,
        run.status,
        run.failure.as_ref(),
    );
    Message {
        kind: RowKind::Result(run.outcome),
        from: BROWSER,
        to: SCRIPT,
        title: sees.clone(),
        details: Vec::new(),
        text: format!("The page's code gets {sees}."),
    }
}

/// What makes a request, as the page's code writes it.
pub fn initiator_name(initiator: Initiator) -> &'static str {
    match initiator {
        Initiator::Fetch => "fetch()",
        Initiator::Xhr => "XMLHttpRequest",
        Initiator::Img => "<img>",
        Initiator::Script => "<script>",
        Initiator::Font => "@font-face",
    }
}

/// A time in seconds, as short as it can be written (`1 s`, `1.5 s`),
/// without float formatting, which would weigh on the app's first load.
pub fn seconds(ms: u64) -> String {
    let fraction = format!("{:03}", ms % 1000);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{} s", ms / 1000)
    } else {
        format!("{}.{fraction} s", ms / 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn golden(name: &str) -> Timeline {
        let path = format!(
            "{}/../../tests/golden-v2/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        Timeline::from_json(&std::fs::read_to_string(path).expect("golden")).expect("valid")
    }

    #[test]
    fn a_cached_preflight_is_a_mark_not_a_request() {
        let d = timeline_diagram(
            &golden("ok-max-age-second-put-skips-the-preflight"),
            Browser::Chromium,
        );
        let steps = d.steps();
        let preflights = steps
            .iter()
            .filter(|s| s.contains("a preflight request"))
            .count();
        assert_eq!(preflights, 1, "one preflight sent: {steps:#?}");
        let skipped = steps
            .iter()
            .position(|s| s.starts_with("Preflight skipped: cached"))
            .expect("the second request's preflight is skipped");
        let second = steps
            .iter()
            .position(|s| s.starts_with("Request 2"))
            .expect("a second request");
        assert!(skipped > second, "{steps:#?}");
    }

    #[test]
    fn times_are_as_short_as_they_can_be() {
        assert_eq!(
            [seconds(0), seconds(1500), seconds(30_250)],
            ["0 s", "1.5 s", "30.25 s"]
        );
    }

    #[test]
    fn a_response_from_the_http_cache_is_a_mark() {
        let d = timeline_diagram(
            &golden("error-cached-image-answers-a-credentialed-fetch"),
            Browser::Chromium,
        );
        let steps = d.steps();
        assert!(
            steps.iter().any(|s| s.starts_with("From the HTTP cache")),
            "{steps:#?}"
        );
        assert_eq!(
            d.rows
                .iter()
                .filter(|r| matches!(r.kind, RowKind::Call))
                .count(),
            2
        );
    }
}
