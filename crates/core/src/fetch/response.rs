//! What the script may read of a response: the
//! [basic](https://fetch.spec.whatwg.org/#concept-filtered-response-basic) and
//! [CORS](https://fetch.spec.whatwg.org/#concept-filtered-response-cors)
//! filtered responses.

use crate::fetch::request::{Request, ResponseTainting};
use crate::header::{
    is_cors_safelisted_response_header_name, is_forbidden_response_header_name, parse_allow_list,
    HeaderList,
};
use crate::scenario::CredentialsMode;

/// Lower-case response header names, sorted, split by whether the script sees them.
#[derive(Debug, PartialEq, Eq)]
pub struct Readable {
    pub exposed: Vec<String>,
    pub hidden: Vec<String>,
    /// `Access-Control-Expose-Headers: *` counted as a wildcard.
    pub wildcard: bool,
}

/// Splits the response's header names into what `response.headers` shows and what it hides.
pub fn readable_headers(request: &Request, headers: &HeaderList) -> Readable {
    let mut names: Vec<String> = headers
        .iter()
        .map(|h| h.name.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();

    let forbidden = is_forbidden_response_header_name;
    let cors = request.tainting == ResponseTainting::Cors;
    let listed = if cors {
        expose_list(headers)
    } else {
        Vec::new()
    };
    // "If request's credentials mode is not "include" and headerNames contains
    // `*`, then set response's CORS-exposed header-name list to all unique
    // header names in response's header list."
    let wildcard =
        cors && request.credentials != CredentialsMode::Include && listed.iter().any(|n| n == "*");
    let visible = |name: &str| match request.tainting {
        // A basic filtered response hides only the forbidden response-header names.
        ResponseTainting::Basic => !forbidden(name),
        ResponseTainting::Cors => {
            !forbidden(name)
                && (wildcard
                    || is_cors_safelisted_response_header_name(name)
                    || listed.iter().any(|l| l.eq_ignore_ascii_case(name)))
        }
        ResponseTainting::Opaque => false,
    };
    let (exposed, hidden) = names.into_iter().partition(|name| visible(name));
    Readable {
        exposed,
        hidden,
        wildcard,
    }
}

/// The names listed in `Access-Control-Expose-Headers`: "extracting header
/// list values"; a value that does not parse exposes nothing (as Blink's
/// `HTTPHeaderNameListParser` does).
fn expose_list(headers: &HeaderList) -> Vec<String> {
    headers
        .get("Access-Control-Expose-Headers")
        .and_then(|value| parse_allow_list(&value).ok())
        .unwrap_or_default()
}

/// One line for the trace.
pub fn describe(readable: &Readable) -> String {
    let list = |names: &[String]| {
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    };
    format!(
        "the script can read the response; headers it sees: {}; hidden from it: {}{}",
        list(&readable.exposed),
        list(&readable.hidden),
        if readable.wildcard {
            " (`Access-Control-Expose-Headers: *` exposes all but Set-Cookie)"
        } else {
            ""
        }
    )
}
