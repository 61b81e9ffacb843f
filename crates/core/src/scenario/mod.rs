//! The scenario format, versions 1 and 2 (`docs/scenario-v1.md`,
//! `docs/scenario-v2.md`): parsed from JSON, then validated
//! (`validate.rs`) into typed values, every problem collected with the JSON
//! path where it is.
//!
//! A [`Scenario`] is one request of a page, what one run of fetch decides;
//! a [`Timeline`] is a whole document: the page's requests in order, each
//! of which is a [`Scenario`] of its own, sharing the server and the
//! browser's caches.

use std::fmt;

use serde_json::Value;
use url::Url;

mod timeline;
mod validate;

pub use timeline::{PageRequest, Timeline};

/// The format version a writer emits when a scenario uses nothing of
/// version 2, so that version-1 readers keep reading it.
pub const VERSION: u64 = 1;

/// The newest format version this reader understands.
pub const LATEST: u64 = 2;

/// The most requests a version-2 document may hold.
pub const MAX_REQUESTS: usize = 50;

/// The latest a request may start, in seconds after the page loaded.
pub const MAX_AT_SECONDS: u64 = 1_000_000_000;

/// The most `[name, value]` pairs one header list (`request.headers`, each
/// `server[i].headers`) may hold. With [`MAX_RESPONSES`], it bounds the work
/// of evaluating any scenario: the standard's header-list algorithms compare
/// each header with the others, and the app draws every header it holds. A
/// lesson needs a handful, and HTTP servers refuse many more: hyper, behind
/// `corsim serve`, reads at most 100 headers by default.
pub const MAX_HEADERS: usize = 100;

/// The most responses `server` may hold. At most 20 redirects are followed,
/// each with at most a preflight, so no fetch ever uses more than 42.
pub const MAX_RESPONSES: usize = 100;

/// The most headers a scenario may hold in all its lists together: the app
/// draws each as a row of fields, and a scenario of 100 responses of 100
/// headers each took the app 25 s to draw, 7 s per keystroke.
pub const MAX_TOTAL_HEADERS: usize = 500;

/// [Request mode](https://fetch.spec.whatwg.org/#concept-request-mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestMode {
    Cors,
    NoCors,
    SameOrigin,
}

/// [Credentials mode](https://fetch.spec.whatwg.org/#concept-request-credentials-mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialsMode {
    Omit,
    SameOrigin,
    Include,
}

/// [Redirect mode](https://fetch.spec.whatwg.org/#concept-request-redirect-mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectMode {
    Follow,
    Error,
    Manual,
}

macro_rules! keyword_enum {
    ($ty:ident { $($word:literal => $variant:ident),+ $(,)? }) => {
        impl $ty {
            /// Every value with its JSON spelling, in the contract's order.
            pub const ALL: &'static [($ty, &'static str)] = &[$(($ty::$variant, $word)),+];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $word),+ }
            }
        }
    };
}

keyword_enum!(RequestMode { "cors" => Cors, "no-cors" => NoCors, "same-origin" => SameOrigin });
keyword_enum!(CredentialsMode { "omit" => Omit, "same-origin" => SameOrigin, "include" => Include });
keyword_enum!(RedirectMode { "follow" => Follow, "error" => Error, "manual" => Manual });

/// What makes the request (version 2): each decides the request's mode,
/// credentials mode and redirect mode, and the console line's wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Initiator {
    /// `fetch()`.
    Fetch,
    /// `XMLHttpRequest`, which axios uses in browsers.
    Xhr,
    /// `<img src>`.
    Img,
    /// `<script src>`.
    Script,
    /// An `@font-face` source.
    Font,
}

/// An element's [`crossorigin`](https://html.spec.whatwg.org/multipage/urls-and-fetching.html#cors-settings-attributes)
/// attribute, when present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrossOrigin {
    Anonymous,
    UseCredentials,
}

/// The kind of body passed to `fetch()` or `xhr.send()`: it decides the
/// `Content-Type` the browser adds when the author set none
/// ([extract a body](https://fetch.spec.whatwg.org/#concept-bodyinit-extract)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    None,
    Text,
    Urlencoded,
    FormData,
    Blob,
    JsonBlob,
}

/// An [IP address space](https://wicg.github.io/local-network-access/#ip-address-space),
/// from the most to the least private.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AddressSpace {
    Local,
    Private,
    Public,
}

/// Why a server entry gives no HTTP response at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fail {
    /// The connection is refused: nothing listens on the port.
    Refused,
    /// The host name does not resolve.
    Dns,
    /// The server's certificate is not trusted.
    Tls,
    /// The connection drops before a response.
    Reset,
    /// No answer before the browser gives up.
    Timeout,
}

/// The user's answer to the Local Network Access prompt for the page's site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    Denied,
    Granted,
}

keyword_enum!(Initiator { "fetch" => Fetch, "xhr" => Xhr, "img" => Img, "script" => Script, "font" => Font });
keyword_enum!(CrossOrigin { "anonymous" => Anonymous, "use-credentials" => UseCredentials });
keyword_enum!(BodyKind {
    "none" => None, "text" => Text, "urlencoded" => Urlencoded, "formdata" => FormData,
    "blob" => Blob, "json-blob" => JsonBlob,
});
keyword_enum!(AddressSpace { "local" => Local, "private" => Private, "public" => Public });
keyword_enum!(Fail { "refused" => Refused, "dns" => Dns, "tls" => Tls, "reset" => Reset, "timeout" => Timeout });
keyword_enum!(Permission { "denied" => Denied, "granted" => Granted });

/// A `FormData` body's `Content-Type`, its random boundary written as
/// `----FormBoundaryRandom`.
const FORM_DATA_CONTENT_TYPE: &str = "multipart/form-data; boundary=----FormBoundaryRandom";

impl BodyKind {
    /// The `Content-Type` extracting this body gives: `None` for no body
    /// and for a `Blob` without a type. A `FormData` boundary is random
    /// (`----WebKitFormBoundary` and 16 characters in Chromium and WebKit,
    /// `----geckoformboundary` and hex digits in Firefox), written as
    /// `----FormBoundaryRandom`.
    pub fn content_type(self) -> Option<&'static str> {
        match self {
            BodyKind::None | BodyKind::Blob => None,
            BodyKind::Text => Some("text/plain;charset=UTF-8"),
            BodyKind::Urlencoded => Some("application/x-www-form-urlencoded;charset=UTF-8"),
            BodyKind::FormData => Some(FORM_DATA_CONTENT_TYPE),
            BodyKind::JsonBlob => Some("application/json"),
        }
    }
}

impl Fail {
    /// What happened, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Fail::Refused => "the connection was refused (nothing listens there)",
            Fail::Dns => "the host name does not resolve",
            Fail::Tls => "the server's certificate is not trusted",
            Fail::Reset => "the connection dropped before a response",
            Fail::Timeout => "no answer before the browser gave up",
        }
    }
}

impl Initiator {
    /// Whether the request comes from an element rather than a script API.
    pub fn is_element(self) -> bool {
        matches!(self, Initiator::Img | Initiator::Script | Initiator::Font)
    }
}

/// What the page passes to `fetch()`. Method and headers stay exactly as typed:
/// deciding whether they are valid is the browser's job, modelled by the core.
/// For another initiator, `mode`, `credentials` and `redirect` are the ones
/// it implies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestInit {
    pub url: Url,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub mode: RequestMode,
    pub credentials: CredentialsMode,
    pub redirect: RedirectMode,
    pub initiator: Initiator,
    /// `img` and `script`: the `crossorigin` attribute.
    pub crossorigin: Option<CrossOrigin>,
    /// `xhr`: `xhr.withCredentials`.
    pub with_credentials: bool,
    /// `xhr`: a listener on `xhr.upload`.
    pub upload_listeners: bool,
    pub body: BodyKind,
    /// `fetch`: the `targetAddressSpace` option.
    pub target_address_space: Option<AddressSpace>,
}

impl RequestInit {
    /// A `fetch()` of `url` with every option at its default.
    pub fn get(url: Url) -> RequestInit {
        RequestInit {
            url,
            method: "GET".to_string(),
            headers: Vec::new(),
            mode: RequestMode::Cors,
            credentials: CredentialsMode::SameOrigin,
            redirect: RedirectMode::Follow,
            initiator: Initiator::Fetch,
            crossorigin: None,
            with_credentials: false,
            upload_listeners: false,
            body: BodyKind::None,
            target_address_space: None,
        }
    }
}

/// One scripted server response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerResponse {
    /// `None`: any method but `OPTIONS`. Compared exactly.
    pub method: Option<String>,
    /// `None`: the request's URL. Compared after parsing.
    pub url: Option<Url>,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// Answers at most this many matching requests; later ones go on to
    /// the next matching entry.
    pub times: Option<u32>,
    /// No HTTP response at all, for this reason.
    pub fail: Option<Fail>,
}

/// Where hosts are for Local Network Access, and the user's answer to its
/// prompt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Network {
    /// Host → address space, overriding where the host would resolve.
    pub address_spaces: Vec<(String, AddressSpace)>,
    pub local_network_access: Option<Permission>,
}

impl Network {
    /// The address space of `url`'s host: as the scenario sets it, else
    /// loopback names and addresses are local, private IP ranges private,
    /// every other host public.
    pub fn address_space(&self, url: &Url) -> AddressSpace {
        let Some(host) = url.host_str() else {
            return AddressSpace::Local;
        };
        if let Some((_, space)) = self
            .address_spaces
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(host))
        {
            return *space;
        }
        crate::origin::default_address_space(url)
    }

    /// The user's answer to the prompt: denied unless the scenario says
    /// granted (a dismissed prompt and a headless browser deny too).
    pub fn permission(&self) -> Permission {
        self.local_network_access.unwrap_or(Permission::Denied)
    }
}

/// A validated scenario: one request of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub title: Option<String>,
    pub page: Url,
    pub sandboxed: bool,
    pub request: RequestInit,
    pub server: Vec<ServerResponse>,
    /// The page belongs to someone the server must not trust.
    pub attacker: bool,
    pub network: Network,
}

/// One problem with a scenario document, at a JSON path such as
/// `request.headers[1][0]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// A scenario document's JSON, before validation: a byte order mark, as
/// some editors write, is ignored (RFC 8259 allows it).
pub fn parse_document(text: &str) -> Result<Value, Vec<ScenarioError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        vec![ScenarioError {
            path: String::new(),
            message: format!("not valid JSON: {e}"),
        }]
    })
}

impl Scenario {
    /// Every http(s) URL the scenario names: its page, its request, its
    /// server entries' URLs and where their `Location` headers point. These
    /// are the origins `corsim serve` plays and live mode maps.
    pub fn named_urls(&self) -> Vec<Url> {
        let mut urls = vec![self.page.clone(), self.request.url.clone()];
        for entry in &self.server {
            let base = entry.url.as_ref().unwrap_or(&self.request.url);
            urls.push(base.clone());
            for (name, value) in &entry.headers {
                if name.eq_ignore_ascii_case("location") {
                    if let Ok(target) = base.join(value.trim()) {
                        urls.push(target);
                    }
                }
            }
        }
        urls.retain(|u| matches!(u.scheme(), "http" | "https"));
        urls
    }

    /// Parses and validates a scenario document of one request, returning
    /// every problem found.
    pub fn from_json(text: &str) -> Result<Scenario, Vec<ScenarioError>> {
        Scenario::from_value(&parse_document(text)?)
    }

    /// Validates an already parsed JSON document of one request (version 1,
    /// or version 2 with one request).
    pub fn from_value(value: &Value) -> Result<Scenario, Vec<ScenarioError>> {
        Timeline::from_value(value)?.into_single()
    }
}

#[cfg(test)]
mod tests;
