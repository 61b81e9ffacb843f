//! Non-fatal teaching notes: things the browser did quietly, or that are
//! worth knowing, which do not change the outcome.

use serde::Serialize;

/// One note. Each says what happened; the explanation layer words it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "note", rename_all = "kebab-case")]
pub enum Note {
    /// A [forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header)
    /// was set: the browser drops it without an error.
    ForbiddenHeaderDropped { name: String, chromium_only: bool },
    /// In `no-cors` mode a header that is not
    /// [no-CORS-safelisted](https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header)
    /// is dropped without an error.
    NoCorsHeaderDropped { name: String },
    /// The method was upper-cased by [normalize](https://fetch.spec.whatwg.org/#concept-method-normalize).
    MethodNormalized { from: String, to: String },
    /// A method such as `patch` is sent exactly as typed: only six are upper-cased.
    MethodKeptAsTyped { method: String },
    /// A redirect changed the method to GET and dropped the request-body headers.
    MethodChangedByRedirect { status: u16, from: String },
    /// `Authorization` was removed on a cross-origin redirect.
    AuthorizationDroppedOnRedirect,
    /// The request crossed origins more than once, so `Origin` became `null`.
    OriginTainted,
    /// The script cannot read the response, but the request reached the server
    /// (and may have changed state there): CORS protects reading, not sending.
    RequestReachedServer { method: String },
    /// A response that reflects a specific origin should carry `Vary: Origin`
    /// so caches do not serve it to other origins.
    MissingVaryOrigin,
    /// `Access-Control-Allow-Origin: null` admits every sandboxed iframe and
    /// `file:` page, whoever wrote them.
    AllowOriginNull,
    /// A wildcard in `Access-Control-Allow-Headers` does not cover
    /// `Authorization`: it must be listed by name.
    AuthorizationNotCoveredByWildcard,
    /// In a credentialed request, `*` in an allow or expose list is a literal
    /// name, not a wildcard.
    WildcardLiteralWithCredentials { header: String },
    /// With `no-cors` the script gets an opaque response: status 0, no headers,
    /// no body, but no error either.
    OpaqueResponse,
    /// The page is public and the target is a loopback or private address:
    /// Chromium's Local Network Access asks the user for permission first.
    LocalNetworkAccess { host: String },
    /// A client hint, `Save-Data` or `Intervention` that Chromium sends
    /// without a preflight, where the standard and Firefox preflight it.
    ChromiumSafelistedHeader { name: String },
    /// A `Content-Type` value that the standard and Chromium send without a
    /// preflight and Firefox's own parser refuses (`refused` says what):
    /// Firefox preflights it, or in `no-cors` mode drops it.
    FirefoxRefusesContentType {
        value: String,
        refused: &'static str,
    },
    /// Firefox reaches a different result from Chromium's for this request.
    FirefoxDiffers { chromium: String, firefox: String },
}

impl Note {
    /// Whether the note is about one browser's own rule, where Chromium,
    /// Firefox and WebKit part ways: a header only Chromium drops or
    /// safelists, a `Content-Type` only Firefox refuses.
    pub fn is_browser_rule(&self) -> bool {
        matches!(
            self,
            Note::ForbiddenHeaderDropped {
                chromium_only: true,
                ..
            } | Note::ChromiumSafelistedHeader { .. }
                | Note::FirefoxRefusesContentType { .. }
        )
    }
}
