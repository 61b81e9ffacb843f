//! Permalinks keep working: the frozen links in `tests/permalinks/frozen.txt`
//! open the scenarios they opened when they were made (or fail with the same
//! message), and every golden scenario survives a trip through a link.
//!
//! Never edit a frozen link, here or in `frozen.txt`: add new ones.

#[path = "../common/mod.rs"]
mod common;

use std::path::PathBuf;

use corsim_app::draft::{Draft, RequestDraft, ResponseDraft};
use corsim_app::permalink::{decode, encode};
use corsim_core::scenario::{CredentialsMode, RedirectMode, RequestMode};

fn dir() -> PathBuf {
    common::root().join("tests/permalinks")
}

/// What a frozen link must do.
enum Want {
    /// Open the scenario in this file.
    Opens(String),
    /// Fail with this message.
    Error(String),
}

/// The entries of `frozen.txt`: (line number, link, what it must do).
fn frozen() -> Vec<(usize, String, Want)> {
    let text = std::fs::read_to_string(dir().join("frozen.txt")).expect("frozen.txt");
    let mut entries = Vec::new();
    let mut link: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (field, value) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("frozen.txt:{number}: not `field: value`"));
        match (field, link.take()) {
            ("link", None) => link = Some((number, value.to_string())),
            ("opens", Some((n, l))) => entries.push((n, l, Want::Opens(value.to_string()))),
            ("error", Some((n, l))) => entries.push((n, l, Want::Error(value.to_string()))),
            _ => panic!("frozen.txt:{number}: unexpected {field:?}"),
        }
    }
    assert!(link.is_none(), "frozen.txt: a link with nothing after it");
    entries
}

/// The fragment of a link: everything after its first `#`.
fn fragment(link: &str) -> &str {
    link.split_once('#').map_or("", |(_, f)| f)
}

fn scenario(file: &str) -> Draft {
    let path = dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    Draft::from_json(&text).unwrap_or_else(|e| panic!("{file}: {e:?}"))
}

#[test]
fn frozen_links_open_the_same_scenario_forever() {
    let entries = frozen();
    assert!(entries.len() >= 6, "{} entries", entries.len());
    for (line, link, want) in entries {
        let got = decode(fragment(&link)).map_err(|e| e.to_string());
        match want {
            Want::Opens(file) => assert_eq!(got, Ok(scenario(&file)), "frozen.txt:{line}"),
            Want::Error(message) => match got {
                Ok(draft) => panic!("frozen.txt:{line}: opened {draft:?}"),
                Err(e) => assert_eq!(e, message, "frozen.txt:{line}"),
            },
        }
    }
}

#[test]
fn every_scenario_file_here_is_opened_by_a_frozen_link() {
    let opened: Vec<String> = frozen()
        .into_iter()
        .filter_map(|(_, _, want)| match want {
            Want::Opens(file) => Some(file),
            Want::Error(_) => None,
        })
        .collect();
    for path in common::json_files("permalinks") {
        let name = path.file_name().expect("a file name").to_string_lossy();
        assert!(
            opened.iter().any(|f| *f == name),
            "{name} is not opened by any link"
        );
    }
}

/// A link holds the scenario as it is being edited, problems and all.
#[test]
fn a_frozen_link_to_a_scenario_with_problems_opens_them_as_typed() {
    let link = "v=1&p=not+a+page&u=&m=&h=:&h=X+Y:%7E&mo=no-cors&c=omit&r=manual\
                &s=2o0&u=&m=&s=&h=~ao:~o&s=200&u=~o&h=~lo:~u&end";
    let want = Draft {
        title: String::new(),
        page: "not a page".into(),
        sandboxed: false,
        request: RequestDraft {
            url: String::new(),
            method: String::new(),
            headers: vec![(String::new(), String::new()), ("X Y".into(), "~".into())],
            mode: RequestMode::NoCors,
            credentials: CredentialsMode::Omit,
            redirect: RedirectMode::Manual,
            ..RequestDraft::default()
        },
        server: vec![
            ResponseDraft {
                method: Some(String::new()),
                url: Some(String::new()),
                status: "2o0".into(),
                headers: vec![],
                ..ResponseDraft::default()
            },
            ResponseDraft {
                method: None,
                url: None,
                status: String::new(),
                // A page without `://` has the empty origin.
                headers: vec![("Access-Control-Allow-Origin".into(), String::new())],
                ..ResponseDraft::default()
            },
            ResponseDraft {
                method: None,
                url: Some(String::new()),
                status: "200".into(),
                headers: vec![("Location".into(), String::new())],
                ..ResponseDraft::default()
            },
        ],
        ..Draft::default()
    };
    assert_eq!(decode(link), Ok(want));
}

#[test]
fn every_golden_scenario_and_the_default_preset_round_trip() {
    let mut files: Vec<PathBuf> = common::json_files("golden")
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".verdict.json"))
        .collect();
    files.push(common::root().join("crates/app/src/presets/default.json"));
    assert!(files.len() > 1);
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a scenario file");
        let draft = Draft::from_json(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let fragment = encode(&draft);
        assert_eq!(decode(&fragment), Ok(draft), "{}", path.display());
    }
}
