//! "Copy as fetch()": the scenario's request as JavaScript source, to paste
//! into the console of a page at the scenario's origin.
//!
//! Every string is written by [`js_string`], so that no value (quotes, a
//! newline, `</script>`) can end the literal early or change the code.

use crate::draft::Draft;

/// The `fetch()` call, with what it logs: the URL, the method exactly as
/// typed, the headers in order, mode, credentials and redirect.
pub fn fetch_call(draft: &Draft) -> String {
    let r = &draft.request;
    let mut out = format!("fetch({}, {{\n", js_string(&r.url));
    out.push_str(&format!("  method: {},\n", js_string(&r.method)));
    if !r.headers.is_empty() {
        // An object literal reads best, but it cannot repeat a name (and
        // `Headers` matches names in any case): a list of pairs keeps them all.
        let repeats = r.headers.iter().enumerate().any(|(i, (name, _))| {
            r.headers[..i]
                .iter()
                .any(|(other, _)| other.eq_ignore_ascii_case(name))
        });
        if repeats {
            out.push_str("  headers: [\n");
            for (name, value) in &r.headers {
                out.push_str(&format!(
                    "    [{}, {}],\n",
                    js_string(name),
                    js_string(value)
                ));
            }
            out.push_str("  ],\n");
        } else {
            out.push_str("  headers: {\n");
            for (name, value) in &r.headers {
                out.push_str(&format!("    {}: {},\n", js_string(name), js_string(value)));
            }
            out.push_str("  },\n");
        }
    }
    out.push_str(&format!("  mode: {},\n", js_string(r.mode.as_str())));
    out.push_str(&format!(
        "  credentials: {},\n",
        js_string(r.credentials.as_str())
    ));
    out.push_str(&format!(
        "  redirect: {},\n",
        js_string(r.redirect.as_str())
    ));
    out.push_str("})\n");
    out.push_str("  .then((response) => console.log(response.type, response.status, [...response.headers]))\n");
    out.push_str("  .catch((error) => console.error(error));\n");
    out
}

/// `s` as a JavaScript string literal in double quotes, safe inside an HTML
/// `<script>` element too: quotes and backslashes are escaped, control
/// characters and the line separators U+2028 and U+2029 become escapes, and
/// so does a `<` before `/` or `!` (so neither `</script>` nor `<!--` can
/// appear).
pub fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' if matches!(chars.peek(), Some('/' | '!')) => out.push_str("\\x3C"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile values: every one must come back unchanged from the literal.
    const HOSTILE: &[(&str, &str)] = &[
        ("double quote", "say \"hi\""),
        ("single quote", "it's"),
        ("backslash", "C:\\path\\"),
        ("backslash before a quote", "\\\""),
        ("newline and carriage return", "a\r\nb"),
        ("tab", "a\tb"),
        ("NUL and other controls", "\u{0}\u{1}\u{1b}\u{7f}"),
        ("closing script tag", "</script><script>alert(1)</script>"),
        ("HTML comment", "<!-- x -->"),
        ("template literal syntax", "`${alert(1)}`"),
        ("shell syntax", "$(rm -rf ~)"),
        ("line separators", "a\u{2028}b\u{2029}c"),
        ("unicode", "café ☕ 𝄞"),
        ("empty", ""),
    ];

    #[test]
    fn js_string_table() {
        // (description, input, literal)
        let cases: &[(&str, &str, &str)] = &[
            ("plain", "GET", r#""GET""#),
            ("double quote", "a\"b", r#""a\"b""#),
            ("single quote is fine", "it's", r#""it's""#),
            ("backslash", r"a\b", r#""a\\b""#),
            ("newline", "a\nb", r#""a\nb""#),
            ("control", "\u{1}", r#""\x01""#),
            ("delete", "\u{7f}", r#""\x7F""#),
            ("script end", "</script>", r#""\x3C/script>""#),
            ("comment start", "<!--", r#""\x3C!--""#),
            (
                "other angle brackets stay",
                "<https://a.example/>",
                r#""<https://a.example/>""#,
            ),
            ("line separator", "\u{2028}", r#""\u2028""#),
            ("template syntax stays text", "`${x}`", r#""`${x}`""#),
            ("unicode stays as it is", "café 𝄞", "\"café 𝄞\""),
        ];
        for (description, input, want) in cases {
            assert_eq!(&js_string(input), want, "{description}: {input:?}");
        }
    }

    fn draft_with(url: &str, headers: &[(&str, &str)]) -> Draft {
        let mut draft = Draft::from_json(include_str!("presets/default.json")).expect("valid");
        draft.request.url = url.to_string();
        draft.request.headers = headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        draft
    }

    #[test]
    fn the_default_scenario_reads_naturally() {
        let draft = Draft::from_json(include_str!("presets/default.json")).expect("valid");
        assert_eq!(
            fetch_call(&draft),
            r#"fetch("https://api.example.com/users/7", {
  method: "DELETE",
  headers: {
    "Authorization": "Bearer abc",
    "Content-Type": "application/json",
  },
  mode: "cors",
  credentials: "include",
  redirect: "follow",
})
  .then((response) => console.log(response.type, response.status, [...response.headers]))
  .catch((error) => console.error(error));
"#
        );
    }

    #[test]
    fn repeated_names_become_a_list_of_pairs() {
        let text = fetch_call(&draft_with(
            "https://b.example/",
            &[("X-A", "1"), ("x-a", "2")],
        ));
        assert!(text.contains("  headers: [\n    [\"X-A\", \"1\"],\n    [\"x-a\", \"2\"],\n  ],\n"));
    }

    /// The strongest check there is: JavaScript itself parses the code and
    /// gives back every value unchanged. Runs where Node.js is installed (CI).
    #[test]
    fn node_parses_the_code_and_reads_back_every_value() {
        let Ok(version) = std::process::Command::new("node").arg("--version").output() else {
            eprintln!("node is not installed: only the table above checks the escaping");
            return;
        };
        assert!(version.status.success());
        let headers: Vec<(&str, &str)> = HOSTILE.iter().map(|(_, v)| ("X-Hostile", *v)).collect();
        let mut draft = draft_with("https://b.example/?q=\"'</script>", &headers);
        draft.request.method = "PATCH\"); alert(1); (\"".to_string();
        let code = fetch_call(&draft);
        // Call a stub `fetch` that prints what it was given as JSON.
        let program = format!(
            "const fetch = (url, init) => {{ console.log(JSON.stringify({{url, init}})); \
             return {{ then() {{ return {{ catch() {{}} }}; }} }}; }};\n{code}"
        );
        let out = std::process::Command::new("node")
            .args(["-e", &program])
            .output()
            .expect("node runs");
        assert!(
            out.status.success(),
            "node could not run:\n{code}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("the stub printed JSON");
        assert_eq!(got["url"], draft.request.url);
        assert_eq!(got["init"]["method"], draft.request.method);
        let pairs: Vec<(String, String)> = got["init"]["headers"]
            .as_array()
            .expect("repeated names: a list of pairs")
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap_or_default().to_string(),
                    p[1].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        assert_eq!(pairs, draft.request.headers);
        assert!(!code.contains("</script"));
    }
}
