//! Chromium 156's console lines. The CORS reasons are
//! `third_party/blink/renderer/platform/loader/cors/cors_error_string.cc`
//! (`GetErrorString`), wrapped in the "Access to fetch at" line that Blink
//! writes for a failed `fetch()`; the others come from
//! `third_party/blink/renderer/core/fetch/fetch_manager.cc`,
//! `third_party/blink/renderer/core/loader/base_fetch_context.cc` and
//! `third_party/blink/renderer/core/loader/mixed_content_checker.cc`.

use super::{render, Template};
use crate::failure::{AccessProblem, Failure};
use crate::fetch::Run;
use crate::scenario::Initiator;
use crate::verdict::ConsoleSource;

pub const VERSION: &str = "156.0.8078.108";
const CORS_FILE: &str = "third_party/blink/renderer/platform/loader/cors/cors_error_string.cc";
const FETCH_FILE: &str = "third_party/blink/renderer/core/fetch/fetch_manager.cc";
const MIXED_FILE: &str = "third_party/blink/renderer/core/loader/mixed_content_checker.cc";
const LOADER_FILE: &str = "third_party/blink/renderer/core/loader/base_fetch_context.cc";

/// The line around every CORS reason.
/// `{what}` names the initiator as Blink does: `fetch`, `XMLHttpRequest`,
/// `image`, `script`, `font`.
const BLOCKED: &str =
    "Access to {what} at '{url}' from origin '{origin}' has been blocked by CORS policy: {reason}";
const BLOCKED_REDIRECTED: &str =
    "Access to {what} at '{url}' (redirected from '{from}') from origin '{origin}' has been blocked by CORS policy: {reason}";
/// Prefixed to the access-check reasons when the preflight failed them.
const PREFLIGHT: &str = "Response to preflight request doesn't pass access control check: ";

/// The CORS reasons, keyed by Chromium's `network::mojom::CorsError`.
const MISSING_ALLOW_ORIGIN: Template = Template {
    key: "kMissingAllowOriginHeader",
    text: "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
};
/// `kNoCorsInformation`: appended for `fetch()` to the reasons about a bad
/// `Access-Control-Allow-Origin` value (not to a missing one, not to `*`).
const VALID_VALUE_HINT: &str = " Have the server send the header with a valid value.";
/// Appended to the wildcard reason for `XMLHttpRequest` (observed).
const XHR_CREDENTIALS_HINT: &str = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";
const WILDCARD_WITH_CREDENTIALS: Template = Template {
    key: "kWildcardOriginNotAllowed",
    text: "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
};
const MULTIPLE_ALLOW_ORIGIN: Template = Template {
    key: "kMultipleAllowOriginValues",
    text: "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed.",
};
const INVALID_ALLOW_ORIGIN: Template = Template {
    key: "kInvalidAllowOriginValue",
    text: "The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'.",
};
const ALLOW_ORIGIN_MISMATCH: Template = Template {
    key: "kAllowOriginMismatch",
    text: "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.",
};
const INVALID_ALLOW_CREDENTIALS: Template = Template {
    key: "kInvalidAllowCredentials",
    text: "The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' which must be 'true' when the request's credentials mode is 'include'.",
};
const PREFLIGHT_INVALID_STATUS: Template = Template {
    key: "kPreflightInvalidStatus",
    text: "Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
};
const PREFLIGHT_REDIRECT: Template = Template {
    key: "kPreflightDisallowedRedirect",
    text: "Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.",
};
const METHOD_NOT_ALLOWED: Template = Template {
    key: "kMethodDisallowedByPreflightResponse",
    text: "Method {value} is not allowed by Access-Control-Allow-Methods in preflight response.",
};
const HEADER_NOT_ALLOWED: Template = Template {
    key: "kHeaderDisallowedByPreflightResponse",
    text: "Request header field {value} is not allowed by Access-Control-Allow-Headers in preflight response.",
};
const INVALID_ALLOW_METHODS: Template = Template {
    key: "kInvalidAllowMethodsPreflightResponse",
    text: "Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
};
const INVALID_ALLOW_HEADERS: Template = Template {
    key: "kInvalidAllowHeadersPreflightResponse",
    text: "Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
};
/// `{value}` is `SchemeRegistry::ListOfCorsEnabledURLSchemes()`:
/// [`CORS_ENABLED_SCHEMES`].
const CORS_DISABLED_SCHEME: Template = Template {
    key: "kCorsDisabledScheme",
    text: "Cross origin requests are only supported for protocol schemes: {value}.",
};
/// The schemes Chrome 156 allows CORS requests to, as it lists them
/// (observed: `url::GetCorsEnabledSchemes()` with Chrome's own schemes added).
const CORS_ENABLED_SCHEMES: &str = "chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app";
const REDIRECT_WITH_CREDENTIALS: Template = Template {
    key: "kRedirectContainsCredentials",
    text: "Redirect location '{value}' contains a username and password, which is disallowed for cross-origin requests.",
};

/// Lines written by the fetch, loader and mixed-content code rather than as CORS reasons.
const SAME_ORIGIN_MODE: Template = Template {
    key: "FetchManager same-origin mode",
    text: "Fetch API cannot load {url}. Request mode is \"same-origin\" but the URL's origin is not same as the request origin {origin}.",
};
const SCHEME_NOT_SUPPORTED: Template = Template {
    key: "FetchManager unsupported scheme",
    text: "Fetch API cannot load {url}. URL scheme \"{scheme}\" is not supported.",
};
const NO_CORS_REDIRECT: Template = Template {
    key: "FetchManager no-cors redirect",
    text: "Fetch API cannot load {url}. Request mode is \"no-cors\" but the redirect mode is not \"follow\".",
};
/// `BaseFetchContext::CanRequestInternal`, when `SecurityOrigin::CanDisplay`
/// refuses the URL.
const LOCAL_RESOURCE: Template = Template {
    key: "BaseFetchContext local resource",
    text: "Not allowed to load local resource: {url}",
};
/// Local Network Access refused, a CORS reason in Chromium; `{value}` is
/// Chromium's name for the target's address space (observed for
/// `loopback`).
const LOCAL_NETWORK_DENIED: Template = Template {
    key: "kLocalNetworkAccessPermissionDenied",
    text: "Permission was denied for this request to access the `{value}` address space.",
};
/// `fetch()`'s `targetAddressSpace` that is not where the URL is (observed).
const TARGET_SPACE_MISMATCH: Template = Template {
    key: "kInvalidPrivateNetworkAccess",
    text: "Request had a target IP address space of `{declared}` yet the resource is in address space `{actual}`.",
};
const MIXED_CONTENT: Template = Template {
    key: "MixedContentChecker",
    text: "Mixed Content: The page at '{page}' was loaded over HTTPS, but requested an insecure resource '{url}'. This request has been blocked; the content must be served over HTTPS.",
};

pub(super) fn line(run: &Run, failure: &Failure) -> Option<(String, ConsoleSource)> {
    let url = run.final_url.to_string();
    let origin = run.origin.serialize();
    let from = run.redirected_from.as_ref().map(|u| u.to_string());
    let what = match run.initiator {
        Initiator::Fetch => "fetch",
        Initiator::Xhr => "XMLHttpRequest",
        Initiator::Img => "image",
        Initiator::Script => "script",
        Initiator::Font => "font",
    };
    let blocked = |template: &Template, value: &str, prefix: &str, suffix: &str| {
        let reason = format!(
            "{prefix}{}{suffix}",
            render(template.text, &[("value", &escape(value))])
        );
        let text = match &from {
            Some(from) => render(
                BLOCKED_REDIRECTED,
                &[
                    ("what", what),
                    ("url", &url),
                    ("from", from),
                    ("origin", &origin),
                    ("reason", &reason),
                ],
            ),
            None => render(
                BLOCKED,
                &[
                    ("what", what),
                    ("url", &url),
                    ("origin", &origin),
                    ("reason", &reason),
                ],
            ),
        };
        Some((text, source(CORS_FILE, template.key)))
    };
    let access = |problem: &AccessProblem, prefix: &str| {
        let (template, value, suffix) = match problem {
            AccessProblem::MissingAllowOrigin => (&MISSING_ALLOW_ORIGIN, "", ""),
            AccessProblem::WildcardWithCredentials if run.initiator == Initiator::Xhr => {
                (&WILDCARD_WITH_CREDENTIALS, "", XHR_CREDENTIALS_HINT)
            }
            AccessProblem::WildcardWithCredentials => (&WILDCARD_WITH_CREDENTIALS, "", ""),
            AccessProblem::MultipleAllowOrigin { allow_origin } => (
                &MULTIPLE_ALLOW_ORIGIN,
                allow_origin.as_str(),
                VALID_VALUE_HINT,
            ),
            AccessProblem::InvalidAllowOrigin { allow_origin } => (
                &INVALID_ALLOW_ORIGIN,
                allow_origin.as_str(),
                VALID_VALUE_HINT,
            ),
            AccessProblem::AllowOriginMismatch { allow_origin, .. } => (
                &ALLOW_ORIGIN_MISMATCH,
                allow_origin.as_str(),
                VALID_VALUE_HINT,
            ),
            AccessProblem::AllowCredentialsNotTrue { allow_credentials } => (
                &INVALID_ALLOW_CREDENTIALS,
                allow_credentials.as_deref().unwrap_or(""),
                "",
            ),
        };
        blocked(template, value, prefix, suffix)
    };
    let fetch_line = |template: &Template| {
        let scheme = run.final_url.scheme();
        let text = render(
            template.text,
            &[("url", &url), ("origin", &origin), ("scheme", scheme)],
        );
        Some((text, source(FETCH_FILE, template.key)))
    };
    // Every reason is listed, so that a new one does not compile until its
    // line (or its lack of one) is decided.
    match failure {
        // A throwing `new Request()` only prints "Uncaught (in promise)
        // TypeError", which the contract does not count
        // (`Failure::thrown_by_request_constructor`).
        Failure::UrlHasCredentials { .. }
        | Failure::InvalidMethod { .. }
        | Failure::ForbiddenMethod { .. }
        | Failure::MethodNotNoCorsSafelisted { .. }
        | Failure::InvalidHeaderName { .. }
        | Failure::InvalidHeaderValue { .. }
        | Failure::HeaderValueNotByteString { .. }
        | Failure::BodyWithGetOrHead { .. } => None,
        Failure::ResponseAccess {
            access: problem, ..
        } => access(problem, ""),
        Failure::LocalNetworkDenied { space, .. } => {
            blocked(&LOCAL_NETWORK_DENIED, chromium_space(space), "", "")
        }
        Failure::TargetAddressSpaceMismatch {
            declared, actual, ..
        } => {
            let reason = render(
                TARGET_SPACE_MISMATCH.text,
                &[
                    ("declared", chromium_space(declared)),
                    ("actual", chromium_space(actual)),
                ],
            );
            blocked(
                &Template {
                    key: TARGET_SPACE_MISMATCH.key,
                    text: "{value}",
                },
                &reason,
                "",
                "",
            )
        }
        Failure::PreflightAccess {
            access: problem, ..
        } => access(problem, PREFLIGHT),
        Failure::PreflightStatus { .. } => blocked(&PREFLIGHT_INVALID_STATUS, "", "", ""),
        Failure::PreflightRedirect { .. } => blocked(&PREFLIGHT_REDIRECT, "", "", ""),
        Failure::InvalidAllowMethods { .. } => blocked(&INVALID_ALLOW_METHODS, "", "", ""),
        Failure::InvalidAllowHeaders { .. } => blocked(&INVALID_ALLOW_HEADERS, "", "", ""),
        Failure::MethodNotAllowed { method, .. } => blocked(&METHOD_NOT_ALLOWED, method, "", ""),
        Failure::HeaderNotAllowed { header, .. } => blocked(&HEADER_NOT_ALLOWED, header, "", ""),
        // Chromium 156 prints the location as empty (observed).
        Failure::RedirectWithCredentials { .. } => blocked(&REDIRECT_WITH_CREDENTIALS, "", "", ""),
        Failure::CorsDisabledScheme { .. } => {
            blocked(&CORS_DISABLED_SCHEME, CORS_ENABLED_SCHEMES, "", "")
        }
        // `FetchManager` writes the same line whether main fetch or its
        // scheme fetch refuses the scheme.
        Failure::SchemeNotSupported { .. } | Failure::SchemeFetchUnsupported { .. } => {
            fetch_line(&SCHEME_NOT_SUPPORTED)
        }
        Failure::LocalResourceNotAllowed { url } => Some((
            render(LOCAL_RESOURCE.text, &[("url", url)]),
            source(LOADER_FILE, LOCAL_RESOURCE.key),
        )),
        Failure::SameOriginModeCrossOrigin { .. } => fetch_line(&SAME_ORIGIN_MODE),
        Failure::NoCorsRedirectNotFollow { .. } => fetch_line(&NO_CORS_REDIRECT),
        Failure::MixedContent { page, url } => Some((
            render(MIXED_CONTENT.text, &[("page", page), ("url", url)]),
            source(MIXED_FILE, MIXED_CONTENT.key),
        )),
        // Network-level failures (bad port, too many redirects, redirect mode
        // "error", an invalid redirect, a missing blob or file) only print the
        // generic "Failed to load resource" line, which the contract does not
        // count.
        Failure::BadPort { .. }
        | Failure::TooManyRedirects { .. }
        | Failure::RedirectModeError { .. }
        | Failure::RedirectLocationInvalid { .. }
        | Failure::RedirectSchemeNotHttp { .. }
        | Failure::LocalResourceNotFound { .. } => None,
        // No response at all: the network error (`net::ERR_CONNECTION_REFUSED`
        // and so on) is the generic "Failed to load resource" line, not one
        // the contract counts.
        Failure::Unreachable { .. } => None,
    }
}

/// Chromium's names for the address spaces: `loopback` for what the
/// contract calls local, `local` for private.
fn chromium_space(space: &str) -> &str {
    match space {
        "local" => "loopback",
        "private" => "local",
        other => other,
    }
}

/// Chromium writes a failed parameter with every byte outside printable
/// ASCII as `\uXXXX` (observed: `é` becomes `\u00E9`).
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c == ' ' || c.is_ascii_graphic() {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        }
    }
    out
}

fn source(file: &'static str, key: &'static str) -> ConsoleSource {
    ConsoleSource {
        browser: "Chromium",
        version: VERSION,
        file,
        key,
    }
}
