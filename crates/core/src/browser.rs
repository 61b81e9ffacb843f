//! The browsers whose behaviour the core models. Chromium's is the verdict;
//! Firefox's is run alongside for its console line and its differences.

/// A browser engine, at the release the console lines were taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chromium,
    Firefox,
}

impl Browser {
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium 156",
            Browser::Firefox => "Firefox ESR 153",
        }
    }
}
