//! The words the results use, in plain words, with MDN's page for each
//! (`corsim_app::views::glossary`).

use yew::prelude::*;

use corsim_app::views::glossary::TERMS;

/// A function, not a component: it has no state and no input.
pub fn glossary() -> Html {
    html! {
        <details class="card glossary" id="glossary">
            <summary>{ "What the words mean: preflight, opaque, credentials…" }</summary>
            <dl>
                { for TERMS.iter().map(|t| html! {
                    <>
                        <dt id={t.id}>{ t.word }</dt>
                        <dd>{ t.meaning }{ " " }<a href={t.mdn} target="_blank" rel="noopener noreferrer">{ format!("MDN: {}", t.word) }</a></dd>
                    </>
                }) }
            </dl>
        </details>
    }
}
