// Safari's engine, WebKitGTK, for the agreement suite (tests/agreement/run.mjs
// --browser webkit). Safari does not run on Linux; WebKitGTK shares its CORS
// code and its console messages, and only its HTTP stack (libsoup) differs.
//
// WebKitGTK has no usable remote protocol for this: its WebDriver returns no
// console line, and has no BiDi. So a small Python program on Debian's GObject
// bindings (./webkit_driver.py, under `xvfb-run`) opens each page in a WebView
// of its own, on a fresh WebContext, and answers over a line-based JSON
// protocol with what the script got and what WebKit printed to its console.
// `launchWebKit` wraps it in the shape the suite uses for Chromium and Firefox
// (tests/lib/browser.mjs, ./firefox.mjs): `newContext()`, `newPage()`,
// `navigate()`, `waitFor()`, console entries to `on()` listeners, `close()`.
//
// WebKit has no host-resolver switch: `mapHostsToLoopback` points the names
// at this machine through /etc/hosts, inside a private mount namespace.
//
// Whatever is started here is registered for cleanup (./browser.mjs's
// `atExit`): the driver's whole process group (xvfb-run, Xvfb, the driver,
// WebKit's processes) is killed however the run ends.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { atExit, spawnGroup } from "./browser.mjs";
import { atMost, withTimeout } from "./wait.mjs";

// Debian's python3, the one with `gi` (others on the machine lack it).
export const PYTHON = process.env.WEBKIT_PYTHON || "/usr/bin/python3";
export const DRIVER = join(dirname(fileURLToPath(import.meta.url)), "webkit_driver.py");

/**
 * Starts the driver under `xvfb-run` and waits for it to say it is ready
 * (about 1 s); returns a client. The driver's standard error (what WebKit
 * prints that is not a console line) is written to `logFile` at exit.
 */
export async function launchWebKit({ logFile, timeout = 30_000 } = {}) {
  const { child, exited, log, note } = spawnGroup("xvfb-run", ["-a", "-s", "-screen 0 1280x1024x24", PYTHON, DRIVER], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NO_AT_BRIDGE: "1", GTK_A11Y: "none" },
    logged: ["stderr"],
    logFile,
  });
  // A write after the driver died must fail the request, not the process.
  child.stdin.on("error", () => {});

  const listeners = [];
  const waiting = [];
  let gone = null;
  let buffered = "";
  let ready;
  const readyPromise = new Promise((ok, ko) => (ready = { ok, ko }));
  child.stdout.on("data", (chunk) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf("\n")) !== -1) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (!line.trim()) continue;
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        note(`(not JSON on the driver's standard output) ${line}\n`);
        continue;
      }
      if (message.ready) ready.ok(message);
      else waiting.shift()?.ok(message);
    }
  });
  const failAll = (why) => {
    gone ??= why;
    ready.ko(new Error(why));
    for (const { ko } of waiting.splice(0)) ko(new Error(why));
  };
  child.on("exit", (code, signal) => failAll(`the WebKit driver exited (${code ?? signal})`));
  child.on("error", (err) => failAll(`cannot start xvfb-run ${PYTHON} ${DRIVER}: ${err.message}`));

  const hello = await withTimeout(readyPromise, timeout, `the WebKit driver was not ready after ${timeout / 1000} s`).catch((err) => {
    throw new Error(`${err.message}: ${log().trim().slice(-2000)}`);
  });

  let nextId = 1;
  /** One request to the driver: open `url` in a fresh context, wait for `expression`. */
  const open = (url, { expression, timeout: caseTimeout, quietMs }) => {
    if (gone) return Promise.reject(new Error(gone));
    const request = { id: nextId++, url, expression, timeout_ms: caseTimeout, quiet_ms: quietMs };
    child.stdin.write(`${JSON.stringify(request)}\n`);
    return new Promise((ok, ko) => waiting.push({ ok, ko }));
  };

  const browser = {
    product: `WebKitGTK ${hello.version}`,
    version: hello.version,
    userAgent: hello.user_agent,
    /**
     * `listener(entry)` for every console line of every case, once its case
     * is over: `{ level, text, source, url, line, column, after, raw }`, the level
     * in Chromium's words (`error`, `warning`, `log`, …) and `after` the
     * milliseconds from the result being seen to the line, `raw` the line as
     * WebKit printed it.
     */
    on(listener) {
      listeners.push(listener);
    },
    off(listener) {
      const i = listeners.indexOf(listener);
      if (i !== -1) listeners.splice(i, 1);
    },
    log,
    /**
     * A fresh context: the driver gives every page a WebContext of its own
     * on a new data directory (cache and preflight cache included), so a
     * context is only a name here.
     */
    async newContext() {
      return { newPage: async () => new WebKitPage(open, listeners), dispose: async () => {} };
    },
    /** Ends the driver (it closes WebKit) and waits up to 5 s. */
    async close() {
      if (!gone) child.stdin.end("\n");
      await atMost(exited, 5000);
    },
  };
  return browser;
}

const LEVELS = { LOG: "log", WARN: "warning", WARNING: "warning", ERROR: "error", DEBUG: "debug", INFO: "info" };

/**
 * One page, with what the suite uses of the Chromium and Firefox pages:
 * `navigate(url)` then `waitFor(expression)`. The driver does both in one
 * request, so `navigate` only remembers the URL; `waitFor` opens it, waits
 * for `expression` to be truthy, then for the console to stay quiet for
 * `quietMs`, and hands each console line of the case to the listeners before
 * it returns. The page is gone afterwards: one `waitFor` a page.
 */
class WebKitPage {
  constructor(open, listeners) {
    this.open = open;
    this.listeners = listeners;
    this.url = null;
  }

  async navigate(url) {
    this.url = url;
  }

  async waitFor(expression, { timeout = 10_000, what, quietMs = 100 } = {}) {
    if (this.url === null) throw new Error("waitFor before navigate");
    const answer = await this.open(this.url, { expression, timeout, quietMs });
    for (const e of answer.console) {
      const entry = {
        level: LEVELS[e.level] ?? e.level.toLowerCase(),
        text: e.text,
        source: e.source,
        url: e.url,
        line: e.line,
        column: e.column,
        after: e.after_ms ?? undefined,
        timestamp: e.at_epoch_ms,
        raw: e.raw,
      };
      for (const listener of [...this.listeners]) listener(entry);
    }
    if (answer.error) {
      throw new Error(answer.error.startsWith("timed out") ? `timed out after ${timeout / 1000} s waiting for ${what ?? expression}` : answer.error);
    }
    return answer.result;
  }

  async close() {}
}

/**
 * Inside a private mount and network namespace (as root there): makes every
 * name in `hosts` resolve to 127.0.0.1 for every program, WebKit's resolver
 * included, by bind-mounting a generated hosts file over /etc/hosts. Also
 * gives loopback a second IPv4 address: with 127.0.0.1 as the only one,
 * getaddrinfo's AI_ADDRCONFIG, which GLib's resolver asks for, finds no
 * configured address and fails, although `getent hosts` works.
 */
export function mapHostsToLoopback(hosts) {
  const dir = mkdtempSync(join(tmpdir(), "corsim-webkit-hosts-"));
  const file = join(dir, "hosts");
  const names = [...new Set(hosts)].filter((h) => h && h !== "localhost" && !/^[\d.]+$|^\[/.test(h)).sort();
  const lines = ["127.0.0.1 localhost", "::1 localhost ip6-localhost ip6-loopback"];
  // One name a line: some resolvers cap the length of a line.
  for (const name of names) lines.push(`127.0.0.1 ${name}`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  const run = (command, args) => {
    const r = spawnSync(command, args, { encoding: "utf8" });
    if (r.error || r.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${r.error?.message ?? r.stderr.trim()}`);
  };
  run("mount", ["--bind", file, "/etc/hosts"]);
  // The mount holds the file open; the directory can go once the run ends.
  atExit(() => rmSync(dir, { recursive: true, force: true }));
  const addresses = spawnSync("ip", ["-4", "addr", "show", "dev", "lo"], { encoding: "utf8" }).stdout ?? "";
  if (!addresses.includes("127.0.0.2/")) run("ip", ["addr", "add", "127.0.0.2/8", "dev", "lo"]);
  return names;
}
