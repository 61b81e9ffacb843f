//! WebKit's console lines, as WebKitGTK 2.50 prints them (Safari 26's
//! engine). A failed `fetch()` prints the checker's reason first, from the
//! Security source (`SubresourceLoader::didFail`), then the loader's own
//! line, `Fetch API cannot load … due to access control checks.`
//! (`ThreadableLoader::logError`); a few checks made before the request is
//! sent print a line of their own first. The lines are joined by `\n`, each
//! without the console's level prefix. Safari's Web Inspector adds a
//! `Failed to load resource: …` line of its network agent, which the engine
//! does not print.
//!
//! The reasons are terse: a missing, invalid or other origin in
//! `Access-Control-Allow-Origin` all print `Origin … is not allowed by
//! Access-Control-Allow-Origin.`, never the header's value.

use url::Url;

use super::{render, Template};
use crate::failure::{AccessProblem, Failure};
use crate::fetch::Run;
use crate::origin::{is_localhost_name, Origin};
use crate::scenario::Initiator;
use crate::verdict::ConsoleSource;

pub const VERSION: &str = "2.50.6";
const ACCESS_FILE: &str = "Source/WebCore/loader/CrossOriginAccessControl.cpp";
const PREFLIGHT_FILE: &str = "Source/WebCore/loader/CrossOriginPreflightChecker.cpp";
const CACHE_FILE: &str = "Source/WebCore/loader/CrossOriginPreflightResultCache.cpp";
const CHECKER_FILE: &str = "Source/WebKit/NetworkProcess/NetworkLoadChecker.cpp";
const LOADER_FILE: &str = "Source/WebCore/loader/DocumentThreadableLoader.cpp";
const RESOURCE_FILE: &str = "Source/WebCore/loader/cache/CachedResourceLoader.cpp";
const MIXED_FILE: &str = "Source/WebCore/loader/MixedContentChecker.cpp";
const FRAME_FILE: &str = "Source/WebCore/loader/FrameLoader.cpp";
const FTP_FILE: &str = "Source/WebKit/Shared/WebErrors.cpp";

/// The loader's line after every access-control failure.
const CANNOT_LOAD: &str = "Fetch API cannot load {url} due to access control checks.";
/// The same for `XMLHttpRequest`, an image and a script.
const CANNOT_LOAD_XHR: &str = "XMLHttpRequest cannot load {url} due to access control checks.";
const CANNOT_LOAD_IMAGE: &str = "Cannot load image {url} due to access control checks.";
const CANNOT_LOAD_SCRIPT: &str =
    "Cross-origin script load denied by Cross-Origin Resource Sharing policy.";
/// The loader's line after any other failure it reports.
const CANNOT_LOAD_PLAIN: &str = "Fetch API cannot load {url}.";
/// Before a redirect's reason (`NetworkLoadChecker::redirectionError`).
const REDIRECT_DENIED: &str =
    "Cross-origin redirection to {target} denied by Cross-Origin Resource Sharing policy: {reason}";
/// What a request refused before it was sent adds (`CachedResourceLoader::requestResource`).
const NOT_ALLOWED_TO_REQUEST: &str = "Not allowed to request resource";

const NOT_ALLOWED_ORIGIN: Template = Template {
    key: "passesAccessControlCheck",
    text: "Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}",
};
const WILDCARD_WITH_CREDENTIALS: Template = Template {
    key: "passesAccessControlCheck",
    text: "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
};
const MULTIPLE_ALLOW_ORIGIN: Template = Template {
    key: "passesAccessControlCheck",
    text: "Access-Control-Allow-Origin cannot contain more than one origin.",
};
const ALLOW_CREDENTIALS_NOT_TRUE: Template = Template {
    key: "passesAccessControlCheck",
    text: "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
};
/// A preflight whose connection closed without a response: WebKit reports
/// the network error's own words, then the loader's line, as for an
/// access-control failure. The words are libsoup's in WebKitGTK (observed
/// in 2.50.6 for a connection closed once the preflight was read); Safari's
/// CFNetwork words it its own way.
const PREFLIGHT_CONNECTION_CLOSED: Template = Template {
    key: "CrossOriginPreflightChecker::notifyFinished",
    text: "Connection terminated unexpectedly",
};
const PREFLIGHT_NOT_SUCCESSFUL: Template = Template {
    key: "validatePreflightResponse",
    text: "Preflight response is not successful. Status code: {status}",
};
const INVALID_ALLOW_METHODS: Template = Template {
    key: "CrossOriginPreflightResultCacheItem::create",
    text: "Header Access-Control-Allow-Methods has an invalid value: {value}",
};
const INVALID_ALLOW_HEADERS: Template = Template {
    key: "CrossOriginPreflightResultCacheItem::create",
    text: "Header Access-Control-Allow-Headers has an invalid value: {value}",
};
const METHOD_NOT_ALLOWED: Template = Template {
    key: "validateMethodAndHeaders",
    text: "Method {value} is not allowed by Access-Control-Allow-Methods.",
};
const HEADER_NOT_ALLOWED: Template = Template {
    key: "validateMethodAndHeaders",
    text: "Request header field {value} is not allowed by Access-Control-Allow-Headers.",
};
const REDIRECT_MODE_ERROR: Template = Template {
    key: "checkRedirection",
    text: "Not allowed to follow a redirection while loading {url}",
};
const REDIRECT_NOT_CORS_SCHEME: Template = Template {
    key: "checkRedirection",
    text: "not allowed to follow a cross-origin CORS redirection with non CORS scheme",
};
const REDIRECT_BAD_SCHEME: Template = Template {
    key: "reportRedirectionWithBadScheme",
    text: "Redirection to URL with a scheme that is not HTTP(S).",
};
const REDIRECT_CREDENTIALS: Template = Template {
    key: "checkRedirection",
    text: "redirection URL {value} has credentials",
};
const TOO_MANY_REDIRECTS: Template = Template {
    key: "checkRedirection",
    text: "Load cannot follow more than 20 redirections",
};
const MIXED_CONTENT: Template = Template {
    key: "logConsoleWarning",
    text: "[blocked] The page at {page} requested insecure content from {url}. This content was blocked and must be served over HTTPS.",
};
const BAD_PORT: Template = Template {
    key: "reportBlockedLoadFailed",
    text: "Not allowed to use restricted network port {port}: {url}",
};
const NO_CORS_REDIRECT: Template = Template {
    key: "canRequest",
    text: "No-Cors mode requires follow redirect mode",
};
const NOT_HTTP: Template = Template {
    key: "checkURLSchemeAsCORSEnabled",
    text: "Cross origin requests are only supported for HTTP.",
};
const MIXED_CONTENT_LOCALHOST: Template = Template {
    key: "logConsoleWarning",
    text: "[blocked] The page at {page} requested insecure content from {url}. This content was blocked and must",
};
const FTP_DISABLED: Template = Template {
    key: "ftpDisabledError",
    text: "FTP URLs are disabled",
};
const LOCAL_RESOURCE: Template = Template {
    key: "reportLocalLoadFailed",
    text: "Not allowed to load local resource: {url}",
};

/// The lines `run` prints for `failure`, joined by `\n`.
pub(super) fn line(run: &Run, failure: &Failure) -> Option<(String, ConsoleSource)> {
    // Each reason is followed by the loader's line, for the URL the check
    // failed at.
    // The loader's line names the initiator (observed in WebKitGTK 2.50.6):
    // `XMLHttpRequest cannot load …`, `Cannot load image …`, and for a
    // script a line that names no URL.
    let cannot_load = match run.initiator {
        Initiator::Xhr => CANNOT_LOAD_XHR,
        Initiator::Img => CANNOT_LOAD_IMAGE,
        Initiator::Script => CANNOT_LOAD_SCRIPT,
        Initiator::Fetch | Initiator::Font => CANNOT_LOAD,
    };
    let access_checks = |(reason, source): (String, ConsoleSource), url: &str| {
        Some((
            format!("{reason}\n{}", render(cannot_load, &[("url", url)])),
            source,
        ))
    };
    let reason = |template: &Template, file: &'static str, values: &[(&str, &str)]| {
        (render(template.text, values), source(file, template.key))
    };
    let access = |problem: &AccessProblem, status: u16| {
        let template = match problem {
            AccessProblem::MissingAllowOrigin
            | AccessProblem::InvalidAllowOrigin { .. }
            | AccessProblem::AllowOriginMismatch { .. } => &NOT_ALLOWED_ORIGIN,
            AccessProblem::WildcardWithCredentials => &WILDCARD_WITH_CREDENTIALS,
            AccessProblem::MultipleAllowOrigin { .. } => &MULTIPLE_ALLOW_ORIGIN,
            AccessProblem::AllowCredentialsNotTrue { .. } => &ALLOW_CREDENTIALS_NOT_TRUE,
        };
        let origin = request_origin(run);
        reason(
            template,
            ACCESS_FILE,
            &[("origin", &origin), ("status", &status.to_string())],
        )
    };
    // A redirect refused by the checks of `NetworkLoadChecker::checkRedirection`:
    // its reason is prefixed with where it led, and the loader names the
    // URL that answered with it.
    // The target is named without a username or password (observed).
    let redirect_denied = |(why, source): (String, ConsoleSource), url: &str| {
        let target = run
            .redirect_target
            .as_deref()
            .map_or_else(String::new, without_credentials);
        access_checks(
            (
                render(REDIRECT_DENIED, &[("target", &target), ("reason", &why)]),
                source,
            ),
            url,
        )
    };
    // Every reason is listed, so that a new one does not compile until its
    // lines (or their lack) are decided.
    match failure {
        // A throwing `new Request()` prints its `TypeError` only.
        Failure::UrlHasCredentials { .. }
        | Failure::InvalidMethod { .. }
        | Failure::ForbiddenMethod { .. }
        | Failure::MethodNotNoCorsSafelisted { .. }
        | Failure::InvalidHeaderName { .. }
        | Failure::InvalidHeaderValue { .. }
        | Failure::HeaderValueNotByteString { .. }
        | Failure::BodyWithGetOrHead { .. } => None,
        Failure::Unreachable {
            url,
            fail,
            preflight: true,
        } if fail == "reset" => access_checks(
            reason(&PREFLIGHT_CONNECTION_CLOSED, PREFLIGHT_FILE, &[]),
            url,
        ),
        // WebKit has no Local Network Access; no line is modelled for any
        // other server that gives no response (a refused connection prints
        // nothing, observed).
        Failure::Unreachable { .. }
        | Failure::LocalNetworkDenied { .. }
        | Failure::TargetAddressSpaceMismatch { .. } => None,
        Failure::ResponseAccess {
            url,
            status,
            access: problem,
        } => {
            let why = access(problem, *status);
            if run.redirect_target.is_some() {
                redirect_denied(why, url)
            } else {
                access_checks(why, url)
            }
        }
        // The preflight's reasons carry no "preflight" of their own; the
        // loader names the request that was preflighted.
        Failure::PreflightAccess {
            url,
            status,
            access: problem,
        } => access_checks(access(problem, *status), url),
        Failure::PreflightStatus { url, status } | Failure::PreflightRedirect { url, status } => {
            access_checks(
                reason(
                    &PREFLIGHT_NOT_SUCCESSFUL,
                    ACCESS_FILE,
                    &[("status", &status.to_string())],
                ),
                url,
            )
        }
        Failure::InvalidAllowMethods { url, value, .. } => access_checks(
            reason(&INVALID_ALLOW_METHODS, CACHE_FILE, &[("value", value)]),
            url,
        ),
        Failure::InvalidAllowHeaders { url, value, .. } => access_checks(
            reason(&INVALID_ALLOW_HEADERS, CACHE_FILE, &[("value", value)]),
            url,
        ),
        Failure::MethodNotAllowed { url, method, .. } => access_checks(
            reason(&METHOD_NOT_ALLOWED, CACHE_FILE, &[("value", method)]),
            url,
        ),
        Failure::HeaderNotAllowed { url, header, .. } => access_checks(
            reason(&HEADER_NOT_ALLOWED, CACHE_FILE, &[("value", header)]),
            url,
        ),
        Failure::RedirectModeError { url, .. } => access_checks(
            reason(&REDIRECT_MODE_ERROR, CHECKER_FILE, &[("url", url)]),
            url,
        ),
        Failure::RedirectWithCredentials { url, location } => {
            let target = run
                .redirect_target
                .clone()
                .unwrap_or_else(|| location.clone());
            redirect_denied(
                reason(&REDIRECT_CREDENTIALS, CHECKER_FILE, &[("value", &target)]),
                url,
            )
        }
        Failure::TooManyRedirects { url } => {
            access_checks(reason(&TOO_MANY_REDIRECTS, CHECKER_FILE, &[]), url)
        }
        // A cross-origin CORS request is refused by the network process,
        // which takes a `Location` that is no URL for one of another scheme
        // (observed); any other by the page's loader, which names the target.
        Failure::RedirectSchemeNotHttp { url, .. }
        | Failure::RedirectLocationInvalid { url, .. }
            if is_cross_origin_cors(run) =>
        {
            redirect_denied(reason(&REDIRECT_NOT_CORS_SCHEME, CHECKER_FILE, &[]), url)
        }
        Failure::RedirectSchemeNotHttp { location, .. } => {
            let target = run
                .redirect_target
                .clone()
                .unwrap_or_else(|| location.clone());
            access_checks(reason(&REDIRECT_BAD_SCHEME, LOADER_FILE, &[]), &target)
        }
        Failure::MixedContent { page, url } => {
            // For a `localhost` URL the advice is cut short (observed).
            let template = match Url::parse(url) {
                Ok(target) if is_localhost_name(&target) => &MIXED_CONTENT_LOCALHOST,
                _ => &MIXED_CONTENT,
            };
            let (warning, source) = reason(template, MIXED_FILE, &[("page", page), ("url", url)]);
            match run.wire.last() {
                // A redirect to it: the page's loader refuses the redirect
                // and names the URL that answered with it (observed).
                Some(sent) => access_checks((warning, source), &sent.url),
                None => access_checks(
                    (format!("{warning}\n{NOT_ALLOWED_TO_REQUEST}"), source),
                    url,
                ),
            }
        }
        // A blocked port is a policy error, not an access-control one: the
        // loader adds no line.
        Failure::BadPort { url, port } => Some(reason(
            &BAD_PORT,
            FRAME_FILE,
            &[("port", &port.to_string()), ("url", url)],
        )),
        // The error of the same-origin mode is not an access-control error:
        // only the loader's plain line.
        Failure::SameOriginModeCrossOrigin { url } => Some((
            render(CANNOT_LOAD_PLAIN, &[("url", url)]),
            source(LOADER_FILE, "DocumentThreadableLoader"),
        )),
        Failure::NoCorsRedirectNotFollow { url } => {
            let (why, source) = reason(&NO_CORS_REDIRECT, RESOURCE_FILE, &[]);
            access_checks((format!("{why}\n{NOT_ALLOWED_TO_REQUEST}"), source), url)
        }
        Failure::SchemeNotSupported { url, .. } => {
            access_checks(reason(&NOT_HTTP, LOADER_FILE, &[]), url)
        }
        Failure::LocalResourceNotAllowed { url } => {
            let (why, source) = reason(&LOCAL_RESOURCE, FRAME_FILE, &[("url", url)]);
            access_checks((format!("{why}\n{NOT_ALLOWED_TO_REQUEST}"), source), url)
        }
        // The network process refuses `ftp:` (observed in no-cors mode).
        Failure::SchemeFetchUnsupported { url, scheme } if scheme == "ftp" => {
            access_checks(reason(&FTP_DISABLED, FTP_FILE, &[]), url)
        }
        // Not observed: a `Location` that is no URL for a request that is not
        // cross-origin CORS, a no-cors fetch of another scheme; no line
        // rather than a guess. A missing blob fails silently (observed).
        Failure::RedirectLocationInvalid { .. }
        | Failure::SchemeFetchUnsupported { .. }
        | Failure::LocalResourceNotFound { .. } => None,
        // Chromium's alone: WebKit refuses these requests as `SchemeNotSupported`.
        Failure::CorsDisabledScheme { .. } => None,
    }
}

/// The origin the request carried when it failed: `null` once a redirect
/// made it opaque, as the `Origin` header it last sent says.
fn request_origin(run: &Run) -> String {
    run.wire
        .last()
        .and_then(|w| {
            w.headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case("Origin"))
        })
        .map_or_else(|| run.origin.serialize(), |(_, value)| value.clone())
}

/// Whether the request that was redirected was a CORS request to another
/// origin: one whose `Origin` is not the origin of the URL it went to.
fn is_cross_origin_cors(run: &Run) -> bool {
    run.preflight.skipped_because != Some("no-cors")
        && run.wire.last().is_some_and(|w| {
            Url::parse(&w.url).is_ok_and(|url| !Origin::of(&url).same_origin(&run.origin))
        })
}

/// A URL's text without its username and password.
fn without_credentials(target: &str) -> String {
    match Url::parse(target) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            // Neither can fail for a URL that has them.
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string()
        }
        _ => target.to_string(),
    }
}

fn source(file: &'static str, key: &'static str) -> ConsoleSource {
    ConsoleSource {
        browser: "WebKit",
        version: VERSION,
        file,
        key,
    }
}
