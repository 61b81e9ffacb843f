//! A raw HTTP response as people copy it: `curl -i` output (every response
//! of a `-L` run, the last one kept), `curl -v` output (`< ` lines, and the
//! `> ` request lines, which name the request), DevTools' raw response
//! headers, or an HTTP/2 response with `:status`. It becomes one server
//! entry: status and headers, in order, repeats kept.

use corsim_core::scenario::MAX_HEADERS;

use super::{bounded, cap_headers, clip, draft, redact, redacted_note, Guess, Import, ImportError};
use crate::draft::{Headers, ResponseDraft};

/// The request `curl -v` printed (`> GET /path HTTP/1.1`, `> Host: …`).
#[derive(Default)]
struct Sent {
    method: Option<String>,
    path: Option<String>,
    host: Option<String>,
    origin: Option<String>,
    /// curl's `* Connected to …` line: it names a connection.
    connected: bool,
    /// curl's TLS lines (`* ALPN`, `* SSL …`, `* TLSv1.3 …`): HTTPS.
    tls: bool,
}

/// A response, as a server entry for the request's URL, with notes.
pub fn response(text: &str) -> Result<(ResponseDraft, Vec<String>), ImportError> {
    let (entry, notes, _) = read(text)?;
    Ok((entry, notes))
}

/// A response as a whole scenario: the request is what `curl -v` says it
/// was, else guessed.
pub fn import(text: &str) -> Result<Import, ImportError> {
    let (entry, mut notes, sent) = read(text)?;
    let mut guesses = Vec::new();
    let url = match (&sent.host, &sent.path) {
        (Some(host), path) => {
            // A connection without TLS is plain HTTP; a trace that shows no
            // connection (only the `>` and `<` lines) says nothing: HTTPS.
            let scheme = if sent.connected && !sent.tls {
                "http"
            } else {
                "https"
            };
            format!("{scheme}://{host}{}", path.as_deref().unwrap_or("/"))
        }
        _ => {
            let url = "https://api.example.com/".to_string();
            guesses.push(Guess {
                path: "request.url".to_string(),
                value: url.clone(),
                why: "response headers do not say which URL answered".to_string(),
            });
            url
        }
    };
    let (page, sandboxed) = super::page_from(sent.origin.as_deref(), None, &url, &mut guesses);
    let mut d = draft(&page, &url);
    d.sandboxed = sandboxed;
    if let Some(method) = sent.method {
        d.request.method = method;
    }
    if d.request.method == "OPTIONS" {
        notes.push("this is the answer to a preflight: it answers OPTIONS only".to_string());
        d.request.method = "PUT".to_string();
        guesses.push(Guess {
            path: "request.method".to_string(),
            value: "PUT".to_string(),
            why: "the preflight's Access-Control-Request-Method is not in the output".to_string(),
        });
        d.server.push(ResponseDraft {
            method: Some("OPTIONS".to_string()),
            ..entry
        });
    } else {
        d.server.push(entry);
    }
    Ok(Import {
        draft: d,
        guesses,
        notes,
    })
}

fn read(text: &str) -> Result<(ResponseDraft, Vec<String>, Sent), ImportError> {
    let text = bounded(text)?;
    let mut sent = Sent::default();
    let verbose = text.lines().any(|l| l.starts_with("< HTTP/"));
    // Each response seen: (status, headers); the last one is kept.
    let mut responses: Vec<(u16, Headers)> = Vec::new();
    let mut in_headers = false;
    for raw in text.lines() {
        let line = raw.trim_end_matches('\r');
        let line = if verbose {
            if let Some(req) = line.strip_prefix("> ") {
                read_sent(req, &mut sent);
                continue;
            }
            if let Some(info) = line.strip_prefix("* ") {
                let info = info.trim_start();
                sent.connected |= info.starts_with("Connected to ");
                sent.tls |= ["ALPN", "SSL", "TLS"].iter().any(|t| info.starts_with(t));
                continue;
            }
            match line
                .strip_prefix("< ")
                .or_else(|| (line == "<").then_some(""))
            {
                Some(l) => l,
                None => continue,
            }
        } else {
            line
        };
        if let Some(status) = status_line(line) {
            responses.push((status, Vec::new()));
            in_headers = true;
            continue;
        }
        if !in_headers {
            continue;
        }
        if line.trim().is_empty() {
            // The body follows (or the next response of a `-L` run).
            in_headers = false;
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let Some((status, headers)) = responses.last_mut() else {
            continue;
        };
        if name.trim().is_empty() {
            // `:status: 200`, an HTTP/2 pseudo-header.
            if let Some(s) = value.trim().strip_prefix("status:") {
                *status = s.trim().parse().unwrap_or(*status);
            }
            continue;
        }
        if headers.len() <= MAX_HEADERS {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    // DevTools' raw headers without the status line: `name: value` lines only.
    if responses.is_empty() {
        let pairs: Headers = text
            .lines()
            .filter_map(|l| l.split_once(':'))
            .filter(|(n, _)| is_token(n.trim()))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .take(MAX_HEADERS + 1)
            .collect();
        if pairs.is_empty() {
            return Err(ImportError::Unrecognised(format!(
                "no HTTP response: expected a status line (\"HTTP/1.1 200 OK\") or \"Name: value\" header lines, found \"{}\"",
                clip(text.lines().next().unwrap_or_default().trim(), 80)
            )));
        }
        responses.push((200, pairs));
    }
    let Some((status, mut headers)) = responses.pop() else {
        return Err(ImportError::Unrecognised("no HTTP response".to_string()));
    };
    let mut notes = Vec::new();
    if !responses.is_empty() {
        notes.push(format!(
            "{} responses in the text; the last one is kept",
            responses.len() + 1
        ));
    }
    cap_headers(&mut headers, MAX_HEADERS, "the response", &mut notes);
    notes.extend(redacted_note(redact(&mut headers)));
    Ok((ResponseDraft::new(None, status, headers), notes, sent))
}

/// `HTTP/1.1 200 OK`, `HTTP/2 204`: the status.
fn status_line(line: &str) -> Option<u16> {
    let rest = line.strip_prefix("HTTP/")?;
    let mut words = rest.split_whitespace();
    words.next()?;
    let status: u16 = words.next()?.parse().ok()?;
    (100..=999).contains(&status).then_some(status)
}

fn read_sent(line: &str, sent: &mut Sent) {
    if sent.method.is_none() {
        let mut words = line.split_whitespace();
        if let (Some(m), Some(p), Some(v)) = (words.next(), words.next(), words.next()) {
            if v.starts_with("HTTP/") {
                sent.method = Some(m.to_string());
                sent.path = Some(p.to_string());
                return;
            }
        }
    }
    if let Some((name, value)) = line.split_once(':') {
        match name.trim().to_ascii_lowercase().as_str() {
            "host" => sent.host = Some(value.trim().to_string()),
            "origin" => sent.origin = Some(value.trim().to_string()),
            _ => {}
        }
    }
}

fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_i_output_keeps_the_last_response_and_hides_secrets() {
        let text = "HTTP/1.1 301 Moved Permanently\r\nLocation: /users/\r\n\r\nHTTP/2 200 \r\naccess-control-allow-origin: https://app.example.com\r\nset-cookie: id=42\r\nvary: Origin\r\n\r\n{\"ok\":true}";
        let (entry, notes) = response(text).unwrap();
        assert_eq!(entry.status, "200");
        assert_eq!(
            entry.headers,
            [
                (
                    "access-control-allow-origin".to_string(),
                    "https://app.example.com".to_string()
                ),
                (
                    "set-cookie".to_string(),
                    super::super::PLACEHOLDER.to_string()
                ),
                ("vary".to_string(), "Origin".to_string()),
            ]
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
    }

    #[test]
    fn curl_v_output_names_the_request() {
        let text = "*   Trying 127.0.0.1:443...\n> OPTIONS /data HTTP/1.1\n> Host: api.example.com\n> Origin: https://app.example.com\n>\n< HTTP/1.1 204 No Content\n< Access-Control-Allow-Origin: https://app.example.com\n<\n* Connection left intact";
        let import = import(text).unwrap();
        let d = &import.draft;
        assert_eq!(d.page, "https://app.example.com/");
        assert_eq!(d.request.url, "https://api.example.com/data");
        assert!(d.server[0].is_preflight());
        assert_eq!(d.server[0].status, "204");
    }

    /// The real curl 7.88's `-v` of a plain HTTP request (tests/cli/copies.rs
    /// runs it): `* Connected to` and no TLS line, so the URL is http.
    #[test]
    fn curl_v_of_plain_http_is_http() {
        let text = "*   Trying 127.0.0.1:8080...\n* Connected to 127.0.0.1 (127.0.0.1) port 8080 (#0)\n> GET /items HTTP/1.1\n> Host: 127.0.0.1:8080\n> Origin: http://localhost:3000\n>\n< HTTP/1.1 200 OK\n< Access-Control-Allow-Origin: *\n<\n* Closing connection 0";
        let d = import(text).unwrap().draft;
        assert_eq!(d.request.url, "http://127.0.0.1:8080/items");
        let tls = text.replace(
            "(#0)\n",
            "(#0)\n* ALPN: offers h2,http/1.1\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n",
        );
        assert_eq!(
            import(&tls).unwrap().draft.request.url,
            "https://127.0.0.1:8080/items"
        );
    }

    #[test]
    fn what_is_no_response_says_so() {
        assert!(response("hello")
            .unwrap_err()
            .to_string()
            .contains("no HTTP response"));
        assert_eq!(
            response("content-type: text/plain")
                .unwrap()
                .0
                .headers
                .len(),
            1
        );
    }
}
