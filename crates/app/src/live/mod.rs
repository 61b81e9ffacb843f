//! Live mode: the scenario on screen, run for real in the learner's own
//! browser against `corsim serve`, and what happened read back in the
//! scenario's own terms. Plain Rust, built natively and for wasm: the mapping
//! and the parsing are tested natively. A run has two halves: the import
//! worker (`crates/import-worker`, its `live.rs`) talks to the companion and
//! compares ([`run`], `views/live_view.rs`), so that none of it is in the
//! app's first load; corsim-web's `live.rs` only opens the page in a frame
//! and passes its message on.
//!
//! # How a run goes
//!
//! The app, served by `corsim serve --dist dist`, asks its own origin for
//! `GET /__corsim/hello` ([`parse_hello`]: the companion's plain-HTTP port).
//! It maps the scenario ([`OriginMap`]), loads the mapped scenario with
//! `POST /__corsim/scenario`, clears the request log, and opens the page the
//! companion serves at the mapped page URL in a hidden iframe. That page runs
//! the scenario's `fetch()` and posts what the script got to the app
//! ([`parse_message`]); the app then reads the requests that went on the
//! wire from `GET /__corsim/log` ([`parse_log`], [`OriginMap::fetched`]) and
//! maps every name back before comparing.
//!
//! # The mapping
//!
//! A test browser is told to send every name to loopback
//! (`--host-resolver-rules`) and to ignore certificate errors; the learner's
//! browser is not: `app.example.com` is on the internet, and the companion's
//! certificates come from a CA it does not trust. So every origin the
//! scenario names runs under a name of its own below `.localhost`, on the
//! companion's plain-HTTP port `P`:
//!
//! | in the scenario | where it runs |
//! |---|---|
//! | `https://app.example.com` | `http://app.example.com.RUN.localhost:P` |
//! | `http://app.example.com` | `http://app.example.com.http.RUN.localhost:P` |
//! | `https://api.example.com:8443` | `http://api.example.com.https-8443.RUN.localhost:P` |
//! | `http://localhost:3000` | `http://localhost.http-3000.RUN.localhost:P` |
//! | `http://192.168.1.20` | `http://192.168.1.20.http.RUN.localhost:P` |
//!
//! Browsers resolve every `*.localhost` name to loopback by themselves (no
//! DNS, no hosts file) and count `http://*.localhost` as potentially
//! trustworthy, so a page there is a secure context and fetching from it is
//! never mixed content. `RUN` ([`run_label`]) is new for every run: the names,
//! and so the browser's preflight cache, HTTP cache and connections, are new
//! too, and a preflight cached by an earlier run (`Access-Control-Max-Age`)
//! cannot stand in for this run's.
//!
//! The mapping is one-to-one on the scenario's origins (two origins that
//! would share a name are refused, [`MapError::Collision`]), so what is
//! same-origin stays same-origin and what is cross-origin stays
//! cross-origin. Every value that names an origin is rewritten with it, so
//! that the mapped scenario means the same thing:
//!
//! - the page URL, the request URL and each `server[].url`;
//! - `Location` values that name a host (absolute or scheme-relative);
//!   relative ones stay, and resolve against the mapped URL as they did
//!   against the original;
//! - `Access-Control-Allow-Origin` values: each exact serialization of a
//!   scenario origin in them, as text, so `https://app.example.com/` becomes
//!   `http://app.example.com.RUN.localhost:P/` and keeps its mistake (the
//!   trailing `/`); a value that does not name an origin exactly
//!   (`https://APP.example.com`, `https://app.example.com:443`, `*`, `null`)
//!   stays as it is, and matches the mapped origin no more than the original.
//!
//! Nothing else changes: methods, request headers, modes, statuses, other
//! response headers and the `sandboxed` flag go as typed. A `data:` page is
//! run as it is (its origin is opaque anyway); a `file:` page is not run
//! ([`MapError::Page`]): a web page cannot open one.
//!
//! # What the mapping changes
//!
//! It cannot keep everything; [`caveats`](fn@caveats) says which of these apply to a
//! scenario, and the comparison marks a difference that the mapping itself
//! explains (the core's verdict for the mapped scenario agrees with the
//! browser) apart from one where the browser and corsim disagree:
//!
//! - **Scheme.** Every origin is `http:` here. An `https:` page fetching a
//!   plain `http:` URL is mixed content and blocked; mapped, the URL is on
//!   `.localhost`, potentially trustworthy, and the request goes out.
//! - **Port.** Every origin is on port `P`; the original port is in the
//!   name (`https-8443`), so origins that differed by port still differ. A
//!   port the browser refuses (a "bad port" such as 6000) is not refused here.
//! - **Names.** The server sees mapped names in `Host`, `Origin` and
//!   `Referer`; the app maps `Origin` and URLs back before comparing.
//! - **Address space.** Every name is loopback here, so Chromium's Local
//!   Network Access, which asks before a public page reaches a loopback or
//!   private address, never asks.
//! - **Sites.** All names share the `.localhost` top-level name, so which
//!   origins count as the same site is not kept (`Sec-Fetch-Site`, cookies'
//!   `SameSite`); the core's verdict does not depend on sites.
//! - **Framing.** The page runs in an iframe inside the app, not as a
//!   top-level page: its cookies are third-party ones, and the browser may
//!   partition or block them (the core does not model cookies).

mod caveats;
mod mapping;
mod protocol;
pub mod run;
#[cfg(test)]
mod tests;

use corsim_core::browser::Browser;

use crate::draft::Draft;

pub use caveats::caveats;
pub use mapping::{run_label, MapError, MappedOrigin, OriginMap};
pub use protocol::{
    parse_hello, parse_loaded, parse_log, parse_message, ControlError, Hello, Loaded, Log,
    LoggedRequest, PageResult,
};

/// Where the app asks whether `corsim serve` is behind it.
pub const HELLO_PATH: &str = "/__corsim/hello";
/// Where the app loads the mapped scenario, as the scenario named `live`.
pub const LOAD_PATH: &str = "/__corsim/scenario?name=live";
/// The companion's request log (`DELETE` clears it and returns it).
pub const LOG_PATH: &str = "/__corsim/log";
/// How long the page may take to report what its `fetch()` got.
pub const TIMEOUT_SECONDS: u64 = 15;

/// The command that starts the companion with the app, for the learner who
/// has the app from somewhere else. Ports above 1024, so no root is needed.
pub const START_COMMAND: &str =
    "cargo run --release --bin corsim -- serve --dist dist --http-port 8080 --https-port 8443";
/// Where the app is then: any host the scenario does not name gets the app.
pub const START_URL: &str = "http://127.0.0.1:8080/";

/// One finished run: the scenario as it was run, where it ran, and what
/// the browser did, as observed (in the mapped names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveRun {
    /// The scenario as it was when the button was pressed.
    pub draft: Draft,
    /// The browser that ran it, when it is one corsim models ([`browser_of`]).
    pub browser: Option<Browser>,
    pub map: OriginMap,
    pub result: PageResult,
    /// The requests the `fetch()` made, in order ([`OriginMap::fetched`]).
    pub requests: Vec<LoggedRequest>,
}

/// The engine of the browser whose `navigator.userAgent` this is, when corsim
/// models it, so that a live run is compared with corsim's verdict for that
/// browser: Firefox's or WebKit's where they differ from Chromium. Edge,
/// Opera and the other Chromium browsers say `Chrome/`; Safari, WebKitGTK
/// browsers (Epiphany, say) and every browser on iOS, whose Chrome and
/// Firefox say `CriOS/` and `FxiOS/`, run WebKit and say `AppleWebKit/`
/// without `Chrome/`.
pub fn browser_of(user_agent: &str) -> Option<Browser> {
    if user_agent.contains("Firefox/") {
        Some(Browser::Firefox)
    } else if user_agent.contains("Chrome/") || user_agent.contains("Chromium/") {
        Some(Browser::Chromium)
    } else if user_agent.contains("AppleWebKit/") {
        Some(Browser::WebKit)
    } else {
        None
    }
}

/// Why a run has no result. Plain text, as it comes from the worker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveFailure {
    /// No `corsim serve` behind the app: say how to start it.
    Absent,
    /// The scenario cannot be mapped ([`MapError`]'s words).
    CannotMap(String),
    /// Anything else, in one sentence.
    Failed(String),
}

/// A finished run as the app keeps it: the scenario as it was run, and the
/// comparison the worker drew (`views::live_view::markup`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveReport {
    pub draft: Draft,
    pub markup: String,
}
