//! A document's requests: each one's fields, its time and its URL, which
//! version 2 lets be relative to the page.

use serde_json::Value;
use url::Url;

use super::{join, kind, quoted, shortened, Validator};
use crate::scenario::{
    AddressSpace, BodyKind, CredentialsMode, CrossOrigin, Initiator, PageRequest, RedirectMode,
    RequestInit, RequestMode, MAX_AT_SECONDS, MAX_REQUESTS,
};

impl Validator {
    pub(super) fn requests(
        &mut self,
        value: &Value,
        page: Option<&Url>,
    ) -> Option<Vec<PageRequest>> {
        let Value::Array(items) = value else {
            self.error(
                "requests",
                format!("expected a list of requests, found {}", kind(value)),
            );
            return None;
        };
        if items.is_empty() || items.len() > MAX_REQUESTS {
            self.error(
                "requests",
                format!("{} requests; a page makes 1 to {MAX_REQUESTS}", items.len()),
            );
            return None;
        }
        let mut requests = Vec::with_capacity(items.len());
        let mut previous = 0;
        let mut all = true;
        for (i, item) in items.iter().enumerate() {
            match self.request(item, &format!("requests[{i}]"), page, true, previous) {
                Some(request) => {
                    previous = request.at_ms;
                    requests.push(request);
                }
                None => all = false,
            }
        }
        all.then_some(requests)
    }

    /// One request; `previous` is the time of the one before it, the
    /// default for its own.
    pub(super) fn request(
        &mut self,
        value: &Value,
        path: &str,
        scenario_page: Option<&Url>,
        v2: bool,
        previous: u64,
    ) -> Option<PageRequest> {
        let map = self.object(value, path)?;
        let v1_fields = [
            "url",
            "method",
            "headers",
            "mode",
            "credentials",
            "redirect",
        ];
        let v2_fields = [
            "at",
            "page",
            "initiator",
            "with_credentials",
            "upload_listeners",
            "crossorigin",
            "body",
            "target_address_space",
        ];
        let known: Vec<&str> = if v2 {
            v1_fields.iter().chain(&v2_fields).copied().collect()
        } else {
            v1_fields.to_vec()
        };
        self.unknown_fields(map, path, &known);
        let at_ms = match map.get("at") {
            None => previous,
            Some(at) => self.at(at, &join(path, "at"), previous),
        };
        let own_page = map
            .get("page")
            .and_then(|p| self.url(p, &join(path, "page")));
        let page = own_page.as_ref().or(scenario_page);
        let url = match map.get("url") {
            Some(u) if v2 => self.relative_url(u, &join(path, "url"), page),
            Some(u) => self.url(u, &join(path, "url")),
            None => {
                self.error(&join(path, "url"), "missing: the URL the request goes to");
                None
            }
        };
        let initiator = self.keyword(map, path, "initiator", Initiator::ALL, Initiator::Fetch);
        let headers = self.header_pairs(map.get("headers"), &join(path, "headers"));
        let method = match map.get("method") {
            None => "GET".to_string(),
            Some(m) => self
                .string(m, &join(path, "method"))
                .unwrap_or("GET")
                .to_string(),
        };
        let only = |this: &mut Validator, key: &str, allowed: &[Initiator], what: &str| {
            if map.contains_key(key) && !allowed.contains(&initiator) {
                this.error(&join(path, key), format!("only {what} take {key}"));
            }
        };
        only(self, "with_credentials", &[Initiator::Xhr], "xhr requests");
        only(self, "upload_listeners", &[Initiator::Xhr], "xhr requests");
        only(
            self,
            "crossorigin",
            &[Initiator::Img, Initiator::Script],
            "img and script",
        );
        only(
            self,
            "body",
            &[Initiator::Fetch, Initiator::Xhr],
            "fetch and xhr requests",
        );
        only(
            self,
            "target_address_space",
            &[Initiator::Fetch],
            "fetch requests",
        );
        if initiator != Initiator::Fetch {
            for key in ["mode", "credentials", "redirect"] {
                if map.contains_key(key) {
                    self.error(
                        &join(path, key),
                        format!(
                            "follows from the initiator {}; leave it out",
                            initiator.as_str()
                        ),
                    );
                }
            }
        }
        if initiator.is_element() {
            if method != "GET" {
                self.error(
                    &join(path, "method"),
                    format!("{} requests are GET", initiator.as_str()),
                );
            }
            if !headers.is_empty() {
                self.error(
                    &join(path, "headers"),
                    format!("{} requests carry no author headers", initiator.as_str()),
                );
            }
        }
        let with_credentials = self.boolean(map, path, "with_credentials");
        let upload_listeners = self.boolean(map, path, "upload_listeners");
        let crossorigin = map.contains_key("crossorigin").then(|| {
            self.keyword(
                map,
                path,
                "crossorigin",
                CrossOrigin::ALL,
                CrossOrigin::Anonymous,
            )
        });
        let body = self.keyword(map, path, "body", BodyKind::ALL, BodyKind::None);
        let target_address_space = map.contains_key("target_address_space").then(|| {
            self.keyword(
                map,
                path,
                "target_address_space",
                AddressSpace::ALL,
                AddressSpace::Public,
            )
        });
        // "fetch" reads the options; the others imply them.
        let (mode, credentials, redirect) = match initiator {
            Initiator::Fetch => (
                self.keyword(map, path, "mode", RequestMode::ALL, RequestMode::Cors),
                self.keyword(
                    map,
                    path,
                    "credentials",
                    CredentialsMode::ALL,
                    CredentialsMode::SameOrigin,
                ),
                self.keyword(
                    map,
                    path,
                    "redirect",
                    RedirectMode::ALL,
                    RedirectMode::Follow,
                ),
            ),
            Initiator::Xhr => (
                RequestMode::Cors,
                if with_credentials {
                    CredentialsMode::Include
                } else {
                    CredentialsMode::SameOrigin
                },
                RedirectMode::Follow,
            ),
            Initiator::Img | Initiator::Script => match crossorigin {
                None => (
                    RequestMode::NoCors,
                    CredentialsMode::Include,
                    RedirectMode::Follow,
                ),
                Some(CrossOrigin::Anonymous) => (
                    RequestMode::Cors,
                    CredentialsMode::SameOrigin,
                    RedirectMode::Follow,
                ),
                Some(CrossOrigin::UseCredentials) => (
                    RequestMode::Cors,
                    CredentialsMode::Include,
                    RedirectMode::Follow,
                ),
            },
            Initiator::Font => (
                RequestMode::Cors,
                CredentialsMode::SameOrigin,
                RedirectMode::Follow,
            ),
        };
        Some(PageRequest {
            at_ms,
            page: own_page,
            init: RequestInit {
                url: url?,
                method,
                headers,
                mode,
                credentials,
                redirect,
                initiator,
                crossorigin,
                with_credentials,
                upload_listeners,
                body,
                target_address_space,
            },
        })
    }

    /// `at`: seconds, a number from the previous request's time to
    /// [`MAX_AT_SECONDS`], kept in milliseconds. Messages quote the number
    /// as written and say times in milliseconds: formatting a float would
    /// add the float printer to the app's first load.
    fn at(&mut self, value: &Value, path: &str, previous: u64) -> u64 {
        let Some(seconds) = value.as_f64() else {
            self.error(
                path,
                format!("expected a number of seconds, found {}", kind(value)),
            );
            return previous;
        };
        let written = shortened(&value.to_string());
        if !(0.0..=MAX_AT_SECONDS as f64).contains(&seconds) {
            self.error(
                path,
                format!("{written} is not a time from 0 to {MAX_AT_SECONDS} seconds"),
            );
            return previous;
        }
        // Within the bound, a whole number of milliseconds fits in u64.
        let ms = (seconds * 1000.0).round() as u64;
        if ms < previous {
            self.error(
                path,
                format!(
                    "{written} is before the previous request's time ({previous} ms); requests are in order"
                ),
            );
            return previous;
        }
        ms
    }

    /// A URL that may be relative to the request's page, resolved as
    /// `fetch()` resolves it.
    fn relative_url(&mut self, value: &Value, path: &str, page: Option<&Url>) -> Option<Url> {
        let text = self.string(value, path)?;
        match Url::parse(text) {
            Ok(url) => Some(url),
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                let page = page?;
                match page.join(text) {
                    Ok(url) => Some(url),
                    Err(e) => {
                        self.error(
                            path,
                            format!(
                                "{} cannot be resolved against the page {} ({e})",
                                quoted(text),
                                quoted(page.as_str())
                            ),
                        );
                        None
                    }
                }
            }
            Err(e) => {
                self.error(path, format!("{} is not a valid URL ({e})", quoted(text)));
                None
            }
        }
    }
}
