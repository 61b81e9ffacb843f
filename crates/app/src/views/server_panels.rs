//! The server editor's panels: what each scripted response stands for (the
//! preflight's answer, a redirect, the response itself) and the quick-add
//! buttons with values that fit this scenario.

use corsim_core::origin::Origin;
use corsim_core::verdict::{PreflightTrigger, Verdict};
use url::Url;

use crate::draft::{Draft, ResponseDraft};

/// What a `server` entry stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Preflight,
    Redirect,
    Response,
}

/// One panel of the server editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panel {
    pub role: Role,
    pub title: String,
    /// Which requests it answers, in words.
    pub answers: String,
    /// Headers a click adds (or sets), with a typical value for this scenario.
    pub quick_add: Vec<(&'static str, String)>,
    /// When the entry is pinned to a URL the request no longer goes to, so
    /// that the request it was written for got the default 404: saying so
    /// (`Edit::ResponseUrl(i, None)` points it at the request's URL again).
    pub stale: Option<String>,
}

pub fn panels(draft: &Draft, verdict: Option<&Verdict>) -> Vec<Panel> {
    draft
        .server
        .iter()
        .enumerate()
        .map(|(i, entry)| panel(draft, verdict, i, entry))
        .collect()
}

fn panel(draft: &Draft, verdict: Option<&Verdict>, index: usize, entry: &ResponseDraft) -> Panel {
    let role = if entry.is_preflight() {
        Role::Preflight
    } else if entry.status_code().is_some_and(|s| (300..400).contains(&s))
        && entry.header("Location").is_some()
    {
        Role::Redirect
    } else {
        Role::Response
    };
    let url = entry.url.as_deref().unwrap_or("the request URL");
    let answers = match entry.method.as_deref() {
        None => format!("any method but OPTIONS at {url}"),
        Some(method) => format!("{method} at {url}"),
    };
    let title = match role {
        Role::Preflight => "Preflight response".to_string(),
        Role::Redirect => format!(
            "Redirect to {}",
            entry.header("Location").unwrap_or_default()
        ),
        Role::Response => "Response".to_string(),
    };
    Panel {
        role,
        title,
        answers,
        quick_add: quick_add(draft, verdict, role),
        stale: verdict.and_then(|v| stale(draft, v, index, entry)),
    }
}

/// "This answer is for /users/7; the request now goes to /users/8", when the
/// entry answered nothing and the request to the request's URL it would
/// have answered got no answer at all.
fn stale(draft: &Draft, verdict: &Verdict, index: usize, entry: &ResponseDraft) -> Option<String> {
    // URLs compared as the core serializes them: parsed, so that
    // `HTTPS://API.example.com` is the request's URL too.
    let pinned = Url::parse(entry.url.as_deref()?).ok()?;
    let request = Url::parse(&draft.request.url).ok()?;
    let (pinned, request) = (pinned.as_str(), request.as_str());
    let unanswered = verdict.wire.iter().any(|wire| {
        wire.answered_by.is_none()
            && wire.url == request
            && entry
                .method
                .as_deref()
                .map_or(wire.method != "OPTIONS", |m| wire.method == m)
    });
    if pinned == request || !unanswered || verdict.wire.iter().any(|w| w.answered_by == Some(index))
    {
        return None;
    }
    // Paths alone when the origin is the same: `/users/7`, `/users/8`.
    let origin_len = |url: &str| {
        url.find("://")
            .and_then(|i| url[i + 3..].find('/').map(|j| i + 3 + j))
    };
    let (was, now) = match (origin_len(pinned), origin_len(request)) {
        (Some(a), Some(b)) if pinned[..a] == request[..b] => (&pinned[a..], &request[b..]),
        _ => (pinned, request),
    };
    Some(format!(
        "This answer is for {was}; the request now goes to {now}."
    ))
}

fn quick_add(draft: &Draft, verdict: Option<&Verdict>, role: Role) -> Vec<(&'static str, String)> {
    // The page's own origin is the typical allowed origin; `*` when there is none.
    let origin = match Url::parse(&draft.page) {
        Ok(page) if !draft.sandboxed => Origin::of(&page).serialize(),
        Ok(_) => "null".to_string(),
        Err(_) => "*".to_string(),
    };
    let mut headers = vec![
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Allow-Credentials", "true".to_string()),
    ];
    match role {
        Role::Preflight => {
            let triggers = verdict
                .map(|v| v.preflight.triggers.as_slice())
                .unwrap_or_default();
            let methods = triggers
                .iter()
                .find_map(|t| match t {
                    PreflightTrigger::Method { method } => Some(method.clone()),
                    PreflightTrigger::Header { .. } | PreflightTrigger::UploadListeners => None,
                })
                .unwrap_or_else(|| "GET, POST, PUT, DELETE".to_string());
            let names: Vec<&str> = triggers
                .iter()
                .filter_map(|t| match t {
                    PreflightTrigger::Header { name, .. } => Some(name.as_str()),
                    PreflightTrigger::Method { .. } | PreflightTrigger::UploadListeners => None,
                })
                .collect();
            let names = if names.is_empty() {
                "Content-Type".to_string()
            } else {
                names.join(", ")
            };
            headers.push(("Access-Control-Allow-Methods", methods));
            headers.push(("Access-Control-Allow-Headers", names));
            headers.push(("Access-Control-Max-Age", "600".to_string()));
        }
        Role::Response | Role::Redirect => {
            headers.push(("Access-Control-Expose-Headers", "X-Total-Count".to_string()));
            headers.push(("Vary", "Origin".to_string()));
        }
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../presets/default.json");

    #[test]
    fn each_entry_gets_its_role_and_fitting_quick_adds() {
        let mut draft = Draft::from_json(EXAMPLE).expect("valid");
        draft.server.push(ResponseDraft::new(
            Some("https://old.example.com/".into()),
            301,
            vec![("Location".into(), "https://api.example.com/users/7".into())],
        ));
        let verdict = draft.evaluate().ok();
        let p = panels(&draft, verdict.as_ref());
        let roles: Vec<Role> = p.iter().map(|p| p.role).collect();
        assert_eq!(roles, [Role::Preflight, Role::Response, Role::Redirect]);
        assert_eq!(p[0].answers, "OPTIONS at https://api.example.com/users/7");
        assert_eq!(p[1].answers, "any method but OPTIONS at the request URL");
        assert_eq!(p[2].title, "Redirect to https://api.example.com/users/7");
        let preflight: Vec<(&str, &str)> = p[0]
            .quick_add
            .iter()
            .map(|(n, v)| (*n, v.as_str()))
            .collect();
        assert_eq!(
            preflight,
            [
                ("Access-Control-Allow-Origin", "https://app.example.com"),
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Allow-Methods", "DELETE"),
                (
                    "Access-Control-Allow-Headers",
                    "authorization, content-type"
                ),
                ("Access-Control-Max-Age", "600"),
            ]
        );
        assert_eq!(p[1].quick_add[3], ("Vary", "Origin".to_string()));
    }

    #[test]
    fn an_answer_pinned_to_the_old_url_says_so_and_can_be_pointed_at_the_new_one() {
        use crate::editor::{apply, Edit};
        use corsim_core::verdict::Outcome;

        let mut draft = Draft::from_json(EXAMPLE).expect("valid");
        let stale_of = |draft: &Draft| -> Vec<Option<String>> {
            let verdict = draft.evaluate().ok();
            panels(draft, verdict.as_ref())
                .into_iter()
                .map(|p| p.stale)
                .collect()
        };
        assert_eq!(stale_of(&draft), [None, None]);
        assert!(apply(
            &mut draft,
            Edit::Url("https://api.example.com/users/8".into())
        ));
        assert_eq!(
            draft.evaluate().expect("valid").outcome,
            Outcome::NetworkError
        );
        assert_eq!(
            stale_of(&draft),
            [
                Some("This answer is for /users/7; the request now goes to /users/8.".into()),
                None
            ]
        );
        assert!(apply(&mut draft, Edit::ResponseUrl(0, None)));
        assert_eq!(stale_of(&draft), [None, None]);
        assert_eq!(draft.evaluate().expect("valid").outcome, Outcome::Readable);

        // Another origin is named in full; an answer that still answers (a
        // redirect's target) is not stale.
        let mut moved = Draft::from_json(EXAMPLE).expect("valid");
        moved.request.url = "https://api2.example.com/users/7".into();
        assert_eq!(
            stale_of(&moved)[0].as_deref(),
            Some("This answer is for https://api.example.com/users/7; the request now goes to https://api2.example.com/users/7.")
        );
        let cdn =
            Draft::from_json(include_str!("../presets/redirect-to-cdn-works.json")).expect("valid");
        assert_eq!(stale_of(&cdn), [None, None]);
    }

    #[test]
    fn a_sandboxed_page_is_offered_null() {
        let mut draft = Draft::from_json(EXAMPLE).expect("valid");
        draft.sandboxed = true;
        let p = panels(&draft, None);
        assert_eq!(p[0].quick_add[0].1, "null");
    }
}
