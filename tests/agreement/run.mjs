// The agreement suite: every golden scenario and every
// preset, run for real in a headless browser against `corsim serve`, and
// compared with the core's decision for that browser (`corsim check --json
// --browser NAME`):
//
// - the requests on the wire, from the server's log: kind, method, URL, the
//   status the server answered, `Origin`, `Access-Control-Request-Method`,
//   `Access-Control-Request-Headers` (each sent, or not, with the same value)
//   and the author headers the core says go out;
// - what the script got, from the page: `outcome`, `status`,
//   `exposed_headers`, and the page's `origin`;
// - the browser's console line (the verdict's `console.chromium` or
//   `console.firefox`).
//
// The browser is Chromium 156 (the default) or, with `--browser firefox`,
// Firefox ESR 153:
//
// - Chromium is driven over the DevTools protocol (tests/lib/browser.mjs),
//   a fresh browser context per case; its console line comes from
//   `Log.entryAdded`, on the page's session and on the sandboxed iframe's
//   own (auto-attach).
// - Firefox is driven over WebDriver BiDi (tests/lib/firefox.mjs), a fresh
//   user context per case (so no preflight cache carries over); its console
//   line comes from BiDi `log.entryAdded`, which covers the iframe too.
//
// With `--browser webkit` it runs in Safari's engine, WebKitGTK, driven from
// Python (tests/lib/webkit.mjs), a fresh WebContext and data directory per
// case; its console lines are what WebKit prints on standard error, and its
// console value is all of its error and warning lines, joined by newlines.
// WebKit has no host-resolver switch, so its run adds a mount namespace in
// which a generated /etc/hosts sends every scenario's host to 127.0.0.1.
//
// Each version-2 golden (tests/golden-v2/: several requests over time, from
// fetch(), XMLHttpRequest, images, scripts and fonts, from another tab, with
// servers that change or fail) is compared request by request with that
// browser's part of the core's version-2 verdict (`corsim check --json`:
// `browsers.NAME.requests[i]`), each field named with the request's index
// (`wire[1]`). corsim serve's page makes the requests in turn and says when
// each started; a logged request and a console line belong to the request
// running when they came. A request answered from a cache puts nothing on
// the wire: the log showing nothing for it is the proof. What the page
// cannot see is not compared: an element's status and headers, and, for a
// font, whether it was fetched with CORS (its Origin on the wire says). A
// connection refused (played as a reset before TLS: src/serve/fail.rs), a
// name that does not resolve and a failed TLS handshake reach no server, so
// the core's wire entry for them is not looked for in the log. A scenario
// whose server never answers (`timeout`) is not run (`whyNotRun`). The
// Local Network Access permission a scenario grants is granted in the
// browser's context before its page opens (`LNA_PERMISSIONS`).
//
// Any disagreement fails the suite unless the browser's known-differences
// file lists it with its reason (`known_differences.txt` for Chromium,
// `known_differences.firefox.txt` for Firefox); a listed one that agrees
// fails it too. It prints one line per disagreement, then "N scenarios, M
// agree".
//
//   node tests/agreement/run.mjs [--browser chromium|firefox|webkit] [--only REGEX] [--observed]
//                                [--observe OUT.json] [--verbose] [SCENARIO.json|DIR...]
//
// --only runs the cases whose id (`golden/NAME`, `preset/NAME`) matches.
// Scenario files or directories given run instead of the goldens and presets
// (ids `file/NAME`), to try a case out.
// --observed runs the scenarios of tests/observed instead, and compares the
// browser now with what the earlier harness recorded there for it (evidence
// that `corsim serve` reproduces it; not part of ./dev test).
// --observe OUT.json judges nothing (it fails only when a case cannot run): it
// writes what the browser did in every case (the wire as the server logged
// it, what the script got, the console lines verbatim) and where that
// differs, field by field, from the core's verdict for each browser the core
// models, with a summary; tests/agreement/webkit-observed.json is WebKit's.
//
// It builds nothing: it runs $CORSIM_BIN, else target/debug/corsim (./dev
// builds it first). Contained: it re-runs itself inside private
// network and PID namespaces (`unshare --net --pid`: as root, as CI runs, or
// else in a user namespace of its own), so ports 80 and 443 are free whatever
// else the machine runs, no packet can leave loopback, and when the run ends
// or is killed, every process it started (the browser, `corsim serve`) ends
// with it. The whole run is bounded by TIMEOUT_MS, and each case by
// CASE_TIMEOUT_MS.

import { spawnSync } from "node:child_process";
import { X509Certificate, createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { connect as tlsConnect } from "node:tls";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { atExit, cleanup, launchChromium } from "../lib/browser.mjs";
import { startCompanion } from "../lib/companion.mjs";
import { ROOT, TARGET, corsimBin } from "../lib/corsim.mjs";
import { launchFirefox } from "../lib/firefox.mjs";
import { launchWebKit, mapHostsToLoopback } from "../lib/webkit.mjs";
import { inNamespace, reRunInNamespace } from "../lib/namespace.mjs";
import { goldenAndPresets, goldenV2, scenarioFiles } from "../lib/scenarios.mjs";
import { until, withTimeout } from "../lib/wait.mjs";

const CORSIM = corsimBin();
// The local CA is made once and kept with the build (see src/serve/tls.rs).
const CERT_DIR = join(TARGET, "corsim-serve");
const SERVE_LOG = join(tmpdir(), "corsim-agreement-serve.log");

// The whole run: about 1 s to start Chromium or WebKit, 3 to 5 s to start
// Firefox, and well under 1 s a case in each.
const TIMEOUT_MS = 5 * 60_000;
// One case, from loading its scenario to reading the log.
const CASE_TIMEOUT_MS = 15_000;
// Firefox: how long the console must stay quiet after the script has its
// result (see BROWSERS.firefox), and how long a Local Network Access prompt
// waits for an answer nobody gives.
const CONSOLE_QUIET_FIREFOX_MS = 100;
const LNA_PROMPT_TIMEOUT_MS = 1000;

const NAMESPACE_ENV = "CORSIM_AGREEMENT_NAMESPACE";

// Local Network Access is two permissions: a loopback address (`localhost`)
// and a private one. A scenario's `"local_network_access": "granted"` is
// the user's yes to both.
const LNA_PERMISSIONS = ["local-network", "loopback-network"];

const say = (line) => console.log(`agreement: ${line}`);
const die = (line) => {
  console.error(`agreement: FAIL: ${line}`);
  cleanup();
  process.exit(1);
};

// ---- the cases -----------------------------------------------------------------

const USAGE =
  "usage: node tests/agreement/run.mjs [--browser chromium|firefox|webkit] [--only REGEX] [--observed] [--observe OUT.json] [--verbose] [SCENARIO.json|DIR...]";

function args() {
  const argv = process.argv.slice(2);
  const options = { browser: "chromium", only: null, observed: false, observe: null, verbose: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--browser") {
      options.browser = argv[++i];
      if (!Object.hasOwn(BROWSERS, options.browser)) die(`--browser takes ${Object.keys(BROWSERS).join(" or ")}; ${USAGE}`);
    } else if (arg === "--only" && i + 1 < argv.length) options.only = new RegExp(argv[++i]);
    else if (arg === "--observed") options.observed = true;
    else if (arg === "--observe" && i + 1 < argv.length) options.observe = resolve(argv[++i]);
    else if (arg === "--verbose") options.verbose = true;
    else if (!arg.startsWith("-") && existsSync(arg)) options.files.push(resolve(arg));
    else die(`unknown argument or missing file ${arg}; ${USAGE}`);
  }
  if (options.observe && options.observed) die(`--observe and --observed do not go together; ${USAGE}`);
  return options;
}

/** Whether a scenario document is of version 2 (several requests, other initiators). */
const isVersion2 = (scenario) => scenario.version === 2;

/**
 * The core's verdict for `browser` (`corsim check --json --browser NAME`);
 * for a version-2 document, that browser's part of the version-2 verdict
 * (`corsim check --json`: `{ version: 2, requests: [...] }`).
 */
function verdictFor(browser, file, scenario) {
  const corsim = (...args) => {
    const check = ["check", "--json", ...args, file];
    const run = spawnSync(CORSIM, check, { encoding: "utf8", timeout: 30_000 });
    if (run.status !== 0) die(`${CORSIM} ${check.join(" ")} failed (exit ${run.status ?? run.signal}): ${run.stderr}`);
    return JSON.parse(run.stdout);
  };
  if (isVersion2(scenario)) {
    const initiators = (scenario.requests ?? [scenario.request]).map((r) => r.initiator ?? "fetch");
    return { version: 2, requests: corsim().browsers[browser].requests, initiators };
  }
  const verdict = corsim("--browser", browser);
  // The version-1 verdict names two browsers' lines; WebKit's are in the
  // version-2 verdict.
  if (browser === "webkit") verdict.console.webkit = corsim("--verdict", "2").browsers.webkit.requests[0].console;
  return verdict;
}

/**
 * Each case: an id, the scenario's text, and the core's verdict for the
 * browser (or, with --observed, what was recorded in that browser). With
 * --observe, also the verdict of every browser the core models
 * (`c.verdicts`), to say where the browser differs from each.
 */
function cases({ browser, only, observed, observe, files }, work) {
  let list;
  if (files.length) {
    // Scenarios of one's own, against the core: for trying a case out.
    list = files
      .flatMap((f) => (statSync(f).isDirectory() ? scenarioFiles(f) : [f]))
      .map((file) => ({ id: `file/${basename(file, ".json")}`, file }));
  } else if (observed) {
    list = scenarioFiles(join(ROOT, "tests/observed")).map((file) => {
      const doc = JSON.parse(readFileSync(file, "utf8"));
      const path = join(work, basename(file));
      writeFileSync(path, JSON.stringify(doc.scenario));
      return { id: `observed/${basename(file, ".json")}`, file: path, recorded: doc.observed[browser] };
    });
  } else {
    list = [...goldenAndPresets(), ...goldenV2()];
  }
  list = list.filter((c) => !only || only.test(c.id));
  const modelled = Object.keys(BROWSERS);
  for (const c of list) {
    c.scenario = JSON.parse(readFileSync(c.file, "utf8"));
    c.skip = whyNotRun(c.scenario);
    // The core's decision as this browser makes it: for Firefox, the wire,
    // outcome, status and readable headers of its own run.
    c.verdicts = {};
    for (const name of observe ? modelled : [browser]) c.verdicts[name] = verdictFor(name, c.file, c.scenario);
    const verdict = c.verdicts[browser];
    c.expected = verdict && c.recorded ? fromRecording(c.recorded, verdict, browser) : verdict;
  }
  return list;
}

/**
 * Why a case is not run, if it is not: a server that never answers
 * (`fail: timeout`) keeps a browser waiting for minutes (Chromium and
 * Firefox give up after about five), longer than a case may take.
 */
function whyNotRun(scenario) {
  if ((scenario.server ?? []).some((entry) => entry.fail === "timeout")) {
    return "a server entry fails with `timeout`: browsers wait minutes before they give up";
  }
  return null;
}

/**
 * A recording of tests/observed in the verdict's shape, so that one
 * comparison serves both. It kept every header as sent and no kinds; the
 * kinds are derived as they are for the live run.
 */
function fromRecording(recorded, verdict, browser) {
  return {
    origin: verdict.origin,
    outcome: recorded.outcome,
    status: recorded.status,
    exposed_headers: recorded.exposed_headers,
    console: { [browser]: recorded.console },
    wire: withKinds(recorded.wire.map((w) => ({ method: w.method, url: w.url, status: w.status, headers: w.headers }))),
  };
}

// ---- what the browser did ---------------------------------------------------------

/**
 * The kind of each request, as the contract names them: an OPTIONS with
 * `Access-Control-Request-Method` is a preflight, the first other request
 * the main one, and the ones after it follow redirects.
 */
function withKinds(wire) {
  let main = false;
  return wire.map((w) => {
    const preflight = w.method === "OPTIONS" && w.headers.some(([n]) => n.toLowerCase() === "access-control-request-method");
    const kind = preflight ? "preflight" : main ? "redirect" : "main";
    if (!preflight) main = true;
    return { ...w, kind };
  });
}

/**
 * The requests `fetch()` made, from the server's log: not the page, not its
 * favicon. A fetch says `Sec-Fetch-Dest: empty`; both browsers send
 * Sec-Fetch-* to potentially trustworthy URLs only, so without it, anything
 * but the favicon counts.
 */
function wireFromLog(requests) {
  return withKinds(fetchedFromLog(requests, ["empty"]).map((r) => ({ method: r.method, url: r.url, status: r.status, headers: r.headers })));
}

/**
 * The logged requests a page's code made, not the page nor its favicon:
 * those whose `Sec-Fetch-Dest` is one of `destinations`.
 */
function fetchedFromLog(requests, destinations) {
  return requests.filter((r) => {
    if (r.answer === "page" || r.answer === "app") return false;
    const dest = r.headers.find(([n]) => n === "sec-fetch-dest")?.[1];
    // The favicon is fetched as an image (`Sec-Fetch-Dest: image`) or, over
    // http, with no such header.
    if (dest === undefined || dest === "image") {
      if (new URL(r.url).pathname.endsWith("/favicon.ico")) return false;
    }
    return dest === undefined || destinations.includes(dest);
  });
}

/** What a version-2 page's requests are, as `Sec-Fetch-Dest` names them. */
const V2_DESTINATIONS = ["empty", "image", "script", "font"];

/**
 * A version-2 case, request by request: each logged request and console
 * entry belongs to the last request that had started when it came (the page
 * reports when each started, `started_ms`, and leaves a gap between one
 * request's end and the next one's start: src/serve/page/timeline.rs).
 * A request answered from a cache puts nothing in the log.
 */
function byRequest(driver, result, entries, logged) {
  const starts = result.requests.map((r) => r.started_ms);
  const owner = (ms) => starts.reduce((found, start, i) => (ms >= start ? i : found), 0);
  const wires = starts.map(() => []);
  // corsim serve drops an http request to a host that refuses, does not
  // resolve or fails TLS once it has read it (src/serve/fail.rs): a
  // stand-in for what no server would see.
  for (const r of fetchedFromLog(logged, V2_DESTINATIONS).filter((r) => !UNLOGGED_FAILS.includes(r.fail))) {
    wires[owner(r.received_ms)].push({ method: r.method, url: r.url, status: r.fail ? null : r.status, fail: r.fail ?? null, headers: r.headers });
  }
  const consoles = starts.map(() => []);
  for (const e of entries) consoles[owner(e.timestamp ?? 0)].push(e);
  return result.requests.map((got, i) => ({ result: got, wire: withKinds(wires[i]), console: consoleLine(driver, consoles[i]), entries: consoles[i] }));
}

/**
 * The contract's console line: the browser's CORS line (Chromium's "has been
 * blocked by CORS policy", Firefox's "Cross-Origin Request Blocked"), or
 * else the first other specific error or warning line; never the generic
 * ones (`driver.generic`: "Failed to load resource", "Uncaught (in
 * promise)", Firefox's "TypeError: NetworkError …").
 */
function consoleLine(driver, entries) {
  if (driver.console) return driver.console(entries);
  const lines = entries
    .filter((e) => e.level === "error" || e.level === "warning" || e.level === "warn")
    // Firefox names a sandboxed page `moz-nullprincipal:{UUID}?ORIGIN`, with
    // a UUID made afresh for each page; the core writes `…` in its place.
    .map((e) => e.text.replace(/moz-nullprincipal:\{[0-9a-f-]{36}\}/g, "moz-nullprincipal:{…}"))
    .filter((t) => !driver.generic(t));
  return lines.find((t) => t.includes(driver.corsLine)) ?? lines[0] ?? null;
}

// ---- comparing -----------------------------------------------------------------

const PROTOCOL_HEADERS = ["origin", "access-control-request-method", "access-control-request-headers"];

/**
 * One request as text, with the headers in `names` (absent ones as `-`), so
 * that two requests compare as two strings.
 */
function describeRequest(w, names) {
  const value = (name) => {
    const values = w.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => normalizeBoundary(v));
    return values.length ? JSON.stringify(values.join(", ")) : "-";
  };
  const headers = names.map((n) => `${n}: ${value(n)}`).join(", ");
  return `${w.kind} ${w.method} ${w.url} ${w.fail ? `no response (${w.fail})` : w.status} {${headers}}`;
}

/**
 * A `FormData` body's boundary is random; the core writes it as
 * `----FormBoundaryRandom` (Chromium and WebKit send `----WebKitFormBoundary`
 * and 16 characters, Firefox `----geckoformboundary` and hex digits).
 */
const normalizeBoundary = (value) => value.replace(/boundary=----(?:WebKitFormBoundary|geckoformboundary)[0-9A-Za-z]+/g, "boundary=----FormBoundaryRandom");

/**
 * The wire as the core says it and as the server logged it, as two lists
 * of strings: each expected request with its protocol headers and the
 * author headers the core says go out, then any request the browser sent
 * beyond them.
 */
function wireLists(expectedWire, seenWire) {
  const wantWire = expectedWire.map((w, i) => {
    const names = [...new Set([...PROTOCOL_HEADERS, ...w.headers.map(([n]) => n.toLowerCase())])];
    return { want: describeRequest(w, names), got: seenWire[i] ? describeRequest(seenWire[i], names) : null };
  });
  const extra = seenWire.slice(expectedWire.length).map((w) => describeRequest(w, PROTOCOL_HEADERS));
  return [wantWire.map((w) => w.want), [...wantWire.map((w) => w.got).filter((g) => g !== null), ...extra]];
}

/** The fields in which what the browser did differs from what was expected. */
function differences(browser, expected, seen) {
  if (expected.version === 2) return differencesV2(expected, seen);
  const found = [];
  const differ = (field, want, got) => {
    if (JSON.stringify(want) !== JSON.stringify(got)) found.push({ field, core: want, browser: got });
  };
  differ("origin", expected.origin, seen.result.origin);
  differ("outcome", expected.outcome, seen.result.outcome);
  differ("status", expected.status, seen.result.status);
  differ("exposed_headers", expected.exposed_headers, seen.result.exposed_headers);
  differ("console", expected.console[browser] ?? null, seen.console);
  differ("wire", ...wireLists(expected.wire, seen.wire));
  return found;
}

/**
 * What no server can log: a request whose connection was refused or whose
 * name did not resolve never reaches one, nor one whose TLS handshake
 * failed. The outcome, and nothing in the log, show them.
 */
const UNLOGGED_FAILS = ["refused", "dns", "tls"];

/** What an element's events show: not its status nor its headers. */
const ELEMENTS = ["img", "script", "font"];

/**
 * A version-2 case's differences, request by request: the fields of a
 * version-1 case, each named with the request's index (`outcome[1]`).
 */
function differencesV2(expected, seen) {
  const found = [];
  const differ = (field, want, got) => {
    if (JSON.stringify(want) !== JSON.stringify(got)) found.push({ field, core: want, browser: got });
  };
  expected.requests.forEach((want, i) => {
    const got = seen.requests[i];
    if (!got) {
      differ(`run[${i}]`, "a result", "none");
      return;
    }
    differ(`origin[${i}]`, want.page_origin, got.result.origin);
    // A font that loads shows no more than that (src/serve/page/timeline.rs):
    // whether it was fetched with CORS shows on the wire, in its Origin.
    const loaded = got.result.outcome === "loaded" && ["readable", "opaque"].includes(want.outcome);
    differ(`outcome[${i}]`, want.outcome, loaded ? want.outcome : got.result.outcome);
    if (!ELEMENTS.includes(expected.initiators[i])) {
      differ(`status[${i}]`, want.status, got.result.status);
      differ(`exposed_headers[${i}]`, want.exposed_headers, got.result.exposed_headers);
    }
    differ(`console[${i}]`, want.console ?? null, got.console);
    differ(`wire[${i}]`, ...wireLists(want.wire.filter((w) => !UNLOGGED_FAILS.includes(w.fail)), got.wire));
  });
  return found;
}

/** A known-differences file: `ID FIELD[,FIELD...]: REASON` a line; `#` comments. */
function readKnown(file) {
  const known = new Map();
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const m = /^(\S+)\s+([a-z_]+(?:\[\d+\])?(?:,[a-z_]+(?:\[\d+\])?)*):\s*(\S.*)$/.exec(line);
    if (!m) die(`${file}:${i + 1}: expected "ID FIELD[,FIELD...]: REASON", found: ${line}`);
    for (const field of m[2].split(",")) known.set(`${m[1]} ${field}`, m[3]);
  });
  return known;
}

// ---- running -------------------------------------------------------------------

/** Starts `corsim serve` on 80 and 443; resolves once it listens. */
function startServer() {
  if (!existsSync(CORSIM)) die(`${CORSIM} is missing: build it first (./dev test does): cargo build --bin corsim`);
  mkdirSync(dirname(CERT_DIR), { recursive: true });
  return startCompanion({ corsim: CORSIM, httpPort: 80, httpsPort: 443, certDir: CERT_DIR, dist: join(ROOT, "dist"), logFile: SERVE_LOG });
}

/**
 * The SHA-256 of the public key (SPKI) of `corsim serve`'s certificates,
 * in base64: every leaf it makes while it runs shares that key
 * (src/serve/tls.rs).
 */
function serverKeyHash() {
  return new Promise((ok, ko) => {
    const socket = tlsConnect({ host: "127.0.0.1", port: 443, servername: "corsim.test", rejectUnauthorized: false }, () => {
      const spki = new X509Certificate(socket.getPeerCertificate(true).raw).publicKey.export({ type: "spki", format: "der" });
      socket.destroy();
      ok(createHash("sha256").update(spki).digest("base64"));
    });
    socket.once("error", ko);
  });
}

async function control(method, path, body) {
  const response = await fetch(`http://127.0.0.1/__corsim/${path}`, { method, body });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} /__corsim/${path}: ${json.error ?? response.status}`);
  return json;
}

/**
 * Every http(s) URL a scenario names: its page, its request, its server's
 * entries and their redirects.
 */
function scenarioUrls(scenario) {
  // A version-2 request may come from another page, and its URL may be
  // relative to its page.
  const requestUrls = (scenario.requests ?? [scenario.request]).map((r) =>
    isVersion2(scenario) && URL.canParse(r.url, r.page ?? scenario.page) ? new URL(r.url, r.page ?? scenario.page).href : r.url,
  );
  const pages = (scenario.requests ?? []).map((r) => r.page).filter(Boolean);
  const urls = [scenario.page, ...pages, ...requestUrls];
  for (const entry of scenario.server ?? []) {
    const base = entry.url ?? requestUrls[0];
    urls.push(base);
    for (const [name, value] of entry.headers ?? []) {
      if (name.toLowerCase() === "location") urls.push(URL.canParse(value, base) ? new URL(value, base).href : base);
    }
  }
  return urls
    .filter((text) => URL.canParse(text))
    .map((text) => new URL(text))
    .filter((url) => url.protocol === "http:" || url.protocol === "https:");
}

/**
 * Where names must count as public for Local Network Access: every port a
 * scenario uses for a host that is not loopback. `localhost` stays loopback,
 * as it really is.
 */
function publicPorts(list) {
  const ports = new Set();
  const loopback = new Set();
  for (const { scenario } of list) {
    for (const url of scenarioUrls(scenario)) {
      const port = url.port || (url.protocol === "https:" ? "443" : "80");
      const isLoopback = url.hostname === "localhost" || url.hostname.endsWith(".localhost") || /^127\.|^\[::1\]$/.test(url.hostname);
      (isLoopback ? loopback : ports).add(port);
    }
  }
  for (const port of loopback) {
    if (ports.has(port)) say(`note: port ${port} stands for both public and loopback hosts; it counts as public`);
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * Waits until the console has been quiet for `quietMs` since the later of
 * `since` and the last entry (`lastEntry()`), at most `maxMs` in all.
 */
async function quiet(since, lastEntry, quietMs, maxMs) {
  await until(() => Date.now() - Math.max(since, lastEntry()) >= quietMs, { timeout: maxMs - (Date.now() - since), interval: 10 });
}

/**
 * What each browser needs: how to start it, how to open a case's page in a
 * fresh context and collect its console, and how its console lines read.
 */
const BROWSERS = {
  chromium: {
    name: "Chromium",
    known: join(ROOT, "tests/agreement/known_differences.txt"),
    logFile: join(tmpdir(), "corsim-agreement-chromium.log"),
    corsLine: "has been blocked by CORS policy",
    generic: (t) => t.startsWith("Failed to load resource") || t.startsWith("Uncaught"),
    // After the script has its result, how long the console must stay quiet
    // before its lines are taken as complete. Chromium writes the line before
    // it rejects the promise (measured: every line had arrived when the
    // result was seen), so this is a margin.
    consoleQuietMs: 50,

    async launch(ports) {
      const browser = launchChromium({
        logFile: this.logFile,
        tag: "corsim-agreement",
        args: [
          // Every name is this machine; the port stays the URL's.
          "--host-resolver-rules=MAP * 127.0.0.1",
          // The server's certificates come from its own local CA, and all
          // share one key: trusted by that key, they are valid. (With
          // --ignore-certificate-errors they would be accepted with an
          // error, and Chromium neither stores nor reuses a response with
          // a certificate error in its HTTP cache.)
          `--ignore-certificate-errors-spki-list=${await serverKeyHash()}`,
          "--disable-quic",
          // http: scenarios must stay http:.
          "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,HttpsFirstModeV2ForTypicallySecureUsers",
          // Names that stand for public hosts are public, although they
          // resolve to 127.0.0.1: without this, Local Network Access blocks
          // them all.
          `--ip-address-space-overrides=${ports.map((p) => `127.0.0.1:${p}=public`).join(",")}`,
          // A version-2 request from another page opens it with
          // window.open, with no user gesture.
          "--disable-popup-blocking",
        ],
      });
      const { product } = await browser.send("Browser.getVersion");
      browser.product = product;
      // Tells of every new page, so that a case can attach to the pages its
      // page opens (`runPage`).
      await browser.send("Target.setDiscoverTargets", { discover: true });
      return browser;
    },

    /** Opens `pageUrl` in a fresh browser context; what the script got, and the console entries. */
    async runPage(browser, pageUrl, c) {
      const context = await browser.newContext();
      if (c.scenario.network?.local_network_access === "granted") {
        // The user's yes to the Local Network Access prompt, by the names
        // Chromium 156 knows it by too.
        for (const name of LNA_PERMISSIONS) {
          await browser.send("Browser.setPermission", { permission: { name }, setting: "granted", origin: new URL(pageUrl).origin, browserContextId: context.id });
        }
      }
      const entries = [];
      let lastEntry = Date.now();
      const sessions = new Set();
      const attach = async (sessionId) => {
        sessions.add(sessionId);
        await Promise.all([
          browser.send("Log.enable", {}, sessionId),
          // The sandboxed iframe runs in a process of its own, and waits for us.
          browser.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, sessionId),
        ]).catch(() => {});
        await browser.send("Runtime.runIfWaitingForDebugger", {}, sessionId).catch(() => {});
      };
      const listener = (message) => {
        // A page this case's page opens (a version-2 request from another
        // tab) is no child of its session: attach to it as it appears.
        const opened = message.method === "Target.targetCreated" && message.params.targetInfo;
        if (opened && opened.type === "page" && opened.openerId && opened.browserContextId === context.id) {
          browser
            .send("Target.attachToTarget", { targetId: opened.targetId, flatten: true })
            .then(({ sessionId }) => attach(sessionId))
            .catch(() => {});
          return;
        }
        if (!message.sessionId || !sessions.has(message.sessionId)) return;
        if (message.method === "Target.attachedToTarget") {
          attach(message.params.sessionId);
        } else if (message.method === "Log.entryAdded") {
          entries.push(message.params.entry);
          lastEntry = Date.now();
        }
      };
      browser.on(listener);
      try {
        const page = await context.newPage({ width: 800, height: 600 });
        await attach(page.sessionId);
        await page.navigate(pageUrl);
        const result = await page.waitFor("window.__corsimResult", {
          timeout: CASE_TIMEOUT_MS - 3000,
          what: `the page ${pageUrl} to report what its fetch() got`,
        });
        // The console line comes with the failure; give it a moment to arrive.
        await quiet(Date.now(), () => lastEntry, this.consoleQuietMs, 1000);
        return { result, entries };
      } finally {
        browser.off(listener);
        await context.dispose();
      }
    },
  },

  firefox: {
    name: "Firefox",
    known: join(ROOT, "tests/agreement/known_differences.firefox.txt"),
    logFile: join(tmpdir(), "corsim-agreement-firefox.log"),
    corsLine: "Cross-Origin Request Blocked",
    // A rejected fetch() that nobody catches adds "TypeError: NetworkError
    // when attempting to fetch resource."; the page catches it, but the
    // contract's line is never that one.
    generic: (t) => t.startsWith("TypeError") || t.startsWith("Uncaught"),
    // Firefox logs the CORS line from its network code, not with the
    // promise; measured over three runs of every case, each line had reached
    // BiDi up to 80 ms before the result was seen, never after, so this wait
    // is a margin.
    consoleQuietMs: CONSOLE_QUIET_FIREFOX_MS,

    async launch(ports) {
      return launchFirefox({
        logFile: this.logFile,
        tag: "corsim-agreement",
        prefs: {
          // Names that stand for public hosts are public, although they
          // resolve to 127.0.0.1: without this, Local Network Access asks
          // the user about every one of them.
          "network.lna.address_space.public.override": ports.map((p) => `127.0.0.1:${p}`).join(","),
          // A Local Network Access prompt that nobody answers is cancelled,
          // and the request fails, after this long (default 5 minutes), so
          // that a case that prompts ends as a denial instead of hanging.
          "network.lna.prompt.timeout": LNA_PROMPT_TIMEOUT_MS,
        },
      });
    },

    /** Opens `pageUrl` in a fresh user context; what the script got, and the console entries. */
    async runPage(browser, pageUrl, c) {
      const context = await browser.newContext();
      if (c.scenario.network?.local_network_access === "granted") {
        // The user's yes to the Local Network Access prompt (BiDi's
        // permission names, as Firefox 153 knows them).
        for (const name of LNA_PERMISSIONS) {
          await browser.send("permissions.setPermission", { descriptor: { name }, state: "granted", origin: new URL(pageUrl).origin, userContext: context.id });
        }
      }
      const entries = [];
      let lastEntry = Date.now();
      // One case runs at a time, in the one user context that has a page:
      // every entry is this case's, the sandboxed iframe's included.
      const listener = (message) => {
        if (message.method !== "log.entryAdded") return;
        entries.push({ level: message.params.level, text: message.params.text, at: Date.now(), timestamp: message.params.timestamp });
        lastEntry = Date.now();
      };
      browser.on(listener);
      try {
        const page = await context.newPage();
        await page.navigate(pageUrl);
        const result = await page.waitFor("window.__corsimResult", {
          timeout: CASE_TIMEOUT_MS - 3000,
          what: `the page ${pageUrl} to report what its fetch() got`,
        });
        const seen = Date.now();
        await quiet(seen, () => lastEntry, this.consoleQuietMs, 2000);
        for (const e of entries) e.after = e.at - seen;
        return { result, entries };
      } finally {
        browser.off(listener);
        await context.dispose();
      }
    },
  },

  // Safari's engine: WebKitGTK, driven from Python (tests/lib/webkit.mjs), a
  // fresh WebContext and data directory per case.
  webkit: {
    name: "WebKit",
    known: join(ROOT, "tests/agreement/known_differences.webkit.txt"),
    logFile: join(tmpdir(), "corsim-agreement-webkit.log"),
    corsLine: "due to access control checks",
    // The page catches the rejection, so this never shows; were it to, it
    // would be the script's, not WebKit's network code's.
    // A version-2 page reads a loaded image back from a canvas to tell
    // whether it is tainted (src/serve/page/timeline.rs); WebKit prints a
    // line of its own for that read, which is the page's, not the request's.
    generic: (t) => t.startsWith("Unhandled Promise Rejection") || t.startsWith("Unable to get image data from canvas because the canvas has been tainted"),
    // A CORS failure prints its reason and then "Fetch API cannot load …
    // due to access control checks.", both before the promise rejects
    // (measured: 30 to 50 ms before the result is seen); a margin. The
    // driver waits for the quiet itself, on its side of the pipe.
    consoleQuietMs: 100,
    /**
     * WebKit's console value is every error and warning line it printed,
     * in order, joined by newlines: the reason first, then the line that
     * names the URL; one line alone would lose one or the other.
     */
    console(entries) {
      // A message may end with a newline of its own (the mixed-content
      // warning does): the value keeps one line break between lines.
      const lines = entries
        .filter((e) => e.level === "error" || e.level === "warning")
        .map((e) => e.text.replace(/\s+$/, ""))
        .filter((t) => !this.generic(t));
      return lines.length ? lines.join("\n") : null;
    },

    async launch(ports, list) {
      // No host-resolver switch: every name the scenarios use is this
      // machine, through /etc/hosts in this run's mount namespace.
      mapHostsToLoopback(list.flatMap(({ scenario }) => scenarioUrls(scenario).map((url) => url.hostname)));
      return launchWebKit({ logFile: this.logFile });
    },

    /** Opens `pageUrl` in a fresh WebContext; what the script got, and the console entries. */
    async runPage(browser, pageUrl) {
      const context = await browser.newContext();
      const entries = [];
      const listener = (entry) => entries.push(entry);
      browser.on(listener);
      try {
        const page = await context.newPage();
        await page.navigate(pageUrl);
        const result = await page.waitFor("window.__corsimResult", {
          timeout: CASE_TIMEOUT_MS - 3000,
          what: `the page ${pageUrl} to report what its fetch() got`,
          quietMs: this.consoleQuietMs,
        });
        return { result, entries };
      } finally {
        browser.off(listener);
        await context.dispose();
      }
    },
  },
};

/** Runs one case in a fresh browser context; what the script got, the console line, the wire. */
async function runCase(driver, browser, c) {
  const { page_url: pageUrl } = await control("POST", `scenario?name=${encodeURIComponent(c.id)}`, JSON.stringify(c.scenario));
  await control("DELETE", "log");
  const { result, entries } = await driver.runPage(browser, pageUrl, c);
  const { requests } = await control("DELETE", "log");
  if (isVersion2(c.scenario)) return { result, entries, requests: byRequest(driver, result, entries, requests), pageUrl };
  return { result, console: consoleLine(driver, entries), entries, wire: wireFromLog(requests), pageUrl };
}

// ---- observing -----------------------------------------------------------------

/**
 * A console line with its URLs and status codes as placeholders, so that
 * lines that say the same thing of different cases group together.
 */
const consoleShape = (text) =>
  text
    .replace(/\b(?:[a-z][a-z0-9+.-]*:\/\/|data:|blob:)[^\s'"]*[^\s'".,;]/g, "<url>")
    .replace(/(Status code:) \d+/g, "$1 <n>");

/**
 * What the browser did in one case, in full (--observe), and where that
 * differs from the core's verdict for each browser it models, field by field
 * as the agreement suite compares them (`differences`).
 */
function observation(c, seen, error) {
  const record = { id: c.id, scenario: relative(ROOT, c.file) };
  if (!seen) return { ...record, run_error: error };
  const { result } = seen;
  if (seen.requests) {
    record.observed = {
      requests: seen.requests.map((r) => ({
        ...r.result,
        console: r.console,
        console_lines: r.entries.map((e) => e.raw ?? e.text),
        wire: r.wire,
      })),
    };
    record.differs_from = Object.fromEntries(Object.entries(c.verdicts).map(([name, verdict]) => [name, differences(name, verdict, seen)]));
    return record;
  }
  record.observed = {
    origin: result.origin,
    outcome: result.outcome,
    status: result.status,
    type: result.type ?? null,
    exposed_headers: result.exposed_headers,
    error: result.error ?? null,
    console: seen.console,
    console_lines: seen.entries.map((e) => e.raw ?? e.text),
    wire: seen.wire,
  };
  record.differs_from = Object.fromEntries(Object.entries(c.verdicts).map(([name, verdict]) => [name, differences(name, verdict, seen)]));
  return record;
}

/** Where the observations differ from each modelled browser's verdict, and the console lines' shapes. */
function observationSummary(records) {
  const against = {};
  const shapes = {};
  for (const r of records) {
    for (const [name, found] of Object.entries(r.differs_from ?? {})) {
      against[name] ??= { agree: 0, fields: {} };
      if (!found.length) against[name].agree += 1;
      for (const d of found) (against[name].fields[d.field] ??= []).push(r.id);
    }
    for (const line of r.observed?.console_lines ?? []) {
      const shape = consoleShape(line.replace(/^\S+:\d+:\d+: /, ""));
      shapes[shape] ??= { count: 0, example: line, cases: [] };
      shapes[shape].count += 1;
      if (!shapes[shape].cases.includes(r.id)) shapes[shape].cases.push(r.id);
    }
  }
  return {
    cases: records.length,
    run_errors: records.filter((r) => r.run_error).map((r) => r.id),
    against,
    console_shapes: Object.fromEntries(Object.entries(shapes).sort(([, a], [, b]) => b.count - a.count)),
  };
}

const show = (value) => (typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value));

async function main() {
  const started = Date.now();
  const options = args();
  const driver = BROWSERS[options.browser];
  const knownName = relative(ROOT, driver.known);
  const work = mkdtempSync(join(tmpdir(), "corsim-agreement-"));
  atExit(() => rmSync(work, { recursive: true, force: true }));
  const list = cases(options, work);
  if (!list.length) die("no scenarios to run");
  const known = options.observed || options.observe ? new Map() : readKnown(driver.known);

  const server = await startServer().catch((err) => die(err.message));
  const ports = publicPorts(list);
  const browser = await driver.launch(ports, list).catch((err) => die(`${driver.name} did not start: ${err.message}`));
  say(`${browser.product}, corsim serve on 80 and 443 in a private network namespace; ${list.length} scenarios`);

  let agree = 0;
  let knownDiffering = 0;
  const failures = [];
  const seenKeys = new Set();
  const observations = [];
  let skipped = 0;
  for (const c of list) {
    if (c.skip) {
      say(`skipped ${c.id}: ${c.skip}`);
      skipped += 1;
      continue;
    }
    let found;
    let seen = null;
    try {
      seen = await withTimeout(runCase(driver, browser, c), CASE_TIMEOUT_MS, `${c.id} took longer than ${CASE_TIMEOUT_MS / 1000} s`);
      found = c.expected ? differences(options.browser, c.expected, seen) : [];
    } catch (err) {
      found = [{ field: "run", core: "a run", browser: err.message }];
    }
    if (options.observe) {
      const record = observation(c, seen, found[0]?.field === "run" ? found[0].browser : null);
      observations.push(record);
      const fields = Object.entries(record.differs_from ?? {}).map(([name, f]) => `${name}: ${f.map((d) => d.field).join(",") || "agrees"}`);
      const outcomes = record.observed?.requests ?? (record.observed ? [record.observed] : []);
      const got = outcomes.map((o) => `${o.outcome} ${o.status ?? ""}`.trim()).join(", ");
      say(`${c.id}: ${record.run_error ? `FAILED TO RUN: ${record.run_error}` : got}; ${fields.join("; ")}`);
      if (options.verbose && seen) say(`        console: ${outcomes.flatMap((o) => o.console_lines).join(" / ") || "(nothing)"}`);
      continue;
    }
    if (!found.length) agree += 1;
    let unexpected = false;
    for (const d of found) {
      const key = `${c.id} ${d.field}`;
      seenKeys.add(key);
      const reason = known.get(key);
      const line = `${c.id} ${d.field}: ${options.observed ? "recorded" : "core"} ${show(d.core)} | ${options.browser} ${show(d.browser)}`;
      if (reason) {
        say(`known   ${line}`);
      } else {
        unexpected = true;
        failures.push(line);
        say(`DIFFERS ${line}`);
      }
    }
    if (found.length && !unexpected) knownDiffering += 1;
    if ((unexpected || options.verbose) && seen) {
      const entries = seen.entries.map((e) => `[${e.level}${e.after === undefined ? "" : ` +${e.after} ms`}] ${e.text}`);
      say(`        ${c.id}: opened ${seen.pageUrl.length > 100 ? `${seen.pageUrl.slice(0, 100)}…` : seen.pageUrl}; console: ${entries.join(" / ") || "(nothing)"}`);
    }
  }
  if (options.observe) {
    await browser.close();
    await server.stop();
    const summary = observationSummary(observations);
    const doc = { browser: browser.product, user_agent: browser.userAgent ?? null, summary, cases: observations };
    writeFileSync(options.observe, `${JSON.stringify(doc, null, 2)}\n`);
    for (const [name, { agree, fields }] of Object.entries(summary.against)) {
      const counts = Object.entries(fields).map(([field, ids]) => `${field} ${ids.length}`);
      say(`against the core's ${BROWSERS[name].name} verdict: ${agree} of ${list.length} agree; differing fields: ${counts.join(", ") || "none"}`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    say(`${list.length} scenarios observed in ${browser.product} (${seconds} s), written to ${relative(process.cwd(), options.observe)}`);
    cleanup();
    process.exit(summary.run_errors.length ? 1 : 0);
  }
  for (const key of known.keys()) {
    const [id] = key.split(" ");
    if (!list.some((c) => c.id === id)) {
      if (!options.only && !options.files.length && !options.observed) failures.push(`${knownName} lists ${id}, which is no scenario`);
    } else if (!seenKeys.has(key)) {
      failures.push(`${key} now agrees: remove it from ${knownName}`);
      say(`NOW AGREES ${key}: remove it from ${knownName}`);
    }
  }

  await browser.close();
  await server.stop();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say(
    `${list.length} scenarios, ${agree} agree${knownDiffering ? `, ${knownDiffering} differ as ${basename(knownName)} says` : ""}${skipped ? `, ${skipped} not run` : ""} (${driver.name}, ${seconds} s)`,
  );
  if (failures.length) {
    console.error(`agreement: FAIL: ${failures.length} unexpected:\n  ${failures.join("\n  ")}`);
    console.error(`agreement: the server's log is in ${SERVE_LOG}, ${driver.name}'s output in ${driver.logFile}`);
    cleanup();
    process.exit(1);
  }
  cleanup();
  process.exit(0);
}

if (inNamespace(NAMESPACE_ENV)) {
  setTimeout(() => die(`the suite took longer than ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS - 5000).unref();
  main().catch((err) => die(err.stack || String(err)));
} else {
  // WebKit resolves names only through the system's resolver: its run gets a
  // mount namespace too, for a hosts file of its own (`mapHostsToLoopback`).
  const browserArg = process.argv.indexOf("--browser");
  const webkit = browserArg !== -1 && process.argv[browserArg + 1] === "webkit";
  reRunInNamespace({
    script: fileURLToPath(import.meta.url),
    more: webkit ? ["--mount"] : [],
    flag: NAMESPACE_ENV,
    tag: "agreement",
    timeoutMs: TIMEOUT_MS,
    // Ctrl-C reaches the inner script too, which cleans up and exits.
    interruptGraceMs: 5000,
    advice:
      "The suite runs Chromium and `corsim serve` on ports 80 and 443 of a network of its own: " +
      "run it as root (as CI does), or allow unprivileged user namespaces.",
  });
}
