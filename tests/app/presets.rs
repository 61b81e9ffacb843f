//! The preset gallery doubles as golden tests: each preset's scenario
//! (`crates/app/src/presets/<id>.json`) must give exactly `tests/presets/<id>.verdict.json`.
//! Run with `BLESS=1` to rewrite the verdicts after a deliberate change, then
//! review the diff (and the lesson it must still match) before committing.

#[path = "../common/mod.rs"]
mod common;

use std::path::PathBuf;

use corsim_app::draft::Draft;
use corsim_app::presets::{self, Preset, ALL};
use corsim_core::scenario::Timeline;

fn root() -> PathBuf {
    common::root()
}

/// A preset's file: its own, or the version-2 golden it is.
fn scenario_path(preset: &Preset) -> PathBuf {
    match preset.golden {
        true => root().join(format!("tests/golden-v2/{}.json", preset.id)),
        false => root()
            .join("crates/app/src/presets")
            .join(format!("{}.json", preset.id)),
    }
}

fn verdict_path(preset: &Preset) -> PathBuf {
    match preset.golden {
        true => root().join(format!("tests/golden-v2/{}.verdict.json", preset.id)),
        false => root()
            .join("tests")
            .join("presets")
            .join(format!("{}.verdict.json", preset.id)),
    }
}

/// The document's timeline, the version it declares set aside (the draft
/// writes version 1 when nothing of version 2 is used).
fn timeline(json: &str) -> Timeline {
    let mut timeline = Timeline::from_json(json).unwrap_or_else(|e| panic!("{json}: {e:?}"));
    timeline.version = 0;
    timeline
}

/// The verdict `corsim check --json` prints: version 1 for a version-1
/// document, else version 2.
fn verdict_json(json: &str) -> String {
    let document = Timeline::from_json(json).expect("valid");
    let text = match document.version {
        1 => corsim_core::evaluate(&document.scenario(0).expect("one request")).to_json(),
        _ => corsim_core::evaluate_timeline(&document).to_json(),
    };
    format!("{text}\n")
}

#[test]
fn there_are_at_least_twenty_presets_with_unique_ids() {
    assert!(ALL.len() >= 20, "only {} presets", ALL.len());
    for (i, preset) in ALL.iter().enumerate() {
        assert!(
            !preset.id.is_empty()
                && preset
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{:?}: an id is lower-case kebab-case",
            preset.id
        );
        assert!(
            ALL[..i].iter().all(|p| p.id != preset.id),
            "{:?} is used twice",
            preset.id
        );
    }
}

#[test]
fn each_preset_is_the_file_named_after_its_id_and_every_file_is_a_preset() {
    for preset in ALL {
        let path = scenario_path(preset);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(text, preset.json, "{}", preset.id);
    }
    let dir = root().join("crates/app/src/presets");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert!(
            presets::by_id(id).is_some(),
            "{} is in no preset",
            path.display()
        );
    }
}

#[test]
fn each_preset_is_a_valid_scenario_titled_as_listed() {
    for preset in ALL {
        let document: serde_json::Value = serde_json::from_str(preset.json).expect("valid JSON");
        assert_eq!(document["title"], preset.title, "{}", preset.id);
        // The draft the app loads is the same scenario.
        let draft = preset.draft().to_value();
        assert_eq!(
            timeline(&draft.to_string()),
            timeline(preset.json),
            "{}",
            preset.id
        );
        assert_eq!(preset.draft().title, preset.title, "{}", preset.id);
    }
}

#[test]
fn each_preset_has_a_group_and_a_short_lesson() {
    let mut groups: Vec<&str> = Vec::new();
    for preset in ALL {
        assert!(!preset.group.is_empty(), "{}", preset.id);
        // The gallery is grouped: a group's presets sit together.
        if groups.last() != Some(&preset.group) {
            assert!(
                !groups.contains(&preset.group),
                "{}: group {:?} is split",
                preset.id,
                preset.group
            );
            groups.push(preset.group);
        }
        let sentences = preset.lesson.matches(". ").count() + 1;
        assert!(
            preset.lesson.ends_with('.') && (2..=4).contains(&sentences),
            "{}: a lesson is two to four sentences, found {sentences}",
            preset.id
        );
        assert!(preset.lesson.len() <= 600, "{}: lesson too long", preset.id);
    }
}

#[test]
fn the_default_preset_is_the_contracts_example() {
    let preset = presets::default_preset();
    let example = common::read_json(&root().join("tests/contract-example.scenario.json"));
    let document: serde_json::Value = serde_json::from_str(preset.json).expect("valid JSON");
    assert_eq!(document, example);
}

#[test]
fn presets_are_found_by_id_and_by_their_scenario() {
    for preset in ALL {
        assert!(
            presets::by_id(preset.id).is_some_and(|p| p.id == preset.id),
            "by_id({:?})",
            preset.id
        );
        assert!(
            presets::matching(&preset.draft()).is_some_and(|p| p.id == preset.id),
            "matching({:?})",
            preset.id
        );
        let mut edited = preset.draft();
        edited.request.url.push_str("?edited");
        assert!(
            presets::matching(&edited).is_none(),
            "{}: an edited scenario matches no preset",
            preset.id
        );
    }
    assert!(presets::by_id("no-such-preset").is_none());
}

#[test]
fn no_preset_repeats_a_golden_scenario() {
    let untitled = |mut draft: Draft| {
        draft.title.clear();
        draft
    };
    let goldens: Vec<(PathBuf, Draft)> = common::json_files("golden")
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".verdict.json"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            let draft =
                Draft::from_json(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
            (path, untitled(draft))
        })
        .collect();
    for preset in ALL {
        let draft = untitled(preset.draft());
        for (path, golden) in &goldens {
            assert!(
                *golden != draft,
                "{} repeats {}: move the golden into the preset",
                preset.id,
                path.display()
            );
        }
    }
}

#[test]
fn presets_give_their_verdicts() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for preset in ALL {
        let got = verdict_json(preset.json);
        let path = verdict_path(preset);
        // A golden's verdict is the core's to bless.
        if bless && !preset.golden {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).expect("creatable");
            }
            std::fs::write(&path, &got).expect("writable");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            failures.push(common::first_difference(&path, &want, &got));
        }
    }
    assert!(
        failures.is_empty(),
        "{} preset verdicts differ (BLESS=1 rewrites them; review the diff and the lessons):\n{}",
        failures.len(),
        failures.join("\n")
    );
    // No verdict is left over from a preset that is gone.
    let dir = root().join("tests").join("presets");
    for path in common::json_files("presets") {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let id = name.strip_suffix(".verdict.json").unwrap_or(name);
        assert!(
            presets::by_id(id).is_some(),
            "{} belongs to no preset (in {})",
            name,
            dir.display()
        );
    }
}
