//! UTS 46's mapping in WebAssembly, from the URL parser of the browser (or
//! worker) that runs the app: the browser turns the characters into an ASCII
//! host, and Punycode decoding gives back the mapped, normalized characters.
//!
//! `idna` hands over a part of one label (from the character before its first
//! non-ASCII one), so the browser validates that part on its own as well.
//! Every failure it finds there fails the whole domain too: a mark or joiner
//! has its context inside the part, and a part holding a right-to-left
//! character either is its whole label or belongs to a label that begins with
//! an ASCII character, which the Bidi rule rejects. So a failure is reported
//! as U+FFFD, as a disallowed character is, and `idna` checks the rest (the
//! Bidi rule across labels, CONTEXTJ, leading marks) with ICU4X's properties.

use crate::punycode;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The page's (or worker's) `URL`.
    #[wasm_bindgen(js_name = URL)]
    type BrowserUrl;

    #[wasm_bindgen(constructor, js_class = "URL", catch)]
    fn new(url: &str) -> Result<BrowserUrl, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn hostname(this: &BrowserUrl) -> String;
}

pub(crate) fn map_normalize(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    let part: String = chars.collect();
    mapped_by_browser(&part)
        .unwrap_or_else(|| Vec::from(['\u{FFFD}']))
        .into_iter()
}

/// A label decoded from Punycode is valid when the browser maps it to
/// itself. Otherwise the label comes back as U+FFFD, which `idna` reports;
/// a shorter answer would not do, since `idna` compares only as many
/// characters as it gets back (a dropped soft hyphen would go unnoticed).
pub(crate) fn normalize_validate(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    let label: Vec<char> = chars.collect();
    let part: String = label.iter().collect();
    match mapped_by_browser(&part) {
        Some(mapped) if mapped == label => label,
        _ => Vec::from(['\u{FFFD}']),
    }
    .into_iter()
}

/// The longest label `idna` takes that is not ASCII (its
/// `PUNYCODE_ENCODE_MAX_INPUT_LENGTH`): a longer one fails, so decoding it
/// is not worth its time.
const MAX_LABEL: usize = 1000;

/// The ASCII label that the browser's parser leaves the host with.
const SENTINEL: &str = ".corsim";

fn mapped_by_browser(part: &str) -> Option<Vec<char>> {
    // A forbidden domain code point fails URL parsing whatever the rest
    // maps to (`idna` denies it after mapping), and would end the host in
    // the URL the browser is given, or be stripped from it (tab, newline).
    if part.chars().any(is_forbidden_in_a_domain) {
        return None;
    }
    // The sentinel label keeps the browser from reading a part that maps
    // to digits as an IPv4 address ("ends in a number").
    let url = BrowserUrl::new(&format!("http://{part}{SENTINEL}/")).ok()?;
    let host = url.hostname();
    let ascii = host.strip_suffix(SENTINEL)?;
    let mut mapped = Vec::with_capacity(ascii.len());
    for (i, label) in ascii.split('.').enumerate() {
        if i > 0 {
            mapped.push('.');
        }
        match label.strip_prefix("xn--") {
            Some(encoded) => mapped.extend(punycode::decode(encoded, MAX_LABEL)?),
            None => mapped.extend(label.chars()),
        }
    }
    Some(mapped)
}

/// The URL standard's forbidden domain code points that are ASCII: C0
/// controls, space, DEL and `%#/:<>?@[\]^|`.
fn is_forbidden_in_a_domain(c: char) -> bool {
    c <= ' ' || c == '\u{7F}' || "%#/:<>?@[\\]^|".contains(c)
}
