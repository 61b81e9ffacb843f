//! How the three modelled browsers compare: which of them read the response
//! and which are blocked, why they part ways, and whether a browser stands
//! apart from the others. The headline, the console and "What JavaScript
//! sees" are drawn from it, so that a difference is never a footnote.

use corsim_core::browser::Browser;
use corsim_core::explain;
use corsim_core::note::Note;
use corsim_core::verdict::{Outcome, Verdict, WireKind};
use corsim_core::verdict_v2::{RequestVerdict, VerdictV2};

/// What `browser` does with the scenario's request.
pub fn request(browsers: &VerdictV2, browser: Browser) -> Option<&RequestVerdict> {
    browsers.of(browser).requests.first()
}

/// The outcome in the word the headline uses.
pub fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Readable => "readable",
        Outcome::Opaque => "opaque",
        Outcome::NetworkError => "blocked",
    }
}

/// Names as a person lists them: "Safari", "Firefox and Safari",
/// "Chromium, Firefox and Safari".
pub fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The browsers grouped by outcome, each group in the order of
/// [`Browser::ALL`], the groups in the order their first browser comes.
pub fn by_outcome(browsers: &VerdictV2) -> Vec<(Outcome, Vec<Browser>)> {
    let mut groups: Vec<(Outcome, Vec<Browser>)> = Vec::new();
    for browser in Browser::ALL {
        let Some(outcome) = request(browsers, browser).map(|r| r.outcome) else {
            continue;
        };
        match groups.iter_mut().find(|(o, _)| *o == outcome) {
            Some((_, group)) => group.push(browser),
            None => groups.push((outcome, vec![browser])),
        }
    }
    groups
}

/// "Readable in Chromium; blocked in Firefox and Safari", or `None` when
/// every browser reaches the same outcome.
pub fn disagreement(browsers: &VerdictV2) -> Option<String> {
    let groups = by_outcome(browsers);
    if groups.len() < 2 {
        return None;
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(outcome, group)| format!("{} in {}", outcome_word(*outcome), labels(group)))
        .collect();
    Some(explain::capitalized(&parts.join("; ")))
}

fn labels(group: &[Browser]) -> String {
    list(&group.iter().map(|b| b.label()).collect::<Vec<_>>())
}

/// Why the browsers part ways, in plain sentences: the core's notes on a
/// browser's own rules first, then which browsers send a preflight, then
/// which headers only some of them send. Empty when they all send the same
/// requests.
pub fn reasons(verdict: &Verdict, browsers: &VerdictV2) -> Vec<String> {
    let mut reasons: Vec<String> = verdict
        .notes
        .iter()
        .filter(|n| {
            matches!(
                n,
                Note::ForbiddenHeaderDropped {
                    chromium_only: true,
                    ..
                } | Note::ChromiumSafelistedHeader { .. }
                    | Note::FirefoxRefusesContentType { .. }
            )
        })
        .map(|n| explain::capitalized(&explain::note(n)) + ".")
        .collect();
    let split = |sends: &dyn Fn(&RequestVerdict) -> bool| {
        let (yes, no): (Vec<Browser>, Vec<Browser>) = Browser::ALL
            .into_iter()
            .filter(|b| request(browsers, *b).is_some())
            .partition(|b| request(browsers, *b).is_some_and(sends));
        (!yes.is_empty() && !no.is_empty()).then_some((yes, no))
    };
    let preflights = |r: &RequestVerdict| r.wire.iter().any(|w| w.kind == WireKind::Preflight);
    if let Some((yes, no)) = split(&preflights) {
        reasons.push(format!(
            "{} {} a preflight (OPTIONS) first; {} {} not.",
            labels(&yes),
            if yes.len() == 1 { "sends" } else { "send" },
            labels(&no),
            if no.len() == 1 { "does" } else { "do" },
        ));
    } else {
        // The same requests but not the same headers: a header one browser
        // drops and the others send.
        let mut names: Vec<String> = Vec::new();
        for browser in Browser::ALL {
            for w in request(browsers, browser).map_or(&[][..], |r| &r.wire) {
                for (name, _) in &w.headers {
                    if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                        names.push(name.clone());
                    }
                }
            }
        }
        for name in names {
            let carries = |r: &RequestVerdict| {
                r.wire
                    .iter()
                    .any(|w| w.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)))
            };
            if let Some((yes, no)) = split(&carries) {
                reasons.push(format!(
                    "{} {} `{name}`; {} {} not.",
                    labels(&yes),
                    if yes.len() == 1 { "sends" } else { "send" },
                    labels(&no),
                    if no.len() == 1 { "does" } else { "do" },
                ));
            }
        }
    }
    reasons
}

/// How `browser` stands apart, in words, when no other browser reaches its
/// outcome with a console line like its own (a line, or none): "Differs:
/// readable here; blocked in Firefox and Safari".
pub fn how_it_differs(browsers: &VerdictV2, browser: Browser) -> Option<String> {
    let key = |b: Browser| request(browsers, b).map(|r| (r.outcome, r.console.is_some()));
    let own = key(browser)?;
    let others: Vec<Browser> = Browser::ALL
        .into_iter()
        .filter(|b| *b != browser && key(*b).is_some())
        .collect();
    if others.is_empty() || others.iter().any(|b| key(*b) == Some(own)) {
        return None;
    }
    let (outcome, has_line) = own;
    let elsewhere: Vec<String> = by_outcome(browsers)
        .into_iter()
        .filter(|(o, _)| *o != outcome)
        .map(|(o, group)| {
            let group: Vec<Browser> = group.into_iter().filter(|b| *b != browser).collect();
            format!("{} in {}", outcome_word(o), labels(&group))
        })
        .collect();
    Some(if elsewhere.is_empty() {
        // The same outcome everywhere: only the console tells it apart.
        let printed = if has_line {
            "prints a line here"
        } else {
            "prints no line here"
        };
        format!("Differs: {printed}; {} do not", labels(&others))
    } else {
        format!(
            "Differs: {} here; {}",
            outcome_word(outcome),
            elsewhere.join("; ")
        )
    })
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

    fn evaluate(json: serde_json::Value) -> (Verdict, VerdictV2) {
        Draft::from_value(&json)
            .and_then(|d| d.evaluate_all())
            .expect("valid")
    }

    #[test]
    fn names_are_listed_as_a_person_would() {
        let table: &[(&[&str], &str)] = &[
            (&[], ""),
            (&["Safari"], "Safari"),
            (&["Firefox", "Safari"], "Firefox and Safari"),
            (
                &["Chromium", "Firefox", "Safari"],
                "Chromium, Firefox and Safari",
            ),
        ];
        for (names, want) in table {
            assert_eq!(list(names), *want, "{names:?}");
        }
    }

    #[test]
    fn the_disagreement_and_its_reasons() {
        let simple = serde_json::json!({"version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/"},
            "server": [{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}]});
        let table: &[(&str, serde_json::Value, Option<&str>, &[&str])] = &[
            ("every browser reads it", simple, None, &[]),
            (
                "Chromium drops User-Agent, the others preflight it",
                user_agent(),
                Some("Readable in Chromium; blocked in Firefox and Safari"),
                &[
                    "Chromium silently drops `User-Agent`; the Fetch standard no longer forbids it and Firefox sends it.",
                    "Firefox and Safari send a preflight (OPTIONS) first; Chromium does not.",
                ],
            ),
        ];
        for (description, json, title, why) in table {
            let (verdict, browsers) = evaluate(json.clone());
            assert_eq!(disagreement(&browsers).as_deref(), *title, "{description}");
            assert_eq!(reasons(&verdict, &browsers), *why, "{description}");
        }
    }

    #[test]
    fn the_browser_standing_apart_is_marked_in_words() {
        let (_, browsers) = evaluate(user_agent());
        assert_eq!(
            how_it_differs(&browsers, Browser::Chromium).as_deref(),
            Some("Differs: readable here; blocked in Firefox and Safari")
        );
        assert_eq!(how_it_differs(&browsers, Browser::Firefox), None);
        assert_eq!(how_it_differs(&browsers, Browser::WebKit), None);
    }
}
