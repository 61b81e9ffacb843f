//! "Run it for real": a live run beside the simulated one, row by row, each
//! difference said in words and marked, not told by colour alone.
//!
//! The simulated side is corsim's verdict for the scenario as it was run, in
//! the browser that ran it: Chromium's, as the app shows, or Firefox's in
//! Firefox (`crate::live::browser_of`), since Firefox differs on purpose at
//! times and corsim knows where. The real side is what the learner's browser
//! did with the mapped scenario (`crate::live`), every name mapped back.
//! Where they differ, the core's verdict for the mapped scenario tells why:
//! when it agrees with the browser, the difference comes from the mapping
//! (mixed content, a refused port; see the caveats), not from a disagreement
//! between the browser and corsim.
//!
//! The comparison is drawn in the import worker ([`markup`],
//! `crate::live::run`); the app's first load holds only [`live_panel`].

use corsim_core::browser::Browser;
use corsim_core::infra::sort;
use corsim_core::verdict::{Outcome, Verdict, WireEntry};

use crate::draft::Draft;
use crate::live::{caveats, LiveFailure, LiveRun, LoggedRequest, OriginMap, PageResult};
use crate::markup::escape;
use crate::state::Live;
use crate::views::script_view::script_view;

/// How one row compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    Same,
    /// The browser and corsim disagree.
    Differs,
    /// They differ, and corsim's verdict for the mapped scenario says the
    /// same as the browser: the mapping explains it.
    DiffersByMapping,
}

impl Agreement {
    /// The mark shown beside the row (with [`Agreement::word`], never alone).
    pub fn mark(self) -> &'static str {
        match self {
            Agreement::Same => "=",
            Agreement::Differs => "≠",
            Agreement::DiffersByMapping => "≈",
        }
    }

    /// The row's verdict in words.
    pub fn word(self) -> &'static str {
        match self {
            Agreement::Same => "same",
            Agreement::Differs => "differs",
            Agreement::DiffersByMapping => "differs: the mapping",
        }
    }

    /// A CSS class and a stable name for tests.
    pub fn as_str(self) -> &'static str {
        match self {
            Agreement::Same => "same",
            Agreement::Differs => "differs",
            Agreement::DiffersByMapping => "mapping",
        }
    }
}

/// One compared fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// What is compared: `fetch() gives`, `Request 1: Origin`.
    pub label: String,
    pub simulated: String,
    pub real: String,
    pub agreement: Agreement,
}

/// The live panel's content after a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveView {
    /// Every origin of the scenario and where it ran.
    pub origins: Vec<(String, String)>,
    pub rows: Vec<Row>,
    /// One sentence: how many rows differ, and why.
    pub summary: String,
    /// The browser whose verdict the rows compare with: the one that ran
    /// the scenario, or Chromium for a browser corsim does not model.
    pub compared_with: &'static str,
    /// Whether every row is the same.
    pub agrees: bool,
    /// The summary's mark: `✓` all the same, `≈` every difference from the
    /// mapping, `≠` a disagreement (with the summary's words, never alone).
    pub mark: &'static str,
    /// The rejection as the browser worded it, when the promise rejected.
    pub error: Option<String>,
    /// What the mapping changes for this scenario (`crate::live::caveats`).
    pub caveats: Vec<String>,
}

/// The whole live panel, before, during and after a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LivePanel {
    /// Why this scenario cannot run live at all (a `file:` page, say).
    pub blocked: Option<String>,
    pub running: bool,
    /// The companion was not found: say how to start it.
    pub absent: bool,
    /// The run failed for another reason, in one sentence.
    pub failure: Option<String>,
    /// The last run's comparison, as markup ([`markup`]).
    pub report: Option<String>,
    /// The scenario was edited since it was run: the report is of the one run.
    pub stale: bool,
}

/// The live panel for the scenario on screen; `None` while it is not valid.
pub fn live_panel(live: &Live, draft: &Draft) -> Option<LivePanel> {
    // Live mode runs one fetch(); a page's timeline is proven against the
    // real browsers by the agreement suite instead.
    let timeline = draft.timeline().ok()?;
    // Whether the scenario maps onto the companion's names is known once
    // the worker has tried: a run that cannot says why.
    let blocked = timeline.needs_version_2().then(|| {
        "it uses version 2 (several requests over time, another initiator, a body, \
         a server that changes or does not answer, or Local Network Access), and a live \
         run makes one fetch()"
            .to_string()
    });
    let mut panel = LivePanel {
        blocked,
        running: live.is_running(),
        absent: false,
        failure: None,
        report: None,
        stale: false,
    };
    if let Live::Done { result, .. } = live {
        match result {
            Ok(report) => {
                panel.stale = report.draft != *draft;
                panel.report = Some(report.markup.clone());
            }
            Err(LiveFailure::Absent) => panel.absent = true,
            Err(LiveFailure::CannotMap(e)) => {
                panel.failure = Some(format!("This scenario cannot run live: {e}."))
            }
            Err(LiveFailure::Failed(why)) => {
                panel.failure = Some(format!("The run did not finish: {why}."))
            }
        }
    }
    Some(panel)
}

/// The facts compared, in the scenario's own names.
struct Facts {
    origin: String,
    outcome: String,
    response_type: String,
    status: String,
    readable: String,
    wire: Vec<Sent>,
}

/// One request on the wire, as compared.
struct Sent {
    line: String,
    origin: String,
    method: String,
    headers: String,
}

const NOT_SENT: &str = "(not sent)";

/// The comparison of a finished run. `None` when the scenario run does not
/// validate (it did when it ran).
pub fn live_view(run: &LiveRun) -> Option<LiveView> {
    let scenario = run.draft.scenario().ok()?;
    // corsim's verdict for the browser that ran it (Firefox's own where
    // Firefox differs from Chromium on purpose); Chromium's for a browser
    // corsim does not model.
    let browser = run.browser.unwrap_or(Browser::Chromium);
    let verdict = corsim_core::evaluate_for(&scenario, browser);
    let simulated = simulated_facts(&run.draft, &verdict, None)?;
    // The core's verdict for the scenario as it really ran, in the scenario's names.
    let mapped_draft = run.map.map_draft(&run.draft);
    let mapped = mapped_draft
        .scenario()
        .ok()
        .map(|s| corsim_core::evaluate_for(&s, browser))
        .and_then(|v| simulated_facts(&mapped_draft, &v, Some(&run.map)));
    let real = real_facts(&run.result, &run.requests, &run.map);

    let mut rows = Vec::new();
    let mut compare = |label: String, pick: &dyn Fn(&Facts) -> String| {
        let (s, r) = (pick(&simulated), pick(&real));
        let agreement = if s == r {
            Agreement::Same
        } else if mapped.as_ref().is_some_and(|m| pick(m) == r) {
            Agreement::DiffersByMapping
        } else {
            Agreement::Differs
        };
        rows.push(Row {
            label,
            simulated: s,
            real: r,
            agreement,
        });
    };
    compare("The page's origin".into(), &|f| f.origin.clone());
    compare("fetch() gives".into(), &|f| f.outcome.clone());
    compare("response.type".into(), &|f| f.response_type.clone());
    compare("response.status".into(), &|f| f.status.clone());
    compare("Readable headers".into(), &|f| f.readable.clone());
    compare("Requests on the wire".into(), &|f| f.wire.len().to_string());
    let requests = simulated.wire.len().max(real.wire.len());
    for i in 0..requests {
        let n = i + 1;
        let field = |f: &Facts, get: fn(&Sent) -> &String| {
            f.wire
                .get(i)
                .map_or_else(|| "(no such request)".to_string(), |s| get(s).clone())
        };
        compare(format!("Request {n}"), &|f| field(f, |s| &s.line));
        compare(format!("Request {n}: Origin"), &|f| field(f, |s| &s.origin));
        let any = |f: &Facts, get: fn(&Sent) -> &String| {
            f.wire.get(i).is_some_and(|s| get(s) != NOT_SENT)
        };
        // The preflight's headers, when either side sent them.
        if any(&simulated, |s| &s.method) || any(&real, |s| &s.method) {
            compare(
                format!("Request {n}: Access-Control-Request-Method"),
                &|f| field(f, |s| &s.method),
            );
        }
        if any(&simulated, |s| &s.headers) || any(&real, |s| &s.headers) {
            compare(
                format!("Request {n}: Access-Control-Request-Headers"),
                &|f| field(f, |s| &s.headers),
            );
        }
    }

    let differing = rows
        .iter()
        .filter(|r| r.agreement != Agreement::Same)
        .count();
    let unexplained = rows
        .iter()
        .filter(|r| r.agreement == Agreement::Differs)
        .count();
    let rows_word = |n: usize| if n == 1 { "row differs" } else { "rows differ" };
    let name = browser.name();
    let summary = if differing == 0 {
        format!("Your browser did just what corsim says {name} does: every row is the same.")
    } else if unexplained == 0 {
        format!(
            "{differing} {} (marked ≈), each because of how the scenario was mapped onto corsim \
             serve (below): corsim's verdict for the mapped scenario agrees with your browser.",
            rows_word(differing)
        )
    } else if run.browser.is_some() {
        format!(
            "{unexplained} {} (marked ≠): your browser and corsim's verdict for {name} disagree; \
             a difference in {name} is worth reporting.",
            rows_word(unexplained)
        )
    } else {
        format!(
            "{unexplained} {} (marked ≠): your browser and corsim disagree. corsim models \
             Chromium, Firefox and Safari (WebKit), and compares any other browser with Chromium; \
             yours may differ from it on purpose.",
            rows_word(unexplained)
        )
    };
    Some(LiveView {
        origins: run
            .map
            .origins
            .iter()
            .map(|o| (o.original.clone(), o.mapped.clone()))
            .collect(),
        agrees: differing == 0,
        mark: match (differing, unexplained) {
            (0, _) => "✓",
            (_, 0) => Agreement::DiffersByMapping.mark(),
            _ => Agreement::Differs.mark(),
        },
        rows,
        summary,
        compared_with: name,
        error: run.result.error.clone(),
        caveats: caveats(&scenario, &verdict, &run.map),
    })
}

/// The comparison as the live panel shows it: the summary, a row per fact
/// (its label in `data-label` and its agreement as the row's class, for
/// tests and styles), the rejection, and where each origin ran. Every text
/// is escaped.
pub fn markup(view: &LiveView) -> String {
    let by_mapping = view
        .rows
        .iter()
        .any(|r| r.agreement == Agreement::DiffersByMapping);
    let mut out = format!(
        "<div class=\"live-result\" id=\"live-result\" data-agrees=\"{}\">\
         <p id=\"live-summary\" class=\"conclusion {}\" aria-live=\"polite\">{} {}</p>\
         <table class=\"origin-table live-table\">\
         <caption>corsim's verdict beside what your browser did, in the scenario's own names</caption>\
         <thead><tr><th scope=\"col\"><span class=\"visually-hidden\">what</span></th>\
         <th scope=\"col\">corsim says ({})</th><th scope=\"col\">your browser did</th>\
         <th scope=\"col\">compared</th></tr></thead><tbody>",
        view.agrees,
        if view.agrees { "same" } else { "differs" },
        view.mark,
        escape(&view.summary),
        view.compared_with,
    );
    for r in &view.rows {
        let label = escape(&r.label);
        out.push_str(&format!(
            "<tr class=\"{}\" data-label=\"{label}\"><th scope=\"row\">{label}</th>\
             <td class=\"simulated\"><code>{}</code></td><td class=\"real\"><code>{}</code></td>\
             <td class=\"agreement\">{} {}</td></tr>",
            r.agreement.as_str(),
            escape(&r.simulated),
            escape(&r.real),
            r.agreement.mark(),
            r.agreement.word(),
        ));
    }
    out.push_str("</tbody></table>");
    if let Some(error) = &view.error {
        out.push_str(&format!(
            "<p id=\"live-rejection\">The promise rejected with {}; your browser's console says why.</p>",
            escape(error)
        ));
    }
    out.push_str(&format!(
        "<details class=\"live-mapping\"{}><summary>Where each origin ran, and what that changes</summary>\
         <table class=\"origin-table\"><thead><tr><th scope=\"col\">in the scenario</th>\
         <th scope=\"col\">ran as</th></tr></thead><tbody>",
        if by_mapping { " open" } else { "" }
    ));
    for (original, mapped) in &view.origins {
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td><code>{}</code></td></tr>",
            escape(original),
            escape(mapped)
        ));
    }
    out.push_str("</tbody></table><ul>");
    for caveat in &view.caveats {
        out.push_str(&format!("<li>{}</li>", escape(caveat)));
    }
    out.push_str("</ul></details></div>");
    out
}

/// What corsim says, in the scenario's names; with `map`, the verdict is of
/// the mapped scenario and its names are mapped back.
fn simulated_facts(draft: &Draft, verdict: &Verdict, map: Option<&OriginMap>) -> Option<Facts> {
    let scenario = draft.scenario().ok()?;
    let script = script_view(&scenario, verdict, None);
    let unmap_url = |u: &str| map.map_or_else(|| u.to_string(), |m| m.unmap_url(u));
    let unmap_origin = |o: &str| map.map_or_else(|| o.to_string(), |m| m.unmap_origins_in(o));
    let mut readable = verdict.exposed_headers.clone();
    sort(&mut readable);
    Some(Facts {
        origin: unmap_origin(&verdict.origin),
        outcome: verdict.outcome.as_str().to_string(),
        response_type: script
            .response_type
            .map_or_else(none_rejected, str::to_string),
        status: status_text(verdict.status),
        readable: names(&readable),
        wire: verdict
            .wire
            .iter()
            .map(|w| sent(w, &unmap_url, &unmap_origin))
            .collect(),
    })
}

fn sent(
    w: &WireEntry,
    unmap_url: &dyn Fn(&str) -> String,
    unmap_origin: &dyn Fn(&str) -> String,
) -> Sent {
    let header = |name: &str| {
        w.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    Sent {
        line: format!("{} {} → {}", w.method, unmap_url(&w.url), w.status),
        origin: header("origin").map_or_else(|| NOT_SENT.to_string(), |o| unmap_origin(&o)),
        method: header("access-control-request-method").unwrap_or_else(|| NOT_SENT.to_string()),
        headers: header("access-control-request-headers").unwrap_or_else(|| NOT_SENT.to_string()),
    }
}

/// What the browser did, in the scenario's names.
fn real_facts(result: &PageResult, requests: &[LoggedRequest], map: &OriginMap) -> Facts {
    let mut readable = result.exposed_headers.clone();
    sort(&mut readable);
    let outcome = match result.outcome.as_str() {
        "readable" => Outcome::Readable.as_str().to_string(),
        "opaque" => Outcome::Opaque.as_str().to_string(),
        "network-error" => Outcome::NetworkError.as_str().to_string(),
        other => other.to_string(),
    };
    Facts {
        origin: map.unmap_origins_in(&result.origin),
        outcome,
        response_type: result.response_type.clone().unwrap_or_else(none_rejected),
        status: status_text(result.status),
        readable: names(&readable),
        wire: requests
            .iter()
            .map(|r| {
                let header = |name: &str| r.header(name).map(str::to_string);
                Sent {
                    line: format!("{} {} → {}", r.method, map.unmap_url(&r.url), r.status),
                    origin: header("origin")
                        .map_or_else(|| NOT_SENT.to_string(), |o| map.unmap_origins_in(&o)),
                    method: header("access-control-request-method")
                        .unwrap_or_else(|| NOT_SENT.to_string()),
                    headers: header("access-control-request-headers")
                        .unwrap_or_else(|| NOT_SENT.to_string()),
                }
            })
            .collect(),
    }
}

fn none_rejected() -> String {
    "none: the promise rejected".to_string()
}

fn status_text(status: Option<u16>) -> String {
    status.map_or_else(none_rejected, |s| s.to_string())
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "(none)".to_string()
    } else {
        list.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::{parse_log, parse_message, LiveReport};

    const SCENARIO: &str = r#"{"version": 1, "page": "https://app.example.com/",
        "request": {"url": "https://api.example.com/data", "method": "PUT"},
        "server": [
          {"method": "OPTIONS", "status": 204, "headers": [
            ["Access-Control-Allow-Origin", "https://app.example.com"],
            ["Access-Control-Allow-Methods", "PUT"]]},
          {"status": 200, "headers": [
            ["Access-Control-Allow-Origin", "https://app.example.com"],
            ["Content-Type", "text/plain"]]}
        ]}"#;

    /// A run of SCENARIO in which the browser reports `result` and the log
    /// holds `requests` (JSON texts, in the mapped names of run `r1`, port 8080).
    fn run(scenario: &str, result: &str, requests: &str) -> LiveRun {
        let draft = Draft::from_json(scenario).unwrap();
        let map = OriginMap::new(&draft.scenario().unwrap(), 8080, "r1").unwrap();
        let result = parse_message(&format!(
            r#"{{"corsim": "live-result", "result": {result}}}"#
        ))
        .expect("a result");
        let log = parse_log(&format!(r#"{{"requests": {requests}}}"#)).expect("a log");
        let requests = map.fetched(&log);
        LiveRun {
            draft,
            browser: Some(Browser::Chromium),
            map,
            result,
            requests,
        }
    }

    const PREFLIGHT: &str = r#"{"seq": 1, "scheme": "http", "body_bytes": 0, "method": "OPTIONS", "url": "http://api.example.com.r1.localhost:8080/data",
        "headers": [["origin", "http://app.example.com.r1.localhost:8080"], ["access-control-request-method", "PUT"],
                    ["sec-fetch-dest", "empty"]], "status": 204, "answer": "server[0]"}"#;
    const MAIN: &str = r#"{"seq": 1, "scheme": "http", "body_bytes": 0, "method": "PUT", "url": "http://api.example.com.r1.localhost:8080/data",
        "headers": [["origin", "http://app.example.com.r1.localhost:8080"], ["sec-fetch-dest", "empty"]],
        "status": 200, "answer": "server[1]"}"#;
    const READABLE: &str = r#"{"origin": "http://app.example.com.r1.localhost:8080", "outcome": "readable",
        "type": "cors", "status": 200, "exposed_headers": ["content-type"]}"#;

    fn row<'v>(view: &'v LiveView, label: &str) -> &'v Row {
        view.rows
            .iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label:?} in {:#?}", view.rows))
    }

    #[test]
    fn a_run_that_agrees_is_the_same_on_every_row_in_the_scenarios_names() {
        let run = run(SCENARIO, READABLE, &format!("[{PREFLIGHT}, {MAIN}]"));
        let view = live_view(&run).unwrap();
        let differing: Vec<&Row> = view
            .rows
            .iter()
            .filter(|r| r.agreement != Agreement::Same)
            .collect();
        assert!(differing.is_empty(), "{differing:#?}");
        assert!(view.agrees);
        assert!(view
            .summary
            .starts_with("Your browser did just what corsim says"));
        // (label, both sides)
        let cases = [
            ("The page's origin", "https://app.example.com"),
            ("fetch() gives", "readable"),
            ("response.type", "cors"),
            ("response.status", "200"),
            ("Readable headers", "content-type"),
            ("Requests on the wire", "2"),
            ("Request 1", "OPTIONS https://api.example.com/data → 204"),
            ("Request 1: Origin", "https://app.example.com"),
            ("Request 1: Access-Control-Request-Method", "PUT"),
            ("Request 2", "PUT https://api.example.com/data → 200"),
        ];
        for (label, want) in cases {
            let r = row(&view, label);
            assert_eq!(
                (r.simulated.as_str(), r.real.as_str()),
                (want, want),
                "{label}"
            );
        }
        assert_eq!(
            view.origins[0],
            (
                "https://app.example.com".to_string(),
                "http://app.example.com.r1.localhost:8080".to_string()
            )
        );
        // No preflight header row where no request sent one.
        assert!(view
            .rows
            .iter()
            .all(|r| r.label != "Request 2: Access-Control-Request-Method"));
        assert!(view
            .rows
            .iter()
            .all(|r| !r.label.ends_with("Access-Control-Request-Headers")));
    }

    #[test]
    fn a_disagreement_is_marked_and_said_in_words() {
        // The browser skipped the preflight and could not read the response.
        let blocked = r#"{"origin": "http://app.example.com.r1.localhost:8080", "outcome": "network-error",
            "status": null, "exposed_headers": [], "error": "TypeError: Failed to fetch"}"#;
        let run = run(SCENARIO, blocked, &format!("[{MAIN}]"));
        let view = live_view(&run).unwrap();
        assert!(!view.agrees);
        let outcome = row(&view, "fetch() gives");
        assert_eq!(
            (
                outcome.simulated.as_str(),
                outcome.real.as_str(),
                outcome.agreement
            ),
            ("readable", "network-error", Agreement::Differs)
        );
        assert_eq!(
            row(&view, "response.status").real,
            "none: the promise rejected"
        );
        let first = row(&view, "Request 1");
        assert_eq!(first.real, "PUT https://api.example.com/data → 200");
        assert_eq!(first.agreement, Agreement::Differs);
        assert_eq!(row(&view, "Request 2").real, "(no such request)");
        assert_eq!(
            row(&view, "Request 1: Access-Control-Request-Method").real,
            NOT_SENT
        );
        assert_eq!(view.error.as_deref(), Some("TypeError: Failed to fetch"));
        assert!(view.summary.contains("marked ≠"), "{}", view.summary);
        assert_eq!(view.mark, "≠");
        // Marks come with words.
        for a in [
            Agreement::Same,
            Agreement::Differs,
            Agreement::DiffersByMapping,
        ] {
            assert!(!a.mark().is_empty() && a.word().len() > 3);
        }
        // Drawn as the panel shows it, every text escaped.
        let drawn = markup(&view);
        assert!(
            drawn.starts_with(r#"<div class="live-result" id="live-result" data-agrees="false">"#)
        );
        assert!(drawn.contains(
            r#"<tr class="differs" data-label="fetch() gives"><th scope="row">fetch() gives</th><td class="simulated"><code>readable</code></td><td class="real"><code>network-error</code></td><td class="agreement">≠ differs</td></tr>"#
        ), "{drawn}");
        assert!(drawn.contains("The promise rejected with TypeError: Failed to fetch;"));
        assert!(!drawn.contains("<details class=\"live-mapping\" open>"));
        assert!(drawn.ends_with("</ul></details></div>"));
        let mut hostile = view.clone();
        hostile.rows[0].real = "<img src=x onerror=alert(1)>".into();
        assert!(markup(&hostile).contains("<code>&lt;img src=x onerror=alert(1)&gt;</code>"));
    }

    #[test]
    fn each_browser_is_compared_with_corsims_verdict_for_it() {
        // Chromium sends Save-Data without a preflight; Firefox preflights it,
        // and this server does not answer OPTIONS. This is what Firefox did.
        let scenario = r#"{"version": 1, "page": "https://app.example.com/",
            "request": {"url": "https://api.example.com/data", "headers": [["Save-Data", "on"]]},
            "server": [{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}]}"#;
        let blocked = r#"{"origin": "http://app.example.com.r1.localhost:8080", "outcome": "network-error",
            "status": null, "exposed_headers": [], "error": "TypeError: NetworkError when attempting to fetch resource."}"#;
        let preflight = r#"{"seq": 1, "scheme": "http", "body_bytes": 0, "method": "OPTIONS", "url": "http://api.example.com.r1.localhost:8080/data",
            "headers": [["origin", "http://app.example.com.r1.localhost:8080"], ["access-control-request-method", "GET"],
                        ["access-control-request-headers", "save-data"]], "status": 404, "answer": "unmatched"}"#;
        let mut run = run(scenario, blocked, &format!("[{preflight}]"));

        run.browser = Some(Browser::Firefox);
        let firefox = live_view(&run).unwrap();
        assert!(firefox.agrees, "{:#?}", firefox.rows);
        assert_eq!(firefox.compared_with, "Firefox ESR 153");
        assert_eq!(
            firefox.summary,
            "Your browser did just what corsim says Firefox ESR 153 does: every row is the same."
        );
        assert_eq!(row(&firefox, "fetch() gives").simulated, "network-error");
        assert_eq!(
            row(&firefox, "Request 1: Access-Control-Request-Headers").simulated,
            "save-data"
        );

        // Had Chromium done this, it would have disagreed with corsim.
        run.browser = Some(Browser::Chromium);
        let chromium = live_view(&run).unwrap();
        assert!(!chromium.agrees);
        assert_eq!(row(&chromium, "fetch() gives").simulated, "readable");
        assert!(
            chromium
                .summary
                .contains("corsim's verdict for Chromium 156 disagree"),
            "{}",
            chromium.summary
        );

        // A browser corsim does not model is compared with Chromium, and told so.
        run.browser = None;
        let other = live_view(&run).unwrap();
        assert_eq!(other.compared_with, "Chromium 156");
        assert!(
            other
                .summary
                .contains("compares any other browser with Chromium"),
            "{}",
            other.summary
        );
    }

    #[test]
    fn the_panel_says_what_it_can_before_during_and_after_a_run() {
        let draft = Draft::from_json(SCENARIO).unwrap();
        let idle = live_panel(&Live::Idle, &draft).unwrap();
        assert_eq!(
            (idle.blocked, idle.running, idle.absent, idle.report),
            (None, false, false, None)
        );
        assert!(live_panel(&Live::Running(1), &draft).unwrap().running);
        let absent = Live::Done {
            run: 1,
            result: Err(LiveFailure::Absent),
        };
        assert!(live_panel(&absent, &draft).unwrap().absent);
        let cannot = Live::Done {
            run: 1,
            result: Err(LiveFailure::CannotMap("the page is a `file:` URL".into())),
        };
        assert_eq!(
            live_panel(&cannot, &draft).unwrap().failure.as_deref(),
            Some("This scenario cannot run live: the page is a `file:` URL.")
        );
        // A report is of the scenario as it was run: an edit makes it stale.
        let done = |draft: &Draft| Live::Done {
            run: 1,
            result: Ok(Box::new(LiveReport {
                draft: draft.clone(),
                markup: "<div id=\"live-result\"></div>".into(),
            })),
        };
        let shown = live_panel(&done(&draft), &draft).unwrap();
        assert_eq!(
            shown.report.as_deref(),
            Some("<div id=\"live-result\"></div>")
        );
        assert!(!shown.stale);
        let mut edited = draft.clone();
        edited.request.method = "POST".into();
        assert!(live_panel(&done(&draft), &edited).unwrap().stale);
        let two = Draft::from_json(
            r#"{"version": 2, "page": "https://app.example.com/",
                "requests": [{"url": "https://api.example.com/a"}, {"url": "https://api.example.com/b"}]}"#,
        )
        .unwrap();
        let blocked = live_panel(&Live::Idle, &two).unwrap().blocked.unwrap();
        assert!(blocked.contains("version 2"), "{blocked}");
        let mut invalid = draft.clone();
        invalid.request.url = "not a url".into();
        assert_eq!(live_panel(&Live::Idle, &invalid), None);
    }

    #[test]
    fn a_difference_the_mapping_explains_is_told_apart() {
        // Mixed content: corsim blocks it; mapped onto .localhost, it goes out.
        let scenario = r#"{"version": 1, "page": "https://app.example.com/",
            "request": {"url": "http://api.example.com/data"},
            "server": [{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}]}"#;
        let request = r#"{"seq": 1, "scheme": "http", "body_bytes": 0, "method": "GET", "url": "http://api.example.com.http.r1.localhost:8080/data",
            "headers": [["origin", "http://app.example.com.r1.localhost:8080"], ["sec-fetch-dest", "empty"]],
            "status": 200, "answer": "server[0]"}"#;
        let readable = r#"{"origin": "http://app.example.com.r1.localhost:8080", "outcome": "readable",
            "type": "cors", "status": 200, "exposed_headers": []}"#;
        let run = run(scenario, readable, &format!("[{request}]"));
        let view = live_view(&run).unwrap();
        let outcome = row(&view, "fetch() gives");
        assert_eq!(
            (
                outcome.simulated.as_str(),
                outcome.real.as_str(),
                outcome.agreement
            ),
            ("network-error", "readable", Agreement::DiffersByMapping)
        );
        assert!(view.rows.iter().all(|r| r.agreement != Agreement::Differs));
        assert!(view.summary.contains("marked ≈"), "{}", view.summary);
        assert_eq!(view.mark, "≈");
        assert!(view.caveats.iter().any(|c| c.contains("mixed content")));
    }
}
