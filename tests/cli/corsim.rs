//! The `corsim` binary run as a user runs it, for the command-line suites.

use std::io::Write;
use std::process::{Command, Output, Stdio};

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
