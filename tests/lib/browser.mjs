// What the browser tests share: a static server for the built app, headless
// Chromium driven over the DevTools protocol through --remote-debugging-pipe
// (no npm package, no open port), and a small page API that acts as a user
// would: real mouse events, real text input.
//
// Whatever is started here is registered for cleanup, which runs on exit and
// on SIGINT/SIGTERM/SIGHUP: Chromium's whole process group is killed, its
// profile removed and the server closed, whatever way the test ends.

import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve, sep } from "node:path";

import { atMost, waitFor } from "./wait.mjs";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// ---- cleanup -----------------------------------------------------------------

const cleanups = [];

/** Runs `fn` when the process ends, last registered first. */
export function atExit(fn) {
  cleanups.push(fn);
}

export function cleanup() {
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

// ---- values ------------------------------------------------------------------

/** JSON text of a value with every object's keys sorted, to compare values. */
export function canonical(value) {
  return JSON.stringify(
    value,
    (_, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
        : v,
    2,
  );
}

// ---- the static server ---------------------------------------------------------

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

/**
 * Serves the directory `root` on an ephemeral port of 127.0.0.1, as a static
 * host would (no fallback page, no caching headers). Resolves to its origin,
 * `http://127.0.0.1:PORT`; the server is closed at exit.
 */
export function serveStatic(root) {
  root = resolve(root);
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
    server.listen(0, "127.0.0.1", () => {
      atExit(() => server.close());
      ok(`http://127.0.0.1:${server.address().port}`);
    });
  });
}

// ---- Chromium ----------------------------------------------------------------

/**
 * Starts `command` in a process group of its own, so that what it starts
 * (helper processes, Xvfb, WebKit's processes) stops with it, and stops the
 * group at exit. What it writes on the streams `logged` names is kept, with
 * what `note` adds, and written to `logFile` at exit. Gives the child, its
 * exit (a promise) and the log so far (`log()`).
 */
export function spawnGroup(command, args, { stdio, env, logged = ["stdout", "stderr"], logFile } = {}) {
  const child = spawn(command, args, { stdio, env, detached: true });
  const exited = new Promise((ok) => child.once("exit", ok));
  atExit(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  });
  let log = "";
  const note = (text) => (log += text);
  for (const stream of logged) child[stream].on("data", note);
  if (logFile) atExit(() => writeFileSync(logFile, log));
  return { child, exited, log: () => log, note };
}

/**
 * Starts headless Chromium with a fresh profile and returns a DevTools
 * protocol client: fd 3 carries commands to Chromium, fd 4 its answers and
 * events, each message one JSON text followed by a NUL byte. Chromium's own
 * output is written to `logFile` at exit, for when something goes wrong.
 */
export function launchChromium({ logFile, tag = "corsim", args: extraArgs = [] } = {}) {
  const profile = mkdtempSync(join(tmpdir(), `${tag}-profile-`));
  atExit(() => rmSync(profile, { recursive: true, force: true }));
  const args = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    // The machines have no network but loopback: without these Chromium keeps
    // trying to reach Google's services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--no-proxy-server",
    `--user-data-dir=${profile}`,
    "--remote-debugging-pipe",
    // What a test adds, such as host-resolver rules (tests/agreement/run.mjs).
    ...extraArgs,
    "about:blank",
  ];
  const { child, exited, log } = spawnGroup(CHROMIUM, args, { stdio: ["ignore", "pipe", "pipe", "pipe", "pipe"], logFile });

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
  let gone = null;
  const failAll = (why) => {
    gone = why;
    for (const { ko } of pending.values()) ko(new Error(why));
    pending.clear();
  };
  child.on("exit", (code, signal) => failAll(`chromium exited (${code ?? signal})`));
  child.on("error", (err) => failAll(`cannot start ${CHROMIUM}: ${err.message}`));
  // A write after Chromium died must fail the command, not the process.
  toChrome.on("error", () => {});

  const browser = {
    send(method, params = {}, sessionId) {
      if (gone) return Promise.reject(new Error(`${method}: ${gone}`));
      const id = nextId++;
      const message = { id, method, params };
      if (sessionId) message.sessionId = sessionId;
      toChrome.write(JSON.stringify(message) + "\0");
      return new Promise((ok, ko) => pending.set(id, { ok, ko, method }));
    },
    on(listener) {
      listeners.push(listener);
    },
    off(listener) {
      const i = listeners.indexOf(listener);
      if (i !== -1) listeners.splice(i, 1);
    },
    log,
    /** A new tab, with its own session; see `Page`. */
    newPage(options) {
      return Page.open(browser, options);
    },
    /**
     * A fresh browser context, like a new incognito profile: its own cookies,
     * cache and CORS-preflight cache. `dispose()` closes it and its pages.
     */
    async newContext() {
      const { browserContextId } = await browser.send("Target.createBrowserContext", { disposeOnDetach: true });
      return {
        id: browserContextId,
        newPage: (options = {}) => Page.open(browser, { ...options, browserContextId }),
        dispose: () => browser.send("Target.disposeBrowserContext", { browserContextId }).catch(() => {}),
      };
    },
    /** Asks Chromium to quit, so that it stops its helpers itself; waits up to 5 s. */
    close() {
      if (gone) return Promise.resolve();
      toChrome.write(JSON.stringify({ id: nextId++, method: "Browser.close" }) + "\0");
      return atMost(exited, 5000);
    },
  };
  return browser;
}

// ---- pages -------------------------------------------------------------------

/** A JavaScript expression for the element `selector` (or null). */
const $ = (selector) => `document.querySelector(${JSON.stringify(selector)})`;

/** A JavaScript expression for the text of the element `selector` (or null). */
export const textOf = (selector) => `${$(selector)}?.textContent ?? null`;

/**
 * A JavaScript expression for a promise that resolves once the app has drawn
 * all it shows (see `Page.settled`).
 */
export const SETTLED = "new Promise((done) => requestAnimationFrame(() => setTimeout(done)))";

/**
 * Where a user would click the element `selector`, for both browsers'
 * `click`: a JavaScript expression that scrolls it into view and gives the
 * point at its centre, in whole CSS pixels, with what would stop a click
 * there; `clickPoint` turns its value into that point, or an error when the
 * element is missing, disabled, not displayed or covered by another one.
 */
export const clickSpot = (selector) => `(() => {
  const el = ${$(selector)};
  if (!el) return { missing: true };
  el.scrollIntoView({ block: "center", inline: "center" });
  const r = el.getBoundingClientRect();
  const x = Math.round(r.left + r.width / 2), y = Math.round(r.top + r.height / 2);
  const hit = document.elementFromPoint(x, y);
  return { x, y, disabled: el.disabled === true, width: r.width, height: r.height,
           covered: hit && !el.contains(hit) ? hit.outerHTML.slice(0, 120) : null };
})()`;

export function clickPoint(selector, spot) {
  if (spot.missing) throw new Error(`cannot click ${selector}: there is no such element`);
  if (spot.disabled) throw new Error(`cannot click ${selector}: it is disabled`);
  if (!spot.width || !spot.height) throw new Error(`cannot click ${selector}: it is not displayed`);
  if (spot.covered) throw new Error(`cannot click ${selector}: covered by ${spot.covered}`);
  return { x: spot.x, y: spot.y };
}

/**
 * One tab. It collects what the page reports as going wrong (uncaught
 * exceptions, console.error, the browser's own error entries) in `problems`,
 * so that a test can require a page to have stayed clean.
 */
export class Page {
  static async open(browser, { width = 1280, height = 720, browserContextId } = {}) {
    // Opened blank and attached before it loads anything, so that no
    // exception thrown while the app starts can go unseen.
    const { targetId } = await browser.send("Target.createTarget", { url: "about:blank", browserContextId });
    const { sessionId } = await browser.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(browser, targetId, sessionId);
    await Promise.all([
      page.send("Runtime.enable"),
      page.send("Log.enable"),
      page.send("Page.enable"),
      page.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false }),
    ]);
    return page;
  }

  constructor(browser, targetId, sessionId) {
    this.browser = browser;
    this.targetId = targetId;
    this.sessionId = sessionId;
    this.problems = [];
    browser.on((message) => {
      if (message.sessionId !== sessionId) return;
      const { method, params } = message;
      if (method === "Runtime.exceptionThrown") {
        const d = params.exceptionDetails;
        this.problems.push(`uncaught exception: ${d.exception?.description ?? d.text}`);
      } else if (method === "Runtime.consoleAPICalled" && params.type === "error") {
        this.problems.push(`console.error: ${params.args.map((a) => a.value ?? a.description).join(" ")}`);
      } else if (method === "Log.entryAdded" && params.entry.level === "error") {
        this.problems.push(`browser error: ${params.entry.text} ${params.entry.url ?? ""}`.trim());
      } else if (method === "Inspector.targetCrashed") {
        this.problems.push("the page crashed");
      }
    });
  }

  send(method, params = {}) {
    return this.browser.send(method, params, this.sessionId);
  }

  /**
   * Runs the script `source` in every document this tab opens from now on,
   * before the page's own scripts (scripts/bench.mjs times the app with it).
   */
  runOnNewDocument(source) {
    return this.send("Page.addScriptToEvaluateOnNewDocument", { source });
  }

  /** Starts loading `url`; use `waitFor` for what should appear. */
  async navigate(url) {
    const { errorText } = await this.send("Page.navigate", { url });
    if (errorText) throw new Error(`cannot open ${url}: ${errorText}`);
  }

  /** The value of `expression` in the page; with `awaitPromise`, of the promise it gives. */
  async evaluate(expression, { awaitPromise = false } = {}) {
    const { result, exceptionDetails } = await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise,
    });
    if (exceptionDetails) {
      throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    }
    return result.value;
  }

  /**
   * Polls `expression` until it is truthy and returns its value. While the
   * page loads, the expression may fail for want of a document: that counts
   * as not yet. On timeout the error names `what` (or the expression).
   */
  waitFor(expression, { timeout = 10_000, what } = {}) {
    return waitFor(() => this.evaluate(expression), { timeout, what: what ?? expression });
  }

  /**
   * Waits until the app has drawn all of what it shows: the verdict comes
   * first, and the panels below it follow in a task after the next paint
   * (crates/web/src/store.rs, `Settled`). Called once the verdict is seen, this
   * resolves after that task: an animation frame callback registered now
   * runs after the app's, and a timeout set there after the app's timeout.
   */
  settled() {
    return this.evaluate(SETTLED, { awaitPromise: true });
  }

  /** The text of the element `selector`, or null when there is none. */
  text(selector) {
    return this.evaluate(textOf(selector));
  }

  /**
   * Clicks the element `selector` as a user would: scrolled into view, then a
   * press and release of the left button at its centre. Fails when the
   * element is missing, disabled, or covered by another one there.
   */
  async click(selector) {
    const at = clickPoint(selector, await this.evaluate(clickSpot(selector)));
    await this.send("Input.dispatchMouseEvent", { type: "mouseMoved", ...at });
    await this.send("Input.dispatchMouseEvent", { type: "mousePressed", ...at, button: "left", buttons: 1, clickCount: 1 });
    await this.send("Input.dispatchMouseEvent", { type: "mouseReleased", ...at, button: "left", buttons: 0, clickCount: 1 });
  }

  /**
   * Types `text` into the field `selector` at its caret, one character at a
   * time as a person does: each is a real `beforeinput`/`input` pair, so the
   * app sees a run of keystrokes, not one pasted value.
   */
  async type(selector, text) {
    const focused = await this.evaluate(`(() => {
      const el = ${$(selector)};
      if (!el) return false;
      el.scrollIntoView({ block: "center" });
      el.focus();
      return document.activeElement === el;
    })()`);
    if (!focused) throw new Error(`cannot type into ${selector}: it is missing or cannot take the focus`);
    for (const ch of text) await this.send("Input.insertText", { text: ch });
  }

  /** Saves what the page shows as a PNG. */
  async screenshot(path) {
    const { data } = await this.send("Page.captureScreenshot", { format: "png" });
    writeFileSync(path, Buffer.from(data, "base64"));
  }

  close() {
    return this.browser.send("Target.closeTarget", { targetId: this.targetId });
  }
}
