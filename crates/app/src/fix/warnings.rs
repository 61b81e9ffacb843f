//! The warnings that come with a fix: where the obvious change is dangerous
//! on a real server (`*` after a redirect, reflecting origins with
//! credentials), and where Firefox differs.

use corsim_core::explain;
use corsim_core::note::Note;
use corsim_core::verdict::Verdict;

use super::fixer::Fixer;

impl Fixer<'_> {
    pub(super) fn warnings(&self, verdict: &Verdict) -> Vec<String> {
        let mut warnings = Vec::new();
        let include = self.include();
        if let Some(url) = &self.null_redirect {
            warnings.push(format!(
                "The browser sent `Origin: null` to {url} because a redirect went from one cross-origin server to another. \
                 The fix uses `*`, since allowing `null` admits every sandboxed iframe and `file:` page, whoever wrote it, so any attacker. \
                 Better: have the page fetch {url} directly, or keep the redirect on the first server, so that the real origin is sent."
            ));
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
