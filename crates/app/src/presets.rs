//! The preset gallery: named scenarios, each with a short lesson, grouped for
//! the app's menu. Each scenario is a scenario-v1 document in
//! `crates/app/src/presets/<id>.json`; `tests/app/presets.rs` checks every one against its
//! verdict in `tests/presets/<id>.verdict.json`, so the presets double as
//! golden tests, the ones broken on purpose included.
//!
//! The presets of version 2 (several requests over time, XHR, images,
//! scripts, bodies, failures, Local Network Access) are the core's own
//! goldens, `tests/golden-v2/<id>.json`, read as they are: one scenario, one
//! verdict (`tests/golden-v2/<id>.verdict.json`), never two copies.

use crate::draft::{Draft, RequestDraft};

/// One scenario of the gallery.
#[derive(Debug)]
pub struct Preset {
    /// Stable name, used in links and as the file name `crates/app/src/presets/<id>.json`.
    pub id: &'static str,
    /// The gallery section it is listed under.
    pub group: &'static str,
    /// The scenario's `title`.
    pub title: &'static str,
    /// What to notice, and the one thing to try changing.
    pub lesson: &'static str,
    /// The scenario document: version 1, or version 2 for a golden.
    pub json: &'static str,
    /// Whether it is a golden of `tests/golden-v2` rather than a file of
    /// `crates/app/src/presets`.
    pub golden: bool,
    /// Whether the page belongs to someone the server must not trust: the
    /// fix never lets it read the response. A version-2 document says this
    /// itself with `"attacker": true`, which the draft carries
    /// (`Draft::attacker`, read by `fix::Page::of`); this flag marks the
    /// version-1 presets, whose documents cannot say it and must not change.
    pub attacker: bool,
}

impl Preset {
    /// The scenario, ready to edit.
    pub fn draft(&self) -> Draft {
        // `tests/app/presets.rs` proves every preset is a valid scenario; should
        // one ever not be, show an empty cross-origin GET under its title
        // rather than fail.
        Draft::from_json(self.json).unwrap_or_else(|_| Draft {
            title: self.title.to_string(),
            page: "https://app.example.com/".to_string(),
            sandboxed: false,
            request: RequestDraft {
                url: "https://api.example.com/".to_string(),
                ..RequestDraft::default()
            },
            ..Draft::default()
        })
    }
}

macro_rules! preset {
    ($group:expr, $id:literal, $title:literal, $lesson:literal $(,)?) => {
        preset!(@ $group, $id, $title, $lesson, false)
    };
    (attacker $group:expr, $id:literal, $title:literal, $lesson:literal $(,)?) => {
        preset!(@ $group, $id, $title, $lesson, true)
    };
    (@ $group:expr, $id:literal, $title:literal, $lesson:literal, $attacker:expr) => {
        Preset {
            id: $id,
            group: $group,
            title: $title,
            lesson: $lesson,
            json: include_str!(concat!("presets/", $id, ".json")),
            golden: false,
            attacker: $attacker,
        }
    };
    (golden $group:expr, $id:literal, $title:literal, $lesson:literal $(,)?) => {
        Preset {
            id: $id,
            group: $group,
            title: $title,
            lesson: $lesson,
            json: include_str!(concat!("../../../tests/golden-v2/", $id, ".json")),
            golden: true,
            attacker: false,
        }
    };
}

const BASICS: &str = "Basics";
const PREFLIGHT: &str = "Simple vs preflighted";
const CREDENTIALS: &str = "Credentials";
const ERRORS: &str = "Common errors";
const READING: &str = "Reading the response";
const REDIRECTS: &str = "Redirects";
const SECURITY: &str = "Security";
const OVER_TIME: &str = "Several requests: the caches";
const BEYOND_FETCH: &str = "axios, images, scripts, bodies, the network";

/// Every preset, in gallery order: grouped, simplest first within a group.
pub const ALL: &[Preset] = &[
    preset!(
        BASICS,
        "same-origin-path",
        "Same origin: only the path differs",
        "The page and the API share scheme, host and port; only the path differs, so this is a same-origin request and CORS never applies. Notice that no preflight is sent even with a JSON Content-Type and a custom header, and the script reads every response header except Set-Cookie, which scripts never see. Try changing the request URL's host to api.shop.example.com: the same request now needs a preflight, which this server does not answer.",
    ),
    preset!(
        BASICS,
        "app-to-api",
        "The classic: app.example.com calls api.example.com",
        "The hosts app.example.com and api.example.com differ, so they are different origins even under one domain. The browser sends Origin: https://app.example.com, and the API allows it by echoing it in Access-Control-Allow-Origin, with Vary: Origin so that caches keep one copy per origin. Try changing the page to https://admin.example.com/: the same response is now refused.",
    ),
    preset!(
        BASICS,
        "public-api-wildcard",
        "A public API allows every origin with *",
        "A GET without custom headers is a simple request: one request goes out, with an Origin header, and no preflight. Access-Control-Allow-Origin: * lets any page read the answer, which suits public data like a weather forecast. Try setting credentials to include: the * no longer counts, and the read is blocked.",
    ),
    preset!(
        BASICS,
        "missing-allow-origin",
        "The API forgot Access-Control-Allow-Origin",
        "The request reached the API and it answered 200, as the network panel shows, but without Access-Control-Allow-Origin the browser gives the script a network error instead of the response. CORS is enforced by the browser on the response, so the fix belongs on the server, not in the fetch() call. Try adding Access-Control-Allow-Origin: https://app.example.com to the response.",
    ),
    preset!(
        PREFLIGHT,
        "custom-header-preflight",
        "A custom header needs a preflight",
        "X-Api-Key is not a CORS-safelisted header, so before the GET the browser sends an OPTIONS preflight with Access-Control-Request-Headers: x-api-key. The server lists X-Api-Key in Access-Control-Allow-Headers, so the real GET follows, key included. Try removing the X-Api-Key header from the request: the preflight disappears.",
    ),
    preset!(
        PREFLIGHT,
        "json-post-preflight",
        "Sending JSON triggers a preflight",
        "POST is a simple method, but Content-Type: application/json is not one of the three simple types (text/plain, multipart/form-data and application/x-www-form-urlencoded), so the browser asks first with a preflight. The server allows Content-Type, so the POST follows and its response is readable. Try changing the Content-Type to text/plain: the preflight goes away.",
    ),
    preset!(
        PREFLIGHT,
        "header-value-trigger",
        "A header's value can trigger a preflight",
        "Accept-Language is a safelisted header, but only while its value holds letters, digits, spaces and * , - . ; = characters. The underscore in en_US is none of these, so the browser sends a preflight, and this API, which only answers GET, fails it with a 404. Try writing the value as en-US: the preflight disappears and the GET is readable.",
    ),
    preset!(
        PREFLIGHT,
        "patch-lowercase",
        "patch in lower case is not PATCH",
        "fetch() upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT; any other method, patch included, is sent exactly as typed. Methods are compared case-sensitively, so Access-Control-Allow-Methods: PATCH does not allow patch, and the preflight fails. Try typing the method as PATCH.",
    ),
    preset!(
        PREFLIGHT,
        "preflight-max-age",
        "Access-Control-Max-Age caches the preflight",
        "A successful preflight can be cached, so the same PUT repeated soon after goes straight to the server. This server asks for a day (86400 seconds), but Chromium caps the cache at two hours while Firefox allows the day. Try removing Access-Control-Max-Age: both browsers then keep the preflight for only 5 seconds.",
    ),
    preset!(
        CREDENTIALS,
        "cookies-with-credentials",
        "Sending cookies: the exact origin plus Allow-Credentials",
        "With credentials: include the browser sends cookies to another origin, and lets the script read the answer only if it names the exact origin and says Access-Control-Allow-Credentials: true. Vary: Origin tells caches that the answer depends on who asks. Try removing Access-Control-Allow-Credentials: the response arrives, but the script cannot read it.",
    ),
    preset!(
        CREDENTIALS,
        "default",
        "Delete a user from the admin app",
        "A DELETE with an Authorization header, a JSON Content-Type and cookies needs a preflight that allows the method, both headers, the exact origin and credentials; the DELETE's own response must then allow the origin and credentials again. Notice the note about Vary: Origin, which this response lacks. Try changing the preflight's Access-Control-Allow-Origin to *: with credentials, the * is refused.",
    ),
    preset!(
        CREDENTIALS,
        "wildcard-with-credentials",
        "* does not work with credentials",
        "When a request includes credentials, Access-Control-Allow-Origin: * is refused even with Access-Control-Allow-Credentials: true, because * would hand every site the user's logged-in data. The server must name the origin it trusts. Try replacing * with https://app.example.com.",
    ),
    preset!(
        CREDENTIALS,
        "allow-credentials-missing",
        "Cookies sent, but no Access-Control-Allow-Credentials",
        "The origin is named correctly, but a request with credentials also needs Access-Control-Allow-Credentials: true, written exactly so, in lower case. Without it the cookies are sent and the server answers, yet the script gets a network error. Try adding Access-Control-Allow-Credentials: true to the response.",
    ),
    preset!(
        ERRORS,
        "options-not-handled",
        "The server does not handle OPTIONS",
        "Many frameworks route only the methods you wrote handlers for, so the OPTIONS preflight gets 405 Method Not Allowed with no CORS headers, and the PUT is never sent. Browsers check the preflight's CORS headers before its status, so the console complains about Access-Control-Allow-Origin rather than the 405. Try changing the OPTIONS status to 204: it still fails until that response also carries Access-Control-Allow-Origin, -Methods and -Headers.",
    ),
    preset!(
        ERRORS,
        "header-not-allowed",
        "Authorization is not in Access-Control-Allow-Headers",
        "The request sends Authorization, which always needs a preflight, and the preflight's Access-Control-Allow-Headers lists only Content-Type. The browser stops there, so the GET is never sent. Try adding Authorization to Access-Control-Allow-Headers.",
    ),
    preset!(
        ERRORS,
        "misspelled-origin",
        "A typo in the allowed origin",
        "The browser compares Access-Control-Allow-Origin with the page's origin character for character, and exmaple is not example. There is no fuzzy or partial matching: one wrong letter blocks the read as surely as a missing header. Try correcting the spelling in the response.",
    ),
    preset!(
        ERRORS,
        "allow-origin-trailing-slash",
        "A trailing slash in Access-Control-Allow-Origin",
        "An origin is a scheme, a host and a port, with no path, so https://app.example.com/ with its trailing slash is not equal to the Origin the browser sent. Copying the page's URL instead of its origin is a common way to get this wrong. Try removing the trailing slash.",
    ),
    preset!(
        ERRORS,
        "duplicate-allow-origin",
        "A proxy and the app both add Access-Control-Allow-Origin",
        "A reverse proxy adds Access-Control-Allow-Origin: * and the app adds its own, so the response carries the header twice and the browser reads one value holding two origins. Only one is allowed, so the browser refuses the response, although either header alone would have worked. Try deleting the * header, so that only one layer sets CORS headers.",
    ),
    preset!(
        ERRORS,
        "gateway-strips-cors-headers",
        "A gateway answers the preflight but strips CORS headers from the response",
        "The API gateway answers the preflight with the right headers, so the POST is sent and the order is created, but the gateway strips the CORS headers from the backend's 201 response. Every response needs them, not just the preflight, so the script gets a network error though the server did its job. Try adding Access-Control-Allow-Origin: https://app.example.com to the POST's response.",
    ),
    preset!(
        READING,
        "expose-headers",
        "Custom response headers are hidden unless exposed",
        "Even when the response is readable, the script sees only the safelisted response headers, such as Content-Type, plus those named in Access-Control-Expose-Headers. X-Total-Count is exposed, while Link is hidden: response.headers.get('Link') returns null although the network panel shows it. Try adding Link to Access-Control-Expose-Headers.",
    ),
    preset!(
        READING,
        "no-cors-opaque",
        "mode: no-cors does not switch CORS off",
        "Setting mode: no-cors makes the CORS error go away, but the script gets an opaque response: status 0, no headers and an empty body. It exists for things like caching images in a service worker, not for reading APIs; the real fix is Access-Control-Allow-Origin on the server. Try switching the mode back to cors to see the error it was hiding.",
    ),
    preset!(
        REDIRECTS,
        "redirect-to-cdn-works",
        "A redirect to a CDN that allows *",
        "The API redirects to a CDN on a third origin, and every response in the chain, the 302 included, must pass the CORS check. After a redirect from one cross-origin server to another the browser sends Origin: null, so only * or null can match, and here the CDN answers *. Try changing the CDN's Access-Control-Allow-Origin to https://app.example.com.",
    ),
    preset!(
        REDIRECTS,
        "redirect-to-cdn-origin-null",
        "After a redirect to a third origin, Origin is null",
        "The CDN allows https://app.example.com, which looks right, but after a redirect from one cross-origin server to another the browser sends Origin: null. That does not match, so the read is blocked, and the console still names the page's origin, which makes this hard to spot. Try changing the CDN's Access-Control-Allow-Origin to *.",
    ),
    preset!(
        REDIRECTS,
        "redirect-trailing-slash",
        "A trailing-slash redirect without CORS headers",
        "Many frameworks redirect /users to /users/, and that redirect often comes from a layer that adds no CORS headers. The browser checks the 301 itself, finds no Access-Control-Allow-Origin and stops without following it, though /users/ would have allowed the request. Try requesting https://api.example.com/users/ directly.",
    ),
    preset!(
        attacker SECURITY,
        "cors-is-not-csrf-protection",
        "CORS is not CSRF protection",
        "A form-encoded POST is a simple request, so there is no preflight: it reaches the bank with the user's cookies, and the transfer happens. CORS only stops the attacker's page from reading the answer, so protect state-changing endpoints with SameSite cookies or CSRF tokens instead. Try changing the Content-Type to application/json: now a preflight is needed, the bank does not answer it, and the POST is never sent.",
    ),
    preset!(
        SECURITY,
        "sandboxed-null-origin",
        "Access-Control-Allow-Origin: null lets in any sandboxed page",
        "A sandboxed iframe without allow-same-origin has an opaque origin, so it sends Origin: null, and Access-Control-Allow-Origin: null lets it read the response. But every sandboxed iframe and every file: page sends null too, so any attacker gets the same access: allowing null is almost never safe. Try allowing https://widgets.example.com instead: the sandboxed frame does not have that origin, so it is refused.",
    ),
    preset!(
        SECURITY,
        "mixed-content",
        "An https page cannot call an http API",
        "An https page may not fetch plain http URLs (localhost aside): the browser blocks the request as mixed content before anything is sent, so no CORS header can help. Notice that nothing goes on the wire and the console line is about mixed content, not CORS. Try changing the request URL to https.",
    ),
    preset!(
        attacker SECURITY,
        "reflect-origin-with-credentials",
        "A server that reflects any origin with credentials",
        "This API copies whatever Origin arrives into Access-Control-Allow-Origin and allows credentials, so a prize-draw page on another site reads the visitor's account, cookies and all. Every check passes, which is exactly the problem: the server, not the browser, decides who is trusted. Try answering with the allow-listed https://app.example.com instead: the stranger's page is refused.",
    ),
    preset!(
        SECURITY,
        "file-page-null-origin",
        "A page opened from a file has the origin null",
        "A page opened from disk has an opaque origin, so the browser sends Origin: null, and an API that names its real site refuses it. Allowing null would let this page in, but also every sandboxed iframe on any website, whoever wrote it. Try serving the page from the site itself, https://app.example.com/report.html: it then has a real origin, the one the server names.",
    ),
    preset!(
        attacker SECURITY,
        "intranet-api-wildcard",
        "* on an intranet API that trusts the network",
        "The HR API has no login: it trusts anyone inside the company network, and it answers with Access-Control-Allow-Origin: *. Any website an employee visits can then read the salaries through the employee's browser, because * needs no credentials. Chromium's Local Network Access now asks the user before a public page reaches a private address, but that is a prompt, not a policy. Try removing the * header: the read is blocked.",
    ),
    preset!(
        golden OVER_TIME,
        "ok-max-age-second-put-skips-the-preflight",
        "Max-Age in action: the second PUT skips the preflight",
        "The first PUT is preflighted, and Access-Control-Max-Age: 600 lets the browser keep that answer, so the same PUT a second later goes straight to the server: the diagram of the page's requests marks the skipped preflight. Each browser caps the time (Chromium at two hours, Firefox at a day). Try setting the second request's time to 700 seconds: the stored preflight has expired and a new one is sent.",
    ),
    preset!(
        golden OVER_TIME,
        "ok-new-header-needs-a-new-preflight",
        "A header the cached preflight did not allow needs a new preflight",
        "A stored preflight covers only the method and the headers it allowed. The second PUT adds X-Trace, which the first answer did not list, so the browser asks again, and the server, which now allows it, answers a second preflight. Try removing X-Trace from the second request: the cached preflight answers it.",
    ),
    preset!(
        golden OVER_TIME,
        "error-cached-image-answers-a-credentialed-fetch",
        "The cached-image trap: the image's response, stored without CORS headers, answers the fetch",
        "The <img> loads the logo without CORS, and the CDN's answer, without Access-Control-Allow-Origin, is stored for ten minutes. The fetch() of the same URL a second later is answered from that stored copy, which fails the CORS check, although the CDN would now allow it. Try adding Vary: Origin to the first response: the stored copy no longer answers a request with an Origin.",
    ),
    preset!(
        golden OVER_TIME,
        "ok-vary-origin-keeps-the-cached-image-apart",
        "Vary: Origin keeps the image's stored response from answering the fetch",
        "With Vary: Origin, the image's stored response answers only requests sent without an Origin, like the image's own. The fetch() sends one, so the browser asks the server, whose answer allows the page. Try removing Vary: Origin from the first response: the cached-image trap is back.",
    ),
    preset!(
        golden BEYOND_FETCH,
        "error-xhr-missing-allow-origin",
        "axios's \"Network Error\": an XMLHttpRequest without Access-Control-Allow-Origin",
        "axios sends its requests with XMLHttpRequest, so the console names XMLHttpRequest, and when CORS blocks the response the page gets status 0 and an error event: axios rejects with the bare message Network Error. The reason is only in the console, never in the error object. Try adding Access-Control-Allow-Origin: https://app.example.com to the response.",
    ),
    preset!(
        golden BEYOND_FETCH,
        "ok-img-without-crossorigin-is-opaque",
        "An image without crossorigin loads, but taints a canvas",
        "An <img> without crossorigin is loaded without CORS: it shows on the page, but the script may not read its pixels, so drawing it on a canvas taints the canvas and getImageData() throws a SecurityError. Try setting crossorigin to anonymous: the image is then loaded with CORS and needs Access-Control-Allow-Origin.",
    ),
    preset!(
        golden BEYOND_FETCH,
        "ok-script-without-crossorigin-runs-muted",
        "A script from another origin runs, its errors muted",
        "A <script src> from another origin runs without CORS, but its errors are muted: window.onerror only gets Script error., with no message, file or line. Error trackers need crossorigin on the tag and Access-Control-Allow-Origin on the script's response. Try setting crossorigin to anonymous.",
    ),
    preset!(
        golden BEYOND_FETCH,
        "ok-json-stringify-body-is-text-plain",
        "fetch() with body JSON.stringify(data) sends text/plain: no preflight",
        "JSON.stringify gives a string, and a string body makes the browser add Content-Type: text/plain;charset=UTF-8, a safelisted type, so this POST needs no preflight although it carries JSON. Servers that parse only application/json then ignore the body. Try adding Content-Type: application/json to the request: a preflight is now needed.",
    ),
    preset!(
        golden BEYOND_FETCH,
        "error-server-down-is-not-cors",
        "The server is down: the console says CORS, the problem is not",
        "Nothing listens at the API, so there is no response at all, and fetch() rejects with the same TypeError a CORS failure gives. No CORS header could help: look at the network panel, where the request has no status. Try choosing an HTTP response for the server entry in the timeline: the request then reaches the server.",
    ),
    preset!(
        golden BEYOND_FETCH,
        "ok-localhost-with-local-network-access-granted",
        "A public page calls localhost once the user allows it",
        "A public site calling http://localhost reaches into the user's own machine, so Chromium's Local Network Access asks the user first; here the user allowed it and the server allows any origin. Denied is what a dismissed prompt and a headless browser give. Try setting the Local Network Access prompt to denied: the request fails before it is sent.",
    ),
];

/// The gallery's groups, in the order their first preset comes.
pub fn groups() -> Vec<&'static str> {
    let mut groups: Vec<&'static str> = Vec::new();
    for preset in ALL {
        if !groups.contains(&preset.group) {
            groups.push(preset.group);
        }
    }
    groups
}

/// The contract's example: `corsim`'s example scenario file, with a
/// preflight, credentials and `Vary` at once.
pub fn default_preset() -> &'static Preset {
    by_id("default").unwrap_or(&ALL[0])
}

/// The scenario the app opens with when no link names one: the classic page
/// calling its own API with a plain GET that works, the first thing a
/// newcomer should see (the contract's example asks for too much at once).
pub fn starter() -> &'static Preset {
    by_id("app-to-api").unwrap_or(&ALL[0])
}

/// The preset with this id.
pub fn by_id(id: &str) -> Option<&'static Preset> {
    ALL.iter().find(|p| p.id == id)
}

/// The preset whose scenario is exactly this one, if any.
pub fn matching(draft: &Draft) -> Option<&'static Preset> {
    ALL.iter().find(|p| p.draft() == *draft)
}
