//! The fetch as a sequence diagram: a lane for the script, one for the browser
//! and one per server origin; the `fetch()` call, each request on the wire with
//! the headers that matter, each response with its headers, where the browser
//! stopped and why, and what the script finally gets. Every position is
//! computed here, so the component only draws; each row also carries one
//! sentence, the diagram's text equivalent.
//!
//! Nothing here decides anything about CORS: the rows come from the verdict's
//! wire, failure and outcome, the response headers from the core's scripted
//! server ([`corsim_core::fetch::respond`]), and the reasons from
//! [`corsim_core::explain`].

use corsim_core::explain;
use corsim_core::failure::Failure;
use corsim_core::fetch::respond;
use corsim_core::scenario::{RedirectMode, RequestMode, Scenario};
use corsim_core::verdict::{Outcome, Verdict, WireEntry, WireKind};
use url::Url;

use crate::draft::Draft;

/// The diagram: lanes, rows in time order, and its size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    pub lanes: Vec<Lane>,
    pub rows: Vec<Row>,
    /// The whole flow in one sentence, for the SVG's `<desc>`.
    pub summary: String,
    pub width: u32,
    pub height: u32,
    /// Where the lifelines start (under the lane heads) and end.
    pub lifeline_top: u32,
    pub lifeline_bottom: u32,
}

/// One participant, drawn as a head box with a dashed lifeline under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    /// "Script", "Browser", "Server".
    pub label: String,
    /// The page's origin for the script, the server's origin for a server,
    /// empty for the browser.
    pub origin: String,
    /// The lifeline's x, the centre of the head box.
    pub x: u32,
    /// The head box: left edge, top, width and height.
    pub head: Rect,
    /// The label and the origin, centred in the head box.
    pub labels: Vec<Label>,
}

/// A rectangle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// What a row shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// The script calls `fetch()`: script → browser.
    Call,
    /// A request on the wire: browser → server.
    Request(WireKind),
    /// Its response: server → browser.
    Response(WireKind),
    /// The browser reads a `data:` URL itself: nothing on the wire.
    Local,
    /// The browser refuses: a ✕ on the browser's lifeline, with the reason.
    Stop,
    /// What the script gets: browser → script.
    Result(Outcome),
}

impl RowKind {
    /// The CSS class of the row (`static/diagram.css`).
    pub fn class(self) -> &'static str {
        match self {
            RowKind::Call => "seq-row seq-call",
            RowKind::Request(WireKind::Preflight) => "seq-row seq-request seq-preflight",
            RowKind::Request(_) => "seq-row seq-request",
            RowKind::Response(_) => "seq-row seq-response",
            RowKind::Local => "seq-row seq-local",
            RowKind::Stop => "seq-row seq-stop",
            RowKind::Result(Outcome::Readable) => "seq-row seq-result seq-ok",
            RowKind::Result(Outcome::Opaque) => "seq-row seq-result seq-opaque",
            RowKind::Result(Outcome::NetworkError) => "seq-row seq-result seq-bad",
        }
    }

    /// The id of the arrowhead marker the component defines for the row.
    pub fn arrowhead(self) -> &'static str {
        match self {
            RowKind::Result(Outcome::Readable) => "seq-arrow-ok",
            RowKind::Result(Outcome::Opaque) => "seq-arrow-opaque",
            RowKind::Result(Outcome::NetworkError) => "seq-arrow-bad",
            _ => "seq-arrow",
        }
    }

    /// Whether the row is an arrow between two lanes (the others are marks on
    /// the browser's lifeline).
    pub fn is_arrow(self) -> bool {
        !matches!(self, RowKind::Local | RowKind::Stop)
    }

    /// Whether the arrow is drawn dashed, as answers are.
    pub fn is_reply(self) -> bool {
        matches!(self, RowKind::Response(_) | RowKind::Result(_))
    }
}

/// How a line of text is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelStyle {
    /// A lane's name.
    LaneName,
    /// A lane's origin.
    LaneOrigin,
    /// The first line of a row: the method and path, the status, the result.
    Title,
    /// A header, or another detail of a row.
    Detail,
    /// A CORS header (`Origin`, `Access-Control-*`, `Vary`, `Location`).
    CorsHeader,
}

impl LabelStyle {
    /// The CSS class of the text (`static/diagram.css`).
    pub fn class(self) -> &'static str {
        match self {
            LabelStyle::LaneName => "seq-lane-name",
            LabelStyle::LaneOrigin => "seq-lane-origin",
            LabelStyle::Title => "seq-title",
            LabelStyle::Detail => "seq-detail",
            LabelStyle::CorsHeader => "seq-detail seq-cors",
        }
    }

    /// Estimated advance of one character, in tenths of a pixel: the diagram
    /// sets its text in a monospace font at 12 px, lane names at 13 px and
    /// lane origins at 11 px (`static/diagram.css`). Common monospace fonts
    /// advance 0.55 to 0.602 em (DejaVu Sans Mono, Menlo); the estimate is
    /// about 0.608 em.
    fn char_width_tenths(self) -> u32 {
        match self {
            LabelStyle::LaneName => 79,
            LabelStyle::LaneOrigin => 67,
            _ => 73,
        }
    }
}

/// Where a text's `x` is: its start or its middle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
}

impl Anchor {
    /// The SVG `text-anchor` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
        }
    }
}

/// One line of text at a position (`y` is the baseline).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The text as shown, shortened with `…` when it did not fit.
    pub text: String,
    /// The whole text when it was shortened, for a `<title>` tooltip.
    pub full: Option<String>,
    pub x: u32,
    pub y: u32,
    pub anchor: Anchor,
    pub style: LabelStyle,
}

impl Label {
    /// The estimated width of the text as shown, in pixels.
    pub fn width(&self) -> u32 {
        text_width(&self.text, self.style)
    }

    /// The leftmost and rightmost x the text covers (estimated).
    pub fn extent(&self) -> (u32, u32) {
        let width = self.width();
        match self.anchor {
            Anchor::Start => (self.x, self.x + width),
            Anchor::Middle => (self.x.saturating_sub(width / 2), self.x + width.div_ceil(2)),
        }
    }
}

/// One message or mark, in time order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    /// Lane indexes; equal for the marks on the browser's lifeline.
    pub from: usize,
    pub to: usize,
    /// The arrow: from `x1` to `x2` at height `y`. For a mark, `x1 == x2`
    /// is where it sits on the lifeline.
    pub x1: u32,
    pub x2: u32,
    pub y: u32,
    /// The vertical band the row takes, its text included.
    pub top: u32,
    pub bottom: u32,
    pub labels: Vec<Label>,
    /// The row as one sentence: its line in the text equivalent.
    pub text: String,
}

impl Diagram {
    /// The text equivalent: one sentence per row, in order.
    pub fn steps(&self) -> Vec<String> {
        text_steps(self)
    }

    /// The narrowest the diagram is drawn, in CSS pixels: it is drawn at its
    /// natural size ([`Diagram::width`]) when there is room, shrinks to fit a
    /// narrower column down to this width (its text no smaller than 4/5 of its
    /// size, and never under [`MIN_DRAWN_WIDTH`]), and scrolls sideways below.
    pub fn min_drawn_width(&self) -> u32 {
        (self.width * 4 / 5).max(MIN_DRAWN_WIDTH).min(self.width)
    }
}

/// The text equivalent of a diagram: one sentence per row, in order.
pub fn text_steps(diagram: &Diagram) -> Vec<String> {
    diagram.rows.iter().map(|row| row.text.clone()).collect()
}

// Geometry, in pixels. A three-lane diagram (script, browser, one server) is
// `2 * MARGIN + HEAD_WIDTH + SCRIPT_GAP + SERVER_GAP` = 719 px wide: it fits
// the results column of a 1280x720 screen at (nearly) its natural size. Long
// lines wrap rather than widen the gaps.
const MARGIN: u32 = 8;
/// A head box's width, wider when its origin needs it (up to
/// [`MAX_HEAD_WIDTH`], then the origin is cut).
const HEAD_WIDTH: u32 = 172;
const MAX_HEAD_WIDTH: u32 = 260;
const HEAD_TOP: u32 = 10;
const HEAD_HEIGHT: u32 = 44;
/// The space between a head box's edge and its text.
const HEAD_PAD: u32 = 8;
/// The least space between two head boxes.
const HEAD_SPACING: u32 = 16;
/// From the script's lifeline to the browser's: room for 33 characters after
/// an indent, such as `  access-control-allow-credentials,` in the result's
/// list of headers the script cannot read.
const SCRIPT_GAP: u32 = 269;
/// From the browser's lifeline to the first server's: room for 34 characters
/// (`Access-Control-Request-Method: GET`, the longest CORS header name and its
/// colon), and 32 after an indent (`https://free-coupons.example.net`).
const SERVER_GAP: u32 = 262;
/// Between two servers' lifelines (arrows to the second one have the room of
/// both gaps).
const NEXT_SERVER_GAP: u32 = 220;
/// From a lifeline to the text beside it.
const PAD: u32 = 7;
/// From the end of a text over an arrow to the lifeline the arrow points to.
const END_PAD: u32 = 6;
/// What a wrapped line is indented by.
const INDENT: &str = "  ";
const LINE: u32 = 16;
/// From a row's top to its first baseline.
const FIRST_BASELINE: u32 = 14;
/// Between the last baseline of a row's text and its arrow.
const ARROW_GAP: u32 = 10;
/// Below an arrow, before the next row.
const ROW_GAP: u32 = 18;
/// The radius of the stop mark.
pub const MARK_RADIUS: u32 = 9;
/// Headers shown on one arrow; the rest are counted in a last line (the text
/// equivalent has them all).
const MAX_HEADER_LINES: usize = 8;
/// Lines one header (or another line of text over an arrow) may wrap onto
/// before it is cut short.
const MAX_WRAPPED_LINES: usize = 6;
/// Lines of a stop or local mark's heading, and of its reason, before they are
/// cut short.
const MAX_MARK_TITLE_LINES: usize = 2;
const MAX_REASON_LINES: usize = 6;
/// The diagram is never drawn narrower than this (nor than 4/5 of its width):
/// below it, it scrolls sideways instead of shrinking its text further.
const MIN_DRAWN_WIDTH: u32 = 560;

/// How a line of text may be split when it does not fit on one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Split {
    /// Where words end: after a comma or at a space (else inside a word, at a
    /// `/`, `-`, `.`…, else anywhere).
    Words,
    /// `Name: value`: the name and its colon on a line of their own, then the
    /// value, wrapped as words.
    Header,
    /// `METHOD url`: the method alone, then the URL.
    Method,
    /// As words, but a comma is no better a place to break than a space (a
    /// sentence rather than a list).
    Paragraph,
}

/// A line of a row's text before layout.
struct Detail {
    text: String,
    style: LabelStyle,
    split: Split,
}

impl Detail {
    fn new(text: impl Into<String>, style: LabelStyle, split: Split) -> Self {
        Detail {
            text: text.into(),
            style,
            split,
        }
    }
}

/// A row before layout.
struct Message {
    kind: RowKind,
    from: usize,
    to: usize,
    title: String,
    details: Vec<Detail>,
    text: String,
}

/// The diagram of what the browser did with the draft's `fetch()`.
///
/// `verdict` must be the draft's own verdict (`draft.evaluate()`); the draft
/// gives what the script passed and, through the core's scripted server, the
/// headers of each response on the wire.
pub fn diagram(verdict: &Verdict, draft: &Draft) -> Diagram {
    let scenario = draft.scenario().ok();
    let lanes = lanes(draft, verdict);
    let lane_of = |url: &str| {
        let key = origin_key(url);
        lanes
            .iter()
            .skip(2)
            .position(|(_, origin)| *origin == key)
            .map_or(BROWSER, |i| i + 2)
    };

    let mut messages = vec![call(draft, verdict)];
    for entry in &verdict.wire {
        let server = lane_of(&entry.url);
        let server_name = lanes.get(server).map_or("", |(_, origin)| origin.as_str());
        messages.push(request(entry, server));
        messages.push(response(entry, server, server_name, scenario.as_ref()));
    }
    if verdict.wire.is_empty() && verdict.failure.is_none() {
        messages.push(local(draft));
    }
    if verdict.outcome == Outcome::NetworkError {
        messages.push(stop(verdict.failure.as_ref()));
    }
    messages.push(result(draft, verdict));

    let summary = summary(draft, verdict);
    layout(lanes, messages, summary)
}

const SCRIPT: usize = 0;
const BROWSER: usize = 1;

/// Script, browser, then each server origin: the request URL's first (even
/// when nothing reached it), then each other origin on the wire in order.
fn lanes(draft: &Draft, verdict: &Verdict) -> Vec<(String, String)> {
    let mut lanes = vec![
        ("Script".to_string(), verdict.origin.clone()),
        ("Browser".to_string(), String::new()),
    ];
    let target = Url::parse(&draft.request.url)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"))
        .map(|url| url.origin().ascii_serialization());
    let on_wire = verdict.wire.iter().map(|entry| origin_key(&entry.url));
    for origin in target.into_iter().chain(on_wire) {
        if !lanes.iter().skip(2).any(|(_, o)| *o == origin) {
            let label = if origin == verdict.origin {
                "Server (same origin)"
            } else {
                "Server"
            };
            lanes.push((label.to_string(), origin));
        }
    }
    lanes
}

/// The origin a URL on the wire belongs to (the URL itself if unparsable).
fn origin_key(url: &str) -> String {
    Url::parse(url).map_or_else(|_| url.to_string(), |u| u.origin().ascii_serialization())
}

/// The path and query of a URL on the wire: its lane names the origin.
fn path_of(url: &str) -> String {
    match Url::parse(url) {
        Ok(u) if u.has_host() => match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        },
        _ => url.to_string(),
    }
}

fn call(draft: &Draft, verdict: &Verdict) -> Message {
    let r = &draft.request;
    let mut options = vec![
        format!("mode: {}", r.mode.as_str()),
        format!("credentials: {}", r.credentials.as_str()),
    ];
    if r.redirect != RedirectMode::Follow {
        options.push(format!("redirect: {}", r.redirect.as_str()));
    }
    let mut details = vec![
        Detail::new(
            format!("{} {}", r.method, r.url),
            LabelStyle::Detail,
            Split::Method,
        ),
        Detail::new(options.join(", "), LabelStyle::Detail, Split::Words),
    ];
    details.extend(header_lines(&r.headers, |_| LabelStyle::Detail));
    let page = if verdict.origin == "null" {
        "The script, on a page whose origin is opaque (null),".to_string()
    } else {
        format!("The script on {}", verdict.origin)
    };
    let mut text = format!(
        "{page} calls fetch() for {} {} with mode {}, credentials {}",
        r.method,
        r.url,
        r.mode.as_str(),
        r.credentials.as_str()
    );
    if r.redirect != RedirectMode::Follow {
        text.push_str(&format!(", redirect {}", r.redirect.as_str()));
    }
    if r.headers.is_empty() {
        text.push_str(" and no headers.");
    } else {
        text.push_str(&format!(
            " and the headers {}.",
            header_sentence(&r.headers)
        ));
    }
    Message {
        kind: RowKind::Call,
        from: SCRIPT,
        to: BROWSER,
        title: "fetch()".to_string(),
        details,
        text,
    }
}

fn request(entry: &WireEntry, server: usize) -> Message {
    let line = format!("{} {}", entry.method, entry.url);
    let text = match entry.kind {
        WireKind::Preflight => format!("The browser sends a preflight request: {line}"),
        WireKind::Main => format!("The browser sends the request: {line}"),
        WireKind::Redirect => format!("The browser follows the redirect: {line}"),
    };
    let text = if entry.headers.is_empty() {
        format!("{text}, with no Origin or other CORS headers.")
    } else {
        format!("{text}, with {}.", header_sentence(&entry.headers))
    };
    let title = match entry.kind {
        WireKind::Preflight => format!("{} {} (preflight)", entry.method, path_of(&entry.url)),
        WireKind::Main => format!("{} {}", entry.method, path_of(&entry.url)),
        WireKind::Redirect => format!("{} {} (redirected)", entry.method, path_of(&entry.url)),
    };
    Message {
        kind: RowKind::Request(entry.kind),
        from: BROWSER,
        to: server,
        title,
        details: header_lines(&entry.headers, cors_style),
        text,
    }
}

fn response(
    entry: &WireEntry,
    server: usize,
    server_name: &str,
    scenario: Option<&Scenario>,
) -> Message {
    // The scripted server answers the same way it did for the core; the
    // status check guards against a verdict from another scenario.
    let answered = scenario.and_then(|s| {
        let url = Url::parse(&entry.url).ok()?;
        let response = respond(s, &entry.method, &url);
        (response.status == entry.status).then_some(response)
    });
    let headers: Vec<(String, String)> = answered
        .as_ref()
        .map(|r| {
            r.headers
                .iter()
                .map(|h| (h.name.clone(), h.value_lossy()))
                .collect()
        })
        .unwrap_or_default();
    let scripted = answered.as_ref().is_some_and(|r| r.entry.is_some());
    // CORS headers first: they are what the browser checks.
    let (cors, other): (Vec<_>, Vec<_>) = headers.into_iter().partition(|(n, _)| is_cors(n));
    let ordered: Vec<(String, String)> = cors.into_iter().chain(other).collect();

    let status = status_line(entry.status);
    let mut details = header_lines(&ordered, cors_style);
    let text = if !scripted && answered.is_some() {
        details.push(Detail::new(
            "(no server entry matches: the default 404)",
            LabelStyle::Detail,
            Split::Words,
        ));
        format!("No server entry matches, so the server at {server_name} answers {status} with no headers.")
    } else if ordered.is_empty() {
        format!("The server at {server_name} answers {status} with no headers.")
    } else {
        format!(
            "The server at {server_name} answers {status} with {}.",
            header_sentence(&ordered)
        )
    };
    Message {
        kind: RowKind::Response(entry.kind),
        from: server,
        to: BROWSER,
        title: status,
        details,
        text,
    }
}

fn local(draft: &Draft) -> Message {
    let scheme = Url::parse(&draft.request.url)
        .map(|u| u.scheme().to_string())
        .unwrap_or_default();
    Message {
        kind: RowKind::Local,
        from: BROWSER,
        to: BROWSER,
        title: format!("A {scheme}: URL is read locally"),
        details: vec![Detail::new(
            "Nothing is sent on the network.",
            LabelStyle::Detail,
            Split::Words,
        )],
        text: format!(
            "The browser reads the {scheme}: URL itself: nothing is sent on the network."
        ),
    }
}

fn stop(failure: Option<&Failure>) -> Message {
    let (title, reason) = match failure {
        Some(failure) => {
            // The heading already says where it stopped; the explanation
            // often opens with the same words ("the response fails the CORS
            // check: …"), which are not repeated.
            let (_, what) = stop_where(failure);
            let reason = plain(&explain::failure(failure));
            let reason = reason
                .strip_prefix(&format!("{what}: "))
                .map(str::to_string)
                .unwrap_or(reason);
            (stop_title(failure), reason)
        }
        None => (
            "Stopped".to_string(),
            "the browser returned a network error".to_string(),
        ),
    };
    let text = format!("{title}: {reason}.");
    Message {
        kind: RowKind::Stop,
        from: BROWSER,
        to: BROWSER,
        title,
        details: vec![Detail::new(
            corsim_core::explain::capitalized(&reason),
            LabelStyle::Detail,
            Split::Words,
        )],
        text,
    }
}

/// The stop mark's heading: whether anything was sent, and where in the
/// fetch the failure happened.
fn stop_title(failure: &Failure) -> String {
    let (sent, what) = stop_where(failure);
    format!("{sent}: {what}")
}

fn stop_where(failure: &Failure) -> (&'static str, &'static str) {
    const NOT_SENT: &str = "Not sent";
    const STOPPED: &str = "Stopped";
    if failure.thrown_by_request_constructor() {
        return (NOT_SENT, "new Request() throws");
    }
    match failure {
        Failure::MixedContent { .. }
        | Failure::BadPort { .. }
        | Failure::SameOriginModeCrossOrigin { .. }
        | Failure::NoCorsRedirectNotFollow { .. }
        | Failure::SchemeNotSupported { .. }
        | Failure::SchemeFetchUnsupported { .. }
        | Failure::LocalResourceNotAllowed { .. }
        | Failure::CorsDisabledScheme { .. } => (NOT_SENT, "the browser blocks the request"),
        Failure::LocalResourceNotFound { .. } => (NOT_SENT, "there is nothing to read"),
        Failure::PreflightRedirect { .. }
        | Failure::PreflightAccess { .. }
        | Failure::PreflightStatus { .. }
        | Failure::InvalidAllowMethods { .. }
        | Failure::InvalidAllowHeaders { .. }
        | Failure::MethodNotAllowed { .. }
        | Failure::HeaderNotAllowed { .. } => (STOPPED, "the preflight fails"),
        Failure::ResponseAccess { .. } => (STOPPED, "the response fails the CORS check"),
        _ => (STOPPED, "the redirect is refused"),
    }
}

fn result(draft: &Draft, verdict: &Verdict) -> Message {
    let status = verdict.status.unwrap_or(0);
    let thrown = verdict
        .failure
        .as_ref()
        .is_some_and(Failure::thrown_by_request_constructor);
    let (title, mut text) = match verdict.outcome {
        Outcome::Readable => (
            format!("Response (status {status}, readable)"),
            format!("The script gets the response: status {status}, readable."),
        ),
        Outcome::Opaque if draft.request.mode == RequestMode::NoCors => (
            "opaque response (status 0)".to_string(),
            "The script gets an opaque response: status 0, no headers and no body, and no error."
                .to_string(),
        ),
        Outcome::Opaque => (
            "opaque-redirect response (status 0)".to_string(),
            "The script gets an opaque-redirect response: status 0, no headers and no body."
                .to_string(),
        ),
        Outcome::NetworkError if thrown => (
            "TypeError: fetch() rejects".to_string(),
            "fetch() rejects with a TypeError: nothing was sent.".to_string(),
        ),
        Outcome::NetworkError => (
            "TypeError: Failed to fetch".to_string(),
            "fetch() rejects with TypeError: Failed to fetch; the script is not told why."
                .to_string(),
        ),
    };
    let mut details = Vec::new();
    if verdict.outcome == Outcome::Readable {
        if !verdict.exposed_headers.is_empty() {
            let list = verdict.exposed_headers.join(", ");
            details.push(Detail::new(
                format!("can read: {list}"),
                LabelStyle::Detail,
                Split::Header,
            ));
            text.push_str(&format!(" It can read the headers {list}."));
        }
        if !verdict.hidden_headers.is_empty() {
            let list = verdict.hidden_headers.join(", ");
            details.push(Detail::new(
                format!("cannot read: {list}"),
                LabelStyle::Detail,
                Split::Header,
            ));
            text.push_str(&format!(" It cannot read {list}."));
        }
    }
    Message {
        kind: RowKind::Result(verdict.outcome),
        from: BROWSER,
        to: SCRIPT,
        title,
        details,
        text,
    }
}

fn summary(draft: &Draft, verdict: &Verdict) -> String {
    let sent: Vec<&str> = verdict.wire.iter().map(|w| w.method.as_str()).collect();
    let sent = match sent.as_slice() {
        [] => "sends nothing".to_string(),
        [one] => format!("sends {one}"),
        [rest @ .., last] => format!("sends {}, then {last}", rest.join(", ")),
    };
    let stopped = match (&verdict.failure, verdict.outcome) {
        (Some(failure), Outcome::NetworkError) => {
            format!(" and stops: {}", stop_where(failure).1)
        }
        _ => String::new(),
    };
    let gets = match verdict.outcome {
        Outcome::Readable => format!(
            "a readable response with status {}",
            verdict.status.unwrap_or(0)
        ),
        Outcome::Opaque => "an opaque response with status 0".to_string(),
        Outcome::NetworkError => "a TypeError".to_string(),
    };
    format!(
        "Sequence diagram: the script calls fetch() for {} {}; the browser {sent}{stopped}; the script gets {gets}.",
        draft.request.method, draft.request.url
    )
}

fn is_cors(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "origin"
        || lower == "vary"
        || lower == "location"
        || lower.starts_with("access-control-")
}

fn cors_style(name: &str) -> LabelStyle {
    if is_cors(name) {
        LabelStyle::CorsHeader
    } else {
        LabelStyle::Detail
    }
}

/// `Name: value` lines, at most [`MAX_HEADER_LINES`], the rest counted.
fn header_lines(headers: &[(String, String)], style: impl Fn(&str) -> LabelStyle) -> Vec<Detail> {
    let mut lines: Vec<Detail> = headers
        .iter()
        .take(MAX_HEADER_LINES)
        .map(|(n, v)| Detail::new(format!("{n}: {v}"), style(n), Split::Header))
        .collect();
    if headers.len() > MAX_HEADER_LINES {
        let more = headers.len() - MAX_HEADER_LINES;
        let word = if more == 1 { "header" } else { "headers" };
        lines.push(Detail::new(
            format!("… and {more} more {word}"),
            LabelStyle::Detail,
            Split::Words,
        ));
    }
    lines
}

/// Headers in a sentence, separated by semicolons (values hold commas).
fn header_sentence(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A status with its reason phrase, when it is a common one.
fn status_line(status: u16) -> String {
    let phrase = match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => return status.to_string(),
    };
    format!("{status} {phrase}")
}

/// The explanations mark code with backticks; the diagram and a screen reader
/// do better without them.
fn plain(text: &str) -> String {
    text.replace('`', "")
}

/// The estimated width of a text, in pixels.
fn text_width(text: &str, style: LabelStyle) -> u32 {
    let chars = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
    chars.saturating_mul(style.char_width_tenths()).div_ceil(10)
}

/// How many characters fit in `width` pixels.
fn chars_in(width: u32, style: LabelStyle) -> usize {
    usize::try_from(width * 10 / style.char_width_tenths()).unwrap_or(usize::MAX)
}

/// The text cut to `max` characters with a final `…`, and the whole text when
/// it was cut.
fn fit(text: &str, max: usize) -> (String, Option<String>) {
    if text.chars().count() <= max {
        return (text.to_string(), None);
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    (format!("{}…", kept.trim_end()), Some(text.to_string()))
}

/// Greedy word wrap into at most `max_lines` lines of `max` characters; the
/// last line is cut with ` …` when the text does not fit. Returns each line
/// with the whole text on the line that was cut.
fn wrap(text: &str, max: usize, max_lines: usize) -> Vec<(String, Option<String>)> {
    wrap_lines(text, Split::Paragraph, max, max, max_lines)
}

/// Wraps a line of text: at most `first` characters on the first line and
/// `rest` on each following one (drawn indented), at most `max_lines` lines;
/// the last one is cut with ` …` when the text does not fit, and carries the
/// whole text. `split` says where the first break goes (after a header's
/// name, after a method) when the text is too long for one line.
fn wrap_lines(
    text: &str,
    split: Split,
    first: usize,
    rest: usize,
    max_lines: usize,
) -> Vec<(String, Option<String>)> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= first {
        return vec![(text.to_string(), None)];
    }
    let (first, rest, max_lines) = (first.max(1), rest.max(1), max_lines.max(1));
    let mut lines: Vec<String> = Vec::new();
    let mut remaining = trim_start(&chars);
    let head = match split {
        Split::Header => chars
            .windows(2)
            .position(|w| w == [':', ' '])
            .map(|i| i + 1),
        Split::Method => chars.iter().position(|c| *c == ' '),
        Split::Words | Split::Paragraph => None,
    };
    let prefer_commas = split != Split::Paragraph;
    if let Some(head) = head.filter(|&h| h > 0 && h <= first) {
        lines.push(chars[..head].iter().collect());
        remaining = trim_start(&chars[head..]);
    }
    while !remaining.is_empty() {
        let max = if lines.is_empty() { first } else { rest };
        if remaining.len() <= max {
            lines.push(remaining.iter().collect());
            break;
        }
        let at = break_at(remaining, max, prefer_commas);
        lines.push(trim_end(&remaining[..at]).iter().collect());
        remaining = trim_start(&remaining[at..]);
    }
    let cut = lines.len() > max_lines;
    lines.truncate(max_lines);
    let mut out: Vec<(String, Option<String>)> = lines.into_iter().map(|l| (l, None)).collect();
    if cut {
        let max = if max_lines == 1 { first } else { rest };
        if let Some((line, full)) = out.last_mut() {
            let shown: String = line.chars().take(max.saturating_sub(2)).collect();
            *line = format!("{} …", shown.trim_end());
            *full = Some(text.to_string());
        }
    }
    out
}

/// Where to end a line of at most `max` characters taken from `chars`, which
/// is longer: after the last comma that fits if `prefer_commas` (unless that
/// leaves the line under a quarter full), else at the last space; else inside
/// a word, before the last `/`, `?`, `&` or `#` that fits (the parts of a URL
/// or a MIME type), else after the last `.`, `;` or `=`, else after the last
/// `-` or `_`; else after `max` characters.
fn break_at(chars: &[char], max: usize, prefer_commas: bool) -> usize {
    let max = max.min(chars.len()).max(1);
    let last = |from: usize, allowed: &dyn Fn(char, char) -> bool| {
        (from..=max).rev().find(|&i| {
            let (before, after) = (chars[i - 1], chars.get(i).copied().unwrap_or(' '));
            allowed(before, after)
        })
    };
    let at_comma =
        || last(1, &|before, _| before == ',').filter(|&i| prefer_commas && i * 4 >= max);
    let at_space = || {
        last(1, &|before, after| {
            before == ' ' || after == ' ' || before == ','
        })
    };
    let before_part = || {
        last(2, &|before, after| {
            matches!(after, '/' | '?' | '&' | '#') && !matches!(before, '/' | ':')
        })
    };
    let after_dot = || last(2, &|before, _| matches!(before, '.' | ';' | '='));
    let after_dash = || last(2, &|before, _| matches!(before, '-' | '_'));
    at_comma()
        .or_else(at_space)
        .or_else(before_part)
        .or_else(after_dot)
        .or_else(after_dash)
        .unwrap_or(max)
}

fn trim_start(chars: &[char]) -> &[char] {
    let start = chars.iter().position(|c| *c != ' ').unwrap_or(chars.len());
    &chars[start..]
}

fn trim_end(chars: &[char]) -> &[char] {
    let end = chars.iter().rposition(|c| *c != ' ').map_or(0, |i| i + 1);
    &chars[..end]
}

/// A lane's head box width: [`HEAD_WIDTH`], or what its name and origin need,
/// up to [`MAX_HEAD_WIDTH`]; even, so that its lifeline is at a whole pixel.
fn head_width(label: &str, origin: &str) -> u32 {
    let text =
        text_width(label, LabelStyle::LaneName).max(text_width(origin, LabelStyle::LaneOrigin));
    (text + 2 * HEAD_PAD)
        .next_multiple_of(2)
        .clamp(HEAD_WIDTH, MAX_HEAD_WIDTH)
}

/// The lifelines' x, from the head boxes' widths: the script's head at the
/// left margin, then each lane its gap from the previous one, or more when
/// their heads would come too close.
fn lane_xs(heads: &[u32]) -> Vec<u32> {
    let mut xs: Vec<u32> = Vec::with_capacity(heads.len());
    for (i, &head) in heads.iter().enumerate() {
        let x = match (i, xs.last(), i.checked_sub(1).and_then(|p| heads.get(p))) {
            (_, Some(&prev_x), Some(&prev_head)) => {
                let gap = match i {
                    1 => SCRIPT_GAP,
                    2 => SERVER_GAP,
                    _ => NEXT_SERVER_GAP,
                };
                prev_x + gap.max((prev_head + head) / 2 + HEAD_SPACING)
            }
            _ => MARGIN + head / 2,
        };
        xs.push(x);
    }
    xs
}

fn layout(lanes: Vec<(String, String)>, messages: Vec<Message>, summary: String) -> Diagram {
    // Always as wide as three lanes, so that a stop reason has room even when
    // no server lane is drawn.
    let mut heads: Vec<u32> = lanes.iter().map(|(l, o)| head_width(l, o)).collect();
    heads.resize(heads.len().max(3), HEAD_WIDTH);
    let xs = lane_xs(&heads);
    let (last_x, last_head) = (xs.last().copied(), heads.last().copied());
    let width = last_x.unwrap_or(0) + last_head.unwrap_or(0) / 2 + MARGIN;

    let lanes: Vec<Lane> = lanes
        .into_iter()
        .zip(xs.iter().zip(&heads))
        .map(|((label, origin), (&x, &head))| {
            let inner = head - 2 * HEAD_PAD;
            let mut labels = Vec::new();
            let (name_y, origin_y) = if origin.is_empty() {
                (HEAD_TOP + 27, 0)
            } else {
                (HEAD_TOP + 18, HEAD_TOP + 35)
            };
            let (text, full) = fit(&label, chars_in(inner, LabelStyle::LaneName));
            labels.push(Label {
                text,
                full,
                x,
                y: name_y,
                anchor: Anchor::Middle,
                style: LabelStyle::LaneName,
            });
            if !origin.is_empty() {
                let (text, full) = fit(&origin, chars_in(inner, LabelStyle::LaneOrigin));
                labels.push(Label {
                    text,
                    full,
                    x,
                    y: origin_y,
                    anchor: Anchor::Middle,
                    style: LabelStyle::LaneOrigin,
                });
            }
            Lane {
                label,
                origin,
                x,
                head: Rect {
                    x: x - head / 2,
                    y: HEAD_TOP,
                    width: head,
                    height: HEAD_HEIGHT,
                },
                labels,
            }
        })
        .collect();

    let lifeline_top = HEAD_TOP + HEAD_HEIGHT;
    let mut cursor = lifeline_top + 12;
    let mut rows = Vec::new();
    for message in messages {
        let x_of = |i: usize| xs.get(i).or(xs.last()).copied().unwrap_or(0);
        let (x1, x2) = (x_of(message.from), x_of(message.to));
        let top = cursor;
        let mut labels = Vec::new();
        let title = Detail::new(message.title, LabelStyle::Title, Split::Words);
        let lines = std::iter::once(title).chain(message.details);
        let (y, bottom) = if message.kind.is_arrow() {
            // Text over the arrow, from its left end; a line too long for the
            // room between the two lanes wraps, its next lines indented.
            let left = x1.min(x2) + PAD;
            let room = x1.max(x2).saturating_sub(left + END_PAD);
            let mut baseline = top + FIRST_BASELINE;
            for Detail { text, style, split } in lines {
                let indent = text_width(INDENT, style);
                let first = chars_in(room, style);
                let rest = chars_in(room.saturating_sub(indent), style);
                let wrapped = wrap_lines(&text, split, first, rest, MAX_WRAPPED_LINES);
                for (i, (text, full)) in wrapped.into_iter().enumerate() {
                    labels.push(Label {
                        text,
                        full,
                        x: if i == 0 { left } else { left + indent },
                        y: baseline,
                        anchor: Anchor::Start,
                        style,
                    });
                    baseline += LINE;
                }
            }
            let y = baseline - LINE + ARROW_GAP;
            (y, y + 4)
        } else {
            // A mark on the lifeline, its heading and reason to the right,
            // wrapped as a paragraph.
            let y = top + MARK_RADIUS + 2;
            let left = x1 + MARK_RADIUS + PAD;
            let room = width.saturating_sub(left + MARGIN);
            let mut baseline = y + 4;
            for (i, Detail { text, style, .. }) in lines.enumerate() {
                let max_lines = if i == 0 {
                    MAX_MARK_TITLE_LINES
                } else {
                    MAX_REASON_LINES
                };
                for (text, full) in wrap(&text, chars_in(room, style), max_lines) {
                    labels.push(Label {
                        text,
                        full,
                        x: left,
                        y: baseline,
                        anchor: Anchor::Start,
                        style,
                    });
                    baseline += LINE;
                }
            }
            (y, baseline - LINE + 4)
        };
        rows.push(Row {
            kind: message.kind,
            from: message.from,
            to: message.to,
            x1,
            x2,
            y,
            top,
            bottom,
            labels,
            text: message.text,
        });
        cursor = bottom + ROW_GAP;
    }
    let lifeline_bottom = cursor;
    Diagram {
        lanes,
        rows,
        summary,
        width,
        height: lifeline_bottom + MARGIN,
        lifeline_top,
        lifeline_bottom,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagram_of(json: &str) -> Diagram {
        let draft = Draft::from_json(json).expect("a valid scenario");
        let verdict = draft.evaluate().expect("a valid scenario");
        diagram(&verdict, &draft)
    }

    /// A short name per row, to compare sequences.
    fn kinds(d: &Diagram) -> Vec<&'static str> {
        d.rows
            .iter()
            .map(|row| match row.kind {
                RowKind::Call => "call",
                RowKind::Request(WireKind::Preflight) => "preflight",
                RowKind::Request(WireKind::Main) => "request",
                RowKind::Request(WireKind::Redirect) => "redirected request",
                RowKind::Response(_) => "response",
                RowKind::Local => "local",
                RowKind::Stop => "stop",
                RowKind::Result(Outcome::Readable) => "readable",
                RowKind::Result(Outcome::Opaque) => "opaque",
                RowKind::Result(Outcome::NetworkError) => "error",
            })
            .collect()
    }

    fn titles(d: &Diagram) -> Vec<String> {
        d.rows
            .iter()
            .map(|row| {
                row.labels
                    .first()
                    .map(|l| l.text.clone())
                    .unwrap_or_default()
            })
            .collect()
    }

    struct Case {
        description: &'static str,
        scenario: &'static str,
        lanes: &'static [&'static str],
        kinds: &'static [&'static str],
        titles: &'static [&'static str],
        /// Fragments each step of the text equivalent contains, in order.
        steps: &'static [&'static str],
    }

    const CASES: &[Case] = &[
        Case {
            description: "a DELETE with a preflight that passes",
            scenario: include_str!("../presets/default.json"),
            lanes: &["https://app.example.com", "", "https://api.example.com"],
            kinds: &["call", "preflight", "response", "request", "response", "readable"],
            titles: &[
                "fetch()",
                "OPTIONS /users/7 (preflight)",
                "204 No Content",
                "DELETE /users/7",
                "200 OK",
                "Response (status 200, readable)",
            ],
            steps: &[
                "The script on https://app.example.com calls fetch() for DELETE https://api.example.com/users/7",
                "sends a preflight request: OPTIONS https://api.example.com/users/7, with Origin: https://app.example.com; Access-Control-Request-Method: DELETE",
                "https://api.example.com answers 204 No Content with Access-Control-Allow-Origin: https://app.example.com",
                "sends the request: DELETE",
                "answers 200 OK with Access-Control-Allow-Origin",
                "The script gets the response: status 200, readable. It can read the headers content-type.",
            ],
        },
        Case {
            description: "a simple GET: no preflight",
            scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/data?x=1"},
                "server": [{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}]}"#,
            lanes: &["https://app.example.com", "", "https://api.example.com"],
            kinds: &["call", "request", "response", "readable"],
            titles: &["fetch()", "GET /data?x=1", "200 OK", "Response (status 200, readable)"],
            steps: &[
                "calls fetch() for GET https://api.example.com/data?x=1 with mode cors, credentials same-origin and no headers.",
                "sends the request: GET https://api.example.com/data?x=1, with Origin: https://app.example.com.",
                "answers 200 OK with Access-Control-Allow-Origin: *.",
                "status 200, readable",
            ],
        },
        Case {
            description: "a preflight without Access-Control-Allow-Origin",
            scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/x", "method": "PUT"},
                "server": [{"method": "OPTIONS", "status": 204}, {"status": 200}]}"#,
            lanes: &["https://app.example.com", "", "https://api.example.com"],
            kinds: &["call", "preflight", "response", "stop", "error"],
            titles: &[
                "fetch()",
                "OPTIONS /x (preflight)",
                "204 No Content",
                "Stopped: the preflight fails",
                "TypeError: Failed to fetch",
            ],
            steps: &[
                "calls fetch() for PUT",
                "preflight request: OPTIONS https://api.example.com/x",
                "answers 204 No Content with no headers.",
                "Stopped: the preflight fails: the preflight response fails the CORS check: there is no Access-Control-Allow-Origin header.",
                "fetch() rejects with TypeError: Failed to fetch",
            ],
        },
        Case {
            description: "a main response that fails the CORS check",
            scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/x"},
                "server": [{"status": 200, "headers": [
                    ["Content-Type", "text/plain"],
                    ["Access-Control-Allow-Origin", "https://app.example.com/"]]}]}"#,
            lanes: &["https://app.example.com", "", "https://api.example.com"],
            kinds: &["call", "request", "response", "stop", "error"],
            titles: &[
                "fetch()",
                "GET /x",
                "200 OK",
                "Stopped: the response fails the CORS check",
                "TypeError: Failed to fetch",
            ],
            steps: &[
                "calls fetch()",
                "sends the request: GET",
                // The CORS header first, whatever the server's order.
                "answers 200 OK with Access-Control-Allow-Origin: https://app.example.com/; Content-Type: text/plain.",
                "Stopped: the response fails the CORS check: Access-Control-Allow-Origin: https://app.example.com/ is not byte for byte the origin https://app.example.com (an origin has no trailing slash).",
                "Failed to fetch",
            ],
        },
        Case {
            description: "a redirect to another origin",
            scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/old"},
                "server": [
                    {"url": "https://api.example.com/old", "status": 302, "headers": [
                        ["Access-Control-Allow-Origin", "*"],
                        ["Location", "https://cdn.example.net/new"]]},
                    {"url": "https://cdn.example.net/new", "status": 200, "headers": [
                        ["Access-Control-Allow-Origin", "*"]]}]}"#,
            lanes: &[
                "https://app.example.com",
                "",
                "https://api.example.com",
                "https://cdn.example.net",
            ],
            kinds: &["call", "request", "response", "redirected request", "response", "readable"],
            titles: &[
                "fetch()",
                "GET /old",
                "302 Found",
                "GET /new (redirected)",
                "200 OK",
                "Response (status 200, readable)",
            ],
            steps: &[
                "calls fetch()",
                "GET https://api.example.com/old",
                "answers 302 Found with Access-Control-Allow-Origin: *; Location: https://cdn.example.net/new.",
                "The browser follows the redirect: GET https://cdn.example.net/new",
                "https://cdn.example.net answers 200 OK",
                "readable",
            ],
        },
        Case {
            description: "no-cors: an opaque response",
            scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/pixel", "mode": "no-cors"},
                "server": [{"status": 200}]}"#,
            lanes: &["https://app.example.com", "", "https://api.example.com"],
            kinds: &["call", "request", "response", "opaque"],
            titles: &["fetch()", "GET /pixel", "200 OK", "opaque response (status 0)"],
            steps: &[
                "with mode no-cors",
                "GET https://api.example.com/pixel, with no Origin or other CORS headers.",
                "answers 200 OK with no headers.",
                "The script gets an opaque response: status 0",
            ],
        },
        Case {
            description: "new Request() throws: nothing on the wire",
            scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/x", "method": "CONNECT"}}"#,
            lanes: &["https://app.example.com", "", "https://api.example.com"],
            kinds: &["call", "stop", "error"],
            titles: &["fetch()", "Not sent: new Request() throws", "TypeError: fetch() rejects"],
            steps: &[
                "calls fetch() for CONNECT",
                "Not sent: new Request() throws: CONNECT is a forbidden method.",
                "fetch() rejects with a TypeError: nothing was sent.",
            ],
        },
        Case {
            description: "mixed content: blocked before sending",
            scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "http://api.example.com/x"}}"#,
            lanes: &["https://app.example.com", "", "http://api.example.com"],
            kinds: &["call", "stop", "error"],
            titles: &["fetch()", "Not sent: the browser blocks the request", "TypeError: Failed to fetch"],
            steps: &["calls fetch()", "(mixed content)", "Failed to fetch"],
        },
        Case {
            description: "a same-origin request",
            scenario: r#"{"version": 1, "page": "https://app.example.com/page",
                "request": {"url": "https://app.example.com/api", "method": "PUT",
                            "headers": [["X-Token", "1"]]},
                "server": [{"status": 200}]}"#,
            lanes: &["https://app.example.com", "", "https://app.example.com"],
            kinds: &["call", "request", "response", "readable"],
            titles: &["fetch()", "PUT /api", "200 OK", "Response (status 200, readable)"],
            steps: &[
                "and the headers X-Token: 1.",
                "sends the request: PUT https://app.example.com/api, with Origin: https://app.example.com; X-Token: 1.",
                "answers 200 OK with no headers.",
                "status 200, readable",
            ],
        },
        Case {
            description: "a data: URL is read locally",
            scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "data:text/plain,hi"}}"#,
            lanes: &["https://app.example.com", ""],
            kinds: &["call", "local", "readable"],
            titles: &["fetch()", "A data: URL is read locally", "Response (status 200, readable)"],
            steps: &["calls fetch()", "nothing is sent on the network.", "readable"],
        },
        Case {
            description: "no server entry: the default 404",
            scenario: r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/x"}}"#,
            lanes: &["https://app.example.com", "", "https://api.example.com"],
            kinds: &["call", "request", "response", "stop", "error"],
            titles: &[
                "fetch()",
                "GET /x",
                "404 Not Found",
                "Stopped: the response fails the CORS check",
                "TypeError: Failed to fetch",
            ],
            steps: &[
                "calls fetch()",
                "GET",
                "No server entry matches, so the server at https://api.example.com answers 404 Not Found with no headers.",
                "there is no Access-Control-Allow-Origin header",
                "Failed to fetch",
            ],
        },
    ];

    #[test]
    fn scenarios() {
        for case in CASES {
            let d = diagram_of(case.scenario);
            let what = case.description;
            let origins: Vec<&str> = d.lanes.iter().map(|l| l.origin.as_str()).collect();
            assert_eq!(origins, case.lanes, "{what}: lanes");
            assert_eq!(
                d.lanes.first().map(|l| l.label.as_str()),
                Some("Script"),
                "{what}"
            );
            assert_eq!(
                d.lanes.get(1).map(|l| l.label.as_str()),
                Some("Browser"),
                "{what}"
            );
            assert_eq!(kinds(&d), case.kinds, "{what}: rows");
            assert_eq!(titles(&d), case.titles, "{what}: titles");
            let steps = d.steps();
            assert_eq!(steps.len(), d.rows.len(), "{what}: one step per row");
            assert_eq!(steps.len(), case.steps.len(), "{what}: {steps:#?}");
            for (step, want) in steps.iter().zip(case.steps) {
                assert!(step.contains(want), "{what}:\n got  {step}\n want …{want}…");
            }
            assert_layout(&d, what);
        }
    }

    /// Rows follow each other without overlapping; every text and lane stays
    /// inside the diagram; arrows go between the lanes they name.
    fn assert_layout(d: &Diagram, what: &str) {
        for pair in d.rows.windows(2) {
            if let [a, b] = pair {
                assert!(a.bottom < b.top, "{what}: rows overlap: {a:?} / {b:?}");
            }
        }
        for row in &d.rows {
            assert!(row.top <= row.y && row.y <= row.bottom, "{what}: {row:?}");
            // One line of text per label, and the row as tall as its lines.
            let first = row.labels.first().map_or(0, |l| l.y);
            for (i, label) in row.labels.iter().enumerate() {
                let i = u32::try_from(i).unwrap_or(u32::MAX);
                assert_eq!(label.y, first + i * LINE, "{what}: {label:?}");
            }
            let last = row.labels.last().map_or(0, |l| l.y);
            if row.kind.is_arrow() {
                assert_eq!(first, row.top + FIRST_BASELINE, "{what}: {row:?}");
                assert_eq!(row.y, last + ARROW_GAP, "{what}: {row:?}");
            } else {
                // A mark's text goes down to its last line's descenders.
                assert_eq!(row.bottom, last + 4, "{what}: {row:?}");
            }
            assert!(
                row.top > d.lifeline_top && row.bottom < d.lifeline_bottom,
                "{what}"
            );
            let lane_x = |i: usize| d.lanes.get(i).map(|l| l.x);
            assert_eq!(Some(row.x1), lane_x(row.from), "{what}");
            assert_eq!(Some(row.x2), lane_x(row.to), "{what}");
            for label in &row.labels {
                let (left, right) = label.extent();
                assert!(
                    left >= MARGIN && right <= d.width - MARGIN / 2,
                    "{what}: {label:?} sticks out"
                );
                assert!(
                    label.y > row.top && label.y <= row.bottom + 4,
                    "{what}: {label:?}"
                );
                if row.kind.is_arrow() {
                    // Text over an arrow stays between its two lanes.
                    let (lo, hi) = (row.x1.min(row.x2), row.x1.max(row.x2));
                    assert!(
                        left > lo && right < hi,
                        "{what}: {label:?} leaves its arrow"
                    );
                }
            }
        }
        for lane in &d.lanes {
            assert!(lane.head.x >= MARGIN && lane.head.x + lane.head.width <= d.width - MARGIN);
            for label in &lane.labels {
                let (left, right) = label.extent();
                assert!(
                    left >= lane.head.x && right <= lane.head.x + lane.head.width,
                    "{what}: {label:?}"
                );
            }
        }
        for pair in d.lanes.windows(2) {
            if let [a, b] = pair {
                assert!(
                    a.head.x + a.head.width < b.head.x,
                    "{what}: lane heads overlap"
                );
            }
        }
        assert!(d.height > d.lifeline_bottom);
    }

    #[test]
    fn every_preset_lays_out() {
        for preset in crate::presets::ALL {
            let draft = preset.draft();
            let Ok(verdict) = draft.evaluate() else {
                panic!("preset {} is invalid", preset.id);
            };
            let d = diagram(&verdict, &draft);
            assert_layout(&d, preset.id);
            let stops = d.rows.iter().filter(|r| r.kind == RowKind::Stop).count();
            let failed = verdict.outcome == Outcome::NetworkError;
            assert_eq!(
                stops,
                usize::from(failed),
                "{}: one stop row when it fails",
                preset.id
            );
            assert!(
                matches!(d.rows.last().map(|r| r.kind), Some(RowKind::Result(o)) if o == verdict.outcome),
                "{}: ends with what the script gets",
                preset.id
            );
            let requests = d
                .rows
                .iter()
                .filter(|r| matches!(r.kind, RowKind::Request(_)))
                .count();
            assert_eq!(requests, verdict.wire.len(), "{}", preset.id);
        }
    }

    /// Every label of a diagram that was cut short.
    fn cut_labels(d: &Diagram) -> Vec<&Label> {
        d.rows
            .iter()
            .flat_map(|r| &r.labels)
            .chain(d.lanes.iter().flat_map(|l| &l.labels))
            .filter(|l| l.full.is_some())
            .collect()
    }

    #[test]
    fn long_text_is_cut_with_the_whole_text_in_a_tooltip() {
        // Long lines wrap; only text too long for MAX_WRAPPED_LINES lines (or
        // an origin too long for the widest head box) is cut.
        let path = "and/a/very/long/path/to/a/resource/".repeat(12);
        let value =
            "a value that is much longer than the space between two lifelines can hold, ".repeat(5);
        let d = diagram_of(&format!(
            r#"{{"version": 1, "page": "https://app.example.com/",
                "request": {{"url": "https://a-very-long-host-name-for-an-api.example.com/{path}?with=a&long=query",
                            "headers": [["X-Custom", "{value}"]]}},
                "server": [{{"method": "OPTIONS", "status": 204}}]}}"#
        ));
        assert_layout(&d, "long text");
        let cut = cut_labels(&d);
        assert!(cut.len() >= 3, "{cut:#?}");
        for label in cut {
            assert!(label.text.ends_with('…'), "{label:?}");
            let full = label.full.as_deref().unwrap_or_default();
            let shown = label.text.trim_end_matches('…').trim_end();
            assert!(full.starts_with(shown) || full.contains(shown), "{label:?}");
        }
        // A line is cut only after it has wrapped onto every line it may take.
        let call = &d.rows[0];
        let custom = call
            .labels
            .iter()
            .position(|l| l.text == "X-Custom:")
            .expect("the header's name on a line of its own");
        assert_eq!(call.labels.len(), custom + MAX_WRAPPED_LINES);
        assert!(call.labels.last().is_some_and(|l| l.full.is_some()));
        // The text equivalent is never cut.
        let steps = d.steps();
        assert!(steps[0].contains(&format!("/{path}?with=a&long=query")));
        assert!(steps[0].contains(value.trim_end()));
    }

    #[test]
    fn a_long_header_value_wraps_onto_several_indented_lines() {
        let value =
            "alpha, beta, gamma, delta, epsilon, zeta, eta, theta, iota, kappa, lambda, mu, nu, xi";
        let d = diagram_of(&format!(
            r#"{{"version": 1, "page": "https://app.example.com/",
                "request": {{"url": "https://api.example.com/x"}},
                "server": [{{"status": 200, "headers": [
                    ["Access-Control-Allow-Origin", "*"], ["X-Greek", "{value}"]]}}]}}"#
        ));
        assert_layout(&d, "long value");
        assert!(cut_labels(&d).is_empty(), "{:#?}", cut_labels(&d));
        let response = &d.rows[2];
        let texts: Vec<&str> = response.labels.iter().map(|l| l.text.as_str()).collect();
        let name = texts
            .iter()
            .position(|t| *t == "X-Greek:")
            .expect("{texts:?}");
        let lines = &response.labels[name + 1..];
        assert!(lines.len() >= 3, "{texts:?}");
        let left = response.labels[name].x;
        for line in lines {
            // Indented two characters, broken after a comma.
            assert_eq!(line.x, left + text_width(INDENT, line.style), "{line:?}");
            assert!(
                line.text.ends_with(',') || value.ends_with(&line.text),
                "{line:?}"
            );
        }
        let joined: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined.join(" "), value);
        // The arrow is under the last line.
        let last = response.labels.last().map(|l| l.y).unwrap_or_default();
        assert_eq!(response.y, last + ARROW_GAP);
    }

    #[test]
    fn the_default_preset_fits_a_projector_uncut() {
        // The results column of a 1280x720 screen is about 615-700 px wide.
        let d = diagram_of(include_str!("../presets/default.json"));
        assert_layout(&d, "default");
        assert!(d.width <= 720, "{} px wide", d.width);
        assert!(cut_labels(&d).is_empty(), "{:#?}", cut_labels(&d));
        let texts: Vec<&str> = d.rows[1].labels.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "OPTIONS /users/7 (preflight)",
                "Origin: https://app.example.com",
                "Access-Control-Request-Method:",
                "DELETE",
                "Access-Control-Request-Headers:",
                "authorization,content-type",
            ]
        );
        assert!(d.min_drawn_width() >= MIN_DRAWN_WIDTH && d.min_drawn_width() < d.width);
    }

    #[test]
    fn many_headers_are_counted_not_drawn() {
        let d = diagram_of(
            r#"{"version": 1, "page": "https://app.example.com/",
                "request": {"url": "https://api.example.com/x"},
                "server": [{"status": 200, "headers": [
                    ["Access-Control-Allow-Origin", "*"], ["A", "1"], ["B", "2"], ["C", "3"],
                    ["D", "4"], ["E", "5"], ["F", "6"], ["G", "7"], ["H", "8"], ["I", "9"]]}]}"#,
        );
        let response = d.rows.get(2).expect("a response row");
        let last = response.labels.last().expect("labels");
        assert_eq!(response.labels.len(), 1 + MAX_HEADER_LINES + 1);
        assert_eq!(last.text, "… and 2 more headers");
        assert!(response.text.contains("H: 8; I: 9."));
        assert_layout(&d, "many headers");
    }

    #[test]
    fn a_sandboxed_page_shows_the_null_origin() {
        let d = diagram_of(
            r#"{"version": 1, "page": "https://app.example.com/", "sandboxed": true,
                "request": {"url": "https://api.example.com/x"},
                "server": [{"status": 200, "headers": [["Access-Control-Allow-Origin", "null"]]}]}"#,
        );
        assert_eq!(d.lanes.first().map(|l| l.origin.as_str()), Some("null"));
        assert!(d.rows[0]
            .text
            .starts_with("The script, on a page whose origin is opaque (null),"));
        assert!(d.rows[1].text.contains("Origin: null"));
    }

    #[test]
    fn the_output_is_deterministic_and_summarised() {
        let json = include_str!("../presets/default.json");
        let d = diagram_of(json);
        assert_eq!(d, diagram_of(json));
        assert_eq!(
            d.summary,
            "Sequence diagram: the script calls fetch() for DELETE https://api.example.com/users/7; \
             the browser sends OPTIONS, then DELETE; the script gets a readable response with status 200."
        );
        let failing = diagram_of(CASES[2].scenario);
        assert!(failing
            .summary
            .contains("the browser sends OPTIONS and stops: the preflight fails;"));
    }

    #[test]
    fn wrapping_keeps_words_and_cuts_the_last_line() {
        let lines = wrap("one two three four five six", 9, 2);
        let shown: Vec<&str> = lines.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(shown, ["one two", "three …"]);
        assert_eq!(lines[1].1.as_deref(), Some("one two three four five six"));
        assert_eq!(wrap("short", 9, 2), [("short".to_string(), None)]);
        assert_eq!(
            fit("abcdef", 4),
            ("abc…".to_string(), Some("abcdef".to_string()))
        );
    }

    fn wrapped(text: &str, split: Split, first: usize, rest: usize) -> Vec<String> {
        wrap_lines(text, split, first, rest, MAX_WRAPPED_LINES)
            .into_iter()
            .map(|(line, full)| {
                assert_eq!(full, None, "{line}");
                line
            })
            .collect()
    }

    #[test]
    fn wrapping_breaks_after_a_name_then_at_commas_then_inside_words() {
        let header = Split::Header;
        assert_eq!(wrapped("Vary: Origin", header, 20, 18), ["Vary: Origin"]);
        assert_eq!(
            wrapped(
                "Access-Control-Allow-Methods: GET, POST, DELETE",
                header,
                34,
                32
            ),
            ["Access-Control-Allow-Methods:", "GET, POST, DELETE"]
        );
        assert_eq!(
            wrapped("Access-Control-Allow-Headers: a, b, c, d, e", header, 30, 8),
            ["Access-Control-Allow-Headers:", "a, b, c,", "d, e"]
        );
        // A comma is a better place to break than the last space.
        assert_eq!(
            wrapped("mode: cors, credentials: same-origin", Split::Words, 30, 28),
            ["mode: cors,", "credentials: same-origin"]
        );
        // A URL breaks before a path segment, a MIME type before its subtype.
        assert_eq!(
            wrapped("GET https://api.example.com/users/7", Split::Method, 30, 29),
            ["GET", "https://api.example.com/users", "/7"]
        );
        assert_eq!(
            wrapped(
                "Content-Type: application/x-www-form-urlencoded",
                header,
                34,
                33
            ),
            ["Content-Type:", "application/x-www-form-urlencoded"]
        );
        assert_eq!(
            wrapped(
                "Content-Type: application/x-www-form-urlencoded",
                header,
                34,
                30
            ),
            ["Content-Type:", "application", "/x-www-form-urlencoded"]
        );
        // A name too long for its line wraps as words.
        assert_eq!(
            wrapped("Access-Control-Allow-Origin: *", header, 20, 18),
            ["Access-Control-", "Allow-Origin: *"]
        );
        // With nowhere to break, the line is broken where it is full.
        assert_eq!(
            wrapped("X: abcdefghij", header, 8, 4),
            ["X:", "abcd", "efgh", "ij"]
        );
        // Past the last line, it is cut with the whole text in a tooltip.
        let long = format!("X: {}", "abc ".repeat(40));
        let lines = wrap_lines(&long, header, 12, 10, 3);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[2], ("abc abc …".to_string(), Some(long.clone())));
    }
}
