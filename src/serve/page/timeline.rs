//! The page of a version-2 document: every request in order, each at its
//! time, made by its initiator, and what the page's code got for each.
//!
//! - `fetch` with the document's body kind (a string, `URLSearchParams`,
//!   `FormData`, a `Blob` with or without a type) and `targetAddressSpace`;
//! - `xhr`: `XMLHttpRequest`, with `withCredentials` and, for
//!   `upload_listeners`, a progress listener on `xhr.upload`;
//! - `img`: an `Image` with its `crossOrigin`; once loaded, it is drawn on
//!   a canvas and read back, which throws for an image loaded without CORS
//!   (`opaque`);
//! - `script`: a `<script>` with its `crossOrigin`; the companion's script
//!   throws (`content.rs`), and its `error` event has the real message only
//!   when it ran with CORS (`readable`), "Script error." otherwise (`opaque`);
//!   the event is cancelled, so that it prints nothing in the console;
//! - `font`: a `FontFace` loaded from the URL; a font that loads shows
//!   nothing of how it was fetched (`loaded`: with CORS or without, as
//!   WebKit fetches fonts, shows on the wire, in the request's `Origin`);
//! - a request whose `page` is another one: that page is opened with
//!   `window.open` (another tab of the same browser, sharing its caches),
//!   runs the one request and posts its result back to this page.
//!
//! A request starts at its `at` after the page loaded, but never less than
//! `GAP_MS` after the previous one ended, so that a test can tell each
//! request's console lines and log entries apart by time: each result says
//! when its request started (`started_ms`, milliseconds since the Unix
//! epoch). For an element, only what its events show is known: `outcome`;
//! its `status` and `exposed_headers` are `null`.

use serde_json::{json, Value};

use corsim_app::markup::escape;
use corsim_core::scenario::Timeline;

use super::{in_sandboxed_frame, script_json, SHOW};

/// The least time between one request's end and the next one's start.
const GAP_MS: u64 = 300;

/// How long the page waits for another page to report its request.
const OTHER_PAGE_TIMEOUT_MS: u64 = 10_000;

pub fn html(timeline: &Timeline) -> String {
    let title = timeline.title.as_deref().unwrap_or("a corsim scenario");
    let requests: Vec<Value> = timeline
        .requests
        .iter()
        .map(|r| {
            let init = &r.init;
            json!({
                "at_ms": r.at_ms,
                // Another page of the browser, when it is not this one.
                "page": r.page.as_ref().filter(|p| **p != timeline.page).map(|p| p.as_str()),
                "url": init.url.as_str(),
                "initiator": init.initiator.as_str(),
                "method": init.method,
                "headers": init.headers,
                "mode": init.mode.as_str(),
                "credentials": init.credentials.as_str(),
                "redirect": init.redirect.as_str(),
                "with_credentials": init.with_credentials,
                "upload_listeners": init.upload_listeners,
                "crossorigin": init.crossorigin.map(|c| c.as_str()),
                "body": init.body.as_str(),
                "target_address_space": init.target_address_space.map(|s| s.as_str()),
            })
        })
        .collect();
    let spec = script_json(&json!({
        "requests": requests,
        "gap_ms": GAP_MS,
        "other_page_timeout_ms": OTHER_PAGE_TIMEOUT_MS,
    }));
    let script = if timeline.sandboxed {
        in_sandboxed_frame(&format!("const SPEC = {spec};\n{RUN}"), "runAll()")
    } else {
        format!("const SPEC = {spec};\n{RUN}\n{SHOW}\n{START}\n")
    };
    let list: String = timeline
        .requests
        .iter()
        .map(|r| {
            format!(
                "<li>at {} s: {} {} {}</li>",
                r.at_ms as f64 / 1000.0,
                r.init.initiator.as_str(),
                escape(&r.init.method),
                escape(r.init.url.as_str())
            )
        })
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>corsim: {title}</title>\n\
         <style>body{{font:15px/1.45 system-ui,sans-serif;margin:2rem;max-width:50rem}}\
         pre{{background:#f3f3f3;padding:.75rem;overflow:auto}}iframe{{border:1px dashed #999;height:3rem}}</style>\n\
         </head>\n<body>\n<h1>{title}</h1>\n\
         <p>This page stands for <code>{page}</code>. Served by <code>corsim serve</code>, it makes these requests, in order:</p>\n\
         <ol>{list}</ol>\n<div id=\"frame\"></div>\n\
         <p>What the script got:</p>\n<pre id=\"result\" aria-live=\"polite\">waiting…</pre>\n\
         <p>The browser's console shows its own error lines, if any.</p>\n\
         <script>\n\"use strict\";\n{script}</script>\n</body>\n</html>\n",
        title = escape(title),
        page = escape(timeline.page.as_str()),
    )
}

/// Opened by another page for one of its requests (`#corsim-request=N`),
/// the page makes that request and posts the result back; else it makes
/// them all.
const START: &str = r#"const asked = /^#corsim-request=(\d+)$/.exec(location.hash);
if (asked && window.opener) {
  const index = Number(asked[1]);
  runOne(SPEC.requests[index], index).then((result) => {
    window.opener.postMessage(JSON.stringify({ corsim: "request-result", index, result }), "*");
  });
} else {
  runAll().then(show);
}"#;

/// Makes the requests and describes what the page's code got for each.
const RUN: &str = r#"const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const BODIES = {
  none: () => undefined,
  text: () => JSON.stringify({ corsim: true }),
  urlencoded: () => new URLSearchParams({ corsim: "1" }),
  formdata: () => {
    const form = new FormData();
    form.append("corsim", "1");
    return form;
  },
  blob: () => new Blob(["corsim"]),
  "json-blob": () => new Blob([JSON.stringify({ corsim: true })], { type: "application/json" }),
};
const failed = (error) => ({ outcome: "network-error", status: null, exposed_headers: [], error: String(error) });
const names = (list) => [...new Set(list)].sort();

async function viaFetch(r) {
  const init = { method: r.method, headers: r.headers, mode: r.mode, credentials: r.credentials, redirect: r.redirect };
  const body = BODIES[r.body]();
  if (body !== undefined) init.body = body;
  if (r.target_address_space) init.targetAddressSpace = r.target_address_space;
  try {
    const response = await fetch(r.url, init);
    const opaque = response.type === "opaque" || response.type === "opaqueredirect";
    return { outcome: opaque ? "opaque" : "readable", type: response.type, status: response.status, exposed_headers: names(response.headers.keys()) };
  } catch (error) {
    return failed(error);
  }
}

function viaXhr(r) {
  return new Promise((done) => {
    const xhr = new XMLHttpRequest();
    try {
      xhr.open(r.method, r.url);
      // Read as text: Firefox parses an untyped body as XML otherwise, and
      // prints "XML Parsing Error: no root element found" for an empty one.
      xhr.responseType = "text";
      for (const [name, value] of r.headers) xhr.setRequestHeader(name, value);
      xhr.withCredentials = r.with_credentials;
      if (r.upload_listeners) xhr.upload.addEventListener("progress", () => {});
      xhr.onload = () => {
        const lines = xhr.getAllResponseHeaders().split(/\r?\n/).filter((l) => l.includes(":"));
        done({ outcome: "readable", status: xhr.status, exposed_headers: names(lines.map((l) => l.slice(0, l.indexOf(":")).trim().toLowerCase())) });
      };
      xhr.onerror = () => done(failed(`XMLHttpRequest error event, status ${xhr.status}`));
      xhr.send(BODIES[r.body]() ?? null);
    } catch (error) {
      done(failed(error));
    }
  });
}

const element = (outcome) => ({ outcome, status: null, exposed_headers: null });

function viaImg(r) {
  return new Promise((done) => {
    const img = new Image();
    if (r.crossorigin) img.crossOrigin = r.crossorigin;
    img.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 1;
      const context = canvas.getContext("2d");
      context.drawImage(img, 0, 0);
      try {
        context.getImageData(0, 0, 1, 1);
        done(element("readable"));
      } catch {
        done(element("opaque"));
      }
    };
    img.onerror = () => done({ ...element("network-error"), error: "image error event" });
    img.src = r.url;
  });
}

function viaScript(r) {
  return new Promise((done) => {
    const script = document.createElement("script");
    if (r.crossorigin) script.crossOrigin = r.crossorigin;
    let message = null;
    const onError = (event) => {
      if (!(event instanceof ErrorEvent)) return;
      message = event.message;
      event.preventDefault();
    };
    window.addEventListener("error", onError);
    const end = (result) => {
      window.removeEventListener("error", onError);
      script.remove();
      done(result);
    };
    script.onload = () => end({ ...element(message !== null && message.includes("corsim") ? "readable" : "opaque"), script_error: message });
    script.onerror = () => end({ ...element("network-error"), error: "script error event" });
    script.src = r.url;
    document.head.append(script);
  });
}

async function viaFont(r, index) {
  try {
    await new FontFace(`corsim-${index}`, `url(${JSON.stringify(r.url)})`).load();
    return element("loaded");
  } catch (error) {
    return { ...element("network-error"), error: String(error) };
  }
}

const INITIATORS = { fetch: viaFetch, xhr: viaXhr, img: viaImg, script: viaScript, font: viaFont };

async function runOne(r, index) {
  const result = await INITIATORS[r.initiator](r, index);
  return { origin: self.origin, ...result };
}

function inAnotherPage(r, index) {
  return new Promise((done) => {
    const url = new URL(r.page);
    url.hash = `corsim-request=${index}`;
    let timer = null;
    const listener = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.corsim !== "request-result" || message.index !== index) return;
      window.removeEventListener("message", listener);
      clearTimeout(timer);
      done(message.result);
    };
    window.addEventListener("message", listener);
    if (!window.open(url.href)) {
      window.removeEventListener("message", listener);
      done({ origin: null, ...failed(`window.open(${url.href}) was refused`) });
      return;
    }
    timer = setTimeout(() => {
      window.removeEventListener("message", listener);
      done({ origin: null, ...failed(`${url.href} did not report in ${SPEC.other_page_timeout_ms} ms`) });
    }, SPEC.other_page_timeout_ms);
  });
}

async function runAll() {
  const requests = [];
  let ended = null;
  for (const [index, r] of SPEC.requests.entries()) {
    const start = Math.max(r.at_ms, ended === null ? 0 : ended + SPEC.gap_ms);
    if (start > performance.now()) await sleep(start - performance.now());
    const started_ms = Date.now();
    const result = r.page ? await inAnotherPage(r, index) : await runOne(r, index);
    requests.push({ ...result, started_ms });
    ended = performance.now();
  }
  return { version: 2, origin: self.origin, requests };
}"#;
