// End-to-end test of the built web app in real headless Chromium,
// with no npm package: serves DIST on 127.0.0.1 and uses the app as a learner
// would, with real clicks and keystrokes, checking the app's verdict against
// the native CLI's along the way.
//
//   node tests/browser/e2e.mjs DIST [EXPECTED_VERDICT.json]
//
// EXPECTED_VERDICT.json is the native CLI's `--json` output for
// crates/app/src/presets/app-to-api.json, the starter, which the app must
// show on a bare load. The
// scenarios made by editing are checked with the CLI binary itself:
// $CORSIM_BIN, else target/debug/corsim (which ./dev has just built with
// `cargo run`), else `cargo run`.
//
// Each step prints one `e2e: ok: …` line. A failure prints
// `e2e: FAIL: step N: …` with what the page showed, saves a screenshot to
// $TMPDIR/corsim-e2e-fail.png and exits 1.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { atExit, canonical, launchChromium, serveStatic } from "../lib/browser.mjs";
import { ROOT, corsimCommand } from "../lib/corsim.mjs";
import { Failure, check, reportFailure, runTest } from "../lib/run.mjs";
import { until } from "../lib/wait.mjs";

// The whole run, Chromium's start included; it takes a few seconds.
const TIMEOUT_MS = 90_000;
const SCREENSHOT = join(tmpdir(), "corsim-e2e-fail.png");
const CHROMIUM_LOG = join(tmpdir(), "corsim-e2e-chromium.log");

const [distArg, expectedPath] = process.argv.slice(2);
if (!distArg) {
  console.error("usage: node tests/browser/e2e.mjs DIST [EXPECTED_VERDICT.json]");
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "corsim-e2e-"));
atExit(() => rmSync(work, { recursive: true, force: true }));

// ---- failing -------------------------------------------------------------------

let step = 0;
let browser = null;
// The page the current step is looking at: the one a failure describes.
let current = null;
const pages = [];

/** Reports the failure with what the page shows, then exits 1. */
function fail(message) {
  return reportFailure({
    tag: "e2e",
    message: `step ${step}: ${message}`,
    page: current,
    read: snapshot,
    screenshot: SCREENSHOT,
    problems: pages.flatMap((p) => p.problems),
    logs: browser && `Chromium's own output is in ${CHROMIUM_LOG}`,
    browser,
  });
}

/** Where two JSON values differ, leaf by leaf: a verdict is too long to show whole. */
function differences(got, want, path = "", out = []) {
  if (out.length >= 12 || canonical(got) === canonical(want)) return out;
  const nested = (v) => v !== null && typeof v === "object";
  if (nested(got) && nested(want) && Array.isArray(got) === Array.isArray(want)) {
    for (const key of new Set([...Object.keys(got), ...Object.keys(want)])) {
      differences(got[key], want[key], Array.isArray(got) ? `${path}[${key}]` : `${path}.${key}`, out);
    }
  } else {
    const show = (v) => (v === undefined ? "nothing" : JSON.stringify(v).slice(0, 300));
    out.push(`${path || "the whole value"}: got ${show(got)}, want ${show(want)}`);
  }
  return out;
}

/** Fails when two values differ, saying where. */
function same(got, want, what) {
  const diff = differences(got, want);
  check(diff.length === 0, `${what} differ:\n  ${diff.join("\n  ")}`);
}

// ---- reading the app -----------------------------------------------------------

/** The state of the app a failure report shows: enough to tell what went wrong. */
function snapshot(page) {
  return page.evaluate(`(() => {
    const text = (id) => document.getElementById(id)?.textContent ?? null;
    return {
      url: location.href,
      outcome: text("outcome"),
      errors: document.getElementById("errors")?.innerText ?? null,
      notice: text("notice"),
      chromiumConsole: text("console-chromium"),
      fix: document.querySelector("section.fix")?.innerText ?? null,
      requestHeaders: document.getElementById("request-headers")?.innerText ?? null,
    };
  })()`);
}

/** What the app shows: the outcome, the scenario and the verdict, as texts. */
// The verdict's JSON is written by the worker once its panel is open (and
// again for each change): opened, it shows no verdict but the current one.
const JSON_SHOWN = `!document.getElementById("json") || document.getElementById("verdict") !== null || document.getElementById("verdict-none") !== null`;

async function shown(page) {
  await page.evaluate(`document.getElementById("json")?.setAttribute("open", "")`);
  await page.waitFor(JSON_SHOWN, { what: "the verdict's JSON from the worker" });
  return page.evaluate(`({
    outcome: document.getElementById("outcome")?.textContent ?? null,
    scenario: document.getElementById("scenario-json")?.textContent ?? null,
    verdict: document.getElementById("verdict")?.textContent ?? null,
  })`);
}

const DIAGRAM = `document.querySelector('section[aria-labelledby="flow-title"] svg')`;
// The diagram's drawn labels, one per line; not its <title> and <desc>, whose
// summary could name a preflight the drawing lacks.
const DIAGRAM_LABELS = `Array.from(${DIAGRAM}?.querySelectorAll("text") ?? [], (t) => t.textContent).join("\\n")`;
const hasPreflightRow = (labels) => /^OPTIONS /m.test(labels);

function parse(text, what) {
  try {
    return JSON.parse(text ?? "");
  } catch (err) {
    throw new Failure(`${what} is not JSON (${err.message}): ${text}`);
  }
}

/** The verdict of the native CLI for a scenario-v1 document. */
let scenarios = 0;
function cliVerdict(scenarioText) {
  const file = join(work, `scenario-${++scenarios}.json`);
  writeFileSync(file, scenarioText);
  const [cmd, args] = corsimCommand();
  const run = spawnSync(cmd, [...args, "check", "--json", file], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  check(
    run.status === 0 && run.stdout,
    `the native CLI (${cmd}) could not evaluate the app's scenario (exit ${run.status ?? run.signal}):\n${run.stderr}\n${scenarioText}`,
  );
  return JSON.parse(run.stdout);
}

/** The app's verdict must be the native CLI's for the scenario the app shows. */
async function checkAgainstCli(page) {
  const { scenario, verdict } = await shown(page);
  check(scenario !== null, "the page shows no #scenario-json");
  same(parse(verdict, "#verdict"), cliVerdict(scenario), "the app's verdict and the native CLI's");
}

async function openPage(browser) {
  const page = await browser.newPage({ width: 1280, height: 720 });
  pages.push(page);
  return page;
}

/** The app has rendered a verdict (or the list of what makes the scenario invalid). */
const RENDERED = `document.getElementById("outcome") || document.getElementById("errors")`;
// The contract's example (crates/app/src/presets/default.json) as a link, as
// tests/permalinks/frozen.txt freezes it: a preflighted DELETE with
// credentials, for the steps that edit it.
const CONTRACT_EXAMPLE =
  "v=1&t=Delete+a+user+from+the+admin+app&p=https://app.example.com/admin&u=https://api.example.com/users/7&m=DELETE&h=~au:Bearer+abc&h=~ct:application/json&c=include&s=204&u=~u&m=OPTIONS&h=~ao:~o&h=~ac:true&h=~am:GET,+POST,+DELETE&h=~ah:Authorization,+Content-Type&h=~ma:600&s=200&h=~ao:~o&h=~ac:true&h=~ct:application/json&end";

const outcomeIs = (outcome) => `document.getElementById("outcome")?.textContent === ${JSON.stringify(outcome)}`;

// ---- the test ------------------------------------------------------------------

async function main() {
  const started = Date.now();
  step = 1;
  const expected = expectedPath ? JSON.parse(readFileSync(expectedPath, "utf8")) : null;
  check(existsSync(join(distArg, "index.html")), `${distArg}/index.html is missing: build the app first (trunk build)`);
  const origin = await serveStatic(distArg);
  const home = `${origin}/`;

  // The static shell must be there before any script runs.
  const shell = await (await fetch(home)).text();
  check(shell.includes("<noscript>"), `${home} has no <noscript> shell`);

  browser = launchChromium({ logFile: CHROMIUM_LOG, tag: "corsim-e2e" });
  const first = await openPage(browser);
  current = first;
  const steps = [load, addHeader, applyFix, permalink, backAndForward, brokenLinks, verdictFirst, twoFieldsOneFrame, repoint, browsersDiffer, debugMyError, serverConfig];
  // What one step saw and the later ones compare with.
  const seen = {};

  // 1. A bare load shows the starter with the CLI's verdict.
  async function load() {
    const t0 = Date.now();
    await first.navigate(home);
    await first.waitFor(RENDERED, { what: "the app to render a verdict" });
    await first.settled();
    const renderedMs = Date.now() - t0;
    const page = await first.evaluate(`({
      shell: document.getElementById("loading") !== null,
      errors: document.getElementById("errors")?.innerText ?? null,
      lesson: document.querySelector("aside.lesson")?.textContent ?? "",
      diagram: ${DIAGRAM} !== null,
      console: document.getElementById("console-chromium") !== null,
      hash: location.hash,
    })`);
    check(!page.shell, "the app rendered but the static loading shell is still there");
    check(page.errors === null, `the app says the default scenario is invalid:\n${page.errors}`);
    const app = await shown(first);
    const verdict = parse(app.verdict, "#verdict");
    check(verdict.version === 1, `#verdict has version ${verdict.version}, want 1`);
    check(
      app.outcome === verdict.outcome,
      `#outcome says ${JSON.stringify(app.outcome)} but the verdict's outcome is ${JSON.stringify(verdict.outcome)}`,
    );
    if (expected !== null) same(verdict, expected, "the app's verdict and the native CLI's for crates/app/src/presets/app-to-api.json");
    check(page.lesson.trim().length > 0, "the starter's lesson is not shown");
    check(page.diagram, "the flow section has no sequence diagram <svg>");
    check(page.console, "the console panel (#console-chromium) is missing");
    // The address bar holds the default scenario, so that Back returns to it.
    check(page.hash.startsWith("#v=1&"), `the address bar's fragment is ${JSON.stringify(page.hash)}, not a link`);
    seen.default = app;
    return (
      `the default scenario rendered in ${renderedMs} ms with outcome "${app.outcome}"` +
      (expected !== null ? ", its verdict identical to the native CLI's" : "") +
      "; lesson, diagram and console shown"
    );
  }

  // 2. A simple request becomes preflighted when a custom header is typed in.
  async function addHeader() {
    const chosen = await first.evaluate(`(() => {
      const select = document.getElementById("preset");
      select.focus();
      select.value = "public-api-wildcard";
      select.dispatchEvent(new Event("change", { bubbles: true }));
      return select.value;
    })()`);
    check(chosen === "public-api-wildcard", "#preset has no option public-api-wildcard");
    await first.waitFor(`JSON.parse(document.getElementById("scenario-json")?.textContent ?? "{}").title === "A public API allows every origin with *"`, {
      what: "the preset public-api-wildcard to load",
    });
    const app = await shown(first);
    check(app.outcome === "readable", `the preset's outcome is ${JSON.stringify(app.outcome)}, want "readable"`);
    const before = await first.evaluate(DIAGRAM_LABELS);
    check(!hasPreflightRow(before), `the simple GET's diagram shows a preflight:\n${before}`);
    await checkAgainstCli(first);

    await first.click("#request-headers-add");
    await first.waitFor(`document.getElementById("request-headers-0-name")`, { what: "a new header row" });
    await first.type("#request-headers-0-name", "X-Trace");
    await first.type("#request-headers-0-value", "1");
    await first.waitFor(outcomeIs("network-error"), { what: '#outcome to become "network-error"' });
    await first.settled();

    const after = await first.evaluate(`({
      diagram: ${DIAGRAM_LABELS},
      console: document.getElementById("console-chromium")?.textContent ?? "",
      warning: document.getElementById("request-headers-0-problems")?.textContent ?? "",
      row: [document.getElementById("request-headers-0-name")?.value, document.getElementById("request-headers-0-value")?.value],
      fix: document.getElementById("apply-fix") !== null,
    })`);
    same(after.row, ["X-Trace", "1"], "the header row's fields and what was typed");
    check(hasPreflightRow(after.diagram), `the diagram shows no OPTIONS preflight:\n${after.diagram}`);
    check(
      after.console.includes("has been blocked by CORS policy") && /preflight/i.test(after.console),
      `the Chromium console line does not say a preflight was blocked: ${JSON.stringify(after.console)}`,
    );
    check(
      after.warning.includes("needs a preflight"),
      `the warning under X-Trace does not say it needs a preflight: ${JSON.stringify(after.warning)}`,
    );
    check(after.fix, "the fix panel offers no #apply-fix button");
    await checkAgainstCli(first);
    seen.broken = await shown(first);
    return "X-Trace: 1 made the preflight appear in the diagram, the outcome network-error, the Chromium line name the preflight and the field warn; verdict identical to the CLI's";
  }

  // 3. The suggested server change makes the request work.
  async function applyFix() {
    await first.click("#apply-fix");
    await first.waitFor(outcomeIs("readable"), { what: '#outcome to become "readable"' });
    await first.settled();
    const after = await first.evaluate(`({
      fix: document.getElementById("fix-none")?.textContent ?? "",
      chromium: document.getElementById("console-chromium")?.textContent ?? "",
      firefox: document.getElementById("console-firefox")?.textContent ?? "",
      diagram: ${DIAGRAM_LABELS},
    })`);
    check(after.fix.startsWith("Nothing to fix"), `the fix panel does not say there is nothing to fix: ${JSON.stringify(after.fix)}`);
    for (const name of ["chromium", "firefox"]) {
      check(
        after[name].includes("No CORS error") && !/blocked|CORS request did not succeed/i.test(after[name]),
        `the ${name} console still shows a CORS error: ${JSON.stringify(after[name])}`,
      );
    }
    // The header still needs a preflight; now it succeeds.
    check(hasPreflightRow(after.diagram), `the fixed scenario's diagram shows no preflight:\n${after.diagram}`);
    await checkAgainstCli(first);
    seen.fixed = await shown(first);
    return "after Apply this fix the outcome is readable, nothing is left to fix and neither console shows a CORS error; verdict identical to the CLI's";
  }

  // 4. The copied link opens the same scenario in a new tab.
  async function permalink() {
    await browser.send("Browser.grantPermissions", {
      origin,
      permissions: ["clipboardReadWrite", "clipboardSanitizedWrite"],
    });
    await first.click("#copy-link");
    await first.waitFor(`document.getElementById("copy-link")?.textContent === "Copied"`, {
      what: "the Copy link button to say Copied",
    });
    const field = await first.evaluate(`document.getElementById("permalink")?.value ?? null`);
    // writeText settles after the click: poll the clipboard until it has the link.
    let clipboard = null;
    await until(
      async () => (clipboard = await first.evaluate("navigator.clipboard.readText()", { awaitPromise: true })) === field,
      { timeout: 5000 },
    );
    check(clipboard === field, `the clipboard holds ${JSON.stringify(clipboard)}, not #permalink's ${JSON.stringify(field)}`);
    check(clipboard.startsWith(`${home}#v=1&`), `the link ${JSON.stringify(clipboard)} is not ${home}#v=1&…`);
    const address = await first.evaluate("location.href");
    check(address === clipboard, `the address bar holds ${JSON.stringify(address)}, not the copied link ${JSON.stringify(clipboard)}`);

    const second = await openPage(browser);
    current = second;
    await second.navigate(clipboard);
    await second.waitFor(RENDERED, { what: "the linked scenario to render" });
    await second.settled();
    const opened = await shown(second);
    const notice = await second.text("#notice");
    check(notice === null, `the link opened with a notice: ${notice}`);
    check(opened.scenario === seen.fixed.scenario, `the new tab's #scenario-json differs:\n--- opened\n${opened.scenario}\n--- copied from\n${seen.fixed.scenario}`);
    check(opened.verdict === seen.fixed.verdict, `the new tab's #verdict differs:\n--- opened\n${opened.verdict}\n--- copied from\n${seen.fixed.verdict}`);
    await second.close();
    current = first;
    return `the copied link (${clipboard.length} characters) opened the same scenario and verdict in a new tab`;
  }

  // 5. Each edit is a history entry.
  async function backAndForward() {
    await first.evaluate("history.back()");
    await first.waitFor(outcomeIs("network-error"), { what: 'Back to show the outcome "network-error" again' });
    await first.settled();
    let app = await shown(first);
    check(app.scenario === seen.broken.scenario, `Back shows another scenario than the one before the fix:\n${app.scenario}`);
    await first.evaluate("history.forward()");
    await first.waitFor(outcomeIs("readable"), { what: 'Forward to show the outcome "readable" again' });
    await first.settled();
    app = await shown(first);
    check(app.scenario === seen.fixed.scenario, `Forward shows another scenario than the fixed one:\n${app.scenario}`);
    return "Back returned to the scenario before the fix (network-error), Forward to the fixed one (readable)";
  }

  // 6. A broken link says so and shows the default scenario.
  async function brokenLinks() {
    const links = [
      // Cut short: no `end`.
      "#v=1&p=https%3A%2F%2Fa.example%2F&u=",
      // Made by a newer corsim.
      "#v=99",
    ];
    for (const link of links) {
      const page = await openPage(browser);
      current = page;
      await page.navigate(home + link);
      await page.waitFor(`document.getElementById("notice")`, { what: `a notice for the link ${link}` });
      const notice = await page.text("#notice");
      check(notice.includes("This link could not be opened"), `the notice for ${link} says ${JSON.stringify(notice)}`);
      await page.waitFor(RENDERED, { what: "the default scenario to render" });
      await page.settled();
      const app = await shown(page);
      check(app.scenario === seen.default.scenario, `the link ${link} did not fall back to the default scenario:\n${app.scenario}`);
      check(app.verdict === seen.default.verdict, `the link ${link} shows another verdict than the default scenario's`);
      check(page.problems.length === 0, `opening ${link} reported:\n  ${page.problems.join("\n  ")}`);
      await page.close();
    }
    current = first;
    return `${links.map((l) => JSON.stringify(l)).join(" and ")} each showed "This link could not be opened" and the default scenario`;
  }

  /** A new tab on the contract's example (the preset "default"), with every panel drawn. */
  async function openDefault() {
    const page = await openPage(browser);
    current = page;
    await page.navigate(`${home}#${CONTRACT_EXAMPLE}`);
    await page.waitFor(RENDERED, { what: "the contract's example to render" });
    await page.settled();
    return page;
  }

  // In the page: types `value` into the field `id` as one input event, then
  // lets the microtasks run, Yew's render among them, with no task between,
  // so no frame either.
  const TYPE_WITHOUT_A_FRAME = `async (id, value) => {
    const input = document.getElementById(id);
    input.value = value;
    input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText" }));
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }`;

  // 7. A keystroke's verdict is drawn in its own render, before any frame;
  // the panels below it follow after the next paint, and the address bar
  // once the browser is idle after it (crates/web/src/store.rs, `Settled`;
  // crates/web/src/browser.rs, `set_fragment_when_idle`).
  async function verdictFirst() {
    const page = await openDefault();
    const seen = await page.evaluate(`(async () => {
      const type = ${TYPE_WITHOUT_A_FRAME};
      const now = () => ({
        outcome: document.getElementById("outcome")?.textContent ?? null,
        fix: document.getElementById("fix-changes")?.textContent ?? document.getElementById("fix-none")?.textContent ?? null,
        address: location.hash,
      });
      const before = now();
      await type("method", "PUT");
      const rendered = now();
      await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
      await new Promise((done) => setTimeout(done));
      // The app's idle callback was asked for first, so it runs first.
      await new Promise((done) => requestIdleCallback(() => done()));
      return { before, rendered, painted: now() };
    })()`, { awaitPromise: true });
    const { before, rendered, painted } = seen;
    check(before.outcome === "readable" && rendered.outcome === "network-error",
      `the verdict did not change within the keystroke's render: ${JSON.stringify(seen)}`);
    check(rendered.fix === before.fix && rendered.address === before.address,
      `the fix panel or the address bar changed before the frame: ${JSON.stringify(seen)}`);
    check(painted.fix !== before.fix && /PUT/.test(painted.fix ?? "") && painted.address.includes("m=PUT&"),
      `after the frame, the fix panel or the address bar still lags: ${JSON.stringify(seen)}`);
    await page.close();
    current = first;
    return "typing PUT changed the verdict before any frame; the fix panel followed after the paint, the address bar once idle";
  }

  // 8. Two fields edited within one frame are two history entries, each
  // with the scenario as it was after its own edit, although the address bar
  // is written once, when the browser is idle after the paint.
  async function twoFieldsOneFrame() {
    const page = await openDefault();
    const seen = await page.evaluate(`(async () => {
      const type = ${TYPE_WITHOUT_A_FRAME};
      const entries = history.length;
      await type("method", "PUT");
      await type("request-url", "https://api.example.com/users/8");
      await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
      await new Promise((done) => requestIdleCallback(() => done()));
      const last = location.hash;
      const added = history.length - entries;
      history.back();
      await new Promise((done) => setTimeout(done, 300));
      return { added, last, previous: location.hash };
    })()`, { awaitPromise: true });
    check(seen.added === 2, `two edits in two fields added ${seen.added} history entries: ${JSON.stringify(seen)}`);
    check(seen.last.includes("m=PUT&") && seen.last.includes("users/8&"), `the last entry is not both edits: ${JSON.stringify(seen)}`);
    check(seen.previous.includes("m=PUT&") && seen.previous.includes("users/7&"),
      `the entry before it is not the method edit alone: ${JSON.stringify(seen)}`);
    await page.close();
    current = first;
    return "two fields edited within one frame made two history entries, each with its own scenario";
  }

  // 9. An answer pinned to the old URL says so when the request moves, and
  // its button points it at the request's URL again.
  async function repoint() {
    const page = await openDefault();
    await page.evaluate(`(async () => (${TYPE_WITHOUT_A_FRAME})("request-url", "https://api.example.com/users/8"))()`, { awaitPromise: true });
    await page.waitFor(`document.querySelector("#server-0 p.hint")`, { what: "the preflight answer to say it is for /users/7" });
    const stale = await page.evaluate(`({
      text: document.querySelector("#server-0 p.hint").textContent,
      outcome: document.getElementById("outcome")?.textContent ?? null,
    })`);
    check(stale.outcome === "network-error", `with /users/8 the outcome is ${JSON.stringify(stale.outcome)}`);
    check(stale.text.includes("This answer is for /users/7; the request now goes to /users/8."),
      `the preflight answer says ${JSON.stringify(stale.text)}`);
    await page.click("#server-0 .repoint");
    await page.waitFor(outcomeIs("readable"), { what: '#outcome to become "readable" after the re-point' });
    await page.settled();
    const after = await page.evaluate(`({
      stale: document.querySelector("#server-0 p.hint") !== null,
      url: document.getElementById("server-0-url")?.value ?? null,
    })`);
    check(!after.stale && after.url === "", `after the re-point: ${JSON.stringify(after)}`);
    await checkAgainstCli(page);
    await page.close();
    current = first;
    return "with the request moved to /users/8 the preflight answer said it is for /users/7; its button made the outcome readable again";
  }

  // 10. Where the browsers disagree, the headline names all three and every
  // browser's console is on screen, Safari's two lines as two. The scenario
  // is tests/golden/ok-user-agent-dropped-by-chromium.json: Chromium drops
  // User-Agent and reads the response, Firefox and Safari preflight it and
  // are blocked.
  async function browsersDiffer() {
    const page = await openPage(browser);
    current = page;
    await page.navigate(`${home}#v=1&p=https://app.example.com/&u=https://api.example.com/data&h=User-Agent:corsim/1&s=200&h=~ao:*&end`);
    await page.waitFor(RENDERED, { what: "the User-Agent scenario to render" });
    await page.settled();
    const app = await page.evaluate(`({
      outcome: document.getElementById("outcome")?.textContent ?? null,
      headline: document.querySelector(".headline")?.innerText ?? "",
      safari: Array.from(document.querySelectorAll("#console-safari .console-line"), (p) => p.textContent),
      chromium: document.getElementById("console-panel-chromium")?.innerText ?? "",
      script: document.getElementById("script-view")?.innerText ?? "",
      fix: document.getElementById("fix-browsers")?.textContent ?? "",
    })`);
    check(app.outcome === "readable", `#outcome (Chromium's) is ${JSON.stringify(app.outcome)}, want "readable"`);
    for (const name of ["Chromium", "Firefox", "Safari"]) {
      check(app.headline.includes(name), `the headline does not name ${name}: ${JSON.stringify(app.headline)}`);
    }
    check(
      app.safari.length === 2 && app.safari[1].includes("Fetch API cannot load https://api.example.com/data"),
      `Safari's console does not show its two lines: ${JSON.stringify(app.safari)}`,
    );
    check(/Differs: readable here/.test(app.chromium), `Chromium's console is not marked as the one that differs: ${JSON.stringify(app.chromium)}`);
    check(app.script.includes("TypeError: Load failed"), `"What JavaScript sees" lacks Safari's error: ${JSON.stringify(app.script)}`);
    check(app.fix.includes("Firefox and Safari still block it"), `the fix panel does not say which browsers still block it: ${JSON.stringify(app.fix)}`);
    await page.close();
    current = first;
    return "a scenario where the browsers differ named Chromium, Firefox and Safari in the headline, showed Safari's two console lines and marked Chromium's console as the one that differs, and the fix panel said Firefox and Safari still block it";
  }

  // 11. "Debug my error": the importers' worker is not loaded until the
  // panel is opened; a real Chromium line (a golden verdict's) loads the
  // scenario that prints that very line, what it guessed marked in the
  // editors; Safari's one origin line offers its causes to choose from; a
  // HAR of two cross-origin requests loads as the page's timeline; a line
  // that is no CORS error says what it is.
  async function debugMyError() {
    const golden = "error-preflight-missing-allow-origin";
    const line = JSON.parse(readFileSync(join(ROOT, "tests", "golden", `${golden}.verdict.json`), "utf8")).console.chromium;
    check(typeof line === "string" && line.includes("blocked by CORS policy"), `${golden} has no Chromium console line`);
    const page = await openDefault();
    const workerFiles = `performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.includes("import-worker"))`;
    const before = await page.evaluate(workerFiles);
    check(before.length === 0, `the worker was loaded before the panel was opened: ${JSON.stringify(before)}`);
    await page.click("#debug summary");
    const paste = async (text) => {
      await page.evaluate(`document.getElementById("import-text").value = ${JSON.stringify(text)}`);
      await page.click("#import-go");
    };
    const consoleIs = (text) => `document.querySelector("#console-chromium .text")?.textContent === ${JSON.stringify(text)}`;

    await paste(line);
    await page.waitFor(consoleIs(line), { what: `the Chromium console line of ${golden}` });
    await page.settled();
    const loaded = await page.evaluate(`({
      outcome: document.getElementById("outcome")?.textContent ?? null,
      details: document.getElementById("import-details")?.innerText ?? "",
      choices: document.getElementById("import-choice") !== null,
      workers: ${workerFiles},
    })`);
    check(loaded.outcome === "network-error", `the imported scenario's outcome is ${JSON.stringify(loaded.outcome)}`);
    const verdict = parse((await shown(page)).verdict, "#verdict");
    check(verdict.console.chromium === line, `the verdict's Chromium line is ${JSON.stringify(verdict.console.chromium)}`);
    check(loaded.details.includes("read as Chromium's console"), `the notes do not say how the line was read: ${JSON.stringify(loaded)}`);
    // The line does not say the method: the editor marks it as a guess, the
    // reason for screen readers, until the method is typed.
    const guessedMethod = await page.evaluate(`document.querySelector(".field:has(#method) + .guessed")?.textContent ?? ""`);
    check(/guessed: .*preflight/.test(guessedMethod), `the method is not marked as guessed: ${JSON.stringify(guessedMethod)}`);
    await page.evaluate(`(() => {
      const method = document.getElementById("method");
      method.value = "PUT";
      method.dispatchEvent(new Event("input", { bubbles: true }));
    })()`);
    await page.waitFor(`!document.querySelector(".field:has(#method) + .guessed")`, { what: "the method's mark to go once typed" });
    // The page's timeline has the worker's script; the worker's own fetches
    // (its glue, its module) are in the worker's, and its answer shows they ran.
    check(loaded.workers.some((n) => /\/corsim-import-worker-loader-[0-9a-f]{16}\.js$/.test(n)), `the worker was never started: ${JSON.stringify(loaded.workers)}`);
    await checkAgainstCli(page);

    const safari = "[Error] Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200\n[Error] Fetch API cannot load https://api.example.com/data due to access control checks.";
    await paste(safari);
    await page.waitFor(`document.querySelectorAll("#import-choice option").length > 1`, { what: "Safari's line to offer several causes" });
    const causes = await page.evaluate(`Array.from(document.querySelectorAll("#import-choice option"), (o) => o.textContent)`);
    const firstScenario = (await shown(page)).scenario;
    await page.evaluate(`(() => {
      const choice = document.getElementById("import-choice");
      choice.selectedIndex = 1;
      choice.dispatchEvent(new Event("change", { bubbles: true }));
    })()`);
    await page.waitFor(`document.getElementById("scenario-json")?.textContent !== ${JSON.stringify(firstScenario)}`, { what: "the second cause to load" });
    await page.settled();
    const second = parse((await shown(page)).scenario, "#scenario-json");
    const allow = second.server.at(-1).headers.find(([name]) => name.toLowerCase() === "access-control-allow-origin");
    check(allow && allow[1] === "https://api.example.com", `the second cause's Access-Control-Allow-Origin is ${JSON.stringify(allow)}: ${JSON.stringify(causes)}`);
    await checkAgainstCli(page);

    const entry = (url, allow, started) => ({
      startedDateTime: started,
      request: { method: "GET", url, headers: [{ name: "Origin", value: "https://app.example.com" }] },
      response: { status: 200, headers: allow ? [{ name: "Access-Control-Allow-Origin", value: "*" }] : [] },
    });
    const har = JSON.stringify({ log: { entries: [
      entry("https://api.example.com/config", true, "2026-12-06T10:00:00.000Z"),
      entry("https://api.example.com/users", false, "2026-12-06T10:00:01.500Z"),
    ] } });
    await paste(har);
    await page.waitFor(`document.querySelectorAll("#timeline-requests li").length === 2 && document.getElementById("timeline-results")`, { what: "the HAR's two requests in the timeline editor and its results" });
    await page.settled();
    const timeline = await page.evaluate(`({
      first: document.querySelector("#import-choice option")?.textContent ?? "",
      options: document.querySelectorAll("#import-choice option").length,
      url: document.getElementById("request-url")?.value ?? "",
      results: document.querySelectorAll("#timeline-results .timeline-request").length,
    })`);
    check(timeline.first === "the page's 2 requests, in order" && timeline.options === 3, `the HAR's choices are not the page's requests then each one: ${JSON.stringify(timeline)}`);
    check(timeline.url === "https://api.example.com/users", `the editors do not edit the HAR's failing request: ${JSON.stringify(timeline)}`);
    const harScenario = parse((await shown(page)).scenario, "#scenario-json");
    check(harScenario.version === 2 && harScenario.requests.length === 2 && harScenario.requests[1].at === 1.5, `the HAR's timeline is ${JSON.stringify(harScenario)}`);
    check(timeline.results === 2, `the timeline's results show ${timeline.results} requests`);

    const network = "GET https://api.example.com/data net::ERR_NAME_NOT_RESOLVED";
    await paste(network);
    await page.waitFor(`document.getElementById("import-error")`, { what: "the message for a line that is no CORS error" });
    const said = await page.evaluate(`document.getElementById("import-error").textContent`);
    check(said.startsWith("not a CORS error") && said.includes("network failure"), `for ${network} the panel says ${JSON.stringify(said)}`);
    const still = parse((await shown(page)).scenario, "#scenario-json");
    same(still, harScenario, "the scenario after a text that is no CORS error and the one before");

    // More than an importer reads (16 MiB): refused with its message, and
    // the page's thread stays free meanwhile: the worker does the reading.
    // (The text area's own layout of 16 MiB takes the browser seconds; it
    // is done before the press, as it would be after a paste.)
    const big = await page.evaluate(`(async () => {
      document.getElementById("import-text").value = "x".repeat(16 * 1024 * 1024 + 1);
      for (let i = 0; i < 2; i++) await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
      document.getElementById("import-go").click();
      let longest = 0;
      let last = performance.now();
      for (;;) {
        await new Promise((done) => setTimeout(done, 10));
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        const said = document.getElementById("import-error")?.textContent ?? "";
        if (said.includes("too much")) return { said, longest };
      }
    })()`, { awaitPromise: true });
    check(big.said.includes("too much to import"), `for 16 MiB and a byte the panel says ${JSON.stringify(big.said)}`);
    check(big.longest < 500, `the page's thread was held ${big.longest} ms while the worker read 16 MiB`);
    await page.close();
    current = first;
    return `${golden}'s Chromium line loaded a scenario printing it (the worker started only once the panel opened), its guessed method marked until typed; Safari's line offered ${causes.length} causes; a HAR of two cross-origin requests loaded as the page's timeline (${timeline.results} requests' results); a DNS failure said "${said.slice(0, 60)}…"; 16 MiB and a byte was refused, the page's thread never held over ${Math.ceil(big.longest)} ms`;
  }

  // 12. "Reproduce it"'s server configuration: written by the worker, so
  // "Loading…" until it answers; then exactly the native CLI's `corsim
  // config` for the preset on screen, for Express and, once picked, nginx.
  async function serverConfig() {
    const preset = join(ROOT, "crates", "app", "src", "presets", "default.json");
    const cli = (framework) => {
      const [cmd, args] = corsimCommand();
      const run = spawnSync(cmd, [...args, "config", "--framework", framework, preset], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
      check(run.status === 0 && run.stdout, `the native CLI (${cmd}) wrote no ${framework} configuration (exit ${run.status ?? run.signal}):\n${run.stderr}`);
      return run.stdout;
    };
    const page = await openDefault();
    const configShown = `document.getElementById("server-config")?.textContent ?? null`;
    check((await page.evaluate(configShown)) === null, "a configuration was shown before its part was opened");
    await page.click("#reproduce > summary");
    await page.waitFor(`document.getElementById("fetch-call")`, { what: "the curl commands and the fetch() call from the worker" });
    await page.click("#config-part summary");
    await page.waitFor(`document.getElementById("server-config")`, { what: "the Express configuration" });
    const express = await page.evaluate(configShown);
    check(express === cli("express"), `the app's Express configuration differs from the CLI's:\n${express}`);
    await page.evaluate(`(() => {
      const select = document.getElementById("framework");
      select.value = "nginx";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    })()`);
    const nginx = cli("nginx");
    await page.waitFor(`document.getElementById("server-config")?.textContent === ${JSON.stringify(nginx)}`, { what: "the nginx configuration, as the CLI writes it" });
    check(await page.evaluate(`document.getElementById("copy-config")?.textContent === "Copy"`), "the configuration has no Copy button");
    await page.close();
    current = first;
    return `the default preset's curl commands, then its server configuration, came from the worker once their parts opened: Express (${express.split("\n").length} lines) and nginx as \`corsim config\` writes them`;
  }

  for (const [i, run] of steps.entries()) {
    step = i + 1;
    const message = await run();
    const problems = pages.flatMap((p) => p.problems);
    check(problems.length === 0, `the page reported errors:\n  ${problems.join("\n  ")}`);
    console.log(`e2e: ok: ${step}. ${message}`);
  }
  step = 0;
  await browser.close();
  console.log(`e2e: ok: all ${steps.length} steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

runTest(main, { timeoutMs: TIMEOUT_MS, fail });
