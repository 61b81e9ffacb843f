//! The words the results use, in plain words, with MDN's page for each
//! (`corsim_app::views::glossary`).

use yew::prelude::*;

use corsim_app::views::glossary::TERMS;

#[function_component(Glossary)]
pub fn glossary() -> Html {
    html! {
        <details class="card glossary" id="glossary">
            <summary>{ "What the words mean: origin, CORS, preflight, safelisted, credentials, opaque, modes" }</summary>
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
