// The scenarios the HAR recorders run (./record-chromium.mjs,
// ./record-webkit.mjs, ./record-firefox.mjs) and the one of DevTools'
// copies (./record-copies.mjs), and the one server that
// serves their page on http://app.example.test and their API on
// http://api.example.test (the Host header says which answers).

import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { cleanup } from "../lib/browser.mjs";
import { inNamespace, reRunInNamespace } from "../lib/namespace.mjs";

export const PAGE = "http://app.example.test";
export const API = "http://api.example.test";

/**
 * The scenarios: what the page's script does (`script`, run as an async
 * function whose return value is what the page got), how the API answers
 * (`api(req)` → `[status, headers, body]`), and which exports to save
 * (`exports`: a name suffix → sanitize).
 */
export const SCENARIOS = {
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

/**
 * The one server: the page for app.example.test, the scenario's API for
 * api.example.test, on `port` of `address` (0: any free port). The page's
 * /blank is an empty page, for a browser to wait on before the scenario.
 */
export async function startServer(scenario, { address = "127.0.0.1", port = 0 } = {}) {
  const server = createServer((req, res) => {
    const host = (req.headers.host || "").split(":")[0];
    if (host === "app.example.test") {
      if (req.url === "/favicon.ico") {
        res.writeHead(404).end();
        return;
      }
      if (req.url === "/blank") {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end('<!doctype html><meta charset="utf-8"><title>corsim HAR recording</title>');
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
  await new Promise((ok, ko) => server.once("error", ko).listen(port, address, ok));
  return server;
}

/**
 * Records every scenario, or the one `--only NAME` names, with `record(name,
 * scenario)`, and writes what it gives into `--out DIR` (tests/fixtures/DIR,
 * `har` unless told): `BROWSER-NAME.har` (`EXT`), or one file per suffix when
 * it gives several texts keyed by a suffix of the file name.
 */
export async function recordAll(browser, record, { dir = "har", ext = ".har" } = {}) {
  const args = process.argv.slice(2);
  const flag = (f) => {
    const i = args.indexOf(f);
    return i === -1 ? null : args[i + 1];
  };
  const only = flag("--only");
  const out = flag("--out") ?? join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", dir);
  mkdirSync(out, { recursive: true });
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    if (only && name !== only) continue;
    const made = await record(name, scenario);
    for (const [suffix, text] of Object.entries(typeof made === "string" ? { "": made } : made)) {
      const file = join(out, `${browser}-${name}${suffix}${ext}`);
      writeFileSync(file, text);
      console.log(`wrote ${file}`);
    }
  }
}

/**
 * `recordAll` inside private network and PID namespaces
 * (tests/lib/namespace.mjs), where the server may take port 80: `script` is
 * the recorder's `import.meta.url`, run again inside; there `before` runs
 * first; `mount` adds a mount namespace, for a hosts file of its own.
 */
export function recordInNamespace(browser, record, { script, before = () => {}, mount = false }) {
  const flag = `CORSIM_HAR_${browser.toUpperCase()}_NAMESPACE`;
  const tag = `record-${browser}`;
  if (!inNamespace(flag)) {
    reRunInNamespace({
      script: fileURLToPath(script),
      more: mount ? ["--mount"] : [],
      flag,
      tag,
      timeoutMs: 300_000,
      interruptGraceMs: 5000,
      advice:
        `It serves on port 80 of a network of its own${mount ? " and mounts its own /etc/hosts" : ""}: ` +
        "run it as root, or allow unprivileged user namespaces.",
    });
    return;
  }
  (async () => {
    before();
    await recordAll(browser, record);
  })().then(
    () => {
      cleanup();
      process.exit(0);
    },
    (err) => {
      console.error(`${tag}: FAIL: ${err.stack || err}`);
      cleanup();
      process.exit(1);
    },
  );
}
