//! Why a fetch ended in a network error: one typed reason carrying the values
//! it compared. Console lines and explanations are rendered from these.

use serde::Serialize;

use crate::header::{HeaderNameProblem, HeaderValueProblem};

/// What is wrong with the `Access-Control-Allow-Origin` /
/// `Access-Control-Allow-Credentials` pair of a response, as the
/// [CORS check](https://fetch.spec.whatwg.org/#concept-cors-check) finds it,
/// diagnosed the way Chromium names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum AccessProblem {
    /// "If origin is null, then return failure."
    MissingAllowOrigin,
    /// `*` while the request's credentials mode is "include".
    WildcardWithCredentials,
    /// The value holds several origins (a comma or a space, or two headers).
    MultipleAllowOrigin { allow_origin: String },
    /// The value is not an origin at all.
    InvalidAllowOrigin { allow_origin: String },
    /// A single origin, not byte-for-byte the request's serialized origin.
    AllowOriginMismatch {
        allow_origin: String,
        origin: String,
    },
    /// Credentials included, but `Access-Control-Allow-Credentials` is not
    /// exactly `true` (`None`: the header is absent).
    AllowCredentialsNotTrue { allow_credentials: Option<String> },
}

/// Why the script got a network error (a rejected promise with a `TypeError`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Failure {
    // `new Request()` throws: nothing is sent.
    /// A body with `GET` or `HEAD`.
    BodyWithGetOrHead {
        method: String,
    },
    UrlHasCredentials {
        url: String,
    },
    InvalidMethod {
        method: String,
    },
    ForbiddenMethod {
        method: String,
    },
    MethodNotNoCorsSafelisted {
        method: String,
    },
    InvalidHeaderName {
        name: String,
        problem: String,
    },
    InvalidHeaderValue {
        name: String,
        problem: String,
    },
    HeaderValueNotByteString {
        name: String,
    },

    // Main fetch refuses before sending.
    MixedContent {
        page: String,
        url: String,
    },
    BadPort {
        url: String,
        port: u16,
    },
    SameOriginModeCrossOrigin {
        url: String,
    },
    NoCorsRedirectNotFollow {
        url: String,
    },
    /// Main fetch: "request's current URL's scheme is not an HTTP(S) scheme"
    /// in cors mode.
    SchemeNotSupported {
        url: String,
        scheme: String,
    },
    /// [Scheme fetch](https://fetch.spec.whatwg.org/#scheme-fetch) has no
    /// steps for the scheme ("Otherwise: Return a network error."): a
    /// no-cors `ftp:`, `ws:` or `about:` URL, say.
    SchemeFetchUnsupported {
        url: String,
        scheme: String,
    },
    /// Only a `file:` page (not sandboxed) may load a `file:` URL: Chromium's
    /// loader (`SecurityOrigin::CanDisplay`) and Firefox (`CheckLoadURI`)
    /// refuse it to any other page. Chromium's loader also loads a `blob:`
    /// URL only for the blob's own origin.
    LocalResourceNotAllowed {
        url: String,
    },
    /// Chromium only: a cors-mode `file:` URL gets past `fetch()`, and its
    /// network service then refuses a CORS request to a scheme that has no
    /// CORS (`kCorsDisabledScheme`).
    CorsDisabledScheme {
        url: String,
        scheme: String,
    },
    /// A `blob:` or `file:` URL that names nothing: no scenario creates a
    /// blob, and corsim has no files to read ("When in doubt, return a
    /// network error.").
    LocalResourceNotFound {
        url: String,
    },

    // The CORS-preflight fetch fails.
    PreflightRedirect {
        url: String,
        status: u16,
    },
    PreflightAccess {
        url: String,
        status: u16,
        access: AccessProblem,
    },
    PreflightStatus {
        url: String,
        status: u16,
    },
    InvalidAllowMethods {
        url: String,
        value: String,
        token: String,
    },
    InvalidAllowHeaders {
        url: String,
        value: String,
        token: String,
    },
    MethodNotAllowed {
        url: String,
        method: String,
        allow_methods: Option<String>,
    },
    HeaderNotAllowed {
        url: String,
        header: String,
        allow_headers: Option<String>,
    },

    // The response (or a redirect response) fails the CORS check.
    ResponseAccess {
        url: String,
        status: u16,
        access: AccessProblem,
    },

    // Following redirects fails.
    RedirectModeError {
        url: String,
        status: u16,
    },
    RedirectLocationInvalid {
        url: String,
        location: String,
    },
    RedirectSchemeNotHttp {
        url: String,
        location: String,
    },
    TooManyRedirects {
        url: String,
    },
    RedirectWithCredentials {
        url: String,
        location: String,
    },

    // Below HTTP: no response at all.
    /// The server gave no HTTP response (`server[].fail`), to the preflight
    /// or to the request.
    Unreachable {
        url: String,
        fail: String,
        preflight: bool,
    },
    /// Local Network Access: a page may reach a more private address space
    /// only with the user's permission, refused here.
    LocalNetworkDenied {
        url: String,
        space: String,
    },
    /// `fetch()`'s `targetAddressSpace` names another address space than
    /// the URL's (Chromium).
    TargetAddressSpaceMismatch {
        url: String,
        declared: String,
        actual: String,
    },
}

impl Failure {
    /// Whether `new Request()` throws, so that nothing is ever sent.
    pub fn thrown_by_request_constructor(&self) -> bool {
        matches!(
            self,
            Failure::UrlHasCredentials { .. }
                | Failure::InvalidMethod { .. }
                | Failure::ForbiddenMethod { .. }
                | Failure::MethodNotNoCorsSafelisted { .. }
                | Failure::InvalidHeaderName { .. }
                | Failure::InvalidHeaderValue { .. }
                | Failure::HeaderValueNotByteString { .. }
                | Failure::BodyWithGetOrHead { .. }
        )
    }

    pub(crate) fn invalid_header_name(name: &str, problem: &HeaderNameProblem) -> Failure {
        Failure::InvalidHeaderName {
            name: name.to_string(),
            problem: problem.to_string(),
        }
    }

    pub(crate) fn invalid_header_value(name: &str, problem: &HeaderValueProblem) -> Failure {
        Failure::InvalidHeaderValue {
            name: name.to_string(),
            problem: problem.to_string(),
        }
    }
}
