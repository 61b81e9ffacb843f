// Smoke test of the built web app in real headless Chromium, with no npm package:
// serves DIST on 127.0.0.1, opens it over the DevTools protocol
// (--remote-debugging-pipe, no port), and checks that the app rendered the
// verdict of its default scenario.
//
//   node scripts/smoke.mjs DIST [EXPECTED_VERDICT.json]
//
// SMOKE_SCREENSHOT=page.png saves what the page looked like.
//
// With EXPECTED_VERDICT.json (the native CLI's `--json` output for the same
// scenario), the verdict the wasm build shows must equal it, value for value.

import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve, sep } from "node:path";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TIMEOUT_MS = 60_000;

const [distArg, expectedPath] = process.argv.slice(2);
if (!distArg) {
  console.error("usage: node scripts/smoke.mjs DIST [EXPECTED_VERDICT.json]");
  process.exit(2);
}
const dist = resolve(distArg);

const cleanups = [];
function cleanup() {
  while (cleanups.length) {
    try {
      cleanups.pop()();
    } catch {
      // best effort: keep cleaning
    }
  }
}
process.on("exit", cleanup);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}

let chromiumLog = null;
function fail(message) {
  console.error(`smoke: FAIL: ${message}`);
  if (chromiumLog) console.error(`smoke: Chromium's own output: ${chromiumLog}`);
  process.exit(1);
}

// JSON text of a value with every object's keys sorted, to compare values.
function canonical(value) {
  return JSON.stringify(
    value,
    (_, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
        : v,
    2,
  );
}

// A static file server for DIST on an ephemeral loopback port.
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

function serve(root) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    let body;
    try {
      if (!statSync(file).isFile()) throw new Error("not a file");
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(body);
  });
  return new Promise((ok, ko) => {
    server.once("error", ko);
    server.listen(0, "127.0.0.1", () => ok(server));
  });
}

// A DevTools protocol client over the pipe: fd 3 to Chromium, fd 4 from it,
// each message one JSON text followed by a NUL byte.
function launchChromium(logFile) {
  const profile = mkdtempSync(join(tmpdir(), "corsim-smoke-profile-"));
  cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
  const args = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--no-proxy-server",
    `--user-data-dir=${profile}`,
    "--remote-debugging-pipe",
    "about:blank",
  ];
  // Its own process group, so that its helper processes can be stopped with it.
  const child = spawn(CHROMIUM, args, { stdio: ["ignore", "pipe", "pipe", "pipe", "pipe"], detached: true });
  const exited = new Promise((ok) => child.once("exit", ok));
  cleanups.push(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  cleanups.push(() => writeFileSync(logFile, log));

  const [toChrome, fromChrome] = [child.stdio[3], child.stdio[4]];
  const pending = new Map();
  const listeners = [];
  let nextId = 1;
  let buffered = Buffer.alloc(0);
  fromChrome.on("data", (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    let end;
    while ((end = buffered.indexOf(0)) !== -1) {
      const message = JSON.parse(buffered.subarray(0, end).toString("utf8"));
      buffered = buffered.subarray(end + 1);
      if (message.id !== undefined && pending.has(message.id)) {
        const { ok, ko, method } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) ko(new Error(`${method}: ${message.error.message}`));
        else ok(message.result);
      } else if (message.method) {
        for (const listener of listeners) listener(message);
      }
    }
  });
  child.on("exit", (code, signal) => {
    for (const { ko } of pending.values()) ko(new Error(`chromium exited (${code ?? signal})`));
    pending.clear();
  });
  child.on("error", (err) => fail(`cannot start ${CHROMIUM}: ${err.message}`));

  return {
    send(method, params = {}, sessionId) {
      const id = nextId++;
      const message = { id, method, params };
      if (sessionId) message.sessionId = sessionId;
      toChrome.write(JSON.stringify(message) + "\0");
      return new Promise((ok, ko) => pending.set(id, { ok, ko, method }));
    },
    on(listener) {
      listeners.push(listener);
    },
    // Asks Chromium to quit, so that it stops its helpers itself; waits up to 5 s.
    close() {
      toChrome.write(JSON.stringify({ id: nextId++, method: "Browser.close" }) + "\0");
      return Promise.race([exited, sleep(5000)]);
    },
  };
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function main() {
  const deadline = setTimeout(() => fail(`no verdict after ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
  deadline.unref();

  const expected = expectedPath ? JSON.parse(readFileSync(expectedPath, "utf8")) : null;

  const server = await serve(dist);
  cleanups.push(() => server.close());
  const url = `http://127.0.0.1:${server.address().port}/`;

  // The static shell must be there before any script runs.
  const shell = await (await fetch(url)).text();
  if (!shell.includes("<noscript>")) fail(`${url} has no <noscript> shell`);

  chromiumLog = join(tmpdir(), "corsim-smoke-chromium.log");
  const chrome = launchChromium(chromiumLog);
  const problems = [];
  chrome.on((message) => {
    const { method, params } = message;
    if (method === "Runtime.exceptionThrown") {
      const d = params.exceptionDetails;
      problems.push(`uncaught exception: ${d.exception?.description ?? d.text}`);
    } else if (method === "Runtime.consoleAPICalled" && params.type === "error") {
      problems.push(`console.error: ${params.args.map((a) => a.value ?? a.description).join(" ")}`);
    } else if (method === "Log.entryAdded" && params.entry.level === "error") {
      problems.push(`browser error: ${params.entry.text} ${params.entry.url ?? ""}`.trim());
    }
  });

  const { targetId } = await chrome.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await chrome.send("Target.attachToTarget", { targetId, flatten: true });
  await chrome.send("Runtime.enable", {}, sessionId);
  await chrome.send("Log.enable", {}, sessionId);
  await chrome.send("Page.enable", {}, sessionId);
  const started = Date.now();
  await chrome.send("Page.navigate", { url }, sessionId);

  const probe = `JSON.stringify({
    outcome: document.getElementById("outcome")?.textContent ?? null,
    verdict: document.getElementById("verdict")?.textContent ?? null,
    errors: document.getElementById("errors")?.innerText ?? null,
    shell: document.getElementById("loading") !== null,
  })`;
  let seen;
  for (;;) {
    const { result } = await chrome.send("Runtime.evaluate", { expression: probe, returnByValue: true }, sessionId);
    seen = JSON.parse(result.value);
    if (seen.outcome !== null || seen.errors !== null || problems.length) break;
    await sleep(100);
  }
  const renderedMs = Date.now() - started;
  if (process.env.SMOKE_SCREENSHOT) {
    const { data } = await chrome.send("Page.captureScreenshot", { format: "png" }, sessionId);
    writeFileSync(process.env.SMOKE_SCREENSHOT, Buffer.from(data, "base64"));
  }
  await chrome.close();

  if (problems.length) fail(`the page reported errors:\n  ${problems.join("\n  ")}`);
  if (seen.shell) fail("the app rendered but the static loading shell is still there");
  if (seen.errors !== null) fail(`the app says the default scenario is invalid:\n${seen.errors}`);
  let verdict;
  try {
    verdict = JSON.parse(seen.verdict ?? "");
  } catch (err) {
    fail(`#verdict is not JSON (${err.message}): ${seen.verdict}`);
  }
  if (verdict.version !== 1) fail(`#verdict has version ${verdict.version}, want 1`);
  if (!seen.outcome || seen.outcome !== verdict.outcome) {
    fail(`#outcome says ${JSON.stringify(seen.outcome)} but the verdict's outcome is ${JSON.stringify(verdict.outcome)}`);
  }
  if (expected !== null) {
    const got = canonical(verdict);
    const want = canonical(expected);
    if (got !== want) fail(`the app's verdict differs from the native CLI's:\n--- app\n${got}\n--- cli\n${want}`);
  }
  console.log(
    `smoke: ok: Chromium rendered the default scenario's verdict (outcome "${seen.outcome}") in ${renderedMs} ms` +
      (expected !== null ? ", identical to the native CLI's" : ""),
  );
}

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (err) => fail(err.stack || String(err)),
);
