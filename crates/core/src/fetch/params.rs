//! The state of one fetch as it runs: the request, what went on the wire, the
//! trace and the notes. It plays the part of the standard's
//! [fetch params](https://fetch.spec.whatwg.org/#fetch-params), with the
//! record the core keeps of each step.

use crate::browser::Browser;
use crate::cache::{CacheUse, Session};
use crate::failure::Failure;
use crate::fetch::cors_check;
use crate::fetch::server::Response;
use crate::fetch::Request;
use crate::note::Note;
use crate::scenario::Scenario;
use crate::trace::{Step, StepResult};
use crate::verdict::{PreflightCaching, PreflightDecision, WireEntry};

pub(super) const MAIN_FETCH: &str = "https://fetch.spec.whatwg.org/#concept-main-fetch";
pub(super) const HTTP_FETCH: &str = "https://fetch.spec.whatwg.org/#concept-http-fetch";
pub(super) const REDIRECT_FETCH: &str =
    "https://fetch.spec.whatwg.org/#concept-http-redirect-fetch";
pub(super) const SCHEME_FETCH: &str = "https://fetch.spec.whatwg.org/#scheme-fetch";

/// The state of one fetch as it runs.
pub(crate) struct Fetch<'s> {
    pub(super) scenario: &'s Scenario,
    /// What the browser keeps from earlier requests of the page.
    pub(super) session: &'s mut Session,
    /// What the caches did for this request.
    pub(super) cache_use: CacheUse,
    pub(super) browser: Browser,
    pub(super) request: Request,
    pub(super) wire: Vec<WireEntry>,
    pub(super) trace: Vec<Step>,
    pub(super) notes: Vec<Note>,
    pub(super) preflight: Option<PreflightDecision>,
    pub(super) caching: Option<PreflightCaching>,
    /// Where the last response redirected to, when it was a redirect with a
    /// `Location`: the URL it resolves to, or the value as written when it
    /// is no URL.
    pub(super) redirect_target: Option<String>,
}

/// How a fetch ended, before the response is filtered for the script.
pub(super) enum End {
    Response { response: Response },
    OpaqueRedirect,
    Error(Failure),
}

impl Fetch<'_> {
    /// Records a step of the algorithm `spec` links to in the trace.
    pub(super) fn step(&mut self, spec: &'static str, detail: String, result: StepResult) {
        let algorithm = match spec {
            MAIN_FETCH => "main fetch",
            HTTP_FETCH => "HTTP fetch",
            REDIRECT_FETCH => "HTTP-redirect fetch",
            SCHEME_FETCH => "scheme fetch",
            cors_check::SPEC => "CORS check",
            s if s.contains("cors-preflight") => "CORS-preflight fetch",
            s if s.contains("max-age") || s.ends_with("#concept-cache") => "CORS-preflight cache",
            s if s.contains("local-network-access") => "Local Network Access",
            s if s.contains("rfc9111") => "HTTP cache",
            _ => "fetch",
        };
        self.trace.push(Step {
            algorithm,
            spec,
            detail,
            result,
        });
    }
}
