//! The app's whole state, the actions that change it and the pure reducer.
//!
//! Everything the UI does goes through [`reduce`], which is plain Rust tested
//! natively; the Yew `Reducible` impl in `ui/` only adapts it. The verdict is
//! recomputed in the reducer on every edit, so every view is drawn from the
//! state as it is now.

use corsim_core::scenario::{CredentialsMode, RedirectMode, RequestMode, ScenarioError};
use corsim_core::verdict::Verdict;
use url::Url;

use crate::course::{self, Course};
use crate::draft::{Draft, Headers, ResponseDraft};
use crate::live::{LiveFailure, LiveRun};
use crate::views::exercise::Prediction;
use crate::{fix, lessons, permalink, presets};

/// What the scenario evaluates to: the verdict, or every problem with its path.
pub type Evaluation = Result<Verdict, Vec<ScenarioError>>;

/// How the page's URL should follow a new state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum History {
    /// A new entry, so that Back returns to the state before.
    Push,
    /// Replace the current entry: the same field typed into again.
    Replace,
    /// Leave the URL alone: the state came from it (opening a link, Back).
    Keep,
}

/// The colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system's light or dark setting.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [(Theme, &'static str); 3] = [
        (Theme::System, "system"),
        (Theme::Light, "light"),
        (Theme::Dark, "dark"),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The app's state.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub draft: Draft,
    pub evaluation: Evaluation,
    /// The preset the scenario came from, if it did.
    pub preset: Option<&'static str>,
    /// Whether the scenario was edited since it was loaded.
    pub edited: bool,
    /// The learner's own URL pairs for the same-origin table.
    pub pairs: Vec<(String, String)>,
    pub theme: Theme,
    /// A message about something that went wrong outside the editors, such as
    /// a broken link.
    pub notice: Option<String>,
    pub history: History,
    /// The lesson being followed: an index into `lessons::PATH`.
    pub lesson: Option<usize>,
    /// The course being taken, when the page was opened from a course link.
    pub course: Option<CourseRun>,
    /// The course a teacher is putting together.
    pub builder: Course,
    /// "Run it for real" (`crate::live`): where the last run is.
    pub live: Live,
    /// The text field edited last, to fold a run of keystrokes into one
    /// history entry.
    last_field: Option<Field>,
}

/// Live mode: the last run of the scenario in the learner's own browser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Live {
    /// Never run.
    #[default]
    Idle,
    /// Run number `.0` is under way; a result for another number is stale.
    Running(u32),
    /// Run `run` finished, or could not.
    Done {
        run: u32,
        result: Result<Box<LiveRun>, LiveFailure>,
    },
}

impl Live {
    /// The number of the last run started (0 before any).
    pub fn last_run(&self) -> u32 {
        match self {
            Live::Idle => 0,
            Live::Running(run) | Live::Done { run, .. } => *run,
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self, Live::Running(_))
    }
}

/// A course being taken: its exercises, each with the learner's prediction.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseRun {
    pub course: Course,
    /// One per exercise.
    pub predictions: Vec<Prediction>,
    pub revealed: Vec<bool>,
    pub current: usize,
}

impl CourseRun {
    fn new(course: Course) -> CourseRun {
        let n = course.exercises.len();
        CourseRun {
            course,
            predictions: vec![Prediction::default(); n],
            revealed: vec![false; n],
            current: 0,
        }
    }

    /// The current exercise's scenario, as the link holds it.
    pub fn exercise(&self) -> Option<&Draft> {
        self.course.exercises.get(self.current)
    }

    pub fn prediction(&self) -> Prediction {
        self.predictions
            .get(self.current)
            .cloned()
            .unwrap_or_default()
    }

    pub fn is_revealed(&self) -> bool {
        self.revealed.get(self.current).copied().unwrap_or(false)
    }
}

/// One answer of a prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Preflight(bool),
    Outcome(corsim_core::verdict::Outcome),
    /// An index into the console choices.
    Console(usize),
}

/// An edit of the course a teacher is building.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuilderEdit {
    Title(String),
    /// Add the scenario on screen as the next exercise.
    AddCurrent,
    Remove(usize),
    Move {
        from: usize,
        to: usize,
    },
    Clear,
}

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
}

/// Everything that can happen in the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Edit(Edit),
    LoadPreset(String),
    /// The page was opened with this URL fragment (without `#`), or Back or
    /// Forward went to it.
    OpenFragment(String),
    /// Apply the suggested fix to the server's responses.
    ApplyFix,
    AddPair,
    EditPair {
        index: usize,
        left: bool,
        text: String,
    },
    RemovePair(usize),
    SetTheme(Theme),
    DismissNotice,
    /// Open the lesson at this index of `lessons::PATH`.
    StartLesson(usize),
    /// Make the current lesson's change.
    TryLesson,
    ExitLesson,
    Predict(Answer),
    /// Show the verdict of the current exercise.
    Reveal,
    GoToExercise(usize),
    ExitCourse,
    Builder(BuilderEdit),
    /// "Run it for real" was pressed: run number `.0` starts (`ui/live.rs`
    /// does the work and reports with `LiveResult`).
    LiveStart(u32),
    /// What run `run` found.
    LiveResult {
        run: u32,
        result: Result<Box<LiveRun>, LiveFailure>,
    },
}

/// A text field, for folding keystrokes into one history entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Title,
    Page,
    Url,
    Method,
    HeaderName(HeaderList, usize),
    HeaderValue(HeaderList, usize),
    ResponseMethod(usize),
    ResponseUrl(usize),
    ResponseStatus(usize),
}

impl Edit {
    fn field(&self) -> Option<Field> {
        Some(match self {
            Edit::Title(_) => Field::Title,
            Edit::Page(_) => Field::Page,
            Edit::Url(_) => Field::Url,
            Edit::Method(_) => Field::Method,
            Edit::Headers(list, HeaderEdit::Name(i, _)) => Field::HeaderName(*list, *i),
            Edit::Headers(list, HeaderEdit::Value(i, _)) => Field::HeaderValue(*list, *i),
            Edit::ResponseMethod(i, Some(_)) => Field::ResponseMethod(*i),
            Edit::ResponseUrl(i, Some(_)) => Field::ResponseUrl(*i),
            Edit::ResponseStatus(i, _) => Field::ResponseStatus(*i),
            _ => return None,
        })
    }
}

impl AppState {
    /// The state for a scenario.
    pub fn new(draft: Draft, preset: Option<&'static str>) -> AppState {
        AppState {
            evaluation: draft.evaluate(),
            draft,
            preset,
            edited: false,
            pairs: default_pairs(),
            theme: Theme::System,
            notice: None,
            history: History::Keep,
            lesson: None,
            course: None,
            builder: Course {
                title: String::new(),
                exercises: Vec::new(),
            },
            live: Live::Idle,
            last_field: None,
        }
    }

    /// The app as it opens with no link: the default preset.
    pub fn initial() -> AppState {
        let preset = presets::default_preset();
        AppState::new(preset.draft(), Some(preset.id))
    }

    /// The app as it opens with a URL fragment (without `#`): the scenario it
    /// holds, or the default one with a message saying what is wrong with it.
    pub fn from_fragment(fragment: &str) -> AppState {
        reduce(
            &AppState::initial(),
            Action::OpenFragment(fragment.to_string()),
        )
    }

    /// The URL fragment (without `#`) that restores this scenario.
    pub fn fragment(&self) -> String {
        self.fragment_later()()
    }

    /// The URL fragment of this state, to be encoded later: what it is made
    /// of is taken now (the app writes the address bar after the paint, when
    /// the state may have moved on).
    pub fn fragment_later(&self) -> impl FnOnce() -> String + 'static {
        let source = match (&self.course, self.lesson.and_then(|i| lessons::PATH.get(i))) {
            (Some(run), _) => FragmentSource::Course(run.course.clone()),
            (None, Some(lesson)) if !self.edited => FragmentSource::Lesson(lesson.id),
            _ => FragmentSource::Scenario(self.draft.clone()),
        };
        move || match source {
            FragmentSource::Course(course) => course::encode(&course),
            FragmentSource::Lesson(id) => format!("{LESSON_PREFIX}{id}"),
            FragmentSource::Scenario(draft) => permalink::encode(&draft),
        }
    }

    /// Whether the verdict is kept from view: an exercise not revealed yet.
    /// Anything that gives the answer away (the verdict, the diagram, the
    /// header warnings) waits too.
    pub fn answers_hidden(&self) -> bool {
        self.course.as_ref().is_some_and(|run| !run.is_revealed())
    }

    /// The verdict, when the scenario is valid.
    pub fn verdict(&self) -> Option<&Verdict> {
        self.evaluation.as_ref().ok()
    }

    /// The problems found at a JSON path, such as `request.headers[1][0]`.
    pub fn errors_at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let errors = match &self.evaluation {
            Ok(_) => &[][..],
            Err(errors) => errors.as_slice(),
        };
        errors
            .iter()
            .filter(move |e| e.path == path)
            .map(|e| e.message.as_str())
    }

    fn with_draft(&self, draft: Draft, history: History) -> AppState {
        AppState {
            evaluation: draft.evaluate(),
            draft,
            history,
            ..self.clone()
        }
    }
}

/// What a URL fragment is made of: a course, a lesson not edited yet, or a
/// scenario.
enum FragmentSource {
    Course(Course),
    Lesson(&'static str),
    Scenario(Draft),
}

/// The classic same-origin examples, beside the page and the request URL.
fn default_pairs() -> Vec<(String, String)> {
    [
        ("https://example.com/a", "https://example.com/b"),
        ("http://example.com/", "https://example.com/"),
        ("https://example.com/", "https://api.example.com/"),
        ("https://example.com/", "https://example.com:8443/"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

/// The state after an action.
pub fn reduce(state: &AppState, action: Action) -> AppState {
    match action {
        Action::Edit(edit) => {
            let field = edit.field();
            let history = match field {
                Some(f) if state.last_field == Some(f) => History::Replace,
                _ => History::Push,
            };
            let mut draft = state.draft.clone();
            if !apply(&mut draft, edit) {
                return AppState {
                    history: History::Keep,
                    ..state.clone()
                };
            }
            AppState {
                edited: true,
                last_field: field,
                ..state.with_draft(draft, history)
            }
        }
        Action::LoadPreset(id) => match presets::by_id(&id) {
            Some(preset) => AppState {
                preset: Some(preset.id),
                edited: false,
                notice: None,
                lesson: None,
                course: None,
                last_field: None,
                ..state.with_draft(preset.draft(), History::Push)
            },
            None => AppState {
                notice: Some(format!("There is no preset called {id:?}.")),
                history: History::Keep,
                ..state.clone()
            },
        },
        Action::OpenFragment(fragment) => {
            let fresh = |notice| {
                let preset = presets::default_preset();
                AppState {
                    preset: Some(preset.id),
                    edited: false,
                    notice,
                    lesson: None,
                    course: None,
                    last_field: None,
                    ..state.with_draft(preset.draft(), History::Keep)
                }
            };
            if fragment.is_empty() {
                return fresh(None);
            }
            if let Some(id) = fragment.strip_prefix(LESSON_PREFIX) {
                return match lessons::by_id(id) {
                    Some(i) => AppState {
                        history: History::Keep,
                        ..reduce(state, Action::StartLesson(i))
                    },
                    None => fresh(Some(format!(
                        "This link could not be opened: there is no lesson called {id:?}. Showing the default scenario instead."
                    ))),
                };
            }
            if course::is_course(&fragment) {
                return match course::decode(&fragment) {
                    Ok(c) => open_course(state, c),
                    Err(e) => fresh(Some(format!(
                        "This link could not be opened: {e}. Showing the default scenario instead."
                    ))),
                };
            }
            match permalink::decode(&fragment) {
                Ok(draft) => AppState {
                    preset: presets::matching(&draft).map(|p| p.id),
                    edited: false,
                    notice: None,
                    lesson: None,
                    course: None,
                    last_field: None,
                    ..state.with_draft(draft, History::Keep)
                },
                Err(e) => fresh(Some(format!(
                    "This link could not be opened: {e}. Showing the default scenario instead."
                ))),
            }
        }
        Action::ApplyFix => match state.verdict().and_then(|v| fix::suggest(&state.draft, v)) {
            Some(fix) => AppState {
                edited: true,
                last_field: None,
                ..state.with_draft(fix.draft, History::Push)
            },
            None => AppState {
                history: History::Keep,
                ..state.clone()
            },
        },
        Action::AddPair => {
            let mut next = state.clone();
            next.pairs
                .push((state.draft.page.clone(), state.draft.request.url.clone()));
            next.history = History::Keep;
            next
        }
        Action::EditPair { index, left, text } => {
            let mut next = state.clone();
            if let Some(pair) = next.pairs.get_mut(index) {
                *(if left { &mut pair.0 } else { &mut pair.1 }) = text;
            }
            next.history = History::Keep;
            next
        }
        Action::RemovePair(index) => {
            let mut next = state.clone();
            if index < next.pairs.len() {
                next.pairs.remove(index);
            }
            next.history = History::Keep;
            next
        }
        Action::SetTheme(theme) => AppState {
            theme,
            history: History::Keep,
            ..state.clone()
        },
        Action::DismissNotice => AppState {
            notice: None,
            history: History::Keep,
            ..state.clone()
        },
        Action::StartLesson(index) => {
            let Some(preset) = lessons::PATH
                .get(index)
                .and_then(|lesson| presets::by_id(lesson.preset))
            else {
                return keep(state);
            };
            AppState {
                preset: Some(preset.id),
                edited: false,
                notice: None,
                lesson: Some(index),
                course: None,
                last_field: None,
                ..state.with_draft(preset.draft(), History::Push)
            }
        }
        Action::TryLesson => {
            let Some(lesson) = state.lesson.and_then(|i| lessons::PATH.get(i)) else {
                return keep(state);
            };
            let mut next = state.clone();
            for change in lesson.change {
                for edit in change.edits(&next.draft) {
                    next = reduce(&next, Action::Edit(edit));
                }
            }
            AppState {
                history: History::Push,
                last_field: None,
                ..next
            }
        }
        Action::ExitLesson => AppState {
            lesson: None,
            history: History::Push,
            ..state.clone()
        },
        Action::Predict(answer) => {
            let mut next = keep(state);
            if let Some(run) = &mut next.course {
                if let Some(p) = run.predictions.get_mut(run.current) {
                    match answer {
                        Answer::Preflight(b) => p.preflight = Some(b),
                        Answer::Outcome(o) => p.outcome = Some(o),
                        Answer::Console(i) => p.console = Some(i),
                    }
                }
            }
            next
        }
        Action::Reveal => {
            let mut next = keep(state);
            if let Some(run) = &mut next.course {
                if let Some(r) = run.revealed.get_mut(run.current) {
                    *r = true;
                }
            }
            next
        }
        Action::GoToExercise(index) => match &state.course {
            Some(run) if index < run.course.exercises.len() => {
                let mut run = run.clone();
                run.current = index;
                let draft = run
                    .exercise()
                    .cloned()
                    .unwrap_or_else(|| state.draft.clone());
                AppState {
                    course: Some(run),
                    edited: false,
                    last_field: None,
                    ..state.with_draft(draft, History::Keep)
                }
            }
            _ => keep(state),
        },
        Action::ExitCourse => AppState {
            course: None,
            history: History::Push,
            ..state.clone()
        },
        Action::LiveStart(run) => AppState {
            live: Live::Running(run),
            ..keep(state)
        },
        // Only the run under way reports; an older one's result is dropped.
        Action::LiveResult { run, result } => match state.live {
            Live::Running(current) if current == run => AppState {
                live: Live::Done { run, result },
                ..keep(state)
            },
            _ => keep(state),
        },
        Action::Builder(edit) => {
            let mut next = keep(state);
            let exercises = &mut next.builder.exercises;
            match edit {
                BuilderEdit::Title(title) => next.builder.title = title,
                BuilderEdit::AddCurrent => exercises.push(state.draft.clone()),
                BuilderEdit::Remove(i) if i < exercises.len() => {
                    exercises.remove(i);
                }
                BuilderEdit::Move { from, to }
                    if from < exercises.len() && to < exercises.len() =>
                {
                    let draft = exercises.remove(from);
                    exercises.insert(to, draft);
                }
                BuilderEdit::Clear => exercises.clear(),
                _ => {}
            }
            next
        }
    }
}

/// The links to lessons: `#lesson=ID`.
pub const LESSON_PREFIX: &str = "lesson=";

/// The state unchanged, the URL left alone.
fn keep(state: &AppState) -> AppState {
    AppState {
        history: History::Keep,
        ..state.clone()
    }
}

/// A course opened from its link, at its first exercise.
fn open_course(state: &AppState, course: Course) -> AppState {
    let run = CourseRun::new(course);
    let draft = run
        .exercise()
        .cloned()
        .unwrap_or_else(|| state.draft.clone());
    AppState {
        preset: None,
        edited: false,
        notice: None,
        lesson: None,
        course: Some(run),
        last_field: None,
        ..state.with_draft(draft, History::Keep)
    }
}

/// Applies an edit; `false` when it names a row or entry that is not there.
fn apply(draft: &mut Draft, edit: Edit) -> bool {
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
        _ => return false,
    }
    true
}

/// Where the request ends up: follows the scripted redirects from the request
/// URL, as the server list answers them. Returns the URL and the index of the
/// entry that answers it, if any.
fn final_target(draft: &Draft) -> (Option<Url>, Option<usize>) {
    let Ok(mut url) = Url::parse(&draft.request.url) else {
        return (None, None);
    };
    // A chain longer than the browser's 20 redirects is never followed further.
    for _ in 0..=20 {
        let Some(index) = answering(draft, &url) else {
            return (Some(url), None);
        };
        let entry = &draft.server[index];
        let next = match (entry.status_code(), entry.header("Location")) {
            (Some(300..=399), Some(location)) => url.join(location).ok(),
            _ => None,
        };
        match next {
            Some(next) => url = next,
            None => return (Some(url), Some(index)),
        }
    }
    (Some(url), None)
}

/// The first entry that answers a non-`OPTIONS` request for `url`.
fn answering(draft: &Draft, url: &Url) -> Option<usize> {
    let request_url = Url::parse(&draft.request.url).ok();
    draft.server.iter().position(|entry| {
        let entry_url = match &entry.url {
            Some(u) => Url::parse(u).ok(),
            None => request_url.clone(),
        };
        !entry.is_preflight() && entry_url.as_ref() == Some(url)
    })
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
    use corsim_core::verdict::Outcome;

    fn state() -> AppState {
        AppState::initial()
    }

    fn edit(state: &AppState, edit: Edit) -> AppState {
        reduce(state, Action::Edit(edit))
    }

    fn outcome(state: &AppState) -> Option<Outcome> {
        state.verdict().map(|v| v.outcome)
    }

    #[test]
    fn the_initial_state_is_the_default_preset_and_its_verdict() {
        let s = state();
        assert_eq!(s.preset, Some(presets::default_preset().id));
        assert!(!s.edited);
        assert_eq!(s.evaluation, s.draft.evaluate());
    }

    #[test]
    fn every_edit_recomputes_the_verdict() {
        let s = state();
        assert_eq!(outcome(&s), Some(Outcome::Readable));
        let s = edit(&s, Edit::Headers(HeaderList::Request, HeaderEdit::AddRow));
        let s = edit(
            &s,
            Edit::Headers(HeaderList::Request, HeaderEdit::Name(2, "X-Trace".into())),
        );
        assert_eq!(
            s.draft.request.headers[2],
            ("X-Trace".into(), String::new())
        );
        assert_eq!(outcome(&s), Some(Outcome::NetworkError));
        assert!(s.edited);
    }

    #[test]
    fn an_invalid_field_keeps_its_text_and_reports_at_its_path() {
        let s = edit(&state(), Edit::Page("not a url".into()));
        assert_eq!(s.draft.page, "not a url");
        assert_eq!(s.errors_at("page").count(), 1);
        assert_eq!(s.errors_at("request.url").count(), 0);
    }

    #[test]
    fn keystrokes_in_one_field_make_one_history_entry() {
        let s = edit(&state(), Edit::Url("https://a.example/x".into()));
        assert_eq!(s.history, History::Push);
        let s = edit(&s, Edit::Url("https://a.example/xy".into()));
        assert_eq!(s.history, History::Replace);
        let s = edit(&s, Edit::Method("PUT".into()));
        assert_eq!(s.history, History::Push);
        let s = edit(&s, Edit::Mode(RequestMode::NoCors));
        assert_eq!(s.history, History::Push);
        let s = edit(&s, Edit::Method("PATCH".into()));
        assert_eq!(s.history, History::Push);
    }

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
                "remove past the end",
                HeaderEdit::Remove(3),
                false,
                &[("A", "9"), ("D", "4"), ("B", "3")],
            ),
            (
                "move past the end",
                HeaderEdit::Move { from: 0, to: 3 },
                false,
                &[("A", "9"), ("D", "4"), ("B", "3")],
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

    #[test]
    fn an_edit_of_a_row_that_is_not_there_changes_nothing() {
        let s = state();
        let after = edit(&s, Edit::ResponseStatus(99, "500".into()));
        assert_eq!(after.draft, s.draft);
        assert_eq!(after.history, History::Keep);
        assert!(!after.edited);
    }

    #[test]
    fn a_preflight_entry_goes_first_and_a_main_one_last() {
        let mut s = edit(&state(), Edit::RemoveResponse(0));
        assert_eq!(s.draft.server.len(), 1);
        s = edit(&s, Edit::AddResponse(NewResponse::Preflight));
        assert!(s.draft.server[0].is_preflight());
        assert_eq!(s.draft.server[0].status, "204");
        s = edit(&s, Edit::AddResponse(NewResponse::Main));
        assert_eq!(s.draft.server.len(), 3);
        assert_eq!(s.draft.server[2], ResponseDraft::new(None, 200, vec![]));
    }

    #[test]
    fn a_redirect_hop_moves_the_final_response_to_a_new_url() {
        let s = edit(&state(), Edit::AddRedirectHop);
        let server = &s.draft.server;
        assert_eq!(server.len(), 3);
        assert_eq!(server[1].status, "302");
        assert_eq!(server[1].url, None);
        assert_eq!(
            server[1].header("location"),
            Some("https://api.example.com/moved/users/7")
        );
        assert_eq!(
            server[2].url.as_deref(),
            Some("https://api.example.com/moved/users/7")
        );
        let verdict = s.verdict().expect("valid");
        assert_eq!(verdict.wire.len(), 3, "{:?}", verdict.wire);

        // A second hop goes after the first one.
        let s = edit(&s, Edit::AddRedirectHop);
        let server = &s.draft.server;
        assert_eq!(
            server[2].url.as_deref(),
            Some("https://api.example.com/moved/users/7")
        );
        assert_eq!(
            server[2].header("Location"),
            Some("https://api.example.com/moved/moved/users/7")
        );
        assert_eq!(
            server[3].url.as_deref(),
            Some("https://api.example.com/moved/moved/users/7")
        );
    }

    #[test]
    fn a_redirect_hop_with_no_response_adds_both() {
        let s = edit(&state(), Edit::RemoveResponse(1));
        let s = edit(&s, Edit::AddRedirectHop);
        let server = &s.draft.server;
        assert_eq!(server.len(), 3);
        assert_eq!(server[1].url, None);
        assert_eq!(server[1].status, "302");
        assert_eq!(
            server[2].url.as_deref(),
            Some("https://api.example.com/moved/users/7")
        );
    }

    #[test]
    fn presets_load_and_unknown_ones_say_so() {
        let other = presets::ALL
            .iter()
            .find(|p| p.id != presets::default_preset().id)
            .expect("several presets");
        let s = reduce(&state(), Action::LoadPreset(other.id.to_string()));
        assert_eq!(s.preset, Some(other.id));
        assert_eq!(s.draft, other.draft());
        assert_eq!(s.history, History::Push);
        let s = reduce(&s, Action::LoadPreset("no-such-preset".into()));
        assert_eq!(s.preset, Some(other.id));
        assert!(s
            .notice
            .as_deref()
            .unwrap_or_default()
            .contains("no-such-preset"));
    }

    #[test]
    fn a_fragment_restores_the_scenario_exactly() {
        let s = edit(&state(), Edit::Method("patch".into()));
        let s = edit(
            &s,
            Edit::Headers(
                HeaderList::Response(1),
                HeaderEdit::Value(0, "https://évil.example".into()),
            ),
        );
        let opened = AppState::from_fragment(&s.fragment());
        assert_eq!(opened.draft, s.draft);
        assert_eq!(opened.evaluation, s.evaluation);
        assert_eq!(opened.history, History::Keep);
        assert_eq!(opened.notice, None);
    }

    #[test]
    fn a_fragment_taken_for_later_is_the_one_of_its_state() {
        // A scenario, a lesson not edited yet, and the same lesson edited.
        let scenario = edit(&state(), Edit::Method("PUT".into()));
        let lesson = reduce(&state(), Action::StartLesson(0));
        let edited = edit(&lesson, Edit::Method("PUT".into()));
        for s in [&scenario, &lesson, &edited] {
            let later = s.fragment_later();
            assert_eq!(later(), s.fragment());
        }
        assert!(lesson.fragment().starts_with(LESSON_PREFIX));
        assert!(edited.fragment().starts_with("v=1&"));
    }

    #[test]
    fn a_broken_fragment_opens_the_default_scenario_with_a_message() {
        for fragment in ["v=99&p=x", "garbage", "v=1&p=%FF"] {
            let s = AppState::from_fragment(fragment);
            assert_eq!(s.draft, presets::default_preset().draft(), "{fragment}");
            let notice = s.notice.expect("a message");
            assert!(
                notice.starts_with("This link could not be opened: "),
                "{notice}"
            );
        }
    }

    #[test]
    fn applying_the_fix_makes_the_request_work() {
        let s = edit(
            &state(),
            Edit::Headers(
                HeaderList::Request,
                HeaderEdit::Set {
                    name: "X-Trace".into(),
                    value: "1".into(),
                },
            ),
        );
        assert_eq!(outcome(&s), Some(Outcome::NetworkError));
        let s = reduce(&s, Action::ApplyFix);
        assert_eq!(outcome(&s), Some(Outcome::Readable));
        assert_eq!(s.history, History::Push);
    }

    #[test]
    fn pairs_can_be_added_edited_and_removed() {
        let s = state();
        let n = s.pairs.len();
        let s = reduce(&s, Action::AddPair);
        assert_eq!(
            s.pairs[n],
            (s.draft.page.clone(), s.draft.request.url.clone())
        );
        let s = reduce(
            &s,
            Action::EditPair {
                index: n,
                left: false,
                text: "http://x.example".into(),
            },
        );
        assert_eq!(s.pairs[n].1, "http://x.example");
        let s = reduce(&s, Action::RemovePair(n));
        assert_eq!(s.pairs.len(), n);
        assert_eq!(s.history, History::Keep);
    }

    #[test]
    fn a_lesson_link_opens_the_lesson_and_its_change_applies() {
        let s = AppState::from_fragment("lesson=browser-role");
        let index = lessons::by_id("browser-role");
        assert_eq!(s.lesson, index);
        assert_eq!(s.fragment(), "lesson=browser-role");
        assert_eq!(outcome(&s), Some(Outcome::NetworkError));
        let s = reduce(&s, Action::TryLesson);
        assert_eq!(outcome(&s), Some(Outcome::Readable));
        assert_eq!(s.history, History::Push);
        // Edited, the link holds the scenario itself.
        assert!(s.fragment().starts_with("v=1&"));
        let s = reduce(&s, Action::ExitLesson);
        assert_eq!(s.lesson, None);
        let broken = AppState::from_fragment("lesson=nope");
        assert!(broken
            .notice
            .unwrap_or_default()
            .contains("no lesson called \"nope\""));
    }

    #[test]
    fn a_course_hides_answers_until_revealed_exercise_by_exercise() {
        let course = Course {
            title: "Week 1".into(),
            exercises: ["missing-allow-origin", "public-api-wildcard"]
                .iter()
                .map(|id| presets::by_id(id).expect("a preset").draft())
                .collect(),
        };
        let s = AppState::from_fragment(&course::encode(&course));
        assert!(s.answers_hidden());
        assert_eq!(s.fragment(), course::encode(&course));
        let s = reduce(&s, Action::Predict(Answer::Preflight(false)));
        let s = reduce(&s, Action::Predict(Answer::Outcome(Outcome::Readable)));
        let run = s.course.clone().expect("a course");
        assert_eq!(run.prediction().preflight, Some(false));
        let s = reduce(&s, Action::Reveal);
        assert!(!s.answers_hidden());
        let s = reduce(&s, Action::GoToExercise(1));
        assert!(s.answers_hidden(), "the next exercise starts hidden");
        assert_eq!(s.draft, course.exercises[1]);
        let s = reduce(&s, Action::GoToExercise(0));
        assert!(!s.answers_hidden(), "revealed stays revealed");
        assert_eq!(reduce(&s, Action::GoToExercise(2)).course, s.course);
        let s = reduce(&s, Action::ExitCourse);
        assert!(s.course.is_none() && !s.answers_hidden());
    }

    #[test]
    fn the_course_builder_collects_orders_and_removes_exercises() {
        let s = state();
        let s = reduce(&s, Action::Builder(BuilderEdit::Title("Week 2".into())));
        let s = reduce(&s, Action::Builder(BuilderEdit::AddCurrent));
        let s = reduce(&s, Action::LoadPreset("public-api-wildcard".into()));
        let s = reduce(&s, Action::Builder(BuilderEdit::AddCurrent));
        let s = reduce(&s, Action::Builder(BuilderEdit::Move { from: 1, to: 0 }));
        assert_eq!(s.builder.title, "Week 2");
        assert_eq!(s.builder.exercises[0], s.draft);
        let s = reduce(&s, Action::Builder(BuilderEdit::Remove(0)));
        assert_eq!(s.builder.exercises, [presets::default_preset().draft()]);
        let s = reduce(&s, Action::Builder(BuilderEdit::Remove(5)));
        assert_eq!(s.builder.exercises.len(), 1);
        let s = reduce(&s, Action::Builder(BuilderEdit::Clear));
        assert!(s.builder.exercises.is_empty());
    }

    #[test]
    fn a_live_run_reports_once_and_only_the_last_one_counts() {
        use crate::live::LiveFailure;
        let s = reduce(&state(), Action::LiveStart(1));
        assert!(s.live.is_running());
        assert_eq!(s.history, History::Keep, "running changes no URL");
        // A run started again: the first one's result is dropped.
        let s = reduce(&s, Action::LiveStart(2));
        let late = reduce(
            &s,
            Action::LiveResult {
                run: 1,
                result: Err(LiveFailure::Absent),
            },
        );
        assert_eq!(late.live, Live::Running(2));
        let s = reduce(
            &s,
            Action::LiveResult {
                run: 2,
                result: Err(LiveFailure::Absent),
            },
        );
        assert_eq!(
            s.live,
            Live::Done {
                run: 2,
                result: Err(LiveFailure::Absent)
            }
        );
        assert_eq!(s.live.last_run(), 2);
        // An edit keeps the result: the panel says it is for the scenario as run.
        let s = edit(&s, Edit::Method("PUT".into()));
        assert!(matches!(s.live, Live::Done { run: 2, .. }));
    }
}
