//! Where everything goes: the lanes (script, browser, one per server
//! origin), their head boxes and lifelines, and each row's labels, arrow and
//! marks, in pixels.

use corsim_core::verdict::Verdict;
use url::Url;

use super::labels::{chars_in, fit, text_width, wrap, wrap_lines, Split};
use super::{Anchor, Detail, Diagram, Label, LabelStyle, Lane, Message, Rect, Row};
use crate::draft::Draft;

// Geometry, in pixels. A three-lane diagram (script, browser, one server) is
// `2 * MARGIN + HEAD_WIDTH + SCRIPT_GAP + SERVER_GAP` = 719 px wide: it fits
// the results column of a 1280x720 screen at (nearly) its natural size. Long
// lines wrap rather than widen the gaps.
pub(super) const MARGIN: u32 = 8;
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
pub(super) const INDENT: &str = "  ";
pub(super) const LINE: u32 = 16;
/// From a row's top to its first baseline.
pub(super) const FIRST_BASELINE: u32 = 14;
/// Between the last baseline of a row's text and its arrow.
pub(super) const ARROW_GAP: u32 = 10;
/// Below an arrow, before the next row.
const ROW_GAP: u32 = 18;
/// The radius of the stop mark.
pub const MARK_RADIUS: u32 = 9;
/// Headers shown on one arrow; the rest are counted in a last line (the text
/// equivalent has them all).
pub(super) const MAX_HEADER_LINES: usize = 8;
/// Lines one header (or another line of text over an arrow) may wrap onto
/// before it is cut short.
pub(super) const MAX_WRAPPED_LINES: usize = 6;
/// Lines of a stop or local mark's heading, and of its reason, before they are
/// cut short.
const MAX_MARK_TITLE_LINES: usize = 2;
const MAX_REASON_LINES: usize = 6;

pub(super) const SCRIPT: usize = 0;
pub(super) const BROWSER: usize = 1;

/// Script, browser, then each server origin: the request URL's first (even
/// when nothing reached it), then each other origin on the wire in order.
pub(super) fn lanes(draft: &Draft, verdict: &Verdict) -> Vec<(String, String)> {
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

/// The lane of the server a URL on the wire goes to: the one of its origin
/// among `lanes` (script, browser, then the servers), else the browser's.
pub(super) fn server_lane(lanes: &[(String, String)], url: &str) -> usize {
    let key = origin_key(url);
    lanes
        .iter()
        .skip(2)
        .position(|(_, origin)| *origin == key)
        .map_or(BROWSER, |i| i + 2)
}

/// The origin a URL on the wire belongs to (the URL itself if unparsable).
pub(super) fn origin_key(url: &str) -> String {
    Url::parse(url).map_or_else(|_| url.to_string(), |u| u.origin().ascii_serialization())
}

/// The path and query of a URL on the wire: its lane names the origin.
pub(super) fn path_of(url: &str) -> String {
    match Url::parse(url) {
        Ok(u) if u.has_host() => match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        },
        _ => url.to_string(),
    }
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

pub(super) fn layout(
    lanes: Vec<(String, String)>,
    messages: Vec<Message>,
    summary: String,
) -> Diagram {
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
