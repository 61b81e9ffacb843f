//! What the mapping changes for one scenario, in sentences for the learner
//! (the list in the module docs of [`live`](super)).

use corsim_core::failure::Failure;
use corsim_core::origin::is_public_host;
use corsim_core::scenario::Scenario;
use corsim_core::verdict::Verdict;

use super::OriginMap;

/// The mapping differences that matter for this scenario and its verdict,
/// each one sentence for the learner (see the module docs).
pub fn caveats(scenario: &Scenario, verdict: &Verdict, map: &OriginMap) -> Vec<String> {
    let mut out = vec![format!(
        "Every origin runs on corsim serve as http: on port {} under a name of its own below \
         .localhost, which your browser sends to this machine; the original scheme and port are \
         part of that name, so origins that differ still differ.",
        map.port
    )];
    match &verdict.failure {
        Some(Failure::MixedContent { .. }) => out.push(
            "corsim blocks the request as mixed content (an https: page fetching a plain http: \
             URL); here every name is on .localhost, which counts as secure, so your browser \
             sends it."
                .to_string(),
        ),
        Some(Failure::BadPort { .. }) => out.push(
            "corsim refuses the request's port, as browsers do; here every origin is on the \
             companion's port, which they accept."
                .to_string(),
        ),
        _ => {}
    }
    if is_public_host(&scenario.page) && scenario.named_urls().iter().any(|u| !is_public_host(u)) {
        out.push(
            "The scenario reaches a loopback or private address from a public page, which \
             Chromium's Local Network Access asks the user about first; here every name is on \
             loopback, so it never asks."
                .to_string(),
        );
    }
    out.push(
        "Which origins count as the same site is not kept (all names share .localhost), and the \
         page runs in a frame inside this app, so its cookies are third-party ones; corsim's \
         verdict depends on neither."
            .to_string(),
    );
    out
}
