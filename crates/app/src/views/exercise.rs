//! An exercise: the learner predicts, then the verdict shows what they got
//! right. The console question offers real lines: the scenario's own and
//! those of near variants of it, each evaluated by the core.

use corsim_core::infra::sort;
use corsim_core::scenario::CredentialsMode;
use corsim_core::verdict::{Outcome, Verdict};

use crate::draft::Draft;
use crate::fix;
use crate::prediction::Prediction;

/// Each answer, right or wrong, and the right one in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub question: &'static str,
    /// `None`: not answered.
    pub right: Option<bool>,
    /// The learner's answer in words, when they gave one.
    pub yours: Option<String>,
    /// The right answer in words.
    pub answer: String,
}

/// The outcomes a learner chooses from, with their words.
pub const OUTCOMES: [(Outcome, &str); 3] = [
    (Outcome::Readable, "a response it can read"),
    (
        Outcome::Opaque,
        "an opaque response (status 0, nothing to read)",
    ),
    (Outcome::NetworkError, "a TypeError: the promise rejects"),
];

/// The console lines to choose from: Chromium's line for this scenario and
/// for a few variants of it, each once, "no error" (`None`) first, then in
/// alphabetical order, so the right one's place gives nothing away.
pub fn console_choices(draft: &Draft, verdict: &Verdict) -> Vec<Option<String>> {
    let mut lines = vec![None, verdict.console.chromium.clone()];
    for variant in variants(draft, verdict) {
        if let Ok(v) = variant.evaluate() {
            lines.push(v.console.chromium);
        }
    }
    sort(&mut lines);
    lines.dedup();
    lines
}

/// Near variants of the scenario, as a server or page might have been: no
/// Allow-Origin, `*` with credentials, the origin with a trailing slash, a
/// custom header that needs a preflight, and the working version.
fn variants(draft: &Draft, verdict: &Verdict) -> Vec<Draft> {
    let mut no_allow_origin = draft.clone();
    for entry in &mut no_allow_origin.server {
        entry
            .headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(ALLOW_ORIGIN));
    }
    let mut wildcard_credentials = with_allow_origin(draft, "*");
    wildcard_credentials.request.credentials = CredentialsMode::Include;
    let trailing_slash = with_allow_origin(draft, &format!("{}/", verdict.origin));
    let mut custom_header = draft.clone();
    custom_header
        .request
        .headers
        .push(("X-Requested-With".to_string(), "corsim".to_string()));
    let mut variants = vec![
        no_allow_origin,
        wildcard_credentials,
        trailing_slash,
        custom_header,
    ];
    variants.extend(fix::suggest(draft, verdict, fix::Page::Unmarked).map(|f| f.draft));
    variants
}

const ALLOW_ORIGIN: &str = "Access-Control-Allow-Origin";

/// The scenario with every response allowing exactly `value`.
fn with_allow_origin(draft: &Draft, value: &str) -> Draft {
    let mut variant = draft.clone();
    for entry in &mut variant.server {
        entry
            .headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(ALLOW_ORIGIN));
        entry
            .headers
            .push((ALLOW_ORIGIN.to_string(), value.to_string()));
    }
    variant
}

/// The marks for a prediction.
pub fn marks(prediction: &Prediction, verdict: &Verdict, choices: &[Option<String>]) -> Vec<Mark> {
    let words = |outcome: Outcome| {
        OUTCOMES
            .iter()
            .find(|(o, _)| *o == outcome)
            .map_or("", |(_, words)| words)
            .to_string()
    };
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    let line = |l: &Option<String>| l.clone().unwrap_or_else(|| "no CORS error".to_string());
    vec![
        Mark {
            question: "Is a preflight sent?",
            right: prediction.preflight.map(|p| p == verdict.preflight.sent),
            yours: prediction.preflight.map(yes_no),
            answer: yes_no(verdict.preflight.sent),
        },
        Mark {
            question: "What does the script get?",
            right: prediction.outcome.map(|o| o == verdict.outcome),
            yours: prediction.outcome.map(words),
            answer: words(verdict.outcome),
        },
        Mark {
            question: "Which line does Chromium's console show?",
            right: prediction
                .console
                .map(|i| choices.get(i) == Some(&verdict.console.chromium)),
            yours: prediction.console.and_then(|i| choices.get(i)).map(line),
            answer: line(&verdict.console.chromium),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    fn setup(id: &str) -> (Draft, Verdict, Vec<Option<String>>) {
        let draft = presets::by_id(id).expect("a preset").draft();
        let verdict = draft.evaluate().expect("valid");
        let choices = console_choices(&draft, &verdict);
        (draft, verdict, choices)
    }

    #[test]
    fn the_choices_hold_the_right_line_and_real_alternatives() {
        for preset in presets::ALL {
            let (_, verdict, choices) = setup(preset.id);
            assert!(choices.contains(&verdict.console.chromium), "{}", preset.id);
            assert_eq!(
                choices.first(),
                Some(&None),
                "{}: no error comes first",
                preset.id
            );
            let mut sorted = choices.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted, choices, "{}: sorted, once each", preset.id);
        }
        // A failing request offers its own line, the working version and others.
        let (_, _, choices) = setup("missing-allow-origin");
        assert!(choices.len() >= 3, "{choices:?}");
    }

    #[test]
    fn marks_say_what_was_right() {
        let (_, verdict, choices) = setup("missing-allow-origin");
        let right = choices.iter().position(|c| *c == verdict.console.chromium);
        let prediction = Prediction {
            preflight: Some(true),
            outcome: Some(Outcome::NetworkError),
            console: right,
        };
        let got: Vec<Option<bool>> = marks(&prediction, &verdict, &choices)
            .iter()
            .map(|m| m.right)
            .collect();
        assert_eq!(got, [Some(false), Some(true), Some(true)]);
        let marked = marks(&prediction, &verdict, &choices);
        assert_eq!(marked[0].yours.as_deref(), Some("yes"));
        assert_eq!(marked[0].answer, "no");
        let unanswered = marks(&Prediction::default(), &verdict, &choices);
        assert!(unanswered
            .iter()
            .all(|m| m.right.is_none() && m.yours.is_none()));
        assert_eq!(unanswered[0].answer, "no");
    }
}
