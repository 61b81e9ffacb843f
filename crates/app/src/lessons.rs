//! The guided path: lessons in order, each a preset with a short text, a
//! question to think about before looking, and the one change to try, which
//! the app applies with a button. `tests` checks every lesson's claim: the
//! outcome before the change and after it.

use corsim_core::scenario::CredentialsMode;
use corsim_core::verdict::Outcome;

use crate::draft::Draft;
use crate::editor::{Edit, HeaderEdit, HeaderList};

/// The response header names the lessons change.
const ALLOW_ORIGIN: &str = "Access-Control-Allow-Origin";
const ALLOW_HEADERS: &str = "Access-Control-Allow-Headers";
const ALLOW_CREDENTIALS: &str = "Access-Control-Allow-Credentials";
const EXPOSE_HEADERS: &str = "Access-Control-Expose-Headers";
const MAX_AGE: &str = "Access-Control-Max-Age";
const APP_ORIGIN: &str = "https://app.example.com";

/// One edit a lesson asks the learner to try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Page(&'static str),
    Sandboxed(bool),
    Url(&'static str),
    Method(&'static str),
    Credentials(CredentialsMode),
    /// Set a request header (the first of that name), or add it.
    SetRequestHeader(&'static str, &'static str),
    RemoveRequestHeader(&'static str),
    /// Set a header of `server[i]` (the first of that name), or add it.
    SetResponseHeader(usize, &'static str, &'static str),
    RemoveResponseHeader(usize, &'static str),
    ResponseStatus(usize, &'static str),
}

impl Change {
    /// The editor actions that make this change to `draft`.
    pub fn edits(self, draft: &Draft) -> Vec<Edit> {
        let position = |headers: &[(String, String)], name: &str| {
            headers
                .iter()
                .position(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        let set = |list, name: &str, value: &str| {
            Edit::Headers(
                list,
                HeaderEdit::Set {
                    name: name.to_string(),
                    value: value.to_string(),
                },
            )
        };
        match self {
            Change::Page(page) => vec![Edit::Page(page.to_string())],
            Change::Sandboxed(sandboxed) => vec![Edit::Sandboxed(sandboxed)],
            Change::Url(url) => vec![Edit::Url(url.to_string())],
            Change::Method(method) => vec![Edit::Method(method.to_string())],
            Change::Credentials(credentials) => vec![Edit::Credentials(credentials)],
            Change::SetRequestHeader(name, value) => vec![set(HeaderList::Request, name, value)],
            Change::RemoveRequestHeader(name) => position(&draft.request.headers, name)
                .map(|i| Edit::Headers(HeaderList::Request, HeaderEdit::Remove(i)))
                .into_iter()
                .collect(),
            Change::SetResponseHeader(response, name, value) => {
                vec![set(HeaderList::Response(response), name, value)]
            }
            Change::RemoveResponseHeader(response, name) => draft
                .server
                .get(response)
                .and_then(|entry| position(&entry.headers, name))
                .map(|i| Edit::Headers(HeaderList::Response(response), HeaderEdit::Remove(i)))
                .into_iter()
                .collect(),
            Change::ResponseStatus(response, status) => {
                vec![Edit::ResponseStatus(response, status.to_string())]
            }
        }
    }
}

/// One lesson.
#[derive(Debug)]
pub struct Lesson {
    /// Stable, used in `#lesson=ID` links.
    pub id: &'static str,
    /// What it teaches, in a few words: unique along the path.
    pub title: &'static str,
    /// Which part of the path it belongs to.
    pub topic: &'static str,
    /// The preset it opens.
    pub preset: &'static str,
    pub text: &'static str,
    /// To think about before looking at the verdict.
    pub question: &'static str,
    /// The change to try, in words, and as edits.
    pub try_label: &'static str,
    pub change: &'static [Change],
    /// What the script gets before the change and after it.
    pub before: Outcome,
    pub after: Outcome,
}

const ORIGINS: &str = "1. What an origin is";
const ROLE: &str = "2. The browser's role";
const HEADERS: &str = "3. The headers, one at a time";
const TRIGGERS: &str = "4. Simple and preflighted requests";
const CLASSIC: &str = "5. The classic setup";
const ERRORS: &str = "6. Common errors and their console lines";
const SECURITY: &str = "7. Security";
const CSRF: &str = "8. CORS is not CSRF protection";
const GATEWAY: &str = "9. An API gateway";
const DEBUGGING: &str = "10. Debugging";
const CACHING: &str = "11. Preflight caching";

use Outcome::{NetworkError as Blocked, Readable};

/// The path, in order.
pub const PATH: &[Lesson] = &[
    Lesson {
        id: "origin-path",
        title: "An origin is scheme, host and port, not the path",
        topic: ORIGINS,
        preset: "same-origin-path",
        text: "An origin is three things: scheme, host and port. The path is not part of it, so a page at /cart calling /api/cart/items on the same host is same-origin, and CORS never comes into play. Open \"Compare more URLs\" under \"Same origin?\" for the classic table: a path difference, http against https, a subdomain, a port.",
        question: "The request carries JSON and a custom X-CSRF-Token header. Will the browser send a preflight?",
        try_label: "Move the API to the host api.shop.example.com",
        change: &[Change::Url("https://api.shop.example.com/api/cart/items")],
        before: Readable,
        after: Blocked,
    },
    Lesson {
        id: "origin-scheme",
        title: "http and https are different origins",
        topic: ORIGINS,
        preset: "app-to-api",
        text: "The API allows exactly https://app.example.com. The same host over http is another origin: the scheme differs, and with it the default port, 80 instead of 443.",
        question: "If the page is loaded over plain http, is it still allowed?",
        try_label: "Load the page over http",
        change: &[Change::Page("http://app.example.com/dashboard")],
        before: Readable,
        after: Blocked,
    },
    Lesson {
        id: "browser-role",
        title: "The browser, not the server, blocks the read",
        topic: ROLE,
        preset: "missing-allow-origin",
        text: "Look at the flow: the request went out and the server answered 200 with the data. The browser, not the server, then refuses to hand that answer to the script, because nothing in it says this origin may read it. CORS is enforced by browsers on behalf of their users: curl, a server or a script outside a browser is never blocked.",
        question: "Did the server receive the request, and did it answer?",
        try_label: "Have the server send Access-Control-Allow-Origin: https://app.example.com",
        change: &[Change::SetResponseHeader(0, ALLOW_ORIGIN, APP_ORIGIN)],
        before: Blocked,
        after: Readable,
    },
    Lesson {
        id: "allow-origin",
        title: "Access-Control-Allow-Origin: one origin, or *",
        topic: HEADERS,
        preset: "public-api-wildcard",
        text: "Access-Control-Allow-Origin names the origin that may read the response, or * for any origin. * suits public data such as a weather forecast, and it comes with a rule: it never covers a request that sends credentials.",
        question: "Which pages can read this forecast?",
        try_label: "Send the request with credentials: include",
        change: &[Change::Credentials(CredentialsMode::Include)],
        before: Readable,
        after: Blocked,
    },
    Lesson {
        id: "allow-methods",
        title: "Access-Control-Allow-Methods, case-sensitive",
        topic: HEADERS,
        preset: "patch-lowercase",
        text: "Access-Control-Allow-Methods lists the methods a preflight allows, compared case-sensitively. The browser upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT; any other method, patch included, is sent exactly as the script wrote it.",
        question: "The server allows PATCH. Is patch allowed?",
        try_label: "Write the method as PATCH",
        change: &[Change::Method("PATCH")],
        before: Blocked,
        after: Readable,
    },
    Lesson {
        id: "allow-headers",
        title: "Access-Control-Allow-Headers and Authorization",
        topic: HEADERS,
        preset: "header-not-allowed",
        text: "Access-Control-Allow-Headers lists the request headers a preflight allows, compared without regard to case. The standard wants Authorization listed by name even where the list is *; Chromium and Firefox accept * for it all the same, so name it to be safe everywhere.",
        question: "The preflight allows Content-Type. Will the GET with an Authorization header be sent?",
        try_label: "Allow Authorization in the preflight response",
        change: &[Change::SetResponseHeader(0, ALLOW_HEADERS, "Content-Type, Authorization")],
        before: Blocked,
        after: Readable,
    },
    Lesson {
        id: "allow-credentials",
        title: "Access-Control-Allow-Credentials: true",
        topic: HEADERS,
        preset: "allow-credentials-missing",
        text: "With credentials: include, the browser sends cookies, and the response must say Access-Control-Allow-Credentials: true, exactly so, besides naming the origin.",
        question: "The origin is named correctly. Can the script read the account?",
        try_label: "Add Access-Control-Allow-Credentials: true",
        change: &[Change::SetResponseHeader(0, ALLOW_CREDENTIALS, "true")],
        before: Blocked,
        after: Readable,
    },
    Lesson {
        id: "expose-headers",
        title: "Access-Control-Expose-Headers: what the script may read",
        topic: HEADERS,
        preset: "expose-headers",
        text: "A readable response still hides most of its headers from the script: only the safelisted ones (Content-Type, Content-Length, Cache-Control and a few more) and those named in Access-Control-Expose-Headers are visible. See \"What JavaScript sees\".",
        question: "Can the script read the Link header that points to the next page?",
        try_label: "Expose Link as well",
        change: &[Change::SetResponseHeader(0, EXPOSE_HEADERS, "X-Total-Count, Link")],
        before: Readable,
        after: Readable,
    },
    Lesson {
        id: "trigger-header",
        title: "A custom header makes a preflight",
        topic: TRIGGERS,
        preset: "custom-header-preflight",
        text: "A simple request goes straight out. A request with a method other than GET, HEAD and POST, or with a header outside the safelist, is preflighted: the browser first asks with OPTIONS whether the real request is allowed.",
        question: "Is X-Api-Key on the safelist?",
        try_label: "Remove the X-Api-Key header",
        change: &[Change::RemoveRequestHeader("X-Api-Key")],
        before: Readable,
        after: Readable,
    },
    Lesson {
        id: "trigger-content-type",
        title: "A JSON Content-Type makes a preflight",
        topic: TRIGGERS,
        preset: "json-post-preflight",
        text: "Content-Type is safelisted only with three values: text/plain, multipart/form-data and application/x-www-form-urlencoded, the types an HTML form could always send. JSON is not one of them.",
        question: "Will this POST be preflighted?",
        try_label: "Send the body as text/plain",
        change: &[Change::SetRequestHeader("Content-Type", "text/plain")],
        before: Readable,
        after: Readable,
    },
    Lesson {
        id: "trigger-method",
        title: "A method other than GET, HEAD or POST makes a preflight",
        topic: TRIGGERS,
        preset: "json-post-preflight",
        text: "Any method other than GET, HEAD and POST needs a preflight, and the preflight must allow it in Access-Control-Allow-Methods.",
        question: "This server allows GET and POST. What happens to a PUT?",
        try_label: "Change the method to PUT",
        change: &[Change::Method("PUT")],
        before: Readable,
        after: Blocked,
    },
    Lesson {
        id: "trigger-value",
        title: "A safelisted header's value can make a preflight",
        topic: TRIGGERS,
        preset: "header-value-trigger",
        text: "A safelisted header can still trigger a preflight through its value: Accept-Language may only hold letters, digits, spaces and * , - . ; = characters, and any safelisted value longer than 128 bytes needs a preflight too.",
        question: "Accept-Language is on the safelist. Why is there a preflight?",
        try_label: "Write the value as en-US",
        change: &[Change::SetRequestHeader("Accept-Language", "en-US")],
        before: Blocked,
        after: Readable,
    },
    Lesson {
        id: "classic",
        title: "The classic setup: app.example.com calls api.example.com",
        topic: CLASSIC,
        preset: "app-to-api",
        text: "The everyday setup: a front end at https://app.example.com calls its API at https://api.example.com. Two origins under one domain, so the API names the front end's origin, and says Vary: Origin so that caches keep one answer per origin.",
        question: "Would the same API answer let https://admin.example.com read the users?",
        try_label: "Move the page to https://admin.example.com",
        change: &[Change::Page("https://admin.example.com/")],
        before: Readable,
        after: Blocked,
    },
    Lesson {
        id: "error-wildcard-credentials",
        title: "Error: * with credentials",
        topic: ERRORS,
        preset: "wildcard-with-credentials",
        text: "Read the Console panel: Chromium says the value must not be the wildcard when the credentials mode is include. With credentials, the server must name the origin it trusts.",
        question: "Access-Control-Allow-Credentials is true. Why is the read still refused?",
        try_label: "Name the origin instead of *",
        change: &[Change::SetResponseHeader(0, ALLOW_ORIGIN, APP_ORIGIN)],
        before: Blocked,
        after: Readable,
    },
    Lesson {
        id: "error-misspelled",
        title: "Error: a misspelled origin",
        topic: ERRORS,
        preset: "misspelled-origin",
        text: "The browser compares Access-Control-Allow-Origin with the request's Origin character for character. The console line quotes both: compare them letter by letter.",
        question: "Spot the difference between the two origins in the console line.",
        try_label: "Correct the spelling",
        change: &[Change::SetResponseHeader(0, ALLOW_ORIGIN, APP_ORIGIN)],
        before: Blocked,
        after: Readable,
    },
    Lesson {
        id: "error-trailing-slash",
        title: "Error: a trailing slash in the origin",
        topic: ERRORS,
        preset: "allow-origin-trailing-slash",
        text: "An origin has no path, not even a /. A value copied from the address bar carries one, and no longer matches.",
        question: "What is the only difference between the allowed value and the Origin?",
        try_label: "Remove the trailing slash",
        change: &[Change::SetResponseHeader(0, ALLOW_ORIGIN, APP_ORIGIN)],
        before: Blocked,
        after: Readable,
    },
    Lesson {
        id: "error-duplicate",
        title: "Error: two Access-Control-Allow-Origin headers",
        topic: ERRORS,
        preset: "duplicate-allow-origin",
        text: "Two layers each add Access-Control-Allow-Origin: the browser reads one value holding both, and a value may name only one origin.",
        question: "Each header alone would work. Why do both together fail?",
        try_label: "Remove the proxy's * header",
        change: &[Change::RemoveResponseHeader(0, ALLOW_ORIGIN)],
        before: Blocked,
        after: Readable,
    },
    Lesson {
        id: "security-reflect",
        title: "Reflecting any origin with credentials is unsafe",
        topic: SECURITY,
        preset: "reflect-origin-with-credentials",
        text: "This server echoes whatever Origin arrives, with credentials allowed. Every browser check passes, which is the problem: a stranger's page reads the visitor's account. The server must compare the Origin with a fixed allow-list of its own sites.",
        question: "Whose data does the prize page read, and with whose cookies?",
        try_label: "Answer with the allow-listed origin only",
        change: &[Change::SetResponseHeader(0, ALLOW_ORIGIN, APP_ORIGIN)],
        before: Readable,
        after: Blocked,
    },
    Lesson {
        id: "security-null-sandbox",
        title: "Allowing null lets every sandbox in",
        topic: SECURITY,
        preset: "sandboxed-null-origin",
        text: "A sandboxed iframe without allow-same-origin has an opaque origin, sent as Origin: null. Allowing null lets it in, and every other sandboxed iframe and local file too, whoever wrote them.",
        question: "Which other pages does Access-Control-Allow-Origin: null let in?",
        try_label: "Take the widget out of the sandbox",
        change: &[Change::Sandboxed(false)],
        before: Readable,
        after: Blocked,
    },
    Lesson {
        id: "security-null-file",
        title: "A file: page has the origin null",
        topic: SECURITY,
        preset: "file-page-null-origin",
        text: "A page opened from disk also has the origin null. The fix is not to allow null but to give the page a real origin, by serving it from the site.",
        question: "What Origin does a page opened from a file send?",
        try_label: "Serve the page from https://app.example.com",
        change: &[Change::Page("https://app.example.com/report.html")],
        before: Blocked,
        after: Readable,
    },
    Lesson {
        id: "security-wildcard-intranet",
        title: "* on an intranet API exposes it to every site",
        topic: SECURITY,
        preset: "intranet-api-wildcard",
        text: "* is safe only for data that anyone may see. An intranet API that trusts the network, with *, can be read by any website an employee visits, through the employee's browser.",
        question: "The recipe site has nothing to do with the company. Can it read the salaries?",
        try_label: "Remove the * header",
        change: &[Change::RemoveResponseHeader(0, ALLOW_ORIGIN)],
        before: Readable,
        after: Blocked,
    },
    Lesson {
        id: "security-vary",
        title: "Vary: Origin keeps caches honest",
        topic: SECURITY,
        preset: "default",
        text: "A response that names one origin differs by Origin. Without Vary: Origin, a shared cache may serve the answer meant for one origin to another, whose read then fails, or worse. The browser does not check it: read the note under \"Step by step\".",
        question: "Which note does corsim add to this otherwise working scenario?",
        try_label: "Add Vary: Origin to the response",
        change: &[Change::SetResponseHeader(1, "Vary", "Origin")],
        before: Readable,
        after: Readable,
    },
    Lesson {
        id: "csrf",
        title: "CORS does not stop a form-like POST",
        topic: CSRF,
        preset: "cors-is-not-csrf-protection",
        text: "A form-like POST is a simple request: it goes out with the user's cookies, the bank acts on it, and only the answer is hidden from the page. CORS protects reading, not sending; protect state changes with CSRF tokens and SameSite cookies.",
        question: "The script gets a TypeError. Did the transfer happen?",
        try_label: "Send the body as JSON",
        change: &[Change::SetRequestHeader("Content-Type", "application/json")],
        before: Blocked,
        after: Blocked,
    },
    Lesson {
        id: "gateway",
        title: "A gateway that strips CORS headers",
        topic: GATEWAY,
        preset: "gateway-strips-cors-headers",
        text: "A gateway answers the preflight itself, but the POST's answer comes from a service behind it, and the gateway passes it on without CORS headers. CORS belongs in one place, at the edge that faces browsers, on every response: preflights, answers and errors alike.",
        question: "The preflight passed. Was the order created?",
        try_label: "Have the gateway add the origin to every response",
        change: &[Change::SetResponseHeader(1, ALLOW_ORIGIN, APP_ORIGIN)],
        before: Blocked,
        after: Readable,
    },
    Lesson {
        id: "debugging",
        title: "Debugging a failed preflight from its console line",
        topic: DEBUGGING,
        preset: "options-not-handled",
        text: "Start from the console line: it names the request (the preflight here) and the check that failed. Then find the OPTIONS request in the network panel, or in the flow, and reproduce it with curl, which shows exactly what the server answers. Browsers check the preflight's CORS headers before its status.",
        question: "The server answered 405. Why does the console talk about Access-Control-Allow-Origin instead?",
        try_label: "Answer the preflight with 204, still without CORS headers",
        change: &[Change::ResponseStatus(0, "204")],
        before: Blocked,
        after: Blocked,
    },
    Lesson {
        id: "caching",
        title: "Access-Control-Max-Age caches the preflight",
        topic: CACHING,
        preset: "preflight-max-age",
        text: "A successful preflight is cached for Access-Control-Max-Age seconds, so the next identical request skips OPTIONS. Chromium caps it at 2 hours and Firefox at 24 hours; without the header, both keep it for 5 seconds.",
        question: "The server asks for 86400 seconds. How long does each browser keep it?",
        try_label: "Remove Access-Control-Max-Age",
        change: &[Change::RemoveResponseHeader(0, MAX_AGE)],
        before: Readable,
        after: Readable,
    },
];

impl Lesson {
    /// The lesson's scenario with its change made.
    pub fn tried(&self, draft: &Draft) -> Draft {
        let mut tried = draft.clone();
        for change in self.change {
            for edit in change.edits(&tried) {
                crate::editor::apply(&mut tried, edit);
            }
        }
        tried
    }
}

/// The lesson with this id.
pub fn by_id(id: &str) -> Option<usize> {
    PATH.iter().position(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;
    use crate::state::{reduce, Action, AppState};

    #[test]
    fn every_lesson_does_what_it_says() {
        for lesson in PATH {
            let preset = presets::by_id(lesson.preset)
                .unwrap_or_else(|| panic!("{}: no preset {}", lesson.id, lesson.preset));
            let before = AppState::new(preset.draft(), Some(preset.id));
            let outcome = |s: &AppState| s.verdict().map(|v| v.outcome);
            assert_eq!(
                outcome(&before),
                Some(lesson.before),
                "{} before",
                lesson.id
            );
            let mut after = before.clone();
            for change in lesson.change {
                let edits = change.edits(&after.draft);
                assert!(
                    !edits.is_empty(),
                    "{}: {change:?} finds nothing to change",
                    lesson.id
                );
                for edit in edits {
                    after = reduce(&after, Action::Edit(edit));
                }
            }
            assert_ne!(
                after.draft, before.draft,
                "{}: the change changes nothing",
                lesson.id
            );
            assert_eq!(outcome(&after), Some(lesson.after), "{} after", lesson.id);
        }
    }

    #[test]
    fn the_path_covers_every_topic_in_order_with_unique_ids() {
        let mut topics: Vec<&str> = PATH.iter().map(|l| l.topic).collect();
        topics.dedup();
        assert_eq!(
            topics,
            [
                ORIGINS, ROLE, HEADERS, TRIGGERS, CLASSIC, ERRORS, SECURITY, CSRF, GATEWAY,
                DEBUGGING, CACHING
            ]
        );
        for (i, lesson) in PATH.iter().enumerate() {
            assert_eq!(by_id(lesson.id), Some(i), "{} is not unique", lesson.id);
            assert_eq!(
                PATH.iter().filter(|l| l.title == lesson.title).count(),
                1,
                "{}: the title {:?} is not unique",
                lesson.id,
                lesson.title
            );
        }
    }

    #[test]
    fn changes_that_keep_the_outcome_change_what_the_lesson_is_about() {
        let verdict = |id: &str, apply: bool| {
            let lesson = &PATH[by_id(id).expect("a lesson")];
            let preset = presets::by_id(lesson.preset).expect("a preset");
            let mut state = AppState::new(preset.draft(), None);
            if apply {
                for change in lesson.change {
                    for edit in change.edits(&state.draft) {
                        state = reduce(&state, Action::Edit(edit));
                    }
                }
            }
            state.verdict().cloned().expect("valid")
        };
        // The header is removed: no more preflight.
        assert!(verdict("trigger-header", false).preflight.sent);
        assert!(!verdict("trigger-header", true).preflight.sent);
        assert!(!verdict("trigger-content-type", true).preflight.sent);
        // Link becomes readable.
        assert!(!verdict("expose-headers", false)
            .exposed_headers
            .contains(&"link".to_string()));
        assert!(verdict("expose-headers", true)
            .exposed_headers
            .contains(&"link".to_string()));
        // Without Max-Age, both browsers keep the preflight 5 seconds.
        let cache = verdict("caching", true).preflight_caching.expect("cached");
        assert_eq!((cache.chromium_seconds, cache.firefox_seconds), (5, 5));
        // With JSON, the bank's POST is never sent: the preflight fails first.
        assert_eq!(verdict("csrf", false).wire.len(), 1);
        assert_eq!(verdict("csrf", false).wire[0].method, "POST");
        assert_eq!(verdict("csrf", true).wire[0].method, "OPTIONS");
        // The note about Vary goes away.
        let vary_notes = |apply| {
            verdict("security-vary", apply)
                .notes
                .iter()
                .filter(|n| matches!(n, corsim_core::note::Note::MissingVaryOrigin))
                .count()
        };
        assert_eq!((vary_notes(false), vary_notes(true)), (1, 0));
    }
}
