//! The request, from code: DevTools' "Copy as fetch" (Chromium's and
//! Firefox's), a hand-written `fetch(url, {method, headers, credentials,
//! mode, redirect, body})`, and "Copy as cURL" in its bash and cmd flavours.
//! The headers the browser added itself are left out (see
//! `sort_request_headers`); `Origin` and `Referer` name the page. Nothing
//! says how the server answered: the scenario has no server entry until
//! one is added (`corsim import headers` reads one).

use corsim_core::scenario::{CredentialsMode, RedirectMode, RequestMode, MAX_HEADERS};

use super::{
    bounded, cap_headers, clip, draft, page_from, redact, redacted_note, sort_request_headers,
    Guess, Import, ImportError,
};

/// How deep a `fetch()` call's literals may nest.
const MAX_DEPTH: usize = 16;

/// What a request's code says.
#[derive(Default)]
struct Parsed {
    url: String,
    method: Option<String>,
    headers: Vec<(String, String)>,
    mode: Option<String>,
    credentials: Option<String>,
    redirect: Option<String>,
    referrer: Option<String>,
    has_body: bool,
    from_browser: bool,
}

/// A `fetch()` call.
pub fn fetch(text: &str) -> Result<Import, ImportError> {
    let text = bounded(text)?;
    let tokens = tokenize_js(text)?;
    let parsed = parse_fetch(&tokens)?;
    finish(parsed)
}

/// A curl command, bash or cmd.
pub fn curl(text: &str) -> Result<Import, ImportError> {
    let text = bounded(text)?;
    let args = shell_words(text)?;
    let parsed = parse_curl(&args)?;
    finish(parsed)
}

fn finish(mut p: Parsed) -> Result<Import, ImportError> {
    if url::Url::parse(&p.url).is_err() {
        return Err(ImportError::Invalid(format!(
            "the URL \"{}\" is not an absolute URL",
            clip(&p.url, 200)
        )));
    }
    let mut notes = Vec::new();
    let mut guesses = Vec::new();
    preflight_to_request(&mut p, &mut notes, &mut guesses);
    notes.extend(redacted_note(redact(&mut p.headers)));
    let sorted = sort_request_headers(std::mem::take(&mut p.headers), p.from_browser);
    let (page, sandboxed) = page_from(
        sorted.origin.as_deref(),
        sorted.referer.as_deref().or(p.referrer.as_deref()),
        &p.url,
        &mut guesses,
    );
    let mut d = draft(&page, &p.url);
    d.sandboxed = sandboxed;
    d.request.headers = sorted.kept;
    cap_headers(
        &mut d.request.headers,
        MAX_HEADERS,
        "the request",
        &mut notes,
    );
    if !sorted.dropped.is_empty() {
        notes.push(format!(
            "left out the headers the browser sets itself, not the page's script: {}",
            sorted.dropped.join(", ")
        ));
    }
    d.request.method = p
        .method
        .unwrap_or_else(|| if p.has_body { "POST" } else { "GET" }.to_string());
    if let Some(mode) = keyword(RequestMode::ALL, p.mode.as_ref(), "mode", &mut notes) {
        d.request.mode = mode;
    }
    if let Some(c) = keyword(
        CredentialsMode::ALL,
        p.credentials.as_ref(),
        "credentials",
        &mut notes,
    ) {
        d.request.credentials = c;
        // DevTools' Copy as fetch writes "include" whenever the request
        // carried cookies or an Authorization header, and never says which:
        // with an Authorization header, what the page's fetch() asked is
        // unknown, and a token without cookies is the common case.
        let authorization = d
            .request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"));
        if p.from_browser && c == CredentialsMode::Include && authorization {
            d.request.credentials = CredentialsMode::SameOrigin;
            guesses.push(Guess {
                path: "request.credentials".to_string(),
                value: "same-origin".to_string(),
                why: "DevTools writes credentials \"include\" for any request with an Authorization header; fetch()'s default is \"same-origin\": set \"include\" if the code asks for it".to_string(),
            });
        }
    } else if sorted.cookie {
        d.request.credentials = CredentialsMode::Include;
        notes.push("cookies were sent, so credentials are \"include\"".to_string());
    }
    if let Some(r) = keyword(
        RedirectMode::ALL,
        p.redirect.as_ref(),
        "redirect",
        &mut notes,
    ) {
        d.request.redirect = r;
    }
    notes.push(
        "the server's answer is not in a request: add it (corsim import headers reads a response)"
            .to_string(),
    );
    Ok(Import {
        draft: d,
        guesses,
        notes,
    })
}

/// A copy of a preflight (DevTools' Network panel lists it as a request of
/// its own, the one that failed, and "Copy as cURL" copies it as any
/// other): an `OPTIONS` with `Access-Control-Request-Method`, which no
/// script can send. It stands for the request the page asked for: that
/// method, and the headers `Access-Control-Request-Headers` names, whose
/// values the preflight does not carry.
fn preflight_to_request(p: &mut Parsed, notes: &mut Vec<String>, guesses: &mut Vec<Guess>) {
    if !p
        .method
        .as_deref()
        .is_some_and(|m| m.eq_ignore_ascii_case("OPTIONS"))
    {
        return;
    }
    let value = |name: &str| {
        p.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
    };
    let Some(method) = value("access-control-request-method").filter(|m| !m.is_empty()) else {
        return;
    };
    let names: Vec<String> = value("access-control-request-headers")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    p.headers.retain(|(n, _)| {
        !n.to_ascii_lowercase()
            .starts_with("access-control-request-")
    });
    for name in &names {
        // A Content-Type the preflight names is not a form's; the rest are unknown.
        let value = if name.eq_ignore_ascii_case("content-type") {
            "application/json"
        } else {
            super::PLACEHOLDER
        };
        p.headers.push((name.clone(), value.to_string()));
    }
    notes.push(format!(
        "this is a preflight, sent by the browser: it stands for the page's {method} (its Access-Control-Request-Method){}",
        if names.is_empty() {
            String::new()
        } else {
            format!(" with the headers its Access-Control-Request-Headers names: {}", names.join(", "))
        }
    ));
    if !names.is_empty() {
        guesses.push(Guess {
            path: "request.headers".to_string(),
            value: names.join(", "),
            why: "a preflight names the request's headers, not their values".to_string(),
        });
    }
    p.method = Some(method);
}

// ---------------------------------------------------------------------------
// fetch(): a small reader of JavaScript literals, enough for what DevTools
// writes and people type; any other expression (JSON.stringify(x), a
// variable) is skipped, balanced.

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Str(String),
    Ident(String),
    Punct(char),
}

fn tokenize_js(text: &str) -> Result<Vec<Tok>, ImportError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            '"' | '\'' | '`' => {
                let quote = c;
                let mut s = String::new();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    if c == quote {
                        closed = true;
                        break;
                    }
                    if c != '\\' {
                        s.push(c);
                        continue;
                    }
                    match chars.next() {
                        Some('n') => s.push('\n'),
                        Some('t') => s.push('\t'),
                        Some('r') => s.push('\r'),
                        Some('u') => {
                            let hex: String = chars.by_ref().take(4).collect();
                            s.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                        }
                        Some('\n') => {}
                        Some(other) => s.push(other),
                        None => {}
                    }
                }
                if !closed {
                    return Err(ImportError::Invalid(
                        "the fetch() call ends inside a string: it was cut short".to_string(),
                    ));
                }
                out.push(Tok::Str(s));
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' || c == '.' => {
                let mut s = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_alphanumeric() || n == '_' || n == '$' || n == '.' {
                        s.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Ident(s));
            }
            c => out.push(Tok::Punct(c)),
        }
    }
    Ok(out)
}

fn quoted_string(tokens: &[Tok], i: usize) -> Option<String> {
    match tokens.get(i) {
        Some(Tok::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

/// `fetch(URL, {…})`, after an optional `await`.
fn parse_fetch(tokens: &[Tok]) -> Result<Parsed, ImportError> {
    let start = tokens
        .iter()
        .position(|t| matches!(t, Tok::Ident(name) if name == "fetch" || name.ends_with(".fetch")))
        .ok_or_else(|| ImportError::Unrecognised("no fetch( call in the text".to_string()))?;
    if tokens.get(start + 1) != Some(&Tok::Punct('(')) {
        return Err(ImportError::Invalid(
            "fetch is not called: no ( after it".to_string(),
        ));
    }
    let url = quoted_string(tokens, start + 2).ok_or_else(|| {
        ImportError::Invalid(
            "fetch()'s first argument is not a string: corsim needs the URL written out"
                .to_string(),
        )
    })?;
    let mut p = Parsed {
        url,
        ..Parsed::default()
    };
    if tokens.get(start + 3) == Some(&Tok::Punct(','))
        && tokens.get(start + 4) == Some(&Tok::Punct('{'))
    {
        let mut i = start + 5;
        read_options(tokens, &mut i, &mut p)?;
    }
    Ok(p)
}

/// The options object's properties, from after its `{` to its `}`.
fn read_options(tokens: &[Tok], i: &mut usize, p: &mut Parsed) -> Result<(), ImportError> {
    loop {
        let (key, quoted) = match tokens.get(*i) {
            Some(Tok::Punct('}')) | None => return Ok(()),
            Some(Tok::Punct(',')) => {
                *i += 1;
                continue;
            }
            Some(Tok::Str(k)) => (k.clone(), true),
            Some(Tok::Ident(k)) => (k.clone(), false),
            Some(Tok::Punct(_)) => {
                skip_value(tokens, i, 0)?;
                continue;
            }
        };
        *i += 1;
        if tokens.get(*i) != Some(&Tok::Punct(':')) {
            // Shorthand `{ method }`: a variable, unknown.
            continue;
        }
        *i += 1;
        // DevTools writes its options with JSON.stringify, every key quoted,
        // and always with the page as `"referrer"` (Chromium 156 no longer
        // writes `"referrerPolicy"`); code written by hand rarely sets it,
        // and not as a quoted key.
        if quoted && key == "referrer" {
            p.from_browser = true;
        }
        match key.as_str() {
            "method" | "mode" | "credentials" | "redirect" | "referrer" => {
                let value = quoted_string(tokens, *i);
                skip_value(tokens, i, 0)?;
                let slot = match key.as_str() {
                    "method" => &mut p.method,
                    "mode" => &mut p.mode,
                    "credentials" => &mut p.credentials,
                    "redirect" => &mut p.redirect,
                    _ => &mut p.referrer,
                };
                *slot = value;
            }
            "headers" => read_headers(tokens, i, p)?,
            "body" => {
                p.has_body = !matches!(tokens.get(*i), Some(Tok::Ident(v)) if v == "null" || v == "undefined");
                skip_value(tokens, i, 0)?;
            }
            "referrerPolicy" => {
                // DevTools writes it: the copy came from a browser.
                p.from_browser = true;
                skip_value(tokens, i, 0)?;
            }
            _ => skip_value(tokens, i, 0)?,
        }
    }
}

/// `{"Name": "value", …}`, `[["Name", "value"], …]` or `new Headers(…)`.
fn read_headers(tokens: &[Tok], i: &mut usize, p: &mut Parsed) -> Result<(), ImportError> {
    if matches!(tokens.get(*i), Some(Tok::Ident(n)) if n == "new") {
        *i += 1;
        if matches!(tokens.get(*i), Some(Tok::Ident(n)) if n == "Headers")
            && tokens.get(*i + 1) == Some(&Tok::Punct('('))
        {
            *i += 2;
            read_headers(tokens, i, p)?;
            if tokens.get(*i) == Some(&Tok::Punct(')')) {
                *i += 1;
            }
            return Ok(());
        }
    }
    let start = *i;
    skip_value(tokens, i, 0)?;
    let inner = tokens.get(start..*i).unwrap_or_default();
    // Every string pair in it, in order: `"a": "b"` or `["a", "b"]`.
    let mut j = 0;
    while j + 2 < inner.len() {
        // A pair starts a property or an array: `cond ? "a" : "b"` is none.
        let starts = j == 0 || matches!(inner.get(j - 1), Some(Tok::Punct('{' | ',' | '[')));
        if !starts {
            j += 1;
            continue;
        }
        if let (Tok::Str(name), Tok::Punct(':' | ','), Tok::Str(value)) =
            (&inner[j], &inner[j + 1], &inner[j + 2])
        {
            p.headers.push((name.clone(), value.clone()));
            j += 3;
        } else if let (Tok::Ident(name), Tok::Punct(':'), Tok::Str(value)) =
            (&inner[j], &inner[j + 1], &inner[j + 2])
        {
            p.headers.push((name.clone(), value.clone()));
            j += 3;
        } else {
            j += 1;
        }
    }
    Ok(())
}

/// Skips one value (balanced brackets), leaving `i` at the `,` or closing
/// bracket after it.
fn skip_value(tokens: &[Tok], i: &mut usize, depth: usize) -> Result<(), ImportError> {
    let mut level = 0usize;
    while let Some(t) = tokens.get(*i) {
        match t {
            Tok::Punct('{' | '[' | '(') => {
                level += 1;
                if level + depth > MAX_DEPTH * 64 {
                    return Err(ImportError::Invalid(
                        "the fetch() call nests too deep".to_string(),
                    ));
                }
            }
            Tok::Punct('}' | ']' | ')') => {
                if level == 0 {
                    return Ok(());
                }
                level -= 1;
            }
            Tok::Punct(',') if level == 0 => return Ok(()),
            _ => {}
        }
        *i += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// curl.

/// The words of a command line: bash quoting (`'…'`, `"…"`, `$'…'`, `\`
/// and line continuations), or cmd's (`^` escapes, `^` at a line's end),
/// as Chromium's "Copy as cURL (cmd)" writes it.
fn shell_words(text: &str) -> Result<Vec<String>, ImportError> {
    let cmd = text.contains("^\"") || text.lines().any(|l| l.trim_end().ends_with(" ^"));
    let text: String = if cmd {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '^' {
                match chars.next() {
                    Some('\r') => {
                        chars.next_if_eq(&'\n');
                    }
                    Some('\n') => {}
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    } else {
        text.to_string()
    };
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') => {}
                Some('\r') => {
                    chars.next_if_eq(&'\n');
                }
                Some(other) => {
                    word.push(other);
                    in_word = true;
                }
                None => {}
            },
            '\'' => {
                in_word = true;
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '\'' {
                        closed = true;
                        break;
                    }
                    word.push(c);
                }
                if !closed {
                    return Err(unterminated());
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                in_word = true;
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '\'' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.next() {
                            Some('n') => word.push('\n'),
                            Some('r') => word.push('\r'),
                            Some('t') => word.push('\t'),
                            Some('u') => {
                                let hex: String = chars.by_ref().take(4).collect();
                                word.extend(
                                    u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32),
                                );
                            }
                            Some(other) => word.push(other),
                            None => {}
                        },
                        c => word.push(c),
                    }
                }
                if !closed {
                    return Err(unterminated());
                }
            }
            '"' => {
                in_word = true;
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' if matches!(chars.peek(), Some('"' | '\\' | '$' | '`')) => {
                            word.extend(chars.next());
                        }
                        c => word.push(c),
                    }
                }
                if !closed {
                    return Err(unterminated());
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

fn unterminated() -> ImportError {
    ImportError::Invalid("the command ends inside a quoted string: it was cut short".to_string())
}

fn parse_curl(args: &[String]) -> Result<Parsed, ImportError> {
    let start = args
        .iter()
        .position(|a| a == "curl" || a.ends_with("/curl") || a.ends_with("curl.exe"))
        .ok_or_else(|| ImportError::Unrecognised("no curl command in the text".to_string()))?;
    let mut p = Parsed {
        from_browser: true,
        ..Parsed::default()
    };
    let mut url = None;
    let mut i = start + 1;
    while let Some(arg) = args.get(i) {
        i += 1;
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline.clone().or_else(|| {
                let v = args.get(i).cloned();
                i += 1;
                v
            })
        };
        match flag {
            "-X" | "--request" => p.method = value(),
            "-H" | "--header" => {
                if let Some((n, v)) = value().as_deref().and_then(|h| h.split_once(':')) {
                    p.headers.push((n.trim().to_string(), v.trim().to_string()));
                }
            }
            "-b" | "--cookie" => {
                value();
                p.headers.push(("Cookie".to_string(), String::new()));
            }
            "-u" | "--user" => {
                value();
                p.headers.push(("Authorization".to_string(), String::new()));
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii"
            | "--data-urlencode" | "--json" | "-F" | "--form" => {
                value();
                p.has_body = true;
            }
            "-I" | "--head" => p.method = Some("HEAD".to_string()),
            "--url" => url = value(),
            "-e" | "--referer" => p.referrer = value(),
            "-A" | "--user-agent" | "-o" | "--output" | "-x" | "--proxy" | "-m" | "--max-time"
            | "--connect-timeout" | "-w" | "--write-out" | "--cacert" | "--cert" | "--key"
            | "--resolve" | "--retry" => {
                value();
            }
            a if a.starts_with('-') => {}
            a => {
                if url.is_none() {
                    url = Some(a.to_string());
                }
            }
        }
    }
    p.url = url.ok_or_else(|| ImportError::Invalid("the curl command has no URL".to_string()))?;
    Ok(p)
}

/// The keyword `word` names among `all`; a note when it names none.
fn keyword<T: Copy>(
    all: &[(T, &str)],
    word: Option<&String>,
    what: &str,
    notes: &mut Vec<String>,
) -> Option<T> {
    let word = word?;
    let found = all
        .iter()
        .find(|(_, w)| *w == word.as_str())
        .map(|(k, _)| *k);
    if found.is_none() {
        notes.push(format!(
            "ignored {what} \"{}\", which fetch() does not know",
            clip(word, 40)
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chromium_copy_as_fetch() {
        let text = r#"fetch("https://api.example.com/data", {
  "headers": {
    "accept": "*/*",
    "content-type": "application/json",
    "authorization": "Bearer secret",
    "sec-ch-ua-mobile": "?0"
  },
  "referrer": "https://app.example.com/page",
  "referrerPolicy": "strict-origin-when-cross-origin",
  "body": "{"a":1}",
  "method": "POST",
  "mode": "cors",
  "credentials": "include"
});"#;
        let i = fetch(text).unwrap();
        let d = &i.draft;
        assert_eq!(d.page, "https://app.example.com/page");
        assert_eq!(d.request.method, "POST");
        // "include" beside an Authorization header is DevTools' guess, not the page's.
        assert_eq!(d.request.credentials, CredentialsMode::SameOrigin);
        assert_eq!(
            d.request.headers,
            [
                ("content-type".to_string(), "application/json".to_string()),
                (
                    "authorization".to_string(),
                    super::super::PLACEHOLDER.to_string()
                )
            ]
        );
    }

    /// Chromium 156's "Copy as fetch" (tests/fixtures/copy/) writes no
    /// `"referrerPolicy"`: its quoted `"referrer"` still says the browser
    /// wrote it, and the `accept` and `accept-language` it lists are the
    /// browser's, not the script's.
    #[test]
    fn chromium_copy_as_fetch_without_referrer_policy() {
        let text = r#"fetch("http://api.example.test/items", {
  "headers": {
    "accept": "*/*",
    "accept-language": "en-US,en;q=0.9",
    "content-type": "application/json"
  },
  "referrer": "http://app.example.test/",
  "body": "{}",
  "method": "POST",
  "mode": "cors",
  "credentials": "omit"
});"#;
        let i = fetch(text).unwrap();
        assert_eq!(i.draft.page, "http://app.example.test/");
        assert_eq!(
            i.draft.request.headers,
            [("content-type".to_string(), "application/json".to_string())]
        );
        // Written by hand, `referrer` is the script's and so are its headers.
        let i = fetch("fetch('https://api.example.com/x', { referrer: 'https://app.example.com/', headers: { Accept: '*/*' } })").unwrap();
        assert_eq!(
            i.draft.request.headers,
            [("Accept".to_string(), "*/*".to_string())]
        );
    }

    /// Chromium's Copy as fetch of a request with an Authorization header
    /// says credentials "include" whatever the page asked
    /// (tests/fixtures/copy/chromium-authorization-not-allowed.GET-orders.fetch.js
    /// was a fetch() with the default, "same-origin"): the importer guesses
    /// the default and says so; written by hand, "include" is the code's.
    #[test]
    fn devtools_credentials_with_authorization_are_a_guess() {
        let text = r#"fetch("http://api.example.test/orders", {
  "headers": {
    "authorization": "Bearer test-token"
  },
  "referrer": "http://app.example.test/",
  "body": null,
  "method": "GET",
  "mode": "cors",
  "credentials": "include"
});"#;
        let i = fetch(text).unwrap();
        assert_eq!(i.draft.request.credentials, CredentialsMode::SameOrigin);
        assert_eq!(i.guesses.len(), 1);
        assert_eq!(i.guesses[0].path, "request.credentials");
        let i = fetch("fetch('https://api.example.com/x', { credentials: 'include', headers: { Authorization: 'Bearer t' } })").unwrap();
        assert_eq!(i.draft.request.credentials, CredentialsMode::Include);
        assert!(i.guesses.iter().all(|g| g.path != "request.credentials"));
    }

    /// "Copy as cURL" of the preflight row (tests/fixtures/copy/
    /// chromium-preflight-no-allow-methods.OPTIONS-items-42.curl-bash.txt):
    /// the request it stands for, not a script's OPTIONS.
    #[test]
    fn a_copied_preflight_is_the_request_it_stands_for() {
        let bash = "curl --url 'http://api.example.test/items/42' \\\n  -X 'OPTIONS' \\\n  -H 'Accept: */*' \\\n  -H 'Access-Control-Request-Headers: content-type,x-request-id' \\\n  -H 'Access-Control-Request-Method: PUT' \\\n  -H 'Origin: http://app.example.test' \\\n  -H 'Sec-Fetch-Mode: cors' \\\n  --insecure";
        let i = curl(bash).unwrap();
        assert_eq!(i.draft.page, "http://app.example.test/");
        assert_eq!(i.draft.request.method, "PUT");
        assert_eq!(
            i.draft.request.headers,
            [
                ("content-type".to_string(), "application/json".to_string()),
                (
                    "x-request-id".to_string(),
                    super::super::PLACEHOLDER.to_string()
                )
            ]
        );
        assert_eq!(i.guesses.len(), 1, "{:?}", i.guesses.len());
        assert_eq!(i.guesses[0].path, "request.headers");
        // A script's OPTIONS, without Access-Control-Request-Method, stays one.
        let i = curl(
            "curl -X OPTIONS 'https://api.example.com/x' -H 'Origin: https://app.example.com'",
        )
        .unwrap();
        assert_eq!(i.draft.request.method, "OPTIONS");
    }

    #[test]
    fn hand_written_fetch() {
        let i = fetch("await fetch('https://api.example.com/x', { method: 'DELETE', headers: new Headers({ 'X-Token': tok ? 'a' : 'b', Accept: 'text/plain' }), body: JSON.stringify({a: 1}) })").unwrap();
        assert_eq!(i.draft.request.method, "DELETE");
        assert_eq!(
            i.draft.request.headers,
            [("Accept".to_string(), "text/plain".to_string())]
        );
        assert!(fetch("fetch('https://a.example/").is_err());
        assert!(fetch("fetch(url)").is_err());
    }

    #[test]
    fn copy_as_curl_bash_and_cmd() {
        let bash = "curl 'https://api.example.com/data' \\\n  -X 'PUT' \\\n  -H 'origin: https://app.example.com' \\\n  -H 'x-token: 1' \\\n  -b 'id=42' \\\n  --data-raw $'{\"a\":\"\\u00e9\"}'";
        let i = curl(bash).unwrap();
        assert_eq!(i.draft.page, "https://app.example.com/");
        assert_eq!(i.draft.request.method, "PUT");
        assert_eq!(i.draft.request.credentials, CredentialsMode::Include);
        assert_eq!(
            i.draft.request.headers,
            [("x-token".to_string(), "1".to_string())]
        );
        let cmd = "curl ^\"https://api.example.com/data^\" ^\n  -H ^\"x-token: 1^\" ^\n  -H ^\"origin: https://app.example.com^\"";
        let i = curl(cmd).unwrap();
        assert_eq!(i.draft.request.url, "https://api.example.com/data");
        assert_eq!(
            i.draft.request.headers,
            [("x-token".to_string(), "1".to_string())]
        );
        assert!(curl("curl 'https://a.example").is_err());
    }
}
