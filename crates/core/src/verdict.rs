//! The verdict format, version 1 (`shared/contract/scenario-v1.md`), with the
//! compatible extensions the app and the command line show: the origin
//! comparison, the preflight decision, the typed failure, notes, preflight
//! caching and the trace.

use serde::Serialize;

use crate::browser::Browser;
use crate::failure::Failure;
use crate::header::UnsafeBecause;
use crate::note::Note;
use crate::origin::OriginComparison;
use crate::scenario::Fail;
use crate::trace::Step;

/// Which kind of request went on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WireKind {
    Preflight,
    Main,
    Redirect,
}

/// One HTTP request the browser sent, and the status it got back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireEntry {
    pub kind: WireKind,
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub status: u16,
    /// Which scripted server entry answered this request: its index in
    /// `scenario.server` (the first entry whose method and URL match, as
    /// [`crate::fetch::respond`] picks it), or `None` when none matched and
    /// the default 404 with no headers answered. Read it instead of matching
    /// the request against the server again:
    /// `wire.answered_by.and_then(|i| scenario.server.get(i))`.
    ///
    /// Not serialized: the verdict's JSON is unchanged.
    pub answered_by: Option<usize>,
    /// No HTTP response came, for this reason (version 2's `server[].fail`):
    /// serialized as `"status": null` and `"fail"`.
    pub fail: Option<Fail>,
}

impl Serialize for WireEntry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut entry = serializer.serialize_struct("WireEntry", 6)?;
        entry.serialize_field("kind", &self.kind)?;
        entry.serialize_field("method", &self.method)?;
        entry.serialize_field("url", &self.url)?;
        entry.serialize_field("headers", &self.headers)?;
        match self.fail {
            None => entry.serialize_field("status", &self.status)?,
            Some(fail) => {
                entry.serialize_field("status", &None::<u16>)?;
                entry.serialize_field("fail", fail.as_str())?;
            }
        }
        entry.end()
    }
}

/// What the script gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Readable,
    Opaque,
    NetworkError,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Readable => "readable",
            Outcome::Opaque => "opaque",
            Outcome::NetworkError => "network-error",
        }
    }
}

/// The console line of each browser, or `None` when it prints none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Console {
    pub chromium: Option<String>,
    pub firefox: Option<String>,
    /// WebKit's lines, joined by `\n`. Not in the version-1 verdict, which
    /// names two browsers; the version-2 verdict has it.
    #[serde(skip)]
    pub webkit: Option<String>,
}

impl Console {
    /// The line(s) `browser` prints.
    pub fn of(&self, browser: Browser) -> Option<&str> {
        match browser {
            Browser::Chromium => self.chromium.as_deref(),
            Browser::Firefox => self.firefox.as_deref(),
            Browser::WebKit => self.webkit.as_deref(),
        }
    }
}

/// Where a console line's template comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsoleSource {
    pub browser: &'static str,
    pub version: &'static str,
    pub file: &'static str,
    pub key: &'static str,
}

/// Why a preflight is (or would be) sent, one entry per trigger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "trigger", rename_all = "kebab-case")]
pub enum PreflightTrigger {
    /// The method is not GET, HEAD or POST.
    Method { method: String },
    /// A header that is not CORS-safelisted.
    Header {
        name: String,
        because: UnsafeBecause,
    },
    /// `XMLHttpRequest` with an upload listener: the use-CORS-preflight flag.
    UploadListeners,
}

/// The preflight decision of the first cross-origin fetch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreflightDecision {
    pub sent: bool,
    /// Why not, when no preflight was needed (`same-origin`, `data-url`,
    /// `no-cors`, `simple`, or `not-reached` when the fetch stopped before).
    pub skipped_because: Option<&'static str>,
    pub triggers: Vec<PreflightTrigger>,
}

/// How long a browser keeps a successful preflight in its cache.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreflightCaching {
    /// The `Access-Control-Max-Age` value as sent, if any.
    pub max_age: Option<String>,
    pub chromium_seconds: u64,
    pub firefox_seconds: u64,
    /// Not in the version-1 verdict, which names two browsers.
    #[serde(skip)]
    pub webkit_seconds: u64,
}

impl PreflightCaching {
    /// How long `browser` keeps the preflight.
    pub fn seconds(&self, browser: Browser) -> u64 {
        match browser {
            Browser::Chromium => self.chromium_seconds,
            Browser::Firefox => self.firefox_seconds,
            Browser::WebKit => self.webkit_seconds,
        }
    }
}

/// The verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub version: u32,
    pub origin: String,
    pub same_origin: bool,
    pub wire: Vec<WireEntry>,
    pub outcome: Outcome,
    pub status: Option<u16>,
    pub exposed_headers: Vec<String>,
    pub console: Console,
    // Extensions to the contract's fields.
    /// Lower-case names of response headers the script cannot read.
    pub hidden_headers: Vec<String>,
    pub origin_comparison: OriginComparison,
    pub preflight: PreflightDecision,
    pub preflight_caching: Option<PreflightCaching>,
    pub failure: Option<Failure>,
    pub notes: Vec<Note>,
    pub console_sources: Vec<ConsoleSource>,
    pub trace: Vec<Step>,
}

impl Verdict {
    /// The verdict as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        // Serializing plain data with string keys cannot fail; fall back to a
        // JSON error object rather than panicking if it ever did.
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
    }
}
