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

mod labels;
mod layout;
mod steps;
#[cfg(test)]
mod tests;
mod timeline;

use corsim_core::verdict::{Outcome, Verdict, WireKind};

use crate::draft::Draft;
use labels::{text_width, Split};
use layout::{lanes, layout, server_lane};
use steps::{call, local, request, response, result, stop, summary};

pub use layout::MARK_RADIUS;
pub use timeline::{initiator_name, seconds, timeline_diagram};

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
}

/// The text equivalent of a diagram: one sentence per row, in order.
pub fn text_steps(diagram: &Diagram) -> Vec<String> {
    diagram.rows.iter().map(|row| row.text.clone()).collect()
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

    let mut messages = vec![call(draft, verdict)];
    for entry in &verdict.wire {
        let server = server_lane(&lanes, &entry.url);
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
