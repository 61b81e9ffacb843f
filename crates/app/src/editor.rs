//! The editor's vocabulary: every edit a learner can make to the scenario
//! ([`Edit`]), and [`apply`], which makes it on the [`Draft`]. The reducer
//! (`crate::state`) records edits in the history; lessons (`crate::lessons`)
//! name the one change they ask the learner to try with the same words.

use corsim_core::fetch::respond;
use corsim_core::method::normalize_method;
use corsim_core::scenario::{CredentialsMode, RedirectMode, RequestMode};
use url::Url;

use crate::draft::{Draft, Headers, ResponseDraft};
use crate::timeline::{self, TimelineEdit};

/// Which list of headers an edit is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeaderList {
    Request,
    /// `server[i]`.
    Response(usize),
}

/// An edit of one header list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderEdit {
    /// Add an empty row at the end.
    AddRow,
    /// Set a header: the first one of that name (any case) gets the value;
    /// when there is none it is added at the end. The quick-add buttons.
    Set {
        name: String,
        value: String,
    },
    Remove(usize),
    /// Move row `from` so that it ends up at index `to`.
    Move {
        from: usize,
        to: usize,
    },
    Name(usize, String),
    Value(usize, String),
    /// Text pasted into a name field. `Name: value`, as DevTools and curl
    /// print a header, fills the row's name and value; anything else is the
    /// name.
    PastedName(usize, String),
}

/// Which response entry to add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewResponse {
    /// An `OPTIONS` entry for the request URL, put first.
    Preflight,
    /// An entry for any other method at the request URL, put last.
    Main,
}

/// One edit of the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Title(String),
    Page(String),
    Sandboxed(bool),
    Url(String),
    Method(String),
    Mode(RequestMode),
    Credentials(CredentialsMode),
    Redirect(RedirectMode),
    Headers(HeaderList, HeaderEdit),
    /// `None`: any method but `OPTIONS`.
    ResponseMethod(usize, Option<String>),
    /// `None`: the request's URL.
    ResponseUrl(usize, Option<String>),
    ResponseStatus(usize, String),
    AddResponse(NewResponse),
    RemoveResponse(usize),
    /// Put a redirect in front of the response the request finally gets: that
    /// URL now answers with a `302` to a new URL, which gives the response.
    AddRedirectHop,
    /// The page's requests, the network (version 2).
    Timeline(TimelineEdit),
}

/// A text field, for folding keystrokes into one history entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Title,
    Page,
    Url,
    Method,
    HeaderName(HeaderList, usize),
    HeaderValue(HeaderList, usize),
    ResponseMethod(usize),
    ResponseUrl(usize),
    ResponseStatus(usize),
    At,
    RequestPage,
    Times(usize),
    AddressSpaceHost(usize),
}

impl Edit {
    /// The text field this edit types into, if it is one.
    pub fn field(&self) -> Option<Field> {
        Some(match self {
            Edit::Title(_) => Field::Title,
            Edit::Page(_) => Field::Page,
            Edit::Url(_) => Field::Url,
            Edit::Method(_) => Field::Method,
            Edit::Headers(list, HeaderEdit::Name(i, _) | HeaderEdit::PastedName(i, _)) => {
                Field::HeaderName(*list, *i)
            }
            Edit::Headers(list, HeaderEdit::Value(i, _)) => Field::HeaderValue(*list, *i),
            Edit::ResponseMethod(i, Some(_)) => Field::ResponseMethod(*i),
            Edit::ResponseUrl(i, Some(_)) => Field::ResponseUrl(*i),
            Edit::ResponseStatus(i, _) => Field::ResponseStatus(*i),
            Edit::Timeline(TimelineEdit::At(_)) => Field::At,
            Edit::Timeline(TimelineEdit::Page(_)) => Field::RequestPage,
            Edit::Timeline(TimelineEdit::Times(i, _)) => Field::Times(*i),
            Edit::Timeline(TimelineEdit::AddressSpaceHost(i, _)) => Field::AddressSpaceHost(*i),
            _ => return None,
        })
    }
}

impl Edit {
    /// What this edit changes, as a path in the scenario: `("status",
    /// Some(1))` for `server[1].status`, `("request.method", None)`. `None`
    /// when it moves responses or the page's requests about, after which a
    /// path may name something else, or changes several fields at once.
    pub fn path(&self) -> Option<(&'static str, Option<usize>)> {
        Some(match self {
            Edit::Title(_) => ("title", None),
            Edit::Page(_) => ("page", None),
            Edit::Sandboxed(_) => ("sandboxed", None),
            Edit::Url(_) => ("request.url", None),
            Edit::Method(_) => ("request.method", None),
            Edit::Mode(_) => ("request.mode", None),
            Edit::Credentials(_) => ("request.credentials", None),
            Edit::Redirect(_) => ("request.redirect", None),
            Edit::Headers(HeaderList::Request, _) => ("request.headers", None),
            Edit::Headers(HeaderList::Response(i), _) => ("headers", Some(*i)),
            Edit::ResponseMethod(i, _) => ("method", Some(*i)),
            Edit::ResponseUrl(i, _) => ("url", Some(*i)),
            Edit::ResponseStatus(i, _) => ("status", Some(*i)),
            Edit::AddResponse(_)
            | Edit::RemoveResponse(_)
            | Edit::AddRedirectHop
            | Edit::Timeline(_) => return None,
        })
    }
}

/// Applies an edit; `false` when it names a row or entry that is not there.
pub fn apply(draft: &mut Draft, edit: Edit) -> bool {
    match edit {
        Edit::Title(t) => draft.title = t,
        Edit::Page(p) => draft.page = p,
        Edit::Sandboxed(b) => draft.sandboxed = b,
        Edit::Url(u) => draft.request.url = u,
        Edit::Method(m) => draft.request.method = m,
        Edit::Mode(m) => draft.request.mode = m,
        Edit::Credentials(c) => draft.request.credentials = c,
        Edit::Redirect(r) => draft.request.redirect = r,
        Edit::Headers(list, edit) => {
            let headers = match list {
                HeaderList::Request => &mut draft.request.headers,
                HeaderList::Response(i) => match draft.server.get_mut(i) {
                    Some(response) => &mut response.headers,
                    None => return false,
                },
            };
            return edit_headers(headers, edit);
        }
        Edit::ResponseMethod(i, method) => match draft.server.get_mut(i) {
            Some(response) => response.method = method,
            None => return false,
        },
        Edit::ResponseUrl(i, url) => match draft.server.get_mut(i) {
            Some(response) => response.url = url,
            None => return false,
        },
        Edit::ResponseStatus(i, status) => match draft.server.get_mut(i) {
            Some(response) => response.status = status,
            None => return false,
        },
        Edit::AddResponse(NewResponse::Preflight) => {
            let mut preflight = ResponseDraft::new(None, 204, Vec::new());
            preflight.method = Some("OPTIONS".to_string());
            draft.server.insert(0, preflight);
        }
        Edit::AddResponse(NewResponse::Main) => {
            draft.server.push(ResponseDraft::new(None, 200, Vec::new()));
        }
        Edit::RemoveResponse(i) => {
            if i >= draft.server.len() {
                return false;
            }
            draft.server.remove(i);
        }
        Edit::AddRedirectHop => add_redirect_hop(draft),
        Edit::Timeline(edit) => return timeline::apply(draft, edit),
    }
    true
}

fn edit_headers(headers: &mut Headers, edit: HeaderEdit) -> bool {
    match edit {
        HeaderEdit::AddRow => headers.push((String::new(), String::new())),
        HeaderEdit::Set { name, value } => {
            match headers
                .iter_mut()
                .find(|(n, _)| n.eq_ignore_ascii_case(&name))
            {
                Some(header) => header.1 = value,
                None => headers.push((name, value)),
            }
        }
        HeaderEdit::Remove(i) if i < headers.len() => {
            headers.remove(i);
        }
        HeaderEdit::Move { from, to } if from < headers.len() && to < headers.len() => {
            let header = headers.remove(from);
            headers.insert(to, header);
        }
        HeaderEdit::Name(i, name) if i < headers.len() => headers[i].0 = name,
        HeaderEdit::Value(i, value) if i < headers.len() => headers[i].1 = value,
        HeaderEdit::PastedName(i, text) if i < headers.len() => {
            headers[i] = match text.split_once(':') {
                // A name is one token: `a b: c` is not a header line.
                Some((name, value))
                    if !name.trim().is_empty() && !name.trim().contains([' ', '\t']) =>
                {
                    (name.trim().to_string(), value.trim().to_string())
                }
                _ => (text, headers[i].1.clone()),
            }
        }
        _ => return false,
    }
    true
}

/// Where the scripted redirects from the request URL end, and the index of
/// the entry that answers there, if any. Each hop is answered by the core's
/// scripted server (`corsim_core::fetch::respond`), so the hop goes where
/// the browser's request would be answered, whether or not this verdict
/// got that far.
fn final_target(draft: &Draft) -> (Option<Url>, Option<usize>) {
    let Ok(scenario) = draft.scenario() else {
        return (Url::parse(&draft.request.url).ok(), None);
    };
    let method = normalize_method(&scenario.request.method);
    let mut url = scenario.request.url.clone();
    // A chain longer than the browser's 20 redirects is never followed further.
    for _ in 0..=20 {
        let response = respond(&scenario, &method, &url);
        let Some(index) = response.entry else {
            return (Some(url), None);
        };
        let next = match (response.status, response.location()) {
            (300..=399, Some(location)) => url.join(&location).ok(),
            _ => None,
        };
        match next {
            Some(next) => url = next,
            None => return (Some(url), Some(index)),
        }
    }
    (Some(url), None)
}

fn add_redirect_hop(draft: &mut Draft) {
    let (Some(target), index) = final_target(draft) else {
        // No valid request URL to redirect from: add a hop the learner can
        // point somewhere once the URL is fixed.
        draft.server.push(ResponseDraft::new(
            None,
            302,
            vec![("Location".to_string(), "https://example.com/".to_string())],
        ));
        return;
    };
    let mut moved = target.clone();
    moved.set_path(&format!("/moved{}", target.path()));
    let location = moved.to_string();
    match index {
        Some(i) => {
            // A redirect response passes the CORS check too, so the hop keeps
            // the allow-origin headers of the response it stands in front of,
            // as a server whose CORS layer answers every response would.
            let moved_from = &draft.server[i];
            let mut headers: Headers = moved_from
                .headers
                .iter()
                .filter(|(name, _)| {
                    name.eq_ignore_ascii_case("Access-Control-Allow-Origin")
                        || name.eq_ignore_ascii_case("Access-Control-Allow-Credentials")
                })
                .cloned()
                .collect();
            headers.push(("Location".to_string(), location.clone()));
            let hop = ResponseDraft::new(moved_from.url.clone(), 302, headers);
            draft.server.insert(i, hop);
            draft.server[i + 1].url = Some(location);
        }
        None => {
            let url = (target.as_str() != draft.request.url).then(|| target.to_string());
            draft.server.push(ResponseDraft::new(
                url,
                302,
                vec![("Location".to_string(), location.clone())],
            ));
            draft
                .server
                .push(ResponseDraft::new(Some(location), 200, Vec::new()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rows_can_be_added_set_moved_and_removed() {
        let mut headers: Headers = vec![("A".into(), "1".into()), ("B".into(), "2".into())];
        // (description, edit, whether it applies, the list after it)
        type Case<'a> = (&'a str, HeaderEdit, bool, &'a [(&'a str, &'a str)]);
        let table: &[Case] = &[
            (
                "add a row",
                HeaderEdit::AddRow,
                true,
                &[("A", "1"), ("B", "2"), ("", "")],
            ),
            (
                "name it",
                HeaderEdit::Name(2, "C".into()),
                true,
                &[("A", "1"), ("B", "2"), ("C", "")],
            ),
            (
                "set an existing one, any case",
                HeaderEdit::Set {
                    name: "b".into(),
                    value: "3".into(),
                },
                true,
                &[("A", "1"), ("B", "3"), ("C", "")],
            ),
            (
                "set a new one",
                HeaderEdit::Set {
                    name: "D".into(),
                    value: "4".into(),
                },
                true,
                &[("A", "1"), ("B", "3"), ("C", ""), ("D", "4")],
            ),
            (
                "move down",
                HeaderEdit::Move { from: 0, to: 1 },
                true,
                &[("B", "3"), ("A", "1"), ("C", ""), ("D", "4")],
            ),
            (
                "move to the end",
                HeaderEdit::Move { from: 0, to: 3 },
                true,
                &[("A", "1"), ("C", ""), ("D", "4"), ("B", "3")],
            ),
            (
                "remove",
                HeaderEdit::Remove(1),
                true,
                &[("A", "1"), ("D", "4"), ("B", "3")],
            ),
            (
                "value",
                HeaderEdit::Value(0, "9".into()),
                true,
                &[("A", "9"), ("D", "4"), ("B", "3")],
            ),
            (
                "paste a header line into a name",
                HeaderEdit::PastedName(1, "X-Api-Key: abc: d ".into()),
                true,
                &[("A", "9"), ("X-Api-Key", "abc: d"), ("B", "3")],
            ),
            (
                "paste a plain name",
                HeaderEdit::PastedName(1, "Accept".into()),
                true,
                &[("A", "9"), ("Accept", "abc: d"), ("B", "3")],
            ),
            (
                "paste words with a colon: not a header line",
                HeaderEdit::PastedName(1, "a b: c".into()),
                true,
                &[("A", "9"), ("a b: c", "abc: d"), ("B", "3")],
            ),
            (
                "remove past the end",
                HeaderEdit::Remove(3),
                false,
                &[("A", "9"), ("a b: c", "abc: d"), ("B", "3")],
            ),
            (
                "move past the end",
                HeaderEdit::Move { from: 0, to: 3 },
                false,
                &[("A", "9"), ("a b: c", "abc: d"), ("B", "3")],
            ),
        ];
        for (description, header_edit, changed, want) in table {
            let got = edit_headers(&mut headers, header_edit.clone());
            let want: Headers = want
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            assert_eq!((got, &headers), (*changed, &want), "{description}");
        }
    }
}
