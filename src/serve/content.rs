//! The body of a scripted answer. A scenario scripts a status and headers
//! only; a fetch does not need more, but an element does: an empty image
//! does not decode, an empty font is no font, and either would fail to
//! load for a reason of our own making, looking like a CORS failure. So an
//! answer whose `Content-Type` is an image, a script or a font carries a
//! small valid one. The body adds no header: the answer is delimited by
//! closing the connection (see the module documentation of `serve`).

/// A transparent PNG of one pixel. Browsers decode an image by its bytes,
/// not its `Content-Type`, so it serves `image/jpeg` and the rest too.
const IMAGE: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

/// A script that throws: the page tells a script run with CORS from one run
/// without (its errors muted) by the message its `error` event gets, the
/// real one or only "Script error.".
const SCRIPT: &[u8] = b"throw new Error(\"corsim: the script ran\");\n";

/// A TrueType font of one glyph, the space: Source Code Pro cut down to it
/// and renamed, under the SIL Open Font License 1.1, as its name table says.
const FONT: &[u8] = include_bytes!("blank.ttf");

/// The body for an answer with this `Content-Type`, if it needs one.
pub fn for_content_type(value: &[u8]) -> Option<&'static [u8]> {
    let value = String::from_utf8_lossy(value).to_ascii_lowercase();
    let essence = value.split(';').next().unwrap_or("").trim();
    if essence.starts_with("image/") {
        Some(IMAGE)
    } else if essence.starts_with("font/") || essence.starts_with("application/font-") {
        Some(FONT)
    } else if matches!(essence, "text/javascript" | "application/javascript") {
        Some(SCRIPT)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_get_a_body_they_can_use_and_other_answers_none() {
        assert_eq!(for_content_type(b"image/jpeg"), Some(IMAGE));
        assert_eq!(for_content_type(b"font/woff2"), Some(FONT));
        assert_eq!(
            for_content_type(b"Text/JavaScript; charset=utf-8"),
            Some(SCRIPT)
        );
        assert_eq!(for_content_type(b"application/json"), None);
        assert_eq!(for_content_type(b"text/plain"), None);
    }
}
