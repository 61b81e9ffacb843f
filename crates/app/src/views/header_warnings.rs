//! Inline warnings beside each request header the learner types: whether the
//! browser throws on it, drops it, or needs a preflight to send it.
//!
//! Validity and forbiddenness are the core's predicates on the header as
//! typed; whether it triggers a preflight comes from the verdict, which knows
//! what Chromium combines and drops before its safelist check.

use corsim_core::header::{
    forbidden_request_header, header_name_problem, header_value_problem, normalize_header_value,
    Forbidden,
};
use corsim_core::note::Note;
use corsim_core::verdict::{PreflightTrigger, Verdict};

use crate::draft::Draft;

/// How serious a warning is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningKind {
    /// `new Request()` throws a `TypeError`: nothing is sent.
    Invalid,
    /// The browser silently leaves the header out.
    Dropped,
    /// The header makes the browser send a preflight first.
    Preflight,
}

impl WarningKind {
    /// A short label that does not rely on colour.
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::Invalid => "invalid",
            WarningKind::Dropped => "dropped",
            WarningKind::Preflight => "preflight",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    pub text: String,
}

/// The warnings for each request header row, in row order.
pub fn request_header_warnings(draft: &Draft, verdict: Option<&Verdict>) -> Vec<Vec<Warning>> {
    // A blank row at the end is left out of the scenario until typed into
    // (`draft::typed`): it has nothing to warn about yet.
    let headers = &draft.request.headers;
    let typed = crate::draft::typed(headers).len();
    headers
        .iter()
        .enumerate()
        .map(|(i, (name, value))| {
            if i < typed {
                warnings_for(name, value, verdict)
            } else {
                Vec::new()
            }
        })
        .collect()
}

/// The warning for the method, if it needs a preflight.
pub fn method_warning(verdict: Option<&Verdict>) -> Option<Warning> {
    verdict?.preflight.triggers.iter().find_map(|t| match t {
        PreflightTrigger::Method { method } => Some(Warning {
            kind: WarningKind::Preflight,
            text: format!(
                "{method} is not GET, HEAD or POST, so a cross-origin request needs a preflight"
            ),
        }),
        PreflightTrigger::Header { .. } | PreflightTrigger::UploadListeners => None,
    })
}

fn warnings_for(name: &str, value: &str, verdict: Option<&Verdict>) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let invalid = |text: String| Warning {
        kind: WarningKind::Invalid,
        text: format!("the browser throws a TypeError: {text}"),
    };
    if let Some(problem) = header_name_problem(name) {
        warnings.push(invalid(problem.to_string()));
    }
    // A value is a byte string: a character above U+00FF cannot be one.
    if let Some(c) = value.chars().find(|&c| u32::from(c) > 0xFF) {
        warnings.push(invalid(format!(
            "the value holds {c:?} (U+{:04X}), which is above U+00FF and so not a byte",
            u32::from(c)
        )));
    } else {
        let bytes: Vec<u8> = value.chars().map(|c| u32::from(c) as u8).collect();
        // The browser strips leading and trailing whitespace before checking.
        if let Some(problem) = header_value_problem(normalize_header_value(&bytes)) {
            warnings.push(invalid(problem.to_string()));
        }
    }
    if !warnings.is_empty() {
        return warnings;
    }
    if let Some(forbidden) = forbidden_request_header(name, value.as_bytes()) {
        let text = match forbidden {
            Forbidden::ChromiumOnly => {
                format!("Chromium silently drops it: {forbidden}. Firefox and Safari send it")
            }
            _ => format!("the browser silently drops it: {forbidden}"),
        };
        warnings.push(Warning {
            kind: WarningKind::Dropped,
            text,
        });
        return warnings;
    }
    let Some(verdict) = verdict else {
        return warnings;
    };
    let dropped_by_no_cors = verdict.notes.iter().any(
        |n| matches!(n, Note::NoCorsHeaderDropped { name: dropped } if dropped.eq_ignore_ascii_case(name)),
    );
    if dropped_by_no_cors {
        warnings.push(Warning {
            kind: WarningKind::Dropped,
            text: "no-cors mode sends only safelisted headers, so the browser silently drops it"
                .to_string(),
        });
    }
    // Where the browsers' safelists part ways, the core's notes say so.
    for note in &verdict.notes {
        let text = match note {
            Note::ChromiumSafelistedHeader { name: n } if n.eq_ignore_ascii_case(name) => {
                "Firefox and Safari need a preflight to send it; Chromium safelists it and sends it without one".to_string()
            }
            Note::FirefoxRefusesContentType { refused, .. }
                if name.eq_ignore_ascii_case("content-type") =>
            {
                format!("Firefox needs a preflight for this value (in no-cors mode it drops it): its parser refuses {refused}")
            }
            _ => continue,
        };
        warnings.push(Warning {
            kind: WarningKind::Preflight,
            text,
        });
    }
    for trigger in &verdict.preflight.triggers {
        if let PreflightTrigger::Header {
            name: unsafe_name,
            because,
        } = trigger
        {
            if unsafe_name.eq_ignore_ascii_case(name) {
                warnings.push(Warning {
                    kind: WarningKind::Preflight,
                    text: format!("needs a preflight: {because}"),
                });
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft_with(headers: &[(&str, &str)], mode: &str) -> Draft {
        let headers: Vec<[&str; 2]> = headers.iter().map(|(n, v)| [*n, *v]).collect();
        let json = serde_json::json!({
            "version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/", "method": "PUT", "headers": headers, "mode": mode},
        });
        Draft::from_value(&json).expect("valid")
    }

    fn kinds(draft: &Draft) -> Vec<Vec<WarningKind>> {
        let verdict = draft.evaluate().ok();
        request_header_warnings(draft, verdict.as_ref())
            .into_iter()
            .map(|row| row.into_iter().map(|w| w.kind).collect())
            .collect()
    }

    #[test]
    fn each_header_gets_its_warnings() {
        use WarningKind::*;
        let table: &[(&str, (&str, &str), &[WarningKind])] = &[
            ("safelisted", ("Accept", "text/html"), &[]),
            ("custom", ("X-Trace", "1"), &[Preflight]),
            (
                "JSON content type",
                ("Content-Type", "application/json"),
                &[Preflight],
            ),
            ("forbidden", ("Cookie", "a=1"), &[Dropped]),
            ("Chromium only", ("User-Agent", "bot"), &[Dropped]),
            ("space in name", ("X Trace", "1"), &[Invalid]),
            ("empty name", ("", "1"), &[Invalid]),
            ("a new row, blank at the end: left out", ("", ""), &[]),
            ("newline in value", ("X-A", "a\nb"), &[Invalid]),
            ("not a byte string", ("X-A", "€"), &[Invalid]),
            ("Latin-1 is fine", ("X-A", "é"), &[Preflight]),
            (
                "surrounding spaces are stripped",
                ("Accept", " text/html "),
                &[],
            ),
        ];
        for (description, header, want) in table {
            let draft = draft_with(&[*header], "cors");
            assert_eq!(kinds(&draft), vec![want.to_vec()], "{description}");
        }
    }

    #[test]
    fn no_cors_drops_what_is_not_safelisted() {
        let draft = draft_with(&[("X-Trace", "1"), ("Accept", "text/html")], "no-cors");
        let mut draft = draft;
        draft.request.method = "GET".into();
        assert_eq!(kinds(&draft), vec![vec![WarningKind::Dropped], vec![]]);
    }

    #[test]
    fn a_header_the_browsers_treat_apart_says_which_do_what() {
        let texts = |headers: &[(&str, &str)]| {
            let mut draft = draft_with(headers, "cors");
            draft.request.method = "GET".into();
            let verdict = draft.evaluate().ok();
            request_header_warnings(&draft, verdict.as_ref())
                .into_iter()
                .flatten()
                .map(|w| w.text)
                .collect::<Vec<_>>()
        };
        let table: &[(&str, (&str, &str), &str)] = &[
            (
                "Chromium drops it, the others send it",
                ("User-Agent", "bot"),
                "Firefox and Safari send it",
            ),
            (
                "Chromium safelists it, the others preflight it",
                ("Save-Data", "on"),
                "Firefox and Safari need a preflight to send it",
            ),
            (
                "Firefox refuses the value",
                ("Content-Type", "text/plain;charset=utf-8;"),
                "Firefox needs a preflight for this value",
            ),
        ];
        for (description, header, want) in table {
            let got = texts(&[*header]);
            assert!(
                got.iter().any(|t| t.contains(want)),
                "{description}: {got:?}"
            );
        }
    }

    #[test]
    fn the_method_warning_comes_from_the_preflight_triggers() {
        let draft = draft_with(&[], "cors");
        let verdict = draft.evaluate().expect("valid");
        let warning = method_warning(Some(&verdict)).expect("PUT needs a preflight");
        assert!(warning.text.starts_with("PUT is not GET, HEAD or POST"));
        let mut get = draft.clone();
        get.request.method = "GET".into();
        assert_eq!(method_warning(get.evaluate().ok().as_ref()), None);
    }
}
