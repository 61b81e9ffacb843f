//! What `new Request(input, init)` does before anything is sent
//! (<https://fetch.spec.whatwg.org/#dom-request>): it may throw a `TypeError`,
//! normalizes the method and quietly drops headers the page may not set.

use url::Url;

use crate::browser::Browser;
use crate::failure::Failure;
use crate::header::{
    cors_safelisted_request_header, firefox_safelisted_request_header, forbidden_request_header,
    header_name_problem, header_value_problem, no_cors_safelisted_request_header_by,
    normalize_header_value, refused_by_firefox_only, webkit_safelisted_request_header, Forbidden,
    Header, HeaderList,
};
use crate::infra::isomorphic_decode;
use crate::method::{is_cors_safelisted_method, is_forbidden_method, is_method, normalize_method};
use crate::note::Note;
use crate::origin::Origin;
use crate::scenario::{
    BodyKind, CredentialsMode, Initiator, RedirectMode, RequestInit, RequestMode, Scenario,
};
use crate::trace::{Step, StepResult};

/// [Response tainting](https://fetch.spec.whatwg.org/#concept-request-response-tainting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseTainting {
    Basic,
    Cors,
    Opaque,
}

/// The parts of a [request](https://fetch.spec.whatwg.org/#concept-request)
/// that CORS looks at.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The [URL list](https://fetch.spec.whatwg.org/#concept-request-url-list):
    /// the URL passed to `fetch()`, then each redirect's target.
    pub url: Url,
    pub redirected_to: Vec<Url>,
    pub headers: HeaderList,
    pub origin: Origin,
    pub mode: RequestMode,
    pub credentials: CredentialsMode,
    pub redirect: RedirectMode,
    pub tainting: ResponseTainting,
    pub redirect_count: u32,
    /// The [use-CORS-preflight flag](https://fetch.spec.whatwg.org/#use-cors-preflight-flag):
    /// a preflight even for a safelisted method and headers.
    pub use_cors_preflight: bool,
}

impl Request {
    /// The [current URL](https://fetch.spec.whatwg.org/#concept-request-current-url).
    pub fn current_url(&self) -> &Url {
        self.redirected_to.last().unwrap_or(&self.url)
    }

    pub fn url_list(&self) -> impl Iterator<Item = &Url> {
        std::iter::once(&self.url).chain(&self.redirected_to)
    }

    /// [Serializing a request origin](https://fetch.spec.whatwg.org/#serializing-a-request-origin):
    /// `null` once the redirect-taint is not "same-origin".
    pub fn serialized_origin(&self) -> String {
        if self.redirect_tainted() {
            "null".to_string()
        } else {
            self.origin.serialize()
        }
    }

    /// Whether the [redirect-taint](https://fetch.spec.whatwg.org/#concept-request-tainted-origin)
    /// is not "same-origin".
    pub fn redirect_tainted(&self) -> bool {
        // "If url's origin is not same origin with lastURL's origin and
        // request's origin is not same origin with lastURL's origin, then set
        // taint to "same-site"" (or "cross-site": both serialize as null).
        self.url_list()
            .zip(self.url_list().skip(1))
            .any(|(last, url)| {
                let last = Origin::of(last);
                !Origin::of(url).same_origin(&last) && !self.origin.same_origin(&last)
            })
    }
}

/// Runs the `Request` constructor steps that can throw or change what is sent.
pub fn construct(
    scenario: &Scenario,
    origin: Origin,
    browser: Browser,
    trace: &mut Vec<Step>,
    notes: &mut Vec<Note>,
) -> Result<Request, Failure> {
    const SPEC: &str = "https://fetch.spec.whatwg.org/#dom-request";
    let init = &scenario.request;
    let step = |detail: String, result| Step {
        algorithm: "new Request()",
        spec: SPEC,
        detail,
        result,
    };

    // "If parsedURL includes credentials, then throw a TypeError."
    if !init.url.username().is_empty() || init.url.password().is_some() {
        trace.push(step(
            format!(
                "{} includes a username or password: throw a TypeError",
                init.url
            ),
            StepResult::Fail,
        ));
        return Err(Failure::UrlHasCredentials {
            url: init.url.to_string(),
        });
    }

    // "If method is not a method or method is a forbidden method, then throw a TypeError."
    let typed = init.method.as_str();
    if !is_method(typed) {
        trace.push(step(
            format!("`{typed}` is not a valid method: throw a TypeError"),
            StepResult::Fail,
        ));
        return Err(Failure::InvalidMethod {
            method: typed.to_string(),
        });
    }
    if is_forbidden_method(typed) {
        trace.push(step(
            format!("`{typed}` is a forbidden method: throw a TypeError"),
            StepResult::Fail,
        ));
        return Err(Failure::ForbiddenMethod {
            method: typed.to_string(),
        });
    }
    // "Normalize method."
    let method = normalize_method(typed);
    if method != typed {
        notes.push(Note::MethodNormalized {
            from: typed.to_string(),
            to: method.clone(),
        });
    } else if method.bytes().any(|b| b.is_ascii_lowercase()) {
        notes.push(Note::MethodKeptAsTyped {
            method: method.clone(),
        });
    }
    trace.push(Step {
        algorithm: "new Request()",
        spec: "https://fetch.spec.whatwg.org/#concept-method-normalize",
        detail: if method == typed {
            format!("the method is `{method}`, sent as typed")
        } else {
            format!("the method `{typed}` is normalized to `{method}`")
        },
        result: StepResult::Info,
    });

    // "If this's request's mode is "no-cors", then: If this's request's method
    // is not a CORS-safelisted method, then throw a TypeError."
    if init.mode == RequestMode::NoCors && !is_cors_safelisted_method(&method) {
        trace.push(step(
            format!("`{method}` is not GET, HEAD or POST, which no-cors mode requires: throw a TypeError"),
            StepResult::Fail,
        ));
        return Err(Failure::MethodNotNoCorsSafelisted { method });
    }

    let init = &with_body_content_type(init, &method, trace)?;
    let headers = fill_headers(init, browser, trace, notes)?;
    let use_cors_preflight = upload_listeners_force_preflight(init, &method, browser, trace);

    // WebKit loads a web font without CORS (observed in WebKitGTK 2.50.6:
    // no `Origin`, and the font loads whatever the response's headers),
    // where the CSS Fonts standard asks for a CORS request.
    let mode = if browser == Browser::WebKit && init.initiator == Initiator::Font {
        trace.push(Step {
            algorithm: "font load",
            spec: "https://drafts.csswg.org/css-fonts/#font-fetching-requirements",
            detail: "WebKit fetches a web font in no-cors mode: no CORS check, the font loads whatever the server's headers".to_string(),
            result: StepResult::Info,
        });
        RequestMode::NoCors
    } else {
        init.mode
    };

    Ok(Request {
        method,
        url: init.url.clone(),
        redirected_to: Vec::new(),
        headers,
        origin,
        mode,
        credentials: init.credentials,
        redirect: init.redirect,
        tainting: ResponseTainting::Basic,
        redirect_count: 0,
        use_cors_preflight,
    })
}

/// The body's part in the request: `fetch()` throws for a body with `GET`
/// or `HEAD`, and `xhr.send()` drops it ("If this's request method is `GET`
/// or `HEAD`, then set body to null"); otherwise,
/// [extracting](https://fetch.spec.whatwg.org/#concept-bodyinit-extract)
/// it gives a `Content-Type`, appended when the author set none ("If
/// Content-Type is non-null and this's headers's header list does not
/// contain `Content-Type`, then append"), through the same guard as the
/// author's headers.
fn with_body_content_type(
    init: &RequestInit,
    method: &str,
    trace: &mut Vec<Step>,
) -> Result<RequestInit, Failure> {
    let mut init = init.clone();
    if init.body == BodyKind::None {
        return Ok(init);
    }
    if method == "GET" || method == "HEAD" {
        if init.initiator == Initiator::Fetch {
            trace.push(Step {
                algorithm: "new Request()",
                spec: "https://fetch.spec.whatwg.org/#dom-request",
                detail: format!("a {method} request cannot have a body: throw a TypeError"),
                result: StepResult::Fail,
            });
            return Err(Failure::BodyWithGetOrHead {
                method: method.to_string(),
            });
        }
        trace.push(Step {
            algorithm: "xhr.send()",
            spec: "https://xhr.spec.whatwg.org/#the-send()-method",
            detail: format!("a {method} request sends no body: the body is dropped"),
            result: StepResult::Info,
        });
        init.body = BodyKind::None;
        return Ok(init);
    }
    let Some(content_type) = init.body.content_type() else {
        return Ok(init);
    };
    if init
        .headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
    {
        return Ok(init);
    }
    trace.push(Step {
        algorithm: "extract a body",
        spec: "https://fetch.spec.whatwg.org/#concept-bodyinit-extract",
        detail: format!(
            "the body ({}) gives `Content-Type: {content_type}`, added because the page set none",
            init.body.as_str()
        ),
        result: StepResult::Info,
    });
    init.headers
        .push(("Content-Type".to_string(), content_type.to_string()));
    Ok(init)
}

/// `XMLHttpRequest`'s send() sets the use-CORS-preflight flag when "this's
/// upload object has one or more event listeners registered", body or not,
/// as Firefox and WebKit do; Chromium sets it only when there is a body to
/// upload (observed: a GET with an upload listener goes without a preflight
/// in Chromium 156 only).
fn upload_listeners_force_preflight(
    init: &RequestInit,
    method: &str,
    browser: Browser,
    trace: &mut Vec<Step>,
) -> bool {
    let has_body = init.body != BodyKind::None && method != "GET" && method != "HEAD";
    let forced = init.initiator == Initiator::Xhr
        && init.upload_listeners
        && (has_body || browser != Browser::Chromium);
    if forced {
        trace.push(Step {
            algorithm: "xhr.send()",
            spec: "https://xhr.spec.whatwg.org/#the-send()-method",
            detail: "an upload progress listener is registered: the use-CORS-preflight flag is set, so a cross-origin request is preflighted whatever its method and headers".to_string(),
            result: StepResult::Info,
        });
    }
    forced
}

/// [Fill](https://fetch.spec.whatwg.org/#concept-headers-fill) the request's
/// headers, appending each pair with the "request" or "request-no-cors" guard.
fn fill_headers(
    init: &RequestInit,
    browser: Browser,
    trace: &mut Vec<Step>,
    notes: &mut Vec<Note>,
) -> Result<HeaderList, Failure> {
    const APPEND: &str = "https://fetch.spec.whatwg.org/#concept-headers-append";
    let mut headers = HeaderList::new();
    for (name, typed_value) in &init.headers {
        // WebIDL ByteString conversion: a code point above U+00FF throws.
        let Some(raw) = to_byte_string(typed_value) else {
            trace.push(Step {
                algorithm: "Headers append",
                spec: "https://webidl.spec.whatwg.org/#es-ByteString",
                detail: format!(
                    "the value of `{name}` has a character above U+00FF: throw a TypeError"
                ),
                result: StepResult::Fail,
            });
            return Err(Failure::HeaderValueNotByteString { name: name.clone() });
        };
        // "Normalize value." then "If name is not a header name or value is not
        // a header value, then throw a TypeError."
        let value = normalize_header_value(&raw).to_vec();
        if let Some(problem) = header_name_problem(name) {
            trace.push(Step {
                algorithm: "Headers append",
                spec: APPEND,
                detail: format!(
                    "`{name}` is not a valid header name ({problem}): throw a TypeError"
                ),
                result: StepResult::Fail,
            });
            return Err(Failure::invalid_header_name(name, &problem));
        }
        if let Some(problem) = header_value_problem(&value) {
            trace.push(Step {
                algorithm: "Headers append",
                spec: APPEND,
                detail: format!("the value of `{name}` is not a valid header value ({problem}): throw a TypeError"),
                result: StepResult::Fail,
            });
            return Err(Failure::invalid_header_value(name, &problem));
        }
        if init.mode == RequestMode::NoCors {
            // "request-no-cors" guard: the combined value must stay
            // no-CORS-safelisted, else the header is dropped.
            let mut combined = headers.get(name).unwrap_or_default();
            if !combined.is_empty() {
                combined.extend_from_slice(b", ");
            }
            combined.extend_from_slice(&value);
            // Firefox parses Content-Type its own way (header/firefox_safelist.rs).
            let safelisted = match browser {
                Browser::Chromium => cors_safelisted_request_header,
                Browser::WebKit => webkit_safelisted_request_header,
                Browser::Firefox => firefox_safelisted_request_header,
            };
            if browser == Browser::Chromium {
                if let Some(refused) = refused_by_firefox_only(name, &combined) {
                    let value = isomorphic_decode(&combined);
                    trace.push(Step {
                        algorithm: "Headers append",
                        spec: APPEND,
                        detail: format!(
                            "`Content-Type: {value}` is no-CORS-safelisted, so Chromium keeps it; \
                             Firefox's own Content-Type parser refuses {refused}, so Firefox drops it"
                        ),
                        result: StepResult::Info,
                    });
                    notes.push(Note::FirefoxRefusesContentType { value, refused });
                }
            }
            if !no_cors_safelisted_request_header_by(name, &combined, safelisted) {
                trace.push(Step {
                    algorithm: "Headers append",
                    spec: APPEND,
                    detail: format!("`{name}` is not no-CORS-safelisted: dropped without an error"),
                    result: StepResult::Info,
                });
                notes.push(Note::NoCorsHeaderDropped { name: name.clone() });
                continue;
            }
        }
        // "request" guard: a forbidden request-header is ignored.
        if let Some(why) = forbidden_request_header(name, &value) {
            let chromium_only = why == Forbidden::ChromiumOnly;
            if chromium_only && browser != Browser::Chromium {
                // Firefox follows the standard, which lets pages set it.
            } else {
                trace.push(Step {
                    algorithm: "Headers append",
                    spec: "https://fetch.spec.whatwg.org/#forbidden-request-header",
                    detail: if chromium_only {
                        format!("`{name}` is forbidden in Chromium (not in the standard): dropped without an error")
                    } else {
                        format!("`{name}` is a forbidden request-header: dropped without an error")
                    },
                    result: StepResult::Info,
                });
                notes.push(Note::ForbiddenHeaderDropped {
                    name: name.clone(),
                    chromium_only,
                });
                continue;
            }
        }
        headers.append(Header::new(name.clone(), value));
    }
    Ok(headers)
}

/// WebIDL's ByteString conversion: `None` when a code point is above U+00FF.
fn to_byte_string(value: &str) -> Option<Vec<u8>> {
    value
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}
