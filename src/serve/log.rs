//! The request log: every request with all its headers, as JSON for the
//! control API and as one line on standard error for a person.

use corsim_app::live::LoggedRequest;

use super::route::Scheme;
use corsim_core::header::isomorphic_decode;

/// One request as it arrived, and how it was answered: the type live mode
/// reads the log back into.
pub type Entry = LoggedRequest;

/// The entry for a request, numbered when the log keeps it.
#[allow(clippy::too_many_arguments)] // one argument per logged field
pub fn entry(
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
        scheme: scheme.as_str().to_string(),
        method: method.to_string(),
        url,
        headers: headers
            .iter()
            .map(|(n, v)| (n.clone(), isomorphic_decode(v)))
            .collect(),
        body_bytes,
        answer,
        status,
        fail: None,
        received_ms: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
    }
}

/// The entry as one line: `#7 OPTIONS https://api.example.com/data -> 204 server[0] | host: … | origin: …`.
pub fn line(entry: &Entry) -> String {
    let mut line = format!(
        "corsim serve: #{} {} {} -> {} {}",
        entry.seq,
        printable(&entry.method),
        printable(&entry.url),
        entry.status,
        entry.answer
    );
    if let Some(fail) = &entry.fail {
        line.push_str(&format!(" (fail: {fail}, no response)"));
    }
    if entry.body_bytes > 0 {
        line.push_str(&format!(" ({} body bytes)", entry.body_bytes));
    }
    for (name, value) in &entry.headers {
        line.push_str(&format!(" | {name}: {}", printable(value)));
    }
    line
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
        let entry = log.push(entry(
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
            line(&entry),
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
