//! The verdict as `corsim check --json` prints it, for the app's "Verdict
//! and scenario as JSON" panel. The app's worker writes it: the serializer
//! of a whole verdict is kilobytes the app's first load does without.

use serde_json::{json, Value};

use crate::draft::Draft;

/// For a scenario's JSON: `{"text": the verdict's JSON}`, or
/// `{"error": message}` when the scenario is not valid.
pub fn answer(draft_json: &str) -> Value {
    match Draft::from_json(draft_json).and_then(|draft| draft.evaluate()) {
        Ok(verdict) => json!({ "text": verdict.to_json() }),
        Err(errors) => {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            json!({ "error": format!("the scenario is not valid: {first}") })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn the_answer_is_the_clis_verdict_or_the_problem() {
        let draft = presets::default_preset().draft();
        let want = draft.evaluate().expect("valid").to_json();
        assert_eq!(answer(&draft.to_json())["text"], json!(want));
        assert!(answer("{")["error"].is_string());
    }
}
