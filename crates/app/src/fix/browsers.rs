//! The fix beyond Chromium: when Chromium reads the response but Firefox or
//! Safari block it (they preflight a header Chromium sends without one, or
//! refuse a `Content-Type` it accepts), which browsers still block and why,
//! and the server change that makes the request work in all three.
//!
//! No CORS rule is decided here either: each blocking browser's verdict is
//! handed to [`advise`], whose fixer repairs its failure, and the core is
//! asked again for every browser until none blocks.

use corsim_core::explain;
use corsim_core::verdict::Verdict;

use super::{advise, succeeded, Advice, Fix, Page, PARAGRAPH};
use crate::draft::Draft;

/// How `explain::note` words `Note::FirefoxDiffers`, which a fix's warnings
/// quote (a test checks it).
const FIREFOX_DIFFERS: &str = "Firefox differs: ";

/// How many blocking failures in a row the fix may repair, across browsers.
const MAX_ROUNDS: usize = 8;

/// What to do, for every browser, from their verdicts in the order of
/// `Browser::ALL`: [`advise`] for Chromium's; when that works but Firefox
/// or Safari block the request, a change that makes it work in all three
/// (or why none does), with a sentence saying which browsers block and why.
pub fn advise_all(draft: &Draft, each: [&Verdict; 3], page: Page) -> (Advice, Option<String>) {
    let advice = advise(draft, each[0], page);
    let [chromium, firefox, webkit] = each;
    let blocked = match (succeeded(firefox), succeeded(webkit)) {
        _ if !matches!(advice, Advice::Works) => return (advice, None),
        (true, true) => return (advice, None),
        (false, true) => "Firefox still blocks it",
        (true, false) => "Safari still blocks it",
        (false, false) => "Firefox and Safari still block it",
    };
    let mut text = String::from("Chromium reads the response, but ") + blocked;
    // Each blocking browser's failure; named by browser when they differ.
    let [in_firefox, in_safari] = [firefox, webkit].map(|v| {
        v.failure
            .as_ref()
            .filter(|_| !succeeded(v))
            .map(explain::failure)
    });
    match (in_firefox, in_safari) {
        (Some(firefox), Some(safari)) if firefox != safari => {
            text.push_str(". In Firefox, ");
            text.push_str(&firefox);
            text.push_str("; in Safari, ");
            text.push_str(&safari);
        }
        (Some(reason), _) | (None, Some(reason)) => {
            text.push_str(": ");
            text.push_str(&reason);
        }
        (None, None) => {}
    }
    text.push('.');
    for note in chromium.notes.iter().filter(|n| n.is_browser_rule()) {
        text.push(' ');
        text.push_str(&explain::capitalized(&explain::note(note)));
        text.push('.');
    }
    (fix_all(draft, page), Some(text))
}

/// The fix [`advise_all`] proposes, if there is one: what "Apply this fix"
/// applies.
pub fn suggest_all(draft: &Draft, each: [&Verdict; 3], page: Page) -> Option<Fix> {
    match advise_all(draft, each, page).0 {
        Advice::Fix(fix) => Some(fix),
        Advice::Works | Advice::NoServerFix { .. } | Advice::Unsafe(_) => None,
    }
}

/// Repairs the first blocking browser's failure, one round at a time, until
/// every browser reads the response: the rounds' changes, reasons and
/// warnings, in order.
fn fix_all(draft: &Draft, page: Page) -> Advice {
    let mut all = Fix {
        changes: Vec::new(),
        why: String::new(),
        warnings: Vec::new(),
        draft: draft.clone(),
    };
    for _ in 0..MAX_ROUNDS {
        let Ok(each) = all.draft.evaluate_each() else {
            break;
        };
        let Some(stuck) = each.iter().find(|v| !succeeded(v)) else {
            return Advice::Fix(all);
        };
        let fix = match advise(&all.draft, stuck, page) {
            Advice::Fix(fix) => fix,
            Advice::Works => break,
            no => return no,
        };
        all.changes.extend(fix.changes);
        // Two browsers failing the same check give the same reason: it is
        // said once.
        for reason in fix.why.split(PARAGRAPH) {
            if !all.why.split(PARAGRAPH).any(|r| r == reason) {
                if !all.why.is_empty() {
                    all.why.push_str(PARAGRAPH);
                }
                all.why.push_str(reason);
            }
        }
        // A round's "but Firefox differs" is answered by the rounds after
        // it: every browser reads the response at the end.
        for warning in fix.warnings {
            if !warning.contains(FIREFOX_DIFFERS) && !all.warnings.contains(&warning) {
                all.warnings.push(warning);
            }
        }
        all.draft = fix.draft;
    }
    Advice::NoServerFix {
        why: "corsim found no change to the server's responses that makes this request work in every browser."
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corsim_core::verdict::Outcome;

    fn each(draft: &Draft) -> [Verdict; 3] {
        draft.evaluate_each().expect("valid")
    }

    fn draft(json: serde_json::Value) -> Draft {
        Draft::from_value(&json).expect("valid")
    }

    #[test]
    fn a_request_only_chromium_reads_is_fixed_for_every_browser() {
        // Chromium drops User-Agent and reads the response; Firefox and
        // Safari preflight it, and the server does not allow it.
        let draft = draft(
            serde_json::json!({"version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/data", "headers": [["User-Agent", "corsim/1"]]},
            "server": [{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}]}),
        );
        let [c, f, w] = each(&draft);
        let (advice, blocked) = advise_all(&draft, [&c, &f, &w], Page::Unmarked);
        let blocked = blocked.expect("Firefox and Safari block it");
        assert!(
            blocked.starts_with(
                "Chromium reads the response, but Firefox and Safari still block it. In Firefox, "
            ),
            "{blocked}"
        );
        assert!(
            blocked.contains("In Firefox, the preflight response fails the CORS check"),
            "{blocked}"
        );
        assert!(
            blocked.contains("; in Safari, the preflight was answered with status 404"),
            "{blocked}"
        );
        assert!(blocked.contains("`User-Agent`"), "{blocked}");
        let Advice::Fix(fix) = advice else {
            panic!("no fix: {advice:?}");
        };
        assert!(
            fix.changes.iter().any(|c| c.summary.contains("User-Agent")),
            "{:?}",
            fix.changes
        );
        assert!(
            fix.warnings.iter().all(|w| !w.contains("Firefox")),
            "{:?}",
            fix.warnings
        );
        let after = each(&fix.draft);
        assert!(
            after.iter().all(|v| v.outcome == Outcome::Readable),
            "{:?}",
            after.map(|v| v.outcome)
        );
        let [c2, f2, w2] = &after;
        assert_eq!(
            advise_all(&fix.draft, [c2, f2, w2], Page::Unmarked),
            (Advice::Works, None)
        );
        assert_eq!(
            suggest_all(&draft, [&c, &f, &w], Page::Unmarked).map(|f| f.draft),
            Some(fix.draft)
        );
    }

    #[test]
    fn the_firefox_note_is_worded_as_the_filter_expects() {
        let note = corsim_core::note::Note::FirefoxDiffers {
            chromium: "a".into(),
            firefox: "b".into(),
        };
        assert!(explain::note(&note).starts_with(FIREFOX_DIFFERS));
    }

    #[test]
    fn when_every_browser_agrees_the_advice_is_chromiums() {
        let draft = draft(
            serde_json::json!({"version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/"}}),
        );
        let [c, f, w] = each(&draft);
        let (advice, blocked) = advise_all(&draft, [&c, &f, &w], Page::Unmarked);
        assert_eq!(blocked, None);
        assert_eq!(advice, advise(&draft, &c, Page::Unmarked));
    }
}
