//! corsim-import-worker: "Debug my error"'s importers
//! (`corsim_app::import`), "Reproduce it" (the curl commands, the
//! `fetch()` call and their guide, and the server configurations, drawn by
//! `corsim_app::views::reproduce`), the verdict's JSON
//! (`corsim_app::verdict_json`) and the results of the page's requests
//! (`corsim_app::views::timeline`) and live mode's calls to `corsim serve`
//! and comparison (`live.rs`), built as a wasm module of their own that
//! runs in a web worker. The app's first load does not carry them
//! (scripts/budget.json gates it): the app starts this worker when the
//! learner opens either panel's part that needs it.
//! And what is pasted (a HAR can be megabytes) is parsed here, off the
//! page's thread, so the tab never freezes.
//!
//! The protocol, one message each way per request:
//!
//! - in: `{id, kind, text}`, `kind` one of `auto`, `console`, `har`,
//!   `headers`, `fetch`, `curl` (`auto`: `Kind::detect`); or `config`, with
//!   `text` a scenario's JSON and `framework` a framework's name; or
//!   `reproduce`, `verdict` or `timeline`, with `text` a scenario's JSON
//!   (`timeline`: the diagram of the page's requests and each request's
//!   results, `views::timeline::answer`); or live mode's two halves
//!   (`live.rs`): `live-start`, with `text` a draft's JSON, then
//!   `live-report`, with `text` the page's message.
//! - out: JSON text, [`answer`]'s, `reproduce::config`'s,
//!   `reproduce::commands`'s, `verdict_json::answer`'s, `timeline::answer`'s or
//!   `corsim_app::live::run::answer`'s, with the
//!   request's `id` (a number) added, so that the app can tell whose answer
//!   it is; and once, when the worker can take
//!   messages, `{"ready":true}`: a message sent before it would be lost,
//!   since the worker listens only once its wasm module is instantiated.

use corsim_app::import::{self, Kind};
use corsim_app::verdict_json;
use corsim_app::views::{reproduce, timeline};
use js_sys::Reflect;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

mod live;

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let field = |name: &str| {
            Reflect::get(&data, &JsValue::from_str(name))
                .ok()
                .and_then(|v| v.as_string())
        };
        let id = Reflect::get(&data, &JsValue::from_str("id"))
            .ok()
            .and_then(|v| v.as_f64());
        let replies = replies.clone();
        let send = move |mut reply: Value| {
            if let Some(id) = id {
                reply["id"] = json!(id as u64);
            }
            // Posting a string cannot fail; nothing could be told of it if it did.
            let _ = replies.post_message(&JsValue::from_str(&reply.to_string()));
        };
        match (field("kind").as_deref(), field("text")) {
            // Live mode waits for the companion: its answer comes later,
            // and other requests are answered meanwhile.
            (Some("live-start"), Some(text)) => {
                spawn_local(async move { send(live::start(text).await) })
            }
            (Some("live-report"), Some(text)) => {
                spawn_local(async move { send(live::report(text).await) })
            }
            (Some("config"), Some(text)) => send(reproduce::config(
                &text,
                &field("framework").unwrap_or_default(),
            )),
            (Some("timeline"), Some(text)) => send(timeline::answer(&text)),
            (Some("reproduce"), Some(text)) => send(reproduce::commands(&text)),
            (Some("verdict"), Some(text)) => send(verdict_json::answer(&text)),
            (Some(kind), Some(text)) => send(answer(kind, &text)),
            _ => send(json!({ "error": "the worker was sent something other than {kind, text}" })),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(r#"{"ready":true}"#));
}

/// What the app gets for `text` read as `kind`: `{"error": message}`, or
/// the kind read, the scenario to show first (`chosen`), the words of the
/// list to choose among several (`pick`), and every scenario the text
/// makes, each with its label (empty when there is one), the scenario
/// (its JSON: version 1, or version 2 for a HAR's requests together),
/// `details`: its guesses, one line each (`guessed PATH = "VALUE": why`),
/// then the notes, those about the whole input first, `guessed`: each
/// guessed field's `[path, why]` (`Guess::fields`), for the editors to
/// mark, and `selected`: the
/// request of the page the editors edit. The app shows these
/// texts as they are: everything worded is worded here, so that the app's
/// own module stays small.
///
/// A HAR of several cross-origin requests offers them first as one
/// timeline, shown first, then each request alone.
fn answer(kind: &str, text: &str) -> Value {
    let kind = match kind {
        "auto" => Kind::detect(text),
        name => match Kind::from_name(name) {
            Some(kind) => kind,
            None => return json!({ "error": format!("no importer called {name:?}") }),
        },
    };
    let read_as = match kind {
        Kind::Har => Some("read as a HAR file"),
        Kind::Headers => Some("read as raw response headers"),
        Kind::Fetch => Some("read as a fetch() call"),
        Kind::Curl => Some("read as a curl command"),
        // The console importer names the browser.
        Kind::Console => None,
    };
    match import::run(kind, text) {
        Ok(choices) => {
            let one = |label: &str, made: &import::Import| {
                let notes: Vec<&str> = read_as
                    .into_iter()
                    .chain(choices.notes.iter().chain(&made.notes).map(String::as_str))
                    .collect();
                json!({
                    "label": label,
                    "scenario": made.draft.to_value(),
                    "details": details(&made.guesses, &notes),
                    "guessed": made.guesses.iter().flat_map(|g| g.fields().into_iter().map(|f| [f, g.why.clone()])).collect::<Vec<_>>(),
                    // The JSON does not say which request the editors edit.
                    "selected": made.draft.selected,
                })
            };
            let mut scenarios = Vec::new();
            if let Some(timeline) = &choices.timeline {
                let n = timeline.draft.others.len() + 1;
                scenarios.push(one(&format!("the page's {n} requests, in order"), timeline));
            }
            let together = !scenarios.is_empty();
            scenarios.extend(
                choices
                    .scenarios
                    .iter()
                    .map(|(label, made)| one(label, made)),
            );
            let pick = match kind {
                Kind::Har if together => {
                    "The page's requests together, or one of them alone: pick one".to_string()
                }
                Kind::Har => "One scenario per cross-origin request: pick one".to_string(),
                _ => format!(
                    "{} possible causes, each giving this very error: pick one",
                    scenarios.len()
                ),
            };
            json!({
                "kind": kind.name(),
                "chosen": if together { 0 } else { choices.chosen },
                "pick": pick,
                "scenarios": scenarios,
            })
        }
        Err(e) => json!({ "kind": kind.name(), "error": e.to_string() }),
    }
}

/// What the panel shows under a scenario once loaded: the guesses and the
/// notes, each under a heading after a blank line, a line each.
fn details(guesses: &[import::Guess], notes: &[&str]) -> String {
    let mut out =
        String::from("Loaded: the verdict, the explanation and the fix now show this scenario.\n");
    if !guesses.is_empty() {
        out.push_str(
            "\nGuessed, as the text does not say (marked \"guessed\" in the editors; change them there):\n",
        );
        for guess in guesses {
            out.push_str(&format!("• {guess}\n"));
        }
    }
    if !notes.is_empty() {
        out.push_str("\nGood to know:\n");
        for note in notes {
            out.push_str(&format!("• {note}\n"));
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_holds_every_candidate_or_the_error() {
        let safari = "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://api.example.com/data due to access control checks.";
        let got = answer("auto", safari);
        assert_eq!(got["kind"], "console");
        assert_eq!(got["scenarios"].as_array().map(Vec::len), Some(4));
        assert_eq!(got["scenarios"][0]["scenario"]["version"], 1);
        let details = got["scenarios"][3]["details"].as_str().unwrap_or_default();
        assert!(
            details.contains("Good to know:\n• read as Safari's console"),
            "{details}"
        );
        let curl = answer(
            "auto",
            "curl -H 'Origin: https://app.example.com' https://api.example.com/data",
        );
        let details = curl["scenarios"][0]["details"].as_str().unwrap_or_default();
        assert!(details.contains("\n• read as a curl command"), "{details}");
        let got = answer(
            "console",
            "GET https://api.example.com/data net::ERR_NAME_NOT_RESOLVED",
        );
        assert!(got["error"]
            .as_str()
            .unwrap_or_default()
            .starts_with("not a CORS error"));
        assert!(answer("xml", "x")["error"].is_string());
    }

    /// A HAR of two cross-origin requests is offered first as the page's
    /// timeline (a version-2 scenario, the editors on the failing request),
    /// then each request alone; a HAR of one request as that request.
    #[test]
    fn a_har_of_several_requests_is_offered_as_one_timeline_first() {
        let entry = |url: &str, allow: bool| {
            let headers = if allow {
                r#"[{"name": "Access-Control-Allow-Origin", "value": "*"}]"#
            } else {
                "[]"
            };
            format!(
                r#"{{"startedDateTime": "2026-12-06T10:00:00.000Z",
                  "request": {{"method": "GET", "url": "{url}", "headers": [{{"name": "Origin", "value": "https://app.example.com"}}]}},
                  "response": {{"status": 200, "headers": {headers}}}}}"#
            )
        };
        let har =
            |entries: &[String]| format!(r#"{{"log": {{"entries": [{}]}}}}"#, entries.join(","));
        let two = har(&[
            entry("https://api.example.com/a", true),
            entry("https://api.example.com/b", false),
        ]);
        let got = answer("auto", &two);
        assert_eq!(got["chosen"], 0, "{got}");
        assert_eq!(got["scenarios"].as_array().map(Vec::len), Some(3));
        let first = &got["scenarios"][0];
        assert_eq!(first["label"], "the page's 2 requests, in order");
        assert_eq!(first["scenario"]["version"], 2);
        assert_eq!(
            first["scenario"]["requests"].as_array().map(Vec::len),
            Some(2)
        );
        assert_eq!(first["selected"], 1, "the editors on the failing request");
        assert!(got["pick"]
            .as_str()
            .unwrap_or_default()
            .contains("together"));
        let one = answer("auto", &har(&[entry("https://api.example.com/a", false)]));
        assert_eq!(one["scenarios"].as_array().map(Vec::len), Some(1));
        assert_eq!(one["scenarios"][0]["scenario"]["version"], 1);
    }

    /// The same with Chromium's own export of a page's four requests
    /// (tests/fixtures/har/): the timeline of all four, on the third, the
    /// first that Chromium failed.
    #[test]
    fn a_real_har_of_a_pages_requests_is_offered_as_its_timeline() {
        let har = include_str!("../../../tests/fixtures/har/chromium-timeline.har");
        let got = answer("har", har);
        assert_eq!(got["chosen"], 0, "{got}");
        assert_eq!(got["scenarios"].as_array().map(Vec::len), Some(5));
        let first = &got["scenarios"][0];
        assert_eq!(first["label"], "the page's 4 requests, in order");
        assert_eq!(first["selected"], 2);
        let mut draft = corsim_app::draft::Draft::from_value(&first["scenario"]).expect("a draft");
        draft.set_requests(draft.requests(), 2);
        assert_eq!(draft.request.url, "http://api.example.test/private");
    }

    #[test]
    fn an_answer_says_each_guess_for_the_editors_to_mark() {
        let got = answer(
            "console",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/data. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
        );
        let guessed = got["scenarios"][0]["guessed"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            guessed.iter().any(|g| g[0] == "page"
                && g[1]
                    .as_str()
                    .is_some_and(|why| why.contains("does not name the page"))),
            "{got}"
        );
    }
}
