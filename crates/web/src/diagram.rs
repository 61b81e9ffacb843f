//! The fetch as an SVG sequence diagram, with its text equivalent below it.
//! Draws [`Diagram`] as laid out by `views::diagram`, as the markup
//! `views::diagram_markup` writes: no positions and no CORS logic are decided
//! here.

use std::rc::Rc;

use yew::prelude::*;

use corsim_app::views::diagram::Diagram;
use corsim_app::views::diagram_markup::{svg_content_named, Names, FETCH};

#[derive(Properties, PartialEq)]
pub struct SequenceDiagramProps {
    pub diagram: Rc<Diagram>,
    /// Its title and ids: each diagram on the page has its own.
    #[prop_or(FETCH)]
    pub names: Names,
}

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
    // Its content in one piece of markup, every scenario text in it escaped
    // (`views::diagram_markup` says why).
    let names = props.names;
    let content = Html::from_html_unchecked(AttrValue::from(svg_content_named(d, names)));
    let steps = d.steps();
    html! {
        <figure class="sequence-diagram">
            // Scrolls sideways on a narrow screen, so it takes the focus.
            <div class="seq-scroll" tabindex="0" role="region" aria-label={names.region}>
                <svg ref={svg} class="seq-svg" viewBox={view_box} width={d.width.to_string()}
                    height={d.height.to_string()} role="img"
                    aria-labelledby={format!("{} {}", names.title_id, names.desc_id)}>
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
