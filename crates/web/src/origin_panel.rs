//! The same-origin table: page against target, plus the learner's own pairs.

use yew::prelude::*;

use super::store::use_dispatcher;
use corsim_app::state::Action;
use corsim_app::views::origin_table::{compare, OriginTable};

fn table(t: &OriginTable, caption: Html) -> Html {
    let side = |label: &str, s: &corsim_app::views::origin_table::Side| {
        html! {
            <div class="origin-side">
                <span class="label">{ label }</span>
                <code>{ s.origin.clone().unwrap_or_else(|| "(no origin)".to_string()) }</code>
                { for s.why_no_tuple.iter().map(|w| html! { <p class="remark">{ w }</p> }) }
                { for s.remarks.iter().map(|r| html! { <p class="remark">{ r }</p> }) }
            </div>
        }
    };
    html! {
        <div class="origin-compare">
            <table class="origin-table">
                <caption>{ caption }</caption>
                if !t.rows.is_empty() {
                    <thead><tr><th scope="col"><span class="visually-hidden">{ "part" }</span></th><th scope="col">{ "first" }</th><th scope="col">{ "second" }</th><th scope="col">{ "same?" }</th></tr></thead>
                    <tbody>
                        { for t.rows.iter().map(|r| html! {
                            <tr class={if r.same { "same" } else { "differs" }}>
                                <th scope="row">{ r.component }</th>
                                <td><code>{ &r.left }</code></td>
                                <td><code>{ &r.right }</code></td>
                                <td>{ if r.same { "✓ same" } else { "✕ differs" } }</td>
                            </tr>
                        }) }
                    </tbody>
                }
            </table>
            <div class="origin-sides">
                { side("first origin", &t.left) }
                { side("second origin", &t.right) }
            </div>
            <p class={classes!("conclusion", if t.same_origin { "same" } else { "differs" })}>{ &t.conclusion }</p>
        </div>
    }
}

/// What the panel compares. As props, so that an edit that changes neither
/// URL leaves the panel as it is.
#[derive(Properties, PartialEq)]
pub struct OriginPanelProps {
    /// The page's URL, as typed.
    pub page: AttrValue,
    /// The request's URL, as typed.
    pub url: AttrValue,
    pub sandboxed: bool,
    /// The learner's own URL pairs.
    pub pairs: Vec<(String, String)>,
}

#[function_component(OriginPanel)]
pub fn origin_panel(props: &OriginPanelProps) -> Html {
    let dispatcher = use_dispatcher();
    let main = compare(&props.page, &props.url, props.sandboxed);
    let pairs = props.pairs.iter().enumerate().map(|(i, (left, right))| {
        let edit = |is_left: bool| {
            let dispatcher = dispatcher.clone();
            Callback::from(move |e: InputEvent| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                dispatcher.dispatch(Action::EditPair { index: i, left: is_left, text: input.value() });
            })
        };
        let on_remove = {
            let dispatcher = dispatcher.clone();
            Callback::from(move |_| dispatcher.dispatch(Action::RemovePair(i)))
        };
        let caption = html! {
            <span class="pair-inputs">
                <input type="text" aria-label={format!("First URL of pair {}", i + 1)} value={left.clone()} oninput={edit(true)} spellcheck="false" />
                <span>{ " vs " }</span>
                <input type="text" aria-label={format!("Second URL of pair {}", i + 1)} value={right.clone()} oninput={edit(false)} spellcheck="false" />
                <button type="button" class="icon" aria-label={format!("Remove pair {}", i + 1)} onclick={on_remove}>{ "✕" }</button>
            </span>
        };
        html! { <li>{ table(&compare(left, right, false), caption) }</li> }
    });
    let on_add = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_| dispatcher.dispatch(Action::AddPair))
    };
    html! {
        <section class="card" aria-labelledby="origin-title" id="origin">
            <h2 id="origin-title">{ "Same origin?" }</h2>
            { table(&main, html! { { "The page against the request URL" } }) }
            <details class="pairs">
                <summary>{ "Compare more URLs" }</summary>
                <ol>{ for pairs }</ol>
                <button type="button" id="add-pair" onclick={on_add}>{ "+ Pair" }</button>
            </details>
        </section>
    }
}
