//! Helpers shared by the data-driven tests.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The workspace's root: the suites of every crate live under its `tests/`,
/// whichever crate's manifest declares them.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .expect("the workspace root, which holds Cargo.lock")
        .to_path_buf()
}

/// The JSON files under `tests/<dir>`, recursively, sorted by path.
pub fn json_files(dir: &str) -> Vec<PathBuf> {
    let root = root().join("tests").join(dir);
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    files
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
}

pub fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Entries of an expectation list: one key a line, `#` comments and blank
/// lines ignored.
pub fn listed(file: &str) -> Vec<String> {
    let path = root().join("tests").join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Fails when a mismatch is not listed, or a listed one no longer happens.
pub fn check_against_list(what: &str, list_file: &str, mismatches: &[(String, String)]) {
    let listed = listed(list_file);
    let unexpected: Vec<&(String, String)> = mismatches
        .iter()
        .filter(|(key, _)| !listed.contains(key))
        .collect();
    let fixed: Vec<&String> = listed
        .iter()
        .filter(|key| !mismatches.iter().any(|(k, _)| k == *key))
        .collect();
    let mut report = String::new();
    for (key, detail) in &unexpected {
        report.push_str(&format!("UNEXPECTED {key}\n{detail}\n\n"));
    }
    for key in &fixed {
        report.push_str(&format!(
            "NOW PASSES (remove it from tests/{list_file}): {key}\n"
        ));
    }
    assert!(report.is_empty(), "{what}:\n{report}");
}

/// The first line where a checked-in verdict and a fresh one differ.
pub fn first_difference(path: &Path, want: &str, got: &str) -> String {
    let line = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| want.lines().count().min(got.lines().count()));
    format!(
        "{} line {}:\n  want {}\n  got  {}",
        path.display(),
        line + 1,
        want.lines().nth(line).unwrap_or("(end)"),
        got.lines().nth(line).unwrap_or("(end)")
    )
}
