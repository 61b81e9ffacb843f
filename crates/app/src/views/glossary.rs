//! The words corsim cannot do without, in plain words, each with its page
//! on MDN beside the standard's links: shown where the results use them.

/// One word and what it means.
#[derive(Debug)]
pub struct Term {
    /// The element id of its entry, for links to it.
    pub id: &'static str,
    pub word: &'static str,
    pub meaning: &'static str,
    pub mdn: &'static str,
}

macro_rules! term {
    ($id:literal, $word:literal, $meaning:literal, $page:literal) => {
        Term {
            id: concat!("term-", $id),
            word: $word,
            meaning: $meaning,
            mdn: concat!("https://developer.mozilla.org/en-US/docs/", $page),
        }
    };
}

/// The glossary, in the order a learner meets the words.
pub const TERMS: &[Term] = &[
    term!(
        "origin",
        "origin",
        "Scheme, host and port of a URL, such as https://app.example.com. Two URLs with the same three are the same origin; the path does not count.",
        "Glossary/Origin"
    ),
    term!(
        "cors",
        "CORS",
        "The rules by which a server tells the browser which other origins' pages may read its responses. The browser enforces them; the server only answers.",
        "Web/HTTP/Guides/CORS"
    ),
    term!(
        "preflight",
        "preflight",
        "An OPTIONS request the browser sends first, asking the server whether the real request (its method, its headers) is allowed. Only if the answer says yes does the real request go out.",
        "Glossary/Preflight_request"
    ),
    term!(
        "safelisted",
        "safelisted",
        "Methods (GET, HEAD, POST) and headers (such as Accept, or Content-Type with a form's types) that any page could always send with a form or an image: they need no preflight.",
        "Glossary/CORS-safelisted_request_header"
    ),
    term!(
        "credentials",
        "credentials",
        "Cookies, HTTP authentication and client certificates. fetch() sends them to another origin only with credentials: \"include\", and the response must then allow them.",
        "Web/API/RequestInit#credentials"
    ),
    term!(
        "opaque",
        "opaque response",
        "What mode: \"no-cors\" gives the script: the request goes out, but the script sees status 0, no headers and no body.",
        "Web/API/Response/type"
    ),
    term!(
        "modes",
        "modes",
        "A fetch's mode: \"cors\" (the default) reads another origin's response when CORS allows it; \"no-cors\" never reads it (opaque); \"same-origin\" refuses any other origin at once.",
        "Web/API/RequestInit#mode"
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_is_unique_and_links_to_mdn() {
        for term in TERMS {
            assert!(
                term.mdn
                    .starts_with("https://developer.mozilla.org/en-US/docs/"),
                "{}",
                term.id
            );
            assert_eq!(
                TERMS.iter().filter(|t| t.id == term.id).count(),
                1,
                "{}",
                term.id
            );
            assert!(term.meaning.ends_with('.'), "{}", term.id);
        }
    }
}
