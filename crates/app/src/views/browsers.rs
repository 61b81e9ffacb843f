//! How the three modelled browsers compare: which of them read the response
//! and which are blocked, why they part ways, and whether a browser stands
//! apart from the others. The headline, the console and "What JavaScript
//! sees" are drawn from it, so that a difference is never a footnote.
//!
//! The sentences are written piece by piece into one `String` from a few
//! short words, so the headline and the console's "Differs" note share one
//! writer ([`push_outcomes`]).

use corsim_core::browser::Browser;
use corsim_core::explain;
use corsim_core::verdict::{Outcome, Verdict, WireKind};

pub use crate::state::Browsers;

/// A set of browsers: bit `i` stands for `Browser::ALL[i]`.
type Set = u8;
const EVERY: Set = 0b111;

/// The outcome in the word the headline uses.
pub fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Readable => "readable",
        Outcome::Opaque => "opaque",
        Outcome::NetworkError => "blocked",
    }
}

/// Whether the browsers reach different outcomes.
pub fn differ(all: &Browsers) -> bool {
    all[1].outcome != all[0].outcome || all[2].outcome != all[0].outcome
}

/// The browsers whose verdict `has` holds for.
fn set(all: &Browsers, has: &dyn Fn(&Verdict) -> bool) -> Set {
    let mut set = 0;
    for (i, verdict) in all.iter().enumerate() {
        if has(verdict) {
            set |= 1 << i;
        }
    }
    set
}

/// Writes the browsers of `set` as a person lists them: "Safari", "Firefox
/// and Safari", "Chromium, Firefox and Safari".
fn push_names(out: &mut String, set: Set) {
    let mut left = set.count_ones();
    for (i, browser) in Browser::ALL.into_iter().enumerate() {
        if set & (1 << i) != 0 {
            out.push_str(browser.label());
            left -= 1;
            out.push_str(match left {
                0 => "",
                1 => " and ",
                _ => ", ",
            });
        }
    }
}

/// Writes the browsers of `set` and the verb that agrees with them.
fn push_who(out: &mut String, set: Set, singular: &str, plural: &str) {
    push_names(out, set);
    out.push_str(if set.count_ones() == 1 {
        singular
    } else {
        plural
    });
}

/// Writes each outcome the browsers reach but `except`, as "blocked in
/// Firefox and Safari", in the order of their first browser; `; ` before
/// each when `out` holds something already.
fn push_outcomes(out: &mut String, all: &Browsers, except: Option<Outcome>) {
    for (i, verdict) in all.iter().enumerate() {
        let outcome = verdict.outcome;
        if Some(outcome) == except || all[..i].iter().any(|v| v.outcome == outcome) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(outcome_word(outcome));
        out.push_str(" in ");
        push_names(out, set(all, &|v| v.outcome == outcome));
    }
}

/// "Readable in Chromium; blocked in Firefox and Safari", or `None` when
/// every browser reaches the same outcome.
pub fn disagreement(all: &Browsers) -> Option<String> {
    if !differ(all) {
        return None;
    }
    let mut title = String::new();
    push_outcomes(&mut title, all, None);
    Some(explain::capitalized(&title))
}

/// Why the browsers part ways, in plain sentences: the core's notes on a
/// browser's own rules first, then which browsers send a preflight, then
/// which headers only some of them send. Empty when they all send the same
/// requests.
pub fn reasons(all: &Browsers) -> String {
    let mut text = String::new();
    for note in all[0].notes.iter().filter(|n| n.is_browser_rule()) {
        text.push_str(&explain::capitalized(&explain::note(note)));
        text.push_str(". ");
    }
    let preflights = set(all, &|v| {
        v.wire.iter().any(|w| w.kind == WireKind::Preflight)
    });
    if preflights != 0 && preflights != EVERY {
        push_who(&mut text, preflights, " sends", " send");
        text.push_str(" a preflight (OPTIONS) first; ");
        push_who(&mut text, EVERY ^ preflights, " does", " do");
        text.push_str(" not. ");
    } else {
        // The same requests but not the same headers: a header one browser
        // drops and the others send.
        let mut seen: Vec<&str> = Vec::new();
        for verdict in all {
            for (name, _) in verdict.wire.iter().flat_map(|w| &w.headers) {
                if seen.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                    continue;
                }
                seen.push(name);
                let carries = set(all, &|v| {
                    v.wire
                        .iter()
                        .any(|w| w.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)))
                });
                if carries != EVERY {
                    push_who(&mut text, carries, " sends `", " send `");
                    text.push_str(name);
                    text.push_str("`; ");
                    push_who(&mut text, EVERY ^ carries, " does", " do");
                    text.push_str(" not. ");
                }
            }
        }
    }
    text.truncate(text.trim_end().len());
    text
}

/// What sets a browser's result apart: its outcome, and whether it prints a
/// console line.
fn result(all: &Browsers, i: usize) -> (Outcome, bool) {
    (all[i].outcome, all[i].console.of(Browser::ALL[i]).is_some())
}

/// How `browser` stands apart, in words, when no other browser reaches its
/// outcome with a console like its own (a line, or none): "Differs:
/// readable here; blocked in Firefox and Safari".
pub fn how_it_differs(all: &Browsers, browser: Browser) -> Option<String> {
    let i = browser as usize;
    let own = result(all, i);
    if (0..3).any(|j| j != i && result(all, j) == own) {
        return None;
    }
    let mut text = String::from("Differs: ");
    if differ(all) {
        text.push_str(outcome_word(own.0));
        text.push_str(" here");
        push_outcomes(&mut text, all, Some(own.0));
    } else {
        // The same outcome everywhere: only the console tells it apart.
        text.push_str(if own.1 {
            "prints a line here; "
        } else {
            "prints no line here; "
        });
        push_who(&mut text, EVERY ^ (1 << i), " does not", " do not");
    }
    Some(text)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::draft::Draft;

    /// The User-Agent scenario of `tests/golden/`: Chromium drops the header
    /// and reads the response; Firefox and Safari preflight it and are blocked.
    pub(crate) fn user_agent() -> serde_json::Value {
        serde_json::json!({"version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/data", "headers": [["User-Agent", "corsim/1"]]},
            "server": [{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}]})
    }

    pub(crate) fn evaluate(json: serde_json::Value) -> [Verdict; 3] {
        Draft::from_value(&json)
            .and_then(|d| d.evaluate_each())
            .expect("valid")
    }

    #[test]
    fn names_are_listed_as_a_person_would() {
        let table: &[(Set, &str)] = &[
            (0, ""),
            (0b100, "Safari"),
            (0b110, "Firefox and Safari"),
            (0b101, "Chromium and Safari"),
            (EVERY, "Chromium, Firefox and Safari"),
        ];
        for (set, want) in table {
            let mut got = String::new();
            push_names(&mut got, *set);
            assert_eq!(got, *want, "{set:03b}");
        }
    }

    #[test]
    fn the_disagreement_and_its_reasons() {
        let simple = serde_json::json!({"version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/"},
            "server": [{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}]});
        let table: &[(&str, serde_json::Value, Option<&str>, &str)] = &[
            ("every browser reads it", simple, None, ""),
            (
                "Chromium drops User-Agent, the others preflight it",
                user_agent(),
                Some("Readable in Chromium; blocked in Firefox and Safari"),
                "Chromium silently drops `User-Agent`; the Fetch standard no longer forbids it and Firefox sends it. \
                 Firefox and Safari send a preflight (OPTIONS) first; Chromium does not.",
            ),
        ];
        for (description, json, title, why) in table {
            let [c, f, w] = evaluate(json.clone());
            let all = [&c, &f, &w];
            assert_eq!(disagreement(&all).as_deref(), *title, "{description}");
            assert_eq!(reasons(&all), *why, "{description}");
        }
    }

    #[test]
    fn the_browser_standing_apart_is_marked_in_words() {
        let [c, f, w] = evaluate(user_agent());
        let all = [&c, &f, &w];
        assert_eq!(
            how_it_differs(&all, Browser::Chromium).as_deref(),
            Some("Differs: readable here; blocked in Firefox and Safari")
        );
        assert_eq!(how_it_differs(&all, Browser::Firefox), None);
        assert_eq!(how_it_differs(&all, Browser::WebKit), None);
    }
}
