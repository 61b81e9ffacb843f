// Records real HAR exports from Chromium's own DevTools, for the HAR
// importer's tests (tests/fixtures/har/chromium-*.har, tests/cli/har.rs).
//
//   node tests/har/record-chromium.mjs [--only NAME] [--out DIR]
//
// For each scenario below it:
//
// 1. serves a page on http://app.example.test and an API on
//    http://api.example.test, both from one small server on a loopback
//    port (Chromium's --host-resolver-rules send both names there; the
//    Host header says which answers);
// 2. starts headless Chromium (tests/lib/browser.mjs) with
//    --remote-debugging-port too, opens a blank tab A, and in a second tab
//    the DevTools frontend that Chromium bundles,
//    devtools://devtools/bundled/devtools_app.html?ws=127.0.0.1:PORT/devtools/page/A,
//    attached to A as a remote frontend, with its Network panel shown;
// 3. loads the page in A, which makes its cross-origin requests, and waits
//    until each has settled and the Network panel has them all finished;
// 4. runs the Network panel's own "Export HAR" (`NetworkLogView.exportAll`,
//    what the toolbar's download button and its menu call: `{sanitize:
//    true}` for "Export HAR (sanitized)", the button, `{sanitize: false}`
//    for "Export HAR (with sensitive data)"). DevTools' HAR code
//    (models/har/Log.ts and Writer.ts) writes the file through
//    `InspectorFrontendHost.save/append/close`. In a tab, that host is
//    Chromium's real embedder, which would ask where to save in a native
//    dialog that headless Chromium cannot show (the save is cancelled and
//    nothing is written), so the script takes the text at that boundary
//    instead: it answers `save`, `append` and `close` as the embedder
//    does (the `savedURL` and `appendedToURL` events) and keeps what
//    DevTools hands over, byte for byte. Nothing is edited afterwards.
//
// Each export is written to tests/fixtures/har/chromium-NAME.har (with
// `-sensitive` for an export with sensitive data). The committed ones were
// recorded with Debian's Chromium 156.0.8078.129 (/usr/bin/chromium), whose
// frontend is the one it bundles. A run takes about 15 s; dates, timings,
// ports and connection ids differ from one run to the next.

import { createServer } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { launchChromium } from "../lib/browser.mjs";
import { sleep, waitFor } from "../lib/wait.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const PAGE = "http://app.example.test";
const API = "http://api.example.test";

/**
 * The scenarios: what the page's script does (`script`, run as an async
 * function whose return value is what the page got), how the API answers
 * (`api(req)` → `[status, headers, body]`), and which exports to save
 * (`exports`: a name suffix → sanitize).
 */
const SCENARIOS = {
  // A PUT with a custom header: preflighted, and the preflight's answer
  // allows the origin and the header but names no method.
  "preflight-no-allow-methods": {
    script: `
      const r = await fetch("${API}/items/42", {
        method: "PUT",
        headers: { "Content-Type": "application/json", "X-Request-Id": "abc-123" },
        body: JSON.stringify({ name: "corsim" }),
      });
      return [r.status];`,
    api(req) {
      if (req.method === "OPTIONS") {
        return [204, { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Headers": "Content-Type, X-Request-Id" }];
      }
      return [200, { "Access-Control-Allow-Origin": PAGE, "Content-Type": "application/json" }, '{"ok":true}'];
    },
  },
  // A simple GET whose answer has no Access-Control-Allow-Origin.
  "get-no-allow-origin": {
    script: `
      const r = await fetch("${API}/users?page=1");
      return [r.status, await r.text()];`,
    api: () => [200, { "Content-Type": "application/json", "Cache-Control": "no-store" }, '[{"id":1}]'],
  },
  // A credentialed GET (a cookie and an Authorization header would need a
  // preflight: the cookie alone, set by the page for example.test, which
  // both hosts share) answered with the wildcard.
  "credentials-wildcard": {
    script: `
      document.cookie = "session=test-session-value; domain=example.test; path=/";
      const r = await fetch("${API}/me", { credentials: "include" });
      return [r.status];`,
    api: () => [200, { "Access-Control-Allow-Origin": "*", "Content-Type": "application/json" }, '{"name":"test"}'],
    exports: { "": true, "-sensitive": false },
  },
  // A GET with an Authorization header: preflighted, and the preflight's
  // answer does not allow that header. The sanitized export (the button's)
  // leaves the header out of the request; the preflight still names it.
  "authorization-not-allowed": {
    script: `
      const r = await fetch("${API}/orders", { headers: { Authorization: "Bearer test-token" } });
      return [r.status];`,
    api(req) {
      if (req.method === "OPTIONS") {
        return [204, { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Headers": "Content-Type" }];
      }
      return [200, { "Access-Control-Allow-Origin": PAGE, "Content-Type": "application/json" }, "[]"];
    },
  },
  // A page making several cross-origin requests, a moment apart: one that
  // works, a preflighted one that works, one refused, one preflighted
  // whose preflight fails.
  timeline: {
    script: `
      const out = [];
      const attempt = async (url, init) => {
        try {
          const r = await fetch(url, init);
          out.push(r.status);
        } catch (e) {
          out.push(String(e));
        }
      };
      await attempt("${API}/config");
      await new Promise((ok) => setTimeout(ok, 300));
      await attempt("${API}/items", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });
      await new Promise((ok) => setTimeout(ok, 300));
      await attempt("${API}/private");
      await new Promise((ok) => setTimeout(ok, 300));
      await attempt("${API}/items/7", { method: "DELETE" });
      return out;`,
    api(req) {
      const path = new URL(req.url, API).pathname;
      if (path === "/private") return [403, { "Content-Type": "text/plain" }, "no"];
      if (req.method === "OPTIONS") {
        // POST is allowed; DELETE is not.
        return [204, { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "0" }];
      }
      return [req.method === "POST" ? 201 : 200, { "Access-Control-Allow-Origin": PAGE, "Content-Type": "application/json", Vary: "Origin" }, "{}"];
    },
  },
};

/** The one server: the page for app.example.test, the scenario's API for api.example.test. */
async function startServer(scenario) {
  const server = createServer((req, res) => {
    const host = (req.headers.host || "").split(":")[0];
    if (host === "app.example.test") {
      if (req.url === "/favicon.ico") {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><meta charset="utf-8"><title>corsim HAR recording</title>
<script>
  window.__result = (async () => { ${scenario.script} })().then(
    (value) => ({ value }),
    (error) => ({ error: String(error) }),
  );
  window.__result.then((r) => (window.__done = r));
</script>`);
      return;
    }
    if (host === "api.example.test") {
      const [status, headers, body] = scenario.api(req);
      req.resume();
      res.writeHead(status, headers);
      res.end(body ?? "");
      return;
    }
    res.writeHead(421).end();
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return server;
}

/** The HAR texts DevTools writes for `scenario`, by file name suffix. */
async function record(name, scenario) {
  const server = await startServer(scenario);
  const port = server.address().port;
  const browser = launchChromium({
    tag: "corsim-har",
    logFile: `/tmp/corsim-har-${name}.log`,
    args: [
      "--remote-debugging-port=0",
      // The frontend's page is devtools://devtools: without this Chromium
      // refuses its WebSocket.
      "--remote-allow-origins=devtools://devtools",
      `--host-resolver-rules=MAP *.example.test 127.0.0.1:${port}`,
    ],
  });
  try {
    // Chromium says on standard error where it listens.
    const ws = await waitFor(() => /DevTools listening on ws:\/\/([\d.]+:\d+)\//.exec(browser.log())?.[1], {
      what: "Chromium's DevTools port",
    });
    const page = await browser.newPage();
    const frontend = await browser.newPage();
    // Polls an async expression in the frontend until it gives true.
    const inFrontend = (expression, { what, timeout }) =>
      waitFor(() => frontend.evaluate(expression, { awaitPromise: true }), { what, timeout });
    await frontend.navigate(`devtools://devtools/bundled/devtools_app.html?ws=${ws}/devtools/page/${page.targetId}`);
    await inFrontend(
      `(async () => {
        const SDK = await import("./core/sdk/sdk.js");
        const UI = await import("./ui/legacy/legacy.js");
        // exportAll saves nothing without it.
        if (!SDK.TargetManager.TargetManager.instance().scopeTarget()) return false;
        await UI.ViewManager.ViewManager.instance().showView("network");
        const Network = await import("./panels/network/network.js");
        return !!Network.NetworkPanel.NetworkPanel.instance().networkLogView;
      })()`,
      { what: "the DevTools frontend attached, its Network panel shown", timeout: 20_000 },
    );
    await page.navigate(`${PAGE}/${name}`);
    const result = await page.waitFor("window.__done", { what: `${name}: the page's requests`, timeout: 20_000 });
    console.log(`${name}: the page got ${JSON.stringify(result)}`);
    // Until the panel has every request finished (a failed one included).
    await inFrontend(
      `(async () => {
        const Logs = await import("./models/logs/logs.js");
        const requests = Logs.NetworkLog.NetworkLog.instance().requests();
        return requests.length > 1 && requests.every((r) => r.finished);
      })()`,
      { what: `${name}: the Network panel's requests finished` },
    );
    await sleep(200);
    const texts = {};
    for (const [suffix, sanitize] of Object.entries(scenario.exports ?? { "": true })) {
      texts[suffix] = await frontend.evaluate(
        `(async () => {
          const Host = await import("./core/host/host.js");
          const Network = await import("./panels/network/network.js");
          const host = Host.InspectorFrontendHost.InspectorFrontendHostInstance;
          const SavedURL = Host.InspectorFrontendHostAPI.Events.SavedURL;
          const AppendedToURL = Host.InspectorFrontendHostAPI.Events.AppendedToURL;
          const files = new Map();
          let closed;
          const done = new Promise((ok) => (closed = ok));
          const own = { save: host.save, append: host.append, close: host.close };
          host.save = (url, content, forceSaveAs, isBase64) => {
            if (isBase64) throw new Error("a HAR saved as base64");
            files.set(url, [content]);
            host.events.dispatchEventToListeners(SavedURL, { url, fileSystemPath: "/" + url });
          };
          host.append = (url, content) => {
            files.get(url).push(content);
            host.events.dispatchEventToListeners(AppendedToURL, url);
          };
          host.close = (url) => closed([url, files.get(url).join("")]);
          try {
            const view = Network.NetworkPanel.NetworkPanel.instance().networkLogView;
            await view.exportAll({ sanitize: ${sanitize} });
            // exportAll returns once the file is closed, or at once when it saved nothing.
            const [url, text] = await Promise.race([done, new Promise((ok) => setTimeout(ok, 1000, []))]);
            if (text === undefined) throw new Error("exportAll saved nothing");
            return { url, text };
          } finally {
            Object.assign(host, own);
          }
        })()`,
        { awaitPromise: true },
      );
      const { url, text } = texts[suffix];
      console.log(`${name}${suffix}: DevTools saved ${url}, ${text.length} characters`);
      texts[suffix] = text;
    }
    return texts;
  } finally {
    await browser.close();
    server.close();
  }
}

const args = process.argv.slice(2);
const flag = (f) => {
  const i = args.indexOf(f);
  return i === -1 ? null : args[i + 1];
};
const only = flag("--only");
const out = flag("--out") ?? join(HERE, "..", "fixtures", "har");
mkdirSync(out, { recursive: true });
for (const [name, scenario] of Object.entries(SCENARIOS)) {
  if (only && name !== only) continue;
  const texts = await record(name, scenario);
  for (const [suffix, text] of Object.entries(texts)) {
    const file = join(out, `chromium-${name}${suffix}.har`);
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
process.exit(0);
