//! The verdict as plain text for a person: what `corsim check` prints without
//! `--json`.

use std::fmt::Write;

use corsim_core::browser::Browser;
use corsim_core::explain;
use corsim_core::note::Note;
use corsim_core::origin::ComponentMatch;
use corsim_core::scenario::{Scenario, Timeline};
use corsim_core::verdict::{Outcome, PreflightTrigger, Verdict, WireKind};
use corsim_core::verdict_v2::VerdictV2;

/// Renders the verdict for a terminal. Nothing from the scenario can act on
/// the terminal: every control character but the report's own line breaks,
/// and every bidirectional-text control, is written escaped (`\u{1b}`).
pub fn render(scenario: &Scenario, verdict: &Verdict) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_report(&mut out, scenario, verdict);
    if out.chars().any(|c| needs_escape(c, true)) {
        out = out.chars().map(|c| escaped(c, true)).collect();
    }
    out
}

/// Renders a version-2 verdict for a terminal: each request of the page in
/// order, and what each browser did with it, its caches included. Escaped
/// as [`render`] escapes.
pub fn render_timeline(timeline: &Timeline, verdict: &VerdictV2) -> String {
    let mut out = String::new();
    let _ = write_timeline(&mut out, timeline, verdict);
    if out.chars().any(|c| needs_escape(c, true)) {
        out = out.chars().map(|c| escaped(c, true)).collect();
    }
    out
}

fn write_timeline(out: &mut String, timeline: &Timeline, verdict: &VerdictV2) -> std::fmt::Result {
    if let Some(title) = &timeline.title {
        let title: String = title.chars().map(|c| escaped(c, false)).collect();
        writeln!(out, "{title}\n")?;
    }
    writeln!(out, "Page {}", timeline.page)?;
    for (i, request) in timeline.requests.iter().enumerate() {
        let init = &request.init;
        writeln!(
            out,
            "\nRequest {} at {} s: {} {} ({})",
            i + 1,
            request.at_ms as f64 / 1000.0,
            init.method,
            init.url,
            init.initiator.as_str()
        )?;
        if let Some(page) = &request.page {
            writeln!(out, "  from the page {page}")?;
        }
        for browser in Browser::ALL {
            let Some(r) = verdict.of(browser).requests.get(i) else {
                continue;
            };
            writeln!(
                out,
                "  {}: {}{}; preflight cache {}, HTTP cache {}",
                browser.label(),
                r.outcome.as_str(),
                r.status
                    .map(|s| format!(", status {s}"))
                    .unwrap_or_default(),
                cache_word(&r.cache.preflight),
                cache_word(&r.cache.http),
            )?;
            for w in &r.wire {
                let answer = match w.fail {
                    Some(fail) => format!("no response ({})", fail.as_str()),
                    None => w.status.to_string(),
                };
                writeln!(out, "    {} {} -> {answer}", w.method, w.url)?;
            }
            writeln!(out, "    the page's code gets {}", r.script_sees)?;
            if let Some(console) = &r.console {
                for line in console.lines() {
                    writeln!(out, "    console: {line}")?;
                }
            }
        }
    }
    Ok(())
}

/// A cache use as its JSON word.
fn cache_word<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Whether `c` is written escaped: a control character (a line break too,
/// unless `newline_ok`) or a bidirectional-text control, which could make a
/// line read as something else (`U+202E` turns the rest of it around).
fn needs_escape(c: char, newline_ok: bool) -> bool {
    (c.is_control() && !(newline_ok && c == '\n'))
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escaped(c: char, newline_ok: bool) -> String {
    if needs_escape(c, newline_ok) {
        c.escape_default().to_string()
    } else {
        c.to_string()
    }
}

fn write_report(out: &mut String, scenario: &Scenario, verdict: &Verdict) -> std::fmt::Result {
    if let Some(title) = &scenario.title {
        // One line: a title cannot add lines that look like the report's.
        let title: String = title.chars().map(|c| escaped(c, false)).collect();
        writeln!(out, "{title}\n")?;
    }
    let c = &verdict.origin_comparison;
    writeln!(out, "Origins")?;
    writeln!(out, "  page    {}", c.page_origin)?;
    writeln!(out, "  target  {}", c.target_origin)?;
    for (label, row) in [("scheme", &c.scheme), ("host", &c.host), ("port", &c.port)] {
        if let Some(ComponentMatch { page, target, same }) = row {
            writeln!(
                out,
                "  {label:<7} {page} vs {target}  {}",
                if *same { "same" } else { "DIFFERENT" }
            )?;
        }
    }
    writeln!(
        out,
        "  => {}\n",
        if c.same_origin {
            "same origin"
        } else {
            "cross-origin"
        }
    )?;

    writeln!(out, "Preflight")?;
    let p = &verdict.preflight;
    if p.sent {
        writeln!(out, "  sent, because:")?;
        for trigger in &p.triggers {
            match trigger {
                PreflightTrigger::Method { method } => {
                    writeln!(out, "  - the method {method} is not GET, HEAD or POST")?
                }
                PreflightTrigger::Header { name, because } => {
                    writeln!(out, "  - the header {name}: {because}")?
                }
                PreflightTrigger::UploadListeners => writeln!(
                    out,
                    "  - XMLHttpRequest has an upload progress listener (the use-CORS-preflight flag)"
                )?,
            }
        }
    } else {
        let why = match p.skipped_because {
            Some("same-origin") => "not needed: the request is same-origin",
            Some("data-url") => "never sent: a data: URL is read locally",
            Some("no-cors") => "never sent in no-cors mode",
            Some("simple") => "not needed: the method and every header are CORS-safelisted",
            Some("cached") => {
                "not sent: a preflight the browser stored earlier allows this request"
            }
            _ => "not reached: the fetch stopped before",
        };
        writeln!(out, "  {why}")?;
        // Chromium's own safelist (client hints, Save-Data, Intervention):
        // the standard would have sent one.
        let chromium_only: Vec<&str> = verdict
            .notes
            .iter()
            .filter_map(|n| match n {
                Note::ChromiumSafelistedHeader { name } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        if !chromium_only.is_empty() {
            writeln!(
                out,
                "  (in Chromium, whose own safelist has {}; the standard and Firefox send a preflight)",
                chromium_only.join(", ")
            )?;
        }
        // A Content-Type that Firefox's own parser refuses: Firefox would
        // send one (in no-cors mode it drops the header instead).
        if p.skipped_because == Some("simple") {
            for note in &verdict.notes {
                if let Note::FirefoxRefusesContentType { value, refused } = note {
                    writeln!(
                        out,
                        "  (Firefox sends one: its own parser refuses {refused} in Content-Type: {value})"
                    )?;
                }
            }
        }
    }
    writeln!(out)?;

    writeln!(out, "On the wire")?;
    if verdict.wire.is_empty() {
        writeln!(out, "  nothing was sent")?;
    }
    for entry in &verdict.wire {
        let kind = match entry.kind {
            WireKind::Preflight => "preflight",
            WireKind::Main => "request",
            WireKind::Redirect => "redirected",
        };
        writeln!(
            out,
            "  {kind}: {} {} -> {}",
            entry.method, entry.url, entry.status
        )?;
        for (name, value) in &entry.headers {
            writeln!(out, "      {name}: {value}")?;
        }
    }
    writeln!(out)?;

    writeln!(out, "Outcome")?;
    match verdict.outcome {
        Outcome::Readable => {
            writeln!(
                out,
                "  readable, status {}",
                verdict.status.unwrap_or_default()
            )?;
            writeln!(
                out,
                "  headers the script can read: {}",
                list(&verdict.exposed_headers)
            )?;
            writeln!(
                out,
                "  hidden from the script: {}",
                list(&verdict.hidden_headers)
            )?;
        }
        Outcome::Opaque => writeln!(out, "  opaque: status 0, no headers, no body")?,
        Outcome::NetworkError => {
            writeln!(out, "  network error: the promise rejects with a TypeError")?;
            if !verdict
                .failure
                .as_ref()
                .is_some_and(|f| f.thrown_by_request_constructor())
            {
                let messages: Vec<String> = Browser::ALL
                    .iter()
                    .map(|b| format!("{} \"{}\"", b.label(), b.fetch_error_message()))
                    .collect();
                writeln!(out, "  ({})", messages.join(", "))?;
            }
        }
    }
    if let Some(failure) = &verdict.failure {
        writeln!(out, "  because {}", explain::failure(failure))?;
    }
    writeln!(out)?;

    writeln!(out, "Console")?;
    for browser in Browser::ALL {
        // Safari prints its reason and the loader's line: one under the other.
        let lines = verdict.console.of(browser).unwrap_or("(nothing)");
        writeln!(
            out,
            "  {}: {}",
            browser.label(),
            lines.replace(
                '\n',
                &format!("\n  {:width$}", "", width = browser.label().len() + 2)
            )
        )?;
    }
    if let Some(caching) = &verdict.preflight_caching {
        writeln!(out)?;
        writeln!(
            out,
            "Preflight cache: Chromium {} s, Firefox {} s, Safari {} s (Access-Control-Max-Age: {})",
            caching.chromium_seconds,
            caching.firefox_seconds,
            caching.webkit_seconds,
            caching.max_age.as_deref().unwrap_or("absent")
        )?;
    }
    if !verdict.notes.is_empty() {
        writeln!(out, "\nNotes")?;
        for note in &verdict.notes {
            writeln!(out, "  - {}", explain::note(note))?;
        }
    }
    Ok(())
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_from_the_scenario_reaches_the_terminal_unescaped() {
        let json = r#"{"version": 1, "title": "\u001b]0;pwned\u0007\u001b[2J\nOutcome: readable \u202e",
            "page": "https://app.example.com/", "request": {"url": "https://api.example.com/",
            "headers": [["X-A", "\u001b[31mred"]]},
            "server": [{"method": "OPTIONS", "headers": [["Access-Control-Allow-Origin", "*"],
                ["Access-Control-Allow-Headers", "*"]]},
                {"headers": [["Access-Control-Allow-Origin", "*"]]}]}"#;
        let scenario = Scenario::from_json(json).expect("a valid scenario");
        let report = render(&scenario, &corsim_core::evaluate(&scenario));
        assert!(!report.chars().any(|c| needs_escape(c, true)), "{report}");
        let first = report.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            r"\u{1b}]0;pwned\u{7}\u{1b}[2J\nOutcome: readable \u{202e}"
        );
        assert!(report.contains(r"X-A: \u{1b}[31mred"), "{report}");
    }

    #[test]
    fn a_header_only_chromium_safelists_is_named_under_preflight() {
        let json = r#"{"version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/", "headers": [["DPR", "2"]]},
            "server": [{"headers": [["Access-Control-Allow-Origin", "*"]]}]}"#;
        let scenario = Scenario::from_json(json).expect("a valid scenario");
        let report = render(&scenario, &corsim_core::evaluate(&scenario));
        assert!(
            report.contains(
                "  not needed: the method and every header are CORS-safelisted\n  (in Chromium, \
                 whose own safelist has DPR; the standard and Firefox send a preflight)\n"
            ),
            "{report}"
        );
    }

    #[test]
    fn a_content_type_firefox_refuses_is_named_under_preflight() {
        let scenario_with = |mode: &str| {
            let json = format!(
                r#"{{"version": 1, "page": "https://app.example.com/",
                "request": {{"url": "https://api.example.com/", "method": "POST", "mode": "{mode}",
                             "headers": [["Content-Type", "text/plain;;"]]}},
                "server": [{{"headers": [["Access-Control-Allow-Origin", "*"]]}}]}}"#
            );
            Scenario::from_json(&json).expect("a valid scenario")
        };
        let cors = scenario_with("cors");
        let report = render(&cors, &corsim_core::evaluate(&cors));
        assert!(
            report.contains(
                "  not needed: the method and every header are CORS-safelisted\n  (Firefox sends \
                 one: its own parser refuses a `;` after the last parameter in Content-Type: \
                 text/plain;;)\n"
            ),
            "{report}"
        );
        // In no-cors mode no browser sends a preflight: Firefox drops the header.
        let no_cors = scenario_with("no-cors");
        let report = render(&no_cors, &corsim_core::evaluate(&no_cors));
        assert!(!report.contains("Firefox sends one"), "{report}");
        assert!(report.contains("in no-cors mode it drops it"), "{report}");
    }
}
