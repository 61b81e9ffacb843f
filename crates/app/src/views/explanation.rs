//! The step-by-step explanation: each algorithm step the browser ran, with
//! its link into the Fetch standard, then the notes worth knowing.

use corsim_core::explain;
use corsim_core::trace::StepResult;
use corsim_core::verdict::Verdict;

/// One step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplainedStep {
    pub algorithm: &'static str,
    pub spec: &'static str,
    pub detail: String,
    pub result: StepResult,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// Why it failed, in a sentence, when it did.
    pub failure: Option<String>,
    pub steps: Vec<ExplainedStep>,
    pub notes: Vec<String>,
}

pub fn explanation(verdict: &Verdict) -> Explanation {
    Explanation {
        failure: verdict.failure.as_ref().map(explain::failure),
        steps: verdict
            .trace
            .iter()
            .map(|s| ExplainedStep {
                algorithm: s.algorithm,
                spec: s.spec,
                detail: s.detail.clone(),
                result: s.result,
            })
            .collect(),
        notes: verdict.notes.iter().map(explain::note).collect(),
    }
}

/// The text and mark of a step's result, so that colour is never the only signal.
pub fn result_mark(result: StepResult) -> (&'static str, &'static str) {
    match result {
        StepResult::Pass => ("✓", "passes"),
        StepResult::Fail => ("✕", "fails"),
        StepResult::Info => ("•", "note"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;

    #[test]
    fn a_failure_explains_itself_and_every_step_links_the_standard() {
        let draft = Draft::from_value(&serde_json::json!({
            "version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/", "method": "POST"}, "server": [{"status": 200}]
        }))
        .expect("valid");
        let e = explanation(&draft.evaluate().expect("valid"));
        assert_eq!(
            e.failure.as_deref(),
            Some("the response fails the CORS check: there is no `Access-Control-Allow-Origin` header")
        );
        assert!(!e.steps.is_empty());
        assert!(e.steps.iter().all(|s| s.spec.starts_with("https://")));
        assert_eq!(e.steps.last().map(|s| s.result), Some(StepResult::Fail));
        assert!(e.notes.iter().any(|n| n.contains("reached the server")));
    }
}
