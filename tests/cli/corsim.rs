//! The `corsim` binary run as a user runs it, for the command-line suites.

#![allow(dead_code)] // each suite uses its own subset

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `corsim ARGS`, with `stdin` on its standard input when given.
pub fn corsim(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corsim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the corsim binary starts");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("stdin is writable");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("corsim finishes")
}

/// `corsim ARGS` (with `stdin`), which must succeed and print JSON: the JSON,
/// and what it printed on standard error. `input` names what it was given,
/// for a failure's message.
pub fn json_of(args: &[&str], stdin: Option<&str>, input: &str) -> (Value, String) {
    let out = corsim(args, stdin);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{input}: {stderr}");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{input}: `corsim {}` printed no JSON: {e}", args.join(" ")));
    (json, stderr)
}

/// `corsim check --json` of a scenario.
pub fn check(scenario: &Value) -> Value {
    let text = scenario.to_string();
    json_of(&["check", "--json", "-"], Some(&text), &text).0
}

/// The value of the header `name` (any case) in `headers`, a scenario's pairs.
pub fn header<'a>(headers: &'a Value, name: &str) -> Option<&'a str> {
    headers
        .as_array()?
        .iter()
        .find(|h| h[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .and_then(|h| h[1].as_str())
}
