//! The [CORS check](https://fetch.spec.whatwg.org/#concept-cors-check): decide
//! with the standard's exact byte comparison, then name the problem the way
//! each browser does.

use url::Url;

use crate::browser::Browser;
use crate::failure::AccessProblem;
use crate::fetch::request::Request;
use crate::header::HeaderList;
use crate::scenario::CredentialsMode;

pub const SPEC: &str = "https://fetch.spec.whatwg.org/#concept-cors-check";

/// Runs the CORS check for `request` on a response's headers.
pub fn cors_check(
    browser: Browser,
    request: &Request,
    headers: &HeaderList,
) -> Result<(), AccessProblem> {
    let include = request.credentials == CredentialsMode::Include;
    // "Let origin be the result of getting `Access-Control-Allow-Origin` from
    // response's header list."
    let Some(allow_origin) = headers.get("Access-Control-Allow-Origin") else {
        // "If origin is null, then return failure." (Null is not `null`.)
        return Err(AccessProblem::MissingAllowOrigin);
    };
    let serialized = request.serialized_origin();
    let passes_spec = if !include && allow_origin == b"*" {
        // "If request's credentials mode is not "include" and origin is `*`,
        // then return success."
        true
    } else if allow_origin != serialized.as_bytes() {
        // "If the result of byte-serializing a request origin with request is
        // not origin, then return failure."
        false
    } else if !include {
        // "If request's credentials mode is not "include", then return success."
        true
    } else {
        // "If credentials is `true`, then return success." (byte for byte:
        // `True` fails.)
        headers.get("Access-Control-Allow-Credentials").as_deref() == Some(b"true")
    };
    if passes_spec {
        return Ok(());
    }
    Err(diagnose(
        browser,
        headers,
        &allow_origin,
        &serialized,
        include,
    ))
}

/// Names what failed, in the order and with the categories each browser uses
/// for its console message.
fn diagnose(
    browser: Browser,
    headers: &HeaderList,
    allow_origin: &[u8],
    origin: &str,
    include: bool,
) -> AccessProblem {
    let value = String::from_utf8_lossy(allow_origin).into_owned();
    let several_headers = headers.get_all("Access-Control-Allow-Origin").len() > 1;
    match browser {
        // Chromium: services/network/public/cpp/cors/cors.cc, CheckAccessInternal.
        Browser::Chromium => {
            if value == "*" {
                AccessProblem::WildcardWithCredentials
            } else if value != origin {
                if value.contains([' ', ',']) {
                    AccessProblem::MultipleAllowOrigin {
                        allow_origin: value,
                    }
                } else if value != "null" && (!value.is_ascii() || Url::parse(&value).is_err()) {
                    AccessProblem::InvalidAllowOrigin {
                        allow_origin: value,
                    }
                } else {
                    AccessProblem::AllowOriginMismatch {
                        allow_origin: value,
                        origin: origin.to_string(),
                    }
                }
            } else {
                debug_assert!(include);
                allow_credentials_problem(headers)
            }
        }
        // Firefox: netwerk/protocol/http/nsCORSListenerProxy.cpp,
        // CheckRequestApproved: a repeated header first, then `*` with
        // credentials, then the comparison, then credentials.
        Browser::Firefox => {
            if several_headers {
                AccessProblem::MultipleAllowOrigin {
                    allow_origin: value,
                }
            } else if value == "*" {
                AccessProblem::WildcardWithCredentials
            } else if value != origin {
                AccessProblem::AllowOriginMismatch {
                    allow_origin: value,
                    origin: origin.to_string(),
                }
            } else {
                allow_credentials_problem(headers)
            }
        }
        // WebKit: WebCore/loader/CrossOriginAccessControl.cpp,
        // passesAccessControlCheck, on the header's values joined with ", ":
        // `*` with credentials, then a value with a comma, then any other
        // value (missing, invalid or another origin: one console line for
        // all), then credentials.
        Browser::WebKit => {
            if value == "*" {
                AccessProblem::WildcardWithCredentials
            } else if value != origin {
                if value.contains(',') {
                    AccessProblem::MultipleAllowOrigin {
                        allow_origin: value,
                    }
                } else {
                    AccessProblem::AllowOriginMismatch {
                        allow_origin: value,
                        origin: origin.to_string(),
                    }
                }
            } else {
                allow_credentials_problem(headers)
            }
        }
    }
}

fn allow_credentials_problem(headers: &HeaderList) -> AccessProblem {
    AccessProblem::AllowCredentialsNotTrue {
        allow_credentials: headers
            .get("Access-Control-Allow-Credentials")
            .map(|v| String::from_utf8_lossy(&v).into_owned()),
    }
}
