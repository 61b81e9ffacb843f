//! WebKit's CORS-safelisted request-headers: the standard's
//! ([`cors_safelisted_request_header`]) with no additions of its own
//! (WebCore's `isCrossOriginSafeRequestHeader`), except that its range
//! parser (`parseRange`) reads the unit `bytes` without regard to case: a
//! `Range: Bytes=0-99` goes out without a preflight, where the standard,
//! Chromium and Firefox preflight it (observed in WebKitGTK 2.50 by the
//! agreement suite, `error-range-unit-not-lower-case`).

use super::safelist::{cors_safelisted_request_header, NotSafelisted};

/// Whether WebKit sends (`name`, `value`) without a preflight (module docs).
pub fn webkit_safelisted_request_header(name: &str, value: &[u8]) -> Result<(), NotSafelisted> {
    if name.eq_ignore_ascii_case("Range") {
        if let Some(rest) = value.get(b"bytes".len()..) {
            if value
                .get(..b"bytes".len())
                .is_some_and(|unit| unit.eq_ignore_ascii_case(b"bytes"))
            {
                let mut lowered = b"bytes".to_vec();
                lowered.extend_from_slice(rest);
                return cors_safelisted_request_header(name, &lowered);
            }
        }
    }
    cors_safelisted_request_header(name, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_unit_is_read_without_case_and_nothing_else_changes() {
        // (description, name, value, safelisted)
        let table = [
            ("the standard's range", "Range", "bytes=0-99", true),
            ("the unit in another case", "Range", "Bytes=0-99", true),
            ("the unit in capitals", "range", "BYTES=0-", true),
            ("not a single range", "Range", "Bytes=0-1,5-6", false),
            ("another unit", "Range", "items=0-1", false),
            (
                "other headers as the standard",
                "Content-Type",
                "text/plain",
                true,
            ),
            ("no additions", "Save-Data", "on", false),
        ];
        for (description, name, value, want) in table {
            let got = webkit_safelisted_request_header(name, value.as_bytes()).is_ok();
            assert_eq!(got, want, "{description}: {name}: {value}");
        }
    }
}
