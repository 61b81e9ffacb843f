//! Courses: one or more scenarios opened as exercises, where the learner
//! predicts before the verdict is revealed. A teacher builds one in the app
//! and shares it as a link; there is no server and no account.
//!
//! # Link format 1
//!
//! ```text
//! course=1&t=Week+3:+preflights&v=1&…&end&v=1&…&end
//! ```
//! `course=1` first, an optional title `t` (escaped as permalink values are),
//! then each exercise in order: the teacher's own words for it, each
//! optional, `et` (its title), `ep` (the prompt) and `eh` (a hint), then its
//! scenario as its own permalink (`v=1&…&end`, see `crate::permalink`). A
//! permalink's values never hold a bare `&`, so `&end&` can only be the seam
//! between two exercises. Links made before exercises had words of their
//! own hold none, and read the same.

use std::fmt;

use crate::draft::Draft;
use crate::permalink::{self, LinkError};

/// The course link format this version writes and reads.
pub const FORMAT: u64 = 1;
/// The most exercises one link may hold.
pub const MAX_EXERCISES: usize = 100;

const PREFIX: &str = "course=";
/// The keys of an exercise's title, prompt and hint.
const WORDS: [&str; 3] = ["et=", "ep=", "eh="];

/// A course as a link holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    /// Empty: no title.
    pub title: String,
    pub exercises: Vec<Exercise>,
}

/// One exercise: a scenario, with the teacher's words for it. A scenario's
/// own title often gives the answer away ("The API forgot
/// Access-Control-Allow-Origin"), so an exercise is never titled by it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exercise {
    pub draft: Draft,
    /// Each empty when the teacher wrote none.
    pub title: String,
    pub prompt: String,
    pub hint: String,
}

impl Exercise {
    /// The scenario as an exercise, without its title.
    pub fn of(draft: &Draft) -> Exercise {
        Exercise {
            draft: Draft {
                title: String::new(),
                ..draft.clone()
            },
            title: String::new(),
            prompt: String::new(),
            hint: String::new(),
        }
    }

    /// The exercise's words, with the key each has in a link.
    fn words(&self) -> [(&'static str, &String); 3] {
        [
            (WORDS[0], &self.title),
            (WORDS[1], &self.prompt),
            (WORDS[2], &self.hint),
        ]
    }
}

/// Why a course link cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CourseError {
    NewerFormat(String),
    NoExercises,
    TooManyExercises(usize),
    /// The title or an exercise's scenario (numbered from 1; 0 for the title).
    Part {
        exercise: usize,
        error: LinkError,
    },
}

impl fmt::Display for CourseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CourseError::NewerFormat(v) => write!(
                f,
                "it is a course made by a newer corsim (course format {v}; this version reads format {FORMAT})"
            ),
            CourseError::NoExercises => write!(f, "the course holds no exercise"),
            CourseError::TooManyExercises(n) => write!(
                f,
                "the course holds {n} exercises, more than the {MAX_EXERCISES} a link may hold"
            ),
            CourseError::Part { exercise: 0, error } => write!(f, "its title: {error}"),
            CourseError::Part { exercise, error } => write!(f, "exercise {exercise}: {error}"),
        }
    }
}

impl std::error::Error for CourseError {}

/// Whether a URL fragment (without `#`) is a course link.
pub fn is_course(fragment: &str) -> bool {
    fragment.starts_with(PREFIX)
}

/// The fragment (without `#`) for a course.
pub fn encode(course: &Course) -> String {
    let mut out = format!("{PREFIX}{FORMAT}");
    if !course.title.is_empty() {
        out.push_str("&t=");
        out.push_str(&permalink::escape_value(&course.title));
    }
    for exercise in &course.exercises {
        for (key, text) in exercise.words() {
            if !text.is_empty() {
                out.push('&');
                out.push_str(key);
                out.push_str(&permalink::escape_value(text));
            }
        }
        out.push('&');
        out.push_str(&permalink::encode(&exercise.draft));
    }
    out
}

/// An exercise's piece of a link: its words, then its scenario.
fn decode_exercise(mut piece: &str) -> Result<Exercise, LinkError> {
    let mut words: [String; 3] = Default::default();
    'words: loop {
        for (key, text) in WORDS.iter().zip(words.iter_mut()) {
            if let Some(rest) = piece.strip_prefix(key) {
                let (raw, rest) = rest.split_once('&').unwrap_or((rest, ""));
                *text = permalink::unescape_value(raw)?;
                piece = rest;
                continue 'words;
            }
        }
        break;
    }
    let [title, prompt, hint] = words;
    Ok(Exercise {
        draft: permalink::decode(piece)?,
        title,
        prompt,
        hint,
    })
}

/// The course a fragment (without `#`) holds.
pub fn decode(fragment: &str) -> Result<Course, CourseError> {
    let rest = fragment.strip_prefix(PREFIX).unwrap_or(fragment);
    let (format, rest) = rest.split_once('&').unwrap_or((rest, ""));
    if format != FORMAT.to_string() {
        return Err(CourseError::NewerFormat(format.chars().take(12).collect()));
    }
    let (title, rest) = match rest.strip_prefix("t=") {
        Some(titled) => {
            let (raw, rest) = titled.split_once('&').unwrap_or((titled, ""));
            let title = permalink::unescape_value(raw)
                .map_err(|error| CourseError::Part { exercise: 0, error })?;
            (title, rest)
        }
        None => (String::new(), rest),
    };
    if rest.is_empty() {
        return Err(CourseError::NoExercises);
    }
    let pieces: Vec<&str> = rest.split("&end&").collect();
    if pieces.len() > MAX_EXERCISES {
        return Err(CourseError::TooManyExercises(pieces.len()));
    }
    let last = pieces.len() - 1;
    let exercises = pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            // The seam took the `&end` of every exercise but the last.
            let scenario = if i == last {
                piece.to_string()
            } else {
                format!("{piece}&end")
            };
            decode_exercise(&scenario).map_err(|error| CourseError::Part {
                exercise: i + 1,
                error,
            })
        })
        .collect::<Result<Vec<Exercise>, CourseError>>()?;
    Ok(Course { title, exercises })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    fn course(ids: &[&str], title: &str) -> Course {
        Course {
            title: title.to_string(),
            exercises: ids
                .iter()
                .map(|id| Exercise {
                    draft: presets::by_id(id).expect("a preset").draft(),
                    title: String::new(),
                    prompt: String::new(),
                    hint: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn an_exercise_keeps_the_teachers_words_and_old_links_still_open() {
        let mut c = course(&["missing-allow-origin", "default"], "Week 2");
        c.exercises[0].title = "Why does fetch() reject?".into();
        c.exercises[0].prompt = "The server answers 200 & the data.".into();
        c.exercises[1].hint = "Look at the method".into();
        let fragment = encode(&c);
        assert!(
            fragment.contains(
                "&et=Why+does+fetch()+reject?&ep=The+server+answers+200+%26+the+data.&v=1&"
            ),
            "{fragment}"
        );
        assert_eq!(decode(&fragment), Ok(c.clone()));
        // A link of the first courses: scenarios only.
        let old = "course=1&t=Week+1&v=1&p=https://a.example/&u=https://b.example/&end";
        let opened = decode(old).expect("an old link");
        assert_eq!(opened.exercises[0].title, "");
        assert_eq!(opened.exercises[0].draft.page, "https://a.example/");
        // Added from the screen, an exercise drops the scenario's title.
        let draft = presets::by_id("missing-allow-origin")
            .expect("a preset")
            .draft();
        assert_eq!(Exercise::of(&draft).draft.title, "");
    }

    #[test]
    fn a_course_round_trips_through_its_link() {
        let table = [
            course(&["default"], ""),
            course(
                &[
                    "missing-allow-origin",
                    "patch-lowercase",
                    "redirect-to-cdn-works",
                ],
                "Week 3: preflights & redirects = fun",
            ),
            course(&["same-origin-path"], "Ünïcode title, with a # and a %"),
        ];
        for c in table {
            let fragment = encode(&c);
            assert!(is_course(&fragment));
            assert_eq!(decode(&fragment), Ok(c.clone()), "{fragment}");
        }
    }

    #[test]
    fn a_link_reads_as_a_title_then_scenarios() {
        let c = course(&["missing-allow-origin", "public-api-wildcard"], "Week 1");
        let fragment = encode(&c);
        assert!(
            fragment.starts_with("course=1&t=Week+1&v=1&t=The+API+forgot"),
            "{fragment}"
        );
        assert_eq!(fragment.matches("&end").count(), 2);
        assert!(fragment.ends_with("&end"));
    }

    #[test]
    fn every_broken_course_says_what_is_wrong() {
        let good = encode(&course(
            &["missing-allow-origin", "public-api-wildcard"],
            "",
        ));
        let cut = &good[..good.len() - 10];
        let table: &[(&str, &str)] = &[
            ("course=2&v=1&end", "it is a course made by a newer corsim (course format 2; this version reads format 1)"),
            ("course=1", "the course holds no exercise"),
            ("course=1&t=Empty", "the course holds no exercise"),
            ("course=1&t=%FF&v=1&end", "its title: "),
            ("course=1&v=1&p=x&u=y&end&v=9&end", "exercise 2: it was made by a newer corsim"),
            (cut, "exercise 2: it is cut short"),
        ];
        for (fragment, want) in table {
            let got = decode(fragment).expect_err(fragment).to_string();
            assert!(got.starts_with(want), "{fragment}: {got}");
        }
        let many = format!("course=1{}", "&v=1&p=x&u=y&end".repeat(MAX_EXERCISES + 1));
        assert_eq!(
            decode(&many),
            Err(CourseError::TooManyExercises(MAX_EXERCISES + 1))
        );
    }
}
