//! The verdict in one line: a mark that does not rely on colour, a title and
//! the reason.

use corsim_core::explain;
use corsim_core::verdict::{Outcome, Verdict};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub mark: &'static str,
    pub title: String,
    pub detail: String,
}

pub fn summary(verdict: &Verdict) -> Summary {
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
        },
        (Outcome::NetworkError, None) => Summary {
            mark: "✕",
            title: "Blocked: the script gets a TypeError".to_string(),
            detail: String::new(),
        },
        (Outcome::Opaque, _) => Summary {
            mark: "◐",
            title: "Opaque: the request is sent, but the script cannot read the response"
                .to_string(),
            detail: format!("Sent {preflight}; the script sees status 0 and no headers."),
        },
        (Outcome::Readable, _) if verdict.same_origin => Summary {
            mark: "✓",
            title: "Readable: a same-origin request".to_string(),
            detail: "The page and the URL share an origin, so CORS does not apply.".to_string(),
        },
        (Outcome::Readable, _) => Summary {
            mark: "✓",
            title: "Readable: the server allows it".to_string(),
            detail: format!("Sent {preflight}; the response passed the CORS check."),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;

    fn verdict(json: serde_json::Value) -> Verdict {
        Draft::from_value(&json)
            .and_then(|d| d.evaluate())
            .expect("valid")
    }

    #[test]
    fn each_outcome_has_its_mark_and_reason() {
        let blocked = summary(&verdict(
            serde_json::json!({"version": 1, "page": "https://a.example/",
            "request": {"url": "https://b.example/"}}),
        ));
        assert_eq!(blocked.mark, "✕");
        assert_eq!(
            blocked.detail,
            "The response fails the CORS check: there is no `Access-Control-Allow-Origin` header."
        );
        let opaque = summary(&verdict(
            serde_json::json!({"version": 1, "page": "https://a.example/",
            "request": {"url": "https://b.example/", "mode": "no-cors"}}),
        ));
        assert_eq!(opaque.mark, "◐");
        let same = summary(&verdict(
            serde_json::json!({"version": 1, "page": "https://a.example/x",
            "request": {"url": "https://a.example/y"}}),
        ));
        assert_eq!(same.title, "Readable: a same-origin request");
    }
}
