use super::*;
use crate::draft::ResponseDraft;
use crate::editor::{HeaderEdit, HeaderList, NewResponse};
use corsim_core::scenario::RequestMode;
use corsim_core::verdict::Outcome;

/// The contract's example, with a preflight and two responses to edit.
fn state() -> AppState {
    let preset = presets::default_preset();
    AppState::new(preset.draft(), Some(preset.id))
}

fn edit(state: &AppState, edit: Edit) -> AppState {
    reduce(state, Action::Edit(edit))
}

fn outcome(state: &AppState) -> Option<Outcome> {
    state.verdict().map(|v| v.outcome)
}

#[test]
fn the_initial_state_is_the_starter_a_get_that_works() {
    let s = AppState::initial();
    assert_eq!(s.preset, Some(presets::starter().id));
    assert!(!s.edited);
    assert_eq!(s.evaluation, s.draft.evaluate());
    let verdict = s.verdict().expect("valid");
    assert_eq!(
        (
            s.draft.request.method.as_str(),
            verdict.outcome,
            verdict.preflight.sent
        ),
        ("GET", Outcome::Readable, false)
    );
}

#[test]
fn a_new_header_row_is_ignored_until_typed_into() {
    let s = edit(
        &state(),
        Edit::Headers(HeaderList::Request, HeaderEdit::AddRow),
    );
    assert_eq!(s.draft.request.headers.len(), 3);
    assert_eq!(outcome(&s), Some(Outcome::Readable));
    let s = edit(
        &s,
        Edit::Headers(HeaderList::Request, HeaderEdit::Value(2, "1".into())),
    );
    assert_eq!(
        outcome(&s),
        Some(Outcome::NetworkError),
        "typed into, it counts"
    );
}

#[test]
fn a_lesson_hides_its_answer_until_revealed_or_changed() {
    let s = reduce(&AppState::initial(), Action::ShowPane(Pane::Edit));
    let s = reduce(&s, Action::StartLesson(0));
    assert_eq!(s.pane, Pane::Result, "a lesson shows its text");
    assert!(s.answers_hidden());
    let revealed = reduce(&s, Action::RevealLesson);
    assert!(!revealed.answers_hidden());
    assert_eq!(revealed.history, History::Keep);
    let tried = reduce(&s, Action::TryLesson);
    assert!(!tried.answers_hidden(), "trying it shows what it does");
    assert!(!tried.left_lesson(), "the lesson's own change keeps to it");
    let next = reduce(&revealed, Action::StartLesson(1));
    assert!(next.answers_hidden(), "the next lesson starts hidden");
}

#[test]
fn an_edit_of_the_lessons_scenario_leaves_it_until_reset() {
    let s = reduce(&state(), Action::StartLesson(0));
    assert!(!s.left_lesson());
    let s = edit(&s, Edit::Method("DELETE".into()));
    assert!(s.left_lesson());
    let s = reduce(&s, Action::StartLesson(0));
    assert!(!s.left_lesson());
    assert!(!edit(&state(), Edit::Method("DELETE".into())).left_lesson());
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
fn an_imported_scenario_replaces_the_one_on_screen() {
    let s = reduce(&state(), Action::StartLesson(0));
    let text = "Access to fetch at 'https://api.example.com/data' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let choices = crate::import::run(crate::import::Kind::Console, text).unwrap();
    let draft = choices.scenarios[0].1.draft.clone();
    let s = reduce(&s, Action::Imported(Box::new(draft.clone()), Vec::new()));
    assert_eq!(s.draft, draft);
    assert_eq!(
        (s.lesson, s.edited, s.history),
        (None, false, History::Push)
    );
    assert_eq!(
        s.verdict()
            .and_then(|v| v.console.chromium.clone())
            .as_deref(),
        Some(text)
    );
}

/// A guess stays marked until its field is edited; an edit elsewhere
/// leaves it, one that moves the responses about or another scenario
/// unmarks them all.
#[test]
fn guesses_stay_marked_until_their_field_changes() {
    let text = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/data. (Reason: CORS request did not succeed). Status code: (null).";
    let choices = crate::import::run(crate::import::Kind::Console, text).unwrap();
    let made = &choices.scenarios[0].1;
    let guessed: Vec<(String, String)> = made
        .guesses
        .iter()
        .flat_map(|g| g.fields().into_iter().map(|f| (f, g.why.clone())))
        .collect();
    assert!(
        made.guesses.iter().any(|g| g.path == "server[0]"),
        "{guessed:?}"
    );
    let s = reduce(
        &state(),
        Action::Imported(Box::new(made.draft.clone()), guessed),
    );
    assert!(s
        .guessed("page", None)
        .is_some_and(|why| why.contains("page")));
    // A guess of a whole entry marks its fields.
    assert!(s.guessed("status", Some(0)).is_some());
    assert!(s.guessed("headers", Some(0)).is_some());
    assert_eq!(s.guessed("status", Some(1)), None);
    assert_eq!(s.guessed("request.method", None), None);

    let titled = edit(&s, Edit::Title("mine".into()));
    assert!(titled.guessed("page", None).is_some());
    let s = edit(&titled, Edit::ResponseStatus(0, "301".into()));
    assert_eq!(s.guessed("status", Some(0)), None);
    assert!(s.guessed("headers", Some(0)).is_some());
    assert!(s.guessed("page", None).is_some());
    let s = edit(
        &s,
        Edit::Headers(HeaderList::Response(0), HeaderEdit::Remove(0)),
    );
    assert_eq!(s.guessed("headers", Some(0)), None);
    let s = edit(&s, Edit::Page("https://mine.example/".into()));
    assert_eq!(s.guessed("page", None), None);

    let again = reduce(
        &state(),
        Action::Imported(
            Box::new(made.draft.clone()),
            vec![("page".into(), "why".into())],
        ),
    );
    assert_eq!(
        edit(&again, Edit::AddResponse(NewResponse::Preflight)).guessed("page", None),
        None
    );
    assert_eq!(
        reduce(
            &again,
            Action::LoadPreset(presets::starter().id.to_string())
        )
        .guessed("page", None),
        None
    );
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
        assert_eq!(s.draft, presets::starter().draft(), "{fragment}");
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
            .map(|id| Exercise::of(&presets::by_id(id).expect("a preset").draft()))
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
    assert_eq!(s.draft, course.exercises[1].draft);
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
    assert_eq!(s.builder.exercises[0], Exercise::of(&s.draft));
    assert_eq!(s.builder.exercises[0].draft.title, "", "the title may tell");
    let s = reduce(
        &s,
        Action::Builder(BuilderEdit::Words {
            index: 1,
            part: Words::Prompt,
            text: "Will it preflight?".into(),
        }),
    );
    assert_eq!(s.builder.exercises[1].prompt, "Will it preflight?");
    let s = reduce(&s, Action::Builder(BuilderEdit::Remove(0)));
    assert_eq!(
        s.builder.exercises[0].draft,
        Exercise::of(&presets::default_preset().draft()).draft
    );
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
