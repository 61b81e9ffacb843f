//! Explanations mark names and values with backticks, as in Markdown; this
//! shows those parts as `<code>`. Text stays text: nothing is parsed as HTML.

use yew::prelude::*;

/// `text` with every `` `span` `` drawn as code.
pub fn code_spans(text: &str) -> Html {
    // Odd pieces sit between backticks; an unpaired backtick is kept as written.
    let pieces: Vec<&str> = text.split('`').collect();
    let paired = pieces.len() % 2 == 1;
    html! {
        <>
            { for pieces.iter().enumerate().map(|(i, piece)| {
                if i % 2 == 1 && (paired || i + 1 < pieces.len()) {
                    html! { <code>{ *piece }</code> }
                } else if i % 2 == 1 {
                    html! { { format!("`{piece}") } }
                } else {
                    html! { { *piece } }
                }
            }) }
        </>
    }
}
