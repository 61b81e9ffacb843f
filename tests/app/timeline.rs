//! Version-2 scenarios in the app: every golden of `tests/golden-v2/`
//! survives a trip through the draft and through a permalink as the same
//! timeline, and a typical link of two requests stays short.

#[path = "../common/mod.rs"]
mod common;

use std::path::PathBuf;

use corsim_app::draft::Draft;
use corsim_app::permalink::{decode, encode, link};
use corsim_core::scenario::Timeline;

fn goldens() -> Vec<PathBuf> {
    let files: Vec<PathBuf> = common::json_files("golden-v2")
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".verdict.json"))
        .collect();
    assert!(files.len() > 20, "tests/golden-v2 is there");
    files
}

/// The timeline of a document, with the version it declares set aside: a
/// writer emits version 1 whenever nothing of version 2 is used.
fn timeline(value: &serde_json::Value) -> Timeline {
    let mut timeline = Timeline::from_value(value).expect("valid");
    timeline.version = 0;
    timeline
}

#[test]
fn every_version_2_golden_round_trips_through_a_draft_and_a_link() {
    for path in goldens() {
        let name = path.display();
        let text = std::fs::read_to_string(&path).expect("a scenario file");
        let want = timeline(&serde_json::from_str(&text).expect("JSON"));
        let draft = Draft::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(
            timeline(&draft.to_value()),
            want,
            "{name}: through the draft"
        );
        let fragment = encode(&draft);
        let opened = decode(&fragment).unwrap_or_else(|e| panic!("{name}: {fragment}: {e}"));
        assert_eq!(opened, draft, "{name}: {fragment}");
        assert_eq!(
            timeline(&opened.to_value()),
            want,
            "{name}: through {fragment}"
        );
    }
}

#[test]
fn a_document_says_version_2_only_when_it_uses_version_2() {
    for path in goldens() {
        let text = std::fs::read_to_string(&path).expect("a scenario file");
        let draft = Draft::from_json(&text).expect("valid");
        let needs = Timeline::from_json(&text).expect("valid").needs_version_2();
        let written = draft.to_value()["version"].as_u64();
        // A relative URL is version 2 too, which the timeline no longer shows.
        let relative = draft.requests().iter().any(|r| r.url.starts_with('/'));
        assert_eq!(written == Some(2), needs || relative, "{}", path.display());
        assert_eq!(encode(&draft).starts_with("v=2&"), written == Some(2));
    }
}

#[test]
fn a_typical_link_of_two_requests_is_short() {
    for name in [
        "ok-max-age-second-put-skips-the-preflight",
        "ok-new-header-needs-a-new-preflight",
        "error-cached-image-answers-a-credentialed-fetch",
    ] {
        let path = common::root().join(format!("tests/golden-v2/{name}.json"));
        let draft = Draft::from_json(&std::fs::read_to_string(path).expect("file")).expect("valid");
        assert_eq!(draft.requests().len(), 2, "{name}");
        let url = link("http://127.0.0.1:8080/", &draft);
        assert!(url.len() < 500, "{name}: {} characters: {url}", url.len());
    }
}

#[test]
fn the_edited_request_is_kept_by_the_link_and_its_problems_are_where_the_editors_look() {
    let text = std::fs::read_to_string(
        common::root().join("tests/golden-v2/ok-max-age-second-put-skips-the-preflight.json"),
    )
    .expect("file");
    let mut draft = Draft::from_json(&text).expect("valid");
    let all = draft.requests();
    draft.set_requests(all, 1);
    assert_eq!(draft.selected, 1);
    assert_eq!(decode(&encode(&draft)), Ok(draft.clone()));
    draft.request.at = "soon".into();
    let errors = draft.scenario().unwrap_err();
    assert_eq!(errors[0].path, "request.at", "{errors:?}");
    assert_eq!(draft.request.at, "soon", "what is typed stays");
}

#[test]
fn a_relative_url_not_written_as_a_path_is_kept_resolved() {
    // Alone, `users` would make a version-1 document that is no URL.
    let text = r#"{"version": 2, "page": "https://app.example.com/dashboard/",
                   "request": {"url": "users"}}"#;
    let draft = Draft::from_json(text).expect("valid");
    assert_eq!(draft.request.url, "https://app.example.com/dashboard/users");
    assert_eq!(
        timeline(&draft.to_value()),
        timeline(&serde_json::from_str(text).expect("JSON"))
    );
    // Written as a path, it stays as typed, and the document version 2.
    let text = text.replace("\"users\"", "\"./users\"");
    let draft = Draft::from_json(&text).expect("valid");
    assert_eq!(draft.request.url, "./users");
    assert_eq!(draft.to_value()["version"], 2);
}
