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
//! then each exercise's scenario as its own permalink (`v=1&…&end`, see
//! `crate::permalink`), in order. A permalink's values never hold a bare `&`,
//! so `&end&v=` can only be the seam between two exercises.

use std::fmt;

use crate::draft::Draft;
use crate::permalink::{self, LinkError};

/// The course link format this version writes and reads.
pub const FORMAT: u64 = 1;
/// The most exercises one link may hold.
pub const MAX_EXERCISES: usize = 100;

const PREFIX: &str = "course=";

/// A course as a link holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    /// Empty: no title.
    pub title: String,
    pub exercises: Vec<Draft>,
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
    for draft in &course.exercises {
        out.push('&');
        out.push_str(&permalink::encode(draft));
    }
    out
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
            permalink::decode(&scenario).map_err(|error| CourseError::Part {
                exercise: i + 1,
                error,
            })
        })
        .collect::<Result<Vec<Draft>, CourseError>>()?;
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
                .map(|id| presets::by_id(id).expect("a preset").draft())
                .collect(),
        }
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
