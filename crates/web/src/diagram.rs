//! The fetch as an SVG sequence diagram, with its text equivalent below it.
//! Draws [`Diagram`] as laid out by `views::diagram`, as the markup
//! `views::diagram_markup` writes: no positions and no CORS logic are decided
//! here. [`DiagramFigure`] draws a diagram already written as markup, as the
//! worker writes the diagram of the page's requests.

use std::rc::Rc;

use yew::prelude::*;

use corsim_app::views::diagram::Diagram;
use corsim_app::views::diagram_markup::{svg_content, Names, FETCH};

#[derive(Properties, PartialEq)]
pub struct SequenceDiagramProps {
    pub diagram: Rc<Diagram>,
}

#[function_component(SequenceDiagram)]
pub fn sequence_diagram(props: &SequenceDiagramProps) -> Html {
    let d = &*props.diagram;
    // Its content in one piece of markup, every scenario text in it escaped
    // (`views::diagram_markup` says why).
    html! {
        <DiagramFigure markup={AttrValue::from(svg_content(d))} width={d.width}
            height={d.height} steps={Rc::new(d.steps())} names={FETCH} />
    }
}

#[derive(Properties, PartialEq)]
pub struct DiagramFigureProps {
    /// What goes inside the `<svg>`, every scenario text in it escaped.
    pub markup: AttrValue,
    pub width: u32,
    pub height: u32,
    /// The text equivalent, a sentence per row.
    pub steps: Rc<Vec<String>>,
    /// Its title and ids: each diagram on the page has its own.
    pub names: Names,
}

/// A diagram written as markup, in its figure, with its text equivalent.
#[function_component(DiagramFigure)]
pub fn diagram_figure(props: &DiagramFigureProps) -> Html {
    let view_box = format!("0 0 {} {}", props.width, props.height);
    // Never wider than its natural size, so its text is never scaled up; in
    // a narrower column it shrinks to fit, never scrolling sideways (the
    // text version below it reads at any width). Set through the CSSOM, not
    // a `style` attribute, which the page's Content-Security-Policy
    // (`style-src 'self'`, index.html) refuses.
    let svg = use_node_ref();
    use_effect_with((props.width, svg.clone()), |(max, svg)| {
        if let Some(svg) = svg.cast::<web_sys::SvgElement>() {
            let _ = svg.style().set_property("max-width", &format!("{max}px"));
        }
    });
    let names = props.names;
    let content = Html::from_html_unchecked(props.markup.clone());
    html! {
        <figure class="sequence-diagram">
            <div class="seq-scroll">
                <svg ref={svg} class="seq-svg" viewBox={view_box} width={props.width.to_string()}
                    height={props.height.to_string()} role="img"
                    aria-labelledby={format!("{} {}", names.title_id, names.desc_id)}>
                    { content }
                </svg>
            </div>
            <details class="diagram-text">
                <summary>{ "Diagram as text" }</summary>
                <ol class="diagram-steps">
                    { for props.steps.iter().map(|step| html! { <li>{ step }</li> }) }
                </ol>
            </details>
        </figure>
    }
}
