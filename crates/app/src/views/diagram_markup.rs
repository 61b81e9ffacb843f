//! The sequence diagram's SVG content as markup: what goes inside its
//! `<svg>` element, drawn from a laid-out [`Diagram`].
//!
//! Why markup: the app parses it in one go and puts it in the page with one
//! call (corsim-web's `diagram.rs`), about 0.5 ms in Chromium, where building
//! the same hundred-odd elements node by node through Yew took most of an
//! edit's time (an edit's verdict is meant to be on screen within 4 ms). Every text and
//! attribute value that comes from the scenario is escaped (`markup::escape`), so
//! nothing a scenario holds can become markup; the page's
//! Content-Security-Policy would refuse to run it anyway.

use std::fmt::Write;

use super::diagram::{Diagram, Label, Lane, Row, RowKind, MARK_RADIUS};
use crate::markup::escape;

/// What names a diagram on the page: the `id`s of its title and
/// description (for `aria-labelledby`), its title and the label of its
/// scrolling region. Each diagram on a page has its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Names {
    pub title_id: &'static str,
    pub desc_id: &'static str,
    pub title: &'static str,
    pub region: &'static str,
}

/// The names of the fetch's diagram.
pub const FETCH: Names = Names {
    title_id: TITLE_ID,
    desc_id: DESC_ID,
    title: "Sequence diagram of the fetch",
    region: "Sequence diagram",
};

/// The names of the diagram of the page's requests.
pub const TIMELINE: Names = Names {
    title_id: "timeline-diagram-title",
    desc_id: "timeline-diagram-desc",
    title: "Sequence diagram of the page's requests",
    region: "Sequence diagram of the page's requests",
};

/// The `id`s of the fetch diagram's title and description.
pub const TITLE_ID: &str = "sequence-diagram-title";
pub const DESC_ID: &str = "sequence-diagram-desc";

/// The arrowheads: the marker's id and its path's class.
const MARKERS: [(&str, &str); 4] = [
    ("seq-arrow", "seq-arrowhead"),
    ("seq-arrow-ok", "seq-arrowhead seq-ok"),
    ("seq-arrow-bad", "seq-arrowhead seq-bad"),
    ("seq-arrow-opaque", "seq-arrowhead seq-opaque"),
];

/// The diagram's content: its title and description, the lanes and the
/// rows. It goes in a `<g>` of the `<svg>`, after [`arrowheads`].
pub fn svg_content(d: &Diagram) -> String {
    svg_content_named(d, FETCH)
}

/// [`svg_content`] under other names.
pub fn svg_content_named(d: &Diagram, names: Names) -> String {
    let mut out = String::with_capacity(8192);
    // Writing to a String cannot fail: the results below are ignored.
    let _ = write!(
        out,
        "<title id=\"{}\">{}</title><desc id=\"{}\">{}</desc>",
        names.title_id,
        names.title,
        names.desc_id,
        escape(&d.summary)
    );
    for lane in &d.lanes {
        lane_markup(&mut out, lane, d);
    }
    for row in &d.rows {
        row_markup(&mut out, row);
    }
    out
}

/// The arrowheads the rows' lines end with, for the diagram's `<defs>`:
/// the same for every diagram, so the page puts them in once, and an edit
/// parses only the content.
pub fn arrowheads() -> String {
    let mut out = String::new();
    for (id, class) in MARKERS {
        // An arrowhead whose tip is the end of the line.
        let _ = write!(
            out,
            "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" \
             markerHeight=\"8\" orient=\"auto-start-reverse\">\
             <path class=\"{class}\" d=\"M 0 0 L 10 5 L 0 10 z\"/></marker>"
        );
    }
    out
}

/// A lane: its dashed lifeline, its head box and the names in it.
fn lane_markup(out: &mut String, lane: &Lane, d: &Diagram) {
    let h = lane.head;
    let _ = write!(
        out,
        "<g class=\"seq-lane\"><line class=\"seq-lifeline\" x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" \
         y2=\"{bottom}\"/><rect class=\"seq-head\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
         rx=\"6\"/>",
        h.x,
        h.y,
        h.width,
        h.height,
        x = lane.x,
        top = d.lifeline_top,
        bottom = d.lifeline_bottom,
    );
    for label in &lane.labels {
        label_markup(out, label);
    }
    out.push_str("</g>");
}

/// A row: an arrow from lane to lane, or a mark on the browser's lifeline,
/// with its text.
fn row_markup(out: &mut String, row: &Row) {
    let _ = write!(out, "<g class=\"{}\">", row.kind.class());
    let (x1, x2, y) = (row.x1, row.x2, row.y);
    match row.kind {
        RowKind::Stop => {
            // A ✕ in a circle: the shape says "stopped" without its colour.
            let r = MARK_RADIUS;
            let arm = r * 5 / 10;
            let _ = write!(
                out,
                "<g class=\"seq-stop-mark\" aria-hidden=\"true\"><circle cx=\"{x1}\" cy=\"{y}\" \
                 r=\"{r}\"/><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><line x1=\"{}\" \
                 y1=\"{}\" x2=\"{}\" y2=\"{}\"/></g>",
                x1.saturating_sub(arm),
                y.saturating_sub(arm),
                x1 + arm,
                y + arm,
                x1.saturating_sub(arm),
                y + arm,
                x1 + arm,
                y.saturating_sub(arm),
            );
        }
        RowKind::Local => {
            let _ = write!(
                out,
                "<circle class=\"seq-local-mark\" cx=\"{x1}\" cy=\"{y}\" r=\"{}\" \
                 aria-hidden=\"true\"/>",
                MARK_RADIUS / 2
            );
        }
        _ => {
            let class = if row.kind.is_reply() {
                "seq-arrow-line seq-reply"
            } else {
                "seq-arrow-line"
            };
            let _ = write!(
                out,
                "<line class=\"{class}\" x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" \
                 marker-end=\"url(#{})\"/>",
                row.kind.arrowhead()
            );
        }
    }
    for label in &row.labels {
        label_markup(out, label);
    }
    out.push_str("</g>");
}

/// A line of text, with the whole text as its tooltip when it was shortened.
fn label_markup(out: &mut String, label: &Label) {
    let _ = write!(
        out,
        "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}",
        label.style.class(),
        label.x,
        label.y,
        label.anchor.as_str(),
        escape(&label.text)
    );
    if let Some(full) = &label.full {
        let _ = write!(out, "<title>{}</title>", escape(full));
    }
    out.push_str("</text>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;
    use crate::views::diagram::diagram;

    fn markup_of(draft: &crate::draft::Draft) -> String {
        let verdict = draft.evaluate().expect("a valid scenario");
        svg_content(&diagram(&verdict, draft))
    }

    #[test]
    fn scenario_text_never_becomes_markup() {
        let mut draft = presets::default_preset().draft();
        draft.title = "</desc><script>alert(1)</script>".to_string();
        draft
            .request
            .headers
            .push(("X-Evil".to_string(), "\"><svg onload=alert(1)>".to_string()));
        draft.request.url = "https://api.example.com/<b>&amp;".to_string();
        let markup = markup_of(&draft);
        for forbidden in ["<script", "<svg", "<b>"] {
            assert!(!markup.contains(forbidden), "{forbidden} in {markup}");
        }
        assert!(markup.contains("&lt;svg onload=alert(1)&gt;"), "{markup}");
    }

    #[test]
    fn every_element_opened_is_closed() {
        for preset in presets::ALL {
            let markup = markup_of(&preset.draft());
            for tag in ["g", "text", "title", "desc"] {
                let opened = markup.matches(&format!("<{tag} ")).count()
                    + markup.matches(&format!("<{tag}>")).count();
                let closed = markup.matches(&format!("</{tag}>")).count();
                assert_eq!(opened, closed, "<{tag}> in preset {}", preset.id);
            }
        }
    }

    #[test]
    fn it_draws_every_lane_row_and_label() {
        let draft = presets::default_preset().draft();
        let verdict = draft.evaluate().expect("a valid scenario");
        let d = diagram(&verdict, &draft);
        let markup = svg_content(&d);
        let labels: usize = d.lanes.iter().map(|l| l.labels.len()).sum::<usize>()
            + d.rows.iter().map(|r| r.labels.len()).sum::<usize>();
        assert_eq!(markup.matches("<text ").count(), labels);
        assert_eq!(
            markup.matches("<g class=\"seq-lane\">").count(),
            d.lanes.len()
        );
        assert_eq!(markup.matches("<g class=\"seq-row ").count(), d.rows.len());
        assert!(markup.starts_with("<title id=\"sequence-diagram-title\">"));
    }
}
