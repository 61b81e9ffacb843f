//! The request log: every request with all its headers, as JSON for the
//! control API and as one line on standard error for a person.

use serde::Serialize;

use super::route::Scheme;
use corsim_core::header::isomorphic_decode;

/// One request as it arrived, and how it was answered.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// Position since the server started, from 1; a cleared log keeps counting.
    pub seq: u64,
    pub scheme: &'static str,
    pub method: String,
    /// The URL the request was for: its scheme, `Host` and target.
    pub url: String,
    /// Every header as received, in order; names lower-case (HTTP/1 names
    /// are case-insensitive, and hyper reads them so), values as bytes read
    /// as Latin-1.
    pub headers: Vec<(String, String)>,
    pub body_bytes: usize,
    /// `server[N]`, `unmatched` (the 404 with no headers), `page` or `app`.
    pub answer: String,
    pub status: u16,
}

impl Entry {
    #[allow(clippy::too_many_arguments)] // one argument per logged field
    pub fn new(
        scheme: Scheme,
        method: &str,
        url: String,
        headers: &[(String, Vec<u8>)],
        body_bytes: usize,
        answer: String,
        status: u16,
    ) -> Entry {
        Entry {
            seq: 0,
            scheme: scheme.as_str(),
            method: method.to_string(),
            url,
            headers: headers
                .iter()
                .map(|(n, v)| (n.clone(), isomorphic_decode(v)))
                .collect(),
            body_bytes,
            answer,
            status,
        }
    }

    /// The entry as one line: `#7 OPTIONS https://api.example.com/data -> 204 server[0] | host: … | origin: …`.
    pub fn line(&self) -> String {
        let mut line = format!(
            "corsim serve: #{} {} {} -> {} {}",
            self.seq,
            printable(&self.method),
            printable(&self.url),
            self.status,
            self.answer
        );
        if self.body_bytes > 0 {
            line.push_str(&format!(" ({} body bytes)", self.body_bytes));
        }
        for (name, value) in &self.headers {
            line.push_str(&format!(" | {name}: {}", printable(value)));
        }
        line
    }
}

/// Control characters and non-ASCII as escapes, so that one request stays
/// one line whatever its headers hold.
fn printable(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                vec![c]
            } else {
                format!("\\x{{{:x}}}", u32::from(c)).chars().collect()
            }
        })
        .collect()
}

/// The log the control API reads and clears.
#[derive(Debug, Default)]
pub struct Log {
    entries: Vec<Entry>,
    next: u64,
}

impl Log {
    /// Numbers and keeps the entry; returns it numbered.
    pub fn push(&mut self, mut entry: Entry) -> Entry {
        self.next += 1;
        entry.seq = self.next;
        self.entries.push(entry.clone());
        entry
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Empties the log, returning what it held.
    pub fn take(&mut self) -> Vec<Entry> {
        std::mem::take(&mut self.entries)
    }
}

/// A control API call: on standard error only, not in the log it reads.
pub fn print_control(
    method: &str,
    url: &Result<url::Url, String>,
    headers: &[(String, Vec<u8>)],
    status: u16,
) {
    print_unlogged(
        format!("control {} -> {status}", request(method, url)),
        headers,
    );
}

/// A refused request (see `guard`): on standard error only, with why; not
/// in the log, which holds the requests the companion answered.
pub fn print_refused(
    method: &str,
    url: &Result<url::Url, String>,
    headers: &[(String, Vec<u8>)],
    why: &str,
) {
    print_unlogged(
        format!(
            "refused {} -> 403: {}",
            request(method, url),
            printable(why)
        ),
        headers,
    );
}

/// `METHOD URL`, printable.
fn request(method: &str, url: &Result<url::Url, String>) -> String {
    let url = match url {
        Ok(url) => url.as_str(),
        Err(raw) => raw.as_str(),
    };
    format!("{} {}", printable(method), printable(url))
}

/// One line on standard error: `what`, then every header.
fn print_unlogged(what: String, headers: &[(String, Vec<u8>)]) {
    let mut line = format!("corsim serve: {what}");
    for (name, value) in headers {
        line.push_str(&format!(
            " | {name}: {}",
            printable(&isomorphic_decode(value))
        ));
    }
    eprintln!("{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_request_is_one_line_with_every_header() {
        let mut log = Log::default();
        let entry = log.push(Entry::new(
            Scheme::Https,
            "OPTIONS",
            "https://api.example.com/data".into(),
            &[
                ("host".into(), b"api.example.com".to_vec()),
                ("x-evil".into(), b"a\xe9\tb".to_vec()),
            ],
            0,
            "server[0]".into(),
            204,
        ));
        assert_eq!(
            entry.line(),
            "corsim serve: #1 OPTIONS https://api.example.com/data -> 204 server[0] \
             | host: api.example.com | x-evil: a\\x{e9}\\x{9}b"
        );
        assert_eq!(log.entries().len(), 1);
        assert_eq!(log.take().len(), 1);
        assert!(log.entries().is_empty());
        let next = log.push(entry);
        assert_eq!(next.seq, 2, "a cleared log keeps counting");
    }
}
