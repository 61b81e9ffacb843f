//! The trace: each algorithm step that ran, in order, with what it compared,
//! what it concluded and where the standard says so.

use serde::Serialize;

/// Whether a step let the fetch go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepResult {
    Pass,
    Fail,
    Info,
}

/// One step of one algorithm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The algorithm's name as the standard spells it, e.g. "CORS check".
    pub algorithm: &'static str,
    /// A link to the algorithm or step in the standard.
    pub spec: &'static str,
    /// What was decided, for a person, with the values compared.
    pub detail: String,
    pub result: StepResult,
}
