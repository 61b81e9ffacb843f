// Headless Firefox ESR driven over WebDriver BiDi, which it speaks natively
// (`--remote-debugging-port`; no geckodriver), for the agreement suite
// (tests/agreement/run.mjs --browser firefox) and live mode's end-to-end test
// (tests/browser/live.mjs --browser firefox). The Chromium counterpart is
// `launchChromium` in ./browser.mjs.
//
// Node 20 has no WebSocket client of its own: the `ws` package (a
// devDependency, installed by scripts/ensure-tools.sh) carries the protocol.
//
// Whatever is started here is registered for cleanup (./browser.mjs's
// `atExit`): Firefox's whole process group is killed and its profile removed
// however the run ends.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import WebSocket from "ws";

import { SETTLED, atExit, clickPoint, clickSpot, spawnGroup, textOf } from "./browser.mjs";
import { atMost, waitFor } from "./wait.mjs";

export const FIREFOX = process.env.FIREFOX || "/usr/bin/firefox-esr";

/**
 * The profile's preferences (`user.js`). The machines have no network but
 * loopback, and every test host must be this machine: every name resolves to
 * 127.0.0.1, DNS-over-HTTPS is off, and the update, telemetry,
 * remote-settings, safe-browsing, captive-portal and connectivity traffic is
 * turned off. The remote agent adds its own
 * recommended automation preferences (remote/shared/RecommendedPreferences
 * in Firefox's source) for every one the profile leaves unset.
 */
export const PREFS = {
  // Every name is this machine; the port stays the URL's.
  "network.dns.forceResolve": "127.0.0.1",
  "network.trr.mode": 5,
  "network.dns.disablePrefetch": true,
  "network.proxy.type": 0,
  // http: scenarios must stay http:.
  "dom.security.https_first": false,
  "dom.security.https_first_pbm": false,
  "dom.security.https_first_schemeless": false,
  "dom.security.https_only_mode": false,
  "network.http.http3.enable": false,
  "network.http.speculative-parallel-limit": 0,
  "network.prefetch-next": false,
  "network.predictor.enabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "app.update.enabled": false,
  "app.update.auto": false,
  "app.normandy.enabled": false,
  "toolkit.telemetry.enabled": false,
  "toolkit.telemetry.unified": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "datareporting.healthreport.uploadEnabled": false,
  "services.settings.server": "http://127.0.0.1:9/",
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "browser.safebrowsing.blockedURIs.enabled": false,
  "browser.safebrowsing.provider.mozilla.updateURL": "",
  "browser.region.network.url": "",
  "browser.region.update.enabled": false,
  "extensions.update.enabled": false,
  "extensions.getAddons.cache.enabled": false,
  "browser.shell.checkDefaultBrowser": false,
  "browser.startup.page": 0,
  "browser.newtabpage.enabled": false,
  "browser.chrome.site_icons": false,
  "security.OCSP.enabled": 0,
  "security.remote_settings.crlite_filters.enabled": false,
  "security.remote_settings.intermediates.enabled": false,
  // The remote agent's recommended preferences, applied where the profile
  // sets none, include one that changes what is being tested: with it off,
  // a file: page is same origin with every file: URL. Keep the default.
  "security.fileuri.strict_origin_policy": true,
};

/**
 * Starts headless Firefox with a fresh profile holding `PREFS` and `prefs`,
 * opens a WebDriver BiDi session that accepts the server's certificates
 * (`acceptInsecureCerts`) and listens to the console (`log.entryAdded`), and
 * returns a client. Firefox's own output is written to `logFile` at exit;
 * `args` go on its command line before the first page.
 */
export async function launchFirefox({ logFile, tag = "corsim", prefs = {}, args: extraArgs = [], timeout = 30_000 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), `${tag}-firefox-profile-`));
  atExit(() => rmSync(profile, { recursive: true, force: true }));
  writeFileSync(
    join(profile, "user.js"),
    Object.entries({ ...PREFS, ...prefs })
      .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});\n`)
      .join(""),
  );
  // Port 0: the remote agent picks a free port and says which on stderr.
  // `extraArgs`: what a caller adds, such as -devtools (tests/har/record-firefox.mjs).
  const args = ["--headless", "--no-remote", "--profile", profile, "--remote-debugging-port=0", ...extraArgs, "about:blank"];
  const { child, exited, log } = spawnGroup(FIREFOX, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, MOZ_HEADLESS: "1", MOZ_DISABLE_AUTO_SAFE_MODE: "1", MOZ_CRASHREPORTER_DISABLE: "1" },
    logFile,
  });
  const endpoint = await new Promise((ok, ko) => {
    const timer = setTimeout(() => ko(new Error(`no WebDriver BiDi endpoint after ${timeout / 1000} s: ${log().trim().slice(-2000)}`)), timeout);
    // After the group's own listeners, which keep the log.
    const read = () => {
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log());
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      ko(new Error(`firefox exited (${code ?? signal}) before it listened: ${log().trim().slice(-2000)}`));
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      ko(new Error(`cannot start ${FIREFOX}: ${err.message}`));
    });
  });

  const socket = new WebSocket(`${endpoint.replace(/\/$/, "")}/session`);
  await new Promise((ok, ko) => {
    socket.once("open", ok);
    socket.once("error", ko);
  });
  const pending = new Map();
  const listeners = [];
  let nextId = 1;
  let gone = null;
  socket.on("message", (data) => {
    const message = JSON.parse(data.toString("utf8"));
    if (message.id !== undefined && pending.has(message.id)) {
      const { ok, ko, method } = pending.get(message.id);
      pending.delete(message.id);
      if (message.type === "error") ko(new Error(`${method}: ${message.error}: ${message.message}`));
      else ok(message.result);
    } else if (message.type === "event") {
      for (const listener of [...listeners]) listener(message);
    }
  });
  const failAll = (why) => {
    gone ??= why;
    for (const { ko } of pending.values()) ko(new Error(why));
    pending.clear();
  };
  socket.on("close", () => failAll("the WebDriver BiDi connection closed"));
  socket.on("error", (err) => failAll(`WebDriver BiDi: ${err.message}`));
  child.on("exit", (code, signal) => failAll(`firefox exited (${code ?? signal})`));

  const browser = {
    send(method, params = {}) {
      if (gone) return Promise.reject(new Error(`${method}: ${gone}`));
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((ok, ko) => pending.set(id, { ok, ko, method }));
    },
    /** `listener(event)` for every BiDi event (`{ method, params }`). */
    on(listener) {
      listeners.push(listener);
    },
    off(listener) {
      const i = listeners.indexOf(listener);
      if (i !== -1) listeners.splice(i, 1);
    },
    log,
    /** A new tab in the default user context; see `FirefoxPage`. */
    async newPage() {
      const { context } = await browser.send("browsingContext.create", { type: "tab" });
      return new FirefoxPage(browser, context);
    },
    /**
     * A fresh user context (`browser.createUserContext`), like a new
     * profile: its own cookies, cache and CORS-preflight cache. `dispose()`
     * removes it and closes its tabs.
     */
    async newContext() {
      const { userContext } = await browser.send("browser.createUserContext", {});
      return {
        id: userContext,
        newPage: async () => {
          const { context } = await browser.send("browsingContext.create", { type: "tab", userContext });
          return new FirefoxPage(browser, context);
        },
        dispose: () => browser.send("browser.removeUserContext", { userContext }).catch(() => {}),
      };
    },
    /** Ends the session and asks Firefox to quit; waits up to 5 s. */
    async close() {
      if (!gone) await atMost(browser.send("browser.close").catch(() => {}), 2000);
      socket.terminate();
      await atMost(exited, 5000);
    },
  };

  const { capabilities } = await browser.send("session.new", {
    capabilities: { alwaysMatch: { acceptInsecureCerts: true, unhandledPromptBehavior: { default: "dismiss" } } },
  });
  browser.product = `Firefox ${capabilities.browserVersion}`;
  await browser.send("session.subscribe", { events: ["log.entryAdded"] });
  return browser;
}

/**
 * One tab (a top-level browsing context), with the methods of the Chromium
 * `Page` (tests/lib/browser.mjs) that the tests use. It collects what the
 * tab's own document reports as going wrong (uncaught exceptions,
 * console.error) in `problems`; its frames' entries, such as a blocked
 * request's CORS message in a frame, are not the tab's.
 */
class FirefoxPage {
  constructor(browser, context) {
    this.browser = browser;
    this.context = context;
    this.problems = [];
    browser.on(({ method, params }) => {
      if (method !== "log.entryAdded" || params.source?.context !== context || params.level !== "error") return;
      if (params.type === "javascript") this.problems.push(`uncaught exception: ${params.text}`);
      else if (params.type === "console") this.problems.push(`console.error: ${params.text}`);
      else this.problems.push(`browser error: ${params.text}`);
    });
  }

  /** Starts loading `url`; use `waitFor` for what should appear. */
  async navigate(url) {
    await this.browser.send("browsingContext.navigate", { context: this.context, url, wait: "none" });
  }

  /**
   * The value of `expression` in the page, as JSON-able data; with
   * `awaitPromise`, of the promise it gives.
   */
  async evaluate(expression, { awaitPromise = false } = {}) {
    const answer = await this.browser.send("script.evaluate", {
      expression: awaitPromise
        ? `(async () => JSON.stringify((await (${expression})) ?? null))()`
        : `JSON.stringify((() => (${expression}))() ?? null)`,
      target: { context: this.context },
      awaitPromise,
      resultOwnership: "none",
    });
    if (answer.type === "exception") {
      throw new Error(`${expression}: ${answer.exceptionDetails?.text ?? "an exception"}`);
    }
    return JSON.parse(answer.result.value);
  }

  /**
   * Polls `expression` until it is truthy and returns its value; while the
   * page loads it may fail for want of a document, which counts as not yet.
   */
  waitFor(expression, { timeout = 10_000, what } = {}) {
    return waitFor(() => this.evaluate(expression), { timeout, what: what ?? expression });
  }

  /** Waits for the app's panels to follow its verdict: see `Page.settled`. */
  settled() {
    return this.evaluate(SETTLED, { awaitPromise: true });
  }

  /** The text of the element `selector`, or null when there is none. */
  text(selector) {
    return this.evaluate(textOf(selector));
  }

  /**
   * Clicks the element `selector` as a user would: scrolled into view, then a
   * press and release of the mouse's first button at its centre
   * (`input.performActions`). Fails when the element is missing, disabled,
   * or covered by another one there.
   */
  async click(selector) {
    const { x, y } = clickPoint(selector, await this.evaluate(clickSpot(selector)));
    await this.browser.send("input.performActions", {
      context: this.context,
      actions: [
        {
          type: "pointer",
          id: "mouse",
          parameters: { pointerType: "mouse" },
          actions: [
            { type: "pointerMove", x, y },
            { type: "pointerDown", button: 0 },
            { type: "pointerUp", button: 0 },
          ],
        },
      ],
    });
  }

  /** Saves what the page shows as a PNG. */
  async screenshot(path) {
    const { data } = await this.browser.send("browsingContext.captureScreenshot", { context: this.context });
    writeFileSync(path, Buffer.from(data, "base64"));
  }

  close() {
    return this.browser.send("browsingContext.close", { context: this.context });
  }
}
