//! The page's requests over time (version 2): the list of requests (choose
//! the one the editors above edit, add, move, remove), when the edited one
//! starts and what makes it, with the fields that initiator takes; each
//! server entry's `times` and `fail`; the network's Local Network Access
//! settings. Each with its sentence in plain words from
//! `corsim_app::views::timeline`.

use yew::prelude::*;

use super::browser;
use super::field::{Choice, TextField};
use super::store::{use_dispatcher, use_store};
use corsim_app::draft::parse_keyword;
use corsim_app::editor::Edit;
use corsim_app::state::Action;
use corsim_app::timeline::TimelineEdit;
use corsim_app::views::timeline::{timeline_panel, AT_HELP, NETWORK_HELP, SERVER_HELP};
use corsim_core::scenario::{
    AddressSpace, BodyKind, CrossOrigin, Fail, Initiator, Permission, ScenarioError,
};

/// `(value, label)` options of a keyword, the first one standing for absent.
fn optional<T>(
    absent: &'static str,
    all: &[(T, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    std::iter::once(("", absent))
        .chain(all.iter().map(|(_, w)| (*w, *w)))
        .collect()
}

fn word<T: Copy + PartialEq>(all: &[(T, &'static str)], value: Option<T>) -> &'static str {
    all.iter()
        .find(|(t, _)| Some(*t) == value)
        .map_or("", |(_, w)| *w)
}

const INITIATORS: [(&str, &str); 5] = [
    ("fetch", "fetch()"),
    ("xhr", "XMLHttpRequest (axios)"),
    ("img", "<img>"),
    ("script", "<script>"),
    ("font", "@font-face"),
];

const FAILS: [(&str, &str); 6] = [
    ("", "an HTTP response"),
    ("refused", "no response: connection refused"),
    ("dns", "no response: the name does not resolve"),
    ("tls", "no response: untrusted certificate"),
    ("reset", "no response: connection reset"),
    ("timeout", "no response: timeout"),
];

#[function_component(TimelineEditor)]
pub fn timeline_editor() -> Html {
    let store = use_store();
    let dispatcher = use_dispatcher();
    // Closed, it shows its title alone: its fields are drawn when it is
    // opened, by the learner or by a second request (with the CPU 4×
    // slower, drawing them closed took 0.7 ms of every keystroke's 12).
    let opened = use_state(|| false);
    let count = store.draft.others.len() + 1;
    let open = count > 1 || *opened;
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |e: Event| opened.set(browser::opened(&e)))
    };
    let summary =
        html! { <summary>{ format!("The page's requests over time ({count})") }</summary> };
    if !open {
        return html! {
            <details class="panel timeline-editor" id="timeline-editor" {ontoggle}>{ summary }</details>
        };
    }
    let panel = timeline_panel(&store.draft);
    let edit = move |e: TimelineEdit| dispatcher.dispatch(Action::Edit(Edit::Timeline(e)));
    let on = |make: fn(String) -> Option<TimelineEdit>| {
        let edit = edit.clone();
        Callback::from(move |value: String| {
            if let Some(e) = make(value) {
                edit(e);
            }
        })
    };
    let click = |e: TimelineEdit| {
        let edit = edit.clone();
        Callback::from(move |_: MouseEvent| edit(e.clone()))
    };
    let check = |make: fn(bool) -> TimelineEdit| {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            edit(make(input.checked()));
        })
    };
    let errors: Vec<ScenarioError> = store.evaluation.clone().err().unwrap_or_default();
    let errors_at = |path: &str| -> Vec<String> {
        errors
            .iter()
            .filter(|e| e.path == path)
            .map(|e| e.message.clone())
            .collect()
    };
    let e = &panel.edited;
    let rows = panel.requests.iter().enumerate().map(|(i, line)| {
        let selected = i == panel.selected;
        let n = i + 1;
        // Another request's problems are listed under it.
        let prefix = format!("requests[{i}]");
        let problems: Vec<String> = errors
            .iter()
            .filter(|e| e.path.starts_with(&prefix))
            .map(ToString::to_string)
            .collect();
        html! {
            <li class={classes!("timeline-row", selected.then_some("selected"))}>
                <button type="button" class="timeline-pick" aria-pressed={selected.to_string()}
                    onclick={click(TimelineEdit::Select(i))}>{ line }</button>
                <button type="button" class="icon" aria-label={format!("Move request {n} up")}
                    title={format!("Move request {n} up")} disabled={i == 0}
                    onclick={click(TimelineEdit::Move { from: i, to: i.saturating_sub(1) })}>{ "↑" }</button>
                <button type="button" class="icon" aria-label={format!("Move request {n} down")}
                    title={format!("Move request {n} down")} disabled={n == count}
                    onclick={click(TimelineEdit::Move { from: i, to: n.min(count - 1) })}>{ "↓" }</button>
                <button type="button" class="icon" aria-label={format!("Remove request {n}")}
                    title={format!("Remove request {n}")} disabled={count == 1}
                    onclick={click(TimelineEdit::Remove(i))}>{ "✕" }</button>
                if !problems.is_empty() {
                    <ul class="problems">
                        { for problems.iter().map(|p| html! { <li class="error"><span class="tag">{ "error" }</span>{ p }</li> }) }
                    </ul>
                }
            </li>
        }
    });
    let servers = panel.servers.iter().enumerate().map(|(i, s)| {
        let times_edit = edit.clone();
        let fail_edit = edit.clone();
        html! {
            <li class="timeline-server">
                <span class="label">{ format!("{}. {}", i + 1, s.label) }</span>
                <div class="choices">
                    <TextField id={format!("times-{i}")} label="Times (empty: every time)"
                        value={s.times.clone()} placeholder="every time"
                        errors={errors_at(&format!("server[{i}].times"))}
                        onchange={Callback::from(move |t| times_edit(TimelineEdit::Times(i, t)))} />
                    <Choice id={format!("fail-{i}")} label="Answers with" options={FAILS.to_vec()}
                        selected={word(Fail::ALL, s.fail)}
                        onchange={Callback::from(move |w: String| fail_edit(TimelineEdit::Fail(i, parse_keyword(Fail::ALL, &w))))} />
                </div>
            </li>
        }
    });
    let spaces = panel.address_spaces.iter().enumerate().map(|(i, (host, space))| {
        let host_edit = edit.clone();
        let space_edit = edit.clone();
        html! {
            <li class="choices">
                <TextField id={format!("space-host-{i}")} label="Host" value={host.clone()}
                    placeholder="printer.example.com"
                    onchange={Callback::from(move |h| host_edit(TimelineEdit::AddressSpaceHost(i, h)))} />
                <Choice id={format!("space-{i}")} label="is" options={AddressSpace::ALL.iter().map(|(_, w)| (*w, *w)).collect::<Vec<_>>()}
                    selected={space.as_str()}
                    onchange={Callback::from(move |w: String| if let Some(s) = parse_keyword(AddressSpace::ALL, &w) { space_edit(TimelineEdit::AddressSpace(i, s)) })} />
                <button type="button" class="icon" aria-label={format!("Remove host {}", i + 1)}
                    title="Remove this host" onclick={click(TimelineEdit::RemoveAddressSpace(i))}>{ "✕" }</button>
            </li>
        }
    });
    html! {
        <details class="panel timeline-editor" id="timeline-editor" open=true {ontoggle}>
            { summary }
            <p class="hint">{ "A page makes many requests. The browser remembers preflights \
                (Access-Control-Max-Age) and responses (the HTTP cache) between them. The editors \
                above edit the chosen request." }</p>
            <ol class="timeline-list" id="timeline-requests">{ for rows }</ol>
            <div class="row-actions">
                <button type="button" id="timeline-add" onclick={click(TimelineEdit::Add)}>{ "Add a request after this one" }</button>
            </div>
            <h3>{ format!("Request {} of {count}", panel.selected + 1) }</h3>
            <Choice id="initiator" label="Made by" options={INITIATORS.to_vec()}
                selected={e.initiator.as_str()}
                onchange={on(|w| parse_keyword(Initiator::ALL, &w).map(TimelineEdit::Initiator))} />
            <p class="hint" id="initiator-help">{ e.initiator_help }</p>
            <div class="choices">
                <TextField id="at" label="Starts at (seconds)" value={e.at.clone()}
                    placeholder="with the one before" errors={errors_at("request.at")}
                    onchange={on(|t| Some(TimelineEdit::At(t)))} />
                <TextField id="request-page" label="From another page (optional)" value={e.page.clone()}
                    placeholder="the page above" errors={errors_at("request.page")}
                    onchange={on(|t| Some(TimelineEdit::Page(t)))} />
            </div>
            <p class="hint">{ AT_HELP }</p>
            <div class="choices">
                if let Some(on_body) = e.body {
                    <Choice id="body" label="Body" options={BodyKind::ALL.iter().map(|(_, w)| (*w, *w)).collect::<Vec<_>>()}
                        selected={on_body.as_str()}
                        onchange={on(|w| parse_keyword(BodyKind::ALL, &w).map(TimelineEdit::Body))} />
                }
                if let Some(c) = e.crossorigin {
                    <Choice id="crossorigin" label="crossorigin" options={optional("absent (no CORS)", CrossOrigin::ALL)}
                        selected={word(CrossOrigin::ALL, c)}
                        onchange={on(|w| Some(TimelineEdit::CrossOrigin(parse_keyword(CrossOrigin::ALL, &w))))} />
                }
                if let Some(space) = e.target_address_space {
                    <Choice id="target-address-space" label="targetAddressSpace" options={optional("not set", AddressSpace::ALL)}
                        selected={word(AddressSpace::ALL, space)}
                        onchange={on(|w| Some(TimelineEdit::TargetAddressSpace(parse_keyword(AddressSpace::ALL, &w))))} />
                }
            </div>
            if e.body.is_some() {
                <p class="hint" id="body-help">{ e.body_help.clone() }</p>
            }
            if let (Some(with), Some(upload)) = (e.with_credentials, e.upload_listeners) {
                <div class="field checkbox">
                    <input type="checkbox" id="with-credentials" checked={with} onchange={check(TimelineEdit::WithCredentials)} />
                    <label for="with-credentials">{ "xhr.withCredentials = true (send cookies)" }</label>
                </div>
                <div class="field checkbox">
                    <input type="checkbox" id="upload-listeners" checked={upload} onchange={check(TimelineEdit::UploadListeners)} />
                    <label for="upload-listeners">{ "A listener on xhr.upload (upload progress)" }</label>
                </div>
            }
            <h3>{ "The server over time" }</h3>
            <ol class="timeline-servers">{ for servers }</ol>
            <p class="hint">{ SERVER_HELP }</p>
            <h3>{ "The network" }</h3>
            <Choice id="local-network-access" label="Local Network Access prompt"
                options={optional("not asked (denied)", Permission::ALL)}
                selected={word(Permission::ALL, panel.local_network_access)}
                onchange={on(|w| Some(TimelineEdit::LocalNetworkAccess(parse_keyword(Permission::ALL, &w))))} />
            <ul class="timeline-spaces">{ for spaces }</ul>
            <div class="row-actions">
                <button type="button" onclick={click(TimelineEdit::AddAddressSpace)}>{ "Place a host" }</button>
            </div>
            <p class="hint">{ NETWORK_HELP }</p>
        </details>
    }
}
