//! Server configuration: from a scenario's server answers, the configuration
//! that makes a real server answer that way, for seven frameworks; or, where
//! a framework cannot answer that way, why not.
//!
//! [`policy::derive`] reads the CORS policy the answers express (or finds
//! them inconsistent with any configuration: a deliberately broken answer);
//! each framework's module writes that policy in its own terms, with a route
//! that answers the request as the scenario's server does. Every output is
//! run in the real framework by `tests/frameworks/run.mjs` wherever it
//! installs; `tests/cli/server_config.rs` keeps golden copies.

pub mod policy;

mod axum;
mod django;
mod express;
mod flask;
mod go;
mod nginx;
mod spring;

use corsim_core::scenario::{Scenario, Timeline};
use corsim_core::verdict::Verdict;

pub use policy::{AllowOrigin, Answer, Asked, Cors, Policy};

/// A server framework corsim writes configuration for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Framework {
    Express,
    Flask,
    Django,
    Spring,
    Nginx,
    Axum,
    Go,
}

impl Framework {
    /// Every framework, in the order the app lists them.
    pub const ALL: [Framework; 7] = [
        Framework::Express,
        Framework::Flask,
        Framework::Django,
        Framework::Spring,
        Framework::Nginx,
        Framework::Axum,
        Framework::Go,
    ];

    /// The name `corsim config --framework` takes.
    pub fn name(self) -> &'static str {
        match self {
            Framework::Express => "express",
            Framework::Flask => "flask",
            Framework::Django => "django",
            Framework::Spring => "spring",
            Framework::Nginx => "nginx",
            Framework::Axum => "axum",
            Framework::Go => "go",
        }
    }

    /// The framework and the CORS package it uses, for people.
    pub fn label(self) -> &'static str {
        match self {
            Framework::Express => "Express (cors)",
            Framework::Flask => "Flask (flask-cors)",
            Framework::Django => "Django (django-cors-headers)",
            Framework::Spring => "Spring (CorsConfiguration)",
            Framework::Nginx => "nginx",
            Framework::Axum => "axum (tower-http CorsLayer)",
            Framework::Go => "Go (rs/cors)",
        }
    }

    pub fn from_name(name: &str) -> Option<Framework> {
        Framework::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A configuration, ready to paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The code, notes included as comments.
    pub text: String,
    /// Where the framework answers a little differently from the scenario
    /// without changing what the browser does (such as a `200` preflight
    /// instead of `204`), one sentence each.
    pub notes: Vec<String>,
}

/// Why a framework cannot be configured to answer as the scenario's server does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    pub why: String,
}

/// The configuration for `framework`, or why there is none.
pub fn generate(
    framework: Framework,
    scenario: &Scenario,
    verdict: &Verdict,
) -> Result<Config, Unsupported> {
    let policy = policy::derive(scenario, verdict)?;
    write(framework, &policy)
}

/// The configuration that answers every request of a document as its server
/// does, or why none can: a server whose entries answer only `times`
/// requests changes over time, and one that gives no response (`fail`) is
/// not a configuration; requests that need different answers from the same
/// entries cannot share one.
pub fn generate_timeline(
    framework: Framework,
    timeline: &Timeline,
    requests: &[(Scenario, Verdict)],
) -> Result<Config, Unsupported> {
    for (i, entry) in timeline.server.iter().enumerate() {
        if let Some(times) = entry.times {
            return Err(Unsupported {
                why: format!(
                    "server[{i}] answers only {times} time(s): the server changes over time, \
                     which no configuration does (it answers every request the same way)"
                ),
            });
        }
        if let Some(fail) = entry.fail {
            return Err(Unsupported {
                why: format!(
                    "server[{i}] gives no HTTP response ({}): that is the network, not a configuration",
                    fail.as_str()
                ),
            });
        }
    }
    let mut configs = requests
        .iter()
        .map(|(scenario, verdict)| generate(framework, scenario, verdict));
    let first = configs.next().ok_or_else(|| Unsupported {
        why: "the document has no request".to_string(),
    })??;
    for (i, config) in configs.enumerate() {
        if config?.text != first.text {
            return Err(Unsupported {
                why: format!(
                    "requests 1 and {} need different configurations from the same server entries; \
                     configure each with a document of its own",
                    i + 2
                ),
            });
        }
    }
    Ok(first)
}

/// The configuration for a policy already derived.
pub fn write(framework: Framework, policy: &Policy) -> Result<Config, Unsupported> {
    match framework {
        Framework::Express => express::write(policy),
        Framework::Flask => flask::write(policy),
        Framework::Django => django::write(policy),
        Framework::Spring => spring::write(policy),
        Framework::Nginx => nginx::write(policy),
        Framework::Axum => axum::write(policy),
        Framework::Go => go::write(policy),
    }
}

/// What the web app's worker (`crates/import-worker`, message kind
/// `config`) answers for a draft's JSON (version 1, as `Draft::to_json`
/// writes it) and a framework's [`Framework::name`]: `{"text": config}`,
/// `{"why": reason}` when the framework cannot answer that way, or
/// `{"error": message}`. It lives here, not in the worker, so that the app's
/// component tests can answer the same without a worker.
pub fn answer(draft_json: &str, framework: &str) -> serde_json::Value {
    use serde_json::json;
    let Some(framework) = Framework::from_name(framework) else {
        return json!({ "error": format!("no framework called {framework:?}") });
    };
    let scenario = match crate::draft::Draft::from_json(draft_json).and_then(|d| d.scenario()) {
        Ok(scenario) => scenario,
        Err(errors) => {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            return json!({ "error": format!("the scenario is not valid: {first}") });
        }
    };
    let verdict = corsim_core::evaluate(&scenario);
    match generate(framework, &scenario, &verdict) {
        Ok(config) => json!({ "text": config.text }),
        Err(unsupported) => json!({ "why": unsupported.why }),
    }
}

// ---- shared by the writers ------------------------------------------------------

/// The first comment lines of every configuration: what it is for.
fn headline(policy: &Policy) -> String {
    format!(
        "CORS for {} {}, as the scenario's server answers it (made by corsim).",
        policy.method, policy.url
    )
}

/// The notes that hold for several frameworks.
fn common_notes(policy: &Policy) -> Vec<String> {
    let mut notes = Vec::new();
    if policy.cors.is_none() {
        notes.push(
            "The scenario's server sends no CORS headers, so this is an application with no CORS \
             configuration at all: browsers let no other origin read its answers."
                .to_string(),
        );
    }
    if policy.cors.as_ref().is_some_and(|c| !c.preflight) {
        notes.push(
            "The browser sends no preflight for this request, so the settings only a preflight's \
             answer uses (methods, request headers, max-age) are left at the defaults, or out."
                .to_string(),
        );
    }
    if !policy.answer.scripted {
        notes.push(format!(
            "Nothing in the scenario answers the request itself ({} {}), so the route answers \
             it as corsim's simulator does: 404, with no headers.",
            policy.method,
            policy.url.path()
        ));
    }
    notes
}

/// The note for a framework that answers a request its configuration does
/// not allow in its own way (`how`), when this configuration does not allow
/// what the browser asks for (`origins_only`: only when it is the origin).
fn refusal_note(policy: &Policy, framework: &str, how: &str, origins_only: bool) -> Option<String> {
    let refused: Vec<String> = policy
        .refused()
        .into_iter()
        .filter(|r| !origins_only || r.starts_with("the origin"))
        .collect();
    if refused.is_empty() {
        return None;
    }
    let what = match refused.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => String::new(),
    };
    Some(format!(
        "This configuration does not allow {what}, and {framework} answers such a request {how}, \
         where the scenario's server sends CORS headers that do not allow it. The browser blocks \
         both; only its console message differs."
    ))
}

/// The request's path when a route can name it literally in every
/// framework; `None` for anything else (the route then answers every path).
fn route_path(policy: &Policy) -> Option<&str> {
    let path = policy.url.path();
    let literal = path.starts_with('/')
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._~-".contains(&b));
    literal.then_some(path)
}

/// Text made safe for a line comment: control characters shown as escapes,
/// so that no value can end the comment and become code.
fn comment_text(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                format!("\\u{{{:x}}}", c as u32).chars().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// Line comments with `prefix` (such as `// `), each paragraph wrapped at
/// about 80 columns.
fn comments(prefix: &str, paragraphs: &[String]) -> String {
    let mut out = String::new();
    for paragraph in paragraphs {
        let mut line = String::new();
        for word in comment_text(paragraph).split(' ') {
            if !line.is_empty() && prefix.len() + line.len() + 1 + word.len() > 80 {
                out.push_str(prefix);
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(prefix);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A double-quoted string literal in a C-like language: `"` and `\` escaped,
/// `\n`, `\r`, `\t`, and other control characters through `control`.
fn c_string(s: &str, control: impl Fn(u32) -> String) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&control(c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Python string literal.
fn python_string(s: &str) -> String {
    c_string(s, |c| {
        if c <= 0xff {
            format!("\\x{c:02x}")
        } else {
            format!("\\u{c:04x}")
        }
    })
}

/// A Go string literal (interpreted).
fn go_string(s: &str) -> String {
    c_string(s, |c| {
        if c < 0x80 {
            format!("\\x{c:02x}")
        } else {
            format!("\\u{c:04x}")
        }
    })
}

/// A Java string literal. Control characters become octal escapes: Java reads
/// `\u` escapes before anything else, so `\u000a` would end the literal.
fn java_string(s: &str) -> String {
    c_string(s, |c| {
        if c <= 0o377 {
            format!("\\{c:03o}")
        } else {
            // C1 controls above U+00FF do not exist; kept for completeness.
            char::from_u32(c).map(String::from).unwrap_or_default()
        }
    })
}

/// A Rust string literal.
fn rust_string(s: &str) -> String {
    format!("{s:?}")
}

/// A comma-separated list of string literals.
fn string_list(items: &[String], literal: fn(&str) -> String) -> String {
    items
        .iter()
        .map(|s| literal(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An answer's headers with repeated names combined as HTTP combines them,
/// for frameworks whose responses hold one value a name.
fn combined_headers(answer: &Answer) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in &answer.headers {
        match out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some((_, existing)) => {
                existing.push_str(", ");
                existing.push_str(value);
            }
            None => out.push((name.clone(), value.clone())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_table() {
        // (description, input, python, go, java, rust)
        let cases: &[(&str, &str, &str, &str, &str, &str)] = &[
            ("plain", "a", r#""a""#, r#""a""#, r#""a""#, r#""a""#),
            (
                "quote and backslash",
                r#"a"\b"#,
                r#""a\"\\b""#,
                r#""a\"\\b""#,
                r#""a\"\\b""#,
                r#""a\"\\b""#,
            ),
            (
                "newline",
                "a\nb",
                r#""a\nb""#,
                r#""a\nb""#,
                r#""a\nb""#,
                r#""a\nb""#,
            ),
            (
                "escape",
                "\u{1b}",
                r#""\x1b""#,
                r#""\x1b""#,
                r#""\033""#,
                r#""\u{1b}""#,
            ),
            (
                "a Java unicode escape stays text",
                r"\u000a",
                r#""\\u000a""#,
                r#""\\u000a""#,
                r#""\\u000a""#,
                r#""\\u000a""#,
            ),
            (
                "unicode",
                "café",
                "\"café\"",
                "\"café\"",
                "\"café\"",
                "\"café\"",
            ),
            (
                "dollar and braces",
                "${x}",
                r#""${x}""#,
                r#""${x}""#,
                r#""${x}""#,
                r#""${x}""#,
            ),
        ];
        for (description, input, python, go, java, rust) in cases {
            assert_eq!(&python_string(input), python, "python: {description}");
            assert_eq!(&go_string(input), go, "go: {description}");
            assert_eq!(&java_string(input), java, "java: {description}");
            assert_eq!(&rust_string(input), rust, "rust: {description}");
        }
    }

    #[test]
    fn comments_cannot_be_ended_by_a_value() {
        let text = comments("// ", &["a\nfn evil() {}\u{2028}x".to_string()]);
        assert_eq!(text, "// a\\u{a}fn evil() {}\\u{2028}x\n");
        assert_eq!(text.lines().count(), 1);
    }

    #[test]
    fn framework_names_round_trip() {
        for framework in Framework::ALL {
            assert_eq!(Framework::from_name(framework.name()), Some(framework));
        }
        assert_eq!(Framework::from_name("rails"), None);
    }
}
