//! A whole scenario document: the page's requests in order, over time.
//! Version 1 has one request at time 0; version 2 up to [`MAX_REQUESTS`],
//! each at its own time and possibly from another page of the same browser.

use serde_json::Value;
use url::Url;

use super::validate::Validator;
use super::{parse_document, Network, RequestInit, Scenario, ScenarioError, ServerResponse};

/// A validated document, version 1 or 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// The version the document declared.
    pub version: u64,
    pub title: Option<String>,
    pub page: Url,
    pub sandboxed: bool,
    pub attacker: bool,
    pub network: Network,
    pub requests: Vec<PageRequest>,
    pub server: Vec<ServerResponse>,
}

/// One request of the page, when it starts and which page makes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// Milliseconds after the page loaded (the document says seconds).
    pub at_ms: u64,
    /// The page that makes it, when it is not the scenario's own.
    pub page: Option<Url>,
    /// Its URL resolved against its page.
    pub init: RequestInit,
}

impl Timeline {
    /// Parses and validates a document of either version, returning every
    /// problem found.
    pub fn from_json(text: &str) -> Result<Timeline, Vec<ScenarioError>> {
        Timeline::from_value(&parse_document(text)?)
    }

    /// Validates an already parsed JSON document.
    pub fn from_value(value: &Value) -> Result<Timeline, Vec<ScenarioError>> {
        let mut v = Validator::default();
        match v.timeline(value) {
            Some(t) if v.errors.is_empty() => Ok(t),
            _ => Err(v.errors),
        }
    }

    /// The document of one scenario: its one request at time 0.
    pub fn of_scenario(scenario: &Scenario) -> Timeline {
        Timeline {
            version: 1,
            title: scenario.title.clone(),
            page: scenario.page.clone(),
            sandboxed: scenario.sandboxed,
            attacker: scenario.attacker,
            network: scenario.network.clone(),
            requests: vec![PageRequest {
                at_ms: 0,
                page: None,
                init: scenario.request.clone(),
            }],
            server: scenario.server.clone(),
        }
    }

    /// The scenario of request `index`: its page, that request, the server.
    /// The scenario's `sandboxed` holds for its own page only.
    pub fn scenario(&self, index: usize) -> Option<Scenario> {
        let request = self.requests.get(index)?;
        Some(Scenario {
            title: self.title.clone(),
            page: request.page.clone().unwrap_or_else(|| self.page.clone()),
            sandboxed: self.sandboxed && request.page.is_none(),
            request: request.init.clone(),
            server: self.server.clone(),
            attacker: self.attacker,
            network: self.network.clone(),
        })
    }

    /// Every request's scenario, in order.
    pub fn scenarios(&self) -> Vec<Scenario> {
        (0..self.requests.len())
            .filter_map(|i| self.scenario(i))
            .collect()
    }

    /// The one request's scenario, or why a document of several requests
    /// is not one scenario.
    pub fn into_single(self) -> Result<Scenario, Vec<ScenarioError>> {
        match self.requests.len() {
            1 => self.scenario(0).ok_or_else(Vec::new),
            n => Err(vec![ScenarioError {
                path: "requests".to_string(),
                message: format!("{n} requests; this reads a scenario of one request"),
            }]),
        }
    }

    /// Whether the document uses anything of version 2, so that a writer
    /// must emit `"version": 2`.
    pub fn needs_version_2(&self) -> bool {
        self.requests.len() != 1
            || self.attacker
            || self.network != Network::default()
            || self
                .server
                .iter()
                .any(|s| s.times.is_some() || s.fail.is_some())
            || self.requests.iter().any(|r| {
                let defaults = RequestInit {
                    url: r.init.url.clone(),
                    method: r.init.method.clone(),
                    headers: r.init.headers.clone(),
                    mode: r.init.mode,
                    credentials: r.init.credentials,
                    redirect: r.init.redirect,
                    ..RequestInit::get(r.init.url.clone())
                };
                r.at_ms != 0 || r.page.is_some() || r.init != defaults
            })
    }
}
