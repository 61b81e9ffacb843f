//! The scripted server's entries: what each answers, how many times, or
//! that it gives no response at all.

use serde_json::Value;

use super::{join, kind, quoted, shortened, Validator};
use crate::scenario::{Fail, ServerResponse};

impl Validator {
    pub(super) fn server_response(
        &mut self,
        value: &Value,
        path: &str,
        v2: bool,
    ) -> Option<ServerResponse> {
        let map = self.object(value, path)?;
        let known: &[&str] = if v2 {
            &["method", "url", "status", "headers", "times", "fail"]
        } else {
            &["method", "url", "status", "headers"]
        };
        self.unknown_fields(map, path, known);
        let times = match map.get("times") {
            None => None,
            Some(Value::Number(n)) if n.as_u64().is_some_and(|t| t >= 1) => Some(
                n.as_u64()
                    .and_then(|t| u32::try_from(t).ok())
                    .unwrap_or(u32::MAX),
            ),
            Some(other) => {
                self.error(
                    &join(path, "times"),
                    format!(
                        "{} is not a whole number of at least 1",
                        shortened(&other.to_string())
                    ),
                );
                None
            }
        };
        let fail = map
            .contains_key("fail")
            .then(|| self.keyword(map, path, "fail", Fail::ALL, Fail::Refused));
        if fail.is_some() {
            for key in ["status", "headers"] {
                if map.contains_key(key) {
                    self.error(
                        &join(path, key),
                        "an entry with fail has no HTTP response: leave it out",
                    );
                }
            }
        }
        let method = map
            .get("method")
            .and_then(|m| self.string(m, &join(path, "method")))
            .map(str::to_string);
        let url = map.get("url").and_then(|u| self.url(u, &join(path, "url")));
        let status = match map.get("status") {
            None => 200,
            Some(Value::Number(n)) => match n.as_u64().and_then(|n| u16::try_from(n).ok()) {
                // Fetch allows any three-digit status; 1xx are not final.
                Some(status @ 200..=999) => status,
                _ => {
                    self.error(
                        &join(path, "status"),
                        format!("{n} is not a final HTTP status; use 200 to 999"),
                    );
                    200
                }
            },
            Some(other) => {
                self.error(
                    &join(path, "status"),
                    format!("expected a number, found {}", kind(other)),
                );
                200
            }
        };
        let headers_path = join(path, "headers");
        let headers = self.header_pairs(map.get("headers"), &headers_path);
        self.server_header_syntax(&headers, &headers_path);
        Some(ServerResponse {
            method,
            url,
            status,
            headers,
            times,
            fail,
        })
    }

    /// A server cannot send a header that HTTP cannot carry; saying so here
    /// beats a verdict about a response no browser would ever parse.
    fn server_header_syntax(&mut self, headers: &[(String, String)], path: &str) {
        use crate::header::{header_name_problem, header_value_problem, normalize_header_value};
        for (i, (name, value)) in headers.iter().enumerate() {
            if let Some(problem) = header_name_problem(name) {
                self.error(
                    &format!("{path}[{i}][0]"),
                    format!("{}: {problem}", quoted(name)),
                );
            }
            if let Some(problem) = header_value_problem(normalize_header_value(value.as_bytes())) {
                self.error(&format!("{path}[{i}][1]"), problem.to_string());
            }
        }
    }
}
