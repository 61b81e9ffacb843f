//! [Scheme fetch](https://fetch.spec.whatwg.org/#scheme-fetch) of the URLs
//! that are not HTTP(S), and the browsers' own refusal of local resources.

use url::Url;

use crate::browser::Browser;
use crate::failure::Failure;
use crate::fetch::params::{End, Fetch, SCHEME_FETCH};
use crate::fetch::server;
use crate::origin::Origin;
use crate::trace::StepResult;

impl Fetch<'_> {
    /// [Scheme fetch](https://fetch.spec.whatwg.org/#scheme-fetch) of a URL
    /// that is neither HTTP(S) (HTTP fetch) nor `data:` (read in main fetch).
    pub(super) fn scheme_fetch(&mut self, url: &Url, reordered: &str) -> End {
        // Step 1 (a canceled fetch): not modelled. Step 2. "Let request be
        // fetchParams's request."
        // Step 3. "Switch on request's current URL's scheme and run the
        // associated steps:" ("data" is main fetch's, before any request is
        // made; "http" and "https" are HTTP fetch's)
        let scheme = url.scheme().to_string();
        match scheme.as_str() {
            // ""about": If request's current URL's path is the string
            // "blank", then return a new response whose status message is
            // `OK`, header list is « (`Content-Type`, `text/html;charset=utf-8`) »,
            // and body is the empty byte sequence as a body." Chromium's
            // scheme fetch (`PerformSchemeFetch` in fetch_manager.cc) has no
            // `about:` case: it refuses the URL as below (observed).
            "about" if url.path() == "blank" && self.browser == Browser::Firefox => {
                self.step(
                    SCHEME_FETCH,
                    "about:blank is an empty page, made locally: nothing goes on the wire".into(),
                    StepResult::Info,
                );
                End::Response {
                    response: server::about_blank_response(),
                }
            }
            // ""blob": ... If request's method is not `GET` or blobURLEntry
            // is null, then return a network error." No scenario creates a
            // blob, so no blob: URL has an entry.
            // ""file": For now, unfortunate as it is, file: URLs are left as
            // an exercise for the reader. When in doubt, return a network
            // error." corsim has no files to read (Chromium reads the file,
            // and fails with net::ERR_FILE_NOT_FOUND when there is none).
            "blob" | "file" => {
                self.step(
                    SCHEME_FETCH,
                    if scheme == "blob" {
                        format!("{url} names no blob: a scenario's page creates none")
                    } else {
                        format!("{url} is read from the disk, and corsim has none")
                    },
                    StepResult::Fail,
                );
                End::Error(Failure::LocalResourceNotFound {
                    url: url.to_string(),
                })
            }
            // "Otherwise: Return a network error."
            _ => {
                self.step(
                    SCHEME_FETCH,
                    format!("fetch has no way to load `{scheme}:` URLs{reordered}"),
                    StepResult::Fail,
                );
                End::Error(Failure::SchemeFetchUnsupported {
                    url: url.to_string(),
                    scheme,
                })
            }
        }
    }

    /// Whether the page may load a local resource at all, which the standard
    /// leaves to the browser. Both refuse a `file:` URL to any page but a
    /// `file:` page that is not sandboxed: Chromium in its loader
    /// (`SecurityOrigin::CanDisplay`, from `BaseFetchContext::CanRequestInternal`
    /// in third_party/blink/renderer/core/loader/base_fetch_context.cc),
    /// Firefox in its security checks (its line is `CheckLoadURIError`).
    /// Chromium's loader also refuses another origin's `blob:` URL, which
    /// only a no-cors fetch brings to it: `fetch()` refuses a cors one as a
    /// scheme it does not support. (Firefox refuses that blob with its
    /// same-origin line, not modelled.)
    pub(super) fn local_resource_refused(&mut self, url: &Url, cors: bool) -> Option<Failure> {
        let why = match url.scheme() {
            "file" if self.scenario.page.scheme() != "file" || self.scenario.sandboxed => {
                "only a `file:` page that is not sandboxed may load `file:` URLs"
            }
            "blob"
                if self.browser == Browser::Chromium
                    && !cors
                    && !Origin::of(url).same_origin(&self.request.origin) =>
            {
                "only the blob's own origin may load its `blob:` URL"
            }
            _ => return None,
        };
        self.step(
            SCHEME_FETCH,
            format!(
                "{} does not let this page load the local resource {url}: {why}",
                self.browser.name()
            ),
            StepResult::Fail,
        );
        Some(Failure::LocalResourceNotAllowed {
            url: url.to_string(),
        })
    }
}
