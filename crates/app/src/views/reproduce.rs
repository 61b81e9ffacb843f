//! "Reproduce it", drawn by the import worker: the curl commands and how to
//! read their output, the page's `fetch()` call (`crate::curl`), and a
//! framework's server configuration (`crate::server_config`), as markup
//! that the app's panel shows as it is. Each block has a Copy button naming
//! the block it copies (`data-copy`), which the panel handles; every text is
//! escaped.

use serde_json::{json, Value};

use crate::markup::{code_spans, escape};
use crate::server_config::Framework;

/// The worker's answer to `reproduce`: `{"markup": …}` for the scenario
/// `draft_json`.
pub fn commands(draft_json: &str) -> Value {
    let answer = crate::curl::answer(draft_json);
    let text = |value: &Value| escape(value.as_str().unwrap_or_default());
    if answer["error"].is_string() {
        return json!({ "markup": format!("<p class=\"why-not\">{}</p>", text(&answer["error"])) });
    }
    let commands = answer["commands"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut out = String::from("<h3>With curl</h3>");
    if commands.is_empty() {
        out.push_str(
            "<p>The browser sends nothing for this request, so there is nothing for curl to repeat.</p>",
        );
    } else {
        out.push_str("<ol class=\"curl-commands\">");
        for (i, command) in commands.iter().enumerate() {
            out.push_str(&format!(
                "<li><div class=\"code-head\"><span>{}</span>{}</div>{}</li>",
                text(&command["title"]),
                copy_button(&format!("copy-curl-{i}"), "Copy", &format!("curl-{i}")),
                code_block(&format!("curl-{i}"), &text(&command["command"])),
            ));
        }
        out.push_str("</ol><ul class=\"guide\">");
        for line in answer["guide"].as_array().into_iter().flatten() {
            out.push_str(&format!(
                "<li>{}</li>",
                code_spans(line.as_str().unwrap_or_default())
            ));
        }
        out.push_str("</ul>");
    }
    out.push_str(&format!(
        "<h3>In the browser</h3><p>In the console of a page at <code>{}</code>:</p>\
         <div class=\"code-head\">{}</div>{}",
        text(&answer["origin"]),
        copy_button("copy-fetch", "Copy as fetch()", "fetch-call"),
        code_block("fetch-call", &text(&answer["fetch"])),
    ));
    json!({ "markup": out })
}

/// The worker's answer to `config`: `{"markup": …}`, the configuration for
/// `framework` (its name) of the scenario `draft_json`, or why there is none.
pub fn config(draft_json: &str, framework: &str) -> Value {
    let answer = crate::server_config::answer(draft_json, framework);
    let markup = if let Some(text) = answer["text"].as_str() {
        format!(
            "<div class=\"code-head\">{}</div>{}",
            copy_button("copy-config", "Copy", "server-config"),
            code_block("server-config", &escape(text)),
        )
    } else if let Some(why) = answer["why"].as_str() {
        let label = Framework::from_name(framework).map_or("", Framework::label);
        format!(
            "<p class=\"why-not\" id=\"server-config-none\"><strong>{} cannot answer this way. </strong>{}</p>",
            escape(label),
            code_spans(why)
        )
    } else {
        format!(
            "<p class=\"why-not\" id=\"server-config-error\">{}</p>",
            escape(
                answer["error"]
                    .as_str()
                    .unwrap_or("The configuration could not be written.")
            )
        )
    };
    json!({ "markup": markup })
}

fn copy_button(id: &str, label: &str, copies: &str) -> String {
    format!("<button type=\"button\" class=\"copy\" id=\"{id}\" data-copy=\"{copies}\">{label}</button>")
}

/// `code`, already escaped, as a focusable block (it may scroll sideways).
fn code_block(id: &str, code: &str) -> String {
    format!("<pre class=\"code\" id=\"{id}\" tabindex=\"0\"><code>{code}</code></pre>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markup(answer: Value) -> String {
        answer["markup"].as_str().unwrap_or_default().to_string()
    }

    #[test]
    fn the_commands_each_have_a_copy_button_for_their_block() {
        let draft = crate::presets::default_preset().draft().to_json();
        let got = markup(commands(&draft));
        assert!(
            got.starts_with("<h3>With curl</h3><ol class=\"curl-commands\">"),
            "{got}"
        );
        assert!(got.contains(r#"<button type="button" class="copy" id="copy-curl-0" data-copy="curl-0">Copy</button></div><pre class="code" id="curl-0" tabindex="0"><code>curl "#), "{got}");
        assert!(got.contains(r#"id="copy-fetch" data-copy="fetch-call">Copy as fetch()</button>"#));
        assert!(got.contains("<pre class=\"code\" id=\"fetch-call\" tabindex=\"0\"><code>fetch(&quot;https://api.example.com"), "{got}");
        // Quotes in the commands are escaped, never markup.
        assert!(!got.contains("<code>curl -i '"), "{got}");
        let broken = markup(commands("{"));
        assert!(
            broken.starts_with("<p class=\"why-not\">the scenario is not valid"),
            "{broken}"
        );
    }

    #[test]
    fn a_configuration_or_why_there_is_none() {
        let draft = crate::presets::default_preset().draft().to_json();
        let got = markup(config(&draft, "express"));
        assert!(
            got.contains("<pre class=\"code\" id=\"server-config\" tabindex=\"0\"><code>"),
            "{got}"
        );
        assert!(got.contains("cors({"), "{got}");
        let broken = crate::presets::by_id("duplicate-allow-origin")
            .expect("a preset")
            .draft()
            .to_json();
        let none = markup(config(&broken, "nginx"));
        assert!(none.starts_with("<p class=\"why-not\" id=\"server-config-none\"><strong>nginx cannot answer this way. </strong>"), "{none}");
        assert!(
            none.contains("<code>Access-Control-Allow-Origin</code>"),
            "{none}"
        );
        let unknown = markup(config(&draft, "rails"));
        assert!(
            unknown.starts_with("<p class=\"why-not\" id=\"server-config-error\">"),
            "{unknown}"
        );
    }
}
