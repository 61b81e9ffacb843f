//! The browsers whose behaviour the core models. Chromium's is the
//! version-1 verdict; Firefox's and WebKit's are run alongside it, and the
//! version-2 verdict holds all three.

/// A browser engine, at the release the console lines were taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chromium,
    Firefox,
    /// Safari's engine, as WebKitGTK runs it: the same CORS code and console
    /// strings as Safari, over another HTTP stack.
    WebKit,
}

impl Browser {
    /// Every modelled browser, in the order verdicts list them.
    pub const ALL: [Browser; 3] = [Browser::Chromium, Browser::Firefox, Browser::WebKit];

    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium 156",
            Browser::Firefox => "Firefox ESR 153",
            Browser::WebKit => "WebKit (Safari 26; WebKitGTK 2.50)",
        }
    }

    /// The short name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium",
            Browser::Firefox => "Firefox",
            Browser::WebKit => "Safari",
        }
    }

    /// The message of the `TypeError` a failed `fetch()` rejects with, the
    /// same whatever failed: Chromium's `Failed to fetch`, Firefox's
    /// `NetworkError when attempting to fetch resource.`, and WebKit's
    /// `Load failed` (`ResourceErrorBase::sanitizedDescription`, observed).
    pub fn fetch_error_message(self) -> &'static str {
        match self {
            Browser::Chromium => "Failed to fetch",
            Browser::Firefox => "NetworkError when attempting to fetch resource.",
            Browser::WebKit => "Load failed",
        }
    }
}
