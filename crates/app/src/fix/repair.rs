//! Finding the change for one failure: which response answered, and the
//! edit to its status or headers that gets past the check, with the reason
//! it works.

use corsim_core::explain;
use corsim_core::failure::{AccessProblem, Failure};
use corsim_core::fetch::is_redirect_status;
use corsim_core::header::{is_token, parse_allow_list, AllowListError};
use corsim_core::url_equivalence::equals_excluding_fragments;
use corsim_core::verdict::{Verdict, WireEntry, WireKind};
use url::Url;

use super::fixer::{Fixer, Meta};
use super::safety::{null_origin, private_host};
use super::{ALLOW_CREDENTIALS, ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN};
use crate::draft::{Draft, Headers, ResponseDraft};

impl Fixer<'_> {
    /// Edits the draft to get past `failure`; the reason the edit works, or
    /// `None` when there is nothing to edit.
    pub(super) fn repair(&mut self, failure: &Failure, verdict: &Verdict) -> Option<String> {
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
                    // Only `*` without credentials, on a public host, after a
                    // redirect is safe: `null` itself never is, nor `*` for a
                    // page whose own origin is `null`.
                    let redirect = (verdict.origin != "null").then_some(wire.url.as_str());
                    if redirect.is_none() || self.include() || private_host(&wire.url) {
                        self.refused = Some(null_origin(self.original, redirect));
                        return None;
                    }
                    self.null_redirect.get_or_insert(wire.url.clone());
                }
                self.allow(index, access, &origin, &label)?
            }
            Failure::PreflightStatus { status, .. } => {
                self.entry(index)?.status = "204".into();
                format!(
                    "The preflight accepts only an ok status (200-299), and {label} was {status}. \
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
                    "A preflight never follows redirects: the server must answer the OPTIONS request at its own URL \
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
                    "The preflight requires a method that is not CORS-safelisted (anything but GET, HEAD and POST) \
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
                    "The preflight requires every request header that is not CORS-safelisted to be named in \
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
        // Only after a redirect (see `repair`): `null` admits every opaque
        // origin anyway, so `*` says the same honestly (see the warning).
        let value = if origin == "null" { "*" } else { origin };
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
}

/// The first entry of `draft.server` that answers `method url`, matched as
/// the scenario format says (the method exactly, the URL after parsing).
pub(super) fn answering_entry(draft: &Draft, method: &str, url: &str) -> Option<usize> {
    // The core's own scripted server decides, so the fix edits exactly the
    // entry the browser got its answer from.
    let scenario = draft.scenario().ok()?;
    corsim_core::fetch::respond(&scenario, method, &Url::parse(url).ok()?).entry
}

/// Whether two URLs, as typed, are the same once parsed (fragments aside).
fn same_url(a: &str, b: &str) -> bool {
    match (Url::parse(a), Url::parse(b)) {
        (Ok(a), Ok(b)) => equals_excluding_fragments(&a, &b),
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
pub(super) fn append_item(headers: &mut Headers, name: &str, item: &str) {
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

fn invalid_list_reason(name: &str, token: &str) -> String {
    let problem = AllowListError::NotAToken {
        item: token.to_string(),
    };
    format!(
        "The preflight reads `{name}` as a comma-separated list and fails the whole preflight when an item is not \
         a token: {problem}. The fix removes what is not a token; what the request needs is then listed by name."
    )
}
