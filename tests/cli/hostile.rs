//! Hostile input: every scenario file in `tests/hostile/`, and
//! the ones too big to keep that are made here, given to the real `corsim`
//! binary; every link in `tests/hostile/links.txt` opened as the app opens a
//! link. Whatever they hold, corsim answers with a verdict or one short,
//! clear line, never panics, never writes a control character from its input
//! to the terminal, and does a bounded amount of work: the scenario format
//! holds at most `MAX_HEADERS` headers per list and `MAX_RESPONSES`
//! responses, links the same, a file at most 16 MiB, and the core follows
//! at most 20 redirects.
//! Those bounds, not a clock, are what keeps each case fast; a watchdog only
//! turns a hang into a failure instead of a stuck test.
//!
//! `tests/browser/hostile.mjs` opens the same links, and the valid files' links, in
//! the built app in Chromium.

#[path = "../../fuzz/src/lib.rs"]
mod checks;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use corsim_app::draft::Draft;
use corsim_app::permalink;
use corsim_app::state::AppState;
use corsim_core::scenario::{MAX_HEADERS, MAX_RESPONSES, MAX_TOTAL_HEADERS};
use serde_json::{json, Value};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Far longer than any case takes (the slowest, in a debug build, well under
/// a second): only a hang reaches it.
const WATCHDOG: Duration = Duration::from_secs(120);

/// Runs the CLI in the repository root, killing it at the watchdog.
fn corsim(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corsim"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the corsim binary starts");
    // Read while it runs: a pipe left full would stop it.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for corsim") {
            break status;
        }
        if start.elapsed() > WATCHDOG {
            let _ = child.kill();
            panic!("corsim {args:?} still runs after {WATCHDOG:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: stdout.join().expect("corsim's output"),
        stderr: stderr.join().expect("corsim's errors"),
    }
}

/// What a file must make `corsim check` do.
#[derive(Debug)]
enum Want {
    Verdict(String),
    /// The message after `corsim: FILE: `, or its start.
    Error(String),
}

fn expected() -> Vec<(String, Want)> {
    let text = std::fs::read_to_string(root().join("tests/hostile/expected.txt"))
        .expect("tests/hostile/expected.txt");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (file, want) = line
                .split_once(": ")
                .unwrap_or_else(|| panic!("expected.txt: not `FILE: WANT`: {line}"));
            let want = match want.split_once(' ') {
                Some(("verdict", outcome)) => Want::Verdict(outcome.to_string()),
                Some(("error", message)) => Want::Error(message.to_string()),
                _ => panic!("expected.txt: not `verdict OUTCOME` or `error TEXT`: {line}"),
            };
            (file.to_string(), want)
        })
        .collect()
}

/// Whether `c` may reach a terminal: no control character but a line break,
/// no bidirectional-text control.
fn terminal_safe(c: char) -> bool {
    (!c.is_control() || c == '\n')
        && !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The longest error line, in bytes: the path, and a message that repeats at
/// most a hundred characters of the input.
const MAX_ERROR_LINE: usize = 1200;

/// Runs `check --json`, `check` and `link` on `path` (relative to the root)
/// and checks every rule; returns a line describing what happened.
fn check_file(path: &str, want: &Want) -> String {
    let start = Instant::now();
    let json = corsim(&["check", "--json", path]);
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&json.stderr);
    assert!(
        !stderr.contains("panicked"),
        "{path}: corsim panicked:\n{stderr}"
    );
    match want {
        Want::Verdict(outcome) => {
            assert_eq!(
                json.status.code(),
                Some(0),
                "{path}: want a verdict, got:\n{stderr}"
            );
            assert!(stderr.is_empty(), "{path}: a verdict, but also:\n{stderr}");
            let verdict: Value = serde_json::from_slice(&json.stdout)
                .unwrap_or_else(|e| panic!("{path}: the verdict is not JSON: {e}"));
            assert_eq!(verdict["outcome"], json!(outcome), "{path}: outcome");

            let human = corsim(&["check", path]);
            assert_eq!(human.status.code(), Some(0), "{path}: check without --json");
            let report = String::from_utf8(human.stdout).expect("the report is UTF-8");
            if let Some(bad) = report.chars().find(|&c| !terminal_safe(c)) {
                panic!("{path}: the report writes {bad:?} to the terminal");
            }

            let text = std::fs::read_to_string(root().join(path)).expect("the file");
            let draft = Draft::from_json(&text).expect("a valid scenario");
            let link = corsim(&["link", "--base", "http://corsim.test/", path]);
            if permalink::encode(&draft).len() > permalink::MAX_LEN {
                let stderr = String::from_utf8_lossy(&link.stderr);
                let want = format!("corsim: {path}: the scenario is too big for a link (");
                assert!(
                    link.status.code() == Some(2)
                        && stderr.starts_with(&want)
                        && stderr.lines().count() == 1,
                    "{path}: too big for a link, but `corsim link` says {stderr:.300}"
                );
                return format!("{path}: verdict {outcome} in {elapsed:.0?}; too big for a link");
            }
            assert_eq!(link.status.code(), Some(0), "{path}: link");
            let link = String::from_utf8(link.stdout).expect("the link is UTF-8");
            let fragment = link
                .trim_end()
                .strip_prefix("http://corsim.test/#")
                .unwrap_or_else(|| panic!("{path}: not a link: {link:.200}"));
            // Nothing in a link a chat, an HTML page or a shell would act on.
            assert!(
                fragment
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !b"\"'<>`\\{}|^#".contains(&b)),
                "{path}: the link holds characters that are not URL-safe: {fragment:.300}"
            );
            // (Compared, not shown: a draft can be megabytes long.)
            assert!(
                permalink::decode(fragment).as_ref() == Ok(&draft),
                "{path}: its link opens another scenario"
            );
            let app = AppState::from_fragment(fragment);
            assert_eq!(app.notice, None, "{path}: the app refuses its link");
            format!("{path}: verdict {outcome} in {elapsed:.0?}")
        }
        Want::Error(message) => {
            assert_eq!(
                json.status.code(),
                Some(2),
                "{path}: want exit 2, got:\n{stderr:.500}"
            );
            assert!(
                json.stdout.is_empty(),
                "{path}: an error, but also a verdict"
            );
            let line = stderr.strip_suffix('\n').unwrap_or(&stderr);
            assert!(
                !line.contains('\n'),
                "{path}: more than one line:\n{stderr:.500}"
            );
            assert!(
                line.len() <= MAX_ERROR_LINE,
                "{path}: a {}-byte error line: {line:.300}…",
                line.len()
            );
            if let Some(bad) = line.chars().find(|&c| !terminal_safe(c)) {
                panic!("{path}: the error writes {bad:?} to the terminal: {line:.300}");
            }
            let prefix = format!("corsim: {path}: {message}");
            assert!(
                line.starts_with(&prefix),
                "{path}:\n got: {line:.500}\nwant: {prefix}…"
            );
            format!("{path}: error in {elapsed:.0?}")
        }
    }
}

#[test]
fn every_hostile_file_gets_a_verdict_or_one_clear_line() {
    let expected = expected();
    let dir = root().join("tests/hostile");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/hostile")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    let listed: Vec<&String> = expected.iter().map(|(f, _)| f).collect();
    assert_eq!(
        files.iter().collect::<Vec<_>>(),
        listed,
        "tests/hostile/*.json and expected.txt list other files"
    );
    for (file, want) in &expected {
        println!("{}", check_file(&format!("tests/hostile/{file}"), want));
        // The fuzz targets' own checks hold for it too.
        let bytes = std::fs::read(dir.join(file)).expect("the file");
        checks::scenario(&bytes);
        checks::evaluate(&bytes);
        // Pasted into each importer (the first byte chooses which).
        for importer in 0..5u8 {
            checks::import(&[&[importer], bytes.as_slice()].concat());
        }
    }
}

/// A scenario document with the defaults, changed by `edit`.
fn scenario(edit: impl FnOnce(&mut Value)) -> Value {
    let mut doc = json!({
        "version": 1,
        "page": "https://app.example.com/",
        "request": {"url": "https://api.example.com/data"},
        "server": [{"headers": [["Access-Control-Allow-Origin", "*"]]}],
    });
    edit(&mut doc);
    doc
}

fn pairs(n: usize, name: &str, value: &str) -> Value {
    (0..n)
        .map(|i| json!([format!("{name}{i}"), value]))
        .collect()
}

/// The cases too big to keep in the repository, made here.
fn generated() -> Vec<(&'static str, String, Want)> {
    let mb = 1 << 20;
    let verdict = |o: &str| Want::Verdict(o.to_string());
    let error = |m: &str| Want::Error(m.to_string());
    let doc = |v: Value| v.to_string();
    // The most work a scenario can ask for: as many headers as it may hold,
    // the request's all needing a preflight, and a redirect on every response.
    let most_work = scenario(|d| {
        d["request"]["headers"] = pairs(MAX_HEADERS, "X-Request-", "v");
        let allow: Vec<String> = (0..MAX_HEADERS).map(|i| format!("X-Request-{i}")).collect();
        // Each URL answers its preflight, then redirects to the next one:
        // the browser follows 20 redirects, each preflighted, and stops.
        d["server"] = (0..MAX_RESPONSES)
            .map(|i| {
                let url = format!("https://api.example.com/{}", i / 2);
                let mut headers = vec![
                    json!(["Access-Control-Allow-Origin", "*"]),
                    json!(["Access-Control-Allow-Headers", allow.join(", ")]),
                    json!(["Location", format!("https://api.example.com/{}", i / 2 + 1)]),
                ];
                // The request's 100 and four on each of the 100 responses: 500.
                let room = (MAX_TOTAL_HEADERS - MAX_HEADERS) / MAX_RESPONSES;
                headers.extend((3..room).map(|j| json!([format!("X-Response-{j}"), "v"])));
                match i % 2 {
                    0 => {
                        json!({"method": "OPTIONS", "url": url, "status": 204, "headers": headers})
                    }
                    _ => json!({"url": url, "status": 307, "headers": headers}),
                }
            })
            .collect();
        d["request"]["url"] = json!("https://api.example.com/0");
    });
    vec![
        (
            "1 MB title, request header value and response header value",
            doc(scenario(|d| {
                d["title"] = json!("<img src=x onerror=window.__pwned=1>".repeat(mb / 36));
                d["request"]["headers"] = json!([["Accept", "a".repeat(mb)]]);
                d["server"] = json!([{"headers": [["Access-Control-Allow-Origin", "*"], ["X-Big", "b".repeat(mb)]]}]);
            })),
            verdict("network-error"),
        ),
        (
            "1 MB request URL",
            doc(scenario(|d| {
                d["request"]["url"] = json!(format!("https://api.example.com/{}", "a".repeat(mb)))
            })),
            verdict("readable"),
        ),
        (
            "1 MB page URL that is not a URL",
            doc(scenario(|d| d["page"] = json!("x".repeat(mb)))),
            error(&format!(
                "page: \"{}\"… is not a valid absolute URL",
                "x".repeat(100)
            )),
        ),
        (
            "1 MB unknown field name",
            doc(scenario(|d| d["y".repeat(mb)] = json!(1))),
            error(&format!("{}…: unknown field", "y".repeat(100))),
        ),
        (
            "10,000 request headers",
            doc(scenario(|d| {
                d["request"]["headers"] = pairs(10_000, "X-", "v")
            })),
            // With the response's Access-Control-Allow-Origin.
            error("10001 headers in all; a scenario holds at most 500"),
        ),
        (
            "101 request headers",
            doc(scenario(|d| {
                d["request"]["headers"] = pairs(MAX_HEADERS + 1, "X-", "v")
            })),
            error("request.headers: 101 headers; a list holds at most 100"),
        ),
        (
            "10,000 response headers",
            doc(scenario(|d| {
                d["server"][0]["headers"] = pairs(10_000, "X-", "v")
            })),
            error("10000 headers in all; a scenario holds at most 500"),
        ),
        (
            "100 responses of 100 headers",
            doc(scenario(|d| {
                d["server"] = (0..MAX_RESPONSES)
                    .map(|_| json!({"headers": pairs(MAX_HEADERS, "X-", "v")}))
                    .collect()
            })),
            error("10000 headers in all; a scenario holds at most 500"),
        ),
        (
            "10,000 responses",
            doc(scenario(|d| {
                d["server"] = (0..10_000).map(|_| json!({"status": 200})).collect()
            })),
            error("server: 10000 responses; a scenario holds at most 100"),
        ),
        (
            "JSON nested 100,000 deep",
            format!(
                r#"{{"version": 1, "title": {}{}}}"#,
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
            error("not valid JSON: recursion limit exceeded"),
        ),
        (
            "25 redirects, 5 more than the browser follows",
            doc(scenario(|d| {
                d["request"]["url"] = json!("https://api.example.com/0");
                d["server"] = (0..25)
                    .map(|i| {
                        json!({"url": format!("https://api.example.com/{i}"), "status": 302, "headers": [
                            ["Location", format!("https://api.example.com/{}", i + 1)],
                            ["Access-Control-Allow-Origin", "*"]]})
                    })
                    .collect();
            })),
            verdict("network-error"),
        ),
        (
            "the most work a scenario can ask for",
            doc(most_work),
            verdict("network-error"),
        ),
        (
            "a 17 MB file",
            format!(
                "{{\"version\": 1, \"title\": \"{}\"}}",
                "a".repeat(17 << 20)
            ),
            error("more than 16777216 bytes; a scenario file holds at most 16 MiB"),
        ),
    ]
}

#[test]
fn scenarios_too_big_to_keep_get_a_verdict_or_one_clear_line() {
    let dir = tempdir();
    for (i, (what, text, want)) in generated().into_iter().enumerate() {
        let path = dir.join(format!("generated-{i}.json"));
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .expect("writing a generated case");
        let shown = path.to_string_lossy().into_owned();
        let line = check_file(&shown, &want);
        // What the app computes for it, the fix included.
        let start = Instant::now();
        checks::evaluate(text.as_bytes());
        println!("{what}: {line}; the app's views in {:.0?}", start.elapsed());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("corsim-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// What opening a link in `links.txt` must do.
enum LinkWant {
    /// Open as a scenario, valid or not (its problems shown in the editors).
    Opens,
    /// Show "This link could not be opened: TEXT…" and the default scenario.
    Notice(String),
}

/// The entries of `links.txt`: (line number, fragment, what must happen).
fn links() -> Vec<(usize, String, LinkWant)> {
    let text = std::fs::read_to_string(root().join("tests/hostile/links.txt"))
        .expect("tests/hostile/links.txt");
    let mut entries = Vec::new();
    let mut link: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match (field, link.take()) {
            ("link", None) => link = Some((i + 1, value.to_string())),
            ("opens", Some((n, l))) => entries.push((n, l, LinkWant::Opens)),
            ("notice", Some((n, l))) => entries.push((n, l, LinkWant::Notice(value.to_string()))),
            _ => panic!("links.txt:{}: unexpected {line:?}", i + 1),
        }
    }
    assert!(link.is_none(), "links.txt: a link with nothing after it");
    entries
}

/// Opens `fragment` as the app does; says what is wrong, if anything.
fn check_link(what: &str, fragment: &str, want: &LinkWant) -> Result<(), String> {
    let app = AppState::from_fragment(fragment);
    checks::permalink(fragment.as_bytes());
    checks::evaluate(fragment.as_bytes());
    match (want, &app.notice) {
        (LinkWant::Opens, None) => Ok(()),
        (LinkWant::Opens, Some(notice)) => Err(format!(
            "{what}: want it opened, got the notice {notice:.300}"
        )),
        (LinkWant::Notice(text), Some(notice)) => {
            let prefix = format!("This link could not be opened: {text}");
            if !notice.starts_with(&prefix) {
                return Err(format!("{what}:\n   got: {notice:.500}\n  want: {prefix}…"));
            }
            if notice.len() > checks::MAX_MESSAGE {
                return Err(format!("{what}: a {}-byte notice", notice.len()));
            }
            Ok(())
        }
        (LinkWant::Notice(text), None) => {
            Err(format!("{what}: want the notice {text:?}, but it opened"))
        }
    }
}

#[test]
fn every_hostile_link_opens_or_says_why_not() {
    let failures: Vec<String> = links()
        .iter()
        .filter_map(|(line, fragment, want)| {
            check_link(&format!("links.txt:{line}"), fragment, want).err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn links_too_big_to_keep_open_or_say_why_not() {
    let base = "v=1&p=https://app.example.com/&u=https://api.example.com/";
    let mb = 1 << 20;
    let cases = [
        (
            "a 1 MB title",
            format!(
                "v=1&t={}&p=https://a.example/&u=https://b.example/&end",
                "%3Cimg".repeat(mb / 6)
            ),
            LinkWant::Opens,
        ),
        (
            "one byte longer than a link may be",
            format!(
                "v=1&t={}&p=https://a.example/&u=https://b.example/&end",
                "a".repeat(permalink::MAX_LEN)
            ),
            LinkWant::Notice("it is too long".into()),
        ),
        (
            "10,000 headers",
            format!("{base}{}&end", "&h=X-A:1".repeat(10_000)),
            LinkWant::Notice("`h=` at character".into()),
        ),
        (
            "10,000 redirect hops",
            format!("{base}{}&end", "&s=302&h=~lo:~u&h=~ao:*".repeat(10_000)),
            LinkWant::Notice("`s=` at character".into()),
        ),
        (
            "100 responses of 100 headers",
            format!("{base}{}&end", format!("&s=200{}", "&h=X-A:1".repeat(MAX_HEADERS)).repeat(MAX_RESPONSES)),
            LinkWant::Notice("`h=` at character 4095 is one too many: a scenario holds at most 500 headers in all".into()),
        ),
        (
            "as much as a link may hold",
            format!(
                "{base}{}{}&end",
                "&h=X-Bad%20Name:v".repeat(MAX_HEADERS),
                format!("&s=302&h=~lo:~u{}", "&h=X-Bad%20Name:v".repeat(3)).repeat(MAX_RESPONSES)
            ),
            LinkWant::Opens,
        ),
        (
            "a hundred redirects to itself",
            format!(
                "{base}{}&end",
                "&s=302&h=~lo:~u&h=~ao:*".repeat(MAX_RESPONSES)
            ),
            LinkWant::Opens,
        ),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(what, fragment, want)| check_link(what, fragment, want).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
