//! The fetch as an SVG sequence diagram, with its text equivalent below it.
//! Draws [`Diagram`] as laid out by `views::diagram`: no positions and no CORS
//! logic are decided here.

use std::rc::Rc;

use yew::prelude::*;

use crate::views::diagram::{Diagram, Label, Lane, Row, RowKind, MARK_RADIUS};

#[derive(Properties, PartialEq)]
pub struct SequenceDiagramProps {
    pub diagram: Rc<Diagram>,
}

const TITLE_ID: &str = "sequence-diagram-title";
const DESC_ID: &str = "sequence-diagram-desc";

#[function_component(SequenceDiagram)]
pub fn sequence_diagram(props: &SequenceDiagramProps) -> Html {
    let d = &*props.diagram;
    let view_box = format!("0 0 {} {}", d.width, d.height);
    // Never wider than its natural size, so its text is never scaled up; it
    // shrinks to fit a narrower column down to its least width, then scrolls.
    // Set through the CSSOM, not a `style` attribute, which the page's
    // Content-Security-Policy (`style-src 'self'`, index.html) refuses.
    let svg = use_node_ref();
    use_effect_with(
        (d.width, d.min_drawn_width(), svg.clone()),
        |(max, min, svg)| {
            if let Some(svg) = svg.cast::<web_sys::SvgElement>() {
                let style = svg.style();
                let _ = style.set_property("max-width", &format!("{max}px"));
                let _ = style.set_property("min-width", &format!("{min}px"));
            }
        },
    );
    let steps = d.steps();
    html! {
        <figure class="sequence-diagram">
            // Scrolls sideways on a narrow screen, so it takes the focus.
            <div class="seq-scroll" tabindex="0" role="region" aria-label="Sequence diagram">
                <svg ref={svg} class="seq-svg" viewBox={view_box} width={d.width.to_string()}
                    height={d.height.to_string()} role="img"
                    aria-labelledby={format!("{TITLE_ID} {DESC_ID}")}>
                    <title id={TITLE_ID}>{ "Sequence diagram of the fetch" }</title>
                    <desc id={DESC_ID}>{ d.summary.clone() }</desc>
                    <defs>
                        { marker("seq-arrow", "seq-arrowhead") }
                        { marker("seq-arrow-ok", "seq-arrowhead seq-ok") }
                        { marker("seq-arrow-bad", "seq-arrowhead seq-bad") }
                        { marker("seq-arrow-opaque", "seq-arrowhead seq-opaque") }
                    </defs>
                    { for d.lanes.iter().map(|lane| lane_view(lane, d)) }
                    { for d.rows.iter().map(row_view) }
                </svg>
            </div>
            <details class="diagram-text">
                <summary>{ "Diagram as text" }</summary>
                <ol class="diagram-steps">
                    { for steps.into_iter().map(|step| html! { <li>{ step }</li> }) }
                </ol>
            </details>
        </figure>
    }
}

/// An arrowhead whose tip is the end of the line.
fn marker(id: &'static str, class: &'static str) -> Html {
    html! {
        <marker id={id} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8"
            markerHeight="8" orient="auto-start-reverse">
            <path class={class} d="M 0 0 L 10 5 L 0 10 z" />
        </marker>
    }
}

fn lane_view(lane: &Lane, d: &Diagram) -> Html {
    let h = lane.head;
    html! {
        <g class="seq-lane">
            <line class="seq-lifeline" x1={lane.x.to_string()} y1={d.lifeline_top.to_string()}
                x2={lane.x.to_string()} y2={d.lifeline_bottom.to_string()} />
            <rect class="seq-head" x={h.x.to_string()} y={h.y.to_string()}
                width={h.width.to_string()} height={h.height.to_string()} rx="6" />
            { for lane.labels.iter().map(label_view) }
        </g>
    }
}

fn row_view(row: &Row) -> Html {
    let (x1, x2, y) = (row.x1.to_string(), row.x2.to_string(), row.y.to_string());
    let mark = match row.kind {
        RowKind::Stop => {
            // A ✕ in a circle: the shape says "stopped" without its colour.
            let r = MARK_RADIUS;
            let arm = r * 5 / 10;
            let (cx, cy) = (row.x1, row.y);
            html! {
                <g class="seq-stop-mark" aria-hidden="true">
                    <circle cx={x1.clone()} cy={y.clone()} r={r.to_string()} />
                    <line x1={(cx - arm).to_string()} y1={(cy - arm).to_string()}
                        x2={(cx + arm).to_string()} y2={(cy + arm).to_string()} />
                    <line x1={(cx - arm).to_string()} y1={(cy + arm).to_string()}
                        x2={(cx + arm).to_string()} y2={(cy - arm).to_string()} />
                </g>
            }
        }
        RowKind::Local => html! {
            <circle class="seq-local-mark" cx={x1.clone()} cy={y.clone()}
                r={(MARK_RADIUS / 2).to_string()} aria-hidden="true" />
        },
        _ => {
            let marker = row.kind.arrowhead();
            let class = if row.kind.is_reply() {
                "seq-arrow-line seq-reply"
            } else {
                "seq-arrow-line"
            };
            html! {
                <line class={class} x1={x1.clone()} y1={y.clone()} x2={x2.clone()}
                    y2={y.clone()} marker-end={format!("url(#{marker})")} />
            }
        }
    };
    html! {
        <g class={row.kind.class()}>
            { mark }
            { for row.labels.iter().map(label_view) }
        </g>
    }
}

fn label_view(label: &Label) -> Html {
    html! {
        <text class={label.style.class()} x={label.x.to_string()} y={label.y.to_string()}
            text-anchor={label.anchor.as_str()}>
            { label.text.clone() }
            if let Some(full) = &label.full {
                <title>{ full.clone() }</title>
            }
        </text>
    }
}
