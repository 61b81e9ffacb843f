//! The page's timeline (version 2): the edits that add, remove, reorder and
//! choose the page's requests, set when each starts and what makes it, a
//! server entry's `times` and `fail`, and the network's Local Network
//! Access settings. [`crate::editor`] applies them as `Edit::Timeline`.
//!
//! The edits keep the contract's rules, so the scenario stays valid: an
//! element (`img`, `script`, `font`) sends `GET` without the page's
//! headers, only `img` and `script` take `crossorigin`, only `xhr` takes
//! `with_credentials` and `upload_listeners`, only `fetch` and `xhr` a body
//! and only `fetch` a `targetAddressSpace`.

use corsim_core::scenario::{
    AddressSpace, BodyKind, CrossOrigin, Fail, Initiator, Permission, MAX_REQUESTS,
};

use crate::draft::{Draft, RequestDraft};

/// One edit of the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimelineEdit {
    /// Edit request `.0` of the page.
    Select(usize),
    /// Add a request after the edited one, a copy of it a second later
    /// (the second request of a cache lesson), and edit it.
    Add,
    Remove(usize),
    /// Move request `from` so that it ends up at index `to`.
    Move {
        from: usize,
        to: usize,
    },
    /// The edited request's `at`, as typed.
    At(String),
    /// The edited request's own page, as typed; empty: the scenario's page.
    Page(String),
    Initiator(Initiator),
    WithCredentials(bool),
    UploadListeners(bool),
    CrossOrigin(Option<CrossOrigin>),
    Body(BodyKind),
    TargetAddressSpace(Option<AddressSpace>),
    /// `server[i].times`, as typed; empty: unlimited.
    Times(usize, String),
    /// `server[i].fail`.
    Fail(usize, Option<Fail>),
    LocalNetworkAccess(Option<Permission>),
    /// Add a host to `network.address_spaces`.
    AddAddressSpace,
    AddressSpaceHost(usize, String),
    AddressSpace(usize, AddressSpace),
    RemoveAddressSpace(usize),
}

/// Applies an edit; `false` when it names a request, entry or host that is
/// not there, or would make the page's requests more or fewer than a page
/// may make.
pub fn apply(draft: &mut Draft, edit: TimelineEdit) -> bool {
    let count = draft.others.len() + 1;
    match edit {
        TimelineEdit::Select(i) if i < count => {
            let all = draft.requests();
            draft.set_requests(all, i);
        }
        TimelineEdit::Add if count < MAX_REQUESTS => {
            let mut all = draft.requests();
            let at = draft.selected.min(count - 1);
            let mut copy = draft.request.clone();
            copy.at = next_second(&draft.request.at);
            all.insert(at + 1, copy);
            draft.set_requests(all, at + 1);
        }
        TimelineEdit::Remove(i) if i < count && count > 1 => {
            let mut all = draft.requests();
            all.remove(i);
            let selected = match draft.selected {
                s if s > i => s - 1,
                s => s,
            };
            draft.set_requests(all, selected);
        }
        TimelineEdit::Move { from, to } if from < count && to < count => {
            let mut all = draft.requests();
            let moved = all.remove(from);
            all.insert(to, moved);
            let selected = if draft.selected == from {
                to
            } else {
                // The edited request stays itself: find where it went.
                let edited = draft.selected;
                let mut order: Vec<usize> = (0..count).collect();
                let m = order.remove(from);
                order.insert(to, m);
                order.iter().position(|&o| o == edited).unwrap_or(0)
            };
            draft.set_requests(all, selected);
        }
        TimelineEdit::At(at) => draft.request.at = at,
        TimelineEdit::Page(page) => draft.request.page = page,
        TimelineEdit::Initiator(initiator) => set_initiator(&mut draft.request, initiator),
        TimelineEdit::WithCredentials(on) if draft.request.initiator == Initiator::Xhr => {
            draft.request.with_credentials = on
        }
        TimelineEdit::UploadListeners(on) if draft.request.initiator == Initiator::Xhr => {
            draft.request.upload_listeners = on
        }
        TimelineEdit::CrossOrigin(c) if takes_crossorigin(draft.request.initiator) => {
            draft.request.crossorigin = c
        }
        TimelineEdit::Body(body) if !draft.request.initiator.is_element() => {
            draft.request.body = body
        }
        TimelineEdit::TargetAddressSpace(space) if draft.request.initiator == Initiator::Fetch => {
            draft.request.target_address_space = space
        }
        TimelineEdit::Times(i, times) => match draft.server.get_mut(i) {
            Some(entry) => entry.times = times,
            None => return false,
        },
        TimelineEdit::Fail(i, fail) => match draft.server.get_mut(i) {
            Some(entry) => entry.fail = fail,
            None => return false,
        },
        TimelineEdit::LocalNetworkAccess(p) => draft.network.local_network_access = p,
        TimelineEdit::AddAddressSpace => draft
            .network
            .address_spaces
            .push((String::new(), AddressSpace::Private)),
        TimelineEdit::AddressSpaceHost(i, host) => match draft.network.address_spaces.get_mut(i) {
            Some(entry) => entry.0 = host,
            None => return false,
        },
        TimelineEdit::AddressSpace(i, space) => match draft.network.address_spaces.get_mut(i) {
            Some(entry) => entry.1 = space,
            None => return false,
        },
        TimelineEdit::RemoveAddressSpace(i) if i < draft.network.address_spaces.len() => {
            draft.network.address_spaces.remove(i);
        }
        _ => return false,
    }
    true
}

/// Whether the initiator takes the `crossorigin` attribute.
pub fn takes_crossorigin(initiator: Initiator) -> bool {
    matches!(initiator, Initiator::Img | Initiator::Script)
}

/// A request made by `initiator` instead, with what that initiator does not
/// take put back to its default.
fn set_initiator(request: &mut RequestDraft, initiator: Initiator) {
    request.initiator = initiator;
    if initiator != Initiator::Xhr {
        request.with_credentials = false;
        request.upload_listeners = false;
    }
    if !takes_crossorigin(initiator) {
        request.crossorigin = None;
    }
    if initiator != Initiator::Fetch {
        request.target_address_space = None;
    }
    if initiator.is_element() {
        // An element sends GET with none of the page's headers, and no body.
        request.method = "GET".to_string();
        request.headers.clear();
        request.body = BodyKind::None;
    }
}

/// The next whole second after `at` (as typed): the time of a request
/// added after it. Whole seconds only, without float arithmetic, which
/// would weigh on the app's first load.
fn next_second(at: &str) -> String {
    let whole = at.trim().split('.').next().unwrap_or_default();
    (whole.parse::<u64>().unwrap_or(0) + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::{apply as edit, Edit};

    fn draft() -> Draft {
        Draft::from_json(include_str!("presets/default.json")).expect("valid")
    }

    fn run(draft: &mut Draft, edits: &[TimelineEdit]) {
        for e in edits {
            assert!(edit(draft, Edit::Timeline(e.clone())), "{e:?}");
        }
    }

    #[test]
    fn requests_are_added_chosen_moved_and_removed() {
        let mut d = draft();
        d.request.method = "PUT".into();
        run(&mut d, &[TimelineEdit::Add]);
        assert_eq!((d.requests().len(), d.selected), (2, 1));
        assert_eq!(
            (d.request.method.as_str(), d.request.at.as_str()),
            ("PUT", "1")
        );
        run(
            &mut d,
            &[TimelineEdit::At("30".into()), TimelineEdit::Select(0)],
        );
        assert_eq!(d.request.at, "");
        assert_eq!(d.others[0].at, "30");
        run(&mut d, &[TimelineEdit::Move { from: 1, to: 0 }]);
        assert_eq!((d.selected, d.others[0].at.as_str()), (1, "30"));
        run(&mut d, &[TimelineEdit::Remove(0)]);
        assert_eq!((d.requests().len(), d.selected), (1, 0));
        assert!(
            !edit(&mut d, Edit::Timeline(TimelineEdit::Remove(0))),
            "a page makes a request"
        );
        assert!(!edit(&mut d, Edit::Timeline(TimelineEdit::Select(1))));
    }

    #[test]
    fn an_element_sends_get_without_headers_and_takes_only_its_own_fields() {
        let mut d = draft();
        d.request.method = "PUT".into();
        d.request.headers.push(("X-A".into(), "1".into()));
        run(
            &mut d,
            &[
                TimelineEdit::Initiator(Initiator::Xhr),
                TimelineEdit::WithCredentials(true),
            ],
        );
        assert!(d.request.with_credentials);
        run(
            &mut d,
            &[
                TimelineEdit::Initiator(Initiator::Img),
                TimelineEdit::CrossOrigin(Some(CrossOrigin::Anonymous)),
            ],
        );
        assert_eq!(
            (d.request.method.as_str(), d.request.headers.len()),
            ("GET", 0)
        );
        assert!(!d.request.with_credentials);
        assert!(!edit(
            &mut d,
            Edit::Timeline(TimelineEdit::Body(BodyKind::Text))
        ));
        run(&mut d, &[TimelineEdit::Initiator(Initiator::Font)]);
        assert_eq!(d.request.crossorigin, None);
        assert!(d.scenario().is_ok(), "{:?}", d.scenario());
    }

    #[test]
    fn an_added_request_goes_into_the_address_and_comes_back_from_it() {
        use crate::state::{reduce, Action, AppState};
        let state = AppState::initial();
        let state = reduce(&state, Action::Edit(Edit::Timeline(TimelineEdit::Add)));
        assert_eq!(state.draft.requests().len(), 2);
        let fragment = state.fragment();
        assert!(fragment.starts_with("v=2&"), "{fragment}");
        assert_eq!(AppState::from_fragment(&fragment).draft, state.draft);
        // Typing a time is one history entry, keystroke after keystroke.
        let typed = reduce(
            &state,
            Action::Edit(Edit::Timeline(TimelineEdit::At("3".into()))),
        );
        let typed = reduce(
            &typed,
            Action::Edit(Edit::Timeline(TimelineEdit::At("30".into()))),
        );
        assert_eq!(typed.history, crate::state::History::Replace);
        assert_eq!(typed.draft.request.at, "30");
    }

    #[test]
    fn times_fail_and_the_network_are_edited_and_make_version_2() {
        let mut d = draft();
        assert!(!d.uses_version_2());
        run(
            &mut d,
            &[
                TimelineEdit::Times(0, "1".into()),
                TimelineEdit::Fail(1, Some(Fail::Dns)),
                TimelineEdit::LocalNetworkAccess(Some(Permission::Granted)),
                TimelineEdit::AddAddressSpace,
                TimelineEdit::AddressSpaceHost(0, "printer.example.com".into()),
                TimelineEdit::AddressSpace(0, AddressSpace::Local),
            ],
        );
        let doc = d.to_value();
        assert_eq!(doc["version"], 2);
        assert_eq!(doc["server"][1]["fail"], "dns");
        assert_eq!(
            doc["network"]["address_spaces"]["printer.example.com"],
            "local"
        );
        assert!(d.scenario().is_ok(), "{:?}", d.scenario());
        run(&mut d, &[TimelineEdit::RemoveAddressSpace(0)]);
        assert!(d.network.address_spaces.is_empty());
    }
}
