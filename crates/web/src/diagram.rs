//! The fetch as an SVG sequence diagram, with its text equivalent below it.
//! Draws [`Diagram`] as laid out by `views::diagram`, as the markup
//! `views::diagram_markup` writes: no positions and no CORS logic are decided
//! here. [`DiagramFigure`] draws a diagram already written as markup, as the
//! worker writes the diagram of the page's requests.

use std::rc::Rc;

use yew::prelude::*;

use corsim_app::views::diagram::Diagram;
use corsim_app::views::diagram_markup::{arrowheads, svg_content, Names, FETCH};

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
    /// What goes inside the `<svg>` after the arrowheads, every scenario text
    /// in it escaped.
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
    // The arrowheads go in once. The content is parsed as SVG in a fragment
    // apart from the page, then put in with one call. As Yew's raw HTML,
    // each of its nodes was moved in, and taken out on the next edit, one
    // JavaScript call at a time; with the CPU 4× slower, that and parsing
    // the arrowheads every time were about 1 ms of an edit's 13.
    let defs = use_node_ref();
    use_effect_with(defs.clone(), |defs| {
        if let Some(defs) = defs.cast::<web_sys::Element>() {
            defs.set_inner_html(&arrowheads());
        }
    });
    let content = use_node_ref();
    use_effect_with(
        (props.markup.clone(), content.clone()),
        |(markup, content)| {
            let Some(content) = content.cast::<web_sys::Element>() else {
                return;
            };
            let Some(range) = content.owner_document().and_then(|d| d.create_range().ok()) else {
                return;
            };
            let _ = range.select_node_contents(&content);
            if let Ok(fragment) = range.create_contextual_fragment(markup) {
                content.replace_children_with_node_1(&fragment);
            }
        },
    );
    let names = props.names;
    html! {
        <figure class="sequence-diagram">
            <div class="seq-scroll">
                <svg ref={svg} class="seq-svg" viewBox={view_box} width={props.width.to_string()}
                    height={props.height.to_string()} role="img"
                    aria-labelledby={format!("{} {}", names.title_id, names.desc_id)}>
                    <defs ref={defs} />
                    <g ref={content} />
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
