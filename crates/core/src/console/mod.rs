//! The console line each browser prints for a failed fetch, word for word.
//! Templates are data keyed by reason, each with the file and release it was
//! taken from; rendering only fills in the placeholders.

mod chromium;
mod firefox;
mod webkit;

/// The browser releases the console templates were taken from.
pub use chromium::VERSION as CHROMIUM_VERSION;
pub use firefox::VERSION as FIREFOX_VERSION;
pub use webkit::VERSION as WEBKIT_VERSION;

use crate::browser::Browser;
use crate::fetch::Run;
use crate::verdict::ConsoleSource;

/// A console template: `{name}` placeholders filled at render time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    /// The browser's own identifier for the message (an enum value or a
    /// `.properties` key).
    pub key: &'static str,
    pub text: &'static str,
}

/// The console line `run`'s browser prints (WebKit's lines joined by `\n`),
/// with where its template is from.
pub fn line(run: &Run) -> Option<(String, ConsoleSource)> {
    let failure = run.failure.as_ref()?;
    match run.browser {
        Browser::Chromium => chromium::line(run, failure),
        Browser::Firefox => firefox::line(run, failure),
        Browser::WebKit => webkit::line(run, failure),
    }
}

/// Fills `{name}` placeholders; an unknown placeholder is left as written so
/// that a missing value shows in tests instead of vanishing.
fn render(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn render_fills_known_and_keeps_unknown_placeholders() {
        assert_eq!(render("a {x} b {y} {", &[("x", "1")]), "a 1 b {y} {");
    }
}
