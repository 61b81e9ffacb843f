//! Text put into HTML or SVG markup: the diagram's SVG in the app
//! (`views::diagram_markup`), the panels the import worker draws
//! (`views::reproduce`, `views::live_view`) and the pages `corsim serve`
//! writes.

/// `text` with the five characters that could end a text or an attribute
/// value, or start markup, written as character references, so that
/// nothing in it can become markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text` escaped, with every `` `span` `` in `<code>`: explanations mark
/// names and values with backticks, as in Markdown. An unpaired backtick is
/// kept as written.
pub fn code_spans(text: &str) -> String {
    // Odd pieces sit between backticks.
    let pieces: Vec<&str> = text.split('`').collect();
    let paired = pieces.len() % 2 == 1;
    let mut out = String::with_capacity(text.len());
    for (i, piece) in pieces.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(&escape(piece));
        } else if paired || i + 1 < pieces.len() {
            out.push_str(&format!("<code>{}</code>", escape(piece)));
        } else {
            out.push('`');
            out.push_str(&escape(piece));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup_character() {
        assert_eq!(
            escape(r#"<img src=x onerror="alert('1')"> & co"#),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co"
        );
        assert_eq!(escape("GET /users/7"), "GET /users/7");
    }

    #[test]
    fn code_spans_are_code_and_everything_is_escaped() {
        assert_eq!(
            code_spans("Send `Vary: Origin` <b>now</b>"),
            "Send <code>Vary: Origin</code> &lt;b&gt;now&lt;/b&gt;"
        );
        assert_eq!(code_spans("a `b` c `d"), "a <code>b</code> c `d");
        assert_eq!(code_spans(""), "");
    }
}
