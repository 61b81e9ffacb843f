//! Where working and safe part ways: the server configurations a learner
//! must not copy, found in the scenario itself (so they hold for the
//! learner's own scenarios too), and a page marked as an attacker's.
//!
//! - An attacker's page must never be let in: the browser blocking it is the
//!   point. (Cross-site request forgery is the server's problem either way.)
//! - `null` is sent by every sandboxed iframe and every `file:` or `data:`
//!   page, whoever wrote it: allowing it, or `*` in its place, admits them all.
//! - `*` on a private or intranet host hands data that trusts the network to
//!   every website its users visit.
//!
//! With credentials, the fix only ever names the exact origin, with the
//! warning against reflecting whatever `Origin` arrives; `*` never works
//! there anyway.

use corsim_core::origin::is_public_host;
use corsim_core::scenario::CredentialsMode;
use corsim_core::verdict::{Outcome, Verdict, WireKind};
use url::Url;

use super::{Page, Unsafe, ALLOW_ORIGIN};
use crate::draft::Draft;

/// What is unsafe about a scenario whose page reads a cross-origin response.
pub(super) fn unsafe_read(draft: &Draft, verdict: &Verdict, page: Page) -> Option<Unsafe> {
    if verdict.outcome != Outcome::Readable || verdict.same_origin {
        return None;
    }
    if page == Page::Attacker {
        return Some(attacker(draft, verdict, true));
    }
    let allowed = |value: &str| {
        verdict.wire.iter().find(|wire| {
            wire.answered_by
                .and_then(|i| draft.server.get(i))
                .and_then(|entry| entry.header(ALLOW_ORIGIN))
                .is_some_and(|v| v.trim() == value)
        })
    };
    if let Some(wire) = allowed("null") {
        let redirect = (verdict.origin != "null").then_some(wire.url.as_str());
        return Some(null_origin(draft, redirect));
    }
    let wire = allowed("*").filter(|wire| private_host(&wire.url))?;
    let host = Url::parse(&wire.url).ok()?.host_str()?.to_string();
    Some(Unsafe {
        works: true,
        why: format!(
            "`*` on {host}, a private, local or intranet host, lets every website its users visit read it through their browsers."
        ),
        safe: "Name only your own sites in `Access-Control-Allow-Origin`, and require a login rather than trusting the network."
            .into(),
    })
}

/// Why an attacker's page gets no fix, and what protects the server.
pub(super) fn attacker(draft: &Draft, verdict: &Verdict, works: bool) -> Unsafe {
    let cookies = if draft.request.credentials == CredentialsMode::Include {
        " with the user's cookies"
    } else {
        ""
    };
    let origin = &verdict.origin;
    let mut why = if works {
        format!("`{origin}` belongs to someone this server must not trust, yet it reads the response{cookies}.")
    } else {
        format!(
            "`{origin}` belongs to someone this server must not trust: corsim proposes no change that lets it read the response."
        )
    };
    let method = draft.request.method.to_ascii_uppercase();
    let changes_state = !matches!(method.as_str(), "GET" | "HEAD");
    let sent = verdict.wire.iter().any(|w| w.kind != WireKind::Preflight);
    if changes_state && sent {
        why.push_str(&format!(
            " Blocking the read never stopped the {method}: it reached the server{cookies} and did its work."
        ));
    }
    let safe = if changes_state {
        "Protect what changes state without CORS: `SameSite=Lax` or `Strict` session cookies, a CSRF token the other site cannot read, and refusing an `Origin` that is not one of your own sites."
    } else if cookies.is_empty() {
        "Use `*` only for public data. Data behind a login or a private network should name only your own sites, or send no CORS headers."
    } else {
        "Send `Access-Control-Allow-Origin` and `-Credentials` only to origins on a fixed list of your own sites, never back to whatever `Origin` arrives."
    };
    Unsafe {
        works,
        why,
        safe: safe.into(),
    }
}

/// Why `null` must not be allowed: the page's own origin is `null`, or a
/// redirect to `redirect` made it so.
pub(super) fn null_origin(draft: &Draft, redirect: Option<&str>) -> Unsafe {
    let safe = match redirect {
        Some(url) => format!(
            "Have the page fetch {url} directly, or keep the redirect on one server, so that the real origin is sent, and allow exactly that origin."
        ),
        None if draft.sandboxed => "Give the page a real origin (no sandbox, or `allow-same-origin`) and allow exactly that origin.".into(),
        None => "Give the page a real origin: serve it from `http://localhost` while developing, or from your site, and allow exactly that origin.".into(),
    };
    Unsafe {
        works: true,
        why: format!(
            "{}, as every sandboxed iframe and every `file:` or `data:` page does, whoever wrote it: \
             allowing `null`, or `*` in its place, lets them all read the response.",
            if redirect.is_some() {
                "After a redirect to another origin the browser sends `Origin: null`"
            } else {
                "The page's origin is `null`"
            }
        ),
        safe,
    }
}

/// Whether `url`'s host is private (loopback, a private address, `.local`)
/// or, by its name, an intranet's: corsim cannot see where a name resolves,
/// so it trusts what the name says.
pub(super) fn private_host(url: &str) -> bool {
    Url::parse(url).is_ok_and(|url| {
        !is_public_host(&url)
            || url.host_str().is_some_and(|host| {
                host.split('.')
                    .any(|label| matches!(label, "intranet" | "internal" | "corp" | "lan"))
            })
    })
}
