// The app in WebKitGTK, Safari's engine, which runs no other suite of the
// built app: its WebAssembly engine, its URL parser (the app takes IDNA's
// mapping from it, crates/idna-adapter) and a browser without
// `requestIdleCallback`, where the address bar is written after the paint.
//
// - every preset, opened from the link `corsim link` makes: the app's
//   outcome must be the native CLI's, with its diagram drawn;
// - a page host in Unicode against its Punycode: one origin;
// - an edit: the new verdict, then the address bar and the top bar's link
//   holding it.
//
//   node tests/browser/webkit.mjs DIST
//
// The CLI is $CORSIM_BIN, else target/debug/corsim (./dev builds it). Each
// check prints `webkit: ok: …`; a failure prints `webkit: FAIL: …` with what
// the page showed and exits 1. WebKit is driven by tests/lib/webkit.mjs: each
// check is one page, opened and read with one expression.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

import { atExit, serveStatic } from "../lib/browser.mjs";
import { ROOT, corsimCommand } from "../lib/corsim.mjs";
import { check, reportFailure, runTest } from "../lib/run.mjs";
import { PRESETS_DIR, scenarioFiles } from "../lib/scenarios.mjs";
import { launchWebKit } from "../lib/webkit.mjs";

const TIMEOUT_MS = 300_000;
const BROWSER_LOG = join(tmpdir(), "corsim-webkit-app.log");

const [dist] = process.argv.slice(2);
if (!dist) {
  console.error("usage: node tests/browser/webkit.mjs DIST");
  process.exit(2);
}

let browser = null;

function fail(message) {
  return reportFailure({ tag: "webkit", message, logs: `WebKit's output is in ${BROWSER_LOG}`, browser });
}

/** Runs the CLI with `args`; its standard output. */
function corsim(args) {
  const [cmd, lead] = corsimCommand();
  const run = spawnSync(cmd, [...lead, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  check(run.status === 0, `corsim ${args.join(" ")} failed (exit ${run.status ?? run.signal}):\n${run.stderr}`);
  return run.stdout;
}

/** Opens `origin/#fragment` in a page of its own; the value of `expression` once it is truthy. */
async function read(origin, fragment, expression, what) {
  const page = await (await browser.newContext()).newPage();
  await page.navigate(`${origin}/#${fragment}`);
  return page.waitFor(expression, { timeout: 20_000, what });
}

/** What the verdict shows, once the panels below it are drawn. */
const SHOWN = `document.getElementById("console-chromium") && JSON.stringify({
  outcome: document.getElementById("outcome")?.textContent ?? null,
  labels: document.querySelectorAll('section[aria-labelledby="flow-title"] svg text').length,
  arrowheads: document.querySelectorAll('section[aria-labelledby="flow-title"] svg defs marker').length,
})`;

async function presets(origin) {
  const files = scenarioFiles(PRESETS_DIR);
  for (const file of files) {
    const id = basename(file, ".json");
    const fragment = corsim(["link", file]).trim().split("#")[1];
    const want = JSON.parse(corsim(["check", "--json", file])).outcome;
    const shown = JSON.parse(await read(origin, fragment, SHOWN, `the preset ${id}`));
    check(shown.outcome === want, `the preset ${id}: the app says ${shown.outcome}, the native CLI ${want}`);
    check(shown.labels > 0 && shown.arrowheads === 4, `the preset ${id}: the diagram is not drawn: ${JSON.stringify(shown)}`);
  }
  console.log(`webkit: ok: ${files.length} presets, each with the native CLI's outcome and its diagram`);
}

async function unicodeHost(origin) {
  const text = await read(
    origin,
    "v=1&p=https://b%C3%BCcher.example/&u=https://XN--BCHER-KVA.example/data&s=200&end",
    `document.getElementById("origin")?.textContent`,
    "the same-origin panel",
  );
  check(
    /Same origin: scheme, host and port all match/.test(text) && /the host bücher\.example is written in punycode as xn--bcher-kva\.example/.test(text),
    `a Unicode host and its Punycode are not one origin: ${text.slice(0, 600)}`,
  );
  console.log("webkit: ok: a Unicode page host and its upper-case Punycode are one origin");
}

async function edit(origin) {
  const file = join(PRESETS_DIR, "default.json");
  const fragment = corsim(["link", file]).trim().split("#")[1];
  // What the CLI says of the scenario as edited.
  const scenario = JSON.parse(readFileSync(file, "utf8"));
  scenario.request.method = "PUT";
  const work = mkdtempSync(join(tmpdir(), "corsim-webkit-"));
  atExit(() => rmSync(work, { recursive: true, force: true }));
  const edited = join(work, "put.json");
  writeFileSync(edited, JSON.stringify(scenario));
  const want = JSON.parse(corsim(["check", "--json", edited])).outcome;
  // The expression edits once, then waits for what follows the edit.
  const shown = JSON.parse(
    await read(
      origin,
      fragment,
      `(() => {
        const method = document.getElementById("method");
        if (!method || !document.getElementById("console-chromium")) return null;
        if (!window.__edited) {
          window.__edited = true;
          method.value = "PUT";
          method.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText" }));
          return null;
        }
        const link = document.getElementById("permalink")?.value ?? "";
        return location.hash.includes("&m=PUT&") && link.includes("&m=PUT&") &&
          JSON.stringify({ outcome: document.getElementById("outcome")?.textContent, hash: location.hash, link });
      })()`,
      "the edit, then the address bar and the top bar's link",
    ),
  );
  check(shown.outcome === want, `the edited scenario: the app says ${shown.outcome}, the native CLI ${want}`);
  check(shown.link.endsWith(shown.hash), `the top bar's link is not the address bar's: ${JSON.stringify(shown)}`);
  console.log(`webkit: ok: an edit of the method: ${shown.outcome} as the native CLI says, then the address bar and the top bar's link hold it`);
}

async function main() {
  const origin = await serveStatic(dist);
  browser = await launchWebKit({ logFile: BROWSER_LOG });
  const started = Date.now();
  await presets(origin);
  await unicodeHost(origin);
  await edit(origin);
  await browser.close();
  console.log(`webkit: ok: all checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

runTest(main, { timeoutMs: TIMEOUT_MS, fail });
