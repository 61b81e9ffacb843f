//! The page's timeline panel (version 2): the page's requests in order, the
//! fields of the edited one that version 2 adds (when it starts, what makes
//! it and what that initiator takes), each server entry's `times` and
//! `fail`, the network's Local Network Access settings, each with a
//! sentence in plain words; then every request in one sequence diagram and
//! each request's result in Chromium, Firefox and Safari: its caches, what
//! the page's code gets and the console lines.

use corsim_core::browser::Browser;
use corsim_core::cache::{HttpCacheUse, PreflightCacheUse};
use corsim_core::scenario::{AddressSpace, BodyKind, CrossOrigin, Fail, Initiator, Permission};
use corsim_core::verdict::Outcome;
use corsim_core::verdict_v2::RequestVerdict;

use serde_json::{json, Value};

use super::diagram::{initiator_name, timeline_diagram, Diagram};
use super::diagram_markup::{svg_content_named, TIMELINE};
use crate::draft::{Draft, RequestDraft};
use crate::markup::escape;
use crate::timeline::takes_crossorigin;

/// The panel.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelinePanel {
    /// One line per request, in order.
    pub requests: Vec<String>,
    pub selected: usize,
    pub edited: EditedRequest,
    /// One per server entry: what it answers, with its `times` and `fail`.
    pub servers: Vec<ServerEntry>,
    pub local_network_access: Option<Permission>,
    pub address_spaces: Vec<(String, AddressSpace)>,
}

/// The edited request's version-2 fields; `None` where its initiator does
/// not take the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditedRequest {
    pub at: String,
    pub page: String,
    pub initiator: Initiator,
    /// What that initiator does, in plain words.
    pub initiator_help: &'static str,
    pub with_credentials: Option<bool>,
    pub upload_listeners: Option<bool>,
    pub crossorigin: Option<Option<CrossOrigin>>,
    pub body: Option<BodyKind>,
    /// What that body adds, in plain words.
    pub body_help: String,
    pub target_address_space: Option<Option<AddressSpace>>,
}

/// A server entry as the timeline shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerEntry {
    /// `OPTIONS https://api.example.com/settings` or `any method, the request's URL`.
    pub label: String,
    pub times: String,
    pub fail: Option<Fail>,
}

/// What every browser did with every request.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineResult {
    /// Chromium's run of every request in order.
    pub diagram: Diagram,
    pub requests: Vec<RequestResult>,
}

/// One request's result in each browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestResult {
    pub title: String,
    /// Chromium's, Firefox's, Safari's.
    pub browsers: Vec<BrowserResult>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrowserResult {
    /// "Chromium", "Firefox", "Safari".
    pub browser: &'static str,
    /// The outcome in a few words.
    pub outcome: String,
    /// `ok`, `opaque` or `bad`, for its colour (the words say it too).
    pub class: &'static str,
    /// What the caches did, in words; empty when they did nothing.
    pub cache: String,
    pub script_sees: String,
    pub console: Vec<String>,
}

/// What `at` means.
pub const AT_HELP: &str = "Seconds after the page loaded. The preflight cache \
    (Access-Control-Max-Age) and the HTTP cache (Cache-Control) expire by it.";

/// What `times` and `fail` mean.
pub const SERVER_HELP: &str = "Times: this entry answers only that many matching requests, \
    then the next matching entry answers (a server that changes, or a CDN that stored an \
    answer). No response: the server cannot be reached at all; the browser reports a network \
    error, and its console line can look like CORS although it is not.";

/// What the network settings mean.
pub const NETWORK_HELP: &str = "Local Network Access: before a public page may reach a \
    private or local address (your router, localhost), Chrome asks the user. Denied is also \
    what a dismissed prompt and a headless browser give. Hosts are local (localhost, \
    127.0.0.1), private (10.x, 172.16-31.x, 192.168.x) or public unless you place them here.";

/// The diagram and every request's result in every browser, when the
/// scenario is valid.
pub fn timeline_result(draft: &Draft) -> Option<TimelineResult> {
    let timeline = draft.timeline().ok()?;
    let requests = draft.requests();
    let verdict = corsim_core::evaluate_timeline(&timeline);
    let results = timeline
        .requests
        .iter()
        .enumerate()
        .map(|(i, request)| RequestResult {
            title: requests.get(i).map_or(String::new(), |r| line(i, r)),
            browsers: Browser::ALL
                .iter()
                .filter_map(|&b| {
                    let v = verdict.of(b).requests.get(i)?;
                    Some(browser_result(b, v, request.init.initiator))
                })
                .collect(),
        })
        .collect();
    Some(TimelineResult {
        diagram: timeline_diagram(&timeline, Browser::Chromium),
        requests: results,
    })
}

/// The worker's answer for a scenario document (the draft's JSON): the
/// diagram of the page's requests as markup with its size and text
/// equivalent, and each request's results, or `{"error": …}` when the
/// scenario is not valid. The app draws it as it is; computing it in the
/// worker keeps the version-2 verdict and this diagram out of the app's
/// first load.
pub fn answer(text: &str) -> Value {
    let Some(result) = Draft::from_json(text)
        .ok()
        .and_then(|draft| timeline_result(&draft))
    else {
        return json!({ "error": "the scenario is not valid" });
    };
    let d = &result.diagram;
    json!({
        "markup": svg_content_named(d, TIMELINE),
        "width": d.width,
        "height": d.height,
        "steps": d.steps(),
        "results": results_markup(&result.requests),
    })
}

/// Each request's results as the panel shows them below the diagram, a
/// section per request and a block per browser; every text escaped.
fn results_markup(requests: &[RequestResult]) -> String {
    let mut out = String::new();
    for (i, r) in requests.iter().enumerate() {
        out.push_str(&format!(
            "<section class=\"timeline-request\" aria-labelledby=\"timeline-request-{i}\">\
             <h3 id=\"timeline-request-{i}\">{}</h3><div class=\"timeline-browsers\">",
            escape(&r.title)
        ));
        for b in &r.browsers {
            out.push_str(&format!(
                "<div class=\"timeline-browser\"><h4>{}: <span class=\"tag {}\">{}</span></h4>",
                b.browser,
                b.class,
                escape(&b.outcome)
            ));
            if !b.cache.is_empty() {
                out.push_str(&format!(
                    "<p class=\"timeline-cache\">{}</p>",
                    escape(&b.cache)
                ));
            }
            out.push_str(&format!(
                "<p>The page's code gets {}</p>",
                escape(&b.script_sees)
            ));
            for line in &b.console {
                out.push_str(&format!(
                    "<p class=\"console-line\"><code>{}</code></p>",
                    escape(line)
                ));
            }
            out.push_str("</div>");
        }
        out.push_str("</div></section>");
    }
    out
}

/// The editing part of the panel for the draft.
pub fn timeline_panel(draft: &Draft) -> TimelinePanel {
    let requests = draft.requests();
    let r = &draft.request;
    TimelinePanel {
        requests: requests
            .iter()
            .enumerate()
            .map(|(i, r)| line(i, r))
            .collect(),
        selected: draft.selected.min(draft.others.len()),
        edited: EditedRequest {
            at: r.at.clone(),
            page: r.page.clone(),
            initiator: r.initiator,
            initiator_help: initiator_help(r.initiator),
            with_credentials: (r.initiator == Initiator::Xhr).then_some(r.with_credentials),
            upload_listeners: (r.initiator == Initiator::Xhr).then_some(r.upload_listeners),
            crossorigin: takes_crossorigin(r.initiator).then_some(r.crossorigin),
            body: (!r.initiator.is_element()).then_some(r.body),
            body_help: body_help(r.body),
            target_address_space: (r.initiator == Initiator::Fetch)
                .then_some(r.target_address_space),
        },
        servers: draft
            .server
            .iter()
            .map(|s| ServerEntry {
                label: format!(
                    "{} {}",
                    s.method.as_deref().unwrap_or("any method"),
                    s.url.as_deref().unwrap_or("at the request's URL")
                ),
                times: s.times.clone(),
                fail: s.fail,
            })
            .collect(),
        local_network_access: draft.network.local_network_access,
        address_spaces: draft.network.address_spaces.clone(),
    }
}

/// A request in one line: its number, what makes it, method, URL and time.
fn line(i: usize, r: &RequestDraft) -> String {
    let at = if r.at.is_empty() {
        String::new()
    } else {
        format!(" at {} s", r.at)
    };
    format!(
        "{}. {} {} {}{at}",
        i + 1,
        initiator_name(r.initiator),
        r.method,
        r.url
    )
}

fn browser_result(browser: Browser, v: &RequestVerdict, initiator: Initiator) -> BrowserResult {
    let (outcome, class) = match (v.outcome, initiator) {
        (Outcome::Readable, Initiator::Img | Initiator::Script | Initiator::Font) => {
            ("loaded with CORS", "ok")
        }
        (Outcome::Readable, _) => ("readable", "ok"),
        (Outcome::Opaque, Initiator::Img) => ("shown, but it taints a canvas", "opaque"),
        (Outcome::Opaque, Initiator::Script) => ("runs, its errors muted", "opaque"),
        (Outcome::Opaque, _) => ("opaque", "opaque"),
        (Outcome::NetworkError, _) => ("fails", "bad"),
    };
    let preflight = match v.cache.preflight {
        PreflightCacheUse::None => None,
        PreflightCacheUse::Miss => Some("preflight sent, not cached"),
        PreflightCacheUse::Stored => Some("preflight sent and cached"),
        PreflightCacheUse::Hit => Some("preflight skipped: a cached one answered"),
    };
    let http = match v.cache.http {
        HttpCacheUse::None => None,
        HttpCacheUse::Stored => Some("response stored in the HTTP cache"),
        HttpCacheUse::Hit => Some("response from the HTTP cache: nothing sent"),
    };
    BrowserResult {
        browser: browser.label(),
        outcome: outcome.to_string(),
        class,
        cache: preflight
            .into_iter()
            .chain(http)
            .collect::<Vec<_>>()
            .join("; "),
        script_sees: v.script_sees.clone(),
        console: v
            .console
            .as_deref()
            .map(|c| c.lines().map(str::to_string).collect())
            .unwrap_or_default(),
    }
}

fn initiator_help(initiator: Initiator) -> &'static str {
    match initiator {
        Initiator::Fetch => {
            "fetch(): the page chooses the method, the headers, the mode and \
            the credentials."
        }
        Initiator::Xhr => {
            "XMLHttpRequest, which axios uses in browsers: always a CORS \
            request; withCredentials sends cookies. When it fails, the page sees status 0 and \
            an error event, and axios rejects with \"Network Error\": the reason is only in \
            the console."
        }
        Initiator::Img => {
            "<img src>: a GET with none of the page's headers. Without \
            crossorigin it loads without CORS: it shows, but drawing it taints a canvas. With \
            crossorigin, the server must allow the page's origin or the image fails to load."
        }
        Initiator::Script => {
            "<script src>: a GET with none of the page's headers. Without \
            crossorigin it runs, but its errors reach window.onerror only as \"Script error.\" \
            (muted). With crossorigin, the server must allow the page's origin."
        }
        Initiator::Font => {
            "@font-face: fonts are always fetched with CORS, so a font on \
            another origin needs Access-Control-Allow-Origin, or the text falls back to \
            another font."
        }
    }
}

fn body_help(body: BodyKind) -> String {
    match (body, body.content_type()) {
        (BodyKind::None, _) => "No body.".to_string(),
        (BodyKind::Text, Some(ct)) => format!(
            "A string, such as JSON.stringify(data): the browser adds Content-Type: {ct}, \
             which needs no preflight, unless the page sets Content-Type: application/json \
             itself."
        ),
        (BodyKind::JsonBlob, Some(ct)) => format!(
            "A Blob of type application/json: the browser adds Content-Type: {ct}, which is \
             not safelisted, so a cross-origin request needs a preflight."
        ),
        (_, Some(ct)) => {
            format!("The browser adds Content-Type: {ct}, a type that needs no preflight.")
        }
        (_, None) => "A Blob without a type: the browser adds no Content-Type.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn golden(name: &str) -> Draft {
        let path = format!(
            "{}/../../tests/golden-v2/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        Draft::from_json(&std::fs::read_to_string(path).expect("golden")).expect("valid")
    }

    fn chromium(name: &str) -> BrowserResult {
        let result = timeline_result(&golden(name)).expect("valid");
        result.requests[0].browsers[0].clone()
    }

    #[test]
    fn each_request_has_every_browsers_result_with_its_caches() {
        let draft = golden("ok-max-age-second-put-skips-the-preflight");
        let panel = timeline_panel(&draft);
        assert_eq!(panel.requests.len(), 2);
        assert_eq!(
            panel.requests[1],
            "2. fetch() PUT https://api.example.com/settings at 1 s"
        );
        let result = timeline_result(&draft).expect("valid");
        let second = &result.requests[1].browsers;
        let names: Vec<&str> = second.iter().map(|b| b.browser).collect();
        assert_eq!(names, ["Chromium", "Firefox", "Safari"]);
        assert_eq!(second[0].cache, "preflight skipped: a cached one answered");
        assert_eq!(second[0].outcome, "readable");
    }

    #[test]
    fn axios_an_image_and_a_script_say_what_the_page_gets() {
        let xhr = chromium("error-xhr-missing-allow-origin");
        assert!(xhr.script_sees.contains("Network Error"), "{xhr:?}");
        assert!(
            xhr.console[0].starts_with("Access to XMLHttpRequest at"),
            "{xhr:?}"
        );
        let img = chromium("ok-img-without-crossorigin-is-opaque");
        assert_eq!(img.outcome, "shown, but it taints a canvas");
        let script = chromium("ok-script-without-crossorigin-runs-muted");
        assert_eq!(script.outcome, "runs, its errors muted");
    }

    #[test]
    fn the_workers_answer_holds_the_diagram_and_every_result() {
        let draft = golden("ok-max-age-second-put-skips-the-preflight");
        let answer = answer(&draft.to_json());
        assert!(answer["markup"]
            .as_str()
            .is_some_and(|m| m.starts_with("<title id=\"timeline-diagram-title\">")));
        let results = answer["results"].as_str().unwrap_or_default();
        assert_eq!(
            results
                .matches("<section class=\"timeline-request\"")
                .count(),
            2
        );
        assert_eq!(
            results
                .matches("<div class=\"timeline-browser\"><h4>Safari: ")
                .count(),
            2
        );
        assert!(
            results.contains("<p class=\"timeline-cache\">"),
            "{results}"
        );
        assert!(answer["steps"].as_array().is_some_and(|s| s.len() > 5));
        assert_eq!(super::answer("{")["error"], "the scenario is not valid");
    }

    #[test]
    fn an_element_shows_only_the_fields_it_takes() {
        let panel = timeline_panel(&golden("ok-img-without-crossorigin-is-opaque"));
        assert_eq!(panel.edited.crossorigin, Some(None));
        assert_eq!(
            (panel.edited.body, panel.edited.with_credentials),
            (None, None)
        );
        assert_eq!(panel.edited.target_address_space, None);
    }
}
