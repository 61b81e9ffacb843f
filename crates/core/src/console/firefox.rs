//! Firefox ESR 153's console lines: the CORS* keys of
//! `dom/locales/en-US/chrome/security/security.properties` (curly quotes and
//! all), the mixed-content line of the same file, and the security checks'
//! lines of `dom/locales/en-US/chrome/security/caps.properties`.

use super::{render, Template};
use crate::failure::{AccessProblem, Failure};
use crate::fetch::Run;
use crate::origin::Origin;
use crate::verdict::ConsoleSource;

pub const VERSION: &str = "153.7.0esr";
const FILE: &str = "dom/locales/en-US/chrome/security/security.properties";
/// The same-origin and load checks of `nsScriptSecurityManager` take their
/// lines from this file, not from `security.properties`.
const CAPS_FILE: &str = "dom/locales/en-US/chrome/security/caps.properties";

/// Every CORS line starts the same way; `{url}` is `%1$S`.
const PREFIX: &str = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}. ";

const MISSING_ALLOW_ORIGIN: Template = Template {
    key: "CORSMissingAllowOrigin2",
    text: "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: {status}.",
};
const MULTIPLE_ALLOW_ORIGIN: Template = Template {
    key: "CORSMultipleAllowOriginNotAllowed",
    text: "(Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
};
const ALLOW_ORIGIN_MISMATCH: Template = Template {
    key: "CORSAllowOriginNotMatchingOrigin",
    text: "(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’).",
};
/// The one CORS line that quotes the URL: its template is whole, not prefixed.
const WILDCARD_WITH_CREDENTIALS: Template = Template {
    key: "CORSNotSupportingCredentials",
    text: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘{url}’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
};
const MISSING_ALLOW_CREDENTIALS: Template = Template {
    key: "CORSMissingAllowCredentials",
    text: "(Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
};
const PREFLIGHT_DID_NOT_SUCCEED: Template = Template {
    key: "CORSPreflightDidNotSucceed3",
    text: "(Reason: CORS preflight response did not succeed). Status code: {status}.",
};
const INVALID_ALLOW_METHOD: Template = Template {
    key: "CORSInvalidAllowMethod",
    text: "(Reason: invalid token ‘{value}’ in CORS header ‘Access-Control-Allow-Methods’).",
};
const INVALID_ALLOW_HEADER: Template = Template {
    key: "CORSInvalidAllowHeader",
    text: "(Reason: invalid token ‘{value}’ in CORS header ‘Access-Control-Allow-Headers’).",
};
const METHOD_NOT_FOUND: Template = Template {
    key: "CORSMethodNotFound",
    text: "(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).",
};
const HEADER_NOT_ALLOWED: Template = Template {
    key: "CORSMissingAllowHeaderFromPreflight2",
    text: "(Reason: header ‘{value}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
};
const EXTERNAL_REDIRECT: Template = Template {
    key: "CORSExternalRedirectNotAllowed",
    text: "(Reason: CORS request external redirect not allowed).",
};
/// Printed when the channel fails without a more specific reason; Firefox has
/// no status to show, so it writes `(null)`.
const DID_NOT_SUCCEED: Template = Template {
    key: "CORSDidNotSucceed2",
    text: "(Reason: CORS request did not succeed). Status code: (null).",
};
/// Not a CORS line: `mode: "same-origin"` to another origin.
const SAME_ORIGIN_MODE: Template = Template {
    key: "CheckSameOriginError",
    text: "Security Error: Content at {page} may not load data from {url}.",
};
/// Not a CORS line: a page that may not load a `file:` URL.
const CHECK_LOAD_URI: Template = Template {
    key: "CheckLoadURIError",
    text: "Security Error: Content at {page} may not load or link to {url}.",
};
const NOT_HTTP: Template = Template {
    key: "CORSRequestNotHttp",
    text: "(Reason: CORS request not http).",
};
const MIXED_CONTENT: Template = Template {
    key: "BlockMixedActiveContent",
    text: "Blocked loading mixed active content “{url}”",
};

pub(super) fn line(run: &Run, failure: &Failure) -> Option<(String, ConsoleSource)> {
    let url = run.final_url.to_string();
    let cors = |template: &Template, value: &str, status: Option<u16>| {
        let status = status.map(|s| s.to_string()).unwrap_or_default();
        let reason = render(
            template.text,
            &[("value", &replace_non_ascii(value)), ("status", &status)],
        );
        Some((
            format!("{}{reason}", render(PREFIX, &[("url", &url)])),
            source(template.key),
        ))
    };
    let access = |problem: &AccessProblem, status: u16| match problem {
        AccessProblem::MissingAllowOrigin => cors(&MISSING_ALLOW_ORIGIN, "", Some(status)),
        AccessProblem::MultipleAllowOrigin { .. } => cors(&MULTIPLE_ALLOW_ORIGIN, "", None),
        AccessProblem::WildcardWithCredentials => Some((
            render(WILDCARD_WITH_CREDENTIALS.text, &[("url", &url)]),
            source(WILDCARD_WITH_CREDENTIALS.key),
        )),
        AccessProblem::InvalidAllowOrigin { allow_origin }
        | AccessProblem::AllowOriginMismatch { allow_origin, .. } => {
            cors(&ALLOW_ORIGIN_MISMATCH, allow_origin, None)
        }
        AccessProblem::AllowCredentialsNotTrue { .. } => cors(&MISSING_ALLOW_CREDENTIALS, "", None),
    };
    // Every reason is listed, so that a new one does not compile until its
    // line (or its lack of one) is decided.
    match failure {
        // A throwing `new Request()` prints its `TypeError`, not a console
        // line the contract counts (`Failure::thrown_by_request_constructor`).
        Failure::UrlHasCredentials { .. }
        | Failure::InvalidMethod { .. }
        | Failure::ForbiddenMethod { .. }
        | Failure::MethodNotNoCorsSafelisted { .. }
        | Failure::InvalidHeaderName { .. }
        | Failure::InvalidHeaderValue { .. }
        | Failure::HeaderValueNotByteString { .. }
        | Failure::BodyWithGetOrHead { .. } => None,
        // No response to a cross-origin CORS request, or Local Network
        // Access refusing it before anything is sent: "did not succeed",
        // with no status (observed for the latter).
        Failure::Unreachable { .. } | Failure::LocalNetworkDenied { .. }
            if run.origin.serialize() != Origin::of(&run.final_url).serialize()
                && run.preflight.skipped_because != Some("no-cors") =>
        {
            cors(&DID_NOT_SUCCEED, "", None)
        }
        Failure::Unreachable { .. } | Failure::LocalNetworkDenied { .. } => None,
        // Chromium's alone: Firefox ignores `targetAddressSpace`.
        Failure::TargetAddressSpaceMismatch { .. } => None,
        Failure::ResponseAccess {
            access: problem,
            status,
            ..
        }
        | Failure::PreflightAccess {
            access: problem,
            status,
            ..
        } => access(problem, *status),
        Failure::PreflightStatus { status, .. } => {
            cors(&PREFLIGHT_DID_NOT_SUCCEED, "", Some(*status))
        }
        // Observed: the redirect line comes first, then "did not succeed".
        Failure::PreflightRedirect { .. } => cors(&EXTERNAL_REDIRECT, "", None),
        Failure::InvalidAllowMethods { token, .. } => cors(&INVALID_ALLOW_METHOD, token, None),
        Failure::InvalidAllowHeaders { token, .. } => cors(&INVALID_ALLOW_HEADER, token, None),
        Failure::MethodNotAllowed { .. } => cors(&METHOD_NOT_FOUND, "", None),
        Failure::HeaderNotAllowed { header, .. } => cors(&HEADER_NOT_ALLOWED, header, None),
        // Observed for the last two in Firefox ESR 153.7.0 by the agreement
        // suite (a `Location` that is no URL, and one to a data: URL).
        Failure::RedirectWithCredentials { .. }
        | Failure::TooManyRedirects { .. }
        | Failure::RedirectLocationInvalid { .. }
        | Failure::RedirectSchemeNotHttp { .. } => cors(&DID_NOT_SUCCEED, "", None),
        Failure::SameOriginModeCrossOrigin { .. } => {
            let page = page_name(run)?;
            Some((
                render(SAME_ORIGIN_MODE.text, &[("page", &page), ("url", &url)]),
                source_in(CAPS_FILE, SAME_ORIGIN_MODE.key),
            ))
        }
        Failure::SchemeNotSupported { .. } => cors(&NOT_HTTP, "", None),
        // Observed by the agreement suite. For a page with an opaque origin
        // (sandboxed, or a data: page) Firefox names the page
        // `moz-nullprincipal:{a fresh UUID}`, which no template can give.
        Failure::LocalResourceNotAllowed { url } => match run.origin {
            Origin::Opaque => None,
            Origin::Tuple { .. } => Some((
                render(
                    CHECK_LOAD_URI.text,
                    &[("page", run.page.as_str()), ("url", url)],
                ),
                source_in(CAPS_FILE, CHECK_LOAD_URI.key),
            )),
        },
        // A CORS request's redirect to mixed content, refused as it arrived
        // (fetch's `firefox_mixed_content_redirect_first`): the request that
        // failed is the one redirected, and its CORS line says so (observed).
        Failure::MixedContent { url: blocked, .. } if *blocked != url => {
            cors(&DID_NOT_SUCCEED, "", None)
        }
        Failure::MixedContent { url, .. } => Some((
            render(MIXED_CONTENT.text, &[("url", url)]),
            source(MIXED_CONTENT.key),
        )),
        // A no-cors scheme fetch that fails prints nothing (observed for
        // `ftp:`); a missing blob or file is given no line rather than a
        // guessed one.
        Failure::SchemeFetchUnsupported { .. } | Failure::LocalResourceNotFound { .. } => None,
        // Chromium's alone: Firefox never fails with it.
        Failure::CorsDisabledScheme { .. } => None,
        // No line is modelled for these network-level failures: a bad port,
        // redirect mode "error", and a no-cors request whose redirect mode is
        // not "follow".
        Failure::BadPort { .. }
        | Failure::RedirectModeError { .. }
        | Failure::NoCorsRedirectNotFollow { .. } => None,
    }
}

/// How a Security Error line names the page: by its URL; a sandboxed page,
/// whose origin is opaque, as `moz-nullprincipal:{UUID}?ORIGIN`, ORIGIN being
/// that of its URL (observed with `mode: "same-origin"`). Firefox makes the
/// UUID afresh for every page, so the line shows `…` in its place (the
/// agreement suite reads Firefox's lines the same way). `None` for another
/// opaque page, such as a data: URL, which was not observed.
fn page_name(run: &Run) -> Option<String> {
    match run.origin {
        Origin::Tuple { .. } => Some(run.page.to_string()),
        Origin::Opaque => match Origin::of(&run.page) {
            tuple @ Origin::Tuple { .. } => {
                Some(format!("moz-nullprincipal:{{…}}?{}", tuple.serialize()))
            }
            Origin::Opaque => None,
        },
    }
}

/// Firefox writes each non-ASCII character of a header value it quotes as
/// U+FFFD (observed: `é` becomes `�`).
fn replace_non_ascii(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_ascii() { c } else { '\u{FFFD}' })
        .collect()
}

fn source(key: &'static str) -> ConsoleSource {
    source_in(FILE, key)
}

fn source_in(file: &'static str, key: &'static str) -> ConsoleSource {
    ConsoleSource {
        browser: "Firefox",
        version: VERSION,
        file,
        key,
    }
}
