//! The fetch as an SVG sequence diagram, with its text equivalent below it.
//! Draws [`Diagram`] as laid out by `views::diagram`, as the markup
//! `views::diagram_markup` writes: no positions and no CORS logic are decided
//! here.

use std::rc::Rc;

use yew::prelude::*;

use corsim_app::views::diagram::Diagram;
use corsim_app::views::diagram_markup::{svg_content, DESC_ID, TITLE_ID};

#[derive(Properties, PartialEq)]
pub struct SequenceDiagramProps {
    pub diagram: Rc<Diagram>,
}

#[function_component(SequenceDiagram)]
pub fn sequence_diagram(props: &SequenceDiagramProps) -> Html {
    let d = &*props.diagram;
    let view_box = format!("0 0 {} {}", d.width, d.height);
    // Never wider than its natural size, so its text is never scaled up; in
    // a narrower column it shrinks to fit, never scrolling sideways (the
    // text version below it reads at any width). Set through the CSSOM, not
    // a `style` attribute, which the page's Content-Security-Policy
    // (`style-src 'self'`, index.html) refuses.
    let svg = use_node_ref();
    use_effect_with((d.width, svg.clone()), |(max, svg)| {
        if let Some(svg) = svg.cast::<web_sys::SvgElement>() {
            let _ = svg.style().set_property("max-width", &format!("{max}px"));
        }
    });
    // Its content in one piece of markup, every scenario text in it escaped
    // (`views::diagram_markup` says why).
    let content = Html::from_html_unchecked(AttrValue::from(svg_content(d)));
    let steps = d.steps();
    html! {
        <figure class="sequence-diagram">
            <div class="seq-scroll">
                <svg ref={svg} class="seq-svg" viewBox={view_box} width={d.width.to_string()}
                    height={d.height.to_string()} role="img"
                    aria-labelledby={format!("{TITLE_ID} {DESC_ID}")}>
                    { content }
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
