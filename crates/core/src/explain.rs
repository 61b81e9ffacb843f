//! Short English for the typed results, shared by the trace, the command line
//! and the app. Console lines are not here: they are each browser's own words
//! (see `console`).

use crate::failure::{AccessProblem, Failure};
use crate::note::Note;

/// A phrase from this module as the start of a sentence: its first letter
/// upper-cased. Every phrase here starts with ASCII, so ASCII upper-casing
/// is enough; Unicode's would link its case tables, 25 kB, into the web app.
pub fn capitalized(phrase: &str) -> String {
    let mut chars = phrase.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// What is wrong with the allow-origin/credentials headers, in a sentence.
pub fn access_problem(problem: &AccessProblem) -> String {
    match problem {
        AccessProblem::MissingAllowOrigin => {
            "there is no `Access-Control-Allow-Origin` header".into()
        }
        AccessProblem::WildcardWithCredentials => {
            "`Access-Control-Allow-Origin: *` is not allowed when credentials are included".into()
        }
        AccessProblem::MultipleAllowOrigin { allow_origin } => {
            format!("`Access-Control-Allow-Origin` holds several values (`{allow_origin}`); exactly one origin is allowed")
        }
        AccessProblem::InvalidAllowOrigin { allow_origin } => {
            format!("`Access-Control-Allow-Origin: {allow_origin}` is not an origin")
        }
        AccessProblem::AllowOriginMismatch {
            allow_origin,
            origin,
        } => {
            let mut text = format!("`Access-Control-Allow-Origin: {allow_origin}` is not byte for byte the origin `{origin}`");
            if allow_origin.trim_end_matches('/') == origin {
                text.push_str(" (an origin has no trailing slash)");
            } else if allow_origin.eq_ignore_ascii_case(origin) {
                text.push_str(" (the comparison is case-sensitive)");
            }
            text
        }
        AccessProblem::AllowCredentialsNotTrue {
            allow_credentials: None,
        } => "credentials are included, but there is no `Access-Control-Allow-Credentials: true`"
            .into(),
        AccessProblem::AllowCredentialsNotTrue {
            allow_credentials: Some(value),
        } => {
            format!("credentials are included, and `Access-Control-Allow-Credentials` is `{value}`, not exactly `true`")
        }
    }
}

/// Why the fetch failed, in a sentence.
pub fn failure(failure: &Failure) -> String {
    match failure {
        Failure::UrlHasCredentials { url } => format!("`new Request()` throws: {url} includes a username or password"),
        Failure::InvalidMethod { method } => format!("`new Request()` throws: `{method}` is not a valid method"),
        Failure::ForbiddenMethod { method } => format!("`new Request()` throws: `{method}` is a forbidden method"),
        Failure::MethodNotNoCorsSafelisted { method } => {
            format!("`new Request()` throws: no-cors mode allows only GET, HEAD and POST, not `{method}`")
        }
        Failure::InvalidHeaderName { name, problem } => {
            format!("`new Request()` throws: `{name}` is not a valid header name ({problem})")
        }
        Failure::InvalidHeaderValue { name, problem } => {
            format!("`new Request()` throws: the value of `{name}` is not a valid header value ({problem})")
        }
        Failure::HeaderValueNotByteString { name } => {
            format!("`new Request()` throws: the value of `{name}` has a character above U+00FF")
        }
        Failure::MixedContent { url, .. } => format!("an https page may not fetch the insecure URL {url} (mixed content)"),
        Failure::BadPort { port, .. } => format!("browsers refuse to connect to port {port} (a bad port)"),
        Failure::BodyWithGetOrHead { method } => format!("`new Request()` throws: a {method} request cannot have a body"),
        Failure::Unreachable { url, fail, preflight } => {
            let why = crate::scenario::Fail::ALL
                .iter()
                .find(|(_, word)| word == fail)
                .map_or("no response", |(f, _)| f.describe());
            let what = if *preflight { "the preflight to " } else { "" };
            format!("{what}{url} got no HTTP response: {why}. This is not a CORS problem, though the browser reports it like one")
        }
        Failure::TargetAddressSpaceMismatch { url, declared, actual } => format!(
            "`fetch()` says `targetAddressSpace: \"{declared}\"`, but {url} is in the {actual} address space, so Chromium refuses it before asking the user"
        ),
        Failure::LocalNetworkDenied { url, space } => format!(
            "Local Network Access: this page may reach {url}, in the {space} address space, only if the user allows it, and here the permission is denied (a headless browser and a dismissed prompt deny it)"
        ),
        Failure::SameOriginModeCrossOrigin { url } => format!("mode is same-origin, but {url} is another origin"),
        Failure::NoCorsRedirectNotFollow { .. } => "no-cors mode requires redirect mode follow".into(),
        Failure::SchemeNotSupported { scheme, .. } => format!("`{scheme}:` URLs cannot be fetched from this page"),
        Failure::SchemeFetchUnsupported { scheme, .. } => format!("`fetch()` cannot load `{scheme}:` URLs in any mode"),
        Failure::LocalResourceNotAllowed { url } => {
            format!("the browser does not let this page load the local resource {url}: only a `file:` page may load `file:` URLs, and (in Chromium) only a blob's own origin its `blob:` URL")
        }
        Failure::CorsDisabledScheme { scheme, .. } => {
            format!("`{scheme}:` URLs have no CORS: Chromium refuses a cross-origin request to them")
        }
        Failure::LocalResourceNotFound { url } => {
            format!("{url} names no blob or file corsim can read (a browser reads a `file:` URL from the disk, if the page may)")
        }
        Failure::PreflightRedirect { status, .. } => format!("the preflight was answered with a {status} redirect; preflights never follow redirects"),
        Failure::PreflightAccess { access, .. } => format!("the preflight response fails the CORS check: {}", access_problem(access)),
        Failure::PreflightStatus { status, .. } => format!("the preflight was answered with status {status}, not an ok status (200-299)"),
        Failure::InvalidAllowMethods { token, .. } => {
            format!("`Access-Control-Allow-Methods` cannot be parsed: `{token}` is not a method name")
        }
        Failure::InvalidAllowHeaders { token, .. } => {
            format!("`Access-Control-Allow-Headers` cannot be parsed: `{token}` is not a header name")
        }
        Failure::MethodNotAllowed { method, allow_methods, .. } => match allow_methods {
            Some(list) => format!("`{method}` is not in `Access-Control-Allow-Methods: {list}` (compared case-sensitively)"),
            None => format!("the preflight response has no `Access-Control-Allow-Methods`, so `{method}` is not allowed"),
        },
        Failure::HeaderNotAllowed { header, allow_headers, .. } => match allow_headers {
            Some(list) => format!("`{header}` is not in `Access-Control-Allow-Headers: {list}`"),
            None => format!("the preflight response has no `Access-Control-Allow-Headers`, so `{header}` is not allowed"),
        },
        Failure::ResponseAccess { access, .. } => format!("the response fails the CORS check: {}", access_problem(access)),
        Failure::RedirectModeError { status, .. } => format!("the response is a {status} redirect and redirect mode is error"),
        Failure::RedirectLocationInvalid { location, .. } => format!("the redirect's `Location: {location}` is not a valid URL"),
        Failure::RedirectSchemeNotHttp { location, .. } => format!("the redirect points to {location}, which is not http(s)"),
        Failure::TooManyRedirects { .. } => "more than 20 redirects".into(),
        Failure::RedirectWithCredentials { location, .. } => {
            format!("the redirect points to {location}, which includes a username or password")
        }
    }
}

/// A note, in a sentence.
pub fn note(note: &Note) -> String {
    match note {
        Note::ForbiddenHeaderDropped { name, chromium_only: false } => {
            format!("`{name}` is a forbidden request header: the browser silently dropped it")
        }
        Note::ForbiddenHeaderDropped { name, chromium_only: true } => format!(
            "Chromium silently drops `{name}`; the Fetch standard no longer forbids it and Firefox sends it"
        ),
        Note::NoCorsHeaderDropped { name } => {
            format!("no-cors mode only keeps safelisted headers: `{name}` was silently dropped")
        }
        Note::MethodNormalized { from, to } => format!("`{from}` was upper-cased to `{to}`"),
        Note::MethodKeptAsTyped { method } => format!(
            "`{method}` is sent as typed: browsers upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT, and the server's list is compared case-sensitively"
        ),
        Note::MethodChangedByRedirect { status, from } => {
            format!("the {status} redirect turned {from} into GET and dropped the body and its headers")
        }
        Note::AuthorizationDroppedOnRedirect => "`Authorization` was removed when the redirect crossed origins".into(),
        Note::OriginTainted => {
            "after a redirect from one cross-origin server to another, the browser sends `Origin: null`".into()
        }
        Note::RequestReachedServer { method } => format!(
            "the {method} request reached the server, which may have acted on it: CORS stops the script from reading the answer, not the request from being sent"
        ),
        Note::MissingVaryOrigin => "the response names a specific origin but has no `Vary: Origin`: a shared cache could serve it to another origin".into(),
        Note::AllowOriginNull => "`Access-Control-Allow-Origin: null` admits any sandboxed iframe or local file, whoever wrote it: avoid it".into(),
        Note::AuthorizationNotCoveredByWildcard => "`Access-Control-Allow-Headers: *` does not cover `Authorization`: list it by name".into(),
        Note::WildcardLiteralWithCredentials { header } => {
            format!("with credentials included, `*` in `{header}` is just a name, not a wildcard")
        }
        Note::OpaqueResponse => "no-cors gives an opaque response: status 0, no headers, no body, and no error".into(),
        Note::LocalNetworkAccess { host } => format!(
            "`{host}` is a local address: Chromium's Local Network Access asks the user before a public page may reach it"
        ),
        Note::ChromiumSafelistedHeader { name } => format!(
            "Chromium sends `{name}` without a preflight, as it does client hints, `Save-Data` and `Intervention`; the Fetch standard and Firefox preflight it"
        ),
        Note::FirefoxRefusesContentType { value, refused } => format!(
            "Firefox preflights `Content-Type: {value}` (in no-cors mode it drops it): its own Content-Type parser refuses {refused}, which the standard and Chromium accept"
        ),
        Note::FirefoxDiffers { chromium, firefox } => format!("Firefox differs: Chromium {chromium}, Firefox {firefox}"),
    }
}
