//! The fixer: a copy of the draft, repaired one failure at a time and run
//! through the core again after each change, until the request works or no
//! server change can help.

use corsim_core::explain;
use corsim_core::scenario::CredentialsMode;
use corsim_core::verdict::Verdict;

use super::no_server_fix::not_server_fixable;
use super::repair::append_item;
use super::safety::unsafe_read;
use super::{succeeded, Advice, Fix, Page, Unsafe, ALLOW_ORIGIN};
use crate::draft::{Draft, ResponseDraft};

/// How many failures in a row a fix may repair, beyond one per request header
/// (each missing `Access-Control-Allow-Headers` name is one round).
const MAX_ROUNDS: usize = 16;

/// Bookkeeping for one entry of the draft being fixed.
#[derive(Clone, Debug)]
pub(super) struct Meta {
    /// Its index in the original draft; `None` when the fix added it.
    pub(super) original: Option<usize>,
    /// What it answered when the fix first touched it: the kind of response
    /// and the request (`OPTIONS https://...`).
    pub(super) noun: &'static str,
    pub(super) request: String,
    /// Whether the fix set its allow-origin or allow-credentials header.
    pub(super) access: bool,
}

impl Meta {
    pub(super) fn label(&self) -> String {
        format!("the {} ({})", self.noun, self.request)
    }
}

/// A copy of the draft being fixed, round by round.
pub(super) struct Fixer<'d> {
    pub(super) original: &'d Draft,
    pub(super) draft: Draft,
    pub(super) meta: Vec<Meta>,
    pub(super) reasons: Vec<String>,
    /// Set when the fix allowed an origin or credentials.
    pub(super) access_edited: bool,
    /// The (non-`null`) origins the fix allowed, in order.
    pub(super) allowed: Vec<String>,
    /// The URL the fix answered with `*` because a redirect from one
    /// cross-origin server to another made the origin `null`.
    pub(super) null_redirect: Option<String>,
    /// Why the fix stopped rather than make the scenario unsafe.
    pub(super) refused: Option<Unsafe>,
}

impl<'d> Fixer<'d> {
    pub(super) fn new(original: &'d Draft) -> Fixer<'d> {
        Fixer {
            original,
            draft: original.clone(),
            meta: (0..original.server.len())
                .map(|i| Meta {
                    original: Some(i),
                    noun: "response",
                    request: String::new(),
                    access: false,
                })
                .collect(),
            reasons: Vec::new(),
            access_edited: false,
            allowed: Vec::new(),
            null_redirect: None,
            refused: None,
        }
    }

    pub(super) fn include(&self) -> bool {
        self.draft.request.credentials == CredentialsMode::Include
    }

    pub(super) fn run(mut self, first: Verdict) -> Advice {
        let mut verdict = first;
        let rounds = MAX_ROUNDS + self.draft.request.headers.len();
        for _ in 0..rounds {
            if succeeded(&verdict) {
                return self.finish(verdict);
            }
            let Some(failure) = verdict.failure.clone() else {
                break;
            };
            if let Some(why) = not_server_fixable(&failure, &self.draft, &verdict) {
                return Advice::NoServerFix {
                    why: format!(
                        "Changing the server's responses gets further, but then {}. {why}",
                        explain::failure(&failure)
                    ),
                };
            }
            let before = self.draft.server.clone();
            let reason = match self.repair(&failure, &verdict) {
                Some(reason) => reason,
                None => break,
            };
            if self.draft.server == before {
                break;
            }
            if !self.reasons.contains(&reason) {
                self.reasons.push(reason);
            }
            verdict = match self.draft.evaluate() {
                Ok(verdict) => verdict,
                Err(_) => break,
            };
        }
        if let Some(refused) = self.refused {
            return Advice::Unsafe(Unsafe {
                works: false,
                ..refused
            });
        }
        let still = verdict
            .failure
            .as_ref()
            .map(|f| format!(": it still fails because {}", explain::failure(f)))
            .unwrap_or_default();
        Advice::NoServerFix {
            why: format!(
                "corsim found no change to the server's responses that makes this request work{still}."
            ),
        }
    }
    /// Adds `Vary: Origin` where the fix left a specific origin, re-checks,
    /// and assembles the fix.
    fn finish(mut self, verdict: Verdict) -> Advice {
        let before = self.draft.clone();
        let mut varied = false;
        for (entry, meta) in self.draft.server.iter_mut().zip(&self.meta) {
            let specific = entry
                .header(ALLOW_ORIGIN)
                .is_some_and(|value| !matches!(value.trim(), "*" | "null"));
            if meta.access && !entry.is_preflight() && specific && !varies_on_origin(entry) {
                append_item(&mut entry.headers, "Vary", "Origin");
                varied = true;
            }
        }
        let verdict = match varied.then(|| self.draft.evaluate()) {
            None => verdict,
            Some(Ok(with_vary)) if succeeded(&with_vary) => {
                self.reasons.push(
                    "`Vary: Origin` is not checked by the browser, and this request would work without it; it is part of the fix \
                     because a response that names one origin must tell shared caches that it depends on `Origin`, or a cache \
                     could serve it to a page from another origin, whose request would then fail."
                        .to_string(),
                );
                with_vary
            }
            Some(_) => {
                self.draft = before;
                verdict
            }
        };
        let changes = self.changes();
        if changes.is_empty() {
            return Advice::Works;
        }
        // A fix may let the page read a response that was unsafe all along
        // (one that allows `null`, say): then the fix is not proposed.
        if let Some(risk) = unsafe_read(&self.draft, &verdict, Page::Unmarked) {
            return Advice::Unsafe(Unsafe {
                works: false,
                ..risk
            });
        }
        let warnings = self.warnings(&verdict);
        Advice::Fix(Fix {
            changes,
            why: self.reasons.join(super::PARAGRAPH),
            warnings,
            draft: self.draft,
        })
    }
}

/// Whether a `Vary` header names `Origin` (or is `*`).
fn varies_on_origin(entry: &ResponseDraft) -> bool {
    entry
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("Vary"))
        .flat_map(|(_, v)| v.split(','))
        .any(|field| field.trim().eq_ignore_ascii_case("origin") || field.trim() == "*")
}
