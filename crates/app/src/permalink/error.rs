//! Why a fragment is not a scenario, in words that read well after "This
//! link could not be opened: ".
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt;

use super::decode::ORDER;
use super::{END, FORMAT, MAX_LEN};

/// Why a fragment is not a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError {
    kind: LinkErrorKind,
}

/// What is wrong with a link, with the offending text (shortened) and where
/// it is: `at` counts characters of the fragment from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkErrorKind {
    Empty,
    /// Longer than [`MAX_LEN`] bytes.
    TooLong {
        length: usize,
    },
    /// It does not start with `v=`.
    NotCorsim,
    /// `v=` holds something other than a format this or a newer corsim reads.
    BadFormat {
        text: String,
    },
    /// `v=` holds a format newer than [`FORMAT`].
    NewerFormat {
        format: String,
    },
    /// It does not end with `&end`; `tail` is how it ends.
    CutShort {
        tail: String,
    },
    /// Its `&` are written `&amp;`, as in HTML.
    HtmlEscaped,
    NoEquals {
        key: String,
        at: usize,
    },
    UnknownKey {
        key: String,
        at: usize,
    },
    /// `key` comes after `after`, which must follow it.
    OutOfOrder {
        key: String,
        after: String,
        at: usize,
    },
    Repeated {
        key: String,
        at: usize,
    },
    /// `&end` before the end.
    EarlyEnd {
        at: usize,
    },
    Missing {
        key: &'static str,
        what: &'static str,
    },
    BadEscape {
        text: String,
        at: usize,
    },
    NotUtf8 {
        text: String,
        at: usize,
        key: String,
    },
    NoColon {
        key: String,
        at: usize,
    },
    UnknownShorthand {
        text: String,
        at: usize,
    },
    BadValue {
        key: String,
        value: String,
        at: usize,
        expected: String,
    },
    /// One header more than a list holds ([`MAX_HEADERS`]) or than a
    /// scenario holds in all ([`MAX_TOTAL_HEADERS`]), or one response more
    /// than a scenario holds ([`MAX_RESPONSES`]).
    ///
    /// [`MAX_HEADERS`]: corsim_core::scenario::MAX_HEADERS
    /// [`MAX_TOTAL_HEADERS`]: corsim_core::scenario::MAX_TOTAL_HEADERS
    /// [`MAX_RESPONSES`]: corsim_core::scenario::MAX_RESPONSES
    TooMany {
        key: &'static str,
        what: &'static str,
        max: usize,
        at: usize,
    },
}

impl LinkError {
    pub fn kind(&self) -> &LinkErrorKind {
        &self.kind
    }
}

impl From<LinkErrorKind> for LinkError {
    fn from(kind: LinkErrorKind) -> LinkError {
        LinkError { kind }
    }
}

/// Reads well after "This link could not be opened: ".
impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LinkErrorKind::*;
        match &self.kind {
            Empty => write!(f, "it is empty"),
            TooLong { length } => write!(
                f,
                "it is too long ({length} bytes; a link holds at most {MAX_LEN})"
            ),
            NotCorsim => write!(f, "it is not a corsim link (no `v=`)"),
            BadFormat { text } => write!(
                f,
                "`v={text}` is not a link format (this version reads formats 1 to {FORMAT})"
            ),
            NewerFormat { format } => write!(
                f,
                "it was made by a newer corsim (link format {format}; this version reads formats 1 to {FORMAT})"
            ),
            CutShort { tail } => write!(
                f,
                "it is cut short: it ends with `{tail}` where `&{END}` should be"
            ),
            HtmlEscaped => write!(
                f,
                "it is escaped for HTML (`&amp;` where `&` should be): copy the link itself"
            ),
            NoEquals { key, at } => write!(f, "`{key}` at character {at} has no `=`"),
            UnknownKey { key, at } => write!(f, "`{key}` at character {at} is not a key"),
            OutOfOrder { key, after, at } => write!(
                f,
                "`{key}` at character {at} comes after `{after}`; the order is {ORDER}"
            ),
            Repeated { key, at } => write!(f, "`{key}` at character {at} is there twice"),
            EarlyEnd { at } => write!(f, "`&{END}` at character {at} comes before the end"),
            Missing { key, what } => write!(f, "it has no {what} (`{key}=`)"),
            BadEscape { text, at } => write!(
                f,
                "`{text}` at character {at} is not an escape (`%` and two hex digits)"
            ),
            NotUtf8 { text, at, key } => write!(
                f,
                "`{text}` is not valid UTF-8 at character {at} (in `{key}=`)"
            ),
            NoColon { key, at } => write!(
                f,
                "the header `{key}=` at character {at} has no `:` after its name"
            ),
            UnknownShorthand { text, at } => write!(
                f,
                "`{text}` at character {at} is not a shorthand here (a `~` that is really there is `%7E`)"
            ),
            BadValue {
                key,
                value,
                at,
                expected,
            } => write!(f, "`{key}={value}` at character {at}: expected {expected}"),
            TooMany { key, what, max, at } => write!(
                f,
                "`{key}=` at character {at} is one too many: a scenario holds at most {max} {what}"
            ),
        }
    }
}

impl std::error::Error for LinkError {}
