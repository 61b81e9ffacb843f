//! "Reproduce it with curl": one curl command per request the browser puts on
//! the wire (the verdict's `wire`: preflight, request, redirects), with exactly
//! the headers the browser sends, and a short guide to reading curl's output.
//!
//! Nothing is decided here: the requests and their headers are the verdict's,
//! and the guide only says where to look.

use corsim_core::method::is_cors_safelisted_method;
use corsim_core::scenario::{CredentialsMode, RequestMode, Scenario};
use corsim_core::verdict::{Verdict, WireEntry, WireKind};

use crate::draft::Draft;
use crate::fetch_call::fetch_call;

/// One request the browser sends, as a curl command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurlCommand {
    pub kind: WireKind,
    /// What the request is, such as "The preflight" or "Redirect 1".
    pub title: String,
    /// curl's arguments, without `curl` itself.
    pub args: Vec<String>,
    /// The command to paste into a shell: `curl` and every argument quoted
    /// for a POSIX shell, one header a line.
    pub command: String,
}

/// The curl command for each request in `verdict.wire`, in order.
pub fn commands(verdict: &Verdict) -> Vec<CurlCommand> {
    let mut redirects = 0;
    verdict
        .wire
        .iter()
        .enumerate()
        .map(|(i, wire)| {
            let title = match wire.kind {
                WireKind::Preflight if i == 0 => "The preflight".to_string(),
                WireKind::Preflight => "The preflight (again, after the redirect)".to_string(),
                WireKind::Main => "The request".to_string(),
                WireKind::Redirect => {
                    redirects += 1;
                    format!("The request after redirect {redirects}")
                }
            };
            command(wire, title)
        })
        .collect()
}

fn command(wire: &WireEntry, title: String) -> CurlCommand {
    // `-i` prints the status line and the response headers above the body.
    // A HEAD response has no body, and `-X HEAD` would make curl wait for
    // one: `--head` is HEAD with the headers shown.
    let mut args: Vec<String> = Vec::new();
    match wire.method.as_str() {
        "HEAD" => args.push("--head".into()),
        "GET" => args.push("-i".into()),
        method => args.extend(["-i".into(), "-X".into(), method.into()]),
    }
    args.push(wire.url.clone());
    for (name, value) in &wire.headers {
        args.push("-H".into());
        args.push(format!("{name}: {value}"));
    }
    // Each `-H` on a line of its own, the way DevTools' "Copy as cURL" does.
    let mut text = String::from("curl");
    for arg in &args {
        if arg == "-H" {
            text.push_str(" \\\n  -H");
        } else {
            text.push(' ');
            text.push_str(&shell_quote(arg));
        }
    }
    CurlCommand {
        kind: wire.kind,
        title,
        args,
        command: text,
    }
}

/// `arg` quoted for a POSIX shell: as it is when it holds only characters no
/// shell treats specially, else in single quotes, inside which nothing is
/// special; a single quote itself becomes `'\''` (close, escaped quote, open).
pub fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@%+,".contains(&b));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// A few lines on what to look for in curl's output, for this scenario.
/// Text in backticks is code.
pub fn guide(scenario: &Scenario, verdict: &Verdict) -> Vec<String> {
    let mut lines = Vec::new();
    if verdict.wire.is_empty() {
        lines.push(
            "The browser sends nothing for this request, so there is nothing for curl to repeat."
                .to_string(),
        );
        return lines;
    }
    lines.push(
        "`-i` prints the status line and the response headers above the body. curl itself \
         enforces no CORS: it shows what the server sends, and the browser is what checks it. \
         A curl that gets a 200 says nothing about whether a page may read the response."
            .to_string(),
    );
    let credentials = scenario.request.credentials == CredentialsMode::Include;
    let origin_of = |wire: &WireEntry| {
        wire.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Origin"))
            .map(|(_, v)| v.clone())
    };
    let allow_origin = |origin: &str| {
        // What the browser would accept, said so that it teaches nothing
        // unsafe: every sandboxed frame and file: page sends `null`.
        if origin == "null" {
            "`Access-Control-Allow-Origin: null` would let the browser read it, but every \
             sandboxed frame and `file:` page sends `null`, so a server should not allow it: \
             give the page a real origin instead"
                .to_string()
        } else if credentials {
            format!("`Access-Control-Allow-Origin: {origin}` (exactly; `*` does not work with credentials) and `Access-Control-Allow-Credentials: true`")
        } else {
            format!("`Access-Control-Allow-Origin: {origin}` (exactly, or `*`)")
        }
    };
    if let Some(preflight) = verdict.wire.iter().find(|w| w.kind == WireKind::Preflight) {
        let mut wants = Vec::new();
        if let Some(origin) = origin_of(preflight) {
            wants.push(allow_origin(&origin));
        }
        let header = |name: &str| {
            preflight
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        if let Some(method) = header("Access-Control-Request-Method") {
            if !is_cors_safelisted_method(&method) {
                wants.push(format!("`Access-Control-Allow-Methods` naming `{method}`"));
            }
        }
        if let Some(names) = header("Access-Control-Request-Headers") {
            let names: Vec<String> = names
                .split(',')
                .map(|n| format!("`{}`", n.trim()))
                .collect();
            wants.push(format!(
                "`Access-Control-Allow-Headers` naming {} (in any case)",
                join_and(&names)
            ));
        }
        lines.push(format!(
            "The preflight's answer: the status must be 200 to 299 (no redirect), with {}. \
             `Access-Control-Max-Age`, if present, is how many seconds the browser may skip \
             the next preflight.",
            join_and(&wants)
        ));
    }
    let requests: Vec<&WireEntry> = verdict
        .wire
        .iter()
        .filter(|w| w.kind != WireKind::Preflight)
        .collect();
    if let Some(last) = requests.last() {
        if scenario.request.mode == RequestMode::NoCors {
            lines.push(
                "The request is `no-cors`: the browser sends it but checks none of these \
                 headers, and the script gets an opaque response (status 0, no headers) \
                 whatever they say."
                    .to_string(),
            );
        } else if verdict.same_origin && requests.len() == 1 {
            lines.push(
                "The request is same-origin, so the browser checks no CORS header: the script \
                 reads whatever comes back."
                    .to_string(),
            );
        } else if let Some(origin) = origin_of(last) {
            let which = if requests.len() > 1 {
                "The last response"
            } else {
                "The response"
            };
            lines.push(format!(
                "{which}: {}. `Access-Control-Expose-Headers` lists the headers the script \
                 may read beyond `Cache-Control`, `Content-Language`, `Content-Length`, \
                 `Content-Type`, `Expires`, `Last-Modified` and `Pragma`.",
                allow_origin(&origin)
            ));
        }
    }
    if verdict.wire.iter().any(|w| (300..400).contains(&w.status)) {
        lines.push(
            "There is no `-L`, on purpose: curl does not follow redirects unless told to, and the \
             browser follows them itself. Each command is one request the browser sends, with the \
             headers it sends then (after a redirect to another origin, `Origin: null`). Read the \
             `Location` header of a 3xx answer to see where the next request goes."
                .to_string(),
        );
    }
    let mut also =
        "curl sends `User-Agent: curl/…` and `Accept: */*` of its own; the browser sends \
                    its own values and `Sec-Fetch-*` headers, which CORS does not look at."
            .to_string();
    if credentials {
        also.push_str(
            " With `credentials: \"include\"` the browser also sends its cookies for that site: \
             add them with `-b 'name=value'` when the server needs them.",
        );
    }
    lines.push(also);
    lines
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => "the CORS headers".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `corsim curl --json`: the commands (with their arguments, for scripts that
/// run them), the guide and the `fetch()` call.
pub fn to_json(draft: &Draft, scenario: &Scenario, verdict: &Verdict) -> String {
    serde_json::to_string_pretty(&document(draft, scenario, verdict)).unwrap_or_default()
}

/// "Reproduce it" as the app's worker answers it for a scenario's JSON:
/// `corsim curl --json`'s document and the page's `origin`, or
/// `{"error": message}`. The app's first load does not carry what writes it.
pub fn answer(draft_json: &str) -> serde_json::Value {
    let made = Draft::from_json(draft_json)
        .and_then(|draft| draft.scenario().map(|scenario| (draft, scenario)));
    match made {
        Ok((draft, scenario)) => {
            let verdict = corsim_core::evaluate(&scenario);
            let mut document = document(&draft, &scenario, &verdict);
            document["origin"] = serde_json::json!(verdict.origin);
            document
        }
        Err(errors) => {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            serde_json::json!({ "error": format!("the scenario is not valid: {first}") })
        }
    }
}

fn document(draft: &Draft, scenario: &Scenario, verdict: &Verdict) -> serde_json::Value {
    serde_json::json!({
        "commands": commands_json(verdict),
        "guide": guide(scenario, verdict),
        "fetch": fetch_call(draft),
    })
}

/// The commands with their arguments, as `--json` and the worker give them.
fn commands_json(verdict: &Verdict) -> Vec<serde_json::Value> {
    commands(verdict)
        .into_iter()
        .map(|c| {
            serde_json::json!({
                "kind": c.kind, "title": c.title, "args": c.args, "command": c.command,
            })
        })
        .collect()
}

/// Everything `corsim curl` prints: each command under its title, then the
/// guide.
pub fn render(scenario: &Scenario, verdict: &Verdict) -> String {
    let mut out = String::new();
    let commands = commands(verdict);
    for (i, command) in commands.iter().enumerate() {
        out.push_str(&format!(
            "# {}. {}\n{}\n\n",
            i + 1,
            command.title,
            command.command
        ));
    }
    out.push_str("# Reading the output\n");
    for line in guide(scenario, verdict) {
        out.push_str(&format!("# - {}\n", wrap_comment(&line)));
    }
    out
}

/// `corsim curl` for a document of several requests: each request's
/// commands and guide under its number, as the browser (Chromium) sends them
/// after the earlier ones: a step a cache answered has no command.
pub fn render_timeline(requests: &[(Scenario, Verdict)]) -> String {
    let mut out = String::new();
    for (i, (scenario, verdict)) in requests.iter().enumerate() {
        let init = &scenario.request;
        out.push_str(&format!(
            "## Request {}: {} {} ({})\n\n",
            i + 1,
            init.method,
            init.url,
            init.initiator.as_str()
        ));
        if verdict.wire.is_empty() {
            out.push_str("# Nothing goes on the wire for this request.\n\n");
        }
        out.push_str(&render(scenario, verdict));
        out.push('\n');
    }
    out
}

/// `corsim curl --json` for a document of several requests: each
/// request's commands and guide, in order.
pub fn timeline_to_json(requests: &[(Scenario, Verdict)]) -> String {
    let requests: Vec<serde_json::Value> = requests
        .iter()
        .map(|(scenario, verdict)| {
            serde_json::json!({"commands": commands_json(verdict), "guide": guide(scenario, verdict)})
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "requests": requests })).unwrap_or_default()
}

/// A guide line as a shell comment, wrapped at about 78 columns.
fn wrap_comment(line: &str) -> String {
    let mut out = String::new();
    let mut width = 4;
    for word in line.split(' ') {
        if width + word.len() + 1 > 78 && width > 4 {
            out.push_str("\n#   ");
            width = 4;
        } else if !out.is_empty() {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += word.chars().count();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workers_answer_is_the_clis_document_and_the_origin() {
        let json = include_str!("presets/default.json");
        let got = answer(json);
        let draft = Draft::from_json(json).expect("valid");
        let (scenario, verdict) = evaluate(json);
        let mut want = document(&draft, &scenario, &verdict);
        want["origin"] = serde_json::json!("https://app.example.com");
        assert_eq!(got, want);
        assert!(got["commands"][0]["command"]
            .as_str()
            .is_some_and(|c| c.starts_with("curl -i -X OPTIONS")));
        assert!(answer("{").get("error").is_some());
    }

    fn evaluate(json: &str) -> (Scenario, Verdict) {
        let draft = Draft::from_json(json).expect("valid");
        let scenario = draft.scenario().expect("valid");
        let verdict = corsim_core::evaluate(&scenario);
        (scenario, verdict)
    }

    #[test]
    fn shell_quoting_table() {
        // (description, argument, quoted)
        let cases: &[(&str, &str, &str)] = &[
            ("plain word", "GET", "GET"),
            (
                "a URL with no special characters",
                "https://a.example/x",
                "https://a.example/x",
            ),
            ("empty", "", "''"),
            (
                "a space",
                "Origin: https://a.example",
                "'Origin: https://a.example'",
            ),
            ("a single quote", "it's", r"'it'\''s'"),
            ("only a single quote", "'", r"''\'''"),
            ("command substitution", "$(rm -rf ~)", "'$(rm -rf ~)'"),
            ("backticks", "`id`", "'`id`'"),
            ("a variable", "$HOME", "'$HOME'"),
            ("double quotes", "say \"hi\"", "'say \"hi\"'"),
            ("a backslash", r"a\b", r"'a\b'"),
            ("a newline", "a\nb", "'a\nb'"),
            (
                "glob and query",
                "https://a.example/?q=*&x=1",
                "'https://a.example/?q=*&x=1'",
            ),
            ("unicode", "café ☕", "'café ☕'"),
            ("semicolon and pipe", "a;b|c", "'a;b|c'"),
            ("a leading dash stays an argument", "-X", "-X"),
        ];
        for (description, arg, want) in cases {
            assert_eq!(&shell_quote(arg), want, "{description}: {arg:?}");
        }
    }

    #[test]
    fn a_shell_reads_back_every_quoted_argument() {
        // The real test of quoting: /bin/sh gives back each argument unchanged.
        if !std::path::Path::new("/bin/sh").exists() {
            return;
        }
        let args = [
            "it's",
            "$(echo pwned)",
            "`echo pwned`",
            "a\nb",
            "\"",
            "\\",
            "café ☕",
            "' ; echo pwned ; '",
            "",
            "!x",
        ];
        let script = format!(
            "printf '%s\\0' {}",
            args.iter()
                .map(|a| shell_quote(a))
                .collect::<Vec<_>>()
                .join(" ")
        );
        let out = std::process::Command::new("/bin/sh")
            .args(["-c", &script])
            .output()
            .expect("sh runs");
        let got: Vec<String> = String::from_utf8(out.stdout)
            .expect("utf-8")
            .split_terminator('\0')
            .map(str::to_string)
            .collect();
        assert_eq!(got, args);
    }

    #[test]
    fn preflight_and_request_carry_exactly_the_wire_headers() {
        let (scenario, verdict) = evaluate(include_str!("presets/default.json"));
        let commands = commands(&verdict);
        assert_eq!(commands.len(), 2);
        assert_eq!(
            commands[0].command,
            "curl -i -X OPTIONS https://api.example.com/users/7 \\\n  \
             -H 'Origin: https://app.example.com' \\\n  \
             -H 'Access-Control-Request-Method: DELETE' \\\n  \
             -H 'Access-Control-Request-Headers: authorization,content-type'"
        );
        assert_eq!(commands[0].title, "The preflight");
        assert_eq!(
            commands[1].args,
            [
                "-i",
                "-X",
                "DELETE",
                "https://api.example.com/users/7",
                "-H",
                "Origin: https://app.example.com",
                "-H",
                "Authorization: Bearer abc",
                "-H",
                "Content-Type: application/json"
            ]
        );
        let guide = guide(&scenario, &verdict).join("\n");
        assert!(guide.contains("`Access-Control-Allow-Methods` naming `DELETE`"));
        assert!(guide.contains("`-b 'name=value'`"));
        assert!(!guide.contains("`-L`"));
    }

    #[test]
    fn get_needs_no_method_and_head_uses_head() {
        let (_, verdict) = evaluate(
            r#"{"version": 1, "page": "https://a.example/", "request": {"url": "https://b.example/x?q=1"},
                "server": [{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}]}"#,
        );
        assert_eq!(
            commands(&verdict)[0].command,
            "curl -i 'https://b.example/x?q=1' \\\n  -H 'Origin: https://a.example'"
        );
        let (_, verdict) = evaluate(
            r#"{"version": 1, "page": "https://a.example/", "request": {"url": "https://b.example/", "method": "HEAD"}}"#,
        );
        assert_eq!(commands(&verdict)[0].args[0], "--head");
    }

    #[test]
    fn redirects_get_a_command_each_and_the_guide_says_why_there_is_no_follow() {
        let (scenario, verdict) = evaluate(include_str!("presets/redirect-to-cdn-works.json"));
        let commands = commands(&verdict);
        let titles: Vec<&str> = commands.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["The request", "The request after redirect 1"]);
        assert!(commands[1]
            .command
            .contains("https://files.example-cdn.net/exports/42.csv"));
        assert!(guide(&scenario, &verdict)
            .iter()
            .any(|l| l.contains("There is no `-L`, on purpose")));
    }

    #[test]
    fn nothing_sent_means_no_command() {
        let (scenario, verdict) = evaluate(include_str!("presets/mixed-content.json"));
        assert!(commands(&verdict).is_empty());
        assert_eq!(guide(&scenario, &verdict).len(), 1);
    }

    #[test]
    fn the_guide_never_tells_a_server_to_allow_null() {
        for preset in ["file-page-null-origin", "sandboxed-null-origin"] {
            let text = std::fs::read_to_string(format!(
                "{}/src/presets/{preset}.json",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            let (scenario, verdict) = evaluate(&text);
            let guide = guide(&scenario, &verdict).join("\n");
            assert!(guide.contains("should not allow it"), "{preset}: {guide}");
            assert!(!guide.contains("(exactly, or `*`)"), "{preset}: {guide}");
        }
    }
}
