//! The fix: the smallest change to the server's responses that makes the
//! request succeed, the reason it works, and a warning where the obvious fix
//! is dangerous.
//!
//! Working is not the same as safe. The fix never lets a page read a response
//! where that would teach an unsafe server (`safety`): an attacker's page,
//! `null`, `*` on a private network. It says so instead, with the safe
//! alternative, and says the same of a scenario that works but is unsafe.
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
mod safety;
#[cfg(test)]
mod tests;
mod warnings;

use corsim_core::verdict::{Outcome, Verdict};

use crate::draft::Draft;
use crate::presets;
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
    /// It works but is unsafe, or making it work would be.
    Unsafe(Unsafe),
}

/// Where working and safe part ways.
#[derive(Clone, Debug, PartialEq)]
pub struct Unsafe {
    /// Whether the page reads the response today.
    pub works: bool,
    /// What is unsafe about letting this page read the response.
    pub why: String,
    /// What a real server should do instead.
    pub safe: String,
}

/// Who the page belongs to, beyond what the scenario's fields say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Page {
    /// Nothing marks it: the scenario's own patterns decide.
    #[default]
    Unmarked,
    /// Someone the server must not trust (scenario v2's `"attacker": true`):
    /// no fix lets this page read the response.
    Attacker,
}

impl Page {
    /// An attacker's page when the scenario says so (version 2's
    /// `"attacker": true`); else the mark of the version-1 preset the
    /// scenario came from, for as long as the page keeps the preset's
    /// origin: a learner who moves the page to the server's own site is no
    /// longer playing the attacker.
    pub fn of(preset: Option<&str>, draft: &Draft) -> Page {
        // A version-2 document says it itself, whatever it came from.
        if draft.attacker {
            return Page::Attacker;
        }
        // The page keeps the preset's origin while it starts with the
        // preset's page up to the `/` after the host.
        let origin = |page: &str| {
            let host = page.find("://")? + 3;
            Some(page[..host + page[host..].find('/')? + 1].to_string())
        };
        match preset.and_then(presets::by_id) {
            Some(p)
                if p.attacker
                    && origin(&p.draft().page).is_some_and(|o| draft.page.starts_with(&o)) =>
            {
                Page::Attacker
            }
            _ => Page::Unmarked,
        }
    }
}

/// What separates the reasons of a fix's `why`, one paragraph each.
pub const PARAGRAPH: &str = "\n\n";

/// A change to the server's responses, with the draft it gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// What changes, response by response, in the order of `draft.server`.
    pub changes: Vec<Change>,
    /// Why the change works, naming the checks it satisfies: one paragraph
    /// per reason, separated by [`PARAGRAPH`].
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
pub fn suggest(draft: &Draft, verdict: &Verdict, page: Page) -> Option<Fix> {
    match advise(draft, verdict, page) {
        Advice::Fix(fix) => Some(fix),
        Advice::Works | Advice::NoServerFix { .. } | Advice::Unsafe(_) => None,
    }
}

/// What to do about the scenario's verdict.
pub fn advise(draft: &Draft, verdict: &Verdict, page: Page) -> Advice {
    // An opaque response counts as working: it only happens when the page
    // asked for it (`mode: "no-cors"`, or `redirect: "manual"`), and the
    // explanation already says that opaque means unreadable. Reading it
    // would take a different request, which is the page's choice to make,
    // not a server change.
    if succeeded(verdict) {
        return match safety::unsafe_read(draft, verdict, page) {
            Some(risk) => Advice::Unsafe(risk),
            None => Advice::Works,
        };
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
    if page == Page::Attacker {
        return Advice::Unsafe(safety::attacker(draft, verdict, false));
    }
    Fixer::new(draft).run(verdict.clone())
}

/// Whether the script got what the request asked for.
fn succeeded(verdict: &Verdict) -> bool {
    matches!(verdict.outcome, Outcome::Readable | Outcome::Opaque)
}
