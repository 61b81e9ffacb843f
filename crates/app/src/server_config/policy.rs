//! The CORS policy a scenario's server answers express: which origin it
//! allows, with or without credentials, which methods and request headers
//! its preflight answer allows, for how long, and which response headers it
//! exposes; or why no CORS configuration answers that way.
//!
//! Only the answers to the request's own URL count: the preflight's (the
//! `OPTIONS` entry), when the browser sends one, and the request's.

use corsim_core::explain;
use corsim_core::fetch::{is_ok_status, is_redirect_status, respond, Response};
use corsim_core::header::{isomorphic_decode, parse_allow_list};
use corsim_core::method::CORS_SAFELISTED_METHODS;
use corsim_core::origin::Origin;
use corsim_core::scenario::{CredentialsMode, Scenario};
use corsim_core::verdict::{Verdict, WireKind};
use url::Url;

use super::Unsupported;

/// What the scenario's server does, as configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The request's URL: its host and path are where the configuration applies.
    pub url: Url,
    /// The request's method as the browser sends it.
    pub method: String,
    /// What the browser asks for: its `Origin`, and for a preflight the
    /// method and headers it names.
    pub request: Asked,
    /// `None`: the server sends no CORS header at all.
    pub cors: Option<Cors>,
    /// How the application itself answers the request.
    pub answer: Answer,
}

/// What the browser's first request asks the server to allow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asked {
    /// The `Origin` header, if sent.
    pub origin: Option<String>,
    /// Whether the first request is a preflight.
    pub preflight: bool,
    /// The preflight's `Access-Control-Request-Method`, or the request's method.
    pub method: String,
    /// The names in the preflight's `Access-Control-Request-Headers`.
    pub headers: Vec<String>,
}

/// The CORS part of the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cors {
    /// Whether the browser sends a preflight, so that the methods, headers
    /// and max-age below come from its answer. Without one they say nothing
    /// about the server, and the configuration leaves them at the framework's
    /// defaults where it can.
    pub preflight: bool,
    pub origin: AllowOrigin,
    pub credentials: bool,
    /// The preflight answer's `Access-Control-Allow-Methods`; the
    /// CORS-safelisted methods (which need none) when it names none or when
    /// the browser sends no preflight.
    pub methods: Vec<String>,
    /// The preflight answer's `Access-Control-Allow-Headers`, as written.
    pub headers: Vec<String>,
    /// The preflight answer's `Access-Control-Max-Age`, in seconds.
    pub max_age: Option<u64>,
    /// The response's `Access-Control-Expose-Headers`, as written.
    pub expose: Vec<String>,
}

/// `Access-Control-Allow-Origin`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowOrigin {
    /// `*`.
    Any,
    /// One serialized origin, or `null`.
    Exact(String),
}

/// The application's own answer to the request: status and headers, CORS
/// headers and those HTTP itself manages left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// Whether an entry of the scenario answers it; if not, it gets the
    /// simulator's 404 with no headers, and so does the route.
    pub scripted: bool,
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

impl Cors {
    /// Whether the allowed origin is a single value rather than `*`, so that
    /// the answer depends on the request's `Origin` (`Vary: Origin`).
    pub fn varies(&self) -> bool {
        matches!(self.origin, AllowOrigin::Exact(_))
    }

    /// The allowed methods with the CORS-safelisted ones added: the same to
    /// a browser, which never needs those listed, and what frameworks that
    /// check the method themselves need so as to let them through.
    pub fn methods_and_safelisted(&self) -> Vec<String> {
        let mut methods = self.methods.clone();
        for method in CORS_SAFELISTED_METHODS {
            if !methods.iter().any(|m| m == method || m == "*") {
                methods.push(method.to_string());
            }
        }
        methods
    }
}

impl Policy {
    /// What this configuration does not allow of what the browser asks for
    /// (`the origin https://a.example`, `the method PUT`, `the header
    /// x-token`): frameworks that check requests themselves answer those
    /// differently from the scenario's server (with no CORS headers, or a
    /// 403), and the browser blocks them all the same.
    pub fn refused(&self) -> Vec<String> {
        let Some(cors) = &self.cors else {
            return Vec::new();
        };
        let asked = &self.request;
        let mut refused = Vec::new();
        if let (AllowOrigin::Exact(allowed), Some(origin)) = (&cors.origin, &asked.origin) {
            if allowed != origin {
                refused.push(format!("the origin {origin}"));
            }
        }
        if asked.preflight {
            let any = |list: &[String]| list.iter().any(|i| i == "*");
            if !any(&cors.methods) && !cors.methods_and_safelisted().contains(&asked.method) {
                refused.push(format!("the method {}", asked.method));
            }
            if !any(&cors.headers) {
                for header in &asked.headers {
                    if !cors.headers.iter().any(|h| h.eq_ignore_ascii_case(header)) {
                        refused.push(format!("the header {header}"));
                    }
                }
            }
        }
        refused
    }
}

/// Headers of an answer that are not the application's: the CORS headers (the
/// configuration makes them) and those the HTTP server manages itself.
fn is_managed(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("access-control-")
        || matches!(
            lower.as_str(),
            "vary" | "content-length" | "transfer-encoding" | "connection" | "keep-alive" | "date"
        )
}

fn unsupported(why: impl Into<String>) -> Unsupported {
    Unsupported { why: why.into() }
}

/// The policy, or why no framework's CORS configuration answers as the
/// scenario's server does.
pub fn derive(scenario: &Scenario, verdict: &Verdict) -> Result<Policy, Unsupported> {
    if verdict.wire.is_empty() {
        let because = verdict
            .failure
            .as_ref()
            .map(|f| format!(": {}", explain::failure(f)))
            .unwrap_or_default();
        return Err(unsupported(format!(
            "The browser sends nothing for this request{because}. No server configuration changes that."
        )));
    }
    if let Some(hop) = verdict
        .wire
        .iter()
        .find(|w| is_redirect_status(w.status) || w.kind == WireKind::Redirect)
    {
        return Err(unsupported(format!(
            "The server answers {} {} with a redirect ({}). A redirect is routing, not CORS configuration: \
             configure CORS on the server the redirect leads to, for the request that reaches it, and mind that \
             after a redirect to another origin the browser sends `Origin: null`.",
            hop.method, hop.url, hop.status
        )));
    }
    if verdict.same_origin {
        return Err(unsupported(
            "The page and the URL have the same origin, so CORS does not apply: the server needs no CORS configuration.",
        ));
    }
    let url = scenario.request.url.clone();
    let preflight = verdict.wire.iter().find(|w| w.kind == WireKind::Preflight);
    let method = match verdict.wire.iter().find(|w| w.kind == WireKind::Main) {
        Some(main) => main.method.clone(),
        None => preflight
            .and_then(|p| {
                p.headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("Access-Control-Request-Method"))
            })
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| scenario.request.method.clone()),
    };
    let first = &verdict.wire[0];
    let sent = |name: &str| {
        first
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let request = Asked {
        origin: sent("Origin"),
        preflight: first.kind == WireKind::Preflight,
        method: sent("Access-Control-Request-Method").unwrap_or_else(|| method.clone()),
        headers: sent("Access-Control-Request-Headers")
            .map(|names| {
                names
                    .split(',')
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    };
    let main = respond(scenario, &method, &url);
    let answer = Answer {
        scripted: main.entry.is_some(),
        status: main.status,
        headers: main
            .headers
            .iter()
            .filter(|h| !is_managed(&h.name))
            .map(|h| (h.name.clone(), h.value_lossy()))
            .collect(),
    };
    if is_redirect_status(answer.status) {
        return Err(unsupported(format!(
            "The server answers {method} {url} with a redirect ({}). A redirect is routing, not CORS \
             configuration: configure CORS on the server the redirect leads to.",
            main.status
        )));
    }
    let preflight_answer = preflight.map(|_| respond(scenario, "OPTIONS", &url));
    if let Some(answer) = &preflight_answer {
        if answer.entry.is_none() && main.headers.contains("Access-Control-Allow-Origin") {
            return Err(unsupported(format!(
                "Nothing in the scenario answers the preflight (OPTIONS {url}), so it gets a 404 with no \
                 headers, while the response has CORS headers. A CORS middleware answers preflights itself, \
                 so any configuration would answer this one: add an OPTIONS answer to the scenario to say how."
            )));
        }
        if answer.entry.is_some() && !is_ok_status(answer.status) {
            return Err(unsupported(format!(
                "The preflight gets {}: the server does not handle OPTIONS for this URL. A CORS middleware \
                 answers preflights itself with 200 or 204, so any configuration would make this work rather \
                 than reproduce it.",
                answer.status
            )));
        }
    }
    let preflight_access = match &preflight_answer {
        Some(answer) if answer.entry.is_some() => access(answer, "the preflight's answer")?,
        _ => None,
    };
    // The request itself is not sent when the preflight fails; if nothing in
    // the scenario answers it either, the preflight's answer says it all.
    let main_sent = verdict.wire.iter().any(|w| w.kind == WireKind::Main);
    let main_access = if main.entry.is_some() || main_sent {
        access(&main, "the response")?
    } else {
        preflight_access.clone()
    };
    let Some((origin, credentials)) = main_access.clone() else {
        // No CORS header on the response: a server with no CORS configuration,
        // unless its preflight answer has some.
        if preflight_access.is_some() {
            return Err(unsupported(if main.entry.is_some() {
                "The preflight's answer allows the origin but the response has no `Access-Control-Allow-Origin`. \
                 One CORS configuration answers both; this is what happens when something in between, such as \
                 a gateway or a proxy, strips the CORS headers from the response. Fix that layer rather than \
                 the configuration."
                    .to_string()
            } else {
                format!(
                    "Nothing in the scenario answers the request itself ({method} {url}), so it gets a 404 with no \
                     headers, while the preflight's answer has CORS headers. A CORS middleware adds its headers to \
                     every answer: add an answer for the request to the scenario to say how it answers."
                )
            }));
        }
        return Ok(Policy {
            url,
            method,
            request,
            cors: None,
            answer,
        });
    };
    let credentials_included = scenario.request.credentials == CredentialsMode::Include;
    let expose = list(&main, "Access-Control-Expose-Headers", "the response")?;

    let (mut methods, mut headers, mut max_age) = (Vec::new(), Vec::new(), None);
    if let Some(answer) = preflight_answer.as_ref().filter(|a| a.entry.is_some()) {
        if preflight_access != main_access {
            return Err(unsupported(
                "The preflight's answer and the response disagree on `Access-Control-Allow-Origin` or \
                 `Access-Control-Allow-Credentials`. A CORS configuration answers both the same way; two \
                 different answers come from two layers (a proxy and the application) or two configurations.",
            ));
        }
        methods = list(
            answer,
            "Access-Control-Allow-Methods",
            "the preflight's answer",
        )?;
        headers = list(
            answer,
            "Access-Control-Allow-Headers",
            "the preflight's answer",
        )?;
        if let Some(value) = answer.headers.get("Access-Control-Max-Age") {
            let value = isomorphic_decode(&value);
            max_age = Some(value.parse::<u64>().ok().filter(|_| value.bytes().all(|b| b.is_ascii_digit())).ok_or_else(|| {
                unsupported(format!(
                    "`Access-Control-Max-Age: {value}` is not a number of seconds, and a framework sends only numbers."
                ))
            })?);
        }
    }
    if methods.is_empty() {
        methods = CORS_SAFELISTED_METHODS
            .iter()
            .map(|m| m.to_string())
            .collect();
    }
    if credentials_included
        && [&methods, &headers, &expose]
            .iter()
            .any(|l| l.iter().any(|item| item == "*"))
    {
        return Err(unsupported(
            "With credentials, browsers read `*` in `Access-Control-Allow-Methods`, `-Allow-Headers` and \
             `-Expose-Headers` as a name, not as \"everything\". Frameworks either refuse `*` with credentials \
             or answer with the actual names instead, so none answers exactly this way. List the names.",
        ));
    }
    Ok(Policy {
        url,
        method,
        request,
        cors: Some(Cors {
            preflight: preflight_answer.is_some(),
            origin,
            credentials,
            methods,
            headers,
            max_age,
            expose,
        }),
        answer,
    })
}

/// The allowed origin and whether credentials are allowed, as one answer
/// says; `None` when it has no `Access-Control-Allow-Origin`.
fn access(response: &Response, which: &str) -> Result<Option<(AllowOrigin, bool)>, Unsupported> {
    let values = response.headers.get_all("Access-Control-Allow-Origin");
    let value = match values.as_slice() {
        [] => return Ok(None),
        [one] => isomorphic_decode(one),
        _ => {
            return Err(unsupported(format!(
                "{} has {} `Access-Control-Allow-Origin` headers. No CORS configuration sends two: each comes from \
                 a different layer (typically a proxy and the application both add one). Let only one of them do it.",
                explain::capitalized(which),
                values.len()
            )))
        }
    };
    let origin = if value == "*" {
        AllowOrigin::Any
    } else if value == "null" {
        AllowOrigin::Exact(value)
    } else {
        let serialized = Url::parse(&value)
            .ok()
            .map(|u| Origin::of(&u))
            .filter(|o| !matches!(o, Origin::Opaque))
            .map(|o| o.serialize());
        match serialized {
            Some(origin) if origin == value => AllowOrigin::Exact(value),
            _ if value.contains(',') => {
                return Err(unsupported(format!(
                    "`Access-Control-Allow-Origin: {value}` lists several origins, which browsers refuse. \
                     Frameworks configured with several origins send one: the request's, when it is in their list."
                )))
            }
            Some(origin) => {
                return Err(unsupported(format!(
                    "`Access-Control-Allow-Origin: {value}` is not written as an origin (`{origin}`: scheme, host \
                     and port only, no path, not even a trailing `/`). Frameworks are configured with origins and \
                     send them back as written, so configure `{origin}`."
                )))
            }
            None => {
                return Err(unsupported(format!(
                    "`Access-Control-Allow-Origin: {value}` is not an origin, `*` or `null`, and a framework sends \
                     only those."
                )))
            }
        }
    };
    let credentials = match response.headers.get("Access-Control-Allow-Credentials") {
        None => false,
        Some(v) if v == b"true" => true,
        Some(v) => {
            return Err(unsupported(format!(
                "{} has `Access-Control-Allow-Credentials: {}`. Frameworks send exactly `true`, or nothing.",
                explain::capitalized(which),
                isomorphic_decode(&v)
            )))
        }
    };
    if credentials && origin == AllowOrigin::Any {
        return Err(unsupported(
            "`Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true` never works in a \
             browser, and frameworks refuse it or send the request's origin instead. To allow credentials, \
             configure the page's origin.",
        ));
    }
    Ok(Some((origin, credentials)))
}

/// A combined `Access-Control-Allow-Methods`, `-Allow-Headers` or
/// `-Expose-Headers` list, items as written.
fn list(response: &Response, name: &str, which: &str) -> Result<Vec<String>, Unsupported> {
    let Some(value) = response.headers.get(name) else {
        return Ok(Vec::new());
    };
    parse_allow_list(&value).map_err(|e| {
        unsupported(format!(
            "`{name}: {}` in {which} is not a list a framework sends: {e}. Frameworks join names with commas.",
            isomorphic_decode(&value)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(json: &str) -> Result<Policy, Unsupported> {
        let scenario = Scenario::from_json(json).expect("valid");
        let verdict = corsim_core::evaluate(&scenario);
        derive(&scenario, &verdict)
    }

    #[test]
    fn the_default_scenario_is_one_origin_with_credentials_and_a_preflight() {
        let p = policy(include_str!("../presets/default.json")).expect("expressible");
        assert_eq!(p.method, "DELETE");
        assert_eq!(
            p.request,
            Asked {
                origin: Some("https://app.example.com".into()),
                preflight: true,
                method: "DELETE".into(),
                headers: vec!["authorization".into(), "content-type".into()],
            }
        );
        let cors = p.cors.as_ref().expect("CORS");
        assert_eq!(
            cors.origin,
            AllowOrigin::Exact("https://app.example.com".into())
        );
        assert!(cors.credentials);
        assert_eq!(cors.methods, ["GET", "POST", "DELETE"]);
        assert_eq!(cors.headers, ["Authorization", "Content-Type"]);
        assert_eq!(cors.max_age, Some(600));
        assert!(cors.expose.is_empty());
        // CORS headers are the configuration's; the application sends the rest.
        assert_eq!(
            p.answer,
            Answer {
                scripted: true,
                status: 200,
                headers: vec![("Content-Type".into(), "application/json".into())],
            }
        );
        assert!(p.refused().is_empty());
    }

    #[test]
    fn with_no_preflight_the_methods_are_the_safelisted_ones() {
        let p = policy(include_str!("../presets/expose-headers.json")).expect("expressible");
        let cors = p.cors.expect("CORS");
        assert_eq!(cors.methods, ["GET", "HEAD", "POST"]);
        assert_eq!(cors.expose, ["X-Total-Count"]);
    }

    #[test]
    fn what_the_configuration_refuses_is_named() {
        let p = policy(include_str!("../presets/misspelled-origin.json")).expect("expressible");
        assert_eq!(p.refused(), ["the origin https://app.example.com"]);
        let p = policy(include_str!("../presets/header-not-allowed.json")).expect("expressible");
        assert_eq!(p.refused(), ["the header authorization"]);
        let p = policy(include_str!("../presets/patch-lowercase.json")).expect("expressible");
        assert_eq!(p.refused(), ["the method patch"]);
    }

    #[test]
    fn no_cors_header_is_a_server_without_cors() {
        let p = policy(include_str!("../presets/missing-allow-origin.json")).expect("expressible");
        assert_eq!(p.cors, None);
        assert!(p.refused().is_empty());
    }

    #[test]
    fn broken_answers_say_why_no_configuration_gives_them() {
        // (preset, words the reason must hold)
        let cases = [
            (
                "duplicate-allow-origin",
                "2 `Access-Control-Allow-Origin` headers",
            ),
            ("allow-origin-trailing-slash", "not even a trailing `/`"),
            ("wildcard-with-credentials", "never works in a browser"),
            ("gateway-strips-cors-headers", "strips the CORS headers"),
            ("options-not-handled", "The preflight gets 405"),
            ("redirect-to-cdn-works", "A redirect is routing"),
            ("same-origin-path", "CORS does not apply"),
            ("mixed-content", "The browser sends nothing"),
        ];
        for (preset, words) in cases {
            let json = crate::presets::by_id(preset)
                .unwrap_or_else(|| panic!("no preset {preset}"))
                .draft()
                .to_json();
            let why = policy(&json).expect_err(preset).why;
            assert!(why.contains(words), "{preset}: {why}");
        }
    }
}
