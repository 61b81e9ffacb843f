//! Server configuration (`corsim config`, crates/app/src/server_config/): golden copies
//! of every framework's configuration for representative scenarios, every
//! scenario's reason where none can be written, and the formatting checks.
//! `BLESS=1` rewrites the golden files; review the diff before committing.
//! That the configurations really work is tests/frameworks/run.mjs's job: it
//! runs them in the frameworks themselves.

#[path = "../common/mod.rs"]
mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use corsim_app::server_config::{generate, Framework};
use corsim_core::scenario::Scenario;

/// The scenarios whose configurations are kept: a preflight with credentials
/// and max-age, exposed headers (and a value with quotes), and `*`.
const REPRESENTATIVE: [&str; 3] = ["default", "expose-headers", "public-api-wildcard"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scenario(path: &Path) -> Scenario {
    let text = std::fs::read_to_string(path).expect("readable");
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

/// Every golden scenario and preset, with an id like `preset/default`.
fn all_scenarios() -> Vec<(String, Scenario)> {
    let mut all = Vec::new();
    for (dir, label) in [
        ("tests/golden", "golden"),
        ("crates/app/src/presets", "preset"),
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .expect("directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                let name = p.to_string_lossy();
                name.ends_with(".json") && !name.ends_with(".verdict.json")
            })
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().unwrap_or_default().to_string_lossy();
            all.push((format!("{label}/{stem}"), scenario(&file)));
        }
    }
    all
}

/// Compares `got` with the file, or rewrites it under BLESS=1.
fn golden(path: &Path, got: &str, failures: &mut Vec<String>) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, got).expect("writable");
        return;
    }
    let want = std::fs::read_to_string(path).unwrap_or_default();
    if got != want {
        failures.push(common::first_difference(path, &want, got));
    }
}

#[test]
fn configurations_match_their_golden_copies() {
    let mut failures = Vec::new();
    for name in REPRESENTATIVE {
        let scenario = scenario(&root().join(format!("crates/app/src/presets/{name}.json")));
        let verdict = corsim_core::evaluate(&scenario);
        for framework in Framework::ALL {
            let config = generate(framework, &scenario, &verdict)
                .unwrap_or_else(|u| panic!("{name}, {}: {}", framework.name(), u.why));
            let path = root().join(format!(
                "tests/server_config/{name}.{}.txt",
                framework.name()
            ));
            golden(&path, &config.text, &mut failures);
        }
    }
    assert!(
        failures.is_empty(),
        "{} configurations differ (BLESS=1 rewrites them; review the diff):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Where no framework can answer as the scenario's server does, the reason,
/// one line a scenario; and where only some can, which and why.
#[test]
fn reasons_for_no_configuration_match_their_golden_copy() {
    let mut out = String::new();
    for (id, scenario) in all_scenarios() {
        let verdict = corsim_core::evaluate(&scenario);
        let results: Vec<_> = Framework::ALL
            .iter()
            .map(|&f| (f, generate(f, &scenario, &verdict)))
            .collect();
        let refused: Vec<_> = results
            .iter()
            .filter_map(|(f, r)| r.as_ref().err().map(|u| (f, u)))
            .collect();
        if refused.len() == results.len() && refused.iter().all(|(_, u)| *u == refused[0].1) {
            out.push_str(&format!("{id}: {}\n", refused[0].1.why));
        } else {
            for (framework, unsupported) in refused {
                out.push_str(&format!(
                    "{id} ({}): {}\n",
                    framework.name(),
                    unsupported.why
                ));
            }
        }
    }
    let mut failures = Vec::new();
    golden(
        &root().join("tests/server_config/unsupported.txt"),
        &out,
        &mut failures,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Pipes `text` through a formatter; `None` when it is not installed.
fn formatted(command: &str, args: &[&str], text: &str) -> Option<String> {
    let mut child = Command::new(command)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    assert!(
        out.status.success(),
        "{command} failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The generated Rust and Go are as `rustfmt` and `gofmt` write them (gofmt
/// where Go is installed, as scripts/ensure-tools.sh does).
#[test]
fn generated_rust_and_go_need_no_formatting() {
    let mut failures = Vec::new();
    for (id, scenario) in all_scenarios() {
        let verdict = corsim_core::evaluate(&scenario);
        for (framework, command, args) in [
            (
                Framework::Axum,
                "rustfmt",
                &["--edition", "2021", "--emit", "stdout"][..],
            ),
            (Framework::Go, "gofmt", &[][..]),
        ] {
            let Ok(config) = generate(framework, &scenario, &verdict) else {
                continue;
            };
            match formatted(command, args, &config.text) {
                Some(text) if text != config.text => failures.push(format!(
                    "{id}, {}: {command} changes it:\n{}",
                    framework.name(),
                    common::first_difference(Path::new(command), &config.text, &text)
                )),
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn corsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_corsim"))
        .args(args)
        .output()
        .expect("the corsim binary starts")
}

#[test]
fn config_prints_the_configuration_or_exits_3_saying_why_not() {
    let preset = |name: &str| {
        root()
            .join(format!("crates/app/src/presets/{name}.json"))
            .to_string_lossy()
            .into_owned()
    };
    let out = corsim(&["config", "--framework", "express", &preset("default")]);
    assert_eq!(out.status.code(), Some(0));
    let want = std::fs::read_to_string(root().join("tests/server_config/default.express.txt"))
        .expect("golden");
    assert_eq!(String::from_utf8_lossy(&out.stdout), want);

    let out = corsim(&[
        "config",
        "--framework",
        "nginx",
        &preset("duplicate-allow-origin"),
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("corsim: nginx: "), "{stderr}");

    let out = corsim(&["config", "--framework", "rails", &preset("default")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("express, flask, django, spring, nginx, axum, go"));
    let out = corsim(&["config", "--framework", "go", "no-such-file.json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn curl_prints_commands_and_the_guide_and_fetch_prints_javascript() {
    let file = root()
        .join("crates/app/src/presets/default.json")
        .to_string_lossy()
        .into_owned();
    let out = corsim(&["curl", &file]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(
            "# 1. The preflight\ncurl -i -X OPTIONS https://api.example.com/users/7 \\\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("# 2. The request\ncurl -i -X DELETE"),
        "{text}"
    );
    assert!(text.contains("# Reading the output\n# - "), "{text}");

    let out = corsim(&["curl", "--fetch", &file]);
    assert!(String::from_utf8_lossy(&out.stdout)
        .starts_with("fetch(\"https://api.example.com/users/7\", {\n"));

    let out = corsim(&["curl", "--json", &file]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["commands"][0]["kind"], "preflight");
    assert_eq!(json["commands"][1]["args"][2], "DELETE");
    assert!(json["fetch"]
        .as_str()
        .unwrap_or_default()
        .starts_with("fetch("));
}

/// Runs `command` with `text` on standard input; `None` when it is not
/// installed, else whether it succeeded, with its error output.
fn accepts(command: &str, args: &[&str], text: &str) -> Option<(bool, String)> {
    let mut child = Command::new(command)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// Values with quotes, backslashes, `$()`, backticks, `</script>` and
/// non-ASCII stay inside their string literals: each language's own parser
/// reads the code (where it is installed), and nginx, which cannot escape `$`,
/// says so instead. (Spring's output holds no header value: its harness plays
/// the application; `java_string` has its own table test.)
#[test]
fn hostile_values_stay_inside_their_literals() {
    let hostile = r#"a"b'c`d$(e)\f</script> é 𝄞 ${g} \u000a"#;
    let scenario = Scenario::from_value(&serde_json::json!({
        "version": 1, "page": "https://app.example.com/", "request": {"url": "https://api.example.com/data"},
        "server": [{"status": 200, "headers": [
            ["Access-Control-Allow-Origin", "https://app.example.com"],
            ["Access-Control-Expose-Headers", "X-Evil"],
            ["X-Evil", hostile]]}]
    }))
    .expect("valid");
    let verdict = corsim_core::evaluate(&scenario);
    let text = |f: Framework| {
        generate(f, &scenario, &verdict)
            .unwrap_or_else(|u| panic!("{}: {}", f.name(), u.why))
            .text
    };
    let python = "import ast, sys; ast.parse(sys.stdin.read())";
    for (framework, command, args) in [
        (Framework::Express, "node", &["--check", "-"][..]),
        (Framework::Flask, "python3", &["-c", python][..]),
        (Framework::Django, "python3", &["-c", python][..]),
        (
            Framework::Axum,
            "rustfmt",
            &["--edition", "2021", "--emit", "stdout"][..],
        ),
        (Framework::Go, "gofmt", &[][..]),
    ] {
        let code = text(framework);
        if let Some((ok, errors)) = accepts(command, args, &code) {
            assert!(ok, "{} does not parse:\n{code}\n{errors}", framework.name());
        }
    }
    let nginx = generate(Framework::Nginx, &scenario, &verdict).expect_err("nginx cannot send $");
    assert!(
        nginx.why.contains("reads `$` in a value as a variable"),
        "{}",
        nginx.why
    );
}
