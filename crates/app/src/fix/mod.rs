//! The fix: the smallest change to the server's responses that makes the
//! request succeed, the reason it works, and a warning where the obvious fix
//! is dangerous.
//!
//! No CORS rule is decided here. The verdict's typed [`Failure`] says which
//! check failed and on which response; this module picks the usual edit for
//! that failure, applies it to a copy of the draft, and asks the core again
//! ([`Draft::evaluate`]). A fix often reveals the next problem (a repaired
//! preflight lets the main response be checked), so this repeats, one failure
//! at a time, until the verdict is readable or no server change can help.
//!
//! [`Failure`]: corsim_core::failure::Failure

pub mod browsers;
mod changes;
mod fixer;
mod no_server_fix;
mod repair;
#[cfg(test)]
mod tests;
mod warnings;

use corsim_core::verdict::{Outcome, Verdict};

use crate::draft::Draft;
use fixer::Fixer;
use no_server_fix::not_server_fixable;

const ALLOW_ORIGIN: &str = "Access-Control-Allow-Origin";
const ALLOW_CREDENTIALS: &str = "Access-Control-Allow-Credentials";
const ALLOW_METHODS: &str = "Access-Control-Allow-Methods";
const ALLOW_HEADERS: &str = "Access-Control-Allow-Headers";

// One `Advice` is made per verdict shown, so the size of `Fix` beside the
// empty variants costs nothing worth a `Box` in every match.
#[allow(clippy::large_enum_variant)]
/// What corsim advises for a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Advice {
    /// The script gets what it asked for: nothing to fix.
    Works,
    /// A change to the server's responses that makes the request work.
    Fix(Fix),
    /// No change to the server's responses makes it work; `why` says what
    /// would have to change instead.
    NoServerFix { why: String },
}

/// A change to the server's responses, with the draft it gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// What changes, response by response, in the order of `draft.server`.
    pub changes: Vec<Change>,
    /// Why the change works, naming the checks it satisfies.
    pub why: String,
    /// What to watch out for when making this change on a real server.
    pub warnings: Vec<String>,
    /// The scenario with the change applied: only `server` differs.
    pub draft: Draft,
}

/// One change to one server response.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Index of the response in `draft.server` after the fix.
    pub response: usize,
    pub summary: String,
}

/// The fix, if there is one.
pub fn suggest(draft: &Draft, verdict: &Verdict) -> Option<Fix> {
    match advise(draft, verdict) {
        Advice::Fix(fix) => Some(fix),
        Advice::Works | Advice::NoServerFix { .. } => None,
    }
}

/// What to do about the scenario's verdict.
pub fn advise(draft: &Draft, verdict: &Verdict) -> Advice {
    // An opaque response counts as working: it only happens when the page
    // asked for it (`mode: "no-cors"`, or `redirect: "manual"`), and the
    // explanation already says that opaque means unreadable. Reading it
    // would take a different request, which is the page's choice to make,
    // not a server change.
    if succeeded(verdict) {
        return Advice::Works;
    }
    let Some(failure) = &verdict.failure else {
        return Advice::NoServerFix {
            why: "The request failed without a recorded reason, so corsim cannot tell what to change."
                .into(),
        };
    };
    if let Some(why) = not_server_fixable(failure, draft, verdict) {
        return Advice::NoServerFix { why };
    }
    Fixer::new(draft).run(verdict.clone())
}

/// Whether the script got what the request asked for.
fn succeeded(verdict: &Verdict) -> bool {
    matches!(verdict.outcome, Outcome::Readable | Outcome::Opaque)
}
