//! [URL equivalence](https://url.spec.whatwg.org/#concept-url-equals): two
//! URLs are equal when their serializations are, here with the fragments
//! excluded, as a request's URL is compared with what a server answers: the
//! fragment never leaves the browser.

use url::Url;

/// Whether `a` equals `b` "with exclude fragments set to true".
pub fn equals_excluding_fragments(a: &Url, b: &Url) -> bool {
    without_fragment(a) == without_fragment(b)
}

/// The serialization up to its fragment. A parsed URL's serialization has
/// no `#` before its fragment: the parser percent-encodes any other.
fn without_fragment(url: &Url) -> &str {
    url.as_str().split('#').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_are_excluded_and_nothing_else() {
        // (description, a, b, equal)
        let table = [
            (
                "same URL",
                "https://a.example/x",
                "https://a.example/x",
                true,
            ),
            (
                "one has a fragment",
                "https://a.example/x#top",
                "https://a.example/x",
                true,
            ),
            (
                "different fragments",
                "https://a.example/x#1",
                "https://a.example/x#2",
                true,
            ),
            (
                "empty fragment",
                "https://a.example/x#",
                "https://a.example/x",
                true,
            ),
            (
                "different path",
                "https://a.example/x",
                "https://a.example/y",
                false,
            ),
            (
                "query differs",
                "https://a.example/x?a",
                "https://a.example/x",
                false,
            ),
            (
                "fragment after a query",
                "https://a.example/x?a#b",
                "https://a.example/x?a",
                true,
            ),
        ];
        for (description, a, b, want) in table {
            let (a, b) = (Url::parse(a).unwrap(), Url::parse(b).unwrap());
            assert_eq!(
                equals_excluding_fragments(&a, &b),
                want,
                "{description}: {a} {b}"
            );
        }
    }
}
