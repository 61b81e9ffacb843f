//! The [fetch](https://fetch.spec.whatwg.org/#fetching) algorithms, one file
//! each, named as the standard names them:
//!
//! - `request.rs`: `new Request()`, which may throw before anything is sent;
//! - `main_fetch.rs`: main fetch, with the decision to make a CORS preflight;
//! - `scheme_fetch.rs`: scheme fetch, for the URLs that are not HTTP(S);
//! - `http_fetch.rs`: HTTP fetch, the CORS check of the response and the
//!   switch on the redirect mode;
//! - `preflight.rs`: the CORS-preflight fetch, and `max_age.rs`, how long
//!   each browser caches its result;
//! - `http_redirect_fetch.rs`: HTTP-redirect fetch;
//! - `http_network_fetch.rs`: what goes on the wire, answered by the scripted
//!   server of `server.rs`;
//! - `cors_check.rs`: the CORS check;
//! - `response.rs`: the filtered response the script reads;
//! - `status.rs`: redirect and ok statuses; `params.rs`: the state of one
//!   fetch as it runs.

mod caches;
mod cors_check;
mod http_fetch;
mod http_network_fetch;
mod http_redirect_fetch;
mod main_fetch;
mod max_age;
mod params;
mod preflight;
mod request;
mod response;
mod scheme_fetch;
mod server;
mod status;

use url::Url;

use crate::browser::Browser;
use crate::cache::{CacheUse, Session};
use crate::failure::Failure;
use crate::note::Note;
use crate::origin::Origin;
use crate::scenario::{Initiator, Scenario};
use crate::trace::{Step, StepResult};
use crate::verdict::{Outcome, PreflightCaching, PreflightDecision, WireEntry};
use params::Fetch;

pub use request::{Request, ResponseTainting};
// The scripted server, for views that show what a response carried.
pub use server::{answer, respond, Response};
pub use status::{is_ok_status, is_redirect_status};

/// What one browser does with the scenario.
#[derive(Clone, Debug)]
pub struct Run {
    pub browser: Browser,
    pub page: Url,
    pub origin: Origin,
    pub wire: Vec<WireEntry>,
    pub outcome: Outcome,
    pub status: Option<u16>,
    pub exposed_headers: Vec<String>,
    pub hidden_headers: Vec<String>,
    pub failure: Option<Failure>,
    pub preflight: PreflightDecision,
    pub preflight_caching: Option<PreflightCaching>,
    pub notes: Vec<Note>,
    pub trace: Vec<Step>,
    /// The URL the fetch was at when it ended, and the URL it started from
    /// when redirects were followed (console lines name both).
    pub final_url: Url,
    pub redirected_from: Option<Url>,
    /// Where the response the fetch ended on redirected to, when it was a
    /// redirect (WebKit's lines name it).
    pub redirect_target: Option<String>,
    /// What the preflight cache and the HTTP cache did.
    pub cache: CacheUse,
    /// What made the request.
    pub initiator: Initiator,
}

/// Runs the scenario's request as `browser` would, in a browser that
/// remembers nothing yet.
pub fn run(scenario: &Scenario, browser: Browser) -> Run {
    run_in(scenario, browser, &mut Session::default())
}

/// Runs the scenario's request as `browser` would, with what it kept from
/// the page's earlier requests (`session`, which it updates).
pub fn run_in(scenario: &Scenario, browser: Browser, session: &mut Session) -> Run {
    let origin = if scenario.sandboxed {
        Origin::Opaque
    } else {
        Origin::of(&scenario.page)
    };
    let mut trace = vec![Step {
        algorithm: "origin",
        spec: "https://html.spec.whatwg.org/multipage/browsers.html#concept-origin",
        detail: page_origin_detail(scenario, &origin),
        result: StepResult::Info,
    }];
    let mut notes = Vec::new();
    let request =
        match request::construct(scenario, origin.clone(), browser, &mut trace, &mut notes) {
            Ok(request) => request,
            Err(failure) => {
                return Run {
                    browser,
                    page: scenario.page.clone(),
                    origin,
                    wire: Vec::new(),
                    outcome: Outcome::NetworkError,
                    status: None,
                    exposed_headers: Vec::new(),
                    hidden_headers: Vec::new(),
                    failure: Some(failure),
                    preflight: not_reached(),
                    preflight_caching: None,
                    notes,
                    trace,
                    final_url: scenario.request.url.clone(),
                    redirected_from: None,
                    redirect_target: None,
                    cache: CacheUse::default(),
                    initiator: scenario.request.initiator,
                };
            }
        };
    let mut fetch = Fetch {
        scenario,
        session,
        cache_use: CacheUse::default(),
        browser,
        request,
        wire: Vec::new(),
        trace,
        notes,
        preflight: None,
        caching: None,
        redirect_target: None,
    };
    let end = fetch.main_fetch();
    fetch.finish(end)
}

pub(super) fn not_reached() -> PreflightDecision {
    PreflightDecision {
        sent: false,
        skipped_because: Some("not-reached"),
        triggers: Vec::new(),
    }
}

fn page_origin_detail(scenario: &Scenario, origin: &Origin) -> String {
    if scenario.sandboxed {
        "the page is in a sandboxed iframe without allow-same-origin, so its origin is opaque: `null`".to_string()
    } else if *origin == Origin::Opaque {
        format!(
            "a `{}:` page has an opaque origin, serialized as `null`",
            scenario.page.scheme()
        )
    } else {
        format!("the page's origin is `{}`", origin.serialize())
    }
}
