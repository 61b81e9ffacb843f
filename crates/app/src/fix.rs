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

use corsim_core::explain;
use corsim_core::failure::{AccessProblem, Failure};
use corsim_core::fetch::is_redirect_status;
use corsim_core::header::{is_token, parse_allow_list, AllowListError};
use corsim_core::note::Note;
use corsim_core::scenario::CredentialsMode;
use corsim_core::verdict::{Outcome, Verdict, WireEntry, WireKind};
use url::Url;

use crate::draft::{Draft, Headers, ResponseDraft};

const ALLOW_ORIGIN: &str = "Access-Control-Allow-Origin";
const ALLOW_CREDENTIALS: &str = "Access-Control-Allow-Credentials";
const ALLOW_METHODS: &str = "Access-Control-Allow-Methods";
const ALLOW_HEADERS: &str = "Access-Control-Allow-Headers";

/// How many failures in a row a fix may repair, beyond one per request header
/// (each missing `Access-Control-Allow-Headers` name is one round).
const MAX_ROUNDS: usize = 16;

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

/// For a failure that no change to the server's responses can repair, what
/// would have to change instead; `None` when the server can fix it.
fn not_server_fixable(failure: &Failure, draft: &Draft, verdict: &Verdict) -> Option<String> {
    let why = match failure {
        // `new Request()` throws: nothing reaches the server.
        Failure::UrlHasCredentials { .. } => "`fetch()` throws before sending anything: the URL includes a username or password. \
             Remove them from the URL in the page's code, and send credentials another way, such as an `Authorization` header."
            .to_string(),
        Failure::InvalidMethod { method } => format!(
            "`fetch()` throws before sending anything: `{method}` is not a valid method name. Fix the method in the page's code."
        ),
        Failure::ForbiddenMethod { method } => format!(
            "Browsers never let a page send `{method}`, so `fetch()` throws before sending anything. Use another method in the page's code."
        ),
        Failure::MethodNotNoCorsSafelisted { method } => format!(
            "`fetch()` throws before sending anything: no-cors mode allows only GET, HEAD and POST, not `{method}`. \
             In the page's code, use `mode: \"cors\"` (the server then answers with CORS headers) or one of those methods."
        ),
        Failure::InvalidHeaderName { .. }
        | Failure::InvalidHeaderValue { .. }
        | Failure::HeaderValueNotByteString { .. } => format!(
            "{}, so nothing is sent. Fix that header in the page's code.",
            explain::capitalized(&explain::failure(failure))
        ),

        // Main fetch refuses before sending.
        Failure::MixedContent { url, .. } => format!(
            "The browser blocks an https page from fetching the insecure {url} before sending it, whatever the server would answer. \
             Fetch the https:// URL in the page's code (the server must be reachable over HTTPS)."
        ),
        Failure::BadPort { port, .. } => format!(
            "Browsers refuse to connect to port {port} at all, so no response header can help. \
             Serve the API on another port (such as 443) and fetch that URL in the page's code."
        ),
        Failure::SameOriginModeCrossOrigin { .. } => "The page asked for `mode: \"same-origin\"`, which refuses any other origin before sending. \
             Use `mode: \"cors\"` (the default) in the page's code; the server then answers with CORS headers."
            .to_string(),
        Failure::NoCorsRedirectNotFollow { .. } => "No-cors mode works only with `redirect: \"follow\"`. \
             In the page's code, use `redirect: \"follow\"`, or `mode: \"cors\"` to keep another redirect mode."
            .to_string(),
        Failure::SchemeNotSupported { scheme, .. } | Failure::CorsDisabledScheme { scheme, .. } => format!(
            "A `{scheme}:` URL cannot be fetched in cors mode: there is no server to send CORS headers. Fetch an http(s) URL in the page's code."
        ),
        Failure::SchemeFetchUnsupported { scheme, .. } => format!(
            "`fetch()` cannot load `{scheme}:` URLs at all, in any mode. Fetch an http(s) URL in the page's code."
        ),
        Failure::LocalResourceNotAllowed { .. } => "Only a page opened from a file may load `file:` URLs, and only a blob's own origin its `blob:` URL; \
             no server can change that. Serve the data over http(s) and fetch that URL in the page's code."
            .to_string(),
        Failure::LocalResourceNotFound { url } => format!(
            "{url} is not fetched from a server, so no response header can help. Serve the data over http(s) and fetch that URL in the page's code."
        ),

        // Redirects: the page's redirect mode, or a redirect corsim cannot
        // repair without guessing where it should lead.
        Failure::RedirectModeError { .. } => {
            let target = last_location(draft, verdict)
                .map(|l| format!(" or fetch the redirect's target ({l}) directly"))
                .unwrap_or_default();
            format!(
                "The page asked for `redirect: \"error\"`, so any redirect is a network error. \
                 In the page's code, use `redirect: \"follow\"`{target}."
            )
        }
        Failure::RedirectLocationInvalid { location, .. } => format!(
            "The redirect's `Location: {location}` is not a valid URL. Only the server can repair it, by sending a valid http(s) URL, \
             and corsim cannot guess which one was meant: edit that `Location` by hand, or have the page fetch the intended URL directly."
        ),
        Failure::RedirectSchemeNotHttp { location, .. } => format!(
            "Fetch follows redirects only to http(s) URLs, and this one leads to {location}. Only the server can repair it, by redirecting \
             to an http(s) URL, and corsim cannot guess which one was meant; or the page can fetch the target directly."
        ),
        Failure::TooManyRedirects { .. } => "The redirects never end (a loop, or more than 20 of them). Only the server can repair it, by answering \
             one of those URLs with a real response, and corsim cannot guess which one: edit the redirects by hand."
            .to_string(),

        // The server can repair these by changing a response.
        Failure::PreflightRedirect { .. }
        | Failure::PreflightAccess { .. }
        | Failure::PreflightStatus { .. }
        | Failure::InvalidAllowMethods { .. }
        | Failure::InvalidAllowHeaders { .. }
        | Failure::MethodNotAllowed { .. }
        | Failure::HeaderNotAllowed { .. }
        | Failure::ResponseAccess { .. }
        | Failure::RedirectWithCredentials { .. } => return None,
    };
    Some(why)
}

/// The `Location` of the response to the last request sent, as written.
fn last_location(draft: &Draft, verdict: &Verdict) -> Option<String> {
    let wire = verdict.wire.last()?;
    let index = answering_entry(draft, &wire.method, &wire.url)?;
    draft
        .server
        .get(index)?
        .header("Location")
        .map(str::to_string)
}

/// Bookkeeping for one entry of the draft being fixed.
#[derive(Clone, Debug)]
struct Meta {
    /// Its index in the original draft; `None` when the fix added it.
    original: Option<usize>,
    /// What it answered when the fix first touched it: the kind of response
    /// and the request (`OPTIONS https://...`).
    noun: &'static str,
    request: String,
    /// Whether the fix set its allow-origin or allow-credentials header.
    access: bool,
}

impl Meta {
    fn label(&self) -> String {
        format!("the {} ({})", self.noun, self.request)
    }
}

/// Why the page's origin was `null` when the fix allowed it.
#[derive(Clone, Debug, PartialEq)]
enum NullOrigin {
    /// A sandboxed iframe, or a `file:` or `data:` page.
    Page,
    /// A redirect from one cross-origin server to another.
    Redirect { url: String },
}

/// A copy of the draft being fixed, round by round.
struct Fixer<'d> {
    original: &'d Draft,
    draft: Draft,
    meta: Vec<Meta>,
    reasons: Vec<String>,
    /// Set when the fix allowed an origin or credentials.
    access_edited: bool,
    /// The (non-`null`) origins the fix allowed, in order.
    allowed: Vec<String>,
    null_origin: Option<NullOrigin>,
}

impl<'d> Fixer<'d> {
    fn new(original: &'d Draft) -> Fixer<'d> {
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
            null_origin: None,
        }
    }

    fn include(&self) -> bool {
        self.draft.request.credentials == CredentialsMode::Include
    }

    fn run(mut self, first: Verdict) -> Advice {
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

    /// Edits the draft to get past `failure`; the reason the edit works, or
    /// `None` when there is nothing to edit.
    fn repair(&mut self, failure: &Failure, verdict: &Verdict) -> Option<String> {
        // Every server-side failure is about the answer to the last request
        // the browser sent: the preflight, or the (redirect) response.
        let wire = verdict.wire.last()?;
        let (index, added) = self.entry_for(wire);
        let label = self.meta.get(index)?.label();
        let mut reason = if added {
            format!(
                "No server entry answered {} {}, so it got the simulator's default 404 with no headers; the fix adds a response for it.",
                wire.method, wire.url
            )
        } else {
            String::new()
        };
        let because = match failure {
            Failure::PreflightAccess { access, .. } | Failure::ResponseAccess { access, .. } => {
                let origin = wire
                    .headers
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case("Origin"))
                    .map(|(_, value)| value.clone())
                    .unwrap_or_else(|| verdict.origin.clone());
                if origin == "null" {
                    self.null_origin.get_or_insert(if verdict.origin == "null" {
                        NullOrigin::Page
                    } else {
                        NullOrigin::Redirect {
                            url: wire.url.clone(),
                        }
                    });
                }
                self.allow(index, access, &origin, &label)?
            }
            Failure::PreflightStatus { status, .. } => {
                self.entry(index)?.status = "204".into();
                format!(
                    "The CORS-preflight fetch accepts only an ok status (200-299), and {label} was {status}. \
                     A preflight answer carries no body, so 204 No Content is the usual status."
                )
            }
            Failure::PreflightRedirect { status, .. } => {
                let entry = self.entry(index)?;
                entry.status = "204".into();
                entry
                    .headers
                    .retain(|(name, _)| !name.eq_ignore_ascii_case("Location"));
                format!(
                    "A CORS-preflight fetch never follows redirects: the server must answer the OPTIONS request at its own URL \
                     with an ok status, so {label} becomes 204 instead of a {status} redirect."
                )
            }
            Failure::InvalidAllowMethods { token, .. } => {
                self.keep_tokens(index, ALLOW_METHODS)?;
                invalid_list_reason(ALLOW_METHODS, token)
            }
            Failure::InvalidAllowHeaders { token, .. } => {
                self.keep_tokens(index, ALLOW_HEADERS)?;
                invalid_list_reason(ALLOW_HEADERS, token)
            }
            Failure::MethodNotAllowed {
                method,
                allow_methods,
                ..
            } => {
                append_item(&mut self.entry(index)?.headers, ALLOW_METHODS, method);
                let mut text = format!(
                    "The CORS-preflight fetch requires a method that is not CORS-safelisted (anything but GET, HEAD and POST) \
                     to be listed in `{ALLOW_METHODS}`, compared case-sensitively{}; `{method}` was not.",
                    self.star_is_literal()
                );
                let upper = method.to_ascii_uppercase();
                let listed_in_capitals = allow_methods
                    .as_deref()
                    .and_then(|list| parse_allow_list(list.as_bytes()).ok())
                    .is_some_and(|items| items.contains(&upper));
                if upper != *method && listed_in_capitals {
                    text.push_str(&format!(
                        " Alternatively, the page could write `{upper}`, which the server already lists: browsers upper-case \
                         only DELETE, GET, HEAD, OPTIONS, POST and PUT, so `{method}` is sent as typed."
                    ));
                }
                text
            }
            Failure::HeaderNotAllowed { header, .. } => {
                // Name it as the page's code spells it.
                let name = self
                    .draft
                    .request
                    .headers
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(header))
                    .map(|(name, _)| name.clone())
                    .unwrap_or_else(|| header.clone());
                append_item(&mut self.entry(index)?.headers, ALLOW_HEADERS, &name);
                format!(
                    "The CORS-preflight fetch requires every request header that is not CORS-safelisted to be named in \
                     `{ALLOW_HEADERS}` (compared case-insensitively){}; `{name}` was not.",
                    self.star_is_literal()
                )
            }
            Failure::RedirectWithCredentials { location, .. } => {
                let mut target = Url::parse(location).ok()?;
                target.set_username("").ok()?;
                target.set_password(None).ok()?;
                set_single(&mut self.entry(index)?.headers, "Location", target.as_str());
                format!(
                    "HTTP-redirect fetch refuses to follow a CORS request to a URL that includes a username or password, \
                     so {label} must point to the URL without them (credentials go in a header such as `Authorization`)."
                )
            }
            _ => return None,
        };
        if !reason.is_empty() {
            reason.push(' ');
        }
        reason.push_str(&because);
        Some(reason)
    }

    /// Sets the allow-origin or allow-credentials header of entry `index`
    /// so that the CORS check passes for `origin`.
    fn allow(
        &mut self,
        index: usize,
        access: &AccessProblem,
        origin: &str,
        label: &str,
    ) -> Option<String> {
        let include = self.include();
        self.access_edited = true;
        self.meta.get_mut(index)?.access = true;
        if origin != "null" && !self.allowed.iter().any(|o| o == origin) {
            self.allowed.push(origin.to_string());
        }
        let problem = explain::access_problem(access);
        if let AccessProblem::AllowCredentialsNotTrue { .. } = access {
            set_single(&mut self.entry(index)?.headers, ALLOW_CREDENTIALS, "true");
            return Some(format!(
                "The CORS check on {label} failed because {problem}. With credentials included it passes only when \
                 `{ALLOW_CREDENTIALS}` is exactly `true`, in lower case."
            ));
        }
        // `null` admits every opaque origin anyway, so without credentials
        // `*` says the same honestly (see the warning).
        let value = if origin == "null" && !include {
            "*"
        } else {
            origin
        };
        set_single(&mut self.entry(index)?.headers, ALLOW_ORIGIN, value);
        let passes = if include {
            format!("when `{ALLOW_ORIGIN}` is one value, byte for byte the origin the request carried (`{origin}`); with credentials included `*` is refused")
        } else {
            format!("when `{ALLOW_ORIGIN}` is `*` or one value, byte for byte the origin the request carried (`{origin}`)")
        };
        Some(format!(
            "The CORS check on {label} failed because {problem}. It passes only {passes}."
        ))
    }

    fn star_is_literal(&self) -> &'static str {
        if self.include() {
            ", and with credentials included `*` there is just a name, not a wildcard"
        } else {
            ""
        }
    }

    fn entry(&mut self, index: usize) -> Option<&mut ResponseDraft> {
        self.draft.server.get_mut(index)
    }

    /// The entry that answered `wire`, adding one when none did (the request
    /// got the default 404); whether it was added.
    fn entry_for(&mut self, wire: &WireEntry) -> (usize, bool) {
        let preflight = wire.kind == WireKind::Preflight;
        let request = format!("{} {}", wire.method, wire.url);
        if let Some(index) = answering_entry(&self.draft, &wire.method, &wire.url) {
            if let (Some(meta), Some(entry)) =
                (self.meta.get_mut(index), self.draft.server.get(index))
            {
                if meta.request.is_empty() {
                    meta.noun = if preflight {
                        "preflight response"
                    } else if entry.status_code().is_some_and(is_redirect_status) {
                        "redirect response"
                    } else {
                        "response"
                    };
                    meta.request = request;
                }
            }
            return (index, false);
        }
        let url = if same_url(&wire.url, &self.draft.request.url) {
            None
        } else {
            Some(wire.url.clone())
        };
        // Nothing before answered this request, so a new entry shadows none
        // of the others for it. An `OPTIONS` entry goes just before the
        // first entry for its URL (where a reader expects it); any other at
        // the end, where it cannot shadow another method's entry.
        let (entry, at, noun) = if preflight {
            let at = self
                .draft
                .server
                .iter()
                .position(|e| match &e.url {
                    None => same_url(&wire.url, &self.draft.request.url),
                    Some(u) => same_url(&wire.url, u),
                })
                .unwrap_or(self.draft.server.len());
            let entry = ResponseDraft {
                method: Some("OPTIONS".into()),
                ..ResponseDraft::new(url, 204, Vec::new())
            };
            (entry, at, "preflight response")
        } else {
            (
                ResponseDraft::new(url, 200, Vec::new()),
                self.draft.server.len(),
                "response",
            )
        };
        self.draft.server.insert(at, entry);
        self.meta.insert(
            at,
            Meta {
                original: None,
                noun,
                request,
                access: false,
            },
        );
        (at, true)
    }

    /// Drops the items of `name` that are not tokens, and any line left empty.
    fn keep_tokens(&mut self, index: usize, name: &str) -> Option<()> {
        let entry = self.entry(index)?;
        entry.headers.retain_mut(|(n, value)| {
            if !n.eq_ignore_ascii_case(name) {
                return true;
            }
            let items: Vec<&str> = value
                .split(',')
                .map(|item| item.trim_matches([' ', '\t']))
                .filter(|item| !item.is_empty())
                .collect();
            if items.iter().all(|item| is_token(item)) {
                return true;
            }
            let kept: Vec<&str> = items.into_iter().filter(|item| is_token(item)).collect();
            let joined = kept.join(", ");
            *value = joined;
            !value.is_empty()
        });
        Some(())
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
        let warnings = self.warnings(&verdict);
        Advice::Fix(Fix {
            changes,
            why: self.reasons.join(" "),
            warnings,
            draft: self.draft,
        })
    }

    fn warnings(&self, verdict: &Verdict) -> Vec<String> {
        let mut warnings = Vec::new();
        let include = self.include();
        match (&self.null_origin, include) {
            (Some(NullOrigin::Page), true) => warnings.push(
                "`Access-Control-Allow-Origin: null` is dangerous: every sandboxed iframe and every `file:` or `data:` page has \
                 the origin `null`, whoever wrote it, so this admits any attacker's page, with your users' credentials. \
                 Give the page a real origin instead (no sandbox, or `allow-same-origin`, served over https) and allow exactly that origin."
                    .into(),
            ),
            (Some(NullOrigin::Page), false) => warnings.push(
                "The page's origin is `null` (a sandboxed iframe, or a `file:` or `data:` page). Allowing `null` would admit every \
                 such page, whoever wrote it, so any attacker; the fix uses `*`, which says so honestly and is acceptable only \
                 because no credentials are sent. Better: give the page a real origin and allow exactly that origin."
                    .into(),
            ),
            (Some(NullOrigin::Redirect { url }), with_credentials) => {
                let allowed = if with_credentials {
                    "`Access-Control-Allow-Origin: null` is dangerous here: it"
                } else {
                    "The fix uses `*`, since allowing `null`"
                };
                warnings.push(format!(
                    "The browser sent `Origin: null` to {url} because a redirect went from one cross-origin server to another. \
                     {allowed} admits every sandboxed iframe and `file:` page, whoever wrote it, so any attacker. \
                     Better: have the page fetch {url} directly, or keep the redirect on the first server, so that the real origin is sent."
                ));
            }
            (None, _) => {}
        }
        if include && self.access_edited {
            let only_if = match self.allowed.as_slice() {
                [] => String::new(),
                origins => {
                    let list: Vec<String> = origins.iter().map(|o| format!("`{o}`")).collect();
                    format!(
                        "Allow {} only if it is one of your own sites, trusted with your users' data. ",
                        list.join(" and ")
                    )
                }
            };
            warnings.push(format!(
                "{only_if}On the real server, compare the request's `Origin` with a fixed allow-list of your own sites, and send it \
                 back only when it is on the list. Reflecting whatever `Origin` arrives, together with \
                 `Access-Control-Allow-Credentials: true`, lets every website read your users' data with their cookies."
            ));
        }
        for note in &verdict.notes {
            if let Note::FirefoxDiffers { .. } = note {
                warnings.push(format!(
                    "This makes the request work in Chromium, but {}.",
                    explain::note(note)
                ));
            }
        }
        warnings
    }

    /// The changes, response by response: what differs between each entry
    /// of the fixed draft and the entry it came from.
    fn changes(&self) -> Vec<Change> {
        let mut changes = Vec::new();
        for (index, (entry, meta)) in self.draft.server.iter().zip(&self.meta).enumerate() {
            let label = meta.label();
            let mut push = |summary: String| {
                changes.push(Change {
                    response: index,
                    summary,
                })
            };
            let Some(original) = meta.original.and_then(|i| self.original.server.get(i)) else {
                let headers = if entry.headers.is_empty() {
                    String::new()
                } else {
                    let list: Vec<String> = entry
                        .headers
                        .iter()
                        .map(|(n, v)| format!("`{n}: {v}`"))
                        .collect();
                    format!(" with {}", list.join(", "))
                };
                push(format!(
                    "Add a {} to {}: status {}{headers}",
                    meta.noun, meta.request, entry.status
                ));
                continue;
            };
            if original.status != entry.status {
                push(format!(
                    "Answer with status {} instead of {} in {label}",
                    entry.status, original.status
                ));
            }
            for summary in header_changes(&original.headers, &entry.headers, &label) {
                push(summary);
            }
        }
        changes
    }
}

/// The first entry of `draft.server` that answers `method url`, matched as
/// the scenario format says (the method exactly, the URL after parsing).
fn answering_entry(draft: &Draft, method: &str, url: &str) -> Option<usize> {
    // The core's own scripted server decides, so the fix edits exactly the
    // entry the browser got its answer from.
    let scenario = draft.scenario().ok()?;
    corsim_core::fetch::respond(&scenario, method, &Url::parse(url).ok()?).entry
}

fn without_fragment(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    url
}

/// Whether two URLs, as typed, are the same once parsed (fragments aside).
fn same_url(a: &str, b: &str) -> bool {
    match (Url::parse(a), Url::parse(b)) {
        (Ok(a), Ok(b)) => without_fragment(&a) == without_fragment(&b),
        _ => false,
    }
}

/// Makes `name` one header with `value`: the first such header gets the
/// value, the others go; appended when there is none.
fn set_single(headers: &mut Headers, name: &str, value: &str) {
    let mut found = false;
    headers.retain_mut(|(n, v)| {
        if !n.eq_ignore_ascii_case(name) {
            return true;
        }
        if found {
            return false;
        }
        found = true;
        *v = value.to_string();
        true
    });
    if !found {
        headers.push((name.to_string(), value.to_string()));
    }
}

/// Adds `item` to the comma-separated list in the last `name` header, or
/// adds the header.
fn append_item(headers: &mut Headers, name: &str, item: &str) {
    match headers
        .iter_mut()
        .rev()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        Some((_, value)) if value.trim().is_empty() => *value = item.to_string(),
        Some((_, value)) => *value = format!("{}, {item}", value.trim_end()),
        None => headers.push((name.to_string(), item.to_string())),
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

fn invalid_list_reason(name: &str, token: &str) -> String {
    let problem = AllowListError::NotAToken {
        item: token.to_string(),
    };
    format!(
        "The CORS-preflight fetch reads `{name}` as a comma-separated list and fails the whole preflight when an item is not \
         a token: {problem}. The fix removes what is not a token; what the request needs is then listed by name."
    )
}

/// Describes how the headers named alike differ between `before` and `after`.
fn header_changes(before: &Headers, after: &Headers, label: &str) -> Vec<String> {
    let mut names: Vec<&str> = Vec::new();
    for (name, _) in after.iter().chain(before) {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name);
        }
    }
    let values = |headers: &Headers, name: &str| -> Vec<String> {
        headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .collect()
    };
    let quoted = |values: &[String]| -> String {
        let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        match list.as_slice() {
            [one] => one.clone(),
            _ => format!("{} headers: {}", list.len(), list.join(" and ")),
        }
    };
    let mut summaries = Vec::new();
    for name in names {
        let old = values(before, name);
        let new = values(after, name);
        if old == new {
            continue;
        }
        let summary = match (old.as_slice(), new.as_slice()) {
            ([], _) => {
                let added: Vec<String> = new.iter().map(|v| format!("`{name}: {v}`")).collect();
                format!("Add {} to {label}", added.join(" and "))
            }
            (_, []) => {
                let removed: Vec<String> = old.iter().map(|v| format!("`{name}: {v}`")).collect();
                format!("Remove {} from {label}", removed.join(" and "))
            }
            _ => match appended(&old, &new) {
                Some(items) => format!(
                    "Add `{items}` to `{name}` in {label} (now `{}`)",
                    new.join(", ")
                ),
                None => format!(
                    "Set `{name}: {}` in {label} (was {})",
                    new.join(", "),
                    quoted(&old)
                ),
            },
        };
        summaries.push(summary);
    }
    summaries
}

/// When `new` is `old` with items appended to its last value, those items.
fn appended(old: &[String], new: &[String]) -> Option<String> {
    let (old_last, old_rest) = old.split_last()?;
    let (new_last, new_rest) = new.split_last()?;
    if old_rest != new_rest {
        return None;
    }
    let tail = new_last.strip_prefix(old_last.trim_end())?;
    let items = tail.strip_prefix(", ")?;
    (!items.is_empty()).then(|| items.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use corsim_core::scenario::RedirectMode;

    fn draft(json: &str) -> Draft {
        Draft::from_json(json).unwrap_or_else(|e| panic!("invalid scenario: {e:?}\n{json}"))
    }

    fn advice(draft: &Draft) -> Advice {
        let verdict = draft.evaluate().expect("valid draft");
        advise(draft, &verdict)
    }

    fn fix(json: &str) -> Fix {
        match advice(&draft(json)) {
            Advice::Fix(fix) => fix,
            other => panic!("expected a fix, got {other:?}\n{json}"),
        }
    }

    fn summaries(fix: &Fix) -> Vec<(usize, &str)> {
        fix.changes
            .iter()
            .map(|c| (c.response, c.summary.as_str()))
            .collect()
    }

    /// What advise should say, by failure reason: the decision table.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Expect {
        Fix,
        NoFix,
    }

    const REASONS: &[(&str, Expect)] = &[
        ("url-has-credentials", Expect::NoFix),
        ("invalid-method", Expect::NoFix),
        ("forbidden-method", Expect::NoFix),
        ("method-not-no-cors-safelisted", Expect::NoFix),
        ("invalid-header-name", Expect::NoFix),
        ("invalid-header-value", Expect::NoFix),
        ("header-value-not-byte-string", Expect::NoFix),
        ("mixed-content", Expect::NoFix),
        ("bad-port", Expect::NoFix),
        ("same-origin-mode-cross-origin", Expect::NoFix),
        ("no-cors-redirect-not-follow", Expect::NoFix),
        ("scheme-not-supported", Expect::NoFix),
        ("scheme-fetch-unsupported", Expect::NoFix),
        ("local-resource-not-allowed", Expect::NoFix),
        ("cors-disabled-scheme", Expect::NoFix),
        ("local-resource-not-found", Expect::NoFix),
        ("preflight-redirect", Expect::Fix),
        ("preflight-access", Expect::Fix),
        ("preflight-status", Expect::Fix),
        ("invalid-allow-methods", Expect::Fix),
        ("invalid-allow-headers", Expect::Fix),
        ("method-not-allowed", Expect::Fix),
        ("header-not-allowed", Expect::Fix),
        ("response-access", Expect::Fix),
        ("redirect-mode-error", Expect::NoFix),
        ("redirect-location-invalid", Expect::NoFix),
        ("redirect-scheme-not-http", Expect::NoFix),
        ("too-many-redirects", Expect::NoFix),
        ("redirect-with-credentials", Expect::Fix),
    ];

    /// Every scenario file under `dir` of the workspace (verdict files
    /// aside), by name.
    fn scenarios(dir: &str) -> Vec<(String, String)> {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(dir);
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension().is_some_and(|e| e == "json")
                    && !path.to_string_lossy().ends_with(".verdict.json")
            })
            .filter_map(|path| {
                let name = path.file_name()?.to_string_lossy().into_owned();
                Some((name, std::fs::read_to_string(&path).ok()?))
            })
            .collect();
        files.sort();
        files
    }

    fn check_scenario(name: &str, draft: &Draft) {
        let verdict = draft.evaluate().expect("valid");
        let advice = advise(draft, &verdict);
        assert_eq!(advice, advise(draft, &verdict), "{name}: deterministic");
        if succeeded(&verdict) {
            assert_eq!(advice, Advice::Works, "{name}");
            return;
        }
        let failure = verdict.failure.as_ref().expect("a failure");
        let reason = serde_json::to_value(failure).expect("serializes")["reason"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let expect = REASONS
            .iter()
            .find(|(r, _)| *r == reason)
            .map(|(_, e)| *e)
            .unwrap_or_else(|| panic!("{name}: no decision for failure reason {reason}"));
        // Chromium refuses a `Location` with a password before it looks at
        // `redirect: "error"`: a fixed `Location` then meets that mode, which
        // only the page can change.
        let expect = if reason == "redirect-with-credentials"
            && draft.request.redirect == RedirectMode::Error
        {
            Expect::NoFix
        } else {
            expect
        };
        match (expect, advice) {
            (Expect::Fix, Advice::Fix(fix)) => {
                assert!(!fix.changes.is_empty(), "{name}: no changes");
                let fixed = fix.draft.evaluate().expect("the fix is a valid scenario");
                assert_eq!(
                    fixed.outcome,
                    Outcome::Readable,
                    "{name}: {:?}\n{:#?}",
                    fixed.failure,
                    fix
                );
                assert_eq!(
                    (
                        &fix.draft.title,
                        &fix.draft.page,
                        fix.draft.sandboxed,
                        &fix.draft.request
                    ),
                    (&draft.title, &draft.page, draft.sandboxed, &draft.request),
                    "{name}: only the server changes"
                );
                assert!(
                    fix.changes
                        .iter()
                        .all(|c| c.response < fix.draft.server.len()),
                    "{name}: {:?}",
                    fix.changes
                );
                assert!(!fix.why.is_empty(), "{name}");
                assert_eq!(suggest(draft, &verdict), Some(fix), "{name}");
            }
            (Expect::NoFix, Advice::NoServerFix { why }) => {
                assert!(!why.is_empty(), "{name}");
                assert_eq!(suggest(draft, &verdict), None, "{name}");
            }
            (expect, advice) => panic!("{name} ({reason}): expected {expect:?}, got {advice:?}"),
        }
    }

    #[test]
    fn every_golden_scenario_gets_the_advice_its_failure_calls_for() {
        let goldens = scenarios("tests/golden");
        assert!(goldens.len() > 40, "found {} goldens", goldens.len());
        for (name, text) in goldens {
            check_scenario(&name, &draft(&text));
        }
    }

    #[test]
    fn every_preset_gets_the_advice_its_failure_calls_for() {
        // Presets are validated by their own tests; one being edited is skipped.
        for (name, text) in scenarios("crates/app/src/presets") {
            if let Ok(draft) = Draft::from_json(&text) {
                check_scenario(&name, &draft);
            }
        }
    }

    const PAGE: &str = r#""page": "https://app.example.com/""#;

    #[test]
    fn a_missing_allowed_header_is_appended_to_the_list() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/users/7", "method": "PUT",
                          "headers": [["X-Trace", "1"], ["Content-Type", "application/json"]]}},
              "server": [
                {{"method": "OPTIONS", "status": 204, "headers": [
                  ["Access-Control-Allow-Origin", "https://app.example.com"],
                  ["Access-Control-Allow-Methods", "PUT"],
                  ["Access-Control-Allow-Headers", "Content-Type"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
        ));
        assert_eq!(
            summaries(&fix),
            [(0, "Add `X-Trace` to `Access-Control-Allow-Headers` in the preflight response (OPTIONS https://api.example.com/users/7) (now `Content-Type, X-Trace`)")]
        );
        assert_eq!(
            fix.draft.server[0].header("Access-Control-Allow-Headers"),
            Some("Content-Type, X-Trace")
        );
        assert!(fix.why.contains("CORS-preflight fetch"), "{}", fix.why);
        assert_eq!(fix.warnings, Vec::<String>::new());
    }

    #[test]
    fn an_absent_allow_headers_is_added() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/users/7", "headers": [["X-Trace", "1"]]}},
              "server": [
                {{"method": "OPTIONS", "status": 204, "headers": [["Access-Control-Allow-Origin", "*"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
        ));
        assert_eq!(
            summaries(&fix),
            [(0, "Add `Access-Control-Allow-Headers: X-Trace` to the preflight response (OPTIONS https://api.example.com/users/7)")]
        );
    }

    #[test]
    fn a_missing_preflight_response_is_added_before_the_main_one() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/data", "method": "DELETE"}},
              "server": [{{"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"], ["Vary", "Origin"]]}}]}}"#
        ));
        assert_eq!(
            summaries(&fix),
            [(0, "Add a preflight response to OPTIONS https://api.example.com/data: status 204 with `Access-Control-Allow-Origin: https://app.example.com`, `Access-Control-Allow-Methods: DELETE`")]
        );
        let added = &fix.draft.server[0];
        assert_eq!(
            (added.method.as_deref(), added.url.as_deref()),
            (Some("OPTIONS"), None)
        );
        assert!(fix.why.contains("default 404"), "{}", fix.why);
    }

    #[test]
    fn a_refused_preflight_status_becomes_204_and_the_rest_follows() {
        // The "server does not handle OPTIONS" preset: 405, no CORS headers.
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/users/7", "method": "PUT",
                          "headers": [["Content-Type", "application/json"]]}},
              "server": [
                {{"method": "OPTIONS", "status": 405, "headers": [["Allow", "GET, PUT, DELETE"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"], ["Vary", "Origin"]]}}]}}"#
        ));
        let label = "the preflight response (OPTIONS https://api.example.com/users/7)";
        assert_eq!(
            summaries(&fix),
            [
                (
                    0,
                    format!("Answer with status 204 instead of 405 in {label}").as_str()
                ),
                (
                    0,
                    format!(
                        "Add `Access-Control-Allow-Origin: https://app.example.com` to {label}"
                    )
                    .as_str()
                ),
                (
                    0,
                    format!("Add `Access-Control-Allow-Methods: PUT` to {label}").as_str()
                ),
                (
                    0,
                    format!("Add `Access-Control-Allow-Headers: Content-Type` to {label}").as_str()
                ),
            ]
        );
    }

    #[test]
    fn a_redirected_preflight_is_answered_in_place() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/data", "method": "PUT"}},
              "server": [
                {{"method": "OPTIONS", "status": 301, "headers": [
                  ["Access-Control-Allow-Origin", "https://app.example.com"],
                  ["Location", "https://api.example.com/v2/data"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
        ));
        let preflight = &fix.draft.server[0];
        assert_eq!(preflight.status, "204");
        assert_eq!(preflight.header("Location"), None);
        assert_eq!(
            preflight.header("Access-Control-Allow-Methods"),
            Some("PUT")
        );
        assert!(fix.why.contains("never follows redirects"), "{}", fix.why);
    }

    #[test]
    fn a_wrong_allow_origin_is_replaced_by_the_exact_origin_with_vary() {
        for (description, headers) in [
            (
                "trailing slash",
                r#"[["Access-Control-Allow-Origin", "https://app.example.com/"]]"#,
            ),
            (
                "case",
                r#"[["Access-Control-Allow-Origin", "https://App.example.com"]]"#,
            ),
            (
                "two headers",
                r#"[["Access-Control-Allow-Origin", "https://app.example.com"], ["Access-Control-Allow-Origin", "https://app.example.com"]]"#,
            ),
            ("missing", "[]"),
        ] {
            let fix = fix(&format!(
                r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
                  "server": [{{"status": 200, "headers": {headers}}}]}}"#
            ));
            assert_eq!(
                fix.draft.server[0].headers,
                [
                    (
                        "Access-Control-Allow-Origin".to_string(),
                        "https://app.example.com".to_string()
                    ),
                    ("Vary".to_string(), "Origin".to_string())
                ],
                "{description}"
            );
            assert_eq!(fix.changes.len(), 2, "{description}: {:?}", fix.changes);
            assert!(
                fix.changes[1].summary.starts_with("Add `Vary: Origin`"),
                "{description}"
            );
            assert!(fix.why.contains("CORS check"), "{description}");
            assert!(fix.why.contains("Vary: Origin"), "{description}");
        }
    }

    #[test]
    fn an_existing_vary_gets_origin_added() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
              "server": [{{"status": 200, "headers": [["Vary", "Accept-Encoding"]]}}]}}"#
        ));
        assert_eq!(
            fix.draft.server[0].header("Vary"),
            Some("Accept-Encoding, Origin")
        );
    }

    #[test]
    fn credentials_get_a_specific_origin_and_the_reflection_warning() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/data", "credentials": "include"}},
              "server": [{{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
        ));
        let response = &fix.draft.server[0];
        assert_eq!(
            response.header("Access-Control-Allow-Origin"),
            Some("https://app.example.com")
        );
        assert_eq!(
            response.header("Access-Control-Allow-Credentials"),
            Some("true")
        );
        assert_eq!(response.header("Vary"), Some("Origin"));
        assert!(
            fix.warnings
                .iter()
                .any(|w| w.contains("allow-list") && w.contains("Reflecting")),
            "{:?}",
            fix.warnings
        );
        assert!(
            fix.warnings.iter().any(|w| w.starts_with(
                "Allow `https://app.example.com` only if it is one of your own sites"
            )),
            "{:?}",
            fix.warnings
        );
        assert!(fix.why.contains("`*` is refused"), "{}", fix.why);
    }

    #[test]
    fn a_wrong_case_allow_credentials_is_set_to_true() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/data", "credentials": "include"}},
              "server": [{{"status": 200, "headers": [
                ["Access-Control-Allow-Origin", "https://app.example.com"],
                ["Access-Control-Allow-Credentials", "True"], ["Vary", "Origin"]]}}]}}"#
        ));
        assert_eq!(
            summaries(&fix),
            [(0, "Set `Access-Control-Allow-Credentials: true` in the response (GET https://api.example.com/data) (was `True`)")]
        );
        assert_eq!(fix.warnings.len(), 1, "{:?}", fix.warnings);
    }

    #[test]
    fn a_null_origin_is_allowed_with_a_warning() {
        let sandboxed = |credentials: &str| {
            format!(
                r#"{{"version": 1, {PAGE}, "sandboxed": true,
                  "request": {{"url": "https://api.example.com/data", "credentials": "{credentials}"}},
                  "server": [{{"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]}}]}}"#
            )
        };
        let without = fix(&sandboxed("same-origin"));
        assert_eq!(
            without.draft.server[0].header("Access-Control-Allow-Origin"),
            Some("*")
        );
        assert!(
            without
                .warnings
                .iter()
                .any(|w| w.contains("`null`") && w.contains("attacker")),
            "{:?}",
            without.warnings
        );

        let with = fix(&sandboxed("include"));
        let response = &with.draft.server[0];
        assert_eq!(response.header("Access-Control-Allow-Origin"), Some("null"));
        assert_eq!(
            response.header("Access-Control-Allow-Credentials"),
            Some("true")
        );
        assert_eq!(response.header("Vary"), None);
        assert!(
            with.warnings
                .iter()
                .any(|w| w.contains("`Access-Control-Allow-Origin: null` is dangerous")),
            "{:?}",
            with.warnings
        );
        assert!(
            with.warnings.iter().any(|w| w.contains("Reflecting")),
            "{:?}",
            with.warnings
        );

        let file = fix(r#"{"version": 1, "page": "file:///home/me/index.html",
            "request": {"url": "https://api.example.com/data"},
            "server": [{"status": 200}]}"#);
        assert!(
            file.warnings.iter().any(|w| w.contains("`null`")),
            "{:?}",
            file.warnings
        );
    }

    #[test]
    fn a_redirect_to_a_third_origin_allows_any_origin_with_a_warning() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
              "server": [
                {{"status": 302, "headers": [["Access-Control-Allow-Origin", "*"], ["Location", "https://cdn.example.net/data"]]}},
                {{"url": "https://cdn.example.net/data", "status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]}}]}}"#
        ));
        assert_eq!(
            fix.draft.server[1].header("Access-Control-Allow-Origin"),
            Some("*")
        );
        assert!(
            fix.warnings.iter().any(|w| w.contains("redirect")
                && w.contains("fetch https://cdn.example.net/data directly")),
            "{:?}",
            fix.warnings
        );
    }

    #[test]
    fn a_redirect_response_gets_the_allow_origin() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
              "server": [
                {{"status": 302, "headers": [["Location", "https://api.example.com/v2/data"]]}},
                {{"url": "https://api.example.com/v2/data", "status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
        ));
        assert_eq!(fix.changes[0].response, 0);
        assert!(
            fix.changes[0]
                .summary
                .contains("the redirect response (GET https://api.example.com/data)"),
            "{:?}",
            fix.changes
        );
    }

    #[test]
    fn an_unanswered_request_gets_a_response() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
              "server": [{{"url": "https://api.example.com/other", "status": 200}}]}}"#
        ));
        assert_eq!(
            summaries(&fix),
            [(1, "Add a response to GET https://api.example.com/data: status 200 with `Access-Control-Allow-Origin: https://app.example.com`, `Vary: Origin`")]
        );
        assert_eq!(fix.draft.server[1].url, None);
    }

    #[test]
    fn an_invalid_allow_list_is_repaired() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE},
              "request": {{"url": "https://api.example.com/data", "method": "PUT", "headers": [["X-A", "1"]]}},
              "server": [
                {{"method": "OPTIONS", "status": 204, "headers": [
                  ["Access-Control-Allow-Origin", "*"],
                  ["Access-Control-Allow-Methods", "GET, PU T"],
                  ["Access-Control-Allow-Headers", "X-A;X-B"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
        ));
        let preflight = &fix.draft.server[0];
        assert_eq!(
            preflight.header("Access-Control-Allow-Methods"),
            Some("GET, PUT")
        );
        assert_eq!(
            preflight.header("Access-Control-Allow-Headers"),
            Some("X-A")
        );
        assert!(
            summaries(&fix)[0]
                .1
                .starts_with("Set `Access-Control-Allow-Methods: GET, PUT`"),
            "{:?}",
            fix.changes
        );
    }

    #[test]
    fn a_lowercase_method_is_listed_as_sent_and_the_page_side_alternative_named() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data", "method": "patch"}},
              "server": [
                {{"method": "OPTIONS", "status": 204, "headers": [
                  ["Access-Control-Allow-Origin", "https://app.example.com"], ["Access-Control-Allow-Methods", "PATCH"]]}},
                {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
        ));
        assert_eq!(
            fix.draft.server[0].header("Access-Control-Allow-Methods"),
            Some("PATCH, patch")
        );
        assert!(fix.why.contains("could write `PATCH`"), "{}", fix.why);
    }

    #[test]
    fn a_redirect_with_credentials_in_its_location_loses_them() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data"}},
              "server": [
                {{"status": 302, "headers": [["Access-Control-Allow-Origin", "*"], ["Location", "https://user:pw@api.example.com/v2"]]}},
                {{"url": "https://api.example.com/v2", "status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
        ));
        assert_eq!(
            fix.draft.server[0].header("Location"),
            Some("https://api.example.com/v2")
        );
        assert_eq!(fix.changes.len(), 1, "{:?}", fix.changes);
    }

    #[test]
    fn page_side_failures_have_no_server_fix() {
        for (description, request, words) in [
            (
                "no-cors PUT",
                r#"{"url": "https://api.example.com/data", "method": "PUT", "mode": "no-cors"}"#,
                "no-cors",
            ),
            (
                "mixed content",
                r#"{"url": "http://api.example.com/data"}"#,
                "https://",
            ),
            (
                "same-origin mode",
                r#"{"url": "https://api.example.com/data", "mode": "same-origin"}"#,
                "mode: \"cors\"",
            ),
            (
                "forbidden method",
                r#"{"url": "https://api.example.com/data", "method": "TRACE"}"#,
                "`TRACE`",
            ),
        ] {
            let d = draft(&format!(
                r#"{{"version": 1, {PAGE}, "request": {request}}}"#
            ));
            match advice(&d) {
                Advice::NoServerFix { why } => assert!(why.contains(words), "{description}: {why}"),
                other => panic!("{description}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_redirect_mode_error_names_the_target() {
        let d = draft(&format!(
            r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data", "redirect": "error"}},
              "server": [{{"status": 302, "headers": [["Access-Control-Allow-Origin", "*"], ["Location", "https://api.example.com/v2"]]}}]}}"#
        ));
        match advice(&d) {
            Advice::NoServerFix { why } => {
                assert!(why.contains("(https://api.example.com/v2)"), "{why}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_page_side_failure_behind_a_server_one_has_no_server_fix() {
        let d = draft(&format!(
            r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data", "redirect": "error"}},
              "server": [{{"status": 302, "headers": [["Location", "https://api.example.com/v2"]]}}]}}"#
        ));
        match advice(&d) {
            Advice::NoServerFix { why } => assert!(
                why.starts_with("Changing the server's responses gets further, but then ")
                    && why.contains("`redirect: \"follow\"`"),
                "{why}"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn what_the_page_asked_for_works() {
        for request in [
            r#"{"url": "https://api.example.com/data", "method": "POST", "mode": "no-cors"}"#,
            r#"{"url": "https://api.example.com/data"}"#,
        ] {
            let d = draft(&format!(
                r#"{{"version": 1, {PAGE}, "request": {request},
                  "server": [{{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
            ));
            assert_eq!(advice(&d), Advice::Works, "{request}");
        }
    }

    #[test]
    fn a_manual_redirect_is_fixed_up_to_the_opaque_redirect() {
        let fix = fix(&format!(
            r#"{{"version": 1, {PAGE}, "request": {{"url": "https://api.example.com/data", "redirect": "manual"}},
              "server": [{{"status": 302, "headers": [["Location", "https://api.example.com/v2"]]}}]}}"#
        ));
        let verdict = fix.draft.evaluate().expect("valid");
        assert_eq!(verdict.outcome, Outcome::Opaque);
    }
}
