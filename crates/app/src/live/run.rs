//! A live run in two halves, as the import worker drives it (its `live.rs`
//! makes the calls to the companion): [`prepare`] maps the scenario and
//! says what to load; once the page has reported, [`report`] reads its
//! message and the companion's log and draws the comparison. What the
//! worker answers the app, and how the app reads it back ([`read`]), is
//! here too, so that both sides agree on it.

use corsim_core::browser::Browser;
use serde_json::{json, Value};

use super::{parse_log, parse_message, LiveFailure, LiveRun, OriginMap};
use crate::draft::Draft;
use crate::views::live_view::{live_view, markup};

/// A run mapped and ready to load, kept by the worker until the page reports.
#[derive(Debug)]
pub struct Prepared {
    pub draft: Draft,
    pub map: OriginMap,
}

impl Prepared {
    /// The mapped scenario, as `corsim serve` loads it (`super::LOAD_PATH`).
    pub fn load_body(&self) -> String {
        self.map.map_draft(&self.draft).to_json()
    }
}

/// Maps `draft_json` (a draft's JSON) for the run `label` on the companion's
/// plain-HTTP `port`.
pub fn prepare(draft_json: &str, port: u16, label: &str) -> Result<Prepared, LiveFailure> {
    let incomplete = || LiveFailure::Failed("the scenario is not complete".into());
    let draft = Draft::from_json(draft_json).map_err(|_| incomplete())?;
    let scenario = draft.scenario().map_err(|_| incomplete())?;
    let map = OriginMap::new(&scenario, port, label)
        .map_err(|e| LiveFailure::CannotMap(e.to_string()))?;
    Ok(Prepared { draft, map })
}

/// The comparison, as markup, of the run `prepared` in `browser`, once the
/// page has posted `message` and the companion's log reads `log`.
pub fn report(
    prepared: Prepared,
    browser: Option<Browser>,
    message: &str,
    log: &str,
) -> Result<String, LiveFailure> {
    let failed = |why: &str| LiveFailure::Failed(why.to_string());
    let result =
        parse_message(message).ok_or_else(|| failed("the page's report could not be read"))?;
    let log = parse_log(log).map_err(|e| failed(&e))?;
    let run = LiveRun {
        requests: prepared.map.fetched(&log),
        browser,
        draft: prepared.draft,
        map: prepared.map,
        result,
    };
    live_view(&run)
        .map(|view| markup(&view))
        .ok_or_else(|| failed("the scenario run is not valid"))
}

/// The worker's answer: `{field: text}`, or why there is none.
pub fn answer(field: &str, result: Result<String, LiveFailure>) -> Value {
    match result {
        Ok(text) => json!({ field: text }),
        Err(LiveFailure::Absent) => json!({ "absent": true }),
        Err(LiveFailure::CannotMap(why)) => json!({ "cannot_map": why }),
        Err(LiveFailure::Failed(why)) => json!({ "failed": why }),
    }
}

/// The app's reading of [`answer`]: the text of `field`, or the failure.
pub fn read(answer: &Value, field: &str) -> Result<String, LiveFailure> {
    let text = |name: &str| answer[name].as_str().map(str::to_string);
    if let Some(text) = text(field) {
        Ok(text)
    } else if answer["absent"] == true {
        Err(LiveFailure::Absent)
    } else if let Some(why) = text("cannot_map") {
        Err(LiveFailure::CannotMap(why))
    } else {
        Err(LiveFailure::Failed(
            text("failed")
                .or_else(|| text("error"))
                .unwrap_or_else(|| "the worker's answer could not be read".into()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_answer_reads_back_as_it_was_given() {
        let cases = [
            Ok("http://app.example.com.r1.localhost:8080/".to_string()),
            Err(LiveFailure::Absent),
            Err(LiveFailure::CannotMap("the page is a `file:` URL".into())),
            Err(LiveFailure::Failed("corsim serve answered 500".into())),
        ];
        for case in cases {
            assert_eq!(read(&answer("page", case.clone()), "page"), case);
        }
        assert_eq!(
            read(&json!({"error": "no such kind"}), "page"),
            Err(LiveFailure::Failed("no such kind".into()))
        );
    }

    #[test]
    fn a_scenario_that_cannot_run_live_says_why_before_anything_is_loaded() {
        let file = r#"{"version": 1, "page": "file:///index.html", "request": {"url": "https://a.example/"}}"#;
        match prepare(file, 8080, "r1") {
            Err(LiveFailure::CannotMap(why)) => assert!(why.contains("`file:`"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            prepare("{", 8080, "r1"),
            Err(LiveFailure::Failed(_))
        ));
        let page = r#"{"version": 1, "page": "https://app.example.com/", "request": {"url": "https://api.example.com/"}}"#;
        let prepared = prepare(page, 8080, "r1").unwrap();
        assert!(
            prepared
                .load_body()
                .contains("app.example.com.r1.localhost:8080"),
            "{}",
            prepared.load_body()
        );
        let unread = report(
            prepared,
            Some(Browser::Chromium),
            "{}",
            r#"{"requests": []}"#,
        );
        assert!(matches!(unread, Err(LiveFailure::Failed(_))));
    }
}
