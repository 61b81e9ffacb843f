//! The warnings that come with a fix: where the obvious change is dangerous
//! on a real server (allowing `null`, reflecting origins with credentials),
//! and where Firefox differs.

use corsim_core::explain;
use corsim_core::note::Note;
use corsim_core::verdict::Verdict;

use super::fixer::{Fixer, NullOrigin};

impl Fixer<'_> {
    pub(super) fn warnings(&self, verdict: &Verdict) -> Vec<String> {
        let mut warnings = Vec::new();
        let include = self.include();
        match (&self.null_origin, include) {
            (Some(NullOrigin::Page), true) => warnings.push(
                "`Access-Control-Allow-Origin: null` is dangerous: every sandboxed iframe and every `file:` or `data:` page has \
                 the origin `null`, whoever wrote it, so this admits any attacker's page, with your users' credentials. \
                 Give the page a real origin instead (no sandbox, or `allow-same-origin`, served over https) and allow exactly that origin."
                    .into(),
            ),
            (Some(NullOrigin::Page), false) => warnings.push(
                "The page's origin is `null` (a sandboxed iframe, or a `file:` or `data:` page). Allowing `null` would admit every \
                 such page, whoever wrote it, so any attacker; the fix uses `*`, which says so honestly and is acceptable only \
                 because no credentials are sent. Better: give the page a real origin and allow exactly that origin."
                    .into(),
            ),
            (Some(NullOrigin::Redirect { url }), with_credentials) => {
                let allowed = if with_credentials {
                    "`Access-Control-Allow-Origin: null` is dangerous here: it"
                } else {
                    "The fix uses `*`, since allowing `null`"
                };
                warnings.push(format!(
                    "The browser sent `Origin: null` to {url} because a redirect went from one cross-origin server to another. \
                     {allowed} admits every sandboxed iframe and `file:` page, whoever wrote it, so any attacker. \
                     Better: have the page fetch {url} directly, or keep the redirect on the first server, so that the real origin is sent."
                ));
            }
            (None, _) => {}
        }
        if include && self.access_edited {
            let only_if = match self.allowed.as_slice() {
                [] => String::new(),
                origins => {
                    let list: Vec<String> = origins.iter().map(|o| format!("`{o}`")).collect();
                    format!(
                        "Allow {} only if it is one of your own sites, trusted with your users' data. ",
                        list.join(" and ")
                    )
                }
            };
            warnings.push(format!(
                "{only_if}On the real server, compare the request's `Origin` with a fixed allow-list of your own sites, and send it \
                 back only when it is on the list. Reflecting whatever `Origin` arrives, together with \
                 `Access-Control-Allow-Credentials: true`, lets every website read your users' data with their cookies."
            ));
        }
        for note in &verdict.notes {
            if let Note::FirefoxDiffers { .. } = note {
                warnings.push(format!(
                    "This makes the request work in Chromium, but {}.",
                    explain::note(note)
                ));
            }
        }
        warnings
    }
}
