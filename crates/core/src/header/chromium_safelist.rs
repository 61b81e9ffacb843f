//! The request headers Chromium sends without a preflight beyond the
//! standard's [CORS-safelisted request-headers](https://fetch.spec.whatwg.org/#cors-safelisted-request-header):
//! the client hints it can add to requests itself (`DPR`, `Device-Memory`,
//! `Width`, `Viewport-Width`, and the network hints `RTT`, `Downlink` and
//! `ECT`), `Save-Data`, and its own `Intervention` header
//! (`IsCorsSafelistedHeader` in `services/network/public/cpp/cors/cors.cc`).
//! A page can set any of them with `fetch()`; where the standard, and
//! Firefox with it, preflights the request, Chromium does not.
//!
//! Each header's value rule was observed in Chromium 156.0.8078 on this
//! project's machines on 2026-11-26: a cross-origin `fetch()` with one header
//! and value, and whether an `OPTIONS` request reached the server. The
//! values are capped at the standard's 128 bytes, and they count toward its
//! 1024-byte total like the standard's own safelisted headers (both observed
//! too: a `DPR` of 128 digits is sent as is, one of 129 is preflighted).

use super::safelist::{
    cors_safelisted_request_header, NotSafelisted, CORS_SAFELISTED_VALUE_MAX_LEN,
};

/// What a value must look like for Chromium to send the header without a
/// preflight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueRule {
    /// Digits, with an optional fraction: `2`, `01`, `1.5` (not `.5`, `2.`,
    /// `-1` or `1e3`).
    Decimal,
    /// Digits only: `800`, `007` (not `1.5` or the empty value).
    Integer,
    /// `on`, in any case.
    On,
    /// One of the effective connection types, exactly: `slow-2g`, `2g`,
    /// `3g`, `4g`.
    EffectiveType,
    /// Anything, the empty value included.
    Any,
}

impl ValueRule {
    fn admits(self, value: &[u8]) -> bool {
        let digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
        match self {
            ValueRule::Decimal => match value.iter().position(|&b| b == b'.') {
                Some(dot) => {
                    let (whole, fraction) = value.split_at(dot);
                    digits(whole) && fraction.get(1..).is_some_and(digits)
                }
                None => digits(value),
            },
            ValueRule::Integer => digits(value),
            ValueRule::On => value.eq_ignore_ascii_case(b"on"),
            ValueRule::EffectiveType => [&b"slow-2g"[..], b"2g", b"3g", b"4g"].contains(&value),
            ValueRule::Any => true,
        }
    }

    /// The rule in words, to end "Chromium sends it without a preflight only
    /// when its value is …".
    fn describe(self) -> &'static str {
        match self {
            ValueRule::Decimal => "a number such as 2 or 1.5",
            ValueRule::Integer => "a whole number such as 800",
            ValueRule::On => "on",
            ValueRule::EffectiveType => "one of slow-2g, 2g, 3g and 4g",
            ValueRule::Any => "at most 128 bytes long",
        }
    }
}

/// The headers Chromium adds to the standard's safelist, with their value rules.
const CHROMIUM_SAFELISTED: &[(&str, ValueRule)] = &[
    ("DPR", ValueRule::Decimal),
    ("Device-Memory", ValueRule::Decimal),
    ("Downlink", ValueRule::Decimal),
    ("ECT", ValueRule::EffectiveType),
    ("Intervention", ValueRule::Any),
    ("RTT", ValueRule::Integer),
    ("Save-Data", ValueRule::On),
    ("Viewport-Width", ValueRule::Integer),
    ("Width", ValueRule::Integer),
];

/// The names Chromium safelists beyond the standard.
pub fn chromium_safelisted_request_header_names() -> impl Iterator<Item = &'static str> {
    CHROMIUM_SAFELISTED.iter().map(|(name, _)| *name)
}

/// Whether Chromium sends (`name`, `value`) without a preflight, and if not,
/// why: the standard's [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header)
/// check, widened to the headers above.
pub fn chromium_safelisted_request_header(name: &str, value: &[u8]) -> Result<(), NotSafelisted> {
    let Some(&(_, rule)) = CHROMIUM_SAFELISTED
        .iter()
        .find(|(safelisted, _)| safelisted.eq_ignore_ascii_case(name))
    else {
        return cors_safelisted_request_header(name, value);
    };
    if value.len() > CORS_SAFELISTED_VALUE_MAX_LEN {
        return Err(NotSafelisted::ValueTooLong { len: value.len() });
    }
    if rule.admits(value) {
        Ok(())
    } else {
        Err(NotSafelisted::ChromiumValue {
            expected: rule.describe(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Chromium 156 did with each header and value: `true` when it sent
    /// the request without a preflight (see the module's comment).
    const OBSERVED: &[(&str, &str, bool)] = &[
        ("DPR", "2", true),
        ("DPR", "1.5", true),
        ("DPR", "01", true),
        ("DPR", "0", true),
        ("dpr", "2", true),
        ("DPR", "abc", false),
        ("DPR", "", false),
        ("DPR", "-1", false),
        ("DPR", "2.", false),
        ("DPR", ".5", false),
        ("DPR", "1.5.5", false),
        ("DPR", "1e3", false),
        ("Device-Memory", "8", true),
        ("Device-Memory", "0.25", true),
        ("Device-Memory", "abc", false),
        ("Device-Memory", ".5", false),
        ("Downlink", "1.5", true),
        ("Downlink", "10", true),
        ("Downlink", "abc", false),
        ("Downlink", "1.", false),
        ("Width", "100", true),
        ("Width", "0", true),
        ("Width", "007", true),
        ("Width", "1.5", false),
        ("Width", "-3", false),
        ("Width", "", false),
        ("Viewport-Width", "800", true),
        ("Viewport-Height", "800", false),
        ("RTT", "50", true),
        ("RTT", "1.5", false),
        ("RTT", "", false),
        ("ECT", "4g", true),
        ("ECT", "slow-2g", true),
        ("ECT", "2g", true),
        ("ECT", "3g", true),
        ("ECT", "4G", false),
        ("ECT", "5g", false),
        ("ECT", "whatever", false),
        ("ECT", "", false),
        ("Save-Data", "on", true),
        ("Save-Data", "ON", true),
        ("Save-Data", "On", true),
        ("Save-Data", "off", false),
        ("Intervention", "x", true),
        ("Intervention", "", true),
        ("Intervention", "a(b)", true),
        ("Accept", "text/html", true),
        ("X-Custom", "1", false),
    ];

    #[test]
    fn chromium_safelists_what_it_was_seen_to_send_without_a_preflight() {
        for &(name, value, sent) in OBSERVED {
            assert_eq!(
                chromium_safelisted_request_header(name, value.as_bytes()).is_ok(),
                sent,
                "{name}: {value:?}"
            );
        }
    }

    #[test]
    fn values_over_128_bytes_are_preflighted() {
        let digits = |n| "1".repeat(n);
        assert!(chromium_safelisted_request_header("DPR", digits(128).as_bytes()).is_ok());
        assert_eq!(
            chromium_safelisted_request_header("DPR", digits(129).as_bytes()),
            Err(NotSafelisted::ValueTooLong { len: 129 })
        );
        assert!(chromium_safelisted_request_header("Intervention", &[b'x'; 129]).is_err());
    }

    #[test]
    fn the_standard_preflights_every_one_of_them() {
        for name in chromium_safelisted_request_header_names() {
            assert_eq!(
                cors_safelisted_request_header(name, b"2"),
                Err(NotSafelisted::Name),
                "{name}"
            );
        }
    }

    #[test]
    fn a_refused_value_says_what_chromium_wants() {
        assert_eq!(
            chromium_safelisted_request_header("Save-Data", b"off").map_err(|e| e.to_string()),
            Err("Chromium sends it without a preflight only when its value is on".to_string())
        );
    }
}
