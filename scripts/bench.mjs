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
// - edit to updated verdict and diagram, median and 95th percentile of
//   EDITS edits of the Method field of the default scenario, alternating
//   between PUT (refused by the preflight) and DELETE (allowed): measured in
//   the page from dispatching the `input` event to (1) the DOM showing the new
//   #outcome and the new diagram, (2) then a forced style and layout, (3) the
//   next animation frame, which headless Chromium runs at 60 Hz, so (3) also
//   holds up to 16.7 ms of waiting for the frame; and (4) every panel of the
//   results column updated: the panels below the verdict are drawn after the
//   frame that shows it (crates/web/src/store.rs, `Settled`), so (4) holds a frame;
// - the permalink of every preset (`corsim link`, default base), in characters;
// - native `corsim_core::evaluate` throughput over every golden scenario
//   (`cargo run --release --example throughput`);
// - `corsim check --json` over every golden scenario, one process per file.
//
// "Every golden scenario" is tests/golden/**/*.json and crates/app/src/presets/*.json,
// verdicts left out. The CLI is $CORSIM_BIN, else the release build in
// target/ (`./dev bench` builds it and the example first).

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, relative } from "node:path";
import { brotliCompressSync, constants as zlib } from "node:zlib";

import { cleanup, launchChromium, serveStatic } from "../tests/lib/browser.mjs";
import { ROOT, TARGET, corsimBin } from "../tests/lib/corsim.mjs";
import { GOLDEN_DIR, PRESETS_DIR, scenarioFiles } from "../tests/lib/scenarios.mjs";
import { sleep } from "../tests/lib/wait.mjs";

const BUDGET_FILE = join(ROOT, "scripts", "budget.json");
const NAV_RUNS = 7;
const EDITS = 50;

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

/** The size of `bytes` after `gzip -9`. */
function gzipSize(bytes) {
  const gzip = spawnSync("gzip", ["-9", "-c"], { input: bytes, maxBuffer: 256 << 20 });
  if (gzip.status !== 0) throw new Error(`gzip -9 failed: ${gzip.stderr}`);
  return gzip.stdout.length;
}

function compressedSizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSize(bytes),
    brotli: brotliCompressSync(bytes, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/** Every file under `dir`, wasm-bindgen's snippets/ included. */
function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The files that no first load fetches: "Debug my error"'s worker
 * (crates/import-worker), its glue, its module and its loader, which the app
 * loads when the panel is first opened. Trunk names a worker's files after
 * its binary, without a hash.
 */
const ON_DEMAND = /^corsim-import-worker(_bg\.wasm|\.js|_loader\.js)$/;

/**
 * Sizes by kind, each file compressed on its own as a server sends it: the
 * first load's, and apart the files loaded on demand. Fails when index.html
 * names one of those (it would preload it).
 */
function measureSizes(dir) {
  const index = readFileSync(join(dir, "index.html"), "utf8");
  const onDemand = filesUnder(dir).filter((path) => ON_DEMAND.test(relative(dir, path)));
  for (const path of onDemand) {
    if (index.includes(relative(dir, path))) {
      throw new Error(`${relative(dir, path)} is loaded on demand, but index.html names it`);
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
      `"Debug my error" worker, on demand (${later.names.join(", ")})`,
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

    // Edits: the default scenario, its method typed over.
    const page = await browser.newPage();
    await page.navigate(home);
    await page.waitFor(`document.getElementById("outcome") && ${DIAGRAM}`, { what: "the default scenario" });
    await page.evaluate(EDIT_HARNESS);
    // What each method shows, learnt from a first, untimed edit.
    const want = {};
    for (const method of ["PUT", "DELETE"]) {
      await page.evaluate(`(() => {
        const input = document.getElementById("method");
        input.value = ${JSON.stringify(method)};
        input.dispatchEvent(new InputEvent("input", { bubbles: true }));
      })()`);
      await sleep(300);
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
    return { loads, edits, want };
  } finally {
    await browser.close();
  }
}

function browserRows({ loads, edits, want }) {
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
