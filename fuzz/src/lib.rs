//! What each fuzz target checks, for any input: shared by the targets in
//! `fuzz_targets/` and by `tests/app/fuzz_regressions.rs`, which replays every
//! input kept in `fuzz/regressions/` through the same checks on every
//! `cargo test`.
//!
//! A check fails by panicking, which libFuzzer reports as a crash.

use corsim_app::course;
use corsim_app::draft::Draft;
use corsim_app::permalink::{decode, encode};
use corsim_app::state::AppState;
use corsim_app::views;
use corsim_core::scenario::{Scenario, ScenarioError, Timeline};

/// The longest a message about bad input may be, in bytes: it names where
/// and what, shortened, and never repeats the input at length.
pub const MAX_MESSAGE: usize = 1000;

/// `scenario`: any bytes as a scenario document (invalid UTF-8 replaced, as
/// a file read lossily would be). The core and the app's draft must agree on
/// what is valid, and a valid document must mean the same scenario to both.
pub fn scenario(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parsed = Timeline::from_json(&text);
    let draft = Draft::from_json(&text);
    match (&parsed, &draft) {
        (Ok(timeline), Ok(draft)) => {
            let again = draft.timeline();
            assert_eq!(
                again.as_ref().map(same_timeline),
                Ok(same_timeline(timeline)),
                "the app's draft of a valid document is another scenario"
            );
            let _ = corsim_core::evaluate_timeline(timeline);
        }
        (Err(core), Err(app)) => {
            assert_eq!(core, app, "the core and the app report different problems");
            assert!(
                !core.is_empty(),
                "an invalid document with no problem reported"
            );
            messages_are_short(core);
        }
        (Ok(_), Err(e)) => panic!("the core accepts a document the app refuses: {e:?}"),
        (Err(e), Ok(_)) => panic!("the app accepts a document the core refuses: {e:?}"),
    }
}

/// A timeline with an empty title read as no title, as the app's draft
/// (where an empty title is no title) reads it, and the version it declares
/// set aside: the draft writes version 1 whenever nothing of version 2 is
/// used.
fn same_timeline(timeline: &Timeline) -> Timeline {
    let mut t = timeline.clone();
    if t.title.as_deref() == Some("") {
        t.title = None;
    }
    t.version = 0;
    t
}

fn messages_are_short(errors: &[ScenarioError]) {
    for e in errors {
        short(&e.to_string());
    }
}

/// `permalink`: any bytes as a URL fragment, a scenario's or a course's.
/// Decoding either fails with a short message or gives a draft (a course)
/// whose link decodes to the same draft (course).
pub fn permalink(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if course::is_course(&text) {
        match course::decode(&text) {
            Ok(c) => {
                let link = course::encode(&c);
                assert_eq!(
                    course::decode(&link).as_ref(),
                    Ok(&c),
                    "the link made from a decoded course opens another course: {link}"
                );
            }
            Err(e) => short(&e.to_string()),
        }
        return;
    }
    match decode(&text) {
        Ok(draft) => {
            let link = encode(&draft);
            assert_eq!(
                decode(&link).as_ref(),
                Ok(&draft),
                "the link made from a decoded draft opens another draft: {link}"
            );
        }
        Err(e) => short(&e.to_string()),
    }
}

fn short(message: &str) {
    assert!(
        message.len() <= MAX_MESSAGE,
        "a {}-byte message: {}…",
        message.len(),
        message.chars().take(200).collect::<String>()
    );
}

/// `evaluate`: a scenario document (input starting with `{`), a course link
/// or a permalink, each scenario evaluated and shown as the app and the
/// command line do.
pub fn evaluate(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let drafts = if text.trim_start().starts_with('{') {
        Draft::from_json(&text).into_iter().collect()
    } else if course::is_course(&text) {
        course::decode(&text)
            .map(|c| c.exercises.into_iter().map(|e| e.draft).collect())
            .unwrap_or_default()
    } else {
        decode(&text).into_iter().collect::<Vec<_>>()
    };
    for draft in &drafts {
        shown(draft);
    }
}

/// Everything the app computes for a draft, and the command line's report:
/// none may panic, and the verdict must be the same every time.
pub fn shown(draft: &Draft) {
    let state = AppState::new(draft.clone(), None);
    let _ = state.fragment();
    let verdict = state.verdict();
    let _ = views::header_warnings::request_header_warnings(draft, verdict);
    let _ = views::header_warnings::method_warning(verdict);
    let _ = views::server_panels::panels(draft, verdict);
    let _ = views::origin_table::compare(&draft.page, &draft.request.url, draft.sandboxed);
    let (Some(verdict), Ok(scenario)) = (verdict, draft.scenario()) else {
        return;
    };
    let again = corsim_core::evaluate(&scenario);
    assert_eq!(&again, verdict, "two evaluations of one scenario differ");
    let json = verdict.to_json();
    assert_eq!(json, again.to_json(), "two verdicts print differently");
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
        "the verdict is not JSON: {json}"
    );
    let _ = corsim_app::report::render(&scenario, verdict);
    let diagram = views::diagram::diagram(verdict, draft);
    let _ = diagram.steps();
    // Nothing from the scenario becomes markup: every tag in the diagram's
    // SVG is one that views::diagram_markup writes itself.
    let markup = views::diagram_markup::svg_content(&diagram);
    for tag in markup.split('<').skip(1) {
        let name = tag
            .trim_start_matches('/')
            .split([' ', '>', '/'])
            .next()
            .unwrap_or("");
        assert!(
            DIAGRAM_TAGS.contains(&name),
            "the diagram's markup has a <{name}>: {markup}"
        );
    }
    let _ = views::explanation::explanation(verdict);
    let all = state.browsers();
    let _ = views::script_view::script_view(&scenario, verdict, all);
    if let Some(all) = all {
        let _ = views::script_view::console_lines(&all);
        let _ = corsim_app::fix::browsers::advise_all(draft, all, corsim_app::fix::Page::Attacker);
        let _ = corsim_app::fix::browsers::advise_all(draft, all, corsim_app::fix::Page::Unmarked);
    }
    let _ = views::verdict_summary::summary(verdict, all);
}

/// The elements the diagram's SVG is made of.
const DIAGRAM_TAGS: [&str; 10] = [
    "title", "desc", "defs", "marker", "path", "g", "line", "rect", "circle", "text",
];

/// `import`: any bytes as each importer's input (the first byte chooses
/// which). None may panic; an error is one short line; a scenario made is
/// one the core reads, and the round trip of its JSON gives it back.
pub fn import(data: &[u8]) {
    use corsim_app::import::{console, har, headers, request};
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let made: Result<Vec<Draft>, String> = match which % 5 {
        0 => console::import(&text)
            .map(|c| c.candidates.into_iter().map(|c| c.import.draft).collect())
            .map_err(|e| e.to_string()),
        1 => har::import(&text)
            .map(|h| h.requests.into_iter().map(|r| r.import.draft).collect())
            .map_err(|e| e.to_string()),
        2 => headers::import(&text)
            .map(|i| vec![i.draft])
            .map_err(|e| e.to_string()),
        3 => request::fetch(&text)
            .map(|i| vec![i.draft])
            .map_err(|e| e.to_string()),
        _ => request::curl(&text)
            .map(|i| vec![i.draft])
            .map_err(|e| e.to_string()),
    };
    match made {
        Ok(drafts) => {
            for draft in drafts {
                if let Ok(scenario) = draft.scenario() {
                    assert_eq!(
                        Scenario::from_json(&draft.to_json()).as_ref(),
                        Ok(&scenario),
                        "an imported scenario reads back as another"
                    );
                    let _ = corsim_core::evaluate_v2(&scenario);
                }
            }
        }
        Err(message) => {
            short(&message);
            assert!(
                !message.contains('\n'),
                "a message of several lines: {message}"
            );
        }
    }
}
