//! A learner's prediction for an exercise of a course: what they answer
//! before the verdict is revealed. `crate::views::exercise` marks it against
//! the verdict.

use corsim_core::verdict::Outcome;

/// What the learner predicts; `None` while unanswered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prediction {
    pub preflight: Option<bool>,
    pub outcome: Option<Outcome>,
    /// An index into the exercise's console choices
    /// (`crate::views::exercise::console_choices`).
    pub console: Option<usize>,
}

/// One answer of a prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Preflight(bool),
    Outcome(Outcome),
    /// An index into the console choices.
    Console(usize),
}

impl Prediction {
    /// Records one answer, replacing an earlier answer to the same question.
    pub fn record(&mut self, answer: Answer) {
        match answer {
            Answer::Preflight(b) => self.preflight = Some(b),
            Answer::Outcome(o) => self.outcome = Some(o),
            Answer::Console(i) => self.console = Some(i),
        }
    }
}
