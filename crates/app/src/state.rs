//! The app's whole state, the actions that change it and the pure reducer.
//!
//! Everything the UI does goes through [`reduce`], which is plain Rust tested
//! natively; the Yew `Reducible` impl in `corsim-web` only adapts it. The edits of
//! the scenario are [`crate::editor`]'s, a learner's answers
//! [`crate::prediction`]'s. The verdict is
//! recomputed in the reducer on every edit, so every view is drawn from the
//! state as it is now.

use corsim_core::scenario::ScenarioError;
use corsim_core::verdict::Verdict;

use crate::course::{self, Course, Exercise};
use crate::draft::Draft;
use crate::editor::{apply, Edit, Field};
use crate::live::{LiveFailure, LiveReport};
use crate::prediction::{Answer, Prediction};
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

/// On a narrow screen the editors and the results take turns, one tap
/// apart: the one shown. Side by side, both are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pane {
    Edit,
    #[default]
    Result,
}

/// Every browser's verdict, in the order of `Browser::ALL`: Chromium's,
/// Firefox's, Safari's.
pub type Browsers<'a> = [&'a Verdict; 3];

/// The app's state.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub draft: Draft,
    pub evaluation: Evaluation,
    /// Firefox's and Safari's verdicts beside Chromium's (`evaluation`), when
    /// the scenario is valid: computed in the same run, so an edit costs one
    /// evaluation.
    others: Option<Box<[Verdict; 2]>>,
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
    /// Whether the learner asked to see the lesson's answer: until then it
    /// is hidden, so that they think first.
    pub lesson_revealed: bool,
    pub pane: Pane,
    /// The course being taken, when the page was opened from a course link.
    pub course: Option<CourseRun>,
    /// The course a teacher is putting together.
    pub builder: Course,
    /// "Run it for real" (`crate::live`): where the last run is.
    pub live: Live,
    /// The text field edited last, to fold a run of keystrokes into one
    /// history entry.
    last_field: Option<Field>,
    /// What the last import guessed, `(path, why)`, for the editors to mark:
    /// each until its field is edited, all until another scenario is loaded.
    /// A path is a field's as [`Edit::path`] writes it (`request.headers`,
    /// `server[0].status`).
    guessed: Vec<(String, String)>,
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
        result: Result<Box<LiveReport>, LiveFailure>,
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

    /// The current exercise, as the link holds it.
    pub fn exercise(&self) -> Option<&Exercise> {
        self.course.exercises.get(self.current)
    }

    /// The current exercise's scenario as it goes on screen: without its
    /// title, which may give the answer away.
    fn draft(&self) -> Option<Draft> {
        self.exercise().map(|e| Exercise::of(&e.draft).draft)
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

/// An edit of the course a teacher is building.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuilderEdit {
    Title(String),
    /// The teacher's words for exercise `index`.
    Words {
        index: usize,
        part: Words,
        text: String,
    },
    /// Add the scenario on screen as the next exercise.
    AddCurrent,
    Remove(usize),
    Move {
        from: usize,
        to: usize,
    },
    Clear,
}

/// Which of an exercise's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Words {
    Title,
    Prompt,
    Hint,
}

/// Everything that can happen in the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Edit(Edit),
    LoadPreset(String),
    /// The page was opened with this URL fragment (without `#`), or Back or
    /// Forward went to it.
    OpenFragment(String),
    /// "Debug my error" made this scenario from what the learner pasted: it
    /// replaces the one on screen, as a preset does, with a history entry.
    /// With what it guessed: each field's path ([`Guess::fields`]) and why.
    ///
    /// [`Guess::fields`]: crate::import::Guess::fields
    Imported(Box<Draft>, Vec<(String, String)>),
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
    /// Show the current lesson's answer.
    RevealLesson,
    ShowPane(Pane),
    ExitLesson,
    Predict(Answer),
    /// Show the verdict of the current exercise.
    Reveal,
    GoToExercise(usize),
    ExitCourse,
    Builder(BuilderEdit),
    /// "Run it for real" was pressed: run number `.0` starts (corsim-web's `live.rs`
    /// does the work and reports with `LiveResult`).
    LiveStart(u32),
    /// What run `run` found.
    LiveResult {
        run: u32,
        result: Result<Box<LiveReport>, LiveFailure>,
    },
}

impl AppState {
    /// The state for a scenario.
    pub fn new(draft: Draft, preset: Option<&'static str>) -> AppState {
        let (evaluation, others) = evaluate(&draft);
        AppState {
            evaluation,
            others,
            draft,
            preset,
            edited: false,
            pairs: default_pairs(),
            theme: Theme::System,
            notice: None,
            history: History::Keep,
            lesson: None,
            lesson_revealed: false,
            pane: Pane::Result,
            course: None,
            builder: Course {
                title: String::new(),
                exercises: Vec::new(),
            },
            live: Live::Idle,
            last_field: None,
            guessed: Vec::new(),
        }
    }

    /// The app as it opens with no link: the starter (`presets::starter`).
    pub fn initial() -> AppState {
        let preset = presets::starter();
        AppState::new(preset.draft(), Some(preset.id))
    }

    /// The app as it opens with a URL fragment (without `#`): the scenario it
    /// holds, or the starter with a message saying what is wrong with it.
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
            _ => FragmentSource::Scenario(Box::new(self.draft.clone())),
        };
        move || match source {
            FragmentSource::Course(course) => course::encode(&course),
            FragmentSource::Lesson(id) => format!("{LESSON_PREFIX}{id}"),
            FragmentSource::Scenario(draft) => permalink::encode(&draft),
        }
    }

    /// Whether the verdict is kept from view: an exercise not revealed yet,
    /// or a lesson whose answer the learner has not asked for (until they
    /// change the scenario themselves). Anything that gives the answer away
    /// (the verdict, the diagram, the header warnings) waits too.
    pub fn answers_hidden(&self) -> bool {
        match &self.course {
            Some(run) => !run.is_revealed(),
            None => self.lesson.is_some() && !self.lesson_revealed && !self.edited,
        }
    }

    /// Whether the scenario on screen has left the lesson's: it is neither
    /// the lesson's scenario nor that with the lesson's change, so the
    /// lesson's text may say something the verdict no longer does.
    pub fn left_lesson(&self) -> bool {
        let Some(lesson) = self.lesson.and_then(|i| lessons::PATH.get(i)) else {
            return false;
        };
        self.edited
            && presets::by_id(lesson.preset).is_some_and(|preset| {
                let original = preset.draft();
                self.draft != original && self.draft != lesson.tried(&original)
            })
    }

    /// The verdict, when the scenario is valid.
    pub fn verdict(&self) -> Option<&Verdict> {
        self.evaluation.as_ref().ok()
    }

    /// Every browser's verdict, in the order of `Browser::ALL`, when the
    /// scenario is valid.
    pub fn browsers(&self) -> Option<Browsers<'_>> {
        let [firefox, webkit] = self.others.as_deref()?;
        Some([self.verdict()?, firefox, webkit])
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

    /// Why the last import guessed `field` (of server entry `entry`, as
    /// [`Edit::path`] names it), while its value is still the guess.
    pub fn guessed(&self, field: &str, entry: Option<usize>) -> Option<&str> {
        let at = path(field, entry);
        self.guessed
            .iter()
            .find(|(path, why)| *path == at && !why.is_empty())
            .map(|(_, why)| why.as_str())
    }

    fn with_draft(&self, draft: Draft, history: History) -> AppState {
        let (evaluation, others) = evaluate(&draft);
        AppState {
            evaluation,
            others,
            draft,
            history,
            ..self.clone()
        }
    }

    /// A scenario opened as it is (a preset, a link, an import, the
    /// starter): not edited, outside any lesson or course, with `notice` its
    /// only message.
    fn opened(
        &self,
        draft: Draft,
        preset: Option<&'static str>,
        notice: Option<String>,
        history: History,
    ) -> AppState {
        AppState {
            preset,
            edited: false,
            notice,
            lesson: None,
            course: None,
            last_field: None,
            ..self.with_draft(draft, history)
        }
    }
}

/// Chromium's verdict and the others', or the scenario's problems.
fn evaluate(draft: &Draft) -> (Evaluation, Option<Box<[Verdict; 2]>>) {
    match draft.evaluate_each() {
        Ok([chromium, firefox, webkit]) => (Ok(chromium), Some(Box::new([firefox, webkit]))),
        Err(errors) => (Err(errors), None),
    }
}

/// What a URL fragment is made of: a course, a lesson not edited yet, or a
/// scenario.
enum FragmentSource {
    Course(Course),
    Lesson(&'static str),
    Scenario(Box<Draft>),
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

/// The state after an action. The import's guesses stay marked while the
/// scenario is the one imported: an edit unmarks what it changed (all of
/// them when it moves the responses or the page's requests about, so that
/// no mark lands on another field, or edits the page's requests), and any
/// other change of the scenario (a preset, a link, Back) unmarks them all.
pub fn reduce(state: &AppState, action: Action) -> AppState {
    let edited = match &action {
        Action::Imported(..) => return change(state, action),
        Action::Edit(edit) => edit.path().map(|(field, entry)| path(field, entry)),
        _ => None,
    };
    let mut next = change(state, action);
    if next.draft != state.draft {
        for (at, why) in &mut next.guessed {
            // An emptied reason is no mark (`guessed`).
            if edited.as_ref().is_none_or(|path| path == at) {
                why.clear();
            }
        }
    }
    next
}

/// The path of `field` ([`Edit::path`]): `server[1].status`, `page`.
fn path(field: &str, entry: Option<usize>) -> String {
    match entry {
        Some(i) => format!("server[{i}].{field}"),
        None => field.to_string(),
    }
}

fn change(state: &AppState, action: Action) -> AppState {
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
                pane: Pane::Result,
                ..state.opened(preset.draft(), Some(preset.id), None, History::Push)
            },
            None => AppState {
                notice: Some(format!("There is no preset called {id:?}.")),
                history: History::Keep,
                ..state.clone()
            },
        },
        Action::OpenFragment(fragment) => {
            let fresh = |notice| {
                let preset = presets::starter();
                state.opened(preset.draft(), Some(preset.id), notice, History::Keep)
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
                Ok(draft) => {
                    let preset = presets::matching(&draft).map(|p| p.id);
                    state.opened(draft, preset, None, History::Keep)
                }
                Err(e) => fresh(Some(format!(
                    "This link could not be opened: {e}. Showing the default scenario instead."
                ))),
            }
        }
        Action::Imported(draft, guessed) => {
            let preset = presets::matching(&draft).map(|p| p.id);
            AppState {
                guessed,
                ..state.opened(*draft, preset, None, History::Push)
            }
        }
        Action::ApplyFix => match state.browsers().and_then(|each| {
            fix::browsers::suggest_all(
                &state.draft,
                each,
                fix::Page::of(state.preset, &state.draft),
            )
        }) {
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
                lesson_revealed: false,
                pane: Pane::Result,
                course: None,
                last_field: None,
                ..state.with_draft(preset.draft(), History::Push)
            }
        }
        Action::TryLesson => {
            let Some(lesson) = state.lesson.and_then(|i| lessons::PATH.get(i)) else {
                return keep(state);
            };
            let draft = lesson.tried(&state.draft);
            AppState {
                edited: state.edited || draft != state.draft,
                last_field: None,
                ..state.with_draft(draft, History::Push)
            }
        }
        Action::RevealLesson => AppState {
            lesson_revealed: true,
            ..keep(state)
        },
        Action::ShowPane(pane) => AppState {
            pane,
            ..keep(state)
        },
        Action::ExitLesson => AppState {
            lesson: None,
            history: History::Push,
            ..state.clone()
        },
        Action::Predict(answer) => {
            let mut next = keep(state);
            if let Some(run) = &mut next.course {
                if let Some(p) = run.predictions.get_mut(run.current) {
                    p.record(answer);
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
                let draft = run.draft().unwrap_or_else(|| state.draft.clone());
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
                BuilderEdit::AddCurrent => exercises.push(Exercise::of(&state.draft)),
                BuilderEdit::Words { index, part, text } => {
                    if let Some(e) = exercises.get_mut(index) {
                        *match part {
                            Words::Title => &mut e.title,
                            Words::Prompt => &mut e.prompt,
                            Words::Hint => &mut e.hint,
                        } = text;
                    }
                }
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
    let draft = run.draft().unwrap_or_else(|| state.draft.clone());
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

#[cfg(test)]
mod tests;
