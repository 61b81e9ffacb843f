//! Failures no change to the server's responses can repair, and what would
//! have to change instead: the page's code, or a response corsim cannot
//! guess.

use corsim_core::explain;
use corsim_core::failure::Failure;
use corsim_core::verdict::Verdict;

use crate::draft::Draft;

/// For a failure that no change to the server's responses can repair, what
/// would have to change instead; `None` when the server can fix it.
pub(super) fn not_server_fixable(
    failure: &Failure,
    draft: &Draft,
    verdict: &Verdict,
) -> Option<String> {
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
        | Failure::HeaderValueNotByteString { .. }
        | Failure::BodyWithGetOrHead { .. } => format!(
            "{}, so nothing is sent. Fix that header in the page's code.",
            explain::capitalized(&explain::failure(failure))
        ),

        // No HTTP response: no header can help.
        Failure::Unreachable { url, fail, .. } => format!(
            "{url} gave no HTTP response ({fail}), so this is not a CORS problem and no CORS header can fix it: \
             make the server reachable (running, its name resolving, its certificate trusted) first."
        ),
        Failure::TargetAddressSpaceMismatch { declared, actual, .. } => format!(
            "The page's `fetch()` says `targetAddressSpace: \"{declared}\"`, but the server is in the {actual} address space. \
             Pass `targetAddressSpace: \"{actual}\"` in the page's code (the user is then asked to allow it)."
        ),
        Failure::LocalNetworkDenied { url, space } => format!(
            "The browser asks the user before a page on the public internet may reach {url}, in the {space} address space, \
             and the answer here is no. No CORS header changes that: serve the page from the same network, or have the user allow it \
             (and, in Chromium, pass `targetAddressSpace` in the page's `fetch()`)."
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
    let index = verdict.wire.last()?.answered_by?;
    draft
        .server
        .get(index)?
        .header("Location")
        .map(str::to_string)
}
