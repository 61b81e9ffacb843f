// corsim's size and speed benchmark. Run by hand (`./dev bench`) or
// from CI; never a timed test: only the size part is a gate (`--sizes`), since
// sizes are deterministic and times are not.
//
//   node scripts/bench.mjs DIST            the whole table
//   node scripts/bench.mjs --sizes DIST    the sizes only; exits 1 when the
//                                          gzip total is over scripts/budget.json
//
// It prints one Markdown table:
// - sizes: every file of DIST that the first load fetches (all but the
//   import worker's, ON_DEMAND below), raw, gzip -9 (the gzip program:
//   node's own zlib, Chromium's, compresses wasm 2% worse) and brotli at
//   quality 11, by kind: wasm, JS, CSS, HTML, other; kB = 1000 B; then the
//   worker's files, loaded when "Debug my error" is opened, on a row of
//   their own, outside the budget;
// - navigation to the first verdict on screen, in headless Chromium with its
//   HTTP cache off, median of NAV_RUNS loads (after one untimed): measured in
//   the page, from the navigation's start (performance.now() = 0) to the first
//   animation frame after #outcome is in the DOM;
// - the same, as a phone on a mobile network gets it: served as a static host
//   serves dist/ (`serveHosted`: gzip-compressed, hashed files cached for
//   good, index.html revalidated), with Chromium's network and CPU throttled
//   over the DevTools protocol: THROTTLED's cold load (empty cache) and warm
//   load (cache filled by an earlier visit), median of NAV_RUNS loads each;
//   and each load's time over the least its bytes could take on that link:
//   the bytes over the wire (headers included) at its bandwidth, plus one
//   round trip per step of the request chain (the page, then its files);
// - edit to updated verdict and diagram, median and 95th percentile of
//   EDITS edits of the Method field of the preset "default" (chosen from the
//   picker, as the app opens on a plain GET), alternating
//   between PUT (refused by the preflight) and DELETE (allowed): measured in
//   the page from dispatching the `input` event to (1) the DOM showing the new
//   #outcome and the new diagram, (2) then a forced style and layout, (3) the
//   next animation frame, which headless Chromium runs at 60 Hz, so (3) also
//   holds up to 16.7 ms of waiting for the frame; and (4) every panel of the
//   results column updated: the panels below the verdict are drawn after the
//   frame that shows it (crates/web/src/store.rs, `Settled`), so (4) holds a frame;
//   then the same with the CPU EDIT_CPU_SLOWDOWN times slower;
// - the permalink of every preset (`corsim link`, default base), in characters;
// - native `corsim_core::evaluate` throughput over every golden scenario
//   (`cargo run --release --example throughput`);
// - `corsim check --json` over every golden scenario, one process per file.
//
// "Every golden scenario" is tests/golden/**/*.json and crates/app/src/presets/*.json,
// verdicts left out. The CLI is $CORSIM_BIN, else the release build in
// target/ (`./dev bench` builds it and the example first).

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { basename, extname, join, relative, resolve, sep } from "node:path";
import { brotliCompressSync, constants as zlib } from "node:zlib";

import { atExit, cleanup, launchChromium, serveStatic } from "../tests/lib/browser.mjs";
import { ROOT, TARGET, corsimBin } from "../tests/lib/corsim.mjs";
import { GOLDEN_DIR, PRESETS_DIR, scenarioFiles } from "../tests/lib/scenarios.mjs";
import { sleep } from "../tests/lib/wait.mjs";

const BUDGET_FILE = join(ROOT, "scripts", "budget.json");
const NAV_RUNS = 7;
// An edit's p95 is the fifth slowest of 100: of 50, it was the third, which
// one hiccup of the machine moved by milliseconds from run to run.
const EDITS = 100;
// Throttled loads: a cold first visit on a fast mobile link, and a return
// visit on a slow one (Lighthouse's "slow 4G": 150 ms, 1.6 Mbps down,
// 750 kbps up), each on a CPU 4 times slower than this machine's, about a
// mid-range phone's against a desktop's. Chromium adds the latency to each
// request and shares the bandwidth among them.
const THROTTLED = [
  { cache: "cold", rttMs: 60, downMbps: 9, upMbps: 9, cpu: 4 },
  { cache: "warm", rttMs: 150, downMbps: 1.6, upMbps: 0.75, cpu: 4 },
];
const EDIT_CPU_SLOWDOWN = 4;

const args = process.argv.slice(2);
const sizesOnly = args.includes("--sizes");
const dist = args.find((a) => !a.startsWith("--"));
if (!dist) {
  console.error("usage: node scripts/bench.mjs [--sizes] DIST");
  process.exit(2);
}

// ---- formatting ------------------------------------------------------------------

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (x) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const median = (xs) => percentile(xs, 50);
/** The nearest-rank percentile `p` of `xs`. */
function percentile(xs, p) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const rows = [];
const row = (measure, value, detail = "", target = "") => rows.push([measure, value, detail, target]);

function printTable() {
  const header = ["measure", "value", "detail", "target"];
  const lines = [header, header.map(() => "---"), ...rows];
  console.log(lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n"));
}

// ---- sizes -----------------------------------------------------------------------

const KINDS = [
  ["wasm", [".wasm"]],
  ["JS", [".js"]],
  ["CSS", [".css"]],
  ["HTML", [".html"]],
];

/** `bytes` after `gzip -9`. */
function gzip9(bytes) {
  const gzip = spawnSync("gzip", ["-9", "-c"], { input: bytes, maxBuffer: 256 << 20 });
  if (gzip.status !== 0) throw new Error(`gzip -9 failed: ${gzip.stderr}`);
  return gzip.stdout;
}

function compressedSizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzip9(bytes).length,
    brotli: brotliCompressSync(bytes, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/**
 * Every file under `dir`, wasm-bindgen's snippets/ included, but not the
 * release build's .gz and .br copies (scripts/post-build.mjs): a browser
 * fetches one form of each file, and the sizes are measured here.
 */
function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return isCopy(path) ? [] : [path];
  });
}

const isCopy = (path) => /\.(gz|br)$/.test(path);

/**
 * The files that no first load fetches: the worker (crates/import-worker),
 * its glue, its module and its loader, which the app loads when a panel
 * first needs it. scripts/post-build.mjs names them after their content.
 */
const ON_DEMAND = /^corsim-import-worker(-loader)?-[0-9a-f]{16}(_bg\.wasm|\.js)$/;

/**
 * Sizes by kind, each file compressed on its own as a server sends it: the
 * first load's, and apart the files loaded on demand. Fails when index.html
 * loads one of those (a link or a script would preload it; the worker's
 * `<meta name=corsim-worker>` only names it).
 */
function measureSizes(dir) {
  const index = readFileSync(join(dir, "index.html"), "utf8");
  const onDemand = filesUnder(dir).filter((path) => ON_DEMAND.test(relative(dir, path)));
  for (const path of onDemand) {
    if (new RegExp(`(src|href)=["']?[^"'\\s>]*${relative(dir, path).replace(/\./g, "\\.")}`).test(index)) {
      throw new Error(`${relative(dir, path)} is loaded on demand, but index.html loads it`);
    }
  }
  const later = onDemand.map((path) => ({ name: relative(dir, path), ...compressedSizes(readFileSync(path)) }));
  const files = filesUnder(dir).filter((path) => !onDemand.includes(path));
  const kinds = new Map([...KINDS.map(([kind]) => [kind, []]), ["other", []]]);
  for (const path of files) {
    const kind = KINDS.find(([, exts]) => exts.includes(extname(path)))?.[0] ?? "other";
    kinds.get(kind).push({ name: relative(dir, path), ...compressedSizes(readFileSync(path)) });
  }
  const sum = (list, key) => list.reduce((total, f) => total + f[key], 0);
  const byKind = [...kinds].map(([kind, list]) => ({
    kind,
    names: list.map((f) => f.name),
    raw: sum(list, "raw"),
    gzip: sum(list, "gzip"),
    brotli: sum(list, "brotli"),
  }));
  const all = [...kinds.values()].flat();
  return {
    byKind,
    total: { raw: sum(all, "raw"), gzip: sum(all, "gzip"), brotli: sum(all, "brotli") },
    onDemand: { names: later.map((f) => f.name), raw: sum(later, "raw"), gzip: sum(later, "gzip"), brotli: sum(later, "brotli") },
  };
}

function sizeRows(sizes, budget) {
  for (const { kind, names, raw, gzip, brotli } of sizes.byKind) {
    if (names.length === 0) continue;
    const what = names.length === 1 ? names[0] : `${names.length} files`;
    row(`${kind} (${what})`, `${kB(gzip)} gzip`, `${kB(raw)} raw, ${kB(brotli)} brotli`);
  }
  const { raw, gzip, brotli } = sizes.total;
  row(
    "**first load, total**",
    `**${kB(gzip)} gzip**`,
    `${kB(raw)} raw, ${kB(brotli)} brotli`,
    `≤ ${kB(budget.target_gzip_bytes)} gzip (gate: ≤ ${kB(budget.gzip_total_bytes)})`,
  );
  const later = sizes.onDemand;
  if (later.names.length > 0) {
    row(
      `the worker (importers, Reproduce it, timeline results, verdict JSON, live mode), on demand (${later.names.join(", ")})`,
      `${kB(later.gzip)} gzip`,
      `${kB(later.raw)} raw, ${kB(later.brotli)} brotli`,
      "not in the first load",
    );
  }
}

// ---- in the browser ---------------------------------------------------------------

// Installed before the app's own scripts: notes when the first verdict is in
// the DOM and the animation frame after it.
const FIRST_VERDICT_PROBE = `(() => {
  const bench = (window.__corsimBench = {});
  const observer = new MutationObserver(() => {
    if (!document.getElementById("outcome")) return;
    observer.disconnect();
    bench.inDom = performance.now();
    requestAnimationFrame(() => (bench.onScreen = performance.now()));
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

const DIAGRAM = `document.querySelector('section[aria-labelledby="flow-title"] svg')`;

// Defines window.__corsimEdit(value, want): types `value` into #method as one
// input event and resolves to the times, from dispatching it, until the DOM
// shows `want` (an outcome and a diagram text), then laid out, then framed.
const EDIT_HARNESS = `(() => {
  const shown = () => ({
    outcome: document.getElementById("outcome")?.textContent ?? null,
    diagram: ${DIAGRAM}?.textContent ?? null,
    results: document.querySelector("section.results")?.textContent ?? null,
  });
  window.__corsimShown = shown;
  window.__corsimEdit = (value, want) => new Promise((done, fail) => {
    const input = document.getElementById("method");
    if (!input) return fail(new Error("there is no #method field"));
    let t0 = 0;
    const times = {};
    const timeout = setTimeout(() => {
      observer.disconnect();
      fail(new Error("after 5 s the page still does not show " + JSON.stringify(want.outcome) + " and every panel for it"));
    }, 5000);
    const finish = () => {
      if (times.frame === undefined || times.all === undefined) return;
      clearTimeout(timeout);
      observer.disconnect();
      done(times);
    };
    const check = () => {
      const now = shown();
      if (times.dom === undefined) {
        if (now.outcome !== want.outcome || now.diagram !== want.diagram) return;
        times.dom = performance.now() - t0;
        document.body.getBoundingClientRect();
        times.layout = performance.now() - t0;
        requestAnimationFrame(() => {
          times.frame = performance.now() - t0;
          finish();
        });
      }
      if (times.all === undefined && now.results === want.results) {
        times.all = performance.now() - t0;
        finish();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText" }));
    check();
  });
})()`;

async function measureBrowser(home) {
  const browser = launchChromium({ tag: "corsim-bench" });
  try {
    // Navigation to the first verdict: a fresh tab per load, HTTP cache off.
    const loads = [];
    for (let run = 0; run <= NAV_RUNS; run++) {
      const page = await browser.newPage();
      await page.send("Network.enable");
      await page.send("Network.setCacheDisabled", { cacheDisabled: true });
      await page.runOnNewDocument(FIRST_VERDICT_PROBE);
      await page.navigate(home);
      const times = await page.waitFor("window.__corsimBench?.onScreen && window.__corsimBench", {
        what: "the first verdict",
      });
      if (page.problems.length) throw new Error(`the page reported:\n  ${page.problems.join("\n  ")}`);
      if (run > 0) loads.push(times); // the first load only warms up
      await page.close();
    }
    const edits = await measureEdits(browser, home, 1);
    const slowEdits = await measureEdits(browser, home, EDIT_CPU_SLOWDOWN);
    return { loads, ...edits, slowEdits: slowEdits.edits };
  } finally {
    await browser.close();
  }
}

/** The preset whose method the edits type over. */
const EDITED_PRESET = "default";

/** Edits of EDITED_PRESET, its method typed over, with the CPU `cpu` times slower. */
async function measureEdits(browser, home, cpu) {
  const page = await browser.newPage();
  if (cpu !== 1) await page.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  await page.navigate(home);
  await page.waitFor(`document.getElementById("outcome") && ${DIAGRAM}`, {
    what: "the default scenario",
    timeout: 10_000 * cpu,
  });
  // The app opens on a plain GET; the edits are of the preset whose DELETE
  // is preflighted and allowed, and whose PUT is refused.
  await page.evaluate(`(() => {
    const select = document.getElementById("preset");
    select.value = ${JSON.stringify(EDITED_PRESET)};
    select.dispatchEvent(new Event("change", { bubbles: true }));
  })()`);
  await page.waitFor(`document.getElementById("method")?.value === "DELETE" && ${DIAGRAM}`, {
    what: `the preset ${EDITED_PRESET}`,
    timeout: 10_000 * cpu,
  });
  await page.evaluate(EDIT_HARNESS);
  // What each method shows, learnt from a first, untimed edit.
  const want = {};
  for (const method of ["PUT", "DELETE"]) {
    await page.evaluate(`(() => {
      const input = document.getElementById("method");
      input.value = ${JSON.stringify(method)};
      input.dispatchEvent(new InputEvent("input", { bubbles: true }));
    })()`);
    await sleep(300 * cpu);
    want[method] = await page.evaluate("window.__corsimShown()");
  }
  if (want.PUT.outcome === want.DELETE.outcome) {
    throw new Error(`PUT and DELETE both give ${want.PUT.outcome}: the edit would not change the verdict`);
  }
  const edits = [];
  for (let i = 0; i < EDITS + 4; i++) {
    const method = i % 2 === 0 ? "PUT" : "DELETE";
    const times = await page.evaluate(`window.__corsimEdit(${JSON.stringify(method)}, ${JSON.stringify(want[method])})`, {
      awaitPromise: true,
    });
    if (i >= 4) edits.push(times); // four warm-up edits
  }
  if (page.problems.length) throw new Error(`the page reported:\n  ${page.problems.join("\n  ")}`);
  await page.close();
  return { edits, want };
}

// ---- as a static host serves it, on a throttled link ---------------------------

/** Whether a file's name carries Trunk's content hash (as src/serve/files.rs decides). */
const isHashed = (path) => /-[0-9a-f]{8,}(_bg)?\.[^/]*$/.test(basename(path));

/**
 * Serves `dir` on an ephemeral port of 127.0.0.1 as a static host would:
 * every file gzip-compressed (the build's .gz copy, else `gzip -9`), hashed
 * files `immutable` for a year, the rest (index.html) `no-cache` with an ETag,
 * so that a return visit revalidates the page (304) and asks for nothing
 * else. Resolves to its origin and the log of the requests it answered.
 */
function serveHosted(dir) {
  const root = resolve(dir);
  const files = new Map();
  const load = (file) => {
    if (!files.has(file)) {
      let entry = null;
      if (!isCopy(file) && existsSync(file) && statSync(file).isFile()) {
        const raw = readFileSync(file);
        entry = {
          raw,
          gzip: existsSync(`${file}.gz`) ? readFileSync(`${file}.gz`) : gzip9(raw),
          etag: `"${createHash("sha256").update(raw).digest("base64url").slice(0, 22)}"`,
        };
      }
      files.set(file, entry);
    }
    return files.get(file);
  };
  const requests = [];
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = resolve(join(root, path));
    const entry = file.startsWith(root + sep) ? load(file) : null;
    if (!entry) {
      requests.push({ path, status: 404, bytes: 0 });
      res.writeHead(404).end();
      return;
    }
    const headers = {
      "content-type": TYPES[extname(file)] || "application/octet-stream",
      "cache-control": isHashed(file) ? "public, max-age=31536000, immutable" : "no-cache",
      etag: entry.etag,
      vary: "Accept-Encoding",
    };
    if (req.headers["if-none-match"] === entry.etag) {
      requests.push({ path, status: 304, bytes: 0 });
      res.writeHead(304, headers).end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
    const body = gzip ? entry.gzip : entry.raw;
    if (gzip) headers["content-encoding"] = "gzip";
    requests.push({ path, status: 200, bytes: body.length });
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((ok, ko) => {
    server.once("error", ko);
    server.listen(0, "127.0.0.1", () => {
      atExit(() => server.close());
      ok({ origin: `http://127.0.0.1:${server.address().port}`, requests });
    });
  });
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** One load of `home` in a new tab of `context`, throttled as `link` says. */
async function throttledLoad(browser, context, home, link, requests) {
  const page = await context.newPage();
  // The bytes Chromium received for the page, headers included.
  let bytes = 0;
  const count = (message) => {
    if (message.sessionId === page.sessionId && message.method === "Network.loadingFinished") {
      bytes += message.params.encodedDataLength;
    }
  };
  browser.on(count);
  try {
    await page.send("Network.enable");
    await page.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: link.rttMs,
      downloadThroughput: (link.downMbps * 1e6) / 8,
      uploadThroughput: (link.upMbps * 1e6) / 8,
    });
    await page.send("Emulation.setCPUThrottlingRate", { rate: link.cpu });
    await page.runOnNewDocument(FIRST_VERDICT_PROBE);
    requests.length = 0;
    await page.navigate(home);
    const times = await page.waitFor("window.__corsimBench?.onScreen && window.__corsimBench", {
      what: "the first verdict",
      timeout: 120_000,
    });
    if (page.problems.length) throw new Error(`the page reported:\n  ${page.problems.join("\n  ")}`);
    const seen = [...requests];
    // The request chain: the page, then (if any reached the server) its files.
    const roundTrips = seen.length === 0 ? 0 : seen.some((r) => r.path !== "/index.html") ? 2 : 1;
    const leastMs = (bytes * 8 * 1000) / (link.downMbps * 1e6) + roundTrips * link.rttMs;
    return { ...times, bytes, roundTrips, leastMs, ratio: times.onScreen / leastMs, requests: seen };
  } finally {
    browser.off(count);
    await page.close();
  }
}

async function measureThrottled(dist) {
  const { origin, requests } = await serveHosted(dist);
  const home = `${origin}/`;
  const browser = launchChromium({ tag: "corsim-bench-throttled" });
  try {
    const results = [];
    for (const link of THROTTLED) {
      const loads = [];
      if (link.cache === "cold") {
        // A fresh context per load: an empty HTTP cache, as on a first visit;
        // the first load only warms up this machine (its disk, Chromium).
        for (let run = 0; run <= NAV_RUNS; run++) {
          const context = await browser.newContext();
          const load = await throttledLoad(browser, context, home, link, requests);
          await context.dispose();
          if (run > 0) loads.push(load);
        }
      } else {
        // One context: a first, unthrottled visit fills its cache, then each
        // load is a return visit in a new tab.
        const context = await browser.newContext();
        const first = await context.newPage();
        await first.navigate(home);
        await first.waitFor(`document.getElementById("outcome")`, { what: "the first verdict" });
        await first.settled();
        await sleep(1000); // for Chromium to write its caches
        await first.close();
        for (let run = 0; run <= NAV_RUNS; run++) {
          const load = await throttledLoad(browser, context, home, link, requests);
          if (run > 0) loads.push(load);
        }
        await context.dispose();
      }
      results.push({ link, loads });
    }
    return results;
  } finally {
    await browser.close();
  }
}

function throttledRows(results) {
  for (const { link, loads } of results) {
    const onScreen = loads.map((l) => l.onScreen);
    const ratios = loads.map((l) => l.ratio);
    const typical = loads.find((l) => l.onScreen === median(onScreen));
    // What reached the server: the page and each file, by status.
    const statuses = [...new Set(typical.requests.map((r) => r.status))];
    const asked =
      typical.requests.length === 0
        ? "nothing"
        : typical.requests.length === 1
          ? `${typical.requests[0].path === "/index.html" ? "the page" : typical.requests[0].path} only (${statuses[0]})`
          : `${typical.requests.length} files (${statuses.join(", ")})`;
    row(
      `${link.cache} load, ${link.rttMs} ms RTT, ${link.downMbps} Mbps, CPU ${link.cpu}× slower → first verdict on screen`,
      `${ms(median(onScreen))} median`,
      `${loads.length} loads, ${ms(Math.min(...onScreen))} to ${ms(Math.max(...onScreen))}; ` +
        `${ratio(median(ratios))} the least its bytes take (median; ${ratio(Math.min(...ratios))} to ${ratio(Math.max(...ratios))}): ` +
        `${kB(typical.bytes)} over the wire in ${ms(((typical.bytes * 8) / (link.downMbps * 1e6)) * 1000)} ` +
        `+ ${typical.roundTrips} round trip${typical.roundTrips === 1 ? "" : "s"}; ` +
        `the server was asked for ${asked}`,
    );
  }
}

const ratio = (x) => `${x.toFixed(1)}×`;

function browserRows({ loads, edits, want, slowEdits }) {
  const onScreen = loads.map((l) => l.onScreen);
  const inDom = loads.map((l) => l.inDom);
  row(
    "navigation → first verdict on screen",
    `${ms(median(onScreen))} median`,
    `${NAV_RUNS} loads, ${ms(Math.min(...onScreen))} to ${ms(Math.max(...onScreen))}; in the DOM at ${ms(median(inDom))} median`,
    "≤ 150 ms",
  );
  const series = [
    ["edit → verdict and diagram in the DOM", "dom", "≤ 4 ms median"],
    ["edit → … and laid out", "layout", ""],
    ["edit → … and the next frame (60 Hz)", "frame", ""],
    ["edit → every panel updated (a frame later)", "all", ""],
  ];
  for (const [measure, key, target] of series) {
    const xs = edits.map((e) => e[key]);
    const detail = key === "dom" ? `${edits.length} edits of Method, PUT (${want.PUT.outcome}) ↔ DELETE (${want.DELETE.outcome})` : "";
    row(measure, `${ms(median(xs))} median, ${ms(percentile(xs, 95))} p95`, detail, target);
  }
  const slow = [
    [`edit, CPU ${EDIT_CPU_SLOWDOWN}× slower → verdict and diagram in the DOM`, "dom"],
    ["edit, CPU … → … and the next frame (60 Hz)", "frame"],
    ["edit, CPU … → every panel updated (a frame later)", "all"],
  ];
  for (const [measure, key] of slow) {
    const xs = slowEdits.map((e) => e[key]);
    const detail = key === "dom" ? `${slowEdits.length} edits as above, in a tab with Chromium's CPU throttling at ${EDIT_CPU_SLOWDOWN}×` : "";
    row(measure, `${ms(median(xs))} median, ${ms(percentile(xs, 95))} p95`, detail);
  }
}

// ---- natively --------------------------------------------------------------------

function releaseCorsim() {
  const bin = corsimBin("release");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build it with cargo build --release --bin corsim`);
  return bin;
}

function run(cmd, argv) {
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, argv, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${cmd} ${argv.join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stderr}`);
  }
  return { stdout: result.stdout, ms: elapsed };
}

function permalinkRows(bin) {
  const presets = scenarioFiles(PRESETS_DIR);
  const lengths = presets.map((file) => ({
    id: basename(file, ".json"),
    length: run(bin, ["link", file]).stdout.trim().length,
  }));
  const all = lengths.map((l) => l.length);
  const longest = lengths.reduce((a, b) => (b.length > a.length ? b : a));
  row(
    `permalink, ${lengths.length} presets`,
    `${median(all)} characters median`,
    `${Math.min(...all)} to ${longest.length} (${longest.id}); base http://127.0.0.1:8080/ included`,
    "typical ≤ 400",
  );
  for (const { id, length } of lengths) row(`permalink: ${id}`, `${length}`, "", length > 400 ? "over 400" : "");
}

function nativeRows(bin) {
  const example = join(TARGET, "release", "examples", "throughput");
  const throughput = existsSync(example)
    ? run(example, [])
    : run("cargo", ["run", "--release", "--quiet", "--example", "throughput"]);
  const t = JSON.parse(throughput.stdout.trim().split("\n").pop());
  row(
    "native `evaluate`",
    `${Math.round(t.per_second).toLocaleString("en")} scenarios/s`,
    `${t.scenarios} golden scenarios, ${t.evaluations.toLocaleString("en")} evaluations in ${t.seconds} s`,
  );
  const files = [...scenarioFiles(GOLDEN_DIR), ...scenarioFiles(PRESETS_DIR)];
  const times = files.map((file) => run(bin, ["check", "--json", file]).ms);
  const total = times.reduce((a, b) => a + b, 0);
  row(
    `\`corsim check --json\`, ${files.length} golden scenarios`,
    `${ms(total)} total`,
    `one process each: ${ms(median(times))} median, ${ms(Math.max(...times))} max`,
  );
}

// ---- main ------------------------------------------------------------------------

async function main() {
  if (!existsSync(join(dist, "index.html"))) throw new Error(`${dist}/index.html is missing: build the app first`);
  const budget = JSON.parse(readFileSync(BUDGET_FILE, "utf8"));
  const sizes = measureSizes(dist);
  sizeRows(sizes, budget);
  if (sizesOnly) {
    printTable();
    const over = sizes.total.gzip - budget.gzip_total_bytes;
    if (over > 0) {
      console.error(
        `size-budget: FAIL: the first load is ${sizes.total.gzip} bytes gzipped, ${over} over the budget of ` +
          `${budget.gzip_total_bytes} in scripts/budget.json`,
      );
      return 1;
    }
    console.log(`size-budget: ok: ${sizes.total.gzip} bytes gzipped, within the budget of ${budget.gzip_total_bytes}`);
    return 0;
  }
  const home = `${await serveStatic(dist)}/`;
  browserRows(await measureBrowser(home));
  throttledRows(await measureThrottled(dist));
  const bin = releaseCorsim();
  permalinkRows(bin);
  nativeRows(bin);
  printTable();
  return 0;
}

main().then(
  (status) => {
    cleanup();
    process.exit(status);
  },
  (err) => {
    console.error(`bench: FAIL: ${err.stack || err}`);
    cleanup();
    process.exit(1);
  },
);
