// End-to-end test of live mode: "Run it for real" in the built
// app, served by `corsim serve`, in headless Chromium or Firefox ESR with
// nothing special: no host-resolver rules, no name forced to loopback, as a
// learner's browser would be. The scenario's origins are mapped onto
// `*.localhost` names (crates/app/src/live/mod.rs), which both send to loopback by
// themselves.
//
//   node tests/browser/live.mjs [--browser chromium|firefox] [--all] DIST
//
// It runs $CORSIM_BIN, else target/debug/corsim (./dev builds it first), as
// `corsim serve --dist DIST` on free ports above 1024 (no root needed), and:
//
// 1. opens the app from it and presses "Run it for real" on presets that
//    the core says are readable (with and without a preflight) and blocked:
//    the real result must appear and agree with the simulated one, row by
//    row (outcome, status, readable headers, each request on the wire with
//    Origin, Access-Control-Request-Method and -Headers);
//    With --all (as ./dev test runs it), every other preset too: none may
//    show a disagreement, only differences the mapping explains (marked
//    "differs: the mapping", such as mixed content); a `file:` page is
//    skipped, as the app says it cannot run live;
// 2. opens, by its link, a scenario on which Chromium and Firefox differ
//    (tests/golden/ok-client-hint-safelisted-by-chromium.json): the run is
//    compared with corsim's verdict for the browser running it, and agrees;
// 3. opens the app from a static server, without the companion: pressing
//    the button must explain how to start it.
//
// Each step prints one `live: ok: …` line; a failure prints `live: FAIL: …`
// with what the page showed, saves a screenshot and exits 1.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { atExit, launchChromium, serveStatic } from "../lib/browser.mjs";
import { startCompanion } from "../lib/companion.mjs";
import { corsimBin } from "../lib/corsim.mjs";
import { launchFirefox } from "../lib/firefox.mjs";
import { Failure, check, reportFailure, runTest } from "../lib/run.mjs";
import { GOLDEN_DIR, presetFile } from "../lib/scenarios.mjs";

const CORSIM = corsimBin();
const TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = 25_000;
const SERVE_LOG = join(tmpdir(), "corsim-live-serve.log");
// Chromium and Firefox differ on it (Firefox preflights client hints).
const DIFFERING = join(GOLDEN_DIR, "ok-client-hint-safelisted-by-chromium.json");

// (preset, the outcome the core gives it, what it shows)
const PRESETS = [
  ["default", "readable", "a preflighted DELETE with credentials, allowed"],
  ["public-api-wildcard", "readable", "a simple GET, allowed with *"],
  ["header-not-allowed", "network-error", "a preflight that does not allow the header"],
];

const USAGE = "usage: node tests/browser/live.mjs [--browser chromium|firefox] [--all] DIST";
const argv = process.argv.slice(2);
const ALL = argv.includes("--all");
const at = argv.indexOf("--browser");
const BROWSER = at === -1 ? "chromium" : argv[at + 1];
const [dist] = argv.filter((a, i) => a !== "--all" && (at === -1 || (i !== at && i !== at + 1)));
if (!dist || !["chromium", "firefox"].includes(BROWSER)) {
  console.error(USAGE);
  process.exit(2);
}
const SCREENSHOT = join(tmpdir(), `corsim-live-${BROWSER}-fail.png`);
const BROWSER_LOG = join(tmpdir(), `corsim-live-${BROWSER}.log`);

let current = null;
let browser = null;

/** Reports the failure with what the page shows, then exits 1. */
function fail(message) {
  return reportFailure({
    tag: "live",
    message,
    page: current,
    read: (page) => page.evaluate(`({ url: location.href, live: document.getElementById("live")?.innerText ?? null })`),
    screenshot: SCREENSHOT,
    problems: current?.problems,
    logs: `corsim serve's log is in ${SERVE_LOG}, the browser's output in ${BROWSER_LOG}`,
    browser,
  });
}

/** Starts `corsim serve` on free ports; resolves to its http origin. */
async function startServer(work) {
  check(existsSync(CORSIM), `${CORSIM} is missing: build it first (cargo build --bin corsim)`);
  const companion = await startCompanion({
    corsim: CORSIM,
    httpPort: 0,
    httpsPort: 0,
    certDir: join(work, "certs"),
    dist,
    logFile: SERVE_LOG,
  }).catch((err) => {
    throw new Failure(err.message);
  });
  return companion.origin;
}

/** The browser to test, as a learner has it (see the top of this file). */
function launch() {
  if (BROWSER === "chromium") return launchChromium({ logFile: BROWSER_LOG, tag: "corsim-live" });
  // The agreement suite's profile, less its rule that every name is this
  // machine: here names resolve as a learner's Firefox resolves them.
  return launchFirefox({ logFile: BROWSER_LOG, tag: "corsim-live", prefs: { "network.dns.forceResolve": "" } });
}

/** corsim's verdict on the scenario `file` for the browser under test (`corsim check`). */
function coreOutcome(file, browser = BROWSER) {
  const run = spawnSync(CORSIM, ["check", "--json", "--browser", browser, file], { encoding: "utf8" });
  check(run.status === 0, `corsim check --browser ${browser} ${file} failed: ${run.stderr}`);
  return JSON.parse(run.stdout).outcome;
}

/** Problems that count: the app's own exceptions and errors, not the network's. */
const appProblems = (page) => page.problems.filter((p) => !p.startsWith("browser error:"));

const RENDERED = `document.getElementById("outcome") || document.getElementById("errors")`;

async function choosePreset(page, id) {
  const chosen = await page.evaluate(`(() => {
    const select = document.getElementById("preset");
    select.value = ${JSON.stringify(id)};
    select.dispatchEvent(new Event("change", { bubbles: true }));
    return select.value;
  })()`);
  check(chosen === id, `#preset has no option ${id}`);
}

/** Presses the button and waits for this run's result (not a stale one). */
async function runForReal(page) {
  await page.waitFor(`document.getElementById("live-run")?.disabled === false`, { what: "the Run it for real button" });
  await page.click("#live-run");
  // The panel shows the run from the next frame on (crates/web/src/store.rs, `Settled`).
  await page.settled();
  await page.waitFor(
    `(() => {
      const button = document.getElementById("live-run");
      const done = button && !button.disabled;
      return done && (document.getElementById("live-result") && !document.getElementById("live-stale")
        || document.getElementById("live-error") || document.getElementById("live-absent"));
    })()`,
    { timeout: RUN_TIMEOUT_MS, what: "the run to finish" },
  );
  return page.evaluate(`(() => {
    const text = (id) => document.getElementById(id)?.textContent ?? null;
    return {
      outcome: text("outcome"),
      error: text("live-error"),
      absent: text("live-absent"),
      agrees: document.getElementById("live-result")?.dataset.agrees ?? null,
      summary: text("live-summary"),
      rows: Array.from(document.querySelectorAll("#live-result tbody tr[data-label]"), (tr) => ({
        label: tr.dataset.label,
        simulated: tr.querySelector("td.simulated")?.textContent,
        real: tr.querySelector("td.real")?.textContent,
        agreement: tr.className,
      })),
      frames: document.querySelectorAll("iframe").length,
    };
  })()`);
}

const showRows = (rows) => rows.map((r) => `${r.agreement.padEnd(8)} ${r.label}: corsim ${r.simulated} | browser ${r.real}`).join("\n  ");

async function main() {
  const started = Date.now();
  check(existsSync(join(dist, "index.html")), `${dist}/index.html is missing: build the app first (trunk build --release)`);
  const work = mkdtempSync(join(tmpdir(), "corsim-live-"));
  atExit(() => rmSync(work, { recursive: true, force: true }));
  const origin = await startServer(work);
  browser = await launch();

  // 1. Served by the companion: each preset, run for real, agrees.
  const page = await browser.newPage();
  current = page;
  await page.navigate(`${origin}/`);
  await page.waitFor(RENDERED, { what: "the app to render a verdict" });
  await page.settled();
  // With --all, every preset in the gallery: those of PRESETS checked as
  // strictly as ever, the others for no disagreement.
  const list = ALL
    ? (await page.evaluate(`Array.from(document.querySelectorAll('#preset option:not([value^="lesson="])'), (o) => o.value).filter(Boolean)`)).map(
        (id) => PRESETS.find(([p]) => p === id) ?? [id, null, "no disagreement"],
      )
    : PRESETS;
  for (const [id, want, what] of list) {
    await choosePreset(page, id);
    await page.waitFor(`document.querySelector("#preset")?.value === ${JSON.stringify(id)}`, { what: `the preset ${id}` });
    // The live panel is drawn a frame after the verdict (crates/web/src/store.rs, `Settled`).
    await page.settled();
    const blocked = await page.text("#live-blocked");
    if (blocked !== null) {
      check(ALL, `${id}: cannot run live: ${blocked}`);
      console.log(`live: skip: ${id}: ${blocked}`);
      continue;
    }
    const seen = await runForReal(page);
    // Whether a scenario maps onto the companion's names is known once the
    // worker has tried (a file: page cannot).
    if (seen.error?.startsWith("This scenario cannot run live")) {
      check(ALL, `${id}: ${seen.error}`);
      console.log(`live: skip: ${id}: ${seen.error}`);
      continue;
    }
    check(seen.error === null, `${id}: the run failed: ${seen.error}`);
    check(seen.absent === null, `${id}: the app says the companion is absent, though it serves the app:\n${seen.absent}`);
    const row = (label) => seen.rows.find((r) => r.label === label);
    const outcome = row("fetch() gives");
    check(outcome, `${id}: the comparison has no "fetch() gives" row:\n  ${showRows(seen.rows)}`);
    // The app shows Chromium's verdict; the comparison is with the running browser's.
    const simulated = BROWSER === "chromium" ? seen.outcome : coreOutcome(presetFile(id));
    check(outcome.simulated === simulated, `${id}: the comparison's simulated outcome is ${outcome.simulated}, corsim's ${simulated}`);
    const disagree = seen.rows.filter((r) => r.agreement === "differs");
    check(disagree.length === 0, `${id}: your browser and corsim disagree: ${seen.summary}\n  ${showRows(seen.rows)}`);
    if (want !== null) {
      check(seen.outcome === want, `${id}: the app's simulated outcome is ${seen.outcome}, want ${want}`);
      check(outcome.real === want, `${id}: the browser's real outcome is ${outcome.real}, want ${want}:\n  ${showRows(seen.rows)}`);
      check(
        seen.agrees === "true",
        `${id}: the real run does not agree with the simulated one: ${seen.summary}\n  ${showRows(seen.rows)}`,
      );
      check(row("Request 1")?.real?.includes("https://"), `${id}: the wire is not shown in the scenario's own names:\n  ${showRows(seen.rows)}`);
    }
    check(seen.frames === 0, `${id}: the hidden iframe was left in the page`);
    const problems = appProblems(page);
    check(problems.length === 0, `${id}: the app reported:\n  ${problems.join("\n  ")}`);
    const requests = row("Requests on the wire")?.real;
    const mapping = seen.rows.filter((r) => r.agreement === "mapping").length;
    const how = mapping ? `${mapping} row(s) differ because of the mapping` : "every row the same";
    console.log(`live: ok: ${id} (${what}): ${outcome.real} with ${requests} request(s) on the wire; ${how}`);
  }

  // A preset chosen and the button pressed in one task, before the live
  // panel is drawn again: the run is of the new preset, not of the one the
  // panel still shows.
  await choosePreset(page, "public-api-wildcard");
  await page.settled();
  await page.evaluate(`(() => {
    const select = document.getElementById("preset");
    select.value = "missing-allow-origin";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    document.getElementById("live-run").click();
  })()`);
  // The panel shows the run (its button disabled) from the next frame on.
  await page.settled();
  await page.waitFor(
    `(() => {
      const button = document.getElementById("live-run");
      return button && !button.disabled && (document.getElementById("live-result") || document.getElementById("live-error"));
    })()`,
    { timeout: RUN_TIMEOUT_MS, what: "the run started with the preset's change to finish" },
  );
  await page.settled();
  const quick = await page.evaluate(`({
    stale: document.getElementById("live-stale")?.textContent ?? null,
    outcome: document.getElementById("outcome")?.textContent ?? null,
    agrees: document.getElementById("live-result")?.dataset.agrees ?? null,
  })`);
  check(quick.stale === null, `a run pressed with the preset's change is of the previous preset: ${quick.stale}`);
  check(quick.outcome === "network-error" && quick.agrees === "true", `the run of missing-allow-origin: ${JSON.stringify(quick)}`);
  console.log("live: ok: a preset chosen and Run pressed in one task runs the new preset");

  // 2. Where Chromium and Firefox differ, each is compared with corsim's
  // verdict for it, and agrees.
  const mine = coreOutcome(DIFFERING);
  const other = coreOutcome(DIFFERING, BROWSER === "chromium" ? "firefox" : "chromium");
  check(mine !== other, `${DIFFERING} no longer tells the browsers apart: both give ${mine}`);
  const link = spawnSync(CORSIM, ["link", "--base", `${origin}/`, DIFFERING], { encoding: "utf8" });
  check(link.status === 0, `corsim link failed: ${link.stderr}`);
  await page.navigate(link.stdout.trim());
  await page.waitFor(`document.title.startsWith("Chromium sends DPR")`, { what: "the linked scenario" });
  await page.settled();
  const differing = await runForReal(page);
  const header = await page.text("#live-result thead th:nth-child(2)");
  const gives = differing.rows.find((r) => r.label === "fetch() gives");
  check(
    differing.agrees === "true" && gives?.real === mine && gives?.simulated === mine,
    `where the browsers differ, ${BROWSER}'s run (${gives?.real}) is not compared with corsim's verdict for it (${mine}):\n  ${showRows(differing.rows)}`,
  );
  check(header?.includes(BROWSER === "chromium" ? "Chromium" : "Firefox"), `the comparison's column does not name the browser: ${header}`);
  console.log(`live: ok: where the browsers differ, ${BROWSER} gives ${mine} (the other ${other}), and corsim says so: "${header}"`);
  await page.close();

  // 3. Served without the companion: the button explains how to start it.
  const staticOrigin = await serveStatic(dist);
  const alone = await browser.newPage();
  current = alone;
  await alone.navigate(`${staticOrigin}/`);
  await alone.waitFor(RENDERED, { what: "the app to render a verdict" });
  await alone.settled();
  const seen = await runForReal(alone);
  check(seen.absent !== null, `without the companion the app shows no explanation (error: ${seen.error})`);
  check(
    seen.absent.includes("cargo run --release --bin corsim -- serve --dist dist") && seen.absent.includes("open the app from it"),
    `the explanation does not say how to start the companion: ${seen.absent}`,
  );
  check(seen.agrees === null, "without the companion the app shows a result anyway");
  const problems = appProblems(alone);
  check(problems.length === 0, `the app reported:\n  ${problems.join("\n  ")}`);
  console.log("live: ok: served by a static host, the button explains how to start the companion");

  await browser.close();
  console.log(`live: ok: all steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

runTest(main, { timeoutMs: TIMEOUT_MS, fail });
