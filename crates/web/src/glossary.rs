//! The words the results use, in plain words, with MDN's page for each
//! (`corsim_app::views::glossary`), and the buttons that open it at one of
//! them from where the word is used.

use yew::prelude::*;

use super::browser;
use super::store::Dispatcher;
use corsim_app::state::{Action, Pane};
use corsim_app::views::glossary::TERMS;

/// A function, not a component: it has no state and no input.
pub fn glossary() -> Html {
    html! {
        <details class="card glossary" id="glossary">
            <summary>{ "What the words mean: preflight, opaque, credentials…" }</summary>
            <dl>
                { for TERMS.iter().map(|t| html! {
                    <>
                        <dt id={t.id} tabindex="-1">{ t.word }</dt>
                        <dd>{ t.meaning }{ " " }<a href={t.mdn} target="_blank" rel="noopener noreferrer">{ format!("MDN: {}", t.word) }</a></dd>
                    </>
                }) }
            </dl>
        </details>
    }
}

/// A button showing what `word` means: the glossary opened at the entry
/// `id`, which takes the focus (on a phone, in the results).
pub fn term(dispatcher: &Dispatcher, id: &'static str, word: &'static str) -> Html {
    let dispatcher = dispatcher.clone();
    let onclick = Callback::from(move |_| {
        dispatcher.dispatch(Action::ShowPane(Pane::Result));
        browser::open_details("glossary");
        browser::bring_into_view(id, true);
    });
    html! { <button type="button" class="link term" {onclick}>{ word }</button> }
}
