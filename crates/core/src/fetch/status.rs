//! [Statuses](https://fetch.spec.whatwg.org/#statuses): which are redirects,
//! which are ok.

/// The [redirect statuses](https://fetch.spec.whatwg.org/#redirect-status).
pub fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// An [ok status](https://fetch.spec.whatwg.org/#ok-status): 200 to 299.
pub fn is_ok_status(status: u16) -> bool {
    (200..=299).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (description, status, redirect status, ok status)
    const STATUSES: &[(&str, u16, bool, bool)] = &[
        ("200 OK", 200, false, true),
        ("204 No Content", 204, false, true),
        ("299, the last ok status", 299, false, true),
        ("300 Multiple Choices is no redirect", 300, false, false),
        ("301", 301, true, false),
        ("302", 302, true, false),
        ("303", 303, true, false),
        ("304 Not Modified is no redirect", 304, false, false),
        ("305 is no redirect", 305, false, false),
        ("307", 307, true, false),
        ("308", 308, true, false),
        ("404", 404, false, false),
    ];

    #[test]
    fn status_table() {
        for (description, status, redirect, ok) in STATUSES {
            assert_eq!(
                (is_redirect_status(*status), is_ok_status(*status)),
                (*redirect, *ok),
                "{description}"
            );
        }
    }
}
