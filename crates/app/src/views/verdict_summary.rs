//! The verdict in one line: a mark that does not rely on colour, a title and
//! the reason. When the browsers do not agree, the title names them and the
//! reasons say why, in plain words.

use corsim_core::explain;
use corsim_core::verdict::{Outcome, Verdict};

use super::browsers::{self, Browsers};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub mark: &'static str,
    pub title: String,
    pub detail: String,
    /// Whether the browsers reach different outcomes: the title then names
    /// them, and `detail` is Chromium's.
    pub mixed: bool,
    /// Why the browsers part ways (a header one drops, a preflight only some
    /// send), when they do, even on the way to the same outcome: sentences,
    /// or nothing.
    pub differences: String,
}

/// The summary of Chromium's `verdict`, set beside the other browsers'
/// decisions when they are given.
pub fn summary(verdict: &Verdict, all: Option<Browsers>) -> Summary {
    let chromium = chromium_summary(verdict);
    let Some(all) = all else {
        return chromium;
    };
    let differences = browsers::reasons(&all);
    match browsers::disagreement(&all) {
        Some(title) => {
            const IN_CHROMIUM: &str = "In Chromium: ";
            let mut detail = String::from(IN_CHROMIUM) + &chromium.detail;
            // The detail is an English sentence in ASCII: its first letter
            // goes to lower case (ASCII only: Unicode's tables cost 6 kB).
            if let Some(first) = detail.get_mut(IN_CHROMIUM.len()..=IN_CHROMIUM.len()) {
                first.make_ascii_lowercase();
            }
            Summary {
                mark: "≠",
                title,
                detail,
                mixed: true,
                differences,
            }
        }
        None => Summary {
            differences,
            ..chromium
        },
    }
}

fn chromium_summary(verdict: &Verdict) -> Summary {
    let preflight = if verdict.preflight.sent {
        "after a preflight"
    } else {
        "with no preflight"
    };
    match (verdict.outcome, &verdict.failure) {
        (Outcome::NetworkError, Some(failure)) => Summary {
            mark: "✕",
            title: "Blocked: the script gets a TypeError".to_string(),
            detail: explain::capitalized(&explain::failure(failure)) + ".",
            ..agreed()
        },
        (Outcome::NetworkError, None) => Summary {
            mark: "✕",
            title: "Blocked: the script gets a TypeError".to_string(),
            detail: String::new(),
            ..agreed()
        },
        (Outcome::Opaque, _) => Summary {
            mark: "◐",
            title: "Opaque: the request is sent, but the script cannot read the response"
                .to_string(),
            detail: format!("Sent {preflight}; the script sees status 0 and no headers."),
            ..agreed()
        },
        (Outcome::Readable, _) if verdict.same_origin => Summary {
            mark: "✓",
            title: "Readable: a same-origin request".to_string(),
            detail: "The page and the URL share an origin, so CORS does not apply.".to_string(),
            ..agreed()
        },
        (Outcome::Readable, _) => Summary {
            mark: "✓",
            title: "Readable: the server allows it".to_string(),
            detail: format!("Sent {preflight}; the response passed the CORS check."),
            ..agreed()
        },
    }
}

fn agreed() -> Summary {
    Summary {
        mark: "",
        title: String::new(),
        detail: String::new(),
        mixed: false,
        differences: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(json: serde_json::Value) -> Summary {
        let [c, f, w] = super::browsers::tests::evaluate(json);
        summary(&c, Some([&c, &f, &w]))
    }

    #[test]
    fn each_outcome_has_its_mark_and_reason() {
        let blocked = of(
            serde_json::json!({"version": 1, "page": "https://a.example/",
            "request": {"url": "https://b.example/"}}),
        );
        assert_eq!(blocked.mark, "✕");
        assert_eq!(
            blocked.detail,
            "The response fails the CORS check: there is no `Access-Control-Allow-Origin` header."
        );
        assert!(!blocked.mixed && blocked.differences.is_empty());
        let opaque = of(
            serde_json::json!({"version": 1, "page": "https://a.example/",
            "request": {"url": "https://b.example/", "mode": "no-cors"}}),
        );
        assert_eq!(opaque.mark, "◐");
        let same = of(
            serde_json::json!({"version": 1, "page": "https://a.example/x",
            "request": {"url": "https://a.example/y"}}),
        );
        assert_eq!(same.title, "Readable: a same-origin request");
    }

    #[test]
    fn browsers_that_disagree_are_named_in_the_headline() {
        let s = of(super::browsers::tests::user_agent());
        assert_eq!(
            (s.mark, s.title.as_str(), s.mixed),
            (
                "≠",
                "Readable in Chromium; blocked in Firefox and Safari",
                true
            )
        );
        assert_eq!(
            s.detail,
            "In Chromium: sent with no preflight; the response passed the CORS check."
        );
        assert!(
            s.differences.ends_with(
                " Firefox and Safari send a preflight (OPTIONS) first; Chromium does not."
            ),
            "{}",
            s.differences
        );
    }

    #[test]
    fn browsers_that_agree_read_as_before_with_the_way_they_differ() {
        let s = of(
            serde_json::json!({"version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/", "headers": [["Save-Data", "on"]]},
            "server": [
                {"method": "OPTIONS", "status": 204, "headers": [
                    ["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Headers", "Save-Data"]]},
                {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}]}),
        );
        assert_eq!(
            (s.mark, s.title.as_str(), s.mixed),
            ("✓", "Readable: the server allows it", false)
        );
        assert!(
            s.differences.contains(
                "Firefox and Safari send a preflight (OPTIONS) first; Chromium does not."
            ),
            "{}",
            s.differences
        );
    }
}
